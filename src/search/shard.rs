//! One shard of the index build: a rayon worker tokenizes a run of docs
//! and encodes their postings and positions, term after term.
//!
//! The work is laid out to stay in the CPU's caches, since memory traffic,
//! not arithmetic, is what tokenizing a big archive waits for:
//! - a doc's tokens (a few thousand) are grouped by term with a counting
//!   sort over buffers of a few kilobytes, and each term's positions are
//!   Rice-coded into room reserved once per doc;
//! - each (term, doc) posting is recorded in doc order, a small record and
//!   its position bytes appended sequentially, while the term's sizes in
//!   the shard are counted in the same per-term state the grouping used;
//! - at the end of the shard, one pass over the records copies each into
//!   its term's place.
//!
//! Sorting the whole shard's tokens at once instead means scattered
//! writes over tens of megabytes, which made grouping cost more than
//! tokenizing.

use std::sync::Arc;

use super::build::FIELD_WEIGHTS;
use super::cache::{Stems, WordCache};
use super::codec::{BitWriter, rice_k};
use super::segment::for_each_word_keyed;
use super::{BodyText, DocText};

/// Words looked up together (see [`collect`]).
const BATCH: usize = 32;

/// Bits of a packed posting that hold its weighted term frequency; the
/// rest hold its doc's number in the shard (see [`MAX_SHARD_DOCS`]).
const TF_BITS: u32 = 23;
const TF_MAX: u32 = (1 << TF_BITS) - 1;

/// Docs in a shard at most: a shard-local doc number fits the bits of a
/// packed posting that [`TF_BITS`] leaves.
pub(crate) const MAX_SHARD_DOCS: usize = 1 << (32 - TF_BITS);

/// Bytes of slack after each term's positions in [`ShardPostings::pos`]:
/// position bytes are moved 8 at a time, and a move that runs past a
/// posting's end lands in the term's later postings or in this slack.
const SLACK: usize = 8;

/// The postings of one shard, term after term: local term `t` owns
/// `post[post_end[t-1]..post_end[t]]`, and likewise in `pos` (from
/// `SLACK` bytes past the previous term's end).
pub(crate) struct ShardPostings {
    /// The collection-wide number of the shard's first doc.
    pub base: u32,
    /// Per posting, its shard-local doc and its weighted tf, packed (see
    /// [`ShardPostings::unpack`]): fixed width, so that the writer reads
    /// them without decoding.
    pub post: Vec<u32>,
    /// Per posting, byte-aligned: gamma count, then Rice-coded gaps.
    pub pos: Vec<u8>,
    post_end: Vec<u32>,
    pos_end: Vec<usize>,
}

impl ShardPostings {
    /// The packed postings and the position bytes of local term `t`.
    pub(crate) fn term(&self, t: u32) -> (&[u32], &[u8]) {
        let t = t as usize;
        let (post_start, pos_start) = match t.checked_sub(1) {
            None => (0, 0),
            Some(prev) => (
                self.post_end.get(prev).map_or(0, |&e| e as usize),
                self.pos_end.get(prev).map_or(0, |&e| e + SLACK),
            ),
        };
        let post_end = self.post_end.get(t).map_or(post_start, |&e| e as usize);
        let pos_end = self.pos_end.get(t).copied().unwrap_or(pos_start);
        (
            self.post.get(post_start..post_end).unwrap_or_default(),
            self.pos.get(pos_start..pos_end).unwrap_or_default(),
        )
    }

    /// A packed posting's collection-wide doc number and weighted tf.
    #[inline]
    pub(crate) fn unpack(&self, posting: u32) -> (u32, u32) {
        (
            self.base.saturating_add(posting >> TF_BITS),
            posting & TF_MAX,
        )
    }
}

/// Output of one shard, with doc numbers local to the shard.
pub(crate) struct Shard {
    /// The cache that numbered `ids` (see [`WordCache::identity`]).
    pub cache: (u32, u32),
    /// Names of the cache's terms numbered since its previous shard, in
    /// id order: the merger learns each name once per cache.
    pub names: Vec<Arc<str>>,
    /// The shard's terms in order of first use, as ids in that cache.
    pub ids: Vec<u32>,
    pub df: Vec<u32>,
    pub postings: ShardPostings,
    /// Words first seen by the cache in this shard, with their term ids.
    pub surfaces: Vec<(Box<str>, u32)>,
    pub doc_len: Vec<u32>,
}

/// One posting of the shard, in doc order: its term (cache id), its
/// packed doc and weighted tf, and where its position bytes end in
/// `Worker::pos` (they start where the previous posting's end).
#[derive(Clone, Copy)]
struct Posting {
    term: u32,
    packed: u32,
    pos_end: u32,
}

/// A term's figures in the shard being built.
#[derive(Default, Clone, Copy)]
struct TermState {
    /// Its postings in the shard, then its next posting's slot.
    df: u32,
    /// Size of its position bytes in the shard, then its next write
    /// offset.
    pos: u32,
}

/// What a rayon worker keeps from shard to shard: its word cache and its
/// scratch buffers (reused, so that each shard does not fault in fresh
/// pages for them).
pub(crate) struct Worker {
    cache: WordCache,
    /// Cache terms whose names were sent with an earlier shard.
    named: usize,
    /// Per cache term id: its slot among the doc's terms plus one (zero
    /// between docs). Four bytes a term, so that the lookup per token
    /// mostly stays in cache.
    local: Vec<u32>,
    /// Per cache term id, its figures in the shard (zero between shards).
    states: Vec<TermState>,
    /// The doc's tokens as cache term ids, then as slots.
    tokens: Vec<u32>,
    /// Per slot: the doc's terms in order of first use, their token
    /// counts (then next places in `grouped`), weighted tfs, and where
    /// their positions end in `grouped`.
    doc_terms: Vec<u32>,
    next: Vec<u32>,
    tfw: Vec<u32>,
    ends: Vec<u32>,
    grouped: Vec<u32>,
    /// The shard's postings in doc order, and their position bytes
    /// (`pos[..pos_len]`).
    postings: Vec<Posting>,
    pos: Vec<u8>,
    pos_len: usize,
    /// The shard's terms in order of first use.
    shard_terms: Vec<u32>,
}

impl Worker {
    /// The worker numbered `worker` (no other worker has that number),
    /// sharing `stems` with the others.
    pub(crate) fn new(worker: u32, stems: Arc<Stems>) -> Self {
        Worker::with_cache(WordCache::new(worker, stems))
    }

    /// A worker starting from `cache` (see [`WordCache::fork`]).
    pub(crate) fn with_cache(cache: WordCache) -> Self {
        Worker {
            cache,
            named: 0,
            local: Vec::new(),
            states: Vec::new(),
            tokens: Vec::new(),
            doc_terms: Vec::new(),
            next: Vec::new(),
            tfw: Vec::new(),
            ends: Vec::new(),
            grouped: Vec::new(),
            postings: Vec::new(),
            shard_terms: Vec::new(),
            pos: Vec::new(),
            pos_len: 0,
        }
    }

    /// The worker's word cache.
    pub(crate) fn cache(&self) -> &WordCache {
        &self.cache
    }

    /// Tokenizes and encodes `docs`, the shard whose first doc is `base`
    /// (at most [`MAX_SHARD_DOCS`] of them).
    pub(crate) fn run(
        &mut self,
        docs: &[DocText<'_>],
        body: &BodyText<'_>,
        base: u32,
        pos_bits: u32,
    ) -> Shard {
        if self.cache.trim() {
            // A new cache numbers its terms afresh.
            self.named = 0;
            self.local = Vec::new();
            self.states = Vec::new();
        }
        self.postings.clear();
        self.shard_terms.clear();
        self.pos_len = 0;
        let mut surfaces = Vec::new();
        let mut doc_lens = Vec::with_capacity(docs.len());
        for (local, doc) in docs.iter().take(MAX_SHARD_DOCS).enumerate() {
            let lang = self.cache.lang(doc.language);
            let text = body(base as usize + local);
            let fields = [doc.title, doc.summary, &*text, doc.id];
            self.tokens.clear();
            // The tokens at the end of each field (see `add_doc` for the
            // positions).
            let mut token_end = [0u32; 4];
            let mut doc_len = 0u32;
            let mut start = 0u32;
            for (f, text) in fields.into_iter().enumerate() {
                collect(&mut self.cache, lang, text, &mut self.tokens, &mut surfaces);
                let end = u32::try_from(self.tokens.len()).unwrap_or(u32::MAX);
                let weight = FIELD_WEIGHTS.get(f).copied().unwrap_or(1);
                doc_len = doc_len.saturating_add((end - start).saturating_mul(weight));
                start = end;
                if let Some(t) = token_end.get_mut(f) {
                    *t = end;
                }
            }
            doc_lens.push(doc_len);
            self.add_doc(local as u32, &token_end, pos_bits);
        }
        self.finish(base, surfaces, doc_lens)
    }

    /// Groups the doc's tokens by term and appends each term's posting.
    fn add_doc(&mut self, doc: u32, token_end: &[u32; 4], pos_bits: u32) {
        let terms = self.cache.terms();
        if self.local.len() < terms {
            self.local.resize(terms, 0);
            self.states.resize(terms, TermState::default());
        }
        let n = self.tokens.len();
        // Each token's term gets a slot among the doc's terms, in order
        // of first use, without a branch per token (whether a token is a
        // term's first is unpredictable); from here on the doc's work is
        // on small arrays indexed by slot.
        self.doc_terms.resize(n, 0);
        self.next.clear();
        self.next.resize(n + 1, 0);
        let mut slots = 0u32;
        for t in self.tokens.iter_mut() {
            let mut slot = u32::MAX;
            if let Some(local) = self.local.get_mut(*t as usize)
                && let Some(entry) = self.doc_terms.get_mut(slots as usize)
            {
                *entry = *t;
                let new = *local == 0;
                *local = if new { slots + 1 } else { *local };
                slots += u32::from(new);
                slot = *local - 1;
                if let Some(count) = self.next.get_mut(slot as usize) {
                    *count += 1;
                }
            }
            *t = slot;
        }
        let slots = slots as usize;
        self.doc_terms.truncate(slots);
        // Counts become each slot's next place, runs in first-use order.
        self.ends.clear();
        let mut at = 0u32;
        for count in self.next.iter_mut().take(slots) {
            let n = *count;
            *count = at;
            at += n;
            self.ends.push(at);
        }
        self.tfw.clear();
        self.tfw.resize(slots, 0);
        self.grouped.clear();
        self.grouped.resize(n, 0);
        // A token's position is its index plus one gap per field before
        // it, so that a phrase never matches across two fields; its
        // field's weight adds to its term's weighted tf.
        let mut field = 0u32;
        let mut weight = FIELD_WEIGHTS[0];
        let mut next_field = token_end[0];
        for (i, &slot) in (0u32..).zip(&self.tokens) {
            while i >= next_field && field < 3 {
                field += 1;
                next_field = token_end.get(field as usize).copied().unwrap_or(u32::MAX);
                weight = FIELD_WEIGHTS.get(field as usize).copied().unwrap_or(1);
            }
            if let Some(next) = self.next.get_mut(slot as usize)
                && let Some(pos) = self.grouped.get_mut(*next as usize)
                && let Some(tfw) = self.tfw.get_mut(slot as usize)
            {
                *pos = i.saturating_add(field);
                *next += 1;
                *tfw += weight;
            }
        }

        // Room for every code of the doc: at most 8 bytes per position and
        // 9 per posting (its count and padding), and 8 for the last store.
        // (The buffer only grows: it is not cleared for every doc, since
        // the codes overwrite whatever an earlier doc left there.)
        let mut written = self.pos_len;
        let room = written + 8 * n + 9 * slots + 8;
        if self.pos.len() < room {
            self.pos.resize(room, 0);
        }
        let mut start = 0;
        for ((&t, &end), &tfw) in self.doc_terms.iter().zip(&self.ends).zip(&self.tfw) {
            let group = self
                .grouped
                .get(start as usize..end as usize)
                .unwrap_or_default();
            start = end;
            if let Some(local) = self.local.get_mut(t as usize) {
                *local = 0;
            }
            let Some(state) = self.states.get_mut(t as usize) else {
                continue;
            };
            if state.df == 0 {
                self.shard_terms.push(t);
            }
            state.df += 1;
            let before = written;
            written = encode_positions(&mut self.pos, written, group, pos_bits);
            state.pos += (written - before) as u32;
            self.postings.push(Posting {
                term: t,
                packed: (doc << TF_BITS) | tfw.min(TF_MAX),
                pos_end: u32::try_from(written).unwrap_or(u32::MAX),
            });
        }
        self.pos_len = written;
    }

    /// Lays the shard's postings out term by term, terms in order of first
    /// use, each term's postings in doc order.
    fn finish(&mut self, base: u32, surfaces: Vec<(Box<str>, u32)>, doc_len: Vec<u32>) -> Shard {
        // Each term's offsets, from the sizes counted while adding docs ...
        let states = &mut self.states;
        let order = std::mem::take(&mut self.shard_terms);
        let mut out = ShardPostings {
            base,
            post: Vec::new(),
            pos: Vec::new(),
            post_end: Vec::with_capacity(order.len()),
            pos_end: Vec::with_capacity(order.len()),
        };
        let mut df = Vec::with_capacity(order.len());
        let (mut post_at, mut pos_at) = (0u32, 0usize);
        for &t in &order {
            let Some(s) = states.get_mut(t as usize) else {
                continue;
            };
            df.push(s.df);
            (s.df, post_at) = (post_at, post_at + s.df);
            let size = s.pos as usize;
            s.pos = pos_at as u32;
            out.post_end.push(post_at);
            out.pos_end.push(pos_at + size);
            pos_at += size + SLACK;
        }
        // ... then the postings, in one pass in doc order. Position bytes
        // move 8 at a time: stores only, with no read of what they land
        // on (which would wait for memory, the places being scattered).
        out.post.resize(post_at as usize, 0);
        out.pos.resize(pos_at, 0);
        if self.pos.len() < self.pos_len + 8 {
            self.pos.resize(self.pos_len + 8, 0);
        }
        let mut start = 0u32;
        for p in &self.postings {
            let (from, len) = (start as usize, (p.pos_end - start) as usize);
            start = p.pos_end;
            let Some(s) = states.get_mut(p.term as usize) else {
                continue;
            };
            if let Some(slot) = out.post.get_mut(s.df as usize) {
                *slot = p.packed;
            }
            s.df += 1;
            let at = s.pos as usize;
            for k in (0..len).step_by(8) {
                if let (Some(dst), Some(src)) = (
                    out.pos.get_mut(at + k..at + k + 8),
                    self.pos.get(from + k..from + k + 8),
                ) {
                    dst.copy_from_slice(src);
                }
            }
            s.pos += len as u32;
        }
        for &t in &order {
            if let Some(s) = states.get_mut(t as usize) {
                *s = TermState::default();
            }
        }

        let names = (self.named..self.cache.terms())
            .filter_map(|id| self.cache.term(id as u32).cloned())
            .collect();
        self.named = self.cache.terms();
        Shard {
            cache: self.cache.identity(),
            names,
            ids: order,
            df,
            postings: out,
            surfaces,
            doc_len,
        }
    }
}

/// Appends the cache term id of every word of `text` to `tokens`.
///
/// Words are looked up a batch at a time: the table probes of a batch come
/// first, in a loop whose iterations do not depend on each other, so that
/// their cache misses overlap instead of being waited for one after the
/// other.
fn collect(
    cache: &mut WordCache,
    lang: usize,
    text: &str,
    tokens: &mut Vec<u32>,
    surfaces: &mut Vec<(Box<str>, u32)>,
) {
    let mut batch = [("", None); BATCH];
    let mut batched = 0;
    let mut flush = |batch: &[(&str, Option<u128>)]| {
        let mut found = [None; BATCH];
        cache.find_keyed(lang, batch, &mut found);
        for (&(word, key), hit) in batch.iter().zip(found) {
            if let Some(id) = hit.or_else(|| cache.term_id(lang, word, key, surfaces)) {
                tokens.push(id);
            }
        }
    };
    for_each_word_keyed(text, |word, key| {
        if let Some(slot) = batch.get_mut(batched) {
            *slot = (word, key);
            batched += 1;
        }
        if batched == BATCH {
            flush(&batch);
            batched = 0;
        }
    });
    flush(batch.get(..batched).unwrap_or_default());
}

/// Writes one posting's positions (gamma count, then Rice-coded gaps,
/// byte-aligned so that postings concatenate as they are) into `out` from
/// `at`; returns where the next posting goes.
fn encode_positions(out: &mut [u8], at: usize, group: &[u32], pos_bits: u32) -> usize {
    let count = group.len() as u64;
    let k = rice_k(pos_bits, count);
    let mut bits = BitWriter::new(out, at);
    bits.gamma(count);
    let mut next = 0u32;
    for &p in group {
        bits.rice(u64::from(p.saturating_sub(next)), k);
        next = p.saturating_add(1);
    }
    bits.finish()
}

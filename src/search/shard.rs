//! One shard of the index build: a rayon worker tokenizes a run of docs
//! and encodes their postings and positions, term after term.
//!
//! The work is laid out to stay in the CPU's caches, since memory traffic,
//! not arithmetic, is what tokenizing a big archive waits for:
//! - a doc's tokens (a few thousand) are grouped by term in one pass that
//!   chains each term's tokens through buffers of a few kilobytes, and
//!   each term's positions are Rice-coded into room reserved once per doc;
//! - the per-term state every token visits is 8 bytes (the shard's
//!   figures live apart, visited once per posting), and the states and
//!   table slots of the next tokens are prefetched, since the rare words
//!   of a big vocabulary miss the caches;
//! - each (term, doc) posting is recorded in doc order, a small record and
//!   its position bytes appended sequentially, while the term's sizes in
//!   the shard are counted;
//! - at the end of the shard, one pass over the records copies each into
//!   its term's place.
//!
//! Sorting the whole shard's tokens at once instead means scattered
//! writes over tens of megabytes, which made grouping cost more than
//! tokenizing.

use std::sync::Arc;

use super::build::{FIELD_WEIGHTS, FIELDS};
use super::cache::{Stems, WordCache};
use super::codec::{BitWriter, rice_k, varint_len};
use super::collect::collect;
use super::prefetch::prefetch;
use super::{BodyText, DocText};

/// The fields whose lines are blocks (see [`collect`]), in the order
/// `Worker::run` reads them: title, summary, body, id, names.
const BODY: usize = 2;
const NAMES: usize = 4;

/// How many tokens ahead a term's state is asked for (see `prefetch`).
const AHEAD: usize = 16;

/// The posting bytes of one shard, term after term: local term `t` owns
/// `post[post_end[t-1]..post_end[t]]` and likewise in `pos`.
pub(crate) struct ShardPostings {
    /// The collection-wide number of the shard's first doc.
    pub base: u32,
    /// (local doc delta, weighted tf) varint pairs; a term's first delta
    /// is its first local doc.
    pub post: Vec<u8>,
    /// Per posting, byte-aligned: gamma count, then Rice-coded gaps.
    pub pos: Vec<u8>,
    post_end: Vec<usize>,
    pos_end: Vec<usize>,
}

impl ShardPostings {
    /// The postings bytes of local term `t`.
    pub(crate) fn postings(&self, t: u32) -> &[u8] {
        term_bytes(&self.post, &self.post_end, t)
    }

    /// The positions bytes of local term `t`.
    pub(crate) fn positions(&self, t: u32) -> &[u8] {
        term_bytes(&self.pos, &self.pos_end, t)
    }
}

/// Local term `t`'s part of `bytes`, which `ends` cuts term by term.
fn term_bytes<'a>(bytes: &'a [u8], ends: &[usize], t: u32) -> &'a [u8] {
    let t = t as usize;
    let start = if t == 0 {
        0
    } else {
        ends.get(t - 1).copied().unwrap_or(bytes.len())
    };
    let end = ends.get(t).copied().unwrap_or(start);
    bytes.get(start..end).unwrap_or_default()
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

/// One posting of the shard, in doc order: its term (cache id), doc
/// delta, weighted term frequency, and where its position bytes end in
/// `Worker::pos` (they start where the previous posting's end).
#[derive(Clone, Copy)]
struct Posting {
    term: u32,
    delta: u32,
    tfw: u32,
    pos_end: u32,
}

/// A term's figures in the doc being added: the one state every token
/// visits, kept to 8 bytes so that a big vocabulary's stays in cache.
#[derive(Default, Clone, Copy)]
struct DocState {
    /// 1 + the index of the term's latest token in the doc (0: none yet).
    latest: u32,
    /// Weighted tf in the doc.
    tfw: u32,
}

/// A term's figures in the shard, visited once per (term, doc).
#[derive(Default, Clone, Copy)]
struct ShardState {
    /// Postings in the shard, and the last doc of one.
    df: u32,
    last: u32,
    /// Sizes of its bytes in the shard, then its next write offsets.
    post: u32,
    pos: u32,
}

/// What a rayon worker keeps from shard to shard: its word cache and its
/// scratch buffers (reused, so that each shard does not fault in fresh
/// pages for them).
pub(crate) struct Worker {
    cache: WordCache,
    /// Cache terms whose names were sent with an earlier shard.
    named: usize,
    /// Per cache term id: zero between docs, and between shards.
    doc_states: Vec<DocState>,
    shard_states: Vec<ShardState>,
    /// The doc's tokens as cache term ids.
    tokens: Vec<u32>,
    /// Per token: its position, and 1 + the index of its term's token
    /// before it in the doc (0: none), which chains each term's tokens.
    positions: Vec<u32>,
    earlier: Vec<u32>,
    /// The doc's terms in order of first use.
    doc_terms: Vec<u32>,
    /// One term's positions, last first.
    group: Vec<u32>,
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
            doc_states: Vec::new(),
            shard_states: Vec::new(),
            tokens: Vec::new(),
            positions: Vec::new(),
            earlier: Vec::new(),
            doc_terms: Vec::new(),
            group: Vec::new(),
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

    /// Tokenizes and encodes `docs`, the shard whose first doc is `base`.
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
            self.doc_states = Vec::new();
            self.shard_states = Vec::new();
        }
        self.postings.clear();
        self.shard_terms.clear();
        self.pos_len = 0;
        let mut surfaces = Vec::new();
        let mut doc_lens = Vec::with_capacity(docs.len());
        for (local, doc) in docs.iter().enumerate() {
            let lang = self.cache.lang(doc.language);
            let text = body(base as usize + local);
            let fields: [&str; FIELDS] = [doc.title, doc.summary, &*text, doc.id, doc.names];
            self.tokens.clear();
            // The tokens at the end of each field (see `add_doc` for the
            // positions).
            let mut token_end = [0u32; FIELDS];
            let mut doc_len = 0u32;
            let mut start = 0u32;
            for (f, text) in fields.into_iter().enumerate() {
                // The body's lines are its blocks, and each name is a
                // line; a title's or summary's line breaks are only how
                // the front matter was written.
                let lines = f == BODY || f == NAMES;
                let breaks = collect(
                    &mut self.cache,
                    lang,
                    (text, lines),
                    &mut self.tokens,
                    &mut surfaces,
                );
                let end = u32::try_from(self.tokens.len()).unwrap_or(u32::MAX);
                let weight = FIELD_WEIGHTS.get(f).copied().unwrap_or(1);
                let words = (end - start).saturating_sub(breaks);
                doc_len = doc_len.saturating_add(words.saturating_mul(weight));
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
    ///
    /// One pass over the tokens chains each term's tokens (each token
    /// notes the one before it) and counts its weighted tf, visiting the
    /// term's small `DocState` once; each term then walks its chain.
    fn add_doc(&mut self, doc: u32, token_end: &[u32; FIELDS], pos_bits: u32) {
        let terms = self.cache.terms();
        if self.doc_states.len() < terms {
            self.doc_states.resize(terms, DocState::default());
            self.shard_states.resize(terms, ShardState::default());
        }
        let states = &mut self.doc_states;
        let n = self.tokens.len();
        self.doc_terms.resize(n, 0);
        self.positions.resize(n, 0);
        self.earlier.resize(n, 0);
        // A token's position is its index plus one gap per field before
        // it, so that a phrase never matches across two fields; its
        // field's weight adds to its term's weighted tf. The doc's terms
        // are listed in order of first use without a branch per token
        // (whether a token is a term's first is unpredictable).
        let mut terms = 0;
        let mut field = 0u32;
        let mut weight = FIELD_WEIGHTS[0];
        let mut next_field = token_end[0];
        for (i, &t) in (0u32..).zip(&self.tokens) {
            while i >= next_field && (field as usize) < FIELDS - 1 {
                field += 1;
                next_field = token_end.get(field as usize).copied().unwrap_or(u32::MAX);
                weight = FIELD_WEIGHTS.get(field as usize).copied().unwrap_or(1);
            }
            let ahead = self.tokens.get(i as usize + AHEAD);
            prefetch(ahead.and_then(|&t| states.get(t as usize)));
            if let (Some(slot), Some(entry), Some(position), Some(earlier)) = (
                states.get_mut(t as usize),
                self.doc_terms.get_mut(terms),
                self.positions.get_mut(i as usize),
                self.earlier.get_mut(i as usize),
            ) {
                *entry = t;
                terms += usize::from(slot.latest == 0);
                *position = i.saturating_add(field);
                *earlier = slot.latest;
                slot.latest = i + 1;
                slot.tfw += weight;
            }
        }
        self.doc_terms.truncate(terms);

        // Room for every code of the doc: at most 8 bytes per position and
        // 9 per posting (its count and padding), and 8 for the last store.
        // (The buffer only grows: it is not cleared for every doc, since
        // the codes overwrite whatever an earlier doc left there.)
        let mut written = self.pos_len;
        let room = written + 8 * n + 9 * self.doc_terms.len() + 8;
        if self.pos.len() < room {
            self.pos.resize(room, 0);
        }
        for (j, &t) in self.doc_terms.iter().enumerate() {
            let ahead = self.doc_terms.get(j + AHEAD / 2);
            prefetch(ahead.and_then(|&t| self.shard_states.get(t as usize)));
            let (Some(slot), Some(shard)) = (
                states.get_mut(t as usize),
                self.shard_states.get_mut(t as usize),
            ) else {
                continue;
            };
            let (mut link, tfw) = (slot.latest, slot.tfw);
            *slot = DocState::default();
            self.group.clear();
            while let Some(i) = link.checked_sub(1) {
                let (Some(&position), Some(&earlier)) =
                    (self.positions.get(i as usize), self.earlier.get(i as usize))
                else {
                    break;
                };
                self.group.push(position);
                link = earlier;
            }
            let delta = if shard.df == 0 {
                self.shard_terms.push(t);
                doc
            } else {
                doc - shard.last
            };
            shard.df += 1;
            shard.last = doc;
            let before = written;
            written = encode_positions(&mut self.pos, written, &self.group, pos_bits);
            shard.post += (varint_len(u64::from(delta)) + varint_len(u64::from(tfw))) as u32;
            shard.pos += (written - before) as u32;
            self.postings.push(Posting {
                term: t,
                delta,
                tfw,
                pos_end: u32::try_from(written).unwrap_or(u32::MAX),
            });
        }
        self.pos_len = written;
    }

    /// Lays the shard's postings out term by term, terms in order of first
    /// use, each term's postings in doc order.
    fn finish(&mut self, base: u32, surfaces: Vec<(Box<str>, u32)>, doc_len: Vec<u32>) -> Shard {
        // Each term's offsets, from the sizes counted while adding docs ...
        let states = &mut self.shard_states;
        let order = std::mem::take(&mut self.shard_terms);
        let mut out = ShardPostings {
            base,
            post: Vec::new(),
            pos: Vec::new(),
            post_end: Vec::with_capacity(order.len()),
            pos_end: Vec::with_capacity(order.len()),
        };
        let mut df = Vec::with_capacity(order.len());
        let (mut post_at, mut pos_at) = (0u32, 0u32);
        for &t in &order {
            let Some(s) = states.get_mut(t as usize) else {
                continue;
            };
            df.push(s.df);
            (s.post, post_at) = (post_at, post_at + s.post);
            (s.pos, pos_at) = (pos_at, pos_at + s.pos);
            out.post_end.push(post_at as usize);
            out.pos_end.push(pos_at as usize);
            (s.df, s.last) = (0, 0);
        }
        // ... then the bytes, in one pass over the postings in doc order.
        // Both position buffers get 8 bytes of slack, so that most
        // postings' bytes (a few) move as one 8-byte word.
        out.post.resize(post_at as usize, 0);
        out.pos.resize(pos_at as usize + 8, 0);
        if self.pos.len() < self.pos_len + 8 {
            self.pos.resize(self.pos_len + 8, 0);
        }
        let mut start = 0u32;
        for (i, p) in self.postings.iter().enumerate() {
            let ahead = self.postings.get(i + AHEAD);
            prefetch(ahead.and_then(|p| states.get(p.term as usize)));
            let (from, len) = (start as usize, (p.pos_end - start) as usize);
            start = p.pos_end;
            let Some(s) = states.get_mut(p.term as usize) else {
                continue;
            };
            let at = s.post as usize;
            s.post += write_varint(&mut out.post, at, u64::from(p.delta));
            let at = s.post as usize;
            s.post += write_varint(&mut out.post, at, u64::from(p.tfw));
            let at = s.pos as usize;
            if len < 8 {
                // Merged into the word already there: the bytes past this
                // posting's may be another term's, written before.
                let keep = u64::MAX << (8 * len);
                if let (Some(dst), Some(src)) =
                    (out.pos.get_mut(at..at + 8), self.pos.get(from..from + 8))
                {
                    let (d, s) = (le_word(dst), le_word(src));
                    dst.copy_from_slice(&((d & keep) | (s & !keep)).to_le_bytes());
                }
            } else if let (Some(dst), Some(src)) = (
                out.pos.get_mut(at..at + len),
                self.pos.get(from..from + len),
            ) {
                dst.copy_from_slice(src);
            }
            s.pos += len as u32;
        }
        out.pos.truncate(pos_at as usize);
        for &t in &order {
            if let Some(s) = states.get_mut(t as usize) {
                (s.post, s.pos) = (0, 0);
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

/// The little-endian word of the first 8 bytes of `bytes` (0 if fewer).
fn le_word(bytes: &[u8]) -> u64 {
    bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// Writes `v` as a varint into `out` at `at` (where room was made for
/// it); returns its length.
fn write_varint(out: &mut [u8], at: usize, mut v: u64) -> u32 {
    let mut n = 0;
    while let Some(byte) = out.get_mut(at + n) {
        n += 1;
        if v < 0x80 {
            *byte = v as u8;
            break;
        }
        *byte = (v as u8) | 0x80;
        v >>= 7;
    }
    n as u32
}

/// Writes one posting's positions (gamma count, then Rice-coded gaps,
/// byte-aligned so that postings concatenate as they are) into `out` from
/// `at`; returns where the next posting goes. `group` is the positions
/// last first, as a term's chain gives them.
fn encode_positions(out: &mut [u8], at: usize, group: &[u32], pos_bits: u32) -> usize {
    let count = group.len() as u64;
    let k = rice_k(pos_bits, count);
    let mut bits = BitWriter::new(out, at);
    bits.gamma(count);
    let mut next = 0u32;
    for &p in group.iter().rev() {
        bits.rice(u64::from(p.saturating_sub(next)), k);
        next = p.saturating_add(1);
    }
    bits.finish()
}

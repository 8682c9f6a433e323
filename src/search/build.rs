//! The in-memory inverted index: parallel tokenization of doc shards and the
//! merge of their postings into compact per-term byte buffers.
//!
//! Memory and time are the constraints (100k docs x 3,000 words; the index
//! must cost little next to rendering the pages). So:
//! - docs are tokenized in shards of up to `MAX_SHARD_DOCS`: one loop per
//!   rayon thread takes the next shard until none is left, and a merger
//!   thread folds shards in order as they arrive;
//! - a worker's tokens carry its word cache's term ids; one counting sort
//!   per shard groups them by term (recovering first-use order, so the
//!   global term ids never depend on which worker ran which shard) and
//!   each term's postings (doc delta + weighted tf) and positions are
//!   encoded into two byte buffers shared by the shard;
//! - merging keeps those buffers and only maps term ids (through a
//!   per-cache table, so a term's name is hashed once per worker), so no
//!   posting byte is copied before it is written out;
//! - each worker stems a distinct word once, and finds a short word
//!   again with one probe of a packed-key table (see `table.rs`), a batch
//!   of words at a time so that cache misses overlap.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

pub(crate) use super::cache::FxMap;
use super::cache::WordCache;
use super::codec::{BitWriter, put_varint, rice_k};
use super::segment::for_each_word_keyed;
use super::{BodyText, SearchDoc};

/// Field weights for title, summary, body and the doc id, applied to term
/// frequencies and doc lengths (a BM25F-style weighted tf).
pub(crate) const FIELD_WEIGHTS: [u32; 4] = [3, 2, 1, 1];
const MIN_SHARD_DOCS: usize = 32;
/// Words looked up together (see `run_shard`).
const BATCH: usize = 32;
const MAX_SHARD_DOCS: usize = 512;

/// Where one term's postings live: in which shards, under which local ids.
#[derive(Default)]
pub(crate) struct TermAcc {
    /// (shard index, shard-local term id), in doc order.
    pub segments: Vec<(u32, u32)>,
    pub df: u32,
}

/// The whole inverted index before it is written out.
pub(crate) struct Built {
    pub term_ids: FxMap<Box<str>, u32>,
    pub acc: Vec<TermAcc>,
    /// Per worker cache, its term ids mapped to global ones (+ 1; 0 for
    /// not yet seen), see [`Built::merge`].
    by_cache: FxMap<(u32, u32), Vec<u32>>,
    /// Shard outputs, kept as they were built: a term's postings are the
    /// concatenation of its segments, so merging copies no bytes.
    pub shards: Vec<ShardPostings>,
    /// Surface form -> ids of the terms it was stemmed to (several when
    /// docs of different languages share a word).
    pub surfaces: FxMap<Box<str>, Vec<u32>>,
    /// Weighted length of each doc (sum of field weight x tokens).
    pub doc_len: Vec<u32>,
}

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
    /// The postings and positions bytes of local term `t`.
    pub(crate) fn term(&self, t: u32) -> (&[u8], &[u8]) {
        let t = t as usize;
        let range = |ends: &[usize], bytes: &'_ [u8]| -> (usize, usize) {
            let start = if t == 0 {
                0
            } else {
                ends.get(t - 1).copied().unwrap_or(bytes.len())
            };
            (start, ends.get(t).copied().unwrap_or(start))
        };
        let (a, b) = range(&self.post_end, &self.post);
        let (c, d) = range(&self.pos_end, &self.pos);
        (
            self.post.get(a..b).unwrap_or_default(),
            self.pos.get(c..d).unwrap_or_default(),
        )
    }
}

/// Output of one shard, with doc numbers local to the shard.
struct Shard {
    /// The cache that numbered `ids` (see [`WordCache::identity`]).
    cache: (u32, u32),
    /// The shard's terms in local order, and their ids in that cache.
    terms: Vec<Arc<str>>,
    ids: Vec<u32>,
    df: Vec<u32>,
    postings: ShardPostings,
    /// Words first seen by the cache in this shard, with their term ids.
    surfaces: Vec<(Box<str>, u32)>,
    doc_len: Vec<u32>,
}

/// log2 of the typical position-stream length, estimated from text size
/// (about 6 bytes per word) before tokenizing; it tunes the Rice codes.
pub(crate) fn pos_bits(docs: &[SearchDoc<'_>]) -> u32 {
    let bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.body_len)
        .sum();
    let words = (bytes / docs.len().max(1) / 6).max(1) as u64;
    // Capped so a Rice remainder always fits the client's 24-bit fast path.
    (63 - words.leading_zeros()).min(24)
}

pub(crate) fn build(docs: &[SearchDoc<'_>], body: &BodyText<'_>, pos_bits: u32) -> Built {
    let mut built = Built {
        term_ids: FxMap::default(),
        acc: Vec::new(),
        by_cache: FxMap::default(),
        shards: Vec::new(),
        surfaces: FxMap::default(),
        doc_len: Vec::with_capacity(docs.len()),
    };
    let threads = rayon::current_num_threads().max(1);
    // Shards small enough that the last ones finish close together, big
    // enough that per-shard costs stay small.
    let shard_docs = (docs.len() / (threads * 8)).clamp(MIN_SHARD_DOCS, MAX_SHARD_DOCS);
    let shards: Vec<&[SearchDoc<'_>]> = docs.chunks(shard_docs).collect();
    let next_shard = AtomicUsize::new(0);

    // One loop per rayon thread takes the next shard until none is left
    // (no barrier between batches), and a merger thread folds the shards
    // in order as they arrive. Shard outputs are kept whole until the
    // index is written anyway, so holding early arrivals costs nothing.
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Shard)>(threads);
        let merger = scope.spawn(move || {
            let mut early = BTreeMap::new();
            let mut next = 0;
            for (i, shard) in rx {
                early.insert(i, shard);
                while let Some(shard) = early.remove(&next) {
                    built.merge(shard);
                    next += 1;
                }
            }
            built
        });
        rayon::scope(|s| {
            for w in 0..threads {
                let tx = tx.clone();
                let (shards, next_shard) = (&shards, &next_shard);
                s.spawn(move |_| {
                    let mut worker = Worker {
                        cache: WordCache::new(w as u32),
                        ..Worker::default()
                    };
                    loop {
                        let i = next_shard.fetch_add(1, Ordering::Relaxed);
                        let Some(docs) = shards.get(i) else {
                            break;
                        };
                        let base = (i * shard_docs) as u32;
                        let shard = run_shard(&mut worker, docs, body, base, pos_bits);
                        if tx.send((i, shard)).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        drop(tx);
        // The merger only panics on a bug; re-raise it rather than
        // writing a silently incomplete index.
        merger
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

/// What a rayon worker keeps from shard to shard: its word cache and the
/// token buffers (reused, so that each shard does not fault in fresh
/// pages for them).
#[derive(Default)]
struct Worker {
    cache: WordCache,
    /// Every token of the shard, in order: its term id in `cache`, and its
    /// (local doc << 32 | position).
    tok_term: Vec<u32>,
    tok_at: Vec<u64>,
    /// `tok_at` grouped by term (see [`group_by_term`]).
    grouped: Vec<u64>,
}

fn run_shard(
    worker: &mut Worker,
    docs: &[SearchDoc<'_>],
    body: &BodyText<'_>,
    base: u32,
    pos_bits: u32,
) -> Shard {
    let Worker {
        cache,
        tok_term,
        tok_at,
        grouped,
    } = worker;
    cache.trim();
    tok_term.clear();
    tok_at.clear();
    let mut surfaces = Vec::new();
    let mut doc_lens = Vec::with_capacity(docs.len());
    let mut field_ends: Vec<[u32; 4]> = Vec::with_capacity(docs.len());

    for (local_doc, doc) in docs.iter().enumerate() {
        let lang = cache.lang(doc.language);
        let mut position = 0u32;
        let mut field_end = [0u32; 4];
        let text = body(base as usize + local_doc);
        let fields = [doc.title, doc.summary, text.as_str(), doc.id];
        let doc_key = (local_doc as u64) << 32;
        for (end, text) in field_end.iter_mut().zip(fields) {
            // Words are looked up a batch at a time: the table probes of a
            // batch come first, in a loop whose iterations do not depend
            // on each other, so that their cache misses overlap instead
            // of being waited for one after the other.
            let mut batch = [("", None); BATCH];
            let mut batched = 0;
            let mut flush = |batch: &[(&str, Option<u128>)]| {
                let mut found = [None; BATCH];
                cache.find_keyed(lang, batch, &mut found);
                for (&(word, key), hit) in batch.iter().zip(found) {
                    let Some(id) = hit.or_else(|| cache.term_id(lang, word, key, &mut surfaces))
                    else {
                        continue;
                    };
                    tok_term.push(id);
                    tok_at.push(doc_key | u64::from(position));
                    position = position.saturating_add(1);
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
            *end = position;
            // A gap so that a phrase can never match across two fields.
            position = position.saturating_add(1);
        }

        let mut doc_len = 0u32;
        let mut start = 0u32;
        for (end, weight) in field_end.iter().zip(FIELD_WEIGHTS) {
            doc_len = doc_len.saturating_add(end.saturating_sub(start).saturating_mul(weight));
            start = end.saturating_add(1);
        }
        doc_lens.push(doc_len);
        field_ends.push(field_end);
    }

    let (order, ends) = group_by_term(tok_term, tok_at, cache.terms(), grouped);
    // Local ids follow first use in the shard, which makes the global ids
    // assigned by the merge independent of the workers' caches.
    let terms: Vec<Arc<str>> = order
        .iter()
        .filter_map(|&id| cache.term(id).cloned())
        .collect();
    let (postings, df) = encode_shard(grouped, &ends, &field_ends, base, pos_bits);
    Shard {
        cache: cache.identity(),
        terms,
        ids: order,
        df,
        postings,
        surfaces,
        doc_len: doc_lens,
    }
}

/// A stable counting sort of the shard's tokens by term. Returns the
/// terms in order of first use, and where each one's run ends in `keys`,
/// which receives, term after term in that order, each term's (doc,
/// position) keys in ascending order.
fn group_by_term(
    tok_term: &[u32],
    tok_at: &[u64],
    terms: usize,
    keys: &mut Vec<u64>,
) -> (Vec<u32>, Vec<usize>) {
    let mut count = vec![0usize; terms];
    let mut order = Vec::new();
    for &t in tok_term {
        if let Some(c) = count.get_mut(t as usize) {
            if *c == 0 {
                order.push(t);
            }
            *c += 1;
        }
    }
    // Turn counts into each term's next free slot, runs laid out in order.
    let mut ends = Vec::with_capacity(order.len());
    let mut at = 0;
    for &t in &order {
        if let Some(c) = count.get_mut(t as usize) {
            let n = *c;
            *c = at;
            at += n;
            ends.push(at);
        }
    }
    keys.clear();
    keys.resize(tok_at.len(), 0);
    for (&t, &key) in tok_term.iter().zip(tok_at) {
        if let Some(next) = count.get_mut(t as usize)
            && let Some(slot) = keys.get_mut(*next)
        {
            *slot = key;
            *next += 1;
        }
    }
    (order, ends)
}

/// Encodes every term's postings and positions, term after term, into the
/// shard's two byte buffers; returns them and each term's doc frequency.
fn encode_shard(
    keys: &[u64],
    ends: &[usize],
    field_ends: &[[u32; 4]],
    base: u32,
    pos_bits: u32,
) -> (ShardPostings, Vec<u32>) {
    let mut out = ShardPostings {
        base,
        post: Vec::with_capacity(keys.len()),
        pos: Vec::with_capacity(keys.len() * 2),
        post_end: Vec::with_capacity(ends.len()),
        pos_end: Vec::with_capacity(ends.len()),
    };
    let mut dfs = Vec::with_capacity(ends.len());
    let mut start = 0;
    let all = keys;
    for &end in ends {
        let keys = all.get(start..end).unwrap_or_default();
        start = end;
        let mut df = 0u32;
        let mut last = 0u32;
        let mut i = 0;
        while let Some(&first) = keys.get(i) {
            let doc = (first >> 32) as u32;
            let mut j = i + 1;
            while keys.get(j).is_some_and(|&k| (k >> 32) as u32 == doc) {
                j += 1;
            }
            let group = keys.get(i..j).unwrap_or_default();
            i = j;
            let field_end = field_ends.get(doc as usize).copied().unwrap_or([0; 4]);
            let tfw = encode_positions(&mut out.pos, group, &field_end, pos_bits);
            put_varint(
                &mut out.post,
                u64::from(doc - if df == 0 { 0 } else { last }),
            );
            put_varint(&mut out.post, tfw);
            df += 1;
            last = doc;
        }
        out.post_end.push(out.post.len());
        out.pos_end.push(out.pos.len());
        dfs.push(df);
    }
    // Kept until the index is written: give back the reserve.
    out.post.shrink_to_fit();
    out.pos.shrink_to_fit();
    (out, dfs)
}

/// Appends one posting's positions (gamma count, then Rice-coded gaps,
/// byte-aligned so that shard buffers concatenate as they are); returns
/// the posting's weighted term frequency.
fn encode_positions(pos: &mut Vec<u8>, group: &[u64], field_end: &[u32; 4], pos_bits: u32) -> u64 {
    let count = group.len() as u64;
    let k = rice_k(pos_bits, count);
    let mut bits = BitWriter::new(pos);
    bits.gamma(count);
    let mut tfw = 0u64;
    let mut next = 0u32;
    // Positions ascend, so the field only ever moves forward.
    let mut field = 0;
    for &key in group {
        let p = key as u32;
        while field < 3 && field_end.get(field).is_some_and(|&e| p >= e) {
            field += 1;
        }
        tfw += u64::from(FIELD_WEIGHTS.get(field).copied().unwrap_or(1));
        bits.rice(u64::from(p.saturating_sub(next)), k);
        next = p.saturating_add(1);
    }
    bits.finish();
    tfw
}

impl Built {
    /// Folds a shard into the collection: only its term ids are mapped;
    /// its bytes are kept as they are (deltas and positions do not depend
    /// on the shard, and each list's first doc is re-based when written).
    fn merge(&mut self, shard: Shard) {
        let index = self.shards.len() as u32;
        // Cache term id -> global id + 1: a term is looked up by its name
        // once per cache, not once per shard.
        let map = self.by_cache.entry(shard.cache).or_default();
        let parts = shard.terms.iter().zip(&shard.ids).zip(&shard.df);
        for (local, ((term, &cache_id), &df)) in parts.enumerate() {
            let slot = cache_id as usize;
            if map.len() <= slot {
                map.resize(slot + 1, 0);
            }
            let known = map.get(slot).copied().unwrap_or(0);
            let id = if known > 0 {
                known - 1
            } else {
                let id = match self.term_ids.get(&**term) {
                    Some(&id) => id,
                    None => {
                        let id = self.acc.len() as u32;
                        self.term_ids.insert((**term).into(), id);
                        self.acc.push(TermAcc::default());
                        id
                    }
                };
                if let Some(m) = map.get_mut(slot) {
                    *m = id + 1;
                }
                id
            };
            if let Some(acc) = self.acc.get_mut(id as usize) {
                acc.segments.push((index, local as u32));
                acc.df += df;
            }
        }
        self.shards.push(shard.postings);
        for (surface, cache_id) in shard.surfaces {
            let Some(id) = map.get(cache_id as usize).and_then(|&m| m.checked_sub(1)) else {
                continue;
            };
            let ids = self.surfaces.entry(surface).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.doc_len.extend_from_slice(&shard.doc_len);
    }
}

//! The in-memory inverted index: parallel tokenization of doc shards and the
//! merge of their postings into compact per-term byte buffers.
//!
//! Memory is the constraint here (100k docs x 3,000 words). So:
//! - docs are tokenized in shards of [`SHARD_DOCS`] on the rayon pool, a
//!   bounded batch at a time, and each batch is merged before the next one
//!   starts; only one batch of shard-local data is ever alive;
//! - postings never exist as structs: each term owns two varint byte
//!   buffers (doc delta + weighted tf; positions) that grow by at most 25%;
//! - each shard stems a distinct word once (cache keyed by the lowered
//!   word), so the per-token cost is segmentation plus one hash lookup.

use std::sync::{Arc, Mutex, mpsc};

use rayon::prelude::*;

pub(crate) use super::cache::FxMap;
use super::cache::WordCache;
use super::codec::{BitWriter, append_lean, get_varint, put_varint, rice_k};
use super::tokenize::for_each_word;
use super::{BodyText, SearchDoc};

/// Field weights for title, summary, body and the doc id, applied to term
/// frequencies and doc lengths (a BM25F-style weighted tf).
pub(crate) const FIELD_WEIGHTS: [u32; 4] = [3, 2, 1, 1];
const MIN_SHARD_DOCS: usize = 32;
const MAX_SHARD_DOCS: usize = 1024;

/// Postings of one term across the whole collection.
#[derive(Default)]
pub(crate) struct TermAcc {
    /// (doc delta, weighted tf) varint pairs; the first delta is absolute.
    pub post: Vec<u8>,
    /// Per posting, byte-aligned: gamma count, then Rice-coded gaps.
    pub pos: Vec<u8>,
    pub df: u32,
    last_doc: u32,
}

/// The whole inverted index before it is written out.
pub(crate) struct Built {
    pub term_ids: FxMap<Box<str>, u32>,
    pub acc: Vec<TermAcc>,
    /// Surface form -> ids of the terms it was stemmed to (several when
    /// docs of different languages share a word).
    pub surfaces: FxMap<Box<str>, Vec<u32>>,
    /// Weighted length of each doc (sum of field weight x tokens).
    pub doc_len: Vec<u32>,
}

/// Output of one shard, with doc numbers local to the shard.
struct Shard {
    base: u32,
    terms: Vec<Arc<str>>,
    post: Vec<Vec<u8>>,
    pos: Vec<Vec<u8>>,
    df: Vec<u32>,
    last: Vec<u32>,
    surfaces: Vec<(Box<str>, Arc<str>)>,
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
        surfaces: FxMap::default(),
        doc_len: Vec::with_capacity(docs.len()),
    };
    let threads = rayon::current_num_threads().max(1);
    // Big shards make merging cheap; small archives still get a few
    // shards per thread.
    let shard_docs = (docs.len() / (threads * 4)).clamp(MIN_SHARD_DOCS, MAX_SHARD_DOCS);
    let shards: Vec<&[SearchDoc<'_>]> = docs.chunks(shard_docs).collect();
    let batch = threads * 2;
    let pool: Mutex<Vec<WordCache>> = Mutex::new(Vec::new());

    // Batch k is merged on a separate thread while batch k+1 is tokenized;
    // the channel's capacity of one keeps at most three batches alive.
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<Shard>>(1);
        let merger = scope.spawn(move || {
            for outs in rx {
                for shard in outs {
                    built.merge(shard);
                }
            }
            built
        });
        for (b, group) in shards.chunks(batch).enumerate() {
            let first = b * batch;
            let outs: Vec<Shard> = group
                .par_iter()
                .enumerate()
                .map(|(i, docs)| {
                    // Borrow a warm cache from the pool; a poisoned lock
                    // only costs a cold cache.
                    let mut cache = pool
                        .lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_default();
                    let shard = run_shard(
                        &mut cache,
                        docs,
                        body,
                        ((first + i) * shard_docs) as u32,
                        pos_bits,
                    );
                    if let Ok(mut p) = pool.lock() {
                        p.push(cache);
                    }
                    shard
                })
                .collect();
            if tx.send(outs).is_err() {
                break;
            }
        }
        drop(tx);
        // The merger only panics on a bug; re-raise it rather than
        // writing a silently incomplete index.
        merger
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

fn run_shard(
    cache: &mut WordCache,
    docs: &[SearchDoc<'_>],
    body: &BodyText<'_>,
    base: u32,
    pos_bits: u32,
) -> Shard {
    cache.trim();
    let mut shard = Shard {
        base,
        terms: Vec::new(),
        post: Vec::new(),
        pos: Vec::new(),
        df: Vec::new(),
        last: Vec::new(),
        surfaces: Vec::new(),
        doc_len: Vec::with_capacity(docs.len()),
    };
    // Cache term id -> shard-local term id + 1 (0: not yet in this shard).
    let mut local_of: Vec<u32> = Vec::new();
    // (local term << 32 | position) per token; sorting groups a doc's
    // tokens by term with positions ascending.
    let mut occ: Vec<u64> = Vec::new();

    for (local_doc, doc) in docs.iter().enumerate() {
        let lang = cache.lang(doc.language);
        occ.clear();
        let mut position = 0u32;
        let mut field_end = [0u32; 4];
        let text = body(base as usize + local_doc);
        let fields = [doc.title, doc.summary, text.as_str(), doc.id];
        for (end, text) in field_end.iter_mut().zip(fields) {
            for_each_word(text, |word| {
                let Some(id) = cache.term_of(lang, word, &mut shard.surfaces) else {
                    return;
                };
                let Some(local) = local_term(&mut shard, &mut local_of, cache, id) else {
                    return;
                };
                occ.push((u64::from(local) << 32) | u64::from(position));
                position = position.saturating_add(1);
            });
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
        shard.doc_len.push(doc_len);

        occ.sort_unstable();
        add_doc_postings(&mut shard, &occ, &field_end, local_doc as u32, pos_bits);
    }
    shard
}

/// The shard-local id of a cache term, allocating its buffers on first use.
fn local_term(
    shard: &mut Shard,
    local_of: &mut Vec<u32>,
    cache: &WordCache,
    id: u32,
) -> Option<u32> {
    let slot = id as usize;
    if local_of.len() <= slot {
        local_of.resize(slot + 1, 0);
    }
    let entry = local_of.get_mut(slot)?;
    if *entry == 0 {
        shard.terms.push(cache.term(id)?.clone());
        // Most terms get a few postings per shard: skip the smallest
        // growth steps.
        shard.post.push(Vec::with_capacity(16));
        shard.pos.push(Vec::with_capacity(32));
        shard.df.push(0);
        shard.last.push(0);
        *entry = shard.terms.len() as u32;
    }
    Some(*entry - 1)
}

/// Appends one doc's postings, given its sorted (term, position) tokens.
fn add_doc_postings(shard: &mut Shard, occ: &[u64], field_end: &[u32; 4], doc: u32, pos_bits: u32) {
    let mut i = 0;
    while let Some(&first) = occ.get(i) {
        let term = (first >> 32) as u32;
        let mut j = i;
        while occ.get(j).is_some_and(|&o| (o >> 32) as u32 == term) {
            j += 1;
        }
        let group = occ.get(i..j).unwrap_or_default();
        i = j;
        let t = term as usize;
        let (Some(post), Some(pos), Some(df), Some(last)) = (
            shard.post.get_mut(t),
            shard.pos.get_mut(t),
            shard.df.get_mut(t),
            shard.last.get_mut(t),
        ) else {
            continue;
        };
        let mut tfw = 0u64;
        // Positions: gamma count, then Rice-coded gaps, byte-aligned per
        // doc so shard buffers concatenate as they are.
        let count = group.len() as u64;
        let k = rice_k(pos_bits, count);
        let mut bits = BitWriter::new(pos);
        bits.gamma(count);
        let mut next = 0u32;
        for &o in group {
            let p = o as u32;
            let field = field_end.iter().position(|&e| p < e).unwrap_or(3);
            tfw += u64::from(FIELD_WEIGHTS.get(field).copied().unwrap_or(1));
            bits.rice(u64::from(p.saturating_sub(next)), k);
            next = p.saturating_add(1);
        }
        bits.finish();
        let delta = if *df == 0 {
            doc
        } else {
            doc.saturating_sub(*last)
        };
        put_varint(post, u64::from(delta));
        put_varint(post, tfw);
        *df += 1;
        *last = doc;
    }
}

impl Built {
    /// Folds a shard into the collection: term ids are remapped, the first
    /// doc delta of each posting list is re-based and the rest of the bytes
    /// are copied verbatim (deltas and positions are shard-independent).
    fn merge(&mut self, shard: Shard) {
        let parts = shard
            .terms
            .into_iter()
            .zip(shard.post)
            .zip(shard.pos)
            .zip(shard.df.iter().zip(&shard.last));
        for (((term, post), pos), (&df, &last)) in parts {
            let id = match self.term_ids.get(&*term) {
                Some(&id) => id,
                None => {
                    let id = self.acc.len() as u32;
                    self.term_ids.insert((*term).into(), id);
                    self.acc.push(TermAcc::default());
                    id
                }
            };
            let Some(acc) = self.acc.get_mut(id as usize) else {
                continue;
            };
            let mut at = 0;
            let local_first = get_varint(&post, &mut at).unwrap_or(0) as u32;
            let first = shard.base + local_first;
            let delta = if acc.df == 0 {
                first
            } else {
                first.saturating_sub(acc.last_doc)
            };
            let mut head = Vec::with_capacity(5);
            put_varint(&mut head, u64::from(delta));
            append_lean(&mut acc.post, &head);
            append_lean(&mut acc.post, post.get(at..).unwrap_or_default());
            append_lean(&mut acc.pos, &pos);
            acc.df += df;
            acc.last_doc = shard.base + last;
        }
        for (surface, term) in shard.surfaces {
            let Some(&id) = self.term_ids.get(&*term) else {
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

//! The in-memory inverted index: docs are tokenized and encoded in shards
//! in parallel (see `shard.rs`), and the shards' postings are merged into
//! one index.
//!
//! Memory and time are the constraints (100k docs x 3,000 words; the index
//! must cost little next to rendering the pages). So:
//! - docs are tokenized in shards of up to `MAX_SHARD_DOCS`: one loop per
//!   rayon thread takes the next shard until none is left, and a merger
//!   thread folds shards in order as they arrive;
//! - merging keeps each shard's posting bytes and only maps its term ids
//!   (through a per-cache table, so a term's name is hashed once per
//!   worker), so no posting byte is copied before it is written out;
//! - global term ids follow first use in doc order, whichever worker ran
//!   which shard, so the index is the same on any machine.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};

pub(crate) use super::cache::FxMap;
use super::cache::{Stems, WordCache};
pub(crate) use super::shard::ShardPostings;
use super::shard::{Shard, Worker};
use super::{BodyText, DocText};

/// Field weights for title, summary, body, the doc id and the names it is
/// about (authors and terms), applied to term frequencies and doc lengths
/// (a BM25F-style weighted tf).
pub(crate) const FIELD_WEIGHTS: [u32; FIELDS] = [5, 2, 1, 1, 2];
pub(crate) const FIELDS: usize = 5;
const MIN_SHARD_DOCS: usize = 32;
const MAX_SHARD_DOCS: usize = 512;

/// The whole inverted index before it is written out.
pub(crate) struct Built {
    pub term_ids: FxMap<Arc<str>, u32>,
    /// Per term: its doc frequency.
    pub df: Vec<u32>,
    /// Per shard: the global id of each of its local terms.
    shard_terms: Vec<Vec<u32>>,
    /// Each term's segments, (shard, local term) in shard order: term
    /// `t`'s are `segments[segment_start[t]..segment_start[t + 1]]`.
    /// Built once all shards are in (see [`Built::index_segments`]), so
    /// that merging touches only the small `df` array per shard term.
    segment_start: Vec<u32>,
    segments: Vec<(u32, u32)>,
    /// Per worker cache, its terms' names and global ids, see
    /// [`Built::merge`].
    by_cache: FxMap<(u32, u32), CacheTerms>,
    /// Shard outputs, kept as they were built: a term's postings are the
    /// concatenation of its segments, so merging copies no bytes.
    pub shards: Vec<ShardPostings>,
    /// Surface form -> ids of the terms it was stemmed to, ascending
    /// (several when docs of different languages share a word).
    pub surfaces: FxMap<Box<str>, Vec<u32>>,
    /// Weighted length of each doc (sum of field weight x tokens).
    pub doc_len: Vec<u32>,
}

/// One worker cache's terms as the merger knows them: names by cache id,
/// and the global id of each ([`UNSEEN`] until a shard uses it).
#[derive(Default)]
struct CacheTerms {
    names: Vec<Arc<str>>,
    global: Vec<u32>,
}

const UNSEEN: u32 = u32::MAX;

/// log2 of the typical position-stream length, estimated from text size
/// (about 6 bytes per word) before tokenizing; it tunes the Rice codes.
pub(crate) fn pos_bits(docs: &[DocText<'_>]) -> u32 {
    let bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.body_len)
        .sum();
    let words = (bytes / docs.len().max(1) / 6).max(1) as u64;
    // Capped so a Rice remainder always fits the client's 24-bit fast path.
    (63 - words.leading_zeros()).min(24)
}

/// Fails only if the merger's thread cannot be started (a limit on
/// threads).
pub(crate) fn build(
    docs: &[DocText<'_>],
    body: &BodyText<'_>,
    pos_bits: u32,
) -> std::io::Result<Built> {
    let mut built = Built {
        term_ids: FxMap::default(),
        df: Vec::new(),
        shard_terms: Vec::new(),
        segment_start: Vec::new(),
        segments: Vec::new(),
        by_cache: FxMap::default(),
        shards: Vec::new(),
        surfaces: FxMap::default(),
        doc_len: Vec::with_capacity(docs.len()),
    };
    let threads = rayon::current_num_threads().max(1);
    // Shards small enough that the last ones finish close together, big
    // enough that per-shard costs stay small.
    let shard_docs = (docs.len() / (threads * 8)).clamp(MIN_SHARD_DOCS, MAX_SHARD_DOCS);
    let shards: Vec<&[DocText<'_>]> = docs.chunks(shard_docs).collect();
    let next_shard = AtomicUsize::new(0);
    let stems = Arc::new(Stems::default());
    // A worker that starts while another has been at work alone (the
    // build gives the index one core while it resolves the archive on the
    // other) starts from a copy of that one's vocabulary: learning it costs
    // more than copying it.
    let started = AtomicUsize::new(0);
    let seed: Mutex<Option<WordCache>> = Mutex::new(None);

    // One loop per rayon thread takes the next shard until none is left
    // (no barrier between batches), and a merger thread folds the shards
    // in order as they arrive. Shard outputs are kept whole until the
    // index is written anyway, so holding early arrivals costs nothing.
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Shard)>(threads);
        let merger = std::thread::Builder::new().spawn_scoped(scope, move || {
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
        })?;
        rayon::scope(|s| {
            for w in 0..threads {
                let tx = tx.clone();
                let (shards, next_shard, started, seed) = (&shards, &next_shard, &started, &seed);
                let stems = Arc::clone(&stems);
                s.spawn(move |_| {
                    started.fetch_add(1, Ordering::Relaxed);
                    let copy = lock(seed).as_ref().map(|cache| cache.fork(w as u32));
                    let mut worker = match copy {
                        Some(cache) => Worker::with_cache(cache),
                        None => Worker::new(w as u32, stems),
                    };
                    let mut copied = 0;
                    loop {
                        let i = next_shard.fetch_add(1, Ordering::Relaxed);
                        let Some(docs) = shards.get(i) else {
                            break;
                        };
                        let base = (i * shard_docs) as u32;
                        let shard = worker.run(docs, body, base, pos_bits);
                        if tx.send((i, shard)).is_err() {
                            break;
                        }
                        // Copied again only once it knows a tenth more
                        // terms: a vocabulary soon stops growing much.
                        let terms = worker.cache().terms();
                        if started.load(Ordering::Relaxed) < threads && terms > copied + copied / 10
                        {
                            *lock(seed) = Some(worker.cache().clone());
                            copied = terms;
                        }
                    }
                });
            }
        });
        drop(tx);
        // The merger only panics on a bug; re-raise it rather than
        // writing a silently incomplete index.
        let mut built = merger
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        built.index_segments();
        Ok(built)
    })
}

/// `mutex`'s guard; a worker that panicked is re-raised by the scope.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Built {
    /// Folds a shard into the collection: only its term ids are mapped;
    /// its bytes are kept as they are (deltas and positions do not depend
    /// on the shard, and each list's first doc is re-based when written).
    fn merge(&mut self, shard: Shard) {
        // A term is looked up by its name once per cache, not per shard.
        let map = self.by_cache.entry(shard.cache).or_default();
        map.names.extend(shard.names);
        map.global.resize(map.names.len(), UNSEEN);
        let mut globals = Vec::with_capacity(shard.ids.len());
        for (&cache_id, &df) in shard.ids.iter().zip(&shard.df) {
            let slot = cache_id as usize;
            let known = map.global.get(slot).copied().unwrap_or(UNSEEN);
            let id = if known != UNSEEN {
                known
            } else {
                let Some(name) = map.names.get(slot) else {
                    continue;
                };
                let id = match self.term_ids.get(name) {
                    Some(&id) => id,
                    None => {
                        let id = self.df.len() as u32;
                        self.term_ids.insert(Arc::clone(name), id);
                        self.df.push(0);
                        id
                    }
                };
                if let Some(m) = map.global.get_mut(slot) {
                    *m = id;
                }
                id
            };
            if let Some(total) = self.df.get_mut(id as usize) {
                *total += df;
            }
            globals.push(id);
        }
        self.shard_terms.push(globals);
        self.shards.push(shard.postings);
        for (surface, cache_id) in shard.surfaces {
            let Some(&id) = map.global.get(cache_id as usize) else {
                continue;
            };
            if id == UNSEEN {
                continue;
            }
            // Kept ascending, the order the dictionary writes them in.
            let ids = self.surfaces.entry(surface).or_default();
            if let Err(at) = ids.binary_search(&id) {
                ids.insert(at, id);
            }
        }
        self.doc_len.extend_from_slice(&shard.doc_len);
    }

    /// How many distinct terms the index has; ids are below this.
    pub(crate) fn terms(&self) -> usize {
        self.df.len()
    }

    /// Term `t`'s (shard, local term) segments, in shard (so doc) order.
    pub(crate) fn segments(&self, t: u32) -> &[(u32, u32)] {
        let t = t as usize;
        match (self.segment_start.get(t), self.segment_start.get(t + 1)) {
            (Some(&a), Some(&b)) => self
                .segments
                .get(a as usize..b as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// Lays every term's segments out together (a counting sort of the
    /// shards' term lists by term).
    fn index_segments(&mut self) {
        let mut start = vec![0u32; self.df.len() + 1];
        for &id in self.shard_terms.iter().flatten() {
            if let Some(n) = start.get_mut(id as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut segments = vec![(0, 0); start.last().copied().unwrap_or(0) as usize];
        for (shard, ids) in (0u32..).zip(&self.shard_terms) {
            for (local, &id) in (0u32..).zip(ids) {
                if let Some(at) = next.get_mut(id as usize)
                    && let Some(slot) = segments.get_mut(*at as usize)
                {
                    *slot = (shard, local);
                    *at += 1;
                }
            }
        }
        self.segment_start = start;
        self.segments = segments;
        self.shard_terms = Vec::new();
    }
}

//! The word -> term cache that makes tokenizing cheap, and its hasher.
//!
//! Stemming is the expensive step, and an archive's vocabulary is tiny next
//! to its token count, so each rayon worker keeps a cache from the lowered
//! word to its term across all the shards it processes. A cache also
//! remembers which (surface, term) pairs it has already reported, so the
//! dictionary's surface map is fed once per worker rather than once per
//! token.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};

use rust_stemmers::Algorithm;

use super::table::WordTable;
use super::tokenize::{Analyzer, algorithm_for};

/// Entries after which a cache is dropped and rebuilt, bounding memory on
/// archives with millions of distinct tokens (numbers, names, typos).
const MAX_ENTRIES: usize = 1 << 21;

/// An FxHash-style multiplicative hasher with a murmur3 finalizer. Keys are
/// the site's own words, so flooding is no concern, and SipHash would be a
/// large share of the per-token cost.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxBuild;

pub(crate) struct Fx(u64);

impl BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = self
            .0
            .wrapping_add(word)
            .wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = chunk.try_into().map(u64::from_le_bytes).unwrap_or(0);
            self.add(word);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (dst, src) in word.iter_mut().zip(rest) {
                *dst = *src;
            }
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }
    fn finish(&self) -> u64 {
        // A multiply only mixes upwards; the finalizer spreads the high
        // bits into the low ones that pick the bucket.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Slots of the direct-mapped front cache (a power of two).
const FRONT_SLOTS: usize = 4096;

/// The cache of one language (one stemmer).
#[derive(Clone)]
struct LangCache {
    /// Words of up to 15 bytes by their packed key (see
    /// `segment::for_each_word_keyed`), looked up before anything else:
    /// they are most tokens of most archives.
    keyed: WordTable,
    algorithm: Option<Algorithm>,
    analyzer: Analyzer,
    /// A small direct-mapped cache of recent short words in front of the
    /// maps: the maps outgrow the CPU caches, and a token's lookup there
    /// is mostly waiting for memory, while the frequent words that make
    /// most tokens fit here. Empty slots hold `[0, 0]`, which no word's
    /// key is (every key carries its non-zero length).
    front: Box<[([u64; 2], u32)]>,
    /// Words are keyed inline by size class: a heap-allocated key costs a
    /// cache miss per token, and frequent words are short, so the 16-byte
    /// entries of `tiny` keep the hot vocabulary in cache.
    tiny: FxMap<u64, u32>,
    short: FxMap<[u64; 2], u32>,
    long: FxMap<Box<str>, u32>,
}

/// A word's key in one of the three maps.
#[derive(Clone, Copy)]
enum Key {
    Tiny(u64),
    Short([u64; 2]),
    Long,
}

fn key_of(word: &str) -> Key {
    let bytes = word.as_bytes();
    if bytes.len() < 8 {
        // Up to 7 bytes plus the length in the top byte: unambiguous.
        let mut key = [0u8; 8];
        for (dst, src) in key.iter_mut().zip(bytes) {
            *dst = *src;
        }
        key[7] = bytes.len() as u8;
        return Key::Tiny(u64::from_le_bytes(key));
    }
    if bytes.len() < 16 {
        // Up to 15 bytes plus the length in the last byte.
        let mut key = [0u8; 16];
        for (dst, src) in key.iter_mut().zip(bytes) {
            *dst = *src;
        }
        key[15] = bytes.len() as u8;
        let (lo, hi) = key.split_at(8);
        let word = |half: &[u8]| half.try_into().map(u64::from_le_bytes).unwrap_or(0);
        return Key::Short([word(lo), word(hi)]);
    }
    Key::Long
}

/// Stems shared by every worker's cache: a word's stem depends only on
/// its language and lowered form, and Snowball is the costliest step of
/// a new word, so each distinct word is stemmed once, not once per worker.
#[derive(Default)]
pub(crate) struct Stems(Mutex<StemMap>);

/// (stemming algorithm's number, lowered word) -> stem.
type StemMap = FxMap<(u8, Box<str>), Arc<str>>;

impl Stems {
    /// The stem of `lower` in `language` (an algorithm's number), made
    /// with `make` when no worker has made it yet.
    fn get(&self, language: u8, lower: Box<str>, make: impl FnOnce() -> String) -> Arc<str> {
        let key = (language, lower);
        let known = self.lock().get(&key).cloned();
        if let Some(term) = known {
            return term;
        }
        // Stemmed outside the lock; another worker may have raced us to
        // the same word, with the same result.
        let term: Arc<str> = make().into();
        let mut stems = self.lock();
        // Bounded like the workers' caches: an archive of millions of
        // distinct tokens only stems some of them twice.
        if stems.len() >= MAX_ENTRIES {
            stems.clear();
        }
        Arc::clone(stems.entry(key).or_insert(term))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StemMap> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One worker's cache; term ids here are private to the cache.
#[derive(Default, Clone)]
pub(crate) struct WordCache {
    worker: u32,
    resets: u32,
    stems: Arc<Stems>,
    langs: Vec<LangCache>,
    terms: Vec<Arc<str>>,
    term_ids: FxMap<Arc<str>, u32>,
    entries: usize,
}

impl WordCache {
    /// Forgets everything once the cache grows past its bound; returns
    /// whether it did, which renumbers the terms. Only called between
    /// shards, while no cache term id is held.
    pub(crate) fn trim(&mut self) -> bool {
        if self.entries <= MAX_ENTRIES {
            return false;
        }
        *self = WordCache {
            worker: self.worker,
            resets: self.resets + 1,
            stems: Arc::clone(&self.stems),
            ..WordCache::default()
        };
        true
    }

    /// A cache for worker `worker` (a number no other worker has),
    /// sharing `stems` with the other workers.
    pub(crate) fn new(worker: u32, stems: Arc<Stems>) -> Self {
        WordCache {
            worker,
            stems,
            ..WordCache::default()
        }
    }

    /// A copy of this cache for worker `worker`, which starts with all it
    /// knows rather than learning the archive's vocabulary again; from
    /// then on the two number their new terms independently.
    pub(crate) fn fork(&self, worker: u32) -> Self {
        WordCache {
            worker,
            resets: 0,
            ..self.clone()
        }
    }

    /// What tells this cache's term ids apart from every other cache's:
    /// its worker, and how often it was reset.
    pub(crate) fn identity(&self) -> (u32, u32) {
        (self.worker, self.resets)
    }

    /// The index of the language slot for a BCP 47 tag.
    pub(crate) fn lang(&mut self, language: &str) -> usize {
        let algorithm = algorithm_for(language);
        match self.langs.iter().position(|l| l.algorithm == algorithm) {
            Some(i) => i,
            None => {
                self.langs.push(LangCache {
                    keyed: WordTable::default(),
                    algorithm,
                    analyzer: Analyzer::new(language),
                    front: vec![([0, 0], 0); FRONT_SLOTS].into_boxed_slice(),
                    tiny: FxMap::default(),
                    short: FxMap::default(),
                    long: FxMap::default(),
                });
                self.langs.len() - 1
            }
        }
    }

    pub(crate) fn term_id(
        &mut self,
        lang: usize,
        word: &str,
        key: Option<u128>,
        surfaces: &mut Vec<(Box<str>, u32)>,
    ) -> Option<u32> {
        if let Some(key) = key
            && let Some(term) = self.langs.get(lang)?.keyed.find(key)
        {
            return Some(term);
        }
        let id = self.term_of(lang, word, surfaces)?;
        if let Some(key) = key {
            self.langs.get_mut(lang)?.keyed.insert(key, id);
        }
        Some(id)
    }

    pub(crate) fn term(&self, id: u32) -> Option<&Arc<str>> {
        self.terms.get(id as usize)
    }

    /// Starts loading the table slot of a keyed word (see `prefetch.rs`).
    #[inline]
    pub(crate) fn prefetch(&self, lang: usize, key: u128) {
        if let Some(cache) = self.langs.get(lang) {
            cache.keyed.prefetch(key);
        }
    }

    /// Looks up the keyed words of `words` in the table, into `found`.
    pub(crate) fn find_keyed(
        &self,
        lang: usize,
        words: &[(&str, Option<u128>)],
        found: &mut [Option<u32>],
    ) {
        let Some(cache) = self.langs.get(lang) else {
            return;
        };
        for (&(_, key), slot) in words.iter().zip(found) {
            *slot = key.and_then(|k| cache.keyed.find(k));
        }
    }

    /// How many terms the cache knows: ids are below this.
    pub(crate) fn terms(&self) -> usize {
        self.terms.len()
    }

    /// The cache term id of a raw word, or `None` when it is not indexable.
    /// A word seen for the first time adds its (surface, term) pair to
    /// `surfaces`.
    pub(crate) fn term_of(
        &mut self,
        lang: usize,
        word: &str,
        surfaces: &mut Vec<(Box<str>, u32)>,
    ) -> Option<u32> {
        let cache = self.langs.get_mut(lang)?;
        if !cache.analyzer.load(word) {
            return None;
        }
        let lower = cache.analyzer.lower();
        let key = key_of(lower);
        if let Some(id) = cache.lookup(key) {
            return Some(id);
        }

        let language = cache.algorithm.map_or(u8::MAX, |a| a as u8);
        let analyzer = &mut cache.analyzer;
        let lower = analyzer.lower().into();
        let term = self.stems.get(language, lower, || analyzer.term());
        let id = match self.term_ids.get(&*term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.term_ids.insert(Arc::clone(&term), id);
                self.terms.push(term);
                id
            }
        };
        let surface = cache.analyzer.surface();
        // (A language with no stemmer, Persian mostly, has words that
        // begin with an `ال` that is no article.)
        for other in super::tokenize::alternates(surface, cache.algorithm) {
            surfaces.push((other.into(), id));
        }
        surfaces.push((surface.into(), id));
        match key {
            Key::Tiny(k) => cache.tiny.insert(k, id),
            Key::Short(k) => cache.short.insert(k, id),
            Key::Long => cache.long.insert(cache.analyzer.lower().into(), id),
        };
        self.entries += 1;
        Some(id)
    }
}

impl LangCache {
    /// The cached term of a word's key: the front cache, then the maps
    /// (refreshing the front cache on a hit). Long words are looked up by
    /// the analyzer's lowered form.
    fn lookup(&mut self, key: Key) -> Option<u32> {
        let front = match key {
            Key::Tiny(k) => Some([k, 0]),
            Key::Short(k) => Some(k),
            Key::Long => None,
        };
        let slot = front.map(|k| {
            let mut h = FxBuild.build_hasher();
            h.write_u64(k[0]);
            h.write_u64(k[1]);
            (h.finish() as usize) & (FRONT_SLOTS - 1)
        });
        if let (Some(k), Some(slot)) = (front, slot)
            && let Some(&(fk, id)) = self.front.get(slot)
            && fk == k
        {
            return Some(id);
        }
        let hit = match key {
            Key::Tiny(k) => self.tiny.get(&k).copied(),
            Key::Short(k) => self.short.get(&k).copied(),
            Key::Long => self.long.get(self.analyzer.lower()).copied(),
        };
        if let (Some(id), Some(k), Some(slot)) = (hit, front, slot)
            && let Some(entry) = self.front.get_mut(slot)
        {
            *entry = (k, id);
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(cache: &mut WordCache, word: &str) -> u32 {
        let lang = cache.lang("en");
        cache.term_of(lang, word, &mut Vec::new()).expect("a term")
    }

    #[test]
    fn a_fork_knows_what_its_source_knew_and_then_goes_its_own_way() {
        let mut first = WordCache::new(0, Arc::default());
        let running = id(&mut first, "running");
        let other = id(&mut first, "Dispatches");
        let mut fork = first.fork(1);
        assert_ne!(fork.identity(), first.identity());
        // Known words keep their ids, inflections included.
        assert_eq!(id(&mut fork, "running"), running);
        assert_eq!(id(&mut fork, "runs"), running);
        assert_eq!(id(&mut fork, "dispatch"), other);
        // New words are numbered by each cache alone.
        let new_in_fork = id(&mut fork, "archive");
        let new_in_first = id(&mut first, "sermon");
        assert_eq!(new_in_fork, new_in_first);
        assert_eq!(fork.term(new_in_fork).map(|t| &**t), Some("archiv"));
        assert_eq!(first.term(new_in_first).map(|t| &**t), Some("sermon"));
    }
}

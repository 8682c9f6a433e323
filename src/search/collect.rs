//! A field's words as term ids, for one shard's worker (`shard.rs`):
//! looked up in the worker's word cache a batch at a time, with a break
//! between the lines of a field whose lines are blocks.

use super::cache::WordCache;
use super::segment::for_each_word_keyed;

/// Words looked up together (see [`collect`]).
const BATCH: usize = 32;

/// A token that is no word: it holds the position between two lines
/// (blocks: paragraphs, headings, list items, notes), so that a phrase
/// never matches across them. No term has this id, so grouping skips it.
const BREAK: u32 = u32::MAX;

/// Appends the cache term id of every word of `text` to `tokens`, and a
/// [`BREAK`] between lines when `lines` says its lines are blocks;
/// returns how many breaks.
///
/// Words are looked up a batch at a time: the table probes of a batch come
/// first, in a loop whose iterations do not depend on each other, so that
/// their cache misses overlap instead of being waited for one after the
/// other.
pub(super) fn collect(
    cache: &mut WordCache,
    lang: usize,
    (text, lines): (&str, bool),
    tokens: &mut Vec<u32>,
    surfaces: &mut Vec<(Box<str>, u32)>,
) -> u32 {
    let mut sink = Sink {
        cache,
        lang,
        tokens,
        surfaces,
    };
    let mut batch = Batch {
        words: [("", None); BATCH],
        len: 0,
    };
    // Words are subslices of `text`: a word that starts past the next
    // newline starts a new line (one search per line, one compare per
    // word).
    let start = text.as_ptr() as usize;
    let next_newline = |from: usize| {
        text.get(from..)
            .filter(|_| lines)
            .and_then(|rest| rest.find('\n'))
            .map_or(usize::MAX, |i| from + i)
    };
    let mut newline = next_newline(0);
    let (mut breaks, mut words) = (0u32, false);
    for_each_word_keyed(text, |word, key| {
        let at = (word.as_ptr() as usize).saturating_sub(start);
        if at > newline {
            newline = next_newline(at);
            if words {
                breaks += 1;
                batch.push(("", None), &mut sink);
            }
        }
        words = true;
        // Asked for a batch before it is probed.
        if let Some(key) = key {
            sink.cache.prefetch(lang, key);
        }
        batch.push((word, key), &mut sink);
    });
    batch.flush(&mut sink);
    breaks
}

/// Where [`collect`] puts the term ids it looks up, and the surfaces of
/// the words new to its cache.
struct Sink<'a> {
    cache: &'a mut WordCache,
    lang: usize,
    tokens: &'a mut Vec<u32>,
    surfaces: &'a mut Vec<(Box<str>, u32)>,
}

/// Words waiting to be looked up together (see [`collect`]); a
/// [`BREAK`] waits as an empty word (no word is empty).
struct Batch<'t> {
    words: [(&'t str, Option<u128>); BATCH],
    len: usize,
}

impl<'t> Batch<'t> {
    fn push(&mut self, word: (&'t str, Option<u128>), sink: &mut Sink<'_>) {
        if let Some(slot) = self.words.get_mut(self.len) {
            *slot = word;
            self.len += 1;
        }
        if self.len == BATCH {
            self.flush(sink);
        }
    }

    /// Appends the term ids of the waiting words to the sink's tokens.
    fn flush(&mut self, sink: &mut Sink<'_>) {
        let words = self.words.get(..self.len).unwrap_or_default();
        let mut found = [None; BATCH];
        sink.cache.find_keyed(sink.lang, words, &mut found);
        for (&(word, key), hit) in words.iter().zip(found) {
            if word.is_empty() {
                sink.tokens.push(BREAK);
            } else if let Some(id) =
                hit.or_else(|| sink.cache.term_id(sink.lang, word, key, sink.surfaces))
            {
                sink.tokens.push(id);
            }
        }
        self.len = 0;
    }
}

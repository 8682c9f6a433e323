//! Turning text into index tokens: word segmentation, normalization, folding
//! and stemming.
//!
//! Every rule here has a twin in `search.js` (`normalizeWord`): the browser
//! never stems, but it must produce the same *surface form* for a query word
//! that the indexer produced for the same word in a document, otherwise the
//! dictionary lookup misses. So the rules are deliberately cheap, per-char,
//! context-free table lookups that are easy to mirror in JavaScript.
//!
//! A word goes through three stages:
//! 1. `lower`: Unicode lowercase plus script clean-up (Arabic tatweel and
//!    harakat dropped, Persian/Arabic yeh and kaf unified, ZWNJ removed,
//!    Arabic-Indic digits to ASCII, curly apostrophes to `'`, `ё` to `е`).
//!    This is what the Snowball stemmer sees, because stemmers such as the
//!    Turkish or French ones need their accented letters.
//! 2. `surface`: `lower` with Latin/Greek diacritics folded. This is the key
//!    the browser looks up, so "cafe" finds "café".
//! 3. `term`: the folded stem of `lower` (or the surface when the language
//!    has no stemmer). Postings are keyed by terms.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this (in chars, after normalization) are skipped: they
/// are base64 blobs or URLs that would only bloat the dictionary. The client
/// applies the same limit.
pub(crate) const MAX_WORD_CHARS: usize = 64;

/// The Snowball algorithm for a BCP 47 tag, keyed on its primary subtag.
/// Languages without a stemmer (fa, he, ur, ...) are indexed unstemmed.
pub(crate) fn algorithm_for(language: &str) -> Option<Algorithm> {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    // Subtags are short: lowercase on the stack (called once per doc).
    let mut buf = [0u8; 8];
    let Some(lower) = buf.get_mut(..primary.len()) else {
        return None;
    };
    lower.copy_from_slice(primary.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"ar" => Algorithm::Arabic,
        b"da" => Algorithm::Danish,
        b"nl" => Algorithm::Dutch,
        b"en" => Algorithm::English,
        b"fi" => Algorithm::Finnish,
        b"fr" => Algorithm::French,
        b"de" => Algorithm::German,
        b"el" => Algorithm::Greek,
        b"hu" => Algorithm::Hungarian,
        b"it" => Algorithm::Italian,
        b"no" | b"nb" | b"nn" => Algorithm::Norwegian,
        b"pt" => Algorithm::Portuguese,
        b"ro" => Algorithm::Romanian,
        b"ru" => Algorithm::Russian,
        b"es" => Algorithm::Spanish,
        b"sv" => Algorithm::Swedish,
        b"ta" => Algorithm::Tamil,
        b"tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Calls `f` with every raw word of `text` as the segmenter sees it.
///
/// Words are split on `:` as well because ICU (the browser's
/// `Intl.Segmenter`) does not treat the colon as a mid-letter while UAX #29
/// does; splitting on both sides keeps query and index in agreement.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    for_each_word_keyed(text, |word, _| f(word));
}

/// [`for_each_word`], also giving the [`ascii_key`] of each short ASCII
/// word, so that the indexer can look it up without normalizing it.
///
/// UAX #29 never joins a word across ASCII whitespace, so ASCII text
/// (most of a typical archive) is cut with [`ascii_words`], a byte loop
/// with the same results as the Unicode segmenter at a fraction of its
/// cost. A line with other characters is cut at whitespace, and only its
/// pieces that are not ASCII take the Unicode segmenter.
pub(crate) fn for_each_word_keyed<'t>(text: &'t str, mut f: impl FnMut(&'t str, Option<u128>)) {
    if text.is_ascii() {
        ascii_words(text, &mut f);
        return;
    }
    for line in text.split_inclusive('\n') {
        if line.is_ascii() {
            ascii_words(line, &mut f);
            continue;
        }
        for piece in line.split(|c: char| c.is_ascii_whitespace()) {
            if piece.is_ascii() {
                ascii_words(piece, &mut f);
            } else {
                unicode_words(piece, |w| f(w, None));
            }
        }
    }
}

/// Words up to this many bytes get an [`ascii_key`].
pub(crate) const KEYED_MAX: usize = 15;

/// The key of the ASCII word `bytes[start..end]` (at most [`KEYED_MAX`]
/// bytes): its lowercased bytes, little-endian, with its length in the top
/// byte. Distinct words have distinct keys, and no key is 0.
pub(crate) fn ascii_key(bytes: &[u8], start: usize, end: usize) -> u128 {
    const ONES: u128 = u128::from_le_bytes([1; 16]);
    let len = end.saturating_sub(start).min(KEYED_MAX);
    // One 16-byte load when the text goes on that far, else a copy.
    let raw = match bytes
        .get(start..start + 16)
        .and_then(|w| <[u8; 16]>::try_from(w).ok())
    {
        Some(window) => u128::from_le_bytes(window),
        None => {
            let mut window = [0u8; 16];
            for (dst, src) in window
                .iter_mut()
                .zip(bytes.get(start..end).unwrap_or_default())
            {
                *dst = *src;
            }
            u128::from_le_bytes(window)
        }
    };
    let word = raw & ((1u128 << (8 * len)) - 1);
    // Bytes are ASCII (below 0x80), so per-byte adds never carry: the
    // high bit of each byte tells whether it is at least 'A', and not
    // above 'Z'.
    let at_least_a = word + ONES * u128::from(0x80 - b'A');
    let above_z = word + ONES * u128::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !above_z & (ONES * 0x80);
    (word | (upper >> 2)) | ((len as u128) << 120)
}

/// The reference segmentation: UAX #29 words, then split on `:`.
pub(crate) fn unicode_words<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    for word in text.unicode_words() {
        if word.contains(':') {
            word.split(':').filter(|p| !p.is_empty()).for_each(&mut f);
        } else {
            f(word);
        }
    }
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
/// Joins two letters (WB6/7) and two digits (WB11/12): `.` and `'`.
const MID_LETTER: u8 = 8;
/// Joins two digits only: `,` and `;`.
const MID_NUM: u8 = 16;
const WORD: u8 = LETTER | DIGIT | UNDERSCORE;

/// The word-break class of every byte; non-ASCII bytes never reach it.
static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'_' {
            UNDERSCORE
        } else if b == b'.' || b == b'\'' {
            MID_LETTER | MID_NUM
        } else if b == b',' || b == b';' {
            MID_NUM
        } else {
            0
        };
        i += 1;
    }
    table
}

/// UAX #29 words of ASCII text, split on `:`. For ASCII the rules reduce
/// to: letters, digits and `_` always join (WB5, WB8-10, WB13a/b); `.`
/// and `'` join two letters (WB6/7); `.`, `'`, `,` and `;` join two digits
/// (WB11/12); `:` would join two letters but is split on anyway; segments
/// without a letter or digit are not words.
fn ascii_words<'t>(text: &'t str, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let b = text.as_bytes();
    let class = |c: u8| CLASS[usize::from(c)];
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if class(c) & WORD == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut alnum = false;
        let mut prev = 0;
        loop {
            while let Some(&c) = b.get(i) {
                let k = class(c);
                if k & WORD == 0 {
                    break;
                }
                alnum |= k != UNDERSCORE;
                prev = k;
                i += 1;
            }
            let (Some(&mid), Some(&next)) = (b.get(i), b.get(i + 1)) else {
                break;
            };
            let (mid, next) = (class(mid), class(next));
            let joins = (prev & next & LETTER != 0 && mid & MID_LETTER != 0)
                || (prev & next & DIGIT != 0 && mid & MID_NUM != 0);
            if !joins {
                break;
            }
            i += 1;
        }
        if alnum && let Some(word) = text.get(start..i) {
            let key = (i - start <= KEYED_MAX).then(|| ascii_key(b, start, i));
            f(word, key);
        }
    }
}

/// Writes the lowercased, script-normalized form of `word` into `out`.
/// Returns false when nothing indexable is left (empty or over-long).
pub(crate) fn lower_into(word: &str, out: &mut String) -> bool {
    out.clear();
    if word.is_ascii() {
        // Fast path: most words in most archives are ASCII.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // Capital sigma is the one context-sensitive lowercase mapping;
        // only then pay for the whole-string lowercase that mirrors
        // JavaScript's toLowerCase. Everything else maps char by char.
        if word.contains('Σ') {
            for c in word.to_lowercase().chars() {
                push_script_normalized(c, out);
            }
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                push_script_normalized(c, out);
            }
        }
    }
    // Chars never outnumber bytes, so most words skip the count.
    !out.is_empty() && (out.len() <= MAX_WORD_CHARS || out.chars().count() <= MAX_WORD_CHARS)
}

fn push_script_normalized(c: char, out: &mut String) {
    match c {
        // Invisible joiners and hyphenation hints: Persian writes ZWNJ
        // inside words, users usually type without it.
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => {}
        // Combining diacritics (decomposed Latin, Greek, Cyrillic accents).
        '\u{0300}'..='\u{036F}' => {}
        // Arabic tatweel, harakat, superscript alef and Quranic marks.
        '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06ED}' => {}
        // Yeh and kaf are unified on the Arabic letters because the Arabic
        // stemmer only knows those; Persian is not stemmed so it does not care.
        '\u{06CC}' | '\u{0649}' => out.push('\u{064A}'),
        '\u{06A9}' => out.push('\u{0643}'),
        '\u{0660}'..='\u{0669}' => push_digit(c, 0x0660, out),
        '\u{06F0}'..='\u{06F9}' => push_digit(c, 0x06F0, out),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
        'ё' => out.push('е'),
        _ => out.push(c),
    }
}

fn push_digit(c: char, zero: u32, out: &mut String) {
    let d = u32::from(c).saturating_sub(zero);
    out.push(char::from_digit(d, 10).unwrap_or('0'));
}

/// Appends `lower` with diacritics folded into `out` (the surface form).
pub(crate) fn fold_into(lower: &str, out: &mut String) {
    out.clear();
    if lower.is_ascii() {
        out.push_str(lower);
        return;
    }
    for c in lower.chars() {
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
}

/// Latin-1 Supplement and Latin Extended-A lowercase letters folded to
/// ASCII, indexed by `code point - 0xDF`. Uppercase never reaches here.
const LATIN_FOLD: [&str; 0x180 - 0xDF] = [
    "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d",
    "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", // 0xDF..=0xFF
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e",
    "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h",
    "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k",
    "k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n",
    "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s",
    "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z",
    "s", // 0x100..=0x17F
];

fn fold_char(c: char) -> Option<&'static str> {
    let cp = u32::from(c);
    if (0xDF..0x180).contains(&cp) {
        // 0xF7 is the division sign: keep it (the table holds "" there).
        if cp == 0xF7 {
            return None;
        }
        return usize::try_from(cp - 0xDF)
            .ok()
            .and_then(|i| LATIN_FOLD.get(i))
            .copied();
    }
    Some(match c {
        'ά' => "α",
        'έ' => "ε",
        'ή' => "η",
        'ί' | 'ΐ' | 'ϊ' => "ι",
        'ό' => "ο",
        'ύ' | 'ΰ' | 'ϋ' => "υ",
        'ώ' => "ω",
        'ς' => "σ",
        _ => return None,
    })
}

/// A stemmer for one language plus reusable scratch buffers, so that
/// producing a term allocates nothing but the final string.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
    lower: String,
    surface: String,
}

impl Analyzer {
    pub(crate) fn new(language: &str) -> Self {
        Analyzer {
            stemmer: algorithm_for(language).map(Stemmer::create),
            lower: String::new(),
            surface: String::new(),
        }
    }

    /// Normalizes `word`; on success the lowered form is in `self.lower()`.
    pub(crate) fn load(&mut self, word: &str) -> bool {
        lower_into(word, &mut self.lower)
    }

    pub(crate) fn lower(&self) -> &str {
        &self.lower
    }

    /// The surface form of the loaded word.
    pub(crate) fn surface(&mut self) -> &str {
        fold_into(&self.lower, &mut self.surface);
        &self.surface
    }

    /// The term (folded stem) of the loaded word.
    pub(crate) fn term(&mut self) -> String {
        match &self.stemmer {
            Some(stemmer) => {
                let stem = stemmer.stem(&self.lower);
                let mut term = String::with_capacity(stem.len());
                fold_into(&stem, &mut term);
                if term.is_empty() {
                    // A stemmer that eats the whole word would make it
                    // unfindable; fall back to the surface.
                    fold_into(&self.lower, &mut term);
                }
                term
            }
            None => {
                fold_into(&self.lower, &mut self.surface);
                self.surface.clone()
            }
        }
    }
}

/// Tokens of a text as the index sees them (lowercased, normalized, stemmed
/// by language).
pub fn tokenize(text: &str, language: &str) -> Vec<String> {
    let mut analyzer = Analyzer::new(language);
    let mut out = Vec::new();
    for_each_word(text, |word| {
        if analyzer.load(word) {
            out.push(analyzer.term());
        }
    });
    out
}

//! Turning text into index tokens: word segmentation, normalization, folding
//! and stemming.
//!
//! Every rule here has a twin in `search-text.js` (`normalizeWord`): the browser
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
//! 2. `surface`: `lower` with Latin/Greek diacritics folded (and Arabic
//!    alef and teh marbuta variants). This is the key the browser looks
//!    up, so "cafe" finds "café" and "الامارات" finds "الإمارات".
//! 3. `term`: the folded stem of `lower` (or the surface when the language
//!    has no stemmer). Postings are keyed by terms.

use rust_stemmers::{Algorithm, Stemmer};

pub(crate) use super::segment::for_each_word;

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
    let lower = buf.get_mut(..primary.len())?;
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
        // Full-width ASCII, as East Asian input methods type it.
        '\u{FF01}'..='\u{FF5E}' => {
            out.push(char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c));
        }
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
            None => out.push(latin_base(c).unwrap_or(c)),
        }
    }
}

/// The ASCII letter under a lowercase letter of Latin Extended-B or
/// Latin Extended Additional (Romanian `ș`, Vietnamese `ễ` and `ơ`), from
/// its canonical decomposition, as `String.normalize('NFD')` gives the
/// browser; `None` for any other char.
fn latin_base(c: char) -> Option<char> {
    let cp = u32::from(c);
    if !((0x180..0x250).contains(&cp) || (0x1E00..0x1F00).contains(&cp)) {
        return None;
    }
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.filter(char::is_ascii_lowercase)
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
        // Alef with hamza or madda, and alef wasla, as most people type
        // them (plain alef); teh marbuta as the heh it is often typed as.
        'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
        'ة' | 'ۀ' => "ه",
        _ => return None,
    })
}

/// Other surfaces a reader may type for a word written with inner
/// punctuation, all standing for the same term: a number's thousands
/// grouping left out (`2000` for `2,000`, `12000` for `12.000`; not `15`
/// for `1.5`), an acronym's dots (`us`, `irgc`), an elided article
/// (`brien` and `obrien` for `o'brien`, `etat` for `l'etat`), and a host
/// name's own parts of three letters or more (`harbourwatch` and
/// `example` for `www.harbourwatch.example.com`); and an Arabic word
/// without what is written onto its article (see `without_proclitics`;
/// the noun bare only when `bare_nouns`: not in a language with no
/// stemmer, Persian mostly, whose words may begin with `ال` that is no
/// article, as `البته` and `البرز` do); and in Turkish, a proper noun
/// without the case ending its apostrophe sets off (`ankara` and
/// `ankaraya` for `ankara'ya`, `iğdır` for `iğdır'da`), since readers
/// search for the name. `algorithm` is the word's stemmer.
/// Empty for most words.
pub(crate) fn alternates(surface: &str, algorithm: Option<Algorithm>) -> Vec<String> {
    const MARKS: [char; 3] = ['.', ',', '\''];
    let bare = without_proclitics(surface, algorithm.is_some());
    if !bare.is_empty() {
        return bare;
    }
    if !surface.contains(MARKS) {
        return Vec::new();
    }
    let parts: Vec<&str> = surface.split(MARKS).collect();
    let mut out = Vec::new();
    if parts.iter().any(|p| p.is_empty()) {
        return out;
    }
    let digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
    if parts.iter().all(digits) {
        let one_mark = !(surface.contains('.') && surface.contains(','));
        if one_mark && parts.iter().skip(1).all(|p| p.len() == 3) {
            out.push(parts.concat());
        }
        return out;
    }
    if parts.iter().any(|p| p.bytes().any(|b| b.is_ascii_digit())) {
        return out;
    }
    let short = |p: &&str| p.chars().count() <= 2;
    if surface.contains('\'') {
        // `o'brien`, `l'etat`; not `don't` (a contraction, not elision).
        if let [first, rest] = parts.as_slice()
            && short(first)
            && !short(rest)
        {
            out.push(parts.concat());
            out.push((*rest).to_owned());
        }
        // Turkish case endings are a few letters: `'da`, `'nın`, `'daki`.
        if let [name, ending] = parts.as_slice()
            && algorithm == Some(Algorithm::Turkish)
            && name.chars().count() >= 2
            && (1..=5).contains(&ending.chars().count())
        {
            out.push(parts.concat());
            out.push((*name).to_owned());
        }
        return out;
    }
    if parts.iter().all(short) {
        out.push(parts.concat());
    } else {
        // A host name's own parts: not its `www`, nor its last part
        // (`com`, `org`), which every host of its kind shares.
        let last = parts.len() - 1;
        let own = parts
            .iter()
            .enumerate()
            .filter(|&(i, p)| i < last && !(i == 0 && *p == "www") && p.chars().count() >= 3);
        out.extend(own.map(|(_, p)| (*p).to_owned()));
    }
    out
}

/// An Arabic word less the conjunction and preposition written onto its
/// article (`و` or `ف`, then `ب` or `ك`, before `ال`), as a reader types
/// it: `القاهرة` for `والقاهرة`, `بالقلم` and `القلم` for `وبالقلم`; and
/// less the article itself, as a noun is named bare (`سفن`, ships, for
/// `السفن`). At least two letters must follow the article, and three
/// for the bare noun (`له` is a word of its own, not `الله`'s).
/// (`clitics` in search-text.js marks such words alike.)
fn without_proclitics(surface: &str, bare_nouns: bool) -> Vec<String> {
    let mut out = with_article(surface);
    let with = out.last().map_or(surface, String::as_str);
    if let Some(bare) = with
        .strip_prefix("ال")
        .filter(|b| bare_nouns && b.chars().count() >= 3)
    {
        out.push(bare.to_owned());
    }
    out
}

/// `without_proclitics`' forms that keep the article.
fn with_article(surface: &str) -> Vec<String> {
    let strip = |word: &str, letters: [char; 2]| {
        word.strip_prefix(letters[0])
            .or_else(|| word.strip_prefix(letters[1]))
            .map(str::to_owned)
    };
    let article = |word: &str| word.starts_with("ال") && word.chars().count() >= 4;
    let mut out = Vec::new();
    let after_and = strip(surface, ['و', 'ف']);
    let base = after_and.as_deref().unwrap_or(surface);
    let after_by = strip(base, ['ب', 'ك']);
    if let Some(word) = after_by.filter(|w| article(w)) {
        if after_and.is_some() {
            out.push(base.to_owned());
        }
        out.push(word);
    } else if let Some(word) = after_and.filter(|w| article(w)) {
        out.push(word);
    }
    out
}

/// A stemmer for one language plus reusable scratch buffers, so that
/// producing a term allocates nothing but the final string.
pub(crate) struct Analyzer {
    algorithm: Option<Algorithm>,
    stemmer: Option<Stemmer>,
    lower: String,
    surface: String,
}

impl Clone for Analyzer {
    /// An analyzer for the same language (the stemmer is not `Clone`).
    fn clone(&self) -> Self {
        Analyzer::with(self.algorithm)
    }
}

impl Analyzer {
    pub(crate) fn new(language: &str) -> Self {
        Analyzer::with(algorithm_for(language))
    }

    fn with(algorithm: Option<Algorithm>) -> Self {
        Analyzer {
            algorithm,
            stemmer: algorithm.map(Stemmer::create),
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

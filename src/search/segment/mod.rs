//! Word segmentation: the words of a text as UAX #29 defines them (which
//! is what the browser's `Intl.Segmenter` gives the search client), with
//! a fast path for ASCII, which is most of a typical archive's text and
//! where segmenting would otherwise cost more than indexing a word.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `f` with every raw word of `text` as the segmenter sees it.
///
/// Words are split on `:` as well because ICU (the browser's
/// `Intl.Segmenter`) does not treat the colon as a mid-letter while UAX #29
/// does; splitting on both sides keeps query and index in agreement.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    for_each_word_keyed(text, |word, _| f(word));
}

/// [`for_each_word`], also giving a key for each word of up to
/// [`KEYED_MAX`] bytes ([`ascii_key`] for ASCII, the raw bytes otherwise),
/// so that the indexer can look it up without normalizing it.
///
/// UAX #29 never joins a word across ASCII whitespace, so ASCII text
/// (most of a typical archive) is cut with [`ascii_words`], bitmaps 64
/// bytes at a time with the same results as the Unicode segmenter at a
/// fraction of its cost. A line with other characters is cut at
/// whitespace, and only its pieces that are not ASCII take the Unicode
/// segmenter.
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
        // Cut at ASCII whitespace byte by byte (such a byte is never part
        // of a longer UTF-8 sequence), noting whether a piece is ASCII on
        // the way, rather than decoding every char of the line.
        let bytes = line.as_bytes();
        let (mut start, mut high) = (0, 0u8);
        for end in 0..=bytes.len() {
            let byte = bytes.get(end).copied();
            if byte.is_some_and(|b| !b.is_ascii_whitespace()) {
                high |= byte.unwrap_or(0);
                continue;
            }
            if let Some(piece) = line.get(start..end).filter(|p| !p.is_empty()) {
                if high < 0x80 {
                    ascii_words(piece, &mut f);
                } else {
                    match simple_piece(piece) {
                        Simple::Word(w) => f(w, word_key(w)),
                        Simple::Nothing => {}
                        Simple::Complex => unicode_words(piece, |w| f(w, word_key(w))),
                    }
                }
            }
            (start, high) = (end + 1, 0);
        }
    }
}

/// What [`simple_piece`] found.
enum Simple<'t> {
    Word(&'t str),
    Nothing,
    Complex,
}

/// The words of a piece of text between ASCII whitespace, without the
/// Unicode segmenter when the piece is simple: punctuation around one run
/// of letters and digits of the scripts archives mostly use (Latin,
/// Cyrillic, Arabic and Persian). UAX #29 never breaks inside such a run
/// (WB5, WB8-10, WB13a/b, and WB4 for the ZWNJ of Persian words) and
/// always breaks at punctuation with nothing on its other side. Anything
/// else (marks, other scripts, punctuation inside the run) is `Complex`
/// and goes to the segmenter.
fn simple_piece(piece: &str) -> Simple<'_> {
    let core = piece.trim_matches(edge_char);
    let mut chars = core.chars();
    let Some(first) = chars.next() else {
        return Simple::Nothing;
    };
    // A ZWNJ first would attach to the punctuation before it.
    if first == '\u{200C}' || !simple_bytes(core.as_bytes()) {
        return Simple::Complex;
    }
    if core.chars().all(|c| c == '_' || c == '\u{200C}') {
        return Simple::Nothing;
    }
    Simple::Word(core)
}

/// Whether every char of `bytes` (valid UTF-8) is a [`simple_char`],
/// from the bytes: [`SIMPLE_BELOW_800`] answers for the one- and two-byte
/// chars, where the scripts of simple pieces all lie, and the ZWNJ is the
/// one longer char allowed.
fn simple_bytes(bytes: &[u8]) -> bool {
    const ZWNJ: &[u8] = "\u{200C}".as_bytes();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (cp, len) = match rest {
            [b, ..] if *b < 0x80 => (usize::from(*b), 1),
            [b0, b1, ..] if *b0 < 0xE0 => {
                ((usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F), 2)
            }
            _ if rest.starts_with(ZWNJ) => {
                rest = rest.get(ZWNJ.len()..).unwrap_or_default();
                continue;
            }
            _ => return false,
        };
        let simple = SIMPLE_BELOW_800
            .get(cp >> 3)
            .is_some_and(|bits| bits & (1 << (cp & 7)) != 0);
        if !simple {
            return false;
        }
        rest = rest.get(len..).unwrap_or_default();
    }
    true
}

/// [`simple_char`] for every code point below U+0800, one bit each.
const SIMPLE_BELOW_800: [u8; 256] = {
    let mut bits = [0u8; 256];
    let mut cp = 0;
    while cp < 0x800 {
        if let Some(c) = char::from_u32(cp as u32)
            && simple_char(c)
        {
            bits[cp >> 3] |= 1 << (cp & 7);
        }
        cp += 1;
    }
    bits
};

/// Letters (ALetter), digits (Numeric), `_` (ExtendNumLet) and the ZWNJ
/// (Extend) of the common scripts: a run of them is one word.
const fn simple_char(c: char) -> bool {
    matches!(c,
        'a'..='z' | 'A'..='Z' | '0'..='9' | '_'
        // Latin-1 and Latin Extended-A letters.
        | '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{017F}'
        // Cyrillic letters, without the combining marks at U+0483-0489.
        | '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}'
        // Arabic and Persian letters and digits, without the marks.
        | '\u{0620}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06FC}' | '\u{06FF}'
        | '\u{200C}')
}

/// Punctuation that ends a word with nothing to join on its other side.
fn edge_char(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric() && c != '_';
    }
    matches!(
        c,
        '«' | '»'
            | '—'
            | '–'
            | '…'
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '،'
            | '؛'
            | '؟'
            | '\u{00A0}'
    )
}

/// The lookup key of a word from the Unicode path: its [`ascii_key`] when
/// it is ASCII, else its raw bytes and length (the indexer's table is per
/// language, and a word's term depends only on its language and its
/// bytes, so case variants simply get slots of their own).
fn word_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > KEYED_MAX {
        return None;
    }
    if word.is_ascii() {
        return Some(ascii_key(bytes, 0, bytes.len()));
    }
    let mut window = [0u8; 16];
    for (dst, src) in window.iter_mut().zip(bytes) {
        *dst = *src;
    }
    Some(u128::from_le_bytes(window) | ((bytes.len() as u128) << 120))
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

/// The classes of 64 bytes of ASCII text that UAX #29 tells apart, one
/// bit per byte (bit i is byte i). For ASCII the rules reduce to: letters,
/// digits and `_` always join (WB5, WB8-10, WB13a/b); `.` and `'` join two
/// letters (WB6/7); `.`, `'`, `,` and `;` join two digits (WB11/12); `:`
/// would join two letters but is split on anyway; segments without a
/// letter or digit are not words.
#[derive(Clone, Copy, Default)]
struct Chunk {
    /// Letters, digits and `_`.
    word: u64,
    letter: u64,
    digit: u64,
    /// `.` and `'`, which join two letters or two digits.
    mid_letter: u64,
    /// `,` and `;`, which join two digits only.
    mid_num: u64,
}

impl Chunk {
    /// The classes of `bytes` (at most 64), bytes past its end as spaces.
    fn of(bytes: &[u8]) -> Chunk {
        let mut chunk = Chunk::default();
        for (i, lane) in bytes.chunks(16).enumerate() {
            // Whole lanes are one load; only the text's last one is padded
            // (with NUL, which is no class).
            let lane = match <[u8; 16]>::try_from(lane) {
                Ok(lane) => lane,
                Err(_) => {
                    let mut padded = [0u8; 16];
                    for (dst, src) in padded.iter_mut().zip(lane) {
                        *dst = *src;
                    }
                    padded
                }
            };
            let [letter, digit, underscore, mid_letter, mid_num] = lane_classes(lane);
            let shift = 16 * i;
            chunk.letter |= u64::from(letter) << shift;
            chunk.digit |= u64::from(digit) << shift;
            chunk.word |= u64::from(letter | digit | underscore) << shift;
            chunk.mid_letter |= u64::from(mid_letter) << shift;
            chunk.mid_num |= u64::from(mid_num) << shift;
        }
        chunk
    }
}

/// Letters, digits, `_`, mid-letter and mid-num marks of 16 ASCII bytes,
/// one bit per byte, with SSE2 (which every x86-64 CPU has): a handful of
/// vector compares, where a byte loop would cost several times the rest
/// of segmenting.
#[cfg(target_arch = "x86_64")]
fn lane_classes(lane: [u8; 16]) -> [u16; 5] {
    // SAFETY: SSE2 is part of x86-64 itself: every CPU this code runs on
    // has it.
    unsafe { lane_classes_sse2(lane) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn lane_classes_sse2(lane: [u8; 16]) -> [u16; 5] {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    let half = |from: usize| {
        lane.get(from..from + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, i64::from_le_bytes)
    };
    let x = _mm_set_epi64x(half(8), half(0));
    // Bytes are ASCII, so signed compares order them as unsigned ones do.
    let within = |v: __m128i, lo: u8, hi: u8| {
        _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8((lo - 1) as i8)),
            _mm_cmplt_epi8(v, _mm_set1_epi8((hi + 1) as i8)),
        )
    };
    let is = |c: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(c as i8));
    let bits = |v: __m128i| _mm_movemask_epi8(v) as u16;
    let letter = within(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'a', b'z');
    let mid_letter = _mm_or_si128(is(b'.'), is(b'\''));
    [
        bits(letter),
        bits(within(x, b'0', b'9')),
        bits(is(b'_')),
        bits(mid_letter),
        bits(_mm_or_si128(mid_letter, _mm_or_si128(is(b','), is(b';')))),
    ]
}

/// [`lane_classes`] without SSE2: the same bits from two 8-byte words.
#[cfg(not(target_arch = "x86_64"))]
fn lane_classes(lane: [u8; 16]) -> [u16; 5] {
    lane_classes_swar(lane)
}

/// [`lane_classes`] eight bytes at a time in a `u64`. No per-byte sum below
/// carries, because every byte is under 0x80.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
fn lane_classes_swar(lane: [u8; 16]) -> [u16; 5] {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // The high bits of a word's eight bytes gathered into one byte: byte
    // i's bit lands on bit 56 + i, and no two partial products meet.
    let gather = |high: u64| ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u16;
    let mut out = [0u16; 5];
    for (half, bytes) in lane.chunks_exact(8).enumerate() {
        let x = bytes.try_into().map_or(0, u64::from_le_bytes);
        let is = |c: u8| !((x ^ (ONES * u64::from(c))) + ONES * 0x7F) & HIGH;
        let folded = x | (ONES * 0x20);
        let letter = (folded + ONES * u64::from(0x80 - b'a'))
            & !(folded + ONES * u64::from(0x80 - b'z' - 1))
            & HIGH;
        let digit =
            (x + ONES * u64::from(0x80 - b'0')) & !(x + ONES * u64::from(0x80 - b'9' - 1)) & HIGH;
        let mid_letter = is(b'.') | is(b'\'');
        let classes = [
            letter,
            digit,
            is(b'_'),
            mid_letter,
            mid_letter | is(b',') | is(b';'),
        ];
        for (slot, class) in out.iter_mut().zip(classes) {
            *slot |= gather(class) << (8 * half);
        }
    }
    out
}

/// Bit i set where the byte is part of a word: a letter, digit or `_`, or
/// a mark that joins the bytes on either side. `prev` and `next` are the
/// chunks around `cur` (for the marks at its edges).
fn word_bits(prev: &Chunk, cur: &Chunk, next: &Chunk) -> u64 {
    let before = |bits: u64, prev: u64| (bits << 1) | (prev >> 63);
    let after = |bits: u64, next: u64| (bits >> 1) | (next << 63);
    let letters = before(cur.letter, prev.letter) & after(cur.letter, next.letter);
    let digits = before(cur.digit, prev.digit) & after(cur.digit, next.digit);
    cur.word | (cur.mid_letter & letters) | (cur.mid_num & digits)
}

/// UAX #29 words of ASCII text, split on `:`, 64 bytes at a time: the
/// bytes of words are marked in a bitmap (see [`word_bits`]) and words are
/// read off as its runs of set bits, with no branch per byte or per mark.
fn ascii_words<'t>(text: &'t str, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let b = text.as_bytes();
    let mut chunks = b.chunks(64);
    let mut prev_bits = 0u64;
    let mut cur = chunks.next().map(Chunk::of).unwrap_or_default();
    let mut next = chunks.next().map(Chunk::of).unwrap_or_default();
    let mut after = chunks.next().map(Chunk::of).unwrap_or_default();
    let mut bits = word_bits(&Chunk::default(), &cur, &next);
    // Where the word that runs on past the chunk before started.
    let mut open = None;
    let mut base = 0;
    while base < b.len() {
        let next_bits = word_bits(&cur, &next, &after);
        let mut starts = bits & !((bits << 1) | (prev_bits >> 63));
        let mut ends = bits & !((bits >> 1) | (next_bits << 63));
        if let Some(start) = open
            && ends != 0
        {
            emit(text, start, base + ends.trailing_zeros() as usize + 1, f);
            ends &= ends - 1;
            open = None;
        }
        // Each start pairs with the next end, unless its word runs on.
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some(start);
                break;
            }
            emit(text, start, base + ends.trailing_zeros() as usize + 1, f);
            ends &= ends - 1;
        }
        prev_bits = bits;
        (cur, bits) = (next, next_bits);
        next = after;
        after = chunks.next().map(Chunk::of).unwrap_or_default();
        base += 64;
    }
}

/// Gives `f` the word `text[start..end]` unless it is only `_`s.
#[inline]
fn emit<'t>(text: &'t str, start: usize, end: usize, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let b = text.as_bytes();
    if b.get(start..end)
        .is_some_and(|w| w.iter().any(|&c| c != b'_'))
        && let Some(word) = text.get(start..end)
    {
        let key = (end - start <= KEYED_MAX).then(|| ascii_key(b, start, end));
        f(word, key);
    }
}

#[cfg(test)]
mod tests;

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
                continue;
            }
            match simple_piece(piece) {
                Simple::Word(w) => f(w, word_key(w)),
                Simple::Nothing => {}
                Simple::Complex => unicode_words(piece, |w| f(w, word_key(w))),
            }
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
    if first == '\u{200C}' || !core.chars().all(simple_char) {
        return Simple::Complex;
    }
    if core.chars().all(|c| c == '_' || c == '\u{200C}') {
        return Simple::Nothing;
    }
    Simple::Word(core)
}

/// Letters (ALetter), digits (Numeric), `_` (ExtendNumLet) and the ZWNJ
/// (Extend) of the common scripts: a run of them is one word.
fn simple_char(c: char) -> bool {
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

/// UAX #29 words of ASCII text, split on `:`, a byte at a time (see
/// [`ascii_words`]). For ASCII the rules reduce
/// to: letters, digits and `_` always join (WB5, WB8-10, WB13a/b); `.`
/// and `'` join two letters (WB6/7); `.`, `'`, `,` and `;` join two digits
/// (WB11/12); `:` would join two letters but is split on anyway; segments
/// without a letter or digit are not words.
fn ascii_words_scalar<'t>(text: &'t str, f: &mut impl FnMut(&'t str, Option<u128>)) {
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
            if !joins(prev, class(mid), class(next)) {
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

/// Whether a mark of class `mid` between classes `prev` and `next` joins
/// them into one word: `.` and `'` between letters (WB6/7), `.`, `'`, `,`
/// and `;` between digits (WB11/12).
#[inline]
fn joins(prev: u8, mid: u8, next: u8) -> bool {
    (prev & next & LETTER != 0 && mid & MID_LETTER != 0)
        || (prev & next & DIGIT != 0 && mid & MID_NUM != 0)
}

/// Bytes segmented at once with one bitmap on the stack.
const BLOCK: usize = 4096;

/// [`ascii_words_scalar`], eight bytes at a time: a bitmap marks the
/// bytes that are letters, digits or `_`, and words are read off it as
/// runs of set bits, checking only the byte after each run for a joining
/// mark. The text is cut into blocks at whitespace, which never joins.
fn ascii_words<'t>(text: &'t str, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let mut rest = text;
    while !rest.is_empty() {
        let cut = if rest.len() <= BLOCK {
            rest.len()
        } else {
            match rest
                .as_bytes()
                .get(..BLOCK)
                .and_then(|b| b.iter().rposition(u8::is_ascii_whitespace))
            {
                Some(space) => space + 1,
                None => {
                    // No whitespace in a whole block: not prose.
                    ascii_words_scalar(rest, f);
                    return;
                }
            }
        };
        let (block, after) = rest.split_at(cut);
        ascii_block_words(block, f);
        rest = after;
    }
}

fn ascii_block_words<'t>(text: &'t str, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let b = text.as_bytes();
    let mut bits = [0u64; BLOCK / 64];
    for (slot, chunk) in bits.iter_mut().zip(b.chunks(64)) {
        let mut mask = 0u64;
        for (i, lane) in chunk.chunks(8).enumerate() {
            // Whole lanes are one load; only the text's last one is padded.
            let word = match <[u8; 8]>::try_from(lane) {
                Ok(word) => word,
                Err(_) => {
                    let mut word = [0u8; 8];
                    for (dst, src) in word.iter_mut().zip(lane) {
                        *dst = *src;
                    }
                    word
                }
            };
            mask |= u64::from(lane_mask(u64::from_le_bytes(word))) << (8 * i);
        }
        *slot = mask;
    }
    let words = b.len().div_ceil(64);
    let bits = bits.get(..words).unwrap_or_default();
    let class = |c: u8| CLASS[usize::from(c)];

    // Runs of set bits are read off their start and end bits, in order
    // (a one-byte run's start comes before its end).
    let mut start = 0;
    // Whether the run that ended last was joined to the next by a mark.
    let mut joined = false;
    let mut carry = 0;
    for (w, &run) in bits.iter().enumerate() {
        let next_low = bits.get(w + 1).map_or(0, |n| n & 1);
        let mut starts = run & !((run << 1) | carry);
        let mut ends = run & !((run >> 1) | (next_low << 63));
        carry = run >> 63;
        let base = w * 64;
        while starts | ends != 0 {
            let s = starts.trailing_zeros();
            let e = ends.trailing_zeros();
            if s <= e {
                if !joined {
                    start = base + s as usize;
                }
                joined = false;
                starts &= starts - 1;
                continue;
            }
            ends &= ends - 1;
            let end = base + e as usize + 1;
            // A joining mark between two letters or two digits continues
            // the word (WB6/7, WB11/12); most words end at a space, whose
            // class alone settles it.
            if let Some(&mid) = b.get(end)
                && class(mid) & (MID_LETTER | MID_NUM) != 0
                && let (Some(&prev), Some(&next)) = (b.get(end - 1), b.get(end + 1))
                && joins(class(prev), class(mid), class(next))
            {
                joined = true;
                continue;
            }
            // A run of `_` alone is not a word.
            let alnum = b
                .get(start..end)
                .is_some_and(|w| w.iter().any(|&c| c != b'_'));
            if alnum && let Some(word) = text.get(start..end) {
                let key = (end - start <= KEYED_MAX).then(|| ascii_key(b, start, end));
                f(word, key);
            }
        }
    }
}

/// The high bit of each byte of `x` (eight ASCII bytes) that is a letter,
/// digit or `_`, gathered into one byte. No per-byte sum below carries,
/// because every byte is under 0x80.
fn lane_mask(x: u64) -> u8 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let folded = x | (ONES * 0x20);
    let letter =
        (folded + ONES * u64::from(0x80 - b'a')) & !(folded + ONES * u64::from(0x80 - b'z' - 1));
    let digit = (x + ONES * u64::from(0x80 - b'0')) & !(x + ONES * u64::from(0x80 - b'9' - 1));
    let underscore = !((x ^ (ONES * u64::from(b'_'))) + ONES * 0x7F);
    let high = (letter | digit | underscore) & (ONES * 0x80);
    // Byte i's bit lands on bit 56 + i, and no two partial products meet.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        unicode_words(text, |w| out.push(w));
        out
    }

    #[test]
    fn simple_chars_join_and_edge_chars_break_as_the_segmenter_says() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            if simple_char(c) {
                let word = format!("a{c}a");
                assert_eq!(reference(&word), [word.as_str()], "U+{:04X}", c as u32);
            }
            if edge_char(c) && !c.is_ascii_whitespace() {
                assert_eq!(reference(&format!("a{c}")), ["a"], "U+{:04X}", c as u32);
                assert_eq!(reference(&format!("{c}a")), ["a"], "U+{:04X}", c as u32);
            }
        }
    }
}

//! Slugs and heading ids: one rule for both, from the spec.
//!
//! Lower-case; every run of characters that are not letters or digits becomes
//! one `-`; trimmed at both ends. Unicode letters are kept, so a Persian or
//! Russian name keeps its script in its URL.
//!
//! A name is compared in one Unicode form (NFC): `é` typed as one character
//! and as `e` plus an accent (as macOS names files) are the same term. The
//! marks that complete a letter (a Devanagari vowel sign or virama) belong
//! to its word; the optional vowel marks and the stretching tatweel of
//! Arabic script are dropped, as search drops them, and Greek final sigma
//! and the Turkish dotted capital `İ` and dotless `ı` are folded, so that
//! a name in capitals and in lower case is one term (`IĞDIR` is `Iğdır`,
//! whose `I` lower-cases to `ı` in Turkish but to `i` everywhere else).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `Esmail Qa'ani` -> `esmail-qa-ani`; `Part II: The Sermon` -> `part-ii-the-sermon`.
pub fn slugify(text: &str) -> String {
    // ASCII is already in NFC: skip the normalizer for most names.
    if text.is_ascii() {
        slug_of(text.chars(), text.len())
    } else {
        slug_of(text.nfc(), text.len())
    }
}

fn slug_of(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_dash = false;
    let mut in_word = false;
    for c in chars {
        // The dot above an `i` (as lower-casing `İ` elsewhere leaves it)
        // is the dot it has anyway.
        if is_arabic_vowel_mark(c) || (c == '\u{307}' && out.ends_with('i')) {
            continue;
        }
        // A soft hyphen, a zero-width space or a direction mark pasted
        // inside a word is no break in it (`Dar\u{AD}vand` is `darvand`,
        // one term). The joiners are kept as breaks: a Persian word's
        // ZWNJ parts it as its spelling does.
        if crate::content::is_invisible(c) && !matches!(c, '\u{200C}' | '\u{200D}') {
            continue;
        }
        if c.is_alphanumeric() || (in_word && is_letter_mark(c)) {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            in_word = true;
            if c == 'İ' {
                // Its lower case is `i` and a combining dot, which would
                // make `İzmir` and `Izmir` two terms that look alike.
                out.push('i');
                continue;
            }
            out.extend(c.to_lowercase().map(|l| match l {
                'ς' => 'σ',
                'ı' => 'i',
                l => l,
            }));
        } else {
            pending_dash = true;
            in_word = false;
        }
    }
    out
}

/// A mark that completes the letter before it (a vowel sign, a virama,
/// an accent with no composed form): not the variation selectors and
/// symbol marks (an emoji's U+FE0F, a keycap's U+20E3), which make no
/// word.
fn is_letter_mark(c: char) -> bool {
    is_combining_mark(c)
        && !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{20D0}'..='\u{20FF}')
}

/// Whether `s` names the slug `slugify(s)`: written in it, or with the
/// letters it folds (`σοφος` for `σοφοσ`, Arabic vowel marks, another
/// Unicode form). File names and `@` references are matched this way.
pub fn names_slug(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
        && s.split('-').all(|word| {
            word.chars()
                .all(|c| c.is_alphanumeric() || is_combining_mark(c))
                && word.chars().any(char::is_alphanumeric)
        })
}

/// Arabic-script harakat, tanwin, shadda, sukun and the superscript alef:
/// optional marks that writers add or leave out; and the tatweel, which
/// only stretches a word (`مـحـمـد` is `محمد`).
fn is_arabic_vowel_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}')
}

/// Whether `text` shows nothing: spaces and invisible marks alone (a
/// zero-width space, a soft hyphen).
pub fn shows_nothing(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
    })
}

/// `text` in NFC, the form names are compared in.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        text.into()
    } else {
        text.nfc().collect::<String>().into()
    }
}

/// A slug is safe as one URL path segment and one file name.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty() && slugify(s) == s
}

/// Bytes a URL path segment may have: each becomes a folder or file name
/// of the output, which file systems limit to 255 bytes (ext4, APFS,
/// NTFS in UTF-16 units); the rest is margin for a name the build adds
/// beside it and for hosts that store names in a longer encoding.
pub const MAX_SEGMENT_BYTES: usize = 200;

/// The first `/`-separated segment of `path` too long to be a file name
/// (see [`MAX_SEGMENT_BYTES`]), counted in UTF-8 bytes of the decoded
/// text, not of its `%XX` form.
pub fn long_segment(path: &str) -> Option<&str> {
    path.split('/').find(|s| s.len() > MAX_SEGMENT_BYTES)
}

/// `text` cut to its first 40 characters, for a message that names an
/// over-long value without repeating all of it.
pub fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Orders names as people read them: a run of digits by its value
/// (`sd-9` before `sd-10`, `Number2` before `Number10`), the rest by
/// code point.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a, b);
    loop {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
            return a.len().cmp(&b.len());
        };
        if digit(x).is_some() && digit(y).is_some() {
            let run = |s: &str| s.find(|c: char| digit(c).is_none()).unwrap_or(s.len());
            let (m, n) = (run(a), run(b));
            let value = |s: &str| -> Vec<u32> {
                s.chars()
                    .filter_map(digit)
                    .skip_while(|&d| d == 0)
                    .collect()
            };
            let (va, vb) = (value(&a[..m]), value(&b[..n]));
            // By value, then the one with fewer leading zeros first.
            let digits = |s: &str| s.chars().count();
            let by = va
                .len()
                .cmp(&vb.len())
                .then(va.cmp(&vb))
                .then(digits(&a[..m]).cmp(&digits(&b[..n])))
                .then(a[..m].cmp(&b[..n]));
            if by != Ordering::Equal {
                return by;
            }
            (a, b) = (&a[m..], &b[n..]);
            continue;
        }
        if x != y {
            // A digit of any script before what is no digit, as `0` is:
            // the order stays one order when scripts mix.
            let as_compared = |c: char| if digit(c).is_some() { '0' } else { c };
            return as_compared(x).cmp(&as_compared(y)).then(x.cmp(&y));
        }
        (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
    }
}

/// The value of a decimal digit in the scripts archives write numbers
/// in: Latin, Arabic-Indic, Persian, Devanagari and Bengali, and the
/// full-width forms East Asian input methods type.
pub(crate) fn digit(c: char) -> Option<u32> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{0966}'..='\u{096F}' => '\u{0966}',
        '\u{09E6}'..='\u{09EF}' => '\u{09E6}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    Some(u32::from(c) - u32::from(zero))
}

/// A name ordered by [`natural_cmp`]: `memo-9` before `memo-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Natural<'a>(pub &'a str);

impl Ord for Natural<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        natural_cmp(self.0, other.0)
    }
}

impl PartialOrd for Natural<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_in_names_are_ordered_by_value() {
        let mut ids = vec![
            "sd-100", "sd-10", "ia-2", "sd-9", "sd-1000", "sd-101", "sd-010",
        ];
        ids.sort_by(|a, b| super::natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "ia-2", "sd-9", "sd-10", "sd-010", "sd-100", "sd-101", "sd-1000"
            ]
        );
        assert!(super::natural_cmp("number2", "number10").is_lt());
        assert!(super::natural_cmp("b", "a1").is_gt());
        assert!(super::natural_cmp("a", "a1").is_lt());
        // Persian and Arabic-Indic digits are numbers too.
        assert!(super::natural_cmp("memo-۲", "memo-۱۰").is_lt());
        assert!(super::natural_cmp("plan ٩", "plan ١٠").is_lt());
        assert!(super::natural_cmp("plan 9", "plan ٩").is_ne());
        // One order when scripts mix: digits of any script before letters.
        let mut ids = vec!["memo-x", "memo-10", "memo-۵"];
        ids.sort_by(|a, b| super::natural_cmp(a, b));
        assert_eq!(ids, ["memo-۵", "memo-10", "memo-x"]);
        assert!(super::natural_cmp("memo-۵", "memo-x").is_lt());
        assert!(super::natural_cmp("memo-৯", "memo-১০").is_lt());
        assert!(super::natural_cmp("memo-９", "memo-10").is_lt());
    }

    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(slugify("Esmail Qa'ani"), "esmail-qa-ani");
        assert_eq!(slugify("Qassem Soleimani"), "qassem-soleimani");
        assert_eq!(slugify("Part II: The Sermon"), "part-ii-the-sermon");
        assert_eq!(slugify("  --Hello--  "), "hello");
        assert_eq!(slugify("IRGC Qods Force"), "irgc-qods-force");
    }

    /// What a paste from a word processor hides inside a word does not
    /// part it; a Persian word's joiner still does.
    #[test]
    fn invisible_characters_inside_a_word_do_not_part_it() {
        assert_eq!(slugify("Kaveh Dar\u{AD}vand"), "kaveh-darvand");
        assert_eq!(
            slugify("Inspec\u{200B}tion\u{200E} Schedule"),
            "inspection-schedule"
        );
        assert_eq!(slugify("\u{202B}Lena\u{202C} Varga\u{FEFF}"), "lena-varga");
        assert_eq!(slugify("خامنه\u{200C}ای"), "خامنه-ای");
    }

    #[test]
    fn unicode_letters_are_kept() {
        assert_eq!(slugify("علی خامنه‌ای"), "علی-خامنه-ای");
        assert_eq!(slugify("Сергей Лавров"), "сергей-лавров");
    }

    #[test]
    fn one_name_in_any_unicode_form_is_one_slug() {
        let composed = "Caf\u{e9} R\u{e9}";
        let decomposed = "Cafe\u{301} Re\u{301}";
        assert_eq!(slugify(composed), slugify(decomposed));
        assert_eq!(slugify(composed), "caf\u{e9}-r\u{e9}");
        assert_eq!(slugify("ΣΟΦΟΣ"), slugify("Σοφος"));
        // Vowel signs and the virama are part of a Devanagari word.
        assert_eq!(slugify("नरेन्द्र मोदी"), "नरेन्द्र-मोदी");
        assert_eq!(slugify("مُحَمَّد"), slugify("محمد"));
        assert!(is_valid_slug("नरेन्द्र-मोदी"));
        // Turkish `İ`, in capitals or lowered elsewhere, is an `i`.
        assert_eq!(slugify("İzmir"), "izmir");
        assert_eq!(slugify("i\u{307}zmir İBRAHİM"), "izmir-ibrahim");
        // Its `I` is the capital of `ı`, which the default lower case
        // makes an `i`: `ı` is one too.
        assert_eq!(slugify("IĞDIR"), slugify("Iğdır"));
        assert_eq!(slugify("Işık Kaya"), "işik-kaya");
        // The tatweel only stretches a word.
        assert_eq!(slugify("مـحـمـد الرشيد"), slugify("محمد الرشيد"));
        // An emoji's variation selector and a keycap make no word.
        assert_eq!(slugify("1\u{FE0F}\u{20E3} First step"), "1-first-step");
        // The spellings that fold name the folded slug.
        for name in [
            "σοφος",
            "مُحَمَّد",
            "مـحـمـد",
            "iğdır",
            "cafe\u{301}-re\u{301}",
            "omar-al-rashid",
        ] {
            assert!(names_slug(name), "{name}");
        }
        for name in ["Omar", "a--b", "-a", "a b", "a/b", "", "a!"] {
            assert!(!names_slug(name), "{name}");
        }
    }

    #[test]
    fn nothing_unsafe_survives() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("..."), "");
        assert!(!is_valid_slug("a/b"));
        assert!(is_valid_slug("a-b"));
    }

    #[test]
    fn segments_are_measured_in_bytes() {
        let persian = "ع".repeat(101);
        assert_eq!(persian.len(), 202);
        assert_eq!(long_segment(&format!("people/{persian}/")), Some(&*persian));
        assert_eq!(long_segment(&format!("people/{}/", "a".repeat(200))), None);
        assert_eq!(shortened(&"ab".repeat(30)).chars().count(), 41);
    }
}

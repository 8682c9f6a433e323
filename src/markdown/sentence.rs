//! The sentence around a reference, which "Cited by" quotes: cut at
//! sentence ends, but not at the full stop of an abbreviation ("No. 8631")
//! or an initial ("J. Smith"), since dispatches cite with both. A quote
//! cut short is cut between graphemes, never between a letter and its
//! marks nor inside an emoji or a flag.

/// The sentence of `text` around byte `at`, at most ~300 characters.
pub(super) fn sentence_around(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let bytes = text.as_bytes();
    // Sentence ends are looked for within REACH bytes either side: a
    // paragraph with no full stop and thousands of references must not be
    // read whole for each. Past that, the quote starts at a word.
    let lo = floor_boundary(text, at.saturating_sub(REACH));
    // (Up to the text's end when it is in reach: its last character may
    // be the mark that ends the sentence, `。`, or the sentence's own.)
    let to_end = at + REACH >= bytes.len();
    let hi = if to_end {
        bytes.len()
    } else {
        floor_boundary(text, at + REACH)
    };
    // The sentence starts after the end before it, and its spaces.
    let found = (lo.max(1)..at.max(1))
        .rev()
        .find_map(|i| sentence_end(text, i))
        .map(|i| i + (text[i..].len() - text[i..].trim_start().len()).min(at - i));
    let (mut start, mut cut) = match found {
        Some(i) => (i, false),
        None if lo == 0 => (0, false),
        None => (lo, true),
    };
    // A quote of a long sentence starts near the reference, so that it
    // shows the reference's own words.
    if at.saturating_sub(start) > LEAD_MAX {
        (start, cut) = (floor_boundary(text, at - LEAD), true);
    }
    if cut {
        start = floor_grapheme(text, cut_start(text, start, at));
    }
    let (end, cut_end) = match (at..hi).find_map(|i| sentence_end(text, i)) {
        Some(end) => (end, false),
        None if to_end => (text.len(), false),
        None => (floor_grapheme(text, hi), true),
    };
    // Runs of spaces (left where a shortcode or a line break was) as one.
    let sentence = text.get(start..end).unwrap_or("").split_whitespace();
    let mut sentence = sentence.collect::<Vec<_>>().join(" ");
    if cut {
        sentence.insert(0, '…');
    }
    if sentence.chars().count() > 300 {
        format!("{}…", cut_at_word(&sentence, 297))
    } else if cut_end {
        // Cut at REACH in four-byte characters (emoji), or with its
        // spaces run together, a quote may be short and still go on.
        sentence + "…"
    } else {
        sentence
    }
}

/// How far from a reference its sentence's ends are looked for.
const REACH: usize = 1200;
/// A sentence that starts more than LEAD_MAX bytes before the reference
/// is quoted from about LEAD bytes before it.
const LEAD_MAX: usize = 240;
const LEAD: usize = 160;

/// Where a quote cut from `from` (before the reference at `at`) starts:
/// at a word, or better at a clause break soon after, and never inside
/// a quotation whose opening mark it would leave out.
fn cut_start(text: &str, from: usize, at: usize) -> usize {
    let mut start = text[from..at]
        .find(char::is_whitespace)
        .map_or(from, |i| from + i);
    let soon = floor_boundary(text, (start + 120).min(at));
    if let Some(i) = text[start..soon].find([',', ';', ':'])
        && text[start + i + 1..].starts_with(' ')
    {
        start += i + 1;
    }
    let head = &text[start..at];
    let closes_first = match (head.find('”'), head.find('“')) {
        (Some(close), open) => open.is_none_or(|open| close < open),
        (None, _) => false,
    };
    let mark = if head.matches('"').count() % 2 == 1 {
        head.find('"').map(|i| i + 1)
    } else if closes_first {
        head.find('”').map(|i| i + '”'.len_utf8())
    } else {
        None
    };
    start + mark.unwrap_or(0)
}

use crate::diagnostic::{floor_char_boundary as floor_boundary, floor_grapheme};

/// The first `max` characters of `text`, ending at a word boundary: a
/// quote cut mid-word ("whose afterm…") reads as a typo. A single word
/// longer than that is cut where it must be.
fn cut_at_word(text: &str, max: usize) -> &str {
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let end = floor_grapheme(text, end);
    if end == text.len() {
        return text;
    }
    // The cut falls between words already when the next character is a
    // space; otherwise back up to the last space before it.
    let head = &text[..end];
    let kept = if text[end..].starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
    };
    // Punctuation left dangling before the ellipsis ("and,…") goes too.
    kept.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')
    })
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "gen", "maj", "lt", "col", "capt", "sgt", "vs",
    "e.g", "i.e", "etc", "cf", "vol", "pp", "p", "art", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "dept", "prof", "sen", "rep", "gov", "govt", "pres",
    "amb", "adm", "cmdr", "sgt", "fig", "approx", "jr", "sr",
];

/// Where the sentence that the punctuation at byte `i` ends ends (just
/// after it), if it ends one: followed by a space, or, for the full-width
/// marks of Chinese and Japanese, which take none, by anything but a
/// closing quotation mark. In doubt it does not: a quote a little too
/// long misquotes no one, one cut at "the U.S." or "9 a.m." does.
fn sentence_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // The first bytes of . ? ! ؟ ۔ । ॥ 。 ！ ？: most bytes are none of them.
    if !matches!(
        bytes.get(i)?,
        b'.' | b'?' | b'!' | 0xD8 | 0xDB | 0xE0 | 0xE3 | 0xEF
    ) {
        return None;
    }
    let mark = text.get(i..)?.chars().next()?;
    let after = i + mark.len_utf8();
    if matches!(mark, '。' | '！' | '？') {
        let next = text[after..].chars().next();
        let closes = next.is_some_and(|c| matches!(c, '」' | '』' | '”' | '’' | '）' | '》' | '"'));
        return (!closes).then_some(after);
    }
    if !matches!(bytes.get(after), Some(b' ' | b'\n')) {
        return None;
    }
    let ends = match mark {
        // Devanagari's danda and double danda end Hindi, Marathi and
        // Nepali sentences (and Sanskrit verses).
        '?' | '!' | '؟' | '۔' | '।' | '॥' => true,
        '.' => {
            let word_start = text[..i]
                .rfind(|c: char| c.is_whitespace() || c == '(')
                .map_or(0, |j| j + 1);
            let word = text[word_start..i].to_lowercase();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            // "U.S", "a.m", "U.N": letters parted by full stops.
            let dotted = word.contains('.')
                && word.split('.').all(|part| {
                    (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
                });
            let next = text[after..].trim_start().chars().next();
            // A sentence does not go on in lower case ("Dept. cited").
            let goes_on = next.is_some_and(char::is_lowercase);
            // A time closes a sentence before a capital ("at 10 a.m.
            // Officials"); "U.S." before one mostly does not ("U.S. Navy").
            let time_ends =
                matches!(word.as_str(), "a.m" | "p.m") && next.is_some_and(char::is_uppercase);
            time_ends || !initial && !dotted && !goes_on && !ABBREVIATIONS.contains(&word.as_str())
        }
        _ => false,
    };
    ends.then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// Whether `quote`, less its ellipses, is a stretch of `text` from one
    /// grapheme boundary to another.
    fn between_graphemes(text: &str, quote: &str) -> bool {
        let part = quote.trim_start_matches('…').trim_end_matches('…');
        let bounds: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
        let bound = |i: usize| i == text.len() || bounds.contains(&i);
        text.match_indices(part)
            .any(|(i, _)| bound(i) && bound(i + part.len()))
    }

    #[test]
    fn a_quote_is_cut_between_graphemes() {
        // Thai vowel and tone marks stay on their consonant at the start.
        let thai = "ที่นี่มีน้ำใจ".repeat(40);
        let text = format!("{thai}กกกอ้างอิงกกก{thai} จบ");
        let quoted = sentence_around(&text, text.find("อ้างอิง").unwrap());
        assert!(
            quoted.starts_with('…') && between_graphemes(&text, &quoted),
            "{quoted}"
        );
        // An accent written apart (NFD) stays on its letter.
        let text = format!("{}x tail.", "e\u{301}".repeat(100));
        let quoted = sentence_around(&text, text.find('x').unwrap());
        assert!(between_graphemes(&text, &quoted), "{quoted}");
        let text = format!("x{}", "e\u{301}".repeat(400));
        let quoted = sentence_around(&text, 0);
        assert!(between_graphemes(&text, &quoted), "{quoted}");
        // Skin tones, families and flags are not split at the end.
        for emoji in ["👍🏽", "👨\u{200d}👩\u{200d}👧", "🇮🇷"] {
            for n in 290..298 {
                let text = format!("x{}{}{}", "中".repeat(n), emoji.repeat(6), "中".repeat(60));
                let quoted = sentence_around(&text, 0);
                assert!(quoted.ends_with('…'), "{quoted}");
                assert!(between_graphemes(&text, &quoted), "{n} {quoted}");
            }
        }
    }

    #[test]
    fn flags_pair_as_written_however_long_the_run() {
        // The cuts fall after an odd number of regional indicators: the
        // pairs are told from the run's start, well before them.
        let text = format!("xy{}{}", "中".repeat(150), "🇮🇷".repeat(100));
        let quoted = sentence_around(&text, 0);
        assert!(between_graphemes(&text, &quoted), "{quoted}");
        let flags = "🇮🇷".repeat(30);
        for i in (0..=flags.len()).step_by(4) {
            assert_eq!(floor_grapheme(&flags, i), i - i % 8, "{i}");
        }
        assert_eq!(floor_grapheme("ab", 1), 1);
        assert_eq!(floor_grapheme("", 0), 0);
        // A cluster longer than the window is cut where it must be.
        let heap = format!("a{}b", "\u{301}".repeat(crate::diagnostic::GRAPHEME_WINDOW));
        assert_eq!(floor_grapheme(&heap, heap.len() - 3), heap.len() - 3);
    }

    #[test]
    fn a_quote_cut_at_reach_says_it_goes_on() {
        let text = format!("Start. {}", "👍".repeat(400));
        let quoted = sentence_around(&text, 7);
        assert!(quoted.ends_with('…'), "{quoted}");
    }

    #[test]
    fn a_paragraph_s_last_character_is_quoted_whole() {
        for (text, quote) in [
            ("前面。我们参见这里的内容。", "我们参见这里的内容。"),
            ("Before. We met at the café", "We met at the café"),
            ("Before. Great news here 🎉", "Great news here 🎉"),
            (
                "پیش. به این نگاه کنید که مهم است",
                "به این نگاه کنید که مهم است",
            ),
            (
                "Before. He said “we cite it today.”",
                "He said “we cite it today.”",
            ),
        ] {
            let at = text.find(quote).unwrap() + 6;
            let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            assert_eq!(sentence_around(text, at), quote, "{text}");
        }
    }

    #[test]
    fn a_sentence_starting_just_in_lead_is_quoted_whole() {
        // The sentence starts LEAD_MAX bytes before the reference, after
        // the space that follows the full stop before it.
        let sentence = format!("{} ref here.", "W".repeat(LEAD_MAX - 1));
        let text = format!("First one. {sentence}");
        let at = text.find("ref").unwrap();
        assert_eq!(at - text.find('W').unwrap(), LEAD_MAX);
        assert_eq!(sentence_around(&text, at), sentence);
    }

    #[test]
    fn arabic_and_full_width_marks_end_sentences() {
        let text = "جملة أولى؟ كلمة قبل x بعد ؟ جملة أخرى.";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "كلمة قبل x بعد ؟"
        );
        let text = "پہلا جملہ۔ دوسرا x جملہ۔ تیسرا";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "دوسرا x جملہ۔"
        );
        let text = "पहला वाक्य। दूसरा x वाक्य। तीसरा";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "दूसरा x वाक्य।"
        );
        // Chinese and Japanese write no space after them.
        let text = "第一句。第二句x在这里。第三句！";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "第二句x在这里。"
        );
        let text = "你好！他说x了吗？好的。";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "他说x了吗？"
        );
        // A full stop inside a quotation does not end the sentence quoting it.
        let text = "他说：“走吧。”然后x走了。下一句。";
        assert_eq!(
            sentence_around(text, text.find('x').unwrap()),
            "他说：“走吧。”然后x走了。"
        );
    }

    #[test]
    fn sentence_helper_is_char_safe() {
        assert_eq!(sentence_around("Ça va. Très bien! Oui", 9), "Très bien!");
        assert_eq!(sentence_around("", 0), "");
        assert_eq!(
            sentence_around("Intro  as\nnoted. Next.", 3),
            "Intro as noted."
        );
        assert_eq!(
            sentence_around(
                "Before. As set out in Special Dispatch No. 8631 and by J. Smith. After.",
                20
            ),
            "As set out in Special Dispatch No. 8631 and by J. Smith."
        );
    }

    #[test]
    fn abbreviations_with_inner_stops_and_lower_case_go_on() {
        let text = "The committee met. Officials in the U.S. cited the welcome in their briefing at 9 a.m. on Friday. Later.";
        let at = text.find("the welcome").unwrap();
        assert_eq!(
            sentence_around(text, at),
            "Officials in the U.S. cited the welcome in their briefing at 9 a.m. on Friday."
        );
        let text = "Before. The State Dept. cited it at 3 p.m. in Washington. After.";
        assert_eq!(
            sentence_around(text, text.find("cited").unwrap()),
            "The State Dept. cited it at 3 p.m. in Washington."
        );
        let text = "The meeting is at 10 a.m. Officials will cite it there. Later.";
        assert_eq!(
            sentence_around(text, text.find("cite").unwrap()),
            "Officials will cite it there."
        );
        // Plain sentence ends still end.
        assert_eq!(sentence_around("One. Two here. Three.", 7), "Two here.");
    }

    #[test]
    fn a_reference_deep_in_a_sentence_is_quoted_from_near_it() {
        let text = format!("{} target here", "word ".repeat(1000));
        let at = text.find("target").unwrap();
        let quoted = sentence_around(&text, at);
        assert!(quoted.starts_with("…word"), "{quoted}");
        assert!(quoted.ends_with("target here"), "{quoted}");
        // Not a paragraph read whole for each of thousands of references.
        let many = "[x] ".repeat(100_000);
        for at in (0..many.len()).step_by(4000) {
            assert!(sentence_around(&many, at).chars().count() <= 301);
        }
    }

    #[test]
    fn a_quote_cut_near_the_reference_starts_outside_quotations() {
        let text = format!(
            "{} reported \"the use of vessels to carry materiel\" for armed groups on the shore, including the Front, whose threats were reported in the dispatch.",
            "word ".repeat(60)
        );
        let at = text.find("the dispatch").unwrap();
        let quoted = sentence_around(&text, at);
        assert!(!quoted.contains('"'), "{quoted}");
        assert!(quoted.starts_with('…'), "{quoted}");
    }

    #[test]
    fn a_long_sentence_is_cut_between_words() {
        // 60 five-letter words: 359 characters, cut near 297.
        let words: Vec<String> = (0..60).map(|i| format!("w{i:03}x")).collect();
        let long = words.join(" ") + ".";
        let quoted = sentence_around(&long, 0);
        let head = quoted.strip_suffix('…').expect("ends in an ellipsis");
        assert!(head.chars().count() <= 297, "{head}");
        let last = head.rsplit(' ').next().unwrap();
        assert!(words.iter().any(|w| w == last), "cut mid-word: {last}");
        // With no space to cut at, a single long word is cut where it must be.
        let one = "a".repeat(400);
        assert_eq!(sentence_around(&one, 0).chars().count(), 298);
        assert_eq!(cut_at_word("one two, three", 9), "one two");
        assert_eq!(cut_at_word("one two three", 7), "one two");
    }
}

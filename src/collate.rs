//! The order names are listed in (a taxonomy's terms, the search page's
//! filters): alphabetical as a reader looks a name up, in every script.
//!
//! Sorting by code point files `Élodie`, `Ørsted` and `Şahin` after `Zoe`,
//! and the Persian letters `پ چ ژ گ` after `و`. So a name is compared by a
//! key of *primary letters*: lower case, with the folding the search
//! already applies to a query (accents off Latin and Greek letters, `ø`
//! as `o`, Arabic and Persian forms of one letter as one, Arabic-Indic
//! digits as digits), the letters an alphabet adds (Persian `پ`,
//! Ukrainian `і`, Serbian `ђ`, Azerbaijani `ə`) after the ones they come
//! from, numbers by value, words apart, and punctuation
//! and transliteration marks (`ʿAbd`, `O'Brien`) left out. Names whose
//! keys are equal (`Ä` and `A`) are ordered as written, so the order is
//! total and the same on every machine.
//!
//! No CLDR tailoring: a Swedish `Ö` files under `O`, as in a root
//! collation, which is also the browser's default order.

use std::cmp::Ordering;

use crate::search::{fold_into, lower_into};
use crate::slug::digit;

/// A name's place in a list; see the module's comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    weights: Vec<u32>,
    name: String,
}

/// Between two words: before every letter and number, so that `Al Jazeera`
/// comes before `Alan`.
const SPACE: u32 = 1;
/// Opens a number: its digit count, then its digits (leading zeros left
/// out), so that `9` comes before `10`.
const NUMBER: u32 = 2;

impl Key {
    pub fn new(name: &str) -> Self {
        let mut lower = String::new();
        let mut weights = Vec::with_capacity(name.len());
        // Word by word: `lower_into` reads one word (it drops the marks a
        // word may carry, and refuses a very long one).
        for word in name.split(is_space).filter(|w| !w.is_empty()) {
            let text = if lower_into(word, &mut lower) {
                lower.as_str()
            } else {
                word
            };
            let start = weights.len();
            push_word(text, &mut weights);
            if weights.len() > start {
                weights.insert(start, SPACE);
            }
        }
        if weights.first() == Some(&SPACE) {
            weights.remove(0);
        }
        Key {
            weights,
            name: name.to_string(),
        }
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.weights
            .cmp(&other.weights)
            .then_with(|| crate::slug::natural_cmp(&self.name, &other.name))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A name's letters and digits as a reader tells names apart: in
/// compatibility form (`ﬁ` is `fi`, full-width letters are letters), lower
/// case, folded as a query is (see the module's comment), without
/// punctuation or transliteration marks, words parted by one space. Two
/// names with the same letters (`Qāssem` and `Qassem`, `علي` and `علی`)
/// are most likely one name spelt two ways. Digits are kept as written
/// (`Agent 007` is not `Agent 7`).
pub fn letters(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let compatible: String = name.nfkc().collect();
    let (mut lower, mut folded, mut out) = (String::new(), String::new(), String::new());
    for word in compatible.split(is_space).filter(|w| !w.is_empty()) {
        if !lower_into(word, &mut lower) {
            // Too long a word for search's rules: as it is, lower case.
            lower = word.to_lowercase();
        }
        fold_into(&lower, &mut folded);
        // (Hebrew points are marks of a letter, as Arabic harakat are.)
        let kept: String = folded
            .chars()
            .filter(|&c| {
                c.is_alphanumeric() && !is_mark(c) && !('\u{0591}'..='\u{05C7}').contains(&c)
            })
            .collect();
        if !kept.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&kept);
        }
    }
    out
}

/// What parts a name into words: white space, and dashes, slashes and
/// underscores, which a slug writes as `-` too.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—' | '/' | '_' | '\u{2212}')
}

/// Appends the weights of one lowered word: its letters, folded, and its
/// numbers.
fn push_word(word: &str, weights: &mut Vec<u32>) {
    let (mut one, mut folded) = (String::new(), String::new());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(first) = digit(c) {
            let mut digits = vec![first];
            while let Some(d) = chars.peek().copied().and_then(digit) {
                digits.push(d);
                chars.next();
            }
            let value: Vec<u32> = digits.into_iter().skip_while(|&d| d == 0).collect();
            weights.push(NUMBER);
            weights.push(value.len() as u32);
            weights.extend(value);
        } else if c == 'آ' {
            // Persian's first letter, before `ا` (which search folds it to).
            weights.push(u32::from('ا') * 4 - 1);
        } else if c.is_alphanumeric() && !is_mark(c) {
            one.clear();
            one.push(c);
            fold_into(&one, &mut folded);
            weights.extend(folded.chars().map(letter));
        }
    }
}

/// Transliteration marks (`ʿ`, `ʾ`) and other modifier letters, which
/// a name is not looked up by.
fn is_mark(c: char) -> bool {
    ('\u{02B0}'..='\u{02FF}').contains(&c)
}

/// A letter's weight: its code point (times four, to leave room), but
/// for the letters an alphabet adds to the one it is written from, each
/// just after the letter it comes from: Persian `پ` after `ب`, Ukrainian
/// `і` and `ї` after `и`, Serbian `ђ` after `д`, Azerbaijani `ə` after
/// `e`. (`ک` and `ی` are already `ك` and `ي`, see `lower_into`.) Katakana
/// is weighed as the hiragana it spells, so the two interleave.
fn letter(c: char) -> u32 {
    let after = |base: char, n: u32| u32::from(base) * 4 + n;
    match c {
        'پ' => after('ب', 1),
        'چ' => after('ج', 1),
        'ژ' => after('ز', 1),
        'گ' => after('ك', 1),
        'ґ' => after('г', 1),
        'ѓ' => after('г', 2),
        'ђ' => after('д', 1),
        'є' => after('е', 1),
        'ѕ' => after('з', 1),
        'і' => after('и', 1),
        'ї' => after('и', 2),
        'ј' => after('и', 3),
        'ќ' => after('к', 1),
        'љ' => after('л', 1),
        'њ' => after('н', 1),
        'ћ' => after('т', 1),
        'ў' => after('у', 1),
        'џ' => after('ч', 1),
        'ə' => after('e', 1),
        '\u{30A1}'..='\u{30F6}' => (u32::from(c) - 0x60) * 4,
        _ => u32::from(c) * 4,
    }
}

#[cfg(test)]
mod tests {
    use super::Key;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut keys: Vec<Key> = names.iter().map(|n| Key::new(n)).collect();
        keys.sort();
        keys.into_iter().map(|k| k.name).collect()
    }

    #[test]
    fn accented_letters_file_under_their_base_letter() {
        assert_eq!(
            sorted(&[
                "Zoe Adams",
                "Élodie Martin",
                "Elena Berg",
                "Ørsted Hansen",
                "Oscar Olsen",
                "Şahin Yılmaz",
                "Sara Stone",
                "Łukasz"
            ]),
            [
                "Elena Berg",
                "Élodie Martin",
                "Łukasz",
                "Ørsted Hansen",
                "Oscar Olsen",
                "Şahin Yılmaz",
                "Sara Stone",
                "Zoe Adams"
            ]
        );
        // Equal but for an accent: the plain one first, every time.
        assert_eq!(sorted(&["Ä Test", "A Test"]), ["A Test", "Ä Test"]);
        assert_eq!(
            sorted(&["Юрий", "Ёлка", "Александр"]),
            ["Александр", "Ёлка", "Юрий"]
        );
    }

    #[test]
    fn added_letters_follow_the_letters_they_come_from() {
        assert_eq!(
            sorted(&["Яків", "Ігор", "Єва", "Ева", "Ґанна", "Дмитро"]),
            ["Ґанна", "Дмитро", "Ева", "Єва", "Ігор", "Яків"]
        );
        assert_eq!(
            sorted(&["Жарко", "Јован", "Ђорђе", "Иван"]),
            ["Ђорђе", "Жарко", "Иван", "Јован"]
        );
        assert_eq!(
            sorted(&["Zaur", "Əli", "Fuad", "Elçin"]),
            ["Elçin", "Əli", "Fuad", "Zaur"]
        );
        assert_eq!(sorted(&["カ", "き", "か"]), ["か", "カ", "き"]);
    }

    #[test]
    fn persian_letters_follow_the_persian_alphabet() {
        assert_eq!(
            sorted(&[
                "یاسر",
                "گلناز",
                "کاوه",
                "چنگیز",
                "پرویز",
                "بهرام",
                "احمد",
                "آرش",
                "لیلا"
            ]),
            [
                "آرش",
                "احمد",
                "بهرام",
                "پرویز",
                "چنگیز",
                "کاوه",
                "گلناز",
                "لیلا",
                "یاسر"
            ]
        );
    }

    #[test]
    fn names_spelt_two_ways_have_the_same_letters() {
        use super::letters;
        for (a, b) in [
            ("Qāssem Soleimānī", "Qassem Soleimani"),
            ("ʿAbd al-Malik", "Abd al-Malik"),
            ("علي", "علی"),
            ("أحمد", "احمد"),
            ("فاطمة", "فاطمه"),
            ("ﬁrst", "first"),
            ("Ｑａｓｓｅｍ", "Qassem"),
            ("שָׁלוֹם", "שלום"),
        ] {
            assert_eq!(letters(a), letters(b), "{a} {b}");
        }
        assert_ne!(letters("Agent 007"), letters("Agent 7"));
        assert_ne!(letters("Ali"), letters("Alia"));
        let (long_a, long_b) = ("a".repeat(70), format!("{}b", "a".repeat(69)));
        assert_ne!(letters(&long_a), letters(&long_b));
    }

    #[test]
    fn numbers_words_and_marks() {
        assert_eq!(
            sorted(&[
                "Agent 100",
                "Agent 10",
                "Agent 7",
                "Agent 007",
                "بیانیه ۱۰",
                "بیانیه ۲",
                "Item १०",
                "Item ९"
            ]),
            [
                "Agent 7",
                "Agent 007",
                "Agent 10",
                "Agent 100",
                "Item ९",
                "Item १०",
                "بیانیه ۲",
                "بیانیه ۱۰"
            ]
        );
        assert_eq!(
            sorted(&[
                "Alan",
                "Al Jazeera",
                "ʿAbd al-Karim",
                "Abbas",
                "O'Brien",
                "Obama"
            ]),
            [
                "Abbas",
                "ʿAbd al-Karim",
                "Al Jazeera",
                "Alan",
                "Obama",
                "O'Brien"
            ]
        );
        // Case is no matter; punctuation alone still gives an order.
        assert_eq!(sorted(&["banana", "Apple"]), ["Apple", "banana"]);
        assert_eq!(sorted(&["C++", "C#", "C"]), ["C", "C#", "C++"]);
    }
}

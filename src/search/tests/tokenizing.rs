//! Tokenizing: scripts, folding, stemming, and the fast paths agreeing
//! with the reference segmenter.

use super::*;

#[test]
fn tokenizes_latin_with_folding_numbers_and_apostrophes() {
    assert_eq!(
        tokenize(
            "Héllo, WORLD! Café’s 8631 sd-8631 U.S. 1,000.5 re:Ünïcode",
            "und"
        ),
        [
            "hello", "world", "cafe's", "8631", "sd", "8631", "u.s", "1,000.5", "re", "unicode"
        ]
    );
    assert_eq!(
        tokenize("Straße ŁÓDŹ Œuvre", "xx"),
        ["strasse", "lodz", "oeuvre"]
    );
    // Latin Extended-B and Additional: Romanian and Vietnamese letters,
    // precomposed or decomposed (the combining marks are dropped).
    let decomposed = "Nguye\u{302}\u{303}n";
    assert_eq!(
        tokenize(&format!("București Nguyễn Thiệu Ơn Ưu {decomposed}"), "xx"),
        ["bucuresti", "nguyen", "thieu", "on", "uu", "nguyen"]
    );
}

#[test]
fn words_with_inner_punctuation_are_found_as_readers_type_them() {
    let docs = [
        doc(
            "a-1",
            "One",
            "Some 2,000 sailors, 12.000 euro and 1.5 million tonnes. The U.S. and the I.R.G.C. met O'Brien at www.harbourwatch.example.com; they don't know.",
        ),
        doc("a-2", "Two", "Nothing of the kind: 15 boats."),
    ];
    let (_d, idx) = index(&docs);
    for q in [
        "2000",
        "2,000",
        "12000",
        "us",
        "u.s",
        "irgc",
        "obrien",
        "brien",
        "harbourwatch",
    ] {
        assert_eq!(idx.query(q), [0], "{q}");
    }
    // A decimal is not a grouped number, and a contraction keeps its word.
    assert_eq!(idx.query("15"), [1]);
    assert_eq!(idx.query("don"), Vec::<u32>::new());
    // Every host shares its `www` and its last part: they find none.
    assert_eq!(idx.query("example"), [0]);
    assert_eq!(idx.query("com"), Vec::<u32>::new());
    assert_eq!(idx.query("www"), Vec::<u32>::new());
}

#[test]
fn a_turkish_name_is_found_without_its_case_ending() {
    let mut ending = doc(
        "t-1",
        "Iğdır’da elektrik kesintisi",
        "Heyet Ankara'ya döndü.",
    );
    ending.text.language = "tr";
    // The bare names elsewhere: each spelling is a word of the archive.
    let mut bare = doc(
        "t-2",
        "Doğu illeri",
        "Iğdır valiliği toplandı. Ankara sessiz.",
    );
    bare.text.language = "tr";
    let (_d, idx) = index(&[ending, bare]);
    for (q, found) in [
        ("Iğdır", [0, 1].as_slice()),
        ("ığdır", &[0, 1]),
        ("Ankara", &[0, 1]),
        ("ankaraya", &[0]),
        ("Ankara'ya", &[0]),
    ] {
        let mut docs = idx.query(q);
        docs.sort_unstable();
        assert_eq!(docs, found, "{q}");
    }
    // Not an English contraction's first part.
    let en = doc("e-1", "One", "They don't know.");
    let (_d, idx) = index(&[en]);
    assert_eq!(idx.query("don"), Vec::<u32>::new());
}

#[test]
fn an_arabic_word_is_found_without_the_conjunction_on_its_article() {
    let mut ar = doc("a-1", "One", "ذهبوا والقاهرة بعيدة، وبالقلم كتب. والد");
    ar.text.language = "ar";
    let (_d, idx) = index(&[ar]);
    for q in ["القاهرة", "والقاهرة", "بالقلم", "والد"] {
        assert_eq!(idx.query(q), [0], "{q}");
    }
    // Too short after its article to be one.
    assert_eq!(idx.query("الد"), Vec::<u32>::new());
    // A noun is found bare, as readers name it: `قاهرة`, `قلم`.
    for q in ["قاهرة", "قلم"] {
        assert_eq!(idx.query(q), [0], "{q}");
    }
}

#[test]
fn an_arabic_noun_is_found_bare_in_any_dispatch_but_a_short_word_is_not() {
    let en = doc("e-1", "One", "The post said السفن في الله and more.");
    let (_d, idx) = index(&[en]);
    assert_eq!(idx.query("سفن"), [0]);
    assert_eq!(idx.query("له"), Vec::<u32>::new());
    // Persian words may begin with an `ال` that is no article.
    let mut fa = doc("f-1", "One", "البته او به کوه البرز رفت.");
    fa.text.language = "fa";
    let (_d, idx) = index(&[fa]);
    assert_eq!(idx.query("البرز"), [0]);
    assert_eq!(idx.query("برز"), Vec::<u32>::new());
}

#[test]
fn folds_arabic_alef_and_teh_marbuta_as_people_type_them() {
    assert_eq!(
        surfaces("الإمارات أحمد آل ٱلله المدرسة"),
        ["الامارات", "احمد", "ال", "الله", "المدرسه"]
    );
}

#[test]
fn full_width_ascii_is_ascii() {
    assert_eq!(
        tokenize("ｄａｒｖａｎｄ ８６０５ Ｒｅｐｏｒｔ", "fa"),
        ["darvand", "8605", "report"]
    );
}

#[test]
fn tokenizes_persian_script() {
    // ZWNJ inside words dropped, Persian yeh/kaf unified with the Arabic
    // letters, Persian digits made ASCII.
    let tokens = tokenize("می‌خواهم کتاب‌ها را بخوانم ۸۶۳۱", "fa");
    assert_eq!(tokens, ["ميخواهم", "كتابها", "را", "بخوانم", "8631"]);
    // Harakat and tatweel are removed.
    assert_eq!(tokenize("كَتَبَ كتـــاب", "fa"), ["كتب", "كتاب"]);
    // Typing without ZWNJ or with Persian letters lands on the same forms.
    assert_eq!(surfaces("ميخواهم كتابها"), ["ميخواهم", "كتابها"]);
}

#[test]
fn tokenizes_cyrillic_and_greek() {
    assert_eq!(
        tokenize("Привет, МИР! Ёлка", "und"),
        ["привет", "мир", "елка"]
    );
    assert_eq!(tokenize("ΟΔΟΣ Λόγος", "und"), ["οδοσ", "λογοσ"]);
}

#[test]
fn stems_english_and_russian() {
    let en = tokenize("running runs run", "en");
    assert!(en.iter().all(|t| t == "run"), "{en:?}");
    let ru = tokenize("книга книги книгу", "ru-RU");
    assert!(ru.iter().all(|t| t == &ru[0]), "{ru:?}");
    // Unstemmed languages keep the surface.
    assert_eq!(tokenize("running", "fa"), ["running"]);
}

#[test]
fn fast_segmentation_matches_unicode_words() {
    fn words(text: &str, split: impl Fn(&str, &mut dyn FnMut(&str))) -> Vec<String> {
        let mut out = Vec::new();
        split(text, &mut |w: &str| out.push(w.to_string()));
        out
    }
    // Every ASCII class the rules distinguish, plus neighbours that must
    // send a piece down the Unicode path (accents, NBSP, combining marks),
    // and what simple pieces are made of (Cyrillic, Arabic and Persian
    // letters, an Arabic-Indic digit, ZWNJ, punctuation at their edges).
    let alphabet: Vec<char> =
        "aZ09_.',;:\"-! \t\n\r\u{0B}\u{0C}é\u{00A0}\u{0301}بжی٣\u{200C}«»،—’\u{0483}"
            .chars()
            .collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    // Short texts for the rules, a few long ones for the blocks: some
    // with whitespace (cut into blocks), some without (the scalar loop).
    for round in 0..20_040 {
        let len = if round < 20_000 { 12 } else { 9_000 };
        let no_space = round % 2 == 1 && len > 12;
        let mut text = String::new();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Long texts stay ASCII, so that they take the fast paths.
            let pick = if len > 12 {
                &alphabet[..16]
            } else {
                &alphabet[..]
            };
            let c = pick[(state % pick.len() as u64) as usize];
            text.push(if no_space && c.is_whitespace() {
                'x'
            } else {
                c
            });
        }
        let fast = words(&text, |t, f| segment::for_each_word(t, f));
        let reference = words(&text, |t, f| segment::unicode_words(t, f));
        assert_eq!(fast, reference, "segmenting {text:?}");
    }
}

#[test]
fn keyed_lookups_agree_across_case_and_script() {
    // Case variants of a short Cyrillic word, a long one (no key), and
    // ASCII words inside a piece that is not ASCII (an em dash).
    let mut docs = vec![
        doc("r-1", "Слово", "Длинноеслововтексте здесь."),
        doc("r-2", "Другое", "слово и СЛОВО, foo—bar."),
        doc("r-3", "Третье", "Ничего нет. FOO bar."),
    ];
    for d in &mut docs {
        d.text.language = "ru";
    }
    let (_d, idx) = index(&docs);
    let sorted = |mut v: Vec<u32>| {
        v.sort();
        v
    };
    assert_eq!(sorted(idx.query("слово")), [0, 1]);
    assert_eq!(sorted(idx.query("СЛОВО")), [0, 1]);
    assert_eq!(idx.query("длинноеслововтексте"), [0]);
    assert_eq!(sorted(idx.query("foo")), [1, 2]);
    assert_eq!(sorted(idx.query("bar")), [1, 2]);
}

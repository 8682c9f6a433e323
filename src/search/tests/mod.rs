//! Tests of the written index, read back through the test-only decoder
//! in `reader.rs` (the same steps `search.js` takes); tokenizing's are
//! in `tokenizing.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::reader::{Index, decode_doc_set, surfaces};
use super::*;

pub(super) fn doc<'a>(id: &'a str, title: &'a str, body: &'a str) -> SearchDoc<'a> {
    SearchDoc {
        text: DocText {
            id,
            title,
            summary: "",
            names: "",
            language: "en",
            body_len: body.len(),
        },
        // Tests keep the whole body here: `write` hands it out again.
        excerpt: body,
        url: "x/",
        date: "2020-01-01",
        date_display: "January 1, 2020".into(),
        lang: None,
        series: None,
        series_title: None,
        number: None,
        formerly: Vec::new(),
        authors: &[],
        facets: Vec::new(),
    }
}

/// A doc's terms in taxonomy `key` (titled as the key).
pub(super) fn facet<'a>(key: &'a str, terms: &[(&'a str, &'a str)]) -> Facet<'a> {
    Facet {
        key,
        title: key,
        terms: terms.to_vec(),
    }
}

fn write(docs: &[SearchDoc<'_>], dir: &Path) -> std::io::Result<IndexStats> {
    let names = super::SiteNames {
        title: "Test Site",
        series: "Series",
        year: "Year",
    };
    write_index(docs, &|i| docs[i].excerpt.into(), names, dir)
}

fn index(docs: &[SearchDoc<'_>]) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().expect("tempdir");
    write(docs, dir.path()).expect("write");
    let idx = Index::open(dir.path());
    (dir, idx)
}

#[test]
fn title_match_beats_body_match() {
    let docs = [
        doc(
            "a-1",
            "Weather report",
            "A zebra was seen near the river. Zebras!",
        ),
        doc("a-2", "Zebra sighting", "Animals were seen near the river."),
        doc("a-3", "Nothing", "No animals here."),
    ];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("zebra"), [1, 0]);
    assert_eq!(
        idx.query("ZEBRAS"),
        [1, 0],
        "stemmed match through the surface map"
    );
    assert_eq!(idx.query("zebra river"), [1, 0]);
    let entry = idx.lookup("zebras");
    assert_eq!(entry.terms.len(), 1);
    assert_eq!(
        entry.terms[0].name, "zebra",
        "the stem is stored for highlighting"
    );
    assert_eq!(idx.query("zebra nothing"), Vec::<u32>::new());
}

#[test]
fn a_title_that_is_the_query_beats_a_body_that_repeats_it() {
    let filler = "Officials reviewed the tides, the fees and the berths of the quay. ";
    let repeats = format!("{}{}", "The blockade held. ".repeat(7), filler.repeat(3));
    let long = format!("{} The blockade was noted once.", filler.repeat(20));
    let docs = [
        doc(
            "a-1",
            "Blockade",
            "A short note on the measures taken at the port.",
        ),
        doc("a-2", "Kappa analysis", &repeats),
        doc("a-3", "Long report", &long),
    ];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("blockade"), [0, 1, 2]);
}

#[test]
fn authors_and_terms_are_found_by_name_above_a_mention() {
    let mut tagged = doc("a-1", "Port report", "Ships came in.");
    tagged.text.names = "Helena Marrow-Quist\nKaveh Darvand\n";
    let docs = [
        doc("a-2", "Another report", "Darvand was quoted once."),
        tagged,
        doc("a-3", "Nothing", "No names here."),
    ];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("marrow-quist"), [1]);
    assert_eq!(idx.query("helena"), [1]);
    // Named in the front matter outranks mentioned in passing.
    assert_eq!(idx.query("darvand"), [1, 0]);
    assert_eq!(idx.query("\"kaveh darvand\""), [1]);
}

#[test]
fn phrases_require_adjacent_words() {
    let docs = [
        doc("a-1", "One", "The quick brown fox jumps."),
        doc("a-2", "Two", "Brown and quick, the fox."),
        doc("a-3", "Three", "Quick brown foxes were running."),
    ];
    let (_d, idx) = index(&docs);
    let mut all = idx.query("quick brown");
    all.sort();
    assert_eq!(all, [0, 1, 2]);
    let mut phrase = idx.query("\"quick brown\"");
    phrase.sort();
    assert_eq!(phrase, [0, 2]);
    assert_eq!(idx.query("\"brown fox\""), [2, 0], "foxes stems to fox");
    // Fields are separated: "one the" spans title and body of doc 0.
    assert_eq!(idx.query("\"one the\""), Vec::<u32>::new());
}

#[test]
fn phrases_stay_within_a_block() {
    // Lines of the body text are its blocks: a paragraph, a heading, a
    // note. Blank lines or not, a phrase does not run from one into the
    // next, and the words still count once each.
    let docs = [
        doc("a-1", "One", "The harbour closed.\n\nShips arrived late."),
        doc("a-2", "Two", "The harbour closed.\nShips arrived late."),
        doc(
            "a-3",
            "Three",
            "Then the harbour closed ships arrived late.",
        ),
    ];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("\"closed ships\""), [2]);
    let mut words = idx.query("closed ships");
    words.sort();
    assert_eq!(words, [0, 1, 2]);
    let mut within = idx.query("\"ships arrived\"");
    within.sort();
    assert_eq!(within, [0, 1, 2]);
    // A summary is one block, however its front matter wraps it.
    let mut wrapped = doc("b-1", "Four", "Body.");
    wrapped.text.summary = "The quartermaster general\nannounced a curfew.";
    let (_d, idx) = index(&[wrapped]);
    assert_eq!(idx.query("\"general announced\""), [0]);
}

#[test]
fn facet_files_hold_counts_and_docs() {
    let mut docs = vec![
        doc("sd-1", "A", "x"),
        doc("ia-2", "B", "x"),
        doc("sd-3", "C", "x"),
    ];
    docs[0].series = Some("special-dispatch");
    docs[0].series_title = Some("Special Dispatch");
    docs[2].series = Some("special-dispatch");
    docs[1].series = Some("inquiry-analysis");
    docs[2].date = "2021-05-05";
    docs[0].facets = vec![facet("people", &[("ali-x", "Ali X"), ("bo-y", "Bo Y")])];
    docs[2].facets = vec![facet("people", &[("ali-x", "Ali X")])];
    docs[1].facets = vec![facet("people", &[])];
    for d in &mut docs {
        d.facets[0].title = "Persons named";
    }
    let (_d, idx) = index(&docs);
    let keys: Vec<&str> = idx.meta["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["series", "people", "year"]);
    // A filter group is labelled with its taxonomy's title.
    assert_eq!(idx.meta["facets"][1]["title"], "Persons named");
    let people: BTreeMap<String, (String, Vec<u32>)> = idx
        .facet("people")
        .into_iter()
        .map(|(v, n, d)| (v, (n, d)))
        .collect();
    assert_eq!(people["ali-x"], ("Ali X".to_owned(), vec![0, 2]));
    assert_eq!(people["bo-y"].1, [0]);
    let series = idx.facet("series");
    assert_eq!(
        series[1],
        (
            "special-dispatch".to_owned(),
            "Special Dispatch".to_owned(),
            vec![0, 2]
        )
    );
    assert_eq!(series[0].1, "inquiry-analysis", "falls back to the key");
    let years = idx.facet("year");
    assert_eq!(
        years,
        [
            ("2020".into(), "2020".into(), vec![0, 1]),
            ("2021".into(), "2021".into(), vec![2])
        ]
    );
}

#[test]
fn records_name_the_authors_and_terms_a_result_may_have_matched() {
    let authors = ["Research Staff".to_owned()];
    let mut docs = vec![doc("sd-1", "A", "x"), doc("sd-2", "B", "x")];
    docs[0].authors = &authors;
    docs[0].facets = vec![
        facet("people", &[("ali-x", "Ali X"), ("bo-y", "Bo Y")]),
        facet("regions", &[]),
        facet("year", &[("y", "Y")]),
    ];
    docs[1].facets = vec![facet("people", &[]), facet("regions", &[])];
    let dir = tempfile::tempdir().expect("tempdir");
    write(&docs, dir.path()).expect("write");
    let records: serde_json::Value =
        serde_json::from_slice(&fs::read(Index::open(dir.path()).file("d/0.json")).unwrap())
            .unwrap();
    assert_eq!(records[0]["authors"], serde_json::json!(["Research Staff"]));
    // Keyed as the facet files are (`year` is the search's own).
    assert_eq!(
        records[0]["terms"],
        serde_json::json!({"people": ["Ali X", "Bo Y"], "t-year": ["Y"]})
    );
    let second = records[1].as_object().unwrap();
    assert!(!second.contains_key("authors") && !second.contains_key("terms"));
}

#[test]
fn id_and_number_lookup_pin_the_doc() {
    let mut docs = vec![
        doc("sd-8631", "Sanctions", "Unrelated text."),
        doc(
            "ia-77",
            "Report 8631 8631 8631",
            "Mentions 8631 in the body, sd-8631 too.",
        ),
        doc("ia-8631", "Other series", "Same number, other series."),
    ];
    docs[0].number = Some(8631);
    docs[2].number = Some(8631);
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("SD-8631")[0], 0);
    let bare = idx.query("8631");
    assert_eq!(&bare[..2], [0, 2]);
    assert!(bare.contains(&1), "text mentions still match");
    // An id and number a doc had before pin it too.
    docs[1].formerly = vec!["sd-6".into(), "6".into()];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.query("sd-6")[0], 1);
    assert_eq!(idx.query("6")[0], 1);
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// A deterministic pseudo-random corpus big enough for several shards,
/// bitmaps, pack files and dictionary chunks.
fn synthetic(n: usize) -> Vec<(String, String, String)> {
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let words: Vec<String> = (0..120)
                .map(|_| format!("w{}", (next() % 900) * (next() % 3 + 1) / 2))
                .collect();
            (
                format!("s-{i}"),
                format!("Title {}", words[0]),
                words.join(" "),
            )
        })
        .collect()
}

#[test]
fn writes_are_deterministic_and_replace_stale_files() {
    let corpus = synthetic(700);
    let docs: Vec<SearchDoc<'_>> = corpus.iter().map(|(id, t, b)| doc(id, t, b)).collect();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // An earlier index, as its meta.json names it, and one left
    // half-written.
    for stale in ["0123456789abcdef/d", ".writing/d"] {
        fs::create_dir_all(a.path().join(stale)).unwrap();
        fs::write(a.path().join(stale).join("99999.json"), "stale").unwrap();
    }
    fs::write(
        a.path().join("meta.json"),
        r#"{"files": "0123456789abcdef/"}"#,
    )
    .unwrap();
    let sa = write(&docs, a.path()).unwrap();
    let sb = write(&docs, b.path()).unwrap();
    assert_eq!(sa, sb);
    let (ta, tb) = (read_tree(a.path()), read_tree(b.path()));
    assert_eq!(ta, tb);
    assert_eq!(sa.files, ta.len());
    assert_eq!(sa.bytes, ta.values().map(|v| v.len() as u64).sum::<u64>());
    assert!(
        ta.keys().filter(|k| k.contains("/t/")).count() > 1,
        "several dictionary chunks"
    );
}

#[test]
fn every_word_finds_exactly_the_docs_that_contain_it() {
    let corpus = synthetic(700);
    let docs: Vec<SearchDoc<'_>> = corpus.iter().map(|(id, t, b)| doc(id, t, b)).collect();
    let (_d, idx) = index(&docs);
    for probe in ["w0", "w1", "w37", "w450", "w899", "w1200", "titles", "s"] {
        let term = tokenize(probe, "en").remove(0);
        let mut expected: Vec<u32> = (0..docs.len() as u32)
            .filter(|&i| {
                let d = &docs[i as usize];
                let text = format!("{} {} {}", d.text.title, d.excerpt, d.text.id);
                tokenize(&text, "en").contains(&term)
            })
            .collect();
        let mut got = idx.query(probe);
        got.sort();
        expected.sort();
        assert!(
            got == expected,
            "{probe}: {} docs, expected {}",
            got.len(),
            expected.len()
        );
    }
}

#[test]
fn odd_input_never_panics() {
    let long = "x".repeat(10_000);
    let weird = "\u{0}\u{202E}\u{FEFF}ـــ \u{301}\u{301} 𝔘𝔫𝔦 🎉🎉 ‌‌ ";
    let mut docs = vec![
        doc("", "", ""),
        doc("z", &long, weird),
        doc("Ω-Σ", weird, &long),
    ];
    docs[1].text.language = "";
    docs[2].text.language = "tr-TR";
    docs[2].date = "2x";
    docs[1].facets = vec![facet("a b/c", &[("", "")]), facet("q", &[("x", "X")])];
    let (_d, idx) = index(&docs);
    assert_eq!(idx.n, 3);
    assert!(idx.query(&long).is_empty());
    let _ = tokenize(weird, "el");
    let empty = tempfile::tempdir().unwrap();
    let stats = write(&[], empty.path()).unwrap();
    assert_eq!(stats.documents, 0);
    assert_eq!(
        decode_doc_set(&codec::encode_doc_set(&[])),
        Vec::<u32>::new()
    );
}

#[test]
fn doc_sets_round_trip_in_every_mode() {
    for docs in [
        vec![0u32, 5, 900],
        (10..500).collect(),
        (0..300).step_by(2).collect(),
        vec![7],
    ] {
        assert_eq!(decode_doc_set(&codec::encode_doc_set(&docs)), docs);
    }
}

mod tokenizing;

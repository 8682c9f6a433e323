//! The order of the lists readers look names and dispatches up in.

use crate::support::Site;

/// A taxonomy's names are listed as a reader looks them up: an accented
/// letter under its base letter, Persian letters in the Persian alphabet,
/// numbers by value, a transliteration mark left out. The home page's
/// ties and the search page's filters keep that order.
#[test]
fn names_are_listed_alphabetically_in_every_script() {
    let site = Site::empty();
    let names = [
        "Zoe Adams",
        "Élodie Martin",
        "Elena Berg",
        "Ørsted Hansen",
        "ʿAbd al-Karim",
        "Agent 10",
        "Agent 9",
        "پرویز",
        "بهرام",
        "وحید",
    ];
    for (n, name) in (1u32..).zip(names) {
        site.write_dispatch(n, "2020-01-01", &format!("people: [\"{name}\"]"), "Text.");
    }
    site.build().ok();
    let expected = [
        "ʿAbd al-Karim",
        "Agent 9",
        "Agent 10",
        "Elena Berg",
        "Élodie Martin",
        "Ørsted Hansen",
        "Zoe Adams",
        "بهرام",
        "پرویز",
        "وحید",
    ];
    let in_order = |text: &str, quoted: &dyn Fn(&str) -> String| {
        let at: Vec<usize> = expected
            .iter()
            .map(|n| {
                text.find(&quoted(n))
                    .unwrap_or_else(|| panic!("{n}: {text}"))
            })
            .collect();
        assert!(at.is_sorted(), "{expected:?} at {at:?}: {text}");
    };
    in_order(&site.read("public/people/index.html"), &|n| {
        format!(">{n}<")
    });
    // Each named once: ties among the home page's busiest are in the
    // same order.
    in_order(&site.read("public/index.html"), &|n| {
        format!("<bdi>{n}</bdi>")
    });
    let facet = site.read(&site.index_file("public", "f/people.json"));
    in_order(&facet, &|n| format!("\"name\":\"{n}\""));
}

/// Dispatches of one day with ids only (no series) are in the order of
/// their numbers: memo-2, memo-9, memo-10, memo-100.
#[test]
fn a_days_dispatches_with_ids_only_are_ordered_by_number() {
    let site = Site::empty();
    for n in [9, 10, 100, 2] {
        site.write(
            &format!("content/memos/memo-{n}.md"),
            &format!("---\ntitle: Memo {n}\nid: memo-{n}\ndate: 2024-05-01\n---\nText.\n"),
        );
    }
    site.build().ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    let ids: Vec<&str> = json["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(ids, ["memo-2", "memo-9", "memo-10", "memo-100"]);
    // Two to a page, oldest first.
    for (page, [first, second]) in [
        ("", ["Memo 2", "Memo 9"]),
        ("page/2/", ["Memo 10", "Memo 100"]),
    ] {
        let year = site.read(&format!("public/archive/2024/{page}index.html"));
        let at = |t: &str| {
            year.find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t}: {year}"))
        };
        assert!(at(first) < at(second), "{year}");
    }
}

/// archive.json carries what orders a day (the instant, for a dispatch
/// dated with a time) and the names its slugs stand for.
#[test]
fn archive_json_carries_times_and_term_names() {
    let site = Site::empty();
    site.write_dispatch(
        1,
        "2024-03-13T07:00:00+02:00",
        "people: [\"Élodie Martin\"]",
        "Text.",
    )
    .write_dispatch(2, "2024-03-13", "", "Text.");
    site.build().ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    // (A day's untimed dispatches come first.)
    assert!(json["dispatches"][0].get("date_time").is_none(), "{json}");
    assert_eq!(
        json["dispatches"][1]["date_time"], "2024-03-13T05:00:00Z",
        "{json}"
    );
    assert_eq!(
        json["terms"]["people"]["élodie-martin"], "Élodie Martin",
        "{json}"
    );
    assert_eq!(json["terms"]["regions"], serde_json::json!({}), "{json}");
}

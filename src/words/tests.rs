use super::*;

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v
}

#[test]
fn every_table_has_the_english_keys_and_placeholders() {
    let english = Words::english();
    assert!(english.theme.len() > 70, "{}", english.theme.len());
    for (lang, text) in TABLES {
        let raw: RawTable = serde_saphyr::from_str(text)
            .unwrap_or_else(|e| panic!("{lang}.yaml does not parse: {e}"));
        let words = Words {
            theme: raw.theme,
            search: raw.search,
            hits: raw.hits,
        };
        for section in SECTIONS {
            let (Some(theirs), Some(ours)) = (words.section(section), english.section(section))
            else {
                panic!("no section {section}");
            };
            let keys: Vec<_> = theirs.keys().collect();
            assert_eq!(
                keys,
                ours.keys().collect::<Vec<_>>(),
                "{lang}.yaml {section}"
            );
            for (key, value) in theirs {
                assert!(
                    !value.trim().is_empty(),
                    "{lang}.yaml {section}.{key} is empty"
                );
                assert_eq!(
                    sorted(placeholders(value)),
                    sorted(placeholders(&ours[key])),
                    "{lang}.yaml {section}.{key}: {value}"
                );
            }
        }
    }
}

#[test]
fn a_language_takes_its_primary_subtag_table() {
    let fa = Words::builtin("fa-IR").unwrap();
    assert_eq!(Some(fa), Words::builtin("fa"));
    assert!(Words::builtin("ja").is_none());
    assert_eq!(Words::builtin("EN-gb"), Some(Words::english()));
}

#[test]
fn dates_and_labels_follow_the_table() {
    let en = Words::english();
    assert_eq!(en.date(2019, 3, 11), "March 11, 2019");
    assert_eq!(
        en.label("Special Dispatch", 8631),
        "Special Dispatch No. 8631"
    );
    let ru = Words::builtin("ru").unwrap();
    assert!(
        ru.date(2019, 3, 11).contains("марта"),
        "{}",
        ru.date(2019, 3, 11)
    );
    assert!(ru.label("Спецвыпуск", 5).contains('5'));
}

#[test]
fn filling_replaces_named_placeholders_once() {
    assert_eq!(
        fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
        "{b} and x"
    );
    assert_eq!(fill("{unknown} {a", &[("a", "1")]), "{unknown} {a");
    assert_eq!(fill("", &[]), "");
    assert_eq!(
        placeholders("{n} of {total} {n} {not one} {}"),
        ["n", "total"]
    );
}

#[test]
fn the_guide_lists_every_key() {
    let guide = include_str!("../../docs/guide.md");
    let english = Words::english();
    for key in english.theme.keys() {
        assert!(guide.contains(&format!("| `{key}` |")), "theme: {key}");
    }
    for (section, words) in [("search", &english.search), ("hits", &english.hits)] {
        for key in words.keys() {
            assert!(
                guide.contains(&format!("| `{section}: {key}` |")),
                "{section}: {key}"
            );
        }
    }
}

/// The scripts' own English (`TEXT` in search-status.js, `PAGE_TEXT` in
/// search.js) is what an English site shows: the build hands the scripts
/// only the words that differ from it, so each must be the table's.
#[test]
fn the_scripts_own_english_is_the_tables() {
    let english = Words::english();
    let literal = |value: &str| format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"));
    let scripts = [
        (
            "search-status.js",
            include_str!("../../themes/default/static/search-status.js"),
            english.client(),
        ),
        (
            "search.js",
            include_str!("../../themes/default/static/search.js"),
            english.hits.clone(),
        ),
    ];
    for (file, source, words) in scripts {
        for (key, value) in words {
            let line = format!("  {key}: {}", literal(&value));
            assert!(
                source.lines().any(|l| l.trim_end_matches(',') == line),
                "{file} should have `{line}`"
            );
        }
    }
}

//! Tests of names read as written: numbers and booleans keep their text,
//! an empty item and a `- ` line folded into the item above are refused.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::yaml::{Example, Input};

fn names(yaml: &str, key: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(yaml);
    let input = Input::whole(&source, &[]);
    let value: BTreeMap<String, Value> = input.parse().map_err(|d| vec![d])?;
    let example = Example {
        item: "a name",
        two: "A, B",
    };
    input.names(key, value.get(key).unwrap_or(&Value::Null), example)
}

fn error(yaml: &str, key: &str) -> Diagnostic {
    let mut errors = names(yaml, key).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn numbers_and_booleans_are_the_text_written() {
    let cases: &[(&str, &[&str])] = &[
        (
            "topics: [007, 1.50, 0x1F, 1_000, 1e3]\n",
            &["007", "1.50", "0x1F", "1_000", "1e3"],
        ),
        (
            "topics: [Norway, NO, ON, Off, y, true]\n",
            &["Norway", "NO", "ON", "Off", "y", "true"],
        ),
        (
            "topics:\n  - NO\n  - 007 # a comment\n  - -1.0\n",
            &["NO", "007", "-1.0"],
        ),
        ("topics: NO\n", &["NO"]),
        ("topics: 007\n", &["007"]),
        (
            "topics: [.inf, .Inf, -.INF, .NaN]\n",
            &[".inf", ".Inf", "-.INF", ".NaN"],
        ),
        (
            "topics: [\"007\", '1.50', !!str 0x1F]\n",
            &["007", "1.50", "0x1F"],
        ),
        ("topics: [&n NO, *n]\n", &["NO", "NO"]),
        // An alias of a value under another key: read from the whole text.
        ("extra: {x: &n 007}\ntopics: [*n]\n", &["007"]),
    ];
    for (yaml, want) in cases {
        assert_eq!(names(yaml, "topics").unwrap(), *want, "{yaml}");
    }
}

#[test]
fn texts_are_taken_as_read() {
    assert_eq!(
        names("people: Research Staff\n", "people").unwrap(),
        ["Research Staff"]
    );
    assert_eq!(names("people: [A, B]\n", "people").unwrap(), ["A", "B"]);
    assert_eq!(
        names("people: [Smith - Jones]\n", "people").unwrap(),
        ["Smith - Jones"]
    );
    assert_eq!(names("people:\n- A\n- B\n", "people").unwrap(), ["A", "B"]);
    assert!(names("people:\n", "people").unwrap().is_empty());
    assert!(names("title: T\n", "people").unwrap().is_empty());
    // A long name folded over lines is one name.
    assert_eq!(
        names("people:\n  - Lena\n    Varga\n", "people").unwrap(),
        ["Lena Varga"]
    );
}

#[test]
fn an_empty_item_is_named_with_what_to_write() {
    let e = error("authors: [null]\n", "authors");
    assert_eq!(
        e.message,
        "an empty item in `authors`: YAML reads `null` as no value"
    );
    assert!(e.help.as_deref().unwrap().contains("\"null\""), "{e:?}");
    assert_eq!((e.line, e.column), (1, 11));
    let e = error("people: [A, ~]\n", "people");
    assert_eq!((e.line, e.column), (1, 13), "{e:?}");
    let e = error("people:\n  - A\n  -\n  - B\n", "people");
    assert_eq!(e.message, "an empty item in `people`");
    assert_eq!((e.line, e.column), (3, 3), "{e:?}");
    let errors = names("people: [null, ~, A]\n", "people").unwrap_err();
    assert_eq!(errors.len(), 2, "every empty item is reported: {errors:?}");
}

#[test]
fn an_item_indented_under_the_one_above_is_refused() {
    let e = error("people:\n  - Lena Varga\n   - Tomas Ruiz\n", "people");
    assert_eq!(
        e.message,
        "`- Tomas Ruiz` is indented under the item above it, so YAML reads the two as one \
         item: `Lena Varga - Tomas Ruiz`"
    );
    assert_eq!(
        e.help.as_deref(),
        Some("line the `-` up with the one above it")
    );
    assert_eq!((e.line, e.column), (3, 4));
    let e = error("people: Lena Varga\n  - Tomas Ruiz\n", "people");
    assert!(e.message.contains("under the value of `people`"), "{e:?}");
    assert_eq!((e.line, e.column), (2, 3));
    // In quotes or a `|` block, a dash is the editor's own text.
    assert_eq!(
        names("people:\n  - \"Lena Varga\n    - Tomas\"\n", "people").unwrap(),
        ["Lena Varga - Tomas"]
    );
}

#[test]
fn a_mapping_is_not_a_list_of_names() {
    let e = error("topics: [a: b]\n", "topics");
    assert_eq!(e.message, "`topics` must be a list of texts, like [A, B]");
    assert!(e.help.as_deref().unwrap().contains("in quotes"), "{e:?}");
    let e = error("title: T\npeople: {a: b}\n", "people");
    assert_eq!(e.line, 2);
    let e = error("people: [A, [B]]\n", "people");
    assert_eq!((e.line, e.column), (1, 13), "{e:?}");
}

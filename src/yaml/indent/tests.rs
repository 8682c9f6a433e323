//! Tests of misplaced lines: a key indented into the value above it, a
//! line between two levels, and the valid texts that look like them.

use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml::{Input, Whole};

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Fm {
    title: Option<String>,
    series: Option<String>,
    number: Option<Whole>,
    date: Option<String>,
    summary: Option<String>,
    people: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    extra: Option<serde_json::Value>,
}

fn parse(yaml: &str) -> Result<Fm, Diagnostic> {
    let source: Arc<str> = Arc::from(yaml);
    Input::whole(&source, &[]).parse()
}

/// The error at `line` and `column`, with its help.
fn error(yaml: &str, line: usize, column: usize) -> (String, String) {
    let e = parse(yaml).unwrap_err();
    assert_eq!((e.line, e.column), (line, column), "{yaml}: {e:?}");
    (e.message, e.help.unwrap_or_default())
}

#[test]
fn a_key_indented_under_a_value_is_named() {
    let (message, help) = error("title: T\nnumber: 30\n date: 2024-02-10\n", 3, 2);
    assert_eq!(
        message,
        "`date` is indented, so YAML reads it as part of `number`'s value"
    );
    assert!(
        help.starts_with("start `date:` at the left edge, like the other keys"),
        "{help}"
    );
    let (message, _) = error("title: Indent two\n  series: special-dispatch\n", 2, 3);
    assert_eq!(
        message,
        "`series` is indented, so YAML reads it as part of `title`'s value"
    );
    let (message, _) = error("summary: a long\n  sentence\n  date: x\n", 3, 3);
    assert!(message.contains("`summary`'s value"), "{message}");
    let (message, _) = error("title: \"quoted\" # note\n  date: x\n", 2, 3);
    assert!(message.starts_with("`date` is indented"), "{message}");
    let (message, help) = error("extra:\n  a: 1\n   b: 2\n", 3, 4);
    assert_eq!(
        message,
        "`b` is indented, so YAML reads it as part of `a`'s value"
    );
    assert!(
        help.starts_with("line `b:` up with `a:` above it"),
        "{help}"
    );
}

#[test]
fn a_line_between_two_levels_is_named() {
    let (message, help) = error("people:\n  - Lena Varga\n topics: [Shipping]\n", 3, 2);
    assert_eq!(
        message,
        "`topics` is indented by 1 space: keys of the front matter start at the left edge"
    );
    assert_eq!(
        help,
        "start `topics:` at the left edge, like the other keys"
    );
    let (message, _) = error("people:\n  - Lena Varga\n  topics: [Shipping]\n", 3, 3);
    assert!(message.contains("like the items of `people`"), "{message}");
    let (message, help) = error("people:\n  - Lena Varga\n - Tomas Ruiz\n", 3, 2);
    assert!(
        message.contains("indented by 1 space, the items above it by 2"),
        "{message}"
    );
    assert_eq!(help, "line the `-` up with the ones above it");
}

#[test]
fn valid_texts_that_look_alike_are_read() {
    let fm = parse("summary: a long\n  sentence\ntitle: T\n").unwrap();
    assert_eq!(fm.summary.as_deref(), Some("a long sentence"));
    let fm = parse("summary: a long\n  date:2024 in it\n").unwrap();
    assert_eq!(fm.summary.as_deref(), Some("a long date:2024 in it"));
    parse("extra:\n  source: Reuters\n  sub:\n    x: 1\n  list:\n    - a: 1\n      b: 2\n")
        .unwrap();
    parse("summary: |\n  text\n  more: here\ntitle: T\n").unwrap();
    parse("extra: {a: 1,\n  b: 2}\ntitle: \"a\n  b: c\"\n").unwrap();
}

#[test]
fn the_misplaced_key_is_left_out_with_the_value_it_was_read_into() {
    let yaml = "title: T\nnumber: 30\n date: 2024-02-10\nsummary: S\n";
    let source: Arc<str> = Arc::from(yaml);
    let (value, errors, left_out) = Input::whole(&source, &[]).parse_all::<Fm>();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(left_out, ["number", "date"]);
    assert_eq!(value.unwrap().summary.as_deref(), Some("S"));
}

#[test]
fn an_indented_first_key_is_said_once_at_its_line_and_the_rest_is_read() {
    for (yaml, by) in [
        ("\ttitle: T\nnumber: x\nsummary: S\n", "a tab"),
        ("# pasted\n  title: T\nnumber: x\nsummary: S\n", "2 spaces"),
    ] {
        let source: Arc<str> = Arc::from(yaml);
        let (_, errors, left_out) = Input::whole(&source, &[]).parse_all::<Fm>();
        let first = &errors[0];
        assert!(
            first
                .message
                .contains(&format!("`title` is indented by {by}")),
            "{errors:?}"
        );
        assert_eq!(
            (first.line, first.column),
            (
                yaml.lines().position(|l| l.contains("title")).unwrap() + 1,
                1
            )
        );
        assert!(first.help.as_deref().unwrap_or("").contains("left edge"));
        // The rest is read: its own error is said too, and `title` is not
        // called missing.
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[1].message.contains("number"), "{errors:?}");
        assert_eq!(left_out.first().map(String::as_str), Some("title"));
    }
    // Indented alike throughout, the text is fine.
    let source: Arc<str> = Arc::from("  title: T\n  summary: S\n");
    let (value, errors, _) = Input::whole(&source, &[]).parse_all::<Fm>();
    assert!(errors.is_empty() && value.is_some(), "{errors:?}");
}

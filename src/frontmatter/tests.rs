//! Front matter: parsing, validation and the lenient reading of broken files.

use super::*;
use dates::time_without_zone;

#[test]
fn split_finds_fences() {
    let s = split("---\ntitle: a\n---\nbody\n").unwrap();
    assert_eq!(s.yaml, 4..13);
    assert_eq!(s.body, 17..22);
    assert!(split("").is_err());
    assert!(split("---\ntitle: a\n").is_err());
    assert!(split("no fences").is_err());
}

#[test]
fn carriage_returns_alone_are_said_to_be_no_line_breaks() {
    let Err((why, help, _)) = split("---\rtitle: a\r---\rbody\r") else {
        panic!("CR-only lines split");
    };
    assert!(why.contains("carriage return alone"), "{why}");
    assert!(help.contains("LF"), "{help}");
    // Also after a first line that ends in LF.
    let Err((why, _, _)) = split("---\ntitle: a\r---\rbody\r") else {
        panic!("CR-only lines split");
    };
    assert!(why.contains("carriage return alone"), "{why}");
    // CRLF files are fine.
    assert!(split("---\r\ntitle: a\r\n---\r\nbody\r\n").is_ok());
}

fn parse_str(yaml: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(crate::config::CONFIG_FILE),
        "title: T\nseries:\n  special-dispatch: { title: SD, prefix: sd }\n",
    )
    .unwrap();
    let config = crate::config::load(dir.path()).unwrap();
    let text = format!("---\n{yaml}---\n");
    let source: Arc<str> = Arc::from(text.as_str());
    parse(&source, 4..4 + yaml.len(), Path::new("a.md"), &config)
}

#[test]
fn zero_padded_numbers_and_single_authors_are_read() {
    let fm = parse_str(
        "title: T\nseries: special-dispatch\nnumber: 007\ndate: 2020-01-01\nauthors: Research Staff\naliases: /old/7.htm\n",
    )
    .unwrap();
    assert_eq!(fm.id.as_deref(), Some("sd-7"));
    assert_eq!(fm.authors, ["Research Staff"]);
    assert_eq!(fm.aliases, ["/old/7.htm"]);
}

#[test]
fn bad_values_name_their_key() {
    let err = |yaml: &str| parse_str(yaml).unwrap_err().remove(0);
    let e = err("title: T\ndate: [2020]\n");
    assert_eq!(
        (e.line, e.message.as_str()),
        (3, "`date` must be a date, like 2020-03-13")
    );
    let e = err("title: T\nnumber: 0x10\n");
    assert_eq!(
        e.message,
        "`number` must be written in decimal digits, not `0x10`"
    );
    let e = err("title: T\nnumber: 99999999999999999999\n");
    assert_eq!(e.message, "`number` is too large: at most 9007199254740991");
    // A list or free data tagged as a number too big for one: the tag is
    // the mistake, not the key's kind of value.
    for yaml in [
        "topics: !!int 99999999999999999999\n",
        "extra: !!int 99999999999999999999\n",
    ] {
        let e = err(&format!("title: T\n{yaml}"));
        assert!(e.message.contains("is tagged `!!int`"), "{yaml}: {e:?}");
    }
    let e = err("- title: T\n");
    assert!(
        e.message
            .starts_with("the front matter must be `key: value` lines")
    );
}

#[test]
fn dates() {
    for refused in [
        "2020-03-13T09:30:00+25:00",
        "2020-03-13T09:30:00-24:00",
        "20200313",
        "2020-3-13",
        "2020-03-13T09:30:00",
        "2020-03-13 09:30",
        "2020-02-30",
    ] {
        assert_eq!(parse_date(refused), None, "{refused}");
    }
    assert!(time_without_zone("2020-03-13T09:30:00"));
    assert!(!time_without_zone("2020-03-13T09:30:00Z"));
    assert!(!time_without_zone("20200313"));
    assert_eq!(
        parse_date("2020-03-13"),
        Some(jiff::civil::date(2020, 3, 13))
    );
    assert_eq!(
        parse_date("2020-03-13T23:30:00-05:00"),
        Some(jiff::civil::date(2020, 3, 13))
    );
    // RFC 3339 allows any number of fraction digits; past nanoseconds
    // they are cut, not refused.
    for fine in [
        "2020-03-13T09:30:00.1234567890Z",
        "2020-03-13 09:30:00.123456789012+01:00",
    ] {
        assert_eq!(
            parse_date(fine),
            Some(jiff::civil::date(2020, 3, 13)),
            "{fine}"
        );
        assert!(super::dates::parse_instant(fine).is_some(), "{fine}");
    }
    assert_eq!(parse_date("2020-13-01"), None);
    assert_eq!(parse_date("yesterday"), None);
}

/// A carriage return written as an escape reads as a line feed, as an XML
/// reader of the feeds would read it: the feeds and `archive.json` agree.
/// (A title's or a name's line break is a space: they are one line.)
#[test]
fn escaped_carriage_returns_in_title_and_summary_are_line_feeds() {
    let fm =
        parse_str("title: \"A\\rB\"\nsummary: \"C\\r\\nD\\rE\"\nauthors: [\"F\\rG\"]\n").unwrap();
    assert_eq!(fm.title, "A B");
    assert_eq!(fm.authors, ["F G"]);
    assert_eq!(fm.summary, "C\nD\nE");
}

/// `extra` holds what was written: YAML 1.1's booleans (`NO`, `on`, `y`)
/// and numbers with leading zeros stay text, as YAML 1.2 reads them;
/// `true` and plain numbers keep their types.
#[test]
fn extra_keeps_values_as_written() {
    let f = parse_str(
        "title: X\nextra:\n  country: NO\n  code: 007\n  clear: Off\n  y: y\n  big: 1_000\n  \
         shown: true\n  count: 12\n  ratio: 0.5\n  nested: {a: yes, b: [no, 010]}\n",
    )
    .unwrap();
    assert_eq!(
        f.extra,
        serde_json::json!({
            "country": "NO", "code": "007", "clear": "Off", "y": "y", "big": "1_000",
            "shown": true, "count": 12, "ratio": 0.5,
            "nested": {"a": "yes", "b": ["no", "010"]},
        })
    );
    // `draft` is still a yes/no.
    assert!(parse_str("title: X\ndraft: yes\n").unwrap().draft);
}

/// Titles and names are one line (a block scalar's line break, a pasted
/// run of spaces, gone; a no-break space kept), a summary loses the
/// breaks around it, and a blank author is an error.
#[test]
fn titles_and_names_are_one_line_and_authors_not_blank() {
    let f = parse_str(
        "title: |\n  First line\n  Second  line\nsummary: >+\n  Kept\n\n\nauthors:\n  - |2\n      Lena   Varga\n  - No.\u{A0}8\n",
    )
    .unwrap();
    assert_eq!(f.title, "First line Second line");
    assert_eq!(f.summary, "Kept");
    assert_eq!(f.authors, ["Lena Varga", "No.\u{A0}8"]);
    let f = parse_str("title: Cafe\u{301}\nauthors: [Jose\u{301}]\nsummary: Ol\u{E9}\n").unwrap();
    assert_eq!(
        (f.title.as_str(), f.authors[0].as_str()),
        ("Caf\u{E9}", "Jos\u{E9}")
    );
    assert_eq!(f.summary, "Ol\u{E9}");
    let errors = parse_str("title: X\nauthors: [\"\", Real Name]\n").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].message, "`authors` has an empty name");
    assert_eq!(errors[0].line, 3);
    assert!(parse_str("title: X\nauthors: [\"  \"]\n").is_err());
}

#[test]
fn fences_are_said_where_they_go_wrong() {
    let at = |text: &str| split(text).err().map(|(_, _, at)| at);
    assert_eq!(at("---\ntitle: a\n...\nbody\n"), Some(13));
    assert_eq!(at("--- # c\ntitle: a\n---\n"), Some(0));
    assert_eq!(at("---\ntitle: a\n--- # c\nbody\n"), Some(13));
    assert_eq!(at("---\ntitle: a\n----\nbody\n"), Some(13));
    assert_eq!(at("---\ntitle: a\nbody\n"), Some(0));
}

/// A title that is all hashtag is empty to YAML: said as a comment, with
/// the quotes that keep it.
#[test]
fn a_title_that_yaml_reads_as_a_comment_is_said_so() {
    let errors = parse_str("title: #5 The issue\n").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].message,
        "`title` is empty: YAML reads `#5 The issue` as a comment"
    );
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .starts_with("put the value in quotes to keep it whole: `title: '#5 The issue'`"),
        "{:?}",
        errors[0].help
    );
}

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
    let Err((why, help)) = split("---\rtitle: a\r---\rbody\r") else {
        panic!("CR-only lines split");
    };
    assert!(why.contains("carriage return alone"), "{why}");
    assert!(help.contains("LF"), "{help}");
    // Also after a first line that ends in LF.
    let Err((why, _)) = split("---\ntitle: a\r---\rbody\r") else {
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
    assert_eq!(parse_date("2020-13-01"), None);
    assert_eq!(parse_date("yesterday"), None);
}

/// A carriage return written as an escape reads as a line feed, as an XML
/// reader of the feeds would read it: the feeds and `archive.json` agree.
#[test]
fn escaped_carriage_returns_in_title_and_summary_are_line_feeds() {
    let fm =
        parse_str("title: \"A\\rB\"\nsummary: \"C\\r\\nD\\rE\"\nauthors: [\"F\\rG\"]\n").unwrap();
    assert_eq!(fm.title, "A\nB");
    assert_eq!(fm.authors, ["F\nG"]);
    assert_eq!(fm.summary, "C\nD\nE");
}

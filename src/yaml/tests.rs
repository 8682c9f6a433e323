//! Tests of YAML diagnostics: plain words, the key named, the right place.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::messages::nearest_key;
use super::*;

/// Parses `yaml` as a whole file with `shapes`.
fn parse<T: DeserializeOwned>(yaml: &str, shapes: &[(&str, Shape)]) -> Result<T, Diagnostic> {
    let source: Arc<str> = Arc::from(yaml);
    Input::whole(&source, shapes).parse::<T>()
}

/// [`parse`]'s error.
fn error<T: DeserializeOwned + std::fmt::Debug>(
    yaml: &str,
    shapes: &[(&str, Shape)],
) -> Diagnostic {
    parse::<T>(yaml, shapes).unwrap_err()
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct T {
    a: Option<u32>,
    title: Option<String>,
    number: Option<Whole>,
    draft: Option<bool>,
    authors: Option<Vec<String>>,
}

fn parse_t(yaml: &str) -> Result<T, Diagnostic> {
    parse(yaml, &[])
}

#[test]
fn errors_point_into_the_file_not_the_fragment() {
    let src: Arc<str> = Arc::from("---\na: 1\nbogus: 2\n---\n");
    let input = Input {
        yaml: &src[4..18],
        file: Path::new("x.md"),
        source: &src,
        start: 4,
        what: "the front matter",
        shapes: &[],
    };
    let err = input.parse::<T>().unwrap_err();
    assert_eq!(err.message, "unknown key `bogus`");
    assert_eq!((err.line, err.column), (3, 1));
}

#[test]
fn a_duplicate_key_is_named_with_what_to_do() {
    let err = error::<T>("title: a\ntitle: b\n", &[]);
    assert_eq!(err.message, "`title` is given twice");
    assert_eq!(err.help.as_deref(), Some("keep one of them"));
    assert_eq!((err.line, err.column), (2, 1));
}

#[test]
fn type_errors_name_the_key_and_the_shape() {
    let cases = [
        ("a: abc\n", "`a` must be a whole number, like 8631"),
        ("a: -1\n", "`a` must be a whole number, like 8631"),
        (
            "number: abc\n",
            "`number` must be a whole number, like 8631",
        ),
        ("draft: maybe\n", "`draft` must be true or false"),
        ("title: [a, b]\n", "`title` must be text"),
        ("authors: {a: b}\n", "`authors` must be a list, like [a, b]"),
        ("authors: [a, [b]]\n", "`authors` must be a list of texts"),
    ];
    for (yaml, message) in cases {
        let err = error::<T>(yaml, &[("authors", LIST)]);
        assert!(err.message.starts_with(message), "{yaml}: {err:?}");
        assert!(err.help.is_some(), "{yaml}: {err:?}");
        assert_eq!(err.line, 1, "{yaml}");
    }
    let err = error::<T>("title: [a, b]\n", &[]);
    assert!(err.help.unwrap().contains("quotes"));
}

#[test]
fn numbers_are_plain_decimal_digits() {
    assert_eq!(parse_t("number: 007\n").unwrap().number, Some(Whole(7)));
    assert_eq!(parse_t("number: 8631\n").unwrap().number, Some(Whole(8631)));
    for bad in ["0x10", "0o17", "1_000"] {
        let err = parse_t(&format!("number: {bad}\n")).unwrap_err();
        assert_eq!(
            err.message,
            format!("`number` must be written in decimal digits, not `{bad}`")
        );
    }
    // Past 2^53 - 1 JavaScript rounds it: 9007199254740993 would show as
    // ...992 on the search page.
    let max = parse_t("number: 9007199254740991\n").unwrap().number;
    assert_eq!(max, Some(Whole(Whole::MAX)));
    for big in [
        "9007199254740992",
        "18446744073709551615",
        "99999999999999999999",
    ] {
        let err = parse_t(&format!("number: {big}\n")).unwrap_err();
        assert_eq!(
            err.message,
            "`number` is too large: at most 9007199254740991"
        );
    }
}

#[test]
fn a_list_where_a_mapping_belongs_says_so() {
    let err = error::<T>("- a\n- b\n", &[]);
    assert!(
        err.message
            .starts_with("the front matter must be `key: value` lines"),
        "{err:?}"
    );
}

#[test]
fn a_tab_is_pointed_at() {
    let err = error::<serde_json::Value>("a: 1\n\tb: 2\n", &[]);
    assert!(err.message.contains("tab"), "{err:?}");
    assert_eq!((err.line, err.column), (2, 1));
    let err = error::<serde_json::Value>("a: 1\nb:\n\t- x\n", &[]);
    assert_eq!((err.line, err.column), (3, 1), "{err:?}");
}

#[test]
fn alias_bomb_is_refused() {
    let mut y = String::from("a: &a [x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        y.push_str(&format!(
            "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let err = error::<serde_json::Value>(&y, &[]);
    assert!(!err.message.contains("budget"), "{err:?}");
}

#[test]
fn deep_nesting_is_refused_in_plain_words() {
    let y = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
    let err = error::<serde_json::Value>(&y, &[]);
    assert_eq!(
        err.message,
        "the front matter is nested too deeply (over 32 levels)"
    );
    let y: String = (0..MAX_NODES).map(|i| format!("k{i}: [a]\n")).collect();
    let err = error::<serde_json::Value>(&y, &[]);
    assert_eq!(
        err.message,
        "the front matter is too large (over 20000 YAML values)"
    );
}

#[test]
fn a_key_left_without_its_value_is_said_so() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Flag {
        #[serde(default)]
        draft: bool,
    }
    for yaml in ["draft:\n", "draft:  # later\n"] {
        let err = error::<Flag>(yaml, &[]);
        assert_eq!(
            err.message, "`draft` has no value: it must be true or false",
            "{yaml}"
        );
        assert_eq!(err.line, 1);
    }
}

#[test]
fn common_syntax_errors_say_to_quote() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Text {
        a: String,
    }
    for yaml in ["a: Kharzan: the reply\n", "a: @sd-1\n"] {
        let err = error::<Text>(yaml, &[]);
        let help = err.help.as_deref().unwrap_or("");
        assert!(help.contains("in quotes"), "{err:?}");
        assert!(err.message.contains("`a`"), "{err:?}");
    }
    // The line to write is the editor's own, quoted.
    let err = error::<Text>("a: Breaking: Port \"closes\"\n", &[]);
    assert_eq!(
        err.help.as_deref(),
        Some("a value that contains `: ` must be in quotes: a: \"Breaking: Port \\\"closes\\\"\"")
    );
}

#[test]
fn columns_count_characters() {
    let err = error::<T>("title: \"Āyatollāh — Tehrān\"\ndraft: maybe\n", &[]);
    assert_eq!((err.line, err.column), (2, 8));
    let err = error::<T>("title: \"Āyatollāh\"  : x\n", &[]);
    assert_eq!(err.column, 21, "{err:?}");
}

#[test]
fn unknown_keys_get_the_nearest_known_one() {
    let near = |m: &str| nearest_key(m);
    assert_eq!(
        near("unknown field `serach`, expected one of title, search, theme").as_deref(),
        Some("did you mean `search`?")
    );
    assert_eq!(
        near("unknown field `b`, expected `a`").as_deref(),
        None,
        "one letter is not a typo of another"
    );
    assert_eq!(
        near("unknown field `zzzzzz`, expected one of title, search"),
        None
    );
}

#[test]
fn key_lines() {
    assert_eq!(key_line("a: 1\n  b: 2\nb: 3\n", &["b"]), Some(3));
    assert_eq!(key_line("a: 1\n", &["c"]), None);
    let y = "series:\n  a: { prefix: x }\n  b:\n    title: B\n    prefix: y\nprefix: 1\n";
    assert_eq!(key_line(y, &["series", "b", "prefix"]), Some(5));
    assert_eq!(key_line(y, &["series", "a", "prefix"]), Some(2));
    assert_eq!(key_line(y, &["series", "c"]), Some(1));
    // A child is at its siblings' indent, not deeper in one of them.
    let y = "series:\n  a:\n    description: x\n  description: y\n";
    assert_eq!(key_line(y, &["series", "description"]), Some(4));
}

#[test]
fn keys_as_written() {
    let key = |line: &str| keys::leading_key(line);
    assert_eq!(key("title: T"), Some(("title".into(), 5)));
    assert_eq!(key("title  : T"), Some(("title".into(), 5)));
    assert_eq!(key("\"quoted key\": y"), Some(("quoted key".into(), 12)));
    assert_eq!(key("'it''s': y"), Some(("it's".into(), 7)));
    assert_eq!(key("\"a\\\"b\":"), Some(("a\"b".into(), 6)));
    assert_eq!(key("a:b: c"), Some(("a:b".into(), 3)));
    assert_eq!(key("\"Bad\\u0020K\": y"), Some(("Bad K".into(), 12)));
    assert_eq!(key("\"tab\\tkey\": y"), Some(("tab\tkey".into(), 10)));
    assert_eq!(key("- item"), None);
    assert_eq!(key("'open: x"), None);
    let y = "series:\n  sd:\n    'it''s': 1\n    \"quoted key\": 2\n";
    assert_eq!(key_line(y, &["series", "sd", "it's"]), Some(3));
    assert_eq!(key_line(y, &["series", "sd", "quoted key"]), Some(4));
}

#[test]
fn the_key_of_a_position() {
    let y = "title: a\nauthors:\n  - [x]\nseries: { a: { prefix: [p] } }\n";
    let at = |needle: &str| keys::key_at(y, y.find(needle).unwrap());
    assert_eq!(at("[x]").as_deref(), Some("authors"));
    assert_eq!(at("[p]").as_deref(), Some("prefix"));
    assert_eq!(at("title").as_deref(), None);
}

#[test]
fn values_are_found_on_their_keys_line() {
    let yaml = "title: T\ntheme:  nosuch   # mine\nseries:\n  sd: { title: 'S, D', prefix: sd }\nlanguage: \"not a tag!!\"\npeople:\n  - Ada\n  - Bob\n";
    let span = |path: &[&str]| value_span(yaml, path).map(|r| &yaml[r]);
    assert_eq!(span(&["theme"]), Some("nosuch"));
    assert_eq!(span(&["language"]), Some("\"not a tag!!\""));
    assert_eq!(span(&["series", "sd", "prefix"]), Some("sd"));
    assert_eq!(span(&["series", "sd", "title"]), Some("'S, D'"));
    // A block value is on the lines below: no span on the key's line.
    assert_eq!(span(&["people"]), None);
    assert_eq!(span(&["missing"]), None);
    let text = |path: &[&str], t: &str| text_span(yaml, path, t).map(|r| r.start);
    assert_eq!(text(&["people"], "Bob"), yaml.find("Bob"));
    assert_eq!(text(&["people"], "Zed"), None);
    // The entry named, not an earlier one that starts with it.
    let tags = "tags: [C++, Rust, \"C\", \"---\"]\n";
    let at = |t: &str| text_span(tags, &["tags"], t).map(|r| r.start);
    assert_eq!(at("C"), tags.find("C\","));
    assert_eq!(at("C++"), Some(7));
    assert_eq!(at("---"), tags.find("---"));
    // Written with escapes: the quoted value that reads as the text.
    let aliases = "aliases:\n  - /one/\n  - \"/q\\\"x/\"\n  - \"/caf\\u00e9/\"\n";
    let at = |t: &str| text_span(aliases, &["aliases"], t).map(|r| &aliases[r]);
    assert_eq!(at("/café/"), Some("\"/caf\\u00e9/\""));
    assert_eq!(at("/q\"x/"), Some("\"/q\\\"x/\""));
}

#[test]
fn common_syntax_mistakes_are_explained() {
    let cases = [
        (
            "title: \"Unclosed\n",
            "the value of `title` opens a quote but does not close it",
        ),
        (
            "title: 'Unclosed\n",
            "the value of `title` opens a quote but does not close it",
        ),
        // A stray quote on a line of its own names no key, and never a
        // word inside a quoted value (`Tanker:`).
        (
            "title: \"The Tanker: a report\"\n   \"\nsummary: S\n",
            "this line starts with a quote that is not closed",
        ),
        (
            "title:\n  \"Two\nsummary: S\n",
            "the value of `title` opens a quote but does not close it",
        ),
        (
            "title: \"He said \"hi\" today\"\n",
            "the value of `title` goes on after its closing quote",
        ),
        (
            "title: 'It's here'\n",
            "the value of `title` goes on after its closing quote",
        ),
        (
            "title: \"Path \\d\"\n",
            "the value of `title` has a backslash",
        ),
        ("authors: [A, B\n", "the value of `authors` opens a bracket"),
        (
            "authors: [A]]\n",
            "the value of `authors` has a bracket that does not match",
        ),
        (
            "authors: [A}\n",
            "the value of `authors` has a bracket that does not match",
        ),
        ("title: *foo\n", "the value of `title` starts with * or &"),
        ("title: - foo\n", "the value of `title` starts with `- `"),
        (
            "draft: true\ntitle:foo\n",
            "`title:` has no space after its colon, so YAML reads `title:foo` as one text",
        ),
        (
            "draft: true\ntitle = foo\n",
            "this line is not `key: value`",
        ),
        ("title: |\nnot indented\n", "this line is not `key: value`"),
        (": x\n", "a line starts with `:` and has no key"),
        (
            "title: x\n...\ndraft: true\n",
            "the front matter has a line `...` or `---` in it",
        ),
        ("a: &a {x: *a}\n", "the value of `x` refers to itself"),
        (
            "title: \"x\"#c\n",
            "the value of `title` has a `#` right after it",
        ),
    ];
    for (yaml, message) in cases {
        let err = error::<serde_json::Value>(yaml, &[]);
        assert!(err.message.starts_with(message), "{yaml}: {err:?}");
        assert!(err.help.is_some(), "{yaml}: {err:?}");
    }
}

#[test]
fn a_non_finite_number_is_text_where_any_value_fits() {
    let value: serde_json::Value = parse("a: [.inf, .nan]\n", &[]).unwrap();
    assert_eq!(value["a"], serde_json::json!([".inf", ".nan"]));
}

/// Each error is found by parsing again: past a cap, the rest of a file of
/// thousands of bad lines is not checked, and the reader is told so.
#[test]
fn a_file_of_many_bad_lines_stops_after_the_cap_and_says_so() {
    let yaml: String = (0..2000).map(|i| format!("[^n{i}]: note\n")).collect();
    let source: Arc<str> = Arc::from(yaml.as_str());
    let (value, errors, _) = Input::whole(&source, &[]).parse_all::<T>();
    assert!(value.is_none());
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    let last = errors.last().unwrap();
    assert!(
        last.message.contains("was not checked from here on"),
        "{}",
        last.message
    );
    assert_eq!(last.line, MAX_ERRORS + 1);
}

/// A text past the values' limit (an alias bomb) is refused as a whole:
/// its later anchors and aliases, which are well written, get no error.
#[test]
fn past_the_values_limit_nothing_more_is_said() {
    let mut yaml = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (p, c) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{p}"); 9].join(",");
        yaml.push_str(&format!("{c}: &{c} [{refs}]\n"));
    }
    let source: Arc<str> = Arc::from(yaml.as_str());
    let (_, errors, _) = Input::whole(&source, &[]).parse_all::<serde_json::Value>();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("too large"),
        "{}",
        errors[0].message
    );
}

/// A quote left open reads on to the next value's opening quote: that
/// value is not also said to go on after its closing quote.
#[test]
fn an_unclosed_quote_is_not_blamed_on_the_next_quoted_value() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct F {
        title: Option<String>,
        series: Option<String>,
        summary: Option<String>,
    }
    let yaml = "title: \"Welcome\nseries: sd\nsummary: \"The first: how.\"\n";
    let source: Arc<str> = Arc::from(yaml);
    let (_, errors, _) = Input::whole(&source, &[]).parse_all::<F>();
    let said: Vec<_> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            1,
            "the value of `title` opens a quote but does not close it"
        )]
    );
}

#[test]
fn a_key_that_is_no_text_is_said_at_it_not_as_another_keys_value() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct E {
        extra: serde_json::Value,
    }
    let cases = [
        ("extra: { 1: a, ~: c }\n", "a key is null (`~`)", 16),
        ("extra: { ~: c }\n", "a key is null (`~`)", 10),
        ("extra:\n  null: 3\n", "a key is null (`null`)", 3),
        ("extra: { [x]: e }\n", "a key is a list (`[x]`)", 10),
        (
            "extra: { {a: 1}: e }\n",
            "a key is a mapping (`{a: 1}`)",
            10,
        ),
    ];
    for (yaml, start, column) in cases {
        let err = error::<E>(yaml, &[]);
        assert!(err.message.starts_with(start), "{yaml}: {err:?}");
        assert_eq!(err.column, column, "{yaml}");
        assert!(
            err.help.unwrap().contains("put the key in quotes"),
            "{yaml}"
        );
    }
    // A mapping given where text or a list is wanted is the mistake, not
    // its key.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct S {
        summary: Option<String>,
        authors: Option<Vec<String>>,
    }
    for yaml in [
        "summary:\n  null: b\n",
        "summary:\n  [a]: b\n",
        "authors:\n  - ~: Jane\n",
    ] {
        let err = error::<S>(yaml, &[]);
        assert!(!err.message.starts_with("a key"), "{yaml}: {err:?}");
    }
    // A value that is null is still said as the value's.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct V {
        title: String,
    }
    let err = error::<V>("title: ~\n", &[]);
    assert_eq!(err.message, "`title` has an empty value");
}

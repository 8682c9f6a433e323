//! Tests of loading and validating annals.yaml.

use super::*;

#[test]
fn unknown_key_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CONFIG_FILE), "title: T\npaginat: 3\n").unwrap();
    let err = load(dir.path()).unwrap_err().into_sorted();
    assert!(err[0].message.contains("paginat"), "{}", err[0].message);
    assert_eq!(err[0].line, 2);
}

/// The errors of loading `yaml` as annals.yaml: (line, message).
fn errors(yaml: &str) -> Vec<(usize, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
    let diags = load(dir.path()).unwrap_err().into_sorted();
    diags.into_iter().map(|d| (d.line, d.message)).collect()
}

#[test]
fn every_error_is_reported_in_one_run() {
    let errs = errors("title: T\ntitel: x\nbase_url: nope\npaginate: 0\nfoo: 1\n");
    let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
    assert_eq!(lines, [2, 3, 4, 5], "{errs:?}");
    assert!(errs[0].1.contains("titel") && errs[3].1.contains("foo"));
}

#[test]
fn a_series_key_with_nothing_after_it_is_no_series() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CONFIG_FILE), "title: T\nseries:\n").unwrap();
    let config = load(dir.path()).expect("a config");
    assert!(config.series.is_empty());
}

#[test]
fn counts_must_be_at_least_one() {
    assert_eq!(
        errors("title: T\npaginate: 0\nfeed_limit: 0\n"),
        [
            (2, "`paginate` must be at least 1".into()),
            (3, "`feed_limit` must be at least 1".into())
        ]
    );
}

#[test]
fn a_base_url_with_dot_segments_is_an_error_at_the_key() {
    let errs = errors("title: T\nbase_url: https://ex.org/sub/../x/\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, 2);
    assert!(errs[0].1.contains("`..` segment"), "{errs:?}");
}

#[test]
fn an_empty_file_says_what_it_needs() {
    for yaml in ["", "# only a comment\n"] {
        assert_eq!(
            errors(yaml),
            [(1, "annals.yaml is empty: it needs at least `title:`".into())]
        );
    }
}

#[test]
fn shapes_are_said_in_plain_words() {
    assert_eq!(
        errors("title: T\npaginate: -1\n"),
        [(
            2,
            "`paginate` must be a whole number of at least 1, like 25".into()
        )]
    );
    let errs = errors("title: T\nseries: [a, b]\n");
    assert!(
        errs[0].1.starts_with("`series` must be a mapping"),
        "{errs:?}"
    );
    let errs = errors("- title: T\n");
    assert!(errs[0].1.contains("must be `key: value` lines"), "{errs:?}");
}

#[test]
fn taxonomies_cannot_take_a_field_name() {
    let errs = errors(
        "title: T\ntaxonomies:\n  people: { title: P }\n  title: { title: X }\n  cites: { title: C }\n  date:\n    title: D\n",
    );
    let got: Vec<(usize, &str)> = errs.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (4, "taxonomy key `title` cannot be used"),
            (5, "taxonomy key `cites` cannot be used"),
            (6, "taxonomy key `date` cannot be used"),
        ]
    );
}

#[test]
fn a_series_named_like_a_default_taxonomy_is_reported_at_the_series() {
    let errs = errors("title: T\nseries:\n  people: { title: P }\n");
    assert_eq!(
        errs,
        [(
            3,
            "series `people` has the key of a default taxonomy".to_string()
        )]
    );
}

#[test]
fn a_key_given_twice_does_not_hide_the_other_errors() {
    let errs = errors("title: T\nlanguage: en_US\nlanguage: en\npaginat: 3\n");
    let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
    assert_eq!(lines, [2, 3, 4], "{errs:?}");
    assert!(
        errs[1].1.contains("given twice") && errs[2].1.contains("paginat"),
        "{errs:?}"
    );
}

#[test]
fn a_taxonomy_needs_a_title_to_show() {
    let errs = errors(
        "title: T\ntaxonomies:\n  people: { title: \"\" }\n  places: { title: \" \\u200B\\u202E\\u3164\\u2800\" }\n  topics: { title: Topics }\n",
    );
    assert_eq!(
        errs,
        [
            (3, "taxonomy `people` has an empty `title`".to_string()),
            (4, "taxonomy `places` has an empty `title`".to_string())
        ]
    );
}

/// The line a missing title's help gives keeps what the entry says.
#[test]
fn a_missing_title_is_given_a_line_that_keeps_the_other_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(CONFIG_FILE),
        "title: T\nseries:\n  special-dispatch: { prefix: sd, description: \"Ports: \\\"all\\\"\" }\ntaxonomies:\n  tags: {}\n",
    )
    .unwrap();
    let said: Vec<(usize, String, String)> = load(dir.path())
        .unwrap_err()
        .into_sorted()
        .into_iter()
        .map(|d| (d.line, d.message, d.help.unwrap_or_default()))
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(said[0].1, "series `special-dispatch` has no `title`");
    assert!(
        said[0].2.ends_with(
            "`special-dispatch: { title: Special Dispatch, prefix: sd, description: \"Ports: \\\"all\\\"\" }`"
        ),
        "{said:?}"
    );
    assert_eq!(
        (said[1].0, said[1].1.as_str()),
        (5, "taxonomy `tags` has no `title`")
    );
    assert!(said[1].2.ends_with("`tags: { title: Tags }`"), "{said:?}");
}

#[test]
fn a_series_without_a_title_does_not_hide_its_other_problems() {
    let errs = errors("title: T\nseries:\n  search: { title: S }\n  x: {}\n");
    assert_eq!(
        errs,
        [
            (3, "series key `search` is reserved".to_string()),
            (4, "series `x` has no `title`".to_string())
        ]
    );
}

#[test]
fn prefixes_are_unique_non_empty_and_nameable() {
    let errs = errors(
        "title: T\nseries:\n  a: { title: A, prefix: sd }\n  b: { title: B, prefix: sd }\n  c: { title: C, prefix: \"\" }\n  d:\n    title: D\n    prefix: S/D\n  sd: { title: E }\n",
    );
    let got: Vec<(usize, &str)> = errs.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(
        got,
        [
            (4, "series `a` and `b` both have the prefix `sd`"),
            (5, "series `c` has an empty `prefix`"),
            (
                8,
                "series `d` has prefix `S/D`, which an `@ID` reference cannot name"
            ),
            (9, "series `a` and `sd` both have the prefix `sd`"),
        ]
    );
}

#[test]
fn defaults_fill_everything_but_title() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CONFIG_FILE), "title: T\n").unwrap();
    let c = load(dir.path()).unwrap();
    assert_eq!(c.paginate, 25);
    assert_eq!(c.taxonomies.len(), 4);
    assert!(c.search);
}

#[test]
fn keys_too_long_for_a_folder_name_are_refused() {
    let long = "k".repeat(201);
    let errs = errors(&format!(
        "title: T\nseries:\n  {long}: {{ title: S, prefix: s }}\ntaxonomies:\n  {long}x: {{ title: X }}\n"
    ));
    let got: Vec<(usize, bool)> = errs
        .iter()
        .map(|(l, m)| (*l, m.contains("too long") || m.contains("cannot be used")))
        .collect();
    assert_eq!(got, [(3, true), (5, true)], "{errs:?}");
}

#[test]
fn init_s_placeholder_base_url_is_warned_about_in_any_spelling() {
    let placeholder = |url: &str| {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!("title: T\nbase_url: {url}\n");
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        load(dir.path()).unwrap().placeholder_base_url.is_some()
    };
    for url in [
        INIT_BASE_URL,
        "https://archive.example.org",
        "HTTP://archive.example.org/",
    ] {
        assert!(placeholder(url), "{url}");
    }
    assert!(!placeholder("https://archive.example.org/sub/"));
    assert!(!placeholder("https://dispatches.example.net/"));
}

/// The site's `extra` holds what was written, as a front matter's does,
/// and a blank or missing `base_url` is said (it would publish the local
/// address).
#[test]
fn site_extra_is_as_written_and_a_blank_or_missing_base_url_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let write = |text: &str| std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
    write(
        "title: T\nbase_url: https://x.example/\nextra:\n  labels: {clear: Off}\n  prefix: 0047\n",
    );
    let config = load(dir.path()).unwrap();
    assert_eq!(
        config.extra,
        serde_json::json!({"labels": {"clear": "Off"}, "prefix": "0047"})
    );
    assert!(config.placeholder_base_url.is_none());
    write("title: T\n");
    let said = load(dir.path()).unwrap().placeholder_base_url.unwrap();
    assert!(
        said.message
            .starts_with("annals.yaml has no `base_url`, so"),
        "{}",
        said.message
    );
    write("title: T\nbase_url:\n");
    let said = load(dir.path()).unwrap().placeholder_base_url.unwrap();
    assert!(
        said.message.starts_with("`base_url` is empty"),
        "{}",
        said.message
    );
    assert_eq!((said.line, said.column), (2, 1));
}

//! A bad `annals.yaml` gets located diagnostics, every one in one run,
//! and exit 1: unknown keys, bytes YAML would misread, clashing
//! taxonomies and prefixes.

use crate::support::Site;

#[test]
fn unknown_config_key() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &format!("{}serach: true\n", crate::support::CONFIG),
    );
    site.build()
        .fails_at("annals.yaml", 10)
        .says("serach")
        .says("did you mean `search`?")
        .says("the content was not checked: fix the configuration first");
    // Content errors behind a config that loads are said with it, and the
    // run does not claim to have stopped before them.
    site.write("annals.yaml", crate::support::CONFIG);
    site.write_dispatch(3, "2021-03-01", "sumary: x", "x");
    let run = site.run(&["check"]);
    run.fails_at("content/dispatches/sd-3.md", 7);
    assert!(!run.stderr.contains("was not checked"), "{}", run.stderr);
}

/// A setting of the site indented under `series:` or `taxonomies:` is
/// said as that, not as a value of the wrong shape; other slips get the
/// message for what they are, at the value.
#[test]
fn a_setting_indented_under_series_is_said_as_that() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  sd: { title: S, prefix: sd }\n  language: \"fa\"\n  search: true\n\
         taxonomies:\n  people: { title: People }\n  feed_limit: 5\n  extra:\n    contact: desk@x.example\n",
    );
    let run = site.build();
    run.fails_at("annals.yaml", 4)
        .says("`language` is indented under `series:`, so it is read as a series")
        .says("`search` is indented under `series:`")
        .says("`feed_limit` is indented under `taxonomies:`, so it is read as a taxonomy")
        .says("settings of the site start at the left edge: remove the spaces before `language:`")
        .says("annals.yaml:9:3: `extra` is indented under `taxonomies:`")
        .says("build failed: 4 errors");
    assert!(
        !run.stderr.contains("unknown key `contact`"),
        "{}",
        run.stderr
    );
    // Said at the slipped line, not at a series' own key of that name.
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  ia:\n    title: Inquiry\n    prefix: ia\n    description: Studies.\n  description: The archive\n",
    );
    site.build()
        .says("annals.yaml:7:3: `description` is indented under `series:`")
        .says("build failed: 1 error");
    site.write(
        "annals.yaml",
        "title: \"\"\nbase_url: example.org\npaginate: 0\ntaxonomy:\n  people: { title: \"\" }\n",
    );
    site.build()
        .says("annals.yaml:1:8: annals.yaml's `title` is empty")
        .says("annals.yaml:2:11: invalid base_url")
        .says("annals.yaml:3:11: `paginate` must be at least 1")
        .says("did you mean `taxonomies`?");
}

#[test]
fn config_bytes_that_yaml_would_misread_are_located() {
    // A Latin-1 byte: said at its line and column.
    let site = Site::valid();
    site.write_bytes(
        "annals.yaml",
        b"title: T\nbase_url: https://a.example/caf\xE9/\n",
    );
    site.build()
        .fails_at("annals.yaml", 2)
        .says("annals.yaml:2:32: file is not valid UTF-8 text");
    // Lines ended by CR alone: said at the first, not misread.
    site.write("annals.yaml", "title: T\r  x: 1\r");
    site.build()
        .fails_at("annals.yaml", 1)
        .says("annals.yaml:1:9: a carriage return (CR) alone ends a line here");
    // A `%` that escapes nothing.
    site.write("annals.yaml", "title: T\nbase_url: https://x.example/a%/\n");
    site.build()
        .fails_at("annals.yaml", 2)
        .says("not followed by two hex digits");
}

#[test]
fn a_config_line_that_is_no_key_is_said_once() {
    let site = Site::valid();
    for (yaml, line, says) in [
        ("title: T\npaginat\n", 2, "this line is not `key: value`"),
        (
            "title: T\nsearch: true\n  people: { title: People }\n",
            3,
            "`people` is indented",
        ),
    ] {
        site.write("annals.yaml", yaml);
        site.build()
            .fails_at("annals.yaml", line)
            .says(says)
            .says("build failed: 1 error");
    }
}

#[test]
fn every_config_error_in_one_run() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        "title: T\ntitel: x\nbase_url: nope\npaginate: 0\nfoo: 1\n",
    );
    site.build()
        .fails_at("annals.yaml", 2)
        .fails_at("annals.yaml", 3)
        .fails_at("annals.yaml", 4)
        .fails_at("annals.yaml", 5)
        .says("4 errors");
    // Values of the wrong type too, and a bad title is not also missing.
    site.write(
        "annals.yaml",
        "title: [T]\nsearch: maybe\nfeed_limit: x\npaginate: 0\n",
    );
    let run = site.build();
    run.fails_at("annals.yaml", 1)
        .fails_at("annals.yaml", 2)
        .fails_at("annals.yaml", 3)
        .fails_at("annals.yaml", 4)
        .says("4 errors");
    assert!(!run.stderr.contains("needs a `title`"), "{}", run.stderr);
    // A number written with a decimal point is told to leave it out.
    site.write("annals.yaml", "title: T\npaginate: 1.0\n");
    site.build()
        .fails_at("annals.yaml", 2)
        .says("with no decimal point or sign");
    // A bad field in one taxonomy or series hides none of the others.
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  special-dispatch: { title: SD, prefix: sd }\n  other: { title: O, prefix: ot, titl: x }\n  more: { title: M, prefix: sd }\ntaxonomies:\n  People: { title: People }\n  topics: { titel: Topics }\n  more: { title: More }\n",
    );
    site.build()
        .fails_at("annals.yaml", 4)
        .fails_at("annals.yaml", 5)
        .fails_at("annals.yaml", 7)
        .fails_at("annals.yaml", 8)
        .fails_at("annals.yaml", 9)
        .says("`more` is also a series key")
        .says("5 errors");
    // A bad field in the only series is its only error.
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  special-dispatch: { title: SD, prefix: sd, bogus: 1 }\nsearch: true\n",
    );
    site.build()
        .fails_at("annals.yaml", 3)
        .says("unknown key `bogus`")
        .says("1 error");
    site.write("annals.yaml", "");
    site.build()
        .fails_at("annals.yaml", 1)
        .says("annals.yaml is empty: it needs at least `title:`");
}

#[test]
fn config_rejects_clashing_taxonomies_and_prefixes() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &format!(
            "{}  summary: {{ title: Summaries }}\n",
            crate::support::CONFIG
        )
        .replace("prefix: ia", "prefix: sd"),
    );
    // Reported on the later of the two, in the order written.
    site.build()
        .fails_at("annals.yaml", 6)
        .says("series `special-dispatch` and `inquiry-analysis` both have the prefix `sd`")
        .fails_at("annals.yaml", 10)
        .says("taxonomy key `summary` cannot be used");
}

#[test]
fn a_control_character_in_the_config_is_named() {
    let site = Site::valid();
    site.write("annals.yaml", "title: Ab\x0ccd\n");
    site.build()
        .fails_at("annals.yaml", 1)
        .says("annals.yaml:1:10: invisible control character U+000C");
    // Written as an escape, it is found in the value.
    site.write(
        "annals.yaml",
        "title: Ab\nseries:\n  special-dispatch: { title: \"S \\x02\", prefix: sd }\n",
    );
    site.build()
        .fails_at("annals.yaml", 3)
        .says("`title` holds an invisible control character U+0002");
}

/// serde stops an entry at its first unknown key: every one is said in
/// one run, each with the key it likely meant or the keys there are.
#[test]
fn every_unknown_key_of_a_series_or_taxonomy_entry_in_one_run() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  special-dispatch: { title: Special Dispatch, prefx: sd, descriptoin: x }\n\
         taxonomies:\n  people: { title: People, sort: name, paginate: 10 }\n",
    );
    let run = site.build();
    run.fails_at("annals.yaml", 3)
        .says("annals.yaml:3:48: unknown key `prefx`")
        .says("did you mean `prefix`?")
        .says("annals.yaml:3:59: unknown key `descriptoin`")
        .says("annals.yaml:5:28: unknown key `sort`")
        .says("annals.yaml:5:40: unknown key `paginate`")
        .says("the keys of an entry of `taxonomies` are: title");
    assert_eq!(
        run.stderr.matches("unknown key").count(),
        4,
        "{}",
        run.stderr
    );
    // On lines of their own, each at its key.
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  special-dispatch:\n    title: Special Dispatch\n    descripton: x\n    prefx: sd\n",
    );
    site.build()
        .fails_at("annals.yaml", 5)
        .says("annals.yaml:5:5: unknown key `descripton`")
        .says("annals.yaml:6:5: unknown key `prefx`");
}

/// A line that is no `key: value` is said once, as that, not as an
/// unknown key too; a file of very many such lines (each error is found
/// by parsing again) stops after the first fifty and says so.
#[test]
fn a_line_that_does_not_parse_is_said_once() {
    let site = Site::valid();
    site.write("annals.yaml", "title: T\n[^n1]: note\nbogus: 1\n");
    let run = site.build();
    run.fails_at("annals.yaml", 2)
        .says("annals.yaml:2:1: invalid YAML")
        .says("annals.yaml:3:1: unknown key `bogus`")
        .says("2 errors");
    assert!(
        !run.stderr.contains("unknown key `[^n1]`"),
        "{}",
        run.stderr
    );
    // An unknown key given twice: unknown once, and given twice.
    site.write("annals.yaml", "title: T\nbogus: 1\nbogus: 2\n");
    let run = site.build();
    run.says("annals.yaml:2:1: unknown key `bogus`")
        .says("annals.yaml:3:1: `bogus` is given twice")
        .says("2 errors");
    // A plain key with a bad value is still unknown, as well as bad.
    site.write("annals.yaml", "title: T\ntitel: Meridian: Monitor\n");
    site.build()
        .says("annals.yaml:2:1: unknown key `titel`")
        .says("annals.yaml:2:16: the value of `titel` contains `: `");
    let many: String = (0..5000).map(|i| format!("[^n{i}]: note\n")).collect();
    site.write("annals.yaml", &format!("title: T\n{many}"));
    site.build()
        .fails_at("annals.yaml", 52)
        .says("annals.yaml has more errors than the 50 above: it was not checked from here on")
        .says("51 errors");
}

/// A mapping left open (`{ title: S, prefix: sd` with no `}`) is said at
/// its bracket, once: the lines it swallows were said to be lists in
/// brackets too.
#[test]
fn a_bracket_left_open_is_said_once_at_it() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  special-dispatch: { title: S, prefix: sd\n  daily-brief: { title: D, prefix: db }\ntaxonomies:\n  people: { title: People }\n",
    );
    let run = site.build();
    run.fails_at("annals.yaml", 3)
        .says("annals.yaml:3:21: the value of `special-dispatch` opens a bracket but does not close it")
        .says("1 error");
    assert!(!run.stderr.contains("list in brackets"), "{}", run.stderr);
}

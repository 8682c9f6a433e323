//! Where diagnostics point and what they advise: each names the line and
//! column of what causes it, and help that fits the problem.

use crate::support::{CONFIG, Site, dispatch};

#[test]
fn a_missing_theme_is_shown_at_its_name() {
    let site = Site::valid();
    site.write("annals.yaml", &format!("{CONFIG}theme: nosuch\n"));
    site.build()
        .fails_at("annals.yaml", 10)
        .says("annals.yaml:10:8: theme `nosuch` not found")
        .says("themes/nosuch/")
        .says("`annals theme nosuch` writes one");
    // Made by hand, with empty folders: one error, that it is empty, and
    // none for each shortcode the content calls.
    for dir in ["templates", "shortcodes", "static"] {
        std::fs::create_dir_all(site.path(&format!("themes/nosuch/{dir}"))).unwrap();
    }
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/a.png\", alt=\"A\") }}",
    );
    let run = site.build();
    run.says("the theme folder themes/nosuch/ is empty")
        .says("`annals theme nosuch` writes a copy of the built-in theme")
        .says("1 error");
    // With a file in it but no template: the templates are what it lacks.
    site.write("themes/nosuch/static/style.css", "b{}");
    let run = site.build();
    run.says("the theme `nosuch` has none of the templates a site needs")
        .says("move themes/nosuch/ aside and run `annals theme nosuch`")
        .says("the theme has no shortcodes, and neither has the site");
    assert!(
        !run.stderr.contains("has no `dispatch.html`"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("known shortcodes: ;"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_outside_themes_is_refused_at_its_name() {
    let site = Site::valid();
    std::fs::create_dir_all(site.path("elsewhere/templates")).unwrap();
    site.write("annals.yaml", &format!("{CONFIG}theme: ../elsewhere\n"));
    site.build()
        .fails_at("annals.yaml", 10)
        .says("theme `../elsewhere` is not a folder name");
}

#[test]
fn two_pages_at_one_url_point_at_what_makes_the_url() {
    let site = Site::valid();
    site.write(
        "content/dispatches/renamed.md",
        "---\ntitle: Renamed\nid: renamed\nseries: special-dispatch\nnumber: 2\ndate: 2021-02-01\n---\n\nText.\n",
    );
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nOne.\n");
    site.write(
        "content/pages/about/index.md",
        "---\ntitle: About\n---\n\nTwo.\n",
    );
    let run = site.build();
    // The later of the two files in the archive's order is the one named.
    let dispatch_at = ["renamed.md:5:9:", "sd-2.md:4:9:"];
    assert!(
        dispatch_at.iter().any(|at| run.stderr.contains(at)),
        "{}",
        run.stderr
    );
    run.says("/special-dispatch/2/ is also");
    assert!(
        run.stderr.contains("about/index.md:1:1: this page's URL")
            || run.stderr.contains("about.md:1:1: this page's URL"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_second_spelling_is_shown_where_it_is_written() {
    let site = Site::empty();
    site.write(
        "content/1.md",
        &dispatch(
            "special-dispatch",
            1,
            "2020-01-01",
            "people: [Esmail Qa'ani]",
            "x",
        ),
    );
    site.write(
        "content/2.md",
        &dispatch(
            "special-dispatch",
            2,
            "2020-02-01",
            "people:\n  - Ada Lovelace\n  - esmail qa-ani",
            "x",
        ),
    );
    site.run(&["check"])
        .ok()
        .says("content/2.md:9:5: people term `esmail qa-ani` is spelled `Esmail Qa'ani` elsewhere");
}

/// The caret is at the entry named, not at an earlier entry that starts
/// with the same letters (`C` in `C++`), nor at the line's start.
#[test]
fn an_entry_is_shown_where_it_is_in_its_list() {
    let site = Site::empty();
    site.write(
        "content/1.md",
        &dispatch("special-dispatch", 1, "2020-01-01", "people: [c]", "x"),
    );
    site.write(
        "content/2.md",
        &dispatch(
            "special-dispatch",
            2,
            "2020-02-01",
            "people: [C++, Rust, Go, \"C\"]",
            "x",
        ),
    );
    site.run(&["check"])
        .ok()
        .says("content/2.md:7:26: people term `C` is spelled `c` elsewhere");
    site.write(
        "content/2.md",
        &dispatch(
            "special-dispatch",
            2,
            "2020-02-01",
            "people: [Go, \"---\"]",
            "x",
        ),
    );
    site.run(&["check"])
        .fails_at("content/2.md", 7)
        .says("content/2.md:7:15: `people` has a name with no letters or digits: `---`");
}

/// A name that makes a path segment longer than a file name may be is
/// the editor's to shorten: an error at the name, before anything is
/// written, not a failed write that blames the disk.
#[test]
fn names_too_long_for_a_file_name_are_errors_at_the_name() {
    let site = Site::valid();
    let word = "Word".repeat(80);
    // 101 Persian letters are 202 bytes: counted in bytes, not letters.
    let persian = "ع".repeat(101);
    site.write_dispatch(
        3,
        "2021-03-01",
        &format!("people: [Ada Lovelace, {word}, {persian}]"),
        "x",
    );
    let id = "x".repeat(201);
    site.write(
        "content/dispatches/long-id.md",
        &format!(
            "---\ntitle: T\nid: {id}\ndate: 2021-01-01\naliases: [/old/{}.htm]\n---\nx\n",
            "y".repeat(201)
        ),
    );
    let page = "p".repeat(201);
    site.write(
        &format!("content/pages/{page}.md"),
        "---\ntitle: P\n---\nx\n",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 7)
        .says("sd-3.md:7:24: `people` term `WordWord")
        .says("its slug has 320 bytes, at most 200 fit")
        .says("`people` term `ععع")
        .says("its slug has 202 bytes")
        .says("shorten the name")
        .says("long-id.md:3:5: id `xxx")
        .says("long-id.md:5:11: alias `/old/yyy")
        .says(".md: the name `pppp")
        .says("is too long for a URL: 201 bytes");
    assert!(!run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn a_page_under_dispatches_is_told_what_a_dispatch_needs() {
    let site = Site::valid();
    site.write("content/dispatches/x.md", "---\ntitle: X\n---\nx\n");
    let run = site.build();
    run.fails_at("content/dispatches/x.md", 1)
        .says("not a dispatch: the front matter has neither `series` and `number` nor `id`")
        .says("add `series: KEY` and `number: N` (or `id: ...`)")
        .says("a plain page goes in content/pages/");
    assert!(!run.stderr.contains("used by the site's own pages"));
}

#[test]
fn a_block_without_its_end_is_told_how_to_close_it() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\") %}\nThe post's text.\n",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `post` has no closing `{% end %}`")
        .says("add `{% end %}` on a line of its own after the body")
        .says("the inline form `{{ post(...) }}`");
    assert!(!run.stderr.contains("known shortcodes"), "{}", run.stderr);
}

#[test]
fn a_language_that_is_not_a_tag_is_an_error_at_the_value() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &CONFIG.replace("paginate: 2\n", "paginate: 2\nlanguage: 'not a tag!!'\n"),
    );
    site.build()
        .fails_at("annals.yaml", 4)
        .says("annals.yaml:4:11: `language: not a tag!!` is not a language tag")
        .says("`en`, `fa`, `pt-BR`");
    site.write("annals.yaml", CONFIG);
    site.write_dispatch(3, "2021-03-01", "language: pt_BR", "x");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("sd-3.md:7:11: `language: pt_BR` is not a language tag")
        .says("write `pt-BR`");
}

#[test]
fn misspelt_names_get_a_suggestion() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &dispatch("special-dispatc", 3, "2021-03-01", "", "x"),
    );
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "{{ figur(src=\"/a.svg\") }}\n\nSee [Ada](@people/ada-lovelac).\n",
    );
    site.build()
        .says("unknown series `special-dispatc`")
        .says("did you mean `special-dispatch`?")
        .says("unknown shortcode `figur`")
        .says("did you mean `figure`?")
        .says("did you mean `@people/ada-lovelace`?");
}

/// A blank title is said to be empty, where it is; an `updated` before
/// the `date` is a warning there (a mistyped year, most often); a
/// reference to a taxonomy on a site without any says so.
#[test]
fn blank_titles_early_revisions_and_missing_taxonomies_are_said_as_such() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle: \"  \"\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n---\nx\n",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 2)
        .says("sd-3.md:2:8: `title` is empty");
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle:\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n---\nx\n",
    );
    site.build().says("sd-3.md:2:1: `title` is empty");
    // A zero-width space shows nothing either.
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle: \"\u{200B}\"\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n---\nx\n",
    );
    site.build().says("sd-3.md:2:8: `title` is empty");
    site.write_dispatch(3, "2021-03-01", "updated: 2020-01-01", "x");
    site.build()
        .ok()
        .says("sd-3.md:7:10: `updated` 2020-01-01 is before `date` 2021-03-01")
        .says("correct it (the year, most often");
    let bare = Site::empty();
    let config = CONFIG.split("taxonomies:").next().unwrap();
    bare.write("annals.yaml", &format!("{config}taxonomies: {{}}\n"));
    bare.write_dispatch(1, "2021-03-01", "", "See [her](@people/ada).");
    bare.build()
        .fails_at("content/dispatches/sd-1.md", 10)
        .says("no taxonomy `people`")
        .says("the site has no taxonomies (`taxonomies:` in annals.yaml)");
}

/// A dispatch with an `id` of its own is referenced by that id alone: a
/// reference by its series prefix and number is told which to write.
#[test]
fn a_reference_by_number_to_a_dispatch_with_its_own_id_names_the_id() {
    let site = Site::valid();
    site.write_dispatch(6, "2021-03-01", "id: special", "x");
    site.write_dispatch(7, "2021-03-02", "", "See [six](@sd-6).");
    site.build()
        .fails_at("content/dispatches/sd-7.md", 10)
        .says("no dispatch has id `sd-6`")
        .says("Special Dispatch No. 6 has an `id` of its own: write `@special`");
    // Only for the id its number would make: `sd-06` names nothing.
    site.write_dispatch(7, "2021-03-02", "", "See [six](@sd-06).");
    let run = site.build();
    assert!(!run.stderr.contains("write `@"), "{}", run.stderr);
}

/// Run from elsewhere (`--root site`, a CI job at the repository's root),
/// a diagnostic names its file from there, so that an editor or a problem
/// matcher opens it.
#[test]
fn files_are_named_from_the_folder_the_command_runs_in() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-999).");
    let parent = site.root().parent().unwrap();
    let name = site.root().file_name().unwrap().to_str().unwrap();
    let run = crate::support::annals(&["check", "--root", name], parent);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says(&format!("{name}/content/dispatches/sd-3.md:10:"));
    let inside = site.path("content");
    let run = crate::support::annals(&["check"], &inside);
    run.says("../content/dispatches/sd-3.md:10:");
}

/// CI services that show colours in their logs set `FORCE_COLOR` or
/// `CLICOLOR_FORCE`; `NO_COLOR` still wins.
#[test]
fn colour_can_be_forced_for_a_log_that_shows_it() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-999).");
    let root = site.root();
    let args = ["check", "--root", root.to_str().unwrap()];
    let plain = crate::support::annals(&args, root);
    assert!(!plain.stderr.contains('\u{1b}'));
    // (The tests' runs set `NO_COLOR`; empty, it is unset.)
    let forced =
        crate::support::annals_with(&args, root, &[("FORCE_COLOR", "1"), ("NO_COLOR", "")]);
    assert!(forced.stderr.contains('\u{1b}'), "{}", forced.stderr);
    let off =
        crate::support::annals_with(&args, root, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!off.stderr.contains('\u{1b}'));
}

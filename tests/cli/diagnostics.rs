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
        .says("themes/nosuch/");
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

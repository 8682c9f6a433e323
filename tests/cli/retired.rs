//! Retired addresses: a dispatch renumbered, merged into another or
//! withdrawn, whose old address another dispatch or page keeps as an
//! alias.

use crate::support::Site;

/// A reference to an old address's dispatch or term (renumbered, merged,
/// renamed) is told where the address leads now: the dispatch, page or
/// term that keeps it as an alias.
#[test]
fn a_reference_to_a_retired_address_is_told_where_it_leads() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/special-dispatch/7/]",
        "## Merged\n\nText.",
    )
    .write(
        "content/people/ada-byron.md",
        "---\ntitle: Ada Byron\naliases: [/people/ada-king/]\n---\nBio.\n",
    )
    .write(
        "content/pages/withdrawn.md",
        "---\ntitle: Withdrawn\naliases: [/special-dispatch/8/]\n---\nGone.\n",
    )
    .write_dispatch(
        4,
        "2021-03-02",
        "people: [Ada Byron]",
        "See [a](@sd-7#merged), [b](@people/ada-king) and [c](@sd-8).",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("did you mean `@sd-3#merged`? Its address, /special-dispatch/7/, now leads there")
        .says("did you mean `@people/ada-byron`? Its address, /people/ada-king/, now leads to `Ada Byron`, whose entity file keeps it as an alias")
        .says("did you mean `@/pages/withdrawn.md`? Its address, /special-dispatch/8/, now leads to that page, content/pages/withdrawn.md");
}

/// A renumbered dispatch, which keeps its old address as an alias, says
/// what it was on its page, and its old id finds it in archive.json and
/// search.
#[test]
fn a_renumbered_dispatch_says_what_it_was() {
    let site = Site::valid();
    site.write_dispatch(
        11,
        "2021-03-01",
        "aliases: [/special-dispatch/6/, /old/x/]",
        "Renumbered.",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/11/index.html");
    assert!(
        page.contains("<span class=\"formerly\">(formerly Special Dispatch No. 6)</span>"),
        "{page}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    let sd11 = json["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "sd-11")
        .cloned();
    assert_eq!(
        sd11.map(|d| d["formerly"].clone()),
        Some(serde_json::json!(["sd-6"]))
    );
}

/// `annals new` does not give out a retired number: its address is kept
/// as an alias (by a dispatch or a notice page), so the new dispatch's
/// page would collide with it.
#[test]
fn new_skips_a_number_kept_as_an_alias() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/special-dispatch/4/]", "x")
        .write(
            "content/pages/withdrawn.md",
            "---\ntitle: Withdrawn\naliases: [/special-dispatch/5/]\n---\nGone.\n",
        );
    let run = site.run(&["new", "--series", "special-dispatch", "--title", "next"]);
    run.ok();
    assert!(run.stdout.contains("/6-next.md"), "{}", run.stdout);
    // And the archive builds with it.
    site.run(&["check", "--drafts"]).ok();
    // An alias spelled in other letter case is the same folder on many
    // systems and hosts (which the build says).
    site.write_dispatch(7, "2021-03-03", "aliases: [/Special-Dispatch/8/]", "x");
    let run = site.run(&["new", "--series", "special-dispatch", "--title", "later"]);
    run.ok();
    assert!(run.stdout.contains("/9-later.md"), "{}", run.stdout);
}

/// An alias kept for an old address that a file still makes a page at,
/// a rename half done, is told which file to change, not only to drop
/// the alias (which would break the address it keeps).
#[test]
fn an_alias_over_a_page_still_made_names_the_file_to_change() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/special-dispatch/4/]", "x")
        .write_dispatch(4, "2021-03-02", "people: [Ada King]", "x")
        .write(
            "content/people/ada-byron.md",
            "---\ntitle: Ada Byron\naliases: [/people/ada-king/]\n---\nBio.\n",
        );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("if /special-dispatch/4/ is a retired number's address, give content/dispatches/sd-4.md another number (`annals new` skips the numbers aliases keep)")
        .says("the term page is made because dispatches still name `Ada King`: content/dispatches/sd-4.md; if that name is retired, write the new one there");
}

/// A reference by the file name a renumbered dispatch had is told its
/// new id: its old address is kept as an alias.
#[test]
fn a_reference_to_a_renumbered_dispatchs_old_file_names_its_new_id() {
    let site = Site::valid();
    site.write(
        "content/dispatches/special-dispatch/11-harbour.md",
        &crate::support::dispatch(
            "special-dispatch",
            11,
            "2021-03-01",
            "aliases: [/special-dispatch/6/]\n",
            "## Harbour\n\nText.",
        ),
    )
    .write_dispatch(
        4,
        "2021-03-02",
        "",
        "See [it](@/dispatches/special-dispatch/6-harbour.md#harbour).",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("did you mean `@sd-11#harbour`? Its address, /special-dispatch/6/, now leads there");
}

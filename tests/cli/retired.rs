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

//! Feeds and the sitemap: they parse, list the right addresses, and
//! order entries by date and time.

use crate::archive::series_site;
use crate::support::Site;

#[test]
fn feeds_and_sitemap_parse_and_list_the_right_urls() {
    let site = series_site();
    site.build().ok();
    for feed in [
        "public/atom.xml",
        "public/special-dispatch/atom.xml",
        "public/people/qassem-soleimani/atom.xml",
    ] {
        let xml = site.read(feed);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let ns = "http://www.w3.org/2005/Atom";
        assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((ns, "entry")))
            .collect();
        assert!(!entries.is_empty(), "{feed}");
        // Term feeds carry summaries; the archive's and series' whole bodies.
        let full = !feed.contains("people/");
        for e in &entries {
            for required in ["id", "title", "updated", "summary"] {
                assert!(
                    e.children().any(|c| c.has_tag_name((ns, required))),
                    "{feed}: entry without {required}"
                );
            }
            let content = e.children().find(|c| c.has_tag_name((ns, "content")));
            assert_eq!(content.is_some(), full, "{feed}: content");
            if let Some(content) = content {
                assert!(content.text().unwrap_or("").contains("<p>"), "{feed}");
            }
        }
        if feed.contains("soleimani") {
            let ids: Vec<&str> = entries
                .iter()
                .filter_map(|e| e.children().find(|c| c.has_tag_name((ns, "id")))?.text())
                .collect();
            assert_eq!(
                ids,
                [
                    "https://fixture.example/special-dispatch/6/",
                    "https://fixture.example/special-dispatch/4/",
                    "https://fixture.example/special-dispatch/2/"
                ]
            );
        }
    }
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for n in 1..=7 {
        assert!(locs.contains(&format!("https://fixture.example/special-dispatch/{n}/").as_str()));
    }
    assert!(locs.contains(&"https://fixture.example/people/ada-lovelace/"));
    assert!(locs.contains(&"https://fixture.example/archive/2020/"));
}

#[test]
fn date_times_order_a_day_and_date_feed_entries() {
    let site = Site::valid();
    // Two dispatches of one day: 4 at 09:00 New York time, 3 at 20:00 UTC.
    site.write(
        "content/dispatches/sd-3.md",
        &crate::support::dispatch("special-dispatch", 3, "2021-03-01T20:00:00Z", "", "x"),
    );
    site.write(
        "content/dispatches/sd-4.md",
        &crate::support::dispatch(
            "special-dispatch",
            4,
            "2021-03-01T09:00:00-05:00",
            "updated: 2021-03-02T08:30:00Z",
            "x",
        ),
    );
    site.build().ok();
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("<published>2021-03-01T14:00:00Z</published>"),
        "{feed}"
    );
    assert!(feed.contains("<updated>2021-03-02T08:30:00Z</updated>"));
    assert!(feed.contains("<published>2021-03-01T20:00:00Z</published>"));
    // Newest first on the chronology: 3, later that day, before 4.
    let chronology = site.read("public/archive/index.html");
    let (four, three) = (
        chronology.find("/special-dispatch/4/"),
        chronology.find("/special-dispatch/3/"),
    );
    assert!(three.unwrap() < four.unwrap());
    // The page keeps the calendar date as written.
    assert!(
        site.read("public/archive.json")
            .contains("\"date\": \"2021-03-01\"")
    );
}

/// A feed reader shows an entry away from its page, and many ignore
/// `xml:base`: the links of a full body are absolute, a site under a
/// sub-path's too, notes included.
#[test]
fn full_body_links_are_absolute_in_feeds() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "See [the first](@sd-1), ![a map](map.png) and [a page](/pages/x/).[^a]\n\n[^a]: As [the second](@sd-2) says.",
    );
    site.run(&["build", "--base-url", "https://example.org/sub/"])
        .ok();
    let feed = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let content: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("content"))
        .filter_map(|n| n.text())
        .collect();
    let page = "https://example.org/sub/special-dispatch/3/";
    for link in [
        "href=\"https://example.org/sub/special-dispatch/1/\"".to_string(),
        format!("src=\"{page}map.png\""),
        "href=\"https://example.org/sub/pages/x/\"".to_string(),
        format!("href=\"{page}#fn-1\""),
        format!("href=\"{page}#fnref-1\""),
        "href=\"https://example.org/sub/special-dispatch/2/\"".to_string(),
    ] {
        assert!(content.contains(&link), "{link} in {content}");
    }
    assert!(!content.contains("href=\"/"), "{content}");
    assert!(!content.contains("href=\"#"), "{content}");
}

/// A dispatch without a summary has no empty `<summary>` (a reader would
/// show it rather than the content); a list page offers its own feed
/// once, by the list's name on every page of it, and the archive's list
/// leaves the whole archive's feed to the one link every page has.
#[test]
fn feeds_are_offered_once_each_and_summaries_only_when_written() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-9.md",
        "---\ntitle: No summary\nseries: special-dispatch\nnumber: 9\ndate: 2021-05-01\n---\n\nThe words.\n",
    );
    for n in 3..=6 {
        site.write_dispatch(n, &format!("2021-03-0{n}"), "", "Text.");
    }
    site.build().ok();
    let feed = site.read("public/atom.xml");
    let entry = feed
        .split("<entry")
        .find(|e| e.contains("No summary"))
        .expect("the entry");
    assert!(!entry.contains("<summary"), "{entry}");
    assert!(entry.contains("<content"), "{entry}");
    let alternates = |page: &str| -> Vec<String> {
        site.read(page)
            .split("<link rel=\"alternate\" type=\"application/atom+xml\" ")
            .skip(1)
            .map(|l| l.split('>').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(alternates("public/archive/index.html").len(), 1);
    let second = alternates("public/special-dispatch/page/2/index.html");
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(
        second[1].starts_with(
            "title=\"Special Dispatch\" href=\"https://fixture.example/special-dispatch/atom.xml\""
        ),
        "{second:?}"
    );
}

/// A feed reader has no style sheet: a Persian dispatch's entry says its
/// direction, its code still reads left to right, inline code too, and
/// the highlighter's spans, with classes no reader styles, are left out.
#[test]
fn an_rtl_dispatch_s_feed_entry_reads_right_to_left() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "language: fa",
        "متن `print(x);` را.\n\n```rust\nfn main() {}\n```",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("متن <code dir=\"ltr\">print(x);</code> را.")
            && page.contains("<span class=\"hl-"),
        "{page}"
    );
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("&lt;code&gt;fn main() {}\n&lt;/code&gt;")
            && feed.contains("&lt;code dir=&quot;ltr&quot;&gt;print(x);"),
        "{feed}"
    );
    assert!(!feed.contains("hl-"), "{feed}");
    let entry = feed
        .split("<entry")
        .find(|e| e.contains("xml:lang=\"fa\""))
        .expect("the Persian entry");
    assert!(entry.contains("&lt;div dir=\"rtl\"&gt;"), "{entry}");
    assert!(entry.contains("dir=&quot;ltr&quot;"), "{entry}");
    let english = feed
        .split("<entry")
        .find(|e| e.contains("xml:lang=\"en\""))
        .expect("an English entry");
    assert!(!english.contains("dir=\"rtl\""), "{english}");
}

/// A feed is as new as the entries it carries: a correction to a dispatch
/// past its limit changes none of them, so it moves no `<updated>`.
#[test]
fn a_feed_is_as_new_as_its_entries() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &format!("{}feed_limit: 1\n", site.read("annals.yaml")),
    );
    site.write_dispatch(
        1,
        "2021-01-05",
        "updated: 2021-06-01",
        "## Part II: The Sermon\n\nCorrected.",
    );
    site.build().ok();
    let feed = site.read("public/atom.xml");
    // sd-2 (2021-02-05) is the one entry; sd-1's correction is not in it.
    assert!(!feed.contains("2021-06-01"), "{feed}");
    assert!(
        feed.contains("<updated>2021-02-05T00:00:00Z</updated>"),
        "{feed}"
    );
}

/// A revision is dated after its publication in every output: a
/// date-only `updated` of the next day is later than a late-evening
/// publication in a zone behind UTC, and an `updated` before `date`
/// (warned about) is shown nowhere rather than in some places.
#[test]
fn a_revision_is_dated_alike_everywhere() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &crate::support::dispatch(
            "special-dispatch",
            3,
            "2021-01-16T23:30:00-05:00",
            "updated: 2021-01-17",
            "x",
        ),
    );
    site.write(
        "content/dispatches/sd-4.md",
        &crate::support::dispatch(
            "special-dispatch",
            4,
            "2021-02-01",
            "updated: 2020-12-01",
            "x",
        ),
    );
    site.build()
        .ok()
        .says("`updated` 2020-12-01 is before `date` 2021-02-01");
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("<published>2021-01-17T04:30:00Z</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2021-01-17T04:30:01Z</updated>"),
        "{feed}"
    );
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(!page.contains("2020-12-01"), "{page}");
    assert!(!page.contains("December 1, 2020"), "{page}");
    let json = site.read("public/archive.json");
    assert!(!json.contains("2020-12-01"), "{json}");
}

/// `updated` and `date` written with times in two zones are compared as
/// instants: a revision nine hours after publication is one, though its
/// day as written is the day before; one earlier the same day is not.
#[test]
fn a_revision_in_another_zone_is_compared_as_an_instant() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &crate::support::dispatch(
            "special-dispatch",
            3,
            "2021-03-11T01:00:00+09:00",
            "updated: 2021-03-10T20:00:00-05:00",
            "x",
        ),
    );
    site.write(
        "content/dispatches/sd-4.md",
        &crate::support::dispatch(
            "special-dispatch",
            4,
            "2021-03-12T18:00:00Z",
            "updated: 2021-03-12T09:00:00Z",
            "x",
        ),
    );
    let run = site.build();
    run.ok()
        .says("`updated` 2021-03-12T09:00:00Z is before `date` 2021-03-12T18:00:00Z");
    assert!(
        !run.stderr.contains("`updated` 2021-03-10"),
        "{}",
        run.stderr
    );
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("<updated>2021-03-11T01:00:00Z</updated>"),
        "{feed}"
    );
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("updated March 10, 2021"), "{page}");
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(!page.contains("updated March"), "{page}");
}

//! The cross-linked archive: paginated listings, entity pages, feeds,
//! sitemap, and what drafts never reach.

use std::collections::BTreeMap;

use crate::support::{Site, dispatch, files};

/// A site with seven dispatches in one series, terms and an entity file.
pub(crate) fn series_site() -> Site {
    let site = Site::empty();
    for n in 1..=7u32 {
        let people = if n % 2 == 0 {
            "people: [Ada Lovelace, Qassem Soleimani]"
        } else {
            "people: [Ada Lovelace]"
        };
        let body = if n > 1 {
            format!("As shown in [the first](@sd-1), more.\n\n## Part {n}\n")
        } else {
            "## Start\n\nFirst.".to_string()
        };
        site.write(
            &format!("content/dispatches/{n}.md"),
            &dispatch(
                "special-dispatch",
                n,
                &format!("2020-0{n}-01"),
                people,
                &body,
            ),
        );
    }
    site.write("content/people/ada-lovelace.md", "---\ntitle: Ada Lovelace\n---\n\nA biography of the fictional analyst[^1].\n\n[^1]: Source.\n");
    site.write(
        "content/people/nobody-at-all.md",
        "---\ntitle: Nobody At All\n---\n\nNamed by no dispatch.\n",
    );
    site
}

fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn every_dispatch_appears_once_across_the_paginated_series() {
    let site = series_site();
    site.build().ok();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut page = 1;
    loop {
        let path = if page == 1 {
            "public/special-dispatch/index.html".to_string()
        } else {
            format!("public/special-dispatch/page/{page}/index.html")
        };
        if !site.path(&path).exists() {
            break;
        }
        let html = site.read(&path);
        let list = &html[html.find("<ol class=\"dispatch-list\">").unwrap()..];
        let list = &list[..list.find("</ol>").unwrap()];
        for href in hrefs(list) {
            *seen.entry(href.to_string()).or_default() += 1;
        }
        if page == 2 {
            assert!(html.contains("rel=\"prev\" href=\"/special-dispatch/\""));
            assert!(html.contains("rel=\"next\" href=\"/special-dispatch/page/3/\""));
        }
        page += 1;
    }
    assert_eq!(page - 1, 4, "7 dispatches, 2 per page");
    assert_eq!(seen.len(), 7);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
    // Newest first, and the pager says so.
    let first = site.read("public/special-dispatch/index.html");
    assert!(
        first.find("/special-dispatch/7/").unwrap() < first.find("/special-dispatch/6/").unwrap()
    );
    assert!(first.contains("page/2/\">Older →</a>"), "{first}");
    // A year runs oldest first: its pager goes on to later dispatches.
    let year = site.read("public/archive/2020/index.html");
    assert!(
        year.find("/special-dispatch/1/").unwrap() < year.find("/special-dispatch/2/").unwrap()
    );
    assert!(year.contains("page/2/\">Later →</a>"), "{year}");
    let last = site.read("public/archive/2020/page/4/index.html");
    assert!(last.contains("page/3/\">← Earlier</a>"), "{last}");
}

#[test]
fn entity_pages_merge_their_file_and_list_dispatches_newest_first() {
    let site = series_site();
    let run = site.build();
    run.ok().says("nobody-at-all");
    let html = site.read("public/people/ada-lovelace/index.html");
    assert!(html.contains("A biography of the fictional analyst"));
    assert!(html.contains("<svg"), "timeline picture");
    // One heading over the list, shown: not a visible one and a hidden twin.
    assert_eq!(html.matches("Dispatches</h2>").count(), 1, "{html}");
    assert!(html.contains("<h2>Dispatches</h2>"));
    // Other lists keep theirs, for the outline, out of sight.
    let series = site.read("public/special-dispatch/index.html");
    assert_eq!(
        series
            .matches("<h2 class=\"visually-hidden\">Dispatches</h2>")
            .count(),
        1
    );
    assert!(
        html.find("/special-dispatch/7/").unwrap() < html.find("/special-dispatch/6/").unwrap()
    );
    // The unmatched entity file still gets its page.
    assert!(
        site.read("public/people/nobody-at-all/index.html")
            .contains("Named by no dispatch.")
    );
    let list = site.read("public/people/index.html");
    assert!(list.contains("<bdi>Ada Lovelace</bdi></a> <span class=\"count\">(7)</span>"));
}

#[test]
fn cited_by_related_and_series_navigation() {
    let site = series_site();
    site.build().ok();
    let first = site.read("public/special-dispatch/1/index.html");
    let cited = &first[first.find("class=\"cited-by\"").unwrap()..];
    let cited = &cited[..cited.find("</section>").unwrap()];
    assert!(
        cited.contains("Cited by <span class=\"count\">(6)</span>"),
        "{cited}"
    );
    for n in 2..=7 {
        assert!(
            cited.contains(&format!("/special-dispatch/{n}/")),
            "sd-{n} cites sd-1"
        );
    }
    assert!(cited.contains("As shown in the first, more."));
    let four = site.read("public/special-dispatch/4/index.html");
    assert!(four.contains("rel=\"prev\" href=\"/special-dispatch/3/\""));
    assert!(four.contains("rel=\"next\" href=\"/special-dispatch/5/\""));
    // The way on comes before the long lists.
    let nav = four.find("class=\"series-nav\"").unwrap();
    assert!(nav < four.find("class=\"related\"").unwrap());
    assert!(nav < four.find("class=\"cited-by\"").unwrap_or(usize::MAX));
    // Related: those sharing the rarer term come first (2 and 6 name Soleimani too).
    let related = &four[four.find("class=\"related\"").unwrap()..];
    let related = &related[..related.find("</section>").unwrap()];
    let order: Vec<&str> = hrefs(related);
    assert_eq!(
        &order[..2],
        ["/special-dispatch/6/", "/special-dispatch/2/"]
    );
    // The citation as "Copy citation" copies it: its text, tags aside.
    let cite = &four[four.find("id=\"citation-text\"").unwrap()..];
    let cite = &cite[cite.find('>').unwrap() + 1..cite.find("</p>").unwrap()];
    let mut text = String::new();
    for (i, part) in cite.split(['<', '>']).enumerate() {
        if i % 2 == 0 {
            text.push_str(part);
        }
    }
    assert_eq!(
        text,
        "Fixture Archive, Special Dispatch No. 4, “Dispatch 4,” April 1, 2020. https://fixture.example/special-dispatch/4/"
    );
}

#[test]
fn drafts_and_future_dispatches_appear_nowhere() {
    let site = series_site();
    site.write(
        "content/dispatches/8.md",
        &dispatch(
            "special-dispatch",
            8,
            "2020-09-01",
            "draft: true\npeople: [Secret Person]",
            "Cites [one](@sd-1).",
        ),
    );
    site.write(
        "content/dispatches/9.md",
        &dispatch(
            "special-dispatch",
            9,
            "2999-01-01",
            "people: [Ada Lovelace]",
            "Cites [one](@sd-1).",
        ),
    );
    site.build().ok();
    for f in files(&site.path("public")) {
        let text = std::fs::read_to_string(site.path("public").join(&f)).unwrap_or_default();
        for leak in [
            "special-dispatch/8/",
            "special-dispatch/9/",
            "Dispatch 8",
            "Dispatch 9",
            "Secret Person",
            "sd-8",
            "sd-9",
        ] {
            assert!(!text.contains(leak), "{f} mentions {leak}");
        }
    }
    assert!(!site.path("public/people/secret-person").exists());
}

#[test]
fn check_reports_numbering_gaps_and_spelling_variants() {
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
            4,
            "2020-02-01",
            "people: [Esmail Qaani]",
            "x",
        ),
    );
    site.write(
        "content/3.md",
        &dispatch(
            "special-dispatch",
            5,
            "2020-03-01",
            "people: [esmail qa-ani]",
            "x",
        ),
    );
    // A draft's number is taken (`annals new` makes drafts): 7 is no gap.
    site.write(
        "content/4.md",
        &dispatch("special-dispatch", 7, "2020-04-01", "draft: true", "x"),
    );
    site.write(
        "content/5.md",
        &dispatch("special-dispatch", 9, "2020-05-01", "", "x"),
    );
    let run = site.run(&["check"]);
    run.ok()
        .says("annals.yaml:5:3: series `special-dispatch` has gaps in its numbering: 2–3, 6, 8")
        .says("`esmail qa-ani` is spelled `Esmail Qa'ani` elsewhere");
    assert!(
        !run.stderr.contains("Qaani` is spelled"),
        "Qaani slugifies differently: a different term"
    );
    // The number of a file that failed to load is no gap either: its own
    // error is what to fix.
    site.write(
        "content/6.md",
        &dispatch("special-dispatch", 8, "2020-04-15", "bogus: 1", "x"),
    );
    let run = site.run(&["check"]);
    run.says("unknown front-matter key `bogus`")
        .says("gaps in its numbering: 2–3, 6\n");
    // Nor is a retired number whose address a dispatch keeps as an alias
    // (6, merged into 9); the help says how to retire the others.
    site.write(
        "content/5.md",
        &dispatch(
            "special-dispatch",
            9,
            "2020-05-01",
            // (Not `/special-dispatch/02/`, no number's address; and an
            // old address far past the numbers in use makes no gap.)
            "aliases: [/special-dispatch/6/, /special-dispatch/02/, /special-dispatch/99000/]",
            "x",
        ),
    );
    site.run(&["check"])
        .says("gaps in its numbering: 2–3\n")
        .says("e.g. `aliases: [/special-dispatch/2/]`");
}

/// A dispatch whose series or number is mistyped is the one its citers
/// mean: its own error is said, not a broken reference in each of them.
#[test]
fn a_mistyped_series_or_number_breaks_no_reference_to_it() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "See [one](@sd-1) and [two](@sd-2).");
    for (file, front) in [
        (
            "content/dispatches/sd-1.md",
            "series: special-dispach\nnumber: 1",
        ),
        (
            "content/dispatches/sd-2.md",
            "series: special-dispatch\nnumber: 2x",
        ),
    ] {
        site.write(
            file,
            &format!("---\ntitle: T\n{front}\ndate: 2021-01-01\n---\n\nText.\n"),
        );
    }
    let run = site.build();
    run.fails_at("content/dispatches/sd-1.md", 3)
        .fails_at("content/dispatches/sd-2.md", 4)
        .says("build failed: 2 errors");
    assert!(!run.stderr.contains("broken reference"), "{}", run.stderr);
}

#[test]
fn two_pages_at_one_url_are_an_error() {
    let site = Site::valid();
    // An `id` does not move a dispatch that has a series and a number.
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
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("this page's URL /special-dispatch/2/ is also")
        .says("this page's URL /pages/about/ is also");
    assert!(!site.path("public").exists());
}

#[test]
fn shortcode_bodies_are_part_of_the_document() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "## Reactions {{ figure(src=\"/a.png\", alt=\"A\") }} today\n\n\
         Intro {{ figure(src=\"/b.png\", alt=\"B\") }} as [noted](@sd-1) today.\n\n\
         Say ANNALSSC0X verbatim.\n\n\
         {% post(author=\"Ann\") %}\nQuoted [inside](@sd-2)[^1] words.\n\n\
         {% post(author=\"Bo\") %}Inner reply{% end %}\n{% end %}\n\n[^1]: A note.",
    );
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("never referenced"), "{}", run.stderr);
    let html = site.read("public/special-dispatch/3/index.html");
    // The reference and the note inside the post are resolved and numbered.
    assert!(html.contains("<a class=\"xref\" href=\"/special-dispatch/2/\">inside</a><sup class=\"footnote-ref\"><a href=\"#fn-1\""), "{html}");
    // The inner post sits inside the outer one's quote.
    let outer = html.find("Ann</span>").unwrap();
    let inner = html.find("Bo</span>").unwrap();
    let closes = html[inner..].find("</figure>").unwrap() + inner;
    assert!(outer < inner && html[closes + 9..].contains("</blockquote>"));
    // No token leaks into ids, or into the sentence Cited by quotes.
    assert!(html.contains("<h2 id=\"reactions-today\">"), "{html}");
    assert!(!html.contains('\u{1C}'));
    // Text that looks like the old internal tokens is the author's own.
    assert!(html.contains("Say ANNALSSC0X verbatim."), "{html}");
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(one.contains("Intro as noted today."), "{one}");
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    let three = &json["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "sd-3")
        .unwrap();
    assert_eq!(three["cites"], serde_json::json!(["sd-1", "sd-2"]));
}

#[test]
fn a_long_list_marks_the_pages_its_pager_leaves_out() {
    let site = Site::empty();
    for n in 1..=30u32 {
        site.write_dispatch(n, &format!("2020-01-{n:02}"), "", "Text.");
    }
    site.build().ok();
    // 30 dispatches, 2 a page: 15 pages; page 5 shows 1 to 8, then 15.
    let html = site.read("public/special-dispatch/page/5/index.html");
    let pager = &html[html.find("class=\"pagination\"").unwrap()..];
    let pager = &pager[..pager.find("</nav>").unwrap()];
    let gaps = pager.matches("<li class=\"pagination-gap\" aria-hidden=\"true\">…</li>");
    assert_eq!(gaps.count(), 1, "{pager}");
    let gap = pager.find("pagination-gap").unwrap();
    assert!(pager.find(">8</a>").unwrap() < gap && gap < pager.find(">15</a>").unwrap());
    assert!(!pager.contains(">9</a>"));
    // The navigation marks the part of the site the page is in.
    assert!(html.contains("<a href=\"/special-dispatch/\" aria-current=\"true\">"));
    assert!(html.contains("<a href=\"/archive/\">Chronology</a>"));
    let chronology = site.read("public/archive/page/2/index.html");
    assert!(chronology.contains("<a href=\"/archive/\" aria-current=\"true\">Chronology</a>"));
    assert!(
        chronology.contains("<title>Chronology (page 2)"),
        "{chronology}"
    );
    // `page/1/` sends a reader to the list itself, and is in no sitemap.
    let first = site.read("public/special-dispatch/page/1/index.html");
    assert!(
        first.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://fixture.example/special-dispatch/\">"),
        "{first}"
    );
    assert!(site.path("public/archive/page/1/index.html").exists());
    assert!(!site.read("public/sitemap.xml").contains("page/1/"));
    // A list of one page has none.
    site.write_dispatch(31, "2021-01-01", "", "Text.");
    site.build().ok();
    assert!(site.path("public/archive/2021/index.html").exists());
    assert!(!site.path("public/archive/2021/page").exists());
    // A year's last page leads on to the years beside it; its others
    // do not.
    let nav = |path: &str| {
        let html = site.read(path);
        html.find("class=\"year-nav\"").map(|at| {
            let nav = &html[at..];
            hrefs(&nav[..nav.find("</nav>").unwrap()])
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(nav("public/archive/2020/index.html"), None);
    assert_eq!(
        nav("public/archive/2020/page/15/index.html"),
        Some(vec!["/archive/2021/".to_string()])
    );
    assert_eq!(
        nav("public/archive/2021/index.html"),
        Some(vec!["/archive/2020/".to_string()])
    );
}

#[test]
fn a_note_the_page_does_not_show_cites_nothing() {
    let site = Site::valid();
    site.write_dispatch(
        5,
        "2021-04-01",
        "",
        "Shown[^a].\n\n[^a]: As [before](@sd-1).\n\n[^orphan]: See [the second](@sd-2).\n",
    );
    let run = site.build();
    run.says("`[^orphan]` is defined but never referenced");
    let json = site.read("public/archive.json");
    let archive: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cites = |id: &str| {
        archive["dispatches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["cites"].clone())
            .unwrap()
    };
    assert_eq!(cites("sd-5"), serde_json::json!(["sd-1"]), "{json}");
    let second = site.read("public/special-dispatch/2/index.html");
    assert!(!second.contains("See the second"), "{second}");
    // A wrong reference in such a note is still an error.
    site.write_dispatch(5, "2021-04-01", "", "x\n\n[^orphan]: See [y](@sd-404).\n");
    site.build().fails_at("content/dispatches/sd-5.md", 12);
}

#[test]
fn a_term_timeline_shows_its_counts_without_a_mouse() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-06-01", "people: [Ada Lovelace]", "x");
    site.write_dispatch(4, "2023-06-01", "people: [Ada Lovelace]", "x");
    site.build().ok();
    let page = site.read("public/people/ada-lovelace/index.html");
    assert!(
        page.contains("aria-label=\"Dispatches per year, 2021 to 2023: 2021: 3, 2023: 1\""),
        "{page}"
    );
    // sd-1 names her too.
    assert!(page.contains(">3</text>"), "{page}");
    // Each bar is labelled with its whole year.
    assert!(page.contains("<title>2022: 0</title>"), "{page}");
    assert!(page.contains(">2023</text>"), "{page}");
}

/// A bar leads to its dispatches: the search page kept to the term and
/// the bar's years (those of them with dispatches); a site without
/// search draws the chart alone.
#[test]
fn a_term_timeline_bar_links_to_the_search_kept_to_it() {
    let site = Site::valid();
    site.write_dispatch(3, "1899-05-01", "people: [Zoë Ada]", "x");
    site.write_dispatch(4, "1897-07-20", "people: [Zoë Ada]", "x");
    site.write_dispatch(5, "2021-07-20", "people: [Zoë Ada]", "x");
    site.build().ok();
    let page = site.read("public/people/zoë-ada/index.html");
    assert!(page.contains("role=\"group\""), "{page}");
    assert!(
        page.contains("<a href=\"/search/?people=zo%C3%AB-ada&amp;year=1897&amp;year=1899\" aria-label=\"1895: 2 (1895\u{2013}1899)\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/search/?people=zo%C3%AB-ada&amp;year=2021\" aria-label=\"2020: 1 (2020\u{2013}2024)\">"),
        "{page}"
    );
    // An empty bar leads nowhere.
    assert!(
        page.contains("<g><title>1900\u{2013}1904: 0</title>"),
        "{page}"
    );
    site.write(
        "annals.yaml",
        &format!("{}search: false\n", crate::support::CONFIG),
    );
    site.build().ok();
    let page = site.read("public/people/zoë-ada/index.html");
    assert!(page.contains("role=\"img\""), "{page}");
    assert!(!page.contains("search/?"), "{page}");
}

/// Over a long span a bar counts several years, so that the chart keeps
/// a readable width, and says which years.
#[test]
fn a_term_timeline_over_centuries_counts_decades_or_more() {
    let site = Site::valid();
    site.write_dispatch(3, "1899-05-01", "people: [Ada Lovelace]", "x");
    site.write_dispatch(4, "1969-07-20", "people: [Ada Lovelace]", "x");
    site.build().ok();
    let page = site.read("public/people/ada-lovelace/index.html");
    // 1899 to 2021 in bars of 5 years: 1895 to 2020, 26 bars.
    assert!(
        page.contains("<title>1895\u{2013}1899: 1</title>"),
        "{page}"
    );
    assert!(
        page.contains("<title>1965\u{2013}1969: 1</title>"),
        "{page}"
    );
    assert!(
        page.contains("<title>2020\u{2013}2024: 2</title>"),
        "{page}"
    );
    assert!(page.contains("width=\"780\""), "{page}");
    assert!(page.contains("1899: 1, 1969: 1, 2021: 2"), "{page}");
}

/// Ids and term names are listed with their numbers in order of value:
/// `sd-9` before `sd-10`, as a reader counts.
#[test]
fn numbers_in_ids_and_names_are_listed_by_value() {
    let site = Site::empty();
    for n in [9u32, 10, 100] {
        site.write_dispatch(
            n,
            &format!("2020-01-{:02}", n % 28 + 1),
            &format!("people: [Number{n}]"),
            "Text.",
        );
    }
    site.write_dispatch(
        101,
        "2020-02-01",
        "",
        "See [a](@sd-100), [b](@sd-10) and [c](@sd-9).",
    );
    site.build().ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    let cites = json["dispatches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "sd-101")
        .map(|d| d["cites"].clone());
    assert_eq!(cites, Some(serde_json::json!(["sd-9", "sd-10", "sd-100"])));
    let people = site.read("public/people/index.html");
    let at = |name: &str| people.find(&format!(">{name}<")).unwrap();
    assert!(at("Number9") < at("Number10") && at("Number10") < at("Number100"));
}

/// A name pasted with curled quotes around it keeps them on every page:
/// `check` says so where it is written, and never offers that spelling.
#[test]
fn a_term_in_typographic_quotes_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [\u{2018}Ali\u{2019}, Bob]", "x")
        .write_dispatch(4, "2021-03-02", "people: [Ali]", "x");
    let run = site.run(&["check"]);
    run.ok()
        .says("content/dispatches/sd-3.md:")
        .says("people term `\u{2018}Ali\u{2019}` is in typographic quotes")
        .says("write it `Ali`");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        !said.contains("e.g. `\u{2018}Ali"),
        "the quoted spelling is never offered: {said}"
    );
    // Written plain first and quoted after: the quoted one is the one
    // warned about, German quotes too, and in one list with the plain.
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [Ali, Bob]", "x")
        .write_dispatch(4, "2021-03-02", "people: [\u{201c}Ali\u{201d}]", "x")
        .write_dispatch(5, "2021-03-03", "people: [\u{bb}Bob\u{ab}, Bob]", "x");
    let run = site.run(&["check"]);
    run.ok()
        .says("content/dispatches/sd-4.md:")
        .says("people term `\u{201c}Ali\u{201d}` is in typographic quotes")
        .says("content/dispatches/sd-5.md:")
        .says("people term `\u{bb}Bob\u{ab}` is in typographic quotes");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(!said.contains("sd-3.md"), "{said}");
}

//! What a build writes, and what it refuses to write.

use crate::support::{Site, dispatch, files};

#[test]
fn dispatch_page_shape() {
    let site = Site::valid();
    site.build().ok();
    let html = site.read("public/special-dispatch/2/index.html");
    let article = &html[html.find("<article").unwrap()..html.find("</article>").unwrap() + 10];
    insta::assert_snapshot!("dispatch_article", article);
}

#[test]
fn footnotes_and_references_resolve() {
    let site = Site::valid();
    site.build().ok();
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(one.contains("<h2 id=\"part-ii-the-sermon\">"));
    assert!(one.contains("href=\"#fnref-1\" class=\"footnote-backref\""));
    let two = site.read("public/special-dispatch/2/index.html");
    assert!(two.contains("href=\"/special-dispatch/1/#part-ii-the-sermon\""));
    // Cited by on the target, with the sentence.
    assert!(one.contains("Builds on the first."), "{one}");
}

#[test]
fn base_url_sub_path_prefixes_links() {
    let site = Site::valid();
    // Root-relative URLs as editors write them.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[About](/pages/about/), ![map](/images/m.png), [out](https://x.example/a), \
         [here](#part) and [there](/archive/special-dispatch/1/).\n\n\
         {{ figure(image=\"/images/f.png\", caption=\"A map\", credit=\"Us\") }}\n\n\
         <a href=\"/pages/raw/\">raw</a> <img src=/images/r.png \
         srcset=\"/images/r.png 1x, /images/r2.png 2x\" alt=\"\">\n\n\
         <div><video poster='/images/p.jpg' src=\"https://x.example/v.mp4\"></video></div>\n\n\
         {{ more(link=\"/pages/more/\") }}\n\n\
         <div>\n<img alt=\"x\"\n     src=\"/images/ml.png\">\n</div>",
    );
    // A site's own shortcode that prints a URL as given.
    site.write(
        "templates/shortcodes/more.html",
        "<a class=\"more\" href=\"{{ link }}\">More</a>",
    );
    site.run(&["build", "--base-url", "https://x.github.io/archive/"])
        .ok();
    let three = site.read("public/special-dispatch/3/index.html");
    for url in [
        "href=\"/archive/pages/about/\"",
        "src=\"/archive/images/m.png\"",
        "href=\"https://x.example/a\"",
        "href=\"#part\"",
        "href=\"/archive/special-dispatch/1/\"",
        "src=\"/archive/images/f.png\"",
        // Raw HTML and a shortcode's own markup, as Markdown links.
        "href=\"/archive/pages/raw/\"",
        "src=/archive/images/r.png ",
        "srcset=\"/archive/images/r.png 1x, /archive/images/r2.png 2x\"",
        "poster='/archive/images/p.jpg'",
        "src=\"https://x.example/v.mp4\"",
        "<a class=\"more\" href=\"/archive/pages/more/\">",
        // A tag over two lines of an HTML block.
        "src=\"/archive/images/ml.png\"",
    ] {
        assert!(three.contains(url), "{url} in {three}");
    }
    let two = site.read("public/special-dispatch/2/index.html");
    assert!(two.contains("href=\"/archive/special-dispatch/1/#part-ii-the-sermon\""));
    assert!(two.contains("href=\"/archive/style.css?v="));
    let json = site.read("public/archive.json");
    assert!(json.contains("\"url\": \"https://x.github.io/archive/special-dispatch/1/\""));
}

#[test]
fn rtl_language_sets_dir() {
    let site = Site::valid();
    site.write(
        "content/dispatches/fa.md",
        &dispatch(
            "special-dispatch",
            3,
            "2021-03-01",
            "language: fa",
            "متن فارسی.[^1]\n\n[^1]: یادداشت.",
        ),
    );
    // An English dispatch cites it and comes next in the series.
    site.write_dispatch(4, "2021-04-01", "", "See [the Persian one](@sd-3).");
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    // The page's own words stay the site's, and read left to right; the
    // dispatch's text alone is Persian, right to left.
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{html}");
    let persian = "lang=\"fa\" dir=\"rtl\"";
    for part in [
        format!("<h1 id=\"dispatch-title\" {persian}>Dispatch 3</h1>"),
        format!("<p class=\"summary\" {persian}>Summary 3.</p>"),
        format!("<div class=\"dispatch-body\" {persian}>"),
        format!(
            "<h2 id=\"notes-heading\">Notes</h2>\n    <div {persian}>\n<ol class=\"footnotes-list footnotes-persian\">"
        ),
        // Words of the site inside the Persian notes say so.
        "<span class=\"visually-hidden\" lang=\"en\">Back to reference 1</span>".into(),
        // Its note markers are in Persian digits, its ids not.
        "<a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\" aria-describedby=\"fn-1\">۱</a>"
            .into(),
    ] {
        assert!(html.contains(&part), "{part} in {html}");
    }
    for english in [
        "<article class=\"dispatch\" aria-labelledby=\"dispatch-title\">",
        "<aside class=\"dispatch-aside\" aria-label=\"About this dispatch\">",
        "<p class=\"dispatch-label\">",
    ] {
        assert!(html.contains(english), "{english} in {html}");
    }
    // Its search record says its language and direction, which the
    // English ones (the site's language) leave out; and its date as
    // pages show it.
    let records = site.read(&site.index_file("public", "d/0.json"));
    let records: serde_json::Value = serde_json::from_str(&records).unwrap();
    let record = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "sd-3")
        .unwrap();
    assert_eq!(record["lang"], "fa", "{records}");
    assert_eq!(record["dir"], "rtl");
    assert_eq!(record["date_display"], "March 1, 2021");
    let english = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "sd-1");
    let english = english.unwrap().as_object().unwrap();
    assert!(!english.contains_key("lang") && !english.contains_key("dir"));
    // So is a card of it in a list: its title and summary, not its label.
    let list = site.read("public/special-dispatch/index.html");
    assert!(
        list.contains(&format!(
            "<li class=\"dispatch-card\">\n    <p class=\"dispatch-label\">Special Dispatch No. 3 · <time datetime=\"2021-03-01\">March 1, 2021</time></p>\n    <h3 {persian}><a href=\"/special-dispatch/3/\">Dispatch 3</a></h3>\n    <p class=\"summary\" {persian}>Summary 3.</p>"
        )),
        "{list}"
    );
    // Its title keeps its own direction where an English page lists it,
    // and English entries read left to right on its page.
    let fa_title = "<bdi lang=\"fa\" dir=\"rtl\">Dispatch 3</bdi>";
    let english = site.read("public/special-dispatch/4/index.html");
    assert!(
        english.contains(&format!("Special Dispatch No. 3: {fa_title}</a>")),
        "{english}"
    );
    assert!(
        html.contains("<li dir=\"auto\"><a href=\"/special-dispatch/4/\">"),
        "{html}"
    );
    assert!(
        html.contains(&format!("“{fa_title},” March 1, 2021.")),
        "{html}"
    );
}

#[test]
fn drafts_and_future_dispatches_are_left_out() {
    let site = site_with_draft();
    site.write(
        "content/dispatches/future.md",
        &dispatch("special-dispatch", 4, "2999-01-01", "", "Future."),
    );
    site.build()
        .ok()
        .says("Built 2 dispatches")
        .says("Left out 2 dispatches: drafts or dated after today (`annals build --drafts`")
        // The one dated after today is named, and so far ahead it is
        // likely a typo.
        .says("dated after today: sd-4 (2999-01-01)")
        .says("future.md:5:7")
        .says("dated 2999-01-01, more than a year after today");
    assert!(!site.path("public/special-dispatch/3").exists());
    assert!(!site.path("public/special-dispatch/4").exists());
    let json = site.read("public/archive.json");
    assert!(!json.contains("sd-3") && !json.contains("sd-4"));
    let all = site.run(&["build", "--drafts"]);
    all.ok().says("Built 4 dispatches");
    assert!(!all.stdout.contains("Left out"));
    assert!(site.path("public/special-dispatch/3/index.html").exists());
    assert!(site.path("public/special-dispatch/4/index.html").exists());
}

/// Dates that are likely typos are said, though the site builds: a year
/// before 1000, a revision after today, a page held back for years.
#[test]
fn implausible_dates_are_warned_about() {
    let site = Site::valid();
    site.write_dispatch(3, "0024-03-13", "", "Old.");
    site.write_dispatch(4, "2021-03-01", "updated: 2999-01-01", "Revised.");
    site.write(
        "content/pages/later.md",
        "---\ntitle: Later\ndate: 2999-01-01\n---\n\nText.\n",
    );
    site.build()
        .ok()
        .says("sd-3.md:5:7: `date` 0024-03-13 is in the year 24")
        .says("`updated` 2999-01-01 is after today")
        .says("later.md:3:7: dated 2999-01-01, more than a year after today");
    // A dispatch dated after today, previewed, may be revised after today.
    let site = Site::valid();
    site.write_dispatch(3, "2999-01-01", "updated: 2999-01-02", "Later.");
    let run = site.run(&["build", "--drafts"]);
    run.ok();
    assert!(!run.stderr.contains("is after today"), "{}", run.stderr);
}

#[test]
fn published_dispatch_may_not_cite_a_draft() {
    let site = site_with_draft();
    site.write_dispatch(5, "2021-04-01", "", "See [draft](@sd-3).");
    site.build()
        .fails_at("content/dispatches/sd-5.md", 10)
        .says("`sd-3` is a draft, so it is not published");
    // One dated after today says so, with its date.
    site.write(
        "content/dispatches/draft.md",
        &dispatch("special-dispatch", 3, "2999-03-01", "", "Later."),
    );
    site.build()
        .fails_at("content/dispatches/sd-5.md", 10)
        .says("`sd-3` is dated 2999-03-01, after today, so it is not published yet");
}

#[test]
fn unpublished_dispatches_may_cite_each_other_but_not_missing_ones() {
    let site = site_with_draft();
    site.write(
        "content/dispatches/draft2.md",
        &dispatch(
            "special-dispatch",
            4,
            "2021-03-02",
            "draft: true",
            "Follows [the draft](@sd-3) and [the later one](@sd-5).",
        ),
    );
    site.write(
        "content/dispatches/later.md",
        &dispatch(
            "special-dispatch",
            5,
            "2999-01-01",
            "",
            "Cites [itself](@sd-5).",
        ),
    );
    site.build().ok();
    // A reference that is wrong is still reported, draft or not.
    site.write(
        "content/dispatches/draft2.md",
        &dispatch(
            "special-dispatch",
            4,
            "2021-03-02",
            "draft: true",
            "See [x](@sd-404).",
        ),
    );
    site.build()
        .fails_at("content/dispatches/draft2.md", 10)
        .says("no dispatch has id `sd-404`");
}

#[test]
fn builds_are_byte_identical() {
    let site = Site::valid();
    site.run(&["build", "--output", "one"]).ok();
    site.run(&["build", "--output", "two"]).ok();
    let (a, b) = (files(&site.path("one")), files(&site.path("two")));
    assert_eq!(a, b);
    for f in &a {
        assert_eq!(
            std::fs::read(site.path("one").join(f)).unwrap(),
            std::fs::read(site.path("two").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn text_is_escaped_everywhere() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle: \"<script>alert('t')</script> & co\"\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\nsummary: \"</summary><x>\"\n---\n\nBody.\n",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;"));
    let feed = site.read("public/atom.xml");
    assert!(!feed.contains("<script>") && !feed.contains("</summary><x>"));
    roxmltree::Document::parse(&feed).expect("feed is well-formed XML");
    let json: serde_json::Value = serde_json::from_str(&site.read("public/archive.json")).unwrap();
    assert!(
        json["dispatches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["title"] == "<script>alert('t')</script> & co")
    );
}

#[test]
fn pages_carry_sharing_and_citation_metadata() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle: 'Say \"no\" & go'\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n\
         updated: 2021-03-04\nauthors: [Ann Analyst, Bo Writer]\npeople: [Ada Lovelace]\n---\n\nBody.\n",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    for tag in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:url" content="https://fixture.example/special-dispatch/3/">"#,
        r#"<meta property="og:title" content="Say &quot;no&quot; &amp; go">"#,
        r#"<meta property="article:published_time" content="2021-03-01">"#,
        r#"<meta property="article:modified_time" content="2021-03-04">"#,
        r#"<meta property="article:tag" content="Ada Lovelace">"#,
        r#"<meta name="citation_title" content="Say &quot;no&quot; &amp; go">"#,
        r#"<meta name="citation_author" content="Ann Analyst">"#,
        r#"<meta name="citation_author" content="Bo Writer">"#,
        r#"<meta name="citation_technical_report_number" content="Special Dispatch No. 3">"#,
        r#"<meta name="citation_technical_report_institution" content="Fixture Archive">"#,
    ] {
        assert!(html.contains(tag), "{tag} in\n{html}");
    }
    // The citation names the authors first, and the update; the title's
    // own quotes are single in the citation's, which close after the
    // comma.
    assert!(html.contains(
        "<bdi lang=\"en\" dir=\"auto\">Ann Analyst</bdi> and <bdi lang=\"en\" dir=\"auto\">Bo Writer</bdi>, “<bdi lang=\"en\" dir=\"ltr\">Say ‘no’ &amp; go</bdi>,” \
         Fixture Archive, Special Dispatch No. 3, March 1, 2021 (updated March 4, 2021). \
         <bdi dir=\"ltr\">https://fixture.example/special-dispatch/3/</bdi></p>"
    ), "{html}");
    // schema.org data, as JSON a script cannot be ended by.
    let ld = &html[html.find("<script type=\"application/ld+json\">").unwrap()..];
    let ld = &ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()];
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "Report");
    assert_eq!(ld["headline"], "Say \"no\" & go");
    assert_eq!(ld["datePublished"], "2021-03-01");
    assert_eq!(ld["dateModified"], "2021-03-04");
    assert_eq!(ld["author"][1]["name"], "Bo Writer");
    assert_eq!(ld["isPartOf"]["name"], "Special Dispatch");
    assert_eq!(ld["publisher"]["name"], "Fixture Archive");
    assert_eq!(ld["keywords"], serde_json::json!(["Ada Lovelace"]));
    // Other pages are the site's, not an article.
    let list = site.read("public/special-dispatch/index.html");
    assert!(list.contains(r#"<meta property="og:type" content="website">"#));
    assert!(!list.contains("citation_title"));
}

#[test]
fn site_static_files_are_copied() {
    let site = Site::valid();
    site.write("static/images/a.svg", "<svg/>");
    site.build().ok();
    assert_eq!(site.read("public/images/a.svg"), "<svg/>");
    assert!(site.path("public/style.css").exists());
    assert!(site.path("public/highlight.css").exists());
}

#[test]
fn control_characters_are_an_error_at_their_place() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "Pasted text.\n\nA page\x0cbreak.");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 12)
        .says("sd-3.md:12:7: invisible control character U+000C");
}

#[test]
fn a_long_dispatch_lists_its_contents() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "## Background\n\nx\n\n### Ports & Patrols\n\ny\n\n## Reactions\n\nz\n\n#### Too deep\n",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    let toc = &html[html.find("<nav class=\"toc\"").expect("contents")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(toc.contains("<li class=\"toc-2\"><a href=\"#background\">Background</a></li>"));
    assert!(
        toc.contains("<a href=\"#ports-patrols\">Ports &amp; Patrols</a>"),
        "{toc}"
    );
    assert!(toc.contains("#reactions") && !toc.contains("too-deep"));
    // Two headings are not worth a table of contents, nor are headings
    // too deep for one.
    assert!(
        !site
            .read("public/special-dispatch/1/index.html")
            .contains("class=\"toc\"")
    );
    site.write_dispatch(
        4,
        "2021-04-01",
        "",
        "#### One\n\nx\n\n#### Two\n\ny\n\n## Three\n\nz\n\n#### Four\n",
    );
    site.build().ok();
    let deep = site.read("public/special-dispatch/4/index.html");
    assert!(!deep.contains("class=\"toc\""), "{deep}");
}

/// A list of one says so in the singular.
#[test]
fn a_list_of_one_dispatch_is_counted_as_one() {
    let site = Site::valid();
    site.write_dispatch(3, "2030-01-01", "", "Alone in its year.");
    site.run(&["build", "--drafts"]).ok();
    let year = site.read("public/archive/2030/index.html");
    // A count is a label's, right with every number in every language.
    assert!(
        year.contains("Dispatches in 2030: 1, in date order."),
        "{year}"
    );
    assert!(!year.contains("1 dispatches"), "{year}");
}

/// The valid site with a draft, sd-3.
fn site_with_draft() -> Site {
    let site = Site::valid();
    site.write(
        "content/dispatches/draft.md",
        &dispatch("special-dispatch", 3, "2021-03-01", "draft: true", "Draft."),
    );
    site
}

/// The not-found page is served at any missing address: it names no
/// address of its own and asks not to be indexed.
#[test]
fn the_not_found_page_is_not_indexed_and_names_no_address() {
    let site = Site::valid();
    site.build().ok();
    let page = site.read("public/404.html");
    assert!(
        page.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{page}"
    );
    assert!(!page.contains("rel=\"canonical\""), "{page}");
    assert!(!page.contains("og:url"), "{page}");
    assert!(!site.read("public/sitemap.xml").contains("404"));
}

/// The feed of a series with no dispatch yet is dated as the archive.
#[test]
fn an_empty_series_feed_is_dated_as_the_archive() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &crate::support::CONFIG.replace(
            "series:\n",
            "series:\n  coming: { title: Coming Soon, prefix: cs }\n",
        ),
    );
    site.build().ok();
    let feed = site.read("public/coming/atom.xml");
    let main = site.read("public/atom.xml");
    let updated = |f: &str| {
        f[f.find("<updated>").unwrap()..]
            .split("</updated>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(!feed.contains("1970"), "{feed}");
    assert_eq!(updated(&feed), updated(&main));
}

/// Static files that a page's file blocks (a folder `atom.xml/`, where
/// the feed is a file) are each said in one run, at the static file,
/// not as the first raw "File exists" of the copy.
#[test]
fn static_files_blocked_by_pages_are_all_said() {
    let site = Site::valid();
    site.write("static/atom.xml/x.txt", "x");
    site.write("static/special-dispatch/1/index.html/y.txt", "y");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("static/atom.xml/x.txt: this static file needs a folder atom.xml/, but atom.xml is a file the build writes")
        .says("static/special-dispatch/1/index.html/y.txt: this static file needs a folder special-dispatch/1/index.html/")
        .says("2 errors")
        .says("nothing was written");
}

/// A build says which pages of the last build it no longer has (a reader
/// who kept their addresses gets the 404 page), but for a list's later
/// pages, which come and go with its length.
#[test]
fn pages_the_last_build_had_are_said_to_be_gone() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [Only Here]", "x")
        .write_dispatch(4, "2021-03-02", "", "x");
    let first = site.build();
    first.ok();
    assert!(
        !first.stderr.contains("of the last build"),
        "{}",
        first.stderr
    );
    std::fs::remove_file(site.path("content/dispatches/sd-3.md")).unwrap();
    site.build()
        .ok()
        .says("2 pages of the last build are gone: /special-dispatch/3/, /people/only-here/")
        .says("`aliases: [/special-dispatch/3/]`");
    let again = site.build();
    assert!(
        !again.stderr.contains("of the last build"),
        "{}",
        again.stderr
    );
    // A draft's page: withdrawn, or built by a `--drafts` preview and
    // never public; which, the last build does not say.
    site.write_dispatch(5, "2021-03-05", "draft: true", "x");
    site.run(&["build", "--drafts"]).ok();
    site.build()
        .ok()
        .says("1 page of the last build is gone: /special-dispatch/5/")
        .says("/special-dispatch/5/ is the page of a draft or of a dispatch dated after today, or of a list only such dispatches are in: withdrawn, or never public if the last build was a `--drafts` preview");
    // On a site under a sub-path, the alias is written from its root.
    std::fs::remove_file(site.path("content/dispatches/sd-4.md")).unwrap();
    site.run(&["build", "--base-url", "https://x.example/archive/"])
        .ok()
        .says("1 page of the last build is gone: /archive/special-dispatch/4/")
        .says("`aliases: [/special-dispatch/4/]`");
}

/// A list's page that is gone (a year no dispatch is in now) is not told
/// to be kept by an alias: no page moved there.
#[test]
fn a_list_page_gone_is_not_told_to_take_an_alias() {
    let site = Site::valid();
    site.write_dispatch(3, "2019-03-01", "", "x");
    site.build().ok();
    site.write_dispatch(3, "2021-03-01", "", "x");
    let run = site.build();
    run.ok()
        .says("1 page of the last build is gone: /archive/2019/")
        .says("it is a list (a year's, or a list's later page) that no dispatch is in now");
    assert!(!run.stderr.contains("aliases: ["), "{}", run.stderr);
}

/// `smart_punctuation: true` writes dashes, ellipses and curly quotes in
/// bodies and notes; code, addresses and the title stay as typed. Off,
/// the text is published as typed.
#[test]
fn smart_punctuation_is_the_site_s_choice() {
    let site = Site::valid();
    let body = "In 1990--2000 -- \"they said\" it's done... `a--b \"c\"` [x](@sd-1).[^1]\n\n[^1]: Source -- \"quoted\".";
    site.write_dispatch(3, "2021-03-01", "", body);
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("In 1990--2000 -- \"they said\" it's done..."),
        "{page}"
    );
    site.write(
        "annals.yaml",
        &format!("{}smart_punctuation: true\n", site.read("annals.yaml")),
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("In 1990–2000 – “they said” it’s done… <code>a--b \"c\"</code> <a class=\"xref\" href=\"/special-dispatch/1/\">x</a>."),
        "{page}"
    );
    assert!(page.contains("Source – “quoted”."), "{page}");
    // A quoted post is its author's words, as typed.
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "{% post(author=\"A\") %}\nNow -- or \"later\"... it's fine.\n{% end %}\n\nAfter -- it.",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(page.contains("Now -- or \"later\"... it's fine."), "{page}");
    assert!(page.contains("After – it."), "{page}");
}

/// Code's spans carry the classes the published `highlight.css` names:
/// a site's own names others than the built-in one.
#[test]
fn code_classes_follow_the_site_s_own_highlight_css() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "```python\ndef f():\n    return 1\n```",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("<span class=\"hl-keyword\">return</span>"),
        "{page}"
    );
    site.write(
        "static/highlight.css",
        ".hl-keyword.hl-control.hl-flow { color: #c0c; }\n.hl-c\\+\\+ .hl-x { color: red }\n",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("<span class=\"hl-keyword hl-control hl-flow\">return</span>"),
        "{page}"
    );
    assert!(
        site.read("public/highlight.css")
            .starts_with(".hl-keyword.hl-control.hl-flow")
    );
}

/// Stylesheets and scripts are linked with the version of what the site
/// publishes, so a reader's browser never keeps an old one after a
/// deploy; the theme's modules import their parts with it too.
#[test]
fn assets_are_linked_with_their_version() {
    let site = Site::valid();
    site.write("static/lib/chart.js", "import x from './dep.js';\n")
        .write("static/lib/dep.js", "export default 1;\n");
    site.build().ok();
    let version = |site: &Site| {
        let page = site.read("public/special-dispatch/2/index.html");
        let at = page.find("style.css?v=").expect("a versioned stylesheet") + 12;
        let v = page[at..at + 10].to_string();
        assert!(page.contains(&format!("annals.js?v={v}\"")), "{page}");
        v
    };
    let first = version(&site);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    let search = site.read("public/search.js");
    assert!(
        search.contains(&format!("from './search-ui.js?v={first}';")),
        "{search}"
    );
    let page = site.read("public/search/index.html");
    assert!(
        page.contains(&format!("search-ui.js?v={first}\">")),
        "{page}"
    );
    // The site's own scripts are published as they are.
    assert_eq!(
        site.read("public/lib/chart.js"),
        "import x from './dep.js';\n"
    );
    // The same files, the same version; a stylesheet changed, another.
    site.build().ok();
    assert_eq!(version(&site), first);
    site.write("static/style.css", "body { color: red; }\n");
    site.build().ok();
    let second = version(&site);
    assert_ne!(second, first);
    // A site's own module in the theme's place imports with it.
    site.write(
        "static/search-ui.js",
        "import { a } from './search-text.js';\n",
    );
    site.build().ok();
    let third = version(&site);
    assert_eq!(
        site.read("public/search-ui.js"),
        format!("import {{ a }} from './search-text.js?v={third}';\n")
    );
}

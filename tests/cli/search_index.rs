//! The search index as a build writes it: its folder, turning it off,
//! list pages' own search, and the same index whichever way it was made
//! (bodies rendered again, tokenized while loading).

use crate::support::{CONFIG, Site, dispatch, files, index_folder, repo_root};

/// The index's files are in a folder named by their contents, which
/// `meta.json` names: a rebuild that changes nothing keeps the name (and
/// readers' caches), a changed dispatch gives a new one, and an output
/// holds one index folder only.
#[test]
fn the_index_folder_is_named_by_its_contents() {
    let site = Site::valid();
    site.build().ok();
    let first = index_folder(&site.path("public"));
    site.build().ok();
    assert_eq!(index_folder(&site.path("public")), first);
    let sd1 = site.read("content/dispatches/sd-1.md");
    site.write(
        "content/dispatches/sd-1.md",
        &format!("{sd1}\nA lighthouse.\n"),
    );
    site.build().ok();
    let second = index_folder(&site.path("public"));
    assert_ne!(second, first);
    let folders: Vec<String> = std::fs::read_dir(site.path("public/search"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| format!("{}/", e.file_name().to_string_lossy()))
        .collect();
    assert_eq!(folders, std::slice::from_ref(&second));
    let records = site.read(&format!("public/search/{second}d/0.json"));
    assert!(records.contains("lighthouse"), "{records}");
}

#[test]
fn search_can_be_turned_off() {
    let site = Site::valid();
    site.build().ok();
    assert!(site.path("public/search/meta.json").exists());
    assert!(
        site.read("public/index.html")
            .contains("class=\"search-box\"")
    );
    site.write(
        "annals.yaml",
        &format!("{}search: false\n", crate::support::CONFIG),
    );
    site.build().ok();
    assert!(!site.path("public/search").exists());
    assert!(
        !site
            .read("public/index.html")
            .contains("class=\"search-box\"")
    );
    // Nor the client: no page loads it.
    let left: Vec<String> = crate::support::files(&site.path("public"))
        .into_iter()
        .filter(|f| f.starts_with("search"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    for page in crate::support::files(&site.path("public")) {
        if page.ends_with(".html") {
            let html = site.read(&format!("public/{page}"));
            assert!(
                !html.contains("search.css") && !html.contains("search.js"),
                "{page}"
            );
            assert!(
                html.contains("\" defer data-search=\"off\">") && html.contains("annals.js?v="),
                "{page}"
            );
        }
    }
}

/// A year below 1000 is one value everywhere: its chronology page
/// `/archive/800/`, the search's year filter and that page's search box.
#[test]
fn a_year_below_1000_is_written_alike_in_the_chronology_and_the_search() {
    let site = Site::valid();
    site.write_dispatch(3, "0800-12-25", "", "x");
    site.build().ok();
    let page = site.read("public/archive/800/index.html");
    assert!(
        page.contains("<input type=\"hidden\" name=\"year\" value=\"800\">"),
        "{page}"
    );
    let years = site.read(&site.index_file("public", "f/year.json"));
    assert!(years.contains("\"value\":\"800\""), "{years}");
    assert!(!years.contains("0800"), "{years}");
}

/// A series, a term and a year page each offer a search kept to their
/// dispatches, by the filter the search page reads; without search, none.
#[test]
fn list_pages_search_their_own_dispatches() {
    let site = Site::valid();
    site.build().ok();
    for (page, filter) in [
        (
            "special-dispatch/index.html",
            ("series", "special-dispatch"),
        ),
        ("people/ada-lovelace/index.html", ("people", "ada-lovelace")),
        ("archive/2021/index.html", ("year", "2021")),
    ] {
        let html = site.read(&format!("public/{page}"));
        let hidden = format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            filter.0, filter.1
        );
        assert!(
            html.contains("class=\"search-within\"") && html.contains(&hidden),
            "{page}: {html}"
        );
    }
    // The whole archive is what the site's own search box searches.
    assert!(
        !site
            .read("public/archive/index.html")
            .contains("search-within")
    );
    site.write(
        "annals.yaml",
        &format!("{}search: false\n", crate::support::CONFIG),
    );
    site.build().ok();
    assert!(
        !site
            .read("public/people/ada-lovelace/index.html")
            .contains("search-within")
    );
}

#[test]
fn pages_may_not_take_built_in_urls() {
    let site = Site::valid();
    site.write("content/search.md", "---\ntitle: Mine\n---\nx\n");
    site.build()
        .says("content/search.md")
        .says("used by the site's own pages");
}

/// Builds `root` through the library with the given body budget.
fn build_with_budget(root: &std::path::Path, budget: u64, out: &std::path::Path) {
    let mut opts = annals::build::Options::new(root.to_path_buf());
    opts.body_budget = budget;
    build_with(opts, out);
}

/// Builds through the library with `opts`.
fn build_with(opts: annals::build::Options, out: &std::path::Path) -> annals::build::Summary {
    let (loaded, diags) = annals::build::load(&opts);
    assert!(
        !diags.has_errors(),
        "{:?}",
        diags.iter().collect::<Vec<_>>()
    );
    let loaded = loaded.expect("loaded");
    annals::build::write(&loaded, out, &|_, _| {}).expect("written")
}

/// Past its body budget a build keeps dispatches slimmed and renders them
/// again while writing pages: the site must come out byte for byte the same.
#[test]
fn rendering_bodies_again_gives_the_same_site() {
    let out = tempfile::tempdir().unwrap();
    let (kept, slim) = (out.path().join("kept"), out.path().join("slim"));
    build_with_budget(&repo_root(), u64::MAX, &kept);
    build_with_budget(&repo_root(), 0, &slim);
    let names = files(&kept);
    assert_eq!(names, files(&slim));
    assert!(names.len() > 50, "{}", names.len());
    for f in &names {
        assert!(
            std::fs::read(kept.join(f)).unwrap() == std::fs::read(slim.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

/// `annals build` tokenizes the search index while the archive is resolved,
/// in the order it predicts the archive will have: drafts, future-dated
/// dispatches and same-day dispatches must not shift a doc, nor give a
/// term its spelling, so the site equals one whose index was tokenized
/// from the resolved archive.
#[test]
fn tokenizing_the_index_while_loading_gives_the_same_site() {
    let site = Site::valid();
    // Taxonomies listed out of their keys' order: names come in the
    // config's order.
    let listed = "  people: { title: People }\n  regions: { title: Regions }\n";
    assert!(CONFIG.contains(listed));
    let swapped = "  regions: { title: Regions }\n  people: { title: People }\n";
    site.write("annals.yaml", &CONFIG.replace(listed, swapped));
    for (file, number, date, extra) in [
        (
            "draft.md",
            3,
            "2020-01-05",
            "draft: true\npeople: [I-R-G-C]",
        ),
        ("future.md", 4, "2999-01-01", ""),
        (
            "same-day.md",
            5,
            "2021-01-05",
            "people: [\"I.R.G.C.\", Ana Ruiz, \"ana ruiz\"]\nregions: [North Sea, north sea]",
        ),
        (
            "earlier.md",
            6,
            "2020-12-31",
            "language: fa\npeople: [I R G C]",
        ),
    ] {
        site.write(
            &format!("content/dispatches/{file}"),
            &dispatch(
                "special-dispatch",
                number,
                date,
                extra,
                &format!("Words of {number}."),
            ),
        );
    }
    // A term named by its entity file's title, and one whose entity file
    // is a draft (so its title names nothing).
    site.write(
        "content/people/ana-ruiz.md",
        "---\ntitle: Ana Ruiz (port analyst)\n---\n\nBio.\n",
    );
    site.write(
        "content/people/i-r-g-c.md",
        "---\ntitle: The Guards\ndraft: true\n---\n\nBio.\n",
    );
    for root in [site.root().to_path_buf(), repo_root()] {
        let out = tempfile::tempdir().unwrap();
        let (early, late) = (out.path().join("early"), out.path().join("late"));
        let mut opts = annals::build::Options::new(root.clone());
        opts.search_early = true;
        assert!(build_with(opts.clone(), &early).search_early);
        opts.search_early = false;
        assert!(!build_with(opts, &late).search_early);
        let names = files(&early);
        assert_eq!(names, files(&late));
        let chunk = format!("search/{}t/", index_folder(&early));
        assert!(names.iter().any(|n| n.starts_with(&chunk)), "{names:?}");
        for f in &names {
            assert!(
                std::fs::read(early.join(f)).unwrap() == std::fs::read(late.join(f)).unwrap(),
                "{f} differs"
            );
        }
    }
}

/// A file saved between loading and writing would make references and
/// backlinks disagree with the page: the build fails and publishes nothing.
#[test]
fn a_file_edited_during_a_build_fails_it() {
    let site = Site::valid();
    let mut opts = annals::build::Options::new(site.root().to_path_buf());
    opts.body_budget = 0;
    let (loaded, _) = annals::build::load(&opts);
    let loaded = loaded.expect("loaded");
    site.write_dispatch(1, "2021-01-05", "", "Rewritten.\n");
    let err = annals::build::write(&loaded, &site.path("public"), &|_, _| {})
        .expect_err("the edit is noticed");
    let d = err.iter().next().expect("a diagnostic");
    assert!(d.message.contains("changed"), "{}", d.message);
    assert!(
        d.file.as_ref().is_some_and(|f| f.ends_with("sd-1.md")),
        "{:?}",
        d.file
    );
    assert!(!site.path("public").exists());
}

/// What a shortcode's arguments show is searched, also inside an element
/// with a tooltip, and a value of markup printed as HTML by its text.
#[test]
fn an_argument_shown_beside_a_tooltip_is_searched() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/badge.html",
        "<span title=\"const\">{{ label }}</span> <abbr title=\"{{ full }}\">{{ short }}</abbr> <b>{{ html | safe }}</b>",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text {{ badge(label=\"gammaseven\", full=\"betafull\", short=\"betashort\", html=\"<i>gammaraw</i>\") }}.",
    );
    site.build().ok();
    // Doc 0 is the newest: sd-3.
    let records = site.read(&site.index_file("public", "d/0.json"));
    for word in ["gammaseven", "betafull", "betashort", "gammaraw"] {
        assert!(records.contains(word), "{word}: {records}");
    }
    assert!(!records.contains("<i>"), "{records}");
}

/// Without JavaScript, the search page leads on to what can be browsed:
/// the chronology and each series.
#[test]
fn the_search_page_without_javascript_links_the_chronology_and_series() {
    let site = Site::valid();
    site.build().ok();
    let page = site.read("public/search/index.html");
    let noscript = page
        .split("<noscript>")
        .nth(1)
        .and_then(|rest| rest.split("</noscript>").next())
        .expect("a noscript");
    for link in [
        "<a href=\"/archive/\">Chronology</a>",
        "<a href=\"/special-dispatch/\">Special Dispatch</a>",
        "<a href=\"/inquiry-analysis/\">Inquiry &amp; Analysis</a>",
    ] {
        assert!(noscript.contains(link), "{noscript}");
    }
}

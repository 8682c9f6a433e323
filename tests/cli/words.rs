//! The site's words: the built-in theme, dates, labels and the search
//! page in the site's language, and `strings:` in annals.yaml.

use crate::support::{CONFIG, Site};

fn site_in(language: &str, extra: &str) -> Site {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &format!("{CONFIG}language: {language}\n{extra}"),
    );
    site
}

/// A Russian site's pages speak Russian around the dispatches' own
/// words: headings, dates, labels, the search page's client and the
/// bar marking a result's words.
#[test]
fn a_russian_site_is_labelled_in_russian() {
    let site = site_in("ru", "");
    site.build().ok();
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(one.contains("<html lang=\"ru\" dir=\"ltr\">"), "{one}");
    assert!(one.contains(">5 января 2021</time>"), "{one}");
    assert!(
        one.contains("<h2 id=\"notes-heading\">Примечания</h2>"),
        "{one}"
    );
    assert!(one.contains("Special Dispatch № 1"), "{one}");
    assert!(
        one.contains("«"),
        "the citation quotes with guillemets: {one}"
    );
    assert!(!one.contains("Cited by"), "{one}");
    assert!(!one.contains("Skip to content"), "{one}");
    // The marks a result's words get on its page are named in Russian.
    assert!(one.contains("data-search-labels=\""), "{one}");
    // The back link of a note is named in the site's words.
    assert!(!one.contains("Back to reference"), "{one}");
    let search = site.read("public/search/index.html");
    assert!(search.contains("data-labels=\""), "{search}");
    assert!(search.contains("&quot;more&quot;"), "{search}");
    let two = site.read("public/special-dispatch/2/index.html");
    assert!(
        !two.contains("Cited by") && !one.contains("Cited by"),
        "{two}"
    );
}

/// A site without `taxonomies:` gets the default four titled in its
/// language; the search index and the feeds carry its dates and labels.
#[test]
fn default_taxonomies_and_search_records_follow_the_language() {
    let site = site_in("de", "");
    let config = site.read("annals.yaml");
    let start = config.find("taxonomies:").unwrap();
    let end = config.find("language:").unwrap();
    site.write(
        "annals.yaml",
        &format!("{}{}", &config[..start], &config[end..]),
    );
    site.write_dispatch(3, "2021-03-11", "people: [Ada Lovelace]", "Third.");
    site.build().ok();
    let home = site.read("public/index.html");
    assert!(home.contains(">Personen</a>"), "{home}");
    assert!(home.contains(">Regionen</a>"), "{home}");
    let folder = site.index_file("public", "d/0.json");
    let records = site.read(&folder);
    assert!(
        records.contains("11. März 2021") || records.contains("5. Januar 2021"),
        "{records}"
    );
}

/// `strings:` replaces words over the language's table; only words that
/// differ from the search client's own English reach its page.
#[test]
fn strings_in_annals_yaml_replace_words() {
    let site = site_in(
        "en",
        "strings:\n  theme:\n    cited_by: Quoted in\n    label: \"{series} #{number}\"\n  search:\n    more: Keep going\n",
    );
    site.build().ok();
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(one.contains(">Quoted in <span class=\"count\">"), "{one}");
    assert!(one.contains("Special Dispatch #1"), "{one}");
    assert!(!one.contains("data-search-labels"), "{one}");
    let search = site.read("public/search/index.html");
    assert!(
        search.contains("data-labels=\"{&quot;label&quot;:&quot;{series} #{number}&quot;,&quot;more&quot;:&quot;Keep going&quot;}\""),
        "{search}"
    );
}

/// An English site's pages carry no word lists for the scripts: the
/// client's own English serves.
#[test]
fn an_english_site_sends_no_words_to_the_scripts() {
    let site = Site::valid();
    site.build().ok();
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(!one.contains("data-search-labels"), "{one}");
    assert!(
        one.contains("March") || one.contains("January 5, 2021"),
        "{one}"
    );
    let search = site.read("public/search/index.html");
    assert!(!search.contains("data-labels"), "{search}");
}

/// Every mistake under `strings:` is said at its line, in one run: a
/// misspelt key (with the key meant), an unknown section, a placeholder
/// left out and one that nothing fills in.
#[test]
fn mistakes_under_strings_are_said_at_their_lines() {
    let site = site_in(
        "en",
        "strings:\n  theme:\n    cited_bye: Quoted in\n    label: \"{series}\"\n    notes: \"Notes {n}\"\n  serch:\n    more: x\n",
    );
    let run = site.build();
    run.fails_at("annals.yaml", 13)
        .says("unknown key `cited_bye`")
        .says("did you mean `cited_by`?")
        .says("`theme: label` leaves out `{number}`")
        .says("`theme: notes` has `{n}`, which nothing fills in")
        .says("unknown section `serch`")
        .says("did you mean `search`?");
    assert!(!site.path("public").exists());
}

/// A language annals has no words for is said once, with what to do;
/// the pages stay in English.
#[test]
fn a_language_without_words_is_warned_about() {
    let site = site_in("ja", "");
    let run = site.build();
    run.ok()
        .says("annals has no words for `ja`")
        .says("under `strings:`");
    let one = site.read("public/special-dispatch/1/index.html");
    assert!(one.contains("Cited by"), "{one}");
}

/// The words of a right-to-left site, and its arrows, read right to
/// left: a Persian site's home page links on to the archive with a
/// left-pointing arrow.
#[test]
fn a_persian_site_reads_right_to_left_in_persian() {
    let site = site_in("fa", "");
    site.build().ok();
    let home = site.read("public/index.html");
    assert!(home.contains("<html lang=\"fa\" dir=\"rtl\">"), "{home}");
    assert!(home.contains(" ←</a></p>"), "{home}");
    let not_found = site.read("public/404.html");
    assert!(!not_found.contains("Page not found"), "{not_found}");
}

/// Values of the wrong shape are said key by key, all in one run: a list,
/// an empty value, a number where words go, a placeholder written twice.
#[test]
fn every_bad_value_under_strings_is_said() {
    let site = site_in(
        "en",
        "strings:\n  theme:\n    cited_by: [a]\n    notes: \"\"\n    month_1: true\n    label: \"{series} {numbr}\"\n  search:\n    many: \"{n} results, {n}\"\n",
    );
    site.build()
        .fails_at("annals.yaml", 13)
        .says("`theme: cited_by` must be one text")
        .says("`theme: notes` is empty")
        .says("`theme: month_1` is true, not text")
        .says("did you mean `{number}`?")
        .says("`search: many` has `{n}` twice");
}

/// A theme copied out before the site's words writes English labels:
/// on a Russian site that is said, at the template.
#[test]
fn a_theme_that_writes_its_own_english_words_is_warned_about() {
    let site = site_in("ru", "theme: old\n");
    site.copy_default_theme("old");
    let base = site.read("themes/old/templates/base.html");
    let mut english = String::new();
    let mut rest = base.as_str();
    while let Some(at) = rest.find("{{ site.words.") {
        english.push_str(&rest[..at]);
        let end = rest[at..].find("}}").map_or(rest.len(), |e| at + e + 2);
        english.push_str("Words");
        rest = &rest[end..];
    }
    english.push_str(rest);
    site.write("themes/old/templates/base.html", &english);
    site.build()
        .ok()
        .says("base.html writes its labels itself, in English")
        .says("annals theme NEW");
    let english_site = Site::valid();
    english_site.write("annals.yaml", &format!("{CONFIG}theme: old\n"));
    english_site.copy_default_theme("old");
    english_site.write("themes/old/templates/base.html", &english);
    let run = english_site.build();
    run.ok();
    assert!(
        !run.stderr.contains("writes its labels itself"),
        "{}",
        run.stderr
    );
}

/// Search results are labelled as the site's pages label a dispatch.
#[test]
fn the_search_page_gets_the_theme_words_it_shows() {
    let site = site_in(
        "en",
        "strings:\n  theme:\n    label: \"{series} #{number}\"\n    search_archive: Find a dispatch\n",
    );
    site.build().ok();
    let search = site.read("public/search/index.html");
    assert!(search.contains("<h1>Find a dispatch</h1>"), "{search}");
    assert!(
        search.contains("&quot;label&quot;:&quot;{series} #{number}&quot;"),
        "{search}"
    );
    assert!(
        search.contains("&quot;search&quot;:&quot;Find a dispatch&quot;"),
        "{search}"
    );
}

/// The `taxonomy_*` words title the default taxonomies only: given on a
/// site that lists its own, they are said to do nothing, in a build
/// that succeeds.
#[test]
fn a_word_for_a_listed_taxonomy_is_warned_about() {
    let site = site_in("ru", "strings:\n  theme:\n    taxonomy_regions: Регионы\n");
    site.build()
        .ok()
        .says("`taxonomy_regions` titles a default taxonomy")
        .says("write the title in `taxonomies:`");
}

//! Borrowed view structs: what templates receive.
//!
//! Templates never see the model: each view is built from the archive for
//! one page, holds only what that page shows, and borrows its text. The
//! fields are documented in docs/templates.md.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::archive::{Archive, Dispatch, DispatchId, Page};
use crate::config::Config;

/// The whole site, as every template sees it (`site`).
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub search: bool,
    /// A hash of the stylesheets and scripts the site publishes, for
    /// their links' `?v=` (see `build::versions`); empty until known.
    pub asset_version: String,
    pub series: Vec<LinkView<'a>>,
    pub taxonomies: Vec<LinkView<'a>>,
    /// The theme's words in the site's language (`site.words.cited_by`).
    pub words: &'a BTreeMap<String, String>,
    /// The search client's words where they are not its own English
    /// ones, for `#search-app`'s `data-labels`.
    pub search_labels: BTreeMap<String, String>,
    /// Likewise for the bar that marks a result's words on its page
    /// (`data-search-labels`): an English site's pages carry neither.
    pub hit_labels: BTreeMap<String, String>,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub url: String,
}

impl<'a> LinkView<'a> {
    /// A link to a top-level section (`/<key>/`): a series or a taxonomy.
    pub fn new(config: &Config, key: &'a str, title: &'a str) -> Self {
        LinkView {
            key,
            title,
            url: format!("{}{key}/", config.base_path),
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config) -> Self {
        let english = crate::words::Words::english();
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            base_path: &config.base_path,
            language: &config.language,
            search: config.search,
            asset_version: String::new(),
            series: config
                .series
                .iter()
                .map(|s| LinkView::new(config, &s.key, &s.title))
                .collect(),
            taxonomies: config
                .taxonomies
                .iter()
                .map(|t| LinkView::new(config, &t.key, &t.title))
                .collect(),
            words: &config.words.theme,
            search_labels: changed(&config.words.client(), &english.client()),
            hit_labels: changed(&config.words.hits, &english.hits),
            extra: &config.extra,
        }
    }
}

/// The entries of `words` whose value is not `english`'s.
fn changed(
    words: &BTreeMap<String, String>,
    english: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    words
        .iter()
        .filter(|(k, v)| english.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A dispatch in a list: enough to show and link it.
#[derive(Serialize, Clone)]
pub struct CardView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// "Special Dispatch No. 8631", or the id.
    pub label: String,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub summary: &'a str,
    pub language: &'a str,
    pub dir: &'static str,
    pub number: Option<u64>,
    pub series_key: Option<&'a str>,
    pub series_title: Option<&'a str>,
}

impl<'a> CardView<'a> {
    pub fn new(config: &'a Config, d: &'a Dispatch) -> Self {
        let series = d.series.map(|s| &config.series[s]);
        CardView {
            id: &d.id,
            title: &d.title,
            label: label(config, d),
            url: format!("{}{}", config.base_path, d.path),
            permalink: format!("{}{}", config.base_url, d.path),
            date: d.date.to_string(),
            date_display: display_date(&config.words, d.date),
            summary: &d.summary,
            language: &d.language,
            dir: dir(&d.language),
            number: d.number,
            series_key: series.map(|s| s.key.as_str()),
            series_title: series.map(|s| s.title.as_str()),
        }
    }
}

#[derive(Serialize)]
pub struct SeriesRef<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub url: String,
    pub feed: String,
}

#[derive(Serialize)]
pub struct TermLinkView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct TaxonomyTermsView<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub terms: Vec<TermLinkView<'a>>,
}

#[derive(Serialize)]
pub struct CitedByView<'a> {
    pub dispatch: CardView<'a>,
    pub sentence: &'a str,
}

/// Everything a dispatch page shows (`d` in dispatch.html).
#[derive(Serialize)]
pub struct DispatchView<'a> {
    #[serde(flatten)]
    pub card: CardView<'a>,
    pub series: Option<SeriesRef<'a>>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    /// Its year's page of the chronology: "/archive/2020/".
    pub year_url: String,
    /// What it was numbered before ("Special Dispatch No. 8606"), as its
    /// aliases say (see `archive::Former`).
    pub formerly: Vec<String>,
    /// The label's words before and after the series' title (`["",
    /// " No. 8631"]`), where the page links the title alone.
    pub label_around: [String; 2],
    pub authors: &'a [String],
    pub terms: Vec<TaxonomyTermsView<'a>>,
    pub body: &'a str,
    pub footnotes: &'a str,
    pub headings: &'a [crate::markdown::Heading],
    /// The headings a table of contents lists: levels 1 to 3.
    pub toc: Vec<&'a crate::markdown::Heading>,
    pub cited_by: Vec<CitedByView<'a>>,
    pub related: Vec<CardView<'a>>,
    pub prev: Option<CardView<'a>>,
    pub next: Option<CardView<'a>>,
    pub citation: String,
    /// The authors as a citation names them ("A, B and C"), if any.
    pub citation_authors: Option<String>,
    /// The title as a citation quotes it: its own double quotes single.
    pub citation_title: String,
    /// The comma after it, inside the closing quote: none after a title
    /// that ends in a question or exclamation mark; and the title's own
    /// closing quote, when it ends in one, after the comma (`,’`).
    pub citation_comma: &'static str,
    /// What goes inside the site's closing quote and after it: the
    /// comma inside English quotation marks (`citation_comma`, `""`),
    /// after others (`«Title»,`).
    pub citation_marks: [&'a str; 2],
    pub extra: &'a serde_json::Value,
}

impl<'a> DispatchView<'a> {
    pub fn new(config: &'a Config, archive: &'a Archive, id: DispatchId) -> Self {
        let d = &archive.dispatches[id];
        let card = |i: DispatchId| CardView::new(config, &archive.dispatches[i]);
        let series = d.series.map(|s| {
            let s = &config.series[s];
            SeriesRef {
                key: &s.key,
                title: &s.title,
                url: format!("{}{}/", config.base_path, s.key),
                feed: format!("{}{}/atom.xml", config.base_url, s.key),
            }
        });
        let terms = archive
            .taxonomy_terms(config, d)
            .map(|(t, terms)| TaxonomyTermsView {
                key: &t.key,
                title: &t.title,
                terms: terms
                    .map(|term| TermLinkView {
                        name: &term.name,
                        slug: &term.slug,
                        url: format!("{}{}", config.base_path, term.path),
                    })
                    .collect(),
            })
            .filter(|t| !t.terms.is_empty())
            .collect();
        let c = CardView::new(config, d);
        let words = &config.words;
        let sep = words.get("list_separator");
        let citation_authors = author_list(&d.authors, sep, words.get("and"));
        // The authors lead when there are any; otherwise the archive is
        // the author. A later version is cited by its update date too.
        // As Chicago writes it: the comma inside the closing quote, and
        // the title's own double quotes made single inside the citation's.
        // That comma is English quotation marks'; after others (« ») it
        // follows them. (`citation_comma` stays English for a theme
        // copied before the site's words, which quotes with “ ”.)
        let (open, close) = (words.get("quote_open"), words.get("quote_close"));
        let (citation_title, citation_comma) = cited_title(&d.title, dir(&d.language) == "rtl");
        let citation_marks = if close == "”" {
            [citation_comma, ""]
        } else {
            // (Other styles put the comma after a question mark too.)
            [citation_comma.trim_start_matches(','), sep.trim_end()]
        };
        let [inside, after] = citation_marks;
        let quoted = format!("{open}{citation_title}{inside}{close}{after}");
        let source = match &citation_authors {
            Some(authors) => format!(
                "{authors}{sep}{quoted} {}{sep}{}{}",
                config.title,
                c.label,
                sep.trim_end()
            ),
            None => format!("{}{sep}{}{sep}{quoted}", config.title, c.label),
        };
        let updated = d
            .updated
            .map(|u| format!(" ({} {})", words.get("updated"), display_date(words, u)))
            .unwrap_or_default();
        // A date that ends in a full stop ("5 янв. 2021 г.") ends the
        // sentence with it.
        let stop = if updated.is_empty() && c.date_display.ends_with('.') {
            ""
        } else {
            "."
        };
        let citation = format!("{source} {}{updated}{stop} {}", c.date_display, c.permalink);
        DispatchView {
            series,
            updated: d.updated.map(|u| u.to_string()),
            updated_display: d.updated.map(|u| display_date(words, u)),
            year_url: format!("{}archive/{}/", config.base_path, d.date.year()),
            formerly: d.formerly(config).into_iter().map(|f| f.label).collect(),
            label_around: label_around(config, d),
            authors: &d.authors,
            terms,
            // Filled in by the caller, which renders the body when needed.
            body: "",
            footnotes: "",
            headings: d.headings(),
            // A heading with no words (`## `) would be a link with no text.
            toc: d
                .headings()
                .iter()
                .filter(|h| h.level <= 3 && !h.text.is_empty() && !h.quoted)
                .collect(),
            cited_by: d
                .cited_by
                .iter()
                .map(|(s, sentence)| CitedByView {
                    dispatch: card(*s),
                    sentence,
                })
                .collect(),
            related: d.related.iter().map(|&r| card(r)).collect(),
            prev: d.prev.map(card),
            next: d.next.map(card),
            citation,
            citation_authors,
            citation_title,
            citation_comma,
            citation_marks,
            extra: &d.extra,
            card: c,
        }
    }
}

/// A plain or entity page's text (`p` in page.html, `entity` in term.html).
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub language: &'a str,
    pub dir: &'static str,
    pub body: &'a str,
    pub footnotes: &'a str,
    pub extra: &'a serde_json::Value,
    pub authors: &'a [String],
    /// ISO dates and as pages show them, when the front matter has them.
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
}

impl<'a> PageView<'a> {
    pub fn new(config: &'a Config, p: &'a Page) -> Self {
        PageView {
            title: &p.title,
            summary: &p.summary,
            url: format!("{}{}", config.base_path, p.path),
            language: &p.language,
            dir: dir(&p.language),
            body: &p.body.html,
            footnotes: &p.body.footnotes,
            extra: &p.extra,
            authors: &p.authors,
            date: p.date.map(|d| d.to_string()),
            date_display: p.date.map(|d| display_date(&config.words, d)),
            updated: p.updated.map(|d| d.to_string()),
            updated_display: p.updated.map(|d| display_date(&config.words, d)),
        }
    }
}

/// Page links of a paginated list (`paginator`).
#[derive(Serialize)]
pub struct PaginatorView {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// Pages were left out before this one: the list marks the gap ("…").
    pub gap: bool,
}

impl PaginatorView {
    /// Pages of the list at `base` (a URL ending in `/`): 1 is `base`,
    /// n is `base/page/n/`. Long lists show a window around the current page.
    pub fn new(base: &str, current: usize, total: usize) -> Self {
        let url = |n: usize| page_url(base, n);
        let window = (current.saturating_sub(3).max(1))..=(current + 3).min(total);
        let mut numbers: Vec<usize> = window.collect();
        if !numbers.contains(&1) {
            numbers.insert(0, 1);
        }
        if total > 0 && !numbers.contains(&total) {
            numbers.push(total);
        }
        // An ellipsis standing for one page takes as much room as its
        // number: show the number.
        for i in (1..numbers.len()).rev() {
            if numbers[i] == numbers[i - 1] + 2 {
                numbers.insert(i, numbers[i - 1] + 1);
            }
        }
        let mut last = 0;
        PaginatorView {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: numbers
                .into_iter()
                .map(|n| {
                    let gap = last > 0 && n > last + 1;
                    last = n;
                    PageLink {
                        number: n,
                        url: url(n),
                        gap,
                    }
                })
                .collect(),
        }
    }
}

pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

pub fn label(config: &Config, d: &Dispatch) -> String {
    match (d.series, d.number) {
        (Some(s), Some(n)) => config.words.label(&config.series[s].title, n),
        _ => d.id.clone(),
    }
}

/// The words of dispatch `d`'s label around its series' title.
fn label_around(config: &Config, d: &Dispatch) -> [String; 2] {
    let Some(n) = d.number else {
        return [String::new(), String::new()];
    };
    config
        .words
        .around("label", "series", &[("number", &n.to_string())])
}

/// `dir` for text in `language`: see [`crate::lang::direction`].
pub fn dir(language: &str) -> &'static str {
    crate::lang::direction(language)
}

/// A date as the site's pages show it ("March 11, 2019").
pub fn display_date(words: &crate::words::Words, d: jiff::civil::Date) -> String {
    words.date(
        i32::from(d.year()),
        d.month().unsigned_abs(),
        d.day().unsigned_abs(),
    )
}

/// "A", "A and B", "A, B and C"; `None` for no authors.
/// The comma a citation puts after `title`, inside its closing quote:
/// none after a question or exclamation mark, which does its work.
/// The title as a citation quotes it, and what follows it inside the
/// citation's closing quote: as Chicago writes it, the comma goes inside
/// both quotes when the title ends in a quotation (`‘Theft,’”`). Not in
/// a right-to-left title (`rtl`), which is isolated from the citation
/// around it: its quotation's two marks stay together, inside it.
fn cited_title(title: &str, rtl: bool) -> (String, &'static str) {
    let title = title.trim_end();
    let mut quoted = quoted_within(title);
    let comma = title_comma(title);
    let ends_quoted = !rtl && title.ends_with(['"', '”']) && quoted.ends_with('’');
    if !ends_quoted {
        return (quoted, comma);
    }
    quoted.pop();
    (quoted, if comma.is_empty() { "’" } else { ",’" })
}

fn title_comma(title: &str) -> &'static str {
    let last = title
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', '»', '›'])
        .chars()
        .next_back();
    match last {
        Some('?' | '!' | '؟' | '？' | '！' | '‽' | '⁉' | '⁈' | '\u{37E}') => "",
        _ => ",",
    }
}

/// `title` as it stands inside a citation's curly double quotes: its own
/// double quotes become single ones (straight ones only when they pair:
/// a lone one is an inch mark), and a straight apostrophe inside a word
/// a curly one (`Iran's ‘Red Line’` would mix the two).
fn quoted_within(title: &str) -> String {
    let pairs = title.matches('"').count().is_multiple_of(2);
    let mut open = true;
    let chars: Vec<char> = title.chars().collect();
    let letter = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '“' => '‘',
            '”' => '’',
            '"' if pairs => {
                open = !open;
                if open { '’' } else { '‘' }
            }
            '\'' if letter(i.checked_sub(1)) && letter(Some(i + 1)) => '’',
            c => c,
        })
        .collect()
}

fn author_list(authors: &[String], sep: &str, and: &str) -> Option<String> {
    match authors {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} {and} {last}", rest.join(sep))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_titles_own_double_quotes_become_single_in_a_citation() {
        assert_eq!(quoted_within(r#"Say "no" & go"#), "Say ‘no’ & go");
        assert_eq!(quoted_within("The “red line”"), "The ‘red line’");
        assert_eq!(quoted_within("Plain"), "Plain");
        assert_eq!(quoted_within(r#"Iran's "Red Line""#), "Iran’s ‘Red Line’");
        assert_eq!(quoted_within("Rock 'n' Roll"), "Rock 'n' Roll");
        assert_eq!(quoted_within(r#"A 5" gun"#), r#"A 5" gun"#);
        assert_eq!(title_comma("Attacks?"), "");
        assert_eq!(title_comma(r#"Darvand: "We Will Answer!""#), "");
        assert_eq!(title_comma("پاسخ؟"), "");
        assert_eq!(title_comma("A report"), ",");
        let cited = |t: &str| {
            let (title, after) = cited_title(t, false);
            format!("“{title}{after}”")
        };
        assert_eq!(cited(r#"He Called It "Theft""#), "“He Called It ‘Theft,’”");
        assert_eq!(cited("Why Say “No?”"), "“Why Say ‘No?’”");
        assert_eq!(cited("The Ministers’"), "“The Ministers’,”");
        assert_eq!(cited(r#"A 5" gun"#), r#"“A 5" gun,”"#);
        assert_eq!(
            cited_title(r#"او گفت "دزدی""#, true),
            ("او گفت ‘دزدی’".to_string(), ",")
        );
    }

    #[test]
    fn paginator_urls() {
        let p = PaginatorView::new("/sd/", 2, 3);
        assert_eq!(p.prev.as_deref(), Some("/sd/"));
        assert_eq!(p.next.as_deref(), Some("/sd/page/3/"));
        let p = PaginatorView::new("/sd/", 50, 100);
        assert_eq!(p.pages.first().unwrap().number, 1);
        assert_eq!(p.pages.last().unwrap().number, 100);
        assert!(p.pages.len() <= 9);
    }

    #[test]
    fn paginator_marks_the_pages_it_leaves_out() {
        let shown = |current, total| {
            PaginatorView::new("/a/", current, total)
                .pages
                .iter()
                .map(|p| {
                    if p.gap {
                        format!("… {}", p.number)
                    } else {
                        p.number.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(20, 40), "1 … 17 18 19 20 21 22 23 … 40");
        assert_eq!(shown(1, 40), "1 2 3 4 … 40");
        assert_eq!(shown(40, 40), "1 … 37 38 39 40");
        // A gap of one page shows that page instead.
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(2, 3), "1 2 3");
    }

    #[test]
    fn rtl_languages() {
        assert_eq!(dir("fa"), "rtl");
        assert_eq!(dir("ar-EG"), "rtl");
        assert_eq!(dir("en"), "ltr");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(
            display_date(
                &crate::words::Words::english(),
                jiff::civil::date(2020, 3, 13)
            ),
            "March 13, 2020"
        );
    }
}

//! Paginated lists: series indexes, term (entity) pages, taxonomy lists,
//! the chronology by year and the whole-archive index.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

use super::views::{CardView, LinkView, PageView, PaginatorView, page_url};
use super::{PageContext, Renderer};
use crate::archive::DispatchId;
use crate::escape::escape;

/// Renders `items` (already in display order) as pages of `paginate` at
/// site-relative `path`, described by `description` (the meta
/// description); `extend` adds the template's own variables.
fn paginated(
    r: &Renderer,
    path: &str,
    template: &str,
    (title, description): (&str, &str),
    items: &[DispatchId],
    extend: &(dyn Fn(&mut PageContext, usize) + Sync),
) {
    // A year's page is a chronology, oldest first; every other list runs
    // newest first. The pager's words follow.
    let oldest_first = template == "year.html";
    let per = r.config.paginate;
    let total = items.len().div_ceil(per).max(1);
    let base = format!("{}{path}", r.config.base_path);
    (1..=total).into_par_iter().for_each(|n| {
        let chunk = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
        if !r.shows_any(chunk) {
            return;
        }
        let cards: Vec<CardView> = chunk
            .iter()
            .map(|&i| CardView::new(r.config, &r.archive.dispatches[i]))
            .collect();
        let page_path = page_url(path, n);
        let shown_title = if n > 1 {
            r.config
                .words
                .fill("page", &[("title", title), ("n", &n.to_string())])
        } else {
            title.to_string()
        };
        let mut c = r.context(&shown_title, &page_path, description);
        // The heading's words around a name it marks up (a term's, in
        // its own language): " (page 2)" after it in English.
        let around = if n > 1 {
            r.config
                .words
                .around("page", "title", &[("n", &n.to_string())])
        } else {
            [String::new(), String::new()]
        };
        c.insert("page_around", &around);
        c.insert("items", &cards);
        c.insert("paginator", &PaginatorView::new(&base, n, total));
        c.insert("oldest_first", &oldest_first);
        // Its name on every page of it: its feed's title.
        c.insert("list_title", title);
        c.insert("feed", &None::<String>);
        c.insert("search_scope", &None::<SearchScope>);
        extend(&mut c, n);
        r.page(&page_path, template, c);
        // `page/1/` is the list's first page: a reader who edits a page
        // number down to 1, or a link from a Hugo or Zola site, is sent
        // there, as those write it.
        if n == 1 && total > 1 {
            let first = format!("{path}page/1/");
            super::pages::write_alias(r, &first, (title, &r.config.language), path);
        }
    });
}

/// The filter of the search page that keeps to a list's dispatches (a
/// series, a term, a year), for a form that searches them: `key=value`.
#[derive(Serialize)]
struct SearchScope<'a> {
    key: &'a str,
    value: String,
}

impl<'a> SearchScope<'a> {
    /// `None` when the site has no search.
    fn new(r: &Renderer, key: &'a str, value: String) -> Option<Self> {
        r.config.search.then_some(SearchScope { key, value })
    }
}

#[derive(Serialize)]
struct SeriesInfo<'a> {
    key: &'a str,
    title: &'a str,
    description: &'a str,
    count: usize,
}

pub fn series(r: &Renderer) {
    r.config
        .series
        .par_iter()
        .zip(&r.archive.series_members)
        .for_each(|(s, members)| {
            let newest_first: Vec<DispatchId> = members.iter().rev().copied().collect();
            let info = SeriesInfo {
                key: &s.key,
                title: &s.title,
                description: &s.description,
                count: members.len(),
            };
            let feed = format!("{}{}/atom.xml", r.config.base_url, s.key);
            let scope = SearchScope::new(r, "series", s.key.clone());
            paginated(
                r,
                &format!("{}/", s.key),
                "series.html",
                (&s.title, &s.description),
                &newest_first,
                &|c, _| {
                    c.insert("series", &info);
                    c.insert("feed", &feed);
                    c.insert("search_scope", &scope);
                },
            );
        });
}

#[derive(Serialize)]
struct TermInfo<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct TermEntry<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    /// Its entity file's summary ("" for none), in that file's language
    /// and direction.
    summary: &'a str,
    lang: &'a str,
    dir: &'static str,
}

pub fn terms(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    let facet_keys = crate::search::facet_keys(config.taxonomies.iter().map(|t| t.key.as_str()));
    (0..archive.terms.len()).into_par_iter().for_each(|t| {
        let term = &archive.terms[t];
        if !r.shows_any(&term.dispatches) {
            return;
        }
        let taxonomy = &config.taxonomies[term.taxonomy];
        let path = &archive.terms[t].path;
        let entity = term
            .entity
            .map(|p| PageView::new(config, &archive.pages[p]));
        let info = TermInfo {
            name: &term.name,
            slug: &term.slug,
            count: term.dispatches.len(),
        };
        let tax = LinkView::new(config, &taxonomy.key, &taxonomy.title);
        let feed = format!("{}{path}atom.xml", config.base_url);
        let scope = facet_keys
            .get(term.taxonomy)
            .and_then(|(_, key)| SearchScope::new(r, key, term.slug.clone()));
        let timeline = timeline_svg(r, &term.dispatches, scope.as_ref());
        // Newest first, as the series and the archive list: an entity's
        // page is read for what it did lately (the timeline shows it all).
        let newest_first: Vec<DispatchId> = term.dispatches.iter().rev().copied().collect();
        // An entity file's summary describes the term's page.
        let description = entity.as_ref().map_or("", |e| e.summary);
        let heading = (term.name.as_str(), description);
        paginated(r, path, "term.html", heading, &newest_first, &|c, _| {
            c.insert("term", &info);
            c.insert("taxonomy", &tax);
            c.insert("entity", &entity);
            c.insert("feed", &feed);
            c.insert("timeline", &timeline);
            c.insert("search_scope", &scope);
        });
        // A term's old URLs are its entity file's aliases (checked with
        // the other pages' when the archive was resolved).
        if let Some(p) = term.entity {
            let page = &archive.pages[p];
            // The name is in the entity file's language if it is its title
            // (as the term's page marks it).
            let lang = if page.title == term.name {
                &page.language
            } else {
                &config.language
            };
            for alias in &page.aliases {
                super::pages::write_alias(r, alias, (&term.name, lang), path);
            }
        }
    });
    config
        .taxonomies
        .par_iter()
        .zip(&archive.taxonomy_terms)
        .for_each(|(taxonomy, terms)| {
            let entries: Vec<TermEntry> = terms
                .iter()
                .map(|&t| {
                    let term = &archive.terms[t];
                    let entity = term.entity.map(|p| &archive.pages[p]);
                    let lang = entity.map_or(config.language.as_str(), |p| p.language.as_str());
                    TermEntry {
                        name: &term.name,
                        slug: &term.slug,
                        url: format!("{}{}", config.base_path, term.path),
                        count: term.dispatches.len(),
                        summary: entity.map_or("", |p| p.summary.as_str()),
                        lang,
                        dir: super::views::dir(lang),
                    }
                })
                .collect();
            let path = format!("{}/", taxonomy.key);
            let mut c = r.context(&taxonomy.title, &path, "");
            c.insert(
                "taxonomy",
                &LinkView::new(config, &taxonomy.key, &taxonomy.title),
            );
            c.insert("terms", &entries);
            r.page(&path, "taxonomy.html", c);
        });
}

/// An inline SVG bar chart of dispatches per year, made at build time;
/// over a long span, per 2, 5, 10, 20, 50... years, so that the chart
/// keeps a readable width (at most [`MAX_BARS`] bars). With `scope` (the
/// site has search), each bar links to the search page kept to the term
/// and the bar's years: a reader goes from "12 in 2019" to those 12.
fn timeline_svg(r: &Renderer, dispatches: &[DispatchId], scope: Option<&SearchScope>) -> String {
    let mut per_year: BTreeMap<i16, usize> = BTreeMap::new();
    for &d in dispatches {
        *per_year
            .entry(r.archive.dispatches[d].date.year())
            .or_default() += 1;
    }
    let (Some(&first), Some(&last)) = (per_year.keys().next(), per_year.keys().next_back()) else {
        return String::new();
    };
    let step = bar_years(i32::from(last) - i32::from(first) + 1);
    let start = i32::from(first).div_euclid(step) * step;
    let bars = (i32::from(last) - start) / step + 1;
    let mut per_bar = vec![0usize; usize::try_from(bars).unwrap_or(0)];
    for (&year, &n) in &per_year {
        let i = usize::try_from((i32::from(year) - start) / step).unwrap_or(0);
        if let Some(slot) = per_bar.get_mut(i) {
            *slot += n;
        }
    }
    let max = per_bar.iter().copied().max().unwrap_or(1).max(1);
    // Room above the bars for their counts, shown rather than only in
    // tooltips a mouse is needed for.
    let (bar, gap, height, top) = (24usize, 6usize, 60usize, 12usize);
    let width = per_bar.len() * (bar + gap);
    let counts: Vec<String> = per_year.iter().map(|(y, n)| format!("{y}: {n}")).collect();
    // Links inside a `role="img"` would be hidden from screen readers
    // while still taking the keyboard's focus: a linked chart is a group.
    let role = if scope.is_some() { "group" } else { "img" };
    let words = &r.config.words;
    let name = words.fill(
        "timeline_label",
        &[
            ("first", &first.to_string()),
            ("last", &last.to_string()),
            ("counts", &counts.join(words.get("list_separator"))),
        ],
    );
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {}\" width=\"{width}\" height=\"{}\" role=\"{role}\" aria-label=\"{}\">",
        top + height + 16,
        top + height + 16,
        escape(&name)
    );
    for (i, &n) in per_bar.iter().enumerate() {
        let from = start + i32::try_from(i).unwrap_or(0) * step;
        let h = if n == 0 { 0 } else { (n * height / max).max(2) };
        let x = i * (bar + gap);
        let count = if n == 0 {
            String::new()
        } else {
            format!(
                "<text class=\"count\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text>",
                x + bar / 2,
                top + height - h - 2
            )
        };
        // The whole year under a bar: `99` and `00` would not say which
        // century, and a span's label is its first year.
        let (title, label) = match step {
            1 => (from.to_string(), from.to_string()),
            // (A decade is read as one: `1990s`.)
            10 => (format!("{from}\u{2013}{}", from + 9), format!("{from}s")),
            _ => (
                format!("{from}\u{2013}{}", from + step - 1),
                from.to_string(),
            ),
        };
        // The label before the count, apart: a link's name says what it
        // shows in the order it shows it (WCAG 2.5.3, "label in name"),
        // and a text browser shows "2023 3", not "20233".
        let bar_svg = format!(
            "<title>{}</title><rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{h}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{label}</text> {count}",
            escape(&words.fill("timeline_bar", &[("label", &title), ("n", &n.to_string())])),
            top + height - h,
            x + bar / 2,
            top + height + 12,
        );
        let years = per_year
            .range(year_of(from)..year_of(from + step))
            .map(|(y, _)| *y);
        match scope.filter(|_| n > 0) {
            Some(scope) => {
                let href = escape(&search_href(r, scope, years));
                let n = n.to_string();
                let name = if step == 1 {
                    words.fill("timeline_bar", &[("label", &label), ("n", &n)])
                } else {
                    words.fill(
                        "timeline_bar_span",
                        &[("label", &label), ("n", &n), ("span", &title)],
                    )
                };
                let name = escape(&name);
                svg.push_str(&format!(
                    "<a href=\"{href}\" aria-label=\"{name}\">{bar_svg}</a>"
                ));
            }
            None => svg.push_str(&format!("<g>{bar_svg}</g>")),
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A year as the archive's dates hold it (years past its range are
/// clamped: they hold no dispatches anyway).
fn year_of(year: i32) -> i16 {
    i16::try_from(year).unwrap_or(if year < 0 { i16::MIN } else { i16::MAX })
}

/// The search page kept to `scope` and `years` (the year filter's values
/// are the years as the chronology names them, `800` not `0800`).
fn search_href(r: &Renderer, scope: &SearchScope, years: impl Iterator<Item = i16>) -> String {
    let mut href = format!(
        "{}search/?{}={}",
        r.config.base_path,
        utf8_percent_encode(scope.key, QUERY_PART),
        utf8_percent_encode(&scope.value, QUERY_PART)
    );
    for year in years {
        href.push_str(&format!("&year={year}"));
    }
    href
}

/// What a query string's key or value keeps as it is.
const QUERY_PART: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The most bars a term's timeline draws.
const MAX_BARS: i32 = 30;

/// How many years one bar of a timeline over `span` years counts: 1, or
/// the least of 2, 5, 10, 20, 50, 100... that keeps it to [`MAX_BARS`]
/// bars (however the span falls on their boundaries).
fn bar_years(span: i32) -> i32 {
    let mut step = 1;
    for unit in [1, 10, 100, 1000] {
        for m in [1, 2, 5] {
            step = unit * m;
            if (span + step - 1) / step < MAX_BARS {
                return step;
            }
        }
    }
    step
}

#[derive(Serialize)]
struct YearLink {
    year: i16,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct YearInfo<'a> {
    year: i16,
    count: usize,
    /// The years before and after it that have dispatches: the way on
    /// from its last page.
    earlier: Option<&'a YearLink>,
    later: Option<&'a YearLink>,
}

pub fn chronology(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    let years: Vec<YearLink> = archive
        .years
        .iter()
        .map(|(y, ds)| YearLink {
            year: *y,
            url: format!("{}archive/{y}/", config.base_path),
            count: ds.len(),
        })
        .collect();
    let by_year: Vec<_> = archive.years.iter().collect();
    by_year.par_iter().enumerate().for_each(|(i, &(year, ds))| {
        let info = YearInfo {
            year: *year,
            count: ds.len(),
            earlier: i.checked_sub(1).and_then(|i| years.get(i)),
            later: years.get(i + 1),
        };
        // As the search's year filter writes a year (see `search/docs.rs`).
        let scope = SearchScope::new(r, "year", year.to_string());
        paginated(
            r,
            &format!("archive/{year}/"),
            "year.html",
            (&year.to_string(), ""),
            ds,
            &|c, _| {
                c.insert("year", &info);
                c.insert("years", &years);
                c.insert("search_scope", &scope);
            },
        );
    });
    let newest_first: Vec<DispatchId> = (0..archive.dispatches.len()).rev().collect();
    let feed = format!("{}atom.xml", config.base_url);
    paginated(
        r,
        "archive/",
        "archive.html",
        (r.config.words.get("chronology"), ""),
        &newest_first,
        &|c, _| {
            c.insert("years", &years);
            c.insert("total", &archive.dispatches.len());
            c.insert("feed", &feed);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::bar_years;

    #[test]
    fn a_bar_counts_more_years_as_the_span_grows() {
        let steps: Vec<i32> = [1, 29, 30, 58, 150, 1225, 9999]
            .into_iter()
            .map(bar_years)
            .collect();
        assert_eq!(steps, [1, 1, 2, 2, 10, 50, 500]);
    }
}

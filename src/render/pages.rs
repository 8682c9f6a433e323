//! Dispatch pages, plain pages, aliases and the one-off pages (home,
//! search, 404).

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use super::views::{CardView, DispatchView, PageView};
use crate::archive::{Body, DispatchId};
use crate::output::alias_path;

pub fn dispatches(r: &Renderer) {
    (0..r.archive.dispatches.len())
        .into_par_iter()
        .filter(|&i| r.wants_dispatch(i))
        .for_each(|i| {
            dispatch(r, i);
        });
}

/// Writes the page (and aliases) of dispatch `i`; returns its body if it
/// was rendered (the search indexer reads it next).
pub fn dispatch(r: &Renderer, i: DispatchId) -> Option<Body> {
    let d = &r.archive.dispatches[i];
    let view = DispatchView::new(r.config, r.archive, i);
    // The key covers the body by its fingerprint, not its text.
    let key = r.key_of(&view, &[i]);
    let mut body = None;
    r.page_keyed(&d.path, "dispatch.html", key, || {
        let b = r.body(i);
        let mut view = view;
        (view.body, view.footnotes) = (&b.html, &b.footnotes);
        let mut c = r.direct_context(&d.title, &d.path, &d.summary);
        c.insert("d", &view);
        drop(view);
        body = Some(b);
        c
    });
    for alias in &d.aliases {
        write_alias(r, alias, (&d.title, &d.language), &d.path);
    }
    body
}

pub fn plain_pages(r: &Renderer) {
    r.archive
        .pages
        .par_iter()
        .filter(|p| !p.is_entity)
        .for_each(|p| {
            let mut c = r.context(&p.title, &p.path, &p.summary);
            c.insert("p", &PageView::new(r.config, p));
            r.page(&p.path, "page.html", c);
            for alias in &p.aliases {
                write_alias(r, alias, (&p.title, &p.language), &p.path);
            }
        });
}

/// A page at an old URL that sends readers (and search engines) on: to
/// `path`, whose title (in its language) it names.
pub(super) fn write_alias(r: &Renderer, alias: &str, (title, lang): (&str, &str), path: &str) {
    let Some(file) = alias_path(alias) else {
        return;
    };
    let mut c = r.bare();
    c.insert("title", title);
    c.insert("lang", lang);
    c.insert("target", &format!("{}{path}", r.config.base_url));
    r.page(&file, "alias.html", c);
}

#[derive(Serialize)]
struct SeriesCount<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct Cited<'a> {
    dispatch: CardView<'a>,
    count: usize,
}

#[derive(Serialize)]
struct TermCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct Busiest<'a> {
    key: &'a str,
    title: &'a str,
    terms: Vec<TermCount<'a>>,
}

/// Home, search and 404.
pub fn singletons(r: &Renderer) {
    home(r);
    let config = r.config;

    if config.search {
        let c = r.context(r.config.words.get("search_link"), "search/", "");
        r.page("search/", "search.html", c);
    }
    let mut c = r.context(r.config.words.get("not_found"), "404.html", "");
    c.insert("noindex", &true);
    r.page("404.html", "404.html", c);
}

/// The home page: the latest dispatches, the series, the most cited and
/// the busiest terms.
pub fn home(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    let latest: Vec<CardView> = archive
        .dispatches
        .iter()
        .rev()
        .take(config.paginate.min(20))
        .map(|d| CardView::new(config, d))
        .collect();
    let series: Vec<SeriesCount> = config
        .series
        .iter()
        .zip(&archive.series_members)
        .map(|(s, m)| SeriesCount {
            key: &s.key,
            title: &s.title,
            url: format!("{}{}/", config.base_path, s.key),
            count: m.len(),
        })
        .collect();
    let mut cited: Vec<usize> = (0..archive.dispatches.len())
        .filter(|&i| !archive.dispatches[i].cited_by.is_empty())
        .collect();
    cited.sort_by_key(|&i| {
        (
            std::cmp::Reverse(archive.dispatches[i].cited_by.len()),
            std::cmp::Reverse(i),
        )
    });
    let most_cited: Vec<Cited> = cited
        .into_iter()
        .take(10)
        .map(|i| Cited {
            dispatch: CardView::new(config, &archive.dispatches[i]),
            count: archive.dispatches[i].cited_by.len(),
        })
        .collect();
    let busiest: Vec<Busiest> = config
        .taxonomies
        .iter()
        .zip(&archive.taxonomy_terms)
        .map(|(t, terms)| {
            let mut terms: Vec<usize> = terms
                .iter()
                .copied()
                .filter(|&i| !archive.terms[i].dispatches.is_empty())
                .collect();
            // Ties in the order of the taxonomy's page (a stable sort).
            terms.sort_by_key(|&t| std::cmp::Reverse(archive.terms[t].dispatches.len()));
            Busiest {
                key: &t.key,
                title: &t.title,
                terms: terms
                    .into_iter()
                    .take(12)
                    .map(|i| TermCount {
                        name: &archive.terms[i].name,
                        url: format!("{}{}", config.base_path, archive.terms[i].path),
                        count: archive.terms[i].dispatches.len(),
                    })
                    .collect(),
            }
        })
        .filter(|b| !b.terms.is_empty())
        .collect();
    let mut c = r.context(&config.title, "", &config.description);
    c.insert("items", &latest);
    c.insert("series", &series);
    c.insert("most_cited", &most_cited);
    c.insert("busiest", &busiest);
    r.page("", "home.html", c);
}

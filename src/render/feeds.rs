//! Machine-readable output: Atom feeds (archive, series, terms), the
//! sitemap and `archive.json`. Text is escaped by the XML templates and by
//! serde_json, never by hand.
//!
//! The URLs they carry are percent-encoded ([`uri`]): the sitemap protocol
//! requires URIs, and a term's page in Persian script has a path of
//! Persian letters. Feeds (where IRIs would do) and `archive.json` use
//! the same form, so that one page has one URL in every file a program
//! reads. HTML pages keep the letters, which browsers show as written.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use super::views::label;
use crate::archive::{Body, DispatchId};
use crate::escape::escape;

/// The sitemap protocol's limit of URLs per file.
const SITEMAP_LIMIT: usize = 50_000;

/// What a URL's path may not carry as it is: controls, space, the
/// characters RFC 3986 excludes, and `?`, `#`, `[`, `]`, which would end
/// or break the path (bytes outside ASCII are always encoded). `%` is
/// kept: a `base_url` may be encoded already.
const NOT_IN_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'?')
    .add(b'#')
    .add(b'[')
    .add(b']');

/// `url` (absolute) as a URI: its path percent-encoded, UTF-8 bytes of
/// letters outside ASCII included (`/people/علی/` ->
/// `/people/%D8%B9%D9%84%DB%8C/`). The scheme and host are left alone.
pub fn uri(url: &str) -> String {
    let host_start = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[host_start..]
        .find('/')
        .map_or(url.len(), |i| host_start + i);
    let (head, path) = url.split_at(path_start);
    format!("{head}{}", utf8_percent_encode(path, NOT_IN_PATH))
}

pub fn all(r: &Renderer) {
    rayon::join(
        || feeds(r),
        || rayon::join(|| sitemap(r), || archive_json(r)),
    );
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    permalink: String,
    published: String,
    updated: String,
    language: &'a str,
    /// `rtl` for a Persian or Arabic dispatch: a feed reader has no style
    /// sheet, and `xml:lang` sets no direction.
    dir: &'static str,
    authors: &'a [String],
    summary: &'a str,
    /// The body HTML and the notes (escaped by the template); empty in
    /// term feeds.
    content: String,
    notes: String,
}

/// What a feed's entries carry.
#[derive(Clone, Copy, PartialEq)]
enum Content {
    /// Whole bodies: the archive's and each series' feed.
    Full,
    /// Summaries only: the feeds of terms. An archive has thousands of
    /// terms and a dispatch is in several; whole bodies there would
    /// multiply the site's size and the build's work for little gain.
    Summary,
}

/// A feed's date-time: the instant written in the front matter, or the
/// start of the day (UTC) when only a date was.
fn timestamp(d: jiff::civil::Date, time: Option<jiff::Timestamp>) -> String {
    match time {
        Some(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => format!("{d}T00:00:00Z"),
    }
}

/// When a dispatch was last changed: `updated`, if later than `date`. A
/// date-only `updated` of a later day than `date` is a revision even when
/// its midnight (UTC) is not after the published instant (`date:
/// 2025-01-16T23:30:00-05:00`, `updated: 2025-01-17`): it is dated a
/// second after publication, so that feed readers see the change.
fn last_change(d: &crate::archive::Dispatch) -> String {
    let published = timestamp(d.date, d.date_time);
    match d.updated {
        Some(u) if d.updated_time.is_none() && u > d.date => {
            let midnight = timestamp(u, None);
            match d
                .date_time
                .and_then(|t| t.checked_add(jiff::SignedDuration::from_secs(1)).ok())
            {
                Some(after) if midnight <= published => timestamp(u, Some(after)),
                _ => midnight.max(published),
            }
        }
        Some(u) => timestamp(u, d.updated_time).max(published),
        None => published,
    }
}

fn feed(
    r: &Renderer,
    path: &str,
    title: &str,
    html_path: &str,
    members: &[DispatchId],
    content: Content,
) {
    let (config, archive) = (r.config, r.archive);
    let shown: Vec<DispatchId> = members
        .iter()
        .rev()
        .take(config.feed_limit)
        .copied()
        .collect();
    // A partial render: the feed changes with a card anywhere in it (its
    // `updated`), or with the body of an entry it carries.
    let bodies_changed = content == Content::Full && r.shows_page_of_any(&shown);
    // An empty feed takes the archive's date (below), which any change
    // may move: it is written every time, as it costs nothing.
    if !members.is_empty() && !r.shows_any(members) && !bodies_changed {
        return;
    }
    // As new as the entries it carries (a correction to an older
    // dispatch, past the feed's limit, changes no entry of it); a feed
    // with no entry yet (a new series) is as new as the archive, and an
    // archive with none at all has no date to give.
    let updated = shown
        .iter()
        .map(|&i| last_change(&archive.dispatches[i]))
        .max()
        .or_else(|| archive.dispatches.iter().map(last_change).max())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    // Feeds carry whole bodies: the dev server recognises an unchanged feed
    // from the entries' body fingerprints, without serializing the bodies.
    let key = r.key_of(&(title, path, html_path, &updated), &shown);
    let full = content == Content::Full;
    r.page_keyed(path, "atom.xml", key, || {
        let entries: Vec<Entry> = shown
            .iter()
            .map(|&i| {
                let d = &archive.dispatches[i];
                let body = if full { r.body(i) } else { Body::default() };
                let permalink = uri(&format!("{}{}", config.base_url, d.path));
                // Read away from the page: its links must lead somewhere.
                let absolute = |html: &str| {
                    super::absolute::absolute_links(
                        &crate::markdown::highlight::without_highlighting(html),
                        super::absolute::origin(&config.base_url),
                        &permalink,
                    )
                };
                let (content, notes) = (absolute(&body.html), absolute(&body.footnotes));
                Entry {
                    title: &d.title,
                    permalink: permalink.clone(),
                    published: timestamp(d.date, d.date_time),
                    updated: last_change(d),
                    language: &d.language,
                    dir: crate::lang::direction(&d.language),
                    authors: &d.authors,
                    summary: &d.summary,
                    content,
                    notes,
                }
            })
            .collect();
        let mut c = r.direct();
        c.insert("feed_title", title);
        c.insert("feed_url", &uri(&format!("{}{path}", config.base_url)));
        c.insert("html_url", &uri(&format!("{}{html_path}", config.base_url)));
        c.insert("updated", &updated);
        c.insert("entries", &entries);
        c
    });
}

/// What changes when only the bodies of `dispatches` changed (the dev
/// server's fast path): the feeds that carry bodies, and `archive.json`
/// if a `cites` list changed.
pub fn after_body_edits(r: &Renderer, dispatches: &[DispatchId], cites_changed: bool) {
    archive_feed(r);
    let mut series: Vec<usize> = dispatches
        .iter()
        .filter_map(|&d| r.archive.dispatches[d].series)
        .collect();
    series.sort_unstable();
    series.dedup();
    for s in series {
        series_feed(r, s);
    }
    if cites_changed {
        archive_json(r);
    }
}

fn archive_feed(r: &Renderer) {
    let everything: Vec<DispatchId> = (0..r.archive.dispatches.len()).collect();
    feed(
        r,
        "atom.xml",
        &r.config.title,
        "",
        &everything,
        Content::Full,
    );
}

fn series_feed(r: &Renderer, s: usize) {
    let config = r.config;
    let series = &config.series[s];
    let mut by_date = r.archive.series_members[s].clone();
    by_date.sort_unstable();
    feed(
        r,
        &format!("{}/atom.xml", series.key),
        &format!("{} · {}", series.title, config.title),
        &format!("{}/", series.key),
        &by_date,
        Content::Full,
    );
}

fn feeds(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    archive_feed(r);
    (0..config.series.len())
        .into_par_iter()
        .for_each(|s| series_feed(r, s));
    (0..archive.terms.len()).into_par_iter().for_each(|t| {
        let term = &archive.terms[t];
        let path = &archive.terms[t].path;
        let title = format!("{} · {}", term.name, config.title);
        feed(
            r,
            &format!("{path}atom.xml"),
            &title,
            path,
            &term.dispatches,
            Content::Summary,
        );
    });
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

fn sitemap(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    let url = |path: &str, lastmod: Option<String>| SitemapUrl {
        loc: uri(&format!("{}{path}", config.base_url)),
        lastmod,
    };
    // A list changes when one of its dispatches does: its newest date.
    let revised = |d: &crate::archive::Dispatch| d.updated.unwrap_or(d.date).max(d.date);
    let newest =
        |ids: &mut dyn Iterator<Item = &usize>| ids.map(|&d| revised(&archive.dispatches[d])).max();
    let everything = archive.dispatches.iter().map(revised).max();
    let mut by_series = vec![None; config.series.len()];
    for d in &archive.dispatches {
        if let Some(slot) = d.series.and_then(|s| by_series.get_mut(s)) {
            *slot = (*slot).max(Some(revised(d)));
        }
    }
    let mut urls = vec![url("", everything.map(|d| d.to_string()))];
    urls.extend(
        archive
            .dispatches
            .iter()
            .map(|d| url(&d.path, Some(revised(d).to_string()))),
    );
    urls.extend(archive.pages.iter().filter(|p| !p.is_entity).map(|p| {
        let revised = p.updated.max(p.date);
        url(&p.path, revised.map(|d| d.to_string()))
    }));
    urls.extend(
        config
            .series
            .iter()
            .zip(&by_series)
            .map(|(s, newest)| url(&format!("{}/", s.key), newest.map(|d| d.to_string()))),
    );
    // A term's page changes with its dispatches and its entity file.
    let terms: Vec<_> = archive
        .terms
        .iter()
        .map(|term| {
            let entity = term.entity.map(|p| &archive.pages[p]);
            let text = entity.and_then(|p| p.updated.max(p.date));
            newest(&mut term.dispatches.iter()).max(text)
        })
        .collect();
    urls.extend(config.taxonomies.iter().enumerate().map(|(i, t)| {
        let listed = archive.terms.iter().zip(&terms);
        let newest = listed
            .filter(|(term, _)| term.taxonomy == i)
            .filter_map(|(_, &r)| r)
            .max();
        url(&format!("{}/", t.key), newest.map(|d| d.to_string()))
    }));
    urls.extend(
        archive
            .terms
            .iter()
            .zip(&terms)
            .map(|(term, revised)| url(&term.path, revised.map(|d| d.to_string()))),
    );
    urls.push(url("archive/", everything.map(|d| d.to_string())));
    urls.extend(archive.years.iter().map(|(y, ids)| {
        let newest = newest(&mut ids.iter());
        url(&format!("archive/{y}/"), newest.map(|d| d.to_string()))
    }));
    if config.search {
        urls.push(url("search/", None));
    }
    if urls.len() <= SITEMAP_LIMIT {
        let mut c = r.bare();
        c.insert("urls", &urls);
        r.page("sitemap.xml", "sitemap.xml", c);
        return;
    }
    // Too many for one file: numbered sitemaps and an index of them.
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let mut c = r.bare();
        c.insert("urls", chunk);
        r.page(&name, "sitemap.xml", c);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&uri(&format!("{}{name}", config.base_url)))
        ));
    }
    index.push_str("</sitemapindex>\n");
    r.write("sitemap.xml", index.as_bytes());
}

#[derive(Serialize)]
struct JsonDispatch<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    /// The instant, in UTC, when the front matter gives a time: it orders
    /// a day's dispatches.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    url: String,
    path: String,
    series: Option<&'a str>,
    number: Option<u64>,
    label: String,
    /// Ids it had before, as its aliases say (a renumbered dispatch).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    formerly: Vec<String>,
    language: &'a str,
    summary: &'a str,
    authors: &'a [String],
    #[serde(flatten)]
    terms: BTreeMap<&'a str, Vec<&'a str>>,
    cites: Vec<&'a str>,
    cited_by: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonArchive<'a> {
    dispatches: Vec<JsonDispatch<'a>>,
    /// Per taxonomy, the names the slugs of `dispatches` stand for, as
    /// pages show them.
    terms: BTreeMap<&'a str, BTreeMap<&'a str, &'a str>>,
}

fn archive_json(r: &Renderer) {
    let (config, archive) = (r.config, r.archive);
    let ids = |list: &mut dyn Iterator<Item = DispatchId>| -> Vec<&str> {
        let mut v: Vec<&str> = list.map(|i| archive.dispatches[i].id.as_str()).collect();
        v.sort_unstable_by(|a, b| crate::slug::natural_cmp(a, b));
        v
    };
    let dispatches = archive
        .dispatches
        .iter()
        .map(|d| JsonDispatch {
            id: &d.id,
            title: &d.title,
            date: d.date.to_string(),
            date_time: d.date_time.map(|t| timestamp(d.date, Some(t))),
            updated: d.updated.map(|u| u.to_string()),
            url: uri(&format!("{}{}", config.base_url, d.path)),
            path: format!("{}index.html", d.path),
            series: d.series.map(|s| config.series[s].key.as_str()),
            number: d.number,
            label: label(config, d),
            formerly: d.formerly(config).into_iter().map(|f| f.id).collect(),
            language: &d.language,
            summary: &d.summary,
            authors: &d.authors,
            terms: archive
                .taxonomy_terms(config, d)
                .map(|(t, terms)| (t.key.as_str(), terms.map(|t| t.slug.as_str()).collect()))
                .collect(),
            cites: ids(&mut d.cites.iter().copied()),
            cited_by: ids(&mut d.cited_by.iter().map(|(s, _)| *s)),
        })
        .collect();
    let mut terms: BTreeMap<&str, BTreeMap<&str, &str>> = config
        .taxonomies
        .iter()
        .map(|t| (t.key.as_str(), BTreeMap::new()))
        .collect();
    for term in archive.terms.iter().filter(|t| !t.dispatches.is_empty()) {
        if let Some(names) = terms.get_mut(config.taxonomies[term.taxonomy].key.as_str()) {
            names.insert(&term.slug, &term.name);
        }
    }
    match serde_json::to_vec_pretty(&JsonArchive { dispatches, terms }) {
        Ok(bytes) => {
            r.write("archive.json", &bytes);
        }
        Err(e) => r.report(crate::diagnostic::Diagnostic::error(format!(
            "cannot write archive.json: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_are_percent_encoded_and_hosts_left_alone() {
        assert_eq!(
            uri("https://a.example/people/علی-x/"),
            "https://a.example/people/%D8%B9%D9%84%DB%8C-x/"
        );
        assert_eq!(
            uri("https://a.example/a%20b/c d/?#[]"),
            "https://a.example/a%20b/c%20d/%3F%23%5B%5D"
        );
        assert_eq!(uri("https://a.example"), "https://a.example");
        assert_eq!(
            uri("http://127.0.0.1:1111/special-dispatch/2/"),
            "http://127.0.0.1:1111/special-dispatch/2/"
        );
    }
}

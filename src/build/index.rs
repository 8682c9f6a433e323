//! How a build makes its search index: tokenized while the archive is
//! resolved (when every body is in memory: that stage leaves a core idle)
//! or by driving the dispatch pages, and written while the other pages
//! render; the dev server's background reindex.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Docs, Loaded, io_error};
use crate::archive::{self, Archive};
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::markdown::Rendered;
use crate::output::Staging;
use crate::render::{self, bodies::Bodies};
use crate::search;
use crate::templates::Templates;

/// A search index tokenized while the archive was resolved.
pub(super) struct EarlyIndex {
    /// The files it was tokenized from, in order: the archive's dispatches
    /// must be these, or the index is not used.
    pub(super) files: Vec<PathBuf>,
    pub(super) index: std::io::Result<search::Index>,
    pub(super) took: Duration,
}

impl Loaded {
    /// The index tokenized while loading, if it was tokenized from the
    /// very dispatches the archive has, in its order.
    pub(super) fn take_early_index(&self) -> Option<EarlyIndex> {
        let dispatches = &self.archive.dispatches;
        self.early_index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .filter(|e| {
                e.files.len() == dispatches.len()
                    && e.files.iter().zip(dispatches).all(|(f, d)| *f == d.file)
            })
    }
}

/// What the search index reads of the dispatches to be published, taken
/// from the loaded files (which resolving the archive consumes).
pub(super) struct EarlyTexts {
    /// (id, title, summary, language, names) and the rendered body.
    docs: Vec<([String; 5], Arc<Rendered>)>,
    files: Vec<PathBuf>,
}

impl EarlyTexts {
    pub(super) fn new(
        config: &Config,
        docs: &Docs,
        order: &[usize],
        publish: archive::Publish,
    ) -> Self {
        let published: Vec<_> = order.iter().filter_map(|&i| docs.get(i)).collect();
        let titles = archive::entity_titles(config, docs.iter().map(|(file, _)| file), publish);
        let fronts: Vec<_> = published.iter().map(|(file, _)| &file.front).collect();
        let names = archive::shown_names(config, &titles, &fronts);
        let (docs, files) = published
            .iter()
            .zip(names)
            .map(|((file, body), names)| {
                let f = &file.front;
                let fields = [
                    f.id.clone().unwrap_or_default(),
                    f.title.clone(),
                    f.summary.clone(),
                    f.language
                        .clone()
                        .unwrap_or_else(|| config.language.clone()),
                    names,
                ];
                ((fields, Arc::clone(body)), file.file.clone())
            })
            .unzip();
        EarlyTexts { docs, files }
    }

    pub(super) fn tokenize(self) -> EarlyIndex {
        let started = Instant::now();
        let texts: Vec<search::DocText<'_>> = self
            .docs
            .iter()
            .map(
                |([id, title, summary, language, names], body)| search::DocText {
                    id,
                    title,
                    summary,
                    names,
                    language,
                    body_len: body.text_len,
                },
            )
            .collect();
        let body =
            |i: usize| Cow::Borrowed(self.docs.get(i).map_or("", |(_, body)| body.text.as_str()));
        let index = search::Index::build(&texts, &body);
        EarlyIndex {
            files: self.files,
            index,
            took: started.elapsed(),
        }
    }
}

pub(super) type SearchResult = Result<Option<(search::IndexStats, Duration)>, Diagnostics>;

/// Writes a tokenized index into `staging`'s `search/`, recording in
/// `result` its figures and the time spent (`tokenizing` plus writing).
pub(super) fn write_index(
    index: std::io::Result<search::Index>,
    docs: &[search::SearchDoc<'_>],
    names: search::SiteNames<'_>,
    staging: &Staging,
    tokenizing: Duration,
    result: &Mutex<SearchResult>,
) {
    let started = Instant::now();
    let written = index
        .and_then(|index| index.write(docs, names, &staging.resolve("search")?))
        .map(|stats| Some((stats, tokenizing + started.elapsed())))
        .map_err(|e| io_error(staging.target(), e));
    *result.lock().unwrap_or_else(|e| e.into_inner()) = written;
}

/// What the search index is built from, owned: the dev server indexes in
/// the background while it goes on patching the archive.
pub struct SearchInput {
    config: Config,
    archive: Archive,
    templates: Arc<Templates>,
}

impl Loaded {
    /// A copy of what the index needs (kept bodies are shared, not copied).
    pub fn search_input(&self) -> SearchInput {
        SearchInput {
            config: self.config.clone(),
            archive: self.archive.clone(),
            templates: Arc::clone(&self.templates),
        }
    }
}

/// Writes the search index into `staging` (nothing when search is off):
/// the dev server's reindex after its pages are served.
pub fn write_search(input: &SearchInput, staging: &Staging) -> SearchResult {
    if !input.config.search {
        return Ok(None);
    }
    let highlighter = super::highlighter(&input.config, &input.templates);
    let bodies = Bodies::new(&input.config, &input.templates, &highlighter);
    let archive = &input.archive;
    // A file edited since it was loaded gives no text: the edit has
    // already made the index stale, and the next one replaces it.
    let text = |i: usize| bodies.text(&archive.dispatches[i]).unwrap_or_default();
    write_search_with(&input.config, archive, staging, &text)
}

/// Writes the search index, reading bodies through `text`; returns its
/// figures and how long indexing took.
pub(super) fn write_search_with(
    config: &Config,
    archive: &Archive,
    staging: &Staging,
    text: &render::TextOf,
) -> SearchResult {
    let out = staging.target().to_path_buf();
    let docs = search_docs(config, archive);
    let dir = staging.resolve("search").map_err(|e| io_error(&out, e))?;
    let (stats, took) = timed_index(text, |body| {
        search::write_index(&docs, body, site_names(config), &dir)
    });
    let stats = stats.map_err(|e| io_error(&out, e))?;
    Ok(Some((stats, took)))
}

/// Runs `index` with bodies read through `text`, and times it. When
/// `text` also renders pages, that time is not counted.
pub(super) fn timed_index<R>(
    text: &render::TextOf,
    index: impl FnOnce(&search::BodyText) -> R,
) -> (R, Duration) {
    let started = Instant::now();
    let outside = AtomicU64::new(0);
    let timed_text = |i: usize| {
        let clock = Instant::now();
        let t = text(i);
        outside.fetch_add(clock.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Cow::Owned(t)
    };
    let result = index(&timed_text);
    // Bodies are read on every thread at once.
    let threads = rayon::current_num_threads().max(1) as u32;
    let outside = Duration::from_nanos(outside.into_inner()) / threads;
    (result, started.elapsed().saturating_sub(outside))
}

pub(super) fn search_docs<'a>(
    config: &'a Config,
    archive: &'a Archive,
) -> Vec<search::SearchDoc<'a>> {
    archive
        .dispatches
        .iter()
        .map(|d| {
            let series = d.series.map(|s| &config.series[s]);
            search::SearchDoc {
                text: search::DocText {
                    id: &d.id,
                    title: &d.title,
                    summary: &d.summary,
                    names: &d.names,
                    language: &d.language,
                    body_len: d.rendered.text_len,
                },
                excerpt: &d.rendered.text,
                url: &d.path,
                date: d.date_str(),
                date_display: render::views::display_date(&config.words, d.date),
                lang: (d.language != config.language).then_some(d.language.as_str()),
                series: series.map(|s| s.key.as_str()),
                series_title: series.map(|s| s.title.as_str()),
                number: d.number,
                formerly: d
                    .formerly(config)
                    .into_iter()
                    .flat_map(|f| [Some(f.id), f.number.map(|n| n.to_string())])
                    .flatten()
                    .collect(),
                authors: &d.authors,
                facets: archive
                    .taxonomy_terms(config, d)
                    .map(|(t, terms)| search::Facet {
                        key: &t.key,
                        title: &t.title,
                        terms: terms.map(|t| (t.slug.as_str(), t.name.as_str())).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The site's words the search index carries (see [`search::SiteNames`]).
pub(super) fn site_names(config: &Config) -> search::SiteNames<'_> {
    search::SiteNames {
        title: &config.title,
        series: config.words.get("series"),
        year: config.words.get("year"),
    }
}

//! The pipeline: runs the stages in order and publishes the result.
//!
//! [`load`] takes a site from files to a resolved [`Archive`] (config →
//! content → front matter → Markdown → archive graph); [`write`] renders it
//! into a staging folder, adds the search index and static files, and swaps
//! the folder in only when everything succeeded. `annals check` runs `load`
//! only; the dev server keeps the loaded state between rebuilds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::archive::{self, Archive, Publish};
use crate::config::{self, Config};
use crate::content::{self, Kind, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::{self, Staging};
use crate::render::bodies::Bodies;
use crate::render::{self, PageCache, Progress, RenderStats};
use crate::search;
use crate::templates::Templates;

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// The day that decides what is "future-dated" (today, normally).
    pub today: Date,
    /// Bytes of Markdown up to which a build keeps every rendered body in
    /// memory; past it, dispatches are rendered again as their pages are
    /// written (see `render::bodies`).
    pub body_budget: u64,
}

/// The default [`Options::body_budget`]: kept bodies take about five times
/// their Markdown, so 256 MiB (some 12,000 dispatches of 20 KB) stays near
/// a gigabyte and 100,000 dispatches well under three. Rendering twice
/// costs a build about a third more time, so small archives do not.
pub const BODY_BUDGET: u64 = 256 << 20;

impl Options {
    pub fn new(root: PathBuf) -> Self {
        Options {
            root,
            drafts: false,
            base_url: None,
            today: today(),
            body_budget: BODY_BUDGET,
        }
    }
}

/// Today's date in UTC.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A site loaded and resolved, ready to render.
pub struct Loaded {
    pub config: Config,
    /// Shared with the dev server's background indexer.
    pub templates: Arc<Templates>,
    pub highlighter: Highlighter,
    pub archive: Archive,
    pub timings: Vec<(&'static str, Duration)>,
}

/// What a finished build wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub dispatches: usize,
    pub render: RenderStats,
    pub search: Option<search::IndexStats>,
    pub timings: Vec<(&'static str, Duration)>,
    pub output: PathBuf,
}

/// Loads and resolves the site at `opts.root`. Returns `None` when errors
/// prevent going further; the diagnostics say why.
pub fn load(opts: &Options) -> (Option<Loaded>, Diagnostics) {
    load_cached(opts, None)
}

/// [`load`], reusing the parsed and rendered files of a previous run that
/// have not changed since (the dev server).
pub fn load_cached(opts: &Options, cache: Option<&mut Cache>) -> (Option<Loaded>, Diagnostics) {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let mut config = match config::load(&opts.root) {
        Ok(c) => c,
        Err(d) => return (None, d),
    };
    let mut diags = Diagnostics::new();
    if let Some(url) = &opts.base_url
        && let Err(d) = config.set_base_url(url)
    {
        diags.push(d);
        return (None, diags);
    }
    let mut templates = match Templates::load(&config) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d.into_sorted());
            return (None, diags);
        }
    };
    templates.set_global("site", &render::views::SiteView::new(&config));
    let templates = Arc::new(templates);
    let highlighter = Highlighter::new();
    let bodies = Bodies::new(&config, &templates, &highlighter);
    let (docs, content_diags) = match cache {
        None => load_all(&config, &bodies, opts.body_budget),
        Some(cache) => cache.load(&config, &bodies, opts.body_budget),
    };
    diags.extend(content_diags.into_sorted());
    lap("load and markdown", &mut timings);
    let publish = Publish {
        drafts: opts.drafts,
        today: opts.today,
    };
    let (archive, archive_diags) = archive::build(&config, docs, publish);
    diags.extend(archive_diags.into_sorted());
    lap("archive", &mut timings);
    (
        Some(Loaded {
            config,
            templates,
            highlighter,
            archive,
            timings,
        }),
        diags,
    )
}

mod cache;

pub use cache::{Cache, Stamp, stamp};

type Doc = (SourceFile, Arc<Rendered>);
type Docs = Vec<Doc>;

/// Reads and renders every content file in parallel. Past `budget` bytes
/// of Markdown, keeps of each dispatch only what crosses documents (see
/// `render::bodies`), so that the archive's text is never in memory all at
/// once.
fn load_all(config: &Config, bodies: &Bodies, budget: u64) -> (Docs, Diagnostics) {
    let (paths, mut diags) = content::list(config);
    let size: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let slim = size > budget;
    let docs = content::load_each(
        config,
        &paths,
        |file| {
            let rendered = bodies.render(&file);
            match file.kind {
                Kind::Dispatch if slim => (file.into_slim(), Arc::new(rendered.into_slim())),
                _ => (file, Arc::new(rendered)),
            }
        },
        &mut diags,
    );
    (docs, diags)
}

/// Renders `loaded` into `output`, atomically.
pub fn write(loaded: &Loaded, output: &Path, progress: Progress) -> Result<Summary, Diagnostics> {
    let out = output::check_output_dir(&loaded.config.root, output)
        .map_err(|d| Diagnostics::from(vec![d]))?;
    let staging = Staging::new(&out).map_err(|e| io_error(&out, e))?;
    match write_to(loaded, &staging, progress, None, true) {
        Ok(mut summary) => {
            staging.publish().map_err(|e| io_error(&out, e))?;
            summary.output = out;
            Ok(summary)
        }
        Err(d) => {
            staging.discard();
            Err(d)
        }
    }
}

/// Renders `loaded` into an already prepared folder; with a page cache,
/// only the pages whose inputs changed are rendered and written.
pub fn write_to(
    loaded: &Loaded,
    staging: &Staging,
    progress: Progress,
    cache: Option<&PageCache>,
    with_search: bool,
) -> Result<Summary, Diagnostics> {
    let mut diags = Diagnostics::new();
    let out = staging.dir().to_path_buf();
    let mut timings = loaded.timings.clone();
    let clock = Instant::now();
    let bodies = Bodies::new(&loaded.config, &loaded.templates, &loaded.highlighter);
    let with_search = with_search && loaded.config.search;
    let docs = if with_search {
        search_docs(&loaded.config, &loaded.archive)
    } else {
        Vec::new()
    };
    let search_result = Mutex::new(Ok(None));
    // The indexer drives the dispatch pages, so each body is rendered once.
    let indexer = |text: &render::TextOf| -> render::WriteIndex<'_> {
        let (search_result, docs) = (&search_result, &docs);
        let (built, tokenizing) = timed_index(text, |body| search::Index::build(docs, body));
        Box::new(move || {
            let started = Instant::now();
            let result = built
                .and_then(|index| index.write(&staging.resolve("search")?))
                .map(|stats| Some((stats, tokenizing + started.elapsed())))
                .map_err(|e| io_error(staging.dir(), e));
            *search_result.lock().unwrap_or_else(|e| e.into_inner()) = result;
        })
    };
    let inputs = loaded.inputs(&bodies, staging);
    let (stats, render_diags) = render::site(
        inputs,
        progress,
        cache,
        with_search.then_some(&indexer as render::Indexer),
    );
    diags.extend(render_diags.into_sorted());
    timings.push(("render", clock.elapsed()));
    let search_result = search_result
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let search = match search_result {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d.into_sorted());
            None
        }
    };
    if let Some((_, t)) = &search {
        timings.push(("search index", *t));
    }
    if let Err(e) = copy_static(&loaded.templates, &loaded.config, staging) {
        diags.extend(io_error(&out, e).into_sorted());
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Summary {
        dispatches: loaded.archive.dispatches.len(),
        render: stats,
        search: search.map(|(s, _)| s),
        timings,
        output: out,
    })
}

type SearchResult = Result<Option<(search::IndexStats, Duration)>, Diagnostics>;

/// What the search index is built from, owned: the dev server indexes in
/// the background while it goes on patching the archive.
pub struct SearchInput {
    config: Config,
    archive: Archive,
    templates: Arc<Templates>,
}

impl Loaded {
    /// What rendering this site into `staging` needs.
    fn inputs<'a>(&'a self, bodies: &'a Bodies<'a>, staging: &'a Staging) -> render::Inputs<'a> {
        render::Inputs {
            config: &self.config,
            archive: &self.archive,
            templates: &self.templates,
            bodies,
            staging,
        }
    }

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
    let highlighter = Highlighter::new();
    let bodies = Bodies::new(&input.config, &input.templates, &highlighter);
    let archive = &input.archive;
    // A file edited since it was loaded gives no text: the edit has
    // already made the index stale, and the next one replaces it.
    let text = |i: usize| bodies.text(&archive.dispatches[i]).unwrap_or_default();
    write_search_with(&input.config, archive, staging, &text)
}

/// Writes the pages that `edits` changed (the dev server's fast path, see
/// `serve::patch`).
pub fn write_edits(
    loaded: &Loaded,
    staging: &Staging,
    pages: &PageCache,
    edits: &render::Edits,
) -> Result<RenderStats, Diagnostics> {
    let bodies = Bodies::new(&loaded.config, &loaded.templates, &loaded.highlighter);
    let inputs = loaded.inputs(&bodies, staging);
    let (stats, diags) = render::after_edits(inputs, pages, edits);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(stats)
}

/// Writes the search index, reading bodies through `text`; returns its
/// figures and how long indexing took.
fn write_search_with(
    config: &Config,
    archive: &Archive,
    staging: &Staging,
    text: &render::TextOf,
) -> SearchResult {
    let out = staging.dir().to_path_buf();
    let docs = search_docs(config, archive);
    let dir = staging.resolve("search").map_err(|e| io_error(&out, e))?;
    let (stats, took) = timed_index(text, |body| search::write_index(&docs, body, &dir));
    let stats = stats.map_err(|e| io_error(&out, e))?;
    Ok(Some((stats, took)))
}

/// Runs `index` with bodies read through `text`, and times it. When
/// `text` also renders pages, that time is not counted.
fn timed_index<R>(
    text: &render::TextOf,
    index: impl FnOnce(&search::BodyText) -> R,
) -> (R, Duration) {
    let started = Instant::now();
    let outside = AtomicU64::new(0);
    let timed_text = |i: usize| {
        let clock = Instant::now();
        let t = text(i);
        outside.fetch_add(clock.elapsed().as_nanos() as u64, Ordering::Relaxed);
        t
    };
    let result = index(&timed_text);
    // Bodies are read on every thread at once.
    let threads = rayon::current_num_threads().max(1) as u32;
    let outside = Duration::from_nanos(outside.into_inner()) / threads;
    (result, started.elapsed().saturating_sub(outside))
}

fn copy_static(templates: &Templates, config: &Config, staging: &Staging) -> std::io::Result<()> {
    templates.static_files(&mut |path, bytes| staging.write(path, bytes))?;
    if let Some(dir) = templates.theme_static_dir() {
        staging.copy_dir(dir)?;
    }
    staging.write(
        "highlight.css",
        markdown::highlight::stylesheet().as_bytes(),
    )?;
    // The site's own static files come last: they override the theme's.
    staging.copy_dir(&config.root.join("static"))?;
    Ok(())
}

fn search_docs<'a>(config: &'a Config, archive: &'a Archive) -> Vec<search::SearchDoc<'a>> {
    archive
        .dispatches
        .iter()
        .map(|d| {
            let series = d.series.map(|s| &config.series[s]);
            search::SearchDoc {
                id: &d.id,
                title: &d.title,
                summary: &d.summary,
                excerpt: &d.rendered.text,
                body_len: d.rendered.text_len,
                url: &d.path,
                date: d.date_str(),
                series: series.map(|s| s.key.as_str()),
                series_title: series.map(|s| s.title.as_str()),
                number: d.number,
                language: &d.language,
                facets: config
                    .taxonomies
                    .iter()
                    .zip(&d.terms)
                    .map(|(t, ts)| {
                        (
                            t.key.as_str(),
                            ts.iter()
                                .map(|&i| {
                                    (
                                        archive.terms[i].slug.as_str(),
                                        archive.terms[i].name.as_str(),
                                    )
                                })
                                .collect(),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

fn io_error(out: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(vec![
        Diagnostic::error(format!("cannot write the site to {}: {e}", out.display()))
            .with_help("check that the output folder's parent exists, is writable and has room"),
    ])
}

//! The pipeline: runs the stages in order and publishes the result.
//!
//! [`load`] takes a site from files to a resolved [`Archive`] (config →
//! content → front matter → Markdown → archive graph); [`write`] renders it
//! into a staging folder, adds the search index and static files, and swaps
//! the folder in only when everything succeeded. `annals check` runs `load`
//! only; the dev server keeps the loaded state between rebuilds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::archive::{self, Archive, Publish};
use crate::config::{self, Config};
use crate::content::{self, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::{self, Staging};
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
}

impl Options {
    pub fn new(root: PathBuf) -> Self {
        Options {
            root,
            drafts: false,
            base_url: None,
            today: today(),
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
    pub templates: Templates,
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
    let templates = match Templates::load(&config) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d.into_sorted());
            return (None, diags);
        }
    };
    let docs = match cache {
        None => {
            let (files, content_diags) = content::load(&config);
            diags.extend(content_diags.into_sorted());
            lap("load", &mut timings);
            render_markdown(&templates, files)
        }
        Some(cache) => {
            let (docs, content_diags) = cache.load(&config, &templates);
            diags.extend(content_diags.into_sorted());
            docs
        }
    };
    lap("markdown", &mut timings);
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
            archive,
            timings,
        }),
        diags,
    )
}

/// Renders every body in parallel.
pub fn render_markdown(
    templates: &Templates,
    files: Vec<SourceFile>,
) -> Vec<(SourceFile, Arc<Rendered>)> {
    let highlighter = Highlighter::new();
    let render_shortcode = |call: &markdown::shortcodes::Call, body: Option<&str>| {
        templates.render_shortcode(call, body)
    };
    let cx = markdown::Context {
        highlighter: &highlighter,
        shortcode_names: &templates.shortcode_names,
        render_shortcode: &render_shortcode,
    };
    files
        .into_par_iter()
        .map(|f| {
            let rendered = markdown::render(&f.source, f.body.clone(), &f.file, &cx);
            (f, Arc::new(rendered))
        })
        .collect()
}

/// Renders `loaded` into `output`, atomically.
pub fn write(
    loaded: &mut Loaded,
    output: &Path,
    progress: Progress,
) -> Result<Summary, Diagnostics> {
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
    loaded: &mut Loaded,
    staging: &Staging,
    progress: Progress,
    cache: Option<&PageCache>,
    with_search: bool,
) -> Result<Summary, Diagnostics> {
    let mut diags = Diagnostics::new();
    let out = staging.dir().to_path_buf();
    let site = render::views::SiteView::new(&loaded.config);
    loaded.templates.set_global("site", &site);
    let mut timings = loaded.timings.clone();
    let clock = Instant::now();
    let (config, archive, templates) = (&loaded.config, &loaded.archive, &loaded.templates);
    let ((stats, render_diags), search_result) = rayon::join(
        || render::site(config, archive, templates, staging, progress, cache),
        || {
            if with_search {
                write_search(config, archive, staging)
            } else {
                Ok(None)
            }
        },
    );
    diags.extend(render_diags.into_sorted());
    timings.push(("render", clock.elapsed()));
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

/// Writes the search index into `staging` (nothing when search is off);
/// returns its figures and how long it took.
pub fn write_search(
    config: &Config,
    archive: &Archive,
    staging: &Staging,
) -> Result<Option<(search::IndexStats, Duration)>, Diagnostics> {
    if !config.search {
        return Ok(None);
    }
    let out = staging.dir().to_path_buf();
    let started = Instant::now();
    let docs = search_docs(config, archive);
    let dir = staging.resolve("search").map_err(|e| io_error(&out, e))?;
    search::write_index(&docs, &dir)
        .map(|s| Some((s, started.elapsed())))
        .map_err(|e| io_error(&out, e))
}

/// Parsed and rendered files from earlier runs, by path, with the
/// modification time and size they had.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<PathBuf, CacheEntry>,
}

struct CacheEntry {
    modified: Option<SystemTime>,
    len: u64,
    file: SourceFile,
    rendered: Arc<Rendered>,
}

impl Cache {
    /// Forgets everything (the config or a template changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    fn load(
        &mut self,
        config: &Config,
        templates: &Templates,
    ) -> (Vec<(SourceFile, Arc<Rendered>)>, Diagnostics) {
        let (paths, mut diags) = content::list(config);
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.modified().ok(), m.len()))
        };
        let mut fresh = Vec::new();
        let mut docs = Vec::with_capacity(paths.len());
        for path in &paths {
            match (self.entries.get(path), stamp(path)) {
                (Some(e), Some((modified, len)))
                    if e.modified == modified && e.len == len && modified.is_some() =>
                {
                    docs.push((e.file.clone(), Arc::clone(&e.rendered)));
                }
                _ => fresh.push(path.clone()),
            }
        }
        let loaded: Vec<_> = fresh
            .par_iter()
            .filter_map(|p| content::load_path(config, p).map(|r| (p, r)))
            .collect();
        let mut files = Vec::new();
        for (path, result) in loaded {
            match result {
                Ok(f) => files.push((path.clone(), f)),
                Err(ds) => {
                    self.entries.remove(path);
                    diags.extend(ds);
                }
            }
        }
        let (keys, files): (Vec<PathBuf>, Vec<SourceFile>) = files.into_iter().unzip();
        for (path, (file, rendered)) in keys.into_iter().zip(render_markdown(templates, files)) {
            let (modified, len) = stamp(&path).unwrap_or((None, 0));
            self.entries.insert(
                path,
                CacheEntry {
                    modified,
                    len,
                    file: file.clone(),
                    rendered: Arc::clone(&rendered),
                },
            );
            docs.push((file, rendered));
        }
        let listed: std::collections::HashSet<&PathBuf> = paths.iter().collect();
        self.entries.retain(|p, _| listed.contains(p));
        // Archive order must not depend on what was cached.
        docs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
        (docs, diags)
    }
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
                body: &d.body.text,
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

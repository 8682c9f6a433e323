//! The pipeline: runs the stages in order and publishes the result.
//!
//! [`load`] takes a site from files to a resolved [`Archive`] (config →
//! content → front matter → Markdown → archive graph); [`write`] renders it
//! into a staging folder, adds the search index and static files, and swaps
//! the folder in only when everything succeeded. `annals check` runs `load`
//! only; the dev server keeps the loaded state between rebuilds. How the
//! search index fits in (tokenized while the archive is resolved, written
//! while the other pages render) is `index.rs`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::archive::{self, Archive, Publish};
use crate::config::{self, Config};
use crate::content::{self, Kind, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::interrupt::Scratch;
use crate::markdown::{Rendered, highlight::Highlighter};
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
    /// Whether `today` was pinned (by `SOURCE_DATE_EPOCH`) rather than
    /// read from the clock: a build says what that leaves out.
    pub pinned: bool,
    /// Bytes of Markdown up to which a build keeps every rendered body in
    /// memory; past it, dispatches are rendered again as their pages are
    /// written (see `render::bodies`).
    pub body_budget: u64,
    /// Whether loading also tokenizes the search index, alongside
    /// resolving the archive (which leaves a core idle): for a build that
    /// writes one, when every body is kept in memory.
    pub search_early: bool,
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
            pinned: false,
            body_budget: BODY_BUDGET,
            search_early: false,
        }
    }
}

/// The UTC date of `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention), which a build takes for today: a CI
/// rebuild of an old commit then leaves out exactly the dispatches that
/// were in its future. `None` if `secs` is not such a number.
pub fn day_of_epoch(secs: &str) -> Option<Date> {
    let secs: i64 = secs.trim().parse().ok().filter(|s| *s >= 0)?;
    let at = jiff::Timestamp::from_second(secs).ok()?;
    Some(at.to_zoned(jiff::tz::TimeZone::UTC).date())
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
    /// `site.asset_version`: the stylesheets' and scripts' version.
    pub asset_version: String,
    pub timings: Vec<(&'static str, Duration)>,
    /// The search index, if tokenized while loading (taken by the build).
    early_index: Mutex<Option<EarlyIndex>>,
}

/// What a finished build wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub dispatches: usize,
    /// Dispatches left out: drafts and those dated after today.
    pub unpublished: usize,
    /// Of those, the ones dated after today, "sd-7 (2027-03-01)", by date.
    pub future: Vec<String>,
    pub render: RenderStats,
    pub search: Option<search::IndexStats>,
    /// Whether the index was tokenized while loading (see
    /// [`Options::search_early`]) and used as it was.
    pub search_early: bool,
    pub timings: Vec<(&'static str, Duration)>,
    pub output: PathBuf,
    /// What the build found worth saying that did not stop it.
    pub warnings: Vec<Diagnostic>,
    /// Where the warnings about links that lead nowhere start in
    /// `warnings` (they come last): the dev server checks them again
    /// after an edit.
    pub link_warnings_from: usize,
}

/// Warnings for the plain links of `loaded`'s bodies that lead to no file
/// of the site written in `site` (see `links.rs`): all, or those of the
/// dispatches `only`.
pub fn check_links(
    loaded: &Loaded,
    site: crate::output::Written<'_>,
    only: Option<&[crate::archive::DispatchId]>,
) -> Vec<Diagnostic> {
    links::check(&loaded.archive, &loaded.config, site, only)
}

/// Loads and resolves the site at `opts.root`. Returns `None` when errors
/// prevent going further; the diagnostics say why.
pub fn load(opts: &Options) -> (Option<Loaded>, Diagnostics) {
    load_cached(opts, None)
}

/// Whether a run stops at the configuration (`annals.yaml`, or the
/// `--base-url` given), before any content is read: its errors are then
/// the config's alone, and the content's come once it is fixed.
pub fn stops_at_config(opts: &Options) -> bool {
    match config::load(&opts.root) {
        Err(_) => true,
        Ok(mut config) => opts
            .base_url
            .as_ref()
            .is_some_and(|url| config.set_base_url(url).is_err()),
    }
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
    diags.extend(config.placeholder_base_url.clone());
    diags.extend(config.warnings.iter().cloned());
    let site = render::views::SiteView::new(&config);
    let mut templates = match Templates::load(&config) {
        Ok(t) => t,
        Err(rejected) => {
            diags.extend(rejected.diags.into_sorted());
            if let Some(mut templates) = rejected.check_only {
                templates.set_global("site", &site);
                diags.extend(check_content(&config, &templates, opts));
            }
            return (None, diags);
        }
    };
    let asset_version = versions::asset_version(&config, &templates);
    let site = render::views::SiteView {
        asset_version: asset_version.clone(),
        ..site
    };
    templates.set_global("site", &site);
    diags.extend(std::mem::take(&mut templates.warnings));
    let templates = Arc::new(templates);
    let highlighter = highlighter(&config, &templates);
    let bodies = Bodies::new(&config, &templates, &highlighter);
    let (docs, content_diags) = match cache {
        None => load_all(&config, &bodies, opts.body_budget),
        Some(cache) => cache.load(&config, &bodies, opts.body_budget),
    };
    let failed = failed_files(&config, &content_diags);
    diags.extend(content_diags.into_sorted());
    lap("load and markdown", &mut timings);
    let publish = opts.publish();
    let early = opts.search_early
        && config.search
        && docs
            .iter()
            .all(|(file, body)| !matches!(file.kind, Kind::Dispatch) || body.complete);
    let ((archive, archive_diags), early_index) = if early {
        let order = archive::publish_order(&docs, publish);
        let texts = EarlyTexts::new(&config, &docs, &order, publish);
        // Resolving the archive is mostly serial: the index tokenizes
        // alongside it.
        rayon::join(
            || archive::build(&config, docs, publish, failed),
            || Some(texts.tokenize()),
        )
    } else {
        (archive::build(&config, docs, publish, failed), None)
    };
    diags.extend(archive_diags.into_sorted());
    if opts.pinned {
        diags.extend(pinned_day_warning(&archive, opts.today, today()));
    }
    lap(
        if early_index.is_some() {
            "archive and search tokens"
        } else {
            "archive"
        },
        &mut timings,
    );
    (
        Some(Loaded {
            config,
            templates,
            highlighter,
            archive,
            asset_version,
            timings,
            early_index: Mutex::new(early_index),
        }),
        diags,
    )
}

impl Options {
    /// What this run publishes: drafts or not, and the day that decides
    /// which dispatches are out.
    fn publish(&self) -> Publish {
        Publish {
            drafts: self.drafts,
            today: self.today,
        }
    }
}

/// The highlighter for the `highlight.css` the site publishes: the
/// site's own, else its theme folder's, else the built-in one (code's
/// spans carry the classes its selectors name).
pub(crate) fn highlighter(config: &Config, templates: &Templates) -> Highlighter {
    let own = [
        Some(config.root.join("static")),
        templates.theme_static_dir().map(Path::to_path_buf),
    ]
    .into_iter()
    .flatten()
    // (Read as a browser does, whatever bytes a comment holds.)
    .find_map(|dir| std::fs::read(dir.join("highlight.css")).ok())
    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    own.map_or_else(Highlighter::new, Highlighter::with_stylesheet)
}

/// The content's diagnostics, loaded and resolved with templates that
/// cannot build the site (see [`crate::templates::Rejected::check_only`]), so that a broken
/// theme does not hide them until it is fixed.
fn check_content(config: &Config, templates: &Templates, opts: &Options) -> Vec<Diagnostic> {
    let highlighter = highlighter(config, templates);
    let bodies = Bodies::new(config, templates, &highlighter);
    let (docs, mut diags) = load_all(config, &bodies, opts.body_budget);
    let failed = failed_files(config, &diags);
    let publish = opts.publish();
    let (_, archive_diags) = archive::build(config, docs, publish, failed);
    diags.extend(archive_diags.into_sorted());
    diags.into_sorted()
}

mod cache;
mod dated;
mod failed;
mod files;
mod gone;
mod index;
mod links;
mod pointers;
mod rehearsal;
mod shown;
pub mod versions;
mod write_errors;

use dated::{future_dispatches, pinned_day_warning};
use failed::failed_files;
use files::copy_static;
use gone::pages_gone;
use write_errors::{full_disk_once, io_error, left_behind, staging_error};

use index::{EarlyIndex, EarlyTexts, search_docs, timed_index, write_index};
pub use index::{SearchInput, write_search};

pub use cache::{Cache, Stamp, stamp};
pub use rehearsal::{can_rehearse, rehearse, template_errors};

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

/// Renders `loaded` into `output`, atomically; refuses an output that
/// holds anything but an earlier build's files. Waits for any other build
/// into `output`.
pub fn write(loaded: &Loaded, output: &Path, progress: Progress) -> Result<Summary, Diagnostics> {
    let one = |d| Diagnostics::from(vec![d]);
    let lock = output::OutputLock::take(output, || {});
    let out = output::survey(&loaded.config.root, output)
        .and_then(output::Survey::finish)
        .map_err(one)?;
    write_checked(loaded, &out, &lock, progress, None)
}

/// [`write`] into `out`, an output folder that [`output::Survey`] found
/// replaceable while `lock` was held; with `scratch`, a signal removes the
/// staging folder.
pub fn write_checked(
    loaded: &Loaded,
    out: &Path,
    lock: &output::OutputLock,
    progress: Progress,
    scratch: Option<&Arc<Scratch>>,
) -> Result<Summary, Diagnostics> {
    let staging = Staging::new(out, lock).map_err(|e| staging_error(out, e))?;
    let staging = match scratch {
        Some(s) => staging.removed_on_signals(s),
        None => staging,
    };
    match write_to(loaded, &staging, progress, None, true) {
        Ok(mut summary) => {
            let before = output::listed_pages(out);
            let leftover = staging.publish().map_err(|e| io_error(out, e))?;
            if let Some(gone) = pages_gone(
                &loaded.config,
                &loaded.archive,
                before,
                &output::listed_pages(out),
            ) {
                summary.warnings.insert(summary.link_warnings_from, gone);
                summary.link_warnings_from += 1;
            }
            if let Some(left) = leftover {
                summary
                    .warnings
                    .insert(summary.link_warnings_from, left_behind(out, &left));
                summary.link_warnings_from += 1;
            }
            summary.output = out.to_path_buf();
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
    let out = staging.target().to_path_buf();
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
        let (built, tokenizing) = timed_index(text, |body| {
            let texts: Vec<search::DocText<'_>> = docs.iter().map(|d| d.text).collect();
            search::Index::build(&texts, body)
        });
        let names = index::site_names(&loaded.config);
        Box::new(move || write_index(built, docs, names, staging, tokenizing, search_result))
    };
    // Or it was tokenized while loading.
    let early = with_search.then(|| loaded.take_early_index()).flatten();
    let search_early = early.is_some();
    let indexing = match early {
        Some(early) => {
            let (search_result, docs) = (&search_result, &docs);
            render::Indexing::Write(Box::new(move || {
                let names = index::site_names(&loaded.config);
                write_index(early.index, docs, names, staging, early.took, search_result)
            }))
        }
        None => render::Indexing::Drive(&indexer),
    };
    let inputs = loaded.inputs(&bodies, staging);
    let (stats, render_diags) =
        render::site(inputs, progress, cache, with_search.then_some(indexing));
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
    let mut warnings = Vec::new();
    match copy_static(
        &loaded.templates,
        &loaded.config,
        staging,
        cache,
        &loaded.asset_version,
    ) {
        Ok(said) => {
            let (errors, said): (Vec<_>, Vec<_>) = said.into_iter().partition(Diagnostic::is_error);
            diags.extend(errors);
            warnings.extend(said);
        }
        Err(e) => diags.extend(io_error(&out, e).into_sorted().into_iter().map(|mut d| {
            // The site's file, as the site knows it.
            if let Some(file) = &d.file
                && let Ok(rel) = file.strip_prefix(&loaded.config.root)
            {
                d.file = Some(rel.to_path_buf());
            }
            d
        })),
    }
    if diags.has_errors() {
        return Err(full_disk_once(diags, staging.disk_full_help()));
    }
    // What this run no longer writes (a page gone, a static file deleted)
    // leaves the dev server's folder before links are checked against it.
    if let Some(cache) = cache {
        for stale in cache.take_stale() {
            let _ = staging.remove(&stale);
        }
    }
    warnings.extend(shown::missing(
        &loaded.config,
        &loaded.archive,
        &loaded.templates,
        &bodies,
        staging,
    ));
    let link_warnings_from = warnings.len();
    warnings.extend(check_links(loaded, staging.written(), None));
    Ok(Summary {
        link_warnings_from,
        dispatches: loaded.archive.dispatches.len(),
        unpublished: loaded.archive.targets.unpublished.len(),
        future: future_dispatches(&loaded.archive),
        render: stats,
        search: search.map(|(s, _)| s),
        search_early,
        timings,
        output: staging.dir().to_path_buf(),
        warnings,
    })
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

//! The dev server: build, serve on 127.0.0.1, rebuild on every change.
//!
//! The loaded site stays in memory between rebuilds. The usual edit (a
//! dispatch's text, title or summary) is patched into the archive in place
//! and only the pages showing it are rendered ([`patch`]). Any other change
//! to content re-reads and re-renders only the changed files (the
//! [`build::Cache`]), rebuilds the archive graph, and writes only the pages
//! whose inputs changed (the [`PageCache`]). A config or template change
//! clears both caches, though not the record of which files are on disk,
//! so that the pages such a change removes are removed from the preview.
//! The search index follows in the background ([`index`]). A failed
//! rebuild reports the diagnostics, in the terminal and as an overlay in
//! the page; it keeps the last good site served, apart from the pages it
//! rendered before failing.

mod bind;

pub use bind::valid_bind;
mod http;
mod index;
mod listen;
mod patch;
mod rebuild;
mod scratch;
mod watch;

pub use listen::run;
pub use watch::Changes;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::build::{self, Cache, Options};
use crate::diagnostic::Diagnostic;
use crate::interrupt::Scratch;
use crate::output::Staging;
use crate::render::PageCache;

/// What the server tells its caller (the command prints it).
#[derive(Debug)]
pub enum Event {
    /// Listening on `url`; `network`: other machines can open it.
    Listening { url: String, network: bool },
    /// A build finished: pages written, pages unchanged, how long it took.
    Built {
        written: usize,
        unchanged: usize,
        took: Duration,
        stages: Vec<(&'static str, Duration)>,
        /// The site's warnings as they stand after this build (the first
        /// build's, with what later edits changed).
        warnings: Vec<Diagnostic>,
        /// Dispatches left out: drafts and those dated after today.
        unpublished: usize,
        /// The preview folder had been removed (a temp-dir cleaner), and
        /// this build made it again, whole.
        remade: bool,
    },
    /// A build failed; the last good site is still served, except for
    /// the pages it wrote before failing when `partly`.
    Failed {
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
        partly: bool,
    },
    /// Asked to stop: the server removes its scratch folder, which may
    /// take a while for a big archive, and exits.
    Stopping(PathBuf),
}

/// What the browser is told over the live-reload channel.
#[derive(Debug, Clone)]
pub enum Signal {
    Reload,
    /// A new search index is in: a page searching reads it (the page
    /// reloaded after the edit may have read the old one).
    SearchIndex,
    /// The current errors, as text for the overlay.
    Errors(String),
}

/// The live site: the build state the rebuild thread keeps between runs.
pub struct DevSite {
    opts: Options,
    dir: PathBuf,
    cache: Cache,
    pages: PageCache,
    /// The last good build: patched in place by body edits, and the
    /// source of the deferred search index.
    loaded: Option<build::Loaded>,
    index_stale: bool,
    /// The search index being written in the background.
    indexer: index::Indexer,
    /// The site's warnings after the last good build, kept up to date by
    /// the fast path, which sees only the edited files'.
    warnings: Vec<Diagnostic>,
    /// Those of `warnings` about links that lead nowhere: a body edit
    /// checks every link again (a page it links to may be the one that
    /// changed), and these are replaced.
    link_warnings: Vec<Diagnostic>,
    /// Errors of the last build, shared with the HTTP side for pages
    /// loaded while they stand.
    pub errors: Arc<Mutex<Option<String>>>,
    /// The templates' own errors that only rendering finds, as a site
    /// written nowhere showed them while the content had errors (which
    /// stop a build before it renders); `None` until rendered since the
    /// templates or the config last changed. Kept across content edits:
    /// rendering the whole site on every save of a broken file would
    /// slow the preview of a big archive by a second.
    template_errors: Option<Vec<Diagnostic>>,
    /// The live folder, removed when the server stops: a rebuild then
    /// writes (and renders) nothing more.
    live: Arc<Scratch>,
    /// A hash of `annals.yaml` as the last rebuild read it.
    config_hash: Option<u64>,
}

/// A hash of the site's `annals.yaml`, if it can be read.
fn config_hash(root: &std::path::Path) -> Option<u64> {
    std::fs::read(root.join(crate::config::CONFIG_FILE))
        .ok()
        .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
}

impl DevSite {
    pub fn new(opts: Options, dir: PathBuf) -> Self {
        let live = Scratch::new();
        live.add(&dir);
        DevSite {
            opts,
            indexer: index::Indexer::new(scratch::index_folder(&dir)),
            dir,
            cache: Cache::stopped_by(&live),
            pages: PageCache::default(),
            loaded: None,
            index_stale: false,
            warnings: Vec::new(),
            link_warnings: Vec::new(),
            errors: Arc::new(Mutex::new(None)),
            template_errors: None,
            live,
            config_hash: None,
        }
    }

    /// Today's date (UTC) if it is not the one the site was last built
    /// for: a preview left running overnight publishes what is dated the
    /// new day, as a build then would.
    pub fn new_day(&self) -> Option<jiff::civil::Date> {
        let today = build::today();
        (!self.opts.pinned && today != self.opts.today).then_some(today)
    }

    /// Forgets cached files and pages: the next rebuild is a full one
    /// (which still removes the pages the last one wrote and it does not).
    pub fn invalidate(&mut self) {
        self.cache.clear();
        self.pages.clear();
        self.template_errors = None;
    }

    /// Rebuilds what changed into the live folder; `changes` (none on the
    /// first build) lets an edit to dispatch bodies take the fast path.
    pub fn rebuild(&mut self, changes: Option<&Changes>) -> Event {
        let started = Instant::now();
        // Removed under it: every page is written again, the search index
        // too, into a folder made private again.
        let remade = changes.is_some() && !self.dir.is_dir();
        // Past midnight UTC, dispatches dated the new day are out: the
        // archive is resolved again, and every page and the index follow.
        let new_day = changes.and_then(|_| self.new_day());
        if let Some(day) = new_day {
            self.opts.today = day;
        }
        if remade {
            if let Err(e) = scratch::remake(&self.dir) {
                let error = Diagnostic::error(format!(
                    "the preview folder {} was removed, and cannot be made again: {e}",
                    self.dir.display()
                ))
                .with_help("stop the server (Ctrl-C) and start it again");
                return self.failed(vec![error], Vec::new(), false);
            }
            // Nothing of what it wrote is on disk now.
            self.pages = PageCache::default();
        }
        // Either way, a full rebuild that writes the search index too.
        if remade || new_day.is_some() {
            self.invalidate();
            self.loaded = None;
        }
        // The config changed though no change said so (a watch lost with
        // its folder): everything depends on it, so nothing is patched.
        let config = config_hash(&self.opts.root);
        let config_changed = std::mem::replace(&mut self.config_hash, config) != config;
        if config_changed && changes.is_some() {
            self.invalidate();
        }
        let patchable = changes.filter(|_| !config_changed);
        if let Some(event) = patchable.and_then(|c| self.patch(c, started)) {
            return event;
        }
        let (loaded, diags) = build::load_cached(&self.opts, Some(&mut self.cache));
        if self.live.stopping() {
            // Stopped while loading: what was loaded is partial, and what
            // it would say is not of the site (the caller says nothing).
            return Event::Stopping(self.dir.clone());
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
            .into_sorted()
            .into_iter()
            .partition(Diagnostic::is_error);
        if !errors.is_empty() {
            let errors = match &loaded {
                Some(loaded) => self.with_template_errors(errors, loaded),
                None => errors,
            };
            return self.failed(errors, warnings, false);
        }
        let Some(loaded) = loaded else {
            return self.failed(errors, warnings, false);
        };
        let staging = match Staging::in_place(&self.dir) {
            Ok(s) => s.stopped_by(&self.live),
            Err(e) => {
                let error = Diagnostic::error(format!("cannot write {}: {e}", self.dir.display()));
                return self.failed(vec![error], warnings, false);
            }
        };
        // The first build writes the search index; later ones defer it (see
        // `reindex`) so that an edited page is served without waiting for it.
        let with_search = self.loaded.is_none();
        match build::write_to(
            &loaded,
            &staging,
            &|_, _| {},
            Some(&self.pages),
            with_search,
        ) {
            Ok(summary) => {
                if !loaded.config.search {
                    // Turned off while serving: what the first build wrote
                    // for search is not part of the site any more. (A
                    // theme folder's client is left out of the static
                    // files, and so swept as stale above.)
                    self.indexer.discard();
                    // The index, not the site's own static files under
                    // search/ (which a build publishes).
                    let own = [
                        Some(loaded.config.root.join("static")),
                        loaded
                            .templates
                            .theme_static_dir()
                            .map(std::path::Path::to_path_buf),
                    ];
                    let index =
                        crate::output::files_under(&self.dir.join("search")).unwrap_or_default();
                    for rel in index {
                        let rel = format!("search/{rel}");
                        if !own.iter().flatten().any(|dir| dir.join(&rel).is_file()) {
                            let _ = staging.remove(&rel);
                        }
                    }
                    // The index's folders that no file was left in (an
                    // index may have one with no file at all).
                    let _ = staging.remove_empty_folders("search");
                    if loaded.templates.theme_static_dir().is_none() {
                        for file in crate::templates::Templates::search_client_files() {
                            let _ = std::fs::remove_file(self.dir.join(file));
                        }
                    }
                }
                self.set_errors(None);
                // Rendered in full: the templates have no error of their own.
                self.template_errors = Some(Vec::new());
                self.index_stale = !with_search;
                self.loaded = Some(loaded);
                let mut warnings = warnings;
                self.link_warnings = summary
                    .warnings
                    .get(summary.link_warnings_from..)
                    .unwrap_or_default()
                    .to_vec();
                warnings.extend(summary.warnings);
                self.warnings = warnings;
                Event::Built {
                    written: summary.render.pages,
                    unchanged: summary.render.unchanged,
                    took: started.elapsed(),
                    stages: summary.timings,
                    warnings: self.warnings.clone(),
                    unpublished: summary.unpublished,
                    remade,
                }
            }
            Err(d) => {
                // The pages that rendered were written, in place; those
                // that failed were not, and keep their last good version.
                // Forget the fingerprints so the next run re-checks
                // everything.
                self.pages.clear();
                let (errors, more): (Vec<Diagnostic>, Vec<Diagnostic>) =
                    d.into_sorted().into_iter().partition(Diagnostic::is_error);
                let mut warnings = warnings;
                warnings.extend(more);
                self.failed(errors, warnings, true)
            }
        }
    }

    /// Rewrites the search index, in the background, if pages changed
    /// since it was written: rebuilds of pages never wait for it. One index
    /// is written at a time; a change meanwhile leaves it stale for the next.
    /// Returns whether an index written since the last call is now in.
    pub fn reindex(&mut self) -> bool {
        // A finished index is swapped in first, from this thread, the one
        // that writes pages (see `Indexer::install`).
        let installed = self.indexer.install(&self.dir);
        if self.indexer.busy() || !self.index_stale {
            return installed;
        }
        let Some(loaded) = &self.loaded else {
            return installed;
        };
        self.index_stale = false;
        self.indexer.start(loaded.search_input());
        installed
    }

    /// The fast path (see [`patch`]): `None` when the changes are more
    /// than edits to the bodies of published dispatches, or when the last
    /// build failed.
    fn patch(&mut self, changes: &Changes, started: Instant) -> Option<Event> {
        let content = self.opts.root.join("content");
        if changes.structural
            || self.errors().is_some()
            || !changes
                .paths
                .iter()
                .all(|p| p.starts_with(&content) && p.extension().is_some_and(|e| e == "md"))
        {
            return None;
        }
        let loaded = self.loaded.as_mut()?;
        let patched = patch::edits(loaded, &mut self.cache, &changes.paths)?;
        let staging = Staging::in_place(&self.dir).ok()?.stopped_by(&self.live);
        match build::write_edits(loaded, &staging, &self.pages, &patched.edits) {
            Ok(stats) => {
                self.index_stale = true;
                // The pages it wrote join those on disk (a later full run
                // removes them if they go).
                self.pages.settle();
                let unpublished = loaded.archive.targets.unpublished.len();
                // The edited files' warnings replace what they said before.
                let key = |d: &Diagnostic| (d.file.clone(), d.line, d.column, d.message.clone());
                // A body edit adds and removes no file: only the edited
                // dispatches' links can lead elsewhere now.
                let edited: HashSet<_> = patched
                    .edited
                    .iter()
                    .filter_map(|&d| loaded.archive.dispatches.get(d))
                    .map(|d| Some(d.file.clone()))
                    .collect();
                let (stale, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.link_warnings)
                    .into_iter()
                    .partition(|d| edited.contains(&d.file));
                let links = build::check_links(
                    loaded,
                    crate::output::Written::Folder(&self.dir),
                    Some(&patched.edited),
                );
                let replaced: HashSet<_> = patched.replaced.iter().chain(&stale).map(key).collect();
                self.warnings.retain(|d| !replaced.contains(&key(d)));
                self.warnings.extend(patched.warnings);
                self.warnings.extend(links.iter().cloned());
                self.link_warnings = kept.into_iter().chain(links).collect();
                Some(Event::Built {
                    written: stats.pages,
                    unchanged: stats.unchanged,
                    took: started.elapsed(),
                    stages: vec![("patch", started.elapsed())],
                    warnings: self.warnings.clone(),
                    unpublished,
                    remade: false,
                })
            }
            Err(d) => {
                self.pages.clear();
                let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                    d.into_sorted().into_iter().partition(Diagnostic::is_error);
                Some(self.failed(errors, warnings, true))
            }
        }
    }

    /// `errors`, the content's, with the templates' own errors that only
    /// rendering finds (as `annals build` says them in the same run),
    /// sorted as a build sorts them.
    fn with_template_errors(
        &mut self,
        errors: Vec<Diagnostic>,
        loaded: &build::Loaded,
    ) -> Vec<Diagnostic> {
        if self.template_errors.is_none() && build::can_rehearse(loaded) {
            self.template_errors = Some(build::template_errors(loaded).into_sorted());
        }
        let mut all = crate::diagnostic::Diagnostics::from(errors);
        all.extend(self.template_errors.iter().flatten().cloned());
        all.into_sorted()
    }

    /// Waits for the background search index, if one is being written,
    /// and swaps it in.
    pub fn finish_indexing(&mut self) {
        let _ = self.indexer.finish(&self.dir);
    }

    /// Waits for the background search index, if one is being written,
    /// and throws it away: the server stops.
    fn stop_indexing(&mut self) {
        self.indexer.discard();
    }

    /// The current errors' text, if the last build failed.
    pub fn errors(&self) -> Option<String> {
        self.errors.lock().ok().and_then(|e| e.clone())
    }

    fn set_errors(&self, text: Option<String>) {
        if let Ok(mut e) = self.errors.lock() {
            *e = text;
        }
    }

    fn failed(
        &mut self,
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
        partly: bool,
    ) -> Event {
        let text: Vec<String> = errors
            .iter()
            .map(|d| match (d.location(), &d.help) {
                (Some(loc), Some(help)) => format!("{loc}: {}\n  help: {help}", d.message),
                (Some(loc), None) => format!("{loc}: {}", d.message),
                (None, Some(help)) => format!("{}\n  help: {help}", d.message),
                (None, None) => d.message.clone(),
            })
            .collect();
        self.set_errors(Some(text.join("\n\n")));
        Event::Failed {
            errors,
            warnings,
            partly,
        }
    }
}

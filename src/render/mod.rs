//! Stage 7: rendering every page of the site into the staging folder.
//!
//! Pages are rendered and written in parallel, each from its own view, so
//! memory stays flat however large the archive. A template error repeated on
//! thousands of pages is reported once.

mod absolute;
pub mod bodies;
mod cache;
mod feeds;
mod lists;
mod pages;
pub mod views;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::archive::{Archive, Body, DispatchId};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::templates::Templates;
use bodies::Bodies;
pub use cache::{PageCache, PageContext};

/// Progress of a long build, reported to the command layer.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
    /// Pages whose inputs had not changed since the last run (dev server).
    pub unchanged: usize,
}

/// The file a page is written to: `dir/index.html`, or `dir` itself when
/// it names a file.
pub(crate) fn output_file(dir: &str) -> String {
    if dir.is_empty() {
        "index.html".to_string()
    } else if dir.ends_with('/') {
        format!("{dir}index.html")
    } else {
        dir.to_string()
    }
}

/// Files that failed to be written with one error.
struct Unwritten {
    first: String,
    kind: std::io::ErrorKind,
    /// The limit to raise, when a limit is why (see `limits`).
    limit: Option<&'static str>,
    count: usize,
}

impl Unwritten {
    fn diagnostic(&self, error: &str, staging: &Staging) -> Diagnostic {
        let what = match self.count {
            1 => self.first.clone(),
            n => format!("{} and {} other files", self.first, n - 1),
        };
        let help = match self.kind {
            _ if self.limit.is_some() => self.limit.unwrap_or_default(),
            std::io::ErrorKind::StorageFull => staging.disk_full_help(),
            std::io::ErrorKind::FileTooLarge => crate::output::FILE_TOO_LARGE,
            std::io::ErrorKind::AlreadyExists
            | std::io::ErrorKind::NotADirectory
            | std::io::ErrorKind::IsADirectory => {
                "a page and another file want the same path: an alias takes a folder a page needs, or the other way round"
            }
            std::io::ErrorKind::InvalidFilename => {
                "the page's path is too long for a file system: shorten the term name, id, alias or page name it is made from"
            }
            _ => "check that the output folder's disk has room and is writable",
        };
        Diagnostic::error(format!("cannot write {what}: {error}")).with_help(help)
    }
}

/// Shared state of one rendering run.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub templates: &'a Templates,
    pub staging: &'a Staging,
    pages: AtomicUsize,
    files: AtomicUsize,
    unchanged: AtomicUsize,
    cache: Option<&'a PageCache>,
    /// Set for a partial render: only pages that show one of these cards.
    focus: Option<&'a Edits>,
    pub bodies: &'a Bodies<'a>,
    errors: Mutex<(HashSet<String>, Diagnostics)>,
    /// Files that could not be written, by the file system's error: a
    /// full disk fails every file, and is said once.
    unwritten: Mutex<BTreeMap<String, Unwritten>>,
    progress: Progress<'a>,
    total: usize,
}

impl<'a> Renderer<'a> {
    fn new(
        inputs: Inputs<'a>,
        progress: Progress<'a>,
        cache: Option<&'a PageCache>,
        total: usize,
    ) -> Self {
        Renderer {
            config: inputs.config,
            archive: inputs.archive,
            templates: inputs.templates,
            staging: inputs.staging,
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            cache,
            focus: None,
            bodies: inputs.bodies,
            errors: Mutex::new((HashSet::new(), Diagnostics::new())),
            unwritten: Mutex::new(BTreeMap::new()),
            progress,
            total,
        }
    }

    /// Whether a page listing `items` is rendered: always, unless this is a
    /// partial render and none of them changed its card.
    pub fn shows_any(&self, items: &[DispatchId]) -> bool {
        self.focus
            .is_none_or(|f| items.iter().any(|d| f.cards.binary_search(d).is_ok()))
    }

    /// Whether any of `items` had its page changed (always true outside a
    /// partial render).
    pub fn shows_page_of_any(&self, items: &[DispatchId]) -> bool {
        self.focus
            .is_none_or(|f| items.iter().any(|d| f.pages.binary_search(d).is_ok()))
    }

    /// Whether dispatch `i`'s page is rendered: always, unless this is a
    /// partial render and neither its body, its Cited-by nor a card it
    /// shows changed.
    pub fn wants_dispatch(&self, i: DispatchId) -> bool {
        let Some(f) = self.focus else { return true };
        let d = &self.archive.dispatches[i];
        f.pages.binary_search(&i).is_ok()
            || self.shows_any(&[i])
            || self.shows_any(&d.related)
            || d.cited_by.iter().any(|(s, _)| self.shows_any(&[*s]))
            || [d.prev, d.next]
                .iter()
                .flatten()
                .any(|&n| self.shows_any(&[n]))
    }

    fn finish(self) -> (RenderStats, Diagnostics) {
        let stats = RenderStats {
            pages: self.pages.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        let mut diags = self.errors.into_inner().map(|(_, d)| d).unwrap_or_default();
        let unwritten = self
            .unwritten
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        for (error, u) in unwritten {
            diags.push(u.diagnostic(&error, self.staging));
        }
        (stats, diags)
    }

    /// Renders `template` with `context` into `dir/index.html` (or into the
    /// file `dir` when it names one).
    pub fn page(&self, dir: &str, template: &str, context: PageContext) {
        let file = output_file(dir);
        if let Some(print) = context.fingerprint(template)
            && !self.claim(&file, print)
        {
            return;
        }
        self.render(&file, template, context);
    }

    /// Like [`Renderer::page`] for pages whose context is costly to build:
    /// `key` fingerprints its inputs, and `build` runs only when they changed.
    pub fn page_keyed(
        &self,
        dir: &str,
        template: &str,
        key: u64,
        build: impl FnOnce() -> PageContext,
    ) {
        let file = output_file(dir);
        if self.cache.is_some() && !self.claim(&file, key) {
            return;
        }
        self.render(&file, template, build());
    }

    /// A fingerprint of `meta` and of the bodies of `dispatches`.
    pub fn key_of(&self, meta: &impl Serialize, dispatches: &[DispatchId]) -> u64 {
        if self.cache.is_none() {
            return 0;
        }
        let mut h = DefaultHasher::new();
        let _ = serde_json::to_vec(meta).map(|b| h.write(&b));
        for &d in dispatches {
            let dispatch = &self.archive.dispatches[d];
            // Everything a card or a feed entry shows of it.
            (
                &dispatch.id,
                &dispatch.path,
                &dispatch.title,
                &dispatch.summary,
                dispatch.date_str(),
                (
                    &dispatch.updated,
                    &dispatch.date_time,
                    &dispatch.updated_time,
                ),
                &dispatch.language,
                &dispatch.authors,
            )
                .hash(&mut h);
            dispatch.body_fingerprint().hash(&mut h);
        }
        h.finish()
    }

    /// Records that `file` is produced with fingerprint `print`; false if
    /// the previous run produced it identically (nothing to do).
    fn claim(&self, file: &str, print: u64) -> bool {
        let Some(cache) = self.cache else { return true };
        let changed = cache.claim(file, print);
        if !changed {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        changed
    }

    fn render(&self, file: &str, template: &str, context: PageContext) {
        // Stopped (the dev server quits mid-rebuild): nothing is written,
        // so nothing need be rendered.
        if self.staging.stopping() {
            return;
        }
        match self.templates.render(template, &context.into_context()) {
            Ok(html) => {
                // Rendered as it was: unchanged, as if not rendered.
                if !self.write(file, html.as_bytes()) {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                let done = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
                if done.is_multiple_of(256) {
                    (self.progress)(done, self.total);
                }
            }
            Err(d) => {
                // Not cached: a page that failed must be tried again.
                if let Some(cache) = self.cache {
                    cache.forget(file);
                }
                // The template's fault, said once; the first page it broke
                // is named, which a template's line alone does not tell.
                let key = report_key(&d);
                let page = file.strip_suffix("index.html").unwrap_or(file);
                let message = format!("{} (rendering /{page})", d.message);
                self.report_as(key, Diagnostic { message, ..d })
            }
        }
    }

    /// Writes `file`; false when the dev server's folder holds these very
    /// bytes there already, and nothing was written.
    pub fn write(&self, file: &str, bytes: &[u8]) -> bool {
        if let Some(cache) = self.cache
            && !cache.new_output(file, bytes)
        {
            return false;
        }
        let written = self.staging.write(file, bytes);
        if let (Err(_), Some(cache)) = (&written, self.cache) {
            cache.unwritten(file);
        }
        match written {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
            }
            // Interrupted: a signal is removing the output being written.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                // The error names the file; the same error for another
                // file is the same problem.
                let text = e.to_string();
                let error = text
                    .strip_prefix(&format!("{file}: "))
                    .unwrap_or(&text)
                    .to_string();
                let mut unwritten = self.unwritten.lock().unwrap_or_else(|e| e.into_inner());
                let entry = unwritten.entry(error).or_insert_with(|| Unwritten {
                    first: file.to_string(),
                    kind: e.kind(),
                    limit: crate::limits::help(&e),
                    count: 0,
                });
                entry.count += 1;
            }
        }
        true
    }

    /// The resolved body of dispatch `d` (empty, with the error reported,
    /// if its file changed during the build).
    pub fn body(&self, d: DispatchId) -> Body {
        self.bodies
            .dispatch(&self.archive.dispatches[d])
            .unwrap_or_else(|e| {
                self.report(e);
                Body::default()
            })
    }

    pub fn report(&self, d: Diagnostic) {
        self.report_as(report_key(&d), d);
    }

    /// Reports `d` unless a diagnostic with the same `key` was.
    fn report_as(&self, key: String, d: Diagnostic) {
        if let Ok(mut guard) = self.errors.lock() {
            let (seen, diags) = &mut *guard;
            if seen.insert(key) {
                diags.push(d);
            }
        }
    }

    /// An empty context that is never fingerprinted (see `page_keyed`).
    pub fn direct(&self) -> PageContext {
        PageContext::new(false)
    }

    /// An empty context (fingerprinted when the page cache is in use).
    pub fn bare(&self) -> PageContext {
        PageContext::new(self.cache.is_some())
    }

    /// A context with the variables every page template receives.
    pub fn context(&self, title: &str, path: &str, description: &str) -> PageContext {
        self.fill_common(self.bare(), title, path, description)
    }

    /// [`Renderer::context`] never fingerprinted, for `page_keyed`.
    pub fn direct_context(&self, title: &str, path: &str, description: &str) -> PageContext {
        self.fill_common(self.direct(), title, path, description)
    }

    fn fill_common(
        &self,
        mut c: PageContext,
        title: &str,
        path: &str,
        description: &str,
    ) -> PageContext {
        c.insert("page_title", title);
        c.insert("canonical", &format!("{}{path}", self.config.base_url));
        // The part of the site the page is in (a series', a taxonomy's
        // or the chronology's key; empty on the home page), which the
        // navigation marks.
        c.insert("section", path.split('/').next().unwrap_or_default());
        // Only the not-found page, served at any missing address, asks
        // not to be indexed (and names no address of its own).
        c.insert("noindex", &false);
        // The page's own words (header, labels, dates, footer) are in the
        // site's language on every page, whatever the language of a
        // dispatch on it: templates put `d.language` on its text only.
        let lang = &self.config.language;
        c.insert("lang", lang);
        c.insert("dir", views::dir(lang));
        c.insert("description", description);
        c
    }
}

/// What makes two diagnostics the same one (reported once per run).
fn report_key(d: &Diagnostic) -> String {
    format!("{:?}{}:{}{}", d.file, d.line, d.column, d.message)
}

/// Gives the plain text of a dispatch, by index.
pub type TextOf<'a> = dyn Fn(DispatchId) -> String + Sync + 'a;

/// How a build's search index is made alongside its pages.
pub enum Indexing<'a> {
    /// The indexer drives the dispatch pages: it is handed a [`TextOf`]
    /// that renders each dispatch's page on the way, so that a build
    /// renders every body once more, not twice. It tokenizes, and returns
    /// the step that writes the index.
    Drive(&'a (dyn Fn(&TextOf<'_>) -> WriteIndex<'a> + Sync)),
    /// The index was tokenized already: it is only written.
    Write(WriteIndex<'a>),
}

/// Writes a tokenized search index: run while the other pages render,
/// because writing an index is partly serial.
pub type WriteIndex<'a> = Box<dyn FnOnce() + Send + 'a>;

/// What rendering the site needs.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub templates: &'a Templates,
    pub bodies: &'a Bodies<'a>,
    pub staging: &'a Staging,
}

/// Renders the whole site.
pub fn site(
    inputs: Inputs<'_>,
    progress: Progress,
    cache: Option<&PageCache>,
    indexing: Option<Indexing>,
) -> (RenderStats, Diagnostics) {
    let total =
        inputs.archive.dispatches.len() + inputs.archive.terms.len() + inputs.archive.pages.len();
    let r = Renderer::new(inputs, progress, cache, total);
    // The indexer tokenizes on every core, rendering the dispatch pages on
    // the way; then its index is written while the other pages render.
    // An unchanged page (dev server) was not rendered: its body is needed
    // only now.
    let (write_index, dispatches_done) = match indexing {
        Some(Indexing::Drive(index)) => (
            Some(index(&|i| {
                pages::dispatch(&r, i).unwrap_or_else(|| r.body(i)).text
            })),
            true,
        ),
        Some(Indexing::Write(write)) => (Some(write), false),
        None => (None, false),
    };
    rayon::scope(|s| {
        if let Some(write) = write_index {
            s.spawn(move |_| write());
        }
        if !dispatches_done {
            s.spawn(|_| pages::dispatches(&r));
        }
        s.spawn(|_| pages::plain_pages(&r));
        s.spawn(|_| lists::series(&r));
        s.spawn(|_| lists::terms(&r));
        s.spawn(|_| lists::chronology(&r));
        s.spawn(|_| pages::singletons(&r));
        s.spawn(|_| feeds::all(&r));
    });
    (r.progress)(r.total, r.total);
    r.finish()
}

/// What an edit of dispatches changed, for a partial render (the dev
/// server's fast path, see `serve::patch`). Lists are sorted.
#[derive(Debug, Default)]
pub struct Edits {
    /// Dispatches whose pages changed: an edited body, a new Cited-by.
    pub pages: Vec<DispatchId>,
    /// Dispatches whose card (title, summary, dates, authors) changed:
    /// every page that shows them changes.
    pub cards: Vec<DispatchId>,
    /// Whether a `cites` list changed (`archive.json` shows them).
    pub cites_changed: bool,
}

/// Renders only what `edits` can change. Body edits touch a few dispatch
/// pages and the feeds that carry bodies; a changed card touches every
/// page that lists it, found by walking the site without rendering the
/// rest.
pub fn after_edits(
    inputs: Inputs<'_>,
    cache: &PageCache,
    edits: &Edits,
) -> (RenderStats, Diagnostics) {
    let mut r = Renderer::new(inputs, &|_, _| {}, Some(cache), edits.pages.len());
    r.focus = Some(edits);
    if edits.cards.is_empty() {
        rayon::join(
            || {
                edits.pages.par_iter().for_each(|&d| {
                    pages::dispatch(&r, d);
                })
            },
            || {
                feeds::after_body_edits(&r, &edits.pages, edits.cites_changed);
                // "Most cited" counts the cites.
                if edits.cites_changed {
                    pages::home(&r);
                }
            },
        );
    } else {
        rayon::scope(|s| {
            s.spawn(|_| pages::dispatches(&r));
            s.spawn(|_| lists::series(&r));
            s.spawn(|_| lists::terms(&r));
            s.spawn(|_| lists::chronology(&r));
            s.spawn(|_| pages::singletons(&r));
            s.spawn(|_| feeds::all(&r));
        });
    }
    r.finish()
}

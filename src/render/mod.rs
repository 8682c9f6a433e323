//! Stage 7: rendering every page of the site into the staging folder.
//!
//! Pages are rendered and written in parallel, each from its own view, so
//! memory stays flat however large the archive. A template error repeated on
//! thousands of pages is reported once.

mod feeds;
mod lists;
mod pages;
pub mod views;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Context;

use crate::archive::Archive;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::templates::Templates;

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

/// Fingerprints of the pages of the previous run, by output file: lets the
/// dev server render and write only the pages whose inputs changed. Building
/// a page's view is cheap; rendering and writing it is not.
#[derive(Debug, Default)]
pub struct PageCache {
    fingerprints: Mutex<HashMap<String, u64>>,
    /// Output files seen in the current run, to find stale ones.
    seen: Mutex<HashSet<String>>,
}

impl PageCache {
    /// Output files of the previous run that this run no longer produced.
    pub fn take_stale(&self) -> Vec<String> {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        let mut prints = self.fingerprints.lock().unwrap_or_else(|e| e.into_inner());
        let mut stale: Vec<String> = prints
            .keys()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        stale.sort();
        for s in &stale {
            prints.remove(s);
        }
        stale
    }

    pub fn clear(&self) {
        self.fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Feeds `Debug` output into a hasher without building the string.
struct HashWriter<'a, H: Hasher>(&'a mut H);

impl<H: Hasher> std::fmt::Write for HashWriter<'_, H> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        s.hash(self.0);
        Ok(())
    }
}

fn fingerprint(template: &str, context: &Context) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    template.hash(&mut h);
    let _ = write!(HashWriter(&mut h), "{context:?}");
    h.finish()
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
    errors: Mutex<(HashSet<String>, Diagnostics)>,
    progress: Progress<'a>,
    total: usize,
}

impl<'a> Renderer<'a> {
    /// Renders `template` with `context` into `dir/index.html` (or into the
    /// file `dir` when it names one).
    pub fn page(&self, dir: &str, template: &str, context: &Context) {
        let file = if dir.is_empty() {
            "index.html".to_string()
        } else if dir.ends_with('/') {
            format!("{dir}index.html")
        } else {
            dir.to_string()
        };
        if let Some(cache) = self.cache {
            let print = fingerprint(template, context);
            cache
                .seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(file.clone());
            let mut prints = cache.fingerprints.lock().unwrap_or_else(|e| e.into_inner());
            if prints.get(&file) == Some(&print) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return;
            }
            prints.insert(file.clone(), print);
        }
        match self.templates.render(template, context) {
            Ok(html) => {
                self.write(&file, html.as_bytes());
                let done = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
                if done % 256 == 0 {
                    (self.progress)(done, self.total);
                }
            }
            Err(d) => {
                // Not cached: a page that failed must be tried again.
                if let Some(cache) = self.cache {
                    cache
                        .fingerprints
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&file);
                }
                self.report(d)
            }
        }
    }

    pub fn write(&self, file: &str, bytes: &[u8]) {
        match self.staging.write(file, bytes) {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => self.report(
                Diagnostic::error(format!("cannot write {file}: {e}"))
                    .with_help("check that the output folder's disk has room and is writable"),
            ),
        }
    }

    pub fn report(&self, d: Diagnostic) {
        let key = format!("{:?}{}:{}{}", d.file, d.line, d.column, d.message);
        if let Ok(mut guard) = self.errors.lock() {
            let (seen, diags) = &mut *guard;
            if seen.insert(key) {
                diags.push(d);
            }
        }
    }

    /// A context with the variables every page template receives.
    pub fn context(&self, title: &str, path: &str, lang: &str, description: &str) -> Context {
        let mut c = Context::new();
        c.insert("page_title", title);
        c.insert("canonical", &format!("{}{path}", self.config.base_url));
        c.insert("lang", lang);
        c.insert("dir", views::dir(lang));
        c.insert("description", description);
        c
    }
}

/// Renders the whole site.
pub fn site(
    config: &Config,
    archive: &Archive,
    templates: &Templates,
    staging: &Staging,
    progress: Progress,
    cache: Option<&PageCache>,
) -> (RenderStats, Diagnostics) {
    let r = Renderer {
        config,
        archive,
        templates,
        staging,
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        unchanged: AtomicUsize::new(0),
        cache,
        errors: Mutex::new((HashSet::new(), Diagnostics::new())),
        progress,
        total: archive.dispatches.len() + archive.terms.len() + archive.pages.len(),
    };
    rayon::scope(|s| {
        s.spawn(|_| pages::dispatches(&r));
        s.spawn(|_| pages::plain_pages(&r));
        s.spawn(|_| lists::series(&r));
        s.spawn(|_| lists::terms(&r));
        s.spawn(|_| lists::chronology(&r));
        s.spawn(|_| pages::singletons(&r));
        s.spawn(|_| feeds::all(&r));
    });
    (r.progress)(r.total, r.total);
    let stats = RenderStats {
        pages: r.pages.load(Ordering::Relaxed),
        files: r.files.load(Ordering::Relaxed),
        unchanged: r.unchanged.load(Ordering::Relaxed),
    };
    let diags = r.errors.into_inner().map(|(_, d)| d).unwrap_or_default();
    (stats, diags)
}

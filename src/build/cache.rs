//! The dev server's memory of loaded files between rebuilds.
//!
//! Each file is kept parsed and rendered with the modification time and
//! size it had when read; a rebuild re-reads only files whose stamp moved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::Docs;
use crate::config::Config;
use crate::content::{self, Kind, SourceFile};
use crate::diagnostic::Diagnostics;
use crate::interrupt::Scratch;
use crate::markdown::Rendered;
use crate::render::bodies::Bodies;

/// Parsed and rendered files from earlier runs, by path, with the
/// modification time and size they had.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<PathBuf, CacheEntry>,
    /// The server's live folder: once it is being removed (the server
    /// stops), files not yet read are skipped, so that stopping does not
    /// wait for a whole archive to load.
    stop: Option<Arc<Scratch>>,
}

struct CacheEntry {
    modified: Option<SystemTime>,
    len: u64,
    file: SourceFile,
    rendered: Arc<Rendered>,
}

impl Cache {
    /// A cache whose loading stops when `live` is being removed.
    pub fn stopped_by(live: &Arc<Scratch>) -> Self {
        Cache {
            entries: HashMap::new(),
            stop: Some(Arc::clone(live)),
        }
    }

    /// Forgets everything (the config or a template changed).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The file at `path` as the last run loaded it.
    pub fn get(&self, path: &Path) -> Option<(&SourceFile, &Arc<Rendered>)> {
        self.entries.get(path).map(|e| (&e.file, &e.rendered))
    }

    /// Records `file` as loaded from `path`, which had `stamp` (taken
    /// before reading it, so that a later save is never mistaken for it).
    pub fn put(&mut self, path: PathBuf, stamp: Stamp, file: SourceFile, rendered: Arc<Rendered>) {
        let (modified, len) = stamp.unwrap_or((None, 0));
        self.entries.insert(
            path,
            CacheEntry {
                modified,
                len,
                file,
                rendered,
            },
        );
    }

    /// Like a build's loading, past `budget` bytes of Markdown newly read
    /// dispatches are kept slimmed.
    pub(super) fn load(
        &mut self,
        config: &Config,
        bodies: &Bodies,
        budget: u64,
    ) -> (Docs, Diagnostics) {
        let (paths, mut diags) = content::list(config);
        let stamps: Vec<Stamp> = paths.iter().map(|p| stamp(p)).collect();
        let size: u64 = stamps.iter().flatten().map(|(_, len)| len).sum();
        let slim = size > budget;
        let mut fresh = Vec::new();
        let mut docs = Vec::with_capacity(paths.len());
        for (path, stamp) in paths.iter().zip(stamps) {
            match (self.entries.get(path), stamp) {
                (Some(e), Some((modified, len)))
                    if e.modified == modified && e.len == len && modified.is_some() =>
                {
                    docs.push((e.file.clone(), Arc::clone(&e.rendered)));
                }
                // The stamp is taken before reading, so that a save during
                // this run is never mistaken for what was read.
                _ => fresh.push((path.clone(), stamp)),
            }
        }
        let stop = self.stop.clone();
        let loaded: Vec<_> = fresh
            .into_par_iter()
            .filter_map(|(path, stamp)| {
                if stop.as_ref().is_some_and(|s| s.stopping()) {
                    return None;
                }
                let result = content::load_path(config, &path)?.map(|file| {
                    let rendered = bodies.render(&file);
                    match file.kind {
                        Kind::Dispatch if slim => (file.into_slim(), rendered.into_slim()),
                        _ => (file, rendered),
                    }
                });
                Some((path, stamp, result))
            })
            .collect();
        for (path, stamp, result) in loaded {
            match result {
                Ok((file, rendered)) => {
                    let rendered = Arc::new(rendered);
                    self.put(path, stamp, file.clone(), Arc::clone(&rendered));
                    docs.push((file, rendered));
                }
                Err(ds) => {
                    self.entries.remove(&path);
                    diags.extend(ds);
                }
            }
        }
        // Said for every file, read again or not, as a build says them.
        for (file, _) in &docs {
            diags.extend(content::file_warnings(config, file));
        }
        let listed: std::collections::HashSet<&PathBuf> = paths.iter().collect();
        self.entries.retain(|p, _| listed.contains(p));
        // Archive order must not depend on what was cached.
        docs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
        (docs, diags)
    }
}

/// A file's modification time and size, if it can be read.
pub type Stamp = Option<(Option<SystemTime>, u64)>;

pub fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.modified().ok(), m.len()))
}

//! The dev server's page cache: each page's variables fingerprinted, so
//! that a rebuild renders and writes only the pages whose inputs changed.
//! Building a page's view is cheap; rendering and writing it is not.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use serde::Serialize;
use tera::Context;

/// Fingerprints of the pages of the previous run, by output file: lets the
/// dev server render and write only the pages whose inputs changed. Building
/// a page's view is cheap; rendering and writing it is not.
#[derive(Debug, Default)]
pub struct PageCache {
    fingerprints: Mutex<HashMap<String, u64>>,
    /// Output files seen in the current run, to find stale ones.
    seen: Mutex<HashSet<String>>,
    /// Output files the previous runs left in the folder. Kept apart from
    /// the fingerprints, which a config or template change clears: the
    /// pages such a change removes must still be found stale.
    written: Mutex<HashSet<String>>,
    /// A hash of each rendered page's bytes as the folder holds them, kept
    /// when the fingerprints are cleared: after a config or template
    /// change every page is rendered again, but one whose bytes did not
    /// change need not be written again (most of them, for most changes).
    outputs: Mutex<HashMap<String, u64>>,
}

impl PageCache {
    /// Output files of the previous runs that this (whole) run no longer
    /// produced; this run's files are the ones on disk from now on.
    pub fn take_stale(&self) -> Vec<String> {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut stale: Vec<String> = written
            .iter()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        stale.sort();
        let mut prints = self.fingerprints.lock().unwrap_or_else(|e| e.into_inner());
        let mut outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        for s in &stale {
            prints.remove(s);
            outputs.remove(s);
        }
        *written = seen;
        stale
    }

    /// Ends a run that wrote only some pages (the fast path, or one that
    /// failed): what it wrote is on disk, beside what earlier runs wrote.
    pub fn settle(&self) {
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(seen);
    }

    /// Whether this run has produced `rel` so far.
    pub fn has_seen(&self, rel: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(rel)
    }

    /// Whether this run has produced a file in the folder `rel`, at any
    /// depth. (Goes through every file: asked only of a folder in the way
    /// of a static file, which is rare.)
    pub fn has_seen_under(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|s| s.starts_with(&prefix))
    }

    /// Records a file this run wrote outside rendering (a static file), so
    /// that a later run that no longer writes it (the file was deleted)
    /// finds it stale, as it finds a page that is gone.
    pub fn copied(&self, rel: &str) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        // The folder holds the copy now, whatever a page wrote there.
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(rel);
        // Not a page's fingerprint: a page at the same path (which the file
        // overrides) is rendered again rather than taken as unchanged.
        self.fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), 0);
    }

    /// Records that `file` is produced with fingerprint `print`; false if
    /// the previous run produced it identically (nothing to do).
    pub(super) fn claim(&self, file: &str, print: u64) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_string());
        let mut prints = self.fingerprints.lock().unwrap_or_else(|e| e.into_inner());
        if prints.get(file) == Some(&print) {
            return false;
        }
        prints.insert(file.to_string(), print);
        true
    }

    /// Records that `file` is to hold `bytes`; false if the folder holds
    /// them already (a page rendered again after a change that left it as
    /// it was): nothing to write.
    pub(super) fn new_output(&self, file: &str, bytes: &[u8]) -> bool {
        // Produced by this run, whether or not a page claimed it first
        // (the sitemap, archive.json): not stale.
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_string());
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        let mut outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        outputs.insert(file.to_string(), hash) != Some(hash)
    }

    /// Forgets what `file` holds: it could not be written.
    pub(super) fn unwritten(&self, file: &str) {
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(file);
    }

    /// Drops `file`'s fingerprint: a page that failed must be tried again.
    pub(super) fn forget(&self, file: &str) {
        self.fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(file);
    }

    /// Forgets the fingerprints, so that the next run renders every page
    /// again; the files on disk are still known (see [`take_stale`]).
    ///
    /// [`take_stale`]: Self::take_stale
    pub fn clear(&self) {
        self.settle();
        self.fingerprints
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// A template's variables. With the dev server's page cache they are kept
/// as one JSON object instead, so that an unchanged page is recognised by
/// its fingerprint without building Tera values or rendering it.
pub struct PageContext {
    context: Context,
    json: Option<Vec<u8>>,
}

impl PageContext {
    /// An empty context, kept as JSON to be fingerprinted when
    /// `fingerprinted`.
    pub(super) fn new(fingerprinted: bool) -> Self {
        PageContext {
            context: Context::new(),
            json: fingerprinted.then(|| Vec::with_capacity(4096)),
        }
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        match &mut self.json {
            Some(json) => {
                json.push(if json.is_empty() { b'{' } else { b',' });
                let _ = serde_json::to_writer(&mut *json, key);
                json.push(b':');
                let _ = serde_json::to_writer(&mut *json, value);
            }
            None => self.context.insert(key, value),
        }
    }

    pub(super) fn fingerprint(&self, template: &str) -> Option<u64> {
        let mut h = DefaultHasher::new();
        template.hash(&mut h);
        h.write(self.json.as_deref()?);
        Some(h.finish())
    }

    /// The Tera context (built from the JSON for a changed cached page).
    pub(super) fn into_context(self) -> Context {
        match self.json {
            Some(mut json) => {
                json.push(if json.is_empty() { b'{' } else { b'}' });
                if json.len() == 1 {
                    json.push(b'}');
                }
                serde_json::from_slice::<serde_json::Value>(&json)
                    .ok()
                    .and_then(|v| Context::from_serialize(&v).ok())
                    .unwrap_or_default()
            }
            None => self.context,
        }
    }
}

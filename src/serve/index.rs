//! The dev server's search index after edits: rewritten in the background,
//! into a folder beside the served one, then swapped in whole.
//!
//! Writing it in place (clearing its chunk folders, then writing them
//! again) left the index missing or half-written for the time it took,
//! hundreds of milliseconds at 10,000 dispatches: a search run then failed.
//! Written aside, the served index is the old one until, in one rename, it
//! is the new one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::build::{self, SearchInput};
use crate::output::Staging;
use crate::search;

/// The background indexer of one served folder.
pub struct Indexer {
    /// Where the next index is written: beside the served folder, not in
    /// it, where it would be served and the folder would no longer be
    /// what a build writes. After a swap it holds the old index, removed
    /// when the next one is started.
    aside: PathBuf,
    /// The index being written; its result says whether it is complete.
    running: Option<JoinHandle<bool>>,
    /// The indexer's own threads (see [`index_pool`]).
    pool: Option<Arc<rayon::ThreadPool>>,
}

impl Indexer {
    /// An indexer writing aside in `aside` (see `scratch::index_folder`).
    pub fn new(aside: PathBuf) -> Self {
        Indexer {
            aside,
            running: None,
            pool: None,
        }
    }

    /// Whether an index is still being written.
    pub fn busy(&self) -> bool {
        self.running.as_ref().is_some_and(|h| !h.is_finished())
    }

    /// Starts writing an index of `input`, aside. Only one at a time: the
    /// caller checks [`busy`](Self::busy) and [`install`](Self::install)s
    /// the last one first.
    pub fn start(&mut self, input: SearchInput) {
        if self.pool.is_none() {
            self.pool = index_pool().map(Arc::new);
        }
        let (pool, aside) = (self.pool.clone(), self.aside.clone());
        self.running = Some(std::thread::spawn(move || {
            // The index swapped out last time, or a half-written one.
            let _ = fs::remove_dir_all(&aside);
            let Ok(staging) = Staging::in_place(&aside) else {
                return false;
            };
            let write = || build::write_search(&input, &staging);
            let written = match pool {
                Some(pool) => pool.install(write),
                None => write(),
            };
            matches!(written, Ok(Some(_)))
        }));
    }

    /// Swaps a finished index in as `dir`'s `search/`; does nothing while
    /// one is being written. Called by the thread that writes the pages,
    /// so that the search page, which lives in the same folder, is never
    /// written into the folder being swapped out. Returns whether a new
    /// index is in.
    pub fn install(&mut self, dir: &Path) -> bool {
        !self.busy() && self.finish(dir)
    }

    /// Waits for the index being written, if any, and swaps it in;
    /// returns whether it did.
    pub fn finish(&mut self, dir: &Path) -> bool {
        let Some(handle) = self.running.take() else {
            return false;
        };
        if !handle.join().unwrap_or(false) {
            return false;
        }
        let (new, live) = (self.aside.join("search"), dir.join("search"));
        // What else is in the served folder (the search page, a static
        // file under search/) goes with the new index.
        carry_over(&live, &new).is_ok() && swap(&new, &live).is_ok()
    }

    /// Waits for the index being written, if any, and throws it away (the
    /// server stops, or search was turned off).
    pub fn discard(&mut self) {
        if let Some(handle) = self.running.take() {
            let _ = handle.join();
        }
        let _ = fs::remove_dir_all(&self.aside);
    }
}

/// Copies into `to` what `from` has and `to` has not, recursively, but
/// for the old index's folder (each index has its own, which its
/// `meta.json` names: see `search/output.rs`).
fn carry_over(from: &Path, to: &Path) -> io::Result<()> {
    let old_index = search::index_folder(from);
    carry_over_below(from, to, old_index.as_deref())
}

/// [`carry_over`], leaving out the folder named `skip`.
fn carry_over_below(from: &Path, to: &Path, skip: Option<&str>) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(());
    };
    fs::create_dir_all(to)?;
    for entry in entries {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if skip.is_some_and(|skip| entry.file_name() == skip) {
            continue;
        }
        if kind.is_dir() {
            carry_over_below(&source, &target, None)?;
        } else if kind.is_file() && !target.exists() {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

/// Puts folder `new` at `live`, and what was at `live` at `new`. Where the
/// system can exchange two paths in one step, a reader of `live` finds
/// one or the other, never nothing.
fn swap(new: &Path, live: &Path) -> io::Result<()> {
    if !live.exists() {
        return fs::rename(new, live);
    }
    if matches!(crate::output::exchange(new, live), Ok(true)) {
        return Ok(());
    }
    let old = new.with_extension("old");
    fs::rename(live, &old)?;
    let moved = fs::rename(new, live);
    if moved.is_err() {
        // Put the old index back rather than leave none.
        let _ = fs::rename(&old, live);
    }
    let _ = fs::rename(&old, new);
    moved
}

/// Threads for the background search index, at a lower priority where the
/// system allows. Sharing the rebuilds' pool would queue an edit's few
/// pages behind the indexer's long shards (hundreds of milliseconds).
fn index_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("annals-index-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .ok()
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: a plain system call with no pointers. On Linux each thread
    // has its own nice value and `who = 0` names the calling thread; the
    // indexer's merge thread, created from here, inherits it.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_exchanges_two_folders_and_leaves_the_old_index_behind() {
        let dir = tempfile::tempdir().unwrap();
        let (new, live) = (dir.path().join("new"), dir.path().join("live"));
        fs::create_dir_all(&new).unwrap();
        fs::create_dir_all(&live).unwrap();
        fs::write(new.join("meta.json"), "new").unwrap();
        let (old_files, new_files) = ("0123456789abcdef", "fedcba9876543210");
        let meta = |files: &str| format!("{{\"files\":\"{files}/\"}}");
        fs::write(live.join("meta.json"), meta(old_files)).unwrap();
        fs::write(live.join("index.html"), "page").unwrap();
        // The old index's folder stays with it; the site's own folders
        // under search/ come along, one named like an index's.
        fs::create_dir_all(live.join("00000000000000aa")).unwrap();
        fs::create_dir_all(live.join(old_files)).unwrap();
        fs::create_dir_all(new.join(new_files)).unwrap();
        fs::create_dir_all(live.join("images")).unwrap();
        fs::write(live.join("images/map.png"), "map").unwrap();
        carry_over(&live, &new).unwrap();
        swap(&new, &live).unwrap();
        assert_eq!(fs::read_to_string(live.join("meta.json")).unwrap(), "new");
        assert_eq!(fs::read_to_string(live.join("index.html")).unwrap(), "page");
        assert_eq!(
            fs::read_to_string(live.join("images/map.png")).unwrap(),
            "map"
        );
        assert!(live.join(new_files).is_dir());
        assert!(live.join("00000000000000aa").is_dir());
        assert!(!live.join(old_files).exists());
        assert_eq!(
            fs::read_to_string(new.join("meta.json")).unwrap(),
            meta(old_files)
        );
    }
}

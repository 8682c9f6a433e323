//! Stage 8: writing the site, safely and atomically.
//!
//! Pages are written into a staging folder beside the output, and the
//! staging folder is swapped in only when the whole build has succeeded, so
//! a failed build leaves the previous site untouched. Every path written
//! goes through [`Staging::write`], which accepts only relative paths made
//! of plain segments: no slug, alias or page path can escape the output.
//! What was written is listed in the output's manifest (see [`manifest`]),
//! so that the next build replaces only what a build wrote.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::interrupt::Scratch;

mod abandoned;
mod beside;
mod copy;
mod dry;
pub mod manifest;
mod paths;
mod place;
mod replace;
pub use abandoned::{private_temp_dir, sweep as sweep_abandoned, temp_dir};
pub use beside::OutputLock;
pub(crate) use beside::exchange;
pub use copy::{Unreadable, files_under, git_in, links_in, undecodable_in};
pub use dry::Written;
pub use manifest::{MANIFEST, Survey, listed_pages, survey};
pub use paths::{
    ALIAS_EXTENSIONS, alias_path, decomposed_note, is_alias_page, safe_join, same_file_key, twins,
};
pub use place::check_output_dir;

/// What to do about a full disk in a build.
pub const DISK_FULL: &str = "the disk is full (of data, or of files: `df -h` and `df -i` tell which): a build writes the new site beside the old one and then swaps them, so it needs room for both; free some space (deleting the old output frees its share) and build again";

/// What to do about a file size limit a write went over.
pub const FILE_TOO_LARGE: &str = "a file is over this shell's file size limit (`ulimit -f`): raise the limit (`ulimit -f unlimited`) and build again";

/// A site being written.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The files written, for the manifest (none in place: the dev
    /// server's folder is its own).
    written: Option<Mutex<Vec<String>>>,
    /// Where a signal finds the folder to remove (a build, a check).
    scratch: Option<Arc<Scratch>>,
    /// In place, files are replaced whole (see `replace.rs`): the dev
    /// server reads them while it rebuilds.
    parts: Option<replace::Parts>,
    /// A check's site, written nowhere (see `dry.rs`).
    dry: Option<dry::DryTree>,
}

/// The previous output, which the build swapped out but could not remove:
/// the new site is published all the same.
#[derive(Debug)]
pub struct Leftover {
    pub dir: PathBuf,
    pub error: io::Error,
}

impl Staging {
    /// Prepares a fresh staging folder for `target`; `lock` is this
    /// build's, so that staging folders left by other builds are swept.
    pub fn new(target: &Path, lock: &OutputLock) -> io::Result<Staging> {
        let parent = beside::parent_of(target);
        fs::create_dir_all(parent)?;
        // Staging folders of builds that were killed (SIGKILL, a crash)
        // would otherwise stay beside the output for good; so would
        // earlier outputs swapped out that could not be removed. Holding
        // the lock, every one is stale; without it, those whose process is
        // gone are.
        let prefix = beside::staging_prefix(target);
        if lock.held() {
            abandoned::sweep_all(parent, &prefix);
        } else {
            sweep_abandoned(parent, &prefix);
        }
        let dir = beside::make_staging(target)?;
        beside::keep_folder_settings(target, &dir);
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            written: Some(Mutex::new(Vec::new())),
            scratch: None,
            parts: None,
            dry: None,
        })
    }

    /// A site written nowhere (`annals check`): each file is refused as
    /// the file system would refuse it in a build, and only what the later
    /// checks read is kept, with the element ids of `pages` only; `output`
    /// is where a build would write it (for how long its paths may be).
    /// Its folder and target are empty paths: it has no output, and
    /// refuses to [`resolve`](Self::resolve) a path in one.
    pub fn dry(pages: std::collections::HashSet<String>, output: &Path) -> Staging {
        // As long as a build's would be.
        let staging = beside::staging_name(output, "xxxxxx");
        Staging {
            dir: PathBuf::new(),
            target: PathBuf::new(),
            written: None,
            scratch: None,
            parts: None,
            dry: Some(dry::DryTree::new(pages, &staging)),
        }
    }

    /// In a check's tree, keeps the text of the pages `kept` (site-relative
    /// files) for the checks that read a page; a build's folder has them.
    pub fn keeping_texts(mut self, kept: std::collections::HashSet<String>) -> Staging {
        if let Some(tree) = &mut self.dry {
            tree.keep_texts(kept);
        }
        self
    }

    /// What the site written so far holds, for the checks that read it.
    pub fn written(&self) -> Written<'_> {
        match &self.dry {
            Some(tree) => Written::Dry(tree),
            None => Written::Folder(&self.dir),
        }
    }

    /// Has a signal remove the folder (see [`crate::interrupt`]).
    pub fn removed_on_signals(mut self, scratch: &Arc<Scratch>) -> Staging {
        scratch.add(&self.dir);
        self.scratch = Some(Arc::clone(scratch));
        self
    }

    /// Stops writing when `scratch` is being removed, without adding this
    /// folder to what it removes (the dev server's live folder, written
    /// into by one rebuild after another, is added once).
    pub fn stopped_by(mut self, scratch: &Arc<Scratch>) -> Staging {
        self.scratch = Some(Arc::clone(scratch));
        self
    }

    /// Whether a signal is stopping the run: what would be written need
    /// not be made.
    pub fn stopping(&self) -> bool {
        self.go_on().is_err()
    }

    /// An error if a signal is stopping the run: nothing more is written.
    fn go_on(&self) -> io::Result<()> {
        match &self.scratch {
            Some(s) if s.stopping() => Err(io::Error::new(io::ErrorKind::Interrupted, "stopped")),
            _ => Ok(()),
        }
    }

    /// Records `rel` as written, for the manifest.
    fn record(&self, rel: &str) {
        if let Some(written) = &self.written {
            written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
        }
    }

    /// Writes straight into `dir` (the dev server's live folder): nothing
    /// to swap, and `publish` does nothing.
    pub fn in_place(dir: &Path) -> io::Result<Staging> {
        fs::create_dir_all(dir)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            target: dir.to_path_buf(),
            written: None,
            scratch: None,
            parts: Some(replace::Parts::default()),
            dry: None,
        })
    }

    /// What to do about a full disk: a build needs room for the new site
    /// beside the old one, which a user whose last build fitted cannot
    /// guess.
    pub fn disk_full_help(&self) -> &'static str {
        if self.dir == self.target {
            "the disk of the temp dir, where the preview is written, is full: free some space, and the next save rebuilds (or start the server again with TMPDIR naming a folder on a disk with room)"
        } else if !self.target.exists() {
            "the disk is full (of data, or of files: `df -h` and `df -i` tell which): free some space and build again"
        } else {
            DISK_FULL
        }
    }

    /// The folder the site is for (the output, not the staging folder).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Removes a site-relative file (a page that no longer exists), and
    /// the folders it leaves empty: a folder left would still answer its
    /// URL (a redirect to the slash form, then nothing).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        if let Some(tree) = &self.dry {
            tree.remove(rel);
            return Ok(());
        }
        let path = self.resolve(rel)?;
        if let Some(written) = &self.written {
            written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|w| w != rel);
        }
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
            // Fails, and stops, at the first folder that is not empty.
            if fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(())
    }

    /// Removes the folders under site-relative `rel` that hold no file,
    /// and `rel` itself if it ends up empty: a folder would still answer
    /// its URL with a redirect.
    pub fn remove_empty_folders(&self, rel: &str) -> io::Result<()> {
        let root = self.resolve(rel)?;
        let folders = walkdir::WalkDir::new(&root)
            .contents_first(true)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir());
        for folder in folders {
            // Fails, harmlessly, on a folder that is not empty.
            let _ = fs::remove_dir(folder.path());
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at site-relative `rel` (`a/b/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.go_on()?;
        if let Some(tree) = &self.dry {
            self.checked(rel)?;
            return tree.write(rel, bytes);
        }
        let path = self.resolve(rel)?;
        self.record(rel);
        let write = |path: &Path| match &self.parts {
            Some(parts) => parts.write(path, bytes),
            None => fs::write(path, bytes),
        };
        let written = match path.parent() {
            Some(parent) => create_below(&self.dir, parent).and_then(|_| write(&path)),
            None => write(&path),
        };
        // Say which page could not be written: the error alone does not.
        written.map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))
    }

    /// The path for site-relative `rel`, refused if it could leave the
    /// output, or if the site is written nowhere.
    pub fn resolve(&self, rel: &str) -> io::Result<PathBuf> {
        if self.dry.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("`{rel}`: a check writes nothing"),
            ));
        }
        self.checked(rel)
    }

    /// The path for site-relative `rel`, refused if it could leave the output.
    fn checked(&self, rel: &str) -> io::Result<PathBuf> {
        safe_join(&self.dir, rel).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: `{rel}`"),
            )
        })
    }

    /// Copies a folder's files (recursively, `.git` left out) into the
    /// site root; returns their site-relative paths.
    pub fn copy_dir(&self, from: &Path) -> io::Result<Vec<String>> {
        let files = copy::files_in(from)?;
        for (file, rel) in &files {
            self.go_on()?;
            if let Some(tree) = &self.dry {
                self.checked(rel)?;
                tree.copy(file, rel)?;
                continue;
            }
            let dest = self.resolve(rel)?;
            self.record(rel);
            copy::copy(file, (&self.dir, &dest), rel, self.parts.as_ref())?;
        }
        Ok(files.into_iter().map(|(_, rel)| rel).collect())
    }

    /// The site-relative paths of `from`'s files that the site already
    /// has, which [`copy_dir`](Self::copy_dir) would replace.
    pub fn existing(&self, from: &Path) -> io::Result<Vec<String>> {
        let mut found = Vec::new();
        let written = self.written();
        for (_, rel) in copy::files_in(from)? {
            self.checked(&rel)?;
            if written.is_file(&rel) || written.is_dir(&rel) {
                found.push(rel);
            }
        }
        Ok(found)
    }

    /// The site-relative paths of `from`'s files whose path differs from
    /// one the site already has only by letter case, each with that one:
    /// one file on the file systems of macOS and Windows. A folder that
    /// differs is said once, with the first file in it.
    pub fn case_twins(&self, from: &Path) -> io::Result<Vec<(String, String)>> {
        let mut listed: std::collections::HashMap<String, Vec<String>> = Default::default();
        let mut found: Vec<(String, String)> = Vec::new();
        let mut said = std::collections::HashSet::new();
        let written = self.written();
        for (_, rel) in copy::files_in(from)? {
            let mut path = Vec::new();
            for part in rel.split('/') {
                let dir = path.join("/");
                let names = listed
                    .entry(dir.clone())
                    .or_insert_with(|| written.names_in(&dir));
                let lower = same_file_key(part);
                // Another name than this one's, in another case (the
                // dev server's folder also holds this file itself).
                let other = names
                    .iter()
                    .find(|n| *n != part && same_file_key(n) == lower)
                    .cloned();
                let same = names.iter().any(|n| n == part);
                if let Some(other) = other {
                    path.push(other);
                    let twin = path.join("/");
                    if said.insert(twin.clone()) {
                        found.push((rel.clone(), twin));
                    }
                    break;
                }
                if !same {
                    break;
                }
                path.push(part.to_string());
            }
        }
        Ok(found)
    }

    /// Swaps the staging folder in as the output, with the list of what
    /// it holds. On an error the staging folder is removed and the
    /// previous output is as it was; a previous output that was swapped
    /// out but could not be removed is returned (the new site is in place).
    pub fn publish(self) -> io::Result<Option<Leftover>> {
        if self.dir == self.target || self.dry.is_some() {
            return Ok(None);
        }
        let swapped = self.write_manifest().and_then(|()| match &self.scratch {
            Some(scratch) => scratch
                .swap(&self.dir, || beside::swap(&self.dir, &self.target))
                .unwrap_or_else(|| Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"))),
            None => beside::swap(&self.dir, &self.target),
        });
        let old = match swapped {
            Ok(old) => old,
            Err(e) => {
                let _ = fs::remove_dir_all(&self.dir);
                return Err(e);
            }
        };
        // Removing a big site takes seconds: a signal meanwhile removes
        // the rest, and is told that the new site is in place (see
        // `Scratch::swap`).
        let removed = old.map(|old| {
            // A folder made read-only (its mode was carried over, or set
            // by hand) is the build's own to remove.
            beside::owner_writable(&old);
            let removed = fs::remove_dir_all(&old).or_else(|e| {
                // Folders made read-only inside it (`chmod -R a-w`): the
                // build's own, once it owns them.
                if e.kind() != io::ErrorKind::PermissionDenied {
                    return Err(e);
                }
                beside::owner_writable_within(&old);
                fs::remove_dir_all(&old)
            });
            (removed, old)
        });
        if let (Some(scratch), Some((_, old))) = (&self.scratch, &removed) {
            scratch.forget(old);
        }
        match removed {
            Some((Err(error), dir)) if dir.exists() => Ok(Some(Leftover { dir, error })),
            _ => Ok(None),
        }
    }

    /// Writes the manifest: the files recorded, and the search index's,
    /// which its writer puts in `search/` itself.
    fn write_manifest(&self) -> io::Result<()> {
        let mut files = match &self.written {
            Some(w) => std::mem::take(&mut *w.lock().unwrap_or_else(|e| e.into_inner())),
            None => Vec::new(),
        };
        let search = self.dir.join("search");
        files.extend(
            copy::files_in(&search)?
                .into_iter()
                .map(|(_, rel)| format!("search/{rel}")),
        );
        fs::write(self.dir.join(MANIFEST), manifest::manifest(files))
    }

    /// Throws the staging folder away (a failed build).
    pub fn discard(self) {
        if self.dry.is_some() {
            return;
        }
        let _ = fs::remove_dir_all(&self.dir);
        if let Some(scratch) = &self.scratch {
            scratch.forget(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests;

/// Creates `dir` and the folders between it and `root`, but never `root`
/// itself: a staging folder that a signal removed is not made again by a
/// writer still at work (see [`crate::interrupt`]); its writes fail.
pub(crate) fn create_below(root: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let rel = dir.strip_prefix(root).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` is not in `{}`", dir.display(), root.display()),
        )
    })?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::create_dir(&at) {
            Err(e) if !(e.kind() == io::ErrorKind::AlreadyExists && at.is_dir()) => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

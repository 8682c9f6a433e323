//! Replacing a file that the dev server may be serving at that moment:
//! the new bytes go into a file beside it, renamed over it once complete,
//! so a reader gets the old file or the new one, never a truncated one.
//! (A build writes into its own staging folder and needs none of this.)

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Names the files written beside their targets: unique within a run,
/// whichever thread writes.
#[derive(Debug, Default)]
pub(super) struct Parts {
    next: AtomicU64,
}

impl Parts {
    /// A name beside `path` that no other write of this run uses. Hidden
    /// (a leading dot), so no page links to it.
    fn beside(&self, path: &Path) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        path.with_file_name(format!(".{name}.annals-part-{}-{n}", std::process::id()))
    }

    /// Writes what `fill` writes to `path`, through a file beside it.
    pub(super) fn replace(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
    ) -> io::Result<()> {
        let part = self.beside(path);
        let written = fs::File::create(&part)
            .and_then(|mut file| fill(&mut file).and_then(|()| file.flush()))
            .and_then(|()| fs::rename(&part, path));
        if written.is_err() {
            let _ = fs::remove_file(&part);
        }
        written
    }

    /// [`replace`](Self::replace) with `bytes`.
    pub(super) fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.replace(path, |file| file.write_all(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.html");
        fs::write(&page, "old").unwrap();
        let parts = Parts::default();
        parts.write(&page, b"new").unwrap();
        assert_eq!(fs::read_to_string(&page).unwrap(), "new");
        let failed = parts.replace(&page, |_| Err(io::Error::other("disk full")));
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&page).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.html"]);
    }
}

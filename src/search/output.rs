//! The index output directory: clearing stale files from a previous build
//! and counting what gets written, for [`super::IndexStats`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Subdirectories owned by the index; wiped before writing so that a
/// smaller rebuild does not leave orphaned chunks behind.
pub(crate) const SUBDIRS: [&str; 5] = ["t", "p", "x", "d", "f"];

pub(crate) struct Output {
    root: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

impl Output {
    pub(crate) fn create(root: &Path) -> io::Result<Self> {
        fs::create_dir_all(root)?;
        for sub in SUBDIRS {
            let path = root.join(sub);
            if path.is_dir() {
                fs::remove_dir_all(&path)?;
            }
            fs::create_dir_all(&path)?;
        }
        Ok(Output {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
        })
    }

    /// A second writer into the same folder, with its own counts, for
    /// files written in parallel; see [`Output::absorb`].
    pub(crate) fn fork(&self) -> Self {
        Output {
            root: self.root.clone(),
            files: 0,
            bytes: 0,
        }
    }

    /// Adds the counts of a [`fork`](Output::fork).
    pub(crate) fn absorb(&mut self, other: Output) {
        self.record(other.files, other.bytes);
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn write(&mut self, rel: &str, data: &[u8]) -> io::Result<()> {
        write_file(&self.root, rel, data)?;
        self.record(1, data.len() as u64);
        Ok(())
    }

    /// Accounts for files written in parallel through [`write_file`].
    pub(crate) fn record(&mut self, files: usize, bytes: u64) {
        self.files += files;
        self.bytes += bytes;
    }
}

/// Writes one file below `root`; usable from rayon workers.
pub(crate) fn write_file(root: &Path, rel: &str, data: &[u8]) -> io::Result<()> {
    fs::write(root.join(rel), data)
}

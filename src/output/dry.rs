//! A site written nowhere, for `annals check`: every page is rendered as a
//! build renders it, but only what the later checks read of the output
//! is kept (which paths are files and which are folders, and each page's
//! element ids). A check of a 10k archive would otherwise write, and then
//! delete, some 15,000 files: slower than the build itself on a busy
//! disk, and it leaves ext4 slow to make files for a while after.
//!
//! What the file system would refuse in a build is refused here too, with
//! the same kinds of error: a folder of the path that is a file, a file
//! where a folder is, a name longer than file systems allow.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// The longest file or folder name that the common file systems take
/// (ext4, APFS, NTFS: 255 bytes or UTF-16 units; bytes is the strictest).
const NAME_MAX: usize = 255;

/// The longest path the system takes in a call (`PATH_MAX`).
const PATH_MAX: usize = if cfg!(target_os = "macos") {
    1024
} else {
    4096
};

/// What a build would have written, held in memory.
pub struct DryTree {
    inner: Mutex<Inner>,
    /// The pages whose element ids are kept: those that links name a
    /// place in (reading every page's ids would cost more than the rest).
    pages: HashSet<String>,
    /// The pages whose text is kept, for the checks that read a page
    /// (see `build::shown`).
    kept: HashSet<String>,
    /// The longest site-relative path that a build's staging folder would
    /// take (`PATH_MAX` less the folder's own path).
    room: usize,
}

#[derive(Default)]
struct Inner {
    /// Every file, with its element ids if it is a page.
    files: HashMap<String, HashSet<String>>,
    /// Every folder (`""` is the site's root), with the names in it.
    folders: HashMap<String, BTreeSet<String>>,
    /// The text of each kept page written.
    texts: HashMap<String, String>,
}

impl DryTree {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A tree that keeps the element ids of `pages`, for a site whose
    /// build would write into the folder `staging`.
    pub(super) fn new(pages: HashSet<String>, staging: &Path) -> DryTree {
        let taken = std::path::absolute(staging).map_or(0, |p| p.as_os_str().len() + 1);
        DryTree {
            inner: Mutex::default(),
            pages,
            kept: HashSet::new(),
            room: PATH_MAX.saturating_sub(taken + 1),
        }
    }

    /// Notes the file `rel` (already checked to be a plain relative path)
    /// as written with `bytes`; refused as a file system would refuse it.
    pub(super) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        // Read outside the lock: pages are written from every thread.
        let ids = if self.pages.contains(rel) {
            element_ids(&String::from_utf8_lossy(bytes))
        } else {
            HashSet::new()
        };
        // As `Staging::write` names the page.
        self.add(rel, ids)
            .map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))?;
        if self.kept.contains(rel) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            self.lock().texts.insert(rel.to_string(), text);
        }
        Ok(())
    }

    /// Keeps the text of the pages `kept` when they are written.
    pub(super) fn keep_texts(&mut self, kept: HashSet<String>) {
        self.kept = kept;
    }

    /// The text of the kept page `rel`, if it was written.
    pub(super) fn text(&self, rel: &str) -> Option<String> {
        self.lock().texts.get(rel).cloned()
    }

    /// Notes a copy of `file` at `rel`: the file is opened, as a copy
    /// would, so that one that cannot be read is said; a page is read for
    /// its ids (a static page that links name a place in).
    pub(super) fn copy(&self, file: &Path, rel: &str) -> io::Result<()> {
        let unreadable = |e| super::Unreadable::error(file, e);
        let ids = if self.pages.contains(rel) {
            // As a build's link check reads it: a page not in UTF-8 has
            // no ids it can read.
            let bytes = std::fs::read(file).map_err(unreadable)?;
            String::from_utf8(bytes).map_or_else(|_| HashSet::new(), |html| element_ids(&html))
        } else {
            std::fs::File::open(file).map_err(unreadable)?;
            HashSet::new()
        };
        // As `copy::copy` names the file.
        self.add(rel, ids).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("/{rel} (copied from {}): {e}", file.display()),
            )
        })
    }

    fn add(&self, rel: &str, ids: HashSet<String>) -> io::Result<()> {
        if rel.len() > self.room || rel.split('/').any(|name| name.len() > NAME_MAX) {
            return Err(os_error(io::ErrorKind::InvalidFilename));
        }
        let mut inner = self.lock();
        let folders: Vec<&str> = rel.match_indices('/').map(|(end, _)| &rel[..end]).collect();
        // Making the folder fails on the file that is there.
        if folders.iter().any(|f| inner.files.contains_key(*f)) {
            return Err(os_error(io::ErrorKind::AlreadyExists));
        }
        if inner.folders.contains_key(rel) {
            return Err(os_error(io::ErrorKind::IsADirectory));
        }
        let mut parent = "";
        for folder in folders.iter().copied().chain([rel]) {
            let name = folder.rsplit('/').next().unwrap_or(folder);
            inner
                .folders
                .entry(parent.to_string())
                .or_default()
                .insert(name.to_string());
            parent = folder;
        }
        for folder in folders {
            inner.folders.entry(folder.to_string()).or_default();
        }
        inner.files.insert(rel.to_string(), ids);
        Ok(())
    }

    /// Forgets the file `rel`, and the folders it leaves empty.
    pub(super) fn remove(&self, rel: &str) {
        let mut inner = self.lock();
        if inner.files.remove(rel).is_none() {
            return;
        }
        let mut path = rel;
        while !path.is_empty() {
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
            let empty = match inner.folders.get_mut(parent) {
                Some(names) => {
                    names.remove(name);
                    names.is_empty()
                }
                None => false,
            };
            if !empty || parent.is_empty() {
                break;
            }
            inner.folders.remove(parent);
            path = parent;
        }
    }

    pub(super) fn is_file(&self, rel: &str) -> bool {
        self.lock().files.contains_key(rel)
    }

    pub(super) fn is_dir(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        rel.is_empty() || self.lock().folders.contains_key(rel)
    }

    /// The names in the folder `rel` (`""`: the root); none if it is none.
    pub(super) fn names_in(&self, rel: &str) -> Vec<String> {
        let inner = self.lock();
        inner
            .folders
            .get(rel)
            .map(|names| names.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The element ids of the page `rel`; none if it is no page, or not
    /// one of the tree's `pages`.
    pub(super) fn element_ids(&self, rel: &str) -> HashSet<String> {
        self.lock().files.get(rel).cloned().unwrap_or_default()
    }
}

/// The error the file system gives for `kind`, in its own words, as a
/// build prints it.
fn os_error(kind: io::ErrorKind) -> io::Error {
    #[cfg(unix)]
    {
        let code = match kind {
            io::ErrorKind::InvalidFilename => libc::ENAMETOOLONG,
            io::ErrorKind::AlreadyExists => libc::EEXIST,
            _ => libc::EISDIR,
        };
        io::Error::from_raw_os_error(code)
    }
    #[cfg(not(unix))]
    io::Error::from(kind)
}

/// What a site's output holds, as the checks after rendering read it: a
/// folder on disk (a build's staging folder, the dev server's) or a check's
/// [`DryTree`].
#[derive(Clone, Copy)]
pub enum Written<'a> {
    Folder(&'a Path),
    Dry(&'a DryTree),
}

impl Written<'_> {
    pub fn is_file(&self, rel: &str) -> bool {
        match self {
            Written::Folder(dir) => dir.join(rel).is_file(),
            Written::Dry(tree) => tree.is_file(rel),
        }
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        match self {
            Written::Folder(dir) => dir.join(rel).is_dir(),
            Written::Dry(tree) => tree.is_dir(rel),
        }
    }

    /// The names in the folder `rel` (`""`: the root); none if it is none.
    pub fn names_in(&self, rel: &str) -> Vec<String> {
        match self {
            // Sorted: what is said of them does not hang on the order the
            // file system lists them in.
            Written::Folder(dir) => std::fs::read_dir(dir.join(rel))
                .map(|entries| {
                    let mut names: Vec<String> = entries
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect();
                    names.sort();
                    names
                })
                .unwrap_or_default(),
            Written::Dry(tree) => tree.names_in(rel),
        }
    }

    /// The text of the page `rel`: in a check's tree, of a page it was
    /// asked to keep (see [`Staging::keeping_texts`]).
    pub fn page_text(&self, rel: &str) -> Option<String> {
        match self {
            Written::Folder(dir) => std::fs::read_to_string(dir.join(rel)).ok(),
            Written::Dry(tree) => tree.text(rel),
        }
    }

    /// The element ids of the page `rel` (none if it is no page).
    pub fn element_ids(&self, rel: &str) -> HashSet<String> {
        match self {
            Written::Folder(dir) => std::fs::read_to_string(dir.join(rel))
                .map(|html| element_ids(&html))
                .unwrap_or_default(),
            Written::Dry(tree) => tree.element_ids(rel),
        }
    }
}

/// The `id`s (and `<a name>`s) of a written page.
fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for attr in [" id=\"", " name=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                ids.insert(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_through_a_file_or_onto_a_folder_is_refused_as_on_disk() {
        let tree = DryTree::new(HashSet::new(), Path::new("/site/.public.annals-staging-1"));
        tree.write("atom.xml", b"<feed/>").unwrap();
        tree.write("sd/1/index.html", b"<p id=\"a\">").unwrap();
        let through = tree.write("atom.xml/x.txt", b"").unwrap_err();
        assert_eq!(through.kind(), io::ErrorKind::AlreadyExists);
        assert!(
            through.to_string().starts_with("atom.xml/x.txt: "),
            "{through}"
        );
        let onto = tree.write("sd/1", b"").unwrap_err();
        assert_eq!(onto.kind(), io::ErrorKind::IsADirectory);
        let long = format!("{}/index.html", "x".repeat(256));
        let e = tree.write(&long, b"").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidFilename);
        tree.write(&format!("{}/index.html", "x".repeat(255)), b"")
            .unwrap();
        // Names that fit, in a path that does not.
        let deep = format!("{}index.html", "y/".repeat(2100));
        let e = tree.write(&deep, b"").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidFilename);
        // Written again: replaced, as a static file replaces a page.
        tree.write("atom.xml", b"<feed/>").unwrap();
    }

    #[test]
    fn a_static_page_is_read_for_its_ids_as_a_build_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let (utf8, latin1) = (dir.path().join("a.html"), dir.path().join("b.html"));
        std::fs::write(&utf8, "<p id=\"here\">").unwrap();
        std::fs::write(&latin1, b"<p id=\"caf\xe9\">").unwrap();
        let pages = HashSet::from(["a.html".to_string(), "b.html".to_string()]);
        let tree = DryTree::new(pages, Path::new("staging"));
        tree.copy(&utf8, "a.html").unwrap();
        assert_eq!(
            tree.element_ids("a.html"),
            HashSet::from(["here".to_string()])
        );
        // Not UTF-8: no ids a build's check could read, and no error.
        tree.copy(&latin1, "b.html").unwrap();
        assert!(tree.element_ids("b.html").is_empty() && tree.is_file("b.html"));
    }

    #[test]
    fn folders_list_their_names_and_go_when_emptied() {
        let pages = HashSet::from(["a/b/page.html".to_string()]);
        let tree = DryTree::new(pages, Path::new("staging"));
        tree.write("a/b/page.html", b"<h2 id=\"x&amp;y\">").unwrap();
        tree.write("a/c.js", b"").unwrap();
        assert_eq!(tree.names_in(""), ["a"]);
        assert_eq!(tree.names_in("a"), ["b", "c.js"]);
        assert!(tree.is_dir("a/b") && tree.is_dir("a/b/") && !tree.is_file("a/b"));
        assert_eq!(
            tree.element_ids("a/b/page.html"),
            HashSet::from(["x&y".to_string()])
        );
        tree.remove("a/b/page.html");
        assert!(!tree.is_dir("a/b"));
        assert_eq!(tree.names_in("a"), ["c.js"]);
        tree.remove("a/c.js");
        assert!(!tree.is_dir("a") && tree.is_dir(""));
    }
}

//! Copying a static folder into the site: which of its entries are copied
//! (files; not links, not `.git`, not an editor's leftovers), and errors
//! that say which side failed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The cause of an [`io::Error`] that is about reading the site's own
/// files, not writing the output: its help is not the output's.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for Unreadable {}

impl Unreadable {
    pub fn error(path: &Path, error: io::Error) -> io::Error {
        io::Error::new(
            error.kind(),
            Unreadable {
                path: path.to_path_buf(),
                error,
            },
        )
    }

    /// The [`Unreadable`] an error is, if it is one.
    pub fn of(e: &io::Error) -> Option<&Unreadable> {
        e.get_ref().and_then(|inner| inner.downcast_ref())
    }
}

/// Copies `file` to `dest` in `root` (site-relative `rel`), naming in an error the
/// file that could not be read or the page path that could not be written;
/// through `parts` when the folder is live.
pub(super) fn copy(
    file: &Path,
    (root, dest): (&Path, &Path),
    rel: &str,
    parts: Option<&super::replace::Parts>,
) -> io::Result<()> {
    let mut input = fs::File::open(file).map_err(|e| Unreadable::error(file, e))?;
    // The copy keeps its source's modification time, as Hugo's does, so
    // that tools that sync a deploy by time and size (rsync, `aws s3
    // sync`) see an unchanged file as unchanged. (A file system that
    // cannot set it still gets the copy.)
    let modified = input.metadata().and_then(|m| m.modified()).ok();
    let mut fill = |output: &mut fs::File| {
        io::copy(&mut input, output)?;
        if let Some(time) = modified {
            let _ = output.set_modified(time);
        }
        Ok(())
    };
    let written = dest
        .parent()
        .map_or(Ok(()), |parent| super::create_below(root, parent))
        .and_then(|()| match parts {
            Some(parts) => parts.replace(dest, fill),
            None => fs::File::create(dest).and_then(|mut output| fill(&mut output)),
        });
    written.map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("/{rel} (copied from {}): {e}", file.display()),
        )
    })
}

/// Whether a folder entry is a Git repository's (a submodule's `.git`
/// file, a nested checkout): never published.
fn is_git(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().eq_ignore_ascii_case(".git")
}

/// Whether a folder entry is a file manager's or an editor's leftover
/// (see [`crate::leftovers`]): never published.
fn is_leftover(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && crate::leftovers::is_leftover(
            &entry.file_name().to_string_lossy(),
            entry.file_type().is_dir(),
        )
}

/// The files under `from` (none if it is not a folder), with their paths
/// relative to it, `/`-separated, in name order; links are not followed
/// and `.git` and leftovers are left out.
pub(super) fn files_in(from: &Path) -> io::Result<Vec<(PathBuf, String)>> {
    entries_in(from, fs::FileType::is_file)
}

/// The files under `from` (none if it is not a folder), relative to it,
/// `/`-separated, in name order.
pub fn files_under(from: &Path) -> io::Result<Vec<String>> {
    Ok(files_in(from)?.into_iter().map(|(_, rel)| rel).collect())
}

/// The symbolic links under `from`, relative to it, `/`-separated: a
/// static folder's links are not copied (a link could reach anything on
/// the machine), and the site is told so. `from` itself may be one.
pub fn links_in(from: &Path) -> io::Result<Vec<String>> {
    let links = entries_in(from, fs::FileType::is_symlink)?;
    Ok(links.into_iter().map(|(_, rel)| rel).collect())
}

/// The entries under `from` whose names are not UTF-8 (and whether each
/// is a folder), relative to it and shown with their bytes that are not
/// as `\xE9`: a folder once, not its files. Such a name has no one
/// spelling in an address, and two of them would be copied under one
/// (both read as `caf\u{FFFD}.png`).
pub fn undecodable_in(from: &Path) -> io::Result<Vec<(String, bool)>> {
    let mut found = Vec::new();
    if !from.is_dir() {
        return Ok(found);
    }
    let mut walker = published(from);
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(walk_error)?;
        if entry.file_name().to_str().is_none() {
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            let shown: Vec<String> = rel.components().map(|c| escaped(c.as_os_str())).collect();
            found.push((shown.join("/"), entry.file_type().is_dir()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
        }
    }
    Ok(found)
}

/// `name` with the bytes that are not UTF-8 written as `\xE9`.
#[cfg(unix)]
fn escaped(name: &std::ffi::OsStr) -> String {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

#[cfg(not(unix))]
fn escaped(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

/// The `.git` entries under `from`, relative to it, which are not copied.
pub fn git_in(from: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if !from.is_dir() {
        return Ok(found);
    }
    let mut walker = walkdir::WalkDir::new(from)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(walk_error)?;
        if is_git(&entry) {
            found.push(relative(from, entry.path()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
        }
    }
    Ok(found)
}

/// The entries under `from` whose type `pick` accepts, as [`files_in`].
fn entries_in(from: &Path, pick: fn(&fs::FileType) -> bool) -> io::Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    if !from.is_dir() {
        return Ok(files);
    }
    for entry in published(from) {
        let entry = entry.map_err(walk_error)?;
        if !pick(&entry.file_type()) {
            continue;
        }
        files.push((entry.path().to_path_buf(), relative(from, entry.path())));
    }
    Ok(files)
}

/// A walk of what a static folder publishes: below `from`, in name
/// order, links not followed, `.git` and leftovers left out.
fn published(
    from: &Path,
) -> walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool> {
    let keep: fn(&walkdir::DirEntry) -> bool = |e| !is_git(e) && !is_leftover(e);
    walkdir::WalkDir::new(from)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .filter_entry(keep)
}

/// A walk's error, as the site's file it could not read.
fn walk_error(e: walkdir::Error) -> io::Error {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    let error = e
        .into_io_error()
        .unwrap_or_else(|| io::Error::other("a link loop"));
    Unreadable::error(&path, error)
}

/// `path` under `root`, `/`-separated.
pub(super) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_found_and_shown_escaped() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path();
        let name = |b: &[u8]| std::ffi::OsStr::from_bytes(b).to_os_string();
        fs::write(from.join(name(b"caf\xe9.png")), "a").unwrap();
        fs::create_dir_all(from.join("d").join(name(b"r\xe8s"))).unwrap();
        fs::write(from.join("d").join(name(b"r\xe8s")).join("x.txt"), "b").unwrap();
        fs::write(from.join("café.png"), "c").unwrap();
        assert_eq!(
            undecodable_in(from).unwrap(),
            [(r"caf\xE9.png".into(), false), (r"d/r\xE8s".into(), true)]
        );
    }

    #[test]
    fn a_copy_keeps_its_sources_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("a.txt"), dir.path().join("out/a.txt"));
        fs::write(&from, "x").unwrap();
        let then =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&from)
            .unwrap()
            .set_modified(then)
            .unwrap();
        copy(&from, (dir.path(), &to), "a.txt", None).unwrap();
        assert_eq!(fs::metadata(&to).unwrap().modified().unwrap(), then);
        let parts = super::super::replace::Parts::default();
        fs::write(&to, "old").unwrap();
        copy(&from, (dir.path(), &to), "a.txt", Some(&parts)).unwrap();
        assert_eq!(fs::metadata(&to).unwrap().modified().unwrap(), then);
        assert_eq!(fs::read_to_string(&to).unwrap(), "x");
    }

    #[test]
    fn git_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path();
        fs::create_dir_all(from.join("vendor/lib/.git")).unwrap();
        fs::write(from.join("vendor/lib/.git/HEAD"), "ref").unwrap();
        fs::write(from.join("vendor/lib/x.js"), "x").unwrap();
        fs::write(from.join(".git"), "gitdir: ../.git/modules/static").unwrap();
        let files: Vec<String> = files_in(from)
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(files, ["vendor/lib/x.js"]);
        assert_eq!(git_in(from).unwrap(), [".git", "vendor/lib/.git"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_is_not_a_link_in_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("real")).unwrap();
        fs::write(dir.path().join("real/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("static")).unwrap();
        let linked = dir.path().join("static");
        assert!(links_in(&linked).unwrap().is_empty());
        assert_eq!(files_in(&linked).unwrap().len(), 1);
    }
}

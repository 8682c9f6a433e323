//! Stage 8: writing the site, safely and atomically.
//!
//! Pages are written into a staging folder beside the output, and the
//! staging folder is swapped in only when the whole build has succeeded, so
//! a failed build leaves the previous site untouched. Every path written
//! goes through [`Staging::write`], which accepts only relative paths made
//! of plain segments: no slug, alias or page path can escape the output.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

mod abandoned;
mod place;
pub use abandoned::sweep as sweep_abandoned;
pub use place::check_output_dir;

/// A site being written.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Prepares a fresh staging folder for `target`.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        // Staging folders of builds that were killed (Ctrl-C mid-build)
        // would otherwise stay beside the output for good.
        let prefix = format!(".{name}.annals-staging-");
        sweep_abandoned(parent, &prefix);
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Writes straight into `dir` (the dev server's live folder): nothing
    /// to swap, and `publish` does nothing.
    pub fn in_place(dir: &Path) -> io::Result<Staging> {
        fs::create_dir_all(dir)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            target: dir.to_path_buf(),
        })
    }

    /// Removes a site-relative file (a page that no longer exists), and
    /// the folders it leaves empty: a folder left would still answer its
    /// URL (a redirect to the slash form, then nothing).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.resolve(rel)?;
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

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at site-relative `rel` (`a/b/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.resolve(rel)?;
        let written = match path.parent() {
            Some(parent) => fs::create_dir_all(parent).and_then(|_| fs::write(&path, bytes)),
            None => fs::write(&path, bytes),
        };
        // Say which page could not be written: the error alone does not.
        written.map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))
    }

    /// The path for site-relative `rel`, refused if it could leave the output.
    pub fn resolve(&self, rel: &str) -> io::Result<PathBuf> {
        safe_join(&self.dir, rel).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: `{rel}`"),
            )
        })
    }

    /// Copies a folder's files (recursively) into the site root; returns
    /// their site-relative paths.
    pub fn copy_dir(&self, from: &Path) -> io::Result<Vec<String>> {
        let files = files_in(from)?;
        for (file, rel) in &files {
            let dest = self.resolve(rel)?;
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(file, dest)?;
        }
        Ok(files.into_iter().map(|(_, rel)| rel).collect())
    }

    /// The site-relative paths of `from`'s files that the site already
    /// has, which [`copy_dir`](Self::copy_dir) would replace.
    pub fn existing(&self, from: &Path) -> io::Result<Vec<String>> {
        let mut found = Vec::new();
        for (_, rel) in files_in(from)? {
            if self.resolve(&rel)?.exists() {
                found.push(rel);
            }
        }
        Ok(found)
    }

    /// Swaps the staging folder in as the output.
    pub fn publish(self) -> io::Result<()> {
        if self.dir == self.target {
            return Ok(());
        }
        let old = self.dir.with_extension("old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        if self.target.exists() {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous site back rather than leave nothing.
            if old.exists() {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws the staging folder away (a failed build).
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The files under `from` (none if it is not a folder), with their paths
/// relative to it, `/`-separated, in name order; links are not followed.
fn files_in(from: &Path) -> io::Result<Vec<(PathBuf, String)>> {
    entries_in(from, fs::FileType::is_file)
}

/// The files under `from` (none if it is not a folder), relative to it,
/// `/`-separated, in name order.
pub fn files_under(from: &Path) -> io::Result<Vec<String>> {
    Ok(files_in(from)?.into_iter().map(|(_, rel)| rel).collect())
}

/// The symbolic links under `from`, relative to it, `/`-separated: a
/// static folder's links are not copied (a link could reach anything on
/// the machine), and the site is told so.
pub fn links_in(from: &Path) -> io::Result<Vec<String>> {
    let links = entries_in(from, fs::FileType::is_symlink)?;
    Ok(links.into_iter().map(|(_, rel)| rel).collect())
}

/// The entries under `from` whose type `pick` accepts, as [`files_in`].
fn entries_in(from: &Path, pick: fn(&fs::FileType) -> bool) -> io::Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    if !from.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(from)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(io::Error::other)?;
        if !pick(&entry.file_type()) {
            continue;
        }
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((entry.path().to_path_buf(), rel));
    }
    Ok(files)
}

/// Joins `rel` under `root` if every segment is a plain name.
pub fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.contains(['\\', '\0']) || rel.starts_with('/') {
        return None;
    }
    let mut out = root.to_path_buf();
    for seg in rel.split('/') {
        let mut comps = Path::new(seg).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) if seg != "." && seg != ".." => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Extensions of the old page URLs an alias may stand at (its redirect is an
/// HTML page). Others (`/atom.xml`, `/search.js`) would put a page where a
/// static host serves a feed or a script: the build's own, or nothing
/// that redirects.
pub const ALIAS_EXTENSIONS: [&str; 8] =
    ["html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cfm"];

/// Whether `file` (from [`alias_path`]) is a page that a redirect can be.
pub fn is_alias_page(file: &str) -> bool {
    file.rsplit_once('.')
        .is_some_and(|(_, ext)| ALIAS_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The file an alias URL is served from: `/report/en/8631.htm` stays a file,
/// `/old/path/` becomes `old/path/index.html`, and `/a%20b/` is `a b/`
/// (servers decode the request before they look for the file). `None` if
/// it is not a safe path inside the site, or has a query string, which a
/// static host ignores (every `?id=` would get the same page).
pub fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    let path = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let path = path.split('#').next()?;
    if path.contains('?') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let path = &*decoded;
    if path.is_empty() || path.contains(['\\', '\0', '"', '<', '>']) {
        return None;
    }
    if path.split('/').any(|s| {
        s == ".." || s == "." || s.starts_with('.') && s.len() > 1 && s.chars().all(|c| c == '.')
    }) {
        return None;
    }
    let file = if path.ends_with('/') {
        format!("{path}index.html")
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        path.to_string()
    } else {
        format!("{path}/index.html")
    };
    safe_join(Path::new(""), &file).map(|_| file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        let root = Path::new("/out");
        assert!(safe_join(root, "a/b/index.html").is_some());
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "",
            "a/./b",
        ] {
            assert!(safe_join(root, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn aliases_are_pages() {
        for ok in ["old/index.html", "report/en/8631.htm", "x.PHP", "a.aspx"] {
            assert!(is_alias_page(ok), "{ok}");
        }
        for not in [
            "atom.xml",
            "search.js",
            "archive.json",
            "files/report.pdf",
            "noext",
        ] {
            assert!(!is_alias_page(not), "{not}");
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(
            alias_path("/report/en/8631.htm").as_deref(),
            Some("report/en/8631.htm")
        );
        assert_eq!(
            alias_path("/old/page/").as_deref(),
            Some("old/page/index.html")
        );
        assert_eq!(alias_path("/old").as_deref(), Some("old/index.html"));
        assert_eq!(alias_path("/../../etc/passwd"), None);
        assert_eq!(alias_path("/"), None);
        // As a server decodes the request; an encoded `..` is still `..`.
        assert_eq!(alias_path("/a%20b/").as_deref(), Some("a b/index.html"));
        assert_eq!(alias_path("/%2e%2e/x/"), None);
        assert_eq!(alias_path("/old.php?id=5"), None);
        assert_eq!(alias_path("/old/#top").as_deref(), Some("old/index.html"));
    }

    #[test]
    fn publish_replaces_and_discard_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        s.write("new/index.html", b"new").unwrap();
        assert!(s.write("../escape.html", b"x").is_err());
        s.discard();
        assert!(target.join("old.html").exists());
        let s = Staging::new(&target).unwrap();
        s.write("new/index.html", b"new").unwrap();
        s.publish().unwrap();
        assert!(!target.join("old.html").exists());
        assert!(target.join("new/index.html").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }
}

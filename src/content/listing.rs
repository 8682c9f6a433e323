//! Listing the content folder: every file under `content/` to load, in
//! a stable order, and what the walk itself finds to say (links, a
//! folder it cannot read, a folder named almost as a taxonomy).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::relative;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A `README.md` with no front matter: a note for the repository's
/// readers (GitHub shows it in the folder's view), never a page. One that
/// starts with `---` is a page like any other.
fn is_readme(path: &std::path::Path) -> bool {
    let named = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("readme.md"));
    named && {
        use std::io::Read;
        let mut head = [0u8; 6];
        let read = std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .unwrap_or(0);
        let head = &head[..read];
        // A byte order mark may come first.
        let head = head
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(head);
        !head.starts_with(b"---")
    }
}

/// The files under `content/`, in a stable order (hidden files,
/// [leftovers](crate::leftovers) and READMEs for the repository skipped).
pub fn list(config: &Config) -> (Vec<PathBuf>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let content = config.content_dir();
    if !content.is_dir() {
        // Something is there, but not a folder: say what.
        let (what, help) = if content.is_symlink() && std::fs::metadata(&content).is_err() {
            (
                "is a symbolic link to something that does not exist",
                "make the folder it points to, or replace the link with the folder",
            )
        } else if content.exists() {
            (
                "is a file, not a folder",
                "content/ is the folder of the site's Markdown files: move that file out of the way",
            )
        } else {
            ("", "")
        };
        let d = if what.is_empty() {
            Diagnostic::error(format!("no content folder at {}", content.display()))
                .with_help("create `content/` beside annals.yaml and put dispatches in it")
        } else {
            Diagnostic::error(format!("{} {what}", content.display())).with_help(help)
        };
        diags.push(d);
        return (Vec::new(), diags);
    }
    let mut paths = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') && !crate::leftovers::is_leftover(&name, e.file_type().is_dir())
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() && e.depth() == 1 => {
                if let Some(d) = near_taxonomy_folder(config, &e.file_name().to_string_lossy()) {
                    diags.push(d.in_file(relative(&config.root, e.path())));
                }
            }
            Ok(e) if e.file_type().is_file() && !is_readme(e.path()) => paths.push(e.into_path()),
            // `content/` itself may be a link: it is followed, as documented.
            Ok(e) if e.file_type().is_symlink() && e.depth() > 0 => {
                let what = if e.path().is_dir() { "folder" } else { "file" };
                diags.push(
                    Diagnostic::warning("symbolic link in content/ ignored")
                        .in_file(relative(&config.root, e.path()))
                        .with_help(format!(
                            "copy the {what} into content/ instead of linking to it"
                        )),
                );
            }
            Ok(_) => {}
            Err(err) => {
                let at = err.path().map(|p| relative(&config.root, p));
                let why = match err.io_error() {
                    Some(io) => io.to_string(),
                    None => "a symbolic link loop".to_string(),
                };
                let d = Diagnostic::error(format!("cannot read this folder of content/: {why}"))
                    .with_help("let the user who builds read it (`chmod -R u+rX content/`), or move it out of content/");
                diags.push(match at {
                    Some(at) => d.in_file(at),
                    None => d,
                });
            }
        }
    }
    diags.extend(twins(config, &content, &paths));
    (paths, diags)
}

/// Warnings for content files and folders whose names differ only by
/// letter case or Unicode form (`Note.md` and `note.md`): on macOS and
/// Windows one of the two is lost at checkout. Pages and entity files
/// are left out: their twins are errors already.
fn twins(config: &Config, content: &Path, paths: &[PathBuf]) -> Vec<Diagnostic> {
    let files: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(content).ok())
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        // Markdown files outside pages/ and the taxonomies' folders, where
        // dispatches are (a page's twin is an error of two pages at one
        // URL; an entity file's, one of two files for one term).
        .filter(|rel| {
            let folder = rel.split('/').next().unwrap_or_default();
            rel.contains('/')
                && rel.to_ascii_lowercase().ends_with(".md")
                && folder != "pages"
                && config.taxonomy(folder).is_none()
        })
        .collect();
    let shown = content.strip_prefix(&config.root).unwrap_or(content);
    crate::output::twins(&files, shown, "a checkout there keeps only one of them")
}

/// Whether `typed` is `key` with one letter left out (`peple`) or two
/// side by side swapped (`poeple`): slips of typing, unlike a letter more
/// or another letter, which make other words (`tropics`, `legions`).
fn slipped(typed: &str, key: &str) -> bool {
    let (t, k): (Vec<char>, Vec<char>) = (typed.chars().collect(), key.chars().collect());
    if k.len() < 5 {
        return false;
    }
    if t.len() + 1 == k.len() {
        return (0..k.len()).any(|i| k[..i] == t[..i] && k[i + 1..] == t[i..]);
    }
    t.len() == k.len()
        && (0..k.len().saturating_sub(1)).any(|i| {
            t[i] == k[i + 1] && t[i + 1] == k[i] && t[..i] == k[..i] && t[i + 2..] == k[i + 2..]
        })
}

/// A warning for a folder of `content/` named almost as a taxonomy
/// (`person/` for `people`, `region/` for `regions`): its files would be
/// published as plain pages, not as the terms' entity pages.
fn near_taxonomy_folder(config: &Config, folder: &str) -> Option<Diagnostic> {
    if config.taxonomy(folder).is_some() || ["dispatches", "pages"].contains(&folder) {
        return None;
    }
    let lower = folder.to_lowercase();
    let key = config
        .taxonomies
        .iter()
        .map(|t| t.key.as_str())
        .find(|&key| {
            lower == key
                || format!("{lower}s") == key
                || format!("{key}s") == lower
                || (lower == "person" && key == "people")
                || slipped(&lower, key)
        });
    // Singular and plural, and typing slips only: an edit distance finds
    // `tropics/` near `topics`, a folder of its own.
    let key = key?;
    Some(
        Diagnostic::warning(format!(
            "`{folder}/` is not a taxonomy folder: its files are published as plain pages"
        ))
        .with_help(format!(
            "entity files of the `{key}` taxonomy go in content/{key}/; rename the folder if that is what they are"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::slipped;

    #[test]
    fn a_slip_is_a_letter_left_out_or_two_swapped() {
        assert!(slipped("peple", "people"));
        assert!(slipped("poeple", "people"));
        assert!(slipped("regoins", "regions"));
        assert!(!slipped("tropics", "topics"));
        assert!(!slipped("legions", "regions"));
        assert!(!slipped("pages", "places"));
        assert!(!slipped("tag", "tags"));
    }
}

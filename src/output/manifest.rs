//! What a build wrote, and so what the next build may replace.
//!
//! Every build lists the files it wrote in [`MANIFEST`] at its output's
//! top. Before a build replaces an existing output it walks it (in a
//! background thread, started before the site is loaded: at 100k
//! dispatches the output holds some 200k files) and refuses it if any
//! file is not on that list, or if a `.git` lies anywhere in it: a file
//! the user put there (`google123.html`, `downloads/.git`) would be
//! deleted with the rest.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::copy::relative;
use super::place::{self, Refusal};
use crate::diagnostic::Diagnostic;

/// The list of files a build wrote, at the top of its output.
pub const MANIFEST: &str = ".annals-output";

/// The manifest's first line, so that a reader knows what it is.
const HEADER: &str = "# annals: the files the last build wrote here (JSON strings, one a line); a build replaces this folder only if it holds no others";

/// The manifest of `files` (site-relative, `/`-separated): sorted, so the
/// same site gives the same bytes.
pub fn manifest(mut files: Vec<String>) -> String {
    files.sort_unstable();
    files.dedup();
    let mut text = String::with_capacity(files.len() * 40 + HEADER.len());
    text.push_str(HEADER);
    text.push('\n');
    for f in files.iter().filter(|f| *f != MANIFEST) {
        // JSON strings: a file name may hold a newline.
        text.push_str(&serde_json::Value::from(f.as_str()).to_string());
        text.push('\n');
    }
    text
}

/// The files a manifest lists; `None` if it is not one.
fn listed(text: &str) -> Option<HashSet<String>> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    lines
        .map(|l| serde_json::from_str::<String>(l).ok())
        .collect()
}

/// The pages (`index.html` files, as site paths: `special-dispatch/12/`)
/// that the manifest in `out` lists, but for a list's pages past its
/// first (`page/2/`), which come and go with its length; none if there is
/// no manifest.
pub fn listed_pages(out: &Path) -> HashSet<String> {
    let text = fs::read_to_string(out.join(MANIFEST)).unwrap_or_default();
    listed(&text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| {
            let page = f.strip_suffix("index.html")?;
            let paged = page
                .strip_suffix('/')
                .and_then(|p| p.rsplit_once("page/"))
                .is_some_and(|(before, n)| {
                    (before.is_empty() || before.ends_with('/'))
                        && !n.is_empty()
                        && n.bytes().all(|b| b.is_ascii_digit())
                });
            (!paged).then(|| page.to_string())
        })
        .collect()
}

/// An output folder being looked through while the site loads.
pub struct Survey {
    out: PathBuf,
    walk: Walk,
}

/// The walk of a [`Survey`]: in the background, or done already where no
/// thread could be started for it (a limit on threads).
enum Walk {
    Background(JoinHandle<Option<Refusal>>),
    Done(Option<Refusal>),
}

/// Checks `output` as [`check_output_dir`](place::check_output_dir) does,
/// then starts walking it in the background; [`Survey::finish`] gives the
/// verdict.
pub fn survey(root: &Path, output: &Path) -> Result<Survey, Diagnostic> {
    let out = place::check_output_dir(root, output)?;
    let walked = out.clone();
    let walk = match std::thread::Builder::new()
        .name("annals-output-walk".into())
        .spawn(move || unlisted(&walked))
    {
        Ok(handle) => Walk::Background(handle),
        Err(_) => Walk::Done(unlisted(&out)),
    };
    Ok(Survey { out, walk })
}

impl Survey {
    /// The output folder, once found to hold only an earlier build's
    /// files (or nothing).
    pub fn finish(self) -> Result<PathBuf, Diagnostic> {
        let verdict = match self.walk {
            Walk::Background(handle) => handle.join(),
            Walk::Done(verdict) => Ok(verdict),
        };
        match verdict {
            Ok(None) => Ok(self.out),
            Ok(Some(why)) => Err(place::refusal(&self.out, why)),
            Err(_) => Err(place::refusal(
                &self.out,
                Refusal::plain("looking through it failed".to_string()),
            )),
        }
    }
}

/// A refusal for an output folder that could not be read: with the
/// limit to raise when a limit (open files) is why.
fn unreadable(why: String, e: &io::Error) -> Refusal {
    match crate::limits::help(e) {
        Some(help) => Refusal {
            why,
            help: help.to_string(),
        },
        None => Refusal::plain(why),
    }
}

/// Why `out` must not be replaced, walking it whole: a `.git` at any
/// depth, or files its manifest does not list. A folder without a
/// manifest was refused already unless empty or missing.
pub fn unlisted(out: &Path) -> Option<Refusal> {
    let text = match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => return Some(unreadable(format!("cannot read its {MANIFEST}: {e}"), &e)),
    };
    let Some(listed) = listed(&text) else {
        return Some(Refusal::plain(format!(
            "its {MANIFEST} is not the list of files a build writes"
        )));
    };
    let mut foreign = Vec::new();
    let mut count = 0usize;
    let walker = walkdir::WalkDir::new(out)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1);
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let why = format!("cannot look through it: {e}");
                return Some(match e.io_error() {
                    Some(io) => unreadable(why, io),
                    None => Refusal::plain(why),
                });
            }
        };
        let rel = relative(out, entry.path());
        if entry.file_name().eq_ignore_ascii_case(".git") {
            return Some(Refusal::git(&rel));
        }
        let litter = super::place::is_os_litter(&entry.file_name().to_string_lossy());
        if entry.file_type().is_dir() || rel == MANIFEST || litter || listed.contains(&rel) {
            continue;
        }
        count += 1;
        if foreign.len() < 3 {
            foreign.push(rel);
        }
    }
    (count > 0).then(|| Refusal::foreign(&foreign, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back() {
        let files = vec![
            "b/index.html".into(),
            "a\nb.txt".into(),
            "b/index.html".into(),
        ];
        let text = manifest(files);
        assert_eq!(
            text,
            manifest(vec!["a\nb.txt".into(), "b/index.html".into()])
        );
        let read = listed(&text).unwrap();
        assert!(read.contains("a\nb.txt") && read.contains("b/index.html"));
        assert_eq!(read.len(), 2);
        assert!(listed("index.html\n").is_none());
    }

    #[test]
    fn only_listed_files_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::create_dir_all(out.join("downloads")).unwrap();
        fs::write(out.join("index.html"), "x").unwrap();
        fs::write(out.join("downloads/a.pdf"), "x").unwrap();
        let list = manifest(vec!["index.html".into(), "downloads/a.pdf".into()]);
        fs::write(out.join(MANIFEST), list).unwrap();
        assert!(unlisted(out).is_none());
        fs::write(out.join("google123.html"), "mine").unwrap();
        let why = unlisted(out).unwrap();
        assert!(why.why.contains("google123.html"), "{}", why.why);
        fs::remove_file(out.join("google123.html")).unwrap();
        fs::create_dir_all(out.join("downloads/.git")).unwrap();
        let why = unlisted(out).unwrap();
        assert!(why.why.contains("downloads/.git"), "{}", why.why);
    }
}

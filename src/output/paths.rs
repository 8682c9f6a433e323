//! Where a site-relative path may land: only ever inside the output
//! folder, whatever a slug, alias or file name says (`..`, a leading `/`,
//! a backslash or a NUL never leaves it), and which alias URLs can be a
//! page at all.

use std::path::{Component, Path, PathBuf};

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

/// What a file name is to the file systems of macOS and Windows (and
/// some hosts): letter case aside, and (on macOS) whatever Unicode form
/// an accented letter is written in. Two names with one key are one file
/// there, and one would replace the other.
pub fn same_file_key(name: &str) -> String {
    crate::slug::nfc(name).to_lowercase()
}

/// Warnings for the files (listed) and folders of one folder whose paths
/// (`lost`: what follows)
/// differ only by letter case or Unicode form (`Map.svg` and `map.svg`):
/// one on macOS, Windows and some hosts, where one replaces the other.
/// Each twin is said once, at its first part that differs.
pub fn twins(files: &[String], shown: &Path, lost: &str) -> Vec<crate::diagnostic::Diagnostic> {
    let mut spelled: std::collections::HashMap<String, String> = Default::default();
    let mut said = Vec::new();
    let mut told = std::collections::HashSet::new();
    for rel in files {
        let parts: Vec<&str> = rel.split('/').collect();
        for depth in 1..=parts.len() {
            let path = parts[..depth].join("/");
            let key: Vec<String> = parts[..depth].iter().map(|p| same_file_key(p)).collect();
            let first = spelled.entry(key.join("/")).or_insert_with(|| path.clone());
            if *first == path {
                continue;
            }
            if told.insert(path.clone()) {
                let what = if depth < parts.len() {
                    "folder"
                } else {
                    "file"
                };
                said.push(
                    crate::diagnostic::Diagnostic::warning(format!(
                        "this {what}{} and {}{} differ only by letter case or Unicode form",
                        decomposed_note(&path),
                        shown.join(first.as_str()).display(),
                        decomposed_note(first),
                    ))
                    .in_file(shown.join(&path))
                    .with_help(format!(
                        "on macOS and Windows, and on some hosts, the two are one {what}, and {lost}: rename or remove one"
                    )),
                );
            }
            break;
        }
    }
    said
}

/// A note for a name written in decomposed Unicode form (`e` and an
/// accent, as some macOS tools and zips write names), which looks just
/// like its composed twin when printed; empty for any other name.
pub fn decomposed_note(name: &str) -> &'static str {
    if crate::slug::nfc(name) == name {
        ""
    } else {
        " (its accents written as characters of their own)"
    }
}

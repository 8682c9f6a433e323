//! Locating the archive stage's diagnostics in front matter.
//!
//! The archive keeps no front-matter text (a large build cannot hold every
//! file), so a diagnostic found while resolving it reads its file again:
//! that happens only for a problem, which is rare.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::yaml::{Input, key_line, text_span};

/// `d` in `file` (relative to `root`), at the value of the first of `keys`
/// its front matter has, else at the file's first line.
pub fn at_key(root: &Path, file: &Path, keys: &[&str], d: Diagnostic) -> Diagnostic {
    in_front_matter(root, file, d, |input, d| {
        let key = *keys.iter().find(|k| key_line(input.yaml, &[k]).is_some())?;
        Some(input.at_value(&[key], d))
    })
}

/// `d` in `file`, at `text` as written in the value of `key` (a term as
/// spelt in its taxonomy's list), else at the key's value, else at the
/// file's first line.
pub fn at_text(root: &Path, file: &Path, key: &str, text: &str, d: Diagnostic) -> Diagnostic {
    at_nth_text(root, file, key, (text, 0), d)
}

/// [`at_text`] at the `nth` (from 0) entry written `text`: a list's
/// repeated entry is said where it is repeated.
pub fn at_nth_text(
    root: &Path,
    file: &Path,
    key: &str,
    (text, nth): (&str, usize),
    d: Diagnostic,
) -> Diagnostic {
    in_front_matter(root, file, d, |input, d| {
        if text_span(input.yaml, &[key], text).is_some() {
            return Some(input.at_nth_text(&[key], text, nth, d));
        }
        key_line(input.yaml, &[key])?;
        Some(input.at_value(&[key], d))
    })
}

/// `d` at the value of `key` in `file` when that value is written plain
/// on the key's line (not quoted, not a list); else `None`.
pub fn at_plain_value(root: &Path, file: &Path, key: &str, d: Diagnostic) -> Option<Diagnostic> {
    let (source, yaml) = front_matter(root, file)?;
    let input = input(file, &source, &yaml);
    let value = input.value_text(&[key])?;
    let plain = !value.starts_with(['[', '"', '\'', '-', '|', '>', '{']);
    plain.then(|| input.at_value(&[key], d.in_file(file)))
}

/// Reads `file` and lets `locate` place `d` in its front matter; when the
/// file cannot be read or `locate` finds nothing, `d` is put on line 1.
fn in_front_matter(
    root: &Path,
    file: &Path,
    d: Diagnostic,
    locate: impl FnOnce(&Input, Diagnostic) -> Option<Diagnostic>,
) -> Diagnostic {
    let d = d.in_file(file);
    let Some((source, yaml)) = front_matter(root, file) else {
        return match std::fs::read_to_string(root.join(file)) {
            Ok(text) => {
                let source: Arc<str> = Arc::from(text);
                let first_line = source.find('\n').unwrap_or(source.len());
                d.at_span(&source, 0..first_line)
            }
            Err(_) => d.at(1, 1),
        };
    };
    let first_line = source.find('\n').unwrap_or(source.len());
    let fallback = d.clone().at_span(&source, 0..first_line);
    locate(&input(file, &source, &yaml), d).unwrap_or(fallback)
}

/// `file`'s text and where its front matter's YAML is in it.
fn front_matter(root: &Path, file: &Path) -> Option<(Arc<str>, Range<usize>)> {
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let source: Arc<str> = Arc::from(text);
    let yaml = frontmatter::split(&source).ok()?.yaml;
    Some((source, yaml))
}

fn input<'a>(file: &'a Path, source: &'a Arc<str>, yaml: &Range<usize>) -> Input<'a> {
    Input {
        yaml: &source[yaml.clone()],
        file,
        source,
        start: yaml.start,
        what: "the front matter",
        shapes: &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), text).unwrap();
        dir
    }

    #[test]
    fn at_the_first_key_present_else_line_one() {
        let dir = site("---\ntitle: T\nseries: sd\nnumber: 12\n---\nbody\n");
        let at = |keys: &[&str]| {
            let d = at_key(dir.path(), Path::new("a.md"), keys, Diagnostic::error("x"));
            (d.line, d.column)
        };
        assert_eq!(at(&["id", "number"]), (4, 9));
        assert_eq!(at(&["slug"]), (1, 1));
        let gone = at_key(
            dir.path(),
            Path::new("b.md"),
            &["id"],
            Diagnostic::error("x"),
        );
        assert_eq!((gone.line, gone.column), (1, 1));
    }

    #[test]
    fn at_a_plain_value_only() {
        let dir = site(
            "---\ntitle: T\npeople: Lena Varga, Tomas Ruiz\nauthors: \"Doe, Jane\"\nregions: [A, B]\n---\nx\n",
        );
        let at = |key: &str| {
            at_plain_value(dir.path(), Path::new("a.md"), key, Diagnostic::warning("x"))
                .map(|d| (d.line, d.column))
        };
        assert_eq!(at("people"), Some((3, 9)));
        assert_eq!(at("authors"), None);
        assert_eq!(at("regions"), None);
    }

    #[test]
    fn at_a_spelling_in_its_list() {
        let dir = site("---\ntitle: Ada\npeople: [Bob, Ada]\n---\nAda\n");
        let d = at_text(
            dir.path(),
            Path::new("a.md"),
            "people",
            "Ada",
            Diagnostic::error("x"),
        );
        assert_eq!((d.line, d.column), (3, 15));
        let d = at_text(
            dir.path(),
            Path::new("a.md"),
            "people",
            "Zed",
            Diagnostic::error("x"),
        );
        assert_eq!((d.line, d.column), (3, 9));
    }
}

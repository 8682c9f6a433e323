//! The one diagnostic type every stage reports with.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a
//! [`Diagnostics`] list and carry on, so a single run shows the editor every
//! problem at once. The library never prints; the command layer renders the
//! list (rustc-style, via miette) and picks the exit code.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use unicode_segmentation::GraphemeCursor;

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the user's input, located as precisely as we know.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path relative to the site root, when the problem lives in a file.
    pub file: Option<PathBuf>,
    /// 1-based line and column; 0 when unknown.
    pub line: usize,
    pub column: usize,
    /// What the user should do about it.
    pub help: Option<String>,
    /// The file's text and the byte range to underline, for a snippet.
    pub snippet: Option<Box<(Arc<str>, Range<usize>)>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            help: None,
            snippet: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Locates the diagnostic at a byte range of `source`, computing line and
    /// column and keeping the text for a snippet.
    pub fn at_span(self, source: &Arc<str>, span: Range<usize>) -> Self {
        self.at_span_with(source, span, &mut Locator::new(source))
    }

    /// [`Diagnostic::at_span`], its line and column found by `locator`
    /// (which reads `source`).
    pub fn at_span_with(
        mut self,
        source: &Arc<str>,
        span: Range<usize>,
        locator: &mut Locator<'_>,
    ) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        (self.line, self.column) = locator.line_col(start);
        self.snippet = Some(Box::new((Arc::clone(source), start..end)));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as it is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        })
    }
}

pub use crate::suggest::nearest;

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Locator::new(text).line_col(offset)
}

/// Lines and columns of many offsets of one text, in increasing order,
/// each counted on from the last: a file with thousands of links or
/// errors on one line must not be read from its start for each.
pub struct Locator<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            at: 0,
            line: 1,
            column: 1,
        }
    }

    /// As [`line_col`]; an offset before the last one starts over.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.at {
            *self = Locator::new(self.text);
        }
        let between = &self.text[self.at..offset];
        match between.rfind('\n') {
            Some(last) => {
                self.line += between.bytes().filter(|&b| b == b'\n').count();
                self.column = between[last + 1..].chars().count() + 1;
            }
            None => self.column += between.chars().count(),
        }
        self.at = offset;
        (self.line, self.column)
    }
}

/// Where the first carriage return that ends a line alone (not before a
/// LF) is: a line break to YAML and Markdown, where every line said here
/// is counted at LF.
pub fn lone_cr(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Byte offset of the start of 1-based `line`, clamped to the text.
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// `i` (at most `text.len()`), or the nearest char boundary of `text`
/// before it.
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The grapheme boundary at or before byte `i`. Only GRAPHEME_WINDOW
/// bytes before `i` are read, since this runs for every citation: in a
/// cluster longer than that (a letter under a heap of marks, a long run
/// of flags whose pairs cannot be told) `i` is kept, a char boundary.
pub(crate) fn floor_grapheme(text: &str, i: usize) -> usize {
    let i = floor_char_boundary(text, i);
    if i == 0 || i == text.len() {
        return i;
    }
    let from = floor_char_boundary(text, i.saturating_sub(GRAPHEME_WINDOW));
    let chunk = &text[from..];
    let mut cursor = GraphemeCursor::new(i, text.len(), true);
    match cursor.is_boundary(chunk, from) {
        Ok(false) => cursor
            .prev_boundary(chunk, from)
            .ok()
            .flatten()
            .unwrap_or(i),
        _ => i,
    }
}
pub(crate) const GRAPHEME_WINDOW: usize = 1024;

/// The diagnostics of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, position and message, so that the parallel stages
    /// report in the same order on every run.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            natural_path_order(a.file.as_deref(), b.file.as_deref()).then_with(|| {
                (a.line, a.column, a.severity, &a.message)
                    .cmp(&(b.line, b.column, b.severity, &b.message))
            })
        });
        self.items
    }

    /// Without repeats: the same message at the same place (a fault met
    /// through two names of one file) is said once.
    pub fn deduplicated(mut self) -> Self {
        let mut seen = std::collections::HashSet::new();
        self.items.retain(|d| {
            seen.insert((
                d.file.clone(),
                d.line,
                d.column,
                d.severity,
                d.message.clone(),
            ))
        });
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Files in the order an archive reads: folder by folder, and numbers in
/// names by their value (`2-…` before `10-…` before `100-…`, as `annals
/// new` names dispatches), not digit by digit. No file comes first.
fn natural_path_order(a: Option<&Path>, b: Option<&Path>) -> std::cmp::Ordering {
    let (Some(a), Some(b)) = (a, b) else {
        return a.is_some().cmp(&b.is_some());
    };
    let parts = |p: &'_ Path| {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    };
    let (a, b) = (parts(a), parts(b));
    for (x, y) in a.iter().zip(&b) {
        let order = natural_order(x, y);
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}

/// `x` and `y` compared character by character, a run of digits met in
/// both at once by its value; equal so, as written (`07` before `7`).
fn natural_order(x: &str, y: &str) -> std::cmp::Ordering {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (mut a, mut b) = (x, y);
    loop {
        let (da, db) = (digits(a), digits(b));
        if da > 0 && db > 0 {
            let (na, nb) = (
                a[..da].trim_start_matches('0'),
                b[..db].trim_start_matches('0'),
            );
            let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if order.is_ne() {
                return order;
            }
            (a, b) = (&a[da..], &b[db..]);
            continue;
        }
        let mut ca = a.chars();
        let mut cb = b.chars();
        match (ca.next(), cb.next()) {
            (None, None) => return x.cmp(y),
            (p, q) if p != q => return p.cmp(&q),
            _ => (a, b) = (ca.as_str(), cb.as_str()),
        }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// Past this many diagnostics, the most frequent kinds are tallied.
const TALLY_FROM: usize = 20;

/// The kinds said most often, when there are many (a moved archive's
/// every file says the same): each message with its quoted parts left
/// out, with how many times and in how many files, commonest first.
pub fn tally(diags: &[Diagnostic]) -> Vec<String> {
    if diags.len() <= TALLY_FROM {
        return Vec::new();
    }
    let mut kinds: std::collections::HashMap<String, (usize, std::collections::HashSet<_>)> =
        Default::default();
    for d in diags {
        // `@sd-1`, `{{< post >}}`: what differs from one to the next; and
        // the paths, dates and numbers written outside backticks
        // ("link (/gone-13.png)", "`updated` 2021-01-02 is before").
        let kind: String = d
            .message
            .split('`')
            .enumerate()
            .map(|(i, part)| {
                if i % 2 == 1 {
                    return "`…`".to_string();
                }
                let words = part.split(' ').map(|w| {
                    if w.contains(|c: char| c == '/' || c.is_ascii_digit()) {
                        let open = w.starts_with('(');
                        let close = w.trim_end_matches([',', ':', ';', '.']).ends_with(')');
                        let tail = &w[w.trim_end_matches([',', ':', ';', '.']).len()..];
                        format!(
                            "{}…{}{tail}",
                            if open { "(" } else { "" },
                            if close { ")" } else { "" }
                        )
                    } else {
                        w.to_string()
                    }
                });
                words.collect::<Vec<_>>().join(" ")
            })
            .collect();
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1.insert(d.file.clone());
    }
    let mut kinds: Vec<(String, usize, usize)> = kinds
        .into_iter()
        .filter(|(_, (n, _))| *n > 2)
        .map(|(kind, (n, files))| (kind, n, files.len()))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kinds
        .into_iter()
        .take(5)
        .map(|(kind, n, files)| {
            format!(
                "{n} times: {kind} (in {})",
                if files == 1 {
                    "1 file".to_string()
                } else {
                    format!("{files} files")
                }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_said_in_the_order_an_archive_reads() {
        let files = [
            "content/dispatches/sd/100-c.md",
            "content/dispatches/sd/11-b.md",
            "content/dispatches/sd/2-a.md",
            "annals.yaml",
            "content/dispatches/sd-x/1-z.md",
            "content/dispatches/sd/011-b.md",
            "content/dispatches/sd/a2.md",
            "content/dispatches/sd/a.md",
        ];
        let mut diags = Diagnostics::new();
        for f in files {
            diags.push(Diagnostic::error("x").in_file(f));
        }
        diags.push(Diagnostic::error("no file"));
        let order: Vec<String> = diags
            .into_sorted()
            .iter()
            .map(|d| {
                d.file
                    .as_ref()
                    .map_or(String::new(), |f| f.display().to_string())
            })
            .collect();
        assert_eq!(
            order,
            [
                "",
                "annals.yaml",
                "content/dispatches/sd/2-a.md",
                "content/dispatches/sd/011-b.md",
                "content/dispatches/sd/11-b.md",
                "content/dispatches/sd/100-c.md",
                "content/dispatches/sd/a.md",
                "content/dispatches/sd/a2.md",
                "content/dispatches/sd-x/1-z.md",
            ]
        );
    }

    #[test]
    fn many_diagnostics_of_a_kind_are_tallied() {
        let one = |i: usize, file: &str| {
            Diagnostic::warning(format!("Hugo's `relref` is not annals' syntax: `{i}`"))
                .in_file(file)
        };
        let mut diags: Vec<Diagnostic> = (0..30).map(|i| one(i, &format!("f{}", i % 7))).collect();
        assert!(tally(&diags[..20]).is_empty(), "few are listed in full");
        diags.push(Diagnostic::error("other"));
        assert_eq!(
            tally(&diags),
            ["30 times: Hugo's `…` is not annals' syntax: `…` (in 7 files)"]
        );
        // Paths, dates and numbers outside backticks vary too.
        let links: Vec<Diagnostic> = (0..25)
            .map(|i| {
                Diagnostic::warning(format!(
                    "link `gone-{i}.png` (/gone-{i}.png) leads to no file of the site"
                ))
                .in_file("a.md")
            })
            .collect();
        assert_eq!(
            tally(&links),
            ["25 times: link `…` (…) leads to no file of the site (in 1 file)"]
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'd' comes after a two-byte character: column 2, not 3.
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_offset(text, 3), 7);
    }

    #[test]
    fn a_locator_agrees_with_line_col() {
        let text = "ab\nçd\n\nef gh\nij";
        let mut locator = Locator::new(text);
        let offsets = [0, 1, 3, 5, 6, 7, 8, 10, 11, 14, 2, 9, 99];
        for offset in offsets {
            assert_eq!(locator.line_col(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn span_inside_a_multibyte_char_is_clamped() {
        let src: Arc<str> = Arc::from("é!");
        let d = Diagnostic::error("x").at_span(&src, 1..2);
        assert_eq!((d.line, d.column), (1, 1));
    }
}

//! Rendering diagnostics for the terminal, rustc-style, through miette.

use std::fmt;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use annals::diagnostic::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

struct Report<'a> {
    d: &'a Diagnostic,
    message: String,
    source: Option<NamedSource<Window>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(visible(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.source.as_ref()?.inner().span;
        let len = span.end.saturating_sub(span.start).max(1);
        Some(Box::new(std::iter::once(LabeledSpan::at(
            span.start..span.start + len,
            "here",
        ))))
    }
}

/// The lines a snippet shows (the span's line and one either side), with
/// long lines cut to [`WIDTH`] characters around the span: a paragraph is
/// often one line of thousands of characters, and the snippet must show
/// where the problem is, not the whole paragraph.
///
/// Its header counts lines from the file's start and columns in
/// characters, as the message's `file:line:column` does (and editors do):
/// miette counts bytes, which on a line of Persian or accented text names
/// another column.
struct Window {
    text: String,
    /// The span, in `text`.
    span: std::ops::Range<usize>,
    /// The file's 0-based number of `text`'s first line.
    first_line: usize,
    /// The span's 0-based column in the file, in characters.
    column: usize,
}

/// Characters of a line a snippet shows.
const WIDTH: usize = 100;
/// Of those, how many come before the span when a line is cut.
const LEAD: usize = 40;

impl Window {
    /// The window around `span` of `file`, whose line (1-based) is `line_no`
    /// when the diagnostic knows it: counting it again for each of many
    /// diagnostics of one file would be quadratic.
    fn new(file: &str, span: std::ops::Range<usize>, line_no: Option<usize>) -> Self {
        // A file whose lines end in CR alone (which a build refuses, at
        // its first line) is shown with its lines apart; the bytes stay
        // where they were. (A stray CR in a file of LF lines is no line
        // break: lines are counted at LF, as the message counts them.)
        let apart;
        let split_at_cr = !file.contains('\n') && file.contains('\r');
        let file = if split_at_cr {
            apart = file.replace('\r', "\n");
            apart.as_str()
        } else {
            file
        };
        let line_start = file[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file[span.start..]
            .find('\n')
            .map_or(file.len(), |i| span.start + i);
        // A CRLF line's `\r` is left out: miette numbers the lines after
        // it wrongly.
        let line = file[line_start..line_end].trim_end_matches('\r');
        let at = (span.start - line_start).min(line.len());
        let column = file[line_start..span.start].chars().count();
        // The span's line, cut to WIDTH characters with the span near the
        // start, at grapheme boundaries (never a bare accent or joiner);
        // `cut_at` is where the span starts in the cut line. The cut starts
        // LEAD characters before the span, found from the span backwards:
        // a line may have thousands of errors, and walking it from its
        // start for each was quadratic.
        let from = if line.chars().count() > WIDTH {
            let back = line[..at].char_indices().rev().nth(LEAD - 1);
            let from = back.map_or(0, |(i, _)| i);
            let mut cursor = GraphemeCursor::new(from, line.len(), true);
            match cursor.is_boundary(line, 0) {
                Ok(false) => cursor.prev_boundary(line, 0).ok().flatten().unwrap_or(0),
                _ => from,
            }
        } else {
            0
        };
        let (mut shown, mut cut_at) = (String::new(), None);
        if from > 0 {
            shown.push('…');
        }
        let mut kept = 0;
        for (i, g) in line[from..].grapheme_indices(true) {
            if kept >= WIDTH {
                shown.push('…');
                break;
            }
            if cut_at.is_none() && from + i + g.len() > at {
                cut_at = Some(shown.len());
            }
            kept += g.chars().count();
            shown.push_str(g);
        }
        let cut_at = cut_at.unwrap_or(shown.len());
        let span_len = (span.end.min(line_end) - span.start).min(shown.len() - cut_at);
        // A tab is shown as several columns but counted as one.
        // (A stray CR, which miette would take for a line break, as a space.)
        let shown = shown.replace(['\t', '\r'], " ");

        let mut text = String::new();
        let mut first_line = match line_no.filter(|&l| l > 0 && !split_at_cr) {
            Some(l) => l - 1,
            None => file.as_bytes()[..line_start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
        };
        if line_start > 0 {
            let before = &file[..line_start - 1];
            let prev = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
            text.push_str(&cut(prev));
            text.push('\n');
            first_line -= 1;
        }
        let span_start = text.len() + cut_at;
        text.push_str(&shown);
        if line_end < file.len() {
            let rest = &file[line_end + 1..];
            text.push('\n');
            text.push_str(&cut(&rest[..rest.find('\n').unwrap_or(rest.len())]));
        }
        Window {
            text,
            span: span_start..span_start + span_len,
            first_line,
            column,
        }
    }
}

/// A context line, cut to [`WIDTH`] characters (see [`Window::new`]).
fn cut(line: &str) -> String {
    let line = line.trim_end_matches('\r');
    let mut out = String::new();
    let mut kept = 0;
    for g in line.graphemes(true) {
        if kept >= WIDTH {
            out.push('…');
            break;
        }
        kept += g.chars().count();
        out.push_str(g);
    }
    out.replace(['\t', '\r'], " ")
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // Only the span itself starts inside a line (context starts at a
        // line's start): its column is the file's.
        let column = if inner.column() == 0 { 0 } else { self.column };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// The site's folder as seen from the current one (empty when they are
/// one): diagnostics name a site's files from the site's folder, and are
/// shown from here, so that an editor or a CI log run from elsewhere
/// (`--root site`, a subfolder) opens the file they name.
pub fn root_from_here(root: &Path) -> PathBuf {
    use std::path::Component;
    // As the user wrote it, when it goes down only (`--root site`, a
    // symbolic link they named): what they see in their shell.
    if root.is_relative()
        && root
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return root
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
    }
    let here = std::env::current_dir().and_then(|c| c.canonicalize());
    let (Ok(here), Ok(site)) = (here, root.canonicalize()) else {
        return root.to_path_buf();
    };
    if let Ok(below) = site.strip_prefix(&here) {
        return below.to_path_buf();
    }
    match here.strip_prefix(&site) {
        Ok(above) => above.components().map(|_| "..").collect(),
        Err(_) => site,
    }
}

/// `d` with its file named from `from` (see [`root_from_here`]). Other
/// paths its message names stay as the site's folder sees them: they may
/// be the output's, or a value as written.
fn from_here(d: &Diagnostic, from: &Path) -> Diagnostic {
    let mut d = d.clone();
    // (`<built-in theme>/...` is no file: it stays as it is.)
    if let Some(file) = &d.file
        && file.is_relative()
        && !from.as_os_str().is_empty()
        && !file.to_string_lossy().starts_with('<')
    {
        d.file = Some(from.join(file));
    }
    d
}

/// Prints diagnostics to stderr: location first, so that every one names
/// its file, line and column even without a snippet; files are named from
/// `from`, the site's folder as seen from here.
pub fn print(diags: &[Diagnostic], from: &Path) {
    // no-color.org: set and not empty; a dumb terminal shows escapes raw.
    let terminal = std::io::stderr().is_terminal();
    // Forced for a log viewer that shows colours (CI services set these).
    let forced = ["CLICOLOR_FORCE", "FORCE_COLOR"].iter().any(|v| {
        std::env::var_os(v).is_some_and(|v| !["", "0", "false"].contains(&&*v.to_string_lossy()))
    });
    let color = (terminal || forced)
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && (forced || std::env::var_os("TERM").is_none_or(|t| t != "dumb"));
    // A log or a pipe gets each line whole, for problem matchers and grep;
    // a terminal gets lines wrapped at its width.
    let width = terminal.then(terminal_width).flatten();
    for d in diags {
        // Never a panic on a closed pipe (see `err!`).
        let d = from_here(d, from);
        let _ = write!(std::io::stderr(), "{}", render(&d, color, width));
    }
}

/// The width of the terminal stderr is, if the system says.
#[cfg(unix)]
fn terminal_width() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct it is given,
    // which lives until the call returns.
    let done = unsafe { libc::ioctl(libc::STDERR_FILENO, libc::TIOCGWINSZ, &mut size) };
    (done == 0 && size.ws_col >= 20).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_width() -> Option<usize> {
    None
}

/// One diagnostic as the terminal shows it: lines wrapped at `width`
/// (between words: a path or URL is never split), or not at all.
fn render(d: &Diagnostic, color: bool, width: Option<usize>) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let handler = match width {
        Some(width) => handler.with_width(width),
        None => handler.with_wrap_lines(false),
    };
    let text = visible(&shortened(&d.message));
    let message = match d.location() {
        // (A file name may hold a line break.)
        Some(loc) => format!("{}: {text}", visible(&loc.replace('\n', "\\n"))),
        None => text,
    };
    let source = match (&d.snippet, &d.file) {
        (Some(snippet), Some(file)) if snippet.1.end <= snippet.0.len() => Some(NamedSource::new(
            file.display().to_string(),
            Window::new(&snippet.0, snippet.1.clone(), Some(d.line)),
        )),
        _ => None,
    };
    let report = Report { d, message, source };
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}\n", report.message);
    }
    out
}

/// Longest a value quoted in a message (between backticks) is shown; the
/// snippet under the message shows it in place.
const QUOTED: usize = 60;

/// `message` with each value quoted in it cut to [`QUOTED`] characters.
fn shortened(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        match part.char_indices().nth(QUOTED) {
            Some((cut, _)) if i % 2 == 1 => {
                out.push_str(&part[..cut]);
                out.push('…');
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// `text` with its control characters written as escapes: a message that
/// quotes a value holding one (`"\x07"` in YAML) must not ring the
/// terminal's bell or move its cursor.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // As YAML and Markdown writers know them.
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            c if c.is_control() && c != '\n' => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// Prints every error but only the first `max_warnings` warnings, then a
/// count: a large archive's warnings must not bury its errors.
pub fn print_capped(diags: &[Diagnostic], max_warnings: usize, from: &Path) {
    let mut cap = Capped::new(max_warnings, from);
    cap.print(diags);
    cap.finish();
}

/// One cap on the warnings of a whole run, whatever stage they come from
/// (loading, then writing: a site's static files replacing built pages
/// are found only while writing, and can be hundreds).
pub struct Capped {
    left: usize,
    hidden: usize,
    /// Where files are named from (see [`print`]).
    from: PathBuf,
}

impl Capped {
    pub fn new(max_warnings: usize, from: &Path) -> Self {
        Capped {
            left: max_warnings,
            hidden: 0,
            from: from.to_path_buf(),
        }
    }

    /// Prints every error of `diags` and the warnings the cap still allows.
    pub fn print(&mut self, diags: &[Diagnostic]) {
        let kept = self.keep(diags);
        print(&kept, &self.from);
    }

    /// The diagnostics to show: all errors, warnings while the cap lasts.
    fn keep(&mut self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        diags
            .iter()
            .filter(|d| {
                if d.is_error() {
                    return true;
                }
                if self.left == 0 {
                    self.hidden += 1;
                    return false;
                }
                self.left -= 1;
                true
            })
            .cloned()
            .collect()
    }

    /// Whether the cap has kept any warning back.
    pub fn held_back(&self) -> bool {
        self.hidden > 0
    }

    /// Says how many warnings the cap kept back, if any.
    pub fn finish(self) {
        if self.hidden > 0 {
            err!(
                "… and {} more warnings (`annals check` lists them all)",
                self.hidden
            );
        }
    }
}

/// Prints [`annals::diagnostic::tally`]'s lines under a heading, if there are any.
pub fn print_tally(diags: &[Diagnostic]) {
    let lines = annals::diagnostic::tally(diags);
    if !lines.is_empty() {
        err!("Said most often:");
        for line in lines {
            err!("  {line}");
        }
    }
}

/// What a failed run adds to its counts when it stopped at the config:
/// the content's own errors are still to come.
pub fn unchecked(at_config: bool) -> &'static str {
    match at_config {
        true => "; the content was not checked: fix the configuration first, then run again",
        false => "",
    }
}

/// "2 errors, 1 warning".
pub fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

/// Says how many dispatches a build left out, and that `command --drafts`
/// includes them (a new dispatch is a draft: "where is it?").
/// Those dated after today are named (up to [`FUTURE_NAMED`]).
pub fn left_out(n: usize, future: &[String], command: &str) {
    if n == 0 {
        return;
    }
    out!(
        "Left out {}: drafts or dated after today (`annals {command} --drafts` includes them)",
        plural(n, "dispatch", "dispatches"),
    );
    if let Some(shown) = future.get(..future.len().min(FUTURE_NAMED))
        && !shown.is_empty()
    {
        let more = match future.len() - shown.len() {
            0 => String::new(),
            k => format!(" and {k} more"),
        };
        out!("  dated after today: {}{more}", shown.join(", "));
    }
}

/// How many future-dated dispatches [`left_out`] names.
const FUTURE_NAMED: usize = 5;

/// "1 dispatch", "2 dispatches".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests;

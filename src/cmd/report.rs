//! Rendering diagnostics for the terminal, rustc-style, through miette.

use std::fmt;
use std::io::IsTerminal;

use annals::diagnostic::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

struct Report<'a> {
    d: &'a Diagnostic,
    message: String,
    source: Option<NamedSource<CharColumns>>,
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
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, span) = &**self.d.snippet.as_ref()?;
        let len = span.end.saturating_sub(span.start).clamp(1, 200);
        Some(Box::new(std::iter::once(LabeledSpan::at(
            span.start..span.start + len,
            "here",
        ))))
    }
}

/// A file's text whose snippet header counts columns in characters, as
/// the message's `file:line:column` does (and editors do): miette counts
/// bytes, which on a line of Persian or accented text names another column.
struct CharColumns(String);

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.0.read_span(span, before, after)?;
        let column = if inner.column() == 0 {
            0
        } else {
            let (_, column) = annals::diagnostic::line_col(&self.0, span.offset());
            column - 1
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Prints diagnostics to stderr: location first, so that every one names
/// its file, line and column even without a snippet.
pub fn print(diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    for d in diags {
        let message = match d.location() {
            Some(loc) => format!("{loc}: {}", d.message),
            None => d.message.clone(),
        };
        let source = match (&d.snippet, &d.file) {
            (Some(snippet), Some(file)) if snippet.1.end <= snippet.0.len() => {
                Some(NamedSource::new(
                    file.display().to_string(),
                    CharColumns(snippet.0.to_string()),
                ))
            }
            _ => None,
        };
        let report = Report { d, message, source };
        let mut out = String::new();
        if handler.render_report(&mut out, &report).is_err() {
            out = format!("{}\n", report.message);
        }
        eprint!("{out}");
    }
}

/// Prints every error but only the first `max_warnings` warnings, then a
/// count: a large archive's warnings must not bury its errors.
pub fn print_capped(diags: &[Diagnostic], max_warnings: usize) {
    let mut shown = 0;
    let kept: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            if d.is_error() {
                return true;
            }
            shown += 1;
            shown <= max_warnings
        })
        .cloned()
        .collect();
    print(&kept);
    if shown > max_warnings {
        eprintln!(
            "… and {} more warnings (`annals check` lists them all)",
            shown - max_warnings
        );
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
pub fn left_out(n: usize, command: &str) {
    if n > 0 {
        println!(
            "Left out {}: drafts or dated after today (`annals {command} --drafts` includes them)",
            plural(n, "dispatch", "dispatches"),
        );
    }
}

/// "1 dispatch", "2 dispatches".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_numbers() {
        assert_eq!(plural(1, "dispatch", "dispatches"), "1 dispatch");
        assert_eq!(plural(0, "dispatch", "dispatches"), "0 dispatches");
        assert_eq!(counts(1, 2), "1 error, 2 warnings");
    }
}

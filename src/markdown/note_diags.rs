//! What a document's notes say: citations of notes never defined, notes
//! defined twice, and notes never cited (or cited only from notes that
//! are not shown), each where it is written and with the fix.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::footnotes::Footnotes;
use crate::diagnostic::{self, Diagnostic};

/// Where a document's notes are: its expanded text, where its notes'
/// definitions are in it, its source and file, and how an offset of the
/// text maps to one of the source.
pub(super) struct Place<'a> {
    pub text: &'a str,
    pub defs: &'a [Range<usize>],
    pub source: &'a Arc<str>,
    pub file: &'a Path,
    pub locate: &'a dyn Fn(usize) -> usize,
}

/// The diagnostics of `notes`, once the document is rendered.
pub(super) fn said(notes: &Footnotes<'_>, place: &Place<'_>) -> Vec<Diagnostic> {
    let mut said = Vec::new();
    let mut markers = None;
    // Each kind is said in file order, each located from the last: a
    // document with thousands of unused notes must not be read from its
    // start for each.
    let mut located = diagnostic::Locator::new(place.source);
    let mut firsts = diagnostic::Locator::new(place.source);
    for (label, at) in notes.undefined() {
        let at = (place.locate)(at);
        // The same label to the eye, its accents typed another way (a
        // paste, macOS): the parser takes them for two.
        let read = super::footnotes::label_read(label);
        let twin = notes
            .definitions
            .iter()
            .find(|(defined, _)| super::footnotes::label_read(defined) == read);
        let help = match twin {
            Some((defined, _)) => format!(
                "the definition `[^{defined}]` has its accents typed another way (as a \
                 letter and a combining mark, or as one character): type the label again in \
                 one of them, so that both are the same characters"
            ),
            None => format!("add a definition line: `[^{label}]: Source, date.`"),
        };
        said.push(
            Diagnostic::error(format!(
                "footnote `[^{label}]` is referenced but never defined"
            ))
            .in_file(place.file)
            .at_span_with(place.source, at..at + label.len() + 3, &mut located)
            .with_help(help),
        );
    }
    for (label, at, first, first_at) in notes.redefined_after() {
        let at = (place.locate)(at);
        let (line, _) = firsts.line_col((place.locate)(first_at));
        let message = if first == label {
            format!("footnote `[^{label}]` is defined twice (first on line {line})")
        } else {
            format!(
                "footnote `[^{label}]` is defined twice: labels ignore case, and `[^{first}]` on line {line} is the same label"
            )
        };
        said.push(
            Diagnostic::error(message)
                .in_file(place.file)
                .at_span_with(place.source, at..at + label.len() + 3, &mut located)
                .with_help("only the first definition is shown: merge them, or give this one another label"),
        );
    }
    for (label, at) in notes.unused() {
        let (message, help) = match notes.cited_only_from(label) {
            Some(from) => (
                format!(
                    "footnote `[^{label}]` is cited only from note `[^{from}]`, which is not shown \
                     (nothing shown cites it), so neither is this one"
                ),
                format!("cite `[^{from}]` in the text, or delete both definitions"),
            ),
            None => {
                // Its citation typed with the accents another way: said
                // with the citation's error, which says how to mend both.
                let read = super::footnotes::label_read(label);
                let twin = notes
                    .undefined()
                    .find(|(cited, _)| super::footnotes::label_read(cited) == read);
                let help = match twin {
                    Some((cited, _)) => format!(
                        "it is cited as `[^{cited}]`, its accents typed another way: type the \
                         label again in one of them"
                    ),
                    None => unused_help(
                        label,
                        markers.get_or_insert_with(|| written_markers(place)),
                        place,
                    ),
                };
                (
                    format!("footnote `[^{label}]` is defined but never referenced"),
                    help,
                )
            }
        };
        let at = (place.locate)(at);
        said.push(
            Diagnostic::warning(message)
                .in_file(place.file)
                .at_span_with(place.source, at..at + label.len() + 3, &mut located)
                .with_help(help),
        );
    }
    said
}

/// The help for a note defined and never cited: if its marker is written
/// somewhere Markdown is not read (a raw HTML block, code), where.
fn unused_help(label: &str, markers: &HashMap<&str, usize>, place: &Place<'_>) -> String {
    match markers.get(label) {
        Some(&i) => {
            let (line, _) = diagnostic::line_col(place.source, (place.locate)(i));
            format!(
                "`[^{label}]` on line {line} is not read as a citation: it is in raw HTML or in \
                 code, where Markdown is not read; cite the note outside them, or delete the \
                 definition"
            )
        }
        None => "cite it in the text, or delete the definition".to_string(),
    }
}

/// Where each note marker is first written in the text, by label as
/// written, outside the notes' definitions (a marker there is a
/// citation, of a note shown or not) and not escaped to be read as text
/// (`\[^x]`, meant so). One pass for all of a document's unused notes: a
/// migration may leave thousands.
fn written_markers<'t>(place: &Place<'t>) -> HashMap<&'t str, usize> {
    let text = place.text;
    // The definitions are in the order they start, apart.
    let in_definition = |i: usize| {
        let k = place.defs.partition_point(|d| d.start <= i);
        k > 0 && place.defs[k - 1].contains(&i)
    };
    let mut found = HashMap::new();
    for (i, _) in text.match_indices("[^") {
        let Some((label, _)) = super::footnotes::marker_at(text, i) else {
            continue;
        };
        if in_definition(i) {
            continue;
        }
        found.entry(label).or_insert(i);
    }
    found
}

//! The walk's part in footnotes: citations numbered (or deferred, in a
//! note), definitions set aside for the list after the body, `[^x]`
//! left as text caught, and what notes not shown leave behind (their
//! words, their headings) taken out once the document is read.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::Renderer;
use crate::markdown::footnotes::{self, html};

impl<'t> Renderer<'_, 't> {
    /// A citation `[^label]` at `at`: numbered now in the body; in a note,
    /// once the note is known to be shown (see `Footnotes::defer`).
    pub(super) fn note_reference(&mut self, label: &str, at: usize) {
        let html_ref = if self.def.is_some() {
            self.notes.defer(label, at)
        } else {
            self.notes.reference(label, at)
        };
        self.emit(html(html_ref));
    }

    /// A note's definition opens at `range`: its events go to the note.
    pub(super) fn start_definition(&mut self, label: &CowStr<'t>, range: Range<usize>) {
        self.def_first_ref = self.out.refs.len();
        self.def_text_start = (self.out.text.len(), self.out.headings.len());
        self.def_spans.push(range.clone());
        if self.heading.is_none()
            && matches!(self.main.last(), Some(Event::Start(Tag::BlockQuote(_))))
        {
            self.quote_def_at = Some(self.main.len());
        }
        self.def = Some((label.to_string(), range.start, Vec::new()));
    }

    /// Notes the note markers in the text of an HTML block, which is not
    /// Markdown: each is shown as written (`[^a]`), citing nothing. Not
    /// those in a tag or a comment. `lines` are where the block's lines
    /// start in it and where they are in the file.
    pub(super) fn note_html_markers(&mut self, block: &str, lines: &[super::BlockLine]) {
        for (at, label) in footnotes::text_references(block) {
            let before = &block[..at];
            let in_tag = before.rfind('<') > before.rfind('>');
            let in_comment = before.rfind("<!--") > before.rfind("-->");
            // Code shown as written (a pattern's `[^a-z]`) is meant so.
            let lower = before.to_ascii_lowercase();
            let in_code = ["pre", "code", "kbd", "samp", "script", "style", "textarea"]
                .iter()
                .any(|t| lower.rfind(&format!("<{t}")) > lower.rfind(&format!("</{t}")));
            if in_code {
                continue;
            }
            let line = lines.partition_point(|(from, _)| *from <= at);
            if let (false, false, Some((from, span))) =
                (in_tag, in_comment, lines.get(line.wrapping_sub(1)))
            {
                let pos = (span.start + (at - from)).min(span.end);
                self.found.html_markers.push((label.to_string(), pos));
            }
        }
    }

    /// The note's definition ends: it is recorded with its references,
    /// words and headings.
    pub(super) fn end_definition(&mut self) {
        if let Some((label, at, events)) = self.def.take() {
            let refs = self.def_first_ref..self.out.refs.len();
            self.def_refs.push((label.clone(), at, refs));
            let (text_start, headings_start) = self.def_text_start;
            self.def_texts.push((
                label.clone(),
                at,
                text_start..self.out.text.len(),
                headings_start..self.out.headings.len(),
            ));
            self.notes.define(&label, at, events);
        }
    }

    /// Checks a run of text for `[^label]` left as text: an undefined note,
    /// reported with the other undefined references after the pass.
    pub(super) fn flush_pending_text(&mut self, text: &str) {
        let Some(run) = self.text_run.take() else {
            return;
        };
        let start = run.start;
        let written = text.get(run).unwrap_or_default();
        self.found.pasted.scan(text, start, written);
        for (dest, at) in crate::markdown::found::spaced_references(written) {
            self.found.spaced_refs.push((dest, start + at));
        }
        // Pandoc's inline note, `^[words]`, which is text here: it starts
        // in this text, and may hold markup or go on to the next line.
        let mut from = 0;
        while let Some(i) = written.get(from..).and_then(|w| w.find("^[")) {
            let at = from + i;
            from = at + 2;
            if crate::markdown::footnotes::escaped(written, at) {
                continue;
            }
            if let Some(note) = inline_note(&text[start + at + 2..]) {
                self.found.inline_notes.push((note, start + at));
            }
        }
        for (i, label) in footnotes::text_references(written) {
            // In a note, counted only if the note is shown (see `defer`).
            if self.def.is_some() {
                self.notes.defer(label, start + i);
            } else {
                self.notes.reference(label, start + i);
            }
        }
    }

    pub(in crate::markdown) fn finish(&mut self, text: &str) {
        self.flush_pending_text(text);
        self.end_block();
        self.notes.resolve();
        for (label, at, words, headings) in std::mem::take(&mut self.def_texts).into_iter().rev() {
            if !self.notes.shown(&label, at) {
                if words.end <= self.out.text.len() {
                    self.out.text.replace_range(words, "");
                }
                if headings.end <= self.out.headings.len() {
                    self.out.headings.drain(headings);
                }
            }
        }
    }
}

/// The words of a Pandoc inline note whose text starts `rest` (after its
/// `^[`): up to its matching `]`, within its paragraph, its lines joined;
/// `None` if it does not close there or holds nothing.
fn inline_note(rest: &str) -> Option<String> {
    let mut depth = 0usize;
    let paragraph = rest.find("\n\n").unwrap_or(rest.len());
    for (i, c) in rest[..paragraph].char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                let words = rest[..i].split_whitespace().collect::<Vec<_>>().join(" ");
                return (!words.is_empty()).then_some(words);
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

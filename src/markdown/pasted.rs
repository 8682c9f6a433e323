//! Text pasted from a word processor that Markdown reads as plain text:
//! footnotes (a marker in the text, `[1]` as Google Docs copies it or `¹`
//! as Word does, and a line of notes further down starting the same) and
//! bullets (`• `, which is no list marker). The page shows them as typed,
//! unlinked and unlisted; an editor who pasted a document rarely notices.
//! Only a marker *and* its note line make a note finding: a lone `[2]` or
//! `km²` is ordinary text.

use std::ops::Range;

use crate::diagnostic::Diagnostic;

/// The superscript digits, in the order of the digits they stand for.
const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// The bullets a word processor pastes at the start of a list item.
/// (Not `·`, which separates names at a line's start as well.)
const BULLETS: [char; 5] = ['•', '◦', '▪', '‣', '●'];

/// What a body's text holds that was pasted so.
#[derive(Default)]
pub(in crate::markdown) struct Pasted {
    notes: PastedNotes,
    /// Lines starting with a bullet: the bullet, where, and the line's
    /// first words.
    bullets: Vec<(char, usize, String)>,
}

/// Markers and note lines seen in a body's text, by number.
#[derive(Default)]
struct PastedNotes {
    /// In-text markers: the number, as written, and where it starts.
    markers: Vec<(u32, String, usize)>,
    /// Lines that start with a number as a marker is written: the number
    /// and where.
    lines: Vec<(u32, usize)>,
    /// Markers that Markdown made links, because their note line is one
    /// word and reads as a link definition (`[1]: Reuters`): the number,
    /// where the marker starts, the word, and where the line starts.
    defined: Vec<(u32, usize, String, usize)>,
}

impl Pasted {
    /// Notes a link `[N]` that the line `[N]: word` defines, as a pasted
    /// note when the line comes after the marker: returns whether it is
    /// one (then the link is no broken link to warn about: the note is).
    /// `at` is where the marker starts in `text`, the whole body.
    pub(in crate::markdown) fn definition(
        &mut self,
        text: &str,
        at: usize,
        label: &str,
        dest: &str,
    ) -> bool {
        let Some((number, _)) = bracketed(&format!("[{label}]"), 0) else {
            return false;
        };
        // One word, as a source's name is: a path or an address is a link.
        let word = dest
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-');
        if !(1..1000).contains(&number) || !word || dest.is_empty() {
            return false;
        }
        let line = format!("[{label}]:");
        let mut from = at;
        let found = loop {
            let Some(i) = text.get(from..).and_then(|t| t.find(&line)) else {
                break None;
            };
            if starts_line(text, from + i) {
                break Some(from + i);
            }
            from += i + line.len();
        };
        let Some(line_at) = found.filter(|&l| l > at) else {
            return false;
        };
        self.notes
            .defined
            .push((number, at, dest.to_owned(), line_at));
        true
    }

    /// Notes what `written`, the source of a run of text that starts at
    /// `start` in `text` (the whole body), holds.
    pub(in crate::markdown) fn scan(&mut self, text: &str, start: usize, written: &str) {
        self.notes.scan(text, start, written);
        if written.is_ascii() {
            return;
        }
        for (i, c) in written.char_indices() {
            if !BULLETS.contains(&c) {
                continue;
            }
            let at = start + i;
            let line = text
                .get(..at)
                .unwrap_or_default()
                .rsplit('\n')
                .next()
                .unwrap_or_default();
            let rest = &written[i + c.len_utf8()..];
            let spaced = rest.starts_with([' ', '\t', '\u{A0}']);
            if spaced && line.chars().all(|c| c.is_whitespace() || c == '>') {
                let words: String = rest
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                self.bullets.push((c, at, words));
            }
        }
    }

    /// Says what was found, at most once of each kind per file.
    pub(super) fn said(
        self,
        source: &str,
        locate: &dyn Fn(usize) -> usize,
        say: &mut dyn FnMut(Diagnostic, Range<usize>, &str),
    ) {
        let defined = self.notes.defined.first().cloned();
        let found = self.notes.found();
        if let Some((number, at, word, line_at)) =
            defined.filter(|d| found.as_ref().is_none_or(|p| d.1 < p.at))
        {
            let count = self.notes.count(found.as_ref());
            let (at, line_at) = (locate(at), locate(line_at));
            let line = source.get(..line_at).map_or(0, |s| s.matches('\n').count()) + 1;
            say(
                Diagnostic::warning(format!(
                    "`[{number}]` and the line `[{number}]: {word}` (line {line}) look like a \
                     footnote pasted from a word processor: Markdown reads the line as a link's \
                     definition, so the note is hidden and `[{number}]` links to `{word}`"
                )),
                at..at + number.to_string().len() + 2,
                &format!(
                    "write the marker as `[^{number}]` and the line as `[^{number}]: {word}`; \
                     annals numbers the notes and links each to its marker and back{}",
                    others(count)
                ),
            );
        } else if let Some(p) = found {
            let (at, line_at) = (locate(p.at), locate(p.line_at));
            let line = source.get(..line_at).map_or(0, |s| s.matches('\n').count()) + 1;
            let number: String = p
                .written
                .chars()
                .map(|c| match SUPERSCRIPTS.iter().position(|&s| s == c) {
                    Some(d) => char::from(b'0' + u8::try_from(d).unwrap_or(0)),
                    None => c,
                })
                .filter(char::is_ascii_digit)
                .collect();
            let count = self.notes.count(Some(&p));
            say(
                Diagnostic::warning(format!(
                    "`{}` and the line starting `{}` (line {line}) look like a footnote pasted \
                     from a word processor: both are published as text, unlinked",
                    p.written, p.written
                )),
                at..at + p.written.len(),
                &format!(
                    "write the marker as `[^{number}]` and start its note with `[^{number}]: `; \
                     annals numbers the notes and links each to its marker and back{}",
                    others(count)
                ),
            );
        }
        if let Some((bullet, at, words)) = self.bullets.first() {
            let at = locate(*at);
            let lines = match self.bullets.len() {
                1 => "this line is".to_owned(),
                n => format!("the {n} lines starting so in this file are"),
            };
            say(
                Diagnostic::warning(format!(
                    "`{bullet} {words}` is no list item: `{bullet}` is no list marker in Markdown, \
                     and {lines} published as text"
                )),
                at..at + bullet.len_utf8(),
                &format!(
                    "start each item with `- ` in place of `{bullet}`, after a blank line: `- {words}` \
                     (a line meant to start with `{bullet}` may write it `&#{};`)",
                    u32::from(*bullet)
                ),
            );
        }
    }
}

/// What was found: the first marker that has its note line, where both
/// are, and how many numbers are written so.
#[derive(Debug, PartialEq)]
struct NotesFound {
    written: String,
    at: usize,
    line_at: usize,
    count: usize,
}

impl PastedNotes {
    /// Notes the markers in `written`, the source of a run of text that
    /// starts at `start` in `text` (the whole body).
    fn scan(&mut self, text: &str, start: usize, written: &str) {
        // Every run of every body comes here: most are ASCII without a
        // bracket, which two vectorized passes rule out.
        if written.is_ascii() && !written.contains('[') {
            return;
        }
        let mut chars = written.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let found = if c == '[' {
                let escaped = text.get(..start + i).is_some_and(|b| b.ends_with('\\'));
                bracketed(written, i).filter(|_| !escaped)
            } else if SUPERSCRIPTS.contains(&c) {
                let end = written[i..]
                    .find(|c| !SUPERSCRIPTS.contains(&c))
                    .map_or(written.len(), |n| i + n);
                let number = written[i..end].chars().try_fold(0u32, |n, c| {
                    let digit = SUPERSCRIPTS.iter().position(|&s| s == c)?;
                    n.checked_mul(10)?.checked_add(u32::try_from(digit).ok()?)
                });
                number.map(|n| (n, end))
            } else {
                None
            };
            let Some((number, end)) = found else {
                continue;
            };
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            if !(1..1000).contains(&number) {
                continue;
            }
            let at = start + i;
            let before = text.get(..at).unwrap_or_default();
            if starts_line(text, at) {
                self.lines.push((number, at));
            } else if c == '[' || !before.ends_with(char::is_whitespace) {
                // A superscript after a space is an exponent's or a
                // label's, not a marker.
                self.markers.push((number, written[i..end].to_owned(), at));
            }
        }
    }

    /// How many numbered notes are pasted, of either kind: `found`'s,
    /// and the ones whose line Markdown read as a definition.
    fn count(&self, found: Option<&NotesFound>) -> usize {
        let mut numbers: Vec<u32> = self.defined.iter().map(|d| d.0).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers.len() + found.map_or(0, |p| p.count)
    }

    /// The pasted notes, if any marker has a note line after it.
    fn found(&self) -> Option<NotesFound> {
        let mut first: Option<NotesFound> = None;
        let mut numbers = Vec::new();
        for (number, written, at) in &self.markers {
            let Some(&(_, line_at)) = self.lines.iter().find(|(n, l)| n == number && l > at) else {
                continue;
            };
            // `[1]` and `¹` are two notes: counted by their style too.
            numbers.push((*number, written.starts_with('[')));
            if first.is_none() {
                first = Some(NotesFound {
                    written: written.clone(),
                    at: *at,
                    line_at,
                    count: 0,
                });
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        first.map(|p| NotesFound {
            count: numbers.len(),
            ..p
        })
    }
}

/// The end of the help: how many notes of the file are pasted so.
fn others(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        n => format!(" ({n} notes in this file are written so)"),
    }
}

/// Whether only spaces and quote marks come before `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    let line = before.rsplit('\n').next().unwrap_or_default();
    line.chars().all(|c| c.is_whitespace() || c == '>')
}

/// `[12]` at `i` in `written`: the number and where it ends, unless the
/// brackets go on as a link (`[1](…)`, `[1][…]`). (`[1]:` starting a line
/// is here only when Markdown did not read it as a link's definition:
/// then it is a note line, as `said[1]:` is a marker.)
fn bracketed(written: &str, i: usize) -> Option<(u32, usize)> {
    let rest = &written[i + 1..];
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 3 || !rest[digits..].starts_with(']') {
        return None;
    }
    let end = i + 1 + digits + 1;
    if written[end..].starts_with(['(', '[']) {
        return None;
    }
    Some((rest[..digits].parse().ok()?, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<NotesFound> {
        let mut notes = PastedNotes::default();
        notes.scan(text, 0, text);
        notes.found()
    }

    #[test]
    fn a_bracketed_marker_with_its_note_line_is_found() {
        let text = "Ports closed.[1] Then more.[2]\n\n[1] Harbour office, 3 May.\n[2] Ibid.\n";
        let p = found(text).expect("found");
        assert_eq!(p.written, "[1]");
        assert_eq!(p.at, 13);
        assert_eq!(&text[p.line_at..p.line_at + 3], "[1]");
        assert_eq!(p.count, 2);
    }

    #[test]
    fn a_superscript_marker_with_its_note_line_is_found() {
        let text = "Ports closed.¹² Done.\n\n¹² Harbour office.\n> ³ no marker for it\n";
        let p = found(text).expect("found");
        assert_eq!((p.written.as_str(), p.count), ("¹²", 1));
    }

    #[test]
    fn lone_markers_units_and_links_are_not_found() {
        assert_eq!(found("An area of 40 km² and 3 m³.\n\nx ² y\n"), None);
        assert_eq!(found("See [1] and [2].\n"), None);
        let quoted = found("He said[1]: \"No.\"\n\n[1] Radio, 3 May.\n").expect("found");
        assert_eq!((quoted.written.as_str(), quoted.at), ("[1]", 7));
        assert_eq!(found("[1] A line first.\n\nThen [1] after it.\n"), None);
        assert_eq!(found("A \\[1] and [1](x) and [1][x]\n\n[1] note\n"), None);
        assert_eq!(found("Year [2024] and [0]\n\n[2024] x\n[0] y\n"), None);
    }
}

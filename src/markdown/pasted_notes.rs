//! Footnotes pasted from a word processor: a marker in the text (`[1]` as
//! Google Docs copies it, `¹` as Word does) and a line of notes starting
//! with the same number further down. Markdown reads both as text, so the
//! page shows them unlinked and unnumbered by annals; an editor who pasted
//! a document rarely notices. Only a marker *and* its note line make a
//! finding: a lone `[2]` or `km²` is ordinary text.

/// The superscript digits, in the order of the digits they stand for.
const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Markers and note lines seen in a body's text, by number.
#[derive(Default)]
pub(super) struct PastedNotes {
    /// In-text markers: the number, as written, and where it starts.
    markers: Vec<(u32, String, usize)>,
    /// Lines that start with a number as a marker is written: the number
    /// and where.
    lines: Vec<(u32, usize)>,
}

/// What was found: the first marker that has its note line, where both
/// are, and how many numbers are written so.
#[derive(Debug, PartialEq)]
pub(super) struct Pasted {
    pub written: String,
    pub at: usize,
    pub line_at: usize,
    pub count: usize,
}

impl PastedNotes {
    /// Notes the markers in `written`, the source of a run of text that
    /// starts at `start` in `text` (the whole body).
    pub(super) fn scan(&mut self, text: &str, start: usize, written: &str) {
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
            let line = before.rsplit('\n').next().unwrap_or_default();
            if line.chars().all(|c| c.is_whitespace() || c == '>') {
                self.lines.push((number, at));
            } else if c == '[' || !before.ends_with(char::is_whitespace) {
                // A superscript after a space is an exponent's or a
                // label's, not a marker.
                self.markers.push((number, written[i..end].to_owned(), at));
            }
        }
    }

    /// The pasted notes, if any marker has a note line after it.
    pub(super) fn found(&self) -> Option<Pasted> {
        let mut first: Option<Pasted> = None;
        let mut numbers = Vec::new();
        for (number, written, at) in &self.markers {
            let Some(&(_, line_at)) = self.lines.iter().find(|(n, l)| n == number && l > at) else {
                continue;
            };
            // `[1]` and `¹` are two notes: counted by their style too.
            numbers.push((*number, written.starts_with('[')));
            if first.is_none() {
                first = Some(Pasted {
                    written: written.clone(),
                    at: *at,
                    line_at,
                    count: 0,
                });
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        first.map(|p| Pasted {
            count: numbers.len(),
            ..p
        })
    }
}

/// `[12]` at `i` in `written`: the number and where it ends, unless the
/// brackets go on as a link (`[1](…)`, `[1][…]`, `[1]:`).
fn bracketed(written: &str, i: usize) -> Option<(u32, usize)> {
    let rest = &written[i + 1..];
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 3 || !rest[digits..].starts_with(']') {
        return None;
    }
    let end = i + 1 + digits + 1;
    if written[end..].starts_with(['(', '[', ':']) {
        return None;
    }
    Some((rest[..digits].parse().ok()?, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<Pasted> {
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
        assert_eq!(found("[1] A line first.\n\nThen [1] after it.\n"), None);
        assert_eq!(found("A \\[1] and [1](x) and [1]: y\n\n[1] note\n"), None);
        assert_eq!(found("Year [2024] and [0]\n\n[2024] x\n[0] y\n"), None);
    }
}

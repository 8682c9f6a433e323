//! Characters that a numeric character reference (`&#1;`) brings into
//! the text and that XML cannot carry. Typed ones are refused where files
//! are read (see `content::control_characters`), but only the Markdown
//! parser decodes a reference, so it is caught here, in the parser's
//! events: as is, the character would reach the feeds and make them
//! ill-formed for every reader.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};

use crate::content::first_not_in_xml;

/// Whether `c` is no character for a feed or a page (see
/// `content::is_not_text`). (NUL and surrogates are decoded as U+FFFD by
/// the parser already.)
fn not_in_xml(c: char) -> bool {
    crate::content::is_not_text(c)
}

/// The controls the build itself puts in the text it parses: a shortcode
/// call's token and a reference's placeholder (see `tokens` and
/// `REF_MARK`), which are replaced before anything is written.
fn is_mark(c: char) -> bool {
    c == '\u{1C}' || c == super::REF_MARK
}

/// `s` with what XML cannot carry replaced by U+FFFD, and whether it had
/// any. The build's own marks stay; one written as a reference (`&#28;`)
/// is found by [`marks_written`].
fn scrub(s: CowStr<'_>) -> (CowStr<'_>, bool) {
    let bad = |c: char| not_in_xml(c) && !is_mark(c);
    if first_not_in_xml(s.as_bytes(), 0).is_none() || !s.chars().any(bad) {
        return (s, false);
    }
    let clean: String = s
        .chars()
        .map(|c| if bad(c) { '\u{FFFD}' } else { c })
        .collect();
    (clean.into(), true)
}

/// Whether `event`'s text holds one of the build's marks and its source
/// (`source`) a character reference, which may have written the mark.
pub(super) fn marks_written(event: &Event<'_>, source: &str) -> bool {
    matches!(event, Event::Text(t) if t.contains(is_mark)) && source.contains("&#")
}

/// The parts of `html` (raw HTML as written) whose character references
/// a browser reads: outside comments, and outside the text of `<script>`
/// and `<style>`, which is not decoded. `unread` carries the end of such a
/// part (`-->`, `</script`) left open from one line of an HTML block to
/// the next.
pub(super) fn read_parts(html: &str, unread: &mut Option<&'static str>) -> Vec<Range<usize>> {
    // Tags are found in any case; ASCII lowering keeps the offsets.
    let lower = html.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut at = 0;
    while at < html.len() {
        if let Some(end) = *unread {
            match lower[at..].find(end) {
                Some(i) => {
                    at += i + end.len();
                    *unread = None;
                }
                None => break,
            }
            continue;
        }
        let next = ["<!--", "<script", "<style"]
            .into_iter()
            .filter_map(|open| lower[at..].find(open).map(|i| (at + i, open)))
            .min();
        let Some((i, open)) = next else {
            parts.push(at..html.len());
            break;
        };
        parts.push(at..i);
        at = i + open.len();
        if open == "<!--" {
            // `<!-->` and `<!--->` are comments closed at once.
            let rest = &html[at..];
            if rest.starts_with('>') {
                at += 1;
            } else if rest.starts_with("->") {
                at += 2;
            } else {
                *unread = Some("-->");
            }
        } else {
            // The start tag's attributes are read; its text is not.
            match lower[at..].find('>') {
                Some(j) => {
                    parts.push(at..at + j);
                    at += j + 1;
                }
                None => {
                    parts.push(at..html.len());
                    break;
                }
            }
            *unread = Some(if open == "<script" {
                "</script"
            } else {
                "</style"
            });
        }
    }
    parts
}

/// Which part of an event's source held a character XML cannot carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// Its text: the whole of its source.
    Text,
    /// A link's or image's title: after its text (`](`), or in the
    /// definition of a reference link.
    Title,
    /// A code fence's info string: its first line.
    Info,
}

/// `event` with the characters XML cannot carry replaced by U+FFFD (in
/// its text, a link's or image's title, a code fence's info string), and
/// the part that had any.
pub(super) fn scrubbed(event: Event<'_>) -> (Event<'_>, Option<Part>) {
    // The event made again around its string, scrubbed.
    fn again<'a>(
        s: CowStr<'a>,
        part: Part,
        make: impl FnOnce(CowStr<'a>) -> Event<'a>,
    ) -> (Event<'a>, Option<Part>) {
        let (s, bad) = scrub(s);
        (make(s), bad.then_some(part))
    }
    match event {
        Event::Text(t) => again(t, Part::Text, Event::Text),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => again(title, Part::Title, |title| {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => again(title, Part::Title, |title| {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            again(info, Part::Info, |info| {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            })
        }
        event => (event, None),
    }
}

/// The part of `source` (an event's) where `part` is written.
pub(super) fn narrowed(source: &str, part: Part) -> Range<usize> {
    match part {
        Part::Text => 0..source.len(),
        Part::Title => source.rfind("](").map_or(0, |at| at + 2)..source.len(),
        Part::Info => 0..source.find('\n').unwrap_or(source.len()),
    }
}

/// Each numeric character reference in `text` that names a character
/// XML cannot carry: where it is, and the character.
pub(super) fn references(text: &str) -> Vec<(Range<usize>, char)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("&#").map(|i| from + i) {
        from = at + 2;
        let rest = &text[from..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        // CommonMark reads at most 7 decimal or 6 hex digits.
        if len == 0 || len > if radix == 10 { 7 } else { 6 } {
            continue;
        }
        if !digits[len..].starts_with(';') {
            continue;
        }
        let end = from + (rest.len() - digits.len()) + len + 1;
        let c = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        // (`&#0;` is read as U+FFFD.)
        if let Some(c) = c.filter(|&c| c != '\0' && not_in_xml(c)) {
            found.push((at..end, c));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{references, scrubbed};
    use pulldown_cmark::{CowStr, Event};

    #[test]
    fn finds_the_references_xml_cannot_carry() {
        let text = "a&#1;b &#x0B; &#XFFFE; &#9; &#65; &#0; &#12345678; &#x1";
        let found: Vec<_> = references(text)
            .into_iter()
            .map(|(r, c)| (&text[r], c))
            .collect();
        assert_eq!(
            found,
            [
                ("&#1;", '\u{1}'),
                ("&#x0B;", '\u{b}'),
                ("&#XFFFE;", '\u{fffe}')
            ]
        );
    }

    #[test]
    fn replaces_what_xml_cannot_carry() {
        let (e, bad) = scrubbed(Event::Text(CowStr::from("a\u{1}b\u{fffe}")));
        assert_eq!(bad, Some(super::Part::Text));
        assert_eq!(e, Event::Text(CowStr::from("a\u{fffd}b\u{fffd}")));
        let (_, bad) = scrubbed(Event::Text(CowStr::from("tab\tok\n")));
        assert!(bad.is_none());
    }
}

//! Notes written inside a link's text (`[as shown[^1]](@sd-12)`).
//!
//! pulldown-cmark does not make such a link: a note marker is itself a
//! bracketed construct, and the brackets around it stay text. The page
//! would show `[as shown¹](@sd-12)` as written, and the reference would
//! be neither resolved, checked nor counted in "Cited by". This stage
//! finds them in the event stream, so that the build says where, and
//! how to write it instead.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// Reads a document's events; collects the spans of links whose text
/// holds a note marker.
#[derive(Default)]
pub(super) struct NoteLinks {
    /// The `[`s (and `![`s) left as text in the current block, each with
    /// the labels of the notes after it.
    open: Vec<(usize, Vec<String>, bool)>,
    /// (span from `[` through `]`, the notes' labels, an image's).
    pub(super) found: Vec<(Range<usize>, Vec<String>, bool)>,
    /// One followed by `[label]`: a link only if the label made one on
    /// its own (a defined reference), which the next event tells.
    waiting: Option<(Range<usize>, Vec<String>, bool)>,
}

impl NoteLinks {
    pub(super) fn event(&mut self, event: &Event<'_>, range: &Range<usize>, text: &str) {
        // (Only a link by reference: `[y](/z)` after `[x[^a]]` is a link
        // of its own.)
        if let Some((span, labels, image)) = self.waiting.take()
            && let Event::Start(Tag::Link { link_type, .. }) = event
            && matches!(
                link_type,
                LinkType::Reference | LinkType::Shortcut | LinkType::Collapsed
            )
            && range.start == span.end
        {
            self.found.push((span, labels, image));
        }
        match event {
            Event::Text(t) if matches!(t.as_ref(), "[" | "![") => {
                self.open
                    .push((range.start, Vec::new(), t.as_ref() == "!["));
            }
            Event::FootnoteReference(label) => {
                if let Some((_, labels, _)) = self.open.last_mut() {
                    labels.push(label.to_string());
                }
            }
            Event::Text(t) if t.as_ref() == "]" => {
                let Some((start, labels, image)) = self.open.pop() else {
                    return;
                };
                let rest = text.get(range.end..).unwrap_or_default();
                let found = (start..range.end, labels, image);
                if found.1.is_empty() {
                    return;
                }
                if rest.starts_with('[') && !rest.starts_with("[^") {
                    self.waiting = Some(found);
                } else if rest.starts_with('(') && !link_dest(text, range.end).is_empty() {
                    self.found.push(found);
                } else if let Some((_, outer, _)) = self.open.last_mut() {
                    // Plain brackets: their notes may still sit in an
                    // outer `[`'s text.
                    outer.extend(found.1);
                }
            }
            // Brackets never pair across blocks.
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => self.open.clear(),
            _ => {}
        }
    }
}

/// The message and help for a link (or image) at `span` of `text` whose
/// text holds the notes `labels`.
pub(super) fn message(
    text: &str,
    span: &Range<usize>,
    labels: &[String],
    image: bool,
) -> (String, String) {
    let markers: Vec<String> = labels.iter().map(|l| format!("[^{l}]")).collect();
    let markers = markers.join("");
    if image {
        return (
            format!(
                "a note marker `{markers}` inside an image's description: the image is not shown"
            ),
            format!(
                "put the note after the image, as in `![description](path){markers}`: a description cannot hold a note"
            ),
        );
    }
    // The link as written, without its markers, and them after it.
    let written = text.get(span.clone()).unwrap_or_default();
    let mut bare = written.to_string();
    for l in labels {
        bare = bare.replacen(&format!("[^{l}]"), "", 1);
    }
    // `[ref [^a]]` is `[ref]`, not `[ref ]`.
    if let Some(inner) = bare.strip_suffix(']') {
        bare = format!("{}]", inner.trim_end());
    }
    let dest = link_dest(text, span.end);
    (
        format!(
            "a note marker `{markers}` inside a link's text: the link is not made, and the page shows the brackets as written"
        ),
        format!("put the note after the link: `{bare}{dest}{markers}`"),
    )
}

/// The destination that follows a link's `]` at `at`, on the same line:
/// `[label]`, or `(…)` when it reads as a link's (an address, bare with
/// balanced parentheses or in `<…>`, then at most a title in quotes or
/// parentheses: `(p. 4)` is none). Empty when there is none.
fn link_dest(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    if line.starts_with('[') {
        return line
            .find(']')
            .and_then(|end| line.get(..=end))
            .unwrap_or("");
    }
    if !line.starts_with('(') {
        return "";
    }
    paren_dest_len(line)
        .and_then(|n| line.get(..n))
        .unwrap_or("")
}

/// The length of `(address "title")` at the start of `line`, if it is
/// one.
fn paren_dest_len(line: &str) -> Option<usize> {
    let inner = line.get(1..)?;
    let address_at = inner.len() - inner.trim_start().len();
    let from = inner.get(address_at..)?;
    let address_len = if from.starts_with('<') {
        from.find('>')? + 1
    } else {
        let mut depth = 0usize;
        let mut end = from.len();
        for (i, c) in from.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        (depth == 0).then_some(end)?
    };
    let after = from.get(address_len..)?;
    let title_at = after.len() - after.trim_start().len();
    let title = after.get(title_at..)?;
    let title_len = match title.chars().next()? {
        ')' => 0,
        open @ ('"' | '\'' | '(') => {
            let close = if open == '(' { ')' } else { open };
            title.get(1..)?.find(close)? + 2
        }
        _ => return None,
    };
    let tail = title.get(title_len..)?;
    let close_at = tail.len() - tail.trim_start().len();
    tail.get(close_at..)?
        .starts_with(')')
        .then_some(1 + address_at + address_len + title_at + title_len + close_at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn found(text: &str) -> Vec<(String, String)> {
        let mut n = NoteLinks::default();
        for (event, range) in Parser::new_ext(text, Options::ENABLE_FOOTNOTES).into_offset_iter() {
            n.event(&event, &range, text);
        }
        n.found
            .iter()
            .map(|(span, labels, image)| {
                let (_, help) = message(text, span, labels, *image);
                (text[span.clone()].to_string(), help)
            })
            .collect()
    }

    #[test]
    fn a_note_inside_a_links_text_is_found_with_the_link_to_write() {
        let text = "As [the first showed[^a]](@sd-1) did.\n\n[^a]: Note.\n";
        assert_eq!(
            found(text),
            vec![(
                "[the first showed[^a]]".to_string(),
                "put the note after the link: `[the first showed](@sd-1)[^a]`".to_string()
            )]
        );
    }

    #[test]
    fn notes_beside_links_and_in_plain_brackets_are_not() {
        let text = "A [link](@sd-1)[^a] and [an aside[^a]] and [x] (y).\n\n[^a]: Note.\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn brackets_that_make_no_link_with_the_note_moved_out_are_not() {
        // A second note, an undefined label, a `(` with no address.
        let text =
            "A [1998[^a]][^b], [guess[^a]][nope] and [ibid.[^a]](p. 4).\n\n[^a]: A.\n[^b]: B.\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
        // A titled destination is one, in any of its forms.
        for dest in ["(/x \"T\")", "(</a b>)", "(/x (T))", "(/wiki/A_(b))", "()"] {
            let text = format!("A [this[^a]]{dest}.\n\n[^a]: A.\n");
            assert_eq!(found(&text).len(), 1, "{dest}");
        }
        // Unbalanced, a title with no quotes, a link of its own after.
        for after in ["(/a(b) end", "(Jones(2001) p. 4)", "[y](/z)"] {
            let text = format!("A [this[^a]]{after}.\n\n[^a]: A.\n");
            assert!(found(&text).is_empty(), "{after}");
        }
    }

    #[test]
    fn reference_style_links_and_images_are_found_too() {
        let text = "A [ref [^a]][r] and ![map[^a]](/m.svg).\n\n[r]: @sd-1\n[^a]: Note.\n";
        let f = found(text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].1, "put the note after the link: `[ref][r][^a]`");
        assert!(f[1].0.starts_with("![map"));
    }
}

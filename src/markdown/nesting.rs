//! Block calls must end where they start: a `{% post() %}` opened in a
//! note, a list item, a quote, a table cell, a heading or a paragraph and
//! closed outside it (in the next note, after the list) would publish its
//! HTML torn across two elements.
//!
//! Calls are found before Markdown is parsed, so this is only known once
//! the parser has placed their tokens: each block's opening and closing
//! tokens are checked to sit in the same innermost element. A token alone
//! in its paragraph stands for a block of its own (its HTML replaces the
//! paragraph), so it is in the element around that paragraph.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::tokens::TOKEN;

/// Follows the elements the parser opens and closes, and where each
/// block call's tokens fall in them.
#[derive(Default)]
pub(super) struct Nesting {
    /// The open elements, innermost last: where each is in the text, and
    /// whether it is a paragraph.
    open: Vec<(Range<usize>, bool)>,
    /// Per block call opened: its call and innermost element then.
    blocks: Vec<(usize, Option<usize>)>,
    /// Block calls closed in another element than they opened in.
    torn: Vec<usize>,
}

impl Nesting {
    /// Takes the parser's next event and its range in `text`.
    pub(super) fn event(&mut self, event: &Event<'_>, range: &Range<usize>, text: &str) {
        match event {
            Event::Start(tag) if container(tag) => {
                self.open
                    .push((range.clone(), matches!(tag, Tag::Paragraph)));
            }
            Event::End(end) if container_end(end) => {
                self.open.pop();
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if t.contains('\u{1C}') => {
                // (Only a paragraph: a table cell holding one token is
                // still the cell.)
                let alone = |(inner, paragraph): &(Range<usize>, bool)| {
                    let whole = text.get(inner.clone()).unwrap_or_default().trim();
                    *paragraph && is_one_token(whole)
                };
                let depth = match self.open.last() {
                    Some(inner) if alone(inner) => self.open.len() - 1,
                    _ => self.open.len(),
                };
                let here = depth
                    .checked_sub(1)
                    .and_then(|i| self.open.get(i))
                    .map(|(r, _)| r.start);
                for (call, kind) in tokens(t) {
                    match kind {
                        'O' => self.blocks.push((call, here)),
                        'C' => {
                            let opened = self.blocks.iter().rposition(|&(c, _)| c == call);
                            if let Some(i) = opened {
                                if self.blocks[i].1 != here {
                                    self.torn.push(call);
                                }
                                self.blocks.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// The block calls that end in another element than they start in,
    /// each once, in order.
    pub(super) fn torn(mut self) -> Vec<usize> {
        self.torn.sort_unstable();
        self.torn.dedup();
        self.torn
    }
}

/// Tags whose element a block call's HTML cannot leave.
fn container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Item
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::TableCell
            | Tag::Heading { .. }
            | Tag::Paragraph
    )
}

fn container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::TableCell
            | TagEnd::Heading(_)
            | TagEnd::Paragraph
    )
}

/// Whether `text` is one token and nothing else.
fn is_one_token(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(TOKEN) else {
        return false;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && matches!(&rest[digits..], "X" | "O" | "C")
}

/// The calls and kinds (`X`, `O`, `C`) of the tokens in `text`.
fn tokens(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.match_indices(TOKEN).filter_map(move |(i, _)| {
        let after = &text[i + TOKEN.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let call = after[..digits].parse().ok()?;
        let kind = after[digits..].chars().next()?;
        Some((call, kind))
    })
}

#[cfg(test)]
mod tests {
    use super::Nesting;
    use crate::markdown::shortcodes::expand;

    /// The block calls of `source` torn apart, found as a render finds
    /// them: in the text with its calls expanded to tokens.
    fn torn(source: &str) -> Vec<usize> {
        let (text, _, _, errors) = expand(source, &["post".to_string()]);
        assert!(errors.is_empty(), "{errors:?}");
        let mut nesting = Nesting::default();
        let parser = pulldown_cmark::Parser::new_ext(&text, crate::markdown::options());
        for (event, range) in parser.into_offset_iter() {
            nesting.event(&event, &range, &text);
        }
        nesting.torn()
    }

    #[test]
    fn a_block_must_end_in_the_element_it_starts_in() {
        let (o, c) = ("{% post() %}", "{% end %}");
        // Where it starts: on a line of its own, in a note, in an item,
        // in a quote, inside a paragraph.
        let whole = [
            format!("{o}\nBody.\n\n- a list\n\n> a quote\n{c}\n"),
            format!("A[^1].\n\n[^1]: {o}\n    Body.\n\n    More.\n    {c}\n"),
            format!("A[^1].\n\n[^1]: {o}\nLazy body.\n{c}\n"),
            format!("- {o}\n  Body.\n  {c}\n- next\n"),
            format!("- item\n\n  {o}\n  Body.\n\n  More.\n  {c}\n"),
            format!("> {o}\n> Body.\n> {c}\n"),
            format!("Inline {o}body{c} in a paragraph.\n"),
        ];
        for text in &whole {
            assert!(torn(text).is_empty(), "{text:?}");
        }
        let torn_apart = [
            format!("A[^1][^2].\n\n[^1]: {o}\n    Body.\n\n[^2]: Two.\n    {c}\n"),
            format!("- {o}\n  Body.\n- {c}\n"),
            format!("> {o}\n> Body.\n\n{c}\n"),
            format!("# Heading {o}\n\nBody\n\n{c}\n"),
            format!("Intro {o}\n\nBody.\n\n{c}\n"),
            format!("| a | b |\n|---|---|\n| {o} | x |\n| y | {c} |\n"),
        ];
        for text in &torn_apart {
            assert_eq!(torn(text), [0], "{text:?}");
        }
    }
}

//! Block calls must end where they start: a `{% post() %}` opened in a
//! note, a list item or a quote and closed outside it (in the next note,
//! after the list) would publish its HTML torn across two elements.
//!
//! Calls are found before Markdown is parsed, so this is only known once
//! the parser has placed their tokens: each block's opening and closing
//! tokens are checked to sit in the same innermost container.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::tokens::TOKEN;

/// Follows the containers the parser opens and closes, and where each
/// block call's tokens fall in them.
#[derive(Default)]
pub(super) struct Nesting {
    /// Starts of the open containers, innermost last.
    open: Vec<usize>,
    /// Per block call opened: its call and innermost container then.
    blocks: Vec<(usize, Option<usize>)>,
    /// Block calls closed in another container than they opened in.
    torn: Vec<usize>,
}

impl Nesting {
    pub(super) fn event(&mut self, event: &Event<'_>, start: usize) {
        match event {
            Event::Start(tag) if container(tag) => self.open.push(start),
            Event::End(end) if container_end(end) => {
                self.open.pop();
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if t.contains('\u{1C}') => {
                for (call, kind) in tokens(t) {
                    let here = self.open.last().copied();
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

    /// The block calls that end in another container than they start in,
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
        Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::TableCell
    )
}

fn container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::TableCell
    )
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
    use crate::markdown::tokens::token;

    fn torn(text: &str) -> Vec<usize> {
        let mut nesting = Nesting::default();
        let parser = pulldown_cmark::Parser::new_ext(text, crate::markdown::options());
        for (event, range) in parser.into_offset_iter() {
            nesting.event(&event, range.start);
        }
        nesting.torn()
    }

    #[test]
    fn a_block_must_end_in_the_note_item_or_quote_it_starts_in() {
        let (o, c) = (token(0, 'O'), token(0, 'C'));
        // Where it starts: at the top, in a note, in an item, in a quote.
        let whole = [
            format!("{o}\nBody.\n\n- a list\n\n{c}\n"),
            format!("A[^1].\n\n[^1]: {o}\n    Body.\n\n    More.\n    {c}\n"),
            format!("- {o}\n  Body.\n  {c}\n- next\n"),
            format!("> {o}\n> Body.\n> {c}\n"),
        ];
        for text in &whole {
            assert!(torn(text).is_empty(), "{text:?}");
        }
        let torn_apart = [
            format!("A[^1][^2].\n\n[^1]: {o}\n    Body.\n\n[^2]: Two.\n    {c}\n"),
            format!("- {o}\n  Body.\n- {c}\n"),
            format!("> {o}\n> Body.\n\n{c}\n"),
            format!("{o}\n\n- item {c}\n"),
        ];
        for text in &torn_apart {
            assert_eq!(torn(text), [0], "{text:?}");
        }
    }
}

//! The tokens that stand for shortcode calls while Markdown is parsed:
//! an inline call is one token; a block call's body sits between an
//! opening and a closing token. After parsing, the tokens are swapped for
//! the calls' HTML, and kept out of the document's text.
//!
//! A token starts with U+001C, a control character that no content file
//! may hold (`content` rejects it), so no text an author writes can pass
//! for one; Markdown treats it as it treats a letter, and leaves it be.

/// The start of every token.
pub(super) const TOKEN: &str = "\u{1C}SC";

/// Whether `text` may hold a call's token: its first char, sought as one
/// byte (fast), where a token is rare.
pub(super) fn has_token(text: &str) -> bool {
    text.contains('\u{1C}')
}

/// Whether `text` ends with a block call's opening or closing token
/// (`...\u{1C}SC3O`): an inline call's is part of a line.
pub(super) fn ends_with_block_token(text: &str) -> bool {
    let Some(at) = text.rfind(TOKEN) else {
        return false;
    };
    let after = &text[at + TOKEN.len()..];
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && matches!(&after[digits..], "O" | "C")
}

/// Whether `text` starts with a block call's closing token.
pub(super) fn starts_with_closing_token(text: &str) -> bool {
    let Some(after) = text.strip_prefix(TOKEN) else {
        return false;
    };
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && after[digits..].starts_with('C')
}

/// The token that stands for inline call `i` in the expanded text; a
/// block call's body sits between its `O`pening and `C`losing tokens.
pub(super) fn token(i: usize, kind: char) -> String {
    format!("{TOKEN}{i}{kind}")
}

/// `t` without the tokens in it: the words of the document's own text.
pub(super) fn strip_tokens(t: &str) -> std::borrow::Cow<'_, str> {
    // Every text event passes here: a byte search, not a string search,
    // since the control character starting a token is in no other text.
    if !t.as_bytes().contains(&0x1C) {
        return t.into();
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(i) = rest.find(TOKEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + TOKEN.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[digits..].chars().next() {
            Some('X' | 'O' | 'C') if digits > 0 => rest = &after[digits + 1..],
            _ => {
                out.push_str(TOKEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The calls whose tokens are in `t`, in order.
pub(super) fn calls_in(t: &str) -> Vec<usize> {
    let mut calls = Vec::new();
    let mut at = 0;
    while let Some(found) = next_token(t, at) {
        calls.push(found.call);
        at = found.end;
    }
    calls
}

/// The block calls whose tokens are in `t`, in order, each with whether
/// its token opens the body (or closes it).
pub(super) fn blocks_in(t: &str) -> Vec<(usize, bool)> {
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(found) = next_token(t, at) {
        if found.kind != b'X' {
            blocks.push((found.call, found.kind == b'O'));
        }
        at = found.end;
    }
    blocks
}

/// A token found in HTML: its call, its kind (`X`, `O` or `C`) and where
/// it starts and ends, with the paragraph around it when it stands alone
/// in one (its HTML is a block, so it replaces the paragraph).
struct Found {
    call: usize,
    kind: u8,
    start: usize,
    end: usize,
}

fn next_token(html: &str, from: usize) -> Option<Found> {
    let mut at = from;
    while let Some(i) = html[at..].find(TOKEN) {
        let start = at + i;
        let digits_at = start + TOKEN.len();
        let after = &html[digits_at..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let kind = after.as_bytes().get(digits).copied();
        match (after[..digits].parse::<usize>(), kind) {
            (Ok(call), Some(kind @ (b'X' | b'O' | b'C'))) => {
                let mut end = digits_at + digits + 1;
                let mut start = start;
                if html[..start].ends_with("<p>") && html[end..].starts_with("</p>") {
                    start -= 3;
                    end += 4;
                    if html[end..].starts_with('\n') {
                        end += 1;
                    }
                }
                return Some(Found {
                    call,
                    kind,
                    start,
                    end,
                });
            }
            _ => at = digits_at,
        }
    }
    None
}

/// Whether a paragraph's HTML is only calls' tokens, each alone on its
/// line (of the `kinds` given): a paragraph unwrapped for their HTML
/// (see [`unwrap_call_paragraphs`]; a token alone is unwrapped as it is
/// swapped).
pub(super) fn only_tokens(paragraph: &str, kinds: &[u8]) -> bool {
    paragraph.split('\n').all(|line| {
        next_token(line, 0)
            .is_some_and(|t| kinds.contains(&t.kind) && t.start == 0 && t.end == line.len())
    })
}

/// `html` with every paragraph that holds only calls, each alone on its
/// line, unwrapped: their HTML is blocks, as a call alone in its paragraph
/// is (a `<figure>` cannot sit in a `<p>`).
fn unwrap_call_paragraphs(html: &str) -> std::borrow::Cow<'_, str> {
    // Every page with a call passes here: found by the token's first byte
    // (a byte search), and copied only when a paragraph is unwrapped.
    let mut out: Option<String> = None;
    let (mut copied, mut from) = (0, 0);
    while let Some(i) = html[from..].find('\u{1C}') {
        let token = from + i;
        from = token + 1;
        if !html[..token].ends_with("<p>") {
            continue;
        }
        let start = token - 3;
        let Some(len) = html[token..].find("</p>") else {
            break;
        };
        let inner = &html[token..token + len];
        let end = token + len + 4;
        from = end;
        if inner.contains('\n') && only_tokens(inner, b"X") {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            o.push_str(inner);
            copied = end;
        }
    }
    match out {
        None => html.into(),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            o.into()
        }
    }
}

/// Swaps shortcode tokens for their HTML, rendered by `render` (call,
/// body HTML for a block call). A block call's body is the HTML between
/// its tokens, with the calls nested in it already swapped.
pub(super) fn substitute_tokens(
    html: &str,
    render: &mut dyn FnMut(usize, Option<&str>) -> String,
) -> String {
    let html = &*unwrap_call_paragraphs(html);
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(t) = next_token(html, at) {
        out.push_str(&html[at..t.start]);
        at = t.end;
        match t.kind {
            b'X' => out.push_str(&render(t.call, None)),
            b'O' => {
                // Its closing token: the first `C` of this call after it.
                let mut close = next_token(html, at);
                while let Some(c) = &close
                    && !(c.kind == b'C' && c.call == t.call)
                {
                    close = next_token(html, c.end);
                }
                let (body_end, after) =
                    close.map_or((html.len(), html.len()), |c| (c.start, c.end));
                let body = substitute_tokens(&html[at..body_end], render);
                out.push_str(&render(t.call, Some(&body)));
                at = after;
            }
            // A closing token without its opening one (Markdown moved
            // it, say into a list): nothing to show.
            _ => {}
        }
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stripped_from_text() {
        assert_eq!(strip_tokens("a \u{1C}SC0X b \u{1C}SC12O"), "a  b ");
        assert_eq!(
            strip_tokens("\u{1C}SC is not one, \u{1C}SC3 nor this"),
            "\u{1C}SC is not one, \u{1C}SC3 nor this"
        );
    }

    #[test]
    fn a_paragraph_of_calls_a_line_each_is_unwrapped() {
        let html = "<p>ANNALSSC0X\nANNALSSC1X</p>\n<p>ANNALSSC2X and text\nANNALSSC3X</p>\n"
            .replace("ANNALSSC", TOKEN);
        let mut render = |i: usize, _: Option<&str>| format!("<figure>{i}</figure>");
        assert_eq!(
            substitute_tokens(&html, &mut render),
            "<figure>0</figure>\n<figure>1</figure>\n<p><figure>2</figure> and text\n<figure>3</figure></p>\n"
        );
    }

    #[test]
    fn nested_bodies_are_swapped_inside_out() {
        let html = "<p>ANNALSSC0O</p>\n<p>out</p>\n<p>ANNALSSC1O</p>\n<p>in ANNALSSC2X</p>\n<p>ANNALSSC1C</p>\n<p>ANNALSSC0C</p>\n"
            .replace("ANNALSSC", TOKEN);
        let mut render = |i: usize, body: Option<&str>| format!("[{i}:{}]", body.unwrap_or("-"));
        assert_eq!(
            substitute_tokens(&html, &mut render),
            "[0:<p>out</p>\n[1:<p>in [2:-]</p>\n]]"
        );
    }
}

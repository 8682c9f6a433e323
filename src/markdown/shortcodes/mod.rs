//! Shortcodes: `{{ name(k="v", n=3) }}` and `{% name(k="v") %}body{% end %}`.
//!
//! Calls are found before Markdown parsing (a body may span paragraphs) and
//! replaced by alphanumeric tokens that Markdown passes through untouched:
//! an inline call by one token, a block call by an opening and a closing
//! token on lines of their own around its body. The body stays in the
//! document, so its references, footnotes and words are the document's
//! (resolved, numbered, searchable), and calls may nest. The tokens are
//! swapped for the rendered HTML afterwards. Code blocks and inline code
//! are skipped, and text that merely contains `{{` stays text.
//! An [`OffsetMap`] maps positions in the expanded text back to the file so
//! that later diagnostics still point at the editor's own lines.

use std::collections::BTreeMap;

use super::tokens::token;

mod foreign;
mod heads;
mod parse;

pub use parse::{Arg, callable_name};
use parse::{Head, closed_at, parse_head, skip_ws, slip_help};
use std::ops::Range;

/// One call found in the source.
#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, Arg>,
    /// The block form, `{% name() %}body{% end %}`.
    pub block: bool,
    /// Byte range of the whole call in the text given to [`expand`].
    pub span: Range<usize>,
}

/// A problem with a call, located in the text given to [`expand`].
#[derive(Debug, Clone)]
pub struct CallError {
    pub message: String,
    pub span: Range<usize>,
    /// Text that only looks like a call: it is left as text, with a warning.
    pub left_as_text: bool,
    /// What to do about it, when the caller's general advice does not fit.
    pub help: Option<String>,
}

/// Maps byte offsets in the expanded text back to the original text.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// (offset in expanded text where a token ends, offset in original text there)
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn to_original(&self, pos: usize) -> usize {
        match self.anchors.partition_point(|&(new, _)| new <= pos) {
            0 => pos,
            i => {
                let (new, old) = self.anchors[i - 1];
                old + (pos - new)
            }
        }
    }
}

/// How deep block calls may nest.
const MAX_DEPTH: usize = 32;

/// Finds the calls of `known` shortcodes in `text`; returns the text with
/// each call replaced by its [`token`].
pub fn expand(text: &str, known: &[String]) -> (String, Vec<Call>, OffsetMap, Vec<CallError>) {
    let mut out = String::with_capacity(text.len());
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut map = OffsetMap::default();
    // Most documents have no call: no need to find their code.
    let bytes = text.as_bytes();
    let opens = |(i, _): (usize, &str)| matches!(bytes.get(i + 1), Some(b'{' | b'%'));
    if !text.match_indices('{').any(opens) {
        return (text.to_string(), calls, map, errors);
    }
    let skip = heads::code_outside_calls(text);
    let ends = pair_ends(text, &skip);
    let mut copied = 0;
    let mut pos = 0;
    // Open block calls, innermost last.
    let mut open: Vec<OpenBody> = Vec::new();
    while let Some(found) = text[pos..].find('{') {
        let start = pos + found;
        pos = start + 1;
        if let Some(&body) = open.last()
            && start >= body.end
        {
            // The innermost body ends here: its closing token stands for
            // the `{% end %}`.
            copied = close_body(text, &mut out, &mut map, copied, body);
            open.pop();
            pos = copied;
            continue;
        }
        if let Some(r) = code_range(&skip, start) {
            pos = r.end.max(pos);
            continue;
        }
        let block = match text.as_bytes().get(start + 1) {
            Some(b'{') => false,
            Some(b'%') => true,
            _ => continue,
        };
        let Some(head) = parse_head(text, start + 2) else {
            // A no-break space (a paste) where a space goes: the call of
            // a known shortcode would be left as text unsaid.
            if let Some(c) = text[start + 2..]
                .chars()
                .next()
                .filter(|c| !c.is_ascii() && c.is_whitespace())
                && let Some(head) = parse_head(text, start + 2 + c.len_utf8())
                && known.contains(&head.name)
            {
                let opening = &text[start..start + 2];
                errors.push(CallError {
                    message: format!(
                        "this looks like a call of shortcode `{}`, but the space after `{opening}` is a no-break space, U+{:04X}; it is left as text",
                        head.name,
                        u32::from(c)
                    ),
                    span: start + 2..start + 2 + c.len_utf8(),
                    left_as_text: true,
                    help: Some(format!("type a plain space after `{opening}`")),
                });
                pos = start + 2 + c.len_utf8();
                continue;
            }
            if let Some((error, end)) = foreign::foreign_call(text, start, known) {
                errors.extend(error);
                pos = end;
                continue;
            }
            if block && let Some((error, end)) = foreign::foreign_tag(text, start, known) {
                errors.push(error);
                pos = end;
                continue;
            }
            // A `{% end %}` that closes nothing (a matched one is handled
            // above): left as text, but most likely a stray.
            let i = skip_ws(text, start + 2);
            if block && text[i..].starts_with("end") {
                let j = skip_ws(text, i + 3);
                if text[j..].starts_with("%}") {
                    errors.push(CallError {
                        message: "this `{% end %}` closes no shortcode; it is left as text"
                            .to_string(),
                        span: start..j + 2,
                        left_as_text: true,
                        help: Some(
                            "remove it, or open the block before it with `{% name(...) %}`"
                                .to_string(),
                        ),
                    });
                    pos = j + 2;
                }
            }
            continue;
        };
        let is_known = known.contains(&head.name);
        let parsed = head.args.and_then(|(args, args_end)| {
            let close = if block { "%}" } else { "}}" };
            closed_at(text, args_end, block)
                .map(|end| (args, end))
                .map_err(|at| ("`".to_string() + close + "` does not close it", at))
        });
        let (args, end) = match parsed {
            Ok(v) => v,
            Err((msg, at)) => {
                // Not a well-formed call, so it stays text; a near miss
                // of a known shortcode is most likely a typo, so say so.
                if is_known {
                    let found = text[at..].chars().next();
                    // (A paste's no-break space, which no one sees.)
                    let (msg, help) = match found.filter(|c| !c.is_ascii() && c.is_whitespace()) {
                        Some(c) => (
                            format!(
                                "a no-break space, U+{:04X}, stands where a plain space goes",
                                u32::from(c)
                            ),
                            Some("type a plain space there".to_string()),
                        ),
                        None => (msg, slip_help(text, at)),
                    };
                    errors.push(CallError {
                        message: format!(
                            "this looks like a call of shortcode `{}`, but {msg}; it is left as text",
                            head.name
                        ),
                        span: at..at + found.map_or(0, char::len_utf8),
                        left_as_text: true,
                        help,
                    });
                }
                continue;
            }
        };
        for (key, at) in &head.twice {
            errors.push(CallError {
                message: format!("argument `{key}` is given twice"),
                span: *at..at + key.len(),
                left_as_text: false,
                help: Some(format!(
                    "give `{key}` once: only its first value would be used"
                )),
            });
        }
        if !is_known {
            let near = crate::diagnostic::nearest(&head.name, known.iter().map(String::as_str));
            errors.push(CallError {
                message: format!("unknown shortcode `{}`", head.name),
                span: start..end,
                left_as_text: false,
                // A misspelt one, or one to make (a moved site's own).
                help: Some(match near {
                    Some(n) => {
                        format!("did you mean `{n}`? Known shortcodes: {}", known.join(", "))
                    }
                    None if known.is_empty() => format!(
                        "the theme has no shortcodes, and neither has the site: a shortcode is \
                         a template, templates/shortcodes/{}.html",
                        head.name
                    ),
                    None => format!(
                        "known shortcodes: {}; a shortcode of your own is a template, \
                         templates/shortcodes/{}.html",
                        known.join(", "),
                        head.name
                    ),
                }),
            });
            // Its `{% end %}` is its own, not a stray one.
            pos = match block.then(|| find_end(&ends, end)).flatten() {
                Some((_, after_end)) => after_end,
                None => end,
            };
            continue;
        }
        if is_address(text, start..end) {
            errors.push(CallError {
                message: format!(
                    "shortcode `{}` is a link's address: a call writes HTML, so Markdown reads no link here",
                    head.name
                ),
                span: start..end,
                left_as_text: false,
                help: Some(
                    "write the address in the parentheses (an `@` reference for a dispatch, a page \
                     or a term), and the call beside the link"
                        .to_string(),
                ),
            });
        }
        if block && open.len() >= MAX_DEPTH {
            // Each level's HTML holds the levels inside it, so depth costs
            // time and memory quadratically: stop at a depth no dispatch
            // needs.
            errors.push(CallError {
                message: format!(
                    "shortcode `{}` is nested {} calls deep; at most {MAX_DEPTH} may nest",
                    head.name,
                    open.len() + 1
                ),
                span: start..end,
                left_as_text: false,
                help: Some(
                    "nest fewer shortcodes: close the calls around this one with `{% end %}` before it"
                        .to_string(),
                ),
            });
            pos = find_end(&ends, end).map_or(end, |(_, after_end)| after_end);
            continue;
        }
        out.push_str(&text[copied..start]);
        if block {
            let Some((body_end, after_end)) = find_end(&ends, end) else {
                errors.push(CallError {
                    message: format!("shortcode `{}` has no closing `{{% end %}}`", head.name),
                    span: start..end,
                    left_as_text: false,
                    help: Some(format!(
                        "add `{{% end %}}` on a line of its own after the body{}, or, for a \
                         call without a body, use the inline form `{{{{ {}(...) }}}}`",
                        // Another tool's closing tag, said where it is.
                        [
                            format!("{{% end{} %}}", head.name),
                            format!("{{% /{} %}}", head.name)
                        ]
                        .into_iter()
                        .find(|tag| text[end..].contains(tag.as_str()))
                        .map(|tag| format!(" (in place of its `{tag}`)"))
                        .unwrap_or_default(),
                        head.name
                    )),
                });
                out.push_str(&text[start..end]);
                copied = end;
                pos = end;
                continue;
            };
            // The body is read on as part of the document. A call that
            // starts its line is a block of its own, its tokens on lines
            // of their own; one after a list marker or a `>` stays in
            // that item or quote, its tokens inline.
            let line = text[..start].rfind('\n').map_or(0, |i| i + 1);
            // What stands before it on its line: an indent (a list item's
            // continuation) or quote markers are repeated on the tokens'
            // lines, so that they stay in that item or quote.
            let before = &text[line..start];
            // A call that starts a note (`[^1]: {% post() %}`) is a block
            // of that note's, as its continuation is, when its body and
            // end are indented as that continuation; else it stays inline
            // in the note's first paragraph, which a lazy body continues.
            let indent = before.len() - before.trim_start_matches(' ').len();
            // Its body's lines after the first, and the indent of its
            // `{% end %}`, at the continuation's indent at least.
            let continued = |from: usize, to: usize| {
                let body = text.get(from..to).unwrap_or_default();
                let Some((lines, end_indent)) = body.rsplit_once('\n') else {
                    return false;
                };
                let deep = |l: &str| l.len() - l.trim_start_matches(' ').len() >= indent + 4;
                lines
                    .split('\n')
                    .skip(1)
                    .all(|l| l.trim().is_empty() || deep(l))
                    && end_indent.trim().is_empty()
                    && deep(end_indent)
            };
            let note = (indent <= 3
                && before
                    .trim()
                    .strip_prefix("[^")
                    .and_then(|rest| rest.strip_suffix("]:"))
                    .is_some_and(|label| !label.is_empty() && !label.contains([']', '['])))
            .then_some(indent + 4)
            .filter(|_| continued(end, body_end));
            let own_lines = note.is_some() || before.chars().all(|c| c == ' ' || c == '>');
            let body = OpenBody {
                end: body_end,
                after: after_end,
                call: calls.len(),
                own_lines,
                prefix: (line, start),
                note,
            };
            let gap = body.gap(text);
            out.push_str(&gap);
            out.push_str(&token(calls.len(), 'O'));
            out.push_str(&gap);
            map.anchors.push((out.len(), end));
            open.push(body);
            calls.push(Call {
                name: head.name,
                args,
                block: true,
                span: start..after_end,
            });
            copied = end;
            pos = end;
            continue;
        }
        out.push_str(&token(calls.len(), 'X'));
        map.anchors.push((out.len(), end));
        calls.push(Call {
            name: head.name,
            args,
            block: false,
            span: start..end,
        });
        copied = end;
        pos = end;
    }
    // Bodies that end the text (no `{` after their `{% end %}`'s own).
    while let Some(body) = open.pop() {
        copied = close_body(text, &mut out, &mut map, copied, body);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    (out, calls, map, errors)
}

/// A block call whose body is being read.
#[derive(Clone, Copy)]
struct OpenBody {
    /// Where its body ends (its `{% end %}` starts), and after that.
    end: usize,
    after: usize,
    call: usize,
    /// Whether its tokens stand on lines of their own (see [`expand`]).
    own_lines: bool,
    /// Where the text before the call on its line is (indent, `>`s).
    prefix: (usize, usize),
    /// When that text is a note's label, how far its continuation is
    /// indented: the tokens' lines are indented so.
    note: Option<usize>,
}

impl OpenBody {
    /// What goes either side of its tokens: for a call on a line of its
    /// own, a line break, a blank line of the same quote depth, and the
    /// prefix; nothing for an inline one.
    fn gap(&self, text: &str) -> String {
        if !self.own_lines {
            return String::new();
        }
        let prefix = match self.note {
            Some(indent) => " ".repeat(indent),
            None => text
                .get(self.prefix.0..self.prefix.1)
                .unwrap_or_default()
                .to_string(),
        };
        format!("\n{}\n{prefix}", prefix.trim_end())
    }
}

/// Ends a block call's body in `out`: the text up to its end, then the
/// closing token. Returns the position in `text` copied up to.
/// Whether the call at `call` in `text` stands where a link's address
/// goes: `[x]({{ url() }})`, or a link definition's (`[d]: {{ u() }}`).
/// A call writes HTML, not an address, and what it writes ends the link
/// before Markdown reads one.
fn is_address(text: &str, call: Range<usize>) -> bool {
    let before = text[..call.start].trim_end_matches([' ', '\t', '<']);
    if before.ends_with("](") {
        return true;
    }
    // A link definition stands at a paragraph's start, its address alone
    // on the line; a note's, `[^1]:`, holds text, and calls; `[Update]:
    // {{ tip() }} said…` is a sentence.
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before[line_start..].trim_start();
    let paragraph_start = text[..line_start]
        .trim_end_matches([' ', '\t'])
        .ends_with("\n\n")
        || text[..line_start].trim().is_empty();
    let alone = text[call.end..]
        .split('\n')
        .next()
        .is_some_and(|rest| rest.trim().trim_start_matches('>').is_empty());
    paragraph_start
        && alone
        && line.starts_with('[')
        && !line.starts_with("[^")
        && line.ends_with("]:")
}

fn close_body(
    text: &str,
    out: &mut String,
    map: &mut OffsetMap,
    copied: usize,
    body: OpenBody,
) -> usize {
    let gap = body.gap(text);
    out.push_str(text.get(copied..body.end).unwrap_or_default());
    out.push_str(&gap);
    out.push_str(&token(body.call, 'C'));
    out.push_str(&gap);
    let copied = copied.max(body.after);
    map.anchors.push((out.len(), copied));
    copied
}

/// Every block call's `{% end %}`, paired in one pass so that deep
/// nesting costs no more than flat text: (where the body starts, where
/// it ends, after its `{% end %}`), ordered by body start.
fn pair_ends(text: &str, skip: &[Range<usize>]) -> Vec<(usize, usize, usize)> {
    let mut pairs = Vec::new();
    // Bodies whose `{% end %}` is not yet seen, innermost last.
    let mut open = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("{%") {
        let start = pos + found;
        pos = start + 2;
        if in_code(skip, start) {
            continue;
        }
        let i = skip_ws(text, start + 2);
        // `{% end %}`, not a call named `end...` (`{% endnote() %}`); the
        // word is checked before reading past it, which may be past the
        // text's end or inside a char.
        let end = text[i..].starts_with("end");
        let j = if end { skip_ws(text, i + 3) } else { i };
        if end && text[j..].starts_with("%}") {
            if let Some(from) = open.pop() {
                pairs.push((from, start, j + 2));
            }
            pos = j + 2;
        } else if let Some(Head {
            args: Ok((_, after)),
            ..
        }) = parse_head(text, start + 2)
        {
            let after = skip_ws(text, after);
            if text[after..].starts_with("%}") {
                open.push(after + 2);
                pos = after + 2;
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The `{% end %}` of the body starting at `from` (see [`pair_ends`]):
/// (body end, position after it).
fn find_end(pairs: &[(usize, usize, usize)], from: usize) -> Option<(usize, usize)> {
    let i = pairs.binary_search_by_key(&from, |p| p.0).ok()?;
    pairs.get(i).map(|&(_, end, after)| (end, after))
}

/// Whether `at` lies in one of the code ranges `skip` (sorted, disjoint).
fn in_code(skip: &[Range<usize>], at: usize) -> bool {
    code_range(skip, at).is_some()
}

/// The code range of `skip` (sorted, disjoint) holding `at`.
fn code_range(skip: &[Range<usize>], at: usize) -> Option<&Range<usize>> {
    let i = skip.partition_point(|r| r.end <= at);
    skip.get(i).filter(|r| r.contains(&at))
}

#[cfg(test)]
mod tests;

//! Lines indented by mistake, found in the text when a parse fails.
//!
//! YAML reads a key indented under a `key: value` line as more of that
//! value, and a line indented less than the lines of its block as
//! belonging nowhere. What the parser then says ("mapping values are not
//! allowed", "did not find expected key", or a type error on the value
//! above) names neither the line nor the mistake, so the lines around the
//! failure are read here for those shapes, and the misplaced line named.
//! This only explains a parse that failed: a valid text is never read
//! here, so free-form nested mappings (`extra:`) are never flagged.

use std::ops::Range;

/// A line whose indentation is the mistake, and what to say about it.
pub(super) struct Misplaced {
    /// Byte range in the YAML of the line's text, past its indentation.
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
    /// The key the line holds when it was meant to start at the left
    /// edge: it is left out with the value it was read into, and no
    /// error says it is missing.
    pub top_key: Option<String>,
}

struct Line<'a> {
    start: usize,
    /// The line past its indentation, without the line break.
    text: &'a str,
    indent: usize,
}

impl Line<'_> {
    /// Neither blank nor a comment; indented with spaces only (a tab is
    /// reported as such before any of this).
    fn is_content(&self) -> bool {
        !self.text.is_empty() && !self.text.starts_with('#')
    }

    fn span(&self) -> Range<usize> {
        self.start + self.indent..self.start + self.indent + self.text.trim_end().len()
    }
}

fn lines(yaml: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    yaml.split_inclusive('\n')
        .map(|raw| {
            let body = raw.trim_end_matches(['\n', '\r']);
            let text = body.trim_start_matches(' ');
            let line = Line {
                start,
                text,
                indent: body.len() - text.len(),
            };
            start += raw.len();
            line
        })
        .collect()
}

/// The key a line's text starts with when it looks like `word: ...` or
/// `word:`: letters, digits, `_`, `-` and `.`, then a colon that ends the
/// line or is followed by a space.
fn key_of(text: &str) -> Option<&str> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(text.len(), |(i, _)| i);
    let key = &text[..end];
    let after = text[end..].strip_prefix(':')?;
    let starts_well = key.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    (starts_well && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// A `key: value` line whose value is a single-line scalar, seen past any
/// `- ` list markers: the key, the column it starts at, and so the column
/// a line must pass to be read as more of the value.
fn key_with_scalar(line: &Line) -> Option<(String, usize)> {
    let mut text = line.text;
    let mut column = line.indent;
    while let Some(rest) = text.strip_prefix("- ") {
        let rest_trimmed = rest.trim_start_matches(' ');
        column += text.len() - rest_trimmed.len();
        text = rest_trimmed;
    }
    let key = key_of(text)?;
    let value = text[key.len() + 1..].trim();
    has_scalar(value).then(|| (key.to_string(), column))
}

/// Whether `value`, the text after a key's colon, is a scalar that ends on
/// its line: not a block (`|`, `>`, nothing, a comment), not a flow list
/// or mapping (which may go on over lines), not a quote left open.
fn has_scalar(value: &str) -> bool {
    let mut value = value;
    // An anchor or a tag alone may introduce a block on the lines below.
    while value.starts_with(['&', '!']) {
        value = value
            .split_once([' ', '\t'])
            .map_or("", |(_, rest)| rest)
            .trim_start();
    }
    match value.chars().next() {
        None | Some('#' | '|' | '>' | '[' | '{') => false,
        Some(q @ ('"' | '\'')) => quote_closes(&value[1..], q),
        Some(_) => true,
    }
}

/// Whether a quoted scalar opened just before `rest` closes on its line.
fn quote_closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' => {
                // `''` is an escaped quote inside single quotes.
                if !chars.as_str().starts_with('\'') {
                    return true;
                }
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

fn spaces(n: usize) -> String {
    format!("{n} space{}", if n == 1 { "" } else { "s" })
}

/// The misplaced line that explains a parse failure reported at 1-based
/// `line` of `yaml`, if there is one. `what` names the text ("the front
/// matter", "annals.yaml").
pub(super) fn misplaced(yaml: &str, line: usize, what: &str) -> Option<Misplaced> {
    let lines = lines(yaml);
    let at = line.checked_sub(1).filter(|&i| i < lines.len())?;
    under_a_value(&lines, at).or_else(|| between_levels(&lines, at, what))
}

/// The first line of the text, when it is indented (by spaces or a tab,
/// as a paste leaves it) and a later line is indented less: YAML takes
/// the first line's indentation for the whole text's, and says of every
/// later line that it starts a document it did not expect, never naming
/// the first. The span is the whole line, indentation included.
pub(super) fn indented_start(yaml: &str, what: &str) -> Option<Misplaced> {
    let mut start = 0;
    let mut rows = yaml.split_inclusive('\n').map(|raw| {
        let body = raw.trim_end_matches(['\n', '\r']);
        let text = body.trim_start_matches([' ', '\t']);
        let row = (start, &body[..body.len() - text.len()], text);
        start += raw.len();
        row
    });
    let content = |&(_, _, text): &(usize, &str, &str)| !text.is_empty() && !text.starts_with('#');
    let (at, lead, text) = rows.by_ref().find(content)?;
    let width = |lead: &str| {
        lead.chars()
            .map(|c| if c == '\t' { 8 } else { 1 })
            .sum::<usize>()
    };
    if lead.is_empty() || !rows.filter(content).any(|(_, l, _)| width(l) < width(lead)) {
        return None;
    }
    let key = key_of(text)?;
    let by = if lead.contains('\t') {
        "a tab".to_string()
    } else {
        spaces(lead.len())
    };
    Some(Misplaced {
        span: at..at + lead.len() + text.trim_end().len(),
        message: format!(
            "`{key}` is indented by {by}, but lines below it start at the left edge: keys of {what} start there"
        ),
        help: format!("start `{key}:` at the left edge, like the other keys"),
        top_key: Some(key.to_string()),
    })
}

/// The nearest content line above `at` indented less than it.
fn parent(lines: &[Line], at: usize) -> Option<usize> {
    (0..at)
        .rev()
        .find(|&i| lines[i].is_content() && lines[i].indent < lines[at].indent)
}

/// A key indented under a `key: value` line, which YAML reads as more of
/// the value: the failure is reported at the key, or at the value (when it
/// is read, and refused, before the key is reached).
fn under_a_value(lines: &[Line], at: usize) -> Option<Misplaced> {
    let is_key = |i: usize| lines[i].is_content() && key_of(lines[i].text).is_some();
    // The key itself, under the value it is read into.
    let itself = || {
        let owner = parent(lines, at).filter(|_| is_key(at) && lines[at].indent > 0)?;
        let (owner_key, column) = key_with_scalar(&lines[owner])?;
        (lines[at].indent > column).then_some((owner_key, column, at))
    };
    // The value, and the first key among the lines read into it.
    let below = || {
        let (owner_key, column) = key_with_scalar(&lines[at])?;
        let next = (at + 1..lines.len())
            .take_while(|&i| !lines[i].is_content() || lines[i].indent > column)
            .find(|&i| is_key(i))?;
        Some((owner_key, column, next))
    };
    let (owner_key, column, misplaced) = itself().or_else(below)?;
    let key = key_of(lines[misplaced].text)?.to_string();
    let help = if column == 0 {
        format!("start `{key}:` at the left edge, like the other keys")
    } else {
        format!("line `{key}:` up with `{owner_key}:` above it")
    };
    Some(Misplaced {
        span: lines[misplaced].span(),
        message: format!("`{key}` is indented, so YAML reads it as part of `{owner_key}`'s value"),
        help: format!(
            "{help}; if the line is part of `{owner_key}`'s text, put the whole text in quotes"
        ),
        top_key: (column == 0).then_some(key),
    })
}

/// A line indented less than the lines of the block above it but more than
/// the block's key, or a key lined up with the items of a list: YAML
/// cannot place it.
fn between_levels(lines: &[Line], at: usize, what: &str) -> Option<Misplaced> {
    let line = &lines[at];
    if !line.is_content() || line.indent == 0 {
        return None;
    }
    let parent = parent(lines, at)?;
    let child = (parent + 1..at).find(|&i| lines[i].is_content())?;
    let child_indent = lines[child].indent;
    let parent_key = key_of(lines[parent].text.trim_start_matches(['-', ' ']))?;
    let top = lines[parent].indent == 0;
    let list = lines[child].text.starts_with('-');
    let n = spaces(line.indent);
    let (message, help, top_key) = match key_of(line.text) {
        Some(key) if line.indent < child_indent && list && top => (
            format!("`{key}` is indented by {n}: keys of {what} start at the left edge"),
            format!("start `{key}:` at the left edge, like the other keys"),
            Some(key),
        ),
        Some(key) if line.indent == child_indent && list => (
            format!("`{key}` is indented by {n}, like the items of `{parent_key}` above it"),
            if top {
                format!(
                    "start `{key}:` at the left edge, like the other keys; if it is an item \
                     of the list, start it with `- `"
                )
            } else {
                format!("line `{key}:` up with `{parent_key}:` above it")
            },
            top.then_some(key),
        ),
        Some(key) if line.indent < child_indent => (
            format!(
                "`{key}` is indented by {n}, the lines under `{parent_key}` by {child_indent}, \
                 so YAML cannot tell where it belongs"
            ),
            format!(
                "line `{key}:` up with the keys under `{parent_key}:`, or with `{parent_key}:` \
                 itself if it is a key of its own"
            ),
            None,
        ),
        None if line.indent < child_indent && list && line.text.starts_with('-') => (
            format!(
                "this item of `{parent_key}` is indented by {n}, the items above it by {child_indent}"
            ),
            "line the `-` up with the ones above it".to_string(),
            None,
        ),
        _ => return None,
    };
    Some(Misplaced {
        span: line.span(),
        message,
        help,
        top_key: top_key.map(str::to_string),
    })
}

#[cfg(test)]
mod tests;

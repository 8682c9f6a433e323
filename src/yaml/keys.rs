//! Finding keys in YAML text: which key an error's position belongs to,
//! and on which line a key is written, for errors found after parsing.

use std::ops::Range;

use crate::diagnostic::line_offset;

/// Byte offset in `yaml` of 1-based `line` and `column` (in characters).
pub(super) fn offset_of(yaml: &str, line: usize, column: usize) -> usize {
    let start = line_offset(yaml, line);
    let end = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    yaml[start..end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(end, |(i, _)| start + i)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The key whose value holds byte `offset`: the last `key:` before it on
/// its line, else the nearest less indented line's (a block list's key).
pub(super) fn key_at(yaml: &str, offset: usize) -> Option<String> {
    let line_start = yaml[..offset].rfind('\n').map_or(0, |i| i + 1);
    // At the colon of a key with no value (`draft:`), the key is that one.
    let rest = yaml[offset..].split('\n').next().unwrap_or_default();
    let bare = rest.strip_prefix(':').map(str::trim);
    let upto = if bare.is_some_and(|r| r.is_empty() || r.starts_with('#')) {
        offset + 1
    } else {
        offset
    };
    if let Some(k) = last_key(&yaml[line_start..upto]) {
        return Some(k);
    }
    let line_end = yaml[offset..].find('\n').map_or(yaml.len(), |i| offset + i);
    let mut limit = indent(&yaml[line_start..line_end]);
    for line in yaml[..line_start].lines().rev() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || indent(line) >= limit {
            continue;
        }
        if let Some(k) = last_key(line) {
            return Some(k);
        }
        limit = indent(line);
    }
    None
}

/// The last `key:` in `text` that is followed by a value or nothing.
fn last_key(text: &str) -> Option<String> {
    let is_key = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut end = text.len();
    while let Some(colon) = text[..end].rfind(':') {
        let after = text[colon + 1..].chars().next();
        if after.is_none_or(char::is_whitespace) {
            let before = text[..colon].trim_end_matches(['"', '\'']);
            let start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_key(c))
                .last()
                .map(|(i, _)| i);
            if let Some(start) = start {
                return Some(before[start..].to_string());
            }
        }
        end = colon;
    }
    None
}

/// The key that `content` (a line past its indent) starts with, read as
/// YAML reads it (`"a\"b"`, `'it''s'`, `plain`), and the bytes it is
/// written in, quotes included.
pub fn leading_key(content: &str) -> Option<(String, usize)> {
    let mut key = String::new();
    let mut chars = content.char_indices();
    let len = match content.chars().next()? {
        quote @ ('"' | '\'') => {
            chars.next();
            loop {
                let (i, c) = chars.next()?;
                match c {
                    '\\' if quote == '"' => key.push(escaped(&mut chars)?),
                    '\'' if quote == '\'' && content[i + 1..].starts_with('\'') => {
                        chars.next();
                        key.push('\'');
                    }
                    c if c == quote => break i + 1,
                    c => key.push(c),
                }
            }
        }
        _ => {
            let colon = content.match_indices(':').map(|(i, _)| i).find(|&i| {
                content[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
            })?;
            key.push_str(content[..colon].trim_end());
            key.len()
        }
    };
    content[len..]
        .trim_start()
        .starts_with(':')
        .then_some((key, len))
}

/// The character a YAML double-quoted escape stands for, read from
/// `chars` past its backslash (`\t`, `\u0020`, `\"`...).
fn escaped(chars: &mut std::str::CharIndices<'_>) -> Option<char> {
    let (_, c) = chars.next()?;
    let digits = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => {
            return Some(match c {
                '0' => '\0',
                'a' => '\u{7}',
                'b' => '\u{8}',
                't' | '\t' => '\t',
                'n' => '\n',
                'v' => '\u{b}',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                'N' => '\u{85}',
                '_' => '\u{a0}',
                'L' => '\u{2028}',
                'P' => '\u{2029}',
                c => c,
            });
        }
    };
    let hex: String = chars.take(digits).map(|(_, c)| c).collect();
    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
}

/// The 1-based line of the key at `path` (`["series", "sd", "prefix"]`),
/// written in block style; the nearest parent's line when a level is not
/// on a line of its own (flow style), `None` when the first is missing.
pub fn key_line(yaml: &str, path: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut found: Option<usize> = None;
    for key in path {
        let (from, parent_indent) = match found {
            None => (0, None),
            Some(i) => (i + 1, Some(indent(lines[i]))),
        };
        let mut hit = None;
        // A key's own keys are at the indent of the first of them: one
        // deeper belongs to one of those (`description:` of a series is
        // not the site's, indented by mistake under `series:`).
        let mut child_indent = None;
        for (i, line) in lines.iter().enumerate().skip(from) {
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let ind = indent(line);
            match parent_indent {
                Some(p) if ind <= p => break,
                None if ind > 0 => continue,
                Some(_) if *child_indent.get_or_insert(ind) != ind => continue,
                _ => {}
            }
            if leading_key(content).is_some_and(|(k, _)| k == *key) {
                hit = Some(i);
                break;
            }
        }
        match hit {
            Some(i) => found = Some(i),
            None => break,
        }
    }
    found.map(|i| i + 1)
}

/// The first tab in the indentation of a line, from 1-based `line` on.
pub(super) fn tab_from(yaml: &str, line: usize) -> Option<usize> {
    let mut start = line_offset(yaml, line);
    for l in yaml[start..].split_inclusive('\n') {
        let lead = &l[..indent(l)];
        if let Some(i) = lead.find('\t') {
            return Some(start + i);
        }
        start += l.len();
    }
    None
}

/// The byte range in `yaml` of the value of the key at `path` when it is
/// written on the key's line (`language: fa`, `{ prefix: sd }`), so that a
/// diagnostic about the value underlines the value; `None` when the value
/// is on the following lines, or the key is not found.
pub fn value_span(yaml: &str, path: &[&str]) -> Option<Range<usize>> {
    let key = path.last()?;
    let start = line_offset(yaml, key_line(yaml, path)?);
    let end = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    let line = &yaml[start..end];
    // The key itself: at a line's start or after `{`/`,` in flow style.
    let at = line.match_indices(key).map(|(i, _)| i).find(|&i| {
        let before = line[..i].trim_end_matches(['"', '\'']).trim_end();
        let after = line[i + key.len()..].trim_start_matches(['"', '\'']);
        (before.is_empty() || before.ends_with(['{', ','])) && after.starts_with(':')
    })?;
    let colon = at + line[at..].find(':')?;
    let rest = &line[colon + 1..];
    let lead = rest.len() - rest.trim_start().len();
    let value = &rest[lead..];
    let flow = line[..at].contains('{');
    let len = match value.chars().next()? {
        q @ ('"' | '\'') => value[1..].find(q).map_or(value.len(), |i| i + 2),
        _ => {
            let stop = value
                .char_indices()
                .find(|&(i, c)| {
                    (flow && matches!(c, ',' | '}'))
                        || (c == '#' && value[..i].ends_with([' ', '\t']))
                })
                .map_or(value.len(), |(i, _)| i);
            value[..stop].trim_end().len()
        }
    };
    let from = start + colon + 1 + lead;
    (len > 0).then_some(from..from + len)
}

/// The byte range in `yaml` of `text` as written in the value of the key
/// at `path` (a term in `people: [A, B]` or in the block list below the
/// key), else anywhere in `yaml`; `None` if it is not written as it is.
pub fn text_span(yaml: &str, path: &[&str], text: &str) -> Option<Range<usize>> {
    if text.is_empty() {
        return None;
    }
    let from = key_line(yaml, path).map_or(0, |line| line_offset(yaml, line));
    // A whole entry first: `C` is the entry `"C"`, not the start of `C++`.
    let whole = |&at: &usize| is_entry(yaml, at, at + text.len());
    let after_key = || yaml[from..].match_indices(text).map(|(i, _)| from + i);
    let at = after_key().find(whole).or_else(|| after_key().next());
    match at {
        Some(at) => Some(at..at + text.len()),
        // Written with escapes (`"caf\u00e9"`): the quoted value that reads
        // as the text.
        None => quoted_spans(&yaml[from..])
            .find(|span| decoded(&yaml[from..][span.clone()]).as_deref() == Some(text))
            .map(|span| from + span.start..from + span.end)
            .or_else(|| yaml.find(text).map(|at| at..at + text.len())),
    }
}

/// [`text_span`]'s span of the `nth` (from 0) entry written `text`, for a
/// list that holds it more than once; the first if there are fewer.
pub fn nth_text_span(yaml: &str, path: &[&str], text: &str, nth: usize) -> Option<Range<usize>> {
    let first = text_span(yaml, path, text)?;
    let later = yaml[first.end..]
        .match_indices(text)
        .map(|(i, _)| first.end + i)
        .filter(|&at| is_entry(yaml, at, at + text.len()));
    let at = nth.checked_sub(1).and_then(|n| later.clone().nth(n));
    Some(at.map_or(first, |at| at..at + text.len()))
}

/// The spans of the double-quoted scalars of `yaml`, quotes included
/// (a `\"` inside one does not close it).
fn quoted_spans(yaml: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let open = from + yaml.get(from..)?.find('"')?;
        let mut escaped = false;
        let close = yaml[open + 1..].char_indices().find_map(|(i, c)| {
            let ends = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            ends.then_some(open + 1 + i)
        })?;
        from = close + 1;
        Some(open..close + 1)
    })
}

/// What a double-quoted scalar reads as, escapes decoded.
fn decoded(quoted: &str) -> Option<String> {
    serde_saphyr::from_str::<String>(quoted).ok()
}

/// Whether `yaml[start..end]` is a whole entry of a list or a value:
/// between delimiters (`[`, `,`, `- `, `: `, quotes, the line's ends).
fn is_entry(yaml: &str, start: usize, end: usize) -> bool {
    let before = yaml[..start]
        .trim_end_matches(['"', '\''])
        .trim_end_matches([' ', '\t']);
    let after = yaml[end..]
        .trim_start_matches(['"', '\''])
        .trim_start_matches([' ', '\t']);
    let opens = before.is_empty() || before.ends_with(['[', ',', '-', ':', '\n']);
    let closes = after.is_empty() || after.starts_with([']', ',', '\n', '\r', '#']);
    opens && closes
}

/// What is odd about a key that YAML reads as no text: null (`~`, `null`)
/// or a flow list or mapping (`[x]`, `{a: 1}`).
pub(super) struct OddKey<'y> {
    /// The key as written.
    pub written: &'y str,
    /// "null", "a list", "a mapping".
    pub reads_as: &'static str,
}

/// The key written at byte `offset`, if it is one YAML reads as no text.
/// A serde error about such a key is raised at it, and reads as one about
/// a value ("has an empty value", "must be text"), naming another key.
pub(super) fn odd_key(yaml: &str, offset: usize) -> Option<OddKey<'_>> {
    let rest = yaml.get(offset..)?;
    let line = rest.split('\n').next().unwrap_or_default();
    let (written, reads_as) = match line.chars().next()? {
        open @ ('[' | '{') => {
            let close = if open == '[' { ']' } else { '}' };
            let mut depth = 0usize;
            let end = line.char_indices().find_map(|(i, c)| {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                None
            })?;
            let shape = if open == '[' { "a list" } else { "a mapping" };
            (line.get(..end)?, shape)
        }
        _ => {
            let end = line
                .find(|c: char| c == ':' || c == ',' || c == '}' || c.is_whitespace())
                .unwrap_or(line.len());
            let word = line.get(..end)?;
            if !matches!(word, "~" | "null" | "Null" | "NULL") {
                return None;
            }
            (word, "null")
        }
    };
    // A key is followed by its colon, and the colon by a space, the end
    // of the line or of its flow mapping.
    let after = line.get(written.len()..)?.trim_start_matches([' ', '\t']);
    let colon = after.strip_prefix(':')?;
    colon
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == ',' || c == '}')
        .then_some(OddKey { written, reads_as })
}

/// The top-level key whose value holds byte `offset`: that of the nearest
/// line at or above it that starts at the margin with a key.
pub(super) fn top_key(yaml: &str, offset: usize) -> Option<&str> {
    let line_end = yaml
        .get(offset..)?
        .find('\n')
        .map_or(yaml.len(), |i| offset + i);
    // The offset's own line first, then those above it.
    yaml[..line_end]
        .rsplit('\n')
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '\t', '#', '-']))
        .find_map(|l| {
            let (key, _) = l.split_once(':')?;
            Some(key.trim().trim_matches(['"', '\'']))
        })
}

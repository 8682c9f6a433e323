//! The syntax of one call: its head `name(` and its arguments
//! `key="value", n=3, ok=true`, as [`super::expand`] finds them.

use std::collections::BTreeMap;

/// A typed shortcode argument.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

pub(super) type ArgsResult = Result<(BTreeMap<String, Arg>, usize), (String, usize)>;

pub(super) struct Head {
    pub(super) name: String,
    pub(super) args: ArgsResult,
    /// Arguments given again after their first value (which is kept),
    /// and where.
    pub(super) twice: Vec<(String, usize)>,
}

/// Whether a call can name the shortcode `name`: an ASCII letter, then
/// ASCII letters, digits, `_` and `-` (`pull-quote`, as Hugo allows),
/// not ending in `-`.
pub fn callable_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !name.ends_with('-')
        && name.chars().all(name_char)
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// `name(` after optional spaces; the arguments are parsed only when the
/// head looks like a call, so ordinary prose with `{{` is never an error.
pub(super) fn parse_head(text: &str, from: usize) -> Option<Head> {
    let i = skip_ws(text, from);
    let name_len = text[i..]
        .find(|c: char| !name_char(c))
        .unwrap_or(text.len() - i);
    let name = &text[i..i + name_len];
    if !callable_name(name) {
        return None;
    }
    let after = skip_ws(text, i + name_len);
    if !text[after..].starts_with('(') || name == "end" {
        return None;
    }
    let mut twice = Vec::new();
    Some(Head {
        name: name.to_string(),
        args: parse_args(text, after + 1, &mut twice),
        twice,
    })
}

fn parse_args(text: &str, mut i: usize, twice: &mut Vec<(String, usize)>) -> ArgsResult {
    let mut args = BTreeMap::new();
    loop {
        i = skip_ws(text, i);
        if text[i..].starts_with(')') {
            return Ok((args, i + 1));
        }
        let key_len = text[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - i);
        if key_len == 0 {
            return Err(("expected an argument name or `)`".into(), i));
        }
        let key = text[i..i + key_len].to_string();
        let key_at = i;
        i = skip_ws(text, i + key_len);
        if !text[i..].starts_with('=') {
            return Err((format!("expected `=` after `{key}`"), i));
        }
        i = skip_ws(text, i + 1);
        let (value, next) = parse_value(text, i)?;
        match args.entry(key) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(value);
            }
            std::collections::btree_map::Entry::Occupied(slot) => {
                twice.push((slot.key().clone(), key_at));
            }
        }
        i = skip_ws(text, next);
        if text[i..].starts_with(',') {
            i += 1;
        } else if !text[i..].starts_with(')') {
            return Err(("expected `,` or `)`".into(), i));
        }
    }
}

fn parse_value(text: &str, i: usize) -> Result<(Arg, usize), (String, usize)> {
    let rest = &text[i..];
    if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let mut value = String::new();
        let mut chars = rest[1..].char_indices();
        while let Some((j, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, e)) => value.push(e),
                    None => break,
                },
                c if c == q => return Ok((Arg::Str(value), i + 1 + j + 1)),
                '\n' if rest[1..1 + j].ends_with('\n') => break,
                c => value.push(c),
            }
        }
        return Err(("a quoted value is not closed".into(), i));
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(rest.len());
    let word = &rest[..len];
    let value = match word {
        "true" => Arg::Bool(true),
        "false" => Arg::Bool(false),
        _ => {
            if let Ok(n) = word.parse::<i64>() {
                Arg::Int(n)
            } else if let Ok(f) = word
                .parse::<f64>()
                .map_err(|_| ())
                .and_then(|f: f64| if f.is_finite() { Ok(f) } else { Err(()) })
            {
                Arg::Float(f)
            } else {
                return Err((
                    "expected a value: a \"string\", a number, true or false".into(),
                    i,
                ));
            }
        }
    };
    // Digits that a number would show otherwise: an id with zeros in
    // front (`007`), one past what a whole number holds (a post's id),
    // a decimal's last zeros (`1.10`), an exponent (`1e3`, `1000.0`).
    let shown = match &value {
        Arg::Int(n) => Some(n.to_string()),
        Arg::Float(f) => Some(format!("{f:?}")),
        _ => None,
    };
    if let Some(shown) = shown.filter(|shown| shown != word) {
        return Err((
            format!("`{word}` would be read as a number, and shown as `{shown}`"),
            i,
        ));
    }
    Ok((value, i + len))
}

pub(super) fn skip_ws(text: &str, i: usize) -> usize {
    i + text[i..].len() - text[i..].trim_start_matches([' ', '\t', '\n', '\r']).len()
}

/// What to do about a call that does not parse at `at`, when the text
/// there shows a common slip: typographic quotes from a word processor,
/// an apostrophe closing a single-quoted value, a value without quotes, a
/// missing comma.
pub(super) fn slip_help(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?;
    let here = rest.chars().next()?;
    if matches!(
        here,
        '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '′' | '″'
    ) {
        return Some(format!(
            "`{here}` is a typographic quote: write the value in straight quotes, `\"...\"` (a word processor may have curled them)"
        ));
    }
    let before = text.get(..at)?.trim_end_matches([' ', '\t']);
    let word = |s: &str| {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(s, |end| &s[..end])
            .to_string()
    };
    // Right after the quote, no space: a word's apostrophe.
    if text.get(..at).is_some_and(|b| b.ends_with('\'')) && here.is_alphabetic() {
        let stem = before[..before.len() - 1]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if !stem.is_empty() {
            return Some(format!(
                "the apostrophe in `{stem}'{}` ends the single-quoted value: put a value that holds an apostrophe in double quotes",
                word(rest)
            ));
        }
    }
    // A value opened with a straight quote and closed with a curly one.
    if matches!(here, '"' | '\'') {
        let line = rest
            .get(1..)
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default();
        if let Some(curly) = line.chars().find(|c| matches!(c, '“' | '”' | '‘' | '’')) {
            return Some(format!(
                "the value opened with `{here}` ends with the typographic `{curly}`: close it with a straight `{here}`"
            ));
        }
    }
    if before.ends_with('=') && here.is_alphanumeric() {
        return Some(format!(
            "put the value in quotes: `\"{}\"`",
            rest.split([',', ')']).next().unwrap_or_default().trim()
        ));
    }
    // After a value (quoted, or a number) comes another argument.
    let after_value = before.ends_with('"')
        || before.ends_with('\'')
        || before.ends_with(|c: char| c.is_ascii_digit());
    if after_value && here.is_alphabetic() && rest.contains('=') {
        return Some(format!(
            "separate the arguments with commas: `, {}=`",
            word(rest)
        ));
    }
    None
}

/// Where a call whose arguments end at `args_end` ends: after its `}}`
/// (`%}` for a block). Else where that close is missing: at the end of
/// its line when nothing follows its `)` there.
pub(super) fn closed_at(text: &str, args_end: usize, block: bool) -> Result<usize, usize> {
    let close = if block { "%}" } else { "}}" };
    let after = skip_ws(text, args_end);
    if text[after..].starts_with(close) {
        Ok(after + close.len())
    } else if text[args_end..after].contains('\n') {
        Err(args_end)
    } else {
        Err(after)
    }
}

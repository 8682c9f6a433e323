//! What serde-saphyr's messages mean, said in an editor's words: the
//! shape a value should have, and, for the syntax mistakes editors make
//! (a quote left open, a colon in a title, brackets that do not match),
//! what is wrong and how to write it instead. A message met nowhere here
//! is still shown, with a help that says where to look.

use super::values::{NOT_DECIMAL, NOT_WHOLE, TOO_LARGE};
use super::{BOOL, LIST, MAPPING, Shape, TEXT, WHOLE};
use crate::diagnostic::{Diagnostic, nearest};

/// A message this module has no words for, as the parser said it.
pub(super) fn plain(raw: &str) -> Diagnostic {
    Diagnostic::error(format!("invalid YAML: {raw}")).with_help(
        "look for a quote or bracket left open, or a line indented differently from the \
         lines around it; a value with unusual characters is safest in quotes",
    )
}

/// The shape serde-saphyr expected, from its message, when no key says more.
pub(super) fn shape_of(raw: &str) -> Option<Shape> {
    if [NOT_DECIMAL, NOT_WHOLE, TOO_LARGE]
        .iter()
        .any(|s| raw.starts_with(s))
    {
        return Some(WHOLE);
    }
    let integer = ["invalid u", "invalid i"]
        .iter()
        .any(|p| raw.starts_with(p) && raw[p.len()..].chars().all(|c| c.is_ascii_alphanumeric()));
    Some(match raw {
        _ if integer => WHOLE,
        "invalid boolean" => BOOL,
        "expected string scalar" => TEXT,
        "expected sequence start" => LIST,
        "expected mapping start" => MAPPING,
        _ if raw.starts_with("invalid type") || raw.starts_with("invalid value") => {
            if raw.ends_with("a sequence") {
                LIST
            } else if raw.ends_with("a map") {
                MAPPING
            } else if raw.ends_with("a boolean") {
                BOOL
            } else {
                TEXT
            }
        }
        _ => return None,
    })
}

/// serde-saphyr appends " at line X column Y"; we show the location ourselves.
pub(super) fn clean_message(msg: &str) -> String {
    let msg = msg.trim();
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    let msg = match msg.strip_prefix("line ").and_then(|m| m.split_once(": ")) {
        Some((_, rest)) => rest,
        None => msg,
    };
    let cut = msg.find(" at line ").unwrap_or(msg.len());
    msg[..cut].trim_end_matches(':').to_string()
}

/// For an unknown key, the known key it most likely meant ("serach").
pub(super) fn nearest_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    let known = expected.trim_start_matches("one of ").split(", ");
    nearest(key, known.map(|k| k.trim_matches('`'))).map(|k| format!("did you mean `{k}`?"))
}

/// What a syntax error says, in words: about the value of the key where
/// it is found ("the value of `title` ..."), or about the line.
pub(super) enum Syntax {
    Value(&'static str, &'static str),
    Line(&'static str, &'static str),
}

/// The syntax errors editors meet most: an unquoted value with a colon in
/// it (titles do: "Kharzan: the reply"), one that starts with a character
/// YAML reserves (`@`, a backtick, `%`, `*`, `&`), quotes and brackets
/// that do not close, and lines that are not `key: value`.
pub(super) fn syntax(message: &str) -> Option<Syntax> {
    let has = |s: &str| message.contains(s);
    Some(if has("mapping values are not allowed") {
        Syntax::Value(
            "contains `: ` but is not in quotes",
            "a value that contains `: ` must be in quotes, e.g. title: \"Kharzan: the reply\"",
        )
    } else if has("cannot start any token") || message.starts_with("unexpected character") {
        Syntax::Value(
            "starts with a character YAML reserves",
            "a value that starts with @, `, % or | must be in quotes, e.g. note: \"@sd-8631\"",
        )
    } else if has("unknown anchor") || has("scanning an anchor or alias") {
        Syntax::Value(
            "starts with * or &, which YAML reads as a reference to another value",
            "a value that starts with * or & must be in quotes, e.g. note: \"*see below*\"",
        )
    } else if has("unclosed quote") {
        Syntax::Value(
            super::UNCLOSED_QUOTE,
            "end the value with the quote it starts with, on the same line: title: \"...\"; \
             a value with a \" inside can be written in single quotes: title: 'He said \"no\"'",
        )
    } else if has("trailing content after double-quoted") {
        Syntax::Value(
            super::TRAILING_AFTER_QUOTE,
            "a \" inside a \"...\" value ends it: put the whole value in single quotes \
             ('He said \"no\" today'), or write the inner quotes as \\\"",
        )
    } else if has("trailing content after single-quoted") {
        Syntax::Value(
            super::TRAILING_AFTER_QUOTE,
            "a ' inside a '...' value ends it: write it twice ('It''s here'), or put the \
             whole value in double quotes (\"It's here\")",
        )
    } else if has("while parsing a quoted scalar") {
        Syntax::Value(
            "has a backslash that YAML reads as an unknown escape",
            "inside \"...\" a backslash starts an escape: write \\\\ for a backslash, or put \
             the value in single quotes, where a backslash is just a backslash",
        )
    } else if has("unclosed bracket") {
        Syntax::Value(
            super::UNCLOSED_BRACKET,
            "close a list with ] and a mapping with }, e.g. topics: [Shipping, Ports]; a text \
             that starts with [ or { must be in quotes",
        )
    } else if has("misplaced bracket") || has("mismatched bracket") {
        Syntax::Value(
            "has a bracket that does not match",
            "a list is written [first, second] and a mapping {name: value}; a text with \
             brackets in it must be in quotes",
        )
    } else if has(" flow ") {
        Syntax::Value(
            "is a list in brackets that YAML cannot read",
            "write a list as [first, second], with one comma between items; put an item that \
             contains a comma, a bracket or `: ` in quotes",
        )
    } else if has("block sequence entries are not allowed") {
        Syntax::Value(
            "starts with `- ` on the key's own line",
            "put the items of a list on the lines below the key, each starting with `- `; a \
             text that starts with `- ` must be in quotes",
        )
    } else if has("tagged scalar") || message.starts_with("unsupported tag") {
        Syntax::Value(
            "has a YAML type tag (`!!...` or `!...`) that does not fit it",
            "remove the tag, or put the value in quotes if the ! is part of it",
        )
    } else if has("recursive references") {
        Syntax::Value(
            "refers to itself: an alias `*name` inside its own `&name`",
            "write the value out instead of the alias",
        )
    } else if message.starts_with("non-finite float") {
        Syntax::Value(
            "is read as a number (infinity, or not a number)",
            "put it in quotes, e.g. \".inf\"",
        )
    } else if has("comments must be separated") {
        Syntax::Value(
            "has a `#` right after it",
            "put a space before a # that starts a comment; if the # is part of the value, put \
             the value in quotes",
        )
    } else if has("block scalar") {
        Syntax::Value(
            "has text after `|` or `>` on the key's own line",
            "start the text on the next line, indented; a value that starts with | or > must \
             be in quotes",
        )
    } else if has("simple key expected ':'") || has("could not find expected ':'") {
        Syntax::Line(
            "this line is not `key: value`",
            "write the key, a colon and a space, then the value (`summary: ...`); start each \
             item of a list with `- `, and indent the lines of a `|` or `>` text",
        )
    } else if has("did not find expected '-' indicator") {
        Syntax::Line(
            "a line in a list does not start with `- `",
            "start each item with `- `, lined up with the others; a key after the list starts \
             at the left edge",
        )
    } else if has("did not find expected key") || has("indentation") || has("indented line") {
        Syntax::Line(
            "YAML cannot tell where this line belongs: it is indented differently from the keys \
             around it, or it is a list item among `key: value` lines",
            "start each key at the left edge, or line it up with the keys above it; indent the \
             lines of a value more than its key, and put a list's `- ` items under their key",
        )
    } else if has("unexpected end") || has("unexpected eof") {
        Syntax::Line(
            "the YAML ends in the middle of a value",
            "close the quote or bracket left open",
        )
    } else {
        return None;
    })
}

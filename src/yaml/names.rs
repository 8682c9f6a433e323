//! Lists of names (authors, aliases, the terms of a taxonomy), read as
//! the editor wrote them.
//!
//! One text is a list of one (`authors: Research Staff`). YAML reads
//! `007`, `1.50`, `0x1F`, `NO` or `Off` as a number or a boolean, but as a
//! name each is the text written: `NO` is Norway, not `false`, and `007`
//! is not `7`. The first parse keeps no text for such values (a taxonomy's
//! list passes through serde's buffer for keys it does not know), so when
//! a list holds one, the key's lines are parsed again with the place of
//! every item, and the item is read from the text at that place. The same
//! pass finds an item YAML reads as no value (`~`, `null`, a bare `-`),
//! and a `- ` line indented under the item above, which YAML folds into it
//! (`Lena Varga - Tomas Ruiz`). A list made only of texts, the usual case,
//! is taken as the first parse read it.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde_json::Value;
use serde_saphyr::{Location, Spanned};

use super::{Input, options};
use crate::diagnostic::Diagnostic;

/// What the items of a list are, for the messages about it: `item` ("a
/// name"), and two items as an editor would write them.
#[derive(Clone, Copy)]
pub struct Example {
    pub item: &'static str,
    pub two: &'static str,
}

/// How serde-saphyr spells a non-finite number it passes on as text
/// (`.Inf` becomes `.inf`); the editor's spelling is read from the text.
const NON_FINITE: [&str; 3] = [".inf", "-.inf", ".nan"];

/// A value as YAML read it, each item of a list with its place.
enum Node {
    /// Text, its quotes and escapes resolved and its lines folded.
    Text(String),
    /// A number or a boolean, as serde says it: for when the text written
    /// is out of reach.
    Typed(String),
    Null,
    List(Vec<Spanned<Node>>),
    Map,
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
                Ok(Node::Text(s.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Typed(b.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node, E> {
                Ok(Node::Typed(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
                Ok(Node::Typed(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node, E> {
                Ok(Node::Typed(n.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Node::Map)
            }
        }
        d.deserialize_any(V)
    }
}

impl Input<'_> {
    /// The names in the value of top-level `key`, which the first parse
    /// read as `value`: one text, or a list of texts, each as written, or
    /// every problem with them, said with `example`.
    pub fn names(
        &self,
        key: &str,
        value: &Value,
        example: Example,
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        if let Some(names) = as_read(value) {
            return Ok(names);
        }
        match self.spanned(key) {
            Some(node) => self.read_node(key, &node, example),
            None => self.read_first_parse(key, value, example),
        }
    }

    /// The value of top-level `key` with its places, parsed again from the
    /// key's own lines (the others blanked, so that places stay those of
    /// the text), else from the whole text (an alias of a value elsewhere).
    fn spanned(&self, key: &str) -> Option<Spanned<Node>> {
        let parse = |text: &str| {
            serde_saphyr::from_str_with_options::<BTreeMap<String, Spanned<Node>>>(text, options())
                .ok()?
                .remove(key)
        };
        only_key(self.yaml, key)
            .and_then(|text| parse(&text))
            .or_else(|| parse(self.yaml))
    }

    fn read_node(
        &self,
        key: &str,
        node: &Spanned<Node>,
        example: Example,
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        let (items, in_list) = match &node.value {
            Node::Null => return Ok(Vec::new()),
            Node::List(items) => (items.iter().collect(), true),
            _ => (vec![node], false),
        };
        let (mut names, mut errors) = (Vec::new(), Vec::new());
        for item in items {
            match self.name(key, item, in_list, example) {
                Ok(name) => names.push(name),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(names)
        } else {
            Err(errors)
        }
    }

    /// One item, `in_list` or the whole value, as written.
    fn name(
        &self,
        key: &str,
        item: &Spanned<Node>,
        in_list: bool,
        example: Example,
    ) -> Result<String, Diagnostic> {
        let span = span_of(&item.defined, self.yaml.len());
        let written = span.clone().and_then(|r| self.yaml.get(r));
        // A plain scalar on one line: what a number or a boolean was
        // written as.
        let plain = written.filter(|w| {
            !w.is_empty() && !w.contains('\n') && !w.starts_with(['"', '\'', '!', '&', '*'])
        });
        match &item.value {
            Node::Text(s) => {
                if let Some(d) = self.folded(key, s, written, span, in_list, example) {
                    return Err(d);
                }
                Ok(match plain {
                    Some(w) if NON_FINITE.contains(&s.as_str()) => w.to_string(),
                    _ => s.clone(),
                })
            }
            Node::Typed(s) => Ok(plain.unwrap_or(s).to_string()),
            Node::Null => {
                // `- #Iran`: the item is all comment to YAML.
                // (The item's place is where the comment ends: its line
                // is read from the start.)
                let comment = span.clone().and_then(|r| {
                    let start = self.yaml.get(..r.start)?.rfind('\n').map_or(0, |i| i + 1);
                    let line = self.yaml.get(start..)?.lines().next()?;
                    let c = line.trim_start().strip_prefix("- ")?.trim();
                    let hash = start + line.find('#')?;
                    (c.starts_with('#') && !c.starts_with("# ") && c.len() > 1)
                        .then(|| (c, hash..hash + c.len()))
                });
                if let Some((c, at)) = comment {
                    let d = Diagnostic::error(format!(
                        "an empty item in `{key}`: YAML reads `{c}` as a comment"
                    ))
                    .with_help(format!(
                        "put it in quotes to keep it: `- {}`",
                        serde_json::to_string(c).unwrap_or_default()
                    ));
                    return Err(self.at_range(d, at));
                }
                let d = empty_item(key, written.unwrap_or_default().trim(), example);
                Err(match span {
                    Some(span) => self.at_range(d, widen(self.yaml, span)),
                    None => self.at_key(&[key], d),
                })
            }
            Node::List(_) | Node::Map => {
                let mut d = not_a_list(key, example);
                // Jekyll's and Hugo's people as mappings (`- name: Jane
                // Doe` with a `url:`): the name alone is what is meant.
                // (The name as YAML read it, from the mapping parsed
                // again alone: quotes and escapes undone.)
                let from = span.clone().and_then(|r| self.yaml.get(r.start..));
                let named = from
                    .and_then(|w| w.lines().next())
                    .filter(|l| l.trim_start().starts_with("name:"))
                    .and_then(|l| {
                        serde_saphyr::from_str::<BTreeMap<String, String>>(l.trim_start()).ok()
                    })
                    .and_then(|m| m.get("name").cloned())
                    .filter(|n| !n.is_empty());
                if let Some(name) = named.filter(|_| matches!(item.value, Node::Map)) {
                    d = d.with_help(format!(
                        "an item is a name alone, not a mapping: write `- {}` (annals keeps \
                         no other details of a name here)",
                        super::as_value(&name, false)
                    ));
                }
                Err(match span.filter(|_| in_list) {
                    Some(span) => self.at_range(d, widen(self.yaml, span)),
                    None => self.at_key(&[key], d),
                })
            }
        }
    }

    /// A `- ` line indented under the item (or the value) above it, which
    /// YAML reads as more of that item's text: a list mistyped, never a
    /// name, so it is an error at that line.
    fn folded(
        &self,
        key: &str,
        name: &str,
        written: Option<&str>,
        span: Option<Range<usize>>,
        in_list: bool,
        example: Example,
    ) -> Option<Diagnostic> {
        let (written, span) = (written?, span?);
        if written.starts_with(['"', '\'', '|', '>']) {
            return None;
        }
        let mut at = span.start;
        for (i, line) in written.split_inclusive('\n').enumerate() {
            let text = line.trim_start();
            let start = at + line.len() - text.len();
            at += line.len();
            let text = text.trim_end();
            if i == 0 || !(text == "-" || text.starts_with("- ")) {
                continue;
            }
            let d = if in_list {
                Diagnostic::error(format!(
                    "`{text}` is indented under the item above it, so YAML reads the two as \
                     one item: `{name}`"
                ))
                .with_help("line the `-` up with the one above it")
            } else {
                Diagnostic::error(format!(
                    "`{text}` is indented under the value of `{key}`, so YAML reads the two \
                     as one item: `{name}`"
                ))
                .with_help(format!(
                    "write `{key}: [{}]`, or each item on its own line below `{key}:`, \
                     starting with `- `",
                    example.two
                ))
            };
            return Some(self.at_range(d, start..start + text.len()));
        }
        None
    }

    /// What the first parse read, when no place is to be had: numbers and
    /// booleans as serde says them.
    fn read_first_parse(
        &self,
        key: &str,
        value: &Value,
        example: Example,
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        let one = |v: &Value| match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Err(self.at_key(&[key], empty_item(key, "", example))),
            _ => Err(self.at_key(&[key], not_a_list(key, example))),
        };
        let (names, errors): (Vec<_>, Vec<_>) = match value {
            Value::Null => return Ok(Vec::new()),
            Value::Array(items) => items.iter().map(one).partition(Result::is_ok),
            v => [one(v)].into_iter().partition(Result::is_ok),
        };
        if errors.is_empty() {
            Ok(names.into_iter().flatten().collect())
        } else {
            Err(errors.into_iter().filter_map(Result::err).collect())
        }
    }
}

/// The names in `value` when the first parse read each as the text
/// written: texts that are not a non-finite number's spelling and show no
/// sign of a folded `- ` line.
fn as_read(value: &Value) -> Option<Vec<String>> {
    let text = |v: &Value| match v {
        Value::String(s) if !s.contains(" - ") && !NON_FINITE.contains(&s.as_str()) => {
            Some(s.clone())
        }
        _ => None,
    };
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items.iter().map(text).collect(),
        v => text(v).map(|s| vec![s]),
    }
}

/// `yaml` with every line but those of top-level `key` made spaces;
/// `None` if no line starts with the key.
fn only_key(yaml: &str, key: &str) -> Option<String> {
    let (mut inside, mut found) = (false, false);
    let text = yaml
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-') {
                let name = line.split(':').next().unwrap_or_default();
                inside = line.contains(':') && name.trim().trim_matches(['"', '\'']) == key;
                found |= inside;
            }
            if inside {
                line.to_string()
            } else {
                blank(line)
            }
        })
        .collect();
    found.then_some(text)
}

/// Spaces for every byte of `line` but its line break.
fn blank(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c => " ".repeat(c.len_utf8()),
        })
        .collect()
}

/// The byte range of a node, when serde-saphyr knows it.
fn span_of(location: &Location, len: usize) -> Option<Range<usize>> {
    let span = location.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let end = start.checked_add(usize::try_from(span.byte_len()?).ok()?)?;
    (end <= len).then_some(start..end)
}

/// An empty item's place is where its text would be: the `-` before it.
fn widen(yaml: &str, span: Range<usize>) -> Range<usize> {
    let before = yaml
        .get(..span.start)
        .unwrap_or_default()
        .trim_end_matches(' ');
    if span.is_empty() && before.ends_with('-') {
        return before.len() - 1..before.len();
    }
    span
}

fn empty_item(key: &str, written: &str, example: Example) -> Diagnostic {
    let item = example.item;
    if written.is_empty() {
        Diagnostic::error(format!("an empty item in `{key}`"))
            .with_help(format!("write {item} after the `-`, or remove the line"))
    } else {
        Diagnostic::error(format!(
            "an empty item in `{key}`: YAML reads `{written}` as no value"
        ))
        .with_help(format!(
            "write {item} instead, or remove the item; if `{written}` is meant as it is, put \
             it in quotes: \"{written}\""
        ))
    }
}

fn not_a_list(key: &str, example: Example) -> Diagnostic {
    let two = example.two;
    Diagnostic::error(format!("`{key}` must be a list of texts, like [{two}]")).with_help(format!(
        "write `{key}: [{two}]`; an item that contains `: `, `[` or `{{` must be in quotes"
    ))
}

#[cfg(test)]
mod tests;

//! Strict YAML parsing shared by the config and front-matter stages.
//!
//! serde-saphyr is pure Rust and panic-free; on top of it we set a tight
//! budget (front matter is small, so anything deeply nested or alias-expanded
//! is an attack or a mistake) and turn its errors into [`Diagnostic`]s that
//! point into the file being read, not into the YAML fragment, and that say
//! in the editor's words which key is wrong and how to write it instead
//! (`messages`, `explain`), or which line is indented by mistake (`indent`). Lists of
//! names are read as written, not as the numbers or booleans YAML makes of
//! some (`names`).

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options};

use crate::diagnostic::{Diagnostic, line_offset};

mod blank;
mod comments;
mod controls;
mod explain;
mod indent;
mod keys;
mod messages;
mod names;

#[cfg(test)]
mod tests;
mod values;

pub use comments::{Cut, comment_cuts};
use explain::{ENDS_THE_YAML, document_marker};
pub use keys::{key_line, leading_key, nth_text_span, text_span, value_span};
use messages::clean_message;
pub use names::Example;
pub use values::Whole;

const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;
const TOO_MANY_VALUES: &str = " YAML values)";
/// How the errors about a quote left open, and about a value that goes
/// on after its closing quote, end.
const UNCLOSED_QUOTE: &str = "opens a quote but does not close it";
const TRAILING_AFTER_QUOTE: &str = "goes on after its closing quote";
/// How the error at a flow list or mapping left open ends.
pub const UNCLOSED_BRACKET: &str = "opens a bracket but does not close it";
/// The end of the message for a bracket that a ` #` leaves open.
const FLOW_COMMENT: &str = "the closing bracket with it";
/// How many errors of one file `parse_all` reports before it stops: each
/// is found by parsing the file again, so a file of thousands of bad
/// lines (a paste gone wrong) would take minutes to say them all.
const MAX_ERRORS: usize = 50;

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_nodes = MAX_NODES;
    budget.max_events = 100_000;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // `.inf` and `.nan` where any value fits (a name, `extra:`) are kept
    // as the text they are, not refused with a message about floats.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    options
}

/// What a key's value must look like, said to someone who is not a YAML
/// expert; `{key}` in `help` is replaced by the key's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub must: &'static str,
    pub help: &'static str,
}

pub const TEXT: Shape = Shape {
    must: "must be text",
    help: "if the value is meant as text, put it in quotes: {key}: \"...\"",
};
pub const WHOLE: Shape = Shape {
    must: "must be a whole number, like 8631",
    help: "write plain decimal digits, with no decimal point or sign (leading zeros are fine: 007 is 7)",
};
pub const BOOL: Shape = Shape {
    must: "must be true or false",
    help: "write `{key}: true` or `{key}: false`",
};
pub const LIST: Shape = Shape {
    must: "must be a list, like [a, b]",
    help: "write `{key}: [first, second]`, or one item as `{key}: first`",
};
pub const MAPPING: Shape = Shape {
    must: "must be a mapping of names to values",
    help: "write `{key}:` followed by indented `name: value` lines",
};

/// A YAML text to parse: `yaml` sits at byte `start` of `source`, the whole
/// file, so that diagnostics point at the file's own lines.
pub struct Input<'a> {
    pub yaml: &'a str,
    pub file: &'a Path,
    pub source: &'a Arc<str>,
    pub start: usize,
    /// How messages name the whole text: "the front matter", "annals.yaml".
    pub what: &'static str,
    /// The shape each key's value must have, by the key's own name.
    pub shapes: &'a [(&'a str, Shape)],
}

#[cfg(test)]
impl<'a> Input<'a> {
    /// Tests' input: `source` as the whole front matter of `x.md`.
    pub(crate) fn whole(source: &'a Arc<str>, shapes: &'a [(&'a str, Shape)]) -> Self {
        Input {
            yaml: source,
            file: Path::new("x.md"),
            source,
            start: 0,
            what: "the front matter",
            shapes,
        }
    }
}

impl Input<'_> {
    /// Deserializes the text, or says what is wrong with it and where.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        self.parse_or_explain().map_err(|e| e.0)
    }

    /// A warning at each text value (of a key `texts` names, at any
    /// depth) that a ` #` cuts, with the quotes that keep it whole.
    pub fn comment_cuts(&self, texts: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
        comment_cuts(self.yaml, texts)
            .into_iter()
            .map(|cut| {
                let at = self.start + cut.hash;
                cut_warning(&cut)
                    .in_file(self.file)
                    .at_span(self.source, at..at + 1)
            })
            .collect()
    }

    /// The value of the top-level `extra:` as written: a scalar YAML 1.1
    /// would make a boolean (`NO`, `on`, `y`) or a number with leading
    /// zeros (`007`, which it makes a float) stays the text written, as
    /// in YAML 1.2; `true`, `false` and plain numbers keep their types.
    /// Templates show `extra` as written, and no editor means the country
    /// code `NO` as `false`. `None` when the text does not parse (the
    /// whole front matter's errors say why).
    pub fn extra_as_written(&self) -> Option<serde_json::Value> {
        #[derive(serde::Deserialize)]
        struct Extra {
            #[serde(default)]
            extra: serde_json::Value,
        }
        let mut options = options();
        options.strict_booleans = true;
        options.leading_zero_numbers_as_strings = true;
        options.underscored_numbers_as_strings = true;
        serde_saphyr::from_str_with_options::<Extra>(self.yaml, options)
            .ok()
            .map(|e| e.extra)
    }

    /// [`parse`](Self::parse), and with an error the key of a line that
    /// belongs at the left edge but is indented into another key's value.
    fn parse_or_explain<T: DeserializeOwned>(
        &self,
    ) -> Result<T, Box<(Diagnostic, Option<String>)>> {
        serde_saphyr::from_str_with_options::<T>(self.yaml, options()).map_err(|err| {
            let raw = clean_message(&err.without_snippet().to_string());
            let loc = err
                .location()
                .filter(|l| l.line() > 0)
                .map(|l| (l.line() as usize, l.column() as usize));
            Box::new(self.explain(&raw, loc))
        })
    }

    /// Deserializes the text like [`parse`](Self::parse), but goes on past
    /// a bad value: the key that holds it is blanked and the rest parsed
    /// again, so that every bad value is reported in one run. Returns the
    /// value without the blanked keys (if the rest parses), the errors and
    /// the keys left out. Only a text with errors is parsed more than once.
    pub fn parse_all<T: DeserializeOwned>(&self) -> (Option<T>, Vec<Diagnostic>, Vec<String>) {
        let (value, mut errors, blanked) = self.parse_each::<T>();
        // A bracket left open swallows the lines after it: what else was
        // said of them (a key's value "a list in brackets") is only that.
        if let Some(open) = errors
            .iter()
            .filter(|e| e.message.ends_with(UNCLOSED_BRACKET) || e.message.ends_with(FLOW_COMMENT))
            .map(|e| e.line)
            .min()
        {
            errors.retain(|e| e.line <= open);
        }
        (value, errors, blanked)
    }

    /// [`parse_all`](Self::parse_all), before its errors are sifted.
    fn parse_each<T: DeserializeOwned>(&self) -> (Option<T>, Vec<Diagnostic>, Vec<String>) {
        let lines_before = self
            .source
            .get(..self.start)
            .map_or(0, |s| s.matches('\n').count());
        let mut yaml = self.yaml.to_string();
        let (mut errors, mut blanked) = (Vec::new(), Vec::new());
        let mut entries = Vec::new();
        loop {
            let input = Input {
                yaml: &yaml,
                ..*self
            };
            match input.parse_or_explain::<T>() {
                Ok(value) => return (Some(value), errors, blanked),
                Err(e) => {
                    // An indented first line: said once, at that line,
                    // which is left out so that the rest is still read.
                    if errors.is_empty()
                        && let Some(m) = indent::indented_start(&yaml, self.what)
                    {
                        let d = Diagnostic::error(m.message).with_help(m.help);
                        errors.push(self.at_range(d, m.span.clone()));
                        blank::line_at(&mut yaml, m.span.start);
                        blanked.extend(m.top_key);
                        continue;
                    }
                    let (d, misplaced) = *e;
                    let line = d.line.saturating_sub(lines_before);
                    // Past a second document's start, nothing is read: the
                    // marker line is blanked, so that the next one (and
                    // every error after it) is reported in this run too.
                    let ended = d.message.ends_with(ENDS_THE_YAML);
                    let last = d.line;
                    // Past a limit (values, depth, anchors): the text is
                    // refused as a whole, and what follows is no fault.
                    let too_big = d.message.ends_with(TOO_MANY_VALUES)
                        || d.message.contains(" is nested too deeply (over ")
                        || d.message.contains(" uses too many anchors or aliases ");
                    // A quote left open reads on to the next quote, a later
                    // value's opening one, whose value then seemed to go on
                    // after its closing quote: that was this mistake.
                    if d.message.ends_with(UNCLOSED_QUOTE) {
                        errors.retain(|e: &Diagnostic| {
                            !(e.line > d.line && e.message.ends_with(TRAILING_AFTER_QUOTE))
                        });
                    }
                    // Met again once the entry before it is left out
                    // (a tab in `extra:`): said once.
                    let again = errors.iter().any(|e: &Diagnostic| {
                        (e.line, e.column, &e.message) == (d.line, d.column, &d.message)
                    });
                    if !again {
                        errors.push(d);
                    }
                    if too_big {
                        return (None, errors, blanked);
                    }
                    // A 51st error: it is not said, but where it is the
                    // check stops.
                    if errors.len() > MAX_ERRORS {
                        errors.pop();
                        let d = Diagnostic::error(format!(
                            "{} has more errors than the {MAX_ERRORS} above: it was not checked from here on",
                            self.what
                        ))
                        .in_file(self.file)
                        .at(last, 1)
                        .with_help("fix these and run again; the rest is checked then");
                        errors.push(d);
                        return (None, errors, blanked);
                    }
                    // A marker inside a quoted value (said already by
                    // the scanner) ends the reading there: the value's
                    // rest would only be misread as lines of its own.
                    let in_value = errors
                        .iter()
                        .any(|e| e.message.contains("document indicator"));
                    if ended && in_value {
                        return (None, errors, blanked);
                    }
                    if ended {
                        match document_marker(&yaml) {
                            Some(at) => {
                                blank::line_at(&mut yaml, at);
                                continue;
                            }
                            None => return (None, errors, blanked),
                        }
                    }
                    // A key indented into the value above it is left out
                    // with that value: neither is then reported missing.
                    if let Some(key) = misplaced {
                        match blank::top_level_key(&mut yaml, line) {
                            Some(owner) if !blanked.contains(&owner) => {
                                blanked.extend([owner, key]);
                                continue;
                            }
                            _ => return (None, errors, blanked),
                        }
                    }
                    // The entry of a mapping that holds the error first (a
                    // series or taxonomy of annals.yaml), so that its
                    // siblings are still checked; else its top-level key.
                    let entry = blank::entry(&yaml, line).filter(|(e, _)| !entries.contains(e));
                    if let Some((name, text)) = entry {
                        entries.push(name);
                        yaml = text;
                        continue;
                    }
                    match blank::top_level_key(&mut yaml, line) {
                        Some(key) if !blanked.contains(&key) => blanked.push(key),
                        _ => return (None, errors, blanked),
                    }
                }
            }
        }
    }

    /// The top-level keys, each with its 1-based line in `yaml`, after
    /// checking that the text is a mapping at all: the first step of a
    /// validation that reports every bad key, not just the first.
    pub fn keys(&self) -> Result<Vec<String>, Diagnostic> {
        match self.parse::<serde_json::Value>()? {
            serde_json::Value::Object(map) => Ok(map.into_iter().map(|(k, _)| k).collect()),
            serde_json::Value::Null => Err(self.at_offset(
                Diagnostic::error(format!(
                    "{} is empty: it needs at least `title:`",
                    self.what
                ))
                .with_help("add a line `title: ...`"),
                0,
            )),
            _ => Err(self.not_a_mapping(1, 1)),
        }
    }

    /// Locates `d` on the line of the key at `path` (`["series", "sd"]`),
    /// or of its nearest parent found, or at the first line.
    pub fn at_key(&self, path: &[&str], d: Diagnostic) -> Diagnostic {
        let line = key_line(self.yaml, path).unwrap_or(1);
        let start = line_offset(self.yaml, line);
        let end = self.yaml[start..]
            .find('\n')
            .map_or(self.yaml.len(), |i| start + i);
        // The key and its value, not the spaces before them.
        let line_text = &self.yaml[start..end];
        let start = start + (line_text.len() - line_text.trim_start().len());
        let end = start + line_text.trim().len();
        let d = d.in_file(self.file);
        d.at_span(self.source, self.start + start..self.start + end)
    }

    /// Whether the front matter or config has the key at `path`, with a
    /// value or not.
    pub fn has_key(&self, path: &[&str]) -> bool {
        key_line(self.yaml, path).is_some()
    }

    /// The value of the key at `path` as written, on the key's line or
    /// as a plain word on the next: YAML reads `n`, `NO` or `007` as a
    /// boolean or a number, but a key naming something (a series) is the
    /// text written.
    pub fn value_text(&self, path: &[&str]) -> Option<&str> {
        if let Some(span) = value_span(self.yaml, path) {
            return self.yaml.get(span);
        }
        let below = self
            .yaml
            .lines()
            .skip(key_line(self.yaml, path)?)
            .find(|line| {
                let text = line.trim();
                !text.is_empty() && !text.starts_with('#')
            })?;
        let text = below.split(" #").next().unwrap_or_default().trim();
        let plain = !text.is_empty()
            && !text.contains([':', ' '])
            && !text.starts_with(['-', '[', '{', '"', '\'', '!', '&', '*', '|', '>']);
        plain.then_some(text)
    }

    /// Locates `d` at the value of the key at `path` when it is on the
    /// key's line, else as [`at_key`](Self::at_key) does.
    pub fn at_value(&self, path: &[&str], d: Diagnostic) -> Diagnostic {
        match value_span(self.yaml, path) {
            Some(span) => self.at_range(d, span),
            None => self.at_key(path, d),
        }
    }

    /// Locates `d` at `text` as written in the value of the key at `path`
    /// (one term of a list), else as [`at_key`](Self::at_key) does.
    pub fn at_text(&self, path: &[&str], text: &str, d: Diagnostic) -> Diagnostic {
        self.at_nth_text(path, text, 0, d)
    }

    /// Locates `d` at the `nth` (from 0) entry of `path` written `text`.
    pub fn at_nth_text(&self, path: &[&str], text: &str, nth: usize, d: Diagnostic) -> Diagnostic {
        match nth_text_span(self.yaml, path, text, nth) {
            Some(span) => self.at_range(d, span),
            None => self.at_key(path, d),
        }
    }

    /// Locates `d` at `len` bytes from byte `column` of 1-based `line`.
    pub fn at_line_from(
        &self,
        line: usize,
        column: usize,
        len: usize,
        d: Diagnostic,
    ) -> Diagnostic {
        let start = (line_offset(self.yaml, line) + column).min(self.yaml.len());
        self.at_range(d, start..(start + len).min(self.yaml.len()))
    }

    fn at_range(&self, d: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        d.in_file(self.file)
            .at_span(self.source, self.start + span.start..self.start + span.end)
    }

    fn at_offset(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let end = self.yaml[offset..]
            .find('\n')
            .map_or(self.yaml.len(), |i| offset + i);
        d.in_file(self.file).at_span(
            self.source,
            self.start + offset..self.start + end.max(offset + 1).min(self.yaml.len()),
        )
    }
}

/// What [`Input::comment_cuts`] says of `cut`.
pub fn cut_warning(cut: &Cut<'_>) -> Diagnostic {
    let Cut {
        key, kept, written, ..
    } = cut;
    // Single quotes need no escapes unless the text has one.
    let quoted = if written.contains('\'') {
        format!("\"{}\"", written.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("'{written}'")
    };
    let what = if cut.item {
        format!("the item of `{key}`")
    } else {
        format!("`{key}`")
    };
    let line = if cut.item {
        format!("- {written}")
    } else {
        format!("{key}: {written}")
    };
    let is = if kept.is_empty() {
        format!("{what} is empty")
    } else {
        format!("{what} is `{kept}`")
    };
    let fixed = if cut.item {
        format!("- {quoted}")
    } else {
        format!("{key}: {quoted}")
    };
    Diagnostic::warning(format!(
        "`{line}` is cut at ` #`: YAML reads the rest of the line as a comment, so {is}"
    ))
    .with_help(format!(
        "put the value in quotes to keep it whole: `{fixed}` (a comment goes on a line of its own)"
    ))
}

/// `text` as a YAML value reads it back: plain when it can be, else in
/// double quotes (a JSON string is one). In a list in brackets
/// (`in_brackets`) a comma would part it, so it is quoted too.
pub(crate) fn as_value(text: &str, in_brackets: bool) -> String {
    let special = [
        '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '#', '-', '?', ':',
        ',',
    ];
    let plain = !text.is_empty()
        && !text.starts_with(special)
        && !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains(char::is_control)
        && !(in_brackets && text.contains([',', '[', ']', '{', '}']))
        // Words YAML reads as no value or a yes/no.
        && !["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .contains(&text.to_lowercase().as_str());
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

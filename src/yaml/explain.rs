//! What a YAML error means in the editor's words: serde-saphyr's
//! message turned into one that names the key, says how to write it
//! instead, and points at the line to change (a tab, a misplaced line, a
//! value of the wrong shape, a file too big or too deep).

use super::keys::{key_at, odd_key, offset_of, tab_from, top_key};
use super::messages::{Syntax, nearest_key, plain, shape_of, syntax};
use super::values::{NOT_DECIMAL, TOO_LARGE};
use super::{Input, LIST, MAPPING, MAX_DEPTH, MAX_NODES, Shape, TEXT, TOO_MANY_VALUES, indent};
use crate::diagnostic::Diagnostic;

/// How the error about a second YAML document ends.
pub(super) const ENDS_THE_YAML: &str = "which ends the YAML there";

/// Where the line `...` or `---` that ends the first YAML document of
/// `yaml` is: the first such line after a line of content.
pub(super) fn document_marker(yaml: &str) -> Option<usize> {
    let mut content = false;
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let bare = line.trim_end();
        // Also `... # end`: what follows a marker and a space is no text.
        let marker = ["...", "---"].iter().any(|m| {
            bare.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        });
        if content && marker {
            return Some(at);
        }
        let trimmed = bare.trim_start();
        content |= !trimmed.is_empty() && !trimmed.starts_with('#') && bare != "---";
        at += line.len();
    }
    None
}

impl Input<'_> {
    pub(super) fn not_a_mapping(&self, line: usize, column: usize) -> Diagnostic {
        self.at_offset(
            Diagnostic::error(format!(
                "{} must be `key: value` lines, not a list or a single value",
                self.what
            ))
            .with_help("write one setting per line, starting with `title: ...`"),
            offset_of(self.yaml, line, column),
        )
    }

    /// Turns serde-saphyr's message into one that names the key and says
    /// how to fix it, located at `loc` (1-based line, column in characters);
    /// with it, the key of a line indented into the value above it that
    /// belongs at the left edge.
    pub(super) fn explain(
        &self,
        raw: &str,
        loc: Option<(usize, usize)>,
    ) -> (Diagnostic, Option<String>) {
        let Some((line, column)) = loc else {
            return (self.at_offset(plain(raw), 0), None);
        };
        let about_tabs = raw.contains("found a tab") || raw.starts_with("tabs ");
        if let Some(tab) = about_tabs.then(|| tab_from(self.yaml, line)).flatten() {
            // The scanner reports the token before the tab; the editor wants
            // to see the tab itself.
            let d = Diagnostic::error("a tab is used for indentation: YAML indents with spaces")
                .with_help("replace the tab with spaces");
            return (self.at_offset(d, tab), None);
        }
        if let Some((at, d)) = no_break_space(self.yaml, line) {
            return (self.at_offset(d, at), None);
        }
        if let Some((at, d)) = unspaced_colon(self.yaml, line) {
            return (self.at_offset(d, at), None);
        }
        // What the parser says of a misplaced line is about something
        // else (the value above it, a key it did not find): the line
        // itself is the mistake to show.
        if let Some(m) = indent::misplaced(self.yaml, line, self.what) {
            let d = Diagnostic::error(m.message).with_help(m.help);
            return (self.at_range(d, m.span), m.top_key);
        }
        (self.explain_at(raw, line, column), None)
    }

    /// [`explain`](Self::explain) for all but a tab or a misplaced line:
    /// mostly about the value of the key whose value holds the position.
    fn explain_at(&self, raw: &str, line: usize, column: usize) -> Diagnostic {
        let offset = offset_of(self.yaml, line, column);
        let key = key_at(self.yaml, offset);
        let key = key.as_deref();
        let about_value =
            raw.starts_with("cannot deserialize null into string") || shape_of(raw).is_some();
        // Only inside a mapping of free keys (`extra`, annals.yaml's
        // `series`): elsewhere the mapping itself is the mistake (`summary:`
        // given one), said as the value's. (A top-level one is an unknown
        // key, said as such: a pasted `[^1]: note`.)
        let nested = offset > 0 && !self.yaml[..offset].ends_with('\n');
        let free = top_key(self.yaml, offset).is_some_and(|top| {
            top == "extra"
                || self
                    .shape(top)
                    .is_some_and(|s| s.must.starts_with("must be a mapping"))
        });
        if about_value
            && nested
            && free
            && let Some(odd) = odd_key(self.yaml, offset)
        {
            let quoted = serde_json::to_string(odd.written).unwrap_or_default();
            let d = Diagnostic::error(format!(
                "a key is {} (`{}`): keys must be text",
                odd.reads_as, odd.written
            ))
            .with_help(format!(
                "put the key in quotes, {quoted}: ..., or remove it"
            ));
            return self.at_offset(d, offset);
        }
        // `!!int` forces a number on whatever follows, and an integer too
        // big for one is refused as if the key wanted a number.
        let line_start = self.yaml[..offset].rfind('\n').map_or(0, |i| i + 1);
        let tagged = self.yaml[offset..].starts_with("!!int")
            || self.yaml[line_start..offset].trim_end().ends_with("!!int");
        if tagged && shape_of(raw) == Some(super::WHOLE) {
            let d = Diagnostic::error(match key {
                Some(k) => {
                    format!("the value of `{k}` is tagged `!!int` but is no number annals can read")
                }
                None => "a value is tagged `!!int` but is no number annals can read".to_string(),
            })
            .with_help("remove the `!!int` tag: annals reads numbers without it");
            return self.at_offset(d, offset);
        }
        let d = if let Some(k) = raw
            .strip_prefix("duplicate mapping key: ")
            .map(|r| r.split(',').next().unwrap_or(r))
        {
            Diagnostic::error(format!("`{k}` is given twice")).with_help("keep one of them")
        } else if let Some(rest) = raw.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or("");
            let d = Diagnostic::error(format!("unknown key `{key}`"));
            match nearest_key(raw) {
                Some(help) => d.with_help(help),
                None => d,
            }
        } else if let Some(field) = raw.strip_prefix("missing field `") {
            let field = field.trim_end_matches('`');
            Diagnostic::error(format!("`{field}` is missing"))
                .with_help(format!("add `{field}: ...`"))
        } else if let Some(breach) = raw
            .strip_prefix("budget breached: ")
            .or_else(|| (raw == "recursion limit exceeded").then_some("Depth"))
        {
            // A second document is said at the line that starts it.
            if breach.starts_with("Documents")
                && let Some(at) = document_marker(self.yaml)
            {
                return self.at_offset(self.too_big(breach), at);
            }
            self.too_big(breach)
        } else if raw.starts_with("cannot deserialize null into string") {
            // An empty key (a line that starts with `:`), or an empty
            // value where text is needed.
            let at_line = &self.yaml[offset..];
            match key.filter(|_| !at_line.starts_with(':')) {
                Some(k) => Diagnostic::error(format!("`{k}` has an empty value"))
                    .with_help(format!("write the value after `{k}:`, or remove the line")),
                None => Diagnostic::error("a line starts with `:` and has no key").with_help(
                    "write the key before the colon (`summary: ...`), or remove the line",
                ),
            }
        } else if let Some(s) = syntax(raw) {
            // A quote that starts its line belongs to no key's value: a
            // stray one, or a value's end gone astray.
            // (Unless the line before is a key waiting for its value.)
            let line_start = self.yaml[..offset].rfind('\n').map_or(0, |i| i + 1);
            let before = self.yaml[..line_start]
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty());
            let starts_line = self.yaml[line_start..offset].trim().is_empty()
                && !before.is_some_and(|l| l.trim_end().ends_with(':'));
            match s {
                Syntax::Value(what, _) if starts_line && what.starts_with("opens a quote") => {
                    Diagnostic::error("this line starts with a quote that is not closed").with_help(
                        "remove the stray quote; a value goes on the line of its key, \
                             in one pair of quotes: title: \"...\"",
                    )
                }
                Syntax::Value(what, _)
                    if what == super::UNCLOSED_BRACKET
                        && let Some(d) = flow_comment(
                            key,
                            self.yaml[line_start..].lines().next().unwrap_or_default(),
                        ) =>
                {
                    d
                }
                Syntax::Value(what, help) => {
                    let message = match key {
                        Some(k) => format!("the value of `{k}` {what}"),
                        None => format!("a value {what}"),
                    };
                    // The editor's own line, quoted, to paste.
                    let line = self.yaml[line_start..].lines().next().unwrap_or_default();
                    let own = line.trim().split_once(": ").filter(|(k, v)| {
                        what.starts_with("contains `: `")
                            && Some(*k) == key
                            && !v.trim().starts_with(['"', '\''])
                    });
                    // Typographic quotes are no YAML quotes: the straight
                    // ones are what was meant.
                    let curly = ['“', '”', '„', '«', '»'];
                    // A value whose inner `"` ended it: the editor's own
                    // value in single quotes, as YAML reads it whole.
                    let inner = line.trim().split_once(": ").filter(|(k, v)| {
                        what == super::TRAILING_AFTER_QUOTE
                            && Some(*k) == key
                            && v.trim().starts_with('"')
                            && !v.contains('\'')
                    });
                    match (own, inner) {
                        (Some((k, v)), _)
                            if v.trim().starts_with('“') && v.trim().ends_with('”') =>
                        {
                            let bare = v.trim().trim_matches(curly);
                            Diagnostic::error(message).with_help(format!(
                                "a value that contains `: ` must be in quotes, and typographic \
                                 quotes are no YAML quotes: write straight ones, {k}: {}",
                                serde_json::to_string(bare).unwrap_or_default()
                            ))
                        }
                        (Some((k, v)), _) => Diagnostic::error(message).with_help(format!(
                            "a value that contains `: ` must be in quotes: {k}: {}",
                            serde_json::to_string(v.trim()).unwrap_or_default()
                        )),
                        (None, Some((k, v))) => {
                            // A comment after the closing quote is no part of
                            // it: one written `# so` or set apart by spaces
                            // (`#updates` after one space is the value's).
                            let v = v.trim();
                            let closing = v.match_indices('"').map(|(i, _)| i).rev().find(|&i| {
                                let after = &v[i + 1..];
                                let rest = after.trim_start();
                                rest.is_empty()
                                    || rest.starts_with("# ")
                                    || rest.starts_with('#') && after.starts_with("  ")
                            });
                            // (Its closing quote may be missing.)
                            let v = closing.map_or(v, |i| &v[..=i]);
                            let v = v.strip_prefix('"').unwrap_or(v);
                            let v = v.strip_suffix('"').unwrap_or(v);
                            Diagnostic::error(message).with_help(format!(
                                "a \" inside a \"...\" value ends it: put the whole value in single \
                                 quotes, {k}: '{v}', or write each inner quote as \\\""
                            ))
                        }
                        (None, None) => Diagnostic::error(message).with_help(help),
                    }
                }
                Syntax::Line(what, help) => Diagnostic::error(what).with_help(help),
            }
        } else if let Some(found) = shape_of(raw) {
            match key {
                Some(k) => {
                    let shape = self.shape(k).unwrap_or(found);
                    let mut help = shape.help.replace("{key}", k);
                    let must = match raw.strip_prefix(NOT_DECIMAL) {
                        Some(v) => format!("must be written in decimal digits, not `{v}`"),
                        None if raw.starts_with(TOO_LARGE) => {
                            help = "check the number for extra digits (a reader of \
                                    `archive.json` or the search counts exactly up to there)"
                                .into();
                            format!("is too large: at most {}", super::Whole::MAX)
                        }
                        // An item of a list is itself a list or a mapping.
                        None if shape == LIST && found == TEXT => {
                            "must be a list of texts, like [a, b]".to_string()
                        }
                        None => shape.must.to_string(),
                    };
                    // `language: [en]`: the text meant is inside the
                    // brackets, not the brackets in quotes.
                    let line = self.yaml[offset..]
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim();
                    if shape == TEXT
                        && let Some(inner) =
                            line.strip_prefix('[').and_then(|l| l.strip_suffix(']'))
                    {
                        // The items as YAML reads them, quotes undone.
                        let mut options = super::options();
                        options.null_as_string = true;
                        let items = serde_saphyr::from_str_with_options::<Vec<String>>(
                            &format!("[{inner}]"),
                            options,
                        )
                        .unwrap_or_default();
                        let text = |item: &String| super::as_value(item, false);
                        help = match items.as_slice() {
                            [one] => format!(
                                "write it without the brackets: {k}: {}, or in quotes if they \
                                 are part of it: {k}: {}",
                                text(one),
                                serde_json::to_string(line).unwrap_or_default()
                            ),
                            [first, ..] => format!(
                                "`{k}` takes one text, not a list: write one, {k}: {}, or put \
                                 the whole value in quotes if the brackets are part of it",
                                text(first)
                            ),
                            [] => help,
                        };
                    }
                    // `draft:` left without its value, as an editor
                    // clearing it does.
                    let rest = self.yaml[offset..].split('\n').next().unwrap_or_default();
                    let empty = rest.strip_prefix(':').unwrap_or(rest).trim();
                    if empty.is_empty() || empty.starts_with('#') {
                        return self.at_offset(
                            Diagnostic::error(format!("`{k}` has no value: it {must}"))
                                .with_help(format!("{help}, or remove the line")),
                            offset,
                        );
                    }
                    Diagnostic::error(format!("`{k}` {must}")).with_help(help)
                }
                None if found == MAPPING => return self.not_a_mapping(line, column),
                None => plain(raw),
            }
        } else {
            plain(raw)
        };
        self.at_offset(d, offset)
    }

    fn shape(&self, key: &str) -> Option<Shape> {
        self.shapes.iter().find(|(k, _)| *k == key).map(|(_, s)| *s)
    }

    fn too_big(&self, breach: &str) -> Diagnostic {
        let what = self.what;
        let (message, help) = if breach.starts_with("Depth") {
            (
                format!("{what} is nested too deeply (over {MAX_DEPTH} levels)"),
                "keep it shallower: a value inside a value, a few levels deep at most",
            )
        } else if breach.starts_with("Alias") || breach.starts_with("Anchor") {
            (
                format!("{what} uses too many anchors or aliases (`&name`, `*name`)"),
                "write the values out: no YAML anchors (`&name`) whose aliases (`*name`) \
                 expand into many values",
            )
        } else if breach.starts_with("Documents") {
            // Only a line `...` (or `---`) ends one YAML text and starts another.
            return Diagnostic::error(format!(
                "{what} has a line `...` or `---` in it, {ENDS_THE_YAML}"
            ))
            .with_help("remove that line, or write `---` for it if the front matter ends there; a value that is `...` must be in quotes");
        } else {
            (
                format!("{what} is too large (over {MAX_NODES}{TOO_MANY_VALUES}"),
                "keep it smaller: thousands of list items (`aliases:`, series) or keys are \
                 more than a file is read for, and YAML anchors (`&name`) whose aliases \
                 (`*name`) expand into many values count each time",
            )
        };
        Diagnostic::error(message).with_help(help)
    }
}

/// A list in brackets that a ` #` cuts (`[Iran #north, Iraq]`): YAML
/// reads the rest of the line as a comment, its `]` with it, so the
/// bracket is said to be open. Said as that, with the item quoted.
fn flow_comment(key: Option<&str>, line: &str) -> Option<Diagnostic> {
    let open = line.find(['[', '{'])?;
    // The first ` #` outside quotes: one inside an item's quotes is text.
    let mut quote = None;
    let mut hash = None;
    for (i, c) in line[open..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if line[..open + i].ends_with(' ') => {
                hash = Some(open + i);
                break;
            }
            _ => {}
        }
    }
    let hash = hash?;
    // The item the `#` is in, between the commas or brackets around it,
    // and of a mapping's entry (`title: Regions #r`) its value.
    let mut from = line[..hash]
        .rfind([',', '[', '{'])
        .map_or(open + 1, |i| i + 1);
    if let Some(colon) = line[from..hash].find(": ") {
        from += colon + 1;
    }
    let to = line[hash..]
        .find([',', ']', '}'])
        .map_or(line.len(), |i| hash + i);
    let item = line[from..to].trim();
    let after = &line[from..to][line[from..to].trim_end().len()..];
    let lead = if line[from..].starts_with(' ') {
        " "
    } else {
        ""
    };
    let quoted = serde_json::to_string(item).unwrap_or_default();
    let fixed = format!(
        "{}{lead}{quoted}{after}{}",
        line[..from].trim_start(),
        &line[to..]
    );
    let whose = key.map_or("a value".to_owned(), |k| format!("the value of `{k}`"));
    Some(
        Diagnostic::error(format!(
            "{whose} is cut at ` #`: YAML reads the rest of the line as a comment, {}",
            super::FLOW_COMMENT
        ))
        .with_help(format!(
            "put the item with the `#` in quotes: `{}`",
            fixed.trim_end()
        )),
    )
}

/// A no-break space (U+00A0, pasted from a web page or a word processor)
/// where YAML needs a space, on line `line` (1-based): in
/// a line's indent, or after a key's colon. YAML reads it as a letter,
/// so the line is no `key: value` or is indented differently, and a
/// message about that shows a line that looks right.
fn no_break_space(yaml: &str, line: usize) -> Option<(usize, Diagnostic)> {
    const NBSP: char = '\u{A0}';
    if !yaml.contains(NBSP) {
        return None;
    }
    let mut start = 0;
    let mut found = None;
    for (n, l) in yaml.split_inclusive('\n').take(line).enumerate() {
        // Only the line said: a no-break space further up (in a `|`
        // text, say) did not make this error.
        if n + 1 < line {
            start += l.len();
            continue;
        }
        let content = l.trim_start_matches([' ', NBSP]);
        let lead = &l[..l.len() - content.len()];
        if let Some(i) = lead.find(NBSP) {
            found = Some((start + i, "in the line's indent"));
        } else if let Some(i) = content.find(":\u{A0}").filter(|&i| {
            let key = &content[..i];
            !key.is_empty() && !key.contains([' ', '"', '\'', '#', '[', '{'])
        }) {
            found = Some((
                start + (l.len() - content.len()) + i + 1,
                "after the key's colon",
            ));
        }
        start += l.len();
    }
    let (at, place) = found?;
    Some((
        at,
        Diagnostic::error(format!(
            "a no-break space (U+00A0) is {place}, where YAML needs an ordinary space"
        ))
        .with_help("type an ordinary space in its place (a no-break space is pasted from web pages and word processors)"),
    ))
}

/// `regions:[Iran]` or `title:No space` on line `line` (1-based): a key and its value with no space between, which YAML reads
/// as one plain text (so the line is no `key: value`, or the front matter
/// no mapping at all). Said with the space put in.
fn unspaced_colon(yaml: &str, line: usize) -> Option<(usize, Diagnostic)> {
    let mut start = 0;
    let mut found = None;
    for (n, l) in yaml.split_inclusive('\n').take(line).enumerate() {
        let here = n + 1 == line;
        let content = l.trim_start_matches(' ');
        let key_len = content
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(0);
        let rest = &content[key_len..];
        let value = rest.strip_prefix(':').unwrap_or_default().trim_end();
        // (Not a URL's `//` nor a clock's digits, `10:30`.)
        let unspaced = here
            && key_len > 0
            && !value.is_empty()
            && !value.starts_with([' ', '\t', '/'])
            && !content[..key_len].bytes().all(|b| b.is_ascii_digit());
        if unspaced {
            let key = &content[..key_len];
            found = Some((
                start + (l.len() - content.len()) + key_len,
                Diagnostic::error(format!(
                    "`{key}:` has no space after its colon, so YAML reads `{key}:{value}` as one text"
                ))
                .with_help(format!("put a space after the colon: `{key}: {value}`")),
            ));
        }
        start += l.len();
    }
    found
}

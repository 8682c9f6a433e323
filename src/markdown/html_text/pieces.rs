//! Raw HTML read as a browser tokenizes it: text and tags, comments
//! skipped, and the content of elements that hold no markup (a script)
//! passed over. What the page shows, and the links it holds, are read
//! from these pieces (see the parent module).

use super::RAW;

/// Elements that have no closing tag.
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// One piece of raw HTML.
#[derive(Debug, PartialEq)]
pub(super) enum Piece<'a> {
    Text(&'a str),
    Tag(Tag<'a>),
}

#[derive(Debug, PartialEq)]
pub(super) struct Tag<'a> {
    /// The tag as written, `<` to `>`.
    pub(super) src: &'a str,
    /// Lowercased, without the `/` of a closing tag.
    pub(super) name: String,
    pub(super) closes: bool,
    pub(super) attributes: Vec<(&'a str, &'a str)>,
    /// An element that this tag opens and a closing tag must end: not a
    /// void element's, nor one written `<x/>`.
    pub(super) opens: bool,
    /// Written `<x/>`: an HTML parser ignores the slash (a `<div/>` is
    /// open), but SVG's and MathML's elements end there.
    pub(super) self_closed: bool,
}

impl Tag<'_> {
    /// Whether the element this tag opens is one the page hides: marked
    /// `hidden` or `aria-hidden="true"`.
    pub(super) fn hidden(&self) -> bool {
        !self.closes
            && self.attributes.iter().any(|&(key, value)| {
                key.eq_ignore_ascii_case("hidden")
                    || key.eq_ignore_ascii_case("aria-hidden") && value.eq_ignore_ascii_case("true")
            })
    }
}

/// The pieces of a piece of HTML, in order (see [`Piece`]).
#[derive(Clone)]
pub(super) struct Pieces<'a> {
    rest: &'a str,
    /// The raw-text element whose content comes next, to skip.
    raw: Option<&'static str>,
    /// The elements whose content is skipped.
    skipped: &'static [&'static str],
}

/// Elements whose content is text, not tags, to a browser.
const TEXT_ONLY: &[&str] = &["script", "style", "textarea"];

impl<'a> Pieces<'a> {
    /// The pieces a reader is shown: not what [`RAW`] elements hold.
    pub(super) fn new(html: &'a str) -> Self {
        Pieces {
            rest: html,
            raw: None,
            skipped: RAW,
        }
    }

    /// Every tag, shown or not (a `<noscript>`'s and a `<template>`'s
    /// too), but none in what only holds text (a script).
    pub(super) fn markup(html: &'a str) -> Self {
        Pieces {
            rest: html,
            raw: None,
            skipped: TEXT_ONLY,
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        loop {
            if let Some(name) = self.raw.take() {
                let end = closing_tag(self.rest, name).unwrap_or(self.rest.len());
                self.rest = &self.rest[end..];
            }
            if self.rest.is_empty() {
                return None;
            }
            let lt = self.rest.find('<').unwrap_or(self.rest.len());
            if lt > 0 {
                let (text, rest) = self.rest.split_at(lt);
                self.rest = rest;
                return Some(Piece::Text(text));
            }
            let after = &self.rest[1..];
            // Markup starts with a letter, `/`, `!` or `?`: `a < b` is text.
            if !after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
            {
                let (text, rest) = self.rest.split_at(1);
                self.rest = rest;
                return Some(Piece::Text(text));
            }
            if let Some(comment) = after.strip_prefix("!--") {
                self.rest = after_comment(comment);
                continue;
            }
            let Some(gt) = tag_end(after) else {
                // A tag never closed: a browser shows nothing after it.
                self.rest = "";
                return None;
            };
            let tag = &after[..gt];
            let src = &self.rest[..gt + 2];
            self.rest = &after[gt + 1..];
            // `<!DOCTYPE>`, `<?xml?>`: nothing shown.
            if tag.starts_with(['!', '?']) {
                continue;
            }
            let (name, attributes) = tag_parts(tag);
            let closes = name.starts_with('/');
            let name = name.trim_start_matches('/').to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            let self_closed = self_closing(tag);
            let opens = !closes && !self_closed && !VOID.contains(&name.as_str());
            if opens {
                self.raw = self.skipped.iter().copied().find(|r| *r == name);
            }
            return Some(Piece::Tag(Tag {
                src,
                name,
                closes,
                attributes,
                opens,
                self_closed,
            }));
        }
    }
}

/// Where the closing tag of `name` starts in `html` (any case).
fn closing_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(lt) = html[at..].find("</").map(|i| at + i) {
        let end = lt + 2 + name.len();
        let named = bytes
            .get(lt + 2..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let ends = bytes
            .get(end)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        if named && ends {
            return Some(lt);
        }
        at = lt + 2;
    }
    None
}

/// What follows a comment whose text (after `<!--`) starts `comment`:
/// it ends at `-->` or `--!>`, or at once with `>` or `->`.
fn after_comment(comment: &str) -> &str {
    if let Some(rest) = comment
        .strip_prefix('>')
        .or_else(|| comment.strip_prefix("->"))
    {
        return rest;
    }
    let end = [("-->", 3), ("--!>", 4)]
        .into_iter()
        .filter_map(|(close, len)| comment.find(close).map(|at| at + len))
        .min();
    end.map_or("", |end| &comment[end..])
}

/// Where the tag that `tag` starts (after its `<`) ends: its first `>`
/// outside a quoted attribute value.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    let mut last = b' ';
    for (i, b) in tag.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => return Some(i),
            None if matches!(b, b'"' | b'\'') && last == b'=' => quote = Some(b),
            None => {}
        }
        if !b.is_ascii_whitespace() {
            last = b;
        }
    }
    None
}

/// Whether the inside of a tag ends in the slash of `<x/>`: after its
/// name, a space or a quoted value, not as the last character of a bare
/// value (`<a href=/about/>` is an open `<a>`).
fn self_closing(tag: &str) -> bool {
    let Some(before) = tag.strip_suffix('/') else {
        return false;
    };
    let name_only = !before.contains(char::is_whitespace);
    name_only || before.ends_with(|c: char| c.is_whitespace() || c == '"' || c == '\'')
}

/// A tag's name and its attributes (name, value), from the inside of
/// `<...>`; values may be quoted either way or bare.
fn tag_parts(tag: &str) -> (&str, Vec<(&str, &str)>) {
    let tag = if self_closing(tag) {
        &tag[..tag.len() - 1]
    } else {
        tag
    };
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let (name, mut rest) = tag.split_at(name_end);
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            if key.is_empty() {
                break;
            }
            attributes.push((key, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        attributes.push((key, value));
        rest = next;
    }
    (name, attributes)
}

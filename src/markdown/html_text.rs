//! What raw HTML shows a reader, for search: the text a browser renders
//! from the HTML written in a body (and from shortcodes' output), so that
//! a dispatch is found by the words on its page and only by those. Read
//! piece by piece as a browser tokenizes it: text and tags, comments and
//! the raw text of scripts and styles skipped, entities decoded, elements
//! marked hidden left out.

/// Tags that sit inside a word (`<b>Ah</b>mad` shows "Ahmad"); any other
/// tag parts the words on either side of it.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "nobr", "output", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is not markup and not prose: a browser with
/// scripts shows no `<noscript>`, a `<template>` is never shown, and a
/// `<textarea>` holds a form's field.
const RAW: &[&str] = &["script", "style", "noscript", "template", "textarea"];

/// One piece of raw HTML.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Tag(Tag<'a>),
}

#[derive(Debug, PartialEq)]
struct Tag<'a> {
    /// Lowercased, without the `/` of a closing tag.
    name: String,
    closes: bool,
    attributes: Vec<(&'a str, &'a str)>,
    /// An element that this tag opens and a closing tag must end: not a
    /// void element's, nor one written `<x/>`.
    opens: bool,
    /// Written `<x/>`: an HTML parser ignores the slash (a `<div/>` is
    /// open), but SVG's and MathML's elements end there.
    self_closed: bool,
}

impl Tag<'_> {
    /// Whether the element this tag opens is one the page hides: marked
    /// `hidden` or `aria-hidden="true"`.
    fn hidden(&self) -> bool {
        !self.closes
            && self.attributes.iter().any(|&(key, value)| {
                key.eq_ignore_ascii_case("hidden")
                    || key.eq_ignore_ascii_case("aria-hidden") && value.eq_ignore_ascii_case("true")
            })
    }
}

/// The pieces of a piece of HTML, in order (see [`Piece`]).
#[derive(Clone)]
struct Pieces<'a> {
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
    fn new(html: &'a str) -> Self {
        Pieces {
            rest: html,
            raw: None,
            skipped: RAW,
        }
    }

    /// Every tag, shown or not (a `<noscript>`'s and a `<template>`'s
    /// too), but none in what only holds text (a script).
    fn markup(html: &'a str) -> Self {
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

/// A tag of inline HTML written in a paragraph, as its text needs it.
#[derive(Debug, PartialEq)]
pub(super) struct InlineTag {
    /// Lowercased, without the `/` of a closing tag.
    pub name: String,
    pub closes: bool,
    /// Whether it opens an element whose content the page hides: marked
    /// `hidden` or `aria-hidden="true"`.
    pub hides: bool,
    /// Whether it parts the words on either side of it (`seal<br>pup` is
    /// two words, `un<em>done</em>` one): it is not an inline element's.
    pub parts_words: bool,
    /// Whether it opens an element whose content is neither markup nor
    /// prose (a `<script>`, a `<noscript>`): no tag counts until its end,
    /// and its text is not the page's.
    pub raw: bool,
}

/// The tags of a piece of inline HTML, in order.
pub(super) fn inline_tags(html: &str) -> Vec<InlineTag> {
    Pieces::new(html)
        .filter_map(|p| match p {
            Piece::Tag(t) => Some(InlineTag {
                hides: t.opens && t.hidden(),
                raw: t.opens && RAW.contains(&t.name.as_str()),
                parts_words: !INLINE.contains(&t.name.as_str()),
                closes: t.closes,
                name: t.name,
            }),
            Piece::Text(_) => None,
        })
        .collect()
}

/// One tag of raw HTML, as [`tags`] gives it.
pub(super) struct RawTag<'a> {
    /// Lowercased, without the `/` of a closing tag.
    pub name: String,
    pub closes: bool,
    /// Whether it opens an element a closing tag must end, as an HTML
    /// element (whose `<x/>` slash is ignored) does.
    pub opens: bool,
    /// Its `id` attribute, if it has one.
    pub id: Option<&'a str>,
}

/// The tags of a piece of HTML, in order; comments and the content of
/// scripts and styles hold none.
pub(super) fn tags(html: &str) -> impl Iterator<Item = RawTag<'_>> + '_ {
    Pieces::new(html).filter_map(|p| match p {
        Piece::Tag(t) => Some(RawTag {
            id: t
                .attributes
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("id"))
                .map(|&(_, value)| value),
            opens: t.opens || t.self_closed && !t.closes && !VOID.contains(&t.name.as_str()),
            name: t.name,
            closes: t.closes,
        }),
        Piece::Text(_) => None,
    })
}

/// The attributes of the start tags of `html`, as (name, where its value
/// is in `html`, inside any quotes): not what comments, scripts, styles
/// or text that shows markup (`&lt;a href=...&gt;`) hold.
pub(super) fn attribute_values(html: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let base = html.as_ptr() as usize;
    let mut found = Vec::new();
    for piece in Pieces::markup(html) {
        let Piece::Tag(tag) = piece else { continue };
        if tag.closes {
            continue;
        }
        // (An attribute without a value has none in `html` to point at.)
        for (name, value) in tag.attributes.into_iter().filter(|(_, v)| !v.is_empty()) {
            let start = (value.as_ptr() as usize).saturating_sub(base);
            found.push((name, start..start + value.len()));
        }
    }
    found
}

/// The text `html` shows: its text, and the attributes that are read out
/// or shown (`alt`, `title`, `aria-label`), entities decoded, a space
/// between blocks; not comments, not what `<script>`, `<style>`,
/// `<noscript>` and `<template>` hold, and not elements marked `hidden`
/// or `aria-hidden="true"`.
pub(super) fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pieces = Pieces::new(html);
    // Hidden elements found to have no closing tag after them: a later
    // one of the same name has none either, so none is looked for again.
    let mut unclosed: Vec<String> = Vec::new();
    while let Some(piece) = pieces.next() {
        let tag = match piece {
            Piece::Text(text) => {
                decode_into(text, &mut out);
                continue;
            }
            Piece::Tag(tag) => tag,
        };
        if tag.hidden() {
            if tag.opens && !unclosed.contains(&tag.name) {
                let before = pieces.clone();
                if !skip_element(&mut pieces, &tag.name) {
                    // Closed only by what comes after (`<p hidden>` before
                    // a `<p>`): the text that follows is not lost for it.
                    pieces = before;
                    unclosed.push(tag.name.clone());
                }
            }
            // Hidden inside a word, it leaves the word whole.
            if !INLINE.contains(&tag.name.as_str()) {
                out.push(' ');
            }
            continue;
        }
        for (key, value) in &tag.attributes {
            if matches!(*key, "alt" | "title" | "aria-label") {
                out.push(' ');
                decode_into(value, &mut out);
            }
        }
        if !INLINE.contains(&tag.name.as_str()) {
            out.push(' ');
        }
    }
    out
}

/// Moves `pieces` past the end of the element `name` just opened, the
/// elements of that name inside it counted; false when it has no end.
fn skip_element(pieces: &mut Pieces<'_>, name: &str) -> bool {
    let mut depth = 1;
    for piece in pieces {
        let Piece::Tag(tag) = piece else {
            continue;
        };
        if tag.name != name {
            continue;
        }
        if tag.closes {
            depth -= 1;
            if depth == 0 {
                return true;
            }
        } else if tag.opens {
            depth += 1;
        }
    }
    false
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

/// A tag's name and its attributes (name, value), from the inside of
/// `<...>`; values may be quoted either way or bare.
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

/// Appends `text` with its character references decoded (every named
/// one of HTML, `&eacute;` as `é`); a no-break space parts words as a
/// space does.
fn decode_into(text: &str, out: &mut String) {
    let decoded = html_escape::decode_html_entities(text);
    out.extend(decoded.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_read_attributes_are_shown_and_markup_is_not() {
        let html = r#"<div class="box box-warning" data-ref="5"><img src="/a.svg" alt="A &amp; B"><p title='Tip'>Careful &#39;now&#x27;</p></div>"#;
        let text = visible_text(html);
        for shown in ["A & B", "Tip", "Careful 'now'"] {
            assert!(text.contains(shown), "{shown} in {text:?}");
        }
        for hidden in ["warning", "box", "data-ref", "5", "a.svg"] {
            assert!(!text.contains(hidden), "{hidden} in {text:?}");
        }
    }

    #[test]
    fn what_a_page_hides_is_not_shown() {
        let html = concat!(
            "<div hidden><p>gone <div>nested</div> still</p></div>after ",
            r#"<span aria-hidden="true">#</span><span aria-hidden="false">kept</span> "#,
            "<!-- a > b --><noscript>fallback</noscript><template><p>later</p></template>",
            r#"<img hidden alt="unseen"><input hidden><br/>end"#,
        );
        let text = visible_text(html);
        for shown in ["after", "kept", "end"] {
            assert!(text.contains(shown), "{shown} in {text:?}");
        }
        for hidden in [
            "gone", "nested", "still", "#", "b --", "fallback", "later", "unseen",
        ] {
            assert!(!text.contains(hidden), "{hidden} in {text:?}");
        }
    }

    #[test]
    fn odd_markup_loses_no_text_and_shows_no_hidden_text() {
        let html = concat!(
            "<p>caf&eacute; &rsquo;s&nbsp;menu: if a < b and c > d, x <5.</p>",
            r#"<div title=">" hidden>secret</div>after1 "#,
            "<!--->after2 <!-- a --!> after3 <!-->after4 ",
            "<p hidden>secret<p>after5</p><DIV>alpha</DIV><div>beta</div>",
        );
        let text = visible_text(html);
        for shown in [
            "café ’s menu: if a < b and c > d, x <5.",
            "after1",
            "after2",
            "after3",
            "after4",
            "after5",
            "alpha",
            "beta",
        ] {
            assert!(text.contains(shown), "{shown} in {text:?}");
        }
        assert!(!text.contains("alphabeta"), "blocks part words: {text:?}");
        assert!(!text.contains("&") && !text.contains("a --"), "{text:?}");
    }

    #[test]
    fn inline_tags_say_which_hide_their_content() {
        let tags = inline_tags(
            r#"<span hidden><b aria-hidden="true"></b><br hidden><noscript>no</noscript></SPAN>"#,
        );
        // (name, closes, hides, raw)
        let expect = [
            ("span", false, true, false),
            ("b", false, true, false),
            ("b", true, false, false),
            ("br", false, false, false),
            ("noscript", false, false, true),
            ("noscript", true, false, false),
            ("span", true, false, false),
        ];
        let got: Vec<_> = tags
            .iter()
            .map(|t| (t.name.as_str(), t.closes, t.hides, t.raw))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn tags_are_matched_by_whole_names_outside_comments_scripts_and_quotes() {
        let html = concat!(
            "<s hidden>struck</span> still struck</s>after1 ",
            "<div hidden>a <!-- <div> --> b <script>x = \"<div>\";</script>",
            r#"<p title="<div x">c</p></div>after2 "#,
            "<p>Para <!-- hidden note --> more</p>",
        );
        let text = visible_text(html);
        for shown in ["after1", "after2", "Para", "more"] {
            assert!(text.contains(shown), "{shown} in {text:?}");
        }
        for hidden in ["struck", " a ", " b ", " c", "x ="] {
            assert!(!text.contains(hidden), "{hidden} in {text:?}");
        }
        assert!(inline_tags("a <!-- hidden note --> b").is_empty());
        assert!(inline_tags("<!-- x --><?pi?>").is_empty());
        let parts = |html| inline_tags(html).iter().any(|t| t.parts_words);
        assert!(parts("<br/>") && parts("<DIV>") && !parts("<em>") && !parts("</wbr>"));
    }

    #[test]
    fn a_hidden_inline_element_leaves_its_word_whole() {
        let text = visible_text("<div>half<span hidden>x</span>word</div>");
        assert!(text.contains("halfword"), "{text:?}");
    }

    #[test]
    fn many_unclosed_hidden_elements_lose_no_text() {
        // Each would be looked for an end to the end of the text, were
        // the first one's missing end not remembered.
        let html = "<div hidden>x ".repeat(40_000);
        assert_eq!(visible_text(&html).matches('x').count(), 40_000);
    }

    #[test]
    fn a_stray_ampersand_stays() {
        let mut out = String::new();
        decode_into("R&D &unknown; &#xZZ; &", &mut out);
        assert_eq!(out, "R&D &unknown; &#xZZ; &");
    }
}

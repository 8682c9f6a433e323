//! What raw HTML shows a reader, for search: the text a browser renders
//! from the HTML written in a body (and from shortcodes' output), so that
//! a dispatch is found by the words on its page and only by those. Read
//! piece by piece as a browser tokenizes it: text and tags, comments and
//! the raw text of scripts and styles skipped, entities decoded, elements
//! marked hidden left out.

mod pieces;

use pieces::{Piece, Pieces, VOID};

/// Tags that sit inside a word (`<b>Ah</b>mad` shows "Ahmad"); any other
/// tag parts the words on either side of it.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "nobr", "output", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Elements whose content is not markup and not prose: a browser with
/// scripts shows no `<noscript>`, a `<template>` is never shown, and a
/// `<textarea>` holds a form's field.
const RAW: &[&str] = &["script", "style", "noscript", "template", "textarea"];

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
    /// The tag as written (a slice of the HTML it was read from).
    pub src: &'a str,
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
            src: t.src,
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

/// The text `html` shows: its text, and after it the attributes that
/// are read out or shown (`alt`, `title`, `aria-label`: a tooltip is no
/// part of the words around its element), entities decoded, a space
/// between blocks; not comments, not what `<script>`, `<style>`,
/// `<noscript>` and `<template>` hold, and not elements marked `hidden`
/// or `aria-hidden="true"`.
pub(super) fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut attributes = String::new();
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
                attributes.push(' ');
                decode_into(value, &mut attributes);
            }
        }
        if !INLINE.contains(&tag.name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(&attributes);
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

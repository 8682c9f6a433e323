//! What a shortcode call shows a reader of its arguments, for search: a
//! dispatch should be found by the words on its page, and only by those.
//! An argument counts when its value is in the text the call's HTML
//! shows (its text and its `alt`, `title` and `aria-label` attributes),
//! not merely somewhere in its markup: a `kind="warning"` that only picks
//! a class is not on the page.

use super::shortcodes;

/// The words a call's arguments show (a figure's caption and credit, a
/// post's author and handle), a line each, for the searchable text: the
/// string values its rendered `html` shows, in any case (templates may
/// change it). Addresses and a language tag show no words.
pub(super) fn argument_text(call: &shortcodes::Call, html: &str) -> String {
    let mut words = String::new();
    let mut shown: Option<String> = None;
    for (key, arg) in &call.args {
        let shortcodes::Arg::Str(value) = arg else {
            continue;
        };
        let value = value.trim();
        let address = value.contains("://")
            || value.starts_with(['/', '#', '.'])
            || value.starts_with("mailto:");
        if value.is_empty() || address || key == "lang" {
            continue;
        }
        let shown = shown.get_or_insert_with(|| visible_text(html).to_lowercase());
        if contains_words(shown, &value.to_lowercase()) {
            // One line per value: a line break inside one (an escaped
            // `\n` in a caption) is no end of its text.
            words.extend(value.chars().map(|c| if c == '\n' { ' ' } else { c }));
            words.push('\n');
        }
    }
    words
}

/// Whether `needle` is in `hay` as whole words: `note` is not in
/// `footnote`.
fn contains_words(hay: &str, needle: &str) -> bool {
    // A boundary is needed only where the needle itself is in a word.
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (starts, ends) = (
        word(needle.chars().next()),
        word(needle.chars().next_back()),
    );
    hay.match_indices(needle).any(|(i, _)| {
        let joined_before = starts && word(hay[..i].chars().next_back());
        let joined_after = ends && word(hay[i + needle.len()..].chars().next());
        !(joined_before || joined_after)
    })
}

/// Tags that sit inside a word (`<b>Ah</b>mad` shows "Ahmad").
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "nobr", "output", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Whether a piece of inline HTML written in a paragraph parts the words
/// on either side of it (`seal<br>pup` is two words, `un<em>done</em>`
/// one): it has a tag that is not an inline element's.
pub(super) fn parts_words(html: &str) -> bool {
    html.split('<').skip(1).any(|tag| {
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or_default();
        // A comment (`<!-- -->`) shows nothing, so it parts nothing.
        !name.is_empty()
            && !name.starts_with('!')
            && !INLINE.iter().any(|i| i.eq_ignore_ascii_case(name))
    })
}

/// The tags of a piece of inline HTML, in order: (name, lowercased,
/// whether it closes, whether it opens an element whose content the page
/// hides: marked `hidden` or `aria-hidden="true"`, or a `<noscript>` or
/// `<template>`).
pub(super) fn inline_tags(html: &str) -> Vec<(String, bool, bool)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let Some(gt) = tag_end(after) else {
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let (name, attributes) = tag_parts(tag);
        let name = name.to_ascii_lowercase();
        let Some(bare) = name.strip_prefix('/') else {
            let opens = !VOID.contains(&name.as_str()) && !tag.ends_with('/');
            let hides =
                opens && (hides(&attributes) || matches!(name.as_str(), "noscript" | "template"));
            tags.push((name, false, hides));
            continue;
        };
        tags.push((bare.to_string(), true, false));
    }
    tags
}

/// Whether a tag's attributes hide its element.
fn hides(attributes: &[(&str, &str)]) -> bool {
    attributes.iter().any(|&(key, value)| {
        key.eq_ignore_ascii_case("hidden")
            || key.eq_ignore_ascii_case("aria-hidden") && value.eq_ignore_ascii_case("true")
    })
}

/// The text `html` shows: its text, and the attributes that are read out
/// or shown (`alt`, `title`, `aria-label`), entities decoded, a space
/// between blocks; not comments, not what `<script>`, `<style>`,
/// `<noscript>` (a page with scripts does not show it) and `<template>`
/// hold, and not elements marked `hidden` or `aria-hidden="true"`.
pub(super) fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        // Markup starts with a letter, `/`, `!` or `?`: `a < b` is text.
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            decode_into(&rest[..=lt], &mut out);
            rest = after;
            continue;
        }
        decode_into(&rest[..lt], &mut out);
        if let Some(comment) = after.strip_prefix("!--") {
            rest = after_comment(comment);
            continue;
        }
        let Some(gt) = tag_end(after) else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let (name, attributes) = tag_parts(tag);
        let name = name.to_ascii_lowercase();
        let hidden = hides(&attributes);
        let void = VOID.contains(&name.as_str()) || tag.ends_with('/');
        if hidden && !name.starts_with('/') {
            if !void {
                rest = after_element(rest, &name);
            }
            out.push(' ');
            continue;
        }
        for (key, value) in attributes {
            if matches!(key, "alt" | "title" | "aria-label") {
                out.push(' ');
                decode_into(value, &mut out);
            }
        }
        if matches!(name.as_str(), "script" | "style" | "noscript" | "template") {
            // Their text is not markup: the first closing tag ends it.
            let close = format!("</{name}");
            let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            rest = &rest[end..];
        }
        if !INLINE.contains(&name.trim_start_matches('/')) {
            out.push(' ');
        }
    }
    decode_into(rest, &mut out);
    out
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

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// What follows the element `name` whose start tag `rest` follows: past
/// its closing tag, elements of the same name inside it counted.
fn after_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let lower = rest.to_ascii_lowercase();
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let opens_at = |i: usize| {
        lower[i..].starts_with(&open)
            && lower[i + open.len()..]
                .starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
    };
    let mut depth = 1;
    let mut at = 0;
    while let Some(lt) = lower[at..].find('<').map(|i| at + i) {
        if lower[lt..].starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                let end = lower[lt..].find('>').map_or(lower.len(), |gt| lt + gt + 1);
                return &rest[end..];
            }
        } else if opens_at(lt) {
            depth += 1;
        }
        at = lt + 1;
    }
    // Closed only by what comes after (`<p hidden>` before a `<p>`): the
    // text that follows is not lost for it.
    rest
}

/// A tag's name and its attributes (name, value), from the inside of
/// `<...>`; values may be quoted either way or bare.
fn tag_parts(tag: &str) -> (&str, Vec<(&str, &str)>) {
    let tag = tag.trim_end_matches('/');
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
    fn attributes_are_read_by_name_words_whole_and_scripts_skipped() {
        let html = r#"<p class="card title" title="Harbour map">A <b>Ah</b>mad, Footnote</p><script>var secret = 1;</script>"#;
        let text = visible_text(html).to_lowercase();
        assert!(contains_words(&text, "harbour map"), "{text:?}");
        assert!(contains_words(&text, "ahmad"), "{text:?}");
        assert!(!contains_words(&text, "note"), "{text:?}");
        assert!(!contains_words(&text, "card"), "{text:?}");
        assert!(!text.contains("secret"), "{text:?}");
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
        let tags =
            inline_tags(r#"<span hidden><b aria-hidden="true"></b><br hidden><noscript></SPAN>"#);
        let expect = [
            ("span", false, true),
            ("b", false, true),
            ("b", true, false),
            ("br", false, false),
            ("noscript", false, true),
            ("span", true, false),
        ];
        let got: Vec<_> = tags.iter().map(|(n, c, h)| (n.as_str(), *c, *h)).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn a_stray_ampersand_stays() {
        let mut out = String::new();
        decode_into("R&D &unknown; &#xZZ; &", &mut out);
        assert_eq!(out, "R&D &unknown; &#xZZ; &");
    }
}

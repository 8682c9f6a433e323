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
        if shown.contains(&value.to_lowercase()) {
            words.push_str(value);
            words.push('\n');
        }
    }
    words
}

/// The text `html` shows: its text, and the attributes that are read out
/// or shown (`alt`, `title`, `aria-label`), entities decoded, a space
/// between pieces.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_into(&rest[..lt], &mut out);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        for name in ["alt", "title", "aria-label"] {
            if let Some(value) = attribute(tag, name) {
                out.push(' ');
                decode_into(value, &mut out);
            }
        }
        out.push(' ');
        rest = &rest[lt + gt + 1..];
    }
    decode_into(rest, &mut out);
    out
}

/// The quoted value of attribute `name` in the inside of a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = tag[from..].trim_start().strip_prefix('=')?.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &after[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Appends `text` with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
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
    fn a_stray_ampersand_stays() {
        let mut out = String::new();
        decode_into("R&D &unknown; &#xZZ; &", &mut out);
        assert_eq!(out, "R&D &unknown; &#xZZ; &");
    }
}

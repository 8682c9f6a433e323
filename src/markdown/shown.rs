//! What a shortcode call shows a reader of its arguments, for search: a
//! dispatch should be found by the words on its page, and only by those.
//! An argument counts when its value is in the text the call's HTML
//! shows (its text and its `alt`, `title` and `aria-label` attributes),
//! not merely somewhere in its markup: a `kind="warning"` that only picks
//! a class is not on the page.

use super::html_text::visible_text;
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
        // Markup in a value (printed with `safe`) shows its text.
        let text;
        let value = if value.contains('<') {
            text = visible_text(value);
            text.trim()
        } else {
            value
        };
        let shown = shown.get_or_insert_with(|| visible_text(html).to_lowercase());
        if !value.is_empty() && contains_words(shown, &value.to_lowercase()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_by_name_words_whole() {
        let html = r#"<p class="card title" title="Harbour map">A <b>Ah</b>mad, Footnote</p>"#;
        let text = visible_text(html).to_lowercase();
        assert!(contains_words(&text, "harbour map"), "{text:?}");
        assert!(contains_words(&text, "ahmad"), "{text:?}");
        assert!(!contains_words(&text, "note"), "{text:?}");
        assert!(!contains_words(&text, "card"), "{text:?}");
        // A tooltip's words and its element's are words apart.
        let text =
            visible_text(r#"<span title="const">label</span> <abbr title="in full">IF</abbr>"#);
        assert!(
            contains_words(&text, "label") && contains_words(&text, "IF"),
            "{text:?}"
        );
        assert!(contains_words(&text, "in full"), "{text:?}");
    }
}

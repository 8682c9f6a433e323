//! Latin hashtags and mentions in right-to-left text, isolated.
//!
//! A quoted Persian or Arabic post often holds `#Ormel2024` or `@janeq`.
//! In a right-to-left paragraph the `#` and `@` are neutral and go to the
//! right-to-left side: readers see `Ormel2024#`, and an `@` beside the
//! next Arabic word. The platforms isolate such a run; so does the page,
//! with `<bdi>`.

use pulldown_cmark::{CowStr, Event};

use super::Renderer;

impl<'t> Renderer<'_, 't> {
    /// Emits `t`, each Latin `#tag` or `@name` in it isolated when it is
    /// right-to-left text.
    pub(super) fn emit_text(&mut self, t: CowStr<'t>) {
        let tags = if self.image > 0 || !t.contains(['#', '@']) || !t.chars().any(is_rtl) {
            Vec::new()
        } else {
            latin_tags(&t)
        };
        if tags.is_empty() {
            self.emit(Event::Text(t));
            return;
        }
        let mut last = 0;
        for (start, end) in tags {
            if start > last {
                self.emit(Event::Text(t[last..start].to_string().into()));
            }
            self.emit(Event::InlineHtml("<bdi>".into()));
            self.emit(Event::Text(t[start..end].to_string().into()));
            self.emit(Event::InlineHtml("</bdi>".into()));
            last = end;
        }
        if last < t.len() {
            self.emit(Event::Text(t[last..].to_string().into()));
        }
    }
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Byte ranges of the `#tag`s and `@name`s of `text` written in ASCII
/// letters, digits and `_` (with a letter): at the start of a word, so
/// that an e-mail address's `@` is no mention.
fn latin_tags(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts =
            matches!(c, '#' | '@') && !before.is_some_and(|b| b.is_alphanumeric() || b == '_');
        before = Some(c);
        if !starts {
            continue;
        }
        let mut end = i + 1;
        let mut letter = false;
        while let Some(&(j, d)) = chars.peek() {
            if !(d.is_ascii_alphanumeric() || d == '_') {
                break;
            }
            letter |= d.is_ascii_alphabetic();
            end = j + 1;
            before = Some(d);
            chars.next();
        }
        if letter {
            found.push((i, end));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_and_mentions_are_found_at_word_starts_only() {
        let text = "قال #Ormel2024 و @janeq desk@x.example #٢٠٢٤ #2024 a#b @_x9";
        let tags: Vec<&str> = latin_tags(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(tags, ["#Ormel2024", "@janeq", "@_x9"]);
    }
}

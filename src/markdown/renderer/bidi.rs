//! Latin hashtags, mentions and inline code in right-to-left text,
//! isolated.
//!
//! A quoted Persian or Arabic post often holds `#Ormel2024` or `@janeq`.
//! In a right-to-left paragraph the `#` and `@` are neutral and go to the
//! right-to-left side: readers see `Ormel2024#`, and an `@` beside the
//! next Arabic word. The platforms isolate such a run; so does the page,
//! with `<bdi>`.

use pulldown_cmark::{CowStr, Event};

use super::Renderer;

impl<'t> Renderer<'_, 't> {
    /// Emits `t`, each Latin run with a `#` or `@` in it isolated when it
    /// may stand in right-to-left text: text with right-to-left letters,
    /// a right-to-left document's, or a quoted post's or transcript's
    /// (whose language the renderer does not know; a line of hashtags
    /// alone ends many posts).
    pub(super) fn emit_text(&mut self, t: CowStr<'t>) {
        let may_be_rtl = self.cx.rtl || self.quoting_depth > 0 || t.chars().any(is_rtl);
        let tags = if self.image > 0 || !t.contains(['#', '@']) || !may_be_rtl {
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

    /// Emits inline code, isolated left to right where it may stand in
    /// right-to-left text (see [`Self::emit_text`]): in a Persian
    /// paragraph `print(x);` would show as `;print(x)`. Code blocks are
    /// `dir="ltr"` already.
    pub(super) fn emit_code(&mut self, code: CowStr<'t>) {
        if !(self.cx.rtl || self.quoting_depth > 0) {
            self.emit(Event::Code(code));
            return;
        }
        self.emit(Event::InlineHtml("<code dir=\"ltr\">".into()));
        self.emit(Event::Text(code));
        self.emit(Event::InlineHtml("</code>".into()));
    }
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Byte ranges of the Latin runs of `text` (ASCII between spaces) that
/// hold a `#` or `@` and a letter: `#Ormel2024`, `@jane.doe`,
/// `@user@mastodon.social`, `example.org/#top`, each whole, since the
/// browser would reorder any part cut from it. Punctuation that ends a
/// sentence or closes a bracket stays outside.
fn latin_tags(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    // A shortcode's token (see `tokens`) is no part of a run: its HTML
    // goes where it stands, never inside the `<bdi>`.
    let latin = |b: u8| b.is_ascii() && !b.is_ascii_whitespace() && b != 0x1C;
    let mut i = 0;
    while i < bytes.len() {
        if !latin(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && latin(bytes[i]) {
            i += 1;
        }
        let run = &text[start..i];
        let lead = run.len() - run.trim_start_matches(['(', '[', '"', '\'']).len();
        let core =
            run[lead..].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
        if core.contains(['#', '@']) && core.bytes().any(|b| b.is_ascii_alphabetic()) {
            found.push((start + lead, start + lead + core.len()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_runs_with_tags_are_found_whole() {
        let text = "قال #Ormel2024، و @janeq. (@jane.doe) @user@mastodon.social example.org/#top #٢٠٢٤ #2024 C# word #A\u{1C}SC3X";
        let tags: Vec<&str> = latin_tags(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            tags,
            [
                "#Ormel2024",
                "@janeq",
                "@jane.doe",
                "@user@mastodon.social",
                "example.org/#top",
                "C#",
                "#A"
            ]
        );
    }
}

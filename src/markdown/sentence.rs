//! The sentence around a reference, which "Cited by" quotes: cut at
//! sentence ends, but not at the full stop of an abbreviation ("No. 8631")
//! or an initial ("J. Smith"), since dispatches cite with both.

/// The sentence of `text` around byte `at`, at most ~300 characters.
pub(super) fn sentence_around(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let bytes = text.as_bytes();
    let start = (1..at.max(1))
        .rev()
        .find(|&i| is_sentence_end(text, i))
        .map_or(0, |i| i + 2);
    let end = (at..bytes.len().saturating_sub(1))
        .find(|&i| is_sentence_end(text, i))
        .map_or(text.len(), |i| i + 1);
    // Runs of spaces (left where a shortcode or a line break was) as one.
    let sentence = text.get(start..end).unwrap_or("").split_whitespace();
    let sentence = sentence.collect::<Vec<_>>().join(" ");
    if sentence.chars().count() > 300 {
        let cut: String = sentence.chars().take(297).collect();
        format!("{cut}…")
    } else {
        sentence
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "gen", "maj", "lt", "col", "capt", "sgt", "vs",
    "e.g", "i.e", "etc", "cf", "vol", "pp", "p", "art", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether the punctuation at byte `i` ends a sentence (followed by a space).
fn is_sentence_end(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    if i + 1 >= bytes.len() || !matches!(bytes[i + 1], b' ' | b'\n') {
        return false;
    }
    match bytes[i] {
        b'?' | b'!' => true,
        b'.' => {
            let word_start = text[..i]
                .rfind(|c: char| c.is_whitespace() || c == '(')
                .map_or(0, |j| j + 1);
            let word = text[word_start..i].to_lowercase();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            !initial && !ABBREVIATIONS.contains(&word.as_str())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_helper_is_char_safe() {
        assert_eq!(sentence_around("Ça va. Très bien! Oui", 9), "Très bien!");
        assert_eq!(sentence_around("", 0), "");
        assert_eq!(
            sentence_around("Intro  as\nnoted. Next.", 3),
            "Intro as noted."
        );
        assert_eq!(
            sentence_around(
                "Before. As set out in Special Dispatch No. 8631 and by J. Smith. After.",
                20
            ),
            "As set out in Special Dispatch No. 8631 and by J. Smith."
        );
    }
}

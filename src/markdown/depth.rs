//! How deep quotes and lists nest on a line, read before Markdown is
//! parsed: the parser's time per line grows with the containers it is
//! in, so a run of `>` thousands long followed by thousands of lines
//! would take seconds for a few hundred kilobytes. No dispatch quotes a
//! quote more than a few levels deep; past [`MAX_DEPTH`] it is an error.

/// The most quotes and list items a line may open.
pub(super) const MAX_DEPTH: usize = 64;

/// The first line that opens more than [`MAX_DEPTH`] quotes and list
/// items: its offset in `text`.
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if depth(line) > MAX_DEPTH {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// The quote markers and list markers that start `line`, counted up to
/// one past [`MAX_DEPTH`].
fn depth(line: &str) -> usize {
    let mut rest = line.as_bytes();
    let mut depth = 0;
    while depth <= MAX_DEPTH {
        let indent = rest.iter().take(3).take_while(|&&b| b == b' ').count();
        rest = &rest[indent..];
        let marker = match rest {
            [b'>', ..] => 1,
            [b'-' | b'*' | b'+', b' ' | b'\t', ..] => 2,
            _ => {
                let digits = rest
                    .iter()
                    .take(9)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                match rest.get(digits..digits + 2) {
                    Some([b'.' | b')', b' ' | b'\t']) if digits > 0 => digits + 2,
                    _ => return depth,
                }
            }
        };
        rest = &rest[marker..];
        depth += 1;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_quotes_and_list_items_that_open_a_line() {
        assert_eq!(depth("> > - 1. x\n"), 4);
        assert_eq!(depth(">>>x\n"), 3);
        assert_eq!(depth("- x\n"), 1);
        assert_eq!(depth("-x and 1.5 are text\n"), 0);
        assert_eq!(depth(&">".repeat(10_000)), MAX_DEPTH + 1);
        assert_eq!(too_deep("a\n> b\n"), None);
        let deep = format!("a\n{} x\ny\n", ">".repeat(MAX_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some(2));
        assert_eq!(too_deep(&format!("{} x\n", "> ".repeat(MAX_DEPTH))), None);
    }
}

//! How deep quotes and lists nest on a line, read before Markdown is
//! parsed: the parser's time per line grows with the containers it is
//! in, so a run of `>` thousands long followed by thousands of lines
//! would take seconds for a few hundred kilobytes. No dispatch quotes a
//! quote more than a few levels deep; past [`MAX_DEPTH`] it is an error.
//! The limit is far above any real nesting, since this scan is no
//! parser: it skips lines of fenced code (a `>>>>` line of code opens no
//! quote) only for fences at the left edge, whose ends it can tell, and
//! thematic breaks (`- - -`, `> * * *` are rules, not lists). Up to the
//! limit, the parser's time stays within a second for a megabyte.

/// The most quotes and list items a line may open.
pub(super) const MAX_DEPTH: usize = 256;

/// The first line that opens more than [`MAX_DEPTH`] quotes and list
/// items, outside fenced code: its offset in `text`.
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let mut at = 0;
    // The open fence: its character and length.
    let mut fence: Option<(u8, usize)> = None;
    for line in text.split_inclusive('\n') {
        let (depth, rest) = containers(line.as_bytes());
        match fence {
            Some((c, n)) => {
                if fence_of(rest).is_some_and(|(d, m, info)| d == c && m >= n && info.is_empty()) {
                    fence = None;
                }
            }
            None => {
                // (A fence in a quote or a list item also ends with it,
                // which this scan cannot tell: its lines are counted.)
                if let Some((c, n, _)) = fence_of(rest).filter(|_| depth == 0) {
                    fence = Some((c, n));
                } else if depth > MAX_DEPTH && !is_rule(line.as_bytes()) {
                    return Some(at);
                }
            }
        }
        at += line.len();
    }
    None
}

/// The quote and list markers that start `line` (counted up to one past
/// [`MAX_DEPTH`]), and the rest of the line after them.
fn containers(line: &[u8]) -> (usize, &[u8]) {
    let mut rest = line;
    let mut depth = 0;
    // At the start of a line, up to three spaces; after a marker, up to
    // four (a quote's optional space, then three), tabs counted as
    // spaces: more counting than the parser does, never less.
    let mut room = 3;
    while depth <= MAX_DEPTH {
        let blank = rest
            .iter()
            .take(room + 1)
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if blank > room {
            break;
        }
        let after = &rest[blank..];
        let marker = match after {
            [b'>', ..] => 1,
            [b'-' | b'*' | b'+', b' ' | b'\t', ..] => 1,
            _ => {
                let digits = after
                    .iter()
                    .take(9)
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                match after.get(digits..digits + 2) {
                    Some([b'.' | b')', b' ' | b'\t']) if digits > 0 => digits + 1,
                    _ => break,
                }
            }
        };
        rest = &after[marker..];
        depth += 1;
        room = 4;
    }
    (depth, rest)
}

/// A code fence at the start of `rest`: its character, its length and
/// its info string (trimmed).
fn fence_of(rest: &[u8]) -> Option<(u8, usize, &[u8])> {
    let start = rest.iter().take(4).take_while(|&&b| b == b' ').count();
    let rest = rest.get(start..)?;
    let c = *rest.first().filter(|&&c| c == b'`' || c == b'~')?;
    let n = rest.iter().take_while(|&&b| b == c).count();
    let info = rest[n..].trim_ascii();
    // A backtick fence's info has no backtick: "```x``` y" is code inline.
    let fence = start < 4 && n >= 3 && !(c == b'`' && info.contains(&b'`'));
    fence.then_some((c, n, info))
}

/// A thematic break, in quotes or not: three or more of one of `-`,
/// `*`, `_`, with only spaces and tabs between.
fn is_rule(line: &[u8]) -> bool {
    let start = line
        .iter()
        .position(|b| !(b.is_ascii_whitespace() || *b == b'>'))
        .unwrap_or(line.len());
    let marks: Vec<u8> = line[start..]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    marks.len() >= 3
        && matches!(marks[0], b'-' | b'*' | b'_')
        && marks.iter().all(|&b| b == marks[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(line: &str) -> usize {
        containers(line.as_bytes()).0
    }

    #[test]
    fn counts_quotes_and_list_items_that_open_a_line() {
        assert_eq!(depth("> > - 1. x\n"), 4);
        assert_eq!(depth(">>>x\n"), 3);
        assert_eq!(depth("- x\n"), 1);
        assert_eq!(depth("-x and 1.5 are text\n"), 0);
        assert_eq!(depth("    > code\n"), 0);
        assert_eq!(depth(">\t>\t>    >\n"), 4);
        assert_eq!(depth(&">".repeat(10_000)), MAX_DEPTH + 1);
        assert_eq!(depth(&">\t".repeat(10_000)), MAX_DEPTH + 1);
        assert_eq!(too_deep("a\n> b\n"), None);
        let deep = format!("a\n{} x\ny\n", ">".repeat(MAX_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some(2));
        assert_eq!(too_deep(&format!("{} x\n", "> ".repeat(MAX_DEPTH))), None);
    }

    #[test]
    fn code_and_rules_open_nothing() {
        let run = ">".repeat(MAX_DEPTH + 100);
        assert_eq!(too_deep(&format!("```bf\n{run}++.\n```\n")), None);
        assert_eq!(
            too_deep(&format!("{}\n", "- ".repeat(MAX_DEPTH + 10))),
            None
        );
        assert_eq!(
            too_deep(&format!("> {}\n", "- ".repeat(MAX_DEPTH + 10))),
            None
        );
        // Code inline is no fence; a fence in a quote does not stop the
        // count (it ends with the quote, which this scan cannot tell).
        assert_eq!(too_deep(&format!("```x``` y\n\n```\n{run}\n```\n")), None);
        assert!(too_deep(&format!("> ```\n\n{run} x\n")).is_some());
        // A closing fence must be as long as the opening one, with no info.
        let open = format!("````\n```\n{run}\n```js\n````\n{run} x\n");
        assert_eq!(too_deep(&open), Some(open.rfind(&run).unwrap()));
    }
}

//! Unresolved merge conflicts: the `<<<<<<<`, `=======`, `>>>>>>>` lines
//! git leaves in a file both sides of a merge changed.
//!
//! Committed by mistake (`git commit -a` after an unfinished merge), they
//! would be published: `=======` under a line is a Markdown heading, and
//! `>>>>>>>` seven nested quotes, and a template prints them as they are.
//! So the config, every content file and every template are looked
//! through first, and each conflict is one error at its first line,
//! instead of the several a YAML or Markdown reading of it would give.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The conflicts in `text` as (line, column 1's byte offset, last line),
/// lines 1-based. A block counts only whole: a `<<<<<<<` line, then a
/// `=======` line, then a `>>>>>>>` line. In Markdown, blocks inside
/// fenced code (a guide to git, say) are text.
pub fn find(text: &str, markdown: bool) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // The open block: its first line and offset, and whether `=======`
    // was seen.
    let mut open: Option<(usize, usize, bool)> = None;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let at = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if markdown && let Some(marks) = fence_marks(line) {
            match fence {
                None => fence = Some(marks),
                Some((c, len)) if marks.0 == c && marks.1 >= len && is_closing(line) => {
                    fence = None
                }
                Some(_) => {}
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        match (marker(line), open) {
            (Some(b'<'), _) => open = Some((n + 1, at, false)),
            (Some(b'='), Some((first, start, false))) => open = Some((first, start, true)),
            (Some(b'>'), Some((first, start, true))) => {
                found.push((first, start, n + 1));
                open = None;
            }
            _ => {}
        }
    }
    found
}

/// The errors for the conflicts of `file` (shown as given).
pub fn errors(text: &str, markdown: bool, file: &Path) -> Vec<Diagnostic> {
    find(text, markdown)
        .into_iter()
        .map(|(first, start, last)| {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            Diagnostic::error(format!(
                "an unresolved merge conflict (lines {first}–{last})"
            ))
            .in_file(file)
            .at_span(&std::sync::Arc::from(text), start..end)
            .with_help("keep the side you want (or both, merged by hand) and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines; `git diff` shows every conflict left")
        })
        .collect()
}

/// Which marker `line` is: `<`, `=` or `>` (a diff3 `|||||||` line needs
/// nothing), seven of them at column 1, then nothing or a space and a
/// name (`<<<<<<< HEAD`); `=======` stands alone.
fn marker(line: &str) -> Option<u8> {
    let bytes = line.as_bytes();
    let c = *bytes.first()?;
    if !matches!(c, b'<' | b'=' | b'>') || bytes.len() < 7 || bytes[..7].iter().any(|&b| b != c) {
        return None;
    }
    let rest = &line[7..];
    let ok = match c {
        b'=' => rest.trim().is_empty(),
        _ => rest.is_empty() || rest.starts_with(' '),
    };
    ok.then_some(c)
}

/// A code fence's character and length, if `line` is one (at most three
/// spaces in).
fn fence_marks(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == c).count();
    (len >= 3).then_some((c, len))
}

/// Whether a fence line can close a block: nothing but spaces after it.
fn is_closing(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.bytes().all(|b| b == trimmed.as_bytes()[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFLICT: &str = "Intro.\n<<<<<<< HEAD\nThe port had 900.\n=======\nThe port had 910.\n>>>>>>> other\nEnd.\n";

    #[test]
    fn a_whole_block_is_one_conflict_at_its_first_line() {
        assert_eq!(find(CONFLICT, true), vec![(2, 7, 6)]);
        let diff3 = "<<<<<<< ours\na\n||||||| base\nb\n=======\nc\n>>>>>>> theirs\n";
        assert_eq!(find(diff3, false), vec![(1, 0, 7)]);
        let crlf = CONFLICT.replace('\n', "\r\n");
        assert_eq!(find(&crlf, true).len(), 1);
    }

    #[test]
    fn markers_alone_or_in_code_are_text() {
        // A Setext heading, and quotes nested deep.
        assert!(find("Title\n=======\n\n>>>>>>> quoted\n", true).is_empty());
        assert!(find("<<<<<<< HEAD\nno end\n", true).is_empty());
        let fenced = format!("```text\n{CONFLICT}```\n");
        assert!(find(&fenced, true).is_empty());
        assert_eq!(find(&fenced, false).len(), 1, "a template has no fences");
        let indented = CONFLICT.replace("<<<<<<<", " <<<<<<<");
        assert!(find(&indented, true).is_empty());
        assert!(find("<<<<<<<<< x\n=======\n>>>>>>> y\n", true).is_empty());
    }

    #[test]
    fn the_error_says_what_to_do() {
        let d = &errors(CONFLICT, true, Path::new("content/a.md"))[0];
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("lines 2–6"), "{}", d.message);
        assert!(d.help.as_deref().unwrap_or("").contains("`<<<<<<<`"));
    }
}

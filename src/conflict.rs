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
/// `=======` line, then a `>>>>>>>` line. In Markdown, a block inside
/// fenced code (a guide to git, say) is text; fences are found without
/// the blocks' own lines, since both sides of a merge may have changed a
/// fence (` ```python ` against ` ```rust `).
pub fn find(text: &str, markdown: bool) -> Vec<(usize, usize, usize)> {
    // An editor's byte order mark is no part of the first line.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let lines: Vec<(usize, &str)> = text[bom..]
        .split_inclusive('\n')
        .scan(bom, |offset, line| {
            let at = *offset;
            *offset += line.len();
            Some((at, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut blocks = Vec::new();
    // The open block: its first line's index, and whether `=======` was
    // seen.
    let mut open: Option<(usize, bool)> = None;
    for (n, (_, line)) in lines.iter().enumerate() {
        match (marker(line), open) {
            (Some(b'<'), _) => open = Some((n, false)),
            (Some(b'='), Some((first, false))) => open = Some((first, true)),
            (Some(b'>'), Some((first, true))) => {
                blocks.push((first, n));
                open = None;
            }
            _ => {}
        }
    }
    if markdown {
        // In a code block a conflict is text, unless one of its sides
        // closes the block (then the markers are the page's).
        let fenced = fenced_lines(&lines, &blocks);
        blocks.retain(|&(first, last)| match fenced[first] {
            None => true,
            Some(open) => lines[first..=last].iter().any(|(_, line)| {
                fence_marks(line).is_some_and(|(c, len)| closes(open, c, len, line))
            }),
        });
    }
    blocks
        .into_iter()
        .map(|(first, last)| (first + 1, lines[first].0, last + 1))
        .collect()
}

/// The fence each of `lines` is inside, if any (its character, length
/// and indent), the lines of `blocks` left out of the reckoning.
fn fenced_lines(lines: &[(usize, &str)], blocks: &[(usize, usize)]) -> Vec<Option<Fence>> {
    let in_block = |n: usize| blocks.iter().any(|&(a, b)| (a..=b).contains(&n));
    let mut fenced = vec![None; lines.len()];
    let mut fence: Option<Fence> = None;
    // Front matter is YAML: a ``` in a value there opens no code block.
    let body = match lines.first() {
        Some((_, first)) if first.trim_end() == "---" => lines
            .iter()
            .skip(1)
            .position(|(_, l)| l.trim_end() == "---")
            .map_or(0, |end| end + 2),
        _ => 0,
    };
    for (n, (_, line)) in lines.iter().enumerate().skip(body) {
        // A fence in a list item ends with the item, at the first line
        // indented less (a marker at column 1 is one).
        let indent = line.len() - line.trim_start_matches(' ').len();
        if fence.is_some_and(|f| indent < f.2 && !line.trim().is_empty()) {
            fence = None;
        }
        if in_block(n) {
            fenced[n] = fence;
            continue;
        }
        match (fence_marks(line), fence) {
            (Some((c, len)), None) => fence = Some((c, len, indent)),
            (Some((c, len)), Some(f)) if closes(f, c, len, line) => fence = None,
            _ => fenced[n] = fence,
        }
    }
    fenced
}

/// An open code fence: its character, length and indent.
type Fence = (u8, usize, usize);

/// Whether a fence line of `c` × `len` closes `open`.
fn closes(open: Fence, c: u8, len: usize, line: &str) -> bool {
    c == open.0 && len >= open.1 && is_closing(line)
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
    fn a_fence_both_sides_changed_hides_no_conflict() {
        let head = "<<<<<<< HEAD\n```python\n=======\n```rust\n>>>>>>> other\ncode\n```\n";
        assert_eq!(find(head, true).len(), 1);
        let bom = format!("\u{feff}{CONFLICT}");
        assert_eq!(find(&bom, true), vec![(2, 10, 6)]);
        let first = "\u{feff}<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n";
        assert_eq!(find(first, false), vec![(1, 3, 5)]);
        // A ``` in the front matter's YAML opens no code block.
        let front = format!("---\nsummary: |\n  ```\n---\n\n{CONFLICT}");
        assert_eq!(find(&front, true).len(), 1);
    }

    #[test]
    fn a_conflict_that_ends_a_code_block_is_found() {
        // In a list item, the markers at column 1 end the item, and its code.
        let listed = format!("- Steps:\n\n  ```sh\n  make\n{CONFLICT}  ```\n");
        assert_eq!(find(&listed, true).len(), 1);
        // One side closes the block.
        let closing = "```text\n<<<<<<< HEAD\ncode\n```\n=======\nother\n>>>>>>> x\n```\n";
        assert_eq!(find(closing, true).len(), 1);
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

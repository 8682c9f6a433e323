//! Where a file's front matter is: between a first line `---` and the
//! next line `---`. Every content file has one, so a file without it, or
//! with fences another tool writes (`...`, `--- # note`, `----`), is said
//! at the line that goes wrong, with the fence to write.

use std::ops::Range;

/// A file split into its front matter and body.
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// Why a file's front matter cannot be found: what, how to fix it, and
/// where in the file (a byte offset).
pub type SplitError = (&'static str, &'static str, usize);

/// Finds the `---` fences. A file without front matter is an error: every
/// content file needs at least a title.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let t = &text[text_start..];
    if t.trim().is_empty() {
        return Err((
            "empty file",
            "a content file starts with front matter between `---` lines, e.g. `---\\ntitle: ...\\n---`",
            0,
        ));
    }
    let first_end = t.find('\n').map_or(t.len(), |i| i + 1);
    // Lines ended by CR alone (old Mac editors) are one line to YAML.
    let cr_alone = |text: &str| crate::diagnostic::lone_cr(text).is_some();
    let cr_only = || {
        Err((
            "lines end in a carriage return alone (CR), which is no line break here",
            "save the file with LF (or CRLF) line endings",
            0,
        ))
    };
    if t.starts_with("---\r") && !t.starts_with("---\r\n") {
        return cr_only();
    }
    // Hugo's JSON front matter: an object at the top of the file.
    let first = t[..first_end].trim();
    if first.starts_with('{') && !first.starts_with("{{") && !first.starts_with("{%") {
        return Err((
            "the front matter is JSON (Hugo's `{ \"title\": ... }`), which annals does not read",
            "write it as YAML between `---` lines: `---`, then `title: \"...\"` for `\"title\": \"...\"`, one key a line, then `---`",
            0,
        ));
    }
    if commented_fence(first) {
        return Err((
            "the first line is `---` with a comment after it: the front matter's fences are `---` alone",
            "move the comment to a line of its own below `---`",
            text_start,
        ));
    }
    if t[..first_end].trim_end() != "---" {
        let (why, help) = match first {
            "" => (
                "missing front matter: the file must start with a `---` line, and its first line is blank",
                "remove the blank lines above `---`: front matter starts on the file's first line",
            ),
            f if f.len() > 3 && f.bytes().all(|b| b == b'-') => (
                "missing front matter: the file must start with a `---` line, and this one has more than three dashes",
                "write exactly three dashes, `---`, on the first line and on the line that closes the front matter",
            ),
            _ => (
                "missing front matter: the file must start with a `---` line",
                "add `---`, the YAML fields (title, date, ...), and a closing `---` at the top of the file",
            ),
        };
        return Err((why, help, text_start));
    }
    let mut pos = first_end;
    let (mut near, mut dots) = (None, None);
    while pos < t.len() {
        let end = t[pos..].find('\n').map_or(t.len(), |i| pos + i + 1);
        let line = t[pos..end].trim_end();
        if line == "---" {
            return Ok(Split {
                yaml: text_start + first_end..text_start + pos,
                body: text_start + end..text.len(),
            });
        }
        // `...` before a `---` is a line gone astray in the YAML, which
        // its parser says; with no `---` after it, it was meant to close
        // (as Jekyll and Pandoc read it), or the `---` is forgotten and it
        // is the body's: either way it is said, not taken as the close,
        // which would read the body up to it as YAML.
        if line == "..." && dots.is_none() {
            dots = Some(text_start + pos);
        }
        if near.is_none()
            && (commented_fence(line) || line.len() > 3 && line.bytes().all(|b| b == b'-'))
        {
            near = Some(text_start + pos);
        }
        pos = end;
    }
    if cr_alone(t) {
        return cr_only();
    }
    if let Some(at) = dots {
        return Err((
            "front matter is not closed: a `...` line ends a YAML document elsewhere, and annals' front matter ends with `---`",
            "write `---` in place of `...` if it ends the front matter; if it is the body's, add the `---` line above the body",
            at,
        ));
    }
    if let Some(at) = near {
        return Err((
            "front matter is not closed: this line is not `---` alone",
            "end the front matter with a line of exactly three dashes, `---`; a comment goes on a line of its own",
            at,
        ));
    }
    Err((
        "front matter is not closed: no `---` line after it",
        "add a line containing only `---` after the last front-matter field",
        text_start,
    ))
}

/// `--- # a comment`: a fence with a comment after it, which YAML allows
/// but a fence here is the line alone.
fn commented_fence(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.starts_with([' ', '\t']) && rest.trim_start().starts_with('#'))
}

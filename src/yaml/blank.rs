//! Blanking the part of a YAML text that holds an error, so that parsing
//! again reports the errors after it: every bad key and value of a file in
//! one run. Blanked lines become spaces, so every later position in the
//! text stays where it was.

/// The 1-based `line` of `yaml` is in the entry of a nested mapping (such
/// as `taxonomies: { topics: ... }`): `yaml` with that entry blanked, and
/// its name (`taxonomies.topics`). `None` when `line` is not under a key of
/// a top-level mapping.
pub(super) fn entry(yaml: &str, line: usize) -> Option<(String, String)> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let at = line.checked_sub(1).filter(|&i| i < lines.len())?;
    let top = (0..=at).rev().find(|&i| is_top_key(lines[i]))?;
    // The indentation of the mapping's keys: that of its first line.
    let child = (top + 1..lines.len()).find(|&i| is_content(lines[i]))?;
    let indent = indentation(lines[child]);
    if indent == 0 {
        return None;
    }
    let first = (child..=at).rev().find(|&i| {
        is_content(lines[i])
            && indentation(lines[i]) == indent
            && !lines[i].trim_start().starts_with('-')
            && lines[i].contains(':')
    })?;
    let end = (first + 1..lines.len())
        .find(|&i| is_content(lines[i]) && indentation(lines[i]) <= indent)
        .unwrap_or(lines.len());
    // The mapping's only entry: blanking it would leave the key empty, a
    // value of the wrong kind; the whole key is blanked instead.
    let siblings = (top + 1..lines.len())
        .take_while(|&i| !is_top_key(lines[i]))
        .filter(|&i| !(first..end).contains(&i))
        .any(|i| is_content(lines[i]));
    if !siblings {
        return None;
    }
    let name = format!("{}.{}", key_of(lines[top]), key_of(lines[first]));
    Some((name, blank(&lines, first..end)))
}

/// Blanks the lines of the top-level key whose value holds 1-based `line`
/// of `yaml` (spaces for its bytes, so that every later position in the
/// text stays where it was); returns the key. Top-level keys start a line.
pub(super) fn top_level_key(yaml: &mut String, line: usize) -> Option<String> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let first = (0..line.min(lines.len()))
        .rev()
        .find(|&i| is_top_key(lines[i]))?;
    let end = (first + 1..lines.len())
        .find(|&i| is_top_key(lines[i]))
        .unwrap_or(lines.len());
    let key = key_of(lines[first]).to_string();
    let blanked = blank(&lines, first..end);
    *yaml = blanked;
    Some(key)
}

/// Blanks the line of `yaml` that starts at byte `at` (spaces for its
/// bytes, its line break kept).
pub(super) fn line_at(yaml: &mut String, at: usize) {
    let Some(rest) = yaml.get(at..) else {
        return;
    };
    let end = at + rest.find('\n').unwrap_or(rest.len());
    let spaces = " ".repeat(end - at);
    yaml.replace_range(at..end, &spaces);
}

fn is_top_key(l: &str) -> bool {
    l.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-')
}

/// A line that is neither blank nor a comment.
fn is_content(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && !t.starts_with('#')
}

fn indentation(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

fn key_of(l: &str) -> &str {
    l.split(':').next().unwrap_or_default().trim()
}

/// `lines` joined, those in `range` made spaces.
fn blank(lines: &[&str], range: std::ops::Range<usize>) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if range.contains(&i) {
                l.chars()
                    .map(|c| {
                        if c == '\n' {
                            "\n".to_string()
                        } else {
                            " ".repeat(c.len_utf8())
                        }
                    })
                    .collect()
            } else {
                l.to_string()
            }
        })
        .collect()
}

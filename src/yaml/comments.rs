//! Text values that YAML cuts at a ` #`: in a plain (unquoted) value a
//! space and `#` start a comment, so `title: Issue #5 of the bulletin` is
//! the title `Issue`, and the rest is lost without a word. That is YAML,
//! and other generators cut the same way; but a writer of a title, a
//! summary or a name means the whole line, so where the value is text
//! the cut is found here, to be said with the quotes that keep it.

use super::keys::leading_key;

/// A value cut at a comment: the key, the value as YAML reads it, the
/// whole line's value as written, and where its `#` is in the YAML text.
#[derive(Debug, PartialEq)]
pub struct Cut<'t> {
    pub key: String,
    pub kept: &'t str,
    pub written: &'t str,
    pub hash: usize,
    /// Whether it is an item of the key's block list.
    pub item: bool,
}

/// The values of the keys `texts` says are text (at any depth), and the
/// items of their block lists, that a ` #` cuts.
pub fn comment_cuts<'t>(yaml: &'t str, texts: &dyn Fn(&str) -> bool) -> Vec<Cut<'t>> {
    let mut cuts = Vec::new();
    if !yaml.contains('#') {
        return cuts;
    }
    // The text key whose block list the lines below may be items of.
    let mut list: Option<(String, usize)> = None;
    // A value that is all comment (`summary: #MeToo`), and its indent:
    // empty unless the lines below hold its value (indented text, or a
    // list's items), which the line after it tells.
    let mut all_comment: Option<(Cut<'t>, usize)> = None;
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let content = content.trim_end();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some((cut, key_indent)) = all_comment.take()
            && indent <= key_indent
            && !content.starts_with("- ")
        {
            cuts.push(cut);
        }
        if let Some(item) = content.strip_prefix("- ") {
            if let Some((key, _)) = list.as_ref().filter(|(_, i)| indent >= *i) {
                let from = at + indent + 2 + (item.len() - item.trim_start().len());
                cuts.extend(cut(key, item.trim_start(), from, true));
            }
            continue;
        }
        let Some((key, len)) = leading_key(content) else {
            list = None;
            continue;
        };
        if !texts(&key) {
            list = None;
            continue;
        }
        let rest = content.get(len + 1..).unwrap_or_default();
        let value = rest.trim_start();
        // (A list's items may follow a comment on the key's line.)
        list = (value.is_empty() || value.starts_with('#')).then(|| (key.clone(), indent));
        let from = at + indent + len + 1 + (rest.len() - value.len());
        match cut(&key, value, from, false) {
            Some(c) if c.kept.is_empty() => all_comment = Some((c, indent)),
            found => cuts.extend(found),
        }
    }
    cuts.extend(all_comment.map(|(cut, _)| cut));
    cuts
}

/// `value` (at `from`) cut by a comment that is more likely the value's
/// own words: a `#` right before a word (`#5`, `#MeToo`), after one space
/// or none. A comment meant as one is written `# so`, or set apart by
/// more spaces, as the guide's examples are; those are left alone.
fn cut<'t>(key: &str, value: &'t str, from: usize, item: bool) -> Option<Cut<'t>> {
    let quoted_or_not_text = ['"', '\'', '[', '{', '|', '>', '&', '*', '!'];
    if value.starts_with(quoted_or_not_text) {
        return None;
    }
    let hash = value.match_indices('#').map(|(i, _)| i).find(|&i| {
        let before = &value[..i];
        let spaced = before.is_empty() || before.ends_with(' ') && !before.ends_with("  ");
        let word = value[i + 1..].starts_with(|c: char| !c.is_whitespace() && c != '#');
        spaced && word && !before.ends_with('\t')
    })?;
    let kept = value[..hash].trim_end();
    Some(Cut {
        key: key.to_owned(),
        kept,
        written: value,
        hash: from + hash,
        item,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(yaml: &str) -> Vec<(String, &str, &str, usize)> {
        let texts = |k: &str| ["title", "summary", "regions"].contains(&k);
        comment_cuts(yaml, &texts)
            .into_iter()
            .map(|c| (c.key, c.kept, c.written, c.hash))
            .collect()
    }

    #[test]
    fn a_plain_text_value_cut_by_a_comment_is_found() {
        let yaml = "title: Issue #5 of it\nnumber: 5 # five\nsummary: We rank #1\n";
        assert_eq!(
            cuts(yaml),
            [
                ("title".to_owned(), "Issue", "Issue #5 of it", 13),
                ("summary".to_owned(), "We rank", "We rank #1", 56),
            ]
        );
        assert_eq!(&yaml[13..14], "#");
        assert_eq!(&yaml[56..57], "#");
    }

    #[test]
    fn block_list_items_of_a_text_key_are_found() {
        let yaml = "regions:\n  - C# land\n  - F #sharp\n  # a comment\ntopics:\n  - G #x\n";
        assert_eq!(cuts(yaml), [("regions".to_owned(), "F", "F #sharp", 27)]);
        assert_eq!(&yaml[27..28], "#");
    }

    #[test]
    fn quoted_joined_and_comments_meant_as_such_are_no_cut() {
        let yaml = "title: \"Issue #5\" # ok\nsummary: C#, F#\nregions: # a list\n  - Iran\n\
                    title: # nothing\ntitle: Aligned   #note\ntitle: Spaced # note\n\
                    title: X\t#tab\n";
        assert!(cuts(yaml).is_empty(), "{:?}", cuts(yaml));
        assert!(cuts("title: plain\n").is_empty());
    }

    #[test]
    fn a_comment_before_a_value_on_the_lines_below_is_no_cut() {
        let yaml = "summary: #short\n  The text.\nregions: #the regions\n- Iran\ntitle: T\n";
        assert!(cuts(yaml).is_empty(), "{:?}", cuts(yaml));
    }

    #[test]
    fn a_value_that_is_all_hashtag_is_found_and_items_after_a_comment() {
        let yaml = "summary: #MeToo spreads\nregions: # the places\n  - Iran #north\n";
        assert_eq!(
            cuts(yaml),
            [
                ("summary".to_owned(), "", "#MeToo spreads", 9),
                ("regions".to_owned(), "Iran", "Iran #north", 55),
            ]
        );
        assert_eq!(&yaml[55..56], "#");
    }
}

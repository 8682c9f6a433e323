//! Where a Markdown text has code (fenced and indented blocks, inline
//! spans): shortcode calls there are shown as written, not run. HTML
//! comments are counted with code: a call in one is left as written.
//!
//! Calls are found before Markdown is parsed (a call's output is Markdown
//! too), so the text is parsed once here, with the options the renderer
//! uses, to learn where its code is. Parsing rather than scanning lines is
//! what gets CommonMark's corners right: lazy continuation lines, code
//! that starts on a list marker's line, code spans over several lines,
//! items and notes inside quotes. A text that cannot hold code (no
//! backtick, no tilde, no tab and no four spaces in a row: most
//! dispatches) is not parsed.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Byte ranges of code blocks and inline code spans, in order and apart,
/// where calls are left alone. What is parsed is `prepare(text)`, the
/// text with its calls blanked (see `shortcodes`), made only when the
/// text may hold code.
pub(super) fn code_ranges(text: &str, prepare: impl FnOnce(&str) -> String) -> Vec<Range<usize>> {
    if !may_have_code(text) {
        return Vec::new();
    }
    let text = prepare(text);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(&text, super::options()).into_offset_iter() {
        // A block's start event spans the whole block.
        let code = matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_));
        if code && ranges.last().is_none_or(|last| last.end <= range.start) {
            ranges.push(range);
        } else {
            // An inline comment is an event of its own; a block's are
            // found among its tags.
            let comments = match &event {
                Event::InlineHtml(h) if h.starts_with("<!--") => vec![range],
                Event::Start(Tag::HtmlBlock) => block_comments(&text, range),
                _ => continue,
            };
            for comment in comments {
                if ranges.last().is_none_or(|last| last.end <= comment.start) {
                    ranges.push(comment);
                }
            }
        }
    }
    ranges
}

/// The HTML comments (`<!-- … -->`) of the HTML block at `range` of
/// `text`: a call commented out is taken out of the page with the rest
/// of the comment, so it is not run (nor checked, nor counted as
/// citing). A `<!--` inside a tag (a quoted attribute's value) starts no
/// comment.
fn block_comments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let end = range.end.min(text.len());
    let mut found = Vec::new();
    let mut i = range.start;
    while i < end {
        if bytes[i] != b'<' {
            i += 1;
        } else if text[i..].starts_with("<!--") {
            let close = comment_end(text, i);
            found.push(i..close);
            i = close;
        } else if bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
        {
            i = tag_end(bytes, i, end);
        } else {
            i += 1;
        }
    }
    found
}

/// Where the comment opened at `start` ends: after its `-->`, after the
/// empty comments `<!-->` and `<!--->`, or at the end of the text.
fn comment_end(text: &str, start: usize) -> usize {
    let rest = text.get(start + 4..).unwrap_or_default();
    if rest.starts_with('>') {
        start + 5
    } else if rest.starts_with("->") {
        start + 6
    } else {
        rest.find("-->").map_or(text.len(), |j| start + 4 + j + 3)
    }
}

/// Where the tag opened at `start` ends: after its `>`, outside quoted
/// values; or at `end`.
fn tag_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().take(end).skip(start + 1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return j + 1,
            None => {}
        }
    }
    end
}

/// Whether `text` may hold code: a backtick, a tilde, a tab or four
/// spaces in a row (an indent of code) is in it; or an HTML comment,
/// where calls are left alone too.
pub(super) fn may_have_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().any(|b| matches!(b, b'`' | b'~' | b'\t'))
        || text.contains("    ")
        || text.contains("<!--")
}

#[cfg(test)]
mod tests {
    use super::code_ranges;

    fn covered(text: &str, part: &str) -> bool {
        let at = text.find(part).unwrap();
        code_ranges(text, str::to_string)
            .iter()
            .any(|r| r.contains(&at))
    }

    #[test]
    fn html_comments_are_left_alone() {
        let text = "<!-- dropped:\n{% post(url=\"@sd-1\") %}\nOld.\n{% end %}\n-->\n\n\
                    Text <!-- {{ a() }}\nstill {{ b() }} --> and {{ c() }}.\n\n\
                    <div>{{ d() }}</div>\n\n<!-- {{ e() }}";
        for call in ["{% post", "{% end", "{{ a", "{{ b", "{{ e"] {
            assert!(covered(text, call), "{call} is in a comment");
        }
        for call in ["{{ c", "{{ d"] {
            assert!(!covered(text, call), "{call} is not");
        }
        // Empty comments end where they start; a `<!--` in a value is no
        // comment.
        for text in [
            "<!-->\n\n{{ a() }}\n",
            "A <!---> and {{ a() }}.\n",
            "<div title=\"<!-- x\">\n{{ a() }}\n</div>\n",
            "A <span title=\"<!-- x\">b</span> {{ a() }}.\n",
        ] {
            assert!(!covered(text, "{{ a"), "{text}");
        }
    }

    #[test]
    fn fences_spans_and_indented_blocks_but_not_list_items() {
        let text = "Intro `{{ a() }}`.\n\n```\n{% b %}\n```\n\n    {% c %}\n\nAfter {{ d() }}.\n\n- item\n\n    {{ e() }}\n";
        assert!(covered(text, "{{ a"));
        assert!(covered(text, "{% b"));
        assert!(covered(text, "{% c"));
        assert!(!covered(text, "{{ d"));
        assert!(
            !covered(text, "{{ e"),
            "a list item's continuation is Markdown"
        );
        let note = "A[^1].\n\n[^1]: First.\n\n    {{ f() }}\n\n    {% g() %}\n    x\n    {% end %}\n\n    {{ h() }}\n";
        for call in ["{{ f", "{% g", "{{ h"] {
            assert!(!covered(note, call), "a note's continuation is Markdown");
        }
        assert!(covered("[x]: /a\n\n    {{ f() }}\n", "{{ f"));
        // Code in a note or a list item: a fence, or four spaces more.
        let code = "A[^1].\n\n[^1]: Intro.\n\n    ```\n    {{ fenced() }}\n    ```\n\n        {{ deep() }}\n\n\
                    - item\n\n      ```\n      {{ listed() }}\n      ```\n\n          {{ deeper() }}\n";
        for call in ["{{ fenced", "{{ deep(", "{{ listed", "{{ deeper"] {
            assert!(covered(code, call), "{call} is code");
        }
        // Nested items, a note in an item, a tab: their paragraphs are
        // Markdown; four columns past their own content is code.
        let nested = "- a\n  - b\n    - c\n\n      {{ p1() }}\n\n          {{ c1() }}\n\n\
                      - Item[^1]\n\n  [^1]: {% n() %}\n      Para.\n\n      {{ p2() }}\n      {% end %}\n\n\
                      1. One\n\n\t{{ p3() }}\n";
        for call in ["{{ p1", "{{ p2", "{% n(", "{% end", "{{ p3"] {
            assert!(!covered(nested, call), "{call} is Markdown");
        }
        assert!(
            covered(nested, "{{ c1"),
            "four past the item's content is code"
        );
        // Not items: an underline, a break, a number but 1 or an empty
        // item right after a paragraph's text.
        let not_items = "Title\n-\n\n    {{ u1() }}\n\n* * *\n\n    {{ u2() }}\n\npara\n2. x\n\n    {{ u3() }}\n";
        for call in ["{{ u1", "{{ u2", "{{ u3"] {
            assert!(covered(not_items, call), "{call} is code");
        }
        // Code right after a heading or a fence; a "closing" fence
        // indented four columns is the fence's content.
        let after = "# Head\n    {{ h1() }}\n\n```\nx\n```\n    {{ h2() }}\n\n```\na\n    ```\n{{ h3() }}\n```\n";
        for call in ["{{ h1", "{{ h2", "{{ h3"] {
            assert!(covered(after, call), "{call} is code");
        }
        // A line left of an item's content ends the item and its fence.
        let out = "- a\n\n  ```\n  {{ f1() }}\nout {{ o1() }}\n";
        assert!(covered(out, "{{ f1"));
        assert!(!covered(out, "{{ o1"), "the item and its fence are over");
        // Code in a quote, in an item's quote, and a quote's fence.
        let quoted = "> para {{ q1() }}\n>\n>     {{ q2() }}\n\n> ```\n> {{ q3() }}\n> ```\n\n\
                      - item\n\n  > {{ q4() }}\n  >\n  >     {{ q5() }}\n";
        for call in ["{{ q1", "{{ q4"] {
            assert!(!covered(quoted, call), "{call} is Markdown");
        }
        for call in ["{{ q2", "{{ q3", "{{ q5"] {
            assert!(covered(quoted, call), "{call} is code");
        }
        // A tab after the marker; an empty item, in a file with CRLF.
        let tabbed = "-\ta\n\n      {{ t1() }}\n\n1.\ta\n\n       {{ t2() }}\n\n-\r\n  a\r\n\r\n    {{ t3() }}\r\n";
        for call in ["{{ t1", "{{ t2", "{{ t3"] {
            assert!(!covered(tabbed, call), "{call} is Markdown");
        }
    }

    #[test]
    fn lazy_lines_marker_lines_and_spans_over_lines() {
        // A lazy line keeps its item or note open: what follows is theirs.
        let lazy = "- item\nlazy {{ l1() }}\n\n  {{ l2() }}\n\nA[^1].\n\n[^1]: Note\nlazy\n\n    {{ l3() }}\n";
        for call in ["{{ l1", "{{ l2", "{{ l3"] {
            assert!(!covered(lazy, call), "{call} is Markdown");
        }
        // Code that starts on a list marker's line, and a span over lines.
        let code =
            "- ```\n  {{ m1() }}\n  ```\n\n-     {{ m2() }}\n\nA `span\n{{ m3() }}\nover` lines.\n";
        for call in ["{{ m1", "{{ m2", "{{ m3"] {
            assert!(covered(code, call), "{call} is code");
        }
        // No backtick, tilde, tab or four spaces: nothing to parse.
        let plain = "- a\n  {{ x() }}\n\n> q {{ y() }}\n";
        assert!(super::code_ranges(plain, |_| unreachable!()).is_empty());
    }
}

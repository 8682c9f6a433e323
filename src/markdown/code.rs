//! Where a Markdown text has code (fenced and indented blocks, inline
//! spans): shortcode calls there are shown as written, not run. Found by
//! a line scan before Markdown is parsed, since calls are found then too.

use std::ops::Range;

/// Byte ranges of fenced code blocks and inline code spans, where calls are
/// left alone.
pub(super) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // An open fence: where it starts, its char and length, and the
    // content column of the item or note it is in (a line left of that
    // ends both).
    let mut fence: Option<(usize, char, usize, usize)> = None;
    let mut offset = 0;
    // An indented code block: lines indented four columns after a blank
    // line that follows unindented text. In a list item or a note, whose
    // continuation is indented too (and is Markdown), indents count from
    // where its content starts: four more are code, and so is a fence.
    // `containers` holds the content columns of the items and notes the
    // line may be in, innermost last (a nested item, a note in an item).
    let mut indented = false;
    let mut after_blank = true;
    // Whether the line before was a paragraph's text, which only some
    // list items may interrupt.
    let mut after_text = false;
    let mut containers: Vec<usize> = Vec::new();
    // How many `>` the lines are quoted by: a quote's content is read as
    // a document of its own (its items and code counted from inside it).
    let mut depth = 0;
    for whole in text.split_inclusive('\n') {
        let (quotes, line) = unquoted(whole);
        if quotes != depth && !line.trim().is_empty() {
            // Into or out of a quote: its items end, and so does its fence.
            if quotes < depth
                && let Some((start, _, _, _)) = fence.take()
            {
                ranges.push(start..offset);
            }
            containers.clear();
            (depth, indented, after_blank, after_text) = (quotes, false, true, false);
        }
        let skipped = whole.len() - line.len();
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = columns(&line[..line.len() - trimmed.len()]);
        let blank = trimmed.trim().is_empty();
        if let Some((start, _, _, inner)) = fence
            && !blank
            && indent < inner
        {
            ranges.push(start..offset);
            fence = None;
        }
        if fence.is_none() && !blank {
            // A line indented less than a container's content is out of it.
            while containers.last().is_some_and(|&c| indent < c) {
                containers.pop();
            }
        }
        let rel = indent.saturating_sub(containers.last().copied().unwrap_or(0));
        if fence.is_none() && !blank {
            indented = rel >= 4 && (indented || after_blank);
            if indented {
                ranges.push(offset..offset + whole.len());
                offset += whole.len();
                (after_blank, after_text) = (false, false);
                continue;
            }
            if let Some(content) = content_column(indent, trimmed, after_text) {
                containers.push(content);
            }
        }
        // Indented code may start after a blank line, and right after a
        // heading (which is no paragraph to continue).
        after_blank = blank || fence.is_none() && is_heading(trimmed);
        after_text = fence.is_none() && !blank && !after_blank;
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |c| trimmed.len() - trimmed.trim_start_matches(c).len());
        match fence {
            Some((start, c, n, _)) => {
                // A closing fence is indented less than four columns; after
                // it, as after a heading, indented code may start.
                if fence_char == Some(c) && rel < 4 && run >= n && trimmed[run..].trim().is_empty()
                {
                    ranges.push(start..offset + whole.len());
                    fence = None;
                    after_blank = true;
                }
            }
            None if rel < 4 && run >= 3 => {
                let inner = containers.last().copied().unwrap_or(0);
                fence = Some((offset, fence_char.unwrap_or('`'), run, inner));
            }
            None => {
                let mut i = 0;
                while let Some(f) = line[i..].find('`') {
                    let open = i + f;
                    let n = line[open..].len() - line[open..].trim_start_matches('`').len();
                    let marker = &line[open..open + n];
                    match line[open + n..].find(marker) {
                        Some(close) => {
                            let end = open + n + close + n;
                            ranges.push(offset + skipped + open..offset + skipped + end);
                            i = end;
                        }
                        None => i = open + n,
                    }
                }
            }
        }
        offset += whole.len();
    }
    if let Some((start, _, _, _)) = fence {
        ranges.push(start..text.len());
    }
    ranges
}

/// Whether a line (its indent removed) is an ATX heading: `#` to
/// `######`, then a space or nothing.
fn is_heading(line: &str) -> bool {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t', '\r', '\n'])
        || (1..=6).contains(&hashes) && line.len() == hashes
}

/// How many `>` quote a line (each after up to three spaces, with one
/// space after it that is the marker's), and the rest of the line.
fn unquoted(line: &str) -> (usize, &str) {
    let mut rest = line;
    let mut quotes = 0;
    loop {
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let Some(after) = rest[spaces..].strip_prefix('>').filter(|_| spaces <= 3) else {
            return (quotes, rest);
        };
        quotes += 1;
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
}

/// The column an indent reaches: a tab goes on to the next multiple of
/// four, as in Markdown.
fn columns(indent: &str) -> usize {
    indent.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        }
    })
}

/// The column where the content of a list item or a note starts, when
/// `line` (its indent removed, which reaches column `indent`) starts one:
/// after a list marker and its spaces or tab, or four columns in for a
/// note (`[^label]:`). Right after a paragraph's text (`after_text`), a
/// line of dashes underlines it and an empty item or one numbered but 1
/// does not start; `- - -` and `***` are breaks, never items.
fn content_column(indent: usize, line: &str, after_text: bool) -> Option<usize> {
    // A rule or an underline is one mark repeated, spaces aside (read
    // without allocating: this runs on every line of every body).
    if let Some(first @ ('-' | '*' | '_' | '=')) = line.chars().next() {
        let mut marks = line.chars().filter(|c| !c.is_whitespace());
        if marks.all(|m| m == first) {
            let count = line.chars().filter(|c| !c.is_whitespace()).count();
            let rule = count >= 3 && first != '=';
            let underline = after_text && matches!(first, '-' | '=');
            if rule || underline {
                return None;
            }
        }
    }
    if is_list_item(line) {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let blank_item = line[digits + 1..].trim().is_empty();
        if after_text && (blank_item || digits > 0 && line[..digits].trim_start_matches('0') != "1")
        {
            return None;
        }
        let marker = line.find([' ', '\t', '\r', '\n']).unwrap_or(line.len());
        let rest = &line[marker..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after_marker = indent + marker;
        // The columns the gap reaches, a tab going on to a multiple of four.
        let gap_end = rest[..gap].chars().fold(after_marker, |col, c| match c {
            '\t' => (col / 4 + 1) * 4,
            _ => col + 1,
        });
        // A marker with more than four columns after it starts an
        // indented code block in the item (and an empty item's content
        // is on the next line): its content is one column in.
        let width = gap_end - after_marker;
        return Some(if (1..=4).contains(&width) && !blank_item {
            gap_end
        } else {
            after_marker + 1
        });
    }
    line.strip_prefix("[^")
        .and_then(|rest| rest.split_once("]:"))
        .filter(|(label, _)| !label.is_empty() && !label.contains([']', '[']))
        .map(|_| indent + 4)
}

/// Whether a line (its indent removed) starts a list item: `-`, `*`,
/// `+` or `1.`/`1)` and a space.
fn is_list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = if digits > 0 {
        line[digits..].starts_with(['.', ')'])
    } else {
        line.starts_with(['-', '*', '+'])
    };
    marker && line[digits + 1..].starts_with([' ', '\t', '\r', '\n'])
}

#[cfg(test)]
mod tests {
    use super::code_ranges;

    fn covered(text: &str, part: &str) -> bool {
        let at = text.find(part).unwrap();
        code_ranges(text).iter().any(|r| r.contains(&at))
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
}

//! Where a text's calls are not looked for: its code, with its calls
//! seen as opaque words, and the call heads that are text because the
//! page shows them in code.

use std::ops::Range;

use super::code_range;
use super::parse::{closed_at, parse_head};
use crate::markdown::code::{code_ranges, may_have_code};

/// Where calls are not looked for in `text`: its code, its calls aside,
/// and the call heads that are text (shown in code as CommonMark reads
/// them). A call is no Markdown, so a backtick or a `~~~` line in one of
/// its arguments must open no code span or fence: the text is parsed
/// with every head taken for a call (`{{ name(...) }}`, `{% name(...) %}`)
/// blanked, and a head is a call when that parse puts it outside code.
/// Which heads are calls changes what is code, so this is repeated until
/// it settles; then calls still in code are made text, one parse at a
/// time, so that no call's HTML ever lands in code. A head found to be
/// text is skipped as code is: its backticks shaped the parse.
pub(super) fn code_outside_calls(text: &str) -> Vec<Range<usize>> {
    if !may_have_code(text) {
        return Vec::new();
    }
    let heads = call_heads(text);
    let mut calls = vec![true; heads.len()];
    let parse = |calls: &[bool]| code_ranges(text, |t| blanked(t, &heads, calls));
    let outside = |ranges: &[Range<usize>]| -> Vec<bool> {
        heads
            .iter()
            .map(|h| code_range(ranges, h.start).is_none())
            .collect()
    };
    let mut ranges = parse(&calls);
    for _ in 0..MAX_REPARSES {
        let next = outside(&ranges);
        if next == calls {
            break;
        }
        calls = next;
        ranges = parse(&calls);
    }
    // Settled or not, no call may stay in code.
    while let Some(i) =
        (0..heads.len()).find(|&i| calls[i] && code_range(&ranges, heads[i].start).is_some())
    {
        calls[i] = false;
        ranges = parse(&calls);
    }
    let text_heads = heads
        .iter()
        .zip(&calls)
        .filter(|(_, call)| !**call)
        .map(|(h, _)| h.clone());
    merged(ranges.into_iter().chain(text_heads).collect())
}

/// `ranges` in order, overlapping ones joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// How often [`code_outside_calls`] parses a text at most.
const MAX_REPARSES: usize = 8;

/// Where the well-formed call heads of `text` are.
fn call_heads(text: &str) -> Vec<Range<usize>> {
    let mut heads = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find('{') {
        let start = pos + found;
        pos = start + 1;
        let block = match text.as_bytes().get(start + 1) {
            Some(b'{') => false,
            Some(b'%') => true,
            _ => continue,
        };
        let Some(Ok((_, args_end))) = parse_head(text, start + 2).map(|h| h.args) else {
            continue;
        };
        if let Ok(end) = closed_at(text, args_end, block) {
            heads.push(start..end);
            pos = end;
        }
    }
    heads
}

/// `text` with the `heads` still taken for calls blanked, line breaks
/// aside; offsets are kept.
fn blanked(text: &str, heads: &[Range<usize>], calls: &[bool]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (head, _) in heads.iter().zip(calls).filter(|(_, call)| **call) {
        for b in bytes.get_mut(head.clone()).unwrap_or_default() {
            if !matches!(b, b'\n' | b'\r') {
                *b = b'x';
            }
        }
    }
    // Whole chars were replaced by ASCII, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

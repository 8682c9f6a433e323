//! What the walk over a body's events (`renderer/`) found to say about
//! the text, gathered as it goes and said here once the body is read, so
//! that the walk only notes places and this module owns the words.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::ids::is_reserved_id;
use super::pasted::Pasted;
use super::shortcodes::Call;
use crate::diagnostic::{Diagnostic, Locator};

/// Places in the file (offsets in the source, but for `taken_ids`, whose
/// are in the expanded text) that the walk found something at.
#[derive(Default)]
pub(super) struct Found {
    /// Explicit heading ids already taken: the id and its heading's
    /// offset in the expanded text.
    pub taken_ids: Vec<(String, usize)>,
    /// Images whose source is an `@` reference: the source and where.
    pub image_refs: Vec<(String, usize)>,
    /// Images with no description (`![](map.png)`): where each starts.
    pub bare_images: Vec<usize>,
    /// Links with no text (`[](@sd-3)`), which no reader sees: where each
    /// starts.
    pub empty_links: Vec<usize>,
    /// Pandoc's inline notes (`^[words]`), text here: the words, and
    /// where the note starts in the expanded text.
    pub inline_notes: Vec<(String, usize)>,
    /// Paragraphs that start as a heading without its space (`##Method`):
    /// what is written, and where.
    pub hashless_headings: Vec<(String, usize)>,
    /// Calls (by index) written in an image's description or a link's
    /// title, attributes that hold no HTML: left out, and said.
    pub attribute_calls: Vec<usize>,
    /// `@` references in raw HTML attributes, which are not resolved: the
    /// reference and where.
    pub html_refs: Vec<(String, usize)>,
    /// Note markers in HTML blocks, where Markdown is not read: the label
    /// and where (see `renderer/notes.rs`).
    pub html_markers: Vec<(String, usize)>,
    /// Addresses that would run script, published as `#`: the address
    /// and where.
    pub script_urls: Vec<(String, Range<usize>)>,
    /// Addresses in raw HTML that would run script, published as written
    /// (raw HTML is): the address and where.
    pub raw_script_urls: Vec<(String, Range<usize>)>,
    /// Headings' `{key=value}` attributes, which are not kept: their
    /// keys and where their heading is.
    pub dropped_attrs: Vec<(String, usize)>,
    /// Headings' ids written with a space (`{#The Speech}`): the braces,
    /// the id meant, and where the heading is.
    pub spaced_ids: Vec<(String, String, usize)>,
    /// Heading ids written with an invisible character or a typographic
    /// quote (the id, the character, the id meant, where).
    pub odd_ids: Vec<(String, char, String, usize)>,
    /// Footnotes and bullets pasted from a word processor, as text.
    pub pasted: Pasted,
    /// Table rows with more cells than their header, which Markdown drops:
    /// the header's cells, the row's, and where the row is.
    pub dropped_cells: Vec<(usize, usize, usize)>,
    /// `[text](@people/kaveh darvand)`: a reference with a space in it,
    /// which Markdown reads as no link (the address, and where).
    pub spaced_refs: Vec<(String, usize)>,
}

/// The cells of a table row as Markdown splits it: at each `|` but one
/// after a backslash (`\|`, in a code span too) and those at its two ends.
pub(super) fn row_cells(row: &str) -> usize {
    let bytes = row.trim().as_bytes();
    let pipes = (1..bytes.len().saturating_sub(1))
        .filter(|&i| bytes[i] == b'|' && bytes[i - 1] != b'\\')
        .count();
    pipes + 1
}

/// The `@` references in a run of text that Markdown left as text for a
/// space in them (`](@people/kaveh darvand)`, with or without a title
/// after it): each address, and where its `(` is. Only a term's or a
/// file's (`@people/…`, `@/…`): `[was high](@ 9am today)` is prose, and
/// `\[x\](@a b)` was escaped to be text. (`(<@people/kaveh darvand>)`
/// is a link.)
pub(super) fn spaced_references(written: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = written.get(from..).and_then(|w| w.find("](@")) {
        let open = from + i + 1;
        from = open + 2;
        let escaped = written[..open - 1]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count()
            % 2
            == 1;
        let rest = &written[open + 1..];
        let Some(end) = rest
            .find([')', '\n'])
            .filter(|&e| rest[e..].starts_with(')'))
        else {
            continue;
        };
        // Without a title: `"…"`, `'…'` or `(…)` after a space.
        let dest = &rest[..end];
        let address = match [" \"", " '", " ("]
            .iter()
            .filter_map(|t| dest.find(t))
            .min()
        {
            Some(title) => dest[..title].trim_end(),
            None => dest,
        };
        // A term's or a file's, or an id with a `#place` after the space
        // (`@sd-3 #method`).
        let named = address.strip_prefix('@').is_some_and(|a| {
            !a.starts_with(char::is_whitespace)
                && (a.contains('/')
                    || a.split_once(char::is_whitespace)
                        .is_some_and(|(_, r)| r.trim_start().starts_with('#')))
        });
        if !escaped && named && address.contains(char::is_whitespace) {
            found.push((address.to_string(), open));
        }
    }
    found
}

/// The file the found places are in.
pub(super) struct Place<'a> {
    pub source: &'a Arc<str>,
    pub file: &'a Path,
    /// Where the expanded text's offsets are in the source.
    pub locate: &'a dyn Fn(usize) -> usize,
    /// The shortcode calls of the body (`attribute_calls` index them), and
    /// where the body starts in the source (their spans are the body's).
    pub calls: &'a [Call],
    pub base: usize,
}

impl Found {
    pub(super) fn said(self, place: &Place<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut located = Locator::new(place.source);
        let mut say = |d: Diagnostic, at: Range<usize>, help: &str| {
            out.push(
                d.in_file(place.file)
                    .at_span_with(place.source, at, &mut located)
                    .with_help(help),
            );
        };
        for (id, at) in self.taken_ids {
            let at = (place.locate)(at);
            let help = if is_reserved_id(&id) {
                "the page uses this id for its notes or its layout: choose another `{#id}`"
            } else {
                "ids name one place on the page: choose another `{#id}` for one of them"
            };
            let message = format!("heading id `{id}` is already used on this page");
            say(Diagnostic::error(message), at..at, help);
        }
        for (note, at) in self.inline_notes {
            let at = (place.locate)(at);
            let shown: String = note.chars().take(60).collect();
            say(
                Diagnostic::warning(
                    "`^[...]` is Pandoc's inline note, which annals does not read: it is published as text",
                ),
                at..at + 2,
                &format!(
                    "write a marker where the note goes, `[^1]`, and the note on a line of its own \
                     after the paragraph: `[^1]: {shown}`"
                ),
            );
        }
        self.pasted.said(place.source, place.locate, &mut say);
        for (columns, cells, at) in self.dropped_cells {
            say(
                Diagnostic::warning(format!(
                    "this table row has {cells} cells and its header {columns}: the {} past the header's {} dropped from the page and the search",
                    if cells - columns == 1 {
                        "cell"
                    } else {
                        "cells"
                    },
                    if cells - columns == 1 { "is" } else { "are" }
                )),
                at..at + 1,
                "add the column to the header row and its `---` line, or join the extra cells to one; \
                 a `|` that is part of a cell's text (in code too) is written `\\|`",
            );
        }
        for (dest, at) in self.spaced_refs {
            let at = (place.locate)(at);
            // A term is named by its slug: the name, slugified.
            let place = dest
                .split_once(char::is_whitespace)
                .filter(|(_, r)| r.trim_start().starts_with('#'));
            let help = match (place, dest.split_once('/')) {
                // `@sd-1 #method`: the place follows with no space.
                (Some((id, place)), _) => format!(
                    "a reference's `#place` follows its address with no space: write `{id}{}`",
                    place.trim_start()
                ),
                (None, Some((taxonomy, name)))
                    if taxonomy.len() > 1 && !taxonomy.contains(char::is_whitespace) =>
                {
                    format!(
                        "a reference names a term by its slug: write `{taxonomy}/{}`",
                        crate::slug::slugify(name)
                    )
                }
                _ => format!("write the address in angle brackets, `(<{dest}>)`"),
            };
            say(
                Diagnostic::warning(format!(
                    "`({dest})` has a space, so Markdown reads no link here: the reference is published as text"
                )),
                at..at + dest.len() + 2,
                &help,
            );
        }
        for call in self.attribute_calls {
            let Some(c) = place.calls.get(call) else {
                continue;
            };
            let message = format!(
                "the shortcode `{}` is in an image's description or a link's title: \
                 an attribute holds text, and the call's HTML would break the tag",
                c.name
            );
            let at = place.base + c.span.start..place.base + c.span.end;
            say(
                Diagnostic::error(message),
                at,
                "move the call out of the brackets and quotes, beside the image or the link; \
                 to show the call's words, write them in backticks elsewhere",
            );
        }
        for (dest, at) in self.image_refs {
            let message = format!("an image's source cannot be a reference: `{dest}`");
            say(
                Diagnostic::error(message),
                at..at + 2,
                "give the image file's path, like `![Map](/images/map.svg)`; \
                 to link a dispatch, write `[text](@sd-8631)`",
            );
        }
        for at in self.bare_images {
            say(
                Diagnostic::warning(
                    "this image has no description: a reader who cannot see it, and the search, \
                     get no words for it",
                ),
                at..at + 2,
                "say what it shows between the brackets, like \
                 `![Map of the northern ports](/images/ports.png)`",
            );
        }
        for at in self.empty_links {
            say(
                Diagnostic::warning(
                    "this link has no text: readers see nothing to follow, and Cited by quotes \
                     nothing for it",
                ),
                at..at + 2,
                "write the words to follow between the brackets, like \
                 `[Special Dispatch No. 3](@sd-3)`",
            );
        }
        for (written, at) in self.hashless_headings {
            let hashes = written.len() - written.trim_start_matches('#').len();
            let marker = written
                .find(|c: char| !c.is_ascii() && c.is_whitespace())
                .unwrap_or(hashes);
            let space = written[marker..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace());
            let (message, help) = match space {
                // A list item's marker, not a heading's `#`s.
                Some(c) if hashes == 0 => (
                    format!(
                        "`{}` is no list item: the space after `{}` is a no-break space, U+{:04X}, and the line is published as text",
                        written.replace(c, " "),
                        &written[..marker],
                        u32::from(c)
                    ),
                    format!(
                        "type a plain space after `{}`: `{} {}`",
                        &written[..marker],
                        &written[..marker],
                        &written[marker + c.len_utf8()..]
                    ),
                ),
                Some(c) => (
                    format!(
                        "`{}` is no heading: the space after its `#`s is a no-break space, U+{:04X}, and this line is published as text",
                        written.replace(c, " "),
                        u32::from(c)
                    ),
                    format!(
                        "type a plain space after the `#`s: `{} {}`",
                        &written[..hashes],
                        &written[hashes + c.len_utf8()..]
                    ),
                ),
                None => (
                    format!(
                        "`{written}` is no heading: a heading needs a space after its `#`s, and this line is published as text"
                    ),
                    format!(
                        "write `{} {}`; to start a paragraph with `#`, write `\\{written}`",
                        &written[..hashes],
                        &written[hashes..]
                    ),
                ),
            };
            say(Diagnostic::warning(message), at..at + written.len(), &help);
        }
        let shown = |url: &str| -> String {
            url.chars()
                .take(40)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect()
        };
        for (url, at) in self.raw_script_urls {
            let message = format!(
                "the address `{}` in raw HTML would run script in a reader's browser; \
                 raw HTML is published as written",
                shown(&url)
            );
            say(
                Diagnostic::warning(message),
                at,
                "link an http(s) address or a path on the site; a Markdown link publishes such an address as `#`",
            );
        }
        for (url, at) in self.script_urls {
            let message = format!(
                "the address `{}` would run script in a reader's browser: it is published as `#`",
                shown(&url)
            );
            say(
                Diagnostic::warning(message),
                at,
                "link an http(s) address, a path on the site or a reference (`@sd-12`)",
            );
        }
        for (key, at) in self.dropped_attrs {
            let message = format!(
                "heading attributes are not kept ({key}): only `{{#id}}` and `{{.class}}` are"
            );
            say(
                Diagnostic::warning(message),
                at..at + 1,
                "remove it, or give the heading a class and style that in the theme; \
                 to show a closing brace at a heading's end, write it `&#125;`",
            );
        }
        for (braces, meant, at) in self.spaced_ids {
            let message = format!("a heading's id cannot hold a space: `{braces}`");
            // (Not an id the page keeps for itself, nor none at all.)
            let help = if meant.is_empty() || is_reserved_id(&meant) {
                "write one word, lower case with `-` between words, like `{#reactions}`".to_string()
            } else {
                format!(
                    "write `{{#{meant}}}`: an id is one word, like those annals makes, lower case with `-` between words"
                )
            };
            say(Diagnostic::warning(message), at..at + 1, &help);
        }
        for (id, odd, meant, at) in self.odd_ids {
            let what = match crate::content::is_invisible(odd) {
                true => "an invisible character",
                false => "a typographic quote",
            };
            // The invisible one shown where it is.
            let shown: String = id
                .chars()
                .map(|c| match crate::content::is_invisible(c) {
                    true => format!("\\u{{{:X}}}", u32::from(c)),
                    false => c.to_string(),
                })
                .collect();
            let message = format!(
                "the heading's id `{shown}` holds {what}, U+{:04X}",
                u32::from(odd)
            );
            // (Not an id the page keeps for itself, nor none at all.)
            let help = if meant.is_empty() || is_reserved_id(&meant) {
                "write the id with plain letters, digits and `-`, like `{#reactions}`".to_string()
            } else {
                format!("write `{{#{meant}}}`: a reference typed as the id looks would not find it")
            };
            say(Diagnostic::warning(message), at..at + 1, &help);
        }
        for (dest, at) in self.html_refs {
            let message =
                format!("`{dest}` in HTML is not resolved: the page links to `{dest}` as written");
            let help = format!(
                "write it as a Markdown link, `[text]({dest})`: annals resolves and checks those"
            );
            say(Diagnostic::warning(message), at..at + dest.len(), &help);
        }
        for (label, at) in self.html_markers {
            let message = format!(
                "the note marker `[^{label}]` is in an HTML block, where Markdown is not read: \
                 the page shows it as text"
            );
            say(
                Diagnostic::warning(message),
                at..at + label.len() + 3,
                "leave a blank line after the opening tag, so that the text inside is \
                 Markdown, or cite the note outside the HTML",
            );
        }
        out
    }
}

/// The heading a paragraph's first text was meant as, written without the
/// space after its `#`s (`##Method`, as some other Markdowns read it):
/// its first word. A single `#` starts a hashtag, not a heading.
pub(super) fn hashless_heading(text: &str) -> Option<&str> {
    // A list item's marker the same way (`-\u{A0}Dredging`, `1.\u{A0}…`).
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let item = match text.as_bytes() {
        [b'-' | b'*' | b'+', ..] => 1,
        bytes if (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) => {
            digits + 1
        }
        _ => 0,
    };
    let hashes = text.len() - text.trim_start_matches('#').len();
    // A no-break space after the marker or the `#`s (a paste from a word
    // processor) is no space to Markdown: the line is text, up to the word
    // after it. (A word: `-\u{A0}5` may be a number written apart.)
    let marker = if item > 0 { item } else { hashes };
    if item > 0 || (1..=6).contains(&hashes) {
        let rest = &text[marker..];
        let space = rest
            .chars()
            .next()
            .filter(|c| !c.is_ascii() && c.is_whitespace());
        if let Some(space) = space {
            let after = &rest[space.len_utf8()..];
            let word = after.find(char::is_whitespace).unwrap_or(after.len());
            let starts = if item > 0 {
                char::is_alphabetic
            } else {
                char::is_alphanumeric
            };
            return after
                .starts_with(starts)
                .then(|| &text[..marker + space.len_utf8() + word]);
        }
        if item > 0 {
            return None;
        }
    }
    let rest = &text[hashes..];
    if !(2..=6).contains(&hashes) || !rest.starts_with(char::is_alphabetic) {
        return None;
    }
    let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(&text[..hashes + word])
}

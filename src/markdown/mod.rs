//! Stage 4: Markdown bodies to HTML, with footnotes, references and shortcodes.
//!
//! One pass over pulldown-cmark's events per document, run in parallel over
//! the archive. References (`@id`, `@taxonomy/slug`, `@/path.md`) cannot be
//! resolved yet (the target may not be parsed), so each becomes a placeholder
//! in the HTML and a [`RawRef`] that the archive stage resolves.
//!
//! Past a budget of Markdown, a build (and the dev server) keeps only what
//! crosses documents (headings, references, a fingerprint, the head of the
//! text: [`Rendered::into_slim`]) and renders each dispatch again while its
//! page is written, so that memory does not grow with the archive's text.

mod calls;
mod code;
mod contrast;
mod depth;
pub mod footnotes;
mod found;
pub mod highlight;
mod html_text;
mod ids;
pub mod links;
mod nesting;
mod note_diags;
mod note_links;
mod pasted;
mod raw_html;
mod renderer;
mod sentence;
pub mod shortcodes;
mod shown;
mod tokens;
mod xml_chars;

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Options, Parser};

use crate::diagnostic::{self, Diagnostic};
use highlight::Highlighter;
use ids::is_reserved_id;
use renderer::Renderer;

/// Marks a reference placeholder in rendered HTML: `\u{1A}N\u{1A}`.
pub const REF_MARK: char = '\u{1A}';

/// A heading of a document, with its id.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// In quoted text (a `>` quote, a `post` or a `clip`): the quote's
    /// own heading, not one of the dispatch's sections.
    pub quoted: bool,
}

/// A reference as written, before resolution.
#[derive(Debug, Clone)]
pub struct RawRef {
    /// The destination without its `@`, e.g. `sd-8631#part-ii`.
    pub dest: String,
    /// Byte range of the link in the file.
    pub span: Range<usize>,
    /// The sentence the reference stands in (for "Cited by").
    pub sentence: String,
    /// False in a footnote definition the page does not show (never
    /// cited, or a second one of a label): checked, but no citation.
    pub shown: bool,
}

/// A rendered body.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// Body HTML, with reference placeholders.
    pub html: String,
    /// The footnote list (`<ol>`), or empty.
    pub footnotes: String,
    pub headings: Vec<Heading>,
    /// How many notes the page lists (`#fn-1` ... are its anchors).
    pub notes: usize,
    /// The notes' anchors by label (`fn-paper` for `[^paper]`), which do
    /// not move when a note is added before them.
    pub note_ids: Vec<String>,
    pub refs: Vec<RawRef>,
    /// Plain text of body and notes, for search and excerpts (only its
    /// first [`TEXT_HEAD`] bytes once slimmed).
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Plain links to the site's own files, for the build to check.
    pub links: Vec<links::LocalLink>,
    /// False once slimmed: `html`, `footnotes` and `text` were dropped.
    pub complete: bool,
    /// Fingerprint of `html` and `footnotes`, kept when slimmed.
    pub fingerprint: u64,
    /// Length of the whole `text`.
    pub text_len: usize,
}

/// Bytes of plain text a slimmed body keeps (enough for excerpts).
pub const TEXT_HEAD: usize = 1024;

impl Rendered {
    /// Drops the body's HTML and all but the head of its text, keeping what
    /// the archive needs across documents.
    pub fn into_slim(mut self) -> Rendered {
        let cut = crate::diagnostic::floor_char_boundary(&self.text, TEXT_HEAD);
        self.text.truncate(cut);
        self.text.shrink_to_fit();
        self.html = String::new();
        self.footnotes = String::new();
        self.complete = false;
        self
    }
}

/// Renders shortcodes: given a call and its rendered body, the HTML.
pub type ShortcodeFn<'a> =
    &'a (dyn Fn(&shortcodes::Call, Option<&str>) -> Result<String, ShortcodeError> + Sync);

/// Why a shortcode call could not be rendered, and what to do about it.
#[derive(Debug, Clone)]
pub struct ShortcodeError {
    pub message: String,
    pub help: String,
}

/// What rendering needs besides the document.
pub struct Context<'a> {
    pub highlighter: &'a Highlighter,
    pub shortcode_names: &'a [String],
    pub render_shortcode: ShortcodeFn<'a>,
    /// The site's path (`/` or `/archive/`), which root-relative links
    /// and images are put under.
    pub rooting: crate::config::Rooting<'a>,
    /// The site's addresses (see `Config::own_sites`): an absolute link
    /// to one is checked as the site's own.
    pub own_sites: &'a [String],
    /// The document reads right to left: its notes' back links point
    /// that way.
    pub rtl: bool,
    /// The site's language when the document is in another: the back
    /// links' words ("Back to reference 1") are the site's, not the
    /// document's, and are marked so for screen readers.
    pub site_lang: Option<&'a str>,
    /// The zero of the document's own digits, when they are not the
    /// Western ones (see `lang::zero_digit`): its note markers are
    /// numbered in them.
    pub zero_digit: Option<char>,
    /// Dashes, ellipses and curly quotes from `--`, `...` and straight
    /// quotes (`smart_punctuation` in annals.yaml).
    pub smart_punctuation: bool,
    /// The site's words: back links' and tables' names.
    pub words: &'a crate::words::Words,
}

/// An error for each character reference at `ranges` of `text` (the
/// parts of events that had one, or may have: `false`) that names a
/// character XML cannot carry, once, located by `locate`. One that had
/// one not there (a reference link's title is in its definition) is said
/// at its start.
fn not_xml_errors(
    text: &str,
    ranges: &[(Range<usize>, bool)],
    locate: &mut dyn FnMut(Range<usize>) -> Range<usize>,
) -> Vec<(String, Range<usize>)> {
    let mut said = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (range, certain) in ranges {
        let found = xml_chars::references(text.get(range.clone()).unwrap_or_default());
        if found.is_empty() && *certain && said.insert(range.start) {
            let message = "a character reference here stands for a character XML cannot carry";
            out.push((message.to_string(), locate(range.start..range.start)));
        }
        for (r, c) in found {
            let at = range.start + r.start..range.start + r.end;
            if said.insert(at.start) {
                let (article, what) = crate::content::text_kind(c);
                // Browsers read `&#147;` as Windows-1252's `“`; feeds do not.
                let meant = crate::content::latin1_misread(c)
                    .map(|m| format!(" (a browser shows `{m}` for it: write `{m}`)"))
                    .unwrap_or_default();
                let message = format!(
                    "`{}` stands for U+{:04X}, {article} {what}{meant}",
                    &text[at.clone()],
                    u32::from(c)
                );
                out.push((message, locate(at)));
            }
        }
    }
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders the body at `body` of `source` (the whole file, named `file`).
pub fn render(source: &Arc<str>, body: Range<usize>, file: &Path, cx: &Context) -> Rendered {
    let base = body.start;
    if let Some(at) = depth::too_deep(&source[body.clone()]) {
        let mut out = Rendered::default();
        out.diagnostics.push(
            Diagnostic::error(format!(
                "this line opens more than {} quotes and list items",
                depth::MAX_DEPTH
            ))
            .in_file(file)
            .at_span(source, base + at..base + at + 1)
            .with_help("a quote within a quote is rarely more than a few levels deep: look for a run of `>` or of list markers"),
        );
        return out;
    }
    let (text, calls, map, call_errors) = shortcodes::expand(&source[body], cx.shortcode_names);
    let mut out = Rendered::default();
    let locate = |pos: usize| base + map.to_original(pos);
    let known = cx.shortcode_names.join(", ");
    // Many diagnostics of one body are located reading on from the last.
    let mut located = diagnostic::Locator::new(source);
    for e in call_errors {
        let (d, help) = if e.left_as_text {
            let help = e.help.unwrap_or_else(|| {
                "write it as `{{ name(key=\"value\") }}`, or escape the braces \
                 in backticks if it is meant as text"
                    .to_string()
            });
            (Diagnostic::warning(e.message), help)
        } else {
            let help = e.help.unwrap_or_else(|| match known.is_empty() {
                true => "the theme has no shortcodes, and neither has the site's \
                             templates/shortcodes/"
                    .to_string(),
                false => format!("known shortcodes: {known}"),
            });
            (Diagnostic::error(e.message), help)
        };
        out.diagnostics.push(
            d.in_file(file)
                .at_span_with(source, base + e.span.start..base + e.span.end, &mut located)
                .with_help(help),
        );
    }
    let mut r = Renderer::new(cx, &mut out);
    r.quoting = calls
        .iter()
        .map(|c| c.block && calls::QUOTED_BODIES.contains(&c.name.as_str()))
        .collect();
    let mut nesting = calls
        .iter()
        .any(|c| c.block)
        .then(nesting::Nesting::default);
    let mut note_links = note_links::NoteLinks::default();
    // Where a character reference named a character XML cannot carry.
    let mut not_xml = Vec::new();
    // The comment or script raw HTML's last line left open, if any.
    let mut html_unread = None;
    let mut parse = options();
    // Text only: code, addresses and the structure read the same.
    parse.set(Options::ENABLE_SMART_PUNCTUATION, cx.smart_punctuation);
    for (event, range) in Parser::new_ext(&text, parse).into_offset_iter() {
        let (event, scrubbed) = xml_chars::scrubbed(event);
        let written = text.get(range.clone()).unwrap_or_default();
        if let Some(part) = scrubbed {
            let at = xml_chars::narrowed(written, part);
            not_xml.push((range.start + at.start..range.start + at.end, true));
        } else if xml_chars::marks_written(&event, written) {
            not_xml.push((range.clone(), false));
        } else if let pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) = &event
        {
            // Raw HTML is published as written, its references too (but
            // for those in comments, scripts and styles, which nothing
            // decodes).
            let parts = xml_chars::read_parts(written, &mut html_unread);
            if h.contains("&#") {
                let at = |p: Range<usize>| range.start + p.start..range.start + p.end;
                not_xml.extend(parts.into_iter().map(|p| (at(p), false)));
            }
        }
        if let Some(n) = &mut nesting {
            n.event(&event, &range, &text);
        }
        note_links.event(&event, &range, &text);
        r.event(event, range, &text, &locate);
    }
    r.finish(&text);
    let notes = std::mem::take(&mut r.notes);
    let found = std::mem::take(&mut r.found);
    let main = std::mem::take(&mut r.main);
    let def_spans = std::mem::take(&mut r.def_spans);
    let def_refs = std::mem::take(&mut r.def_refs);
    let local_links = std::mem::take(&mut r.local_links);
    let balance = std::mem::take(&mut r.balance);
    let raw_ids = balance.ids().to_vec();
    let html_faults = balance.finish();
    for call in nesting.map(nesting::Nesting::torn).unwrap_or_default() {
        let Some(c) = calls.get(call) else { continue };
        out.diagnostics.push(
            Diagnostic::error(format!(
                "the block `{{% {}(...) %}}` and its `{{% end %}}` are in different paragraphs, \
                 notes, list items, quotes, table cells or headings: its HTML would be torn apart",
                c.name
            ))
            .in_file(file)
            .at_span_with(
                source,
                base + c.span.start..base + c.span.start,
                &mut located,
            )
            .with_help(
                "put the call on a line of its own and its `{% end %}` in the same note, item or \
                 quote, every line of it marked with `>` in a quote and indented as the text in an \
                 item or a note",
            ),
        );
    }
    not_xml_errors(&text, &not_xml, &mut |span| {
        locate(span.start)..locate(span.end)
    })
    .into_iter()
    .for_each(|(message, span)| {
        let help = if message.contains("a browser shows") {
            "write the character itself: feeds and sitemaps are XML, which cannot carry the control"
        } else {
            "delete it: feeds and sitemaps are XML, which cannot carry it"
        };
        out.diagnostics.push(
            Diagnostic::error(message)
                .in_file(file)
                .at_span_with(source, span, &mut located)
                .with_help(help),
        );
    });
    for (span, labels, image) in &note_links.found {
        let (message, help) = note_links::message(&text, span, labels, *image);
        out.diagnostics.push(
            Diagnostic::error(message)
                .in_file(file)
                .at_span_with(source, locate(span.start)..locate(span.end), &mut located)
                .with_help(help),
        );
    }
    out.diagnostics.extend(found.said(&found::Place {
        source,
        file,
        locate: &locate,
        calls: &calls,
        base,
    }));
    let mut located = diagnostic::Locator::new(source);
    for (i, (id, at)) in raw_ids.iter().enumerate() {
        let (message, help) = if raw_ids[..i].iter().any(|(seen, _)| seen == id) {
            (
                format!("the id `{id}` is given twice in this text"),
                "an id names one place on a page: give this element another",
            )
        } else if is_reserved_id(id) {
            (
                format!("the id `{id}` is one the page uses for its notes or its layout"),
                "give this element another id",
            )
        } else if out.headings.iter().any(|h| h.id == *id) {
            (
                format!(
                    "the id `{id}` is also a heading's on this page: `#{id}` leads to whichever comes first"
                ),
                "give this element another id, or the heading another `{#id}`",
            )
        } else {
            continue;
        };
        out.diagnostics.push(
            Diagnostic::warning(message)
                .in_file(file)
                .at_span_with(source, at.clone(), &mut located)
                .with_help(help),
        );
    }
    for (message, help, at) in html_faults {
        out.diagnostics.push(
            Diagnostic::warning(message)
                .in_file(file)
                .at_span_with(source, at, &mut located)
                .with_help(help),
        );
    }
    out.diagnostics.extend(note_diags::said(
        &notes,
        &note_diags::Place {
            text: &text,
            defs: &def_spans,
            source,
            file,
            locate: &locate,
        },
    ));
    // In file order, each located from the last (see `Locator`).
    let mut link_locator = diagnostic::Locator::new(source);
    let mut locate_links = |mut found: Vec<(String, Range<usize>, bool)>, written: bool| {
        found.sort_by_key(|(_, at, _)| at.start);
        let at = |at: Range<usize>, locator: &mut diagnostic::Locator<'_>| {
            Diagnostic::warning("")
                .in_file(file)
                .at_span_with(source, at, locator)
        };
        found
            .into_iter()
            .map(|(dest, span, image)| links::LocalLink {
                dest,
                image,
                written,
                at: at(span, &mut link_locator),
            })
            .collect::<Vec<_>>()
    };
    out.links = locate_links(local_links, true);
    let unused: Vec<&str> = notes.unused().map(|(label, _)| label).collect();
    let redefined: Vec<usize> = notes.redefined().map(|(_, at)| at).collect();
    for (label, at, refs) in def_refs {
        if unused.contains(&label.as_str()) || redefined.contains(&at) {
            for r in out.refs.get_mut(refs).into_iter().flatten() {
                r.shown = false;
            }
        }
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html_out, main.into_iter());
    out.notes = notes.numbered();
    // A label's anchor gives way to an id the page already has.
    let taken: Vec<&str> = (out.headings.iter().map(|h| h.id.as_str()))
        .chain(raw_ids.iter().map(|(id, _)| id.as_str()))
        .collect();
    let label_ids = notes.label_ids(&taken);
    out.note_ids = label_ids.iter().flatten().cloned().collect();
    let mut footnotes_html = notes.render(cx.rtl, (cx.site_lang, cx.words), label_ids);
    // Per call, the words its arguments show on the page.
    let mut shown = Vec::new();
    if !calls.is_empty() {
        let at = calls::Place { source, base, file };
        let swapped = calls::swap(
            (&html_out, &footnotes_html),
            &calls,
            out.refs.len(),
            cx,
            &at,
        );
        (html_out, footnotes_html, shown) = (swapped.html, swapped.footnotes, swapped.shown);
        out.diagnostics.extend(swapped.diags);
        out.refs.extend(swapped.refs);
        out.links.extend(locate_links(swapped.links, false));
        out.links.sort_by_key(|l| (l.at.line, l.at.column));
    }
    // Every page's HTML passes here: xxh3, several times faster than
    // the std hasher, which showed in a build's profile.
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(html_out.len() as u64).to_le_bytes());
    h.update(html_out.as_bytes());
    h.update(footnotes_html.as_bytes());
    out.fingerprint = h.digest();
    out.html = html_out;
    out.footnotes = footnotes_html;
    for words in shown.iter().filter(|w| !w.is_empty()) {
        if !out.text.is_empty() && !out.text.ends_with('\n') {
            out.text.push('\n');
        }
        out.text.push_str(words);
    }
    out.text_len = out.text.len();
    out.complete = true;
    out
}

#[cfg(test)]
mod tests;

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

pub mod footnotes;
pub mod highlight;
mod sentence;
pub mod shortcodes;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use footnotes::{Footnotes, html};
use highlight::{Highlighter, escape};
use sentence::sentence_around;

/// Marks a reference placeholder in rendered HTML: `\u{1A}N\u{1A}`.
pub const REF_MARK: char = '\u{1A}';

/// A heading of a document, with its id.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
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
}

/// A rendered body.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// Body HTML, with reference placeholders.
    pub html: String,
    /// The footnote list (`<ol>`), or empty.
    pub footnotes: String,
    pub headings: Vec<Heading>,
    pub refs: Vec<RawRef>,
    /// Plain text of body and notes, for search and excerpts (only its
    /// first [`TEXT_HEAD`] bytes once slimmed).
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
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
        let mut cut = self.text.len().min(TEXT_HEAD);
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
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
    &'a (dyn Fn(&shortcodes::Call, Option<&str>) -> Result<String, String> + Sync);

/// What rendering needs besides the document.
pub struct Context<'a> {
    pub highlighter: &'a Highlighter,
    pub shortcode_names: &'a [String],
    pub render_shortcode: ShortcodeFn<'a>,
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
    let (text, calls, map, call_errors) = shortcodes::expand(&source[body], cx.shortcode_names);
    let mut out = Rendered::default();
    let locate = |pos: usize| base + map.to_original(pos);
    let known = cx.shortcode_names.join(", ");
    for e in call_errors {
        out.diagnostics.push(
            Diagnostic::error(e.message)
                .in_file(file)
                .at_span(source, base + e.span.start..base + e.span.end)
                .with_help(format!("known shortcodes: {known}")),
        );
    }
    let mut r = Renderer {
        cx,
        notes: Footnotes::default(),
        main: Vec::new(),
        def: None,
        heading: None,
        code: None,
        ids: HashMap::new(),
        block_text: String::new(),
        pending_refs: Vec::new(),
        text_run: None,
        out: &mut out,
    };
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        r.event(event, range, &text, &locate);
    }
    r.finish(&text);
    let notes = std::mem::take(&mut r.notes);
    let main = std::mem::take(&mut r.main);
    for (label, at) in notes.undefined() {
        let at = locate(at);
        out.diagnostics.push(
            Diagnostic::error(format!(
                "footnote `[^{label}]` is referenced but never defined"
            ))
            .in_file(file)
            .at_span(source, at..at + label.len() + 3)
            .with_help(format!(
                "add a definition line: `[^{label}]: Source, date.`"
            )),
        );
    }
    for (label, at) in notes.unused() {
        let at = locate(at);
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "footnote `[^{label}]` is defined but never referenced"
            ))
            .in_file(file)
            .at_span(source, at..at + label.len() + 3)
            .with_help("cite it in the text, or delete the definition"),
        );
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html_out, main.into_iter());
    let mut footnotes_html = notes.render();
    if !calls.is_empty() {
        let mut diags = Vec::new();
        let mut render = |i: usize, body: Option<&str>| {
            calls.get(i).map_or_else(String::new, |call| {
                render_call(call, body, cx, source, base, file, &mut diags)
            })
        };
        html_out = substitute_tokens(&html_out, &mut render);
        footnotes_html = substitute_tokens(&footnotes_html, &mut render);
        out.diagnostics.extend(diags);
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&html_out, &footnotes_html).hash(&mut h);
    out.fingerprint = h.finish();
    out.html = html_out;
    out.footnotes = footnotes_html;
    out.text_len = out.text.len();
    out.complete = true;
    out
}

fn render_call(
    call: &shortcodes::Call,
    body_html: Option<&str>,
    cx: &Context,
    source: &Arc<str>,
    base: usize,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match (cx.render_shortcode)(call, body_html) {
        Ok(html) => html,
        Err(message) => {
            diags.push(
                Diagnostic::error(format!("shortcode `{}` failed: {message}", call.name))
                    .in_file(file)
                    .at_span(source, base + call.span.start..base + call.span.end)
                    .with_help("check the call's arguments against the shortcode template"),
            );
            String::new()
        }
    }
}

/// A token found in HTML: its call, its kind (`X`, `O` or `C`) and where
/// it starts and ends, with the paragraph around it when it stands alone
/// in one (its HTML is a block, so it replaces the paragraph).
struct Found {
    call: usize,
    kind: u8,
    start: usize,
    end: usize,
}

fn next_token(html: &str, from: usize) -> Option<Found> {
    let mut at = from;
    while let Some(i) = html[at..].find(shortcodes::TOKEN) {
        let start = at + i;
        let digits_at = start + shortcodes::TOKEN.len();
        let after = &html[digits_at..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let kind = after.as_bytes().get(digits).copied();
        match (after[..digits].parse::<usize>(), kind) {
            (Ok(call), Some(kind @ (b'X' | b'O' | b'C'))) => {
                let mut end = digits_at + digits + 1;
                let mut start = start;
                if html[..start].ends_with("<p>") && html[end..].starts_with("</p>") {
                    start -= 3;
                    end += 4;
                    if html[end..].starts_with('\n') {
                        end += 1;
                    }
                }
                return Some(Found {
                    call,
                    kind,
                    start,
                    end,
                });
            }
            _ => at = digits_at,
        }
    }
    None
}

/// Swaps shortcode tokens for their HTML, rendered by `render` (call,
/// body HTML for a block call). A block call's body is the HTML between
/// its tokens, with the calls nested in it already swapped.
fn substitute_tokens(html: &str, render: &mut dyn FnMut(usize, Option<&str>) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(t) = next_token(html, at) {
        out.push_str(&html[at..t.start]);
        at = t.end;
        match t.kind {
            b'X' => out.push_str(&render(t.call, None)),
            b'O' => {
                // Its closing token: the first `C` of this call after it.
                let mut close = next_token(html, at);
                while let Some(c) = &close
                    && !(c.kind == b'C' && c.call == t.call)
                {
                    close = next_token(html, c.end);
                }
                let (body_end, after) =
                    close.map_or((html.len(), html.len()), |c| (c.start, c.end));
                let body = substitute_tokens(&html[at..body_end], render);
                out.push_str(&render(t.call, Some(&body)));
                at = after;
            }
            // A closing token without its opening one (Markdown moved
            // it, say into a list): nothing to show.
            _ => {}
        }
    }
    out.push_str(&html[at..]);
    out
}

struct Renderer<'r, 't> {
    cx: &'r Context<'r>,
    notes: Footnotes<'t>,
    main: Vec<Event<'t>>,
    /// The footnote definition being read: label, offset, its events.
    def: Option<(String, usize, Vec<Event<'t>>)>,
    /// The heading being read: level, explicit id, inner events, text, offset.
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'t>>, String)>,
    /// The code block being read: language, code.
    code: Option<(String, String)>,
    ids: HashMap<String, usize>,
    /// Text of the current block, for the sentence around a reference.
    block_text: String,
    /// References in the current block: index in refs, offset in block_text.
    pending_refs: Vec<(usize, usize)>,
    /// Consecutive text (for `[^x]` left as text): start offset and text.
    text_run: Option<(usize, String)>,
    out: &'r mut Rendered,
}

impl<'t> Renderer<'_, 't> {
    fn emit(&mut self, e: Event<'t>) {
        if let Some((_, _, events, _)) = &mut self.heading {
            events.push(e);
        } else if let Some((_, _, events)) = &mut self.def {
            events.push(e);
        } else {
            self.main.push(e);
        }
    }

    fn event(
        &mut self,
        event: Event<'t>,
        range: Range<usize>,
        text: &str,
        locate: &dyn Fn(usize) -> usize,
    ) {
        if !matches!(event, Event::Text(_)) && self.text_run.is_some() {
            self.flush_pending_text(text);
        }
        match event {
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                    return;
                }
                self.add_text(&t);
                match &mut self.text_run {
                    Some((_, run)) => run.push_str(&t),
                    None => self.text_run = Some((range.start, t.to_string())),
                }
                self.emit(Event::Text(t));
            }
            Event::Code(c) => {
                self.add_text(&c);
                self.emit(Event::Code(c));
            }
            Event::FootnoteReference(label) => {
                let html_ref = self.notes.reference(&label, range.start);
                self.emit(html(html_ref));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.def = Some((label.to_string(), range.start, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, at, events)) = self.def.take() {
                    self.notes.define(&label, at, events);
                }
                self.out.text.push('\n');
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.start_block();
                self.heading = Some((level, id.map(|i| i.to_string()), Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, code)) = self.code.take() {
                    self.out.text.push_str(&code);
                    self.out.text.push('\n');
                    let highlighted = self.cx.highlighter.highlight(&lang, &code);
                    self.emit(Event::Html(highlighted.into()));
                }
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) if dest_url.starts_with('@') => {
                let index = self.out.refs.len();
                let start = locate(range.start);
                self.out.refs.push(RawRef {
                    dest: dest_url[1..].to_string(),
                    span: start..locate(range.end),
                    sentence: String::new(),
                });
                self.pending_refs.push((index, self.block_text.len()));
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                self.emit(html(format!(
                    "<a class=\"xref\" href=\"{REF_MARK}{index}{REF_MARK}\"{title}>"
                )));
            }
            Event::Start(tag) => {
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::BlockQuote(_)
                ) {
                    self.start_block();
                }
                self.emit(Event::Start(tag));
            }
            Event::End(tag) => {
                if matches!(
                    tag,
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)
                ) {
                    self.end_block();
                }
                self.emit(Event::End(tag));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    fn add_text(&mut self, t: &str) {
        // Tokens are not words of the document: they stay out of its
        // text, its sentences and its heading ids.
        let t = &*shortcodes::strip_tokens(t);
        self.block_text.push_str(t);
        if let Some((_, _, _, heading_text)) = &mut self.heading {
            heading_text.push_str(t);
        }
        self.out.text.push_str(t);
    }

    fn start_block(&mut self) {
        self.end_block();
    }

    /// Ends a block of text: gives its references their sentence.
    fn end_block(&mut self) {
        for (index, at) in self.pending_refs.drain(..) {
            self.out.refs[index].sentence = sentence_around(&self.block_text, at);
        }
        if !self.block_text.is_empty() {
            self.out.text.push('\n');
        }
        self.block_text.clear();
    }

    fn end_heading(&mut self) {
        self.end_block();
        let Some((level, explicit, events, text)) = self.heading.take() else {
            return;
        };
        let id = match explicit {
            Some(id) => id,
            None => {
                let base = match slugify(&text) {
                    s if s.is_empty() => "section".to_string(),
                    s => s,
                };
                let n = self.ids.entry(base.clone()).or_insert(0);
                *n += 1;
                if *n == 1 { base } else { format!("{base}-{n}") }
            }
        };
        let level_n = level as u8;
        self.emit(html(format!("<h{level_n} id=\"{}\">", escape(&id))));
        for e in events {
            self.emit(e);
        }
        self.emit(html(format!(
            "<a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level_n}>\n",
            escape(&id)
        )));
        self.out.headings.push(Heading {
            level: level_n,
            id,
            text: text.trim().to_string(),
        });
    }

    /// Checks a run of text for `[^label]` left as text: an undefined note,
    /// reported with the other undefined references after the pass.
    fn flush_pending_text(&mut self, text: &str) {
        let Some((start, run)) = self.text_run.take() else {
            return;
        };
        for (_, label) in footnotes::text_references(&run) {
            let needle = format!("[^{label}]");
            let at = text[start..].find(&needle).map_or(start, |i| start + i);
            self.notes.reference(label, at);
        }
    }

    fn finish(&mut self, text: &str) {
        self.flush_pending_text(text);
        self.end_block();
    }
}

#[cfg(test)]
mod tests;

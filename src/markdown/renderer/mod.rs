//! The walk over Markdown's events: text gathered for search and for the
//! sentences "Cited by" quotes, headings given unique ids, `@` references
//! turned into placeholders, footnotes collected, code highlighted, and
//! root-relative URLs put under the site's path.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::footnotes::Footnotes;
use super::found::Found;
use super::html_text;
use super::ids::HeadingIds;
use super::sentence::sentence_around;
use super::{Context, Rendered, tokens};

mod bidi;
mod heading;
mod link;
mod notes;
mod raw;
mod table;
mod verbatim;

use heading::OpenHeading;

/// A line of an HTML block: where it starts in the block, and where it
/// is in the file.
type BlockLine = (usize, Range<usize>);

pub(super) struct Renderer<'r, 't> {
    cx: &'r Context<'r>,
    pub(super) notes: Footnotes<'t>,
    pub(super) main: Vec<Event<'t>>,
    /// The footnote definition being read: label, offset, its events.
    def: Option<(String, usize, Vec<Event<'t>>)>,
    heading: Option<OpenHeading<'t>>,
    /// The code block being read: language, code.
    code: Option<(String, String)>,
    ids: HeadingIds,
    /// What the walk found to say (see `found.rs`).
    pub(super) found: Found,
    /// How many images the events are in: an image's description is its
    /// `alt` text, where tags are words and no call's HTML can go.
    image: usize,
    /// Whether the outermost image's description has words yet, and
    /// where that image starts.
    image_words: bool,
    image_at: usize,
    /// Whether the last event opened a paragraph (see `found.rs`'s
    /// `hashless_heading`).
    paragraph_start: bool,
    /// Plain links and image sources to the site's own files (see
    /// `links.rs`): the URL, where, and whether an image's.
    pub(super) local_links: Vec<(String, Range<usize>, bool)>,
    /// Whether the raw HTML is balanced (see `raw_html.rs`).
    pub(super) balance: super::raw_html::Balance,
    /// Per footnote definition: its label, offset and the indexes of the
    /// references in it (see `RawRef::shown`).
    pub(super) def_refs: Vec<(String, usize, std::ops::Range<usize>)>,
    /// The index of the first reference of the definition being read.
    def_first_ref: usize,
    /// Where the definition being read starts in the document's text
    /// and its headings.
    def_text_start: (usize, usize),
    /// Each definition's offset, its words in the document's text and its
    /// headings: those of a note not shown are taken out (search reads
    /// the text as the page shows it, and the contents lists headings).
    def_texts: Vec<(String, usize, Range<usize>, Range<usize>)>,
    /// Where each note's definition is in the text: a marker there is a
    /// citation, shown or not (see `footnotes::unused_help`).
    pub(super) def_spans: Vec<Range<usize>>,
    /// The events' length once a definition opened right after a quote
    /// did: that quote, if it holds nothing else, is left out.
    quote_def_at: Option<usize>,
    /// Text of the current block, for the sentence around a reference.
    block_text: String,
    /// References in the current block: index in refs, offset in block_text.
    pending_refs: Vec<(usize, usize)>,
    /// Consecutive text (for `[^x]` left as text): where it is in the
    /// source, which is read as written (see `text_references`).
    text_run: Option<Range<usize>>,
    /// Inside an autolink (`<https://…/a[^x]>`), whose text is its
    /// address and cites no note.
    autolink: bool,
    /// Tables so far: each one's scroll box is labelled by its number.
    tables: usize,
    /// Tables in the current section so far.
    section_tables: usize,
    /// The table being rendered (see `table.rs`).
    table: table::TableState,
    /// How many quotes the events are in, and the text of the last
    /// heading outside quotes and notes: the section a table is in.
    quotes: usize,
    section: Option<String>,
    /// Per call, whether its body is quoted text (a `post`, a `clip`),
    /// and how many such bodies the events are in.
    pub(super) quoting: Vec<bool>,
    quoting_depth: usize,
    /// A line break inside a quoted body, held until the next event says
    /// whether it ends a line of the quote (shown, as posted) or only
    /// precedes the body's closing token (see [`Renderer::line_break`]).
    held_break: bool,
    /// Whether the last text ended with a call's token: a break after an
    /// opening token is no line of the quote.
    after_token: bool,
    /// The HTML block being read: its lines, whose shown text is the
    /// document's too (see `html_text::visible_text`).
    /// (Its lines, each with where it starts in the block and where it
    /// is in the file.)
    html_block: Option<(String, Vec<BlockLine>)>,
    /// The element of inline HTML whose content the page hides that the
    /// text is in (`<span hidden>`), and how deep in elements of its name:
    /// its text is not the document's.
    hidden_inline: Option<(String, u32)>,
    /// The raw-text element of inline HTML (a `<script>`) the text is in:
    /// its text is not the document's, and the tags in it are text.
    raw_inline: Option<String>,
    out: &'r mut Rendered,
}

impl<'r, 't> Renderer<'r, 't> {
    pub(super) fn new(cx: &'r Context<'r>, out: &'r mut Rendered) -> Self {
        Renderer {
            cx,
            notes: Footnotes::with_digits(cx.zero_digit),
            main: Vec::new(),
            def: None,
            heading: None,
            code: None,
            ids: HeadingIds::default(),
            found: Found::default(),
            image: 0,
            image_words: false,
            image_at: 0,
            paragraph_start: false,
            local_links: Vec::new(),
            balance: super::raw_html::Balance::default(),
            def_refs: Vec::new(),
            def_first_ref: 0,
            def_text_start: (0, 0),
            def_texts: Vec::new(),
            quote_def_at: None,
            def_spans: Vec::new(),
            block_text: String::new(),
            pending_refs: Vec::new(),
            text_run: None,
            autolink: false,
            tables: 0,
            section_tables: 0,
            table: table::TableState::default(),
            quotes: 0,
            quoting: Vec::new(),
            quoting_depth: 0,
            held_break: false,
            after_token: false,
            section: None,
            html_block: None,
            hidden_inline: None,
            raw_inline: None,
            out,
        }
    }

    fn emit(&mut self, e: Event<'t>) {
        if let Some(h) = &mut self.heading {
            h.events.push(e);
        } else if let Some((_, _, events)) = &mut self.def {
            events.push(e);
        } else {
            self.main.push(e);
        }
    }

    pub(super) fn event(
        &mut self,
        event: Event<'t>,
        range: Range<usize>,
        text: &str,
        locate: &dyn Fn(usize) -> usize,
    ) {
        if std::mem::take(&mut self.held_break) {
            let line = match &event {
                Event::Text(t) => !tokens::starts_with_closing_token(t),
                Event::End(_) | Event::SoftBreak | Event::HardBreak => false,
                _ => true,
            };
            self.emit(if line {
                Event::HardBreak
            } else {
                Event::SoftBreak
            });
        }
        if !matches!(event, Event::Text(_)) && self.text_run.is_some() {
            self.flush_pending_text(text);
        }
        let paragraph_start = std::mem::replace(
            &mut self.paragraph_start,
            matches!(event, Event::Start(Tag::Paragraph)),
        );
        // (One escaped, `\##x`, is text as meant.)
        if paragraph_start
            && let Event::Text(t) = &event
            && !text
                .get(..range.start)
                .is_some_and(|before| before.ends_with('\\'))
            && let Some(written) = super::found::hashless_heading(t)
        {
            self.found
                .hashless_headings
                .push((written.to_string(), locate(range.start)));
        }
        if matches!(event, Event::End(TagEnd::Link)) {
            self.autolink = false;
        }
        // `[](@sd-3)`: a link with nothing to click.
        if let Event::Start(Tag::Link { .. }) = &event
            && text
                .get(range.start..)
                .and_then(|link| link.strip_prefix('['))
                .is_some_and(|inner| inner.trim_start().starts_with(']'))
        {
            self.found.empty_links.push(locate(range.start));
        }
        if self.image > 0 {
            match &event {
                Event::End(TagEnd::Image) => {
                    self.image -= 1;
                    if self.image == 0 && !self.image_words {
                        self.found.bare_images.push(self.image_at);
                    }
                }
                // (Zero-width spaces, joiners and bidi marks are no words.)
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t)
                    if t.chars()
                        .any(|c| !c.is_whitespace() && !crate::content::is_invisible(c)) =>
                {
                    self.image_words = true;
                }
                _ => {}
            }
            // Tags in an image's description are its words (escaped into
            // `alt`): no element is opened, hidden or linked.
            if let Event::InlineHtml(h) = event {
                self.add_text(&h);
                self.emit(Event::InlineHtml(h));
                return;
            }
        }
        if let Event::InlineHtml(h) = &event {
            let tags = html_text::inline_tags(h);
            // (A tag inside a `<template>` or a `<script>` is no element,
            // but its own end tag closes it.)
            let ends_raw = |raw: &String| tags.first().is_some_and(|t| t.closes && t.name == *raw);
            if self.raw_inline.as_ref().is_none_or(ends_raw) {
                self.balance
                    .inline(h, locate(range.start)..locate(range.end));
            }
            if tags.iter().any(|t| t.parts_words) {
                self.add_text(" ");
            }
            self.track_hidden(tags);
        }
        if let Event::Html(h) | Event::InlineHtml(h) = &event {
            self.find_html_refs(h, range.start, text, locate);
        }
        // A tag of inline HTML is whole: its links are noted as written,
        // and its root-relative URLs go under the base path, as Markdown
        // links' do. (An HTML block's are, once it is whole: a tag may
        // span its lines.)
        let event = match event {
            Event::InlineHtml(h) => {
                self.note_html_links(&h, &|_| locate(range.start)..locate(range.end));
                Event::InlineHtml(self.rebased(h))
            }
            // A direction mark or zero-width space pasted around an
            // address (`\u{200E}@sd-3`) is no part of it: the reference
            // is read and checked as the editor sees it.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: unpasted(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: unpasted(dest_url),
                title,
                id,
            }),
            event => event,
        };
        match event {
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                    return;
                }
                let t = if self.image > 0 { self.attribute(t) } else { t };
                let t = self.as_typed_in_posts(t, text, &range);
                if tokens::has_token(&t) {
                    for (call, opens) in tokens::blocks_in(&t) {
                        if self.quoting.get(call).copied().unwrap_or(false) {
                            self.quoting_depth = if opens {
                                self.quoting_depth + 1
                            } else {
                                self.quoting_depth.saturating_sub(1)
                            };
                        }
                    }
                }
                self.add_text(&t);
                if !self.autolink {
                    match &mut self.text_run {
                        Some(run) => run.end = range.end.max(run.end),
                        None => self.text_run = Some(range.clone()),
                    }
                }
                self.after_token = tokens::ends_with_block_token(&t);
                self.emit_text(t);
            }
            Event::Code(c) => {
                self.add_text(&c);
                self.emit_code(c);
            }
            Event::FootnoteReference(label) => self.note_reference(&label, range.start),
            Event::Start(Tag::FootnoteDefinition(label)) => self.start_definition(&label, range),
            Event::End(TagEnd::FootnoteDefinition) => {
                self.end_definition();
                self.out.text.push('\n');
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(
                level,
                id,
                &classes,
                &attrs,
                text.get(range.clone()).unwrap_or_default(),
                (range.start, locate(range.start)),
            ),
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
                self.start_reference(&dest_url, &title, &range, locate)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link((link_type, dest_url, title, id), text, &range, locate),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id, &range, locate),
            // Raw HTML is searched as the page shows it: a block's lines
            // are read whole, since a tag may span them.
            Event::Start(Tag::HtmlBlock) => {
                self.start_block();
                self.html_block = Some((String::new(), Vec::new()));
                self.balance.block_start(locate(range.start));
                self.emit(event);
            }
            Event::Html(h) if self.html_block.is_some() => {
                if let Some((block, lines)) = &mut self.html_block {
                    lines.push((block.len(), locate(range.start)..locate(range.end)));
                    block.push_str(&h);
                }
                self.balance.block_line(&h, locate(range.start));
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.balance.block_end();
                if let Some((block, lines)) = self.html_block.take() {
                    let shown = html_text::visible_text(&block);
                    self.add_text(&shown.split_whitespace().collect::<Vec<_>>().join(" "));
                    // Each link at the line its value is on.
                    let span_of = |at: usize| {
                        let line = lines.partition_point(|(from, _)| *from <= at);
                        let span = lines.get(line.saturating_sub(1)).map(|(_, s)| s.clone());
                        span.unwrap_or_else(|| locate(range.start)..locate(range.end))
                    };
                    self.note_html_links(&block, &span_of);
                    self.note_html_markers(&block, &lines);
                    self.emit(Event::Html(self.rebased(block.into())));
                }
                self.end_block();
                self.emit(event);
            }
            Event::Html(h) => {
                self.note_html_links(&h, &|_| locate(range.start)..locate(range.end));
                self.emit(Event::Html(self.rebased(h)));
            }
            // A table wider than a phone scrolls sideways in a box of its
            // own (the page does not): see `table.rs`.
            Event::Start(Tag::Table(aligns)) => self.start_table(aligns),
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::TableRow) => self.start_row(text, &range, locate),
            Event::Start(Tag::TableHead) => self.table_head(true),
            Event::End(TagEnd::TableHead) => self.table_head(false),
            Event::Start(Tag::TableCell) => self.start_cell(),
            Event::End(TagEnd::TableCell) => self.end_cell(),
            Event::Start(tag) => {
                if matches!(tag, Tag::Paragraph | Tag::Item | Tag::BlockQuote(_)) {
                    self.start_block();
                }
                if matches!(tag, Tag::BlockQuote(_)) {
                    self.quotes += 1;
                }
                self.emit(Event::Start(tag));
            }
            Event::End(tag) => {
                if matches!(
                    tag,
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)
                ) {
                    self.end_block();
                }
                if matches!(tag, TagEnd::BlockQuote(_)) {
                    self.quotes = self.quotes.saturating_sub(1);
                    // A quote that held only a note's definition (moved to
                    // the notes) would be an empty box. (One written empty,
                    // `>` alone, is kept, as CommonMark has it.)
                    let open = self.heading.is_none() && self.def.is_none();
                    if open
                        && self.quote_def_at.take() == Some(self.main.len())
                        && matches!(self.main.last(), Some(Event::Start(Tag::BlockQuote(_))))
                    {
                        self.main.pop();
                        return;
                    }
                }
                self.emit(Event::End(tag));
            }
            Event::SoftBreak
                if self.quoting_depth > 0 && !self.after_token && !self.after_line_break() =>
            {
                // A post's or a transcript's lines are as posted, or
                // spoken: verse, a list of demands, a speaker a line.
                self.add_text(" ");
                self.held_break = true;
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// Whether the last event emitted is a `<br>` written as HTML (text
    /// pasted from a page), which ends its line already.
    fn after_line_break(&self) -> bool {
        let last = match (&self.heading, &self.def) {
            (Some(h), _) => h.events.last(),
            (None, Some((_, _, events))) => events.last(),
            (None, None) => self.main.last(),
        };
        matches!(last, Some(Event::InlineHtml(h)) if {
            let tag = h.trim().to_ascii_lowercase();
            tag.starts_with("<br") && tag.ends_with('>')
        })
    }

    fn add_text(&mut self, t: &str) {
        if self.hidden_inline.is_some() || self.raw_inline.is_some() {
            return;
        }
        // Tokens are not words of the document: they stay out of its
        // text, its sentences and its heading ids.
        let t = &*tokens::strip_tokens(t);
        self.block_text.push_str(t);
        if let Some(h) = &mut self.heading {
            h.text.push_str(t);
        }
        self.out.text.push_str(t);
    }

    fn start_block(&mut self) {
        self.end_block();
    }

    /// Ends a block of text: gives its references their sentence.
    fn end_block(&mut self) {
        // Inline HTML left open ends with its block.
        self.hidden_inline = None;
        for (index, at) in self.pending_refs.drain(..) {
            self.out.refs[index].sentence = sentence_around(&self.block_text, at);
        }
        if !self.block_text.is_empty() {
            self.out.text.push('\n');
        }
        self.block_text.clear();
    }
}

/// `url` without the invisible characters a paste leaves at its ends.
fn unpasted(url: CowStr<'_>) -> CowStr<'_> {
    let trimmed = url.trim_matches(crate::content::is_invisible);
    if trimmed.len() == url.len() {
        return url;
    }
    trimmed.to_string().into()
}

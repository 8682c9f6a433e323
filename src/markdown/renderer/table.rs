//! Tables: each in a scroll box of its own, named for the keyboard, and
//! its columns' alignment (`:---:`, `---:`) as classes rather than the
//! `style` attributes pulldown-cmark writes, which a host's
//! Content-Security-Policy (`style-src 'self'`) refuses, leaving every
//! cell aligned left.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::Renderer;
use crate::escape::escape;
use crate::markdown::footnotes::html;

/// The table being rendered.
#[derive(Default)]
pub(super) struct TableState {
    /// Its columns' alignments (its header's cells).
    aligns: Vec<Alignment>,
    /// Whether the cells are the header's.
    head: bool,
    /// The column of the next cell in its row.
    cell: usize,
}

impl<'t> Renderer<'_, 't> {
    /// A table's start: the scroll box, which takes the keyboard focus so
    /// that it can be scrolled without a pointer, and so needs a name:
    /// the section it is in (a heading such as "Table 2: Losses" names
    /// its table already), and which of its tables; its number on the
    /// page outside sections, and in notes.
    pub(super) fn start_table(&mut self, aligns: Vec<Alignment>) {
        let columns = aligns.len();
        self.table = TableState {
            aligns,
            ..TableState::default()
        };
        self.tables += 1;
        let n = self.tables;
        // (A note's table is in no section of the text.)
        let name = match &self.section {
            Some(text) if self.def.is_none() && !text.is_empty() => {
                self.section_tables += 1;
                match self.section_tables {
                    1 => escape(text),
                    k => escape(
                        &self
                            .cx
                            .words
                            .fill("table_in", &[("heading", text), ("n", &k.to_string())]),
                    ),
                }
            }
            _ => escape(&self.cx.words.fill("table", &[("n", &n.to_string())])),
        };
        self.emit(html(format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{name}\">"
        )));
        // The writer aligns nothing: the cells carry their classes.
        self.emit(Event::Start(Tag::Table(vec![Alignment::None; columns])));
    }

    pub(super) fn end_table(&mut self) {
        self.emit(Event::End(TagEnd::Table));
        self.emit(html("</div>".to_string()));
    }

    /// A row's start. A body row with more cells than the header: Markdown
    /// drops the ones past it, figures and all, which is said.
    pub(super) fn start_row(
        &mut self,
        text: &str,
        range: &Range<usize>,
        locate: &dyn Fn(usize) -> usize,
    ) {
        let cells = crate::markdown::found::row_cells(text.get(range.clone()).unwrap_or_default());
        let columns = self.table.aligns.len();
        if cells > columns && columns > 0 {
            let at = locate(range.start);
            self.found.dropped_cells.push((columns, cells, at));
        }
        self.table.cell = 0;
        self.emit(Event::Start(Tag::TableRow));
    }

    pub(super) fn table_head(&mut self, start: bool) {
        self.table.head = start;
        self.table.cell = 0;
        self.emit(if start {
            Event::Start(Tag::TableHead)
        } else {
            Event::End(TagEnd::TableHead)
        });
    }

    pub(super) fn start_cell(&mut self) {
        self.start_block();
        let tag = if self.table.head { "th" } else { "td" };
        let class = match self.table.aligns.get(self.table.cell) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            Some(Alignment::None) | None => "",
        };
        self.emit(html(format!("<{tag}{class}>")));
    }

    pub(super) fn end_cell(&mut self) {
        self.end_block();
        let tag = if self.table.head { "th" } else { "td" };
        self.emit(html(format!("</{tag}>")));
        self.table.cell += 1;
    }
}

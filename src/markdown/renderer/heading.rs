//! Headings: each given a unique id (its own `{#id}`, or one made from
//! its text), its classes, and an anchor to link to it.

use pulldown_cmark::{Event, HeadingLevel};

use super::Renderer;
use crate::markdown::Heading;
use crate::markdown::footnotes::html;
use crate::markdown::highlight::escape;
use crate::slug::slugify;

/// The heading being read.
pub(super) struct OpenHeading<'t> {
    pub(super) level: HeadingLevel,
    /// Its `{#id}`, if it has one.
    pub(super) explicit: Option<String>,
    /// Its `{.class}`es, kept for a theme's styles.
    pub(super) classes: Vec<String>,
    pub(super) events: Vec<Event<'t>>,
    pub(super) text: String,
    /// Where it starts, for a diagnostic about its id.
    pub(super) at: usize,
}

impl Renderer<'_, '_> {
    pub(super) fn end_heading(&mut self) {
        self.end_block();
        let Some(OpenHeading {
            level,
            explicit,
            classes,
            events,
            text,
            at,
        }) = self.heading.take()
        else {
            return;
        };
        let id = match explicit {
            Some(id) => {
                if !self.ids.explicit(&id) {
                    self.found.taken_ids.push((id.clone(), at));
                }
                id
            }
            None => self.ids.automatic(match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            }),
        };
        let level_n = level as u8;
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&classes.join(" ")))
        };
        self.emit(html(format!("<h{level_n} id=\"{}\"{class}>", escape(&id))));
        for e in events {
            self.emit(e);
        }
        self.emit(html(format!(
            "<a class=\"heading-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level_n}>\n",
            escape(&id)
        )));
        if self.quotes == 0 && self.quoting_depth == 0 && self.def.is_none() {
            self.section = Some(text.trim().to_string());
        }
        self.out.headings.push(Heading {
            level: level_n,
            id,
            text: text.trim().to_string(),
            quoted: self.quotes > 0 || self.quoting_depth > 0,
        });
    }
}

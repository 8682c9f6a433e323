//! Headings: each given a unique id (its own `{#id}`, or one made from
//! its text), its classes, and an anchor to link to it.

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use super::Renderer;
use crate::escape::escape;
use crate::markdown::Heading;
use crate::markdown::footnotes::html;
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
    /// A heading opens: its attributes that are not read, or an id
    /// written with spaces, are noted for a warning.
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'_>>,
        classes: &[CowStr<'_>],
        attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
        written: &str,
        (at, located): (usize, usize),
    ) {
        self.start_block();
        let mut keys: Vec<String> = attrs.iter().map(|(k, _)| format!("`{k}`")).collect();
        for word in crate::markdown::ids::unread_attributes(written) {
            if !keys.contains(&word) {
                keys.push(word);
            }
        }
        // An id pasted with a character no one sees or types (a soft
        // hyphen, a direction mark) or with typographic quotes: a
        // reference typed as it looks would miss it.
        if let Some(id) = &id
            && let Some(odd) = id
                .chars()
                .find(|&c| crate::content::is_invisible(c) || "“”‘’«»„".contains(c))
        {
            let meant = crate::slug::slugify(id);
            self.found
                .odd_ids
                .push((id.to_string(), odd, meant, located));
        }
        if let Some((braces, meant)) = crate::markdown::ids::spaced_id(written) {
            self.found.spaced_ids.push((braces, meant, located));
        } else if !keys.is_empty() {
            self.found.dropped_attrs.push((keys.join(", "), located));
        }
        self.heading = Some(OpenHeading {
            level,
            // In NFC, as references and automatic ids are: an id typed
            // with decomposed accents (macOS, a paste) is the same id.
            explicit: id.map(|i| {
                use unicode_normalization::UnicodeNormalization;
                i.nfc().collect()
            }),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            events: Vec::new(),
            text: String::new(),
            at,
        });
    }

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
            self.section_tables = 0;
        }
        self.out.headings.push(Heading {
            level: level_n,
            id,
            text: text.trim().to_string(),
            quoted: self.quotes > 0 || self.quoting_depth > 0,
        });
    }
}

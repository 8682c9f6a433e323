//! Raw HTML in a body, as the walk meets it: its `@` references (not
//! resolved, warned about), its links (noted to be checked), its
//! root-relative URLs (put under the site's path), and the elements it
//! hides, whose text is not the page's.

use std::ops::Range;

use pulldown_cmark::CowStr;

use super::Renderer;
use crate::markdown::{html_text, links};

impl<'t> Renderer<'_, 't> {
    /// Notes the `@` references in the attributes of raw HTML `html`,
    /// found at `start` of `text`.
    pub(super) fn find_html_refs(
        &mut self,
        html: &str,
        start: usize,
        text: &str,
        locate: &dyn Fn(usize) -> usize,
    ) {
        // Cheap first: most HTML has no `@` at all.
        if !html.contains("\"@") && !html.contains("'@") {
            return;
        }
        let same = text.get(start..start + html.len()) == Some(html);
        for (i, _) in html.match_indices(['"', '\'']) {
            let Some(rest) = html.get(i + 1..).filter(|r| r.starts_with('@')) else {
                continue;
            };
            // Only a link's address: `alt="@lvarga"` is a handle.
            let before = html.get(..i).unwrap_or_default().trim_end();
            let Some(attribute) = before.strip_suffix('=').map(str::trim_end) else {
                continue;
            };
            let name = attribute
                .rsplit(|c: char| c.is_whitespace() || c == '<')
                .next();
            if !name
                .is_some_and(|n| n.eq_ignore_ascii_case("href") || n.eq_ignore_ascii_case("src"))
            {
                continue;
            }
            let end = rest.find(['"', '\'', ' ', '>']).unwrap_or(rest.len());
            let at = if same { start + i + 1 } else { start };
            self.found
                .html_refs
                .push((rest[..end].to_string(), locate(at)));
        }
    }

    /// Notes the links of a piece of raw HTML: the
    /// site's own, to be checked; those that would run script, and `@`
    /// references written with character references (`&commat;sd-1`,
    /// which `find_html_refs` does not see), to be warned about.
    /// `span_of` gives where an attribute's value (its offset in `html`)
    /// is said to be.
    pub(super) fn note_html_links(&mut self, html: &str, span_of: &dyn Fn(usize) -> Range<usize>) {
        for (url, image, value) in links::every_attribute_url(html) {
            let at = span_of(value);
            // An image's `data:` address is harmless in a link too (a
            // browser opens no `data:` address as a page from a link).
            if links::runs_script(&url, true) {
                self.found.raw_script_urls.push((url, at));
            } else if url.starts_with('@') {
                let quoted = html[..value].ends_with(['"', '\'']);
                if !(quoted && html[value..].starts_with('@')) {
                    self.found.html_refs.push((url, at.start));
                }
            } else if links::is_local(&url) || links::own_path(&url, self.cx.own_sites).is_some() {
                self.local_links.push((url, at, image));
            }
        }
    }

    pub(super) fn rebased(&self, html: CowStr<'t>) -> CowStr<'t> {
        match links::rebase_attribute_urls(&html, self.cx.rooting) {
            Some(rebased) => rebased.into(),
            None => html,
        }
    }

    /// Follows inline HTML in and out of an element the page hides.
    pub(super) fn track_hidden(&mut self, tags: Vec<html_text::InlineTag>) {
        for tag in tags {
            if let Some(raw) = &self.raw_inline {
                if tag.closes && tag.name == *raw {
                    self.raw_inline = None;
                }
                continue;
            }
            if tag.raw {
                self.raw_inline = Some(tag.name);
                continue;
            }
            match &mut self.hidden_inline {
                None if tag.hides => self.hidden_inline = Some((tag.name, 1)),
                Some((open, depth)) if *open == tag.name => {
                    if !tag.closes {
                        *depth += 1;
                    } else if *depth > 1 {
                        *depth -= 1;
                    } else {
                        self.hidden_inline = None;
                        self.raw_inline = None;
                    }
                }
                _ => {}
            }
        }
    }
}

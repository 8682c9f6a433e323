//! Links and images: `@` references turned into placeholders, local
//! links noted for the build to check, URLs that would run script
//! defused, and root-relative URLs put under the site's path.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::Renderer;
use crate::escape::escape;
use crate::markdown::footnotes::html;
use crate::markdown::{REF_MARK, RawRef, links, tokens};

impl<'t> Renderer<'_, 't> {
    /// An `@` reference's link: a placeholder the archive stage fills.
    pub(super) fn start_reference(
        &mut self,
        dest: &str,
        title: &str,
        range: &Range<usize>,
        locate: &dyn Fn(usize) -> usize,
    ) {
        let index = self.out.refs.len();
        let start = locate(range.start);
        self.out.refs.push(RawRef {
            dest: dest[1..].to_string(),
            span: start..locate(range.end),
            sentence: String::new(),
            shown: true,
        });
        self.pending_refs.push((index, self.block_text.len()));
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        self.emit(html(format!(
            "<a class=\"xref\" href=\"{REF_MARK}{index}{REF_MARK}\"{title}>"
        )));
    }

    /// A link's start. `text` is the body its `range` is in.
    pub(super) fn start_link(
        &mut self,
        (link_type, dest_url, title, id): (LinkType, CowStr<'t>, CowStr<'t>, CowStr<'t>),
        text: &str,
        range: &Range<usize>,
        locate: &dyn Fn(usize) -> usize,
    ) {
        self.autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
        let title = self.attribute(title);
        let dest_url = self.defused(dest_url, false, range, locate);
        // A fragment of the page itself (`#context`) is checked
        // against the written page too. (An e-mail autolink's
        // address, `<desk@x.example>`, is published as `mailto:`.)
        let local = link_type != LinkType::Email
            && (links::is_local(&dest_url)
                || dest_url.len() > 1 && dest_url.starts_with('#')
                || links::own_path(&dest_url, self.cx.own_sites).is_some());
        // `[1]` with a line `[1]: Reuters` further down is a note pasted
        // from a word processor, said as one rather than as a broken link.
        let pasted = local
            && matches!(link_type, LinkType::Shortcut | LinkType::Collapsed)
            && self
                .found
                .pasted
                .definition(text, range.start, &id, &dest_url);
        if local && !pasted {
            let at = locate(range.start)..locate(range.end);
            self.local_links.push((dest_url.to_string(), at, false));
        }
        let dest_url = self.rooted(dest_url);
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    pub(super) fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'t>,
        title: CowStr<'t>,
        id: CowStr<'t>,
        range: &Range<usize>,
        locate: &dyn Fn(usize) -> usize,
    ) {
        if self.image == 0 {
            (self.image_words, self.image_at) = (false, locate(range.start));
        }
        self.image += 1;
        let title = self.attribute(title);
        let dest_url = self.defused(dest_url, true, range, locate);
        if dest_url.starts_with('@') {
            self.found
                .image_refs
                .push((dest_url.to_string(), locate(range.start)));
        } else if links::is_local(&dest_url)
            || links::own_path(&dest_url, self.cx.own_sites).is_some()
        {
            let at = locate(range.start)..locate(range.end);
            self.local_links.push((dest_url.to_string(), at, true));
        }
        let dest_url = self.rooted(dest_url);
        self.emit(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// A link's or image's URL, under the site's path when root-relative.
    /// `url`, or `#` if it would run script (see `links::runs_script`),
    /// which is noted for a warning.
    pub(super) fn defused(
        &mut self,
        url: CowStr<'t>,
        image: bool,
        range: &Range<usize>,
        locate: &dyn Fn(usize) -> usize,
    ) -> CowStr<'t> {
        if !links::runs_script(&url, image) {
            return url;
        }
        let at = locate(range.start)..locate(range.end);
        self.found.script_urls.push((url.to_string(), at));
        CowStr::Borrowed("#")
    }

    /// `url` as published: under the site's path when root-relative, and
    /// a `%` that starts no escape written `%25` (`/files/50%.pdf`), as
    /// CommonMark's reference renderer does: sent as it is, servers
    /// answer 400.
    pub(super) fn rooted(&self, url: CowStr<'t>) -> CowStr<'t> {
        let url: CowStr<'t> = match links::lone_percents_escaped(&url) {
            std::borrow::Cow::Owned(u) => u.into(),
            std::borrow::Cow::Borrowed(_) => url,
        };
        match self.cx.rooting.publish(&url) {
            std::borrow::Cow::Owned(u) => u.into(),
            std::borrow::Cow::Borrowed(_) => url,
        }
    }

    /// `t`, text of an attribute (an image's description, a title),
    /// without the calls' tokens in it, which are noted: a call's HTML
    /// would break the tag out of its attribute.
    pub(super) fn attribute(&mut self, t: CowStr<'t>) -> CowStr<'t> {
        if !tokens::has_token(&t) {
            return t;
        }
        for call in tokens::calls_in(&t) {
            // A block call's opening and closing tokens are one call.
            if !self.found.attribute_calls.contains(&call) {
                self.found.attribute_calls.push(call);
            }
        }
        tokens::strip_tokens(&t).into_owned().into()
    }
}

//! Quoted posts and transcripts as their authors typed them, under
//! `smart_punctuation`: the parser curls the quotes and joins the dashes
//! of the whole body, but a post's words are quoted verbatim.

use pulldown_cmark::CowStr;

use super::Renderer;

impl<'t> Renderer<'_, 't> {
    /// `t` as typed when smart punctuation made it of the straight marks
    /// `typed[range]` and it stands in a quoted post or transcript: their
    /// words are the author's, published verbatim.
    pub(super) fn as_typed_in_posts(
        &self,
        t: CowStr<'t>,
        typed: &str,
        range: &std::ops::Range<usize>,
    ) -> CowStr<'t> {
        if !self.cx.smart_punctuation || self.quoting_depth == 0 {
            return t;
        }
        let smart = |c: char| "“”‘’–—…".contains(c);
        let straight = |c: char| "\"'-.".contains(c);
        match typed.get(range.clone()) {
            Some(src) if !src.is_empty() && src.chars().all(straight) && t.chars().all(smart) => {
                src.to_string().into()
            }
            _ => t,
        }
    }
}

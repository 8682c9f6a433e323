//! What a `#fragment` of a reference may name in a document: its
//! headings' ids and its notes, by number or by label.

use super::Archive;
use super::references::Slot;
use crate::markdown::Heading;
use crate::slug::slugify;

/// What a `#fragment` may name in a document: its headings' ids and its
/// notes (`#fn-1` to `#fn-N`).
#[derive(Clone, Copy)]
pub(super) struct Anchors<'a> {
    pub(super) headings: &'a [Heading],
    pub(super) notes: usize,
    pub(super) note_ids: &'a [String],
}

impl<'a> Anchors<'a> {
    pub(super) fn of(archive: &'a Archive, slot: &Slot) -> Option<Self> {
        match *slot {
            Slot::Dispatch(d) => Some(Anchors {
                headings: archive.dispatches[d].headings(),
                notes: archive.dispatches[d].rendered.notes,
                note_ids: &archive.dispatches[d].rendered.note_ids,
            }),
            Slot::Page(p) => Some(Anchors {
                headings: &archive.pages[p].headings,
                notes: archive.pages[p].notes,
                note_ids: &archive.pages[p].note_ids,
            }),
            Slot::Unpublished(_) => None,
        }
    }

    /// The anchor `fragment` names, as written or in a spelling that
    /// folds to a heading's id, or else the heading it likely means.
    pub(super) fn find<'f>(&self, fragment: &'f str) -> Option<&'f str>
    where
        'a: 'f,
    {
        let headings = self.headings;
        let note = fragment
            .strip_prefix("fn-")
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| (1..=self.notes).contains(&n))
            || self.note_ids.iter().any(|id| id == fragment);
        if note {
            return Some(fragment);
        }
        let ids = || headings.iter().map(|h| h.id.as_str());
        ids()
            .find(|id| *id == fragment)
            .or_else(|| {
                let folded = crate::slug::names_slug(fragment).then(|| slugify(fragment))?;
                ids().find(|id| *id == folded)
            })
            // `#Day-One` for `#day-one`: only the case differs.
            .or_else(|| {
                let lower = fragment.to_lowercase();
                ids().find(|id| id.to_lowercase() == lower)
            })
            .or_else(|| crate::diagnostic::nearest(fragment, ids()))
    }
}

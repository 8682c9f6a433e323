//! The names a dispatch is about, as its pages show them: its authors,
//! then its terms, each by the name the archive gives the term: the title
//! of its entity file if it has one, else the spelling of the first
//! dispatch to name it (later spellings that slugify alike are the same
//! term).
//!
//! Search indexes these names (and, for a term its entity file renames,
//! the dispatches' spelling too), and a result shows those the query
//! matched; both must be the spellings the pages show, or a dispatch
//! found by a variant (`I.R.G.C.` for `I R G C`) shows nothing that
//! matched. The search index is tokenized while the archive is resolved,
//! before any term exists, so [`shown_names`] gives the same spellings
//! from the front matter alone, by the rule the archive follows.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Publish;
use crate::config::Config;
use crate::content::{Kind, SourceFile};
use crate::frontmatter::FrontMatter;
use crate::slug::{nfc, slugify};

/// Terms named by the title of their entity file, by (taxonomy, slug).
pub type EntityTitles = HashMap<(usize, String), String>;

/// The titles of the published entity files among `files`: the editor's
/// own name for a term, which its pages show whatever the dispatches
/// write.
pub fn entity_titles<'a>(
    config: &Config,
    files: impl Iterator<Item = &'a SourceFile>,
    publish: Publish,
) -> EntityTitles {
    let mut titles = EntityTitles::new();
    for file in files {
        let Kind::Entity { taxonomy, slug } = &file.kind else {
            continue;
        };
        let front = &file.front;
        let title = nfc(&front.title).trim().to_string();
        if let Some(t) = config.taxonomies.iter().position(|c| &c.key == taxonomy)
            && publish.includes(front.draft, front.date)
            && !title.is_empty()
        {
            titles.entry((t, slug.clone())).or_insert(title);
        }
    }
    titles
}

/// A term name as written -> its spelling (NFC, trimmed) and its slug;
/// `None` for a name with nothing to slug.
pub(super) fn spelling(name: &str) -> Option<(String, String)> {
    let name = nfc(name);
    let slug = slugify(&name);
    (!slug.is_empty()).then(|| (name.trim().to_string(), slug))
}

/// A term's names for search: the name pages show, and the spelling
/// dispatches write when it differs (an entity file's title renames a
/// term, but readers still search by what the dispatches say).
pub(super) fn known_as<'a>(name: &'a str, spelling: &'a str) -> impl Iterator<Item = &'a str> {
    std::iter::once(name).chain((spelling != name && !spelling.is_empty()).then_some(spelling))
}

/// Authors and term names, a line each: what search indexes.
pub(super) fn line_each<'a>(authors: &'a [String], terms: impl Iterator<Item = &'a str>) -> String {
    let mut names = String::new();
    for name in authors.iter().map(String::as_str).chain(terms) {
        names.push_str(name);
        names.push('\n');
    }
    names
}

/// What search reads of a dispatch with `authors` and `terms` (by
/// taxonomy, see [`super::Dispatch::terms`]): authors and term names, a
/// line each.
pub fn search_names(
    all: &[super::Term],
    authors: &[String],
    terms: &[Vec<super::TermId>],
) -> String {
    line_each(
        authors,
        terms
            .iter()
            .flatten()
            .filter_map(|&t| all.get(t))
            .flat_map(|term| known_as(&term.name, &term.spelling)),
    )
}

/// The names each of `fronts` is about as the archive will show them,
/// `fronts` being the published dispatches in the archive's order: each
/// term by its entity file's title, or else by its first spelling in that
/// order. Terms come by taxonomy in the config's order, each once, as in
/// [`super::Dispatch::terms`].
///
/// Slugging every name is most of the work and needs no other dispatch,
/// so it is done in parallel; so is writing the lines, since the first
/// spelling of a term a dispatch names is the earliest dispatch's
/// whether or not later ones were seen.
pub fn shown_names(config: &Config, titles: &EntityTitles, fronts: &[&FrontMatter]) -> Vec<String> {
    let spelled: Vec<Vec<Spelled>> = fronts.par_iter().map(|f| spelled(config, f)).collect();
    let mut first: HashMap<(usize, &str), &str> = HashMap::new();
    for s in spelled.iter().flatten() {
        first.entry((s.taxonomy, &s.slug)).or_insert(&s.spelling);
    }
    spelled
        .par_iter()
        .zip(fronts)
        .map(|(list, front)| {
            let terms = list.iter().filter(|s| s.shown).flat_map(|s| {
                let first = first.get(&(s.taxonomy, &*s.slug)).copied().unwrap_or("");
                let title = titles
                    .get(&(s.taxonomy, s.slug.clone()))
                    .map(String::as_str);
                known_as(title.unwrap_or(first), first)
            });
            line_each(&front.authors, terms)
        })
        .collect()
}

/// A term name a dispatch writes: its taxonomy's index, its spelling and
/// slug, and whether it is the one the dispatch's terms list shows (the
/// first of its slug in the dispatch).
struct Spelled {
    taxonomy: usize,
    spelling: String,
    slug: String,
    shown: bool,
}

/// The term names `front` writes, by taxonomy in the config's order (as
/// the archive learns them: by taxonomy key, then as written).
fn spelled(config: &Config, front: &FrontMatter) -> Vec<Spelled> {
    let mut out: Vec<Spelled> = Vec::new();
    for (key, names) in &front.terms {
        let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) else {
            continue;
        };
        for (spelling, slug) in names.iter().filter_map(|n| spelling(n)) {
            let shown = !out.iter().any(|s| s.taxonomy == t && s.slug == slug);
            out.push(Spelled {
                taxonomy: t,
                spelling,
                slug,
                shown,
            });
        }
    }
    // Stable: a taxonomy's names stay as written.
    out.sort_by_key(|s| s.taxonomy);
    out
}

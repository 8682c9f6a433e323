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
//! before any term exists, so [`Spellings`] gives the same spellings
//! from the front matter alone, by the rule the archive follows.

use std::collections::HashMap;

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

/// The name of each term: its entity file's title, or its first
/// spelling, learnt dispatch by dispatch in the archive's order.
#[derive(Default)]
pub struct Spellings {
    first: HashMap<(usize, String), String>,
    titles: EntityTitles,
}

impl Spellings {
    /// Spellings that name the terms with an entity file by its title.
    pub fn new(titles: EntityTitles) -> Self {
        Spellings {
            first: HashMap::new(),
            titles,
        }
    }

    /// The names `front` is about as the archive will show them, `front`
    /// being the next published dispatch in the archive's order. Terms
    /// come by taxonomy in the config's order, each once, as in
    /// [`super::Dispatch::terms`].
    pub fn shown(&mut self, config: &Config, front: &FrontMatter) -> String {
        let mut shown: Vec<Vec<String>> = vec![Vec::new(); config.taxonomies.len()];
        // Spellings are learnt in the order the archive learns them (by
        // taxonomy key, then as written), though only a taxonomy's own
        // names can share a term.
        for (key, names) in &front.terms {
            let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) else {
                continue;
            };
            for (spelled, slug) in names.iter().filter_map(|n| spelling(n)) {
                self.first.entry((t, slug.clone())).or_insert(spelled);
                if let Some(list) = shown.get_mut(t)
                    && !list.contains(&slug)
                {
                    list.push(slug);
                }
            }
        }
        let mut terms: Vec<&str> = Vec::new();
        for (t, list) in shown.iter().enumerate() {
            for slug in list {
                let key = (t, slug.clone());
                let first = self.first.get(&key).map_or("", String::as_str);
                let title = self.titles.get(&key).map(String::as_str);
                terms.extend(known_as(title.unwrap_or(first), first));
            }
        }
        line_each(&front.authors, terms.into_iter())
    }
}

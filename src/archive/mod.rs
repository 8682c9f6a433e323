//! Stage 5: the archive graph.
//!
//! Built once from the loaded and rendered documents: published dispatches
//! in date order, series with their members in number order, taxonomy terms
//! (spellings that slugify alike merged) with entity pages, years, resolved
//! references, "cited by" backlinks and related dispatches. Everything that
//! crosses documents is computed here, in time near-linear in the archive.

mod alias_paths;
mod aliases;
mod anchors;
mod filing;
mod former;
mod lint;
pub(crate) mod locate;
mod lookup;
mod moved;
mod names;
mod references;
mod related;
mod spelling;

pub use aliases::Reserved;
use filing::Filing;
pub use former::Former;
pub use lint::lint;
pub use names::{entity_titles, search_names, shown_names};
pub use references::{Resolution, Slot, Targets, Unpublished, fill, resolve_one, set_cites};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::{Config, Taxonomy};
use crate::content::{Kind, SourceFile};
use crate::diagnostic::Diagnostics;
use crate::markdown::{Heading, Rendered};
use crate::slug::Natural;

/// Index of a dispatch in [`Archive::dispatches`].
pub type DispatchId = usize;
/// Index of a term in [`Archive::terms`].
pub type TermId = usize;

/// A published dispatch with everything its page shows.
#[derive(Debug, Clone)]
pub struct Dispatch {
    pub id: String,
    pub file: PathBuf,
    pub title: String,
    /// Index into `config.series`.
    pub series: Option<usize>,
    pub number: Option<u64>,
    pub date: Date,
    /// `date` as YYYY-MM-DD.
    pub date_iso: String,
    pub updated: Option<Date>,
    /// `date` and `updated` as instants, when written as date-times.
    pub date_time: Option<jiff::Timestamp>,
    pub updated_time: Option<jiff::Timestamp>,
    pub summary: String,
    pub authors: Vec<String>,
    /// Authors and terms as its page shows them, a line each (see
    /// `names.rs`), for search.
    pub names: String,
    pub language: String,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    /// Terms per configured taxonomy (same order as `config.taxonomies`).
    pub terms: Vec<Vec<TermId>>,
    /// Site-relative path of its page: `special-dispatch/8631/`.
    pub path: String,
    /// Its rendered body: whole when kept in memory (the dev server),
    /// slimmed in a build (rendered again by `render::bodies`).
    pub rendered: Arc<Rendered>,
    /// The resolved URL of each reference placeholder in the body.
    pub urls: Vec<String>,
    /// [`SourceFile::hash`] of the file the body came from.
    pub source_hash: u64,
    /// Dispatches it references, sorted by id.
    pub cites: Vec<DispatchId>,
    /// Dispatches referencing it, in date order, with the citing sentence.
    pub cited_by: Vec<(DispatchId, String)>,
    pub related: Vec<DispatchId>,
    pub prev: Option<DispatchId>,
    pub next: Option<DispatchId>,
}

/// A rendered body with references resolved.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    pub footnotes: String,
    /// Plain text of body and notes.
    pub text: String,
}

/// A term of a taxonomy: a person, an organization, a region, a topic.
#[derive(Debug, Clone)]
pub struct Term {
    pub taxonomy: usize,
    pub slug: String,
    /// Site-relative path of its page: `people/ali-x/`.
    pub path: String,
    /// What pages show: its entity file's title, else `spelling`.
    pub name: String,
    /// The spelling of the first dispatch to name it, which other
    /// spellings are held against.
    pub spelling: String,
    /// The dispatch that first spelt it so (none for a term only an
    /// entity file makes).
    pub spelled_in: Option<DispatchId>,
    /// Its dispatches in date order.
    pub dispatches: Vec<DispatchId>,
    /// Index into [`Archive::pages`] of its entity file.
    pub entity: Option<usize>,
    /// Other spellings met for this slug, with a dispatch using each.
    pub variants: Vec<(String, DispatchId)>,
}

/// A plain page or an entity page's text.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    pub content_path: String,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    /// When its text was last revised, as for a dispatch.
    pub updated: Option<Date>,
    /// Who wrote the text.
    pub authors: Vec<String>,
    pub language: String,
    pub extra: serde_json::Value,
    /// Site-relative path; entity pages live at their term's path.
    pub path: String,
    pub body: Body,
    pub headings: Vec<Heading>,
    /// How many notes it lists.
    pub notes: usize,
    /// Its notes' anchors by label (see [`crate::markdown::Rendered`]).
    pub note_ids: Vec<String>,
    pub aliases: Vec<String>,
    pub is_entity: bool,
    /// Plain links to the site's files, checked once it is written.
    pub links: Vec<crate::markdown::links::LocalLink>,
}

#[derive(Debug, Default, Clone)]
pub struct Archive {
    pub dispatches: Vec<Dispatch>,
    pub terms: Vec<Term>,
    pub pages: Vec<Page>,
    /// The URLs and aliases of unpublished files, held against the others.
    pub reserved: Vec<Reserved>,
    /// Per series (same order as `config.series`): members by number.
    pub series_members: Vec<Vec<DispatchId>>,
    /// Per series: the numbers of its drafts and future-dated dispatches,
    /// which exist but are not published.
    pub unpublished_numbers: Vec<Vec<u64>>,
    /// Year -> dispatches in date order.
    pub years: BTreeMap<i16, Vec<DispatchId>>,
    /// Per taxonomy: its terms, by slug.
    pub taxonomy_terms: Vec<Vec<TermId>>,
    pub by_id: HashMap<String, DispatchId>,
    /// What references resolve against.
    pub targets: Targets,
}

/// What decides which dispatches are published.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    pub drafts: bool,
    pub today: Date,
}

impl Publish {
    pub fn includes(&self, draft: bool, date: Option<Date>) -> bool {
        self.drafts || (!draft && date.is_none_or(|d| d <= self.today))
    }
}

impl Dispatch {
    pub fn date_str(&self) -> &str {
        &self.date_iso
    }

    pub fn headings(&self) -> &[Heading] {
        &self.rendered.headings
    }

    /// Fingerprint of the resolved body, known without rendering it.
    pub fn body_fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.rendered.fingerprint, &self.urls).hash(&mut h);
        h.finish()
    }
}

impl Archive {
    pub fn dispatch(&self, id: &str) -> Option<&Dispatch> {
        self.by_id.get(id).map(|&i| &self.dispatches[i])
    }

    /// Each configured taxonomy with `d`'s terms in it (none for a
    /// taxonomy the dispatch does not use): what its page, feed entry and
    /// search record list.
    pub fn taxonomy_terms<'a>(
        &'a self,
        config: &'a Config,
        d: &'a Dispatch,
    ) -> impl Iterator<Item = (&'a Taxonomy, impl Iterator<Item = &'a Term>)> {
        config
            .taxonomies
            .iter()
            .zip(&d.terms)
            .map(|(t, ts)| (t, ts.iter().map(|&i| &self.terms[i])))
    }
}

/// Where a dispatch goes in the archive: by date, then series, number
/// and id.
fn order_key(file: &SourceFile) -> impl Ord + '_ {
    let f = &file.front;
    // A day's dispatches by their time, when they have one.
    (
        f.date,
        f.date_time,
        &f.series,
        f.number,
        f.id.as_deref().map(Natural),
    )
}

/// The loaded files that [`build`] will publish as dispatches, as indexes
/// into `docs`, in the archive's order: what the search index can be
/// tokenized in while the archive is resolved. (Duplicate ids, an error
/// that fails the build, are not weeded out here; a build checks the
/// archive against this order before using such an index.)
pub fn publish_order(docs: &[(SourceFile, Arc<Rendered>)], publish: Publish) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len())
        .filter(|&i| {
            let (file, _) = &docs[i];
            matches!(file.kind, Kind::Dispatch)
                && publish.includes(file.front.draft, file.front.date)
        })
        .collect();
    order.sort_by(|&a, &b| order_key(&docs[a].0).cmp(&order_key(&docs[b].0)));
    order
}

/// Builds the archive from loaded files and their rendered bodies.
pub fn build(
    config: &Config,
    docs: Vec<(SourceFile, Arc<Rendered>)>,
    publish: Publish,
    failed: HashSet<String>,
) -> (Archive, Diagnostics) {
    // Dispatches first, all of them (drafts too: their references are
    // checked as well), ordered by date so that ids follow that order.
    let (mut dispatch_docs, mut page_docs): (Vec<_>, Vec<_>) = docs
        .into_iter()
        .partition(|(file, _)| matches!(file.kind, Kind::Dispatch));
    page_docs.sort_by(|(a, _), (b, _)| a.file.cmp(&b.file));
    dispatch_docs.sort_by(|(a, _), (b, _)| order_key(a).cmp(&order_key(b)));
    let titles = entity_titles(config, page_docs.iter().map(|(f, _)| f), publish);
    let mut filing = Filing::new(config, publish, titles);
    for (file, rendered) in dispatch_docs {
        filing.dispatch(file, rendered);
    }
    for (file, rendered) in page_docs {
        filing.page(file, rendered);
    }
    filing.reserve_unpublished_lists();
    let Filing {
        mut archive,
        mut diags,
        sources,
        duplicates,
        ..
    } = filing;
    sort_terms(&mut archive);
    link_series(&mut archive);
    aliases::check(config, &archive, &mut diags);
    // A target that failed to load, or whose id two files take, has its
    // own error: references to it say nothing more.
    archive.targets.failed = failed;
    archive.targets.failed.extend(duplicates);
    references::resolve(config, &mut archive, sources, &mut diags);
    related::compute(&mut archive);
    (archive, diags)
}

/// Lists each taxonomy's terms by name as a slug, numbers by value
/// (`number-2` before `number-10`): a term renamed by its
/// entity file's title is listed where its name puts it.
fn sort_terms(archive: &mut Archive) {
    for (t, term) in archive.terms.iter().enumerate() {
        archive.taxonomy_terms[term.taxonomy].push(t);
    }
    let terms = &archive.terms;
    for list in &mut archive.taxonomy_terms {
        // By the names readers see (an entity file's title), as they look
        // them up (see `collate`).
        list.sort_by_cached_key(|&t| (crate::collate::Key::new(&terms[t].name), &terms[t].slug));
    }
}

/// Orders each series by number and links its neighbours.
fn link_series(archive: &mut Archive) {
    for members in &mut archive.series_members {
        members.sort_by_key(|&d| (archive.dispatches[d].number, d));
        for pair in members.windows(2) {
            archive.dispatches[pair[0]].next = Some(pair[1]);
            archive.dispatches[pair[1]].prev = Some(pair[0]);
        }
    }
}

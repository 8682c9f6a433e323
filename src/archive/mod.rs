//! Stage 5: the archive graph.
//!
//! Built once from the loaded and rendered documents: published dispatches
//! in date order, series with their members in number order, taxonomy terms
//! (spellings that slugify alike merged) with entity pages, years, resolved
//! references, "cited by" backlinks and related dispatches. Everything that
//! crosses documents is computed here, in time near-linear in the archive.

mod aliases;
mod lint;
pub(crate) mod locate;
mod names;
mod references;
mod related;

pub use aliases::Reserved;
pub use lint::lint;
pub use names::{Spellings, entity_titles};
pub use references::{Resolution, Slot, Targets, Unpublished, fill, resolve_one, set_cites};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::{Config, Taxonomy};
use crate::content::{Kind, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{Heading, Rendered};
use crate::slug::{nfc, slugify};

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
    (f.date, f.date_time, &f.series, f.number, &f.id)
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
    let mut diags = Diagnostics::new();
    let mut archive = Archive {
        series_members: vec![Vec::new(); config.series.len()],
        unpublished_numbers: vec![Vec::new(); config.series.len()],
        taxonomy_terms: vec![Vec::new(); config.taxonomies.len()],
        ..Archive::default()
    };

    // Dispatches first, all of them (drafts too: their references are
    // checked as well), then ordered by date so that ids follow that order.
    let mut dispatch_docs = Vec::new();
    let mut page_docs = Vec::new();
    for (file, rendered) in docs {
        match file.kind {
            Kind::Dispatch => dispatch_docs.push((file, rendered)),
            _ => page_docs.push((file, rendered)),
        }
    }
    page_docs.sort_by(|(a, _), (b, _)| a.file.cmp(&b.file));
    dispatch_docs.sort_by(|(a, _), (b, _)| order_key(a).cmp(&order_key(b)));
    let mut first_file: HashMap<String, PathBuf> = HashMap::new();
    let mut unpublished = HashMap::new();
    let mut unpublished_terms = HashSet::new();
    // The first unpublished dispatch to name each of those terms.
    let mut naming: BTreeMap<(usize, String), PathBuf> = BTreeMap::new();
    let mut unpublished_entities = HashMap::new();
    let mut sources = Vec::new();
    let mut term_slugs: HashMap<(usize, String), TermId> = HashMap::new();
    let titles = entity_titles(config, page_docs.iter().map(|(f, _)| f), publish);
    for (file, rendered) in dispatch_docs {
        let front = &file.front;
        let id = front.id.clone().unwrap_or_default();
        if let Some(other) = first_file.get(&id) {
            // At what makes the id: `id:`, else `number:`.
            diags.push(locate::at_key(
                &config.root,
                &file.file,
                &["id", "number"],
                Diagnostic::error(format!(
                    "duplicate id `{id}`: also used by {}",
                    other.display()
                ))
                .with_help(
                    "ids must be unique: change the number (or `id`) of one of the two files",
                ),
            ));
            continue;
        }
        first_file.insert(id.clone(), file.file.clone());
        if !publish.includes(front.draft, front.date) {
            let why = references::Unpublished::why(front.draft, front.date, publish.today);
            // Far ahead, a date is more likely a typo than a schedule.
            if let references::Unpublished::Future(date) = why
                && publish.today.saturating_add(jiff::Span::new().years(1)) < date
            {
                diags.push(locate::at_key(
                    &config.root,
                    &file.file,
                    &["date"],
                    Diagnostic::warning(format!(
                        "dated {date}, more than a year after today: it is not published until then"
                    ))
                    .with_help(
                        "if the year is a typo, correct it; `--drafts` previews the dispatch",
                    ),
                ));
            }
            let series = front.series.as_deref().and_then(|s| config.series_index(s));
            archive.reserved.push(Reserved {
                path: match (series, front.number) {
                    (Some(s), Some(n)) => format!("{}/{n}/", config.series[s].key),
                    _ => format!("dispatches/{id}/"),
                },
                aliases: front.aliases.clone(),
                file: file.file.clone(),
                keys: if series.is_some() {
                    &["number", "series"]
                } else {
                    &["id"]
                },
                term: false,
            });
            unpublished.insert(id, why);
            for (key, names) in &front.terms {
                if let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) {
                    for name in names {
                        let key = (t, slugify(name));
                        naming
                            .entry(key.clone())
                            .or_insert_with(|| file.file.clone());
                        unpublished_terms.insert(key);
                    }
                }
            }
            if let (Some(s), Some(n)) = (series, front.number) {
                archive.unpublished_numbers[s].push(n);
            }
            // Checked for broken references, but never published.
            sources.push((references::Slot::Unpublished(why), file, rendered));
            continue;
        }
        let index = archive.dispatches.len();
        let series = front.series.as_deref().and_then(|s| config.series_index(s));
        let path = match (series, front.number) {
            (Some(s), Some(n)) => format!("{}/{n}/", config.series[s].key),
            _ => format!("dispatches/{id}/"),
        };
        let mut terms = vec![Vec::new(); config.taxonomies.len()];
        for (key, names) in &front.terms {
            let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) else {
                continue;
            };
            // One spelling in any Unicode form (see `slug`).
            for (spelled, slug) in names.iter().filter_map(|n| names::spelling(n)) {
                let term = *term_slugs.entry((t, slug.clone())).or_insert_with(|| {
                    archive.terms.push(Term {
                        taxonomy: t,
                        path: format!("{}/{slug}/", config.taxonomies[t].key),
                        name: titles.get(&(t, slug.clone())).unwrap_or(&spelled).clone(),
                        slug,
                        spelling: spelled.clone(),
                        dispatches: Vec::new(),
                        entity: None,
                        variants: Vec::new(),
                    });
                    archive.terms.len() - 1
                });
                let spelled = spelled.as_str();
                let known = &mut archive.terms[term];
                if known.spelling != spelled && !known.variants.iter().any(|(v, _)| v == spelled) {
                    known.variants.push((spelled.to_string(), index));
                }
                if !terms[t].contains(&term) {
                    terms[t].push(term);
                    archive.terms[term].dispatches.push(index);
                }
            }
        }
        if let Some(s) = series {
            archive.series_members[s].push(index);
        }
        let date = front.date.unwrap_or(publish.today);
        archive.years.entry(date.year()).or_default().push(index);
        archive.by_id.insert(id.clone(), index);
        archive.dispatches.push(Dispatch {
            id,
            file: file.file.clone(),
            title: front.title.clone(),
            series,
            number: front.number,
            date,
            date_iso: date.to_string(),
            updated: front.updated,
            date_time: front.date_time,
            updated_time: front.updated_time,
            summary: front.summary.clone(),
            authors: front.authors.clone(),
            names: names::line_each(
                &front.authors,
                terms.iter().flatten().flat_map(|&t| {
                    let term = &archive.terms[t];
                    names::known_as(&term.name, &term.spelling)
                }),
            ),
            language: front
                .language
                .clone()
                .unwrap_or_else(|| config.language.clone()),
            draft: front.draft,
            aliases: front.aliases.clone(),
            extra: front.extra.clone(),
            terms,
            path,
            rendered: Arc::clone(&rendered),
            urls: Vec::new(),
            source_hash: file.hash,
            cites: Vec::new(),
            cited_by: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
        });
        sources.push((references::Slot::Dispatch(index), file, rendered));
    }

    for (file, rendered) in page_docs {
        let front = &file.front;
        let published = publish.includes(front.draft, front.date);
        let (path, is_entity) = match &file.kind {
            // An unpublished entity file is no term's page (and makes no
            // term of its own): only links to it are checked, below.
            Kind::Entity { taxonomy, slug } if !published => {
                if let Some(t) = config.taxonomies.iter().position(|c| &c.key == taxonomy) {
                    let why = references::Unpublished::why(front.draft, front.date, publish.today);
                    unpublished_entities.insert((t, slug.clone()), why);
                }
                (format!("{taxonomy}/{slug}/"), true)
            }
            Kind::Entity { taxonomy, slug } => {
                let t = config.taxonomies.iter().position(|c| &c.key == taxonomy);
                let t = t.unwrap_or_default();
                let term = match term_slugs.get(&(t, slug.clone())) {
                    Some(&term) => term,
                    None => {
                        diags.push(
                            Diagnostic::warning(format!(
                                "entity page for `{slug}`, but no published dispatch names this {taxonomy} term"
                            ))
                            .in_file(&file.file)
                            .with_help("the page is still built; check the spelling of the file name against the dispatches' front matter"),
                        );
                        archive.terms.push(Term {
                            taxonomy: t,
                            path: format!("{}/{slug}/", config.taxonomies[t].key),
                            slug: slug.clone(),
                            name: nfc(front.title.trim()).into_owned(),
                            spelling: nfc(front.title.trim()).into_owned(),
                            dispatches: Vec::new(),
                            entity: None,
                            variants: Vec::new(),
                        });
                        term_slugs.insert((t, slug.clone()), archive.terms.len() - 1);
                        archive.terms.len() - 1
                    }
                };
                archive.terms[term].entity = Some(archive.pages.len());
                (format!("{taxonomy}/{slug}/"), true)
            }
            _ => {
                let stem = file.content_path.trim_end_matches(".md");
                let stem = stem.strip_suffix("/index").unwrap_or(stem);
                let first = stem.split('/').next().unwrap_or("");
                let built_in = ["archive", "search", "dispatches", "index", "page", "404"]
                    .contains(&first)
                    || config.series(first).is_some()
                    || config.taxonomy(first).is_some();
                if built_in {
                    diags.push(
                        Diagnostic::error(format!(
                            "page path `{stem}/` is used by the site's own pages"
                        ))
                        .in_file(&file.file)
                        .with_help("move the page under content/pages/ or another folder"),
                    );
                    continue;
                }
                // Each part as its slug: a file named in a spelling that
                // folds (`σοφος.md`) is published where the slug says,
                // and two spellings of one name meet as one URL.
                let url: Vec<String> = stem.split('/').map(slugify).collect();
                (format!("{}/", url.join("/")), false)
            }
        };
        if !published {
            archive.reserved.push(Reserved {
                path: path.clone(),
                aliases: front.aliases.clone(),
                file: file.file.clone(),
                keys: &[],
                term: is_entity,
            });
            // Like an unpublished dispatch: a link to it says why it
            // cannot be followed, and its own links are checked.
            let why = references::Unpublished::why(front.draft, front.date, publish.today);
            sources.push((references::Slot::Unpublished(why), file, rendered));
            continue;
        }
        let (headings, notes, links) = (
            rendered.headings.clone(),
            rendered.notes,
            rendered.links.clone(),
        );
        sources.push((
            references::Slot::Page(archive.pages.len()),
            file.clone(),
            rendered,
        ));
        archive.pages.push(Page {
            file: file.file.clone(),
            content_path: file.content_path.clone(),
            title: front.title.clone(),
            summary: front.summary.clone(),
            date: front.date,
            updated: front.updated,
            authors: front.authors.clone(),
            language: front
                .language
                .clone()
                .unwrap_or_else(|| config.language.clone()),
            extra: front.extra.clone(),
            path,
            body: Body::default(),
            headings,
            notes,
            aliases: front.aliases.clone(),
            is_entity,
            links,
        });
    }

    // Terms by taxonomy, sorted by slug for stable listings.
    for (t, term) in archive.terms.iter().enumerate() {
        archive.taxonomy_terms[term.taxonomy].push(t);
    }
    for list in &mut archive.taxonomy_terms {
        // By name as a slug: a term renamed by its entity file's title
        // is listed where its name puts it.
        // (Most terms are named as their slug says: no need to slug
        // their names again.)
        let renamed: HashMap<TermId, String> = list
            .iter()
            .filter(|&&t| archive.terms[t].name != archive.terms[t].spelling)
            .map(|&t| (t, slugify(&archive.terms[t].name)))
            .collect();
        list.sort_by(|&a, &b| {
            let key = |t: TermId| {
                let slug = archive.terms[t].slug.as_str();
                (renamed.get(&t).map_or(slug, String::as_str), slug)
            };
            key(a).cmp(&key(b))
        });
    }
    for members in &mut archive.series_members {
        members.sort_by_key(|&d| (archive.dispatches[d].number, d));
        for pair in members.windows(2) {
            archive.dispatches[pair[0]].next = Some(pair[1]);
            archive.dispatches[pair[1]].prev = Some(pair[0]);
        }
    }

    // A term only unpublished dispatches name gets its page with the
    // first of them: its URL is held as theirs.
    for ((t, slug), file) in naming {
        if !slug.is_empty() && !term_slugs.contains_key(&(t, slug.clone())) {
            archive.reserved.push(Reserved {
                path: format!("{}/{slug}/", config.taxonomies[t].key),
                aliases: Vec::new(),
                file,
                keys: &[],
                term: true,
            });
        }
    }
    aliases::check(config, &archive, &mut diags);
    archive.targets.term_by_slug = term_slugs;
    archive.targets.unpublished = unpublished;
    archive.targets.unpublished_terms = unpublished_terms;
    archive.targets.unpublished_entities = unpublished_entities;
    archive.targets.failed = failed;
    references::resolve(config, &mut archive, sources, &mut diags);
    related::compute(&mut archive);
    (archive, diags)
}

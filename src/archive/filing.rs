//! Filing each loaded document into the archive, one at a time: a
//! published dispatch into its series, terms and year; a page or entity
//! file at its path; an unpublished file held back, its URLs reserved and
//! its references still checked.
//!
//! [`super::build`] files every dispatch (in date order, so that ids
//! follow it) before any page, since an entity file heads a term only the
//! dispatches make; then it orders what was filed and resolves references
//! across it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::names::{self, EntityTitles};
use super::references::{Slot, Unpublished};
use super::{Archive, Body, Dispatch, Page, Publish, Reserved, Term, TermId, locate};
use crate::config::Config;
use crate::content::{Kind, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::slug::{nfc, slugify};

mod checks;

/// A loaded document, where its references will be resolved from.
pub(super) type Source = (Slot, SourceFile, Arc<Rendered>);

/// A dispatch being filed: its id, its page's path and its series.
struct Entry {
    id: String,
    path: String,
    series: Option<usize>,
    file: SourceFile,
    rendered: Arc<Rendered>,
}

/// The archive as it is filed, and what filing it learns on the way.
pub(super) struct Filing<'a> {
    config: &'a Config,
    publish: Publish,
    /// Entity files' titles, which name their terms.
    titles: EntityTitles,
    pub archive: Archive,
    pub diags: Diagnostics,
    pub sources: Vec<Source>,
    /// Id -> the first file to take it.
    first_file: HashMap<String, PathBuf>,
    /// Ids that two files take.
    pub duplicates: HashSet<String>,
    /// The first unpublished dispatch to name each term.
    naming: BTreeMap<(usize, String), PathBuf>,
    /// The first unpublished dispatch of each year.
    dating: BTreeMap<i16, PathBuf>,
}

impl<'a> Filing<'a> {
    pub(super) fn new(config: &'a Config, publish: Publish, titles: EntityTitles) -> Self {
        Filing {
            config,
            publish,
            titles,
            archive: Archive {
                series_members: vec![Vec::new(); config.series.len()],
                unpublished_numbers: vec![Vec::new(); config.series.len()],
                taxonomy_terms: vec![Vec::new(); config.taxonomies.len()],
                ..Archive::default()
            },
            diags: Diagnostics::new(),
            sources: Vec::new(),
            first_file: HashMap::new(),
            duplicates: HashSet::new(),
            naming: BTreeMap::new(),
            dating: BTreeMap::new(),
        }
    }

    /// Files a dispatch: published, or held back (a draft, or dated after
    /// today); a second file with a taken id is an error.
    pub(super) fn dispatch(&mut self, file: SourceFile, rendered: Arc<Rendered>) {
        let config = self.config;
        let id = file.front.id.clone().unwrap_or_default();
        if let Some(other) = self.first_file.get(&id) {
            // In both files (either may be the one just edited), at what
            // makes the id: `id:`, else `number:`.
            for (here, there) in [(&file.file, other), (other, &file.file)] {
                self.diags.push(locate::at_key(
                    &config.root,
                    here,
                    &["id", "number"],
                    Diagnostic::error(format!(
                        "duplicate id `{id}`: also used by {}",
                        there.display()
                    ))
                    .with_help(
                        "ids must be unique: change the number (or `id`) of one of the two files",
                    ),
                ));
            }
            // References to it are not checked against either file, by
            // id or by the path of the file left out.
            self.duplicates.insert(id);
            if let Ok(under) = file.file.strip_prefix("content") {
                let path = crate::slug::nfc(&under.to_string_lossy()).into_owned();
                self.duplicates.insert(format!("/{path}"));
            }
            return;
        }
        self.first_file.insert(id.clone(), file.file.clone());
        let front = &file.front;
        let series = front.series.as_deref().and_then(|s| config.series_index(s));
        let path = match (series, front.number) {
            (Some(s), Some(n)) => format!("{}/{n}/", config.series[s].key),
            _ => format!("dispatches/{id}/"),
        };
        let published = self.publish.includes(front.draft, front.date);
        let entry = Entry {
            id,
            path,
            series,
            file,
            rendered,
        };
        if published {
            self.publish_dispatch(entry);
        } else {
            self.hold_dispatch(entry);
        }
    }

    fn hold_dispatch(&mut self, entry: Entry) {
        let Entry {
            id,
            path,
            series,
            file,
            rendered,
        } = entry;
        let (config, front) = (self.config, &file.front);
        let why = Unpublished::why(front.draft, front.date, self.publish.today);
        self.check_front_matter(&file, Some(why));
        self.archive.reserved.push(Reserved {
            path,
            aliases: front.aliases.clone(),
            file: file.file.clone(),
            keys: if series.is_some() {
                &["number", "series"]
            } else {
                &["id"]
            },
            list: None,
        });
        if let Some(date) = front.date {
            self.dating
                .entry(date.year())
                .or_insert_with(|| file.file.clone());
        }
        let targets = &mut self.archive.targets;
        targets.unpublished.insert(id, why);
        for (key, names) in &front.terms {
            if let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) {
                for name in names {
                    let key = (t, slugify(name));
                    self.naming
                        .entry(key.clone())
                        .or_insert_with(|| file.file.clone());
                    targets.unpublished_terms.insert(key);
                }
            }
        }
        if let (Some(s), Some(n)) = (series, front.number) {
            self.archive.unpublished_numbers[s].push(n);
        }
        // Checked for broken references, but never published.
        self.sources.push((Slot::Unpublished(why), file, rendered));
    }

    fn publish_dispatch(&mut self, entry: Entry) {
        let Entry {
            id,
            path,
            series,
            file,
            rendered,
        } = entry;
        self.check_front_matter(&file, None);
        let (config, front) = (self.config, &file.front);
        let archive = &mut self.archive;
        let index = archive.dispatches.len();
        let mut terms = vec![Vec::new(); config.taxonomies.len()];
        for (key, names) in &front.terms {
            let Some(t) = config.taxonomies.iter().position(|c| &c.key == key) else {
                continue;
            };
            // One spelling in any Unicode form (see `slug`).
            for (spelled, slug) in names.iter().filter_map(|n| names::spelling(n)) {
                let term_slugs = &mut archive.targets.term_by_slug;
                let term = *term_slugs.entry((t, slug.clone())).or_insert_with(|| {
                    archive.terms.push(Term {
                        taxonomy: t,
                        path: format!("{}/{slug}/", config.taxonomies[t].key),
                        name: self
                            .titles
                            .get(&(t, slug.clone()))
                            .unwrap_or(&spelled)
                            .clone(),
                        slug,
                        spelling: spelled.clone(),
                        spelled_in: Some(index),
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
        let date = front.date.unwrap_or(self.publish.today);
        archive.years.entry(date.year()).or_default().push(index);
        archive.by_id.insert(id.clone(), index);
        let names = names::search_names(&archive.terms, &front.authors, &terms);
        archive.dispatches.push(Dispatch {
            id,
            file: file.file.clone(),
            title: front.title.clone(),
            series,
            number: front.number,
            date,
            date_iso: date.to_string(),
            updated: front.revision().0,
            date_time: front.date_time,
            updated_time: front.revision().1,
            summary: front.summary.clone(),
            authors: front.authors.clone(),
            names,
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
        self.sources.push((Slot::Dispatch(index), file, rendered));
    }

    /// Files a plain page or an entity file (after every dispatch: an
    /// entity file heads the term the dispatches made, if any).
    pub(super) fn page(&mut self, file: SourceFile, rendered: Arc<Rendered>) {
        let front = &file.front;
        let published = self.publish.includes(front.draft, front.date);
        let Some((path, is_entity)) = self.page_path(&file, published) else {
            return;
        };
        if !published {
            self.archive.reserved.push(Reserved {
                list: is_entity.then(|| format!("the term page /{path}")),
                path,
                aliases: front.aliases.clone(),
                file: file.file.clone(),
                keys: &[],
            });
            // Like an unpublished dispatch: a link to it says why it
            // cannot be followed, and its own links are checked.
            let why = Unpublished::why(front.draft, front.date, self.publish.today);
            self.check_front_matter(&file, Some(why));
            self.sources.push((Slot::Unpublished(why), file, rendered));
            return;
        }
        self.check_front_matter(&file, None);
        let archive = &mut self.archive;
        archive.pages.push(Page {
            file: file.file.clone(),
            content_path: file.content_path.clone(),
            title: front.title.clone(),
            summary: front.summary.clone(),
            date: front.date,
            updated: front.revision().0,
            authors: front.authors.clone(),
            language: front
                .language
                .clone()
                .unwrap_or_else(|| self.config.language.clone()),
            extra: front.extra.clone(),
            path,
            body: Body::default(),
            headings: rendered.headings.clone(),
            notes: rendered.notes,
            note_ids: rendered.note_ids.clone(),
            aliases: front.aliases.clone(),
            is_entity,
            links: rendered.links.clone(),
        });
        let page = archive.pages.len() - 1;
        self.sources.push((Slot::Page(page), file, rendered));
    }

    /// Where a page goes, and whether it is an entity file (which also
    /// makes it its term's page when published); `None` when its path is
    /// one of the site's own.
    fn page_path(&mut self, file: &SourceFile, published: bool) -> Option<(String, bool)> {
        let config = self.config;
        let front = &file.front;
        match &file.kind {
            // An unpublished entity file is no term's page (and makes no
            // term of its own): only links to it are checked.
            Kind::Entity { taxonomy, slug } if !published => {
                if let Some(t) = config.taxonomies.iter().position(|c| &c.key == taxonomy) {
                    let why = Unpublished::why(front.draft, front.date, self.publish.today);
                    let targets = &mut self.archive.targets;
                    targets.unpublished_entities.insert((t, slug.clone()), why);
                }
                Some((format!("{taxonomy}/{slug}/"), true))
            }
            Kind::Entity { taxonomy, slug } => {
                let t = config.taxonomies.iter().position(|c| &c.key == taxonomy);
                let term = self.entity_term(file, (t.unwrap_or_default(), taxonomy), slug);
                self.archive.terms[term].entity = Some(self.archive.pages.len());
                Some((format!("{taxonomy}/{slug}/"), true))
            }
            _ => {
                let stem = file.content_path.trim_end_matches(".md");
                let stem = stem.strip_suffix("/index").unwrap_or(stem);
                let first = stem.split('/').next().unwrap_or("");
                if crate::content::taken_by_the_site(config, first) {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "page path `{stem}/` is used by the site's own pages"
                        ))
                        .in_file(&file.file)
                        .with_help("move the page under content/pages/ or another folder"),
                    );
                    return None;
                }
                // Each part as its slug: a file named in a spelling that
                // folds (`σοφος.md`) is published where the slug says,
                // and two spellings of one name meet as one URL.
                let url: Vec<String> = stem.split('/').map(slugify).collect();
                Some((format!("{}/", url.join("/")), false))
            }
        }
    }

    /// The term a published entity file heads: the one the dispatches
    /// made, or else a term of its own, named by its title.
    fn entity_term(
        &mut self,
        file: &SourceFile,
        (t, taxonomy): (usize, &str),
        slug: &str,
    ) -> TermId {
        let key = (t, slug.to_string());
        if let Some(&term) = self.archive.targets.term_by_slug.get(&key) {
            return term;
        }
        // A file name a letter off a term's slug (`kaveh-darvan.md`),
        // whose title names that term (`iran.md` for a draft's Iran is no
        // slip for `iraq`).
        let titled = crate::collate::letters(&file.front.title);
        let near = crate::suggest::nearest(
            slug,
            self.archive
                .targets
                .term_by_slug
                .keys()
                .filter(|(tax, _)| *tax == t)
                .map(|(_, s)| s.as_str()),
        )
        .filter(|near| {
            let term = self
                .archive
                .targets
                .term_by_slug
                .get(&(t, near.to_string()));
            term.is_some_and(|&term| {
                crate::collate::letters(&self.archive.terms[term].name) == titled
            })
        });
        let help = match near {
            Some(near) => format!(
                "did you mean content/{taxonomy}/{near}.md, the text of the {taxonomy} term `{near}`? \
                 As it is named, this page is built as a term of its own"
            ),
            None => "the page is still built; check the spelling of the file name against the dispatches' front matter".to_string(),
        };
        self.diags.push(
            Diagnostic::warning(format!(
                "entity page for `{slug}`, but no published dispatch names this {taxonomy} term"
            ))
            .in_file(&file.file)
            .with_help(help),
        );
        let title = nfc(file.front.title.trim()).into_owned();
        let archive = &mut self.archive;
        archive.terms.push(Term {
            taxonomy: t,
            path: format!("{}/{slug}/", self.config.taxonomies[t].key),
            slug: slug.to_string(),
            name: title.clone(),
            spelling: title,
            spelled_in: None,
            dispatches: Vec::new(),
            entity: None,
            variants: Vec::new(),
        });
        let term = archive.terms.len() - 1;
        archive.targets.term_by_slug.insert(key, term);
        term
    }

    /// Holds the URL of each term that only unpublished dispatches name,
    /// and of each year only they fall in: it gets its page with the
    /// first of them.
    pub(super) fn reserve_unpublished_lists(&mut self) {
        for (year, file) in std::mem::take(&mut self.dating) {
            if !self.archive.years.contains_key(&year) {
                self.archive.reserved.push(Reserved {
                    path: format!("archive/{year}/"),
                    aliases: Vec::new(),
                    file,
                    keys: &[],
                    list: Some(format!("the chronology of {year}")),
                });
            }
        }
        let naming = std::mem::take(&mut self.naming);
        for ((t, slug), file) in naming {
            let key = (t, slug);
            if !key.1.is_empty() && !self.archive.targets.term_by_slug.contains_key(&key) {
                self.archive.reserved.push(Reserved {
                    path: format!("{}/{}/", self.config.taxonomies[t].key, key.1),
                    aliases: Vec::new(),
                    list: Some(format!(
                        "the term page /{}/{}/",
                        self.config.taxonomies[t].key, key.1
                    )),
                    file,
                    keys: &[],
                });
            }
        }
    }
}

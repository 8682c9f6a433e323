//! Resolving references and collecting backlinks.
//!
//! Each rendered body carries placeholders for its `@...` links. Here every
//! reference is looked up (a dispatch id, a taxonomy term, a content path),
//! its `#fragment` checked against the target's headings, and the
//! placeholder replaced by the URL. References between dispatches become
//! `cites` and `cited_by`, so the two are exact inverses by construction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::lookup::{Miss, lookup, unpublished_miss};
use super::{Archive, Body, DispatchId, TermId};
use crate::config::Config;
use crate::content::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics, Locator};
use crate::escape::escape;
use crate::markdown::{REF_MARK, Rendered};
use crate::slug::slugify;

/// Where a loaded document went.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    Dispatch(DispatchId),
    Page(usize),
    /// A draft or future-dated document: checked, not published.
    Unpublished(Unpublished),
}

/// Why a document is left out of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    Draft,
    /// Dated after the day of the build.
    Future(jiff::civil::Date),
}

impl Unpublished {
    /// Why a document with this `draft` and `date` is left out (when
    /// it is).
    pub fn why(draft: bool, date: Option<jiff::civil::Date>, today: jiff::civil::Date) -> Self {
        if draft {
            Unpublished::Draft
        } else {
            Unpublished::Future(date.unwrap_or(today))
        }
    }
}

/// What every reference may point at, kept in the archive so that the dev
/// server can resolve one edited document again without the others.
#[derive(Debug, Default, Clone)]
pub struct Targets {
    /// Path under `content/` -> where that file went.
    pub by_content: HashMap<String, Slot>,
    /// Folder under `content/` -> the paths of its files, sorted: the
    /// files a missing path's help offers are its siblings, found without
    /// looking through the whole archive for each broken reference.
    pub folders: HashMap<String, Vec<String>>,
    /// (series, the number its file is named with: `12` of
    /// `12-report.md`) -> its dispatches: a renumbered dispatch is found
    /// at once.
    pub by_file_number: HashMap<(usize, String), Vec<super::DispatchId>>,
    /// (taxonomy index, slug) -> term.
    pub term_by_slug: HashMap<(usize, String), TermId>,
    /// Ids of drafts and future-dated dispatches, which may not be cited.
    pub unpublished: HashMap<String, Unpublished>,
    /// Ids and content paths (`/pages/about.md`) of files that failed to
    /// load: a reference to one is not reported again, since the file's
    /// own errors already fail the build and say what to fix.
    pub failed: HashSet<String>,
    /// (taxonomy index, slug) of the terms that only unpublished
    /// dispatches name, so far: they have no page yet.
    pub unpublished_terms: HashSet<(usize, String)>,
    /// (taxonomy index, slug) of the entity files that are drafts or
    /// dated after today: their terms' headings are not published.
    pub unpublished_entities: HashMap<(usize, String), Unpublished>,
}

/// One document's references, resolved.
pub struct Resolution {
    /// The URL of each placeholder, in order.
    pub urls: Vec<String>,
    /// Dispatches referenced, with the sentence of each reference.
    pub cites: Vec<(DispatchId, String)>,
    pub diags: Vec<Diagnostic>,
}

/// Fills [`Targets::folders`] and [`Targets::by_file_number`], once.
fn index_names(archive: &mut Archive) {
    let mut folders: HashMap<String, Vec<String>> = HashMap::new();
    for key in archive.targets.by_content.keys() {
        let dir = key.rsplit_once('/').map_or("", |(d, _)| d);
        folders
            .entry(dir.to_string())
            .or_default()
            .push(key.clone());
    }
    for keys in folders.values_mut() {
        keys.sort_unstable();
    }
    let mut by_number: HashMap<(usize, String), Vec<DispatchId>> = HashMap::new();
    for (s, members) in archive.series_members.iter().enumerate() {
        for &d in members {
            let name = archive.dispatches[d].file.file_name();
            let name = name.map(|n| n.to_string_lossy());
            if let Some(n) = name.as_deref().and_then(super::lookup::name_number) {
                by_number.entry((s, n.to_string())).or_default().push(d);
            }
        }
    }
    archive.targets.folders = folders;
    archive.targets.by_file_number = by_number;
}

/// Resolves every loaded document's references against the archive.
pub fn resolve(
    config: &Config,
    archive: &mut Archive,
    sources: Vec<(Slot, SourceFile, Arc<Rendered>)>,
    diags: &mut Diagnostics,
) {
    // Two files whose names differ only in Unicode form (warned about when
    // content is listed) have one key: the one spelled in NFC, as
    // references are read, is the one they lead to.
    let mut by_content = HashMap::with_capacity(sources.len());
    for (slot, f, _) in &sources {
        let spelled_nfc = f
            .file
            .to_str()
            .is_some_and(|raw| raw.ends_with(&f.content_path));
        if spelled_nfc || !by_content.contains_key(&f.content_path) {
            by_content.insert(f.content_path.clone(), *slot);
        }
    }
    archive.targets.by_content = by_content;
    index_names(archive);
    let shared = &*archive;
    let resolved: Vec<(Slot, Resolution, Arc<Rendered>)> = sources
        .into_par_iter()
        .map(|(slot, file, rendered)| {
            let published = !matches!(slot, Slot::Unpublished(_));
            let mut r = resolve_one(config, shared, &file, &rendered, published);
            r.diags.extend(rendered.diagnostics.iter().cloned());
            (slot, r, rendered)
        })
        .collect();
    for (slot, r, rendered) in resolved {
        diags.extend(r.diags);
        match slot {
            Slot::Dispatch(d) => {
                set_cites(archive, d, r.cites);
                archive.dispatches[d].urls = r.urls;
            }
            // Pages are few: their bodies are kept, resolved.
            Slot::Page(p) => {
                archive.pages[p].body = Body {
                    html: fill(&rendered.html, &r.urls),
                    footnotes: fill(&rendered.footnotes, &r.urls),
                    text: rendered.text.clone(),
                }
            }
            Slot::Unpublished(_) => {}
        }
    }
}

/// Makes `cites` what dispatch `d` references, updating the `cited_by` of
/// the dispatches it cited before and cites now (kept in citer order, the
/// first sentence per citer). Returns those dispatches.
pub fn set_cites(
    archive: &mut Archive,
    d: DispatchId,
    mut cites: Vec<(DispatchId, String)>,
) -> Vec<DispatchId> {
    let old = std::mem::take(&mut archive.dispatches[d].cites);
    for &t in &old {
        archive.dispatches[t].cited_by.retain(|(s, _)| *s != d);
    }
    cites.retain(|(t, _)| *t != d);
    let mut ids = Vec::with_capacity(cites.len());
    for (t, sentence) in cites {
        let cited_by = &mut archive.dispatches[t].cited_by;
        if let Err(at) = cited_by.binary_search_by_key(&d, |(s, _)| *s) {
            cited_by.insert(at, (d, sentence));
            ids.push(t);
        }
    }
    ids.sort_by(|&a, &b| archive.dispatches[a].id.cmp(&archive.dispatches[b].id));
    let mut touched = old;
    touched.extend(&ids);
    archive.dispatches[d].cites = ids;
    touched.sort_unstable();
    touched.dedup();
    touched
}

/// Resolves the references of one document. An unpublished one (a draft,
/// or dated after today) may cite others that are not published either:
/// they may well come out together.
pub fn resolve_one(
    config: &Config,
    archive: &Archive,
    file: &SourceFile,
    rendered: &Rendered,
    published: bool,
) -> Resolution {
    let mut out = Resolution {
        urls: Vec::with_capacity(rendered.refs.len()),
        cites: Vec::new(),
        diags: Vec::new(),
    };
    // One file's references are located by one locator, read on from the
    // last: a page of thousands of broken references is read once.
    let source = std::cell::OnceCell::new();
    let mut locator = None;
    for r in &rendered.refs {
        // Compared in NFC, as names are (see `slug`).
        let whole = crate::slug::nfc(&r.dest);
        let (dest, fragment) = match whole.split_once('#') {
            Some((d, f)) => (d, Some(f)),
            None => (&*whole, None),
        };
        // A content path is decoded as a URL is (and as an alias is):
        // `%20` is what editors write for a space, and `%23` is the only
        // way to name a file with `#`, which starts the fragment.
        let decoded = match dest.strip_prefix('/') {
            Some(_) => percent_encoding::percent_decode_str(dest).decode_utf8_lossy(),
            None => std::borrow::Cow::Borrowed(dest),
        };
        let dest = &*decoded;
        let mut error = |message: String, help: String| {
            let source = source.get_or_init(|| file.full_source(&config.root));
            let locator = locator.get_or_insert_with(|| Locator::new(source));
            Diagnostic::error(message)
                .in_file(&file.file)
                .at_span_with(source, r.span.clone(), locator)
                .with_help(help)
        };
        let target = match lookup(config, archive, dest) {
            Ok(t) => t,
            Err(Miss {
                why,
                help,
                unpublished,
                offered,
            }) => {
                if !archive.targets.failed.contains(dest) && (published || !unpublished) {
                    // The reference offered keeps the fragment written, or
                    // the heading of the offered document it likely means.
                    let help = match (fragment, offered) {
                        // Every reference offered (a path, and its id).
                        (Some(f), Some(offered)) if help.starts_with("did you mean `@") => {
                            match offered.find(f) {
                                Some(anchor) => help.replace("`?", &format!("#{anchor}`?")),
                                None => format!("{help} (it has no `#{f}`)"),
                            }
                        }
                        // Offered without its places (an unpublished file):
                        // the fragment is kept as written, and said to be so.
                        (Some(f), None) if help.starts_with("did you mean `@") => format!(
                            "{} (`#{f}` is not checked)",
                            help.replace("`?", &format!("#{f}`?"))
                        ),
                        _ => help,
                    };
                    out.diags.push(error(
                        format!("broken reference `@{}`: {why}", r.dest),
                        help,
                    ));
                }
                out.urls.push(String::from("#"));
                continue;
            }
        };
        if let Some(d) = target.dispatch.filter(|_| r.shown) {
            out.cites.push((d, r.sentence.clone()));
        }
        let mut url = format!("{}{}", config.base_path, target.path);
        if let Some(fragment) = fragment {
            let is_note = fragment
                .strip_prefix("fn-")
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| (1..=target.notes).contains(&n))
                || target.note_ids.iter().any(|id| id == fragment);
            // A heading's id as written, or a spelling that folds to it.
            let heading = target
                .headings
                .iter()
                .find(|h| h.id == fragment)
                .or_else(|| {
                    let folded = crate::slug::names_slug(fragment).then(|| slugify(fragment))?;
                    target.headings.iter().find(|h| h.id == folded)
                });
            // The heading meant: one that differs only by case
            // (`#DAY-ONE`), or a slip away.
            let near_heading = heading.is_none().then(|| {
                let lower = fragment.to_lowercase();
                let ids = || target.headings.iter().map(|h| h.id.as_str());
                ids()
                    .find(|id| id.to_lowercase() == lower)
                    .or_else(|| crate::diagnostic::nearest(fragment, ids()))
            });
            let near_heading = near_heading.flatten();
            // A target whose file failed to load has its own errors said;
            // its headings and notes are unknown.
            if !archive.targets.failed.contains(dest) {
                if let (false, None, Some(why)) = (is_note, heading, target.unpublished_text) {
                    // Its headings and notes are in an unpublished entity
                    // file; as for any unpublished target, an unpublished
                    // document may link to it.
                    if published {
                        let text = format!(
                            "the entity file of `{dest}`, which has its headings and notes,"
                        );
                        let Miss { why, help, .. } = unpublished_miss(&text, why);
                        out.diags.push(error(
                            format!("broken reference `@{}`: {why}", r.dest),
                            help,
                        ));
                    }
                } else if fragment.starts_with("fn-")
                    && !is_note
                    && heading.is_none()
                    && near_heading.is_none()
                {
                    // (A heading may have an id starting `fn-`: `## Fn 1`
                    // is `#fn-1-2` beside note 1, `{#fn-method}` its own.)
                    out.diags.push(error(
                        format!(
                            "broken reference `@{}`: `{dest}` has no note `#{fragment}`",
                            r.dest
                        ),
                        {
                            let mut help = match target.notes {
                                0 => format!("`{dest}` has no notes"),
                                1 => "it has one note: #fn-1".to_string(),
                                n => format!("its notes are #fn-1 to #fn-{n}"),
                            };
                            let ids = || target.note_ids.iter().map(String::as_str);
                            let lower = fragment.to_lowercase();
                            // (A note's number out of range means a note
                            // by number: no label is near it.)
                            let by_number = fragment
                                .strip_prefix("fn-")
                                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
                            let near = ids().find(|id| *id == lower).or_else(|| {
                                (!by_number)
                                    .then(|| crate::diagnostic::nearest(fragment, ids()))
                                    .flatten()
                            });
                            if let Some(id) = near {
                                help = format!("did you mean #{id}? {help}");
                            } else if let Some(id) = target.note_ids.first() {
                                help.push_str(&format!(
                                    ", or by label, as #{id} (which stays with its note when notes are added before it)"
                                ));
                            }
                            help
                        },
                    ));
                } else if !is_note && heading.is_none() {
                    let known: Vec<&str> = target
                        .headings
                        .iter()
                        .take(12)
                        .map(|h| h.id.as_str())
                        .collect();
                    out.diags.push(error(
                        format!(
                            "broken reference `@{}`: `{dest}` has no heading `#{fragment}`",
                            r.dest
                        ),
                        match near_heading {
                            Some(near) => format!("did you mean `#{near}`?"),
                            None if known.is_empty() => {
                                format!("`{dest}` has no headings; link to it without a fragment")
                            }
                            None => format!("its heading ids are: {}", known.join(", ")),
                        },
                    ));
                }
            }
            url.push('#');
            url.push_str(heading.map_or(fragment, |h| h.id.as_str()));
        }
        out.urls.push(escape(&url));
    }
    // A reference a shortcode's template writes twice (a `post`'s `url`
    // is its `cite` and its link) is one the editor wrote once.
    let mut said = std::collections::HashSet::new();
    out.diags
        .retain(|d| said.insert((d.line, d.column, d.message.clone())));
    out
}

/// Replaces the placeholders `\u{1A}N\u{1A}` with `urls[N]`.
pub fn fill(html: &str, urls: &[String]) -> String {
    if urls.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + urls.len() * 32);
    let mut parts = html.split(REF_MARK);
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    while let (Some(index), Some(rest)) = (parts.next(), parts.next()) {
        let url = index.parse::<usize>().ok().and_then(|i| urls.get(i));
        out.push_str(url.map_or("#", String::as_str));
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fill, set_cites};
    use crate::archive::{Archive, Dispatch};

    fn dispatch(id: &str) -> Dispatch {
        let date = jiff::civil::date(2020, 1, 1);
        Dispatch {
            id: id.to_string(),
            file: format!("{id}.md").into(),
            title: id.to_uppercase(),
            series: None,
            number: None,
            date,
            date_iso: date.to_string(),
            updated: None,
            date_time: None,
            updated_time: None,
            summary: String::new(),
            authors: Vec::new(),
            names: String::new(),
            language: "en".to_string(),
            draft: false,
            aliases: Vec::new(),
            extra: serde_json::Value::Null,
            terms: Vec::new(),
            path: format!("dispatches/{id}/"),
            rendered: Default::default(),
            urls: Vec::new(),
            source_hash: 0,
            cites: Vec::new(),
            cited_by: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
        }
    }

    fn cited_by(archive: &Archive, d: usize) -> Vec<(usize, &str)> {
        archive.dispatches[d]
            .cited_by
            .iter()
            .map(|(s, t)| (*s, t.as_str()))
            .collect()
    }

    #[test]
    fn set_cites_keeps_cited_by_the_exact_inverse() {
        let mut archive = Archive {
            dispatches: ["a", "b", "c", "d"].map(dispatch).into(),
            ..Archive::default()
        };
        let s = |t: &str| t.to_string();
        // d and b cite a (out of order), d cites c twice and itself.
        set_cites(
            &mut archive,
            3,
            vec![
                (0, s("d on a")),
                (2, s("first")),
                (2, s("second")),
                (3, s("self")),
            ],
        );
        set_cites(&mut archive, 1, vec![(0, s("b on a"))]);
        assert_eq!(cited_by(&archive, 0), [(1, "b on a"), (3, "d on a")]);
        assert_eq!(cited_by(&archive, 2), [(3, "first")]);
        assert!(cited_by(&archive, 3).is_empty());
        assert_eq!(archive.dispatches[3].cites, [0, 2]);

        // Editing d: it drops a, keeps c with a new sentence, adds b.
        let touched = set_cites(&mut archive, 3, vec![(2, s("again")), (1, s("d on b"))]);
        assert_eq!(touched, [0, 1, 2]);
        assert_eq!(cited_by(&archive, 0), [(1, "b on a")]);
        assert_eq!(cited_by(&archive, 1), [(3, "d on b")]);
        assert_eq!(cited_by(&archive, 2), [(3, "again")]);
        assert_eq!(archive.dispatches[3].cites, [1, 2]);
        for (t, target) in archive.dispatches.iter().enumerate() {
            for &(citer, _) in &target.cited_by {
                assert!(archive.dispatches[citer].cites.contains(&t));
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let html = "<a href=\"\u{1A}0\u{1A}\">a</a> <a href=\"\u{1A}1\u{1A}\">b</a>";
        assert_eq!(
            fill(html, &["/x/".into(), "/y/#z".into()]),
            "<a href=\"/x/\">a</a> <a href=\"/y/#z\">b</a>"
        );
    }
}

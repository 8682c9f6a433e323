//! The dev server's fast path: edits that leave the archive graph's shape.
//!
//! Most saves change a dispatch's text, or its title or summary. Then
//! nothing that orders or groups documents moves: ids, dates, series,
//! numbers, terms, aliases and headings stay as they are. So instead of
//! rebuilding the archive graph (hundreds of milliseconds at 10k
//! dispatches), the edited file is rendered, its references resolved
//! against the archive in place and its `cites` swapped, which changes the
//! Cited-by of exactly the dispatches it cited before or cites now; a new
//! title or summary changes its card wherever it is listed. Any other
//! change (the graph's fields, headings, a new, removed or broken file)
//! returns `None` and takes the full path, which also reports errors.

use std::path::PathBuf;
use std::sync::Arc;

use crate::archive::{DispatchId, resolve_one, search_names, set_cites};
use crate::build::{self, Cache, Loaded};
use crate::content::{self, Kind, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::markdown::Rendered;
use crate::render::Edits;
use crate::render::bodies::Bodies;

/// What a patch changed.
#[derive(Debug, Default)]
pub struct Patched {
    pub edits: Edits,
    /// The edited files' warnings now.
    pub warnings: Vec<Diagnostic>,
    /// Their warnings before the edit, which these replace.
    pub replaced: Vec<Diagnostic>,
    /// The dispatches edited (not those whose "Cited by" changed).
    pub edited: Vec<DispatchId>,
}

/// Whether two dispatches' front matter differ only in what their cards
/// show (title, summary, dates of update, authors, extra fields).
fn same_shape(a: &FrontMatter, b: &FrontMatter) -> bool {
    (
        &a.id,
        &a.series,
        a.number,
        a.date,
        a.date_time,
        &a.language,
        a.draft,
        &a.aliases,
        &a.terms,
    ) == (
        &b.id,
        &b.series,
        b.number,
        b.date,
        b.date_time,
        &b.language,
        b.draft,
        &b.aliases,
        &b.terms,
    )
}

/// One edited file, checked and ready to apply.
struct Edit {
    dispatch: DispatchId,
    path: PathBuf,
    stamp: build::Stamp,
    file: SourceFile,
    rendered: Rendered,
    urls: Vec<String>,
    cites: Vec<(DispatchId, String)>,
}

/// Applies the edits of `paths` to `loaded` and `cache`; `None` (and
/// nothing changed) when any of them changes the graph's shape.
pub fn edits(loaded: &mut Loaded, cache: &mut Cache, paths: &[PathBuf]) -> Option<Patched> {
    let mut paths = paths.to_vec();
    paths.sort();
    paths.dedup();
    let bodies = Bodies::new(&loaded.config, &loaded.templates, &loaded.highlighter);
    let mut edits = Vec::with_capacity(paths.len());
    let mut warnings = Vec::new();
    let mut replaced = Vec::new();
    for path in paths {
        let (old, old_rendered) = cache.get(&path)?;
        if old.kind != Kind::Dispatch {
            return None;
        }
        replaced.extend(old_rendered.diagnostics.iter().cloned());
        replaced.extend(content::file_warnings(&loaded.config, old));
        let stamp = build::stamp(&path);
        let rel = content::relative(&loaded.config.root, &path);
        let file = content::load_one(&loaded.config, &path, rel).ok()?;
        if file.kind != Kind::Dispatch || !same_shape(&file.front, &old.front) {
            return None;
        }
        let &dispatch = loaded.archive.by_id.get(file.front.id.as_deref()?)?;
        if loaded.archive.dispatches[dispatch].file != file.file {
            return None;
        }
        let rendered = bodies.render(&file);
        // Other documents' `#fragment` links were checked against these.
        if rendered.headings != old_rendered.headings {
            return None;
        }
        let resolution = resolve_one(&loaded.config, &loaded.archive, &file, &rendered, true);
        if !resolution.diags.is_empty() || rendered.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        warnings.extend(rendered.diagnostics.iter().cloned());
        warnings.extend(content::file_warnings(&loaded.config, &file));
        edits.push(Edit {
            dispatch,
            path,
            stamp,
            file,
            rendered,
            urls: resolution.urls,
            cites: resolution.cites,
        });
    }

    let mut patched = Patched {
        warnings,
        replaced,
        ..Patched::default()
    };
    let changes = &mut patched.edits;
    let archive = &mut loaded.archive;
    for edit in edits {
        let d = edit.dispatch;
        patched.edited.push(d);
        let before = archive.dispatches[d].cites.clone();
        let touched = set_cites(archive, d, edit.cites);
        changes.cites_changed |= archive.dispatches[d].cites != before;
        let rendered = Arc::new(edit.rendered);
        let dispatch = &mut archive.dispatches[d];
        let front = &edit.file.front;
        let (updated, updated_time) = front.revision();
        if (
            &dispatch.title,
            &dispatch.summary,
            dispatch.updated,
            dispatch.updated_time,
            &dispatch.authors,
            &dispatch.extra,
        ) != (
            &front.title,
            &front.summary,
            updated,
            updated_time,
            &front.authors,
            &front.extra,
        ) {
            dispatch.title = front.title.clone();
            dispatch.summary = front.summary.clone();
            dispatch.updated = updated;
            dispatch.updated_time = updated_time;
            dispatch.authors = front.authors.clone();
            // Search finds a dispatch by its authors too.
            dispatch.names = search_names(&archive.terms, &dispatch.authors, &dispatch.terms);
            dispatch.extra = front.extra.clone();
            changes.cards.push(d);
        }
        dispatch.rendered = Arc::clone(&rendered);
        dispatch.urls = edit.urls;
        dispatch.source_hash = edit.file.hash;
        cache.put(edit.path, edit.stamp, edit.file, rendered);
        changes.pages.push(d);
        changes.pages.extend(touched);
    }
    changes.pages.sort_unstable();
    changes.pages.dedup();
    changes.cards.sort_unstable();
    Some(patched)
}

//! The dev server's fast path: an edit to the body of published dispatches.
//!
//! Most saves change only a dispatch's text. Then nothing that crosses
//! documents moves except its references: series, terms, dates, titles,
//! related dispatches and headings stay as they are. So instead of
//! rebuilding the archive graph (hundreds of milliseconds at 10k
//! dispatches), the edited file is rendered, its references resolved
//! against the archive in place and its `cites` swapped, which changes the
//! Cited-by of exactly the dispatches it cited before or cites now. Any
//! other change (front matter, headings, a new, removed or broken file)
//! returns `None` and takes the full path, which also reports errors.

use std::path::PathBuf;
use std::sync::Arc;

use crate::archive::{DispatchId, resolve_one, set_cites};
use crate::build::{self, Cache, Loaded};
use crate::content::{self, Kind, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::render::bodies::Bodies;

/// What a patch changed.
#[derive(Debug, Default)]
pub struct Patched {
    /// Dispatches whose pages may differ: the edited ones and those whose
    /// Cited-by changed.
    pub dispatches: Vec<DispatchId>,
    /// Whether any `cites` list changed (`archive.json` shows them).
    pub cites_changed: bool,
    pub warnings: Vec<Diagnostic>,
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

/// Applies body-only edits of `paths` to `loaded` and `cache`; `None`
/// (and nothing changed) when any of them is more than that.
pub fn body_edits(loaded: &mut Loaded, cache: &mut Cache, paths: &[PathBuf]) -> Option<Patched> {
    let mut paths = paths.to_vec();
    paths.sort();
    paths.dedup();
    let bodies = Bodies::new(&loaded.config, &loaded.templates, &loaded.highlighter);
    let mut edits = Vec::with_capacity(paths.len());
    let mut warnings = Vec::new();
    for path in paths {
        let (old, old_rendered) = cache.get(&path)?;
        if old.kind != Kind::Dispatch {
            return None;
        }
        let stamp = build::stamp(&path);
        let rel = content::relative(&loaded.config.root, &path);
        let file = content::load_one(&loaded.config, &path, rel).ok()?;
        if file.kind != Kind::Dispatch || file.front != old.front {
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
        let resolution = resolve_one(&loaded.config, &loaded.archive, &file, &rendered);
        if !resolution.diags.is_empty() || rendered.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        warnings.extend(rendered.diagnostics.iter().cloned());
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
        ..Patched::default()
    };
    let archive = &mut loaded.archive;
    for edit in edits {
        let d = edit.dispatch;
        let before = archive.dispatches[d].cites.clone();
        let touched = set_cites(archive, d, edit.cites);
        patched.cites_changed |= archive.dispatches[d].cites != before;
        let rendered = Arc::new(edit.rendered);
        let dispatch = &mut archive.dispatches[d];
        dispatch.rendered = Arc::clone(&rendered);
        dispatch.urls = edit.urls;
        dispatch.source_hash = edit.file.hash;
        cache.put(edit.path, edit.stamp, edit.file, rendered);
        patched.dispatches.push(d);
        patched.dispatches.extend(touched);
    }
    patched.dispatches.sort_unstable();
    patched.dispatches.dedup();
    Some(patched)
}

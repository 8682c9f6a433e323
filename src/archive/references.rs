//! Resolving references and collecting backlinks.
//!
//! Each rendered body carries placeholders for its `@...` links. Here every
//! reference is looked up (a dispatch id, a taxonomy term, a content path),
//! its `#fragment` checked against the target's headings, and the
//! placeholder replaced by the URL. References between dispatches become
//! `cites` and `cited_by`, so the two are exact inverses by construction.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Archive, Body, DispatchId};
use crate::config::Config;
use crate::content::SourceFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{Heading, REF_MARK, Rendered, highlight::escape};
use crate::slug::slugify;

/// Where a loaded document went.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    Dispatch(DispatchId),
    Page(usize),
    /// A draft or future-dated dispatch: checked, not published.
    Unpublished,
}

/// What a reference points at.
#[derive(Clone, Copy)]
enum Target<'a> {
    Dispatch(DispatchId),
    Other {
        path: &'a str,
        headings: &'a [Heading],
    },
}

struct Resolved {
    slot: Slot,
    urls: Vec<String>,
    rendered: Arc<Rendered>,
    cites: Vec<(DispatchId, String)>,
    diags: Vec<Diagnostic>,
}

pub fn resolve(
    config: &Config,
    archive: &mut Archive,
    sources: Vec<(Slot, SourceFile, Arc<Rendered>)>,
    unpublished: &HashMap<String, PathBuf>,
    diags: &mut Diagnostics,
) {
    // Headings of every target first: a reference may point forward.
    let headings: Vec<Vec<Heading>> = sources.iter().map(|(_, _, r)| r.headings.clone()).collect();
    let paths: Vec<String> = sources
        .iter()
        .map(|(slot, _, _)| match *slot {
            Slot::Dispatch(d) => archive.dispatches[d].path.clone(),
            Slot::Page(p) => archive.pages[p].path.clone(),
            Slot::Unpublished => String::new(),
        })
        .collect();
    let slots: Vec<Slot> = sources.iter().map(|(slot, _, _)| *slot).collect();
    let content_paths: Vec<String> = sources
        .iter()
        .map(|(_, f, _)| f.content_path.clone())
        .collect();
    let by_content: HashMap<&str, usize> = content_paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut by_dispatch: HashMap<DispatchId, usize> = HashMap::new();
    let mut entity_source: HashMap<usize, usize> = HashMap::new();
    for (i, slot) in slots.iter().enumerate() {
        match *slot {
            Slot::Dispatch(d) => by_dispatch.insert(d, i),
            Slot::Page(p) => entity_source.insert(p, i),
            Slot::Unpublished => None,
        };
    }
    let term_paths: Vec<String> = (0..archive.terms.len())
        .map(|t| archive.term_path(config, t))
        .collect();
    let term_by_slug: HashMap<(&str, &str), usize> = archive
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                (config.taxonomies[t.taxonomy].key.as_str(), t.slug.as_str()),
                i,
            )
        })
        .collect();
    let no_headings: Vec<Heading> = Vec::new();
    let lookup = |dest: &str| -> Result<Target<'_>, (String, String)> {
        if let Some(path) = dest.strip_prefix('/') {
            let i = *by_content.get(path).ok_or_else(|| {
                (
                    format!("no content file `{path}`"),
                    "write the path relative to content/, e.g. `@/pages/about.md`".to_string(),
                )
            })?;
            return match slots[i] {
                Slot::Dispatch(d) => Ok(Target::Dispatch(d)),
                Slot::Page(_) => Ok(Target::Other {
                    path: &paths[i],
                    headings: &headings[i],
                }),
                Slot::Unpublished => Err(unpublished_error(dest)),
            };
        }
        if let Some((taxonomy, slug)) = dest.split_once('/') {
            if config.taxonomy(taxonomy).is_none() {
                let known: Vec<&str> = config.taxonomies.iter().map(|t| t.key.as_str()).collect();
                return Err((
                    format!("no taxonomy `{taxonomy}`"),
                    format!("configured taxonomies: {}", known.join(", ")),
                ));
            }
            let t = *term_by_slug.get(&(taxonomy, slug)).ok_or_else(|| {
                (
                    format!("no {taxonomy} term with slug `{slug}`"),
                    format!(
                        "the slug is the name slugified (`{}`), and a published dispatch must name the term",
                        slugify(slug)
                    ),
                )
            })?;
            let term = &archive.terms[t];
            let h = term
                .entity
                .and_then(|p| entity_source.get(&p))
                .map_or(&no_headings, |&i| &headings[i]);
            return Ok(Target::Other {
                path: &term_paths[t],
                headings: h,
            });
        }
        match archive.by_id.get(dest) {
            Some(&d) => Ok(Target::Dispatch(d)),
            None if unpublished.contains_key(dest) => Err(unpublished_error(dest)),
            None => Err((
                format!("no dispatch has id `{dest}`"),
                "ids are a series prefix and number (`sd-8631`) or a dispatch's own `id`"
                    .to_string(),
            )),
        }
    };

    let resolved: Vec<Resolved> = sources
        .into_par_iter()
        .map(|(slot, file, rendered)| {
            let mut diags = Vec::new();
            let mut urls = Vec::with_capacity(rendered.refs.len());
            let mut cites = Vec::new();
            for r in &rendered.refs {
                let (dest, fragment) = match r.dest.split_once('#') {
                    Some((d, f)) => (d, Some(f)),
                    None => (r.dest.as_str(), None),
                };
                let error = |message: String, help: String| {
                    Diagnostic::error(message)
                        .in_file(&file.file)
                        .at_span(&file.full_source(&config.root), r.span.clone())
                        .with_help(help)
                };
                let target = match lookup(dest) {
                    Ok(t) => t,
                    Err((why, help)) => {
                        diags.push(error(
                            format!("broken reference `@{}`: {why}", r.dest),
                            help,
                        ));
                        urls.push(String::from("#"));
                        continue;
                    }
                };
                let (path, target_headings) = match target {
                    Target::Dispatch(d) => {
                        cites.push((d, r.sentence.clone()));
                        let i = by_dispatch[&d];
                        (paths[i].as_str(), headings[i].as_slice())
                    }
                    Target::Other { path, headings } => (path, headings),
                };
                let mut url = format!("{}{path}", config.base_path);
                if let Some(fragment) = fragment {
                    let is_note = fragment
                        .strip_prefix("fn-")
                        .is_some_and(|n| n.parse::<u32>().is_ok());
                    if !is_note && !target_headings.iter().any(|h| h.id == fragment) {
                        let known: Vec<&str> = target_headings
                            .iter()
                            .take(12)
                            .map(|h| h.id.as_str())
                            .collect();
                        diags.push(error(
                            format!(
                                "broken reference `@{}`: `{dest}` has no heading `#{fragment}`",
                                r.dest
                            ),
                            if known.is_empty() {
                                format!("`{dest}` has no headings; link to it without a fragment")
                            } else {
                                format!("its heading ids are: {}", known.join(", "))
                            },
                        ));
                    }
                    url.push('#');
                    url.push_str(fragment);
                }
                urls.push(escape(&url));
            }
            diags.extend(rendered.diagnostics.iter().cloned());
            Resolved {
                slot,
                urls,
                rendered,
                cites,
                diags,
            }
        })
        .collect();

    for r in resolved {
        diags.extend(r.diags);
        match r.slot {
            Slot::Dispatch(d) => {
                let mut cites = r.cites;
                cites.retain(|(t, _)| *t != d);
                for (t, sentence) in &cites {
                    let cited = &mut archive.dispatches[*t].cited_by;
                    if !cited.iter().any(|(s, _)| *s == d) {
                        cited.push((d, sentence.clone()));
                    }
                }
                let mut ids: Vec<DispatchId> = cites.into_iter().map(|(t, _)| t).collect();
                ids.sort_by(|&a, &b| archive.dispatches[a].id.cmp(&archive.dispatches[b].id));
                ids.dedup();
                archive.dispatches[d].cites = ids;
                archive.dispatches[d].urls = r.urls;
            }
            // Pages are few: their bodies are kept, resolved.
            Slot::Page(p) => {
                archive.pages[p].body = Body {
                    html: fill(&r.rendered.html, &r.urls),
                    footnotes: fill(&r.rendered.footnotes, &r.urls),
                    text: r.rendered.text.clone(),
                }
            }
            Slot::Unpublished => {}
        }
    }
    for d in &mut archive.dispatches {
        d.cited_by.sort_by_key(|(s, _)| *s);
    }
}

fn unpublished_error(dest: &str) -> (String, String) {
    (
        format!("`{dest}` is a draft or dated in the future, so it is not published"),
        "publish it first or remove the link (`--drafts` previews drafts)".to_string(),
    )
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
    use super::fill;

    #[test]
    fn placeholders_are_filled() {
        let html = "<a href=\"\u{1A}0\u{1A}\">a</a> <a href=\"\u{1A}1\u{1A}\">b</a>";
        assert_eq!(
            fill(html, &["/x/".into(), "/y/#z".into()]),
            "<a href=\"/x/\">a</a> <a href=\"/y/#z\">b</a>"
        );
    }
}

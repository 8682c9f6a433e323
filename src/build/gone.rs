//! The pages of the last build that a build no longer writes: a reader
//! who kept one of their addresses gets the 404 page, so a build says so
//! (an alias keeps a moved page working).

use std::collections::HashSet;

use crate::archive::Archive;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The warning for the pages of the last build (`before`) that this one
/// (`after`) no longer has: a reader who kept one of their addresses now
/// gets the 404 page.
pub(super) fn pages_gone(
    config: &Config,
    archive: &Archive,
    before: HashSet<String>,
    after: &HashSet<String>,
) -> Option<Diagnostic> {
    let mut gone: Vec<String> = before.into_iter().filter(|p| !after.contains(p)).collect();
    if gone.is_empty() {
        return None;
    }
    // A draft's or future dispatch's page: withdrawn, or written by a
    // `--drafts` preview and never public. The manifest does not say
    // which: both are said.
    let unpublished: Vec<&str> = archive
        .reserved
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| gone.iter().any(|g| g == p))
        .collect();
    // Dispatches first: they are what readers cite.
    let dispatch = |p: &str| {
        let first = p.split('/').next().unwrap_or_default();
        first == "dispatches" || config.series(first).is_some()
    };
    gone.sort_unstable_by(|a, b| {
        dispatch(b)
            .cmp(&dispatch(a))
            .then_with(|| crate::slug::natural_cmp(a, b))
    });
    const SHOWN: usize = 10;
    let shown: Vec<String> = gone
        .iter()
        .take(SHOWN)
        .map(|p| format!("{}{p}", config.base_path))
        .collect();
    let more = match gone.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (count, are) = match gone.len() {
        1 => ("1 page".to_string(), "is"),
        n => (format!("{n} pages"), "are"),
    };
    // A year's page, or a list's later page, goes with its last dispatch,
    // and no page takes its address. (A term's page can be kept: by the
    // entity file of the term it became.)
    let list = |p: &str| {
        let first = p.split('/').next().unwrap_or_default();
        first == "archive" || p.contains("/page/")
    };
    // An alias is written from the site's root, under its path already;
    // not at a draft's own address.
    let moved = gone
        .iter()
        .find(|p| !list(p) && !unpublished.contains(&p.as_str()));
    let advice = match moved {
        Some(p) => format!(
            "if one moved, keep it working with `aliases: [/{p}]` in the front matter of the page it moved to (for a term's page, the entity file of the term it became)"
        ),
        None if gone.len() == 1 && unpublished.is_empty() => "it is a list (a year's, or a list's later page) that no dispatch is in now; a host's redirect can send its readers on".to_string(),
        None if unpublished.is_empty() => "they are lists (years, or lists' later pages) that no dispatch is in now; a host's redirect can send their readers on".to_string(),
        // (Drafts' pages, said below.)
        None => String::new(),
    };
    let advice = if advice.is_empty() {
        advice
    } else {
        format!("; {advice}")
    };
    Some(
        Diagnostic::warning(format!(
            "{count} of the last build {are} gone: {}{more}",
            shown.join(", ")
        ))
        .with_help(format!(
            "a reader who kept one of these addresses now gets the 404 page{advice}{}",
            match unpublished.as_slice() {
                [] => String::new(),
                [p] => format!(
                    ". {}{p} is the page of a draft or of a dispatch dated after today, or of a list only such dispatches are in: withdrawn, or never public if the last build was a `--drafts` preview",
                    config.base_path,
                ),
                [p, rest @ ..] => format!(
                    ". {}{p} and {} more are pages of drafts or of dispatches dated after today, or of lists only such dispatches are in: withdrawn, or never public if the last build was a `--drafts` preview",
                    config.base_path,
                    rest.len()
                ),
            }
        )),
    )
}

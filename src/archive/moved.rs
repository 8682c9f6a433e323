//! Where an old address leads: a reference to a dispatch or term that is
//! gone (renumbered, moved to another series, merged, renamed) is told
//! the dispatch, page or term that now keeps its address as an alias.

use super::{Archive, lookup};
use crate::config::Config;
use crate::output::alias_path;

/// The help for `@dest`, an id no dispatch has, when its address is
/// another dispatch's or a page's alias.
pub(super) fn dispatch_help(config: &Config, archive: &Archive, dest: &str) -> Option<String> {
    let path = match lookup::series_and_digits(config, dest) {
        Some((s, digits)) => format!("{}/{}/", config.series[s].key, digits.parse::<u64>().ok()?),
        None => format!("dispatches/{dest}/"),
    };
    let file = format!("{path}index.html");
    let kept = |aliases: &[String]| {
        aliases
            .iter()
            .any(|a| alias_path(a).as_deref() == Some(&file))
    };
    if let Some(d) = archive.dispatches.iter().find(|d| kept(&d.aliases)) {
        return Some(format!(
            "its address, /{path}, now leads to `{}` ({}, which keeps it as an alias): write `@{}`",
            d.id,
            d.file.display(),
            d.id
        ));
    }
    let page = archive.pages.iter().find(|p| kept(&p.aliases))?;
    Some(format!(
        "its address, /{path}, now leads to the page {}, which keeps it as an alias: write `@/{}`, or take the reference out",
        page.file.display(),
        page.content_path
    ))
}

/// The help for `@taxonomy/slug`, a slug no term of taxonomy `t` has,
/// when its address is the alias of another term's entity file.
pub(super) fn term_help(
    config: &Config,
    archive: &Archive,
    t: usize,
    slug: &str,
) -> Option<String> {
    let key = &config.taxonomies.get(t)?.key;
    let file = format!("{key}/{slug}/index.html");
    archive
        .terms
        .iter()
        .filter(|term| term.taxonomy == t)
        .find(|term| {
            term.entity.is_some_and(|p| {
                archive.pages[p]
                    .aliases
                    .iter()
                    .any(|a| alias_path(a).as_deref() == Some(&file))
            })
        })
        .map(|term| {
            format!(
                "its address, /{key}/{slug}/, now leads to `{}` (its entity file keeps it as an alias): write `@{key}/{}`",
                term.name, term.slug
            )
        })
}

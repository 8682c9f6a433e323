//! Where an old address leads: a reference to a dispatch or term that is
//! gone (renumbered, moved to another series, merged, renamed) is told
//! the dispatch, page or term that now keeps its address as an alias.

use super::references::Slot;
use super::{Archive, lookup};
use crate::config::Config;
use crate::output::alias_path;

/// The help for `@dest`, an id no dispatch has, when its address is
/// another dispatch's or a page's alias; and that document, whose places
/// a `#fragment` is checked against.
pub(super) fn dispatch_help(
    config: &Config,
    archive: &Archive,
    dest: &str,
) -> Option<(String, Slot)> {
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
    if let Some(d) = archive.dispatches.iter().position(|d| kept(&d.aliases)) {
        let dispatch = &archive.dispatches[d];
        let help = format!(
            "did you mean `@{}`? Its address, /{path}, now leads there: {} keeps it as an alias",
            dispatch.id,
            dispatch.file.display(),
        );
        return Some((help, Slot::Dispatch(d)));
    }
    let p = archive.pages.iter().position(|p| kept(&p.aliases))?;
    let page = &archive.pages[p];
    let help = format!(
        "did you mean `@/{}`? Its address, /{path}, now leads to that page, {}, which keeps it as an alias; or take the reference out",
        page.content_path,
        page.file.display()
    );
    Some((help, Slot::Page(p)))
}

/// The help for `@taxonomy/slug`, a slug no term of taxonomy `t` has,
/// when its address is the alias of another term's entity file; and that
/// file.
pub(super) fn term_help(
    config: &Config,
    archive: &Archive,
    t: usize,
    slug: &str,
) -> Option<(String, Slot)> {
    let key = &config.taxonomies.get(t)?.key;
    let file = format!("{key}/{slug}/index.html");
    archive
        .terms
        .iter()
        .filter(|term| term.taxonomy == t)
        .find_map(|term| {
            let p = term.entity?;
            let kept = archive.pages[p]
                .aliases
                .iter()
                .any(|a| alias_path(a).as_deref() == Some(&file));
            kept.then(|| {
                let help = format!(
                    "did you mean `@{key}/{}`? Its address, /{key}/{slug}/, now leads to `{}`, whose entity file keeps it as an alias",
                    term.slug, term.name
                );
                (help, Slot::Page(p))
            })
        })
}

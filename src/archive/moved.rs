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

/// The help for `@/dispatches/<series>/<N>-<slug>.md`, a file that is no
/// more, when number N of the folder's series is kept as an alias by
/// another dispatch or a page (renumbered, merged): see [`dispatch_help`].
pub(super) fn file_help(config: &Config, archive: &Archive, path: &str) -> Option<(String, Slot)> {
    let rest = path.strip_prefix("dispatches/")?;
    let (dir, name) = rest.rsplit_once('/').unwrap_or(("", rest));
    let digits: &str = &name[..name.find(|c: char| !c.is_ascii_digit())?];
    let number: u64 = digits.parse().ok()?;
    // The series the folder is named for first, then its dispatches',
    // then the others: a folder may hold several.
    let folder = std::path::Path::new("content/dispatches").join(dir);
    let last = dir.rsplit('/').next().unwrap_or_default();
    let mut order: Vec<usize> = config
        .series
        .iter()
        .position(|s| s.key == last)
        .into_iter()
        .collect();
    for d in archive
        .dispatches
        .iter()
        .filter(|d| d.file.parent() == Some(folder.as_path()))
    {
        if let Some(s) = d.series.filter(|s| !order.contains(s)) {
            order.push(s);
        }
    }
    for s in 0..config.series.len() {
        if !order.contains(&s) {
            order.push(s);
        }
    }
    order.into_iter().find_map(|s| {
        dispatch_help(
            config,
            archive,
            &format!("{}-{number}", config.series[s].prefix),
        )
    })
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

//! The help of an alias that lands on a page the build still makes. The
//! usual way there is a rename half done: a retired number given out
//! again, or a renamed term that some dispatch still names the old way.
//! Removing the alias, the plain advice, would break the old address the
//! alias was written to keep, so the help names the file to change.

use crate::archive::Archive;

/// At most this many dispatches are named.
const SHOWN: usize = 3;

/// What to do about an alias that would overwrite `target` (an output
/// file, `special-dispatch/7/index.html`).
pub(super) fn help(archive: &Archive, target: &str) -> String {
    const PLAIN: &str = "remove the alias, or give it a path no page uses";
    let page = target.strip_suffix("index.html").unwrap_or(target);
    let numbered = archive
        .dispatches
        .iter()
        .find(|d| d.path == page && d.number.is_some())
        .map(|d| &d.file)
        .or_else(|| {
            archive
                .reserved
                .iter()
                .find(|r| r.path == page && r.list.is_none() && !r.keys.is_empty())
                .map(|r| &r.file)
        });
    if let Some(file) = numbered {
        return format!(
            "if /{page} is a retired number's address, give {} another number (`annals new` skips the numbers aliases keep); else {PLAIN}",
            file.display()
        );
    }
    if let Some(term) = archive.terms.iter().find(|t| t.path == page)
        && !term.dispatches.is_empty()
    {
        let files: Vec<String> = term
            .dispatches
            .iter()
            .take(SHOWN)
            .filter_map(|&d| archive.dispatches.get(d))
            .map(|d| d.file.display().to_string())
            .collect();
        let more = match term.dispatches.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return format!(
            "the term page is made because dispatches still name `{}`: {}{more}; if that name is retired, write the new one there (the alias then keeps its address); else {PLAIN}",
            term.name,
            files.join(", ")
        );
    }
    PLAIN.to_string()
}

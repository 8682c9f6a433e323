//! The pages of the last build that a build no longer writes: a reader
//! who kept one of their addresses gets the 404 page, so a build says so
//! (an alias keeps a moved page working).

use std::collections::HashSet;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The warning for the pages of the last build (`before`) that this one
/// (`after`) no longer has: a reader who kept one of their addresses now
/// gets the 404 page.
pub(super) fn pages_gone(
    config: &Config,
    before: HashSet<String>,
    after: &HashSet<String>,
) -> Option<Diagnostic> {
    let mut gone: Vec<String> = before.into_iter().filter(|p| !after.contains(p)).collect();
    if gone.is_empty() {
        return None;
    }
    gone.sort_unstable_by(|a, b| crate::slug::natural_cmp(a, b));
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
    Some(
        Diagnostic::warning(format!(
            "{count} of the last build {are} gone: {}{more}",
            shown.join(", ")
        ))
        .with_help(format!(
            "a reader who kept one of these addresses now gets the 404 page; if one moved, keep it \
             working with `aliases: [{}]` in the front matter of the page it moved to",
            shown.first().map_or("", String::as_str)
        )),
    )
}

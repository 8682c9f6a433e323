//! What the build's today leaves out: the dispatches dated after it, named
//! for the summary, and a warning when a pinned day (`SOURCE_DATE_EPOCH`)
//! leaves out what the clock would publish.

use jiff::civil::Date;

use crate::archive::{Archive, Unpublished};
use crate::diagnostic::Diagnostic;

/// The dispatches left out for their date, by date.
fn future(archive: &Archive) -> Vec<(Date, &str)> {
    let mut future: Vec<(Date, &str)> = archive
        .targets
        .unpublished
        .iter()
        .filter_map(|(id, why)| match why {
            Unpublished::Future(date) => Some((*date, id.as_str())),
            Unpublished::Draft => None,
        })
        .collect();
    future.sort_unstable();
    future
}

/// The dispatches left out for their date, "sd-7 (2027-03-01)", by date:
/// a dispatch that does not appear is most often dated by mistake.
pub(super) fn future_dispatches(archive: &Archive) -> Vec<String> {
    future(archive)
        .into_iter()
        .map(|(date, id)| format!("{id} ({date})"))
        .collect()
}

/// A warning when `pinned`, the day `SOURCE_DATE_EPOCH` gave, leaves out
/// dispatches dated on or before `clock`, the real today. The variable is
/// meant for rebuilding an old commit as it was, but some shells set it
/// for every tool (Nix's to 1980-01-01), which would publish an archive
/// with none of its dispatches, and say nothing of why.
pub(super) fn pinned_day_warning(
    archive: &Archive,
    pinned: Date,
    clock: Date,
) -> Option<Diagnostic> {
    let past: Vec<(Date, &str)> = future(archive)
        .into_iter()
        .filter(|(date, _)| *date <= clock)
        .collect();
    let (_, first) = past.first()?;
    let more = match past.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    Some(
        Diagnostic::warning(format!(
            "SOURCE_DATE_EPOCH makes today {pinned}, which leaves out {first}{more}, dated before the real today ({clock})"
        ))
        .with_help("unset SOURCE_DATE_EPOCH unless this rebuilds an old version as it was (a Nix shell sets it to 1980 for every tool)"),
    )
}

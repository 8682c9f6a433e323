//! `annals check`'s last stage: the site rendered in full, as a build
//! renders it, into a site written nowhere (see `output::Staging::dry`).
//! Only rendering finds some errors: a template that uses a variable it
//! does not have, a page path the file system would refuse (a name too
//! long), a page where a static file's folder would go. The site and its
//! output folder are never touched, and the search index, which cannot
//! fail on the site's input, is skipped.

use super::{Loaded, write_to};
use crate::diagnostic::Diagnostics;
use crate::output::Staging;

/// The errors of the site's own templates that only rendering finds,
/// for a site whose content has errors of its own (which stop a build
/// before it renders): said in the same run. Of what rendering says, the
/// rest may follow from the content's errors; and with a file that could
/// not be loaded at all, nothing is rendered: a template that counts on
/// it (a previous dispatch, an entity's title) would fail for that.
pub fn template_errors(loaded: &Loaded) -> Diagnostics {
    if !can_rehearse(loaded) {
        return Diagnostics::new();
    }
    let said = rehearse(loaded).into_sorted();
    let own = |d: &crate::diagnostic::Diagnostic| {
        d.file
            .as_deref()
            .is_some_and(|f| f.starts_with("templates") || f.starts_with("themes"))
    };
    Diagnostics::from(
        said.into_iter()
            .filter(|d| d.is_error() && own(d))
            .collect::<Vec<_>>(),
    )
}

/// Whether [`template_errors`] renders `loaded`: not when a content file
/// could not be loaded at all.
pub fn can_rehearse(loaded: &Loaded) -> bool {
    loaded.archive.targets.failed.is_empty()
}

/// Renders `loaded` and keeps nothing of it; returns what rendering
/// reported (errors and warnings alike).
pub fn rehearse(loaded: &Loaded) -> Diagnostics {
    let pages = super::links::pages_with_places(&loaded.archive, &loaded.config);
    let output = loaded.config.root.join("public");
    let staging = Staging::dry(pages, &output).keeping_texts(super::shown::pages_read(
        &loaded.config,
        &loaded.archive,
        &loaded.templates,
    ));
    // The search index is not made, but its one file of a fixed name is
    // written, so that a static file is held against it as in a build.
    if loaded.config.search
        && let Err(e) = staging.write("search/meta.json", b"{}")
    {
        return super::io_error(&output, e);
    }
    match write_to(loaded, &staging, &|_, _| {}, None, false) {
        Ok(summary) => Diagnostics::from(summary.warnings),
        Err(diags) => diags,
    }
}

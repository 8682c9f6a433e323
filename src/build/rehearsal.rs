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

/// Renders `loaded` and keeps nothing of it; returns what rendering
/// reported (errors and warnings alike).
pub fn rehearse(loaded: &Loaded) -> Diagnostics {
    let pages = super::links::pages_with_places(&loaded.archive, &loaded.config);
    let output = loaded.config.root.join("public");
    let staging = Staging::dry(pages, &output);
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

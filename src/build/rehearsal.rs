//! `annals check`'s last stage: the site rendered in full, as a build
//! renders it, into a private scratch folder of the system's temp dir
//! that is removed at once. Only rendering finds some errors: a template that uses
//! a variable it does not have, a page path the file system refuses (a
//! name too long), a page where a static file's folder would go. The site
//! and its output folder are never touched, and the search index, which
//! cannot fail on the site's input, is skipped.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Loaded, io_error, write_to};
use crate::diagnostic::Diagnostics;
use crate::interrupt::Scratch;
use crate::output::{self, Staging};

const PREFIX: &str = "annals-check-";

/// Renders `loaded` and throws the result away; returns what rendering
/// reported (errors and warnings alike). With `scratch`, a signal removes the scratch folder.
pub fn rehearse(loaded: &Loaded, scratch: Option<&Arc<Scratch>>) -> Diagnostics {
    let temp = std::env::temp_dir();
    // Folders of checks killed before they could remove theirs.
    output::sweep_abandoned(&temp, PREFIX);
    // Made fresh, private and under a name no one can guess: the temp dir
    // is shared, and a path planted there must not be written through.
    let dir: PathBuf = match output::private_temp_dir(&format!("{PREFIX}{}-", std::process::id())) {
        Ok(dir) => dir,
        Err(e) => {
            return Diagnostics::from(vec![
                crate::diagnostic::Diagnostic::error(format!(
                    "cannot make check's scratch folder in the temp dir {}: {e}",
                    temp.display()
                ))
                .with_help("check renders the site into the temp dir: check that it exists, is writable and has room (TMPDIR names another)"),
            ]);
        }
    };
    let diags = match Staging::in_place(&dir) {
        Ok(staging) => {
            let staging = match scratch {
                Some(s) => staging.removed_on_signals(s),
                None => staging,
            };
            match write_to(loaded, &staging, &|_, _| {}, None, false) {
                Ok(summary) => Diagnostics::from(summary.warnings),
                Err(diags) => diags,
            }
        }
        Err(e) => io_error(&dir, e),
    };
    // Best effort: a folder left behind is swept by the next check.
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(s) = scratch {
        s.forget(&dir);
    }
    // The scratch folder means nothing to the reader; the page does.
    let scratch = format!(" to {}", dir.display());
    let diags: Vec<_> = diags
        .into_sorted()
        .into_iter()
        .map(|mut d| {
            d.message = d.message.replace(&scratch, "");
            d
        })
        .collect();
    Diagnostics::from(diags)
}

//! `annals serve`: build, serve on 127.0.0.1, rebuild on change.

use std::sync::Mutex;

use annals::build::Options;
use annals::diagnostic::{Diagnostic, Diagnostics};
use annals::serve::{self, Event};

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, find_root, report};

pub fn run(site: SiteArgs, bind: &str, port: u16, quiet: bool) -> u8 {
    let root = match find_root(site.root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The watcher reports absolute paths, which a relative root (`--root
    // site`) would never prefix: no change would be seen.
    let root = std::path::absolute(&root).unwrap_or(root);
    let mut opts = Options::new(root);
    opts.drafts = site.drafts;
    // The warnings last printed, to print a list only when it changes.
    let warned: Mutex<Option<Vec<String>>> = Mutex::new(None);
    // Files are named from here (see `report::print`).
    let from = report::root_from_here(&opts.root);
    let from = from.as_path();
    // Whether a build has succeeded: until one has, there is no last good
    // site to keep serving.
    let built = std::sync::atomic::AtomicBool::new(false);
    // Said again only when it changes (an edit made a draft public).
    let left_out = std::sync::atomic::AtomicUsize::new(0);
    let on_event = |event: Event| match event {
        Event::Listening { url, network } => {
            out!("Serving the site at {url} (Ctrl-C to stop)");
            if network {
                err!(
                    "warning: listening on {bind}: other machines on the network can open this preview, drafts included (--bind 127.0.0.1 keeps it on this machine)"
                );
            }
        }
        Event::Built {
            written,
            unchanged,
            took,
            stages,
            warnings,
            unpublished,
            remade,
        } => {
            if remade {
                err!(
                    "warning: the preview folder was removed (by a temp-dir cleaner?): the whole site is written into it again"
                );
            }
            let first = !built.swap(true, std::sync::atomic::Ordering::Relaxed);
            let stages: Vec<String> = stages
                .iter()
                .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
                .collect();
            // Quiet, the address and what is wrong are all that is said.
            if !quiet {
                out!(
                    "{} in {} ms: {written} pages written, {unchanged} unchanged ({})",
                    if first { "Built" } else { "Rebuilt" },
                    took.as_millis(),
                    stages.join(", ")
                );
            }
            // After the line of the build they belong to.
            say_warnings(&warned, &warnings, from);
            let before = left_out.swap(unpublished, std::sync::atomic::Ordering::Relaxed);
            if unpublished != before && !quiet {
                report::left_out(unpublished, &[], "serve");
            }
        }
        Event::Stopping(dir) => {
            if !quiet {
                out!("Stopping: removing the preview copy in {}", dir.display());
            }
        }
        Event::Failed {
            errors,
            warnings,
            partly,
        } => {
            report::print(&errors, from);
            // A build stopped early found only some of its warnings: none
            // found is not "no warnings now".
            if !warnings.is_empty() {
                say_warnings(&warned, &warnings, from);
            }
            let serving = if !built.load(std::sync::atomic::Ordering::Relaxed) {
                "the preview shows these errors until a save fixes them"
            } else if partly {
                "the preview is partly updated: the pages that rendered are new, those that failed keep their last good version"
            } else {
                "still serving the last good site"
            };
            err!(
                "build failed: {}; {serving}",
                report::counts(errors.len(), warnings.len())
            );
        }
    };
    match serve::run(opts, bind, port, &on_event) {
        Ok(()) => EXIT_OK,
        Err(d) => {
            report::print(&[d], from);
            EXIT_ERRORS
        }
    }
}

/// Prints a build's warnings (capped, as for the first build) when they
/// differ from those printed last: a warning came or went. The same list
/// is not repeated on every save; once none are left, that is said.
fn say_warnings(
    last: &Mutex<Option<Vec<String>>>,
    warnings: &[Diagnostic],
    from: &std::path::Path,
) {
    let mut keys: Vec<String> = warnings
        .iter()
        .map(|d| format!("{}\0{}", d.location().unwrap_or_default(), d.message))
        .collect();
    // The fast path lists an edited file's warnings last.
    keys.sort();
    let Ok(mut last) = last.lock() else {
        return;
    };
    let before = last.replace(keys.clone());
    if before.as_ref() == Some(&keys) {
        return;
    }
    if !warnings.is_empty() {
        // In the order a check says them, whatever stage found them.
        let sorted = Diagnostics::from(warnings.to_vec()).into_sorted();
        report::print_capped(&sorted, 10, from);
    } else if before.is_some_and(|b| !b.is_empty()) {
        out!("No warnings now.");
    }
}

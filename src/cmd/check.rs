//! `annals check`: every validation a build does, plus archive lints;
//! writes nothing.

use annals::archive;
use annals::build::{self, Options};

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, find_root, report};

pub fn run(site: SiteArgs, base_url: Option<String>, deny_warnings: bool, quiet: bool) -> u8 {
    let root = match find_root(site.root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut opts = Options::new(root);
    opts.drafts = site.drafts;
    opts.base_url = base_url;
    if let Err(code) = super::build_day(&mut opts) {
        return code;
    }
    let (loaded, mut diags) = build::load(&opts);
    if let Some(loaded) = &loaded {
        diags.extend(archive::lint(&loaded.config, &loaded.archive).into_sorted());
        // Rendering finds what loading cannot (a template's runtime error);
        // past content errors, only the templates' own are said.
        if diags.has_errors() {
            diags.extend(build::template_errors(loaded).into_sorted());
        } else {
            diags.extend(build::rehearse(loaded).into_sorted());
        }
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    let diags = diags.into_sorted();
    report::print(&diags, &report::root_from_here(&opts.root));
    report::print_tally(&diags);
    if errors > 0 || loaded.is_none() {
        err!(
            "check failed: {}{}",
            report::counts(errors, warnings),
            report::unchecked(loaded.is_none() && build::stops_at_config(&opts))
        );
        return EXIT_ERRORS;
    }
    if deny_warnings && warnings > 0 {
        err!(
            "check failed: {}, which --deny-warnings counts as failures",
            report::plural(warnings, "warning", "warnings")
        );
        return EXIT_ERRORS;
    }
    if !quiet {
        let n = loaded.map_or(0, |l| l.archive.dispatches.len());
        out!(
            "Checked {}: {}",
            report::plural(n, "dispatch", "dispatches"),
            report::counts(0, warnings)
        );
    }
    EXIT_OK
}

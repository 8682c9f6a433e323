//! `annals build`: the whole pipeline into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use annals::build::{self, Options};
use annals::interrupt::{self, Scratch};
use indicatif::{ProgressBar, ProgressStyle};

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, SiteArgs, find_root, report};

/// Warnings shown by a build; `annals check` shows all.
const MAX_WARNINGS: usize = 20;

pub fn run(site: SiteArgs, output: Option<PathBuf>, base_url: Option<String>, quiet: bool) -> u8 {
    let started = Instant::now();
    let root = match find_root(site.root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut opts = Options::new(root.clone());
    opts.drafts = site.drafts;
    if let Err(code) = super::build_day(&mut opts) {
        return code;
    }
    opts.base_url = base_url;
    opts.search_early = true;
    let output = output.unwrap_or_else(|| root.join("public"));
    // One build at a time writes beside an output folder (two CI jobs on
    // a shared volume, a build started while one runs): the later waits.
    let lock = annals::output::OutputLock::take(&output, || {
        err!(
            "waiting for another annals build writing beside {} to finish",
            output.display()
        )
    });
    if let Some(why) = lock.unlocked() {
        err!(
            "warning: {why}: other builds into {} are not kept apart from this one (remove that file, as its owner)",
            output.display()
        );
    }
    // The build's own time, not the wait for another's.
    let started = if lock.waited() {
        Instant::now()
    } else {
        started
    };
    // The existing output is looked through while the site loads.
    let survey = match annals::output::survey(&root, &output) {
        Ok(s) => s,
        Err(d) => {
            report::print(&[d], &report::root_from_here(&root));
            // As after every refusal of the output folder.
            err!("build failed: nothing was written");
            return EXIT_USAGE;
        }
    };
    // Ctrl-C mid-build removes the staging folder (hundreds of MB at
    // 100k dispatches) before exiting.
    let scratch = Scratch::new();
    let target = output.clone();
    let stopped = move |published: bool, code: i32| {
        if published {
            err!(
                "stopped after the new site was published into {}; the previous output is removed",
                target.display()
            );
        } else if target.exists() {
            err!("stopped: the previous output was left untouched");
        } else {
            err!("stopped: nothing was written");
        }
        std::process::exit(code);
    };
    if let Err(e) = interrupt::remove_on_signals(std::sync::Arc::clone(&scratch), stopped) {
        err!("warning: cannot handle Ctrl-C: {e}; a stopped build may leave its staging folder");
    }

    let code = load_and_write(&opts, survey, &lock, quiet, started, &scratch);
    // A signal being handled ends the process with its own code (see
    // `interrupt`): the run waits for it rather than exit meanwhile.
    if !scratch.finish() {
        until_the_signal_ends_it();
    }
    code
}

/// Waits for the signal handler, which ends the process with the signal's
/// code once it has removed the scratch folders (see `interrupt`).
fn until_the_signal_ends_it() -> ! {
    loop {
        std::thread::park();
    }
}

/// The build proper, once signals are handled: loads, renders into the
/// staging folder and publishes it; says how it went.
fn load_and_write(
    opts: &Options,
    survey: annals::output::Survey,
    lock: &annals::output::OutputLock,
    quiet: bool,
    started: Instant,
    scratch: &std::sync::Arc<Scratch>,
) -> u8 {
    let (loaded, diags) = build::load(opts);
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    // One cap for the whole run: writing finds warnings of its own.
    let mut cap = report::Capped::new(MAX_WARNINGS, &report::root_from_here(&opts.root));
    let mut diags = diags;
    // Content errors stop the build before it renders: its templates'
    // errors, which only rendering finds, are said in this run too.
    if let Some(loaded) = loaded.as_ref().filter(|_| errors > 0) {
        diags.extend(build::template_errors(loaded).into_sorted());
    }
    let errors = diags.error_count();
    let diags = diags.into_sorted();
    cap.print(&diags);
    let at_config = loaded.is_none() && build::stops_at_config(opts);
    let Some(loaded) = loaded.filter(|_| errors == 0) else {
        cap.finish();
        report::print_tally(&diags);
        err!(
            "build failed: {}{}; nothing was written",
            report::counts(errors, warnings),
            report::unchecked(at_config)
        );
        return EXIT_ERRORS;
    };

    let output = match survey.finish() {
        Ok(out) => out,
        Err(d) => {
            cap.print(&[d]);
            cap.finish();
            err!("build failed: nothing was written");
            return EXIT_USAGE;
        }
    };

    let bar = progress_bar(quiet, loaded.archive.dispatches.len());
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let result = build::write_checked(&loaded, &output, lock, &progress, Some(scratch));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            cap.print(&summary.warnings);
            // Warnings held back are tallied by kind, as a failed build's
            // are: a thousand of one kind is what to fix first.
            let held_back = cap.held_back();
            cap.finish();
            if held_back {
                let all: Vec<_> = diags.iter().chain(&summary.warnings).cloned().collect();
                report::print_tally(&all);
            }
            let warnings = warnings + summary.warnings.len();
            if !quiet {
                let search = summary.search.map_or(String::new(), |s| {
                    format!(
                        ", search index {} files / {:.1} MB",
                        s.files,
                        s.bytes as f64 / 1e6
                    )
                });
                let timings: Vec<String> = summary
                    .timings
                    .iter()
                    .map(|(n, d)| format!("{n} {:.2}s", d.as_secs_f64()))
                    .collect();
                out!(
                    "Built {}, {} pages into {} in {:.2}s{search} ({}){}",
                    report::plural(summary.dispatches, "dispatch", "dispatches"),
                    summary.render.pages,
                    summary.output.display(),
                    started.elapsed().as_secs_f64(),
                    timings.join(", "),
                    if warnings > 0 {
                        format!("; {}", report::counts(0, warnings))
                    } else {
                        String::new()
                    },
                );
                report::left_out(summary.unpublished, &summary.future, "build");
            }
            EXIT_OK
        }
        Err(failed) => {
            // Writing failed because a signal stopped it: the handler ends
            // the process and says what it did, not this.
            if scratch.stopping() {
                until_the_signal_ends_it();
            }
            let (e, w) = (failed.error_count(), failed.warning_count());
            let failed = failed.into_sorted();
            cap.print(&failed);
            cap.finish();
            let all: Vec<_> = diags.iter().chain(&failed).cloned().collect();
            report::print_tally(&all);
            // A first build has no previous output to speak of.
            let kept = if output.exists() {
                "the previous output was left untouched"
            } else {
                "nothing was written"
            };
            err!("build failed: {}; {kept}", report::counts(e, w + warnings));
            EXIT_ERRORS
        }
    }
}

/// A bar on a terminal for builds big enough to take a moment.
fn progress_bar(quiet: bool, dispatches: usize) -> Option<ProgressBar> {
    if quiet || dispatches < 1000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar} {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

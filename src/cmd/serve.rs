//! `annals serve`: build, serve on 127.0.0.1, rebuild on change.

use annals::build::Options;
use annals::serve::{self, Event};

use super::{EXIT_ERRORS, EXIT_OK, SiteArgs, find_root, report};

pub fn run(site: SiteArgs, bind: &str, port: u16) -> u8 {
    let root = match find_root(site.root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut opts = Options::new(root);
    opts.drafts = site.drafts;
    let on_event = |event: Event| match event {
        Event::Listening(url) => {
            println!("Serving the site at {url} (Ctrl-C to stop)");
        }
        Event::Built {
            written,
            unchanged,
            took,
            warnings,
        } => {
            report::print_capped(&warnings, 10);
            println!(
                "Rebuilt in {} ms: {written} pages written, {unchanged} unchanged",
                took.as_millis()
            );
        }
        Event::Failed(errors) => {
            report::print(&errors);
            eprintln!(
                "build failed: {}; still serving the last good site",
                report::counts(errors.len(), 0)
            );
        }
    };
    match serve::run(opts, bind, port, &on_event) {
        Ok(()) => EXIT_OK,
        Err(d) => {
            report::print(&[d]);
            EXIT_ERRORS
        }
    }
}

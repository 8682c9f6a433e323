//! Commands, one file each, and how their results reach the terminal
//! (diagnostics are drawn by `report`).
//!
//! The library returns diagnostics; this layer renders them (rustc-style,
//! with miette), shows progress, prints the one-line summary and chooses the
//! exit code.

/// `println!` and `eprintln!` that never panic: a reader that stops
/// reading (`annals check 2>&1 | head`) must not turn a finished run into
/// a crash; what is left unsaid is lost, as with any Unix tool. The dev
/// server must go on, and on stopping still remove its folder.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod build;
mod check;
mod init;
mod new;
mod serve;

use crate::report;
mod theme;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub const EXIT_OK: u8 = 0;
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "annals",
    version,
    about = "A static-site generator for annotated dispatch archives"
)]
pub struct Cli {
    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new site (config, an example dispatch, an about page).
    Init {
        /// Folder to create the site in (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder, replaced whole by each build (default: public/ in the site root).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Override `base_url` from annals.yaml.
        #[arg(long, value_parser = annals::config::valid_base_url)]
        base_url: Option<String>,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Address to listen on; 127.0.0.1 keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1", value_parser = annals::serve::valid_bind)]
        bind: String,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111, allow_negative_numbers = true)]
        port: u16,
    },
    /// Check everything a build checks; write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Check as `build --base-url` would build (a site may leave `base_url` out on purpose).
        #[arg(long, value_parser = annals::config::valid_base_url)]
        base_url: Option<String>,
        /// Fail (exit 1) on warnings too: a broken link or image, a note
        /// never cited... (for CI, before `annals build`).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Copy the built-in theme into themes/NAME/, to change it there.
    Theme {
        /// Site root (default: nearest folder upward holding annals.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// The new theme's folder name under themes/.
        name: String,
    },
    /// Create the next dispatch of a series.
    New {
        /// Site root (default: nearest folder upward holding annals.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Series key (default: the first configured series).
        #[arg(long)]
        series: Option<String>,
        /// The dispatch's title.
        #[arg(long)]
        title: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
struct SiteArgs {
    /// Site root (default: nearest folder upward holding annals.yaml).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Include drafts and future-dated dispatches.
    #[arg(long)]
    drafts: bool,
}

pub fn run(cli: Cli) -> u8 {
    let quiet = cli.quiet;
    match cli.command {
        Command::Init { dir } => init::run(dir, quiet),
        Command::Build {
            site,
            output,
            base_url,
        } => build::run(site, output, base_url, quiet),
        Command::Serve { site, bind, port } => serve::run(site, &bind, port, quiet),
        Command::Check {
            site,
            base_url,
            deny_warnings,
        } => check::run(site, base_url, deny_warnings, quiet),
        Command::Theme { root, name } => theme::run(root, &name, quiet),
        Command::New {
            root,
            series,
            title,
        } => new::run(root, series, title, quiet),
    }
}

/// Sets the day a build takes for today to `SOURCE_DATE_EPOCH`'s when it
/// is set (see [`annals::build::day_of_epoch`]); a value that is not a
/// number of seconds is a usage error, as the convention asks.
fn build_day(opts: &mut annals::build::Options) -> Result<(), u8> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(secs) if !secs.is_empty() => {
            let day = annals::build::day_of_epoch(&secs).ok_or_else(|| {
                let why = if secs.trim().parse::<i64>().is_ok() {
                    "a time out of range (seconds since 1970, not before it, and before the year 10000)"
                } else {
                    "not a number of seconds since 1970"
                };
                err!(
                    "error: SOURCE_DATE_EPOCH is `{secs}`, {why}\n  help: set it to a time such as `$(git log -1 --format=%ct)`, or unset it to build as of today"
                );
                EXIT_USAGE
            })?;
            opts.today = day;
            opts.pinned = true;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The site root: `--root`, or the nearest folder upward with annals.yaml.
fn find_root(root: Option<PathBuf>) -> Result<PathBuf, u8> {
    if let Some(root) = root {
        let config = root.join(annals::config::CONFIG_FILE);
        if config.is_file() {
            return Ok(root);
        }
        // Something is there, but not what is needed: say what.
        let (what, help) = if root.is_file() {
            (
                format!("{} is a file, not the site's folder", root.display()),
                "pass the folder that holds annals.yaml: `--root DIR`",
            )
        } else if config.is_dir() {
            (
                format!("{} is a folder, not a file", config.display()),
                "annals.yaml is the site's config file: rename that folder",
            )
        } else {
            (String::new(), "")
        };
        if !what.is_empty() {
            err!("error: {what}");
            err!("help: {help}");
            return Err(EXIT_USAGE);
        }
        err!(
            "error: no {} in {}",
            annals::config::CONFIG_FILE,
            root.display()
        );
        err!("help: pass the folder that holds annals.yaml, or create a site with `annals init`");
        foreign_site(&root);
        return Err(EXIT_USAGE);
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            // Deleted (or moved away) under the shell that is in it.
            err!("error: cannot tell which folder this is: {e}");
            err!(
                "help: the current folder may have been deleted or moved: `cd` into the site again, or pass --root DIR"
            );
            return Err(EXIT_USAGE);
        }
    };
    annals::config::find_root(&cwd).ok_or_else(|| {
        err!(
            "error: no {} here or in any parent folder",
            annals::config::CONFIG_FILE
        );
        err!("help: run inside a site, pass --root DIR, or create one with `annals init`");
        foreign_site(&cwd);
        EXIT_USAGE
    })
}

/// A note for a folder that holds a Hugo, Zola or Jekyll site's config:
/// its content can move to an annals site, as the guide tells.
fn foreign_site(dir: &std::path::Path) {
    const CONFIGS: [(&str, &str); 6] = [
        ("hugo.toml", "Hugo"),
        ("hugo.yaml", "Hugo"),
        ("hugo.json", "Hugo"),
        ("config.toml", "Hugo or Zola"),
        ("zola.toml", "Zola"),
        ("_config.yml", "Jekyll"),
    ];
    if let Some((file, tool)) = CONFIGS.iter().find(|(f, _)| dir.join(f).is_file()) {
        err!(
            "note: {file} here is a {tool} site's, which annals does not read: make an annals \
             site with `annals init` and move the texts into its content/ (docs/guide.md, \
             \"Moving an archive from Hugo or Zola\")"
        );
    }
}

/// Writes a file that must not exist yet (checked before, but a file
/// that appeared since is still not overwritten). One that could not be
/// written whole (a full disk) is removed: an empty dispatch would fail
/// the next build, and block `annals new` from making it again.
pub(crate) fn create_new(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .inspect_err(|_| {
            let _ = std::fs::remove_file(path);
        })
}

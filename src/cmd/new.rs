//! `annals new`: the next free number of a series, with valid front matter.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use annals::content::{self, Kind};
use annals::frontmatter::written;
use annals::slug::slugify;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, find_root, report};

pub fn run(
    root: Option<PathBuf>,
    series: Option<String>,
    title: Option<String>,
    quiet: bool,
) -> u8 {
    let root = match find_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let config = match annals::config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            report::print(&d.into_sorted(), &report::root_from_here(&root));
            return EXIT_ERRORS;
        }
    };
    let Some(series) = series
        .as_deref()
        .or(config.series.first().map(|s| s.key.as_str()))
        .map(str::to_string)
    else {
        err!("error: the site has no series");
        err!("help: add one under `series:` in annals.yaml");
        return EXIT_USAGE;
    };
    if config.series(&series).is_none() {
        let known: Vec<&str> = config.series.iter().map(|s| s.key.as_str()).collect();
        err!("error: unknown series `{series}`");
        if known.is_empty() {
            err!("help: the site has no series: add one under `series:` in annals.yaml");
        } else {
            err!("help: configured series: {}", known.join(", "));
        }
        return EXIT_USAGE;
    }
    if title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        err!("error: the title is empty");
        err!("help: give --title a title, or leave it out for \"Untitled dispatch\"");
        return EXIT_USAGE;
    }
    // `check` would refuse the file: feeds and sitemaps cannot carry
    // most controls, nor YAML DEL and the C1 controls but NEL. (A tab or
    // a line break they can.)
    let unfit = |c: &char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if let Some(c) = title.as_deref().and_then(|t| t.chars().find(unfit)) {
        err!(
            "error: the title holds an invisible control character U+{:04X}",
            u32::from(c)
        );
        err!("help: give --title the title without it (a pasted title may carry one)");
        return EXIT_USAGE;
    }
    // Numbers already taken, drafts included; files with errors are read
    // too when their number can still be seen, so none is reused.
    let (files, diags) = content::load(&config);
    let broken: BTreeSet<&Path> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    let highest = files
        .iter()
        .filter(|f| f.kind == Kind::Dispatch && f.front.series.as_deref() == Some(&series))
        .filter_map(|f| f.front.number)
        .chain(
            broken
                .iter()
                .filter_map(|rel| number_written(&root.join(rel), &series)),
        )
        .max()
        .unwrap_or(0);
    // A number whose id another dispatch has taken with `id:` is skipped,
    // and so is one retired (renumbered, merged, withdrawn with a notice)
    // whose address a dispatch or page keeps as an alias: the build would
    // refuse the new page over it, as `check` counts it as taken.
    let prefix = config.series(&series).map_or("", |s| s.prefix.as_str());
    let ids: BTreeSet<&str> = files.iter().filter_map(|f| f.front.id.as_deref()).collect();
    // (Compared as the file systems of macOS and Windows, and some hosts,
    // compare names: `/Special-Dispatch/7/` is the same folder.)
    let aliased: BTreeSet<String> = files
        .iter()
        .flat_map(|f| &f.front.aliases)
        .filter_map(|a| annals::output::alias_path(a))
        .map(|p| annals::output::same_file_key(&p))
        .collect();
    let free = (1..=64u64)
        .filter_map(|step| highest.checked_add(step))
        .find(|n| {
            !ids.contains(format!("{prefix}-{n}").as_str())
                && !aliased.contains(&annals::output::same_file_key(&format!(
                    "{series}/{n}/index.html"
                )))
        });
    let Some(next) = free else {
        if highest == u64::MAX {
            err!("error: `{series}` already has the highest number there is, {highest}");
        } else {
            err!(
                "error: the 64 numbers after `{series}`'s highest, {highest}, are all taken, by `id:` or as aliases"
            );
        }
        err!("help: renumber that dispatch, or give --series another series");
        return EXIT_ERRORS;
    };
    let title = title.unwrap_or_else(|| "Untitled dispatch".to_string());
    let slug = match slugify(&title) {
        s if s.is_empty() => "dispatch".to_string(),
        s => s
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
    };
    let dir = config.content_dir().join("dispatches").join(&series);
    let path = dir.join(format!("{next}-{slug}.md"));
    if let Some(blocker) = dir.ancestors().find(|d| d.is_file()) {
        err!(
            "error: {} is a file, where the folder for `{series}` goes",
            blocker.display()
        );
        err!("help: rename or move that file, then run `annals new` again");
        return EXIT_ERRORS;
    }
    if path.exists() {
        err!("error: {} already exists", path.display());
        err!(
            "help: it is not read as `{series}` number {next}: check its front matter, or give --title another title"
        );
        return EXIT_ERRORS;
    }
    let quoted = serde_json::to_string(&title).unwrap_or_else(|_| "\"\"".into());
    let text = format!(
        "---\ntitle: {quoted}\nseries: {series}\nnumber: {next}\ndate: {}\nsummary: \"\"\ndraft: true\n---\n\nWrite the dispatch here. Cite sources with footnotes[^1].\n\n[^1]: Source, date.\n",
        annals::build::today()
    );
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| super::create_new(&path, &text)) {
        err!("error: cannot write {}: {e}", path.display());
        return EXIT_ERRORS;
    }
    // The path alone on stdout, for scripts, which must learn when it
    // could not be said (a full disk); a reader gone (a closed pipe) has
    // what it wanted. The reminder for people goes to stderr.
    let said = {
        use std::io::Write;
        writeln!(std::io::stdout(), "{}", shown(&path).display())
    };
    if let Err(e) = said.and_then(|()| std::io::Write::flush(&mut std::io::stdout()))
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        err!(
            "error: created {}, but cannot say so on stdout: {e}",
            path.display()
        );
        return EXIT_ERRORS;
    }
    // The path on stdout is what the command gives, quiet or not.
    if !quiet {
        err!(
            "note: it is a draft: `annals serve --drafts` previews it; remove `draft: true` to publish it"
        );
    }
    EXIT_OK
}

/// `path` as the user can open it from where they are: relative to the
/// current folder when it is inside it, else absolute.
fn shown(path: &Path) -> PathBuf {
    let Ok(full) = path.canonicalize() else {
        return path.to_path_buf();
    };
    std::env::current_dir()
        .and_then(|cwd| cwd.canonicalize())
        .ok()
        .and_then(|cwd| full.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(full)
}

/// The `number:` of a file whose front matter has errors, if its
/// `series:` is `series`.
fn number_written(path: &Path, series: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    (written(&text, "series")? == series)
        .then(|| written(&text, "number")?.parse().ok())
        .flatten()
}

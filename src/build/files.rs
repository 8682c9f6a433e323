//! Copying the static folders into the site, and the checks of what they
//! hold (files that replace pages, twins, links, `.git`, LFS pointers).

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::output::{self, Staging};
use crate::render::PageCache;
use crate::templates::Templates;

/// Copies the theme's static files, then the site's, which override them.
/// Also returns warnings: about the site's files that replace a page or
/// index file of the build (a migrated site's old `index.html`, say: the
/// site's file wins, as it does over the theme's, but silently replacing
/// the home page is rarely meant), and about symbolic links, which are not
/// copied.
pub(super) fn copy_static(
    templates: &Templates,
    config: &Config,
    staging: &Staging,
    cache: Option<&PageCache>,
    version: &str,
) -> std::io::Result<Vec<Diagnostic>> {
    let site_static = config.root.join("static");
    let mut said = Vec::new();
    let theme_static = templates.theme_static_dir();
    // A backslash: a file name may hold one on Linux; no address can name
    // it, and Windows reads it as a folder. A name that is not UTF-8 is
    // read with U+FFFD for its bad bytes, so two would be copied as one.
    // Nothing is copied, as below.
    // Each folder's files, listed once for the checks below that read
    // them (copying lists them again: the dev server's folder changes).
    let mut listed: Vec<Vec<String>> = Vec::new();
    for dir in theme_static.iter().copied().chain([site_static.as_path()]) {
        let shown = dir.strip_prefix(&config.root).unwrap_or(dir);
        listed.push(output::files_under(dir)?);
        if dir.is_dir() {
            for rel in listed
                .last()
                .into_iter()
                .flatten()
                .filter(|r| r.contains('\\'))
            {
                said.push(
                    Diagnostic::error("this static file's name has a backslash (`\\`), which no address can name")
                        .in_file(shown.join(rel))
                        .with_help("rename it without the backslash (a `/` in a path is a folder: make one if that was meant)"),
                );
            }
            for (rel, folder) in output::undecodable_in(dir)? {
                let what = if folder { "folder" } else { "file" };
                said.push(
                    Diagnostic::error(format!("this static {what}'s name is not UTF-8 text, so no address names it for sure (and two such names may be copied as one)"))
                        .in_file(shown.join(rel))
                        .with_help("rename it in UTF-8 (such names come from zips and disks made on Windows; `convmv -f cp1252 -t utf8 -r --notest static/` renames a folder of them)"),
                );
            }
        }
    }
    if !said.is_empty() {
        return Ok(said);
    }
    let dirs = theme_static.iter().copied().chain([site_static.as_path()]);
    for (dir, files) in dirs.zip(&listed) {
        let shown = dir.strip_prefix(&config.root).unwrap_or(dir);
        // What the pages wrote: a fresh folder holds only them by now; the
        // dev server's folder holds earlier runs' files too, so it asks the
        // cache what this run rendered (an unchanged page was not written
        // again).
        let replaced = match cache {
            None => staging.existing(dir)?,
            Some(cache) => files
                .iter()
                .filter(|rel| cache.has_seen(rel))
                .cloned()
                .collect(),
        };
        said.extend(replaced.iter().map(|rel| replaced_by_static(shown, rel)));
        said.extend(output::twins(
            files,
            shown,
            "which one readers get depends on the upload",
        ));
        // (A theme's pointer that the site's own file replaces is never
        // published.)
        let site_files = listed.last().filter(|_| dir != site_static.as_path());
        let published: Vec<String> = files
            .iter()
            .filter(|rel| !site_files.is_some_and(|site| site.contains(rel)))
            .cloned()
            .collect();
        said.extend(super::pointers::lfs_pointers(dir, &published, shown));
        // The site's files are held against the theme's too, below.
        if dir != site_static.as_path() {
            for (rel, twin) in staging.case_twins(dir)? {
                said.push(case_twin_of(shown, &rel, &twin));
            }
        }
        if dir.join(output::MANIFEST).exists() {
            said.push(
                Diagnostic::warning(
                    "this file is not published: the build writes its own list of files there",
                )
                .in_file(shown.join(output::MANIFEST))
                .with_help("remove it from the static folder"),
            );
        }
    }
    // A static file where a page of the build is a file on its path (a
    // folder `atom.xml/`) or is a folder: said for every one, and nothing
    // is copied (the copy would stop at the first).
    // (Said before the dev server's folder is cleared of what an earlier
    // run left: a theme file there is not the site's to remove.)
    let mut blocked = Vec::new();
    if site_static.is_dir() {
        blocked.extend(blocked_by_theme(templates, &site_static, config)?);
    }
    if !blocked.is_empty() {
        said.extend(blocked);
        return Ok(said);
    }
    for dir in theme_static.iter().copied().chain([site_static.as_path()]) {
        if dir.is_dir() {
            let shown = dir.strip_prefix(&config.root).unwrap_or(dir);
            blocked.extend(blocked_by_pages(staging, dir, shown, cache)?);
        }
    }
    if !blocked.is_empty() {
        said.extend(blocked);
        return Ok(said);
    }
    let theme_static = templates.theme_static_dir();
    let mut git = Vec::new();
    for dir in theme_static.iter().copied().chain([site_static.as_path()]) {
        let shown = dir.strip_prefix(&config.root).unwrap_or(dir);
        for rel in output::links_in(dir)? {
            said.push(link_in_static(&shown.join(rel), shown));
        }
        git.extend(output::git_in(dir)?.into_iter().map(|rel| shown.join(rel)));
    }
    if let Some(first) = git.first() {
        said.push(git_in_static(first, git.len()));
    }
    let mut copied = Vec::new();
    templates.static_files(config.search, &mut |path, bytes| {
        copied.push(path.to_string());
        staging.write(path, bytes)
    })?;
    // The code colours are written before a theme folder's files, so that
    // a theme may ship its own (as a site may, in its static folder).
    staging.write(
        "highlight.css",
        markdown::highlight::stylesheet().as_bytes(),
    )?;
    copied.push("highlight.css".to_string());
    if let Some(dir) = templates.theme_static_dir() {
        let mut from_theme = staging.copy_dir(dir)?;
        if !config.search {
            // A theme folder's search client, as the built-in one's, is
            // not published without search (no page of the site loads it).
            let (client, rest): (Vec<String>, Vec<String>) = from_theme
                .into_iter()
                .partition(|rel| Templates::is_search_client(rel));
            for rel in client {
                staging.remove(&rel)?;
            }
            from_theme = rest;
        }
        copied.extend(from_theme);
    }
    // Crawlers read `robots.txt` at the host's root only: a site served
    // there points them to its sitemap (a site's own static/robots.txt,
    // copied below, replaces it).
    if config.base_path == "/" {
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            config.base_url
        );
        staging.write("robots.txt", robots.as_bytes())?;
        copied.push("robots.txt".to_string());
    }
    // A site file whose name differs from a page's or a theme file's only
    // in case: one file on macOS, Windows and some hosts.
    let shown = site_static
        .strip_prefix(&config.root)
        .unwrap_or(&site_static);
    // (A twin that is itself a site file or folder was said above, within
    // the folder.)
    let own = listed.last().map_or(&[][..], Vec::as_slice);
    for (rel, twin) in staging.case_twins(&site_static)? {
        let folder = format!("{twin}/");
        if !own.iter().any(|f| *f == twin || f.starts_with(&folder)) {
            said.push(case_twin_of(shown, &rel, &twin));
        }
    }
    // The site's own static files come last: they override the theme's.
    copied.extend(staging.copy_dir(&site_static)?);
    super::versions::version_modules(templates, config, staging, &copied, version)?;
    // The dev server removes, next time, what is no longer copied.
    if let Some(cache) = cache {
        for rel in &copied {
            cache.copied(rel);
        }
    }
    Ok(said)
}

fn case_twin_of(folder: &Path, rel: &str, twin: &str) -> Diagnostic {
    let depth = twin.split('/').count();
    if depth < rel.split('/').count() {
        // A folder of this file's path is the one that differs.
        let own: Vec<&str> = rel.split('/').take(depth).collect();
        return Diagnostic::warning(format!(
            "this folder and the build's /{twin}/ differ only by letter case or Unicode form"
        ))
        .in_file(folder.join(own.join("/")))
        .with_help(
            "on macOS and Windows, and on some hosts, the two are one folder, spelled as whichever is made first: \
             the URLs of the other spelling break on a host that tells them apart; rename this folder to match",
        );
    }
    Diagnostic::warning(format!(
        "this file and the build's /{twin} differ only by letter case or Unicode form"
    ))
    .in_file(folder.join(rel))
    .with_help(
        "on macOS and Windows, and on some hosts, the two are one file and one replaces the other: rename this one",
    )
}

fn link_in_static(file: &Path, folder: &Path) -> Diagnostic {
    Diagnostic::warning(format!(
        "symbolic link in {}/ ignored: it is not copied",
        folder.display()
    ))
    .in_file(file)
    .with_help(format!(
        "copy the file into {}/ instead of linking to it",
        folder.display()
    ))
}

/// One warning for all the `.git` entries of static folders (a submodule,
/// a vendored checkout): never published, since the output would then
/// hold a repository's metadata, and the next build refuse it.
fn git_in_static(first: &Path, count: usize) -> Diagnostic {
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Diagnostic::warning(format!(
        "Git repository data in a static folder not copied{more}"
    ))
    .in_file(first)
    .with_help("a `.git` file or folder is never published; nothing to do unless a file in it was meant to be")
}

fn replaced_by_static(folder: &Path, rel: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "this file replaces the one the build writes at `/{rel}`"
    ))
    .in_file(folder.join(rel))
    .with_help("the static file wins; rename or remove it unless replacing that page is intended")
}

/// Errors for the files of the static folder `dir` (shown as `shown`)
/// that cannot be copied among the pages written in `staging`: one whose
/// path goes through a page's file (`atom.xml/x.txt`), or one that would
/// be the file where the build made a folder (`sd/1`). In the dev
/// server's folder (`cache`), what earlier runs left in the way goes
/// first (see [`clear_stale_way`]).
fn blocked_by_pages(
    staging: &Staging,
    dir: &Path,
    shown: &Path,
    cache: Option<&PageCache>,
) -> std::io::Result<Vec<Diagnostic>> {
    let out = staging.written();
    let mut errors = Vec::new();
    for rel in output::files_under(dir)? {
        if let Some(cache) = cache {
            clear_stale_way(staging, cache, &rel)?;
        }
        let through = file_on_path(&rel, |folder| out.is_file(folder));
        let error = if let Some(folder) = through {
            Diagnostic::error(format!(
                "this static file needs a folder {folder}/, but {folder} is a file the build writes"
            ))
            .with_help(format!("move it out of {folder}/ in the static folder: the site's own {folder} must stay a file"))
        } else if out.is_dir(&rel) {
            Diagnostic::error(format!(
                "this static file would be the file {rel}, where the build writes the folder {rel}/ of a page"
            ))
            .with_help("rename it or move it: a page of the site is published there")
        } else {
            continue;
        };
        errors.push(error.in_file(shown.join(&rel)));
    }
    Ok(errors)
}

/// Errors for the site's static files that the theme's own files (its
/// folder's, or the built-in ones) leave no room for: one whose path goes
/// through a theme file (`style.css/x`), or one where the theme has a
/// folder. (A file of the same name replaces the theme's, as meant.)
fn blocked_by_theme(
    templates: &Templates,
    site_static: &Path,
    config: &Config,
) -> std::io::Result<Vec<Diagnostic>> {
    let mut theme: std::collections::HashSet<String> = match templates.theme_static_dir() {
        Some(dir) => output::files_under(dir)?.into_iter().collect(),
        None => Templates::builtin_static_files()
            .map(String::from)
            .collect(),
    };
    theme.insert("highlight.css".to_string());
    let shown = site_static
        .strip_prefix(&config.root)
        .unwrap_or(site_static);
    let mut errors = Vec::new();
    for rel in output::files_under(site_static)? {
        let through = file_on_path(&rel, |folder| theme.contains(folder));
        let error = if let Some(folder) = through {
            Diagnostic::error(format!(
                "this static file needs a folder {folder}/, but {folder} is a file of the theme"
            ))
            .with_help(format!(
                "move it out of {folder}/ in the static folder; a file static/{folder} would replace the theme's"
            ))
        } else if theme.iter().any(|t| t.starts_with(&format!("{rel}/"))) {
            Diagnostic::error(format!(
                "this static file would be the file {rel}, where the theme has a folder {rel}/"
            ))
            .with_help("rename it or move it: the theme's files are published there")
        } else {
            continue;
        };
        errors.push(error.in_file(shown.join(&rel)));
    }
    Ok(errors)
}

/// The first folder of the path `rel` that `is_file` says is a file: what
/// leaves `rel` no room.
fn file_on_path(rel: &str, is_file: impl Fn(&str) -> bool) -> Option<&str> {
    rel.match_indices('/')
        .map(|(end, _)| &rel[..end])
        .find(|folder| is_file(folder))
}

/// Removes from the dev server's folder what an earlier run wrote where
/// the static file `rel` goes and this run did not write: a static file
/// since turned into a folder (`notes.txt` → `notes.txt/inner.txt`, as a
/// branch switch does in one go), or a folder since turned into a file.
/// The end of the run would remove them as stale, but only once the
/// static files are copied, which they would block; a fresh build's
/// folder never holds them.
fn clear_stale_way(staging: &Staging, cache: &PageCache, rel: &str) -> std::io::Result<()> {
    let out = staging.written();
    let in_way = file_on_path(rel, |folder| out.is_file(folder));
    if let Some(file) = in_way.filter(|f| !cache.has_seen(f)) {
        std::fs::remove_file(staging.resolve(file)?)?;
    }
    if out.is_dir(rel) && !cache.has_seen_under(rel) {
        std::fs::remove_dir_all(staging.resolve(rel)?)?;
    }
    Ok(())
}

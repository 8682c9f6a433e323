//! `annals init`: a new site that builds as it is.

use std::fs;
use std::path::{Path, PathBuf};

use annals::config::CONFIG_FILE;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};

const CONFIG: &str = r#"title: My Dispatch Archive
base_url: https://archive.example.org/
language: en
paginate: 25
series:
  special-dispatch: { title: Special Dispatch, prefix: sd }
taxonomies:
  regions:       { title: Regions }
  people:        { title: People }
  organizations: { title: Organizations }
  topics:        { title: Topics }
search: true
"#;

fn first_dispatch(date: &str) -> String {
    format!(
        r#"---
title: "Welcome to the archive"
series: special-dispatch
number: 1
date: {date}
summary: "The first dispatch: how dispatches are written."
regions: [Nowhere]
topics: [Getting Started]
---

Every dispatch is a Markdown file with front matter. Notes are footnotes[^1],
numbered in the order they are cited, each with a link back.

## Linking to other dispatches

Refer to a dispatch by its id, like [this one](@sd-1#linking-to-other-dispatches),
or to a term page, like [the Getting Started topic](@topics/getting-started).
The build checks every reference.

[^1]: Footnote definitions go at the end of the file.
"#
    )
}

const ABOUT: &str =
    "---\ntitle: About\n---\n\nWhat this archive is, who writes it, and how to cite it.\n";

pub fn run(dir: Option<PathBuf>, quiet: bool) -> u8 {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    if let Some(file) = dir.ancestors().find(|d| d.is_file()) {
        err!(
            "error: {} is a file, where the site's folder would be",
            file.display()
        );
        err!("help: choose a new folder: `annals init mysite`");
        return EXIT_USAGE;
    }
    // A link to a folder that does not exist: making the folder would
    // fail, or make it somewhere the link does not say.
    if let Some(link) = dir
        .ancestors()
        .find(|d| d.is_symlink() && std::fs::metadata(d).is_err())
    {
        err!(
            "error: {} is a symbolic link to {}, which does not exist",
            link.display(),
            std::fs::read_link(link).map_or_else(|_| "?".into(), |t| t.display().to_string())
        );
        err!("help: make the folder it points to first, or choose another: `annals init mysite`");
        return EXIT_USAGE;
    }
    if dir.join(CONFIG_FILE).exists() {
        err!(
            "error: {} already holds a site ({CONFIG_FILE} exists)",
            dir.display()
        );
        err!("help: choose a new folder: `annals init mysite`");
        return EXIT_USAGE;
    }
    // A site inside another's folder (`content/`, say) would be read by
    // the outer site's build as content of its own.
    if let Some(outer) = enclosing_site(&dir) {
        err!(
            "error: {} is inside the site at {} ({CONFIG_FILE} there): a site in it would become part of that site",
            dir.display(),
            outer.display()
        );
        err!(
            "help: create the new site outside {}, e.g. `annals init ../mysite` from that site's folder",
            outer.display()
        );
        return EXIT_USAGE;
    }
    // Into a folder that has files already (say, a site being migrated),
    // nothing of the user's is overwritten.
    let taken: Vec<String> = FILES
        .iter()
        .filter(|f| dir.join(f).exists())
        .map(|f| f.to_string())
        .collect();
    if !taken.is_empty() {
        err!(
            "error: {} has files a new site would overwrite: {}",
            dir.display(),
            taken.join(", ")
        );
        err!("help: choose a new folder: `annals init mysite`");
        return EXIT_USAGE;
    }
    match write_site(&dir) {
        Ok(_) if quiet => EXIT_OK,
        Ok(ignore) => {
            out!("Created a new site in {}", dir.display());
            if let Ignore::Added(lines) = ignore {
                let lines: Vec<String> = lines.iter().map(|l| format!("`{l}`")).collect();
                out!(
                    "Added {} to the existing .gitignore: builds are not committed",
                    lines.join(" and ")
                );
            }
            if dir == Path::new(".") {
                out!("Next: annals serve");
            } else {
                out!("Next: cd {} && annals serve", shell_quoted(&dir));
            }
            EXIT_OK
        }
        Err(e) => {
            err!("error: cannot create the site in {}: {e}", dir.display());
            let help = match e.raw_os_error() {
                Some(libc::ENOTDIR) => {
                    "a part of that path is a file, not a folder: name a folder to make".to_string()
                }
                Some(libc::ENAMETOOLONG) => {
                    "a file or folder name holds at most 255 bytes: choose a shorter one"
                        .to_string()
                }
                _ if e.kind() == std::io::ErrorKind::PermissionDenied => {
                    "choose a folder you may write in, or make it writable for you".to_string()
                }
                _ => String::new(),
            };
            if !help.is_empty() {
                err!("help: {help}");
            }
            EXIT_ERRORS
        }
    }
}

/// The site whose folder holds `dir` (the nearest folder above it with
/// annals.yaml), if any.
fn enclosing_site(dir: &Path) -> Option<PathBuf> {
    let abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(dir)
    };
    // The nearest existing folder, links resolved, then upward from it.
    let existing = abs.ancestors().find_map(|a| fs::canonicalize(a).ok())?;
    let start = if existing == fs::canonicalize(&abs).unwrap_or_default() {
        existing.parent()?.to_path_buf()
    } else {
        existing
    };
    annals::config::find_root(&start)
}

/// The files a new site gets (besides `.gitignore`: see [`ignore_public`]).
const FILES: [&str; 3] = [
    CONFIG_FILE,
    "content/dispatches/special-dispatch/1-welcome.md",
    "content/pages/about.md",
];

fn write_site(dir: &Path) -> std::io::Result<Ignore> {
    let today = annals::build::today().to_string();
    fs::create_dir_all(dir.join("content/dispatches/special-dispatch"))?;
    fs::create_dir_all(dir.join("content/pages"))?;
    fs::create_dir_all(dir.join("static"))?;
    let [config, welcome, about] = FILES;
    super::create_new(&dir.join(config), CONFIG)?;
    super::create_new(&dir.join(welcome), &first_dispatch(&today))?;
    super::create_new(&dir.join(about), ABOUT)?;
    ignore_public(&dir.join(".gitignore"))
}

/// What became of `.gitignore`.
#[derive(Debug, PartialEq)]
enum Ignore {
    Created,
    /// These lines were added.
    Added(Vec<&'static str>),
    /// It ignored the output folder already.
    Kept,
}

/// What `.gitignore` gets: the output folder, and the folders a build
/// makes beside it (its staging folder, an old output it could not
/// remove), with the spellings that already count as each.
const IGNORED: [(&str, &[&str]); 2] = [
    ("/public", &["/public", "/public/", "public", "public/"]),
    (
        "/.public.*",
        &["/.public.*", ".public.*", "/.public.*/", ".public.*/"],
    ),
];

/// Makes `.gitignore` ignore the output folder. A folder with one already
/// is most often a repository the site is started in: its file is the
/// user's, so it is kept, and only the lines the site needs are added (a
/// build's output committed by mistake is the harm to avoid).
fn ignore_public(path: &Path) -> std::io::Result<Ignore> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let lines: Vec<&str> = IGNORED.iter().map(|(line, _)| *line).collect();
            super::create_new(path, &format!("{}\n", lines.join("\n")))?;
            return Ok(Ignore::Created);
        }
        Err(e) => return Err(e),
    };
    let missing: Vec<&str> = IGNORED
        .iter()
        .filter(|(_, spellings)| !text.lines().any(|l| spellings.contains(&l.trim())))
        .map(|(line, _)| *line)
        .collect();
    if missing.is_empty() {
        return Ok(Ignore::Kept);
    }
    let sep = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    use std::io::Write;
    fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .write_all(format!("{sep}{}\n", missing.join("\n")).as_bytes())?;
    Ok(Ignore::Added(missing))
}

/// `path` as a POSIX shell reads it back: as it is when it holds only
/// characters no shell treats specially, else in single quotes.
fn shell_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | '+' | ',' | ':' | '@')
        });
    // A leading `-` would be read as an option of `cd`.
    let text = if text.starts_with('-') {
        format!("./{text}")
    } else {
        text
    };
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_has_the_placeholder_a_build_warns_about() {
        let line = format!("\nbase_url: {}\n", annals::config::INIT_BASE_URL);
        assert!(CONFIG.contains(&line));
    }

    #[test]
    fn a_folder_inside_a_site_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join(CONFIG_FILE), "title: x\n").unwrap();
        let found = enclosing_site(&site.join("content")).unwrap();
        assert_eq!(found, fs::canonicalize(&site).unwrap());
        assert!(enclosing_site(&site.join("content/new/deeper")).is_some());
        assert!(enclosing_site(&dir.path().join("other")).is_none());
        assert!(
            enclosing_site(&site).is_none(),
            "the site itself is refused by name"
        );
    }

    #[test]
    fn gitignore_gets_the_output_folder_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitignore");
        assert_eq!(ignore_public(&path).unwrap(), Ignore::Created);
        assert_eq!(fs::read_to_string(&path).unwrap(), "/public\n/.public.*\n");
        assert_eq!(ignore_public(&path).unwrap(), Ignore::Kept);
        fs::write(&path, "target").unwrap();
        assert_eq!(
            ignore_public(&path).unwrap(),
            Ignore::Added(vec!["/public", "/.public.*"])
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "target\n/public\n/.public.*\n"
        );
        fs::write(&path, "  public/  \n").unwrap();
        assert_eq!(
            ignore_public(&path).unwrap(),
            Ignore::Added(vec!["/.public.*"])
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "  public/  \n/.public.*\n"
        );
        assert_eq!(ignore_public(&path).unwrap(), Ignore::Kept);
    }
}

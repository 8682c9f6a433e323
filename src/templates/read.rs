//! Reading a folder of templates (the site's `templates/`, a theme's):
//! every file a template, by its path, except hidden files and notes;
//! its bytes read as content's are, and links not followed; and a theme
//! folder left empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

pub(super) fn read_dir_templates(
    dir: &Path,
    prefix: &str,
    root: &Path,
    sources: &mut BTreeMap<String, (String, PathBuf)>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    // Hidden files and folders are no templates (`.gitkeep`, `.old/`),
    // as in content/, nor are an editor's backups (`page.html~`); nor
    // are notes kept beside them (`README.md`, which may well show
    // template syntax).
    let shown_entry = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0
            || !name.starts_with('.')
                && !crate::leftovers::is_leftover(&name, e.file_type().is_dir())
    };
    let note = |path: &Path| {
        path.extension().is_some_and(|ext| {
            ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
        })
    };
    let entries = WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in entries.filter_entry(shown_entry).flatten() {
        // Not followed, as in content/ and static/; but said, since the
        // built-in template it was meant to replace is used instead.
        if entry.file_type().is_symlink() && entry.depth() > 0 {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            diags.push(
                Diagnostic::warning("symbolic link in templates/ ignored: it is not read")
                    .in_file(shown)
                    .with_help("copy the template into the folder instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() || note(entry.path()) {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = format!(
            "{prefix}{}",
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        // Read as content is: bad bytes said where they are, and the
        // characters a page or feed cannot carry (a template's text is
        // published as written) are errors too.
        let text = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error(format!("cannot read template: {e}")).in_file(&shown))
            .and_then(|bytes| {
                crate::content::utf8_text(bytes, &shown)
                    .map_err(|d| d.with_help("save the template as UTF-8"))
            });
        match text {
            Ok(mut src) => {
                // An editor's byte order mark is no text of the template
                // (`extends` must come first).
                if src.starts_with('\u{feff}') {
                    src.drain(..3);
                }
                let controls = crate::content::control_characters(&src, &shown);
                // A template with a conflict is still known by its name:
                // a shortcode's every use would otherwise be "unknown".
                diags.extend(crate::conflict::errors(&src, false, &shown));
                if controls.is_empty() {
                    sources.insert(name, (src, shown));
                } else {
                    diags.extend(controls);
                }
            }
            Err(d) => diags.push(d),
        }
    }
}

/// The error for a theme folder with nothing in it but what a file
/// manager leaves: most often a theme kept as a git submodule that was
/// not checked out (a CI clone without submodules). That, not the errors
/// of every template and shortcode it lacks, is what to say.
pub(super) fn empty_theme(config: &Config, theme_dir: &Path) -> Option<Diagnostic> {
    // No file in it, or under it: empty folders, a submodule's `.git`
    // file and a file manager's leftovers make no theme.
    let empty = theme_dir.is_dir()
        && WalkDir::new(theme_dir)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .all(|e| {
                let name = e.file_name().to_string_lossy();
                name == ".git" || crate::leftovers::is_leftover(&name, false)
            });
    if !empty {
        return None;
    }
    let path = format!("themes/{}", config.theme);
    // `path = themes/NAME` in the site's `.gitmodules`.
    let submodule = std::fs::read_to_string(config.root.join(".gitmodules")).is_ok_and(|t| {
        t.lines().any(|l| {
            l.trim()
                .strip_prefix("path")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
                .is_some_and(|p| p.trim().trim_end_matches('/') == path)
        })
    });
    let help = if submodule {
        "it is a git submodule (.gitmodules names it) that is not checked out: run `git submodule update --init` (in CI, check out with submodules)".to_string()
    } else {
        format!(
            "put the theme's files in it (`annals theme {}` writes a copy of the built-in theme), or remove `theme:` to use the built-in theme",
            config.theme
        )
    };
    Some(
        Diagnostic::error(format!("the theme folder {path}/ is empty"))
            .in_file("annals.yaml")
            .with_help(help),
    )
}

//! `annals theme NAME`: copies the built-in theme (compiled into the
//! binary) into `themes/NAME/`, so that a site can change any of its
//! templates, shortcodes or static files without the annals sources.

use std::fs;
use std::path::PathBuf;

use annals::templates::builtin_theme_files;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE, find_root};

pub fn run(root: Option<PathBuf>, name: &str, quiet: bool) -> u8 {
    let root = match find_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // The same rule as `theme:` in annals.yaml: a plain folder name.
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && name.chars().all(|c| !c.is_control());
    // Any case of `default`: on macOS and Windows, themes/Default is
    // themes/default, which replaces the built-in theme.
    if !plain || name.eq_ignore_ascii_case("default") {
        err!("error: `{name}` cannot name a theme folder");
        err!(
            "help: give a plain folder name other than `default` (the built-in theme's), like `annals theme harbour`"
        );
        return EXIT_USAGE;
    }
    let dir = root.join("themes").join(name);
    if dir.exists() {
        err!("error: {} exists already", dir.display());
        err!("help: choose another name, or remove the folder first");
        return EXIT_USAGE;
    }
    for (path, text) in builtin_theme_files() {
        let file = dir.join(&path);
        let written = file
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&file, text));
        if let Err(e) = written {
            err!("error: cannot write {}: {e}", file.display());
            // A half-copied theme would be used as it is: remove it.
            let _ = fs::remove_dir_all(&dir);
            return EXIT_ERRORS;
        }
    }
    if !quiet {
        out!("Copied the built-in theme into {}", dir.display());
        out!("Next: set `theme: {name}` in annals.yaml, then change the files there");
    }
    EXIT_OK
}

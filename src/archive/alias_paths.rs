//! What an alias's own path says about it, apart from the pages it could
//! clash with (see `aliases.rs`): written without its leading `/`, as Hugo
//! took it from the page's folder, or with what Windows refuses in a file
//! name.

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The warning for an alias written without its leading `/` (`old-name`),
/// which is read from the site's root, where Hugo read it from the folder
/// of the page's file (`/dispatches/old-name/`): a moved archive's old URL.
pub(super) fn relative_alias(config: &Config, alias: &str, file: &Path) -> Diagnostic {
    let folder = file
        .strip_prefix(&config.root)
        .unwrap_or(file)
        .strip_prefix("content")
        .ok()
        .and_then(Path::parent)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let alias = alias.trim();
    let from_root = format!("/{alias}");
    let hugo = match folder.as_str() {
        "" => from_root.clone(),
        folder => format!("/{folder}/{alias}"),
    };
    Diagnostic::warning(format!(
        "alias `{alias}` has no leading `/`: it is read from the site's root, as `{from_root}`"
    ))
    .with_help(if hugo == from_root {
        format!("write `{from_root}`")
    } else {
        format!(
            "write `{from_root}` if that is the old URL; Hugo read it from the page's folder, as `{hugo}`"
        )
    })
}

/// What in a site path Windows refuses in a file name (`:`, `*`, `|`, a
/// part ending in a space or a dot, a device name such as `con`), if any.
pub(super) fn not_for_windows(path: &str) -> Option<String> {
    if let Some(c) = path.chars().find(|c| matches!(c, ':' | '*' | '|')) {
        return Some(format!("has `{c}`"));
    }
    for part in path.split('/') {
        if part.ends_with([' ', '.']) {
            return Some(format!("has a part ending in a space or a dot (`{part}`)"));
        }
        let stem = part.split('.').next().unwrap_or(part).to_lowercase();
        // Windows' device names: `com0`-`com9` and `com¹`-`com³` too.
        let numbered = ["com", "lpt"].iter().any(|d| {
            stem.strip_prefix(d).is_some_and(|n| {
                let mut chars = n.chars();
                matches!(
                    (chars.next(), chars.next()),
                    (Some('0'..='9' | '¹' | '²' | '³'), None)
                )
            })
        });
        let device = numbered
            || matches!(
                stem.as_str(),
                "con" | "prn" | "aux" | "nul" | "conin$" | "conout$"
            );
        if device {
            return Some(format!("has the part `{part}`, a device name"));
        }
    }
    None
}

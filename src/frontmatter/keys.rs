//! An unknown front-matter key, and what the editor most likely meant:
//! a key of another tool (`lastmod`), a typo (`sumary`), or a taxonomy
//! the site does not have yet.

use super::KNOWN_KEYS;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, nearest};

/// The error for `key` (not located yet), and the known key it was
/// most likely meant as.
pub(super) fn unknown(
    config: &Config,
    key: &str,
    value: &serde_json::Value,
) -> (Diagnostic, Option<&'static str>) {
    let d = Diagnostic::error(format!("unknown front-matter key `{key}`"));
    if let Some((help, meant)) = crate::migrate::front_matter_key(key) {
        // Jekyll's `author:` as a mapping: its name is the one to keep.
        let name = value.get("name").and_then(serde_json::Value::as_str);
        if let (Some("authors"), Some(name)) = (meant, name) {
            let help = format!(
                "annals calls this `authors`, a list of names: write `authors: [{}]` \
                 (annals keeps no other details of a name)",
                crate::yaml::as_value(name, true)
            );
            return (d.with_help(help), meant);
        }
        return (d.with_help(help), meant);
    }
    let known: Vec<&str> = KNOWN_KEYS
        .iter()
        .copied()
        .chain(config.taxonomies.iter().map(|t| t.key.as_str()))
        .collect();
    // A typo ("sumary") gets the key it most likely meant.
    let near = nearest(key, known.iter().copied());
    // Keys are lower-case (`Title:` is `title`, `Tags:` would be `tags`).
    let lower = key.to_lowercase();
    if lower != key {
        let meant = KNOWN_KEYS.iter().copied().find(|k| *k == lower);
        let taxonomy = config.taxonomy(&lower).is_some();
        let help = if meant.is_some() || taxonomy {
            format!("keys are lower-case: write `{lower}:`")
        } else {
            format!(
                "keys are lower-case: if `{lower}` is a taxonomy, add it under `taxonomies:` in \
                 annals.yaml and write `{lower}:` here; known keys: {}; put free-form data under `extra:`",
                known.join(", ")
            )
        };
        return (d.with_help(help), meant);
    }
    let help = match near {
        Some(k) => format!("did you mean `{k}`? Known keys: {}", known.join(", ")),
        // A list of names is most likely a taxonomy the site does not
        // have (yet).
        None if value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| !v.is_object() && !v.is_array())) =>
        {
            format!(
                "if `{key}` is a taxonomy, add it under `taxonomies:` in annals.yaml; known keys: {}; put free-form data under `extra:`",
                known.join(", ")
            )
        }
        None => format!(
            "known keys: {}; put free-form data under `extra:`",
            known.join(", ")
        ),
    };
    let meant = near.and_then(|k| KNOWN_KEYS.iter().copied().find(|&c| c == k));
    (d.with_help(help), meant)
}

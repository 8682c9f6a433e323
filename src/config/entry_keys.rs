//! Unknown keys inside the entries of `series:` and `taxonomies:`.
//!
//! serde stops an entry at its first unknown key (`deny_unknown_fields`),
//! and the parse goes on without that entry: a second typo in it would
//! only show on the next run. The entries' keys are read from a generic
//! parse first, so that every unknown one is said in one run, each with
//! the key it likely meant or the keys there are.

use crate::diagnostic::{Diagnostic, nearest};
use crate::yaml::{Input, leading_key};

/// The keys a series entry and a taxonomy entry may have.
const ENTRY_KEYS: [(&str, &[&str]); 2] = [
    ("series", &["title", "prefix", "description"]),
    ("taxonomies", &["title"]),
];

/// An error for each unknown key of a series or taxonomy entry, located
/// at the key.
pub(super) fn unknown_entry_keys(input: &Input) -> Vec<Diagnostic> {
    let (Some(serde_json::Value::Object(top)), _, _) = input.parse_all::<serde_json::Value>()
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (group, known) in ENTRY_KEYS {
        let Some(serde_json::Value::Object(entries)) = top.get(group) else {
            continue;
        };
        for (name, entry) in entries {
            let serde_json::Value::Object(keys) = entry else {
                continue;
            };
            if misplaced(name, keys, known) {
                out.push(input.at_key(&[group, name], indented(group, name, true)));
                continue;
            }
            for key in keys.keys().filter(|k| !known.contains(&k.as_str())) {
                let help = match nearest(key, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!(
                        "the keys of an entry of `{group}` are: {}",
                        known.join(", ")
                    ),
                };
                let d = Diagnostic::error(format!("unknown key `{key}`")).with_help(help);
                // On a line of its own, or in the entry's `{ ... }`.
                let entry_line = input.at_key(&[group, name], Diagnostic::error("")).line;
                let own = input.at_key(&[group, name, key], d.clone());
                out.push(if own.line == entry_line {
                    input.at_text(&[group, name], key, d)
                } else {
                    // At the key as written (quotes too), past its indent.
                    let line = input.yaml.lines().nth(own.line.saturating_sub(1));
                    let content = line.map_or("", str::trim_start);
                    let indent = line.map_or(0, |l| l.len() - content.len());
                    let len = leading_key(content).map_or(key.len(), |(_, len)| len);
                    input.at_line_from(own.line, indent, len, d)
                });
            }
        }
    }
    out
}

/// The error for the site's setting `name` indented under `group` (a
/// series or a taxonomy, to YAML); `own_lines` when it has keys of its
/// own, which stay indented under it.
pub(super) fn indented(group: &str, name: &str, own_lines: bool) -> Diagnostic {
    let what = if group == "series" {
        "a series"
    } else {
        "a taxonomy"
    };
    let own = if own_lines {
        " (its own lines stay indented under it)"
    } else {
        ""
    };
    Diagnostic::error(format!(
        "`{name}` is indented under `{group}:`, so it is read as {what}, not as the site's `{name}`"
    ))
    .with_help(format!(
        "settings of the site start at the left edge: remove the spaces before `{name}:`{own}"
    ))
}

/// Whether entry `name` of `series:` or `taxonomies:` is a setting of the
/// site indented under it by mistake (`extra:` with its own keys): a key
/// of the site's, holding none of an entry's keys.
fn misplaced(
    name: &str,
    keys: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
) -> bool {
    super::KNOWN_KEYS.contains(&name) && !keys.keys().any(|k| known.contains(&k.as_str()))
}

/// The lines of the keys inside the entries that [`misplaced`] finds:
/// what else is said of them (serde's unknown keys) is said by the one
/// message about the entry.
pub(super) fn misplaced_lines(input: &Input) -> Vec<usize> {
    let Ok(serde_json::Value::Object(top)) = input.parse::<serde_json::Value>() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (group, known) in ENTRY_KEYS {
        let Some(serde_json::Value::Object(entries)) = top.get(group) else {
            continue;
        };
        for (name, entry) in entries {
            if let serde_json::Value::Object(keys) = entry
                && misplaced(name, keys, known)
            {
                let line = |path: &[&str]| input.at_key(path, Diagnostic::error("")).line;
                lines.push(line(&[group, name]));
                lines.extend(keys.keys().map(|key| line(&[group, name, key])));
            }
        }
    }
    lines
}

/// Whether `d` is serde's report of an unknown key that `said` has said.
pub(super) fn said_already(said: &[Diagnostic], d: &Diagnostic) -> bool {
    d.message.starts_with("unknown key `")
        && said
            .iter()
            .any(|s| s.line == d.line && s.message == d.message)
}

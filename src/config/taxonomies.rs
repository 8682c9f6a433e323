//! The taxonomies of annals.yaml: the default four when none are listed,
//! keys that can name a folder of the site and no field of a dispatch,
//! titles that show something; and Hugo's `singular: plural` entries said
//! as what they are.

use indexmap::IndexMap;

use super::{RESERVED_SEGMENTS, RawTaxonomy, Series, Taxonomy};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::slug::{MAX_SEGMENT_BYTES, is_valid_slug};
use crate::words::Words;
use crate::yaml::Input;

/// The taxonomies of a site whose annals.yaml lists none.
const DEFAULT_TAXONOMY_KEYS: [&str; 4] = ["regions", "people", "organizations", "topics"];

/// Checks each taxonomy's key and title (all problems reported together);
/// `raw` is `None` when annals.yaml lists no `taxonomies:`.
pub(super) fn resolve_taxonomies(
    raw: Option<IndexMap<String, RawTaxonomy>>,
    series: &[Series],
    words: &Words,
    input: &Input,
    diags: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let at_key = |path: &[&str], d: Diagnostic| input.at_key(path, d);
    let default_taxonomies = || {
        DEFAULT_TAXONOMY_KEYS
            .into_iter()
            .map(|k| {
                // In the site's language, as the theme's words are.
                let title = words.get(&format!("taxonomy_{k}")).to_string();
                (k.to_string(), RawTaxonomy { title: Some(title) })
            })
            .collect()
    };
    let mut taxonomies = Vec::new();
    let defaulted = raw.is_none();
    for (key, t) in raw.unwrap_or_else(default_taxonomies) {
        let written = t.title.is_some();
        let title = crate::slug::nfc(&t.title.unwrap_or_default()).into_owned();
        if defaulted && series.iter().any(|s| s.key == key) {
            // The user wrote the series, not the taxonomy: say so there.
            diags.push(at_key(
                &["series", &key],
                Diagnostic::error(format!(
                    "series `{key}` has the key of a default taxonomy"
                ))
                .with_help(format!(
                    "without `taxonomies:` the site has {}: rename the series, or list your own `taxonomies:`",
                    DEFAULT_TAXONOMY_KEYS.join(", ")
                )),
            ));
            continue;
        }
        let why = if !is_valid_slug(&key) {
            Some("use lower-case letters, digits and `-`".to_string())
        } else if key.len() > MAX_SEGMENT_BYTES {
            Some(format!(
                "it names a folder of the site: use at most {MAX_SEGMENT_BYTES} bytes"
            ))
        } else if series.iter().any(|s| s.key == key) {
            Some(format!(
                "`{key}` is also a series key, and both would own the URLs under /{key}/: rename one of them"
            ))
        } else if RESERVED_SEGMENTS.contains(&key.as_str()) {
            Some(format!(
                "its URLs would clash with a built-in page; these are taken: {}",
                RESERVED_SEGMENTS.join(", ")
            ))
        } else if is_field_name(&key) {
            // `people:` in front matter is a taxonomy list; `title:` or `url:`
            // must stay the dispatch's own field, in front matter and in
            // archive.json, where a taxonomy of that name would be a second
            // key of the same name.
            Some(format!(
                "`{key}` is a front-matter or archive.json field; choose another name"
            ))
        } else {
            None
        };
        if let Some(why) = why {
            diags.push(at_key(
                &["taxonomies", &key],
                Diagnostic::error(format!("taxonomy key `{key}` cannot be used")).with_help(why),
            ));
        } else if title
            .chars()
            .all(|c| c.is_whitespace() || crate::content::is_invisible(c))
        {
            // It labels the site's navigation and the search filters.
            let what = if written { "an empty" } else { "no" };
            diags.push(at_key(
                &["taxonomies", &key],
                Diagnostic::error(format!("taxonomy `{key}` has {what} `title`")).with_help(
                    format!(
                        "give the name its pages show: `{key}: {{ title: {} }}`",
                        crate::migrate::example_title(&key)
                    ),
                ),
            ));
        }
        taxonomies.push(Taxonomy { key, title });
    }
    taxonomies
}

/// An error for each entry of `series:` or `taxonomies:` that is not a
/// mapping of settings: a setting of the site indented under it by
/// mistake (`  language: fa`), or a taxonomy written Hugo's way
/// (`singular: plural`).
pub(super) fn scalar_entries(input: &Input) -> Vec<Diagnostic> {
    let Ok(serde_json::Value::Object(top)) = input.parse::<serde_json::Value>() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for group in ["series", "taxonomies"] {
        let Some(serde_json::Value::Object(entries)) = top.get(group) else {
            continue;
        };
        for (key, value) in entries.iter().filter(|(_, v)| !v.is_object()) {
            let d = if super::KNOWN_KEYS.contains(&key.as_str()) {
                super::entry_keys::indented(group, key, false)
            } else if group == "taxonomies" {
                Diagnostic::error(format!("taxonomy `{key}` has no settings"))
                    .with_help(crate::migrate::taxonomy_entry(key, value))
            } else {
                continue;
            };
            found.push(input.at_key(&[group, key], d));
        }
    }
    found
}

/// Whether `key` names a front-matter field or a field of a dispatch in
/// archive.json, where taxonomies sit beside the fields.
fn is_field_name(key: &str) -> bool {
    const JSON_ONLY: &[&str] = &["url", "path", "label", "cites", "cited_by", "terms"];
    crate::frontmatter::KNOWN_KEYS.contains(&key) || JSON_ONLY.contains(&key)
}

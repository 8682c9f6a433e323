//! The series of annals.yaml: keys and id prefixes checked, titles
//! required, all reported together.

use indexmap::IndexMap;

use super::{RESERVED_SEGMENTS, RawSeries, Series};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::slug::{MAX_SEGMENT_BYTES, is_valid_slug};
use crate::yaml::Input;

/// Checks series keys and id prefixes: a prefix names the ids that `@ID`
/// references use, so it must be one an id can be made of, and its own.
pub(super) fn resolve_series(
    raw: IndexMap<String, RawSeries>,
    input: &Input,
    diags: &mut Diagnostics,
) -> Vec<Series> {
    let mut series: Vec<Series> = Vec::new();
    for (key, s) in raw {
        if !is_valid_slug(&key) {
            diags.push(
                input.at_key(
                    &["series", &key],
                    Diagnostic::error(format!("series key `{key}` is not a valid URL segment"))
                        .with_help("use lower-case letters, digits and `-`"),
                ),
            );
        } else if key.len() > MAX_SEGMENT_BYTES {
            diags.push(input.at_key(
                &["series", &key],
                Diagnostic::error(format!("series key `{key}` is too long")).with_help(format!(
                    "it names a folder of the site: use at most {MAX_SEGMENT_BYTES} bytes"
                )),
            ));
        } else if RESERVED_SEGMENTS.contains(&key.as_str()) {
            diags.push(
                input.at_key(
                    &["series", &key],
                    Diagnostic::error(format!("series key `{key}` is reserved"))
                        .with_help("choose another key: its URLs would clash with built-in pages"),
                ),
            );
        }
        let explicit = s.prefix.is_some();
        let prefix = s.prefix.unwrap_or_else(|| key.clone());
        let at_prefix = |d: Diagnostic| {
            let path: &[&str] = if explicit {
                &["series", &key, "prefix"]
            } else {
                &["series", &key]
            };
            input.at_key(path, d)
        };
        if prefix.is_empty() {
            diags.push(at_prefix(
                Diagnostic::error(format!("series `{key}` has an empty `prefix`"))
                    .with_help("give the prefix of its ids, e.g. `prefix: sd` for sd-8631"),
            ));
        } else if explicit && !is_valid_slug(&prefix) {
            diags.push(at_prefix(
                Diagnostic::error(format!(
                    "series `{key}` has prefix `{prefix}`, which an `@ID` reference cannot name"
                ))
                .with_help("use lower-case letters, digits and `-` (not at either end), e.g. `sd`"),
            ));
        } else if let Some(other) = series.iter().find(|o| o.prefix == prefix) {
            diags.push(at_prefix(
                Diagnostic::error(format!(
                    "series `{}` and `{key}` both have the prefix `{prefix}`",
                    other.key
                ))
                .with_help("give each series its own prefix: their ids would be the same"),
            ));
        }
        // In NFC, as the content's names: an editor may save it decomposed.
        let title = crate::slug::nfc(&s.title.unwrap_or_default()).into_owned();
        if title.trim().is_empty() {
            diags.push(input.at_key(
                &["series", &key],
                Diagnostic::error(format!("series `{key}` has no `title`")).with_help(format!(
                    "give the name its pages show: `{key}: {{ title: {}{} }}`",
                    crate::migrate::example_title(&key),
                    // The settings written stay in the line to paste.
                    [
                        explicit.then(|| format!("prefix: {prefix}")),
                        s.description.as_ref().map(|d| format!(
                            "description: {}",
                            serde_json::to_string(d).unwrap_or_default()
                        )),
                    ]
                    .into_iter()
                    .flatten()
                    .map(|setting| format!(", {setting}"))
                    .collect::<String>()
                )),
            ));
        }
        series.push(Series {
            key,
            title,
            prefix,
            description: crate::slug::nfc(&s.description.unwrap_or_default()).into_owned(),
        });
    }
    series
}

//! `strings:` in annals.yaml: the site's own words for the built-in
//! theme and the search page (see `words`), over the built-in table of
//! its language.
//!
//! Each key must be one the English table has, in the same section, and
//! keep that value's placeholders: a label without `{number}` would name
//! every dispatch of a series alike. A language annals has no table for
//! is warned about unless every word is given.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::words::{SECTIONS, Words, placeholders};
use crate::yaml::Input;

/// The site's words: its language's table (English if annals has none),
/// with annals.yaml's `strings:` over it.
pub(super) fn resolve_words(
    raw: Option<IndexMap<String, IndexMap<String, String>>>,
    language: &str,
    input: &Input,
    diags: &mut Diagnostics,
) -> (Words, Option<Diagnostic>) {
    let english = Words::english();
    let builtin = Words::builtin(language);
    let has_table = builtin.is_some();
    let mut words = builtin.unwrap_or_else(|| english.clone());
    let mut given = 0;
    for (section, entries) in raw.unwrap_or_default() {
        let Some(known) = english.section(&section) else {
            let help = match crate::diagnostic::nearest(&section, SECTIONS) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("`strings:` has the sections {}", SECTIONS.join(", ")),
            };
            diags.push(
                input.at_key(
                    &["strings", &section],
                    Diagnostic::error(format!("unknown section `{section}` in `strings:`"))
                        .with_help(help),
                ),
            );
            continue;
        };
        for (key, value) in entries {
            let path = ["strings", section.as_str(), key.as_str()];
            let Some(english_value) = known.get(&key) else {
                let help = match crate::diagnostic::nearest(&key, known.keys().map(String::as_str))
                {
                    Some(k) => format!(
                        "did you mean `{k}`? The keys are those of the English table, docs/guide.md lists them"
                    ),
                    None => format!(
                        "the `{section}` keys are those of the English table: see the guide's section on the site's words"
                    ),
                };
                diags.push(
                    input.at_key(
                        &path,
                        Diagnostic::error(format!("unknown key `{key}` in `strings: {section}:`"))
                            .with_help(help),
                    ),
                );
                continue;
            };
            let want = placeholders(english_value);
            let have = placeholders(&value);
            let missing: Vec<&str> = want.iter().filter(|p| !have.contains(p)).copied().collect();
            let extra: Vec<&str> = have.iter().filter(|p| !want.contains(p)).copied().collect();
            if !missing.is_empty() || !extra.is_empty() {
                let list = |ps: &[&str]| {
                    ps.iter()
                        .map(|p| format!("`{{{p}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let what = if missing.is_empty() {
                    format!("has {}, which nothing fills in", list(&extra))
                } else {
                    format!("leaves out {}", list(&missing))
                };
                diags.push(input.at_value(
                    &path,
                    Diagnostic::error(format!("`{section}: {key}` {what}"))
                        .with_help(format!(
                            "keep the placeholders of the English `{english_value}`{}, in the order your language needs",
                            if want.is_empty() { " (it has none)".to_string() } else { format!(": {}", list(&want)) }
                        )),
                ));
                continue;
            }
            if value.trim().is_empty() {
                diags.push(input.at_value(
                    &path,
                    Diagnostic::error(format!("`{section}: {key}` is empty"))
                        .with_help(format!("write the words that replace the English `{english_value}`, or remove the line to keep the built-in ones")),
                ));
                continue;
            }
            if let Some(section) = words.section_mut(&section) {
                section.insert(key, crate::slug::nfc(&value).into_owned());
                given += 1;
            }
        }
    }
    let total: usize = SECTIONS
        .iter()
        .filter_map(|s| english.section(s))
        .map(|s| s.len())
        .sum();
    let warning = (!has_table && given < total).then(|| {
        input.at_value(
            &["language"],
            Diagnostic::warning(format!(
                "annals has no words for `{language}`: the theme's labels, dates and the search page are in English"
            ))
            .with_help(format!(
                "give them in your language under `strings:` in annals.yaml (the guide's section on the site's words lists the {total} keys), or use a language annals has words for: {}",
                Words::languages().join(", ")
            )),
        )
    });
    (words, warning)
}

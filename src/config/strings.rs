//! `strings:` in annals.yaml: the site's own words for the built-in
//! theme and the search page (see `words`), over the built-in table of
//! its language.
//!
//! Each key must be one the English table has, in the same section, and
//! keep that value's placeholders: a label without `{number}` would name
//! every dispatch of a series alike. A language annals has no table for
//! is warned about unless every word is given.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::words::{CLIENT_FROM_THEME, SECTIONS, Words, placeholders};
use crate::yaml::Input;

/// Longest word a site may give: a label, not a text (every page
/// carries its words).
const MAX_BYTES: usize = 2000;

/// The site's words: its language's table (English if annals has none),
/// with annals.yaml's `strings:` over it, and a warning when annals has
/// no table for the language and `strings:` leaves words out.
pub(super) fn resolve_words(
    (raw, listed_taxonomies): (Option<Value>, bool),
    language: &str,
    input: &Input,
    diags: &mut Diagnostics,
) -> (Words, Vec<Diagnostic>) {
    let english = Words::english();
    let builtin = Words::builtin(language);
    let has_table = builtin.is_some();
    let mut words = builtin.unwrap_or_else(|| english.clone());
    let mut given = BTreeSet::new();
    let mut warnings = Vec::new();
    let sections = match raw {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => {
            diags.push(input.at_value(
                &["strings"],
                Diagnostic::error("`strings` must be a mapping from a section (theme, search, hits) to its words")
                    .with_help("write `strings:`, then `theme:` indented under it, then lines like `cited_by: Cité par` indented under that"),
            ));
            Map::new()
        }
    };
    for (section, entries) in sections {
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
        let entries = match entries {
            Value::Null => continue,
            Value::Object(entries) => entries,
            _ => {
                diags.push(
                    input.at_value(
                        &["strings", &section],
                        Diagnostic::error(format!(
                            "`strings: {section}` must be a mapping from each key to its words"
                        ))
                        .with_help(format!(
                            "write `{section}:`, then indented lines like `{}: …`",
                            known.keys().next().map_or("key", String::as_str)
                        )),
                    ),
                );
                continue;
            }
        };
        for (key, value) in entries {
            let path = ["strings", section.as_str(), key.as_str()];
            let Some(english_value) = known.get(&key) else {
                // The search page's words that are the theme's too.
                let theme_word = CLIENT_FROM_THEME.iter().find(|(c, _)| *c == key);
                let nearest = crate::diagnostic::nearest(&key, known.keys().map(String::as_str));
                let help = match (theme_word, nearest) {
                    (Some((_, theme)), _) if section == "search" => format!(
                        "the search page shows the theme's word here: write `{theme}:` under `theme:`"
                    ),
                    (_, Some(k)) => format!(
                        "did you mean `{k}`? The keys are listed in the guide's section on the site's words"
                    ),
                    (_, None) => format!(
                        "the `{section}` keys are listed in the guide's section on the site's words"
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
            if listed_taxonomies && section == "theme" && key.starts_with("taxonomy_") {
                warnings.push(input.at_key(
                    &path,
                    Diagnostic::warning(format!("`{key}` titles a default taxonomy, and annals.yaml lists its own"))
                        .with_help("write the title in `taxonomies:` (`regions: { title: Регионы }`), and remove this line"),
                ));
            }
            match checked(&section, &key, value, english_value) {
                Ok(value) => {
                    if let Some(words) = words.section_mut(&section) {
                        words.insert(key.clone(), value);
                    }
                    given.insert((section.clone(), key));
                }
                Err(d) => diags.push(input.at_value(&path, d)),
            }
        }
    }
    let missing: Vec<String> = SECTIONS
        .iter()
        .filter_map(|s| english.section(s).map(|keys| (s, keys)))
        .flat_map(|(s, keys)| keys.keys().map(move |k| (s.to_string(), k.clone())))
        .filter(|k| !given.contains(k))
        .map(|(s, k)| format!("`{s}: {k}`"))
        .collect();
    warnings.extend((!has_table && !missing.is_empty()).then(|| {
        let what = if given.is_empty() {
            "the theme's labels, dates and the search page are in English".to_string()
        } else {
            format!(
                "{} of its words are not given under `strings:` and stay English ({}{})",
                missing.len(),
                missing.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                if missing.len() > 3 { ", …" } else { "" }
            )
        };
        input.at_value(
            &["language"],
            Diagnostic::warning(format!("annals has no words for `{language}`: {what}"))
                .with_help(format!(
                    "give them in your language under `strings:` in annals.yaml (the guide's section on the site's words lists every key), or use a language annals has words for: {}",
                    Words::languages().join(", ")
                )),
        )
    }));
    (words, warnings)
}

/// `value` as the word `section: key`, whose English is `english`, or
/// what is wrong with it.
fn checked(section: &str, key: &str, value: Value, english: &str) -> Result<String, Diagnostic> {
    let keep_out = |what: String, help: String| {
        Err(Diagnostic::error(format!("`{section}: {key}` {what}")).with_help(help))
    };
    let value = match value {
        Value::String(text) => text,
        Value::Null => {
            return keep_out(
                "is empty".into(),
                format!(
                    "write the words that replace the English `{english}`, or remove the line to keep the built-in ones"
                ),
            );
        }
        Value::Bool(_) | Value::Number(_) => {
            return keep_out(
                format!("is {value}, not text"),
                format!("put it in quotes if those are the words: `{key}: \"{value}\"`"),
            );
        }
        Value::Array(_) | Value::Object(_) => {
            return keep_out(
                "must be one text".into(),
                format!(
                    "write the words on the line, in quotes if they hold `:` or brackets: `{key}: \"…\"` (the English is `{english}`)"
                ),
            );
        }
    };
    if crate::slug::shows_nothing(&value) {
        return keep_out(
            "is empty".into(),
            format!(
                "write the words that replace the English `{english}`, or remove the line to keep the built-in ones"
            ),
        );
    }
    if value.len() > MAX_BYTES {
        return keep_out(
            format!("is {} bytes long", value.len()),
            format!(
                "a word of the site is at most {MAX_BYTES} bytes: it is written into every page that shows it"
            ),
        );
    }
    let want = placeholders(english);
    let have = placeholders(&value);
    let list = |ps: &[&str]| {
        ps.iter()
            .map(|p| format!("`{{{p}}}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let keep = if want.is_empty() {
        format!("the English `{english}` has none")
    } else {
        format!(
            "keep those of the English `{english}`: {}, in the order your language needs",
            list(&want)
        )
    };
    let extra: Vec<&str> = have.iter().filter(|p| !want.contains(p)).copied().collect();
    let missing: Vec<&str> = want.iter().filter(|p| !have.contains(p)).copied().collect();
    if !extra.is_empty() {
        let what = format!("has {}, which nothing fills in", list(&extra));
        return keep_out(
            what,
            match missing.as_slice() {
                [one] => format!("did you mean `{{{one}}}`? {keep}"),
                _ => keep,
            },
        );
    }
    if !missing.is_empty() {
        return keep_out(format!("leaves out {}", list(&missing)), keep);
    }
    if let Some(twice) = want
        .iter()
        .find(|p| value.matches(&format!("{{{p}}}")).count() > 1)
    {
        return keep_out(
            format!("has `{{{twice}}}` twice"),
            format!("each placeholder is filled in once: {keep}"),
        );
    }
    Ok(crate::slug::nfc(&value).into_owned())
}

//! A theme copied out before annals took the site's words (see `words`)
//! writes its own English labels: on a site whose words are others (a
//! language other than English, or `strings:`), that is said once, or
//! the site would publish English pages without a word.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::words::Words;

/// The templates whose words every page or every dispatch shows.
const CHROME: [&str; 3] = ["base.html", "dispatch.html", "list.html"];

/// A warning at the first of the site's own [`CHROME`] templates that
/// writes none of the site's words, when they are not annals' English.
pub(super) fn english_template(
    config: &Config,
    sources: &BTreeMap<String, (String, PathBuf)>,
) -> Option<Diagnostic> {
    if config.words.theme == Words::english().theme {
        return None;
    }
    let (name, (_, origin)) = CHROME.iter().find_map(|name| {
        let (src, origin) = sources.get(*name)?;
        let own = !origin.starts_with("<built-in theme>");
        (own && !src.contains("site.words")).then_some((name, (src, origin)))
    })?;
    let shown = origin.strip_prefix(&config.root).unwrap_or(origin);
    let why = if config.words.theme == Words::builtin(&config.language).unwrap_or_default().theme {
        format!("this `{}` site's words", config.language)
    } else {
        "the words `strings:` gives".to_string()
    };
    Some(
        Diagnostic::warning(format!(
            "{name} writes its labels itself, in English, not {why} (`site.words`)"
        ))
        .in_file(Path::new(shown))
        .with_help(
            "it was likely copied before annals took the site's words: compare it with a fresh copy (`annals theme NEW`) and carry over the `{{ site.words.… }}` it writes (templates.md, \"Upgrading a theme copied out\")",
        ),
    )
}

//! Stage 1: the site configuration, `annals.yaml`.
//!
//! [`RawConfig`] mirrors the file exactly and rejects unknown keys (a typo must
//! not be silently ignored); [`Config`] is the validated form the rest of the
//! pipeline uses: a parsed base URL, series and taxonomies in the order
//! written.

mod base_url;
mod series;

use base_url::parse_base_url;
pub use base_url::{under_base_path, valid_base_url};
use series::resolve_series;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::slug::{MAX_SEGMENT_BYTES, is_valid_slug};
use crate::yaml::{self, Input, Whole};

pub const CONFIG_FILE: &str = "annals.yaml";

/// Unknown top-level keys are found on a generic parse first (see
/// [`load`]), so that they are all reported along with every bad value.
#[derive(Debug, Deserialize)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    description: Option<String>,
    paginate: Option<Whole>,
    // In the order written: navigation, lists and `annals new` follow it.
    // `series:` with nothing after it is no series, as leaving it out is.
    series: Option<IndexMap<String, RawSeries>>,
    taxonomies: Option<IndexMap<String, RawTaxonomy>>,
    search: Option<bool>,
    theme: Option<String>,
    feed_limit: Option<Whole>,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeries {
    // Optional here so that a missing title is reported beside every
    // other problem of the series, not alone.
    title: Option<String>,
    prefix: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    title: String,
}

/// A numbered series of dispatches ("Special Dispatch").
#[derive(Debug, Clone)]
pub struct Series {
    pub key: String,
    pub title: String,
    /// Prefix of the ids of its dispatches: `sd` gives `sd-8631`.
    pub prefix: String,
    pub description: String,
}

/// A configured taxonomy ("people"); its terms come from front matter.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`.
    pub base_path: String,
    pub language: String,
    pub paginate: usize,
    pub feed_limit: usize,
    pub series: Vec<Series>,
    pub taxonomies: Vec<Taxonomy>,
    pub search: bool,
    pub theme: String,
    pub extra: serde_json::Value,
}

impl Config {
    pub fn series(&self, key: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.key == key)
    }

    /// Where series `key` is in `series`.
    pub fn series_index(&self, key: &str) -> Option<usize> {
        self.series.iter().position(|s| s.key == key)
    }

    pub fn taxonomy(&self, key: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.key == key)
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Replaces the base URL (`--base-url`, or the dev server's own address).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let (base_url, base_path) = parse_base_url(url).map_err(|why| {
            Diagnostic::error(format!("invalid base URL `{url}`: {why}"))
                .with_help("give an absolute http(s) URL, e.g. https://archive.example.org/")
        })?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Finds the site root: `start` or the nearest ancestor holding `annals.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Reads and validates `annals.yaml` in `root`.
pub fn load(root: &Path) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let rel = Path::new(CONFIG_FILE);
    let text = std::fs::read(&path).map_err(|e| {
        Diagnostics::from(vec![
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .with_help("run `annals init` to create a site, or pass --root"),
        ])
    })?;
    let text = crate::content::utf8_text(text, rel)
        .map_err(|d| Diagnostics::from(vec![d.with_help("save the file as UTF-8")]))?;
    if let Some(d) = crate::content::control_character(&text, rel) {
        return Err(Diagnostics::from(vec![d]));
    }
    let source: Arc<str> = Arc::from(text.as_str());
    // YAML ends a line at a CR alone, where every location said here
    // counts LFs: such a line would be misplaced, and misread.
    if let Some(at) = crate::diagnostic::lone_cr(&text) {
        return Err(Diagnostics::from(vec![
            Diagnostic::error("a carriage return (CR) alone ends a line here, which is no line break in annals.yaml")
                .in_file(rel)
                .at_span(&source, at..at)
                .with_help("save the file with LF (or CRLF) line endings"),
        ]));
    }
    // A Hugo or Zola config (`title = "X"`, TOML) is said as that, once
    // per line, rather than as YAML that does not parse.
    let toml = crate::migrate::toml_lines(&text);
    if !toml.is_empty() {
        return Err(Diagnostics::from(
            toml.iter()
                .map(|line| {
                    let written = text.get(line.line.clone()).unwrap_or_default().trim_end();
                    Diagnostic::error(format!(
                        "`{written}` is TOML: annals.yaml is YAML, which writes `key: value`"
                    ))
                    .in_file(rel)
                    .at_span(&source, line.equals.clone())
                    .with_help(format!(
                        "write `{}`; a Hugo or Zola config does not carry over as it is: see the guide's section on moving an archive",
                        line.yaml
                    ))
                })
                .collect::<Vec<_>>(),
        ));
    }
    let input = Input {
        yaml: &text,
        file: rel,
        source: &source,
        start: 0,
        what: "annals.yaml",
        shapes: SHAPES,
    };
    let mut diags = Diagnostics::new();
    let keys = match input.keys() {
        Ok(keys) => keys,
        // A mapping with a bad value (a key given twice, say): its keys
        // are read past it, and the value is reported with the others.
        Err(d) => match input.parse_all::<serde_json::Value>() {
            (Some(serde_json::Value::Object(map)), _, blanked) => {
                // Only keys at the left edge: a line that is no `key:`
                // (`paginat`) or a key indented into a value is reported
                // as that, not as an unknown key too.
                let at_edge = |k: &String| {
                    text.lines().any(|l| {
                        l.strip_prefix(k.as_str())
                            .is_some_and(|rest| rest.trim_start().starts_with(':'))
                    })
                };
                let blanked = blanked.into_iter().filter(at_edge);
                map.into_iter().map(|(k, _)| k).chain(blanked).collect()
            }
            _ => return Err(Diagnostics::from(vec![d])),
        },
    };
    for key in keys.iter().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        // A key of another tool (`baseURL`) before a typo's nearest key.
        let help = crate::migrate::config_key(key).unwrap_or_else(|| {
            match crate::diagnostic::nearest(key, KNOWN_KEYS.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("known keys: {}", KNOWN_KEYS.join(", ")),
            }
        });
        diags.push(input.at_key(
            &[key],
            Diagnostic::error(format!("unknown key `{key}` in annals.yaml")).with_help(help),
        ));
    }
    diags.extend(input.control_characters());
    let (raw, errors, blanked) = input.parse_all::<RawConfig>();
    // A taxonomy written Hugo's way (`region: regions`) is said as that,
    // not as a value of the wrong shape.
    let foreign = foreign_taxonomies(&input);
    diags.extend(
        errors
            .into_iter()
            .filter(|e| !foreign.iter().any(|f| f.line == e.line)),
    );
    diags.extend(foreign);
    let Some(raw) = raw else {
        return Err(diags);
    };
    let config = resolve(raw, root, &input, &mut diags);
    if blanked.is_empty() {
        return config;
    }
    // A blanked `title` was reported as what it is, not as missing.
    let missing_title = |d: &Diagnostic| d.message.contains("needs a `title`");
    if let Err(found) = config {
        diags.extend(found.into_sorted());
    }
    let kept: Vec<Diagnostic> = diags
        .into_sorted()
        .into_iter()
        .filter(|d| !(blanked.iter().any(|k| k == "title") && missing_title(d)))
        .collect();
    Err(Diagnostics::from(kept))
}

/// An error for each entry of `taxonomies:` that is not a mapping of
/// settings, such as Hugo's `singular: plural`.
fn foreign_taxonomies(input: &Input) -> Vec<Diagnostic> {
    let Ok(serde_json::Value::Object(top)) = input.parse::<serde_json::Value>() else {
        return Vec::new();
    };
    let Some(serde_json::Value::Object(taxonomies)) = top.get("taxonomies") else {
        return Vec::new();
    };
    taxonomies
        .iter()
        .filter(|(_, v)| !v.is_object())
        .map(|(key, value)| {
            input.at_key(
                &["taxonomies", key],
                Diagnostic::error(format!("taxonomy `{key}` has no settings"))
                    .with_help(crate::migrate::taxonomy_entry(key, value)),
            )
        })
        .collect()
}

/// The taxonomies of a site whose annals.yaml lists none.
const DEFAULT_TAXONOMY_KEYS: [&str; 4] = ["regions", "people", "organizations", "topics"];

fn resolve(
    raw: RawConfig,
    root: &Path,
    input: &Input,
    diags: &mut Diagnostics,
) -> Result<Config, Diagnostics> {
    let at_key = |path: &[&str], d: Diagnostic| input.at_key(path, d);
    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() {
        diags.push(at_key(
            &["title"],
            Diagnostic::error("annals.yaml needs a `title`")
                .with_help("add a line `title: My Archive`"),
        ));
    }
    let base = raw.base_url.as_deref().unwrap_or("http://127.0.0.1:1111/");
    let (base_url, base_path) = match parse_base_url(base) {
        Ok(v) => v,
        Err(why) => {
            diags.push(at_key(
                &["base_url"],
                Diagnostic::error(format!("invalid base_url `{base}`: {why}"))
                    .with_help("give an absolute http(s) URL, e.g. https://archive.example.org/"),
            ));
            (String::new(), "/".into())
        }
    };
    let paginate = raw.paginate.map_or(25, |n| n.0 as usize);
    if paginate == 0 {
        diags.push(at_key(
            &["paginate"],
            Diagnostic::error("`paginate` must be at least 1")
                .with_help("it is the number of dispatches on each list page, e.g. 25"),
        ));
    }
    if raw.feed_limit.is_some_and(|n| n.0 == 0) {
        diags.push(at_key(
            &["feed_limit"],
            Diagnostic::error("`feed_limit` must be at least 1")
                .with_help("it is the number of entries in each feed, e.g. 20"),
        ));
    }
    let series = resolve_series(raw.series.unwrap_or_default(), input, diags);
    let default_taxonomies = || {
        DEFAULT_TAXONOMY_KEYS
            .into_iter()
            .map(|k| {
                let mut title = k.to_string();
                title[..1].make_ascii_uppercase();
                (k.to_string(), RawTaxonomy { title })
            })
            .collect()
    };
    let mut taxonomies = Vec::new();
    let defaulted = raw.taxonomies.is_none();
    for (key, t) in raw.taxonomies.unwrap_or_else(default_taxonomies) {
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
        } else if t
            .title
            .chars()
            .all(|c| c.is_whitespace() || is_invisible(c))
        {
            // It labels the site's navigation and the search filters.
            diags.push(at_key(
                &["taxonomies", &key],
                Diagnostic::error(format!("taxonomy `{key}` has an empty `title`")).with_help(
                    format!("give the name its pages show: `{key}: {{ title: People }}`"),
                ),
            ));
        }
        taxonomies.push(Taxonomy {
            key,
            title: t.title,
        });
    }
    let language = raw.language.unwrap_or_else(|| "en".into());
    if let Some(why) = crate::lang::problem(&language) {
        diags.push(
            input.at_value(
                &["language"],
                Diagnostic::error(format!(
                    "`language: {language}` is not a language tag: {why}"
                ))
                .with_help(crate::lang::help(&language)),
            ),
        );
    }
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    let plain = !theme.is_empty()
        && !theme.starts_with('.')
        && !theme.contains(['/', '\\'])
        && theme.chars().all(|c| !c.is_control());
    if !plain {
        diags.push(input.at_value(
            &["theme"],
            Diagnostic::error(format!("theme `{theme}` is not a folder name")).with_help(
                "a theme is a folder under themes/ beside annals.yaml: give its name alone, \
                 like `theme: harbour` for themes/harbour/",
            ),
        ));
    } else if theme != "default" && !root.join("themes").join(&theme).is_dir() {
        diags.push(input.at_value(
            &["theme"],
            Diagnostic::error(format!("theme `{theme}` not found")).with_help(format!(
                "a theme is a folder themes/{theme}/ beside annals.yaml (with templates/, \
                 shortcodes/, static/); create it, or remove `theme:` to use the built-in theme"
            )),
        ));
    }
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description: raw.description.unwrap_or_default(),
        base_url,
        base_path,
        language,
        paginate,
        feed_limit: raw.feed_limit.map_or(20, |n| n.0 as usize),
        series,
        taxonomies,
        search: raw.search.unwrap_or(true),
        theme,
        extra: raw.extra,
    })
}

/// Whether `key` names a front-matter field or a field of a dispatch in
/// archive.json, where taxonomies sit beside the fields.
fn is_field_name(key: &str) -> bool {
    const JSON_ONLY: &[&str] = &["url", "path", "label", "cites", "cited_by", "terms"];
    crate::frontmatter::KNOWN_KEYS.contains(&key) || JSON_ONLY.contains(&key)
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "paginate",
    "series",
    "taxonomies",
    "search",
    "theme",
    "feed_limit",
    "extra",
];

const COUNT: yaml::Shape = yaml::Shape {
    must: "must be a whole number, like 25",
    ..yaml::WHOLE
};

/// What each setting's value must look like, for YAML type errors.
const SHAPES: &[(&str, yaml::Shape)] = &[
    ("title", yaml::TEXT),
    ("base_url", yaml::TEXT),
    ("language", yaml::TEXT),
    ("description", yaml::TEXT),
    ("paginate", COUNT),
    ("feed_limit", COUNT),
    ("search", yaml::BOOL),
    ("theme", yaml::TEXT),
    ("prefix", yaml::TEXT),
    (
        "series",
        yaml::Shape {
            must: "must be a mapping from each series' key to its settings",
            help: "write `series:` then indented lines like `special-dispatch: { title: Special Dispatch, prefix: sd }`",
        },
    ),
    (
        "taxonomies",
        yaml::Shape {
            must: "must be a mapping from each taxonomy's key to its settings",
            help: "write `taxonomies:` then indented lines like `people: { title: People }`",
        },
    ),
];

/// Top-level URL segments the build itself uses.
pub(super) const RESERVED_SEGMENTS: &[&str] =
    &["archive", "search", "pages", "dispatches", "static", "page"];

/// A char that shows nothing, though not whitespace to
/// `char::is_whitespace`: zero-width spaces, joiners and marks, bidi
/// controls, fillers (Hangul, Braille blank) and the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

#[cfg(test)]
mod tests;

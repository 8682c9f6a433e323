//! Stage 1: the site configuration, `annals.yaml`.
//!
//! [`RawConfig`] mirrors the file exactly and rejects unknown keys (a typo must
//! not be silently ignored); [`Config`] is the validated form the rest of the
//! pipeline uses: a parsed base URL, series and taxonomies in the order
//! written.

mod base_url;
mod entry_keys;
mod series;
mod strings;
mod taxonomies;

use base_url::parse_base_url;
pub use base_url::{Rooting, valid_base_url};
use series::resolve_series;
use strings::resolve_words;
use taxonomies::{resolve_taxonomies, scalar_entries};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
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
    smart_punctuation: Option<bool>,
    theme: Option<String>,
    feed_limit: Option<Whole>,
    /// The site's words over its language's (see `strings.rs`).
    strings: Option<serde_json::Value>,
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
    // Optional, as a series' (see `RawSeries`).
    title: Option<String>,
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
    /// annals.yaml's path: the same as `base_path` but in a build for
    /// another address (see [`Rooting`]).
    pub site_path: String,
    /// The site's addresses without their scheme (`archive.example.org/`):
    /// annals.yaml's, and the one a build is for if another. An absolute
    /// link to one of them is one of the site's, and checked so.
    pub own_sites: Vec<String>,
    pub language: String,
    pub paginate: usize,
    pub feed_limit: usize,
    pub series: Vec<Series>,
    pub taxonomies: Vec<Taxonomy>,
    pub search: bool,
    /// Bodies' `--`, `---`, `...` and straight quotes written as dashes,
    /// an ellipsis and curly quotes, as Hugo's and Jekyll's typographers
    /// do (Zola's `smart_punctuation`).
    pub smart_punctuation: bool,
    pub theme: String,
    /// The words of the theme, the build and the search page, in the
    /// site's language (see `words`).
    pub words: crate::words::Words,
    pub extra: serde_json::Value,
    /// A warning that `base_url` is still `annals init`'s placeholder
    /// (feeds, the sitemap and canonical links would name it), unless
    /// `--base-url` replaces it.
    pub placeholder_base_url: Option<Diagnostic>,
    /// Other warnings about annals.yaml: a title cut by a ` #`.
    pub warnings: Vec<Diagnostic>,
}

/// The `base_url` that `annals init` writes, to be replaced.
pub const INIT_BASE_URL: &str = "https://archive.example.org/";

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

    /// Where this build puts root-relative URLs.
    pub fn rooting(&self) -> Rooting<'_> {
        Rooting {
            base_path: &self.base_path,
            site_path: &self.site_path,
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Replaces the base URL (`--base-url`, or the dev server's own address).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let (base_url, base_path) = parse_base_url(url).map_err(|why| {
            Diagnostic::error(format!("invalid base URL `{url}`: {why}"))
                .with_help(base_url::base_url_help(url))
        })?;
        let site = base_url::without_scheme(&base_url).to_string();
        if !self.own_sites.contains(&site) {
            self.own_sites.push(site);
        }
        self.base_url = base_url;
        self.base_path = base_path;
        self.placeholder_base_url = None;
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
        let limit = crate::limits::help(&e);
        let help = match e.kind() {
            _ if limit.is_some() => limit.unwrap_or_default(),
            std::io::ErrorKind::NotFound => "run `annals init` to create a site, or pass --root",
            std::io::ErrorKind::PermissionDenied => {
                "let the user who builds read it (`chmod u+r annals.yaml`), or build as its owner"
            }
            _ => "check that the file can be read (`cat annals.yaml`), then run again",
        };
        Diagnostics::from(vec![
            Diagnostic::error(format!("cannot read {}: {e}", path.display())).with_help(help),
        ])
    })?;
    let text = crate::content::utf8_text(text, rel)
        .map_err(|d| Diagnostics::from(vec![d.with_help("save the file as UTF-8")]))?;
    let mut control = crate::content::control_characters(&text, rel);
    control.extend(crate::conflict::errors(&text, false, rel));
    if !control.is_empty() {
        return Err(Diagnostics::from(control));
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
    let toml = crate::migrate::toml_config_lines(&text);
    if !toml.is_empty() {
        return Err(Diagnostics::from(
            toml.iter()
                .map(|line| {
                    let written = text.get(line.line.clone()).unwrap_or_default().trim_end();
                    let within = line
                        .table
                        .as_ref()
                        .map_or(String::new(), |t| format!(" (in `[{t}]`)"));
                    Diagnostic::error(format!(
                        "`{written}`{within} is TOML: annals.yaml is YAML, which writes `key: value`"
                    ))
                    .in_file(rel)
                    .at_span(&source, line.equals.clone())
                    .with_help(format!(
                        "{}; a Hugo or Zola config does not carry over as it is: see the guide's section on moving an archive",
                        crate::migrate::config_line_help(line)
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
            // Errors it cannot read past, or too many (said below): the
            // plain keys at the left edge are still checked.
            (None, _, _) => text
                .lines()
                .filter_map(|line| {
                    let (key, _) = line.split_once(':')?;
                    let plain = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                        && !key.starts_with('-');
                    plain.then(|| key.to_string())
                })
                .collect(),
            _ => return Err(Diagnostics::from(vec![d])),
        },
    };
    let mut unknown = Vec::new();
    // (A key given twice is said as that, and as unknown once.)
    let mut seen = std::collections::HashSet::new();
    for key in keys
        .iter()
        .filter(|k| !KNOWN_KEYS.contains(&k.as_str()) && seen.insert(k.as_str()))
    {
        // A key of another tool (`baseURL`) before a typo's nearest key.
        let help = crate::migrate::config_key(key).unwrap_or_else(|| {
            // A plural key written singular (`taxonomy`) is further than
            // two edits from it.
            let plural = KNOWN_KEYS.iter().copied().find(|k| {
                k.strip_suffix('s') == Some(key)
                    || k.strip_suffix("ies")
                        .is_some_and(|stem| key.strip_suffix('y') == Some(stem))
            });
            match plural.or_else(|| crate::diagnostic::nearest(key, KNOWN_KEYS.iter().copied())) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("known keys: {}", KNOWN_KEYS.join(", ")),
            }
        });
        unknown.push(input.at_key(
            &[key],
            Diagnostic::error(format!("unknown key `{key}` in annals.yaml")).with_help(help),
        ));
    }
    diags.extend(input.control_characters());
    // The site's, a series' and a taxonomy's titles and descriptions.
    let cuts = input.comment_cuts(&|key| matches!(key, "title" | "description"));
    let entry_keys = entry_keys::unknown_entry_keys(&input);
    let (raw, errors, blanked) = input.parse_all::<RawConfig>();
    // A line that is no `key: value` (`[^1]: x`) is said as that, not as
    // an unknown key too; a plain key with a bad value is both.
    diags.extend(unknown.into_iter().filter(|u| {
        !errors
            .iter()
            .any(|e| e.line == u.line && e.message.starts_with("invalid YAML"))
    }));
    // A taxonomy written Hugo's way (`region: regions`), or a setting
    // indented under `series:`, is said as that, not as a value of the
    // wrong shape.
    let foreign = scalar_entries(&input);
    let misplaced = entry_keys::misplaced_lines(&input);
    diags.extend(errors.into_iter().filter(|e| {
        !foreign.iter().any(|f| f.line == e.line)
            && !misplaced.contains(&e.line)
            && !entry_keys::said_already(&entry_keys, e)
    }));
    diags.extend(entry_keys);
    diags.extend(foreign);
    let Some(raw) = raw else {
        return Err(diags);
    };
    let config = resolve(raw, root, &input, &mut diags).map(|mut c| {
        c.warnings.extend(cuts);
        c
    });
    if blanked.is_empty() {
        return config;
    }
    // A blanked `title` was reported as what it is, not as missing.
    let missing_title = |d: &Diagnostic| d.message.starts_with("annals.yaml's `title` is empty");
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

fn resolve(
    raw: RawConfig,
    root: &Path,
    input: &Input,
    diags: &mut Diagnostics,
) -> Result<Config, Diagnostics> {
    let at_value = |path: &[&str], d: Diagnostic| input.at_value(path, d);
    let title = crate::slug::nfc(&raw.title.unwrap_or_default()).into_owned();
    if title.trim().is_empty() {
        let d = if input.has_key(&["title"]) {
            Diagnostic::error("annals.yaml's `title` is empty")
                .with_help("write the archive's name after `title:`, e.g. `title: Harbour Watch`")
        } else {
            Diagnostic::error("annals.yaml needs a `title`")
                .with_help("add a line `title: My Archive`")
        };
        diags.push(at_value(&["title"], d));
    }
    let base = raw.base_url.as_deref().unwrap_or("http://127.0.0.1:1111/");
    let (base_url, base_path) = match parse_base_url(base) {
        Ok(v) => v,
        Err(why) => {
            diags.push(at_value(
                &["base_url"],
                Diagnostic::error(format!("invalid base_url `{base}`: {why}"))
                    .with_help(base_url::base_url_help(base)),
            ));
            (String::new(), "/".into())
        }
    };
    // As written or not quite (`http://`, no last slash), once read.
    let placeholder = [
        "https://archive.example.org/",
        "http://archive.example.org/",
    ];
    // `base_url:` left blank to fill in later, or no key at all: said, or
    // the site would be published with the local server's address.
    let blank = raw.base_url.is_none().then(|| {
        let (what, help) = if input.has_key(&["base_url"]) {
            ("`base_url` is empty", "write the address the site will be served at, such as https://dispatches.example.net/ (or give `--base-url` to build for another)")
        } else {
            ("annals.yaml has no `base_url`", "add a line with the address the site will be served at, such as `base_url: https://dispatches.example.net/` (or give `--base-url` to build for another)")
        };
        at_value(
            &["base_url"],
            Diagnostic::warning(format!(
                "{what}, so feeds, the sitemap and the pages' canonical links name {base}, the local server's address"
            ))
            .with_help(help),
        )
    });
    let placeholder_base_url = (raw.base_url.is_some() && placeholder.contains(&base_url.as_str()))
        .then(|| {
            at_value(
                &["base_url"],
                Diagnostic::warning(format!(
                    "`base_url` is still `annals init`'s example, {INIT_BASE_URL}: feeds, the sitemap and the pages' canonical links name that address"
                ))
                .with_help("write the address the site will be served at, such as https://dispatches.example.net/ (or give `--base-url` to build for another)"),
            )
        })
        .or(blank);
    let paginate = raw.paginate.map_or(25, |n| n.0 as usize);
    if paginate == 0 {
        diags.push(at_value(
            &["paginate"],
            Diagnostic::error("`paginate` must be at least 1")
                .with_help("it is the number of dispatches on each list page, e.g. 25"),
        ));
    }
    if raw.feed_limit.is_some_and(|n| n.0 == 0) {
        diags.push(at_value(
            &["feed_limit"],
            Diagnostic::error("`feed_limit` must be at least 1")
                .with_help("it is the number of entries in each feed, e.g. 20"),
        ));
    }
    let series = resolve_series(raw.series.unwrap_or_default(), input, diags);
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
    let listed_taxonomies = raw.taxonomies.is_some();
    let (words, no_words) =
        resolve_words((raw.strings, listed_taxonomies), &language, input, diags);
    let taxonomies = resolve_taxonomies(raw.taxonomies, &series, &words, input, diags);
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
                "a theme is a folder themes/{theme}/ beside annals.yaml with every template: \
                 `annals theme {theme}` writes one, a copy of the built-in theme to edit; or \
                 remove `theme:` to use the built-in theme"
            )),
        ));
    }
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description: crate::slug::nfc(&raw.description.unwrap_or_default()).into_owned(),
        own_sites: vec![base_url::without_scheme(&base_url).to_string()],
        base_url,
        site_path: base_path.clone(),
        base_path,
        language,
        paginate,
        feed_limit: raw.feed_limit.map_or(20, |n| n.0 as usize),
        series,
        taxonomies,
        search: raw.search.unwrap_or(true),
        smart_punctuation: raw.smart_punctuation.unwrap_or(false),
        theme,
        words,
        extra: match raw.extra {
            serde_json::Value::Null => raw.extra,
            extra => input.extra_as_written().unwrap_or(extra),
        },
        placeholder_base_url,
        warnings: no_words,
    })
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
    "smart_punctuation",
    "theme",
    "feed_limit",
    "strings",
    "extra",
];

const COUNT: yaml::Shape = yaml::Shape {
    must: "must be a whole number of at least 1, like 25",
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
    ("smart_punctuation", yaml::BOOL),
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
        "strings",
        yaml::Shape {
            must: "must be a mapping from a section (theme, search, hits) to its words",
            help: "write `strings:`, then `theme:` indented under it, then lines like `cited_by: Cité par` indented under that",
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

#[cfg(test)]
mod tests;

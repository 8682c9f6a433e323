//! Stage 1: the site configuration, `annals.yaml`.
//!
//! [`RawConfig`] mirrors the file exactly and rejects unknown keys (a typo must
//! not be silently ignored); [`Config`] is the validated form the rest of the
//! pipeline uses: a parsed base URL, series and taxonomies in a stable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::slug::is_valid_slug;
use crate::yaml;

pub const CONFIG_FILE: &str = "annals.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: Option<String>,
    language: Option<String>,
    description: Option<String>,
    paginate: Option<usize>,
    #[serde(default)]
    series: BTreeMap<String, RawSeries>,
    taxonomies: Option<BTreeMap<String, RawTaxonomy>>,
    search: Option<bool>,
    theme: Option<String>,
    feed_limit: Option<usize>,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    title: String,
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
    let text = String::from_utf8(text).map_err(|_| {
        Diagnostics::from(vec![
            Diagnostic::error("annals.yaml is not valid UTF-8")
                .in_file(rel)
                .with_help("save the file as UTF-8"),
        ])
    })?;
    let source: Arc<str> = Arc::from(text.as_str());
    let raw: RawConfig =
        yaml::parse(&text, rel, &source, 0..text.len()).map_err(|d| Diagnostics::from(vec![d]))?;
    resolve(raw, root, rel, &text, &source)
}

fn resolve(
    raw: RawConfig,
    root: &Path,
    rel: &Path,
    text: &str,
    source: &Arc<str>,
) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::new();
    let at_key = |key: &str, d: Diagnostic| {
        let line = yaml::top_level_key_line(text, key).unwrap_or(1);
        let start = crate::diagnostic::line_offset(text, line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        d.in_file(rel).at_span(source, start..end)
    };
    let base = raw.base_url.as_deref().unwrap_or("http://127.0.0.1:1111/");
    let (base_url, base_path) = match parse_base_url(base) {
        Ok(v) => v,
        Err(why) => {
            diags.push(at_key(
                "base_url",
                Diagnostic::error(format!("invalid base_url `{base}`: {why}"))
                    .with_help("give an absolute http(s) URL, e.g. https://archive.example.org/"),
            ));
            (String::new(), "/".into())
        }
    };
    let paginate = raw.paginate.unwrap_or(25);
    if paginate == 0 {
        diags.push(at_key(
            "paginate",
            Diagnostic::error("paginate must be at least 1"),
        ));
    }
    let mut series = Vec::new();
    for (key, s) in raw.series {
        if !is_valid_slug(&key) {
            diags.push(at_key(
                "series",
                Diagnostic::error(format!("series key `{key}` is not a valid URL segment"))
                    .with_help("use lower-case letters, digits and `-`"),
            ));
        }
        let prefix = s.prefix.unwrap_or_else(|| key.clone());
        series.push(Series {
            key,
            title: s.title,
            prefix,
            description: s.description.unwrap_or_default(),
        });
    }
    let default_taxonomies = || {
        ["regions", "people", "organizations", "topics"]
            .into_iter()
            .map(|k| {
                let mut title = k.to_string();
                title[..1].make_ascii_uppercase();
                (k.to_string(), RawTaxonomy { title })
            })
            .collect()
    };
    let mut taxonomies = Vec::new();
    for (key, t) in raw.taxonomies.unwrap_or_else(default_taxonomies) {
        let reserved =
            RESERVED_SEGMENTS.contains(&key.as_str()) || series.iter().any(|s| s.key == key);
        if !is_valid_slug(&key) || reserved {
            diags.push(at_key(
                "taxonomies",
                Diagnostic::error(format!("taxonomy key `{key}` cannot be used"))
                    .with_help("use lower-case letters, digits and `-`, not a series key nor one of: archive, search, pages, dispatches, static"),
            ));
        }
        taxonomies.push(Taxonomy {
            key,
            title: t.title,
        });
    }
    for s in &series {
        if RESERVED_SEGMENTS.contains(&s.key.as_str()) {
            diags.push(at_key(
                "series",
                Diagnostic::error(format!("series key `{}` is reserved", s.key))
                    .with_help("choose another key: its URLs would clash with built-in pages"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description.unwrap_or_default(),
        base_url,
        base_path,
        language: raw.language.unwrap_or_else(|| "en".into()),
        paginate,
        feed_limit: raw.feed_limit.unwrap_or(20).max(1),
        series,
        taxonomies,
        search: raw.search.unwrap_or(true),
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        extra: raw.extra,
    })
}

/// Top-level URL segments the build itself uses.
const RESERVED_SEGMENTS: &[&str] = &["archive", "search", "pages", "dispatches", "static", "page"];

/// Splits a base URL into (normalised URL ending in `/`, path ending in `/`).
fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    if url.contains(['"', '<', '>', ' ', '\\', '?', '#']) {
        return Err("it contains characters not allowed in a base URL");
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err("it has no host");
    }
    let path = path.trim_end_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        assert_eq!(
            parse_base_url("https://x.github.io/archive").unwrap(),
            ("https://x.github.io/archive/".into(), "/archive/".into())
        );
        assert_eq!(
            parse_base_url("https://a.org/").unwrap(),
            ("https://a.org/".into(), "/".into())
        );
        assert!(parse_base_url("ftp://a.org/").is_err());
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title: T\npaginat: 3\n").unwrap();
        let err = load(dir.path()).unwrap_err().into_sorted();
        assert!(err[0].message.contains("paginat"), "{}", err[0].message);
        assert_eq!(err[0].line, 2);
    }

    #[test]
    fn defaults_fill_everything_but_title() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title: T\n").unwrap();
        let c = load(dir.path()).unwrap();
        assert_eq!(c.paginate, 25);
        assert_eq!(c.taxonomies.len(), 4);
        assert!(c.search);
    }
}

//! `series`: one key of annals.yaml's `series:`. Editors moving from
//! other tools write the series' title (`Special Dispatch`) or a list
//! (`["Daily Brief"]`), as they would a taxonomy: each is told the key.

use crate::config::{Config, Series};
use crate::diagnostic::{Diagnostic, nearest};
use crate::slug::slugify;

/// The series key written in `value`; an error when it is no single
/// value (a list, a mapping). A key YAML reads as a number or a boolean
/// (`n`, `no`, `2024`) is the text `written` for it, if known.
pub(super) fn key(
    config: &Config,
    value: &serde_json::Value,
    written: Option<&str>,
) -> Result<Option<String>, Diagnostic> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(_) | Value::Bool(_) => Ok(Some(
            written.map_or_else(|| value.to_string(), str::to_owned),
        )),
        Value::Array(items) => {
            let one = match items.as_slice() {
                [Value::String(s)] => meant(config, s),
                _ => None,
            };
            let help = match one {
                Some(s) => format!("write `series: {}`", s.key),
                None => known(config),
            };
            Err(
                Diagnostic::error("`series` takes one series key from annals.yaml, not a list")
                    .with_help(help),
            )
        }
        Value::Object(_) => Err(Diagnostic::error(
            "`series` takes one series key from annals.yaml",
        )
        .with_help(known(config))),
    }
}

/// The series `written` most likely names: by key, by title (in any
/// case), or by the key its title would make.
fn meant<'c>(config: &'c Config, written: &str) -> Option<&'c Series> {
    let written = written.trim();
    let lower = written.to_lowercase();
    config
        .series(written)
        .or_else(|| {
            config
                .series
                .iter()
                .find(|s| s.title.trim().to_lowercase() == lower)
        })
        .or_else(|| config.series(&slugify(written)))
}

/// The series an unknown `written` most likely stands for: the one its
/// title or key names, else the nearest key.
pub(super) fn likely<'c>(config: &'c Config, written: &str) -> Option<&'c Series> {
    meant(config, written).or_else(|| {
        let near = nearest(written, config.series.iter().map(|s| s.key.as_str()))?;
        config.series(near)
    })
}

/// The help for an unknown series: the key of the series whose title
/// was written, else the nearest key, else the keys there are.
pub(super) fn unknown_help(config: &Config, written: &str) -> String {
    if let Some(s) = meant(config, written) {
        return if s.title.trim().to_lowercase() == written.trim().to_lowercase() {
            format!(
                "use the series key `{}` (`{}` is its title)",
                s.key,
                s.title.trim()
            )
        } else {
            format!("use the series key `{}`", s.key)
        };
    }
    let keys = config.series.iter().map(|s| s.key.as_str());
    match nearest(written, keys) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "{}; a new series is added under `series:` in annals.yaml",
            known(config)
        ),
    }
}

/// The configured series, each key with its title.
fn known(config: &Config) -> String {
    if config.series.is_empty() {
        return "annals.yaml configures no series yet".into();
    }
    let list: Vec<String> = config
        .series
        .iter()
        .map(|s| format!("`{}` ({})", s.key, s.title.trim()))
        .collect();
    format!("the series keys are {}", list.join(", "))
}

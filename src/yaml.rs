//! Strict YAML parsing shared by the config and front-matter stages.
//!
//! serde-saphyr is pure Rust and panic-free; on top of it we set a tight
//! budget (front matter is small, so anything deeply nested or alias-expanded
//! is an attack or a mistake) and turn its errors into [`Diagnostic`]s that
//! point into the file being read, not into the YAML fragment.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options};

use crate::diagnostic::{Diagnostic, line_offset, nearest};

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_nodes = 20_000;
    budget.max_events = 100_000;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Parses `yaml`, which sits at byte range `within` of `source` (the whole
/// file), reporting errors against the file's own lines.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    source: &Arc<str>,
    within: Range<usize>,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(yaml, options()).map_err(|err| {
        let message = clean_message(&err.without_snippet().to_string());
        let mut diag = Diagnostic::error(message.as_str()).in_file(file);
        if let Some(help) = syntax_help(&message) {
            diag = diag.with_help(help);
        } else if let Some(help) = nearest_key(&message) {
            diag = diag.with_help(help);
        }
        match err.location() {
            Some(loc) if loc.line() > 0 => {
                let start = within.start + line_offset(yaml, loc.line() as usize);
                let line_end = source[start..]
                    .find('\n')
                    .map_or(source.len(), |i| start + i);
                let col = (loc.column() as usize).saturating_sub(1);
                let at = source[start..line_end]
                    .char_indices()
                    .nth(col)
                    .map_or(line_end, |(i, _)| start + i);
                diag.at_span(source, at..line_end.max(at + 1).min(source.len()))
            }
            _ => diag.at_span(source, within.start..within.start),
        }
    })
}

/// serde-saphyr appends " at line X column Y"; we show the location ourselves.
fn clean_message(msg: &str) -> String {
    let msg = msg.trim();
    let cut = msg.find(" at line ").unwrap_or(msg.len());
    msg[..cut].trim_end_matches(':').to_string()
}

/// For an unknown key, the known key it most likely meant ("serach").
fn nearest_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    let known = expected.trim_start_matches("one of ").split(", ");
    nearest(key, known.map(|k| k.trim_matches('`'))).map(|k| format!("did you mean `{k}`?"))
}

/// What to do about the YAML syntax errors editors meet most: an unquoted
/// value with a colon in it (titles do: "Kharzan: the reply"), or one
/// that starts with a character YAML reserves (`@`, a backtick, `%`).
fn syntax_help(message: &str) -> Option<&'static str> {
    if message.contains("mapping values are not allowed") {
        Some("a value that contains `: ` must be in quotes, e.g. title: \"Kharzan: the reply\"")
    } else if message.contains("cannot start any token")
        || message.starts_with("unexpected character")
    {
        Some("a value that starts with @, `, % or | must be in quotes, e.g. note: \"@sd-8631\"")
    } else {
        None
    }
}

/// The line (1-based, within `yaml`) on which top-level `key:` is written,
/// for errors the YAML parser cannot place, such as an unknown taxonomy key.
pub fn top_level_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|line| {
            let unquoted = line.trim_start_matches(['"', '\'']);
            line == unquoted.trim_start()
                && unquoted.starts_with(key)
                && unquoted[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: u32,
    }

    #[test]
    fn unknown_key_points_into_the_file() {
        let src: Arc<str> = Arc::from("---\na: 1\nbogus: 2\n---\n");
        let err = parse::<T>("a: 1\nbogus: 2\n", Path::new("x.md"), &src, 4..18).unwrap_err();
        assert!(err.message.contains("bogus"), "{}", err.message);
        assert_eq!(err.line, 3);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            y.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let src: Arc<str> = Arc::from(y.as_str());
        let r = parse::<serde_json::Value>(&y, Path::new("x.md"), &src, 0..y.len());
        assert!(r.is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let y = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
        let src: Arc<str> = Arc::from(y.as_str());
        assert!(parse::<serde_json::Value>(&y, Path::new("x.md"), &src, 0..y.len()).is_err());
    }

    #[test]
    fn common_syntax_errors_say_to_quote() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Text {
            a: String,
        }
        for yaml in ["a: Kharzan: the reply\n", "a: @sd-1\n"] {
            let source: Arc<str> = Arc::from(yaml);
            let err =
                parse::<Text>(&source, Path::new("x.md"), &source, 0..source.len()).unwrap_err();
            let help = err.help.as_deref().unwrap_or("");
            assert!(help.contains("in quotes"), "{err:?}");
        }
    }

    #[test]
    fn unknown_keys_get_the_nearest_known_one() {
        let near = |m: &str| nearest_key(m);
        assert_eq!(
            near("unknown field `serach`, expected one of title, search, theme").as_deref(),
            Some("did you mean `search`?")
        );
        assert_eq!(
            near("unknown field `b`, expected `a`").as_deref(),
            None,
            "one letter is not a typo of another"
        );
        assert_eq!(
            near("unknown field `zzzzzz`, expected one of title, search"),
            None
        );
    }

    #[test]
    fn key_lines() {
        assert_eq!(top_level_key_line("a: 1\n  b: 2\nb: 3\n", "b"), Some(3));
        assert_eq!(top_level_key_line("a: 1\n", "c"), None);
    }
}

//! Control characters that only a YAML escape can write (`"\f"`): the
//! file's raw text is checked before parsing, so these are found in the
//! parsed values, keys included. Feeds and sitemaps are XML, which cannot
//! carry them.

use super::Input;
use crate::diagnostic::Diagnostic;

impl Input<'_> {
    /// The values (and keys) that hold a character XML cannot carry: the
    /// raw characters are refused in the file's text before parsing, so
    /// only a YAML escape (`"\f"`, `"\x02"`) writes one. Feeds and the
    /// sitemap would be broken by it.
    pub fn control_characters(&self) -> Vec<Diagnostic> {
        if !self.yaml.contains('\\') {
            return Vec::new();
        }
        let Ok(value) = self.parse::<serde_json::Value>() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        find_control_characters(&value, &mut Vec::new(), &mut found);
        found
            .into_iter()
            .map(|(path, c)| {
                let key = path.last().copied().unwrap_or(self.what);
                self.at_key(
                    &path,
                    Diagnostic::error({
                        let (article, what) = crate::content::text_kind(c);
                        format!("`{key}` holds {article} {what} U+{:04X}", u32::from(c))
                    })
                    .with_help(match crate::content::latin1_misread(c) {
                        Some(meant) => format!(
                            "it is how `{meant}` reads in text decoded as Latin-1: write `{meant}` \
                             in place of the escape that writes it"
                        ),
                        None => "remove the escape that writes it (such as `\\f` or `\\x02`): \
                                 feeds and sitemaps are XML, which cannot carry it"
                            .to_string(),
                    }),
                )
            })
            .collect()
    }
}

/// Collects, with the path of keys to each, the first character XML 1.0
/// cannot carry (a control other than tab and line breaks, U+FFFE, U+FFFF)
/// of every string in `value`, keys included.
fn find_control_characters<'v>(
    value: &'v serde_json::Value,
    path: &mut Vec<&'v str>,
    found: &mut Vec<(Vec<&'v str>, char)>,
) {
    let bad = |s: &str| s.chars().find(|&c| crate::content::is_not_text(c));
    match value {
        serde_json::Value::String(s) => {
            if let Some(c) = bad(s) {
                found.push((path.clone(), c));
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                find_control_characters(item, path, found);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                path.push(k);
                if let Some(c) = bad(k) {
                    found.push((path.clone(), c));
                }
                find_control_characters(v, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

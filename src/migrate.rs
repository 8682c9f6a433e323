//! What a Hugo or Zola site (or a Jekyll one) writes that annals reads otherwise.
//!
//! Editors move whole archives from those tools, and every file then
//! carries the same foreign names and shapes. A bare "unknown key" for
//! each would leave them guessing, so the names are kept here as two
//! small tables (front matter, annals.yaml) saying what annals writes
//! instead, or that it has no such thing; beside them, the shapes: TOML
//! front matter and section index files (`_index.md`).

/// What annals has in place of a foreign key.
enum Instead {
    /// The same thing under another name.
    Key(&'static str),
    /// Something else, or nothing: said in full.
    Say(&'static str),
}

use Instead::{Key, Say};

const NEW_URL: &str = "annals makes a dispatch's URL from its series and number (or `id`) and \
                       a page's from its file name: remove the line, and list the old URL \
                       under `aliases:` so that it redirects";

/// Front-matter keys of Hugo and Zola, by their names there (compared
/// without regard to case, as Hugo does).
const FRONT_MATTER: &[(&str, Instead)] = &[
    ("lastmod", Key("updated")),
    ("modified", Key("updated")),
    // Jekyll's (jekyll-seo-tag and jekyll-last-modified-at read it).
    ("last_modified_at", Key("updated")),
    ("description", Key("summary")),
    ("author", Key("authors")),
    (
        "publishDate",
        Say(
            "annals publishes by `date`: a dispatch dated in the future is left out \
             until that day; write the day as `date:` and remove this line",
        ),
    ),
    (
        "expiryDate",
        Say(
            "annals cannot unpublish by date: if the date has passed (Hugo no \
             longer published the text), set `draft: true` or remove the file; \
             else remove the line, and do so when the text should come down",
        ),
    ),
    (
        "weight",
        Say(
            "annals has no manual order: lists go by date, and a series by number; \
             remove the line",
        ),
    ),
    ("slug", Say(NEW_URL)),
    ("url", Say(NEW_URL)),
    ("path", Say(NEW_URL)),
    // Jekyll's.
    ("permalink", Say(NEW_URL)),
    ("excerpt", Key("summary")),
    (
        "layout",
        Say(
            "annals picks the template by what the file is (a dispatch, a page): remove \
             the line; a site changes a template in its own templates/",
        ),
    ),
    (
        "published",
        Say(
            "annals leaves a text out with `draft: true`: write that for `published: false`, and remove the line",
        ),
    ),
    (
        "taxonomies",
        Say(
            "annals reads each taxonomy as a key of its own: move the keys under \
             `taxonomies:` to the top level, like `people: [Lena Varga]`",
        ),
    ),
];

/// Keys of Hugo's and Zola's site configuration, for annals.yaml.
const CONFIG: &[(&str, Instead)] = &[
    ("baseURL", Key("base_url")),
    ("languageCode", Key("language")),
    ("defaultContentLanguage", Key("language")),
    ("default_language", Key("language")),
    ("paginate_by", Key("paginate")),
    (
        "pagination",
        Say("annals calls this `paginate`, a number: `paginate: 25` dispatches on each list page"),
    ),
    ("build_search_index", Key("search")),
];

fn help(table: &[(&str, Instead)], key: &str) -> Option<(String, Option<&'static str>)> {
    let (_, instead) = table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))?;
    Some(match instead {
        Key(k) => (format!("annals calls this `{k}`: rename the key"), Some(*k)),
        Say(s) => ((*s).to_string(), None),
    })
}

/// What to write instead of front-matter key `key`, and the key meant
/// when there is one.
pub fn front_matter_key(key: &str) -> Option<(String, Option<&'static str>)> {
    help(FRONT_MATTER, key)
}

/// What to write instead of `key` in annals.yaml.
pub fn config_key(key: &str) -> Option<String> {
    help(CONFIG, key).map(|(h, _)| h)
}

/// What annals.yaml writes for a line of a TOML site config: the key
/// annals calls it, a site's own values under `extra:`, a taxonomy's
/// settings, or nothing for a table annals has no counterpart of (say,
/// `[markdown.highlighting]`, whose `theme` is no site theme).
pub fn config_line_help(line: &ConfigLine) -> String {
    let (key, value) = (line.key.as_str(), line.value.as_str());
    match line.table.as_deref() {
        None => match help(CONFIG, key) {
            Some((_, Some(k))) => format!("write `{k}: {value}`"),
            Some((said, None)) => said,
            None => format!("write `{key}: {value}`"),
        },
        Some("params" | "extra") => {
            format!(
                "a site's own values go under `extra:` in annals.yaml: `extra: {{ {key}: {value} }}`"
            )
        }
        Some("taxonomies") => taxonomy_entry(
            key,
            &serde_json::Value::String(value.trim_matches('"').to_string()),
        ),
        Some(table) if table.starts_with("series.") => {
            let name = &table["series.".len()..];
            format!(
                "a series is written under `series:`: `series: {{ {name}: {{ {key}: {value} }} }}`"
            )
        }
        Some(_) if matches!(key, "typographer" | "smart_punctuation") => {
            "write `smart_punctuation: true` in annals.yaml for dashes, ellipses and curly quotes"
                .to_string()
        }
        Some(table) => format!("annals.yaml has no `[{table}]`: leave `{key}` out"),
    }
}

/// The help for a taxonomy written Hugo's way, `singular: plural`
/// (`region: regions`), or as anything else but its settings.
pub fn taxonomy_entry(key: &str, value: &serde_json::Value) -> String {
    let plural = value
        .as_str()
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
    let example = plural.unwrap_or(key);
    // Hugo's `series` taxonomy is what annals has series for.
    if example == "series" {
        return "annals has series of its own, not as a taxonomy: list each under `series:` \
                in annals.yaml with a `title` and a `prefix` (`special-dispatch: { title: \
                Special Dispatch, prefix: sd }`), and give each dispatch `series: KEY` and \
                `number: N`"
            .to_string();
    }
    let title = example_title(example);
    format!(
        "each taxonomy is `<plural key>: {{ title: ... }}`, and front matter uses the key: \
         write `{example}: {{ title: {title} }}`, and `{example}: [...]` in dispatches"
    )
}

/// A title to show in an example for key `key`: its words capitalized
/// (`special-dispatch` gives "Special Dispatch").
pub fn example_title(key: &str) -> String {
    key.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

mod sections;
mod toml;

pub use sections::section_file;
pub use toml::{ConfigLine, TomlLine, as_yaml, toml_config_lines, toml_fence, toml_lines};

#[cfg(test)]
mod tests;

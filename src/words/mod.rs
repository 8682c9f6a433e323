//! The words pages are written with, in the site's language: the built-in
//! theme's labels, dates, a dispatch's label ("Special Dispatch No.
//! 8631"), and the search client's messages.
//!
//! `html lang` is the site's language on every page, so its own words
//! must be in that language too: English labels on a Persian site are
//! read by a Persian voice, and laid out right to left. annals carries
//! tables for a few languages (`*.yaml` beside this file, embedded in
//! the binary); a site replaces any word under `strings:` in annals.yaml
//! (see `config/strings.rs`), and gives them all for another language.
//!
//! Counts are written "Label: {n}" in the tables, so that no language
//! needs plural rules here.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The three groups of words, as a table and annals.yaml write them.
pub const SECTIONS: [&str; 3] = ["theme", "search", "hits"];

/// The search client's words that are the theme's too: (client key,
/// theme key). A site gives each once, under `theme:`.
pub const CLIENT_FROM_THEME: [(&str, &str); 6] = [
    ("search", "search_archive"),
    ("button", "search"),
    ("placeholder", "search_query_placeholder"),
    ("quoteOpen", "quote_open"),
    ("quoteClose", "quote_close"),
    ("label", "label"),
];

/// The built-in tables: language subtag, and its file.
const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("en.yaml")),
    ("ar", include_str!("ar.yaml")),
    ("de", include_str!("de.yaml")),
    ("es", include_str!("es.yaml")),
    ("fa", include_str!("fa.yaml")),
    ("fr", include_str!("fr.yaml")),
    ("ru", include_str!("ru.yaml")),
    ("tr", include_str!("tr.yaml")),
];

/// A table as its file is written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    theme: BTreeMap<String, String>,
    search: BTreeMap<String, String>,
    hits: BTreeMap<String, String>,
}

/// The words of one site.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// The built-in theme's and the build's own words (`site.words`).
    pub theme: BTreeMap<String, String>,
    /// The search page's client (`data-labels`).
    pub search: BTreeMap<String, String>,
    /// The bar marking a result's words on its page
    /// (`data-search-labels`).
    pub hits: BTreeMap<String, String>,
}

impl Words {
    /// The English table: every key there is, with the placeholders each
    /// value must keep.
    pub fn english() -> Words {
        table(TABLES[0].1)
    }

    /// The built-in table for language tag `tag` (by its primary subtag:
    /// `fa-IR` takes `fa`), if annals has one.
    pub fn builtin(tag: &str) -> Option<Words> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        TABLES
            .iter()
            .find(|(lang, _)| *lang == primary)
            .map(|(_, text)| table(text))
    }

    /// The languages annals has words for, for help texts.
    pub fn languages() -> Vec<&'static str> {
        TABLES.iter().map(|(lang, _)| *lang).collect()
    }

    /// The section called `name`.
    pub fn section_mut(&mut self, name: &str) -> Option<&mut BTreeMap<String, String>> {
        match name {
            "theme" => Some(&mut self.theme),
            "search" => Some(&mut self.search),
            "hits" => Some(&mut self.hits),
            _ => None,
        }
    }

    /// The section called `name`.
    pub fn section(&self, name: &str) -> Option<&BTreeMap<String, String>> {
        match name {
            "theme" => Some(&self.theme),
            "search" => Some(&self.search),
            "hits" => Some(&self.hits),
            _ => None,
        }
    }

    /// Theme word `key` (empty if there is none: every table has every
    /// key, which a test checks, and annals.yaml cannot add one).
    pub fn get(&self, key: &str) -> &str {
        self.theme.get(key).map_or("", String::as_str)
    }

    /// Theme word `key` with its placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// Theme word `key` filled in but for `{at}`, cut there: the words
    /// before and after what a page marks up in place of `at` (a link, a
    /// name in its own language). Without `{at}`, all of it goes after.
    pub fn around(&self, key: &str, at: &str, values: &[(&str, &str)]) -> [String; 2] {
        let filled = self.fill(key, values);
        match filled.split_once(&format!("{{{at}}}")) {
            Some((before, after)) => [before.to_string(), after.to_string()],
            None => [String::new(), format!(" {filled}")],
        }
    }

    /// The search client's words (its `TEXT` keys): the `search`
    /// section, and the theme's words its page shows too, so that a site
    /// says each once.
    pub fn client(&self) -> BTreeMap<String, String> {
        let mut all = self.search.clone();
        for (client, theme) in CLIENT_FROM_THEME {
            all.insert(client.to_string(), self.get(theme).to_string());
        }
        all
    }

    /// "March 11, 2019", or as the site's language writes a date.
    pub fn date(&self, year: i32, month: u8, day: u8) -> String {
        let month = self.get(&format!("month_{month}"));
        self.fill(
            "date",
            &[
                ("year", &year.to_string()),
                ("month", month),
                ("day", &day.to_string()),
            ],
        )
    }

    /// "Special Dispatch No. 8631": series `title`'s dispatch `number`.
    pub fn label(&self, title: &str, number: impl std::fmt::Display) -> String {
        self.fill(
            "label",
            &[("series", title), ("number", &number.to_string())],
        )
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::english()
    }
}

/// Reads a built-in table (a test checks that each parses and has the
/// English keys).
fn table(text: &str) -> Words {
    let raw: RawTable = serde_saphyr::from_str(text).unwrap_or(RawTable {
        theme: BTreeMap::new(),
        search: BTreeMap::new(),
        hits: BTreeMap::new(),
    });
    Words {
        theme: raw.theme,
        search: raw.search,
        hits: raw.hits,
    }
}

/// `text` with each `{name}` of `values` replaced, in one pass (a value
/// holding `{n}` is not filled again).
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match named {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholders}` of `text`, in order, each once.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain && !found.contains(&name) {
            found.push(name);
        }
        rest = if plain { &after[close + 1..] } else { after };
    }
    found
}

#[cfg(test)]
mod tests;

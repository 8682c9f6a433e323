//! Stage 3: front matter, from the YAML a file starts with to validated fields.
//!
//! [`RawFrontMatter`] mirrors what an editor writes. Taxonomy keys depend on
//! the site's configuration, so they are collected apart and checked against
//! it; any other unknown key is an error naming the key and its line.
//! [`FrontMatter`] holds the validated values: parsed dates, resolved id,
//! terms as display names (slugified later, by the archive stage).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::yaml;

mod checks;
pub(crate) use checks::impossible_day;
mod dates;
mod fences;
mod id;
mod keys;
mod series;

use dates::DATE;
pub use dates::{parse_date, parse_instant};
pub use fences::{Split, SplitError, split};

#[derive(Debug, Deserialize)]
struct RawFrontMatter {
    title: Option<String>,
    id: Option<String>,
    /// One key; read apart, since a list or a title is a common mistake.
    #[serde(default)]
    series: serde_json::Value,
    number: Option<yaml::Whole>,
    date: Option<String>,
    updated: Option<String>,
    summary: Option<String>,
    /// One name or a list of names, read as written by [`yaml::Input::names`].
    #[serde(default)]
    authors: serde_json::Value,
    language: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: serde_json::Value,
    #[serde(default)]
    extra: serde_json::Value,
    /// Taxonomy lists, and anything misspelled: checked against the config.
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

/// Validated front matter of any content file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    /// `id`, or series prefix + number.
    pub id: Option<String>,
    pub series: Option<String>,
    pub number: Option<u64>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// The instants of `date` and `updated` when written as date-times:
    /// they order a day's dispatches and date feed entries.
    pub date_time: Option<Timestamp>,
    pub updated_time: Option<Timestamp>,
    pub summary: String,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    /// taxonomy key -> display names, in the order written.
    pub terms: BTreeMap<String, Vec<String>>,
}

impl FrontMatter {
    /// `updated` and its instant as pages, feeds and citations show them:
    /// none when before `date` (a revision cannot precede publication; the
    /// build warns), so that every output tells the same story.
    pub fn revision(&self) -> (Option<Date>, Option<Timestamp>) {
        if self.revised_before_date() {
            (None, None)
        } else {
            (self.updated, self.updated_time)
        }
    }

    /// Whether `updated` is before `date`: as instants when both are
    /// written with times (in any zones), else as days.
    pub fn revised_before_date(&self) -> bool {
        match (self.date_time, self.updated_time) {
            (Some(date), Some(updated)) => updated < date,
            _ => matches!((self.date, self.updated), (Some(d), Some(u)) if u < d),
        }
    }

    pub fn is_dispatch(&self) -> bool {
        self.id.is_some()
    }
}

/// Parses and validates front matter at `yaml` in `source`.
pub fn parse(
    source: &Arc<str>,
    yaml_range: Range<usize>,
    file: &Path,
    config: &Config,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    // Lines written as TOML (`title = "X"`) are each one error, and are
    // then read as the YAML they mean, so that nothing else is said of
    // them (not "missing `title`").
    let toml = crate::migrate::toml_lines(&source[yaml_range.clone()]);
    let converted = crate::migrate::as_yaml(&source[yaml_range.clone()], &toml);
    let yaml_text = converted.as_str();
    let input = yaml::Input {
        yaml: yaml_text,
        file,
        source,
        start: yaml_range.start,
        what: "the front matter",
        shapes: SHAPES,
    };
    if yaml_text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("front matter is empty")
                .in_file(file)
                .at_span(source, 0..3)
                .with_help("add at least `title:`"),
        ]);
    }
    // Every bad value is reported, and what else is wrong besides.
    let (raw, mut errors, left_out) = input.parse_all::<RawFrontMatter>();
    errors.splice(0..0, toml.iter().map(|line| toml_line(&input, line)));
    let Some(raw) = raw else {
        return Err(errors);
    };
    let at_key = |key: &str, d: Diagnostic| input.at_key(&[key], d);
    let number = raw.number.map(|n| n.0);

    let mut terms = BTreeMap::new();
    // Keys an unknown key was most likely meant as (`titel:` for `title`):
    // not reported again as missing.
    let mut suggested: Vec<&str> = Vec::new();
    for (key, value) in raw.rest {
        if config.taxonomy(&key).is_none() {
            let (mut d, meant) = keys::unknown(config, &key, &value);
            // (`lastmod` beside `updated`: renaming it would give the
            // key twice.)
            if let Some(k) = meant.filter(|k| input.has_key(&[k]))
                && crate::migrate::front_matter_key(&key).is_some()
            {
                d = d.with_help(format!(
                    "annals calls this `{k}`, which this file has already: keep one of the two"
                ));
            }
            suggested.extend(meant);
            errors.push(at_key(&key, d));
            continue;
        }
        match input.names(&key, &value, NAMES) {
            Ok(list) => {
                // A name with no letter or digit has no page to link to.
                let bad: Vec<String> = list
                    .iter()
                    .filter(|n| crate::slug::slugify(n).is_empty())
                    .map(|n| match n.trim() {
                        "" => "an empty one".to_string(),
                        n => format!("`{n}`"),
                    })
                    .collect();
                if let Some(first) = list.iter().find(|n| crate::slug::slugify(n).is_empty()) {
                    let a_name = if bad.len() == 1 { "a name" } else { "names" };
                    errors.push(input.at_text(
                        &[&key],
                        first.trim(),
                        Diagnostic::error(format!(
                            "`{key}` has {a_name} with no letters or digits: {}",
                            bad.join(", ")
                        ))
                        .with_help("a term's page is named after its letters and digits; remove the entry or spell the name out"),
                    ));
                }
                checks::term_slugs(&input, &key, &list, &mut errors);
                terms.insert(key, list.into_iter().map(one_line).collect());
            }
            Err(found) => errors.extend(found),
        }
    }
    let mut names = |key: &str, value: &serde_json::Value, example| {
        input.names(key, value, example).unwrap_or_else(|found| {
            errors.extend(found);
            Vec::new()
        })
    };
    let authors: Vec<String> = names("authors", &raw.authors, NAMES)
        .into_iter()
        .map(one_line)
        .collect();
    let aliases = names(
        "aliases",
        &raw.aliases,
        yaml::Example {
            item: "a path",
            two: "/old/1.htm, /old/2.htm",
        },
    );

    let mut date_field = |key: &str, value: Option<String>| -> Option<Date> {
        let value = value?;
        match parse_date(&value) {
            Some(d) => Some(d),
            None => {
                let d = dates::bad_date(key, &value);
                errors.push(input.at_value(&[key], d));
                None
            }
        }
    };
    let date_time = raw.date.as_deref().and_then(parse_instant);
    let updated_time = raw.updated.as_deref().and_then(parse_instant);
    let date = date_field("date", raw.date);
    let updated = date_field("updated", raw.updated);

    if let Some(tag) = &raw.language {
        checks::language(&input, tag, &mut errors);
    }
    let title = one_line(raw.title.unwrap_or_default());
    if crate::slug::shows_nothing(&title) {
        // At the key when it is there but blank (`title: "  "`, `title:`).
        // `title: #5 The issue` is all comment to YAML: said as that.
        let commented = yaml::comment_cuts(input.yaml, &|k| k == "title")
            .into_iter()
            .find(|c| c.kept.is_empty() && !c.item);
        errors.push(if let Some(cut) = commented {
            let help = yaml::cut_warning(&cut).help.unwrap_or_default();
            input.at_value(
                &["title"],
                Diagnostic::error(format!(
                    "`title` is empty: YAML reads `{}` as a comment",
                    cut.written
                ))
                .with_help(help),
            )
        } else if input.has_key(&["title"]) {
            input.at_value(
                &["title"],
                Diagnostic::error("`title` is empty")
                    .with_help("give the document a title: `title: ...`"),
            )
        } else {
            at_key(
                "title",
                Diagnostic::error("missing `title`")
                    .with_help("add `title: ...` to the front matter"),
            )
        });
    }

    // A blank name would be cited as nobody (`, “Title”`) and fed as an
    // empty author.
    if authors.iter().any(|a| crate::slug::shows_nothing(a)) {
        errors.push(
            input.at_value(
                &["authors"],
                Diagnostic::error("`authors` has an empty name")
                    .with_help("write the name, or remove the empty one"),
            ),
        );
    }

    let raw_series = match series::key(config, &raw.series, input.value_text(&["series"])) {
        Ok(key) => key,
        Err(d) => {
            errors.push(input.at_value(&["series"], d));
            // Said as what it is, not again as missing.
            suggested.push("series");
            None
        }
    };
    let id = id::resolve(
        &input,
        config,
        (raw.id.as_ref(), raw.extra.get("number").is_some()),
        (&raw_series, number),
        &mut errors,
    );
    // A dispatch (by its id, or its series when its number is missing
    // too) needs a date.
    let dispatch = id.is_some() || raw_series.is_some();
    if dispatch && date.is_none() && !errors.iter().any(|e| e.message.contains("date")) {
        // A Jekyll post's file name begins with its date.
        let named = input
            .file
            .file_name()
            .and_then(|n| n.to_str()?.get(..10))
            .filter(|day| dates::parse_date(day).is_some());
        let line = named.map_or("`date: YYYY-MM-DD`".to_owned(), |day| {
            format!("`date: {day}`")
        });
        let aside = if named.is_some() {
            " (the date the file's name begins with)"
        } else {
            ""
        };
        errors.push(missing(
            &input,
            ("date", "title"),
            "a dispatch needs a `date`",
            (&line, aside),
        ));
    }
    checks::aliases(&input, &aliases, &mut errors);
    // A control character in an alias is said at the alias, by name.
    errors.extend(input.control_characters().into_iter().filter(|d| {
        !d.message
            .starts_with("`aliases` holds an invisible control character")
    }));
    if !errors.is_empty() {
        // A key left out for its bad value was reported as what it is,
        // not again as missing.
        // So is one whose misspelling got a "did you mean" (`titel:`).
        let said = |key: &str| left_out.iter().any(|k| k == key) || suggested.contains(&key);
        let missing = |d: &Diagnostic| match d.message.as_str() {
            "missing `title`" | "`title` is empty" => said("title"),
            "a dispatch in a series needs a `number`"
            | "a dispatch in a series needs a `number`: `number` has no value" => said("number"),
            "`number` without `series`" => said("series"),
            "a dispatch needs a `date`" | "a dispatch needs a `date`: `date` has no value" => {
                said("date")
            }
            _ => false,
        };
        errors.retain(|d| !missing(d));
        return Err(errors);
    }
    Ok(FrontMatter {
        title,
        id,
        series: raw_series,
        number,
        date,
        updated,
        date_time,
        updated_time,
        summary: trimmed(one_break(raw.summary.unwrap_or_default())),
        authors,
        language: raw.language,
        draft: raw.draft,
        aliases,
        extra: match raw.extra {
            serde_json::Value::Null => raw.extra,
            extra => input.extra_as_written().unwrap_or(extra),
        },
        terms,
    })
}

/// A title or a name on one line: a block scalar (`title: >`, `- |`)
/// leaves a line break at its end, and a folded or pasted one runs of
/// spaces; every output shows a title on one line, and a reader cannot
/// see doubled spaces but a copied citation keeps them. (A no-break space
/// is kept: it is typed on purpose, `No.\u{A0}8631`.)
fn one_line(text: String) -> String {
    let spaces = [' ', '\t', '\n', '\r', '\u{2028}', '\u{2029}'];
    let tidy = !text.contains(['\t', '\n', '\r', '\u{2028}', '\u{2029}'])
        && !text.contains("  ")
        && text.trim_matches(spaces) == text;
    if tidy {
        return composed(text);
    }
    composed(
        text.split(spaces)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `text` in Unicode's composed form (NFC), as terms are: a name typed
/// `José` with a combining accent in one file and a precomposed `é` in
/// another is one author, and every output carries one spelling.
fn composed(text: String) -> String {
    match crate::slug::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(nfc) if nfc == text => text,
        std::borrow::Cow::Owned(nfc) => nfc,
    }
}

/// A summary without the line breaks and spaces around it (a block
/// scalar's last line break), its own lines kept.
fn trimmed(text: String) -> String {
    let spaces = [' ', '\t', '\n'];
    composed(match text.trim_matches(spaces) {
        kept if kept.len() == text.len() => text,
        kept => kept.to_owned(),
    })
}

/// `text` (a title, a summary, a name) with each `\r\n` or `\r` (written as an escape: YAML reads the
/// file's own line ends as `\n`) as `\n`, which is what an XML reader of
/// the feeds gets: `archive.json` and the feeds then say the same.
fn one_break(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The error for a key a dispatch needs, `keys.0`: at its line when it
/// is written without its value (`date:`, as an editor clearing it
/// leaves it), else at `keys.1`'s. `write` is the line to write, and a
/// word on it.
fn missing(
    input: &yaml::Input,
    keys: (&str, &str),
    message: &str,
    (line, aside): (&str, &str),
) -> Diagnostic {
    let (key, other) = keys;
    let written = input.has_key(&[key]);
    let d = if written {
        Diagnostic::error(format!("{message}: `{key}` has no value"))
            .with_help(format!("write the value after `{key}:`, as {line}{aside}"))
    } else {
        Diagnostic::error(message).with_help(format!("add {line} to the front matter{aside}"))
    };
    input.at_key(&[if written { key } else { other }], d)
}

/// The error for one front-matter line written as TOML.
fn toml_line(input: &yaml::Input, line: &crate::migrate::TomlLine) -> Diagnostic {
    let written = input.source.get(input.start..).unwrap_or_default();
    let text = written.get(line.line.clone()).unwrap_or_default();
    Diagnostic::error(format!(
        "`{text}` is TOML: `=` is not YAML, which writes `key: value`"
    ))
    .in_file(input.file)
    .at_span(
        input.source,
        input.start + line.equals.start..input.start + line.equals.end,
    )
    .with_help(format!("write `{}`", line.yaml))
}

/// The value of top-level `key` as written in the front matter of
/// `text`, read line by line: for a file whose front matter has errors,
/// where what it says of itself (its number, its id) still counts.
pub fn written(text: &str, key: &str) -> Option<String> {
    let yaml = text.get(split(text).ok()?.yaml)?;
    yaml.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        Some(rest.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The id a file with errors in its front matter was meant to have, as
/// far as its `id:`, or `series:` and `number:` lines say.
pub fn id_written(text: &str, config: &Config) -> Option<String> {
    if let Some(id) = written(text, "id").filter(|id| !id.is_empty()) {
        return Some(id);
    }
    // A mistyped series or number still names the dispatch meant, so
    // that the references to it are not reported as broken as well.
    let series = written(text, "series")?;
    let series = config
        .series(&series)
        .or_else(|| series::likely(config, &series))?;
    let digits: String = written(text, "number")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let number = match digits.trim_start_matches('0') {
        "" if digits.is_empty() => return None,
        "" => "0",
        n => n,
    };
    Some(format!("{}-{number}", series.prefix))
}

/// What each field's value must look like, for YAML type errors.
const SHAPES: &[(&str, yaml::Shape)] = &[
    ("title", yaml::TEXT),
    ("id", yaml::TEXT),
    ("number", yaml::WHOLE),
    ("date", DATE),
    ("updated", DATE),
    ("summary", yaml::TEXT),
    ("language", yaml::TEXT),
    ("draft", yaml::BOOL),
];

/// How a list of names is written, for the messages about one.
const NAMES: yaml::Example = yaml::Example {
    item: "a name",
    two: "First Name, Second Name",
};

/// The front-matter fields; a taxonomy may not take one of these names.
pub const KNOWN_KEYS: &[&str] = &[
    "title", "id", "series", "number", "date", "updated", "summary", "authors", "language",
    "draft", "aliases", "extra",
];

#[cfg(test)]
mod tests;

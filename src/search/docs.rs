//! Per-document files: the result records (`d/<n>.json`), the facet files
//! (`f/*.json`) and the id lookup keys.
//!
//! Records are chunked very small ([`DOCS_PER_CHUNK`]) on purpose: top
//! results by relevance are scattered across the archive, so each shown
//! result usually costs one chunk, and a 500-doc chunk would make the 20
//! shown results cost megabytes.
//!
//! A record keeps the body's start for excerpts, as much of it in any
//! script (Thai or Chinese take three bytes a character), cut between
//! graphemes, and says when it was cut, so that its excerpt ends in "…".

use std::collections::BTreeMap;
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{floor_char_boundary, floor_grapheme};

use super::codec::{base64, encode_doc_set};
use super::output::{Output, write_file};
use super::{Facet, SearchDoc};

pub(crate) const DOCS_PER_CHUNK: usize = 4;
/// Bytes of body text kept per doc as excerpt source (after the summary).
const EXCERPT_BODY_BYTES: usize = 600;
/// Characters kept when they are more than EXCERPT_BODY_BYTES: a result's
/// excerpt shows 240 (search-results.js), and 600 bytes are 200 in Thai
/// or Chinese; the rest is room to window on a word past them. In three
/// bytes a character it is within the text a big archive's build keeps
/// of a body (`markdown::TEXT_HEAD`, 1024 bytes).
const EXCERPT_BODY_CHARS: usize = 320;
/// A cut at a space keeps at least this many characters; with no space
/// after them (Thai, Chinese, a long address) the text is cut between
/// graphemes instead.
const EXCERPT_BODY_MIN_CHARS: usize = 260;
/// Query-string names the client already uses (`n`: how many results are
/// shown); a taxonomy with one of these keys gets a `t-` prefix so URLs
/// stay unambiguous.
const RESERVED_KEYS: [&str; 5] = ["q", "sort", "n", "series", "year"];

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    date: &'a str,
    date_display: &'a str,
    // Only where a doc's language is not the site's: most archives are in
    // one language, and every record would repeat it.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dir: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<u64>,
    summary: &'a str,
    text: &'a str,
    /// Whether `text` is the body's start only. Left out when not: a
    /// client that does not know it reads such a record as before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    cut: bool,
    /// The names it is about, as its page shows them: a result shows
    /// those a query matched (found by the index's names field), where
    /// the start of the body may not mention them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    authors: &'a [String],
    /// Facet key -> term names, for the taxonomies it has terms in.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    terms: BTreeMap<&'a str, Vec<&'a str>>,
}

/// Writes `d/<n>.json` in parallel (they are the bulk of the file count).
pub(crate) fn write_records(docs: &[SearchDoc<'_>], out: &mut Output) -> io::Result<()> {
    let root = out.files_dir().to_path_buf();
    let keys = taxonomy_keys(docs);
    let written: io::Result<Vec<_>> = docs
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let records: Vec<Record<'_>> = chunk.iter().map(|d| record(d, &keys)).collect();
            let json = serde_json::to_vec(&records).map_err(io::Error::other)?;
            write_file(&root, &format!("d/{n}.json"), &json)
        })
        .collect();
    for file in written? {
        out.record(file);
    }
    Ok(())
}

fn record<'a>(doc: &'a SearchDoc<'a>, keys: &'a [(&str, String)]) -> Record<'a> {
    let terms = doc
        .facets
        .iter()
        .filter(|f| !f.terms.is_empty())
        .filter_map(|f| {
            let key = keys.iter().find(|(t, _)| *t == f.key)?;
            Some((
                key.1.as_str(),
                f.terms.iter().map(|(_, name)| *name).collect(),
            ))
        })
        .collect();
    let (text, cut) = body_prefix(doc.excerpt, doc.text.body_len);
    Record {
        id: doc.text.id,
        title: doc.text.title,
        url: doc.url,
        date: doc.date,
        date_display: &doc.date_display,
        lang: doc.lang,
        dir: doc.lang.map(crate::lang::direction),
        series_title: doc.series_title.or(doc.series),
        number: doc.number,
        summary: doc.text.summary,
        text,
        cut,
        authors: doc.authors,
        terms,
    }
}

/// The start of a body (see EXCERPT_BODY_BYTES), cut at a space, else
/// between graphemes, and whether anything but spaces was left out.
/// `body` may itself be the start of a text `whole_len` bytes long (a big
/// archive's build keeps no more), cut anywhere.
fn body_prefix(body: &str, whole_len: usize) -> (&str, bool) {
    let nth = |n| body.char_indices().nth(n).map_or(body.len(), |(i, _)| i);
    let limit = nth(EXCERPT_BODY_CHARS).max(floor_char_boundary(body, EXCERPT_BODY_BYTES));
    let whole = body.len() >= whole_len;
    if limit >= body.len() && whole {
        return (body, false);
    }
    let min = nth(EXCERPT_BODY_MIN_CHARS);
    let cut = if body[limit..].starts_with(char::is_whitespace) {
        limit
    } else if let Some(i) = body[min..limit].rfind(char::is_whitespace) {
        min + i
    } else if limit == body.len() {
        // The text's last grapheme may go on past it: it goes.
        floor_grapheme(body, limit - 1)
    } else {
        floor_grapheme(body, limit)
    };
    let more = !whole || !body[cut..].trim_start().is_empty();
    (body[..cut].trim_end(), more)
}

/// Lookup keys that pin a doc to the top: the lowercased id and the bare
/// number. Several docs may share a number (one per series).
pub(crate) fn id_keys(docs: &[SearchDoc<'_>]) -> BTreeMap<String, Vec<u32>> {
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, doc) in docs.iter().enumerate() {
        let id = doc.text.id.trim().to_lowercase();
        let number = doc.number.map(|v| v.to_string());
        let former = doc.formerly.iter().map(|k| Some(k.to_lowercase()));
        for key in [Some(id), number].into_iter().chain(former).flatten() {
            if key.is_empty() {
                continue;
            }
            let list = keys.entry(key).or_default();
            if list.last() != Some(&(n as u32)) {
                list.push(n as u32);
            }
        }
    }
    keys
}

#[derive(Serialize)]
pub(crate) struct FacetMeta {
    pub key: String,
    pub title: String,
    pub file: String,
    /// File size: the client loads big facet files only on demand.
    pub bytes: usize,
}

#[derive(Serialize)]
struct FacetFile<'a> {
    key: &'a str,
    terms: Vec<FacetTerm>,
}

/// One facet value: `docs` is the base64 of an `encode_doc_set` doc list.
#[derive(Serialize)]
struct FacetTerm {
    value: String,
    name: String,
    count: usize,
    docs: String,
}

/// Values of one facet: slug -> (display name, ascending doc ids).
type Values = BTreeMap<String, (String, Vec<u32>)>;

fn add(values: &mut Values, slug: &str, name: &str, doc: u32) {
    let entry = values
        .entry(slug.to_owned())
        .or_insert_with(|| (name.to_owned(), Vec::new()));
    if entry.1.last() != Some(&doc) {
        entry.1.push(doc);
    }
}

/// Writes `f/series.json`, `f/year.json` and one file per taxonomy, and
/// returns their descriptions for `meta.json`.
pub(crate) fn write_facets(
    docs: &[SearchDoc<'_>],
    names: super::SiteNames<'_>,
    out: &mut Output,
) -> io::Result<Vec<FacetMeta>> {
    let mut series = Values::new();
    let mut years = Values::new();
    let mut taxonomies: Vec<(&Facet<'_>, Values)> = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        let n = n as u32;
        if let Some(key) = doc.series {
            add(&mut series, key, doc.series_title.unwrap_or(key), n);
        }
        if let Some(year) = doc
            .date
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        {
            // As the chronology names it (`/archive/800/`), not `0800`.
            let year = match year.trim_start_matches('0') {
                "" => "0",
                y => y,
            };
            add(&mut years, year, year, n);
        }
        for facet in &doc.facets {
            let i = match taxonomies.iter().position(|(f, _)| f.key == facet.key) {
                Some(i) => i,
                None => {
                    taxonomies.push((facet, Values::new()));
                    taxonomies.len() - 1
                }
            };
            if let Some((_, values)) = taxonomies.get_mut(i) {
                for (slug, name) in &facet.terms {
                    add(values, slug, name, n);
                }
            }
        }
    }

    let mut metas = Vec::new();
    let mut groups = vec![("series".to_owned(), names.series.to_owned(), series)];
    let keys = taxonomy_keys(docs);
    for (facet, values) in taxonomies {
        let key = keys
            .iter()
            .find(|(t, _)| *t == facet.key)
            .map_or_else(|| facet.key.to_owned(), |(_, k)| k.clone());
        let title = if facet.title.is_empty() {
            title_of(facet.key)
        } else {
            facet.title.to_owned()
        };
        groups.push((key, title, values));
    }
    groups.push(("year".to_owned(), names.year.to_owned(), years));
    for (key, title, values) in groups {
        let file = format!("f/{}.json", file_stem(&key));
        let mut values: Vec<_> = values.into_iter().collect();
        // Names as the site's pages list them: the client keeps this order
        // among values of equal counts. (Years it orders itself.)
        if key != "year" {
            values.sort_by_cached_key(|(value, (name, _))| {
                (crate::collate::Key::new(name), value.clone())
            });
        }
        let terms = values
            .into_iter()
            .map(|(value, (name, docs))| FacetTerm {
                value,
                name,
                count: docs.len(),
                docs: base64(&encode_doc_set(&docs)),
            })
            .collect();
        let json = serde_json::to_vec(&FacetFile { key: &key, terms }).map_err(io::Error::other)?;
        out.write(&file, &json)?;
        metas.push(FacetMeta {
            key,
            title,
            file,
            bytes: json.len(),
        });
    }
    Ok(metas)
}

/// Each taxonomy's URL/meta key, in the order docs first list them (see
/// [`facet_keys`]).
fn taxonomy_keys<'a>(docs: &[SearchDoc<'a>]) -> Vec<(&'a str, String)> {
    facet_keys(docs.iter().flat_map(|d| &d.facets).map(|f| f.key))
}

/// Each taxonomy's key in the search page's URL and the index's facet
/// files, given the taxonomies in order (repeats are ignored): the
/// taxonomy's own, unless reserved by the search (`q`, `series`, `year`
/// ...: then `t-` and it) or taken by a key before it (then with `_`s).
pub fn facet_keys<'a>(taxonomies: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, String)> {
    let mut keys: Vec<(&'a str, String)> = Vec::new();
    for taxonomy in taxonomies {
        if keys.iter().any(|(t, _)| *t == taxonomy) {
            continue;
        }
        let mut candidate = if RESERVED_KEYS.contains(&taxonomy) {
            format!("t-{taxonomy}")
        } else {
            taxonomy.to_owned()
        };
        let taken = |c: &str| {
            file_stem(c) == "series" || keys.iter().any(|(_, k)| file_stem(k) == file_stem(c))
        };
        while taken(&candidate) {
            candidate.push('_');
        }
        keys.push((taxonomy, candidate));
    }
    keys
}

/// A file-name-safe form of a facet key.
fn file_stem(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// "people" -> "People", "event_type" -> "Event type": the label of a
/// taxonomy given no title; themes can override labels in the markup.
fn title_of(key: &str) -> String {
    let spaced = key.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn a_body_is_kept_as_far_in_any_script_and_cut_between_graphemes() {
        // Thai: 520 characters, with no space before the end.
        let thai = "ที่นี่มีน้ำใจ".repeat(40) + " จบ";
        let (text, cut) = body_prefix(&thai, thai.len());
        assert!(
            cut && text.chars().count() >= EXCERPT_BODY_MIN_CHARS,
            "{text}"
        );
        assert!(
            thai.grapheme_indices(true).any(|(i, _)| i == text.len()),
            "{text}"
        );
        let family = format!(
            "{}👨\u{200d}👩\u{200d}👧{}",
            "中".repeat(358),
            "中".repeat(300)
        );
        let (text, cut) = body_prefix(&family, family.len());
        assert!(cut && text.ends_with('中'), "{text}");
        let chinese = "这是一个很长的段落。".repeat(100);
        let (text, cut) = body_prefix(&chinese, chinese.len());
        assert!(
            cut && text.chars().count() > 240,
            "{}",
            text.chars().count()
        );
        // English is cut at a space, as before.
        let english = "word ".repeat(200);
        let (text, cut) = body_prefix(&english, english.len());
        assert!(cut && text.len() <= 600 && text.len() > 590 && text.ends_with("word"));
        // A body that fits, or has only spaces past the cut, is whole.
        assert_eq!(body_prefix("Short body.", 11), ("Short body.", false));
        let spaced = format!("{}{}", "a".repeat(600), " ".repeat(40));
        assert_eq!(body_prefix(&spaced, 640), ("a".repeat(600).as_str(), false));
    }

    #[test]
    fn a_body_slimmed_by_the_build_is_cut_as_the_whole_would_be() {
        // The build keeps a big archive's bodies to their first 1024 bytes
        // (at a char boundary): here 256 emoji, the last of a family of
        // which only the man was kept.
        let family = "👨\u{200d}👩\u{200d}👧";
        let text = format!("{}{family}", "🙂".repeat(255)) + &"中".repeat(100);
        let head = &text[..crate::diagnostic::floor_char_boundary(&text, 1024)];
        let (kept, cut) = body_prefix(head, text.len());
        assert_eq!((kept, cut), ("🙂".repeat(255).as_str(), true));
        // Thai and Chinese are kept as far as in a whole body.
        let thai = "ที่นี่มีน้ำใจ".repeat(40) + " จบ";
        let head = &thai[..crate::diagnostic::floor_char_boundary(&thai, 1024)];
        assert_eq!(
            body_prefix(head, thai.len()),
            body_prefix(&thai, thai.len())
        );
    }

    #[test]
    fn a_record_says_its_text_was_cut() {
        let long = "word ".repeat(200);
        let json = |body: &str| {
            let doc = crate::search::tests::doc("sd-1", "T", body);
            serde_json::to_value(record(&doc, &[])).unwrap()
        };
        assert_eq!(json(&long)["cut"], serde_json::json!(true));
        assert!(json("Short body.").get("cut").is_none());
    }

    #[test]
    fn a_taxonomy_named_like_a_search_parameter_gets_another_key() {
        let facets = ["q", "sort", "n", "series", "year", "people", "t-q", "t q"]
            .into_iter()
            .map(|key| crate::search::tests::facet(key, &[]))
            .collect();
        let doc = SearchDoc {
            facets,
            ..crate::search::tests::doc("sd-1", "T", "")
        };
        let keys: Vec<String> = taxonomy_keys(&[doc]).into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            keys,
            [
                "t-q", "t-sort", "t-n", "t-series", "t-year", "people", "t-q_", "t q"
            ]
        );
    }
}

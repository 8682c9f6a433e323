//! Client-side full-text search: builds a static, chunked index under
//! `<output>/search/` that `search.js` queries in the browser, downloading
//! only the few small files a query touches.
//!
//! # Why this shape
//! Whole-archive indexes do not scale to 100k dispatches, so everything is
//! split by what a query needs: the dictionary by term range, postings by
//! term, positions separately (phrase queries only), result records in tiny
//! chunks (shown results only) and facets per group.
//!
//! # Stemming without a stemmer in JavaScript
//! The indexer stems with Snowball (per doc language); the browser does not
//! stem at all. Instead the dictionary is keyed by *surface forms*: every
//! distinct normalized word seen in the archive ("running", "runs") maps to
//! the term(s) it was stemmed to ("run"). The client normalizes a query word
//! with the same cheap rules (see `tokenize.rs` and `normalizeWord` in
//! `search.js`), looks up its surface form, and reads the postings of the
//! stemmed term, so "runs" finds docs that say "running". Surfaces cost
//! dictionary bytes but no postings, which dominate the index. A surface
//! may map to several terms when languages disagree (a word stemmed in an
//! English doc and left unstemmed in a Persian one); the client unions them.
//! A query word never seen in the archive ("titles" when only "title"
//! occurs) falls back to the longest stem in its chunk that prefixes it.
//!
//! # Files (format version [`FORMAT_VERSION`])
//! `meta.json` is the one file with a fixed name; the others are in the
//! folder it names, `search/<16 hex digits>/`, a hash of their contents
//! (see `output.rs`), so that a page open across a deploy never reads one
//! index's dictionary with another's postings.
//! - `meta.json`: the files' folder, doc count, BM25 constants, field
//!   weights, the first surface of every dictionary chunk, records per
//!   chunk, facet files, and the site's title (a citation may start with
//!   it: the client neither searches nor marks it).
//! - `t/<n>.bin` dictionary chunk: `varint T`, then T term records (stem
//!   name, df, postings inline or as (file, offset, len) into `p/`,
//!   positions as (file, offset, len) into `x/`), `varint S`, then S
//!   front-coded surface records (shared prefix bytes, suffix, term indexes
//!   into this chunk, docs pinned by id lookup as deltas).
//! - `p/<n>.bin` posting lists: mode byte, doc ids (0: delta varints, 2:
//!   first doc + bitmap), then one BM25 impact byte per doc.
//! - `x/<n>.bin` positions: per posting, byte-aligned, an Elias-gamma
//!   count and Rice-coded gaps (parameter from `pos_bits` and the count).
//!   Title, summary, body, id and names (authors and terms) are one
//!   position stream with a gap between fields, and between the lines
//!   (blocks) of a field, so phrases never span fields or blocks.
//! - `d/<n>.json` records for docs `n*4..n*4+4`: title, url, date (ISO,
//!   and `date_display` as pages show it), id, series title, number,
//!   summary and the first ~600 bytes of the body, from which the client
//!   builds a highlighted excerpt; its authors and its terms' names by
//!   facet key (a result shows those the query matched); and for a doc in
//!   another language than the site's only, `lang` and `dir` (`rtl`/`ltr`,
//!   by the rule pages follow), which the result's title and excerpt take.
//! - `f/<key>.json` one per facet group (series, each taxonomy, year):
//!   values with name, count and base64 doc sets (deltas, runs or bitmap).
//!   `meta.json` lists each file's size; the client loads the smallest
//!   with the first results, within an 80 KB budget, and the others (the
//!   taxonomies of a 100k archive) only when their group is opened.
//!
//! # Phrases
//! Quoted phrases are verified with positions, fetched only for phrase
//! queries. To bound downloads the client skips the positions of words
//! whose lists exceed 2 MB (only the commonest words of a big archive),
//! treating them as wildcards at their offset; a phrase left with fewer
//! than two words to check fetches no positions and matches as its words.
//!
//! # Relevance
//! BM25 (k1 = 1.2, b = 0.75) over a weighted tf (title x5, summary x2,
//! names x2, body x1). The length normalization is folded into a one-byte impact per
//! posting at build time, so the client needs only df (for idf) and the
//! impacts: no per-doc length table to download.
//!
//! # Id lookup
//! The lowercased doc id ("sd-8631") and the bare number ("8631") are keys
//! in the same dictionary, carrying the docs they pin to the top.

mod build;
mod cache;
mod codec;
mod collect;
mod docs;
mod output;
mod postings;
mod prefetch;
mod segment;
mod shard;
mod table;
mod tokenize;
mod write;

#[cfg(test)]
mod reader;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::io;
use std::path::Path;

use serde::Serialize;

pub use docs::facet_keys;
pub use output::index_folder;
pub use tokenize::tokenize;
// The folding of a query word, which lists of names are sorted by too.
pub(crate) use tokenize::{fold_into, lower_into};

/// Bumped whenever a file layout changes; the client refuses other versions.
pub(crate) const FORMAT_VERSION: u32 = 2;

/// One published dispatch, as the build already has it (plain text, no HTML).
pub struct SearchDoc<'a> {
    /// What tokenizing reads.
    pub text: DocText<'a>,
    /// The start of the body's plain text (at least its first 700 bytes):
    /// the source of result excerpts. The whole text comes from the
    /// `body` function given to [`write_index`].
    pub excerpt: &'a str,
    /// Site-relative, no leading slash: "special-dispatch/8631/".
    pub url: &'a str,
    /// "2020-03-13".
    pub date: &'a str,
    /// The date as pages show it, "March 13, 2020".
    pub date_display: String,
    /// The dispatch's language when it is not the site's: a result shows
    /// its title and excerpt in it (and in its direction).
    pub lang: Option<&'a str>,
    /// Series key, "special-dispatch".
    pub series: Option<&'a str>,
    /// "Special Dispatch".
    pub series_title: Option<&'a str>,
    pub number: Option<u64>,
    /// Ids and numbers it had before (`sd-8606`, `8606`), which find it
    /// as its own do.
    pub formerly: Vec<String>,
    /// Its authors, as its page credits them.
    pub authors: &'a [String],
    /// Its terms in each configured taxonomy.
    pub facets: Vec<Facet<'a>>,
}

/// A dispatch's terms in one taxonomy: a filter group of the search page.
#[derive(Clone)]
pub struct Facet<'a> {
    /// "people".
    pub key: &'a str,
    /// The taxonomy's title, the group's label: "People".
    pub title: &'a str,
    /// (term slug, term display name): [("ali-x", "Ali X")].
    pub terms: Vec<(&'a str, &'a str)>,
}

/// What tokenizing reads of a dispatch besides its body: known once the
/// files are loaded, before the archive is resolved.
#[derive(Clone, Copy)]
pub struct DocText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// Authors and terms, a line each.
    pub names: &'a str,
    /// BCP 47: "en", "fa", "ar", "ru", ...
    pub language: &'a str,
    /// Length in bytes of the whole body text.
    pub body_len: usize,
}

/// What [`write_index`] produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub documents: usize,
    /// Distinct indexed terms (stems).
    pub terms: usize,
    pub files: usize,
    pub bytes: u64,
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    /// The folder of the other files, named by their contents (see
    /// `output.rs`): "3f0c…9a/".
    files: String,
    docs: usize,
    avg_len: f64,
    k1: f32,
    b: f32,
    weights: Weights,
    docs_per_chunk: usize,
    max_word_chars: usize,
    pos_bits: u32,
    dict: Vec<String>,
    facets: Vec<docs::FacetMeta>,
    /// The site's title, which a citation may begin with ("Harbour Watch
    /// Special Dispatch No. 12"): the client does not search it.
    site_title: String,
}

#[derive(Serialize)]
struct Weights {
    title: u32,
    summary: u32,
    body: u32,
}

/// Gives the plain text of doc `n`'s body, footnotes included. Bodies are
/// asked for one shard at a time, each once, so that they need never all
/// be in memory.
pub type BodyText<'a> = dyn Fn(usize) -> Cow<'a, str> + Sync + 'a;

/// Writes the index into `dir` (created if missing; it will be
/// `<output>/search/`): `meta.json`, and the other files in a folder
/// named by their contents, which replaces an earlier index's (see
/// `output.rs`). Deterministic: same docs in same order -> byte-identical
/// files.
pub fn write_index(
    docs: &[SearchDoc<'_>],
    body: &BodyText<'_>,
    names: SiteNames<'_>,
    dir: &Path,
) -> io::Result<IndexStats> {
    let texts: Vec<DocText<'_>> = docs.iter().map(|d| d.text).collect();
    Index::build(&texts, body)?.write(docs, names, dir)
}

/// The site's own words the index's files carry: its title, and the
/// names of the series and year filters, in the site's language (the
/// taxonomies' are their titles).
#[derive(Clone, Copy)]
pub struct SiteNames<'a> {
    pub title: &'a str,
    pub series: &'a str,
    pub year: &'a str,
}

/// An index tokenized in memory, not yet written: the build renders its
/// other pages while [`Index::write`] runs, since writing is partly serial
/// and would otherwise leave cores idle at the end of the build.
pub struct Index {
    docs: usize,
    pos_bits: u32,
    built: build::Built,
}

impl Index {
    /// Tokenizes `docs` on every rayon thread, reading bodies through
    /// `body`.
    pub fn build(docs: &[DocText<'_>], body: &BodyText<'_>) -> io::Result<Self> {
        if u32::try_from(docs.len()).is_err() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "too many documents for the search index",
            ));
        }
        let pos_bits = build::pos_bits(docs);
        let built = build::build(docs, body, pos_bits)?;
        Ok(Index {
            docs: docs.len(),
            pos_bits,
            built,
        })
    }

    /// Writes the index's files into `dir` (see [`write_index`]); `docs`
    /// are the docs it was built from, in the same order; `names` the
    /// site's.
    pub fn write(
        self,
        docs: &[SearchDoc<'_>],
        names: SiteNames<'_>,
        dir: &Path,
    ) -> io::Result<IndexStats> {
        let Index {
            docs: count,
            pos_bits,
            built,
        } = self;
        if count != docs.len() {
            return Err(io::Error::other(
                "search index: the docs to write are not the ones tokenized",
            ));
        }
        let mut out = output::Output::create(dir)?;
        let mut doc_out = out.fork();
        // Records and facets need no index: they are written alongside it.
        let (indexed, doc_files) = rayon::join(
            || -> io::Result<_> {
                let (norms, avg_len) = postings::norms(&built.doc_len);
                let ids = docs::id_keys(docs);
                let dict = write::write_dictionary(&built, &ids, &norms, &mut out)?;
                let terms = built.terms();
                // Freeing a few hundred thousand allocations takes a while;
                // nothing waits for it.
                rayon::spawn(move || drop(built));
                Ok((avg_len, dict, terms))
            },
            || -> io::Result<_> {
                docs::write_records(docs, &mut doc_out)?;
                docs::write_facets(docs, names, &mut doc_out)
            },
        );
        let (avg_len, dict, terms) = indexed?;
        let facets = doc_files?;
        out.absorb(doc_out);

        let [title, summary, body, _, _] = build::FIELD_WEIGHTS;
        let mut meta = Meta {
            version: FORMAT_VERSION,
            files: String::new(),
            docs: docs.len(),
            avg_len,
            k1: postings::K1,
            b: postings::B,
            weights: Weights {
                title,
                summary,
                body,
            },
            docs_per_chunk: docs::DOCS_PER_CHUNK,
            max_word_chars: tokenize::MAX_WORD_CHARS,
            pos_bits,
            dict,
            facets,
            site_title: names.title.to_string(),
        };
        // The folder's name covers what decodes its files, not the titles
        // the client only shows: renaming the site or a facet keeps every
        // reader's cached index (the files are the same).
        let mut shown_only = Vec::new();
        for facet in &mut meta.facets {
            shown_only.push(std::mem::take(&mut facet.title));
        }
        let site_title = std::mem::take(&mut meta.site_title);
        let json = serde_json::to_vec(&meta).map_err(io::Error::other)?;
        meta.files = out.finish(&json)?;
        for (facet, title) in meta.facets.iter_mut().zip(shown_only) {
            facet.title = title;
        }
        meta.site_title = site_title;
        let json = serde_json::to_vec(&meta).map_err(io::Error::other)?;
        out.write_meta(&json)?;
        Ok(IndexStats {
            documents: docs.len(),
            terms,
            files: out.files,
            bytes: out.bytes,
        })
    }
}

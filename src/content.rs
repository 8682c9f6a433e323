//! Stage 2: loading the content folder.
//!
//! Walks `content/` in a stable order, then reads and splits every Markdown
//! file and parses its front matter in parallel. Each file is classified by
//! what it is: a dispatch (it has an id), an entity page
//! (`content/<taxonomy>/<slug>.md`) or a plain page.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, FrontMatter};
use crate::slug::is_valid_slug;

mod listing;
mod text;
pub use listing::list;
pub use text::utf8_text;
pub(crate) use text::{
    control_characters, is_invisible, is_not_text, kind as text_kind, latin1_misread,
    not_in_xml as first_not_in_xml,
};

/// What a content file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Dispatch,
    /// `content/<taxonomy>/<slug>.md`: the text of a term's page.
    Entity {
        taxonomy: String,
        slug: String,
    },
    Page,
}

/// A content file with parsed front matter; its body is not rendered yet.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, for diagnostics.
    pub file: PathBuf,
    /// Path relative to `content/`, `/`-separated: how `@/...` refers to it.
    pub content_path: String,
    /// The whole file; empty once slimmed (see [`SourceFile::full_source`]).
    pub source: Arc<str>,
    pub body: Range<usize>,
    pub front: FrontMatter,
    pub kind: Kind,
    /// Fingerprint of the file's text: a build renders each dispatch twice
    /// (see `render::bodies`) and must notice a file edited in between.
    pub hash: u64,
}

impl SourceFile {
    /// Drops the text, keeping the parsed front matter: a build of 100k
    /// dispatches cannot hold every file in memory.
    pub fn into_slim(mut self) -> Self {
        self.source = Arc::from("");
        self
    }

    /// The file's text, read again when it was dropped (for the snippet of
    /// a diagnostic found later, which is rare).
    pub fn full_source(&self, root: &Path) -> Arc<str> {
        if !self.source.is_empty() {
            return Arc::clone(&self.source);
        }
        std::fs::read_to_string(root.join(&self.file))
            .map(Arc::from)
            .unwrap_or_else(|_| Arc::from(""))
    }
}

/// The fingerprint stored in [`SourceFile::hash`].
pub fn fingerprint(text: &str) -> u64 {
    // Every file passes here: xxh3 is several times faster than the std
    // hasher.
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Reads every file under `content/`.
pub fn load(config: &Config) -> (Vec<SourceFile>, Diagnostics) {
    let (paths, mut diags) = list(config);
    let files = load_each(config, &paths, |f| f, &mut diags);
    (files, diags)
}

/// Loads `paths` in parallel and passes each file through `then` on the
/// same thread (the build renders it there, so that the files' text need
/// not all be in memory at once). Diagnostics go to `diags`.
pub fn load_each<T: Send>(
    config: &Config,
    paths: &[PathBuf],
    then: impl Fn(SourceFile) -> T + Sync,
    diags: &mut Diagnostics,
) -> Vec<T> {
    // What `then` made of a file, with the file's warnings; or its errors.
    type Loaded<T> = Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>;
    let results: Vec<Loaded<T>> = paths
        .par_iter()
        // Small pieces: with rayon's default split, the last piece of a
        // 10k archive kept one core alone for a tenth of a second.
        .with_max_len(8)
        .filter_map(|path| load_path(config, path))
        .map(|loaded| {
            loaded.map(|file| {
                let warnings = file_warnings(config, &file);
                (then(file), warnings)
            })
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((t, warnings)) => {
                out.push(t);
                diags.extend(warnings);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    out
}

/// What a loaded file's front matter is warned about as a whole: a page's
/// terms, which are dropped, and a revision dated before publication.
/// (Said on every run, whether the file was read again or not.)
pub fn file_warnings(config: &Config, file: &SourceFile) -> Vec<Diagnostic> {
    let mut warnings = untagged(config, file);
    warnings.extend(revised_before(config, file));
    warnings.extend(commented(config, file));
    warnings.extend(linked_in_plain_text(config, file));
    warnings
}

/// A warning at a title or summary with a Markdown link in it (`[ten](/x/)`
/// or `[ten](@sd-10)`): they are plain text, on the page, in feeds and in
/// search, and the brackets would show as written.
fn linked_in_plain_text(config: &Config, file: &SourceFile) -> Vec<Diagnostic> {
    let fields = [
        ("title", &file.front.title),
        ("summary", &file.front.summary),
    ];
    fields
        .into_iter()
        .filter_map(|(key, text)| {
            let (link, words) = markdown_link(text)?;
            let d = Diagnostic::warning(format!(
                "`{key}` is plain text: the Markdown link `{link}` would show as written"
            ))
            .with_help(format!(
                "write the words alone (`{words}`), and link in the body, where links work"
            ));
            Some(crate::archive::locate::at_key(
                &config.root,
                &file.file,
                &[key],
                d,
            ))
        })
        .collect()
}

/// The first Markdown link of `text`, `[words](dest)`, and its words: a
/// destination that reads as an address (`/x/`, `@sd-1`, `https://`,
/// `../x/`), not `Sermon [Video](Persian/English)`; not an image's, an
/// escaped one's, or one in a code span.
fn markdown_link(text: &str) -> Option<(&str, &str)> {
    if text.contains('`') {
        return None;
    }
    let mut from = 0;
    while let Some(at) = text.get(from..)?.find("](") {
        let mid = from + at;
        let start = text[..mid].rfind('[');
        let end = text[mid + 2..].find(')').map(|e| mid + 2 + e);
        if let (Some(start), Some(end)) = (start, end) {
            let words = &text[start + 1..mid];
            let dest = text[mid + 2..end]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            let address = dest.starts_with(['/', '@', '#'])
                || dest.starts_with("./")
                || dest.starts_with("../")
                || dest.starts_with("www.")
                || dest.contains("://");
            let marked = text[..start].ends_with(['!', '\\']) || words.ends_with('\\');
            if address && !marked && !words.trim().is_empty() && !words.contains(['[', ']']) {
                return Some((&text[start..=end], words));
            }
        }
        from = mid + 2;
    }
    None
}

/// A warning at each title, summary or name that a ` #` cuts (see
/// `yaml::comment_cuts`): the rest of its line is lost unseen.
fn commented(config: &Config, file: &SourceFile) -> Vec<Diagnostic> {
    let Some(yaml) = file.source.get(..file.body.start) else {
        return Vec::new();
    };
    let texts = |key: &str| {
        matches!(key, "title" | "summary" | "authors") || config.taxonomy(key).is_some()
    };
    let input = crate::yaml::Input {
        yaml,
        file: &file.file,
        source: &file.source,
        start: 0,
        what: "the front matter",
        shapes: &[],
    };
    input.comment_cuts(&texts)
}

/// A warning when `updated` is before `date`: a revision cannot precede
/// publication, and pages and citations would say it did (a mistyped
/// year, most often).
fn revised_before(config: &Config, file: &SourceFile) -> Option<Diagnostic> {
    let front = &file.front;
    let (date, updated) = match (front.date_time, front.updated_time) {
        // Both with times: said as the instants compared.
        (Some(d), Some(u)) => (d.to_string(), u.to_string()),
        _ => (front.date?.to_string(), front.updated?.to_string()),
    };
    front.revised_before_date().then(|| {
        let d = Diagnostic::warning(format!(
            "`updated` {updated} is before `date` {date}: the text was revised before it came out"
        ))
        .with_help("`updated` is when the text was last revised: correct it (the year, most often, or the time zone), or remove it (until then, no page, feed or citation shows it)");
        crate::archive::locate::at_key(&config.root, &file.file, &["updated"], d)
    })
}

/// A warning at each taxonomy key of a page that is no dispatch: terms
/// are taken from dispatches only, so its terms would be dropped unseen.
fn untagged(config: &Config, file: &SourceFile) -> Vec<Diagnostic> {
    if file.kind == Kind::Dispatch {
        return Vec::new();
    }
    file.front
        .terms
        .keys()
        .map(|key| {
            let d = Diagnostic::warning(format!(
                "`{key}` on a page is ignored: terms are taken from dispatches only"
            ))
            .with_help(format!(
                "a page cannot be tagged; remove `{key}:`, or make the file a dispatch \
                 (`series` and `number`, or `id`, and a `date`)"
            ));
            crate::archive::locate::at_key(&config.root, &file.file, &[key], d)
        })
        .collect()
}

/// Loads one listed path; `None` for nothing to report. Non-Markdown files
/// are a warning: they belong in static/.
pub fn load_path(config: &Config, path: &Path) -> Option<Result<SourceFile, Vec<Diagnostic>>> {
    let rel = relative(&config.root, path);
    let extension = path.extension().and_then(|e| e.to_str());
    if extension != Some("md") {
        // Markdown under another name is most likely meant to be published.
        let markdown = extension.is_some_and(|e| {
            ["md", "markdown", "mdown", "mkd", "mkdn", "txt"]
                .contains(&e.to_ascii_lowercase().as_str())
        });
        let d = if markdown {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("file");
            Diagnostic::warning("not published: annals reads only files named `.md`").with_help(
                format!("rename it to `{stem}.md` if it is a dispatch or page"),
            )
        } else {
            Diagnostic::warning("not a Markdown file: ignored")
                .with_help("content/ holds `.md` files; put images and other files in static/")
        };
        return Some(Err(vec![d.in_file(&rel)]));
    }
    Some(load_one(config, path, rel))
}

/// Whether `first`, the first part of a page's path, is one the site's
/// own pages take: a built-in page's, a series' or a taxonomy's.
pub fn taken_by_the_site(config: &Config, first: &str) -> bool {
    ["archive", "search", "dispatches", "index", "page", "404"].contains(&first)
        || config.series(first).is_some()
        || config.taxonomy(first).is_some()
}

/// The error for a page's folder or file name (`seg`) that is not a
/// slug, with the name to give it: a page's URL is its path. `taken`:
/// the slug, at the top of content/, is a name the site's own pages
/// take, so the page goes in a folder.
fn not_url_safe(seg: &str, file: bool, taken: bool) -> Diagnostic {
    let stem = seg.strip_suffix(".md").unwrap_or(seg);
    let what = if file { "file" } else { "folder" };
    let slug = crate::slug::slugify(stem);
    let ext = if file { ".md" } else { "" };
    let mut help = if seg.contains('\u{FFFD}') {
        // Bytes that are not UTF-8 (a zip made on Windows): the slug
        // would drop the letters they stand for.
        format!("the {what} name is not UTF-8 text: rename it in UTF-8")
    } else if slug.is_empty() {
        format!("rename the {what} with lower-case letters, digits and hyphens")
    } else if taken {
        format!(
            "rename the {what} `{slug}{ext}` and move it under content/pages/ (at the top of content/, `{slug}` is taken by the site's own pages)"
        )
    } else {
        format!(
            "rename the {what} `{slug}{ext}`: a page's URL is its path, so page names are lower-case letters, digits and hyphens"
        )
    };
    if stem.starts_with('_') {
        help.push_str(" (annals skips names that start with `.`, not `_`: use `draft: true` to keep a page unpublished)");
    }
    Diagnostic::error(format!(
        "page path is not URL-safe: the {what} name `{seg}` is not lower-case letters, digits and hyphens"
    ))
    .with_help(help)
}

/// Reads and parses one content file (also used by the dev server).
pub fn load_one(config: &Config, path: &Path, rel: PathBuf) -> Result<SourceFile, Vec<Diagnostic>> {
    let text = text::read_source(path, &rel)?;
    // In NFC, as every name is compared: macOS writes file names
    // decomposed (`e` and an accent), the front matter has them composed.
    let content_path = crate::slug::nfc(
        &path
            .strip_prefix(config.content_dir())
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
    .into_owned();
    // A section file of Hugo or Zola, unless it is a dispatch after all.
    let dispatch = ["id", "series"]
        .iter()
        .any(|k| frontmatter::written(&text, k).is_some());
    if let Some((message, help)) = crate::migrate::section_file(config, &content_path)
        && !dispatch
    {
        let source: Arc<str> = Arc::from(text);
        let first_line = source.find('\n').unwrap_or(source.len());
        return Err(vec![
            Diagnostic::error(message)
                .in_file(&rel)
                .at_span(&source, 0..first_line)
                .with_help(help),
        ]);
    }
    let control = control_characters(&text, &rel);
    let hash = fingerprint(&text);
    let source: Arc<str> = Arc::from(text);
    let split = frontmatter::split(&source).map_err(|(msg, help, at)| {
        // Hugo's and Zola's TOML is named as what it is.
        let (msg, help) = crate::migrate::toml_fence(&source)
            .unwrap_or_else(|| (msg.to_string(), help.to_string()));
        let d = Diagnostic::error(msg)
            .in_file(&rel)
            .at_span(&source, at..at)
            .with_help(help);
        control.iter().cloned().chain([d]).collect::<Vec<_>>()
    })?;
    // A control character in the body hides none of the front matter's
    // errors; with one in the front matter, the control characters are
    // all that is said about the file (its YAML would be misread).
    let front_lines = source
        .get(..split.yaml.end)
        .map_or(0, |s| s.matches('\n').count() + 1);
    if control.iter().any(|d| d.line <= front_lines) {
        return Err(control);
    }
    let front = frontmatter::parse(&source, split.yaml.clone(), &rel, config)
        .map_err(|errors| control.iter().cloned().chain(errors).collect::<Vec<_>>())?;
    if !control.is_empty() {
        return Err(control);
    }
    let mut kind = classify(config, &content_path, &front);
    if kind == Kind::Page && content_path.starts_with("dispatches/") {
        // Not a page at a taken URL: a dispatch missing what makes it one.
        // (Zola's `[extra]` table, moved under `extra:` whole, may hold it.)
        let under_extra: Vec<String> = ["series", "number", "id"]
            .iter()
            .filter(|k| front.extra.get(**k).is_some())
            .map(|k| format!("`{k}`"))
            .collect();
        let help = if under_extra.is_empty() {
            "files under content/dispatches/ are dispatches: add `series: KEY` and \
             `number: N` (or `id: ...`) and a `date`; a plain page goes in content/pages/"
                .to_string()
        } else {
            format!(
                "move {} out of `extra:` to the top level, where annals reads them",
                under_extra.join(" and ")
            )
        };
        return Err(vec![
            Diagnostic::error(
                "not a dispatch: the front matter has neither `series` and `number` nor `id`",
            )
            .in_file(&rel)
            .at_span(&source, 0..3)
            .with_help(help),
        ]);
    }
    if let Kind::Entity { slug, .. } = &mut kind {
        // Named by the slug, or by a spelling that folds to it (`σοφος`).
        if crate::slug::names_slug(slug) {
            *slug = crate::slug::slugify(slug);
        }
    }
    if let Kind::Entity { slug, .. } = &kind
        && !is_valid_slug(slug)
    {
        let meant = format!("{}.md", crate::slug::slugify(slug));
        // Imported twice under two spellings: renaming would replace the
        // page already written.
        let beside = path.parent().and_then(|dir| std::fs::read_dir(dir).ok());
        // (By its listed name: on a case-insensitive disk `Lena-Varga.md`
        // is found as `lena-varga.md`, itself.)
        let taken = beside
            .into_iter()
            .flatten()
            .flatten()
            .any(|entry| entry.file_name() == meant.as_str());
        let help = match taken {
            true => format!(
                "{meant} already exists beside it, the page of the same term: merge the two \
                 into {meant} and remove this one"
            ),
            false => format!("name the file after the term's slug, e.g. `{meant}`"),
        };
        return Err(vec![
            Diagnostic::error(format!("entity file name `{slug}` is not a term slug"))
                .in_file(&rel)
                .with_help(help),
        ]);
    }
    if kind == Kind::Page {
        let segments: Vec<&str> = content_path.split('/').collect();
        let bad = segments.iter().enumerate().find(|(_, seg)| {
            let stem = seg.strip_suffix(".md").unwrap_or(seg);
            !crate::slug::names_slug(stem) && stem != "index"
        });
        if let Some((i, seg)) = bad {
            // At the top, the slug may be a name the site's own pages
            // take (`Archive.md`): the suggestion must not be one.
            let slug = crate::slug::slugify(seg.strip_suffix(".md").unwrap_or(seg));
            // (`Dispatches/` is the dispatches' folder, misspelt, and
            // `Topics/` a taxonomy's, of its entity files; a file
            // `topics.md` would take the taxonomy's page.)
            let file = i + 1 == segments.len();
            let taken = i == 0
                && taken_by_the_site(config, &slug)
                && slug != "dispatches"
                && (file || config.taxonomy(&slug).is_none());
            let d = not_url_safe(seg, i + 1 == segments.len(), taken);
            return Err(vec![d.in_file(&rel)]);
        }
    }
    // A file name fits its own disk, but the output's folder is that name
    // without `.md` on what may be another file system: the same limit
    // as terms and aliases.
    let stem = content_path.trim_end_matches(".md");
    if kind != Kind::Dispatch
        && let Some(long) = crate::slug::long_segment(stem)
    {
        return Err(vec![
            Diagnostic::error(format!(
                "the name `{}` is too long for a URL: {} bytes, at most {} fit",
                crate::slug::shortened(long),
                long.len(),
                crate::slug::MAX_SEGMENT_BYTES
            ))
            .in_file(&rel)
            .with_help("rename the file or folder: it names a folder of the site"),
        ]);
    }
    Ok(SourceFile {
        file: rel,
        content_path,
        source,
        body: split.body,
        front,
        kind,
        hash,
    })
}

fn classify(config: &Config, content_path: &str, front: &FrontMatter) -> Kind {
    if front.is_dispatch() {
        return Kind::Dispatch;
    }
    if let Some((dir, file)) = content_path.split_once('/')
        && config.taxonomy(dir).is_some()
        && !file.contains('/')
    {
        return Kind::Entity {
            taxonomy: dir.to_string(),
            slug: file.trim_end_matches(".md").to_string(),
        };
    }
    Kind::Page
}

pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

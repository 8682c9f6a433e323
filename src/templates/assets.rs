//! Static files the templates link by a fixed name (`{{ site.base_path
//! }}style.css`) that no static folder has: a theme copied without its
//! `static/`, or a file renamed there, would otherwise build cleanly and
//! give every page a stylesheet or script that is not found.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// What a template writes before a path of the site.
const BASE: &str = "site.base_path }}";

/// The extensions of files a page loads (not pages, feeds or data).
const ASSETS: &[&str] = &[
    "css",
    "js",
    "mjs",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "webmanifest",
];

/// Files the build writes itself, whatever the static folders hold.
const BUILT: &[&str] = &["highlight.css"];

/// A warning for each asset a template links that is in none of
/// `folders` (the theme's and the site's static folders) and not among
/// `builtin` (the built-in theme's files, when it is the theme).
pub(super) fn missing(
    sources: &BTreeMap<String, (String, PathBuf)>,
    folders: &[PathBuf],
    builtin: &[&str],
    search: bool,
) -> Vec<Diagnostic> {
    let mut said = Vec::new();
    // A template compiled under two names (`theme/NAME`) is one file.
    let mut seen = std::collections::BTreeSet::new();
    // The linked scripts a static folder has: their imports must be there.
    let mut scripts = Vec::new();
    for (name, (src, origin)) in sources {
        // Without search, no page is built from the search page's template.
        if !seen.insert(origin) || (!search && name.trim_start_matches("theme/") == "search.html") {
            continue;
        }
        let text: Arc<str> = Arc::from(src.as_str());
        let skipped = unused_spans(src);
        // Stylesheets and scripts linked without `?v=` and the version.
        let mut unversioned: Vec<(&str, usize)> = Vec::new();
        let mut from = 0;
        while let Some(i) = src[from..].find(BASE) {
            let start = from + i + BASE.len();
            from = start;
            let rel = linked(&src[start..]);
            if crate::templates::Templates::is_versioned_asset(rel)
                && !skipped.iter().any(|r| r.contains(&start))
                && !versioned_link(&src[start + rel.len()..])
            {
                unversioned.push((rel, start));
            }
            let is_asset = rel
                .rsplit_once('.')
                .is_some_and(|(_, ext)| ASSETS.contains(&ext.to_ascii_lowercase().as_str()));
            let file = percent_encoding::percent_decode_str(rel).decode_utf8_lossy();
            let on_disk = folders.iter().any(|f| f.join(&*file).is_file());
            if on_disk && (rel.ends_with(".js") || rel.ends_with(".mjs")) {
                scripts.push(file.to_string());
            }
            if !is_asset
                || skipped.iter().any(|r| r.contains(&start))
                || BUILT.contains(&rel)
                || builtin.contains(&rel)
                || (!search && crate::templates::Templates::is_search_client(rel))
                || on_disk
            {
                continue;
            }
            said.push(
                Diagnostic::warning(format!(
                    "this template links `{rel}`, which no static folder has: every page using it would load a missing file"
                ))
                .in_file(origin)
                .at_span(&text, start..start + rel.len())
                .with_help(format!(
                    "add `{rel}` to the theme's or the site's static/ (`annals theme NAME` copies the built-in theme's files), or remove the link"
                )),
            );
        }
        said.extend(unversioned_warning(&unversioned, origin, &text));
    }
    said.extend(super::imports::missing(&scripts, folders, builtin));
    said
}

/// Whether a link's path is followed by the asset version's query,
/// `?v={{ site.asset_version }}` (spaces inside the braces as one likes).
fn versioned_link(after: &str) -> bool {
    after
        .strip_prefix("?v={{")
        .is_some_and(|rest| rest.trim_start().starts_with("site.asset_version"))
}

/// The warning for a template's stylesheets and scripts linked without
/// the asset version, at the first.
fn unversioned_warning(
    links: &[(&str, usize)],
    origin: &Path,
    text: &Arc<str>,
) -> Option<Diagnostic> {
    let &(first, at) = links.first()?;
    let mut names: Vec<&str> = links.iter().map(|(rel, _)| *rel).collect();
    names.dedup();
    Some(
        Diagnostic::warning(format!(
            "this template links {} without the site's asset version: after a deploy, a browser may keep the old file for a while",
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        ))
        .in_file(origin)
        .at_span(text, at..at + first.len())
        .with_help(format!(
            "link it as `{{{{ site.base_path }}}}{first}?v={{{{ site.asset_version }}}}`, as the built-in theme does (a theme copied out before it did: see \"Upgrading\" in docs/templates.md)"
        )),
    )
}

/// Where `src` holds text no page shows: `{# comments #}` and `{% raw %}`
/// blocks (a link commented out is no link).
pub(super) fn unused_spans(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for (open, close) in [
        ("{#", "#}"),
        ("{% raw %}", "{% endraw %}"),
        ("{%- raw %}", "endraw"),
    ] {
        let mut from = 0;
        while let Some(i) = src[from..].find(open) {
            let start = from + i;
            let end = src[start..]
                .find(close)
                .map_or(src.len(), |j| start + j + close.len());
            spans.push(start..end);
            from = end;
        }
    }
    spans
}

/// The fixed path at the start of `rest` (up to a quote, a space or a
/// tag), or "" when it is made up by the template (`{{ ... }}`).
fn linked(rest: &str) -> &str {
    let end = rest
        .find(|c: char| matches!(c, '"' | '\'' | '?' | '#' | '<' | '>') || c.is_whitespace())
        .unwrap_or(rest.len());
    let rel = &rest[..end];
    if rel.contains(['{', '}'])
        || rel.starts_with('/')
        || Path::new(rel).components().any(|c| c.as_os_str() == "..")
    {
        ""
    } else {
        rel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fixed_asset_names_are_read() {
        assert_eq!(linked("style.css\">"), "style.css");
        assert_eq!(linked("img/logo.svg?v=2\""), "img/logo.svg");
        assert_eq!(linked("{{ x }}.css\""), "");
        assert_eq!(linked("../x.css\""), "");
        let mut sources = BTreeMap::new();
        let src = "<link href=\"{{ site.base_path }}style.css?v={{ site.asset_version }}\">\n<a href=\"{{ site.base_path }}atom.xml\">\n<link href=\"{{ site.base_path }}highlight.css?v={{site.asset_version}}\">";
        sources.insert(
            "base.html".to_string(),
            (src.to_string(), PathBuf::from("t/base.html")),
        );
        let said = missing(&sources, &[], &[], true);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!((said[0].line, said[0].column), (1, 33));
        assert!(missing(&sources, &[], &["style.css"], true).is_empty());
        // Commented out, or the search page's without search: no link.
        let mut sources = BTreeMap::new();
        let src = "{# <link href=\"{{ site.base_path }}old.css\"> #}{% raw %}{{ site.base_path }}raw.css\"{% endraw %}";
        sources.insert(
            "base.html".to_string(),
            (src.to_string(), PathBuf::from("t/base.html")),
        );
        let search = "<link href=\"{{ site.base_path }}search.css?v={{ site.asset_version }}\">";
        sources.insert(
            "search.html".to_string(),
            (search.to_string(), PathBuf::from("t/search.html")),
        );
        assert!(missing(&sources, &[], &[], false).is_empty());
        assert_eq!(missing(&sources, &[], &[], true).len(), 1);
        // A stylesheet linked without the asset version is said once.
        let mut sources = BTreeMap::new();
        let src = "<link href=\"{{ site.base_path }}a.css\"><script src=\"{{ site.base_path }}b.js\"></script>";
        sources.insert(
            "base.html".to_string(),
            (src.to_string(), PathBuf::from("t/base.html")),
        );
        let said = missing(&sources, &[], &["a.css", "b.js"], true);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].message.contains("`a.css`, `b.js` without"),
            "{said:?}"
        );
    }
}

//! Links that a page template writes from the host's root (`href="/img/
//! logo.svg"`) on a site under a sub-path (`base_url:
//! https://example.org/archive/`): they lead outside the site. Links in
//! Markdown and in shortcodes are put under the sub-path by the build; a
//! page template's own markup is written as it is, so it is said here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// The attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "poster",
    "data",
    "formaction",
];

/// A warning for each root-relative URL written literally in a page
/// template, when the site's path `base_path` is not the root.
pub(super) fn rooted_links(
    sources: &BTreeMap<String, (String, PathBuf)>,
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut said = Vec::new();
    if base_path == "/" {
        return said;
    }
    let mut seen = BTreeSet::new();
    for (name, (src, origin)) in sources {
        let name = name.trim_start_matches("theme/");
        if !name.ends_with(".html") || name.starts_with("shortcodes/") || !seen.insert(origin) {
            continue;
        }
        let skipped = super::assets::unused_spans(src);
        let text: Arc<str> = Arc::from(src.as_str());
        for (at, url) in urls(src) {
            if skipped.iter().any(|r| r.contains(&at)) {
                continue;
            }
            let under = format!("{{{{ site.base_path }}}}{}", &url[1..]);
            said.push(
                Diagnostic::warning(format!(
                    "this template links `{url}` from the host's root: under the site's path {base_path} it leads outside the site"
                ))
                .in_file(origin)
                .at_span(&text, at..at + url.len())
                .with_help(format!("write `{under}`, which is right wherever the site is served")),
            );
        }
    }
    said
}

/// The URLs starting with one `/` that `src` writes as an attribute's
/// value in a tag (quoted or not, the name in any case), with their byte
/// offsets; not in HTML comments, not in text.
fn urls(src: &str) -> Vec<(usize, &str)> {
    // Lower-cased ASCII keeps every byte offset.
    let lower = src.to_ascii_lowercase();
    let comments: Vec<std::ops::Range<usize>> = lower
        .match_indices("<!--")
        .map(|(i, _)| i..lower[i..].find("-->").map_or(lower.len(), |j| i + j + 3))
        .collect();
    let mut found = Vec::new();
    for attribute in URL_ATTRIBUTES {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attribute) {
            let start = from + i;
            from = start + attribute.len();
            // A whole attribute name: after a space, before `=`.
            let before = src[..start].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            // Inside a tag: its `<` comes after the last `>`.
            let in_tag = match (src[..start].rfind('<'), src[..start].rfind('>')) {
                (Some(open), Some(close)) => open > close,
                (Some(_), None) => true,
                _ => false,
            };
            if !in_tag || comments.iter().any(|c| c.contains(&start)) {
                continue;
            }
            let rest = src[from..].trim_start();
            let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else {
                continue;
            };
            let (value_at, value) = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let at = src.len() - rest.len() + 1;
                    let value = &src[at..];
                    (at, &value[..value.find(quote).unwrap_or(value.len())])
                }
                _ => {
                    let at = src.len() - rest.len();
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    (at, &rest[..end])
                }
            };
            if value.starts_with('/') && !value.starts_with("//") {
                let end = value.find(['{', ' ', ',']).unwrap_or(value.len());
                found.push((value_at, &value[..end]));
            }
        }
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_urls_of_page_templates_are_said_under_a_sub_path() {
        let page = "<img src=\"/img/logo.svg\" alt=\"x\">\n<a href='{{ site.base_path }}about/'>\n<a data-href=\"/x\" href=\"//cdn.example/a.js\">{# <a href=\"/old\"> #}<form action = \"/find\">\n\
                    <!-- <img src=\"/img/old.svg\"> --><p>Write src=\"/img/x.svg\" in text</p><a HREF=/pages/about/>";
        let mut sources = BTreeMap::new();
        sources.insert(
            "home.html".to_string(),
            (page.to_string(), PathBuf::from("t/home.html")),
        );
        sources.insert(
            "shortcodes/logo.html".to_string(),
            (
                "<img src=\"/img/logo.svg\">".to_string(),
                PathBuf::from("t/logo.html"),
            ),
        );
        assert!(rooted_links(&sources, "/").is_empty());
        let said = rooted_links(&sources, "/sub/");
        let found: Vec<(usize, usize)> = said.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(found, [(1, 11), (3, 82), (4, 79)], "{said:?}");
        assert!(said[2].message.contains("`/pages/about/`"));
        assert!(said[0].message.contains("`/img/logo.svg`"));
        assert!(
            said[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`{{ site.base_path }}img/logo.svg`")
        );
    }
}

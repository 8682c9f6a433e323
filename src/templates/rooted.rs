//! Links that a page template writes from the host's root (`href="/img/
//! logo.svg"`) on a site under a sub-path (`base_url:
//! https://example.org/archive/`): they lead outside the site. Links in
//! Markdown and in shortcodes are put under the sub-path by the build; a
//! page template's own markup is written as it is, so it is said here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

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

/// The URLs starting with one `/` that `src` writes as the value of a
/// URL attribute of a start tag (as the build reads them in raw HTML),
/// with their byte offsets: not in HTML comments, text or another
/// attribute's value. A URL ends where the template writes a value into
/// it (`{{`).
fn urls(src: &str) -> Vec<(usize, &str)> {
    crate::markdown::links::attribute_url_spans(src)
        .into_iter()
        .filter_map(|span| {
            let value = src.get(span.clone())?;
            if !value.starts_with('/') || value.starts_with("//") {
                return None;
            }
            let end = value.find('{').unwrap_or(value.len());
            Some((span.start, &value[..end]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_urls_of_page_templates_are_said_under_a_sub_path() {
        let page = "<img src=\"/img/logo.svg\" alt=\"x\">\n<a href='{{ site.base_path }}about/'>\n<a data-href=\"/x\" href=\"//cdn.example/a.js\">{# <a href=\"/old\"> #}<form action = \"/find\">\n\
                    <!-- <img src=\"/img/old.svg\"> --><p>Write src=\"/img/x.svg\" in text</p><a HREF=/pages/about/>\
                    <a title=\"go to href=/intitle/\">";
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

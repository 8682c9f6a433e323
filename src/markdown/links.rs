//! Links to the site's own files written as plain URLs (`/images/map.svg`,
//! `map.png`, `../12/`), not as `@` references: the body only notes them
//! here, with where they are, and the build checks them against the
//! written site (see `build::links`), when every file it will hold is
//! known. A migrated archive is full of them: images beside a page in a
//! Hugo bundle, links to old paths.

use crate::diagnostic::Diagnostic;

/// A plain link or image source to somewhere on the site.
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// As written (a shortcode's, as its template wrote it).
    pub dest: String,
    /// An image's (or other embedded file's) source, not a link.
    pub image: bool,
    /// Where it is: a warning to give a message, if it leads nowhere.
    pub at: Diagnostic,
}

/// Whether `dest` names a file of the site: not an `@` reference, a
/// fragment or query of the page itself, another site (`https:`, `//`),
/// nor another scheme (`mailto:`, `data:`).
pub fn is_local(dest: &str) -> bool {
    let Some(first) = dest.chars().next() else {
        return false;
    };
    if matches!(first, '@' | '#' | '?') || dest.starts_with("//") {
        return false;
    }
    // A scheme is letters, digits, `+ - .` before a `:` that comes
    // before any `/`, `?` or `#`.
    let head = dest.split(['/', '?', '#']).next().unwrap_or_default();
    match head.split_once(':') {
        Some((scheme, _)) => {
            !(first.is_ascii_alphabetic()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        None => true,
    }
}

/// Whether a browser would run `dest` as script, or show a document of
/// the page's making, if it were a link's (or, with `image`, an image's)
/// address: `javascript:` and its kin, and `data:` but for an image's
/// `data:image/...`. Browsers skip spaces and controls in a scheme
/// (`java&#9;script:`), so they are skipped here too.
pub fn runs_script(dest: &str, image: bool) -> bool {
    // Most addresses are paths, references or http(s): nothing to read.
    if !dest.contains(':') || dest.starts_with("https://") || dest.starts_with("http://") {
        return false;
    }
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return false;
    };
    match scheme {
        "javascript" | "vbscript" | "livescript" => true,
        "data" => !(image && rest.starts_with("image/")),
        _ => false,
    }
}

/// The local URLs of `html`'s `href`, `src`, `poster` and `srcset`
/// attributes (a shortcode's output, raw HTML), quoted or not: (URL with
/// `&amp;` and the like undone, whether it is a file shown in the page).
pub fn attribute_urls(html: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    for (i, _) in html.match_indices('=') {
        let name = html[..i]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '<' || c == '"' || c == '\'')
            .next()
            .unwrap_or_default();
        let is = |a: &str| name.eq_ignore_ascii_case(a);
        let (embedded, list) = if is("href") {
            (false, false)
        } else if is("src") || is("poster") {
            (true, false)
        } else if is("srcset") {
            (true, true)
        } else {
            continue;
        };
        let rest = html[i + 1..].trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &rest[1..];
                &inner[..inner.find(q).unwrap_or(inner.len())]
            }
            _ => {
                &rest[..rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len())]
            }
        };
        let value = unescape(value.trim());
        // A `srcset` lists `URL [width or density]` candidates.
        let urls: Vec<&str> = if list {
            value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .collect()
        } else {
            vec![value.as_str()]
        };
        for url in urls {
            if is_local(url) {
                found.push((url.to_string(), embedded));
            }
        }
    }
    found
}

/// Undoes the escapes a template applies to an attribute's value.
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_urls_are_the_sites_own() {
        for url in [
            "/images/a.png",
            "a.png",
            "../12/",
            "./x",
            "/",
            "img/a:b.png",
        ] {
            assert!(is_local(url), "{url}");
        }
        for url in [
            "",
            "#fn-1",
            "?q=a",
            "@sd-1",
            "https://example.org/a.png",
            "//cdn.example.org/a.js",
            "mailto:desk@example.org",
            "data:image/png;base64,AAAA",
            "tel:+123",
        ] {
            assert!(!is_local(url), "{url}");
        }
    }

    #[test]
    fn script_urls_are_known_in_any_spelling() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "                              javascript:x",
            "java\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tscript:x",
            "vbscript:x",
            "data:text/html,<script>",
        ] {
            assert!(runs_script(url, false), "{url}");
            assert!(runs_script(url, true), "{url}");
        }
        assert!(runs_script("data:image/png;base64,AA", false));
        assert!(!runs_script("data:image/png;base64,AA", true));
        for url in ["https://x.org/", "/a.png", "mailto:a@b.c", "#x", "a:b"] {
            assert!(!runs_script(url, false), "{url}");
        }
    }

    #[test]
    fn attributes_are_read_from_html() {
        let html = "<figure><img src=\"/images/a&amp;b.png\" alt=\"x\"><a href='b/'>b</a>\
                    <a href=\"https://x.org/\">x</a><a data-href=\"/no/\">n</a></figure>";
        assert_eq!(
            attribute_urls(html),
            [
                ("/images/a&b.png".to_string(), true),
                ("b/".to_string(), false)
            ]
        );
        let more = "<img src=/bare.png srcset=\"/a.png 1x, /b.png 2x, https://x.org/c.png 3x\">\
                    <video poster='/p.jpg'>";
        let urls: Vec<String> = attribute_urls(more).into_iter().map(|(u, _)| u).collect();
        assert_eq!(urls, ["/bare.png", "/a.png", "/b.png", "/p.jpg"]);
    }
}

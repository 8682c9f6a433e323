//! Links to the site's own files written as plain URLs (`/images/map.svg`,
//! `map.png`, `../12/`), not as `@` references: the body only notes them
//! here, with where they are, and the build checks them against the
//! written site (see `build::links`), when every file it will hold is
//! known. A migrated archive is full of them: images beside a page in a
//! Hugo bundle, links to old paths.

use crate::config::Rooting;
use crate::diagnostic::Diagnostic;

/// A plain link or image source to somewhere on the site.
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// As written (a shortcode's, as its template wrote it).
    pub dest: String,
    /// An image's (or other embedded file's) source, not a link.
    pub image: bool,
    /// Written in the body, Markdown or raw HTML, not by a shortcode's
    /// template: published moved in a preview (see
    /// [`crate::config::Rooting::moved`]).
    pub written: bool,
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

/// The site path (`special-dispatch/12/#fn-1`, after the site's base
/// path) of an absolute link to the site itself: `dest` is `https://`,
/// `http://` or `//` before one of `own_sites` (see `Config::own_sites`),
/// its host in any letter case, with or without a trailing dot or the
/// scheme's default port. `None` for any other address.
pub fn own_path(dest: &str, own_sites: &[String]) -> Option<String> {
    let (scheme, rest) = ["https://", "http://", "//"]
        .into_iter()
        .find_map(|scheme| {
            let head = dest.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| Some((scheme, dest.get(scheme.len()..)?)))
                .flatten()
        })?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(end);
    // `host.`, and the port a scheme has anyway, name the same site.
    let default_port = match scheme {
        "https://" => Some(":443"),
        "http://" => Some(":80"),
        _ => None,
    };
    let authority = default_port
        .and_then(|port| authority.strip_suffix(port))
        .unwrap_or(authority);
    let authority = authority.strip_suffix('.').unwrap_or(authority);
    own_sites.iter().find_map(|site| {
        let (host, path) = site.split_once('/').unwrap_or((site, ""));
        if !authority.eq_ignore_ascii_case(host) {
            return None;
        }
        // The host's other paths are not the site's (`/archive/` is).
        let base = path.trim_end_matches('/');
        let in_site = after.strip_prefix('/').unwrap_or(after);
        let rest = if base.is_empty() {
            in_site
        } else {
            let rest = in_site.strip_prefix(base)?;
            if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
                return None;
            }
            rest.strip_prefix('/').unwrap_or(rest)
        };
        Some(rest.to_string())
    })
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

/// An attribute that holds URLs, as [`url_attributes`] finds it.
struct UrlAttribute {
    /// Where its value is in the HTML (inside the quotes, if any).
    value: std::ops::Range<usize>,
    /// Whether it embeds a file in the page (`src`, `poster`, `srcset`)
    /// rather than linking to it.
    embedded: bool,
    /// Whether its value lists candidates (`srcset`).
    list: bool,
}

/// The `href`, `cite`, `src`, `poster` and `srcset` attributes (and SVG's
/// `xlink:href`, `<object>`'s `data`, a form's `action` and a button's
/// `formaction`) of `html`'s start tags (a shortcode's output, raw HTML),
/// quoted or not: not what comments, scripts or escaped markup hold.
fn url_attributes(html: &str) -> impl Iterator<Item = UrlAttribute> + '_ {
    super::html_text::attribute_values(html)
        .into_iter()
        .filter_map(|(name, value)| {
            let is = |a: &str| name.eq_ignore_ascii_case(a);
            let (embedded, list) =
                if is("href") || is("cite") || is("xlink:href") || is("action") || is("formaction")
                {
                    (false, false)
                } else if is("src") || is("poster") || is("data") {
                    (true, false)
                } else if is("srcset") {
                    (true, true)
                } else {
                    return None;
                };
            Some(UrlAttribute {
                value,
                embedded,
                list,
            })
        })
}

/// The URLs of an attribute's value as written, with where each starts:
/// a `srcset` lists `URL [width or density]` candidates.
fn value_urls(value: &str, list: bool) -> Vec<(usize, &str)> {
    let start = |part: &str| part.as_ptr() as usize - value.as_ptr() as usize;
    if !list {
        let url = value.trim();
        return vec![(start(url), url)];
    }
    // As a browser reads a `srcset`: a URL runs to whitespace (a `data:`
    // URL's commas are its own), trailing commas end a candidate without
    // descriptors, and descriptors run to the next comma.
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let url = word.trim_end_matches(',');
        urls.push((start(url), url));
        rest = if url.len() < word.len() {
            &rest[end..]
        } else {
            rest[end..].split_once(',').map_or("", |(_, after)| after)
        };
    }
}

/// `url` with each `%` that is not followed by two hex digits written
/// `%25`.
pub fn lone_percents_escaped(url: &str) -> std::borrow::Cow<'_, str> {
    let bytes = url.as_bytes();
    let lone = |i: usize| {
        !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    };
    if !bytes.iter().enumerate().any(|(i, &b)| b == b'%' && lone(i)) {
        return url.into();
    }
    let mut out = String::with_capacity(url.len() + 4);
    for (i, c) in url.char_indices() {
        if c == '%' && lone(i) {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// The local URLs of `html`'s `href`, `src`, `poster` and `srcset`
/// attributes (a shortcode's output, raw HTML), quoted or not: (URL with
/// `&amp;` and the like undone, whether it is a file shown in the page).
/// `url` with what no URL holds encoded (a space, a quote, a bracket), as
/// a Markdown link's destination is: `/images/harbour%20map.svg`; and a
/// `%` that starts no escape (see [`lone_percents_escaped`]).
pub fn encoded(url: &str) -> String {
    let url = lone_percents_escaped(url);
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

pub fn attribute_urls(html: &str) -> Vec<(String, bool)> {
    attribute_urls_at(html)
        .into_iter()
        .map(|(url, embedded, _)| (url, embedded))
        .collect()
}

/// [`attribute_urls`], each with where its attribute's value starts in
/// `html`.
pub fn attribute_urls_at(html: &str) -> Vec<(String, bool, usize)> {
    every_attribute_url(html)
        .into_iter()
        .filter(|(url, _, _)| is_local(url))
        .collect()
}

/// Every URL of `html`'s `href`, `src`, `poster`, `srcset`, `cite` and
/// `xlink:href` attributes, decoded as a browser reads it: (URL, whether a
/// file shown in the page, where its value starts).
pub fn every_attribute_url(html: &str) -> Vec<(String, bool, usize)> {
    let mut found = Vec::new();
    for attr in url_attributes(html) {
        let value = unescape(&html[attr.value.clone()]);
        for (_, url) in value_urls(&value, attr.list) {
            found.push((url.to_string(), attr.embedded, attr.value.start));
        }
    }
    found
}

/// The `@` references written as the address of `html`'s `href` or
/// `cite` attributes (a shortcode's output; an image's source is no
/// reference): where each value is, and the reference without its `@`.
pub fn attribute_references(html: &str) -> Vec<(std::ops::Range<usize>, String)> {
    if !starts_a_value_with_at(html) {
        return Vec::new();
    }
    url_attributes(html)
        .filter(|a| !a.list && !a.embedded)
        .filter_map(|a| {
            let value = unescape(html[a.value.clone()].trim());
            let dest = value.strip_prefix('@').filter(|d| !d.is_empty())?;
            Some((a.value, dest.to_string()))
        })
        .collect()
}

/// The `@` references written as the source of `html`'s images or media
/// (`src`, `poster`): a reference names a page, not a file, and is left
/// as written.
pub fn embedded_references(html: &str) -> Vec<String> {
    if !starts_a_value_with_at(html) {
        return Vec::new();
    }
    url_attributes(html)
        .filter(|a| a.embedded && !a.list)
        .filter_map(|a| {
            let value = unescape(html[a.value].trim());
            value.starts_with('@').then_some(value)
        })
        .collect()
}

/// Whether some attribute value of `html` may start with `@` (cheap: a
/// handle such as `@lvarga` in a post's text is no value).
fn starts_a_value_with_at(html: &str) -> bool {
    html.contains("\"@") || html.contains("'@") || html.contains("=@")
}

/// Where each URL of `html`'s URL attributes (those of
/// [`url_attributes`]; each candidate of a `srcset`) is written, in order:
/// what a rebasing or a rewriting of the URLs changes.
pub fn attribute_url_spans(html: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for attr in url_attributes(html) {
        let value = &html[attr.value.clone()];
        for (at, url) in value_urls(value, attr.list) {
            let start = attr.value.start + at;
            spans.push(start..start + url.len());
        }
    }
    spans.sort_unstable_by_key(|s| s.start);
    spans
}

/// `html` with each root-relative URL of its `href`, `src`, `poster` and
/// `srcset` attributes put under the site's path, as Markdown links are
/// (see [`Rooting::publish`]): raw HTML and a shortcode's own markup
/// written for `/images/map.svg` work on a project site too. `None` when
/// nothing changes.
pub fn rebase_attribute_urls(html: &str, rooting: Rooting<'_>) -> Option<String> {
    // A slash, or one escaped (`&#x2F;`), is needed for a root path.
    if rooting.base_path == "/" && rooting.site_path == "/" || !html.contains(['/', '&']) {
        return None;
    }
    // Each changed URL's span, and what goes there: the base path before
    // it (the URL kept as written), or the whole URL moved under it.
    let changes: Vec<(std::ops::Range<usize>, Option<String>)> = attribute_url_spans(html)
        .into_iter()
        .filter_map(|span| {
            // A template may have escaped the slashes (`&#x2F;`).
            let plain = unescape(&html[span.clone()]);
            let moved = rooting.moved(&plain);
            let prefixed = moved.is_none() && rooting.publish(&plain) != plain;
            (moved.is_some() || prefixed).then_some((span, moved))
        })
        .collect();
    if changes.is_empty() {
        return None;
    }
    let prefix = crate::escape::escape(rooting.base_path.trim_end_matches('/'));
    let mut out = String::with_capacity(html.len() + changes.len() * prefix.len());
    let mut from = 0;
    for (span, moved) in changes {
        out.push_str(&html[from..span.start]);
        match moved {
            Some(url) => {
                out.push_str(&crate::escape::escape(&url));
                from = span.end;
            }
            None => {
                out.push_str(&prefix);
                from = span.start;
            }
        }
    }
    out.push_str(&html[from..]);
    Some(out)
}

/// An attribute's value as the browser reads it: every character
/// reference decoded (a template's `&#x2F;`, a writer's `&sol;`).
fn unescape(value: &str) -> String {
    html_escape::decode_html_entities(value).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_paths_are_the_sites_addresses_only() {
        let root = ["fixture.example/".to_string()];
        let own = |dest: &str| own_path(dest, &root);
        assert_eq!(own("https://fixture.example/a/").as_deref(), Some("a/"));
        assert_eq!(own("HTTP://Fixture.Example").as_deref(), Some(""));
        assert_eq!(own("//fixture.example#x").as_deref(), Some("#x"));
        assert_eq!(own("https://fixture.example.:443/a").as_deref(), Some("a"));
        assert_eq!(own("http://fixture.example:80/?q").as_deref(), Some("?q"));
        for other in [
            "https://fixture.example.org/a/",
            "https://fixture.example:8080/a/",
            "http://fixture.example:443/a/",
            "https://user@fixture.example/a/",
            "mailto:x@fixture.example",
            "/a/",
        ] {
            assert_eq!(own(other), None, "{other}");
        }
        let sub = ["fixture.example/archive/".to_string()];
        let own = |dest: &str| own_path(dest, &sub);
        assert_eq!(
            own("https://fixture.example/archive/2021/").as_deref(),
            Some("2021/")
        );
        assert_eq!(own("https://fixture.example/archive").as_deref(), Some(""));
        assert_eq!(
            own("https://fixture.example/archive#m").as_deref(),
            Some("#m")
        );
        assert_eq!(own("https://fixture.example/archived/"), None);
        assert_eq!(own("https://fixture.example/"), None);
    }

    #[test]
    fn a_percent_that_starts_no_escape_is_escaped() {
        assert_eq!(lone_percents_escaped("/files/50%.pdf"), "/files/50%25.pdf");
        assert_eq!(lone_percents_escaped("/a%20b%2"), "/a%20b%252");
        assert_eq!(lone_percents_escaped("/caf%C3%A9%"), "/caf%C3%A9%25");
        assert!(matches!(
            lone_percents_escaped("/plain/%41"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

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
    fn root_relative_attribute_urls_go_under_the_base_path() {
        let html = "<a href=\"/a/\">a</a><img src=/b.png srcset=\"/c.png 1x, d.png 2x, /e.png\">\
                    <a href=\"//cdn.x/f\"><a href='/archive/g/'><a data-href=\"/h/\">\
                    <a href=\"&#x2F;i&amp;j\"><a href=\"&sol;k\">";
        assert_eq!(
            rebase_attribute_urls(html, Rooting::at("/archive/")).as_deref(),
            Some(
                "<a href=\"/archive/a/\">a</a><img src=/archive/b.png \
                 srcset=\"/archive/c.png 1x, d.png 2x, /archive/e.png\">\
                 <a href=\"//cdn.x/f\"><a href='/archive/g/'><a data-href=\"/h/\">\
                 <a href=\"/archive&#x2F;i&amp;j\"><a href=\"/archive&sol;k\">"
            )
        );
        assert_eq!(rebase_attribute_urls(html, Rooting::at("/")), None);
        // Only start tags' attributes: not text showing markup, a
        // comment, a script's or a title's words; a bare value keeps its
        // last slash; SVG's `xlink:href` is a link too.
        let text = "<pre>&lt;a href=\"/docs/\"&gt;</pre><!-- <a href=\"/old/\"> -->\
                    <script>var src = \"/b.png\";</script><a title='x href=\"/t/\"' href=/about/>a</a>\
                    <use xlink:href=\"/i.svg#a\"/>";
        assert_eq!(
            rebase_attribute_urls(text, Rooting::at("/archive/")).as_deref(),
            Some(
                "<pre>&lt;a href=\"/docs/\"&gt;</pre><!-- <a href=\"/old/\"> -->\
                 <script>var src = \"/b.png\";</script><a title='x href=\"/t/\"' href=/archive/about/>a</a>\
                 <use xlink:href=\"/archive/i.svg#a\"/>"
            )
        );
        assert_eq!(
            rebase_attribute_urls("<a href=\"x/\">", Rooting::at("/archive/")),
            None
        );
        // An object's data, a form's action, a button's formaction.
        let more = "<object data=\"/map.svg\"></object><form action=\"/search/\"><button formaction=\"/s/\">";
        assert_eq!(
            rebase_attribute_urls(more, Rooting::at("/archive/")).as_deref(),
            Some(
                "<object data=\"/archive/map.svg\"></object><form action=\"/archive/search/\">\
                 <button formaction=\"/archive/s/\">"
            )
        );
        // The path is escaped as the attribute's text.
        assert_eq!(
            rebase_attribute_urls("<a href=\"/x\">", Rooting::at("/a&b/")).as_deref(),
            Some("<a href=\"/a&amp;b/x\">")
        );
        // In a preview at the host's root, a URL written with the site's
        // path moves to the root; one written without stays.
        let preview = Rooting {
            base_path: "/",
            site_path: "/archive/",
        };
        assert_eq!(
            rebase_attribute_urls(
                "<a href=\"/archive/sd/1/#n&amp;1\"><img src=/b.png srcset=\"/archive/c.png 2x\">",
                preview
            )
            .as_deref(),
            Some("<a href=\"/sd/1/#n&amp;1\"><img src=/b.png srcset=\"/c.png 2x\">")
        );
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
        // A `data:` URL's commas are its own; a candidate may end in one.
        let data = "<img srcset=\"data:image/png;base64,AA 1x, /b.png 2x,/c.png, /d.png\">";
        let all: Vec<String> = every_attribute_url(data)
            .into_iter()
            .map(|(u, _, _)| u)
            .collect();
        assert_eq!(
            all,
            ["data:image/png;base64,AA", "/b.png", "/c.png", "/d.png"]
        );
        // Any character reference is read, as a browser reads it.
        let named = attribute_urls("<a href=\"&sol;pages&sol;about&#x2F;\">");
        assert_eq!(named, [("/pages/about/".to_string(), false)]);
    }
}

//! Links of a body made absolute for a feed entry: a feed reader shows
//! the entry away from the page, and many ignore `xml:base`, so a
//! root-relative `/special-dispatch/12/`, a relative `map.png` or a
//! note's `#fn-1` would lead nowhere there.

/// `html` with the URL of every URL attribute (`href`, `src`, `poster`,
/// a `srcset`'s candidates...) that is not absolute made absolute:
/// against `origin` (`https://example.org`) when it starts with `/`,
/// against `page` (the entry's URL) otherwise; without `.` and `..`
/// segments, which readers and proxies that compare URLs as text do not
/// resolve.
pub(super) fn absolute_links(html: &str, origin: &str, page: &str) -> String {
    let page_path = page.strip_prefix(origin).unwrap_or("/");
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    for span in crate::markdown::links::attribute_url_spans(html) {
        let value = &html[span.clone()];
        let absolute = if value.starts_with("//") || has_scheme(value) || value.is_empty() {
            continue;
        } else if value.starts_with('/') {
            format!("{origin}{}", without_dot_segments(value))
        } else if let Some(fragment) = value.strip_prefix('#') {
            format!("{page}#{fragment}")
        } else {
            format!(
                "{origin}{}",
                without_dot_segments(&format!("{page_path}{value}"))
            )
        };
        out.push_str(&html[copied..span.start]);
        out.push_str(&absolute);
        copied = span.end;
    }
    out.push_str(&html[copied..]);
    out
}

/// `path` (from the host's root, with any query or fragment after it)
/// without its `.` and `..` segments, as a browser reads it (RFC 3986,
/// 5.2.4); a `..` above the root stays at the root.
fn without_dot_segments(path: &str) -> String {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let (path, rest) = path.split_at(end);
    // `%2e` is a dot to a browser (and to the link check) too.
    let dots = |s: &str| match s.to_ascii_lowercase().replace("%2e", ".").as_str() {
        "." => 1,
        ".." => 2,
        _ => 0,
    };
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    if !segments.iter().any(|s| dots(s) > 0) {
        return format!("{path}{rest}");
    }
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match dots(segment) {
            1 | 2 => {
                if dots(segment) == 2 {
                    out.pop();
                }
                // A folder still: `/a/b/..` is `/a/`.
                if last {
                    out.push("");
                }
            }
            _ => out.push(segment),
        }
    }
    format!("/{}{rest}", out.join("/"))
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The scheme and host of an absolute URL (`https://example.org/a/` ->
/// `https://example.org`).
pub(super) fn origin(url: &str) -> &str {
    let host_start = url.find("://").map_or(0, |i| i + 3);
    url[host_start..]
        .find('/')
        .map_or(url, |i| &url[..host_start + i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_made_absolute_for_a_reader_elsewhere() {
        let page = "https://example.org/sub/special-dispatch/12/";
        let html = "<p><a href=\"/sub/special-dispatch/3/\">3</a> <img src='map.png' alt=\"x\">\
                    <sup><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup> <a href=\"https://other.example/\">o</a> \
                    <a href=\"mailto:a@b.example\">m</a> <a href=\"//cdn.example/x\">c</a> data-href=\"/no\" \
                    <video poster=\"/sub/p.jpg\"></video></p>";
        let out = absolute_links(html, origin(page), page);
        assert_eq!(
            out,
            "<p><a href=\"https://example.org/sub/special-dispatch/3/\">3</a> \
             <img src='https://example.org/sub/special-dispatch/12/map.png' alt=\"x\">\
             <sup><a href=\"https://example.org/sub/special-dispatch/12/#fn-1\" id=\"fnref-1\">1</a></sup> \
             <a href=\"https://other.example/\">o</a> <a href=\"mailto:a@b.example\">m</a> \
             <a href=\"//cdn.example/x\">c</a> data-href=\"/no\" \
             <video poster=\"https://example.org/sub/p.jpg\"></video></p>"
        );
        assert_eq!(origin("http://127.0.0.1:1111/"), "http://127.0.0.1:1111");
        let dots = "<img src=\"../../images/m.svg\"><a href=\"/sub/a/./b/../c?x=../y#../z\">a</a>\
                    <a href=\"../../../../up/\">u</a><a href=\"./\">h</a><a href=\"..\">p</a><a href=\"%2e%2E/x\">e</a>";
        assert_eq!(
            absolute_links(dots, origin(page), page),
            "<img src=\"https://example.org/sub/images/m.svg\">\
             <a href=\"https://example.org/sub/a/c?x=../y#../z\">a</a>\
             <a href=\"https://example.org/up/\">u</a>\
             <a href=\"https://example.org/sub/special-dispatch/12/\">h</a>\
             <a href=\"https://example.org/sub/special-dispatch/\">p</a>\
             <a href=\"https://example.org/sub/special-dispatch/x\">e</a>"
        );
        assert_eq!(absolute_links("a = b", "https://x", "https://x/"), "a = b");
    }
}

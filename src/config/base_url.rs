//! The site's base URL: checked once, split into the absolute URL that
//! canonical links, feeds and the sitemap start with and the path that
//! root-relative links need when a site is served under one.

/// `url` if it can be a base URL; else why not (for `--base-url`, which
/// is checked as the command line is read: a bad value is a usage error).
pub fn valid_base_url(url: &str) -> Result<String, String> {
    parse_base_url(url)
        .map(|_| url.to_string())
        .map_err(|why| format!("{why}; {}", base_url_help(url)))
}

/// How to write `url` as a base URL: with the scheme it lacks when the
/// rest reads as a host (`harbourwatch.example`), else an example.
pub(crate) fn base_url_help(url: &str) -> String {
    let url = url.trim();
    let host = url.split('/').next().unwrap_or_default();
    let hostlike = !url.contains("://")
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
    let slash = if url.ends_with('/') { "" } else { "/" };
    let offered = format!("https://{url}{slash}");
    // Offered only if it would be taken, and names a host with letters.
    if hostlike && host.contains(char::is_alphabetic) && parse_base_url(&offered).is_ok() {
        format!("give an absolute http(s) URL: {offered}")
    } else {
        "give an absolute http(s) URL, e.g. https://archive.example.org/".to_string()
    }
}

/// A base URL (as [`parse_base_url`] gives it, its scheme in lower case)
/// without its scheme: `archive.example.org/path/`.
pub(crate) fn without_scheme(base_url: &str) -> &str {
    ["https://", "http://"]
        .into_iter()
        .find_map(|scheme| base_url.strip_prefix(scheme))
        .unwrap_or(base_url)
}

/// Splits a base URL into (normalised URL ending in `/`, path ending in `/`).
pub(super) fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    // Schemes are case-insensitive (`HTTPS://`); pages get them in lower case.
    let (scheme, rest) = ["https://", "http://"]
        .into_iter()
        .find_map(|scheme| {
            let head = url.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| (scheme, &url[scheme.len()..]))
        })
        .ok_or("it must start with http:// or https://")?;
    if url.contains(['"', '<', '>', ' ', '\\', '?', '#']) {
        return Err("it contains characters not allowed in a base URL");
    }
    // A `%` starts an escape of two hex digits (`%20`); a browser leaves
    // a bare one as written, where a server may refuse it.
    let bytes = url.as_bytes();
    let bad_escape = (0..bytes.len()).any(|i| {
        bytes[i] == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return Err("it has a `%` that is not followed by two hex digits (write `%25` for a `%`)");
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err("it has no host");
    }
    // Every absolute URL of the site starts with it: a password there
    // would be published on every page.
    if host.contains('@') {
        return Err("it has a user name or password (`user@`), which every page would publish");
    }
    // A name, or an IPv6 address in brackets, and perhaps `:port`.
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (_, after) = rest
                .split_once(']')
                .ok_or("its host has a `[` without its `]`")?;
            let port = match after.strip_prefix(':') {
                Some(port) => Some(port),
                None if after.is_empty() => None,
                None => return Err("its host has text after the `]` of its address"),
            };
            ("[]", port)
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if name.is_empty() {
        return Err("it has no host");
    }
    if let Some(port) = port
        && (port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err())
    {
        return Err("its port is not a number from 0 to 65535");
    }
    // A browser resolves `..` and `.` away, so links written under the
    // path as given would not be where the pages are.
    let dots = |segment: &str| {
        let decoded = segment.replace("%2e", ".").replace("%2E", ".");
        decoded == "." || decoded == ".."
    };
    if path.split('/').any(dots) {
        return Err("its path has a `.` or `..` segment: write the path it stands for");
    }
    // `https://a.org//b/` would make every root-relative link `//b/...`,
    // which a browser reads as another host.
    if path.starts_with('/') || path.trim_end_matches('/').contains("//") {
        return Err("its path has an empty segment (`//`)");
    }
    // `…/index.html` is a page of a site, not the folder it is served in.
    let last = path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !path.ends_with('/')
        && [".html", ".htm", ".php", ".asp", ".aspx", ".xml", ".json"]
            .iter()
            .any(|ext| last.ends_with(ext))
    {
        return Err(
            "it names a file (`index.html`): give the folder the site is served in, ending in `/`",
        );
    }
    let path = path.trim_end_matches('/');
    // Host names do not care for case; links and feeds get the usual one.
    // The scheme's own port (`:443` for https) is left out, as browsers
    // write the address, so that canonical links name the page's URL.
    let default_port = if scheme == "https://" { "443" } else { "80" };
    let host = match port {
        Some(p) if p.trim_start_matches('0') == default_port => host
            .get(..host.len() - p.len() - 1)
            .unwrap_or(host)
            .to_ascii_lowercase(),
        _ => host.to_ascii_lowercase(),
    };
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

/// Where a build puts root-relative URLs: under the path on its host of
/// the address it is built for (`base_path`); a URL an editor wrote in a
/// dispatch with annals.yaml's path (`site_path`), in a preview built for
/// another address (`serve`, `--base-url`), is moved under the build's.
/// (Not a template's: it writes the build's path, `site.base_path`, and
/// in a preview at the host's root `/archive/2024/` is the chronology's
/// year, not the site's `/2024/`.)
#[derive(Debug, Clone, Copy)]
pub struct Rooting<'a> {
    pub base_path: &'a str,
    pub site_path: &'a str,
}

impl<'a> Rooting<'a> {
    /// For a site whose path is the same in annals.yaml and the build.
    pub fn at(base_path: &'a str) -> Self {
        Rooting {
            base_path,
            site_path: base_path,
        }
    }

    /// `url` as a link on the site: a root-relative URL (`/images/map.svg`)
    /// gets the path (`/archive/images/map.svg`), so that what editors
    /// write works on a project site too; one written under annals.yaml's
    /// path is moved under the build's (see [`Rooting::moved`]). Other
    /// URLs, and root-relative ones already under the path, are left as
    /// they are.
    pub fn publish<'u>(&self, url: &'u str) -> std::borrow::Cow<'u, str> {
        if let Some(moved) = self.moved(url) {
            return moved.into();
        }
        let rooted = url.starts_with('/') && !url.starts_with("//");
        if self.base_path == "/" || !rooted || under_path(self.base_path, url).is_some() {
            return url.into();
        }
        format!("{}{url}", self.base_path.trim_end_matches('/')).into()
    }

    /// A root-relative `url` written under annals.yaml's path, as it is in
    /// a build for another address: `/archive/x/` is `/x/` in a preview
    /// at the host's root. `None` when the two paths are the same, or
    /// `url` is not under annals.yaml's.
    pub fn moved(&self, url: &str) -> Option<String> {
        // (A preview under the site's own path, `/archive/pr-12/`: a URL
        // under the preview's path is the build's already.)
        if self.site_path == self.base_path
            || self.site_path == "/"
            || under_path(self.base_path, url).is_some()
        {
            return None;
        }
        let rest = under_path(self.site_path, url)?;
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        Some(format!("{}{rest}", self.base_path))
    }
}

/// What follows `path` (`/archive/`) in `url` when `url` is on it:
/// `/archive`, `/archive/x`, `/archive?x` and `/archive#x` are.
fn under_path<'u>(path: &str, url: &'u str) -> Option<&'u str> {
    let bare = path.trim_end_matches('/');
    if bare.is_empty() {
        return None;
    }
    url.strip_prefix(bare)
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        assert_eq!(
            parse_base_url("https://x.github.io/archive").unwrap(),
            ("https://x.github.io/archive/".into(), "/archive/".into())
        );
        assert_eq!(
            parse_base_url("https://a.org/").unwrap(),
            ("https://a.org/".into(), "/".into())
        );
        assert!(parse_base_url("ftp://a.org/").is_err());
        assert!(parse_base_url("https://example.org/a/index.html").is_err());
        assert_eq!(
            parse_base_url("https://Example.ORG/Archive/").unwrap(),
            ("https://example.org/Archive/".into(), "/Archive/".into())
        );
    }

    #[test]
    fn a_base_url_is_refused_where_a_browser_would_read_it_otherwise() {
        assert_eq!(
            parse_base_url("HTTPS://a.org/x/").unwrap(),
            ("https://a.org/x/".into(), "/x/".into())
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:1111/").unwrap(),
            ("http://127.0.0.1:1111/".into(), "/".into())
        );
        assert!(parse_base_url("http://[::1]:8080/").is_ok());
        // The scheme's own port is left out, as a browser writes it.
        for (url, kept) in [
            ("https://a.org:443/x/", "https://a.org/x/"),
            ("http://A.org:80/", "http://a.org/"),
            ("http://[::1]:80/", "http://[::1]/"),
            ("https://a.org:80/", "https://a.org:80/"),
            ("http://a.org:443/", "http://a.org:443/"),
        ] {
            assert_eq!(parse_base_url(url).unwrap().0, kept, "{url}");
        }
        assert!(parse_base_url("https://a.org/caf%C3%A9/").is_ok());
        for bad in [
            "https://a.org/sub/../x/",
            "https://a.org/./a/",
            "https://a.org/%2e%2e/",
            "https://a.org/a//b/",
            "https://user:pw@a.org/",
            "https://a.org:99999/",
            "https://a.org:x/",
            "https://a.org//evil.example/",
            "https://a.org:+80/",
            "https://a.org:80:80/",
            "https://:80/",
            "https://[::1/",
            "https://[::1]x/",
            "https://x.example/a%/",
            "https://x.example/%zz/",
            "https://x.example/a%2/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn root_relative_urls_get_the_base_path_once() {
        let at = Rooting::at("/archive/");
        assert_eq!(at.publish("/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(at.publish("/archive/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(at.publish("/archive"), "/archive");
        assert_eq!(at.publish("//cdn.example/a"), "//cdn.example/a");
        assert_eq!(at.publish("images/a.svg"), "images/a.svg");
        assert_eq!(Rooting::at("/").publish("/images/a.svg"), "/images/a.svg");
    }

    #[test]
    fn a_url_written_under_the_sites_path_moves_with_a_preview() {
        // annals.yaml's site is at /archive/; `serve` builds for the root.
        let preview = Rooting {
            base_path: "/",
            site_path: "/archive/",
        };
        assert_eq!(preview.publish("/archive/sd/12/#n1"), "/sd/12/#n1");
        assert_eq!(preview.publish("/archive"), "/");
        assert_eq!(preview.publish("/archive?q=x"), "/?q=x");
        assert_eq!(preview.publish("/archived/x/"), "/archived/x/");
        assert_eq!(preview.publish("/images/a.svg"), "/images/a.svg");
        // A `--base-url` preview under another path.
        let elsewhere = Rooting {
            base_path: "/staging/",
            site_path: "/archive/",
        };
        assert_eq!(elsewhere.publish("/archive/sd/12/"), "/staging/sd/12/");
        assert_eq!(elsewhere.publish("/sd/12/"), "/staging/sd/12/");
        assert_eq!(elsewhere.publish("/staging/sd/"), "/staging/sd/");
        assert_eq!(Rooting::at("/archive/").moved("/archive/x/"), None);
        // A preview under the site's path: its own URLs stay.
        let under = Rooting {
            base_path: "/archive/pr-12/",
            site_path: "/archive/",
        };
        assert_eq!(under.publish("/archive/pr-12/x/"), "/archive/pr-12/x/");
        assert_eq!(under.publish("/archive/sd/1/"), "/archive/pr-12/sd/1/");
        assert_eq!(
            under.publish("/images/a.svg"),
            "/archive/pr-12/images/a.svg"
        );
    }

    #[test]
    fn a_host_without_its_scheme_is_given_it_in_the_help() {
        assert_eq!(
            base_url_help("harbourwatch.example"),
            "give an absolute http(s) URL: https://harbourwatch.example/"
        );
        assert_eq!(
            base_url_help("news.example:8080/archive/"),
            "give an absolute http(s) URL: https://news.example:8080/archive/"
        );
        assert!(base_url_help("nope").contains("e.g. https://archive.example.org/"));
        // Not offered when it would be refused in turn.
        for bad in [
            "example.com/#frag",
            "x.example/a?b",
            "x.example:abc",
            "x.example/a b",
            ".",
        ] {
            assert!(base_url_help(bad).contains("e.g."), "{bad}");
        }
        assert!(base_url_help("ftp://x.example/").contains("e.g."));
        assert!(
            valid_base_url("x.example")
                .unwrap_err()
                .ends_with("https://x.example/")
        );
    }
}

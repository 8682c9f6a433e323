//! The site's base URL: checked once, split into the absolute URL that
//! canonical links, feeds and the sitemap start with and the path that
//! root-relative links need when a site is served under one.

/// `url` if it can be a base URL; else why not (for `--base-url`, which
/// is checked as the command line is read: a bad value is a usage error).
pub fn valid_base_url(url: &str) -> Result<String, String> {
    parse_base_url(url)
        .map(|_| url.to_string())
        .map_err(|why| format!("{why}; give an absolute URL such as https://archive.example.org/"))
}

/// Splits a base URL into (normalised URL ending in `/`, path ending in `/`).
pub(super) fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    if url.contains(['"', '<', '>', ' ', '\\', '?', '#']) {
        return Err("it contains characters not allowed in a base URL");
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err("it has no host");
    }
    let path = path.trim_end_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

/// `url` as a link on a site served under `base_path`: a root-relative
/// URL (`/images/map.svg`) gets the path (`/archive/images/map.svg`), so
/// that what editors write works on a project site too. Other URLs, and
/// root-relative ones already under the path, are left as they are.
pub fn under_base_path<'u>(base_path: &str, url: &'u str) -> std::borrow::Cow<'u, str> {
    let rooted = url.starts_with('/') && !url.starts_with("//");
    // `/archive`, `/archive?x`, `/archive#x` are the site's root too.
    let bare = base_path.trim_end_matches('/');
    let under = url
        .strip_prefix(bare)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    if base_path == "/" || !rooted || under {
        return url.into();
    }
    format!("{}{url}", base_path.trim_end_matches('/')).into()
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
    }

    #[test]
    fn root_relative_urls_get_the_base_path_once() {
        assert_eq!(
            under_base_path("/archive/", "/images/a.svg"),
            "/archive/images/a.svg"
        );
        assert_eq!(
            under_base_path("/archive/", "/archive/images/a.svg"),
            "/archive/images/a.svg"
        );
        assert_eq!(under_base_path("/archive/", "/archive"), "/archive");
        assert_eq!(
            under_base_path("/archive/", "//cdn.example/a"),
            "//cdn.example/a"
        );
        assert_eq!(under_base_path("/", "/images/a.svg"), "/images/a.svg");
    }
}

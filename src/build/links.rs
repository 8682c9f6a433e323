//! Checks the plain links and image sources of dispatches and pages
//! (`/images/map.svg`, `map.png`, `../12/`: see `markdown::links`) against
//! the written site, once every page, alias, index and static file is in
//! it. A link that leads nowhere is a warning at the link: the host may
//! serve files that annals does not know of, but most often it is a
//! broken image or an old path.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::output::Written;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::archive::{Archive, Dispatch, DispatchId};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::links::LocalLink;

/// Warnings for the links of `archive`'s bodies that name no file of the
/// site written in `site`: all of them, or those of the dispatches `only`
/// (the dev server's edits, which add or remove no file).
pub(super) fn check(
    archive: &Archive,
    config: &Config,
    site: Written<'_>,
    only: Option<&[DispatchId]>,
) -> Vec<Diagnostic> {
    let dispatches: Box<dyn Iterator<Item = &Dispatch>> = match only {
        Some(ids) => Box::new(ids.iter().filter_map(|&d| archive.dispatches.get(d))),
        None => Box::new(archive.dispatches.iter()),
    };
    let pages = archive.pages.iter().filter(|_| only.is_none());
    // Only bodies with links are looked at, in parallel (a stat per link),
    // and their warnings come out in the archive's order.
    let bodies: Vec<_> = dispatches
        .map(|d| (d.path.as_str(), &d.file, &d.rendered.links))
        .chain(pages.map(|p| (p.path.as_str(), &p.file, &p.links)))
        .filter(|(_, _, links)| !links.is_empty())
        .collect();
    let aliases = alias_targets(archive);
    let said: Vec<Vec<Diagnostic>> = bodies
        .into_par_iter()
        .map(|(page, file, links)| {
            body_warnings((archive, config, &aliases), site, page, file, links)
        })
        .collect();
    said.into_iter().flatten().collect()
}

/// The pages that aliases stand in for: each alias's page file
/// (`old/sd-15/index.html`) and the path of the page it leads to.
fn alias_targets(archive: &Archive) -> HashMap<String, String> {
    let dispatches = archive.dispatches.iter().map(|d| (&d.path, &d.aliases));
    let pages = archive.pages.iter().map(|p| (&p.path, &p.aliases));
    dispatches
        .chain(pages)
        .flat_map(|(path, aliases)| {
            aliases
                .iter()
                .filter_map(move |a| Some((crate::output::alias_path(a)?, path.clone())))
        })
        .collect()
}

/// `link`'s destination as the checks read it: an absolute link to the
/// site itself as a path from the host's root of the site being built
/// (whatever address it is built for), and whether it was one; a link
/// written under annals.yaml's path, as the build publishes it (see
/// [`crate::config::Rooting::moved`]).
fn destination(link: &LocalLink, config: &Config) -> (String, bool) {
    match crate::markdown::links::own_path(&link.dest, &config.own_sites) {
        Some(path) => (format!("{}{path}", config.base_path), true),
        None => match config.rooting().moved(&link.dest).filter(|_| link.written) {
            Some(moved) => (moved, false),
            None => (link.dest.clone(), false),
        },
    }
}

/// The warnings for the links of the body of `file`, whose page is at
/// `page`. Each link is said where it is, a broken one as often as it is
/// written: an editor fixes them all in one go.
fn body_warnings(
    (archive, config, aliases): (&Archive, &Config, &HashMap<String, String>),
    site: Written<'_>,
    page: &str,
    file: &Path,
    links: &[LocalLink],
) -> Vec<Diagnostic> {
    let mut said = Vec::new();
    let mut anchors = Anchors::default();
    // A shortcode's template may write one argument's URL twice (a
    // quote's `cite` and its link): one place in the source, one warning.
    let mut places = HashSet::new();
    for link in links.iter() {
        if !places.insert((link.at.line, link.at.column, &link.dest)) {
            continue;
        }
        let (dest, absolute) = destination(link, config);
        // `#x` alone is a place on the page itself.
        let target = resolve(page, &dest, &config.base_path).unwrap_or(Ok(page.to_string()));
        // Written from the site's root and starting with its base path
        // (`/archive/2024/` on a site at `/archive/`): read as already
        // under it, unless that names no file and the site's own path of
        // that name does; either way, where both are files, say so. (An
        // absolute link names its path on the host: it is that one.)
        // (Or starting with annals.yaml's path, in a build for another
        // address, which reads it as its own site's build would.)
        let path = match config.rooting().moved(&link.dest).filter(|_| link.written) {
            Some(_) => &config.site_path,
            None => &config.base_path,
        };
        let own = written_from_root(&link.dest, path).filter(|own| !absolute && exists(site, own));
        if let (Some(own), Ok(rel)) = (&own, &target) {
            said.push(ambiguous(link, path, own, rel, exists(site, rel)));
            continue;
        }
        if let Ok(rel) = &target
            && exists(site, rel)
        {
            if let Some(d) = anchors.check(site, rel, link, aliases) {
                said.push(d);
            }
            continue;
        }
        let beside = (!absolute)
            .then(|| config.root.join(file))
            .and_then(|f| Some(f.parent()?.join(link_path(&dest))));
        let url = format!("{}{page}", config.base_path);
        let mut d = warning(link, &url, &target, beside.is_some_and(|b| b.is_file()));
        // `t.me/channel/12` pasted without its scheme.
        if let Some(host) = host_like(&link.dest) {
            d.help = Some(format!(
                "did you mean `https://{}`? An address without `https://` is read as a path of this site ({host} is a host's name)",
                link.dest
            ));
        // A file of that name but for its letter case: hosts read the
        // case, and a copy under the other name would be a twin of it.
        } else if let Ok(rel) = &target
            && let Some(found) = case_twin(site, rel)
        {
            // As the author writes it: from the site's root, which
            // annals puts under the base path.
            let meant = format!("/{}", crate::markdown::links::encoded(&found));
            let same_form = crate::slug::nfc(&found) == crate::slug::nfc(rel);
            d.help = Some(if found.to_lowercase() == rel.to_lowercase() {
                format!(
                    "did you mean `{meant}`? The site's file differs only in letter case, which addresses keep"
                )
            } else if same_form {
                // Typed text is composed (`é` one character); names that
                // macOS tools or zips made may be decomposed.
                "the site has this file, a name on its path spelled in another Unicode form (an accent as a character of its own, as some macOS tools and zips write names), which addresses keep: rename that file or folder as the link writes it".to_string()
            } else {
                format!(
                    "did you mean `{meant}`? The site's path differs in letter case, and a name on it is spelled in another Unicode form (an accent as a character of its own): rename that file or folder as the link writes it"
                )
            });
        } else if let Some((written, mark)) = whole_name(site, page, &dest, config) {
            // `files/a#b.pdf`: the `#` began a fragment.
            let code = if mark == '#' { "%23" } else { "%3F" };
            d.help = Some(format!(
                "the site has a file whose name holds `{mark}`, which a URL reads as the start of {}: write it `{code}`, as in `{written}`",
                if mark == '#' { "a fragment" } else { "a query" }
            ));
        } else if let Ok(rel) = &target
            && let Some(meant) = nearby(site, rel)
        {
            // As the author writes it: from the site's root, which
            // annals puts under the base path.
            let meant = format!("/{}", crate::markdown::links::encoded(&meant));
            d.help = Some(if rel.starts_with("static/") {
                format!("static/ is published at the site's root: write `{meant}`")
            } else {
                format!("did you mean `{meant}`?")
            });
        } else if let Ok(rel) = &target
            && let Some(held) = archive.reserved.iter().find(|r| {
                r.list.is_none() && r.path.trim_end_matches('/') == rel.trim_end_matches('/')
            })
        {
            let file = held.file.strip_prefix(&config.root).unwrap_or(&held.file);
            d.help = Some(format!(
                "that is the address of {}, which is not published (a draft, or dated after today): the link works once it is",
                file.display()
            ));
        } else if let Some(id) = dispatch_id(archive, &dest) {
            d.help = Some(format!(
                "did you mean `@{id}`? A dispatch is linked by its id after an `@`"
            ));
        }
        said.push(d);
    }
    said
}

/// The site-relative path `dest` leads to from the page at `page`
/// (`special-dispatch/40/`), decoded; `Err` if it leads out of the site
/// (above its root, or out of `base_path`, the site's path on its host);
/// `None` for nothing to check (an empty path: the page itself).
fn resolve(page: &str, dest: &str, base_path: &str) -> Option<Result<String, ()>> {
    let path = link_path(dest);
    if path.is_empty() {
        return None;
    }
    let decoded = percent_decode_str(&path).decode_utf8_lossy();
    let base = base_path.trim_matches('/');
    // Where the browser goes, from the host's root: a relative URL is read
    // from the page's URL, which is under the base path. A root-relative
    // one written without the base path gets it when the page is built.
    let from_host = match decoded.strip_prefix('/') {
        Some(rooted) if base.is_empty() || under(rooted, base) => rooted.to_string(),
        Some(rooted) => format!("{base}/{rooted}"),
        None if base.is_empty() => format!("{page}{decoded}"),
        None => format!("{base}/{page}{decoded}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in from_host.split('/') {
        match part {
            "." | "" => {}
            // A browser stops `..` at the host's root (`/../x` is `/x`).
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut rel = parts.join("/");
    if !rel.is_empty() && (from_host.ends_with('/') || from_host.ends_with("/.")) {
        rel.push('/');
    }
    if base.is_empty() {
        return Some(Ok(rel));
    }
    match rel.strip_prefix(base) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            Some(Ok(rest.trim_start_matches('/').to_string()))
        }
        _ => Some(Err(())),
    }
}

/// The site path a root-relative `dest` names when read from the site's
/// root, for one that starts with `base_path` (which links read as the
/// base path already given): `/archive/2024/` is `archive/2024/`.
fn written_from_root(dest: &str, base_path: &str) -> Option<String> {
    let base = base_path.trim_matches('/');
    let path = link_path(dest);
    let decoded = percent_decode_str(&path).decode_utf8_lossy();
    let rooted = decoded.strip_prefix('/')?;
    if base.is_empty() || !under(rooted, base) || rooted.contains("..") {
        return None;
    }
    Some(rooted.to_string())
}

/// A link that starts with the site's base path, where the site also has
/// a page of that path from its root (`/archive/` on a site at
/// `/archive/`: its home, or its chronology `archive/`).
fn ambiguous(link: &LocalLink, base_path: &str, own: &str, rel: &str, found: bool) -> Diagnostic {
    let mut d = link.at.clone();
    let prefixed = format!("{base_path}{own}");
    if found {
        d.message = format!(
            "link `{}` leads to /{rel} of this site, whose path on its host is {base_path}; the site also has /{own}",
            link.dest
        );
        d.with_help(format!(
            "write `/{rel}` for the first (annals puts the base path before it), or `{prefixed}` for the site's /{own}"
        ))
    } else {
        d.message = format!(
            "link `{}` is read as under this site's path on its host, {base_path}, and leads to no file (/{rel})",
            link.dest
        );
        d.with_help(format!(
            "for the site's own /{own}, write `{prefixed}`: the base path, then the path"
        ))
    }
}

/// Whether `path` is `base` or under it.
fn under(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The fragment of `dest` (after `#`), decoded; empty if none.
fn fragment(dest: &str) -> String {
    let raw = dest.split_once('#').map_or("", |(_, f)| f);
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

/// The fragment of `link` that names a place on a page, to be checked;
/// `None` for none: `#top` is the top of any page, `#:~:text=` a text
/// fragment, and an image's fragment is the viewer's.
fn place(link: &LocalLink) -> Option<String> {
    let wanted = fragment(&link.dest);
    let none = wanted.is_empty()
        || link.image
        || wanted.eq_ignore_ascii_case("top")
        || wanted.starts_with(":~:");
    (!none).then_some(wanted)
}

/// The page file a link to `rel` lands on (a folder's `index.html`);
/// `None` for another file (a fragment of a PDF is the viewer's).
fn page_file(rel: &str, is_dir: impl FnOnce(&str) -> bool) -> Option<String> {
    if rel.is_empty() || rel.ends_with('/') {
        Some(format!("{rel}index.html"))
    } else if rel.ends_with(".html") || rel.ends_with(".htm") {
        Some(rel.to_string())
    } else if is_dir(rel) {
        Some(format!("{rel}/index.html"))
    } else {
        None
    }
}

/// The pages whose places (element ids) the links of `archive`'s bodies
/// name, as the files [`Anchors`] reads: a check keeps the ids of these
/// pages only (see `output::Staging::dry`), since reading every page's
/// would cost more than the rest of the check's writing.
pub(super) fn pages_with_places(archive: &Archive, config: &Config) -> HashSet<String> {
    let bodies = archive
        .dispatches
        .iter()
        .map(|d| (d.path.as_str(), &d.rendered.links))
        .chain(archive.pages.iter().map(|p| (p.path.as_str(), &p.links)));
    let aliases = alias_targets(archive);
    let mut files = HashSet::new();
    for (page, links) in bodies {
        for link in links.iter().filter(|link| place(link).is_some()) {
            let (dest, _) = destination(link, config);
            let target = resolve(page, &dest, &config.base_path);
            // A folder or not: written or not, it is the page's if any.
            if let Ok(rel) = target.unwrap_or_else(|| Ok(page.to_string()))
                && let Some(file) = page_file(&rel, |_| true)
            {
                // An alias's places are its page's.
                if let Some(page) = aliases.get(&file) {
                    files.insert(format!("{page}index.html"));
                }
                files.insert(file);
            }
        }
    }
    files
}

/// The ids of the written pages that links point into, read once per
/// body.
#[derive(Default)]
struct Anchors(HashMap<String, HashSet<String>>);

impl Anchors {
    /// A warning when `link` names a fragment the
    /// page it leads to, `rel` in the site, has no element for. Only
    /// pages are looked into: a fragment of another file (`#page=2` of a
    /// PDF) is the viewer's.
    ///
    /// An alias's fragment is its page's: the alias's redirect carries it
    /// there (`/old/sd-15/#method` is sd-16's `#method`).
    fn check(
        &mut self,
        site: Written<'_>,
        rel: &str,
        link: &LocalLink,
        aliases: &HashMap<String, String>,
    ) -> Option<Diagnostic> {
        let wanted = place(link)?;
        let file = page_file(rel, |rel| site.is_dir(rel))?;
        let alias_of = aliases.get(&file);
        let file = alias_of.map_or(file, |page| format!("{page}index.html"));
        let ids = self
            .0
            .entry(file.clone())
            .or_insert_with(|| site.element_ids(&file));
        if ids.is_empty() || ids.contains(&wanted) {
            return None;
        }
        let mut d = link.at.clone();
        d.message = match alias_of {
            Some(page) => format!(
                "link `{}` leads to an old address (an alias) of /{page}, which has no `#{wanted}`",
                link.dest
            ),
            None => format!(
                "link `{}` leads to no `#{wanted}` on its page (/{rel})",
                link.dest
            ),
        };
        let mut known: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !id.starts_with("fn"))
            .collect();
        known.sort_unstable();
        // Typed composed, or pasted decomposed: they look the same, and
        // a browser matches the code points.
        let nfc = crate::slug::nfc(&wanted);
        if let Some(id) = known.iter().find(|id| crate::slug::nfc(id) == nfc) {
            return Some(d.with_help(format!(
                "the page has `#{id}`, which looks the same but is spelled in another Unicode form (an accent as a character of its own, or not): type the fragment again, or copy it from the page's address"
            )));
        }
        let near = crate::diagnostic::nearest(&wanted, known.iter().copied());
        Some(d.with_help(match near {
            Some(id) => format!("did you mean `#{id}`?"),
            None => "use an id the page has; a place in a dispatch or page is better linked as a reference (`@sd-12#context`), which annals checks as it builds".to_string(),
        }))
    }
}

/// `dest` without its query or fragment.
fn link_path(dest: &str) -> String {
    dest.split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether the site has a file at `rel`, or a page (a folder's
/// `index.html`, which hosts serve for the folder).
fn exists(site: Written<'_>, rel: &str) -> bool {
    if rel.contains(['\0', '\\']) {
        return false;
    }
    if rel.is_empty() || rel.ends_with('/') {
        return site.is_file(&format!("{rel}index.html"));
    }
    site.is_file(rel) || site.is_file(&format!("{rel}/index.html"))
}

/// `dest` as a reference, when it is a dispatch's id written without its
/// `@` (`sd-12`, `sd-12#method`), as a path (`/sd-12/`, `../sd-12`,
/// `sd-12.md`) or in capitals (`SD-12`).
fn dispatch_id(archive: &Archive, dest: &str) -> Option<String> {
    let (id, fragment) = dest
        .split_once('#')
        .map_or((dest, None), |(i, f)| (i, Some(f)));
    let mut id = id.trim_end_matches('/');
    while let Some(rest) = ["../", "./", "/"].iter().find_map(|p| id.strip_prefix(p)) {
        id = rest;
    }
    let id = [".md", ".html"]
        .iter()
        .find_map(|ext| id.strip_suffix(ext))
        .unwrap_or(id)
        .to_lowercase();
    archive.by_id.contains_key(&id).then(|| match fragment {
        Some(f) => format!("{id}#{f}"),
        None => id.to_string(),
    })
}

/// `dest` written so that it names a file of the site whose name holds
/// a `#` or `?` (`/files/a#b.pdf`, `/files/what?.pdf`), with that mark.
fn whole_name(
    site: Written<'_>,
    page: &str,
    dest: &str,
    config: &crate::config::Config,
) -> Option<(String, char)> {
    let mark = dest.chars().find(|c| matches!(c, '#' | '?'))?;
    let written = dest.replace('#', "%23").replace('?', "%3F");
    let rel = resolve(page, &written, &config.base_path)?.ok()?;
    exists(site, &rel).then_some((written, mark))
}

/// The host `dest` starts with, when it reads as another site's address
/// written without its scheme (`t.me/channel/12`, `www.example.org`): a
/// first part with a dot whose last label is letters and no file's
/// extension.
fn host_like(dest: &str) -> Option<&str> {
    if dest.starts_with(['/', '.', '#', '?']) {
        return None;
    }
    let host = dest.split(['/', '?', '#']).next()?;
    let (name, tld) = host.rsplit_once('.')?;
    // A country's two letters (`t.me`, `youtu.be`) or a common generic
    // name: not a folder named `report.final`, nor a file's extension.
    const GENERIC: [&str; 16] = [
        "com", "org", "net", "info", "gov", "edu", "int", "mil", "app", "dev", "news", "social",
        "online", "site", "xyz", "blog",
    ];
    const FILES: [&str; 9] = ["md", "js", "ts", "py", "rs", "sh", "gz", "ps", "db"];
    let tld = tld.to_ascii_lowercase();
    let country = tld.len() == 2 && tld.bytes().all(|b| b.is_ascii_alphabetic());
    let tld_like = country && !FILES.contains(&tld.as_str()) || GENERIC.contains(&tld.as_str());
    let named = !name.is_empty() && !name.ends_with('.');
    // A host is followed by a path, or is `www.` something.
    let more = dest.len() > host.len() || host.starts_with("www.");
    (tld_like && named && more).then_some(host)
}

/// The site's file (or page) that `rel` likely means: without a
/// `static/` it was written with (that folder is published at the root),
/// or with its first part misspelt (`special-dispach/12/`).
fn nearby(site: Written<'_>, rel: &str) -> Option<String> {
    if let Some(rest) = rel.strip_prefix("static/")
        && exists(site, rest)
    {
        return Some(rest.to_string());
    }
    let (first, rest) = rel.split_once('/')?;
    let names = site.names_in("");
    let near = crate::diagnostic::nearest(first, names.iter().map(String::as_str))?;
    let meant = format!("{near}/{rest}");
    exists(site, &meant).then_some(meant)
}

/// The site's file (or page) that `rel` names but for the letter case
/// or Unicode form of its parts, if there is one.
fn case_twin(site: Written<'_>, rel: &str) -> Option<String> {
    let mut found = String::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        let names = site.names_in(found.trim_end_matches('/'));
        let key = crate::output::same_file_key(part);
        let name = names.iter().find(|n| *n == part).or_else(|| {
            names
                .iter()
                .find(|n| crate::output::same_file_key(n) == key)
        })?;
        found.push_str(name);
        found.push('/');
    }
    if !rel.ends_with('/') {
        found.pop();
    }
    (found != rel && exists(site, &found)).then_some(found)
}

/// The warning for `link` of the page at `url` (its path on the host).
fn warning(link: &LocalLink, url: &str, target: &Result<String, ()>, beside: bool) -> Diagnostic {
    // A clip's `src` is a video, shown in the page as an image is.
    let media = [
        ".mp4", ".m4v", ".webm", ".ogg", ".ogv", ".oga", ".opus", ".mov", ".mp3", ".m4a", ".aac",
        ".flac", ".wav", ".vtt",
    ];
    let path = link
        .dest
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let what = match link.image {
        true if media.iter().any(|ext| path.ends_with(ext)) => "media source",
        true => "image source",
        false => "link",
    };
    let mut d = link.at.clone();
    let Ok(rel) = target else {
        d.message = format!("{what} `{}` leads out of the site", link.dest);
        return d.with_help(format!(
            "a relative URL is read from the page's URL, {url}: give the path from the site's root instead, like `/images/map.svg`"
        ));
    };
    d.message = format!(
        "{what} `{}` leads to no file of the site (/{rel})",
        link.dest
    );
    let help = if beside {
        format!(
            "annals publishes no file from content/ but the Markdown: move this file to static/{rel} to keep the URL, or to static/images/ and write `/images/NAME`"
        )
    } else if link.image {
        format!(
            "put the file in static/ (static/{rel} is published at /{rel}), or correct the path; a relative one is read from the page's URL, {url}"
        )
    } else {
        "link a dispatch as `@sd-12` and a page as `@/pages/about.md`: annals checks those; a file goes in static/, which is published as it is".to_string()
    };
    d.with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_from_the_page() {
        let r = |dest: &str| resolve("special-dispatch/40/", dest, "/");
        assert_eq!(r("map.png"), Some(Ok("special-dispatch/40/map.png".into())));
        assert_eq!(r("../41/"), Some(Ok("special-dispatch/41/".into())));
        assert_eq!(
            r("/images/a%20b.png?v=2#x"),
            Some(Ok("images/a b.png".into()))
        );
        assert_eq!(r("/"), Some(Ok(String::new())));
        assert_eq!(r("../../../x"), Some(Ok("x".into())));
        assert_eq!(r("?q=1"), None);
        let sub = |dest: &str| resolve("pages/a/", dest, "/harbour/");
        // Relative: from the page's URL, under the base path.
        assert_eq!(sub("../../images/x.svg"), Some(Ok("images/x.svg".into())));
        assert_eq!(
            sub("../../../harbour/images/x.svg"),
            Some(Ok("images/x.svg".into()))
        );
        assert_eq!(sub("../../../elsewhere/x.svg"), Some(Err(())));
        assert_eq!(
            sub("/harbour/images/x.svg"),
            Some(Ok("images/x.svg".into()))
        );
        assert_eq!(sub("/harbourside/x/"), Some(Ok("harbourside/x/".into())));
        assert_eq!(sub("/images/x.svg"), Some(Ok("images/x.svg".into())));
    }
}

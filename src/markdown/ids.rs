//! Heading ids: unique on the page. A repeated automatic id gets `-2`,
//! `-3`, ..., skipping ids the page already has (explicit ones, the
//! notes', the theme's); an explicit `{#id}` that is taken is an error,
//! since a reference's `#fragment` must name one place.

use std::collections::{HashMap, HashSet};

/// The ids given so far on one page.
#[derive(Default)]
pub(super) struct HeadingIds {
    given: HashSet<String>,
    /// Per automatic base, the suffix to try next: a page of many equal
    /// headings must not try every earlier suffix again for each.
    next: HashMap<String, u32>,
}

impl HeadingIds {
    /// Records an explicit id; false when the page already has it.
    pub(super) fn explicit(&mut self, id: &str) -> bool {
        self.given.insert(id.to_string()) && !is_reserved_id(id)
    }

    /// The first free id of `base`, `base-2`, `base-3`, ...
    pub(super) fn automatic(&mut self, base: String) -> String {
        // A heading that reads like a note's back-link id ("Fnref 1")
        // would find every suffix taken (`fnref-1-2` is a back-link too):
        // it is set apart. "Fn 1" takes `fn-1-2`, as any other would.
        let base = if is_reserved_id(&base) && base.starts_with("fnref") {
            format!("h-{base}")
        } else {
            base
        };
        // The suffixes below `next` were all found taken, and stay so.
        let next = self.next.entry(base.clone()).or_insert(1);
        let id = loop {
            let id = match *next {
                1 => base.clone(),
                n => format!("{base}-{n}"),
            };
            *next = next.saturating_add(1);
            if !self.given.contains(&id) && !is_reserved_id(&id) {
                break id;
            }
        };
        self.given.insert(id.clone());
        id
    }
}

/// Ids the page has besides its headings': the notes' (`fn-1`,
/// `fnref-1`, `fnref-1-2`) and the default theme's.
pub(super) fn is_reserved_id(id: &str) -> bool {
    const THEME: &[&str] = &[
        "main",
        "dispatch-title",
        "toc-heading",
        "notes-heading",
        "cited-by-heading",
        "related-heading",
        "cite-heading",
        "citation-text",
        "site-search",
        "search-within",
        // The note popup annals.js adds.
        "fn-preview",
    ];
    let numbers = |rest: &str, most: usize| {
        let parts: Vec<&str> = rest.split('-').collect();
        parts.len() <= most && parts.iter().all(|p| p.parse::<u32>().is_ok())
    };
    let note = match (id.strip_prefix("fnref-"), id.strip_prefix("fn-")) {
        (Some(rest), _) => numbers(rest, 2),
        (_, Some(rest)) => numbers(rest, 1),
        _ => false,
    };
    note || THEME.contains(&id)
}
/// What a heading's `{...}` attribute block (at the end of its first
/// line) says that the Markdown parser drops without a trace: bare words
/// (`{#a b}`) and an empty id or class (`{#}`, `{.}`), each as written.
/// `key=value` pairs are dropped too, but the parser reports those.
/// The id a heading's `{#...}` meant when it was written with spaces
/// (`{#The Speech}`, which Markdown reads as the id `The` and an
/// attribute `Speech`): what is in the braces, and the id to write.
pub(super) fn spaced_id(heading: &str) -> Option<(String, String)> {
    let line = heading.lines().next().unwrap_or_default().trim_end();
    let block = line.strip_suffix('}')?.rsplit_once('{')?.1;
    let mut words = block.split_whitespace();
    let first = words.next()?.strip_prefix('#')?;
    let rest: Vec<&str> = words.collect();
    let plain = |w: &&str| !w.starts_with(['.', '#']) && !w.contains('=');
    if first.is_empty() || rest.is_empty() || !rest.iter().all(plain) {
        return None;
    }
    let meant = std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join(" ");
    Some((
        format!("{{{}}}", block.trim()),
        crate::slug::slugify(&meant),
    ))
}

pub(super) fn unread_attributes(heading: &str) -> Vec<String> {
    let line = heading.lines().next().unwrap_or_default().trim_end();
    let Some(block) = line
        .strip_suffix('}')
        .and_then(|l| l.rsplit_once('{'))
        .map(|(_, b)| b)
    else {
        return Vec::new();
    };
    block
        .split_whitespace()
        .filter(|word| {
            let named = |mark| word.strip_prefix(mark).is_some_and(|n: &str| !n.is_empty());
            !(named('#') || named('.') || word.contains('='))
        })
        .map(|word| format!("`{word}`"))
        .collect()
}

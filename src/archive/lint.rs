//! Archive-wide lints for `annals check`: gaps in series numbering and
//! terms written in spellings that slugify alike. Neither stops a build
//! (a series may skip numbers on purpose), so both are warnings.

use super::{Archive, locate};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// At most this many gaps are listed per series, then a count.
const MAX_GAPS_SHOWN: usize = 20;

pub fn lint(config: &Config, archive: &Archive) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // The files the aliases of dispatches and pages are served from.
    let aliases: Vec<String> = archive
        .dispatches
        .iter()
        .flat_map(|d| &d.aliases)
        .chain(archive.pages.iter().flat_map(|p| &p.aliases))
        .filter_map(|a| crate::output::alias_path(a))
        .collect();
    for ((series, members), drafts) in config
        .series
        .iter()
        .zip(&archive.series_members)
        .zip(&archive.unpublished_numbers)
    {
        // A draft's number is taken, not a gap (`annals new` makes drafts);
        // so is that of a file that failed to load (its own errors say so).
        let failed = archive.targets.failed.iter().filter_map(|id| {
            id.strip_prefix(series.prefix.as_str())?
                .strip_prefix('-')?
                .parse::<u64>()
                .ok()
        });
        // A number whose address another dispatch or page keeps as an
        // alias was retired (renumbered, merged, withdrawn with a notice):
        // its readers are led on, so it is no gap either.
        // (Only as a number's address is written, `/sd/7/`, not `/sd/07/`;
        // and only between numbers in use: an old address far past them
        // makes no gap of its own.)
        let retired = aliases.iter().filter_map(|file| {
            let n = file
                .strip_prefix(series.key.as_str())?
                .strip_prefix('/')?
                .strip_suffix("/index.html")?;
            n.parse::<u64>().ok().filter(|v| v.to_string() == n)
        });
        let mut numbers: Vec<u64> = members
            .iter()
            .filter_map(|&d| archive.dispatches[d].number)
            .chain(drafts.iter().copied())
            .chain(failed)
            .collect();
        if let (Some(&low), Some(&high)) = (numbers.iter().min(), numbers.iter().max()) {
            numbers.extend(retired.filter(|n| (low..=high).contains(n)));
        }
        numbers.sort_unstable();
        numbers.dedup();
        let mut gaps = Vec::new();
        for pair in numbers.windows(2) {
            if pair[1] > pair[0] + 1 {
                gaps.push(if pair[1] == pair[0] + 2 {
                    (pair[0] + 1).to_string()
                } else {
                    format!("{}–{}", pair[0] + 1, pair[1] - 1)
                });
            }
        }
        if !gaps.is_empty() {
            let shown = gaps.len().min(MAX_GAPS_SHOWN);
            let more = if gaps.len() > shown {
                format!(" and {} more", gaps.len() - shown)
            } else {
                String::new()
            };
            let d = Diagnostic::warning(format!(
                "series `{}` has gaps in its numbering: {}{more}",
                series.key,
                gaps[..shown].join(", ")
            ))
            .in_file("annals.yaml")
            .with_help(format!(
                "if these numbers were never published, ignore this; otherwise add the missing dispatches. \
                 A number retired (renumbered, merged into another, withdrawn) is no gap once a dispatch or \
                 page keeps its address as an alias, e.g. `aliases: [/{}/{}/]`",
                series.key,
                gaps[0].split('–').next().unwrap_or_default()
            ));
            diags.push(at_series_key(config, &series.key, d));
        }
    }
    for term in &archive.terms {
        let key = &config.taxonomies[term.taxonomy].key;
        // A spelling in curled quotes: where it is first written so.
        let quoted = term
            .spelled_in
            .map(|d| (&term.spelling, d))
            .into_iter()
            .chain(term.variants.iter().map(|(v, d)| (v, *d)))
            .filter(|(name, _)| unquoted(name).is_some());
        for (name, d) in quoted {
            let plain = unquoted(name).unwrap_or(name);
            diags.push(locate::at_text(
                &config.root,
                &archive.dispatches[d].file,
                key,
                name,
                Diagnostic::warning(format!(
                    "{key} term `{name}` is in typographic quotes, which are part of its name on every page"
                ))
                .with_help(format!(
                    "write it `{plain}` (a word processor may have curled quotes written around it)"
                )),
            ));
        }
        for (variant, d) in &term.variants {
            let dispatch = &archive.dispatches[*d];
            diags.push(locate::at_text(
                &config.root,
                &dispatch.file,
                key,
                variant,
                Diagnostic::warning(format!(
                    "{key} term `{variant}` is spelled `{}` elsewhere; both are the same term (`{}`)",
                    term.spelling, term.slug
                ))
                .with_help(format!(
                    "use one spelling everywhere, e.g. `{}`; if they name two different things, \
                     make their names differ in letters or digits (`C Sharp`), not only in case or punctuation",
                    unquoted(&term.spelling).unwrap_or(&term.spelling)
                )),
            ));
        }
    }
    spelt_two_ways(config, archive, &mut diags);
    names_taken_twice(config, archive, &mut diags);
    too_long_for_the_sitemap(config, archive, &mut diags);
    diags
}

/// Terms of one taxonomy whose names differ only in accents, in the
/// Arabic or Persian form of a letter, or in compatibility characters
/// (`Qāssem Soleimānī` and `Qassem Soleimani`; `علي` and `علی`): two
/// pages, where an editor most likely meant one. Each is said at its
/// first use, against the spelling most dispatches use. A term with an
/// entity file is not said: giving it its text says it is one of two.
fn spelt_two_ways(config: &Config, archive: &Archive, diags: &mut Diagnostics) {
    let mut groups: std::collections::HashMap<(usize, String), Vec<usize>> = Default::default();
    for (t, term) in archive.terms.iter().enumerate() {
        if term.spelled_in.is_some() {
            let letters = crate::collate::letters(&term.spelling);
            if !letters.is_empty() {
                groups.entry((term.taxonomy, letters)).or_default().push(t);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable();
    for group in groups {
        // The spelling with an entity file (its editor's), else the one
        // most dispatches use (the first term of those).
        let Some(&main) = group.iter().max_by_key(|&&t| {
            let term = &archive.terms[t];
            (
                term.entity.is_some(),
                term.dispatches.len(),
                std::cmp::Reverse(t),
            )
        }) else {
            continue;
        };
        let main = &archive.terms[main];
        for &t in &group {
            let term = &archive.terms[t];
            // (A term with an entity file is curated: its editor knows it.)
            let Some(d) = term
                .spelled_in
                .filter(|_| term.slug != main.slug && term.entity.is_none())
            else {
                continue;
            };
            let key = &config.taxonomies[term.taxonomy].key;
            let uses = main.dispatches.len();
            diags.push(locate::at_text(
                &config.root,
                &archive.dispatches[d].file,
                key,
                &term.spelling,
                Diagnostic::warning(format!(
                    "{key} term `{}` differs from `{}` only in accents or letter forms, but they are two terms with two pages (`{}` and `{}`)",
                    term.spelling, main.spelling, term.slug, main.slug
                ))
                .with_help(format!(
                    "if they name one, write `{}` everywhere ({uses} dispatch{} do{}); if they are two, give each its entity file (this one content/{key}/{}.md), which says so",
                    main.spelling,
                    if uses == 1 { "" } else { "es" },
                    if uses == 1 { "es" } else { "" },
                    term.slug,
                )),
            ));
        }
    }
}

/// `d` at the line of annals.yaml that names the series `key` (an
/// indented `key:` line, under `series:`), if it is found.
fn at_series_key(config: &Config, key: &str, d: Diagnostic) -> Diagnostic {
    let Ok(text) = std::fs::read_to_string(config.root.join("annals.yaml")) else {
        return d;
    };
    let mut offset = 0;
    let mut in_series = false;
    for line in text.split_inclusive('\n') {
        let indented = line.starts_with([' ', '\t']);
        if !indented && !line.trim().is_empty() {
            in_series = line.starts_with("series:");
        } else if in_series && line.trim_start().starts_with(&format!("{key}:")) {
            let at = offset + (line.len() - line.trim_start().len());
            let source: std::sync::Arc<str> = text.as_str().into();
            return d.at_span(&source, at..at + key.len());
        }
        offset += line.len();
    }
    d
}

/// `name` without the typographic quotes around it, if it is so quoted
/// (`‘Ali’`, `“Ali”`, `«Ali»`, `»Ali«`, `„Ali“`, `‚Ali‘`).
fn unquoted(name: &str) -> Option<&str> {
    const PAIRS: [(char, &[char]); 6] = [
        ('‘', &['’', '‘']),
        ('“', &['”', '“']),
        ('«', &['»']),
        ('»', &['«']),
        ('„', &['“', '”']),
        ('‚', &['‘', '’']),
    ];
    let first = name.chars().next()?;
    let (_, closes) = PAIRS.iter().find(|(open, _)| *open == first)?;
    let inner = name.get(first.len_utf8()..)?;
    let last = inner.chars().next_back()?;
    let inner = inner.get(..inner.len() - last.len_utf8())?.trim();
    (closes.contains(&last) && !inner.is_empty()).then_some(inner)
}

/// The longest address a sitemap may list (sitemaps.org: "less than
/// 2,048 characters"); a reader that checks it refuses the whole file.
const SITEMAP_URL_MAX: usize = 2047;

/// A warning at each dispatch and page whose address, percent-encoded as
/// the sitemap writes it, is too long for a sitemap: deep folders of long
/// names in a script outside ASCII triple in length once encoded.
fn too_long_for_the_sitemap(config: &Config, archive: &Archive, diags: &mut Diagnostics) {
    let encoded = |path: &str| {
        config.base_url.len()
            + path
                .bytes()
                .map(|b| if b.is_ascii_graphic() { 1 } else { 3 })
                .sum::<usize>()
    };
    let files = archive
        .dispatches
        .iter()
        .map(|d| (&d.file, d.path.as_str()))
        .chain(archive.pages.iter().map(|p| (&p.file, p.path.as_str())));
    for (file, path) in files {
        let len = encoded(path);
        if len > SITEMAP_URL_MAX {
            diags.push(
                Diagnostic::warning(format!(
                    "its address is {len} characters long once encoded, more than a sitemap may list (2,047): readers that check it refuse the whole sitemap.xml"
                ))
                .in_file(file)
                .with_help("shorten the names of its file and folders"),
            );
        }
    }
}

/// A warning at each entity file whose title is the name another term of
/// its taxonomy shows: the two would look like one wherever both are
/// listed.
fn names_taken_twice(config: &Config, archive: &Archive, diags: &mut Diagnostics) {
    let mut by_name: std::collections::HashMap<(usize, String), Vec<&str>> = Default::default();
    for term in &archive.terms {
        by_name
            .entry((term.taxonomy, term.name.to_lowercase()))
            .or_default()
            .push(&term.slug);
    }
    for term in &archive.terms {
        let Some(page) = term.entity.map(|p| &archive.pages[p]) else {
            continue;
        };
        let named = by_name.get(&(term.taxonomy, term.name.to_lowercase()));
        // (A term its dispatches name is not told to change its title for
        // an entity file that names nothing: that file is said at.)
        let by_others = |s: &&str| {
            archive
                .targets
                .term_by_slug
                .get(&(term.taxonomy, s.to_string()))
                .is_some_and(|&t| {
                    !archive.terms[t].dispatches.is_empty() || term.dispatches.is_empty()
                })
        };
        if let Some(&other) =
            named.and_then(|slugs| slugs.iter().find(|s| **s != term.slug && by_others(s)))
        {
            let key = &config.taxonomies[term.taxonomy].key;
            diags.push(locate::at_key(
                &config.root,
                &page.file,
                &["title"],
                Diagnostic::warning(format!(
                    "`{}` is also the name of the {key} term `{other}`: the two show alike wherever both are listed",
                    term.name
                ))
                .with_help(if term.dispatches.is_empty() {
                    // No dispatch names it: most likely a misnamed file.
                    format!(
                        "if this file is the text of `{other}`, name it content/{key}/{other}.md; \
                         otherwise give this term a title of its own"
                    )
                } else {
                    "give this term a title of its own".to_string()
                }),
            ));
        }
    }
}

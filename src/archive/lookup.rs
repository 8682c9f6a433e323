//! Finding what a reference names: a dispatch by id or number, a
//! taxonomy term, or a file by its path under `content/`; and, when it
//! names nothing published, saying why and what the editor likely meant.

pub(super) use super::anchors::Anchors;
use super::references::{Slot, Unpublished};
use super::{Archive, DispatchId};
use crate::config::Config;
use crate::markdown::Heading;
use crate::slug::slugify;

/// What a reference points at.
pub(super) struct Target<'a> {
    pub(super) dispatch: Option<DispatchId>,
    pub(super) path: &'a str,
    pub(super) headings: &'a [Heading],
    /// How many notes it lists: `#fn-1` to `#fn-N` are anchors too, as
    /// are its notes' anchors by label.
    pub(super) notes: usize,
    pub(super) note_ids: &'a [String],
    /// For a term, why the entity file that would give it headings is
    /// not published.
    pub(super) unpublished_text: Option<Unpublished>,
}

/// The content file in `path`'s folder that it likely means: a name a
/// typo or two away (`abuot.md`), or the one file whose name starts as
/// the missing one does, or the other way round (a dispatch file renamed
/// to a longer or shorter slug: `2-port-strike.md`). A name with a number
/// in it (`12-report.md`, `sd-528.md`) means a file with that number: a
/// typo in it would name another dispatch.
fn nearest_file<'a>(
    targets: &'a super::references::Targets,
    path: &str,
) -> Option<(&'a str, &'a Slot)> {
    let number = name_number;
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let siblings: Vec<(&str, &str, &Slot)> = targets
        .folders
        .get(dir)
        .into_iter()
        .flatten()
        .filter_map(|key| {
            let n = key.rsplit_once('/').map_or(key.as_str(), |(_, n)| n);
            Some((key.as_str(), n, targets.by_content.get(key)?))
        })
        .filter(|(_, n, _)| number(name).is_none_or(|want| number(n) == Some(want)))
        .collect();
    if let Some(near) = crate::diagnostic::nearest(name, siblings.iter().map(|s| s.1)) {
        return siblings.iter().find(|s| s.1 == near).map(|s| (s.0, s.2));
    }
    let want = stem(name);
    let renamed: Vec<_> = siblings
        .iter()
        .filter(|&&(_, n, _)| {
            let have = stem(n);
            // `12.md` for `12-report.md`: the number is the name.
            number(name).is_some_and(|n| n == want.trim_start_matches('0'))
                || (want.len() > 2
                    && have.len() > 2
                    && (have.starts_with(want) || want.starts_with(have)))
        })
        .collect();
    match (&renamed[..], &siblings[..]) {
        ([only], _) => Some((only.0, only.2)),
        // The one file of the folder with that number, renamed (its slug
        // rewritten: `8602-manhal-dockworkers.md` is now
        // `8602-sermon-and-dockworkers.md`).
        // (Not a date, `2024-03-01` or `20240301`: another file of that
        // day is another dispatch.)
        ([], [only]) if number(name).is_some_and(|n| !n.contains('-') && !compact_date(n)) => {
            Some((only.0, only.2))
        }
        _ => None,
    }
}

/// `20240301`: a date written without its dashes, as file names may
/// start.
fn compact_date(n: &str) -> bool {
    n.len() == 8 && jiff::civil::Date::strptime("%Y%m%d", n).is_ok()
}

fn stem(n: &str) -> &str {
    n.strip_suffix(".md").unwrap_or(n)
}

/// The first part of a file name that is a number (`12` of
/// `12-report.md`, of `012-report.md` and of `sd-12-moved.md`); for a name
/// that starts with a date, the date (`2021-03-01` of
/// `2021-03-01-report.md`: its year is many files').
pub(super) fn name_number(n: &str) -> Option<&str> {
    // The shape first: a date is parsed only where one may be.
    let dated = |d: &str| {
        d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    };
    if let Some(date) = n.get(..10)
        && dated(date)
        && jiff::civil::Date::strptime("%Y-%m-%d", date).is_ok()
    {
        return Some(date);
    }
    stem(n)
        .split(['-', '_', '.'])
        .find(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        .map(|digits| digits.trim_start_matches('0'))
}

/// The dispatch of the series that `dest` (`sd-1`) names whose file is
/// named with that number (`sd-1.md`, `1-welcome.md`) but that has
/// another now: renumbered, its references not yet.
fn renumbered<'a>(
    config: &Config,
    archive: &'a Archive,
    dest: &str,
) -> Option<&'a super::Dispatch> {
    let (s, digits) = series_and_digits(config, dest)?;
    let want = digits.trim_start_matches('0');
    let mut named = archive
        .targets
        .by_file_number
        .get(&(s, want.to_string()))
        .into_iter()
        .flatten()
        .map(|&d| &archive.dispatches[d])
        .filter(|d| d.number.is_some_and(|n| n.to_string() != want));
    match (named.next(), named.next()) {
        (Some(d), None) => Some(d),
        _ => None,
    }
}

/// The `-digits` `dest` ends with, as a numbered id does (`xx-8601`,
/// `annual-report-2020`): a near id is offered only among those ending
/// alike, since a number a digit off is another dispatch.
fn numbered_like(dest: &str) -> Option<&str> {
    let (_, n) = dest.rsplit_once('-')?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| &dest[dest.len() - n.len() - 1..])
}

/// Why a reference finds nothing.
pub(super) struct Miss<'a> {
    pub(super) why: String,
    pub(super) help: String,
    /// The target exists but is not published (a draft or dated after
    /// today, or a term only such dispatches name).
    pub(super) unpublished: bool,
    /// The anchors of the target the help offers, against which the
    /// reference's `#fragment` is checked before it is offered too.
    pub(super) offered: Option<Anchors<'a>>,
}

impl Miss<'_> {
    fn new(why: String, help: String) -> Self {
        Miss {
            why,
            help,
            unpublished: false,
            offered: None,
        }
    }
}

/// The content file `path` names when written another way: its `.`,
/// `..` and empty parts dropped, or `content/` before it.
fn plain_path<'t>(targets: &'t super::Targets, path: &str) -> Option<(String, &'t Slot)> {
    let plain = match dot_segments(path) {
        Some(plain) => plain?,
        None => path
            .split('/')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("/"),
    };
    [
        plain.as_str(),
        plain.strip_prefix("content/").unwrap_or_default(),
    ]
    .into_iter()
    .filter(|p| !p.is_empty() && *p != path)
    .find_map(|p| targets.by_content.get_key_value(p))
    .map(|(p, slot)| (p.clone(), slot))
}

/// `path` without its `.` and `..` parts (and empty ones, `a//b`), if it
/// has a `.` or `..` part: `Some(None)` when it climbs out of content/.
fn dot_segments(path: &str) -> Option<Option<String>> {
    let parts: Vec<&str> = path.split('/').collect();
    if !parts.iter().any(|p| matches!(*p, "." | "..")) {
        return None;
    }
    let mut plain: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => {
                if plain.pop().is_none() {
                    return Some(None);
                }
            }
            part => plain.push(part),
        }
    }
    Some(Some(plain.join("/")))
}

pub(super) fn lookup<'a>(
    config: &Config,
    archive: &'a Archive,
    dest: &str,
) -> Result<Target<'a>, Miss<'a>> {
    let dispatch = |d: DispatchId| Target {
        dispatch: Some(d),
        path: &archive.dispatches[d].path,
        headings: archive.dispatches[d].headings(),
        notes: archive.dispatches[d].rendered.notes,
        note_ids: &archive.dispatches[d].rendered.note_ids,
        unpublished_text: None,
    };
    let targets = &archive.targets;
    // File and term names are kept in NFC (see `slug`).
    let dest = &*crate::slug::nfc(dest);
    if let Some(path) = dest.strip_prefix('/') {
        return match targets.by_content.get(path) {
            Some(Slot::Dispatch(d)) => Ok(dispatch(*d)),
            Some(Slot::Page(p)) => Ok(Target {
                dispatch: None,
                path: &archive.pages[*p].path,
                headings: &archive.pages[*p].headings,
                notes: archive.pages[*p].notes,
                note_ids: &archive.pages[*p].note_ids,
                unpublished_text: None,
            }),
            Some(Slot::Unpublished(why)) => Err(unpublished_error(dest, *why)),
            // The path of a file written another way: with `.`, `..` or
            // empty parts, or from the site's folder (`@/content/...`).
            None if let Some((plain, slot)) = plain_path(targets, path) => {
                let mut miss = Miss::new(
                    format!("no content file `{path}`"),
                    format!(
                        "did you mean `@/{plain}`? A reference's path starts inside content/, without `.`, `..` or empty parts"
                    ),
                );
                miss.offered = Anchors::of(archive, slot);
                Err(miss)
            }
            None if dot_segments(path).is_some() => Err(Miss::new(
                format!("no content file `{path}`: a reference's path has no `.` or `..` parts"),
                match dot_segments(path).flatten() {
                    Some(plain) => format!(
                        "write the path from content/, without `.` or `..`: it would be `@/{plain}`, and there is no such file"
                    ),
                    None => "write the path of a file under content/, from there, e.g. `@/pages/about.md`"
                        .to_string(),
                },
            )),
            None => {
                let near = nearest_file(targets, path);
                // A renumbered dispatch's old file name: its address is
                // kept as an alias, which says where it went.
                if near.is_none()
                    && let Some((help, slot)) = super::moved::file_help(config, archive, path)
                {
                    let mut miss = Miss::new(format!("no content file `{path}`"), help);
                    miss.offered = Anchors::of(archive, &slot);
                    return Err(miss);
                }
                let mut miss = Miss::new(
                    format!("no content file `{path}`"),
                    match near {
                        Some((found, Slot::Dispatch(d))) => format!(
                            "did you mean `@/{found}`? Or `@{}`? An id does not break when its file is renamed",
                            archive.dispatches[*d].id
                        ),
                        Some((found, _)) => format!("did you mean `@/{found}`?"),
                        None if path.starts_with("dispatches/") => {
                            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
                            // An id of that folder's, as an example (it is
                            // another dispatch's: said so).
                            let folder = std::path::Path::new("content").join(dir);
                            let example = archive
                                .dispatches
                                .iter()
                                .find(|d| d.file.parent() == Some(folder.as_path()))
                                .map_or_else(String::new, |d| match d.series {
                                    Some(s) => format!(
                                        ": its series prefix and number, `@{}-` and the number",
                                        config.series[s].prefix
                                    ),
                                    None => String::new(),
                                });
                            format!(
                                "no file of that name in content/{dir}/; check the name, or use the dispatch's id{example}, which does not break when its file is renamed"
                            )
                        }
                        None if path.contains('/') => format!(
                            "no file of that name in content/{}/; check the name",
                            path.rsplit_once('/').map_or("", |(dir, _)| dir)
                        ),
                        None => "write the path relative to content/, e.g. `@/pages/about.md`"
                            .to_string(),
                    },
                );
                miss.offered = near.and_then(|(_, slot)| Anchors::of(archive, slot));
                Err(miss)
            }
        };
    }
    if let Some((taxonomy, slug)) = dest.split_once('/') {
        let Some(t) = config.taxonomies.iter().position(|c| c.key == taxonomy) else {
            let known: Vec<&str> = config.taxonomies.iter().map(|t| t.key.as_str()).collect();
            return Err(Miss::new(
                format!("no taxonomy `{taxonomy}`"),
                if known.is_empty() {
                    "the site has no taxonomies (`taxonomies:` in annals.yaml)".to_string()
                } else {
                    format!("configured taxonomies: {}", known.join(", "))
                },
            ));
        };
        // As typed, or in a spelling that folds to the slug (`σοφος`).
        let typed = slug.to_string();
        let slug = &*if crate::slug::names_slug(slug) {
            slugify(slug)
        } else {
            typed
        };
        let term = *targets
            .term_by_slug
            .get(&(t, slug.to_string()))
            .ok_or_else(|| {
                if let Some(&why) = targets.unpublished_entities.get(&(t, slug.to_string())) {
                    return unpublished_error(&format!("{taxonomy}/{slug}"), why);
                }
                if targets.unpublished_terms.contains(&(t, slug.to_string())) {
                    return Miss {
                        why: format!("the {taxonomy} term `{slug}` has no page yet: only unpublished dispatches name it"),
                        help: "link to it once a dispatch naming it is published, or name it in a published one".to_string(),
                        unpublished: true,
                        offered: None,
                    };
                }
                // The term's name written for its slug (`Iğdır` for
                // `iğdir`), or a near slug of the same taxonomy (the same
                // first letter, so that a big archive's terms are not all
                // compared).
                // (A space written `%20`, as a link's address has it, is
                // a space of the name.)
                let slugged = slugify(&percent_encoding::percent_decode_str(slug).decode_utf8_lossy());
                let near = if slugged != slug && targets.term_by_slug.contains_key(&(t, slugged.clone())) {
                    Some(slugged.as_str())
                } else {
                    // Near the name's slug, as slugs are written.
                    let key = if slugged.is_empty() { slug } else { slugged.as_str() };
                    crate::diagnostic::nearest(
                        key,
                        targets
                            .term_by_slug
                            .keys()
                            .filter(|(tax, s)| *tax == t && s.get(..1) == key.get(..1))
                            .map(|(_, s)| s.as_str()),
                    )
                };
                let offered = near
                    .and_then(|n| targets.term_by_slug.get(&(t, n.to_string())))
                    .map(|&term| {
                        let page = archive.terms[term].entity;
                        Anchors {
                            headings: page.map_or(&[], |p| &archive.pages[p].headings),
                            notes: page.map_or(0, |p| archive.pages[p].notes),
                            note_ids: page.map_or(&[], |p| &archive.pages[p].note_ids),
                        }
                    });
                let moved_term = super::moved::term_help(config, archive, t, slug);
                let mut miss = Miss::new(
                    format!("no {taxonomy} term with slug `{slug}`"),
                    match moved_term.clone() {
                        Some((help, _)) => help,
                        None => match near {
                        Some(n) if n == slugged => format!(
                            "did you mean `@{taxonomy}/{n}`? A reference names a term by its slug"
                        ),
                        Some(n) => format!("did you mean `@{taxonomy}/{n}`?"),
                        None => format!(
                            "the slug is the name slugified (`{slugged}`); a term has a page once a published dispatch names it or an entity file heads it"
                        ),
                        },
                    },
                );
                miss.offered = match &moved_term {
                    Some((_, slot)) => Anchors::of(archive, slot),
                    None => offered,
                };
                miss
            })?;
        let t = &archive.terms[term];
        return Ok(Target {
            dispatch: None,
            path: &t.path,
            headings: t.entity.map_or(&[], |p| &archive.pages[p].headings),
            notes: t.entity.map_or(0, |p| archive.pages[p].notes),
            note_ids: t.entity.map_or(&[], |p| &archive.pages[p].note_ids),
            unpublished_text: targets
                .unpublished_entities
                .get(&(t.taxonomy, t.slug.clone()))
                .copied(),
        });
    }
    match archive.by_id.get(dest) {
        Some(&d) => Ok(dispatch(d)),
        None => match targets.unpublished.get(dest) {
            Some(why) => Err(unpublished_error(dest, *why)),
            None => {
                let canonical = super::spelling::canonical_id(dest)
                    .and_then(|id| archive.by_id.get(&id).map(|&d| (id, d)));
                let moved = super::moved::dispatch_help(config, archive, dest);
                let mut miss = Miss::new(
                format!("no dispatch has id `{dest}`"),
                match (
                    numbered_with_own_id(config, archive, dest),
                    &canonical,
                    renumbered(config, archive, dest),
                ) {
                    (_, Some((id, _)), _) => format!(
                        "did you mean `@{id}`? An id is a series prefix, `-` and a number, in lower case, without leading zeros"
                    ),
                    (None, None, Some(d)) => format!(
                        "the file named for it, {}, has `number: {}` now: write `@{}`, or give it its number back",
                        d.file.display(),
                        d.number.unwrap_or_default(),
                        d.id
                    ),
                    (Some(d), _, _) => format!(
                        "{} No. {} has an `id` of its own: write `@{}`",
                        d.series.map_or("", |s| config.series[s].title.as_str()),
                        d.number.unwrap_or_default(),
                        d.id
                    ),
                    // An own id edited (`alpha` to `alpha2`): its citers are
                    // told what it is now.
                    // In the archive's order, so that a tie is broken alike
                    // in every run.
                    // (Not for a series' numbered id: a number a digit off
                    // is another dispatch, not a typo of this one.)
                    (None, None, None) => match moved.clone() {
                        Some((help, _)) => help,
                        None => match series_and_digits(config, dest)
                        .is_none()
                        .then(|| {
                            let number = numbered_like(dest);
                            crate::suggest::nearest(
                                dest,
                                archive
                                    .dispatches
                                    .iter()
                                    .map(|d| d.id.as_str())
                                    .filter(|id| number.is_none_or(|n| id.ends_with(n))),
                            )
                        })
                        .flatten()
                        .and_then(|id| archive.by_id.get(id).map(|&d| &archive.dispatches[d]))
                    {
                        Some(d) => format!("did you mean `@{}` ({})?", d.id, d.file.display()),
                        None => "ids are a series prefix and number (`sd-8631`) or a dispatch's own `id`"
                            .to_string(),
                    },
                    },
                },
                );
                // The places of the document offered, if one is.
                let moved_to = moved.filter(|(help, _)| *help == miss.help);
                miss.offered = canonical
                    .map(|(_, d)| Slot::Dispatch(d))
                    .or(moved_to.map(|(_, slot)| slot))
                    .and_then(|slot| Anchors::of(archive, &slot));
                Err(miss)
            }
        },
    }
}

/// The series whose prefix `dest` (`sd-6`) starts with, and what follows
/// its last `-`.
pub(super) fn series_and_digits<'a>(config: &Config, dest: &'a str) -> Option<(usize, &'a str)> {
    let (prefix, digits) = dest.rsplit_once('-')?;
    let s = config
        .series
        .iter()
        .position(|s| s.prefix.eq_ignore_ascii_case(prefix))?;
    Some((s, digits))
}

/// The dispatch that `dest` (`sd-6`) names by series prefix and number
/// when its front matter gives it another `id`, by which alone it is
/// referenced.
fn numbered_with_own_id<'a>(
    config: &Config,
    archive: &'a Archive,
    dest: &str,
) -> Option<&'a super::Dispatch> {
    let (s, digits) = series_and_digits(config, dest)?;
    let number: u64 = digits.parse().ok()?;
    // Only the id the prefix and number would make (`sd-6`, not `sd-06`).
    if !digits.bytes().all(|b| b.is_ascii_digit()) || number.to_string() != digits {
        return None;
    }
    archive.series_members[s]
        .iter()
        .map(|&d| &archive.dispatches[d])
        .find(|d| d.number == Some(number))
        .filter(|d| !d.id.eq_ignore_ascii_case(dest))
}

fn unpublished_error(dest: &str, why: Unpublished) -> Miss<'static> {
    unpublished_miss(&format!("`{dest}`"), why)
}

/// [`unpublished_error`] of what `subject` names.
pub(super) fn unpublished_miss(subject: &str, why: Unpublished) -> Miss<'static> {
    let (why, help) = match why {
        Unpublished::Draft => (
            format!("{subject} is a draft, so it is not published"),
            "publish it (remove `draft: true`) or remove the link; `--drafts` previews drafts",
        ),
        Unpublished::Future(date) => (
            format!("{subject} is dated {date}, after today, so it is not published yet"),
            "link to it once it is out, or date it today; `--drafts` previews it",
        ),
    };
    Miss {
        why,
        help: help.to_string(),
        unpublished: true,
        offered: None,
    }
}

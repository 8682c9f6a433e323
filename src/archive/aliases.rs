//! Every page must have a URL of its own, and aliases (old URLs that
//! redirect to a page's new one) must not land on a file the build writes
//! for something else: a dispatch or plain page, a list page (home,
//! series, taxonomy, term, chronology, search) or one of a list's numbered
//! pages, or another alias. Two writers of one file would make the output
//! depend on timing, and a redirect in place of the search page would
//! break the site.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::alias_paths::{not_for_windows, relative_alias};
use super::{Archive, locate};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{alias_path, decomposed_note, same_file_key};
use crate::templates::Templates;

/// The URL and aliases of a draft or future-dated file: not written, but
/// held against every other file's, so that publishing it one day cannot
/// make a clash that the build then fails on.
#[derive(Debug, Clone)]
pub struct Reserved {
    /// Its folder (for an entity file, or a term only unpublished
    /// dispatches name, the term's page).
    pub path: String,
    /// What list page `path` is, if one (a term's page, a year's
    /// chronology): the list's other files and its published page hold
    /// it as well, which is no clash.
    pub list: Option<String>,
    pub aliases: Vec<String>,
    pub file: PathBuf,
    /// Where a clash of its URL is shown (see [`url_keys`]).
    pub keys: &'static [&'static str],
}

/// Output files by their [`same_file_key`] -> the path and what it is
/// written for. Compared without case or Unicode form: on the file
/// systems of macOS and Windows, and on some hosts, `Archive/` and
/// `archive/` are one folder (and on macOS so are `café/` written with
/// one é or with e and an accent), so a site built or served there would
/// lose one of the two.
#[derive(Default)]
struct Owners {
    files: HashMap<String, (String, String)>,
    /// Each folder of the files' paths -> what the first file in it is,
    /// and the folder as that file spells it.
    folders: HashMap<String, (String, String)>,
}

impl Owners {
    /// What the file at `target`, or at `target` in another case, is
    /// written for, with that file's own path when the case differs.
    fn get(&self, target: &str) -> Option<String> {
        let (path, what) = self.files.get(&same_file_key(target))?;
        Some(if path == target {
            what.clone()
        } else {
            format!(
                "{what} (at {path}: the two differ only by letter case or Unicode form, and are one file on macOS and Windows)"
            )
        })
    }

    fn insert(&mut self, target: String, what: String) {
        for (end, _) in target.match_indices('/') {
            let folder = same_file_key(&target[..end]);
            self.folders
                .entry(folder)
                .or_insert_with(|| (what.clone(), target[..end].to_string()));
        }
        self.files.insert(same_file_key(&target), (target, what));
    }

    /// How the file of `key` (see [`same_file_key`]) is spelled.
    fn spelled(&self, key: &str) -> Option<&String> {
        self.files.get(key).map(|(path, _)| path)
    }

    /// What the first file under `folder` is written for, if one is.
    fn under(&self, folder: &str) -> Option<&String> {
        self.folders
            .get(&same_file_key(folder))
            .map(|(what, _)| what)
    }

    /// A folder of `target`'s path that another file spells otherwise
    /// (`Special-Dispatch/` and `special-dispatch/`): as written there,
    /// the other spelling, and what that file is.
    fn folder_twin(&self, target: &str) -> Option<(String, String, String)> {
        target.match_indices('/').find_map(|(end, _)| {
            let folder = &target[..end];
            let (what, spelled) = self.folders.get(&same_file_key(folder))?;
            (spelled != folder).then(|| (folder.to_string(), spelled.clone(), what.clone()))
        })
    }
}

/// Reports every alias that would overwrite another file of the build.
pub fn check(config: &Config, archive: &Archive, diags: &mut Diagnostics) {
    // Output file -> what it is written for.
    let mut owners = Owners::default();
    for ((path, _, file), keys) in pages(archive).zip(url_keys(archive)) {
        let target = format!("{path}index.html");
        match owners.get(&target) {
            // Both would be written to one file: the last one would win.
            Some(first) => diags.push(locate::at_key(
                &config.root,
                file,
                keys,
                Diagnostic::error({
                    // Two names that look alike: say why they meet, and
                    // which is which when they print alike.
                    let this = file.display().to_string();
                    let why = if same_file_key(&first) == same_file_key(&this) {
                        " (the two file names differ only by letter case or Unicode form)"
                    } else {
                        ""
                    };
                    let (this_form, first_form) =
                        (decomposed_note(&this), decomposed_note(&first));
                    if this_form.is_empty() && first_form.is_empty() {
                        format!("this page's URL /{path} is also {first}'s{why}")
                    } else {
                        format!(
                            "this page{this_form} has the URL /{path}, as {first}{first_form}: the two file names differ only by letter case or Unicode form"
                        )
                    }
                })
                .with_help(if keys.is_empty() {
                    "rename or move one of the two files: a page's URL is its file's path"
                } else {
                    "rename one of the files, or change a dispatch's `series` or \
                         `number` (an `id` does not move a dispatch that has both)"
                }),
            )),
            None => {
                owners.insert(target, file.display().to_string());
            }
        }
    }
    owners.insert("404.html".to_string(), "the not-found page".to_string());
    // Paginated lists' folders -> what they are: their numbered pages
    // (`page/2/`, ...) are theirs, however many there are.
    let mut paginated: HashMap<String, String> = HashMap::new();
    for (root, what, numbered) in list_pages(config, archive) {
        owners.insert(format!("{root}index.html"), what.clone());
        if numbered {
            paginated.insert(same_file_key(&root), what);
        }
    }
    // Unpublished files' URLs are pages to be: held before any alias,
    // against the pages above and each other.
    for r in &archive.reserved {
        let path = &r.path;
        let target = format!("{path}index.html");
        match owners.get(&target) {
            // The term's page, published or held by another of its files.
            Some(_) if r.list.is_some() => {}
            Some(first) => diags.push(locate::at_key(
                &config.root,
                &r.file,
                r.keys,
                Diagnostic::error(format!(
                    "this unpublished file's URL /{path} is also that of {first}: the two would be one page once it is published"
                ))
                .with_help(if r.keys.is_empty() {
                    "rename or move one of the two files: a page's URL is its file's path"
                } else {
                    "give it a number no other dispatch has (`annals new` takes the next free one)"
                }),
            )),
            None => {
                let what = match &r.list {
                    Some(list) => format!("{list}, once {} is published", r.file.display()),
                    None => format!("{} (unpublished)", r.file.display()),
                };
                if r.list.is_some() {
                    // (Its numbered pages are the list's too.)
                    paginated.entry(same_file_key(path)).or_insert_with(|| what.clone());
                }
                owners.insert(target, what);
            }
        }
    }
    let files = other_files(config, archive);
    let reserved = || {
        archive
            .reserved
            .iter()
            .map(|r| (&r.path, &r.aliases, &r.file))
    };
    // A published alias is held against the published twins; an
    // unpublished one, against all.
    let published = alias_keys(pages(archive));
    let written = Written {
        archive,
        paginated: &paginated,
        files: &files,
        twins: &published,
    };
    check_aliases(config, &mut owners, &written, pages(archive), "", diags);
    let all = alias_keys(pages(archive).chain(reserved()));
    let written = Written {
        twins: &all,
        ..written
    };
    let later = ", once this unpublished file is published";
    check_aliases(config, &mut owners, &written, reserved(), later, diags);
}

/// Reports each alias of `files` ((folder, aliases, file)) that lands on
/// a file of `owners`, which then owns the others; `when` ends each
/// message (an unpublished file's clash comes with its publication).
fn check_aliases<'a>(
    config: &Config,
    owners: &mut Owners,
    written: &Written,
    files: impl Iterator<Item = (&'a String, &'a Vec<String>, &'a PathBuf)>,
    when: &str,
    diags: &mut Diagnostics,
) {
    // Files whose twin clash is said already (at the first alias): the
    // later twin's landing on it is that clash again.
    let mut told: HashSet<String> = HashSet::new();
    // The later twins' files, by their own spelling of the path.
    let mut twin_files: HashMap<String, String> = HashMap::new();
    for (path, list, file) in files {
        let own_page = same_file_key(&format!("{path}index.html"));
        // This file's aliases so far, by the file each lands on.
        let mut earlier: HashMap<String, &String> = HashMap::new();
        for (i, alias) in list.iter().enumerate() {
            let Some(target) = alias_path(alias) else {
                continue;
            };
            let key = same_file_key(&target);
            // (An alias written twice is said where it is repeated.)
            let nth = list[..i].iter().filter(|a| *a == alias).count();
            let at =
                |d: Diagnostic| locate::at_nth_text(&config.root, file, "aliases", (alias, nth), d);
            if let Some(why) = not_for_windows(&target) {
                diags.push(at(Diagnostic::warning(format!(
                    "alias `{alias}` {why}, which Windows cannot have in a file name"
                ))
                .with_help(
                    "a Linux host serves it, but the site cannot be built, checked out or copied on Windows: give the alias a plainer path if it may be",
                )));
            }
            if !alias.trim_start().starts_with('/') {
                diags.push(at(relative_alias(config, alias, file)));
            }
            if let Some(first) = earlier.get(&key) {
                diags.push(at(if *first == alias {
                    Diagnostic::error(format!("alias `{alias}` is already in this list"))
                        .with_help("remove this one")
                } else {
                    Diagnostic::error(format!(
                        "alias `{alias}` is the same page as `{first}`, given before it in this list"
                    ))
                    .with_help("remove one of the two")
                }));
                continue;
            }
            if own_page == key {
                diags.push(at(Diagnostic::error(format!(
                    "alias `{alias}` is this file's own URL"
                ))
                .with_help(
                    "remove it: an alias is an old URL that sends readers here",
                )));
                continue;
            }
            let owner = owners.get(&target).or_else(|| {
                numbered_page_of(&target, written.paginated)
                    .map(|what| format!("the numbered pages of {what}"))
            });
            // A folder of its path that is a file of the build.
            let blocked = || {
                target.match_indices('/').find_map(|(end, _)| {
                    let folder = &target[..end];
                    let what = written.files.get(folder);
                    what.or_else(|| owners.get(folder))
                        .map(|what| (folder.to_string(), what))
                })
            };
            match owner {
                // The later of two case twins, said at the first; a clash
                // with the same path, written the same, is its own.
                // (It is still the file its path says: a third alias of
                // that very path clashes with it.)
                Some(_)
                    if told.contains(&key)
                        && owners.spelled(&key) != Some(&target)
                        && !twin_files.contains_key(&target) =>
                {
                    twin_files.insert(target.clone(), file.display().to_string());
                }
                Some(owner) => diags.push(at(Diagnostic::error(format!(
                    "alias `{alias}` would overwrite {target}, written for {}{when}",
                    twin_files.get(&target).unwrap_or(&owner)
                ))
                .with_help(taken::help(written.archive, &target)))),
                None if let Some(what) = owners.under(&target) => {
                    diags.push(at(Diagnostic::error(format!(
                        "alias `{alias}` would be the file {target}, where {what} needs a folder {target}/{when}"
                    ))
                    .with_help("remove one of the two aliases, or give it another path")));
                }
                // The alias's whole twin, wherever it is, rather than the
                // first file of a folder that is a twin of its folder.
                None if let Some((twin, twin_file)) = written.twins.get(&key).and_then(|all| {
                    all.iter()
                        // (One in this file's own list is said at the later.)
                        .find(|(twin, other)| {
                            *other != file && alias_path(twin) != Some(target.clone())
                        })
                }) =>
                {
                    diags.push(at(Diagnostic::error(format!(
                        "alias `{alias}` and `{twin}` of {} differ only by letter case or Unicode form{when}",
                        twin_file.display()
                    ))
                    .with_help(
                        "on macOS, Windows and some hosts the two are one file: remove one of the two, or give it another path",
                    )));
                    // Still the file (and folders) it would be: the other
                    // aliases are held against them in this run too.
                    told.insert(key.clone());
                    earlier.insert(key, alias);
                    owners.insert(target, file.display().to_string());
                }
                None if let Some((folder, other, what)) = owners.folder_twin(&target) => {
                    diags.push(at(Diagnostic::error(format!(
                        "alias `{alias}` needs a folder {folder}/, which differs from {other}/, where the build writes {what}, only by letter case or Unicode form{when}"
                    ))
                    .with_help(format!(
                        "on macOS, Windows and some hosts the two are one folder: spell the alias's folder {other}/, or give it another path"
                    ))));
                }
                None if let Some((folder, what)) = blocked() => {
                    diags.push(at(Diagnostic::error(format!(
                        "alias `{alias}` needs a folder {folder}/, but {folder} is a file the build writes for {what}{when}"
                    ))
                    .with_help("remove the alias, or give it a path no file of the site uses")));
                }
                None => {
                    earlier.insert(key, alias);
                    // (What another alias of the same path is told it
                    // would overwrite: this file has no page there.)
                    owners.insert(
                        target,
                        format!("the alias `{}` of {}", alias.trim(), file.display()),
                    );
                }
            }
        }
    }
}

/// What an alias is checked against besides the pages: the numbered
/// pages of lists, and the files the build writes that are no page.
struct Written<'a> {
    archive: &'a Archive,
    paginated: &'a HashMap<String, String>,
    /// Each such file, and what it is.
    files: &'a Owners,
    /// The aliases (and their files) of every file an alias lands on, by
    /// [`same_file_key`].
    twins: &'a Twins<'a>,
}

/// Aliases by the file they land on ([`same_file_key`]), with their files.
type Twins<'a> = HashMap<String, Vec<(&'a String, &'a PathBuf)>>;

/// The aliases of `files`, by the file each lands on: an alias is told
/// its whole twin (`/OLD/a.htm` and `/old/a.htm`), in a file read before
/// or after it.
fn alias_keys<'a>(
    files: impl Iterator<Item = (&'a String, &'a Vec<String>, &'a PathBuf)>,
) -> Twins<'a> {
    let mut keys: Twins<'a> = HashMap::new();
    for (_, list, file) in files {
        for alias in list {
            if let Some(target) = alias_path(alias) {
                keys.entry(same_file_key(&target))
                    .or_default()
                    .push((alias, file));
            }
        }
    }
    keys
}

/// The files a build writes that are no page: feeds, the sitemap,
/// `archive.json`, the search index's `meta.json`, and the theme's and the
/// site's static files. An alias cannot have a folder where one of them is.
fn other_files(config: &Config, archive: &Archive) -> Owners {
    let mut files = Owners::default();
    let mut add = |path: String, what: String| {
        if files.get(&path).is_none() {
            files.insert(path, what);
        }
    };
    add("atom.xml".into(), "the site's feed".into());
    add("sitemap.xml".into(), "the sitemap".into());
    add("archive.json".into(), "the archive's data".into());
    if config.base_path == "/" {
        add("robots.txt".into(), "the crawlers' rules".into());
    }
    add(
        "highlight.css".into(),
        "the code highlighting's styles".into(),
    );
    add(
        crate::output::MANIFEST.into(),
        "the build's list of its files".into(),
    );
    if config.search {
        add("search/meta.json".into(), "the search index".into());
    }
    for s in &config.series {
        add(format!("{}/atom.xml", s.key), format!("the {} feed", s.key));
    }
    for t in &archive.terms {
        add(
            format!("{}atom.xml", t.path),
            format!("the feed of /{}", t.path),
        );
    }
    // A theme folder's static files, or else the built-in theme's; the
    // search client only with search.
    let theme = config.root.join("themes").join(&config.theme);
    let theme_files = if theme.is_dir() {
        crate::output::files_under(&theme.join("static")).unwrap_or_default()
    } else {
        Templates::builtin_static_files()
            .map(str::to_string)
            .collect()
    };
    for rel in theme_files
        .into_iter()
        .filter(|rel| config.search || !Templates::is_search_client(rel))
    {
        add(rel, "a static file of the theme".into());
    }
    let site = crate::output::files_under(&config.root.join("static")).unwrap_or_default();
    for rel in site {
        let what = format!("static/{rel}, copied");
        add(rel, what);
    }
    files
}

/// For each of [`pages`], the front-matter keys that make its URL, the
/// first one present being where a clash is shown: a dispatch's `number`
/// (or `series`), an id-only dispatch's `id`; a plain page's URL is its
/// file's path, so none.
fn url_keys(archive: &Archive) -> impl Iterator<Item = &'static [&'static str]> + '_ {
    let dispatches = archive
        .dispatches
        .iter()
        .map(|d| -> &'static [&'static str] {
            match d.series {
                Some(_) => &["number", "series"],
                None => &["id"],
            }
        });
    dispatches.chain(
        archive
            .pages
            .iter()
            .map(|_| -> &'static [&'static str] { &[] }),
    )
}

/// Every dispatch and plain page: its folder, its aliases, its file.
fn pages(archive: &Archive) -> impl Iterator<Item = (&String, &Vec<String>, &PathBuf)> {
    let dispatches = archive
        .dispatches
        .iter()
        .map(|d| (&d.path, &d.aliases, &d.file));
    dispatches.chain(archive.pages.iter().map(|p| (&p.path, &p.aliases, &p.file)))
}

/// The list whose numbered pages hold `target`: one of `paginated` (keyed
/// by [`same_file_key`]) followed by `page/` (a lookup per `page/` in the path,
/// not a scan of the lists).
fn numbered_page_of<'a>(target: &str, paginated: &'a HashMap<String, String>) -> Option<&'a str> {
    let target = same_file_key(target);
    target
        .match_indices("page/")
        .filter(|&(i, _)| i == 0 || target.as_bytes().get(i - 1) == Some(&b'/'))
        .find_map(|(i, _)| paginated.get(target.get(..i)?))
        .map(String::as_str)
}

/// The site-relative folder of each list page the build writes, what it
/// is, and whether it has numbered pages (the URLs `render::lists` and
/// `render::pages` write).
fn list_pages(config: &Config, archive: &Archive) -> Vec<(String, String, bool)> {
    let mut lists = vec![
        (String::new(), "the home page".to_string(), false),
        ("archive/".to_string(), "the chronology".to_string(), true),
    ];
    if config.search {
        lists.push(("search/".to_string(), "the search page".to_string(), false));
    }
    for s in &config.series {
        let what = format!("the {} series page", s.key);
        lists.push((format!("{}/", s.key), what, true));
    }
    for t in &config.taxonomies {
        lists.push((format!("{}/", t.key), format!("the {} list", t.key), false));
    }
    for term in &archive.terms {
        let what = format!("the term page {}", term.path);
        lists.push((term.path.clone(), what, true));
    }
    for year in archive.years.keys() {
        let what = format!("the chronology of {year}");
        lists.push((format!("archive/{year}/"), what, true));
    }
    lists
}

mod taken;
#[cfg(test)]
mod tests;

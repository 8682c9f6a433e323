//! What the server leaves after edits is what a full build makes, page for
//! page, whichever path (fast, budgeted, full) the edit took.

use super::server::*;
use crate::support::{Site, files};

/// Past its body budget the dev server keeps dispatches slimmed, as a build
/// does: pages, the fast path, the full path and the background index all
/// render bodies again from the files.
#[test]
fn a_dev_site_past_its_body_budget_renders_bodies_from_the_files() {
    use annals::serve::{Changes, DevSite, Event};
    let site = Site::valid();
    let mut opts = annals::build::Options::new(site.root().to_path_buf());
    opts.body_budget = 0;
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join("live");
    let mut dev = DevSite::new(opts, live.clone());
    let read = |page: &str| std::fs::read_to_string(live.join(page)).unwrap_or_default();
    let built = |event: Event| match event {
        Event::Built { stages, .. } => stages,
        other => panic!("{other:?}"),
    };
    built(dev.rebuild(None));
    assert!(read("special-dispatch/1/index.html").contains("The first one"));
    assert!(read("special-dispatch/1/index.html").contains("Builds on"));

    // A body edit: the fast path, re-rendering the cited page from its file.
    let sd2 = site.path("content/dispatches/sd-2.md");
    edit_second(&site, "Now [quoting](@sd-1) differently.\n");
    let changes = Changes {
        structural: false,
        paths: vec![sd2.clone()],
    };
    let stages = built(dev.rebuild(Some(&changes)));
    assert_eq!(stages[0].0, "patch");
    assert!(read("special-dispatch/2/index.html").contains("differently"));
    let one = read("special-dispatch/1/index.html");
    assert!(one.contains("Now quoting differently.") && one.contains("The first one"));

    // A new title: still the fast path, and every page listing it follows.
    let text = std::fs::read_to_string(&sd2).unwrap();
    std::fs::write(&sd2, text.replacen("title: \"", "title: \"Retitled ", 1)).unwrap();
    let stages = built(dev.rebuild(Some(&changes)));
    assert_eq!(stages[0].0, "patch");
    for page in [
        "special-dispatch/2/index.html",
        "special-dispatch/1/index.html",
        "special-dispatch/index.html",
        "people/ada-lovelace/index.html",
        "archive/index.html",
        "archive/2021/index.html",
        "index.html",
        "atom.xml",
        "people/ada-lovelace/atom.xml",
        "archive.json",
    ] {
        assert!(read(page).contains("Retitled"), "{page}");
    }

    // A new term changes the graph: the full path.
    let sd1 = site.path("content/dispatches/sd-1.md");
    let text = std::fs::read_to_string(&sd1).unwrap();
    let edited =
        text.replacen("title: \"", "regions: [Atlantis]\ntitle: \"Renamed ", 1) + "\nQuxzyvwtsr.\n";
    std::fs::write(&sd1, edited).unwrap();
    let changes = Changes {
        structural: false,
        paths: vec![sd1],
    };
    let stages = built(dev.rebuild(Some(&changes)));
    assert_ne!(stages[0].0, "patch");
    assert!(read("special-dispatch/1/index.html").contains("Renamed"));
    assert!(read("regions/atlantis/index.html").contains("Renamed"));
    assert!(read("special-dispatch/2/index.html").contains("differently"));

    dev.reindex();
    dev.finish_indexing();
    let meta: serde_json::Value =
        serde_json::from_str(&read("search/meta.json")).expect("the index");
    assert_eq!(meta["docs"], 2);
    // The slimmed dispatch's text was rendered again for the index: its
    // one rare word is in a dictionary chunk (front-coded, so its tail).
    let folder = meta["files"].as_str().expect("the index's folder");
    let chunks = std::fs::read_dir(live.join("search").join(folder).join("t")).unwrap();
    let found = chunks.flatten().any(|c| {
        let bytes = std::fs::read(c.path()).unwrap();
        bytes.windows(7).any(|w| w == b"zyvwtsr")
    });
    assert!(found, "the edited text is indexed");
}

/// After edits that take the fast path, the live site is exactly what a
/// full build of the edited files gives: no page that shows the change is
/// missed.
#[test]
fn fast_path_edits_leave_the_same_site_as_a_full_build() {
    use annals::serve::{Changes, DevSite, Event};
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-05",
        "people: [Ada Lovelace]",
        "Third, after [the second](@sd-2).\n",
    );
    let opts = annals::build::Options::new(site.root().to_path_buf());
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join("live");
    let mut dev = DevSite::new(opts.clone(), live.clone());
    assert!(matches!(dev.rebuild(None), Event::Built { .. }));

    let sd2 = site.path("content/dispatches/sd-2.md");
    let text = std::fs::read_to_string(&sd2).unwrap();
    let edited = text
        .replacen("title: \"", "title: \"Retitled ", 1)
        .replacen("summary: \"", "summary: \"New summary. ", 1)
        .replace("Then more.", "Then [the third](@sd-3), and more.");
    std::fs::write(&sd2, edited).unwrap();
    let changes = Changes {
        structural: false,
        paths: vec![sd2],
    };
    match dev.rebuild(Some(&changes)) {
        Event::Built { stages, .. } => assert_eq!(stages[0].0, "patch"),
        other => panic!("{other:?}"),
    }
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
}

/// Checks that the dev server's folder `live` holds what a full build
/// into `full` writes, byte for byte.
fn same_as_a_full_build(
    dev: &mut annals::serve::DevSite,
    opts: &annals::build::Options,
    live: &std::path::Path,
    full: &std::path::Path,
) {
    dev.reindex();
    dev.finish_indexing();
    let _ = std::fs::remove_dir_all(full);
    let (loaded, diags) = annals::build::load(opts);
    assert!(!diags.has_errors());
    annals::build::write(&loaded.unwrap(), full, &|_, _| {}).unwrap();
    // The list of what a build wrote is the build's alone: the dev
    // server's folder is its own.
    let names: Vec<String> = files(full)
        .into_iter()
        .filter(|n| n != annals::output::MANIFEST)
        .collect();
    assert_eq!(files(live), names);
    for f in &names {
        assert!(
            std::fs::read(live.join(f)).unwrap() == std::fs::read(full.join(f)).unwrap(),
            "{f} differs from a full build"
        );
    }
}

/// A body edit that adds a reference changes the home page's "Most
/// cited"; a changed language changes the feeds' `xml:lang`.
#[test]
fn edits_of_cites_and_language_leave_the_same_site_as_a_full_build() {
    use annals::serve::{Changes, DevSite, Event};
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-05", "", "Third.\n");
    let opts = annals::build::Options::new(site.root().to_path_buf());
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join("live");
    let mut dev = DevSite::new(opts.clone(), live.clone());
    assert!(matches!(dev.rebuild(None), Event::Built { .. }));
    let sd3 = site.path("content/dispatches/sd-3.md");
    let edit = |from: &str, to: &str, dev: &mut DevSite| {
        let text = std::fs::read_to_string(&sd3).unwrap();
        std::fs::write(&sd3, text.replace(from, to)).unwrap();
        let changes = Changes {
            structural: false,
            paths: vec![sd3.clone()],
        };
        assert!(matches!(dev.rebuild(Some(&changes)), Event::Built { .. }));
    };
    edit("Third.", "Third, after [the second](@sd-2).", &mut dev);
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
    edit("summary:", "language: fr\nsummary:", &mut dev);
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
    // Authors, which take the fast path, are searched too.
    edit("summary:", "authors: [Grace Hopper]\nsummary:", &mut dev);
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
}

/// A preview left running past midnight UTC publishes what is dated the
/// new day, as a build then does: before, it kept the day it started on,
/// hid the new day's dispatch and failed a reference to it.
#[test]
fn a_new_day_publishes_what_is_dated_it() {
    use annals::serve::{Changes, DevSite, Event};
    let site = Site::valid();
    let today = annals::build::today();
    site.write_dispatch(3, &today.to_string(), "", "Dated today.\n");
    let mut opts = annals::build::Options::new(site.root().to_path_buf());
    // Started yesterday.
    opts.today = today.yesterday().unwrap();
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join("live");
    let mut dev = DevSite::new(opts.clone(), live.clone());
    assert!(matches!(dev.rebuild(None), Event::Built { .. }));
    assert!(!live.join("special-dispatch/3/index.html").exists());
    assert_eq!(dev.new_day(), Some(today));
    // What the server does once a new day is seen, with no file saved.
    let changes = Changes {
        structural: true,
        paths: Vec::new(),
    };
    match dev.rebuild(Some(&changes)) {
        Event::Built { unpublished, .. } => assert_eq!(unpublished, 0),
        other => panic!("{other:?}"),
    }
    assert_eq!(dev.new_day(), None);
    opts.today = today;
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
}

/// The preview folder removed under the server (a temp-dir cleaner) is
/// made again, private, and written whole on the next save: before, only
/// the saved page came back and every other URL stayed 404.
#[cfg(unix)]
#[test]
fn a_removed_preview_folder_is_written_whole_again() {
    use annals::serve::{Changes, DevSite, Event};
    use std::os::unix::fs::PermissionsExt;
    let site = Site::valid();
    let opts = annals::build::Options::new(site.root().to_path_buf());
    let out = tempfile::tempdir().unwrap();
    let scratch = out.path().join("scratch");
    let live = scratch.join("site");
    let mut dev = DevSite::new(opts.clone(), live.clone());
    assert!(matches!(dev.rebuild(None), Event::Built { .. }));
    std::fs::remove_dir_all(&scratch).unwrap();
    edit_second(&site, "Edited after the folder went.\n");
    let changes = Changes {
        structural: false,
        paths: vec![site.path("content/dispatches/sd-2.md")],
    };
    match dev.rebuild(Some(&changes)) {
        Event::Built { remade, .. } => assert!(remade),
        other => panic!("{other:?}"),
    }
    let mode = std::fs::metadata(&scratch).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "made again for this user only");
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
    // Someone else's folder in its place is not written into.
    std::fs::remove_dir_all(&scratch).unwrap();
    std::fs::create_dir(&scratch).unwrap();
    std::fs::set_permissions(&scratch, std::fs::Permissions::from_mode(0o777)).unwrap();
    match dev.rebuild(Some(&changes)) {
        Event::Failed { errors, .. } => {
            assert!(
                errors[0].message.contains("cannot be made again"),
                "{errors:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(!live.exists());
}

/// A config change no watch reported (the watch went with a removed
/// folder) is still seen by the next rebuild, whatever file it was for:
/// before, a content save published pages of two configs.
#[test]
fn a_config_change_no_one_reported_changes_every_page() {
    use annals::serve::{Changes, DevSite, Event};
    let site = Site::valid();
    let opts = annals::build::Options::new(site.root().to_path_buf());
    let out = tempfile::tempdir().unwrap();
    let live = out.path().join("live");
    let mut dev = DevSite::new(opts.clone(), live.clone());
    assert!(matches!(dev.rebuild(None), Event::Built { .. }));
    let config = std::fs::read_to_string(site.path("annals.yaml")).unwrap();
    site.write(
        "annals.yaml",
        &config.replace("title: Fixture Archive", "title: Retitled Archive"),
    );
    edit_second(&site, "A body edit.\n");
    let changes = Changes {
        structural: false,
        paths: vec![site.path("content/dispatches/sd-2.md")],
    };
    assert!(matches!(dev.rebuild(Some(&changes)), Event::Built { .. }));
    same_as_a_full_build(&mut dev, &opts, &live, &out.path().join("full"));
}

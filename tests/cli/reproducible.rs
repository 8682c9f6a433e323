//! Builds that others can repeat and deploy by difference: the day a
//! build takes for today can be pinned, unchanged files look unchanged,
//! and the output holds nothing a Git-based deploy would drop.

use crate::support::{Run, Site, annals_with, dispatch, index_folder};

/// `annals build` with `SOURCE_DATE_EPOCH` set to `epoch`.
fn build_at(site: &Site, epoch: &str) -> Run {
    annals_with(&["build"], site.root(), &[("SOURCE_DATE_EPOCH", epoch)])
}

/// `SOURCE_DATE_EPOCH` is the build's today: a dispatch dated that day
/// is in, one dated the day after is left out, whatever today is.
#[test]
fn source_date_epoch_pins_the_builds_today() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &dispatch("special-dispatch", 3, "2030-01-01", "", "New year."),
    );
    // 2030-01-01T00:00:00Z, and a second before it.
    build_at(&site, "1893456000")
        .ok()
        .says("Built 3 dispatches");
    assert!(site.path("public/special-dispatch/3/index.html").exists());
    build_at(&site, "1893455999")
        .ok()
        .says("Built 2 dispatches")
        .says("dated after today: sd-3 (2030-01-01)");
    assert!(!site.path("public/special-dispatch/3").exists());
    let run = build_at(&site, "yesterday");
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("SOURCE_DATE_EPOCH is `yesterday`, not a number of seconds");
    let run = build_at(&site, "253402300800");
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("a time out of range");
}

/// A shell that sets `SOURCE_DATE_EPOCH` for every tool (Nix's, to
/// 1980) would publish an archive without its dispatches: said, with
/// what it left out that the clock would publish.
#[test]
fn a_pinned_day_that_leaves_out_past_dispatches_is_said() {
    let site = Site::valid();
    build_at(&site, "315532800")
        .ok()
        .says("Built 0 dispatches")
        .says("SOURCE_DATE_EPOCH makes today 1980-01-01, which leaves out sd-1 and 1 more")
        .says("unset SOURCE_DATE_EPOCH");
    let run = build_at(&site, "1893456000");
    run.ok();
    assert!(!run.stderr.contains("SOURCE_DATE_EPOCH"), "{}", run.stderr);
}

/// A static file's copy keeps its modification time, so that a deploy
/// synced by time and size sends only what changed.
#[test]
fn static_copies_keep_their_modification_time() {
    let site = Site::valid();
    site.write("static/images/map.svg", "<svg/>");
    let then = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    std::fs::File::options()
        .write(true)
        .open(site.path("static/images/map.svg"))
        .unwrap()
        .set_modified(then)
        .unwrap();
    site.build().ok();
    let copied = std::fs::metadata(site.path("public/images/map.svg")).unwrap();
    assert_eq!(copied.modified().unwrap(), then);
}

/// Renaming the site changes no file of the search index: its folder
/// keeps its name (readers keep their cached index); and no build leaves
/// an empty folder behind.
#[test]
fn the_index_folder_outlives_a_new_site_title_and_no_folder_is_empty() {
    let site = Site::valid();
    site.build().ok();
    let before = index_folder(&site.path("public"));
    let config = site.read("annals.yaml");
    site.write(
        "annals.yaml",
        &config.replace("title: Fixture Archive", "title: Another Name"),
    );
    site.build().ok();
    assert_eq!(index_folder(&site.path("public")), before);
    let meta = site.read("public/search/meta.json");
    assert!(meta.contains("Another Name"), "{meta}");
    let empty: Vec<_> = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).unwrap().next().is_none())
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(empty.is_empty(), "{empty:?}");
}

/// What an admin set on the output folder (a mode that lets the web
/// server's group in, setgid so that new files take that group) outlives
/// the build that replaces the folder.
#[cfg(unix)]
#[test]
fn the_output_folders_own_mode_outlives_a_rebuild() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::valid();
    site.build().ok();
    let public = site.path("public");
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o2770)).unwrap();
    site.build().ok();
    let mode = std::fs::metadata(&public).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o2770, "{mode:o}");
    // The folder's group, setgid, is its files' too, as if written into it
    // (where this user may give the folder another group).
    use std::os::unix::fs::MetadataExt;
    let gid = |path: &std::path::Path| std::fs::metadata(path).unwrap().gid();
    let other = if gid(&public) == 0 { 1 } else { 0 };
    if std::os::unix::fs::chown(&public, None, Some(other)).is_ok() {
        std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o2770)).unwrap();
        site.build().ok();
        assert_eq!(gid(&public), other);
        assert_eq!(gid(&public.join("special-dispatch/1/index.html")), other);
        assert_eq!(gid(&public.join("special-dispatch/1")), other);
    }
    // A read-only folder is not made read-only again: the next build
    // could not remove it once swapped out.
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o555)).unwrap();
    site.build().ok();
    let mode = std::fs::metadata(&public).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o755, "{mode:o}");
}

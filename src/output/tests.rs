//! Staging, publishing and the paths a site may write.

use super::*;

#[test]
fn unsafe_paths_are_refused() {
    let root = Path::new("/out");
    assert!(safe_join(root, "a/b/index.html").is_some());
    for bad in [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a//b",
        "a\\b",
        "",
        "a/./b",
    ] {
        assert!(safe_join(root, bad).is_none(), "{bad}");
    }
}

#[test]
fn aliases_are_pages() {
    for ok in ["old/index.html", "report/en/8631.htm", "x.PHP", "a.aspx"] {
        assert!(is_alias_page(ok), "{ok}");
    }
    for not in [
        "atom.xml",
        "search.js",
        "archive.json",
        "files/report.pdf",
        "noext",
    ] {
        assert!(!is_alias_page(not), "{not}");
    }
}

#[test]
fn aliases() {
    assert_eq!(
        alias_path("/report/en/8631.htm").as_deref(),
        Some("report/en/8631.htm")
    );
    assert_eq!(
        alias_path("/old/page/").as_deref(),
        Some("old/page/index.html")
    );
    assert_eq!(alias_path("/old").as_deref(), Some("old/index.html"));
    assert_eq!(alias_path("/../../etc/passwd"), None);
    assert_eq!(alias_path("/"), None);
    // As a server decodes the request; an encoded `..` is still `..`.
    assert_eq!(alias_path("/a%20b/").as_deref(), Some("a b/index.html"));
    assert_eq!(alias_path("/%2e%2e/x/"), None);
    assert_eq!(alias_path("/old.php?id=5"), None);
    assert_eq!(alias_path("/old/#top").as_deref(), Some("old/index.html"));
}

#[test]
fn publish_replaces_and_discard_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("public");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("old.html"), "old").unwrap();
    let s = Staging::new(&target, &OutputLock::take(&target, || {})).unwrap();
    s.write("new/index.html", b"new").unwrap();
    assert!(s.write("../escape.html", b"x").is_err());
    s.discard();
    assert!(target.join("old.html").exists());
    let s = Staging::new(&target, &OutputLock::take(&target, || {})).unwrap();
    s.write("new/index.html", b"new").unwrap();
    s.publish().unwrap();
    assert!(!target.join("old.html").exists());
    let listed = fs::read_to_string(target.join(MANIFEST)).unwrap();
    assert!(listed.contains("\"new/index.html\""), "{listed}");
    assert!(target.join("new/index.html").exists());
    let mut beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["public"], "no staging left behind");
}

#[test]
fn in_place_a_reader_gets_the_old_file_or_the_new_one_whole() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let live = Staging::in_place(dir.path()).unwrap();
    live.write("a/index.html", b"old page").unwrap();
    let mut reading = fs::File::open(dir.path().join("a/index.html")).unwrap();
    live.write("a/index.html", b"the new page").unwrap();
    let static_dir = tempfile::tempdir().unwrap();
    fs::write(static_dir.path().join("style.css"), "b{}").unwrap();
    live.copy_dir(static_dir.path()).unwrap();
    let mut old = String::new();
    reading.read_to_string(&mut old).unwrap();
    assert_eq!(old, "old page", "the served file was not truncated");
    let read = |rel: &str| fs::read_to_string(dir.path().join(rel)).unwrap();
    assert_eq!(read("a/index.html"), "the new page");
    assert_eq!(read("style.css"), "b{}");
    let names = |rel: &str| fs::read_dir(dir.path().join(rel)).unwrap().count();
    assert_eq!((names("a"), names(".")), (1, 2), "no part files left");
}

/// A writer still at work once a signal removed the staging folder does
/// not make it again: its folders are made below the folder only.
#[test]
fn folders_are_made_below_the_staging_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("staging");
    fs::create_dir(&root).unwrap();
    create_below(&root, &root.join("a/b/c")).unwrap();
    assert!(root.join("a/b/c").is_dir());
    create_below(&root, &root.join("a/b/c")).unwrap();
    fs::remove_dir_all(&root).unwrap();
    assert!(create_below(&root, &root.join("a/b")).is_err());
    assert!(!root.exists(), "the removed folder is not made again");
    assert!(create_below(&root, &dir.path().join("elsewhere")).is_err());
}

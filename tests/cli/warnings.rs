//! What a build says about a site's files that do not stop it: the cap on
//! warnings, static files over built pages, links in `static/`.

use crate::support::Site;

/// The cap covers every warning of a build, including those found while
/// writing: a migrated site whose `static/` holds a whole old build must
/// not flood the terminal.
#[test]
fn the_warning_cap_covers_static_files_over_pages() {
    let site = Site::valid();
    for n in 0..25 {
        site.write(&format!("static/pages/p{n}/index.html"), "old");
    }
    // Built pages under the static files' paths.
    for n in 0..25 {
        site.write(
            &format!("content/pages/p{n}.md"),
            &format!("---\ntitle: P{n}\n---\nx\n"),
        );
    }
    let run = site.build();
    run.ok().says("… and 5 more warnings").says("25 warnings");
    assert_eq!(run.stderr.matches("⚠").count(), 20, "{}", run.stderr);
}

/// Links are not copied (one could reach any file of the machine), and
/// the site is told, as it is about links in content/.
#[cfg(unix)]
#[test]
fn links_in_static_are_skipped_with_a_warning() {
    let site = Site::valid();
    site.write("outside.css", "body {}");
    site.write("static/real.css", "p {}");
    std::os::unix::fs::symlink(site.path("outside.css"), site.path("static/linked.css")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("static/folder")).unwrap();
    let run = site.build();
    run.ok()
        .says("static/linked.css: symbolic link in static/ ignored")
        .says("static/folder: symbolic link in static/ ignored")
        .says("copy the file into static/ instead of linking to it")
        .says("2 warnings");
    assert!(site.path("public/real.css").exists());
    assert!(!site.path("public/linked.css").exists());
    assert!(!site.path("public/folder").exists());
    site.run(&["check"])
        .ok()
        .says("static/linked.css: symbolic link");
}

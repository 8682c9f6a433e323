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

//! Rebuilds while serving: every save shows, and after any rebuild the
//! preview holds what a fresh build writes, no more; its warnings are said.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::server::*;
use crate::support::{CONFIG, Site, dispatch, files};

/// A site of `n` dispatches, enough that a full rebuild or a search index
/// takes long enough for saves to queue up behind it.
fn big_site(n: u32) -> Site {
    let site = Site::empty();
    for i in 1..=n {
        write_body(&site, i, "with some words to index and render");
    }
    site
}

/// Writes dispatch `i` of a [`big_site`] with `words` in its body.
fn write_body(site: &Site, i: u32, words: &str) {
    site.write(
        &format!("content/dispatches/sd-{i}.md"),
        &dispatch(
            "special-dispatch",
            i,
            "2021-01-05",
            &format!("people: [Person {}]", i % 40),
            &format!("Body {i}, {words}.\n"),
        ),
    );
}

/// Rewrites dispatch `i` of a [`big_site`] with `marker` in its body.
fn edit_body(site: &Site, i: u32, marker: &str) {
    write_body(site, i, marker);
}

/// Saves made while a (slow, full) rebuild runs queue up as separate
/// bursts; they were merged keeping only their `structural` flag, so
/// only the first one's file was shown.
#[test]
fn saves_queued_during_a_rebuild_are_all_shown() {
    let site = big_site(3000);
    let server = start(&site);
    // A config change: every page is rendered again.
    site.write(
        "annals.yaml",
        &CONFIG.replace("Fixture Archive", "Retitled"),
    );
    // Three saves, each its own burst (the watcher gathers 20 ms), while
    // that rebuild runs.
    for (i, marker) in [(11, "EDIT-A"), (12, "EDIT-B"), (13, "EDIT-C")] {
        std::thread::sleep(std::time::Duration::from_millis(60));
        edit_body(&site, i, marker);
    }
    for (i, marker) in [(11, "EDIT-A"), (12, "EDIT-B"), (13, "EDIT-C")] {
        wait_for(marker, || {
            get(&server, &format!("/special-dispatch/{i}/"))
                .2
                .contains(marker)
        });
    }
    // Pages are written one by one: the edited ones may show before the
    // home page of the same rebuild does.
    wait_for("Retitled", || get(&server, "/").2.contains("Retitled"));
}

/// Waits until the server's folder holds exactly what `annals build`
/// writes for the site as it is now (the background search index too).
fn wait_for_a_fresh_build(site: &Site, server: &Server) {
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("ref");
    let base = format!("{}/", server.base);
    site.run(&[
        "build",
        "-q",
        "--base-url",
        &base,
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let live = scratch(server);
    // A build lists what it wrote; the preview's folder is not replaced
    // by builds, so it has no such list.
    let want: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| f != ".annals-output")
        .collect();
    let mut last = Vec::new();
    let same = || {
        let have = files(&live);
        have == want
            && want
                .iter()
                .all(|f| std::fs::read(live.join(f)).ok() == std::fs::read(out.join(f)).ok())
    };
    let start = std::time::Instant::now();
    while !same() {
        last = files(&live);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "the preview is not a fresh build:\nextra {:?}\nmissing {:?}",
            last.iter()
                .filter(|f| !want.contains(f))
                .collect::<Vec<_>>(),
            want.iter()
                .filter(|f| !last.contains(f))
                .collect::<Vec<_>>(),
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(last);
}

/// A config or template change clears the page fingerprints; the pages it
/// removed (pagination, a dispatch deleted in the same burst, as a `git
/// checkout` does) stayed served.
#[test]
fn pages_a_config_or_template_change_removes_leave_the_preview() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-05", "regions: [Atlantis]", "Third.");
    let server = start(&site);
    assert_eq!(get(&server, "/archive/page/3/").0, 404);
    site.write("annals.yaml", &CONFIG.replace("paginate: 2", "paginate: 1"));
    wait_for("pages of one", || get(&server, "/archive/page/3/").0 == 200);
    wait_for_a_fresh_build(&site, &server);

    site.write("annals.yaml", CONFIG);
    wait_for("pages of two", || get(&server, "/archive/page/3/").0 == 404);
    assert_eq!(get(&server, "/archive/page/2/").0, 200);
    wait_for_a_fresh_build(&site, &server);

    // A template and a deleted dispatch in one burst.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>own {{ p.title }}</p>{% endblock content %}",
    );
    std::fs::remove_file(site.path("content/dispatches/sd-3.md")).unwrap();
    wait_for("the deleted dispatch to go", || {
        get(&server, "/special-dispatch/3/").0 == 404
    });
    assert_eq!(get(&server, "/regions/atlantis/").0, 404);
    wait_for_a_fresh_build(&site, &server);
}

/// A file deleted from a theme folder's static/ stayed served (a theme
/// change is a structural one, which forgot what was copied).
#[test]
fn a_file_deleted_from_a_theme_static_folder_leaves_the_preview() {
    let site = Site::valid();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for rel in files(&theme) {
        site.write_bytes(
            &format!("themes/mine/{rel}"),
            &std::fs::read(theme.join(&rel)).unwrap(),
        );
    }
    site.write("annals.yaml", &format!("{CONFIG}theme: mine\n"));
    let server = start(&site);
    assert_eq!(get(&server, "/favicon.svg").0, 200);
    site.write("themes/mine/static/theme-only.txt", "hi");
    wait_for("the new theme file", || {
        get(&server, "/theme-only.txt").0 == 200
    });
    std::fs::remove_file(site.path("themes/mine/static/theme-only.txt")).unwrap();
    wait_for("the deleted theme file to go", || {
        get(&server, "/theme-only.txt").0 == 404
    });
    std::fs::remove_file(site.path("themes/mine/static/favicon.svg")).unwrap();
    wait_for("the theme's favicon to go", || {
        get(&server, "/favicon.svg").0 == 404
    });
    wait_for_a_fresh_build(&site, &server);
}

/// Warnings of rebuilds after the first were never printed. They are,
/// when they change, and not again on every save.
#[test]
fn warnings_of_later_rebuilds_are_printed_once() {
    let site = Site::valid();
    let server = start(&site);
    let sd1 = site.path("content/dispatches/sd-1.md");
    let text = std::fs::read_to_string(&sd1).unwrap();
    std::fs::write(&sd1, format!("{text}\n[^unused]: never cited\n")).unwrap();
    wait_for("the footnote warning", || {
        stderr_text(&server).contains("unused")
    });
    let said = |server: &Server| stderr_text(server).matches("⚠").count();
    let once = said(&server);
    assert!(once >= 1, "{}", stderr_text(&server));

    // An unrelated save: the same warnings are not said again.
    let before = rebuilds(&server);
    edit_second(&site, "Another edit.\n");
    wait_for("the next rebuild", || rebuilds(&server) > before);
    assert_eq!(said(&server), once, "{}", stderr_text(&server));

    // A new one: a symbolic link in static/ (found while writing).
    #[cfg(unix)]
    {
        std::fs::create_dir_all(site.path("static")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", site.path("static/linked.txt")).unwrap();
        wait_for("the link warning", || {
            stderr_text(&server).contains("static/ ignored")
        });
        std::fs::remove_file(site.path("static/linked.txt")).unwrap();
    }

    // Fixed: the server says so.
    std::fs::write(&sd1, &text).unwrap();
    wait_for_all_clear(&server);

    // Another file's warning stays while this one's come and go.
    edit_second(&site, "![Two](/two.png)\n");
    // Each change prints the whole list again: count the lists.
    let count = |server: &Server, what: &str| stderr_text(server).matches(what).count();
    let (two, gone) = ("`/two.png` leads", "`/gone.png` leads");
    wait_for("the second file's warning", || count(&server, two) == 1);
    let gone_before = count(&server, gone);
    std::fs::write(&sd1, format!("{text}\n![Map](/gone.png)\n")).unwrap();
    wait_for("both warnings", || count(&server, two) == 2);
    std::fs::write(&sd1, &text).unwrap();
    wait_for("the second file's warning alone", || {
        count(&server, two) == 3
    });
    assert_eq!(
        count(&server, gone),
        gone_before + 1,
        "{}",
        stderr_text(&server)
    );
}

/// `--root site`, relative: the watcher's absolute paths were never
/// under it, and no save was ever seen.
#[test]
fn a_relative_root_is_watched() {
    let site = Site::valid();
    let server = start_relative(&site);
    let before = rebuilds(&server);
    edit_second(&site, "An edit seen.\n");
    wait_for("the rebuild", || rebuilds(&server) > before);
    wait_for("the edit", || {
        get(&server, "/special-dispatch/2/")
            .2
            .contains("An edit seen.")
    });
}

/// Waits until the server says the site has no warnings left.
fn wait_for_all_clear(server: &Server) {
    wait_for("the all-clear", || {
        server
            .output
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("No warnings now"))
    });
}

/// A body edit takes the fast path, which renders only that dispatch: its
/// broken link is reported then, and the warning goes when it is fixed.
#[test]
fn a_body_edit_checks_links_again() {
    let site = Site::valid();
    let server = start(&site);
    let sd1 = site.path("content/dispatches/sd-1.md");
    let text = std::fs::read_to_string(&sd1).unwrap();
    std::fs::write(&sd1, format!("{text}\n![Map](/gone.png)\n")).unwrap();
    wait_for("the link warning", || {
        stderr_text(&server).contains("image source `/gone.png` leads to no file")
    });
    std::fs::write(&sd1, &text).unwrap();
    wait_for_all_clear(&server);
}

/// The background search index replaced its files in place: each was
/// missing (404) or empty for a moment after every save. Now a poller
/// reads files as the client does, from the folder `meta.json` names: a
/// file of that folder may be gone only once `meta.json` names another
/// (the client then reads `meta.json` again).
#[test]
fn the_search_index_is_never_missing_while_it_is_rewritten() {
    let site = big_site(3000);
    let server = Arc::new(start(&site));
    let stop = Arc::new(AtomicBool::new(false));
    let poller = {
        let (server, stop) = (Arc::clone(&server), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut bad = Vec::new();
            let mut polls = 0;
            while !stop.load(Ordering::Relaxed) {
                let (status, _, meta) = get(&server, "/search/meta.json");
                polls += 1;
                let Some(folder) = served_folder(status, &meta) else {
                    bad.push(format!("/search/meta.json: {status}, {} bytes", meta.len()));
                    continue;
                };
                for file in ["d/0.json", "d/1.json", "f/year.json"] {
                    let path = format!("/search/{folder}{file}");
                    let (status, _, body) = get(&server, &path);
                    polls += 1;
                    let (again, _, meta) = get(&server, "/search/meta.json");
                    let moved = served_folder(again, &meta).is_some_and(|f| f != folder);
                    if (status != 200 || body.is_empty()) && !moved {
                        bad.push(format!("{path}: {status}, {} bytes", body.len()));
                    }
                }
            }
            (bad, polls)
        })
    };
    for round in 0..4 {
        let marker = format!("reindexed{round}");
        edit_body(&site, 2, &marker);
        wait_for("the new index", || {
            let (status, _, meta) = get(&server, "/search/meta.json");
            served_folder(status, &meta).is_some_and(|folder| {
                get(&server, &format!("/search/{folder}d/0.json"))
                    .2
                    .contains(&marker)
            })
        });
    }
    stop.store(true, Ordering::Relaxed);
    let (bad, polls) = poller.join().unwrap();
    assert!(polls > 0);
    assert!(
        bad.is_empty(),
        "{} of {polls} polls failed: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    // Each index replaced the one before: one folder is served, the one
    // meta.json names.
    let (status, _, meta) = get(&server, "/search/meta.json");
    let folder = served_folder(status, &meta).expect("the index");
    let folders: Vec<String> = std::fs::read_dir(scratch(&server).join("search"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| format!("{}/", e.file_name().to_string_lossy()))
        .collect();
    assert_eq!(folders, [folder]);
}

/// A template that fails on some pages only: the others are written, so
/// the server says the preview is partly updated (not "still serving the
/// last good site"), and names the page that failed.
#[test]
fn a_rebuild_failing_on_some_pages_says_so_and_names_them() {
    let site = Site::valid();
    let sd1 = site.path("content/dispatches/sd-1.md");
    let text = std::fs::read_to_string(&sd1).unwrap();
    std::fs::write(
        &sd1,
        text.replacen("title:", "extra: {tag: foo}\ntitle:", 1),
    )
    .unwrap();
    let server = start(&site);
    site.write(
        "templates/dispatch.html",
        "{% extends \"base.html\" %}{% block content %}<p>PARTIAL{{ d.extra.tag | upper }}</p>{% endblock content %}",
    );
    wait_for("the failure", || {
        stderr_text(&server).contains("build failed")
    });
    let said = stderr_text(&server);
    assert!(said.contains("(rendering /special-dispatch/2/)"), "{said}");
    assert!(said.contains("partly updated"), "{said}");
    assert!(!said.contains("still serving the last good site"), "{said}");
    // What it says is what is served.
    assert!(
        get(&server, "/special-dispatch/1/")
            .2
            .contains("PARTIALFOO")
    );
    assert!(!get(&server, "/special-dispatch/2/").2.contains("PARTIAL"));
}

/// The index folder a served `meta.json` names, if it was served whole.
fn served_folder(status: u16, meta: &str) -> Option<String> {
    let meta: serde_json::Value = serde_json::from_str(meta).ok().filter(|_| status == 200)?;
    meta["files"].as_str().map(str::to_owned)
}

/// Ctrl-C during a full rebuild stops it: the server used to finish the
/// rebuild (tens of seconds at 10k) before it quit, and said "Rebuilt"
/// after "Stopping".
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_a_rebuild_stops_it() {
    let site = big_site(3000);
    let mut server = start(&site);
    let folder = scratch(&server);
    let before = rebuilds(&server);
    site.write(
        "annals.yaml",
        &CONFIG.replace("Fixture Archive", "Retitled"),
    );
    // Past the watcher's gathering of the save, into the rebuild.
    std::thread::sleep(std::time::Duration::from_millis(150));
    send(&server, libc::SIGINT);
    wait_for("the server to stop", || {
        matches!(server.child.try_wait(), Ok(Some(_)))
    });
    assert!(!folder.exists(), "{}", folder.display());
    let output = server.output.lock().unwrap().clone();
    let stopping = output
        .iter()
        .position(|l| l.starts_with("Stopping"))
        .expect("says it stops");
    assert!(
        !output[stopping..].iter().any(|l| l.starts_with("Rebuilt")),
        "{output:?}"
    );
    if rebuilds(&server) > before {
        eprintln!("note: the rebuild ended before the signal");
    }
}

/// A template's error that only rendering finds is said beside the
/// content's errors, as `annals build` says it, and again at each save
/// while the content stays broken.
#[test]
fn template_errors_are_said_beside_content_errors() {
    let site = Site::valid();
    let server = start(&site);
    let count = |text: &str| stderr_text(&server).matches(text).count();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-99).");
    wait_for("the content's error", || count("`sd-99`") > 0);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ p.nope }}\n{% endblock content %}\n",
    );
    wait_for("the template's error", || {
        count("templates/page.html:3") > 0
    });
    assert!(count("`sd-99`") >= 2, "{}", stderr_text(&server));
    // A content edit renders nothing: the template's error is still said.
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-98).");
    wait_for("the next error", || count("`sd-98`") > 0);
    assert!(
        count("templates/page.html:3") >= 2,
        "{}",
        stderr_text(&server)
    );
    // The content fixed, rendering says it.
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-1).");
    wait_for("the render's error", || count("templates/page.html:3") >= 3);
}

/// A static file turned into a folder of the same name in one go (as a
/// branch switch does), and back: the preview follows each time, as a
/// build would write it. (The old file was held against the new folder
/// as if the build wrote it, and every later rebuild failed.)
#[test]
fn a_static_file_turned_into_a_folder_and_back_is_followed() {
    let site = Site::valid();
    site.write("static/notes.txt", "v1");
    let server = start(&site);
    assert_eq!(get(&server, "/notes.txt").2, "v1");
    std::fs::remove_file(site.path("static/notes.txt")).unwrap();
    site.write("static/notes.txt/inner.txt", "inner");
    wait_for("the folder's file", || {
        get(&server, "/notes.txt/inner.txt").2 == "inner"
    });
    std::fs::remove_dir_all(site.path("static/notes.txt")).unwrap();
    site.write("static/notes.txt", "v2");
    wait_for("the file again", || get(&server, "/notes.txt").2 == "v2");
    assert_eq!(get(&server, "/notes.txt/inner.txt").0, 404);
    let said = stderr_text(&server);
    assert!(!said.contains("needs a folder"), "{said}");
}

/// A file's front-matter warnings (`updated` before `date`, a page's
/// terms) are said by `serve` as by a build.
#[test]
fn front_matter_warnings_are_said_by_serve_too() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "updated: 2020-01-01", "x");
    let server = start(&site);
    wait_for("`updated` before `date` said", || {
        stderr_text(&server).contains("`updated` 2020-01-01 is before `date` 2021-03-01")
    });
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\nregions: [x]\n---\n\nText.\n",
    );
    wait_for("a page's terms said", || {
        stderr_text(&server).contains("`regions` on a page is ignored")
    });
    // An edit of `updated` alone (the fast path) is warned about too.
    site.write_dispatch(3, "2021-03-01", "updated: 2019-05-05", "x");
    wait_for("the edit's warning", || {
        stderr_text(&server).contains("`updated` 2019-05-05 is before `date` 2021-03-01")
    });
}

//! `annals serve`: the real server on a free port, edited while it runs.

mod http;
mod parity;
mod rebuilds;
mod server;
mod stops;

use std::io::{BufRead, BufReader, Read, Write};

use server::*;

use crate::support::Site;

#[test]
fn serves_pages_and_static_files_with_content_types() {
    let site = Site::valid();
    let server = start(&site);
    let (status, ct, body) = get(&server, "/special-dispatch/1/");
    assert_eq!(status, 200);
    assert_eq!(ct, "text/html; charset=utf-8");
    assert!(
        body.contains("/__annals/live.js"),
        "live reload injected when serving"
    );
    assert!(
        !std::fs::read_to_string(site.path("content/dispatches/sd-1.md"))
            .unwrap()
            .contains("live.js")
    );
    assert_eq!(get(&server, "/style.css").1, "text/css; charset=utf-8");
    assert!(get(&server, "/annals.js").1.starts_with("text/javascript"));
    assert_eq!(get(&server, "/archive.json").1, "application/json");
    let (status, _, body) = get(&server, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[test]
fn traversal_is_refused() {
    let site = Site::valid();
    site.write("secret.txt", "top secret");
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/special-dispatch/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%5c..%5csecret.txt",
        // An old Latin-1 address: no file of the site, as on a host.
        "/r%E9sum%E9/",
    ] {
        let (status, _, body) = get(&server, path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page not found"), "{path}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn edits_show_up_and_errors_keep_the_last_good_site() {
    let site = Site::valid();
    let server = start(&site);
    // Editing a dispatch changes its page and the Cited-by of its target.
    edit_second(&site, "Now it says [something new](@sd-1). Edited.");
    wait_for("the edited page", || {
        get(&server, "/special-dispatch/2/")
            .2
            .contains("something new")
    });
    wait_for("the updated cited-by", || {
        get(&server, "/special-dispatch/1/")
            .2
            .contains("Now it says something new.")
    });

    // A broken edit: the last good page stays, the error is reported.
    site.write_dispatch(2, "2021-02-05", "", "Broken [link](@sd-404).");
    let mut events = event_stream(&server);
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    wait_for("the error event", || {
        if let Ok(n) = events.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        seen.contains("sd-404")
    });
    assert!(seen.contains("content/dispatches/sd-2.md:10"), "{seen}");
    assert!(
        get(&server, "/special-dispatch/2/")
            .2
            .contains("something new"),
        "last good page kept"
    );

    // Fixing it recovers.
    site.write_dispatch(2, "2021-02-05", "", "Fixed, see [one](@sd-1).");
    wait_for("the fixed page", || {
        get(&server, "/special-dispatch/2/")
            .2
            .contains("Fixed, see")
    });
    let _ = events.flush();
}

/// Editing only a dispatch's text patches the archive in place (the fast
/// path) and still updates the backlinks and `archive.json`.
#[test]
fn a_body_edit_takes_the_fast_path_and_updates_backlinks() {
    let site = Site::valid();
    let server = start(&site);
    assert!(get(&server, "/special-dispatch/1/").2.contains("Builds on"));
    edit_second(&site, "No citation any more.\n");
    wait_for("the edited page", || {
        get(&server, "/special-dispatch/2/")
            .2
            .contains("No citation any more")
    });
    wait_for("the cited-by to go", || {
        !get(&server, "/special-dispatch/1/").2.contains("Builds on")
    });
    let json: serde_json::Value =
        serde_json::from_str(&get(&server, "/archive.json").2).expect("archive.json");
    for d in json["dispatches"].as_array().unwrap() {
        assert_eq!(d["cites"], serde_json::json!([]), "{}", d["id"]);
        assert_eq!(d["cited_by"], serde_json::json!([]), "{}", d["id"]);
    }
    wait_for("the fast path to be reported", || {
        server
            .output
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("Rebuilt") && l.contains("(patch "))
    });
    // A second edit cites again, with a new sentence.
    edit_second(&site, "Back to [the first](@sd-1) again.\n");
    wait_for("the new cited-by", || {
        get(&server, "/special-dispatch/1/")
            .2
            .contains("Back to the first again.")
    });
}

#[test]
fn new_files_templates_and_config_take_effect() {
    let site = Site::valid();
    let server = start(&site);
    site.write_dispatch(3, "2021-03-05", "", "A new one.");
    wait_for("the new page", || {
        get(&server, "/special-dispatch/3/").0 == 200
    });
    std::fs::remove_file(site.path("content/dispatches/sd-3.md")).unwrap();
    wait_for("the deleted page to go", || {
        get(&server, "/special-dispatch/3/").0 == 404
    });
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p>custom page {{ p.title }}</p>{% endblock content %}");
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    wait_for("the new template", || {
        get(&server, "/pages/about/")
            .2
            .contains("custom page About")
    });
    // templates/ did not exist when the server started: it is watched now.
    site.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p>edited page {{ p.title }}</p>{% endblock content %}");
    wait_for("the edited template", || {
        get(&server, "/pages/about/")
            .2
            .contains("edited page About")
    });
    site.write(
        "annals.yaml",
        &crate::support::CONFIG.replace("Fixture Archive", "Renamed Archive"),
    );
    wait_for("the new config", || {
        get(&server, "/").2.contains("Renamed Archive")
    });
    // Search turned off: its page, index and client leave the preview.
    assert_eq!(get(&server, "/search.js").0, 200);
    site.write(
        "annals.yaml",
        &format!("{}\nsearch: false\n", crate::support::CONFIG),
    );
    // `/search` too: an empty folder left would redirect it to `/search/`.
    wait_for("search to go", || {
        ["/search", "/search/", "/search/meta.json", "/search.js"]
            .iter()
            .all(|path| get(&server, path).0 == 404)
    });
    assert_eq!(get(&server, "/search.css").0, 404);
}

/// A site's own `highlight.css` names the classes code's spans carry:
/// editing it renders the pages again.
#[test]
fn an_edited_highlight_css_renders_code_again() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-05",
        "",
        "```python\ndef f():\n    return 1\n```",
    );
    site.write("static/highlight.css", ".hl-keyword { color: red }\n");
    let server = start(&site);
    wait_for("the page", || {
        get(&server, "/special-dispatch/3/")
            .2
            .contains("<span class=\"hl-keyword\">return</span>")
    });
    site.write(
        "static/highlight.css",
        ".hl-keyword.hl-control.hl-flow { color: red }\n",
    );
    wait_for("the new classes", || {
        get(&server, "/special-dispatch/3/")
            .2
            .contains("<span class=\"hl-keyword hl-control hl-flow\">return</span>")
    });
}

/// A full rebuild (after a config edit) renders every page again but
/// writes only those whose bytes changed; a static file laid over a page
/// and then deleted gives the page back.
#[test]
fn a_full_rebuild_writes_only_the_pages_that_changed() {
    let site = Site::valid();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nThe page.\n",
    );
    let server = start(&site);
    let rebuilt = |what: &str| {
        let output = server.output.lock().unwrap();
        output
            .iter()
            .any(|l| l.starts_with("Rebuilt") && l.contains(what))
    };
    site.write(
        "annals.yaml",
        &format!("{}# a comment\n", crate::support::CONFIG),
    );
    wait_for("a rebuild that writes nothing", || {
        rebuilt(": 0 pages written")
    });
    lay_over_and_remove(&site, &server, "pages/about/index.html", "The page.");
}

/// Lays a static file over the build's own `file`, then deletes it: the
/// build's own, which has `own`, is served again.
fn lay_over_and_remove(site: &Site, server: &Server, file: &str, own: &str) {
    let url = format!("/{}", file.trim_end_matches("index.html"));
    site.write(&format!("static/{file}"), "laid over");
    wait_for("the static file", || {
        get(server, &url).2.contains("laid over")
    });
    std::fs::remove_file(site.path(&format!("static/{file}"))).unwrap();
    wait_for("the build's own again", || {
        get(server, &url).2.contains(own)
    });
}

/// A build's own file that no page claims (archive.json), laid over by a
/// static file and then given back, is in the preview again.
#[test]
fn archive_json_comes_back_when_a_static_file_over_it_goes() {
    let site = Site::valid();
    let server = start(&site);
    assert!(get(&server, "/archive.json").2.contains("\"dispatches\""));
    lay_over_and_remove(&site, &server, "archive.json", "\"dispatches\"");
}

/// With a theme folder too, search turned off leaves the preview whole:
/// its index as well as its page and client.
#[test]
fn search_turned_off_leaves_a_theme_folder_site_too() {
    let site = Site::valid();
    site.copy_default_theme("mine");
    let config = format!("{}theme: mine\n", crate::support::CONFIG);
    site.write("annals.yaml", &config);
    // The site's own file under search/, which a build publishes too.
    site.write("static/search/keep.txt", "kept");
    let server = start(&site);
    wait_for("the index", || get(&server, "/search/meta.json").0 == 200);
    site.write("annals.yaml", &format!("{config}search: false\n"));
    wait_for("search to go", || {
        ["/search/", "/search/meta.json", "/search.js", "/search.css"]
            .iter()
            .all(|path| get(&server, path).0 == 404)
    });
    assert_eq!(get(&server, "/search/keep.txt").0, 200);
}

/// The temp dir is shared: the preview (drafts included) is built in a
/// folder only this user can enter, under a name no one can plant first.
#[cfg(unix)]
#[test]
fn the_preview_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::valid();
    let server = start(&site);
    let folder = scratch(&server).parent().unwrap().to_path_buf();
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{}", folder.display());
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    let port = server.base.rsplit(':').next().unwrap();
    assert!(name.len() > format!("annals-serve-{}-{port}-", server.child.id()).len());
}

/// A server killed outright cannot remove its folder: the next one does.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_servers_scratch_folder_is_removed_by_the_next() {
    let site = Site::valid();
    // A temp dir of their own, which nothing else fills.
    let temp = tempfile::tempdir().unwrap();
    let mut killed = start_with_temp(&site, temp.path().to_path_buf());
    let left = scratch(&killed).parent().unwrap().to_path_buf();
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert!(left.is_dir());
    let _next = start_with_temp(&site, temp.path().to_path_buf());
    wait_for("the folder to be removed", || !left.exists());
}

/// A site whose first build fails has no pages yet: the server still
/// answers with a page that carries the live-reload script (so it shows
/// the errors, and reloads into the site once they are fixed).
#[test]
fn a_site_that_never_built_still_gets_live_reload() {
    let site = Site::valid();
    site.write("content/dispatches/broken.md", "---\ntitle: [\n---\n");
    let server = start(&site);
    let (status, content_type, body) = get(&server, "/");
    assert_eq!(status, 404);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(body.contains("/__annals/live.js"), "{body}");
    std::fs::remove_file(site.path("content/dispatches/broken.md")).unwrap();
    wait_for("the fixed site to be served", || get(&server, "/").0 == 200);
}

/// A static file deleted while serving is gone from the preview too (it
/// stayed, so the preview showed what a build would not have), and a link
/// to it is said to lead nowhere (it was checked while the file was still
/// there); put back, the warning goes.
#[test]
fn a_deleted_static_file_leaves_the_preview() {
    let site = Site::valid();
    site.write("static/images/map.svg", "<svg/>");
    site.write_dispatch(3, "2021-03-01", "", "![Map](/images/map.svg)");
    let server = start(&site);
    assert_eq!(get(&server, "/images/map.svg").0, 200);
    std::fs::remove_file(site.path("static/images/map.svg")).unwrap();
    wait_for("the deleted file to leave the preview", || {
        get(&server, "/images/map.svg").0 == 404
    });
    wait_for("the link warning", || {
        stderr_text(&server).contains("image source `/images/map.svg` leads to no file")
    });
    assert_eq!(get(&server, "/style.css").0, 200, "theme files stay");
    site.write("static/images/map.svg", "<svg/>");
    wait_for("the all-clear", || {
        let output = server.output.lock().unwrap();
        output.iter().any(|l| l.contains("No warnings now"))
    });
}

/// A hidden file of `static/` is published, so its edits are watched too.
#[test]
fn a_hidden_static_files_edits_show_up() {
    let site = Site::valid();
    site.write("static/.nojekyll", "v1");
    let server = start(&site);
    assert_eq!(get(&server, "/.nojekyll").2, "v1");
    site.write("static/.nojekyll", "v2");
    wait_for("the edit to show", || get(&server, "/.nojekyll").2 == "v2");
    std::fs::remove_file(site.path("static/.nojekyll")).unwrap();
    wait_for("the file to leave", || get(&server, "/.nojekyll").0 == 404);
}

/// A draft (what `annals new` makes) is not served unless asked for, and
/// the server says so.
#[test]
fn left_out_drafts_are_mentioned() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "draft: true", "Draft.");
    let server = start(&site);
    let said = server.output.lock().unwrap().join("\n");
    assert!(
        said.contains("Left out 1 dispatch: drafts or dated after today (`annals serve --drafts`"),
        "{said}"
    );
    assert_eq!(get(&server, "/special-dispatch/3/").0, 404);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let site = Site::valid();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 1);
    run.says("cannot listen").says("--port");
}

/// `annals serve | head`: the pipe is closed by the time Ctrl-C comes; the
/// server used to panic on its goodbye line and leave its folder. Also, a
/// Ctrl-C right after it says where it listens finds its handler in place.
#[cfg(target_os = "linux")]
#[test]
fn stops_cleanly_when_its_output_pipe_is_closed() {
    use std::os::unix::process::ExitStatusExt;
    let site = Site::valid();
    let temp = tempfile::tempdir().unwrap();
    let mut child = spawn(&site, temp.path());
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("Serving the site at ") {
        line.clear();
        out.read_line(&mut line).unwrap();
    }
    let port = line.split(':').nth(2).unwrap().split('/').next().unwrap();
    let folder = private_folder(temp.path(), child.id(), port);
    assert!(folder.is_dir(), "{}", folder.display());
    drop(out);
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "signal {:?}", status.signal());
    assert!(!folder.exists(), "{}", folder.display());
}

/// The search index of an edit is written after its pages, and the page
/// reloaded for the edit may read the old one: the event stream says when
/// the new one is in, after the reload.
#[test]
fn the_event_stream_says_when_an_edits_search_index_is_in() {
    let site = Site::valid();
    let server = start(&site);
    let meta = || get(&server, "/search/meta.json").2;
    let before = meta();
    let mut events = event_stream(&server);
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let mut read = |seen: &mut String| {
        if let Ok(n) = events.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    wait_for("the stream's first event", || {
        read(&mut seen);
        seen.contains("event: status")
    });
    edit_second(&site, "A word new to the index: quibblefrotz.");
    wait_for("the search event", || {
        read(&mut seen);
        seen.contains("event: search")
    });
    let (reload, search) = (
        seen.find("event: reload").expect("a reload before it"),
        seen.find("event: search").unwrap(),
    );
    assert!(reload < search, "{seen}");
    assert_ne!(meta(), before, "the new index is in when it is said");
}

/// Quiet, the server says where it serves and what is wrong, not each
/// rebuild.
#[test]
fn a_quiet_server_prints_its_address_only() {
    let site = Site::valid();
    let server = server::start_with_args(&site, &["-q"]);
    assert_eq!(get(&server, "/").0, 200);
    site.write_dispatch(3, "2021-03-01", "", "Quietly added.");
    wait_for("the new dispatch", || {
        get(&server, "/special-dispatch/3/").0 == 200
    });
    let printed = server.output.lock().unwrap().join("\n");
    assert!(printed.starts_with("Serving the site at "), "{printed}");
    assert!(
        !printed.contains("Built") && !printed.contains("Rebuilt"),
        "{printed}"
    );
}

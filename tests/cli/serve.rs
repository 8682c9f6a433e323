//! `annals serve`: the real server on a free port, edited while it runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Site, files, second_dispatch};

struct Server {
    child: Child,
    base: String,
    /// Its temp dir, where it builds the site (see [`scratch`]).
    temp: PathBuf,
    /// What the server printed.
    output: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already reaped: its pid may be another process's by now.
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // Stopped as a user stops it, so that it removes its scratch
        // folder; killed if it does not stop.
        #[cfg(target_os = "linux")]
        {
            send(self, libc::SIGTERM);
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `signal` to the server's process.
#[cfg(target_os = "linux")]
fn send(server: &Server, signal: i32) {
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe { libc::kill(pid, signal) };
}

/// The folder the server builds the site into.
fn scratch(server: &Server) -> PathBuf {
    let port = server.base.rsplit(':').next().unwrap();
    let name = format!("annals-serve-{}-{port}", server.child.id());
    server.temp.join(name)
}

fn start(site: &Site) -> Server {
    start_with_temp(site, std::env::temp_dir())
}

/// `annals serve --port 0` on `site`, with `temp` as its temp dir.
fn spawn(site: &Site, temp: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_annals"))
        .env("TMPDIR", temp)
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            site.root().to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// [`start`] with `temp` as the server's temp dir.
fn start_with_temp(site: &Site, temp: PathBuf) -> Server {
    let mut child = spawn(site, &temp);
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut before = Vec::new();
    let base = loop {
        let line = lines.next().expect("server printed its URL").unwrap();
        before.push(line.clone());
        if let Some(url) = line.strip_prefix("Serving the site at ") {
            break url
                .split(' ')
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    let output = Arc::new(Mutex::new(before));
    let sink = Arc::clone(&output);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        base,
        temp,
        output,
    }
}

/// GET `path`: (status, content type, body).
fn get(server: &Server, path: &str) -> (u16, String, String) {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

/// Rewrites the fixture's second dispatch with its front matter unchanged
/// and a new body (an edit the dev server patches in place).
fn edit_second(site: &Site, body: &str) {
    site.write("content/dispatches/sd-2.md", &second_dispatch(body));
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

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
    ] {
        let (status, _, body) = get(&server, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
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
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut events = TcpStream::connect(&addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        events,
        "GET /__annals/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
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
}

/// Ctrl-C used to wait for every open page's event stream to end, that is
/// until the browser closed; SIGTERM and a closed terminal left the
/// scratch folder behind.
#[cfg(target_os = "linux")]
#[test]
fn stops_at_once_with_a_page_open_and_removes_its_scratch_folder() {
    let site = Site::valid();
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let mut server = start(&site);
        let folder = scratch(&server);
        assert!(folder.join("index.html").is_file(), "{}", folder.display());
        // A page's live-reload stream, open.
        let addr = server.base.trim_start_matches("http://").to_string();
        let mut events = TcpStream::connect(&addr).unwrap();
        write!(
            events,
            "GET /__annals/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut head = [0u8; 12];
        events.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
        send(&server, signal);
        wait_for("the server to stop", || {
            matches!(server.child.try_wait(), Ok(Some(_)))
        });
        assert!(!folder.exists(), "signal {signal}: {}", folder.display());
        wait_for("the server to say it stops", || {
            server
                .output
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.starts_with("Stopping: removing the preview copy"))
        });
    }
}

/// A server killed outright cannot remove its folder: the next one does.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_servers_scratch_folder_is_removed_by_the_next() {
    let site = Site::valid();
    // A temp dir of their own, which nothing else fills.
    let temp = tempfile::tempdir().unwrap();
    let mut killed = start_with_temp(&site, temp.path().to_path_buf());
    let left = scratch(&killed);
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
/// stayed, so the preview showed what a build would not have).
#[test]
fn a_deleted_static_file_leaves_the_preview() {
    let site = Site::valid();
    site.write("static/images/map.svg", "<svg/>");
    let server = start(&site);
    assert_eq!(get(&server, "/images/map.svg").0, 200);
    std::fs::remove_file(site.path("static/images/map.svg")).unwrap();
    wait_for("the deleted file to leave the preview", || {
        get(&server, "/images/map.svg").0 == 404
    });
    assert_eq!(get(&server, "/style.css").0, 200, "theme files stay");
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
    let chunks = std::fs::read_dir(live.join("search/t")).unwrap();
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
    let names = files(full);
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
    let folder = temp
        .path()
        .join(format!("annals-serve-{}-{port}", child.id()));
    assert!(folder.is_dir(), "{}", folder.display());
    drop(out);
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "signal {:?}", status.signal());
    assert!(!folder.exists(), "{}", folder.display());
}

//! Stopping the server: by a signal once it serves, and during its first
//! build.

use std::io::Read;

use super::server::*;
use crate::support::Site;

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
        let mut events = event_stream(&server);
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

/// Ctrl-C during the first build (minutes for a big archive) stops it and
/// removes the preview copy: before, the signal found no handler yet and
/// killed the server with the copy, drafts included, left in the temp dir.
#[cfg(target_os = "linux")]
#[test]
fn stopped_during_its_first_build_it_removes_its_folder() {
    let site = crate::output::big_site();
    let temp = tempfile::tempdir().unwrap();
    let mut child = spawn(&site, temp.path());
    let made = |temp: &std::path::Path| {
        std::fs::read_dir(temp)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("annals-serve-"))
    };
    wait_for("the preview folder", || made(temp.path()));
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe { libc::kill(i32::try_from(child.id()).unwrap(), libc::SIGINT) };
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    if stdout.contains("Serving the site") {
        eprintln!("skipped: the first build ended before the signal");
        return;
    }
    assert!(status.success(), "{status:?}");
    assert!(
        stdout.contains("Stopping: removing the preview copy"),
        "{stdout}"
    );
    assert!(!made(temp.path()), "the preview folder is left");
}

/// The site's folder replaced while the server runs (a fresh clone, a
/// sync tool that removes and copies): the new folder is watched, and
/// its edits show up. Before, the server watched the removed folder and
/// never rebuilt again.
#[cfg(target_os = "linux")]
#[test]
fn a_site_folder_made_again_is_watched_again() {
    let site = Site::valid();
    let server = start(&site);
    let root = site.root();
    let aside = root.with_extension("aside");
    let cp = |from: &std::path::Path, to: &std::path::Path| {
        let copied = std::process::Command::new("cp")
            .arg("-r")
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(copied.success());
    };
    // Removed, then copied back at once: the file system may give the
    // new folder the old one's inode number.
    cp(root, &aside);
    std::fs::remove_dir_all(root).unwrap();
    cp(&aside, root);
    std::fs::remove_dir_all(&aside).unwrap();
    // The folder is looked at again within a second.
    wait_for("the rebuild of the new folder", || rebuilds(&server) >= 1);
    edit_second(&site, "Written in the new folder.\n");
    wait_for("the edit to show", || {
        get(&server, "/special-dispatch/2/")
            .2
            .contains("Written in the new folder")
    });
    // The config too, on every page.
    let config = std::fs::read_to_string(site.path("annals.yaml")).unwrap();
    site.write(
        "annals.yaml",
        &config.replace("title: Fixture Archive", "title: Retitled Archive"),
    );
    for page in ["/", "/special-dispatch/1/", "/archive/"] {
        wait_for("the new title", || {
            get(&server, page).2.contains("Retitled Archive")
        });
    }
}

/// `TMPDIR=` (set but empty, as a CI template leaves an unset variable) is
/// taken as unset, as `mktemp` takes it: the preview, drafts and all, is
/// made in /tmp, not in the folder the server was started from, where a
/// build from `static/` would publish it.
#[cfg(target_os = "linux")]
#[test]
fn an_empty_tmpdir_is_taken_as_unset() {
    let site = Site::valid();
    let server = start_with_tmpdir(&site, "", site.root(), "/tmp".into());
    assert!(scratch(&server).join("index.html").is_file());
    let here: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("annals-serve"))
        .collect();
    assert!(here.is_empty(), "{here:?}");
}

/// A temp dir inside the site would put the preview, drafts and all,
/// among the site's own files: refused before anything is made.
#[test]
fn a_temp_dir_inside_the_site_is_refused() {
    let site = Site::valid();
    let inside = site.root().join("static");
    std::fs::create_dir_all(&inside).unwrap();
    let run = crate::support::annals_with(
        &["serve", "--port", "0"],
        site.root(),
        &[("TMPDIR", inside.to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is inside a folder the site is built from"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&inside).unwrap().count(), 0);
}

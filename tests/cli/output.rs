//! The output folder: what a build may replace, what it publishes from
//! static/, and what it leaves behind when it fails or is stopped.

use crate::support::{Site, annals, dispatch, files};

/// Files the build did not write but finds in its output.
fn leftovers(site: &Site, part: &str) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part))
        .collect()
}

/// A user's file put into an earlier build's output (a verification file,
/// a nested repository) would be deleted by the next build: refused.
#[test]
fn user_files_inside_an_earlier_output_are_kept() {
    let site = Site::valid();
    site.build().ok();
    site.write("public/google123.html", "google-site-verification: abc");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("it holds files that annals did not write (google123.html)")
        .says("nothing was written");
    assert_eq!(
        site.read("public/google123.html"),
        "google-site-verification: abc"
    );
    std::fs::remove_file(site.path("public/google123.html")).unwrap();
    site.write("public/downloads/.git/HEAD", "ref");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("it holds a Git repository (downloads/.git)")
        .says("build failed: nothing was written");
    assert!(site.path("public/downloads/.git/HEAD").exists());
    std::fs::remove_dir_all(site.path("public/downloads")).unwrap();
    site.build().ok();
    // What a file manager leaves behind after showing the folder is
    // nobody's work: the build goes on, and replaces it with the rest.
    site.write("public/.DS_Store", "x");
    site.write("public/special-dispatch/Thumbs.db", "x");
    site.build().ok();
    assert!(!site.path("public/.DS_Store").exists());
}

/// The two names every build writes are no proof that a build wrote the
/// folder.
#[test]
fn a_folder_that_only_looks_built_is_not_replaced() {
    let site = Site::valid();
    site.write("e9/archive.json", "{\"my\":\"data\"}");
    site.write("e9/sitemap.xml", "<urlset/>");
    site.write("e9/thesis.docx", "years of work");
    let run = site.run(&["build", "--output", "e9"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("archive.json, sitemap.xml, thesis.docx")
        .says("older annals");
    assert_eq!(site.read("e9/thesis.docx"), "years of work");
}

/// Every static `.git` (a submodule's file, a vendored checkout) is left
/// out, with one warning; the next build still accepts its output.
#[test]
fn git_data_in_static_is_not_published() {
    let site = Site::valid();
    site.write("static/.git", "gitdir: ../.git/modules/static");
    site.write("static/vendor/lib/.git/HEAD", "ref");
    site.write("static/vendor/lib/x.js", "x");
    let run = site.build();
    run.ok()
        .says("static/.git: Git repository data in a static folder not copied (and 1 more)");
    assert_eq!(run.stderr.matches("Git repository data").count(), 1);
    assert!(!site.path("public/.git").exists());
    assert!(!site.path("public/vendor/lib/.git").exists());
    assert!(site.path("public/vendor/lib/x.js").exists());
    site.build().ok();
}

/// `static/` and `content/` may themselves be links (documented): only
/// links inside them are ignored, and only those are warned about.
#[cfg(unix)]
#[test]
fn linked_content_and_static_folders_are_not_warned_about() {
    let site = Site::valid();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("hello.txt"), "hi").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path("static")).unwrap();
    let moved = site.root().with_extension("content");
    std::fs::rename(site.path("content"), &moved).unwrap();
    std::os::unix::fs::symlink(&moved, site.path("content")).unwrap();
    let run = site.build();
    let _ = std::fs::remove_dir_all(&moved);
    run.ok();
    assert!(!run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(site.read("public/hello.txt"), "hi");
    assert!(site.path("public/special-dispatch/1/index.html").exists());
}

/// A static file in a folder where the build writes a page file names
/// both.
#[test]
fn a_static_folder_over_a_page_file_is_named() {
    let site = Site::valid();
    site.write("static/atom.xml/x", "hi");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("static/atom.xml/x: this static file needs a folder atom.xml/");
    assert!(leftovers(&site, "staging").is_empty());
}

#[test]
fn outputs_that_cannot_be_placed_are_refused_up_front() {
    let site = Site::valid();
    site.write("afile", "x");
    let run = site.run(&["build", "--output", "afile/sub"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("afile is a file, not a folder");
    let long = "o".repeat(240);
    let run = site.run(&["build", "--output", &long]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("its name is too long").says("staging folder");
    assert!(leftovers(&site, "staging").is_empty());
}

/// Sets the immutable attribute (`chattr +i`) and clears it when dropped;
/// `None` where the file system or user cannot.
struct Immutable(Vec<std::path::PathBuf>);

impl Immutable {
    fn set(paths: &[std::path::PathBuf]) -> Option<Immutable> {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .args(paths)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Immutable(paths.to_vec())).or_else(|| {
            eprintln!("skipped: chattr +i is not available here");
            None
        })
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .args(&self.0)
            .status();
    }
}

/// The previous output could not be removed once the new one was swapped
/// in: the new site is published, the leftover is named, and later builds
/// are not blocked by it.
#[cfg(target_os = "linux")]
#[test]
fn an_old_output_that_cannot_be_removed_blocks_nothing() {
    let site = Site::valid();
    site.build().ok();
    let Some(_guard) = Immutable::set(&[site.path("public/index.html")]) else {
        return;
    };
    site.write_dispatch(3, "2021-03-01", "", "New.");
    let run = site.build();
    run.ok()
        .says("the new site is published")
        .says(".public.annals-staging-")
        .says("rm -rf");
    assert!(site.path("public/special-dispatch/3/index.html").exists());
    let left = leftovers(&site, "staging");
    assert_eq!(left.len(), 1, "{left:?}");
    let moved = site.path(&left[0]).join("index.html");
    let _moved_guard = Immutable(vec![moved]);
    site.write_dispatch(4, "2021-04-01", "", "Newer.");
    site.build().ok();
    assert!(site.path("public/special-dispatch/4/index.html").exists());
}

/// An output the build cannot rename (immutable here; a mount point is
/// refused up front) fails the build without leaving the staging copy.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_publish_leaves_no_staging_copy() {
    let site = Site::valid();
    site.build().ok();
    let before = files(&site.path("public"));
    let Some(_guard) = Immutable::set(&[site.path("public")]) else {
        return;
    };
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        leftovers(&site, "staging").is_empty(),
        "{:?}",
        leftovers(&site, "")
    );
    assert_eq!(files(&site.path("public")), before);
}

/// A site big enough to be stopped mid-build.
#[cfg(target_os = "linux")]
pub(crate) fn big_site() -> Site {
    let site = Site::valid();
    let words = "Words of the dispatch, enough to take a while. ".repeat(60);
    for n in 3..2500 {
        site.write(
            &format!("content/dispatches/many/sd-{n}.md"),
            &dispatch(
                "special-dispatch",
                n,
                "2021-03-01",
                "people: [Ada Lovelace]",
                &format!("## Part\n\n{words}[^1]\n\n[^1]: Note."),
            ),
        );
    }
    site
}

/// `annals build -q` of `site`, running; its standard error is piped.
#[cfg(target_os = "linux")]
pub(crate) fn spawn_build(site: &Site) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["build", "-q", "--root", site.root().to_str().unwrap()])
        .current_dir(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends `signal` once `scratch` exists, and returns the exit code;
/// `None` if the run ended before.
#[cfg(target_os = "linux")]
fn stop_when(
    mut child: std::process::Child,
    scratch: impl Fn() -> bool,
    signal: &str,
) -> Option<i32> {
    let started = std::time::Instant::now();
    while !scratch() {
        if child.try_wait().ok().flatten().is_some()
            || started.elapsed() > std::time::Duration::from_secs(60)
        {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let _ = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    child.wait().ok().and_then(|s| {
        use std::os::unix::process::ExitStatusExt;
        s.code().or(s.signal().map(|n| 128 + n))
    })
}

/// Ctrl-C (or SIGTERM, SIGHUP) mid-build removes the staging folder and
/// exits with the conventional code.
#[cfg(target_os = "linux")]
#[test]
fn a_stopped_build_removes_its_folder() {
    let site = big_site();
    for signal in ["-INT", "-HUP"] {
        let child = spawn_build(&site);
        // Named after the process, and a random part.
        let staging = format!(".public.annals-staging-{}-", child.id());
        match stop_when(child, || !leftovers(&site, &staging).is_empty(), signal) {
            Some(code) => {
                assert_eq!(code, if signal == "-INT" { 130 } else { 129 });
                assert!(leftovers(&site, &staging).is_empty(), "staging folder left");
            }
            None => eprintln!("skipped: the build ended before it could be stopped"),
        }
    }
}

/// Ctrl-C once the new site is in place, while the old one is removed:
/// the rest of the old one is removed, and the message says that the new
/// site is published (exit 130 alone would read as nothing changed).
#[cfg(target_os = "linux")]
#[test]
fn a_build_stopped_after_publishing_says_so() {
    let site = big_site();
    let root = site.root().to_str().unwrap().to_string();
    annals(&["build", "-q", "--root", &root], site.root()).ok();
    // The new site is in place once the output is another folder.
    let folder = || {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(site.path("public")).map_or(0, |m| m.ino())
    };
    let mut said = None;
    for _ in 0..5 {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["build", "-q", "--root", &root])
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let before = folder();
        let mut child = child;
        while folder() == before && child.try_wait().ok().flatten().is_none() {
            std::thread::yield_now();
        }
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        if out.status.code() == Some(130) {
            said = Some(String::from_utf8_lossy(&out.stderr).into_owned());
            break;
        }
    }
    let Some(stderr) = said else {
        eprintln!("skipped: the old site was removed before it could be stopped");
        return;
    };
    assert!(
        stderr.contains("stopped after the new site was published"),
        "{stderr}"
    );
    assert!(
        leftovers(&site, "staging").is_empty(),
        "{:?}",
        leftovers(&site, "")
    );
    assert!(site.path("public/.annals-output").exists());
}

/// `annals init` inside a site's folder would make a site in a site.
#[test]
fn init_inside_a_site_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    annals(&["init", "outer"], dir.path()).ok();
    let inner = dir.path().join("outer/content");
    let run = annals(&["init"], &inner);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("is inside the site at");
    assert!(!inner.join("annals.yaml").exists());
    let ignore = std::fs::read_to_string(dir.path().join("outer/.gitignore")).unwrap();
    assert_eq!(ignore, "/public\n/.public.*\n");
}

/// A tmpfs mounted at a new folder, unmounted when dropped; `None` where
/// this user cannot mount.
#[cfg(target_os = "linux")]
struct Mounted(tempfile::TempDir);

#[cfg(target_os = "linux")]
impl Mounted {
    fn tmpfs(size: &str) -> Option<Mounted> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here");
        }
        ok.then_some(Mounted(dir))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// A full disk fails every file the same way: one error says so, with how
/// many files; a mount point as the output is refused before anything.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_error_and_a_mount_point_is_refused() {
    let site = Site::valid();
    for n in 3..120 {
        site.write_dispatch(n, "2021-03-01", "", &"Text. ".repeat(200));
    }
    let Some(mnt) = Mounted::tmpfs("300k") else {
        return;
    };
    let out = mnt.0.path().join("public");
    let run = site.run(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.matches("No space left on device").count() <= 3,
        "{}",
        run.stderr
    );
    run.says("other files: No space left on device");
    let run = site.run(&["build", "--output", mnt.0.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("it is a mount point");
    let left: Vec<_> = std::fs::read_dir(mnt.0.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A site at its host's root gets a `robots.txt` that points crawlers to
/// its sitemap, unless it brings its own; one under a sub-path gets none
/// (crawlers read it at the host's root only).
#[test]
fn robots_txt_points_to_the_sitemap_at_the_hosts_root() {
    let site = Site::valid();
    site.run(&["build", "--base-url", "https://harbour.example/"])
        .ok();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://harbour.example/sitemap.xml\n"
    );
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.run(&["build", "--base-url", "https://harbour.example/"])
        .ok();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    std::fs::remove_file(site.path("static/robots.txt")).unwrap();
    site.run(&["build", "--base-url", "https://x.github.io/harbour/"])
        .ok();
    assert!(!site.path("public/robots.txt").exists());
}

#[test]
fn failed_build_keeps_previous_output() {
    let site = Site::valid();
    site.build().ok();
    let before = files(&site.path("public"));
    site.write_dispatch(3, "2021-03-01", "", "[x](@missing)");
    assert_eq!(site.build().code, 1);
    assert_eq!(files(&site.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = Site::valid();
    for out in [".", "content", "content/public", "/"] {
        let root = site.root().to_str().unwrap().to_string();
        let run = annals(&["build", "--root", &root, "--output", out], site.root());
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        run.says("refusing");
    }
    let root = site.root().to_str().unwrap().to_string();
    annals(
        &["build", "--root", &root, "--output", "content"],
        site.root(),
    )
    .says("it is the site's content/ folder");
    assert!(site.path("content/dispatches/sd-1.md").exists());
}

/// A build replaces its output folder whole: a folder of someone's own
/// files is refused, and kept; a folder a build wrote is replaced, and
/// the pages no longer built are gone.
#[test]
fn a_folder_of_other_files_is_not_replaced() {
    let site = Site::valid();
    site.write("docs/thesis.txt", "mine");
    let run = site.run(&["build", "--output", "docs"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("it holds files that annals did not write (thesis.txt)");
    assert_eq!(site.read("docs/thesis.txt"), "mine");
    site.run(&["build", "--output", "site"]).ok();
    assert!(site.path("site/special-dispatch/2/index.html").exists());
    std::fs::remove_file(site.path("content/dispatches/sd-2.md")).unwrap();
    site.run(&["build", "--output", "site"]).ok();
    assert!(!site.path("site/special-dispatch/2/index.html").exists());
}

/// A build killed mid-way (Ctrl-C) leaves its staging folder beside the
/// output; the next build removes it.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next() {
    let site = Site::valid();
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let left = format!(".public.annals-staging-{pid}");
    site.write(&format!("{left}/index.html"), "half a site");
    site.write(&format!("{left}.old/index.html"), "an old site");
    site.build().ok();
    assert!(!site.path(&left).exists());
    assert!(!site.path(&format!("{left}.old")).exists());
}

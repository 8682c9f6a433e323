//! `init`, `new`, `check` and usage errors.

use crate::support::{Site, annals, dispatch, files};

#[test]
fn init_then_build_gives_a_working_site() {
    let dir = tempfile::tempdir().unwrap();
    annals(&["init", "mysite"], dir.path()).ok();
    let site = dir.path().join("mysite");
    // Found from a sub-folder, as editors work. Its base_url is an
    // example to replace, and said so (unless --base-url replaces it).
    annals(&["build"], &site.join("content"))
        .ok()
        .says("annals.yaml:2:11")
        .says("`base_url` is still `annals init`'s example")
        .says("1 warning");
    let built = annals(&["build", "--base-url", "https://real.example.net/"], &site);
    assert!(!built.ok().stderr.contains("base_url"), "{}", built.stderr);
    // `check` takes the same override, so a site deployed with it checks clean.
    let checked = annals(&["check", "--base-url", "https://real.example.net/"], &site);
    assert!(
        !checked.ok().stderr.contains("base_url"),
        "{}",
        checked.stderr
    );
    assert_eq!(annals(&["check", "--base-url", "ftp://x"], &site).code, 2);
    assert!(site.join("public/special-dispatch/1/index.html").exists());
    assert!(site.join("public/pages/about/index.html").exists());
    let again = annals(&["init", "mysite"], dir.path());
    assert_eq!(again.code, 2);
}

/// The "Next:" command can be pasted into a shell whatever the folder's
/// name; a file where the folder would be is a usage error.
#[test]
fn init_says_a_command_to_paste_and_refuses_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = annals(&["init", "my site's"], dir.path());
    run.ok().says("Next: cd 'my site'\\''s' && annals serve");
    annals(&["init", "--", "-dash"], dir.path())
        .ok()
        .says("Next: cd ./-dash && annals serve");
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    let run = annals(&["init", "afile"], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("afile is a file, where the site's folder would be");
    // A link to a folder that does not exist is said as that.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("link")).unwrap();
        let run = annals(&["init", "link"], dir.path());
        assert_eq!(run.code, 2, "{}", run.stderr);
        run.says("link is a symbolic link to");
        run.says("which does not exist");
    }
}

/// In a folder with files of its own (a site being migrated), init
/// overwrites nothing: it refuses if one of its files is there, and keeps
/// an existing `.gitignore`, adding the line that keeps builds out of
/// the repository, and saying so.
#[test]
fn init_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    std::fs::create_dir_all(old.join("content/pages")).unwrap();
    std::fs::write(old.join("content/pages/about.md"), "mine").unwrap();
    let run = annals(&["init", "."], &old);
    assert_eq!(run.code, 2);
    run.says("would overwrite: content/pages/about.md");
    assert_eq!(
        std::fs::read_to_string(old.join("content/pages/about.md")).unwrap(),
        "mine"
    );
    assert!(!old.join("annals.yaml").exists());

    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join(".gitignore"), "node_modules\n").unwrap();
    annals(&["init", "."], &fresh)
        .ok()
        .says("Added `/public` and `/.public.*` to the existing .gitignore")
        .says("Next: annals serve");
    assert_eq!(
        std::fs::read_to_string(fresh.join(".gitignore")).unwrap(),
        "node_modules\n/public\n/.public.*\n"
    );
    assert!(fresh.join("annals.yaml").exists());
}

#[test]
fn new_takes_the_next_free_number() {
    let site = Site::valid();
    site.write(
        "content/dispatches/draft.md",
        &dispatch("special-dispatch", 7, "2021-03-01", "draft: true", "x"),
    );
    let run = site.run(&[
        "new",
        "--series",
        "special-dispatch",
        "--title",
        "Ports & Patrols: Part II",
    ]);
    run.ok()
        .says("it is a draft: `annals serve --drafts` previews it");
    let path = run.stdout.trim();
    assert_eq!(
        path,
        "content/dispatches/special-dispatch/8-ports-patrols-part-ii.md"
    );
    let text = site.read(path);
    assert!(text.contains("number: 8\n") && text.contains("title: \"Ports & Patrols: Part II\""));
    // The new file is valid front matter: check passes with it.
    site.run(&["check"]).ok();
    let bad = site.run(&["new", "--series", "nope"]);
    assert_eq!(bad.code, 2);
    bad.says("special-dispatch");
}

#[test]
fn new_skips_the_number_of_a_file_with_errors() {
    let site = Site::valid();
    site.write(
        "content/dispatches/typo.md",
        "---\ntitle: T\nseries: special-dispatch\nnumber: 8632\ndate: 2021-03-01\nsumary: x\n---\nx\n",
    );
    let run = site.run(&["new", "--series", "special-dispatch", "--title", "next"]);
    run.ok();
    assert!(run.stdout.contains("/8633-next.md"), "{}", run.stdout);
    let empty = site.run(&["new", "--title", " "]);
    assert_eq!(empty.code, 2);
    empty.says("the title is empty");
    let control = site.run(&["new", "--title", "A\u{1b}B"]);
    assert_eq!(control.code, 2, "{}", control.stderr);
    control.says("the title holds an invisible control character U+001B");
    // A tab, as check takes it; not DEL, which YAML does not.
    site.run(&["new", "--title", "Port\tstrike"]).ok();
    assert_eq!(site.run(&["new", "--title", "A\u{7f}B"]).code, 2);
}

/// A number whose id another dispatch took with `id:` is not free; the
/// path printed is where the user is (from a subfolder, relative to it),
/// and a file in the way of the series' folder is named.
#[test]
fn new_skips_taken_ids_and_prints_a_path_to_open_from_here() {
    let site = Site::valid();
    site.write(
        "content/dispatches/briefs/b.md",
        "---\ntitle: Brief\nid: sd-3\ndate: 2021-02-01\n---\nText.\n",
    );
    site.run(&["check"]).ok();
    let run = annals(
        &["new", "--title", "Next"],
        &site.path("content/dispatches"),
    );
    run.ok();
    assert_eq!(run.stdout.trim(), "special-dispatch/4-next.md");
    site.run(&["check"]).ok();
    let other = Site::valid();
    other.write("content/dispatches/special-dispatch", "not a folder");
    let run = other.run(&["new"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("content/dispatches/special-dispatch is a file, where the folder for `special-dispatch` goes");
}

#[test]
fn new_stops_at_the_highest_number() {
    let site = Site::valid();
    site.write(
        "content/dispatches/max.md",
        &dispatch("special-dispatch", 0, "2021-03-01", "", "x")
            .replace("number: 0", &format!("number: {}", u64::MAX)),
    );
    let run = site.run(&["new", "--series", "special-dispatch"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    run.says("already has the highest number there is");
}

#[test]
fn series_keep_the_order_they_are_written_in() {
    // special-dispatch is written before inquiry-analysis, though it
    // sorts after it.
    let site = Site::valid();
    let run = site.run(&["new"]);
    run.ok();
    assert!(
        run.stdout
            .starts_with("content/dispatches/special-dispatch/"),
        "{}",
        run.stdout
    );
    site.build().ok();
    let home = site.read("public/index.html");
    let (sd, ia) = (
        home.find(">Special Dispatch<"),
        home.find(">Inquiry &amp; Analysis<"),
    );
    assert!(sd.unwrap() < ia.unwrap(), "{home}");
}

#[test]
fn check_reports_and_writes_nothing() {
    let site = Site::valid();
    site.run(&["check"]).ok();
    assert!(!site.path("public").exists());
    site.write_dispatch(3, "2021-03-01", "", "[x](@sd-1#nowhere)");
    site.run(&["check"])
        .fails_at("content/dispatches/sd-3.md", 10);
    assert_eq!(
        files(site.root())
            .iter()
            .filter(|f| f.starts_with("public"))
            .count(),
        0
    );
}

#[test]
fn check_finds_what_only_rendering_finds() {
    let site = Site::valid();
    // A variable the template does not have: only rendering meets it.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ p.nope }}\n{% endblock content %}\n",
    );
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    // A static file where the chronology's folder goes.
    site.write("static/archive", "x");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/page.html:3").says("nope");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n");
    site.run(&["check"])
        .says("static/archive: this static file would be the file archive, where the build writes the folder archive/ of a page");
    assert!(!site.path("public").exists());
}

/// A template's error that only rendering finds is said beside the
/// content's errors, in the same run, by check and by build.
#[test]
fn template_errors_are_said_beside_content_errors() {
    let site = Site::valid();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ p.nope }}\n{% endblock content %}\n",
    );
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    site.write_dispatch(3, "2021-03-01", "", "See [x](@sd-99).");
    for run in [site.run(&["check"]), site.build()] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.says("no dispatch has id `sd-99`")
            .says("templates/page.html:3")
            .says("nope");
    }
    assert!(!site.path("public").exists());
    // With a file that could not be loaded, what is rendered lacks it:
    // a template's error then may be the file's, and is not said.
    site.write(
        "content/dispatches/sd-4.md",
        "---\ndate: 2021-04-01\n---\nNo title.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains("templates/page.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(annals(&["build"], dir.path()).code, 2, "no site here");
    assert_eq!(annals(&["frobnicate"], dir.path()).code, 2);
    assert_eq!(annals(&["build", "--no-such-flag"], dir.path()).code, 2);
    // A Hugo site's folder is said to be one, with the way to move it.
    std::fs::write(dir.path().join("hugo.toml"), "baseURL = \"x\"\n").unwrap();
    let hugo = annals(&["check"], dir.path());
    assert_eq!(hugo.code, 2, "{}", hugo.stderr);
    hugo.says("note: hugo.toml here is a Hugo site's")
        .says("Moving an archive from Hugo or Zola");
    let site = Site::valid();
    let bad_url = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(bad_url.code, 2, "{}", bad_url.stderr);
    bad_url.says("it must start with http:// or https://");
}

#[test]
fn a_reader_that_stops_reading_causes_no_crash() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let site = Site::valid();
    // Far more warnings than a pipe holds: `check` lists them all.
    let notes: String = (0..600).map(|i| format!("[^n{i}]: Unused.\n\n")).collect();
    site.write_dispatch(3, "2021-03-01", "", &format!("Text.\n\n{notes}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("check")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut stderr = child.stderr.take().unwrap();
    stderr.read_exact(&mut first).unwrap();
    drop(stderr);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "not a panic (101)");
}

#[test]
fn theme_copies_the_built_in_theme_which_then_builds_the_same_site() {
    let site = Site::valid();
    site.build().ok();
    let before = site.read("public/special-dispatch/2/index.html");
    let style = site.read("public/style.css");
    site.run(&["theme", "harbour"])
        .ok()
        .says("Next: set `theme: harbour` in annals.yaml");
    assert!(
        site.path("themes/harbour/templates/dispatch.html")
            .is_file()
    );
    assert!(site.path("themes/harbour/shortcodes/figure.html").is_file());
    assert!(site.path("themes/harbour/static/search.js").is_file());
    let config = site.read("annals.yaml");
    site.write("annals.yaml", &format!("{config}theme: harbour\n"));
    site.build().ok();
    assert_eq!(site.read("public/special-dispatch/2/index.html"), before);
    assert_eq!(site.read("public/style.css"), style);
    // Not over an existing folder, and not as the built-in theme's name.
    assert_eq!(site.run(&["theme", "harbour"]).code, 2);
    assert_eq!(site.run(&["theme", "default"]).code, 2);
    // On macOS and Windows, themes/Default is themes/default.
    assert_eq!(site.run(&["theme", "Default"]).code, 2);
    assert_eq!(site.run(&["theme", "../x"]).code, 2);
}

/// `new` prints the new file's path for scripts: a script must learn when
/// it could not be printed.
#[cfg(target_os = "linux")]
#[test]
fn new_fails_when_its_path_cannot_be_printed() {
    use std::process::{Command, Stdio};
    let site = Site::valid();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["new", "--title", "Full"])
        .current_dir(site.root())
        .stdout(Stdio::from(full))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}

/// A bad flag value is a usage error, whichever flag it is.
#[test]
fn a_bad_bind_address_is_a_usage_error() {
    let site = Site::valid();
    let run = site.run(&["serve", "--bind", "example.com"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("not an IP address to bind");
    assert_eq!(site.run(&["serve", "--port", "99999"]).code, 2);
}

/// `-q` leaves only errors and warnings on every command; `new` still
/// gives the path of the file it made, which is its result.
#[test]
fn quiet_commands_say_only_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let run = annals(&["init", "-q", "site"], dir.path());
    run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let site = dir.path().join("site");
    let run = annals(&["theme", "-q", "mine"], &site);
    run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = annals(&["new", "-q", "--title", "Quiet"], &site);
    run.ok();
    assert_eq!(
        run.stdout.trim(),
        "content/dispatches/special-dispatch/2-quiet.md"
    );
    assert_eq!(run.stderr, "");
}

/// `check` says what a build says, though it writes nothing: its
/// diagnostics (but the numbering and spelling lints a build leaves out)
/// are the build's, for what only the written site shows.
#[test]
fn check_says_what_a_build_says() {
    let long_alias = format!("/{}/", "a/".repeat(400));
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        // A place named in a static page, or in a static file laid over
        // a page.
        (
            "static pages",
            vec![
                ("static/doc.html".into(), "<p id=\"here\">x</p>".into()),
                ("static/pages/about/index.html".into(), "<p id=\"over\">over</p>".into()),
                ("content/pages/about.md".into(), "---\ntitle: About\n---\n## Who\n".into()),
                (
                    "content/pages/links.md".into(),
                    "---\ntitle: Links\n---\n[a](/doc.html#missing) [b](/doc.html#here) [c](/pages/about/#who)\n".into(),
                ),
            ],
        ),
        // A static file through one of the build's, or the index's.
        (
            "through a file",
            vec![
                ("static/style.css/x.txt".into(), "x".into()),
                ("static/search/meta.json/y.txt".into(), "y".into()),
            ],
        ),
        // A path too long for a file system.
        (
            "long alias",
            vec![(
                "content/pages/old.md".into(),
                format!("---\ntitle: Old\naliases: [\"{long_alias}\"]\n---\nx\n"),
            )],
        ),
    ];
    for (name, files) in cases {
        let site = Site::valid();
        for (path, text) in &files {
            site.write(path, text);
        }
        let (build, check) = (site.build(), site.run(&["check"]));
        assert_eq!(
            build.code, check.code,
            "{name}: {}\n{}",
            build.stderr, check.stderr
        );
        let output = site.root().join("public").display().to_string();
        // Each diagnostic with its help, in any order (a check sorts
        // them all; a build says the links' last).
        let said = |run: &crate::support::Run| -> Vec<String> {
            let mut said: Vec<String> = Vec::new();
            for line in run.stderr.lines() {
                let line = line.replace(&format!(" to {output}"), "");
                if line.contains('×') || line.contains('⚠') {
                    said.push(line);
                } else if line.contains("help:")
                    && let Some(last) = said.last_mut()
                {
                    last.push_str(&line);
                }
            }
            said.sort();
            said
        };
        assert_eq!(said(&build), said(&check), "{name}");
        assert!(!said(&build).is_empty(), "{name}: {}", build.stderr);
    }
}

/// `check` renders the whole site but writes it nowhere: not in the
/// temp dir either, which it does not need.
#[test]
fn check_writes_nothing_in_the_temp_dir() {
    let site = Site::valid();
    site.write("static/files/a.txt", "a");
    let temp = site.path("temp");
    std::fs::create_dir(&temp).unwrap();
    for tmpdir in [temp.clone(), site.path("no-such-temp")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["check", "--root", site.root().to_str().unwrap()])
            .env("NO_COLOR", "1")
            .env("TMPDIR", &tmpdir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
    }
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0);
    assert!(!site.path("public").exists());
}

/// What is there but of the wrong kind is said as that, not as missing:
/// `--root` given annals.yaml itself, an annals.yaml that is a folder, a
/// content/ that is a file.
#[test]
fn a_root_or_content_of_the_wrong_kind_is_said_as_that() {
    let site = Site::valid();
    let config = site.path("annals.yaml");
    let run = annals(&["check", "--root", config.to_str().unwrap()], site.root());
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("annals.yaml is a file, not the site's folder");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    std::fs::write(site.path("content"), "x").unwrap();
    site.run(&["check"]).says("content is a file, not a folder");
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir(&config).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.says("annals.yaml is a folder, not a file");
}

//! Runs that meet another run or the machine's limits: two builds into
//! one output folder at once, what killed builds of a process id still in
//! use left beside it, a file that cannot be written whole.

use crate::support::{Site, annals};

/// The files an output's manifest lists that are not there.
fn missing(output: &std::path::Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(output.join(".annals-output")).unwrap();
    manifest
        .lines()
        .skip(1)
        .map(|line| line.trim_matches('"').to_string())
        .filter(|rel| !output.join(rel).exists())
        .collect()
}

/// A second build into an output another build is writing waits for it,
/// says so, and then publishes a whole site: before, it took the first
/// build's staging folder when their process ids matched (containers).
#[cfg(target_os = "linux")]
#[test]
fn a_second_build_into_one_output_waits_for_the_first() {
    let site = crate::output::big_site();
    let root = site.root().to_str().unwrap().to_string();
    let first = crate::output::spawn_build(&site);
    // The first holds the lock once its staging folder is made.
    let staging = format!(".public.annals-staging-{}-", first.id());
    let started = std::time::Instant::now();
    let mut first = first;
    while !names(&site).iter().any(|n| n.starts_with(&staging)) {
        if first.try_wait().unwrap().is_some() || started.elapsed().as_secs() > 60 {
            eprintln!("skipped: the first build ended before the second started");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let second = annals(&["build", "-q", "--root", &root], site.root());
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    second
        .ok()
        .says("waiting for another annals build writing beside");
    assert_eq!(missing(&site.path("public")), Vec::<String>::new());
    let left: Vec<_> = names(&site)
        .into_iter()
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// What a killed build left beside the output is removed by the next
/// build even when its process id is in use again (process 1 is, in every
/// container).
#[cfg(target_os = "linux")]
#[test]
fn folders_left_by_a_process_id_now_in_use_are_removed() {
    let site = Site::valid();
    for left in [
        ".public.annals-staging-1",
        ".public.annals-staging-1-abc123.old",
    ] {
        site.write(&format!("{left}/index.html"), "half a site");
    }
    // Another output's are not this build's to remove, nor a folder of
    // the user's named alike.
    site.write(".preview.annals-staging-1/index.html", "another output's");
    site.write(".public.annals-staging-notes/todo.txt", "the user's");
    site.build().ok();
    assert_eq!(
        names(&site)
            .into_iter()
            .filter(|n| n.contains("staging"))
            .collect::<Vec<_>>(),
        [".preview.annals-staging-1", ".public.annals-staging-notes"]
    );
}

fn names(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `annals new` that cannot write its file whole (a full disk; here a
/// file size limit of 0) leaves no empty dispatch: it would fail the next
/// build, and block `new` from making it again.
#[cfg(target_os = "linux")]
#[test]
fn new_leaves_no_empty_file_when_it_cannot_write() {
    let site = Site::valid();
    let limited = std::process::Command::new("sh")
        .args([
            "-c",
            "ulimit -f 0; exec \"$0\" new --title 'Cut short'",
            env!("CARGO_BIN_EXE_annals"),
        ])
        .current_dir(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&limited.stderr);
    assert_eq!(limited.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    let made = crate::support::files(&site.path("content"));
    assert!(!made.iter().any(|f| f.contains("cut-short")), "{made:?}");
    site.run(&["new", "--title", "Cut short"]).ok();
}

//! The machine's limits, hit: a folder deleted under the shell, more
//! threads asked for than make sense. Said as what they are, never a
//! crash or a hang.

use std::process::Command;

use crate::support::{Site, annals_with};

/// A shell whose folder was deleted: told so, not "no annals.yaml".
#[cfg(unix)]
#[test]
fn a_deleted_current_folder_is_said() {
    let site = Site::valid();
    let out = Command::new("sh")
        .arg("-c")
        .arg("mkdir gone && cd gone && rmdir ../gone && exec \"$0\" build")
        .arg(env!("CARGO_BIN_EXE_annals"))
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the current folder may have been deleted or moved"),
        "{stderr}"
    );
}

/// `RAYON_NUM_THREADS` far past the cores: capped. Tens of thousands of
/// threads took minutes to start, with nothing said.
#[test]
fn a_thread_count_past_reason_is_capped() {
    let site = Site::valid();
    annals_with(
        &["build", "-q"],
        site.root(),
        &[("RAYON_NUM_THREADS", "1000000")],
    )
    .ok();
    assert!(site.root().join("public/index.html").is_file());
}

//! The dev server's scratch output: the site it serves is built into a
//! folder of the system's temp dir named after the process and its port
//! (never into the site's own output, which `annals build` owns).
//!
//! The server removes that folder when it stops (Ctrl-C, SIGTERM, a closed
//! terminal). One killed outright (SIGKILL, a crash) cannot, and a big
//! archive's copy takes gigabytes, often of RAM (a tmpfs `/tmp`): so each
//! start sweeps the folders whose server is gone.

use std::path::{Path, PathBuf};

const PREFIX: &str = "annals-serve-";

/// The scratch folder of this process serving on `port`.
pub(super) fn folder(port: u16) -> PathBuf {
    std::env::temp_dir().join(format!("{PREFIX}{}-{port}", std::process::id()))
}

/// Removes the scratch folders in `temp` whose server process is gone.
/// Only folders named as [`folder`] names them and owned by this user are
/// touched; a folder that cannot be removed is left.
pub(super) fn sweep(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(server_pid) else {
            continue;
        };
        // Not followed if it is a link: only a real folder is removed.
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if meta.is_dir() && owned(&meta) && !alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The server's process id in a scratch folder's name.
fn server_pid(name: &str) -> Option<u32> {
    let (pid, port) = name.strip_prefix(PREFIX)?.split_once('-')?;
    port.parse::<u16>().ok()?;
    pid.parse().ok()
}

#[cfg(target_os = "linux")]
fn owned(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

/// Whether process `pid` runs. Where that cannot be told, it is taken to
/// run, so that nothing is removed.
#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn alive(_pid: u32) -> bool {
    true
}

#[cfg(not(target_os = "linux"))]
fn owned(_meta: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_the_server_pid() {
        assert_eq!(server_pid("annals-serve-4242-1111"), Some(4242));
        assert_eq!(server_pid("annals-serve-4242"), None);
        assert_eq!(server_pid("annals-serve-x-1111"), None);
        assert_eq!(server_pid("annals-serve-4242-99999"), None);
        assert_eq!(server_pid("other-4242-1111"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn sweeps_only_folders_of_servers_that_are_gone() {
        let temp = tempfile::tempdir().unwrap();
        // A process that has exited: its id is free (and not reused this
        // soon in practice).
        let mut done = std::process::Command::new("true").spawn().unwrap();
        let gone = done.id();
        done.wait().unwrap();
        let ours = std::process::id();
        for name in [
            format!("annals-serve-{gone}-1111"),
            format!("annals-serve-{ours}-2222"),
            format!("something-{gone}-1111"),
        ] {
            std::fs::create_dir(temp.path().join(&name)).unwrap();
            std::fs::write(temp.path().join(&name).join("index.html"), "x").unwrap();
        }
        // A file with a scratch folder's name is not a scratch folder.
        std::fs::write(temp.path().join(format!("annals-serve-{gone}-3333")), "x").unwrap();
        sweep(temp.path());
        let mut left: Vec<String> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![
            format!("annals-serve-{gone}-3333"),
            format!("annals-serve-{ours}-2222"),
            format!("something-{gone}-1111"),
        ];
        want.sort();
        assert_eq!(left, want);
    }
}

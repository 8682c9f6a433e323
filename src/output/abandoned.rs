//! Folders that a process killed outright left behind: a build's staging
//! folder beside the output, the dev server's scratch copy in the temp dir.
//! A process stopped by Ctrl-C mid-build, SIGKILL or a crash cannot remove
//! its own, and at 100k dispatches each one holds gigabytes: so whoever
//! makes such a folder first sweeps those whose process is gone.

use std::fs;
use std::path::Path;

/// Removes the folders in `parent` named `{prefix}{pid}`, optionally
/// followed by `-…` or `.…`, whose process `pid` no longer runs. Only real
/// folders (not links) owned by this user are touched; one that cannot be
/// removed is left.
pub fn sweep(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| pid_of(n, prefix)) else {
            continue;
        };
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if meta.is_dir() && owned(&meta) && !alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes every folder in `parent` named `{prefix}…` that this user
/// owns, whatever process made it: for a caller that knows none is in use
/// (it holds the lock of the builds that make them, see `beside.rs`).
pub fn sweep_all(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        // Named as a build names them: a folder of the user's own named
        // alike (`.public.annals-staging-notes`) is theirs.
        if !made_by_a_build(&entry.file_name().to_string_lossy(), prefix) {
            continue;
        }
        match fs::symlink_metadata(entry.path()) {
            Ok(meta) if meta.is_dir() && owned(&meta) => {
                let _ = fs::remove_dir_all(entry.path());
            }
            _ => {}
        }
    }
}

/// Makes a new folder in the system's temp dir, named `prefix` and a
/// random part, that only this user may read or enter: the temp dir is
/// shared, so an existing path (a link planted there) is never used.
pub fn private_temp_dir(prefix: &str) -> std::io::Result<std::path::PathBuf> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o700));
    }
    Ok(builder.tempdir_in(temp_dir())?.keep())
}

/// The system's temp dir, always absolute. `TMPDIR=` (set but empty, as
/// a CI template leaves an unset variable) is taken as unset, as `mktemp`
/// takes it; the standard library would give the current folder, and the
/// preview, drafts and all, would be made inside the site.
pub fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir();
    if dir.as_os_str().is_empty() {
        return std::path::PathBuf::from(if cfg!(unix) { "/tmp" } else { "." });
    }
    if dir.is_relative()
        && let Ok(here) = std::env::current_dir()
    {
        return here.join(dir);
    }
    dir
}

/// Whether `name` is `{prefix}PID`, then `-` and six letters or digits
/// (a staging folder), then `.old` (an output swapped out), each optional.
fn made_by_a_build(name: &str, prefix: &str) -> bool {
    let Some(rest) = name.strip_prefix(prefix) else {
        return false;
    };
    let rest = rest.strip_suffix(".old").unwrap_or(rest);
    let (pid, random) = rest.split_once('-').unwrap_or((rest, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(pid)
        && (random.is_empty()
            || random.len() == 6
                && random
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The process id in a folder's name made as [`sweep`] describes.
fn pid_of(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let end = rest.find(['-', '.']).unwrap_or(rest.len());
    let (pid, _) = rest.split_at(end);
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(target_os = "linux")]
fn owned(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

/// Whether process `pid` runs.
#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

// Where a process cannot be looked up here, every folder is taken to be in
// use, so that nothing is removed.
#[cfg(not(target_os = "linux"))]
fn owned(_meta: &fs::Metadata) -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
fn alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn private_folders_are_new_and_for_this_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let a = private_temp_dir("annals-test-").unwrap();
        let b = private_temp_dir("annals-test-").unwrap();
        assert_ne!(a, b);
        let mode = fs::metadata(&a).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        fs::remove_dir(&a).unwrap();
        fs::remove_dir(&b).unwrap();
    }

    #[test]
    fn only_names_a_build_gives_are_its_own() {
        let p = ".public.annals-staging-";
        for name in ["1", "1.old", "77-ab12cd", "77-ab12cd.old"] {
            assert!(made_by_a_build(&format!("{p}{name}"), p), "{name}");
        }
        for name in ["keep", "1-notes", "1-ab12cd-x", "", "-ab12cd", "1-AB12CD"] {
            assert!(!made_by_a_build(&format!("{p}{name}"), p), "{name}");
        }
    }

    #[test]
    fn names_give_their_process() {
        let p = "annals-serve-";
        assert_eq!(pid_of("annals-serve-4242-1111", p), Some(4242));
        assert_eq!(pid_of("annals-serve-4242", p), Some(4242));
        assert_eq!(
            pid_of(".public.annals-staging-77.old", ".public.annals-staging-"),
            Some(77)
        );
        assert_eq!(pid_of("annals-serve-x-1111", p), None);
        assert_eq!(pid_of("annals-serve--1", p), None);
        assert_eq!(pid_of("other-4242-1111", p), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn sweeps_only_folders_of_processes_that_are_gone() {
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
            fs::create_dir(temp.path().join(&name)).unwrap();
            fs::write(temp.path().join(&name).join("index.html"), "x").unwrap();
        }
        // A file with such a name is not such a folder.
        fs::write(temp.path().join(format!("annals-serve-{gone}-3333")), "x").unwrap();
        sweep(temp.path(), "annals-serve-");
        let mut left: Vec<String> = fs::read_dir(temp.path())
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

//! What a build keeps beside its output folder: the lock that lets one
//! build at a time write there, the staging folder's unique name, and the
//! swap that puts the new site in the old one's place.
//!
//! Two builds into one output (two CI jobs on a shared volume, a build
//! started while another runs) must not take each other's staging folder
//! or swap each other's site out: the lock orders them. It is a `flock` on
//! a file beside the output (`.NAME.annals-lock`, removed by its holder
//! as it lets go), which ends with the process, however the process ends. (Not on the parent folder itself: a cron job's own
//! `flock DIR annals build` would then wait for itself.) In containers
//! process ids repeat, so a staging folder's name also has a random part.

use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

/// The right to write beside an output folder, held until dropped. Where
/// the file system cannot lock, it is held by nobody and builds rely on
/// their staging folders' unique names alone.
#[derive(Debug)]
pub struct OutputLock {
    /// The lock file, open and locked, and its path.
    held: Option<(fs::File, PathBuf)>,
    /// Another build held it first.
    waited: bool,
    /// Why it is held by nobody, when the file system could lock.
    unlocked: Option<String>,
}

impl OutputLock {
    /// Takes the lock for builds into `target`, waiting for the build
    /// that holds it; `waiting` is called first if one does.
    pub fn take(target: &Path, waiting: impl FnOnce()) -> OutputLock {
        let path = lock_file(target);
        let mut waiting = Some(waiting);
        let mut waited = false;
        // The holder removes the file as it lets go (nothing is left
        // beside the output): a lock won on a file already removed is
        // the old holder's, and the file is opened again.
        for _ in 0..100 {
            // The output's parent is made now (a build would make it
            // anyway): two first builds into a new folder are ordered too.
            let file = fs::create_dir_all(parent_of(target)).and_then(|()| {
                fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&path)
                    // Another user's (a build of a colleague's, a `sudo`
                    // build stopped by a signal): a lock needs no right to
                    // write it.
                    .or_else(|_| fs::File::open(&path))
            });
            let file = match file {
                Ok(file) => file,
                // Another user's, closed to us: said, for builds into
                // this folder are not ordered while it stays.
                Err(e) if path.exists() => {
                    let why = format!("cannot open {}: {e}", path.display());
                    return OutputLock {
                        held: None,
                        waited,
                        unlocked: Some(why),
                    };
                }
                // No room for it (a parent not ours): nothing to order, and
                // the build says what stops it.
                Err(_) => break,
            };
            let locked = match flock(&file, false) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if let Some(say) = waiting.take() {
                        say();
                    }
                    waited = true;
                    flock(&file, true)
                }
                other => other,
            };
            if locked.is_err() {
                break;
            }
            if same_file(&file, &path) {
                return OutputLock {
                    held: Some((file, path)),
                    waited,
                    unlocked: None,
                };
            }
        }
        OutputLock {
            held: None,
            waited,
            unlocked: None,
        }
    }

    /// Why no lock is held where one could be (its file is another
    /// user's, closed to this one): builds into the output are not kept
    /// apart meanwhile.
    pub fn unlocked(&self) -> Option<&str> {
        self.unlocked.as_deref()
    }

    /// Whether the lock was taken only once another build let it go.
    pub fn waited(&self) -> bool {
        self.waited
    }

    /// Whether no other build can be writing beside the output: what
    /// builds left there is stale, whatever process made it.
    pub fn held(&self) -> bool {
        self.held.is_some()
    }
}

impl Drop for OutputLock {
    /// Removes the lock file while still holding it, then lets go.
    fn drop(&mut self) {
        if let Some((_, path)) = &self.held {
            let _ = fs::remove_file(path);
        }
    }
}

/// Whether the open `file` is the one at `path` still.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Locks `file` for this process alone (`File::lock` needs a newer Rust
/// than the one this crate supports); `wait`s for it, or fails with
/// `WouldBlock`. Released when the file is closed.
#[cfg(unix)]
fn flock(file: &fs::File, wait: bool) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let how = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: the descriptor is open for as long as `file` lives.
        if unsafe { libc::flock(file.as_raw_fd(), how) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(not(unix))]
fn flock(_file: &fs::File, _wait: bool) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The lock file of builds into `target`, beside it.
fn lock_file(target: &Path) -> PathBuf {
    parent_of(target).join(format!(".{}.annals-lock", output_name(target)))
}

/// The output folder's own name, which the names beside it start with.
fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned())
}

/// The folder the output is in.
pub(super) fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The start of the names of `target`'s staging folders.
pub(super) fn staging_prefix(target: &Path) -> String {
    format!(".{}.annals-staging-", output_name(target))
}

/// A staging folder's name: the prefix, this process's id (whose end
/// lets [`super::sweep_abandoned`] remove it once the process is gone) and
/// a random part of `len` letters.
pub(super) fn staging_name(target: &Path, random: &str) -> PathBuf {
    parent_of(target).join(format!(
        "{}{}-{random}",
        staging_prefix(target),
        std::process::id()
    ))
}

/// Makes a new staging folder for `target`: a name no other build has,
/// made with `create_dir`, which fails on anything already there (a
/// shared parent's other users cannot hand the build a folder).
pub(super) fn make_staging(target: &Path) -> io::Result<PathBuf> {
    let mut last = None;
    for _ in 0..16 {
        let dir = staging_name(target, &random_letters());
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free staging folder name")))
}

/// Six letters that differ from process to process and call to call:
/// std's hasher keys are random per process, and the clock moves.
fn random_letters() -> String {
    let mut hasher = std::hash::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(now);
    let mut bits = hasher.finish();
    (0..6)
        .map(|_| {
            let c = b"abcdefghijklmnopqrstuvwxyz0123456789"[(bits % 36) as usize];
            bits /= 36;
            char::from(c)
        })
        .collect()
}

/// Puts `staging` in `target`'s place; returns where the previous output
/// went, if there was one. On Linux the two folders are exchanged in one
/// step, so that a web server reading the output never finds it missing;
/// elsewhere (or on a file system that cannot) the old output is renamed
/// aside first, and put back if the new one cannot take its place.
pub(super) fn swap(staging: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    let moved = target.exists();
    if moved && exchange(staging, target)? {
        return Ok(Some(staging.to_path_buf()));
    }
    // Named after the staging folder, so that one left behind (it could
    // not be removed) blocks no later build and is swept once it can be.
    let mut old = staging.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    if moved {
        fs::rename(target, &old)?;
    }
    if let Err(e) = fs::rename(staging, target) {
        // Put the previous site back rather than leave nothing.
        if moved {
            let _ = fs::rename(&old, target);
        }
        return Err(e);
    }
    Ok(moved.then_some(old))
}

/// Exchanges the two paths in one step; false where the system or the
/// file system cannot (the caller renames instead).
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: two NUL-terminated paths that outlive the call; renameat2
    // only reads them. Called through `syscall` because not every C
    // library declares it.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Gives `dir` (and not what is in it) every right for its owner.
pub(super) fn owner_writable(dir: &Path) {
    #[cfg(unix)]
    if let Ok(meta) = fs::metadata(dir) {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() | 0o700;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// [`owner_writable`] for `dir` and every folder in it that this user
/// owns (another user's stay as they are, and their files are left).
pub(super) fn owner_writable_within(dir: &Path) {
    let folders = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir());
    for folder in folders {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // SAFETY: getuid has no preconditions and cannot fail.
            let mine = folder
                .metadata()
                .is_ok_and(|m| m.uid() == unsafe { libc::getuid() });
            if !mine {
                continue;
            }
        }
        owner_writable(folder.path());
    }
}

/// Gives the new output folder what an admin set on the one it replaces:
/// its mode (setgid bit included) and its group, as writing into the old
/// folder would have kept them. Set on the staging folder before anything
/// is written in it, so that under a setgid folder the files and folders
/// written take its group too. The owner keeps every right to it, or the
/// next build could not remove it once swapped out. Best effort: a build
/// by another user may not set them.
pub(super) fn keep_folder_settings(old: &Path, new: &Path) {
    let Ok(meta) = fs::metadata(old) else {
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let _ = std::os::unix::fs::chown(new, None, Some(meta.gid()));
        let mode = meta.permissions().mode() | 0o700;
        let _ = fs::set_permissions(new, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = fs::set_permissions(new, meta.permissions());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_folders_of_one_process_have_names_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let (a, b) = (
            make_staging(&target).unwrap(),
            make_staging(&target).unwrap(),
        );
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        let pid = format!(".public.annals-staging-{}-", std::process::id());
        assert!(
            name.starts_with(&pid) && name.len() == pid.len() + 6,
            "{name}"
        );
    }

    #[test]
    fn the_swap_leaves_the_old_site_where_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let staging = make_staging(&target).unwrap();
        fs::write(staging.join("new.html"), "new").unwrap();
        let old = swap(&staging, &target).unwrap().expect("an old site");
        assert!(target.join("new.html").exists() && !target.join("old.html").exists());
        assert!(old.join("old.html").exists());
        // A first build has none.
        let fresh = dir.path().join("fresh");
        let staging = make_staging(&fresh).unwrap();
        assert_eq!(swap(&staging, &fresh).unwrap(), None);
        assert!(fresh.is_dir() && !staging.exists());
    }

    /// An old output made read-only throughout (`chmod -R a-w`) is made
    /// removable again, folder by folder.
    #[cfg(unix)]
    #[test]
    fn read_only_folders_within_are_made_writable_for_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        fs::create_dir_all(old.join("a/b")).unwrap();
        fs::write(old.join("a/b/index.html"), "x").unwrap();
        for folder in [old.join("a/b"), old.join("a"), old.clone()] {
            fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
        }
        owner_writable_within(&old);
        for folder in [old.clone(), old.join("a"), old.join("a/b")] {
            let mode = fs::metadata(&folder).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o755, "{}", folder.display());
        }
        fs::remove_dir_all(&old).unwrap();
    }

    #[test]
    fn a_second_taker_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = OutputLock::take(&target, || panic!("nobody held it"));
        assert!(first.held());
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let second = OutputLock::take(&target, || tx.send(()).unwrap());
            second.held()
        });
        rx.recv().unwrap();
        drop(first);
        assert!(waiter.join().unwrap(), "taken once the first let go");
        // A parent folder not made yet is made, and locked in; the lock
        // file goes with the lock.
        let new = dir.path().join("no/such/public");
        let lock = OutputLock::take(&new, || {});
        assert!(lock.held());
        let file = dir.path().join("no/such/.public.annals-lock");
        assert!(file.is_file());
        drop(lock);
        assert!(!file.exists());
    }
}

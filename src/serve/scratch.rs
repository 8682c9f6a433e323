//! The dev server's scratch output: the site it serves is built into a
//! private folder of the system's temp dir (never into the site's own
//! output, which `annals build` owns).
//!
//! The temp dir is shared with every user of the machine, so the folder
//! is made fresh under a name no one can guess, readable by this user only
//! (drafts are previewed there): a path planted in advance, a link to
//! another folder say, is never written through. Its name still starts
//! with the process id, for the sweep below.
//!
//! The server removes that folder when it stops (Ctrl-C, SIGTERM, a closed
//! terminal); one killed outright leaves it to the next server's sweep.

use std::io;
use std::path::{Path, PathBuf};

use crate::output;

const PREFIX: &str = "annals-serve-";

/// Makes the private scratch folder of this process serving on `port`;
/// the site goes in its [`site`] folder.
pub(super) fn create(port: u16) -> io::Result<PathBuf> {
    output::private_temp_dir(&format!("{PREFIX}{}-{port}-", std::process::id()))
}

/// The folder of the scratch folder `scratch` that the site is built in.
pub(super) fn site(scratch: &Path) -> PathBuf {
    scratch.join("site")
}

/// Makes the site folder `site` (see [`site`]) again, and its private
/// scratch folder, once something removed them (a temp-dir cleaner): the
/// scratch folder as [`create`] made it, for this user only, and refused if
/// another's folder or a link took its name meanwhile.
pub(super) fn remake(site: &Path) -> io::Result<()> {
    let scratch = site.parent().unwrap_or(site);
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(scratch) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let meta = std::fs::symlink_metadata(scratch)?;
            if !meta.is_dir() || !private(&meta) {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "another user's file or folder took its name",
                ));
            }
        }
        made => made?,
    }
    std::fs::create_dir_all(site)
}

/// Whether a folder is this user's and closed to others.
#[cfg(unix)]
fn private(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() } && meta.permissions().mode() & 0o077 == 0
}

#[cfg(not(unix))]
fn private(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Where the search index of the server writing into `folder` is written
/// before it is swapped in (see `serve::index`): beside it, named so that
/// [`sweep`] finds it too.
pub(super) fn index_folder(folder: &Path) -> PathBuf {
    let mut name = folder.as_os_str().to_owned();
    name.push(".index");
    PathBuf::from(name)
}

/// Removes the scratch folders in `temp` whose server process is gone.
pub(super) fn sweep(temp: &Path) {
    output::sweep_abandoned(temp, PREFIX);
}

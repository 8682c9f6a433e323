//! The dev server's scratch output: the site it serves is built into a
//! folder of the system's temp dir named after the process and its port
//! (never into the site's own output, which `annals build` owns).
//!
//! The server removes that folder when it stops (Ctrl-C, SIGTERM, a closed
//! terminal); one killed outright leaves it to the next server's sweep.

use std::path::{Path, PathBuf};

use crate::output;

const PREFIX: &str = "annals-serve-";

/// The scratch folder of this process serving on `port`.
pub(super) fn folder(port: u16) -> PathBuf {
    std::env::temp_dir().join(format!("{PREFIX}{}-{port}", std::process::id()))
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

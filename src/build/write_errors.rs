//! What a build says when writing its output fails: the file system's
//! error, turned into what the site can do about it (a full disk, a path
//! too long, an output another user made), and the old output it could
//! not remove.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output;

/// The warning for an earlier output swapped out but not removed.
pub(super) fn left_behind(out: &Path, left: &output::Leftover) -> Diagnostic {
    Diagnostic::warning(format!(
        "the new site is published in {}, but the previous output, moved to {}, could not be removed: {}",
        out.display(),
        left.dir.display(),
        left.error
    ))
    .with_help(match crate::limits::help(&left.error) {
        // Removing a tree keeps a file open per level.
        Some(limit) => format!(
            "{limit}, or remove it by hand (`rm -rf '{}'`); later builds are not blocked by it",
            left.dir.display()
        ),
        None => format!(
            "remove it by hand (`chmod -R u+w '{0}' && rm -rf '{0}'`, as the user that made it, e.g. with sudo if a build ran as root); later builds are not blocked by it",
            left.dir.display()
        ),
    })
}

/// The error for a staging folder that could not be made beside `out`.
pub(super) fn staging_error(out: &Path, e: std::io::Error) -> Diagnostics {
    let limit = crate::limits::help(&e);
    let help = match e.kind() {
        _ if limit.is_some() => limit.unwrap_or_default(),
        std::io::ErrorKind::InvalidFilename => {
            "the staging folder's name (`.NAME.annals-staging-PID-XXXXXX`, beside the output) is too long: give the output folder a shorter name"
        }
        std::io::ErrorKind::PermissionDenied => {
            "the build writes a staging folder beside the output, and swaps the two: make the output folder's parent writable, or build into a folder you can write (`--output`) and copy the result into this one (`rsync -a --delete`)"
        }
        _ => {
            "the build writes a staging folder beside the output: check that the output folder's parent is writable and has room"
        }
    };
    Diagnostics::from(vec![
        Diagnostic::error(format!(
            "cannot make a staging folder beside {}: {e}",
            out.display()
        ))
        .with_help(help),
    ])
}

/// A full disk fails the pages, the search index and the static files
/// alike: it is said once, by the first of them, with `help` (what to do
/// about it in this kind of writing).
pub(super) fn full_disk_once(diags: Diagnostics, help: &str) -> Diagnostics {
    let (mut said, mut too_large) = (false, false);
    let kept = diags.into_sorted().into_iter().filter_map(|mut d| {
        let full = matches!(d.help.as_deref(), Some(h) if h == help || h == output::DISK_FULL);
        // A file size limit fails every file alike too.
        if d.help.as_deref() == Some(output::FILE_TOO_LARGE) {
            let repeated = too_large;
            too_large = true;
            return (!repeated).then_some(d);
        }
        if full {
            d.help = Some(help.to_string());
        }
        let repeated = full && said;
        said |= full;
        (!repeated).then_some(d)
    });
    Diagnostics::from(kept.collect::<Vec<_>>())
}

pub(super) fn io_error(out: &Path, e: std::io::Error) -> Diagnostics {
    // A file of the site that could not be read: the output is not the
    // problem.
    if let Some(unreadable) = output::Unreadable::of(&e) {
        return Diagnostics::from(vec![
            Diagnostic::error(format!("cannot read this file or folder: {}", unreadable.error))
                .in_file(&unreadable.path)
                .with_help("the build copies every file of static/: check that this one exists and that you may read it"),
        ]);
    }
    // What the site can do about it, by what the file system said.
    use std::io::ErrorKind;
    let limit = crate::limits::help(&e);
    let help = match e.kind() {
        _ if limit.is_some() => limit.unwrap_or_default(),
        ErrorKind::InvalidFilename => {
            "a page's path is too long for the file system: shorten the term name, id, alias or static file name it is made from"
        }
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory | ErrorKind::IsADirectory => {
            "a page and a file want the same path: an alias or a static file takes a folder a page needs, or the other way round"
        }
        ErrorKind::ResourceBusy => {
            "the output folder is in use or is a mount point, which cannot be replaced: build into a folder inside it"
        }
        ErrorKind::StorageFull => output::DISK_FULL,
        ErrorKind::FileTooLarge => output::FILE_TOO_LARGE,
        ErrorKind::PermissionDenied => {
            "check that you may write the output folder and its parent (an output made by another user, e.g. root, cannot be replaced by you)"
        }
        _ => "check that the output folder's parent exists, is writable and has room",
    };
    // A check's site has no output folder (see `Staging::dry`).
    let message = match out.as_os_str().is_empty() {
        true => format!("cannot write the site: {e}"),
        false => format!("cannot write the site to {}: {e}", out.display()),
    };
    Diagnostics::from(vec![Diagnostic::error(message).with_help(help)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_source_is_not_the_outputs_fault() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = output::Unreadable::error(Path::new("static/secret"), denied);
        let d = io_error(Path::new("/site/public"), e)
            .into_sorted()
            .remove(0);
        assert_eq!(d.file.as_deref(), Some(Path::new("static/secret")));
        let help = d.help.unwrap_or_default();
        assert!(help.contains("read"), "{help}");
        assert!(!help.contains("output"), "{help}");
    }

    /// The error for writing the site that failed with `kind`.
    fn failed_with(kind: std::io::ErrorKind) -> Diagnostic {
        io_error(Path::new("/site/public"), kind.into())
            .into_sorted()
            .remove(0)
    }

    #[test]
    fn a_full_disk_is_said_once_and_other_errors_all() {
        let full = || failed_with(std::io::ErrorKind::StorageFull);
        let other = Diagnostic::error("a page and a file want one path");
        let diags = Diagnostics::from(vec![full(), other.clone(), full()]);
        let kept = full_disk_once(diags, output::DISK_FULL).into_sorted();
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(kept.iter().any(|d| d.message == other.message));
        let help = kept.iter().find_map(|d| d.help.clone()).unwrap_or_default();
        assert!(help.contains("room for both"), "{help}");
    }

    #[test]
    fn a_file_size_limit_is_said_once() {
        let over = || failed_with(std::io::ErrorKind::FileTooLarge);
        let kept = full_disk_once(Diagnostics::from(vec![over(), over()]), output::DISK_FULL);
        let kept = kept.into_sorted();
        assert_eq!(kept.len(), 1);
        assert!(kept[0].help.as_deref().unwrap_or("").contains("ulimit -f"));
    }

    #[test]
    fn a_staging_name_too_long_says_so() {
        let e = std::io::Error::from(std::io::ErrorKind::InvalidFilename);
        let d = staging_error(Path::new("/x/public"), e)
            .into_sorted()
            .remove(0);
        assert!(d.help.unwrap_or_default().contains("staging folder's name"));
    }
}

//! Where a build may write: the output folder is replaced whole by every
//! build, so it must not be, hold or lie in anything the build reads or
//! the user owns.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::manifest::MANIFEST;
use crate::diagnostic::Diagnostic;

/// Why a folder cannot be the output, and what to do instead.
#[derive(Debug)]
pub struct Refusal {
    pub why: String,
    pub help: String,
}

const CHOOSE: &str =
    "choose a dedicated folder, e.g. `--output public`; a build replaces it entirely";

impl Refusal {
    pub fn plain(why: String) -> Refusal {
        Refusal {
            why,
            help: CHOOSE.to_string(),
        }
    }

    /// A `.git` at `rel` in the folder.
    pub fn git(rel: &str) -> Refusal {
        Refusal {
            why: format!("it holds a Git repository ({rel}), which a build would delete"),
            help: "a build replaces its output entirely: build into another folder and copy the site into this one, keeping the repository (`annals build -o /tmp/site && rsync -a --delete --exclude .git /tmp/site/ FOLDER/`), or move the repository out"
                .to_string(),
        }
    }

    /// `count` files that no build wrote, the first of them `some`.
    pub fn foreign(some: &[String], count: usize) -> Refusal {
        let more = match count.saturating_sub(some.len()) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        Refusal {
            why: format!(
                "it holds files that annals did not write ({}{more}), which a build would delete",
                some.join(", ")
            ),
            help: "move them out (files to publish belong in static/), or choose another output folder; a build replaces its output entirely"
                .to_string(),
        }
    }
}

/// The error for refusing `out`.
pub fn refusal(out: &Path, refusal: Refusal) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to use {} as the output folder: {}",
        out.display(),
        refusal.why
    ))
    .with_help(refusal.help)
}

/// Bytes the staging folder's name adds to the output's
/// (`.NAME.annals-staging-PID-XXXXXX.old`), and the most a name may have.
const STAGING_EXTRA: usize = ".".len() + ".annals-staging-".len() + 10 + 7 + ".old".len();
const MAX_NAME: usize = 255;

/// The site's folders a build reads.
const INPUT_FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];

/// Checks that `output` is a place a build may replace wholesale.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let out = abs(output);
    let root = abs(root);
    let refuse = |why: &str| refusal(&out, Refusal::plain(why.to_string()));
    if out.parent().is_none() {
        return Err(refuse("it is the file-system root"));
    }
    // The folders a build reads: an output among them would be read back
    // by the next build (copied into itself from static/, parsed as
    // templates), or would take the sources with it when replaced.
    // Compared where links lead, too: `public -> static/out` is inside.
    let real_out = real(&out);
    for input in INPUT_FOLDERS {
        let folder = real(&root.join(input));
        if folder == real_out {
            return Err(refuse(&format!("it is the site's {input}/ folder")));
        }
        if folder.starts_with(&real_out) {
            return Err(refuse(&format!("it contains the site's {input}/ folder")));
        }
        if real_out.starts_with(&folder) {
            return Err(refuse(&format!(
                "it lies inside {input}/, which every build reads"
            )));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && normalize(&home) == out
    {
        return Err(refuse("it is your home folder"));
    }
    if let Some(why) = unplaceable(&out) {
        return Err(refusal(&out, why));
    }
    if let Some(why) = not_replaceable(&out) {
        return Err(refusal(&out, why));
    }
    Ok(out)
}

/// Why a build could not put its output at `out`, whatever the folder
/// holds: a file where a parent folder must be, a name too long for the
/// staging folder beside it, a mount point (which cannot be renamed).
fn unplaceable(out: &Path) -> Option<Refusal> {
    for ancestor in out.ancestors().skip(1) {
        match fs::metadata(ancestor) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Some(Refusal {
                    why: format!("{} is a file, not a folder", ancestor.display()),
                    help: "give a path whose parent folders are folders (or do not exist yet)"
                        .to_string(),
                });
            }
            Err(_) => continue,
        }
    }
    let name = out.file_name().map_or(0, |n| n.len());
    if name + STAGING_EXTRA > MAX_NAME {
        return Some(Refusal {
            why: format!("its name is too long ({name} bytes)"),
            help: format!(
                "a build writes beside the output a staging folder named `.NAME.annals-staging-PID-XXXXXX`, whose name must fit in {MAX_NAME} bytes: give the output a name of at most {} bytes",
                MAX_NAME - STAGING_EXTRA
            ),
        });
    }
    if is_mount_point(out) {
        return Some(Refusal {
            why: "it is a mount point (a separate disk or a container volume), which a build cannot replace: it writes a new folder beside the output and renames it into place".to_string(),
            help: format!(
                "build into a folder inside it (`--output {}`), or build elsewhere and copy the result into it",
                out.join("site").display()
            ),
        });
    }
    None
}

/// Whether `out` is a folder on another file system than its parent's.
#[cfg(unix)]
fn is_mount_point(out: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (fs::symlink_metadata(out), out.parent()) else {
        return false;
    };
    meta.is_dir() && fs::metadata(parent).is_ok_and(|p| p.dev() != meta.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_out: &Path) -> bool {
    false
}

/// Why the existing folder `out` must not be replaced by a build, if it
/// must not: a build swaps its output folder out whole, so a folder of the
/// user's own files (`--output docs`, `--output static`) would be lost.
/// A missing or empty folder is fine, and so is one that holds a build's
/// [`MANIFEST`], whose files are then checked one by one (see
/// `manifest::unlisted`); this looks at the top level only.
fn not_replaceable(out: &Path) -> Option<Refusal> {
    let meta = fs::symlink_metadata(out).ok()?;
    if meta.file_type().is_symlink() {
        return Some(Refusal::plain(
            "it is a link, which a build would replace rather than fill; give the folder it points to"
                .to_string(),
        ));
    }
    if !meta.is_dir() {
        return Some(Refusal::plain("it is a file, not a folder".to_string()));
    }
    let mut names: Vec<String> = fs::read_dir(out)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| n.eq_ignore_ascii_case(".git")) {
        return Some(Refusal::git(".git"));
    }
    names.retain(|n| !is_os_litter(n));
    if names.is_empty() || out.join(MANIFEST).is_file() {
        return None;
    }
    names.sort();
    let mut why = Refusal::foreign(&names[..names.len().min(3)], names.len());
    if out.join("archive.json").is_file() && out.join("sitemap.xml").is_file() {
        // Earlier versions did not list what they wrote.
        why.help = format!(
            "if it is the output of an older annals, which wrote no {MANIFEST}, delete the folder and build again; otherwise {}",
            why.help
        );
    }
    Some(why)
}

/// Files a file manager leaves in a folder it showed (Finder's
/// `.DS_Store` and `._` twins, Explorer's `Thumbs.db` and `desktop.ini`):
/// nobody's work, so a build may replace them with the rest.
pub(super) fn is_os_litter(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "Thumbs.db" | "desktop.ini" | "ehthumbs.db"
    ) || name.starts_with("._")
}

/// `p` with the links of its longest existing part resolved (the rest
/// may not exist yet).
fn real(p: &Path) -> PathBuf {
    let mut existing = p;
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(found, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}

/// Removes `.` and `..` lexically (the output may not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folder_rules() {
        let root = Path::new("/site");
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/site")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content/out")).is_err());
        for inside in [
            "static",
            "static/out",
            "templates",
            "templates/x.html",
            "themes/t",
        ] {
            let err = check_output_dir(root, &Path::new("/site").join(inside)).unwrap_err();
            let folder = inside.split('/').next().unwrap_or_default();
            assert!(
                err.message.contains(&format!("{folder}/")),
                "{}",
                err.message
            );
        }
        assert!(check_output_dir(root, Path::new("/site/public/..")).is_err());
    }

    /// A mount point cannot be renamed, so a build can never replace it.
    #[cfg(unix)]
    #[test]
    fn a_mount_point_is_refused() {
        let Some(mount) = ["/proc", "/dev/shm", "/sys", "/run"]
            .into_iter()
            .map(Path::new)
            .find(|p| is_mount_point(p))
        else {
            return;
        };
        let err = check_output_dir(Path::new("/site"), mount).unwrap_err();
        assert!(err.message.contains("mount point"), "{}", err.message);
        assert!(!is_mount_point(
            &std::env::current_dir().unwrap().join("src")
        ));
    }

    #[cfg(unix)]
    #[test]
    fn an_output_reached_through_a_link_is_checked_where_it_leads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink(root.join("static"), dir.path().join("link")).unwrap();
        let err = check_output_dir(&root, &dir.path().join("link/out")).unwrap_err();
        assert!(err.message.contains("inside static/"), "{}", err.message);
        assert!(check_output_dir(&root, &dir.path().join("public")).is_ok());
    }

    #[test]
    fn only_new_empty_or_built_folders_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = |name: &str| dir.path().join(name);
        assert!(check_output_dir(&root, &out("new")).is_ok());
        fs::create_dir(out("empty")).unwrap();
        assert!(check_output_dir(&root, &out("empty")).is_ok());
        fs::create_dir(out("built")).unwrap();
        fs::write(out("built").join("archive.json"), "{}").unwrap();
        fs::write(out("built").join("sitemap.xml"), "").unwrap();
        // Two names every build writes are not proof that a build wrote
        // the folder: only its list is.
        let err = check_output_dir(&root, &out("built")).unwrap_err();
        assert!(err.message.contains("archive.json"), "{}", err.message);
        assert!(
            err.help
                .as_deref()
                .is_some_and(|h| h.contains("older annals"))
        );
        fs::write(out("built").join(MANIFEST), "").unwrap();
        assert!(check_output_dir(&root, &out("built")).is_ok());
        fs::create_dir(out("docs")).unwrap();
        fs::write(out("docs").join("thesis.txt"), "mine").unwrap();
        let err = check_output_dir(&root, &out("docs")).unwrap_err();
        assert!(err.message.contains("thesis.txt"), "{}", err.message);
        fs::create_dir_all(out("built").join(".git")).unwrap();
        let err = check_output_dir(&root, &out("built")).unwrap_err();
        assert!(err.message.contains(".git"), "{}", err.message);
        fs::write(out("file"), "x").unwrap();
        assert!(check_output_dir(&root, &out("file")).is_err());
        let err = check_output_dir(&root, &out("file/sub")).unwrap_err();
        assert!(err.message.contains("is a file"), "{}", err.message);
        let long = "o".repeat(240);
        let err = check_output_dir(&root, &out(&long)).unwrap_err();
        assert!(err.help.as_deref().is_some_and(|h| h.contains("staging")));
        assert!(check_output_dir(&root, &out(&"o".repeat(200))).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(out("empty"), out("link")).unwrap();
            let err = check_output_dir(&root, &out("link")).unwrap_err();
            assert!(err.message.contains("link"), "{}", err.message);
        }
    }
}

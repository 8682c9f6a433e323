//! Where a build may write: the output folder is replaced whole by every
//! build, so it must not be, hold or lie in anything the build reads or
//! the user owns.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

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
    let refuse = |why: &str| {
        Diagnostic::error(format!(
            "refusing to use {} as the output folder: {why}",
            out.display()
        ))
        .with_help(
            "choose a dedicated folder, e.g. `--output public`; a build replaces it entirely",
        )
    };
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
    if let Some(why) = not_replaceable(&out) {
        return Err(refuse(&why));
    }
    Ok(out)
}

/// Why the existing folder `out` must not be replaced by a build, if it
/// must not: a build swaps its output folder out whole, so a folder of the
/// user's own files (`--output docs`, `--output static`) would be lost.
/// A missing or empty folder is fine, and so is an earlier build's output,
/// known by the two files every build writes at its top.
fn not_replaceable(out: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(out).ok()?;
    if meta.file_type().is_symlink() {
        return Some(
            "it is a link, which a build would replace rather than fill; give the folder it points to"
                .to_string(),
        );
    }
    if !meta.is_dir() {
        return Some("it is a file, not a folder".to_string());
    }
    let mut names: Vec<String> = fs::read_dir(out)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| n == ".git") {
        return Some("it holds a Git repository (.git), which a build would delete".to_string());
    }
    let built = out.join("archive.json").is_file() && out.join("sitemap.xml").is_file();
    if names.is_empty() || built {
        return None;
    }
    names.sort();
    let more = if names.len() > 3 { ", …" } else { "" };
    names.truncate(3);
    Some(format!(
        "it holds files that annals did not write ({}{more}), which a build would delete",
        names.join(", ")
    ))
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
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(out("empty"), out("link")).unwrap();
            let err = check_output_dir(&root, &out("link")).unwrap_err();
            assert!(err.message.contains("link"), "{}", err.message);
        }
    }
}

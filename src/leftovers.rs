//! Files that file managers, editors and merges leave among the site's
//! own (`.DS_Store`, `Thumbs.db`, Vim's swap files, Emacs' `foo.md~` and
//! `#foo.md#`, a merge's `.orig`, git's `.gitkeep`): nobody's writing. content/, templates/
//! and the static folders skip them quietly, as Jekyll does, so that an
//! editor's backups neither crowd real warnings out nor get published (a
//! swap file holds the unsaved text of whatever the editor had open), and
//! the dev server does not rebuild for them.

/// Whether a file named `name`, or a folder if `folder`, is such a
/// leftover. Only a few folders are (`__MACOSX`, a Windows drive's own):
/// a folder `4913/` or `notes~/` is someone's.
pub fn is_leftover(name: &str, folder: bool) -> bool {
    if folder {
        // The folder Finder's zips carry, a Windows drive's own folders.
        return matches!(
            name,
            "__MACOSX" | "$RECYCLE.BIN" | "System Volume Information"
        );
    }
    // File managers: Finder's `.DS_Store` and `._` twins, Explorer's
    // thumbnails and folder settings.
    let os = ["Thumbs.db", "ehthumbs.db", "desktop.ini"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
        || name == ".DS_Store"
        || name.starts_with("._");
    // Editors: Vim's swap files and the `4913` it probes a folder with,
    // Emacs' lock links and auto-saves, everyone's `~` backups,
    // LibreOffice's lock files, JetBrains' safe-write copies.
    let editors = name.starts_with(".#")
        || (name.len() > 2 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with('~')
        || name.starts_with(".~lock.")
        || [
            ".swp",
            ".swo",
            ".swn",
            ".swx",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|ext| name.ends_with(ext));
    // What `git merge` and `patch` leave beside a file they changed, and
    // `git mergetool`'s copies of each side (`8602_BASE_4242.md`).
    let merges = name.ends_with(".orig") || name.ends_with(".rej") || mergetool_copy(name);
    // Git's own files: a `.gitkeep` only keeps an empty folder in the
    // repository, and the others are settings for git, not the site.
    let git = matches!(
        name,
        ".gitkeep" | ".gitignore" | ".gitattributes" | ".gitmodules"
    );
    os || editors || merges || git
}

/// `NAME_BASE_1234.md` and its `_LOCAL_`, `_REMOTE_` and `_BACKUP_`
/// twins: of dispatches and pages, what merges conflict on; any other file
/// may well be named so (`gdp_BASE_2015.csv`).
fn mergetool_copy(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    ["_BASE_", "_LOCAL_", "_REMOTE_", "_BACKUP_"]
        .iter()
        .any(|side| {
            stem.rsplit_once(side).is_some_and(|(before, pid)| {
                !before.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_told_from_the_sites_files() {
        for name in ["__MACOSX", "$RECYCLE.BIN"] {
            assert!(is_leftover(name, true), "{name}");
        }
        // A folder named as an editor names its scratch files is someone's.
        for name in ["4913", "notes~", "old.orig", "#1#", "images"] {
            assert!(!is_leftover(name, true), "{name}");
        }
        for name in [
            ".DS_Store",
            "._map.svg",
            "Thumbs.db",
            "thumbs.db",
            "Desktop.ini",
            ".map.svg.swp",
            ".8601.md.swo",
            "4913",
            "8601.md~",
            "#8601.md#",
            ".#8601.md",
            ".~lock.report.odt#",
            "page.html___jb_tmp___",
            "8601.md.orig",
            "8601.md.rej",
            "8602-harbour_BASE_4242.md",
            "about_LOCAL_17.md",
            "page_REMOTE_9.md",
            ".gitkeep",
            ".gitattributes",
        ] {
            assert!(is_leftover(name, false), "{name}");
        }
        for name in [
            "map.svg",
            ".well-known",
            ".htaccess",
            ".nojekyll",
            "photo.orig.jpg",
            "#",
            "##",
            "c#.md",
            "49130",
            "swp.md",
            "_BASE_12.md",
            "data_BASE_x.csv",
            "gdp_BASE_2015.csv",
            "photo_LOCAL_1.jpg",
            "page_BASE_12.html",
        ] {
            assert!(!is_leftover(name, false), "{name}");
        }
    }
}

//! Watching the site for changes, debounced so a burst of saves (an editor
//! writing a temp file then renaming it) makes one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

/// How long a burst of file events may last before it is acted on.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// What changed in one debounced burst.
#[derive(Debug, Default)]
pub struct Changes {
    /// The config, a template or a theme changed: everything depends on it.
    pub structural: bool,
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Adds a later burst: its files, and whether it was structural.
    pub fn absorb(&mut self, later: Changes) {
        self.structural |= later.structural;
        self.paths.extend(later.paths);
    }
}

/// A registered watch on a site: changes made after [`start`] returns are
/// seen, so the server announces itself only once it is watching.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
}

/// The folders of a site that are watched, whole.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

pub fn start(root: &Path) -> Result<Watch, String> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
    watch_site(&mut watcher, root).map_err(|e| e.to_string())?;
    Ok(Watch { watcher, rx })
}

/// Watches the site's root and its watched folders.
fn watch_site(watcher: &mut notify::RecommendedWatcher, root: &Path) -> notify::Result<()> {
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(root, RecursiveMode::NonRecursive)
}

/// Which folder `root` is: a site folder removed and made again (a fresh
/// clone, a sync tool) is another, whose changes no watch sees yet. Its
/// inode number may be the removed one's (file systems reuse them at
/// once): its creation time tells them apart where the file system keeps
/// one; elsewhere the removal's own event does (see `lost`).
#[cfg(unix)]
fn identity(root: &Path) -> Option<(u64, u64, Option<std::time::SystemTime>)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(root)
        .ok()
        .map(|m| (m.dev(), m.ino(), m.created().ok()))
}

#[cfg(not(unix))]
fn identity(root: &Path) -> Option<(u64, u64, Option<std::time::SystemTime>)> {
    std::fs::metadata(root)
        .ok()
        .map(|m| (0, 0, m.created().ok()))
}

/// Calls `on_change` after each burst of relevant changes under `root`,
/// until the watcher stops. `output` (where the site is written) and
/// hidden or temporary files are ignored.
pub fn run(mut watch: Watch, root: &Path, output: &Path, on_change: &dyn Fn(Changes)) {
    let mut watched = identity(root);
    // The watched folder itself was removed: its watches went with it.
    let mut lost = false;
    loop {
        let first = match watch.rx.recv_timeout(Duration::from_secs(1)) {
            Ok(event) => Some(event),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        // The site's folder made again: watched anew by a new watcher
        // (the old one's watches are of the removed folder), and built
        // whole.
        let now = identity(root);
        if now.is_some()
            && (lost || now != watched)
            && let Ok(fresh) = start(root)
        {
            watch = fresh;
            watched = now;
            lost = false;
            on_change(Changes {
                structural: true,
                paths: vec![root.join(crate::config::CONFIG_FILE)],
            });
            continue;
        }
        let Some(first) = first else {
            continue;
        };
        let mut events = vec![first];
        // Reading files makes access events: only writes, creations,
        // removals and renames count. Gather the rest of the burst.
        while let Ok(more) = watch.rx.recv_timeout(DEBOUNCE) {
            events.push(more);
        }
        let mut changes = Changes::default();
        for event in events.into_iter().flatten() {
            if !matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) {
                continue;
            }
            if matches!(
                event.kind,
                EventKind::Modify(notify::event::ModifyKind::Metadata(_))
            ) {
                continue;
            }
            for path in event.paths {
                if path == root && matches!(event.kind, EventKind::Remove(_)) {
                    lost = true;
                }
                if path.starts_with(output) || is_ignored(root, &path) {
                    continue;
                }
                let rel = path.strip_prefix(root).unwrap_or(&path);
                // A watched folder made after the server started (a first
                // template override): its files are watched from now on.
                let top =
                    rel.components().count() == 1 && WATCHED.iter().any(|d| rel == Path::new(d));
                if top && path.is_dir() {
                    let _ = watch.watcher.watch(&path, RecursiveMode::Recursive);
                }
                let first = rel
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned());
                match first.as_deref() {
                    Some("annals.yaml") | Some("templates") | Some("themes") => {
                        changes.structural = true
                    }
                    // The code's classes are those its selectors name:
                    // every page with code changes with it. And every
                    // page links the stylesheets and scripts with their
                    // version (`site.asset_version`).
                    Some("static") if rel == Path::new("static/highlight.css") => {
                        changes.structural = true
                    }
                    Some("static")
                        if crate::templates::Templates::is_versioned_asset(
                            &rel.to_string_lossy(),
                        ) =>
                    {
                        changes.structural = true
                    }
                    Some("content") | Some("static") => {}
                    _ => continue,
                }
                changes.paths.push(path);
            }
        }
        if !changes.paths.is_empty() {
            on_change(changes);
        }
    }
}

/// Editors' scratch files, and hidden files other than a static folder's
/// (which the build publishes: `.nojekyll`, `.htaccess`).
fn is_ignored(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let rel = path.strip_prefix(root).unwrap_or(path);
    let published = rel.starts_with("static")
        || rel
            .components()
            .nth(2)
            .is_some_and(|c| c.as_os_str() == "static")
            && rel.starts_with("themes");
    // Leftovers the build skips anyway (Vim's swap files, Emacs' lock and
    // auto-save files, backups), and other tools' scratch files: `sed
    // -i`'s `sedXXXXXX`, GNOME's safe-write copies, temporary files.
    // (The path may be gone: whether it was a folder is unknown, and a
    // folder `4913/` is caught by the files made in it.)
    let in_leftover_folder = rel.parent().is_some_and(|dir| {
        dir.components()
            .any(|c| crate::leftovers::is_leftover(&c.as_os_str().to_string_lossy(), true))
    });
    let scratch = crate::leftovers::is_leftover(&name, false)
        || crate::leftovers::is_leftover(&name, true)
        || in_leftover_folder
        || (name.len() == 9 && name.starts_with("sed") && !name.contains('.'))
        || name.starts_with(".goutputstream-")
        || name.ends_with(".tmp");
    scratch
        || (name.starts_with('.') && !published)
        || rel.starts_with("public")
        || rel.starts_with("target")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_static_files_are_watched_and_scratch_files_are_not() {
        let root = Path::new("/site");
        for watched in [
            "static/.nojekyll",
            "static/.well-known/x",
            "themes/mine/static/.htaccess",
            "content/a.md",
            "static/images/4913/chart.svg",
        ] {
            assert!(!is_ignored(root, &root.join(watched)), "{watched}");
        }
        for ignored in [
            "content/.a.md.swp",
            "static/.#style.css",
            "static/a.css~",
            "static/.a.css.swo",
            "static/.DS_Store",
            "content/dispatches/4913",
            "content/#a.md#",
            "content/a.md___jb_tmp___",
            "content/sedAb12Cd",
            "content/.hidden.md",
            "themes/mine/templates/.x.html",
            "public/index.html",
            "static/__MACOSX/images/map.svg",
        ] {
            assert!(is_ignored(root, &root.join(ignored)), "{ignored}");
        }
    }
}

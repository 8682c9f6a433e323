//! Stopping by a signal: Ctrl-C (SIGINT), SIGTERM (`kill`, a service
//! manager) and SIGHUP (the terminal closed).
//!
//! The dev server stops its loop on them ([`requested`]). A build or a
//! check, whose scratch folders hold hundreds of megabytes at 100k
//! dispatches, removes those folders, and the command exits with the
//! conventional code ([`remove_on_signals`]): the default action would
//! exit and leave them.
//! The folders are shared with the handler through an `Arc<Scratch>`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Which signal asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Interrupt,
    Terminate,
    Hangup,
}

impl Stop {
    /// The exit code a shell gives a process ended by this signal.
    pub fn exit_code(self) -> i32 {
        match self {
            Stop::Interrupt => 130,
            Stop::Terminate => 143,
            Stop::Hangup => 129,
        }
    }
}

/// Waits for the first of the three signals. The handlers are in place
/// when this returns (it must be called inside a Tokio runtime), not when
/// the future is first polled: a signal sent right after must not find
/// the default action instead.
#[cfg(unix)]
pub fn requested() -> impl std::future::Future<Output = Stop> {
    use tokio::signal::unix::{SignalKind, signal};
    let streams = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    );
    async move {
        match streams {
            (Ok(mut int), Ok(mut term), Ok(mut hup)) => {
                tokio::select! {
                    _ = int.recv() => Stop::Interrupt,
                    _ = term.recv() => Stop::Terminate,
                    _ = hup.recv() => Stop::Hangup,
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
                Stop::Interrupt
            }
        }
    }
}

#[cfg(not(unix))]
pub fn requested() -> impl std::future::Future<Output = Stop> {
    async {
        let _ = tokio::signal::ctrl_c().await;
        Stop::Interrupt
    }
}

/// The scratch folders a run has made and not yet handed over: what a
/// signal removes.
#[derive(Debug, Default)]
pub struct Scratch {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    stopping: bool,
    /// The run has ended: a signal now leaves its exit to it.
    finished: bool,
    /// The new site is in place: what is left is removing the old one.
    published: bool,
    folders: Vec<PathBuf>,
}

impl Scratch {
    pub fn new() -> Arc<Scratch> {
        Arc::default()
    }

    /// Records `dir` as scratch, to remove on a signal; one made after a
    /// signal came is removed at once.
    pub fn add(&self, dir: &Path) {
        let mut state = self.lock();
        if state.stopping {
            let _ = std::fs::remove_dir_all(dir);
        } else {
            state.folders.push(dir.to_path_buf());
        }
    }

    /// Whether a signal is being handled: writers stop writing.
    pub fn stopping(&self) -> bool {
        self.lock().stopping
    }

    /// Runs `swap` (publishing `dir`, which is no longer scratch), unless
    /// a signal came first. The handler waits for it to end: a site
    /// half-swapped must not be left by an exit in between. Once it has
    /// swapped, the previous output it returns is scratch, and a signal
    /// while it is removed removes the rest and says the site is
    /// published, both recorded in the same step as the swap.
    pub fn swap(
        &self,
        dir: &Path,
        swap: impl FnOnce() -> io::Result<Option<PathBuf>>,
    ) -> Option<io::Result<Option<PathBuf>>> {
        let mut state = self.lock();
        if state.stopping {
            return None;
        }
        state.folders.retain(|f| f != dir);
        let swapped = swap();
        if let Ok(old) = &swapped {
            state.published = true;
            state.folders.extend(old.clone());
        }
        Some(swapped)
    }

    /// Records that the run has ended; false if a signal is being handled
    /// (the handler then ends the process, with the signal's code).
    pub fn finish(&self) -> bool {
        let mut state = self.lock();
        state.finished = !state.stopping;
        state.finished
    }

    /// Forgets `dir` (removed by its owner).
    pub fn forget(&self, dir: &Path) {
        self.lock().folders.retain(|f| f != dir);
    }

    /// Removes every scratch folder; writers still busy see
    /// [`stopping`](Self::stopping) and make no more. Returns whether the
    /// new site had been published; `None` once the run has ended (it
    /// exits as it would have).
    pub fn remove_all(&self) -> Option<bool> {
        let mut state = self.lock();
        if state.finished {
            return None;
        }
        state.stopping = true;
        for dir in std::mem::take(&mut state.folders) {
            // A file being written as the folder goes may hold it up
            // (writers make no folder again: `output::create_below`).
            for _ in 0..20 {
                let _ = std::fs::remove_dir_all(&dir);
                if std::fs::symlink_metadata(&dir).is_err() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        Some(state.published)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// On SIGINT, SIGTERM or SIGHUP, removes `scratch`'s folders and calls
/// `stopped` with whether the new site had been published and the
/// signal's conventional exit code, with which the caller ends the
/// process (the command, not the library, decides how to exit). The
/// handlers are in place when this returns.
pub fn remove_on_signals(
    scratch: Arc<Scratch>,
    stopped: impl FnOnce(bool, i32) + Send + 'static,
) -> io::Result<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("annals-signals".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let stop = runtime.block_on(async {
                let stop = requested();
                let _ = ready_tx.send(Ok(()));
                stop.await
            });
            if let Some(published) = scratch.remove_all() {
                stopped(published, stop.exit_code());
            }
        })?;
    ready_rx
        .recv()
        .map_err(|_| io::Error::other("the signal thread ended"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_stops_keeping() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(a.join("x")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let scratch = Scratch::new();
        scratch.add(&a);
        scratch.add(&b);
        assert_eq!(
            scratch.swap(&b, || Ok(None)).map(|r| r.ok()),
            Some(Some(None))
        );
        assert!(!scratch.stopping());
        assert_eq!(scratch.remove_all(), Some(true), "published: its swap ran");
        assert!(scratch.stopping());
        assert!(!a.exists(), "scratch removed");
        assert!(b.exists(), "kept folder left");
        assert!(scratch.swap(&b, || Ok(None)).is_none());
        // Made after the signal: removed at once.
        scratch.add(&a.join("late"));
        std::fs::create_dir_all(&a).unwrap();
        scratch.add(&a);
        assert!(!a.exists());
    }

    #[test]
    fn the_old_site_is_scratch_once_the_new_one_is_published() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("x")).unwrap();
        let scratch = Scratch::new();
        let new = dir.path().join("new");
        scratch.add(&new);
        let swapped = scratch.swap(&new, || Ok(Some(old.clone())));
        assert!(matches!(swapped, Some(Ok(Some(_)))));
        assert_eq!(scratch.remove_all(), Some(true), "published");
        assert!(!old.exists());
    }

    #[test]
    fn a_run_that_has_ended_is_not_stopped() {
        let scratch = Scratch::new();
        assert!(scratch.finish());
        assert_eq!(scratch.remove_all(), None);
        let stopped = Scratch::new();
        assert_eq!(stopped.remove_all(), Some(false));
        assert!(!stopped.finish(), "the handler ends the process");
    }
}

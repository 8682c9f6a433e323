//! The dev server's rebuild thread: it waits for the watcher's changes,
//! merges those that queued up, rebuilds, tells the browser, and writes
//! the search index when nothing else is waiting.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::broadcast;

use super::{Changes, DevSite, Event, Signal};
use crate::diagnostic::Diagnostic;

/// Rebuilds after each burst of changes until `stop`: pages first, then,
/// once no further change is waiting, the (slower) search index.
pub(super) fn rebuild_loop(
    site: &mut DevSite,
    changes: &Receiver<Changes>,
    stop: &AtomicBool,
    signals: &broadcast::Sender<Signal>,
    on_event: &(dyn Fn(Event) + Sync),
) {
    let mut pending: Option<Changes> = None;
    loop {
        let mut next = match pending.take() {
            Some(c) => c,
            None => match changes.recv_timeout(Duration::from_millis(200)) {
                Ok(c) => c,
                // A new day publishes what is dated it, saved or not.
                Err(RecvTimeoutError::Timeout)
                    if !stop.load(Ordering::Relaxed) && site.new_day().is_some() =>
                {
                    Changes {
                        structural: true,
                        paths: Vec::new(),
                    }
                }
                Err(RecvTimeoutError::Timeout) if !stop.load(Ordering::Relaxed) => {
                    if site.reindex() {
                        let _ = signals.send(Signal::SearchIndex);
                    }
                    continue;
                }
                Err(_) => {
                    // An index still being written would write files
                    // beside the scratch folder while it is removed.
                    site.stop_indexing();
                    return;
                }
            },
        };
        // Merge changes that queued up during the last rebuild: each
        // one's files are to be shown.
        while let Ok(more) = changes.try_recv() {
            next.absorb(more);
        }
        if next.structural {
            site.invalidate();
        }
        let event = site.rebuild_guarded(Some(&next));
        if stop.load(Ordering::Relaxed) {
            // Stopped meanwhile: what it wrote is being removed.
            site.stop_indexing();
            return;
        }
        let signal = match site.errors() {
            Some(text) => Signal::Errors(text),
            None => Signal::Reload,
        };
        on_event(event);
        let _ = signals.send(signal);
        match changes.try_recv() {
            Ok(c) => pending = Some(c),
            Err(_) => {
                if site.reindex() {
                    let _ = signals.send(Signal::SearchIndex);
                }
            }
        }
    }
}

impl DevSite {
    /// [`DevSite::rebuild`], outliving a bug of annals' own: a panic is
    /// told as a failed build (the last good site stays served), and the
    /// next save rebuilds everything from the files, since what the
    /// failed build left in memory cannot be trusted.
    pub(super) fn rebuild_guarded(&mut self, changes: Option<&Changes>) -> Event {
        outlive_bug(|| self.rebuild(changes)).unwrap_or_else(|said| {
            self.invalidate();
            self.loaded = None;
            let error = Diagnostic::error(format!(
                "annals stopped on a bug of its own while rebuilding: {said}"
            ))
            .with_help(
                "this is not a fault of the site: please report it, with the text you \
                 last saved; the preview keeps the last good site, and the next save \
                 rebuilds everything",
            );
            self.failed(vec![error], Vec::new(), false)
        })
    }
}

/// Runs `f`; a panic comes back as its message.
fn outlive_bug<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::outlive_bug;

    #[test]
    fn a_panic_comes_back_as_its_message() {
        assert_eq!(outlive_bug(|| 3), Ok(3));
        let n = 7;
        let said = outlive_bug(|| -> u8 { panic!("slice {n} out of range") });
        assert_eq!(said, Err("slice 7 out of range".to_string()));
        assert_eq!(
            outlive_bug(|| -> u8 { panic!("plain") }),
            Err("plain".to_string())
        );
    }
}

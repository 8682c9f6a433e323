//! The dev server's rebuild thread: it waits for the watcher's changes,
//! merges those that queued up, rebuilds, tells the browser, and writes
//! the search index when nothing else is waiting.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::broadcast;

use super::{Changes, DevSite, Event, Signal};

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
        let event = site.rebuild(Some(&next));
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

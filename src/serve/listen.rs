//! Running the dev server: binding the address, the first build (which a
//! signal may stop), watching the site, and serving until a signal, after
//! which the preview copy is removed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::broadcast;

use super::{Changes, DevSite, Event, Signal, bind, http, rebuild, scratch, watch};
use crate::build::Options;
use crate::diagnostic::Diagnostic;

/// Runs the first build, or stops it on a signal (`stop`); false if
/// stopped, with the build's writing stopped and its folder removed.
fn first_build(
    site: &mut DevSite,
    runtime: &tokio::runtime::Runtime,
    mut stop: tokio::sync::watch::Receiver<bool>,
    on_event: &(dyn Fn(Event) + Sync),
) -> bool {
    let live = Arc::clone(&site.live);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        scope.spawn(move || {
            let event = site.rebuild_guarded(None);
            let _ = done_tx.send(event);
        });
        runtime.block_on(async {
            tokio::select! {
                built = done_rx => {
                    if let Ok(event) = built {
                        on_event(event);
                    }
                    true
                }
                _ = stop.wait_for(|stop| *stop) => {
                    // The build writes nothing more and ends soon; the
                    // scope waits for it.
                    live.remove_all();
                    false
                }
            }
        })
    })
}

/// Builds, serves and watches until interrupted.
pub fn run(
    opts: Options,
    bind: &str,
    port: u16,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<(), Diagnostic> {
    let ip = bind::address(bind).ok_or_else(|| {
        Diagnostic::error(format!("`{bind}` is not an IP address to bind"))
            .with_help("use 127.0.0.1, ::1 or localhost (this machine only), or 0.0.0.0 to open the preview to the network")
    })?;
    let addr = SocketAddr::new(ip, port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            let help = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "another program uses port {port}; try `annals serve --port {}`",
                    port.saturating_add(1)
                )
            } else if e.kind() == std::io::ErrorKind::PermissionDenied && port < 1024 {
                "ports below 1024 are for the system's services (root's): serve on one above, as the default `--port 1111`"
                    .to_string()
            } else {
                "check the address and port".to_string()
            };
            Diagnostic::error(format!("cannot listen on {addr}: {e}")).with_help(help)
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(e.to_string()))?;

    // Links and the printed URL name an address a browser can open, not
    // `0.0.0.0`.
    let local = SocketAddr::new(bind::reachable_address(local.ip()), local.port());
    let mut opts = opts;
    opts.base_url = Some(format!("http://{local}/"));
    // Signals are handled before the preview's folder is made: Ctrl-C
    // during the first build (minutes at 100k dispatches), or while the
    // site's folders are being watched, stops it and removes the folder.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    {
        let _runtime = runtime.enter();
        let stop = http::stop_requested();
        runtime.spawn(async move {
            stop.await;
            let _ = stop_tx.send(true);
        });
    }
    // A temp dir inside the site (`TMPDIR=static`) would put the preview,
    // drafts and all, where the site's files are read from: copied into
    // itself, and published by the next build.
    let temp = crate::output::temp_dir();
    let site_root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    let real_temp = temp.canonicalize().unwrap_or_else(|_| temp.clone());
    let read = ["content", "static", "templates", "themes"];
    // (A folder may be a link to another place: where it leads counts.)
    let inside = |f: &&str| {
        let folder = site_root.join(f);
        let real = folder.canonicalize().unwrap_or(folder);
        real_temp.starts_with(real)
    };
    if read.iter().any(inside) {
        return Err(Diagnostic::error(format!(
            "the temp dir, {}, is inside a folder the site is built from",
            temp.display()
        ))
        .with_help("the preview, drafts included, is built in the temp dir: set TMPDIR to a folder outside the site, or unset it"));
    }
    // In the background: folders left by earlier servers may be big, and
    // they do not delay this one.
    // (Not at all if no thread can be started: they are swept next time.)
    let _ = std::thread::Builder::new().spawn(|| scratch::sweep(&crate::output::temp_dir()));
    let scratch_dir = scratch::create(local.port()).map_err(|e| {
        Diagnostic::error(format!(
            "cannot make the preview's folder in {}: {e}",
            crate::output::temp_dir().display()
        ))
        .with_help("the dev server builds the site into the temp dir: check that it is writable and has room (TMPDIR names another)")
    })?;
    let dir = scratch::site(&scratch_dir);
    let root = opts.root.clone();
    let mut site = DevSite::new(opts, dir.clone());
    let errors = Arc::clone(&site.errors);
    let live = Arc::clone(&site.live);
    let (signals, _) = broadcast::channel::<Signal>(16);

    let watching = watch::start(&root).map_err(|e| {
        let help = watch_help(&e);
        Diagnostic::error(format!("cannot watch the site for changes: {e}")).with_help(help)
    })?;
    let stop_signal = {
        let mut stop_rx = stop_rx.clone();
        async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        }
    };
    if !first_build(&mut site, &runtime, stop_rx, on_event) {
        on_event(Event::Stopping(dir.clone()));
        let _ = std::fs::remove_dir_all(&scratch_dir);
        return Ok(());
    }
    on_event(Event::Listening {
        url: format!("http://{local}/"),
        network: bind::reachable_from_network(ip),
    });

    // The watcher thread only forwards changes; rebuilds run in a scoped
    // thread that owns the build state and stops with the server.
    let (changes_tx, changes_rx) = std::sync::mpsc::channel::<Changes>();
    let (watch_root, watch_dir) = (root.clone(), dir.clone());
    std::thread::spawn(move || {
        watch::run(watching, &watch_root, &watch_dir, &|c| {
            let _ = changes_tx.send(c);
        });
    });
    let stop = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        let (signals_tx, stop) = (signals.clone(), &stop);
        scope.spawn(move || {
            rebuild::rebuild_loop(&mut site, &changes_rx, stop, &signals_tx, on_event)
        });
        let served = runtime.block_on(http::serve(
            listener,
            dir.clone(),
            errors,
            signals.clone(),
            stop_signal,
        ));
        stop.store(true, Ordering::Relaxed);
        on_event(Event::Stopping(dir.clone()));
        // A rebuild under way writes nothing more, and is not waited for
        // to the end: it skips the pages left.
        live.remove_all();
        served
    });
    let _ = std::fs::remove_dir_all(&scratch_dir);
    result.map_err(|e| Diagnostic::error(format!("server error: {e}")))
}

/// What to raise when the site cannot be watched: `error` is notify's.
fn watch_help(error: &str) -> &'static str {
    if error.contains("Too many open files") {
        // inotify's instances count as open files, and have a limit of
        // their own.
        "too many files are open: raise this shell's limit (`ulimit -n 1024`), or on Linux fs.inotify.max_user_instances, and start the server again"
    } else {
        "on Linux, raise fs.inotify.max_user_watches"
    }
}

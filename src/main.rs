//! The `annals` command: parse arguments, run one command, exit with its code.
//!
//! 0: success; 1: content or template errors (all reported); 2: usage errors.

use std::process::ExitCode;

use clap::Parser;

#[macro_use]
mod cmd;
mod report;

/// Rendering allocates millions of small strings and template values on
/// every thread. With glibc's allocator a 10k-dispatch build spent a
/// quarter of its CPU time in `malloc` and `free`; with mimalloc's
/// per-thread heaps that share is 5%, and the build is a fifth faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    write_errors_over_file_size_limits();
    bugs_said_to_be_bugs();
    let cli = cmd::Cli::parse();
    if let Err(why) = worker_threads() {
        err!(
            "error: cannot start the worker threads: {why}\n  help: the limit on processes and threads is too low (`ulimit -u`, a container's pids limit, or an address space limit, `ulimit -v`): raise it, or set RAYON_NUM_THREADS=1"
        );
        return ExitCode::from(cmd::EXIT_ERRORS);
    }
    ExitCode::from(cmd::run(cli))
}

/// Most threads a build starts, whatever `RAYON_NUM_THREADS` asks: tens
/// of thousands took minutes to start and looked like a hang.
const MAX_THREADS: usize = 256;

/// Starts the thread pool that parses and renders in parallel. Rayon
/// would start it on first use, and panic if a thread cannot be started
/// (a low `ulimit -u` or pids limit, or `ulimit -v`); started here, with
/// as many threads as the limits let run at once (one fewer, to leave
/// room for the build's own), and a limit that allows none is said as
/// what it is. (A failed start cannot be retried: rayon's global pool is
/// set once.)
fn worker_threads() -> Result<(), String> {
    // (A number too big to read is as many as allowed.)
    let asked = std::env::var("RAYON_NUM_THREADS").ok().and_then(|n| {
        let n = n.trim();
        match n.parse::<usize>() {
            Ok(n) => (n > 0).then_some(n),
            Err(_) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => Some(MAX_THREADS),
            Err(_) => None,
        }
    });
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let wanted = asked.unwrap_or(cores).min(MAX_THREADS);
    let threads = match startable(wanted) {
        Ok(n) if n == wanted => n,
        Ok(n) => n.saturating_sub(1).max(1),
        Err(e) => return Err(e.to_string()),
    };
    // The probe's threads count against the limit until the kernel has
    // reaped them, a little after they are joined: a refused start is
    // tried again for a while.
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(|thread| {
            let mut waits = [1u64, 2, 5, 10, 20, 50, 100, 200].into_iter();
            let mut thread = Some(thread);
            loop {
                let mut builder = std::thread::Builder::new();
                if let Some(name) = thread.as_ref().and_then(|t| t.name()) {
                    builder = builder.name(name.to_string());
                }
                let Some(run) = thread.take() else {
                    return Ok(());
                };
                // The handler is handed the thread back only by running
                // it, so each attempt moves it into a closure that a
                // refused spawn drops: keep it in a slot the closure takes
                // it from.
                let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(run)));
                let inner = std::sync::Arc::clone(&slot);
                let spawned = builder.spawn(move || {
                    let run = inner.lock().ok().and_then(|mut r| r.take());
                    if let Some(run) = run {
                        run.run();
                    }
                });
                match spawned {
                    Ok(_) => return Ok(()),
                    Err(e) => match waits.next() {
                        Some(ms) => {
                            thread = slot.lock().ok().and_then(|mut r| r.take());
                            std::thread::sleep(std::time::Duration::from_millis(ms));
                        }
                        None => return Err(e),
                    },
                }
            }
        })
        .build_global()
        .map_err(|e| e.to_string())
}

/// How many of `wanted` threads can run at once (each waits until all
/// are asked for); the error if not even one can.
fn startable(wanted: usize) -> std::io::Result<usize> {
    let gate = std::sync::RwLock::new(());
    let closed = gate.write().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..wanted {
            let spawned = std::thread::Builder::new().spawn_scoped(scope, || {
                drop(gate.read());
            });
            match spawned {
                Ok(_) => started += 1,
                Err(e) if started == 0 => {
                    drop(closed);
                    return Err(e);
                }
                Err(_) => break,
            }
        }
        drop(closed);
        Ok(started)
    })
}

/// A panic is a bug of annals', whatever input led to it: after Rust's
/// own message (where in the code), the user is told so, and what to send.
/// But for one that says the system refused a resource (a thread, a file
/// descriptor, memory), which a library (the standard one, tokio) panics
/// on: that is a limit of the machine, said with the limit to raise.
fn bugs_said_to_be_bugs() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        match annals::limits::in_panic(message) {
            Some(help) => err!("annals ran out of a resource of the system: {help}"),
            None => err!(
                "annals stopped on a bug of its own, not a fault of your site: please report \
                 it, with the message above and the file or text that led to it"
            ),
        }
    }));
}

/// Opts the process out of transparent huge pages. mimalloc asks for them
/// on its arenas, and then every page fault in memory it handed back to
/// the kernel zeroes 2 MiB: a 10k-dispatch build spent 3.5 s in the
/// kernel instead of 1.1 s.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and touches no
    // memory of this process; failure (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// A file size limit (`ulimit -f`) would kill the process with SIGXFSZ in
/// the middle of a write, before it could remove what it had begun (a
/// staging folder, a half-written dispatch); ignored, the write fails
/// with an error that is reported and cleaned up after as any other.
#[cfg(unix)]
fn write_errors_over_file_size_limits() {
    // SAFETY: setting a signal's disposition to "ignore" runs no code of
    // ours in a handler; nothing else in the process handles SIGXFSZ.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn write_errors_over_file_size_limits() {}

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
    ExitCode::from(cmd::run(cli))
}

/// A panic is a bug of annals', whatever input led to it: after Rust's
/// own message (where in the code), the user is told so, and what to send.
fn bugs_said_to_be_bugs() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        eprintln!(
            "annals stopped on a bug of its own, not a fault of your site: please report \
             it, with the message above and the file or text that led to it"
        );
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

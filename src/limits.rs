//! Help for the I/O errors that are a limit of the process or the machine
//! (open files, memory, threads, free inodes) rather than a fault of the
//! site: each says which limit to raise, wherever a file was being read
//! or written when it was hit, so that a starved CI runner's error does
//! not read as a bad file or a bad output folder.

use std::io;

/// Too many open files in this process (`EMFILE`) or the system (`ENFILE`).
const TOO_MANY_FILES: &str =
    "too many files are open: raise this shell's limit (`ulimit -n 1024`) and run again";
const NO_THREAD: &str = "a thread could not be started: raise the limit on processes and threads (`ulimit -u`, or a container's pids limit), and run again";
const OUT_OF_MEMORY: &str = "out of memory: raise the memory limit (`ulimit -v`, or the container's) or free some, and run again";

/// The help for `e` if it says a limit was hit.
pub fn help(e: &io::Error) -> Option<&'static str> {
    if e.kind() == io::ErrorKind::OutOfMemory {
        return Some(OUT_OF_MEMORY);
    }
    // An error rewrapped with the file it was about keeps the number only
    // in its text: `/x.svg (copied from ...): ... (os error 24)`.
    let code = e.raw_os_error().or_else(|| {
        let text = e.to_string();
        let (_, after) = text.rsplit_once("(os error ")?;
        after.strip_suffix(')')?.parse().ok()
    })?;
    match code {
        libc::EMFILE | libc::ENFILE => Some(TOO_MANY_FILES),
        libc::ENOMEM => Some(OUT_OF_MEMORY),
        // What a thread's start says when no more may run (no file
        // operation of a build gives it).
        libc::EAGAIN => Some(NO_THREAD),
        _ => None,
    }
}

/// The help for a panic whose `message` says the system refused a
/// resource: the standard library and tokio panic when a thread or a
/// signal's pipe cannot be made.
pub fn in_panic(message: &str) -> Option<&'static str> {
    if message.contains("Too many open files") {
        Some(TOO_MANY_FILES)
    } else if message.contains("failed to spawn thread")
        || message.contains("can't spawn")
        || message.contains("Resource temporarily unavailable")
    {
        Some(NO_THREAD)
    } else if message.contains("Cannot allocate memory") || message.contains("Out of memory") {
        Some(OUT_OF_MEMORY)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_told_and_faults_are_not() {
        let os = io::Error::from_raw_os_error;
        assert!(help(&os(libc::EMFILE)).unwrap().contains("ulimit -n"));
        assert!(help(&os(libc::ENFILE)).unwrap().contains("ulimit -n"));
        assert!(help(&os(libc::ENOMEM)).unwrap().contains("memory"));
        assert!(help(&os(libc::EAGAIN)).unwrap().contains("ulimit -u"));
        assert_eq!(help(&os(libc::ENOENT)), None);
        assert_eq!(help(&io::Error::other("x")), None);
        let wrapped = io::Error::other(format!(
            "/a.svg (copied from static/a.svg): {}",
            os(libc::EMFILE)
        ));
        assert!(help(&wrapped).unwrap().contains("ulimit -n"));
        let spawn = "failed to spawn thread: Os { code: 11, kind: WouldBlock }";
        assert_eq!(in_panic(spawn), Some(NO_THREAD));
        assert_eq!(in_panic("index out of bounds"), None);
    }
}

//! The server under test: started on a free port in its own temp dir,
//! asked for pages, signalled, and stopped as a user stops it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Site, second_dispatch};

pub struct Server {
    pub child: Child,
    pub base: String,
    /// Its temp dir, where it builds the site (see [`scratch`]).
    pub temp: PathBuf,
    /// What the server printed.
    pub output: Arc<Mutex<Vec<String>>>,
    /// What it printed on standard error (diagnostics and warnings).
    pub errors: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already reaped: its pid may be another process's by now.
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // Stopped as a user stops it, so that it removes its scratch
        // folder; killed if it does not stop.
        #[cfg(target_os = "linux")]
        {
            send(self, libc::SIGTERM);
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `signal` to the server's process.
#[cfg(target_os = "linux")]
pub fn send(server: &Server, signal: i32) {
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe { libc::kill(pid, signal) };
}

/// The folder the server builds the site into.
pub fn scratch(server: &Server) -> PathBuf {
    let port = server.base.rsplit(':').next().unwrap();
    private_folder(&server.temp, server.child.id(), port).join("site")
}

/// The private folder in `temp` of server `pid` on `port`: its name is
/// theirs and a random part, so it is looked for.
pub fn private_folder(temp: &std::path::Path, pid: u32, port: &str) -> PathBuf {
    let prefix = format!("annals-serve-{pid}-{port}-");
    let found = std::fs::read_dir(temp)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix));
    found
        .unwrap_or_else(|| panic!("no {prefix}* in {}", temp.display()))
        .path()
}

pub fn start(site: &Site) -> Server {
    start_with_temp(site, std::env::temp_dir())
}

/// `annals serve --port 0` on `site`, with `temp` as its temp dir.
pub fn spawn(site: &Site, temp: &std::path::Path) -> Child {
    command(site, temp, &[])
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// `annals serve --port 0 ARGS` on `site`, with `temp` as its temp dir.
fn command(site: &Site, temp: &std::path::Path, args: &[&str]) -> Command {
    command_at(site.root().to_str().unwrap(), temp, args)
}

/// `annals serve` on the site at `root` as given (relative to the
/// command's folder, when it is).
fn command_at(root: &str, temp: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
    command
        .env("TMPDIR", temp)
        .env("NO_COLOR", "1")
        .args(["serve", "--port", "0", "--root", root])
        .args(args)
        .stdout(Stdio::piped());
    command
}

/// [`start`], run from the site's parent folder with a relative `--root`.
pub fn start_relative(site: &Site) -> Server {
    let (parent, name) = (
        site.root().parent().unwrap(),
        site.root().file_name().unwrap(),
    );
    let temp = std::env::temp_dir();
    let mut command = command_at(name.to_str().unwrap(), &temp, &[]);
    command.current_dir(parent);
    launch(command, temp)
}

/// [`start`] from `cwd`, with TMPDIR set to `tmpdir` as given (empty,
/// relative); `temp` is where its folder is to be looked for.
pub fn start_with_tmpdir(
    site: &Site,
    tmpdir: &str,
    cwd: &std::path::Path,
    temp: PathBuf,
) -> Server {
    let mut command = command_at(
        site.root().to_str().unwrap(),
        std::path::Path::new(tmpdir),
        &[],
    );
    command.current_dir(cwd);
    launch(command, temp)
}

/// [`start`] with `temp` as the server's temp dir.
pub fn start_with_temp(site: &Site, temp: PathBuf) -> Server {
    start_with(site, temp, &[])
}

/// [`start`] with more arguments (`--bind ADDR`).
pub fn start_with_args(site: &Site, args: &[&str]) -> Server {
    start_with(site, std::env::temp_dir(), args)
}

fn start_with(site: &Site, temp: PathBuf, args: &[&str]) -> Server {
    launch(command(site, &temp, args), temp)
}

fn launch(mut command: Command, temp: PathBuf) -> Server {
    let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
    let errors = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().unwrap();
    let sink = Arc::clone(&errors);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut before = Vec::new();
    let base = loop {
        let line = lines.next().expect("server printed its URL").unwrap();
        before.push(line.clone());
        if let Some(url) = line.strip_prefix("Serving the site at ") {
            break url
                .split(' ')
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    let output = Arc::new(Mutex::new(before));
    let sink = Arc::clone(&output);
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        base,
        temp,
        output,
        errors,
    }
}

/// GET `path`: (status, content type, body).
pub fn get(server: &Server, path: &str) -> (u16, String, String) {
    let (status, head, body) = get_with_head(server, path);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (status, content_type, body)
}

/// GET `path`: (status, the response's head, body).
pub fn get_with_head(server: &Server, path: &str) -> (u16, String, String) {
    let addr = server.base.trim_start_matches("http://");
    get_as(server, path, addr)
}

/// GET `path` with `host` in the `Host` header: (status, head, body).
pub fn get_as(server: &Server, path: &str, host: &str) -> (u16, String, String) {
    request(server, path, host, "")
}

/// GET `path` with a header line more (`Range: bytes=0-9`): (status,
/// head, body).
pub fn get_with(server: &Server, path: &str, header: &str) -> (u16, String, String) {
    let addr = server.base.trim_start_matches("http://");
    request(server, path, addr, &format!("{header}\r\n"))
}

fn request(server: &Server, path: &str, host: &str, headers: &str) -> (u16, String, String) {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Rewrites the fixture's second dispatch with its front matter unchanged
/// and a new body (an edit the dev server patches in place).
pub fn edit_second(site: &Site, body: &str) {
    site.write("content/dispatches/sd-2.md", &second_dispatch(body));
}

/// What the server has printed on standard error so far, as one text.
pub fn stderr_text(server: &Server) -> String {
    server.errors.lock().unwrap().join("\n")
}

/// How many rebuilds the server has reported so far.
pub fn rebuilds(server: &Server) -> usize {
    let output = server.output.lock().unwrap();
    output.iter().filter(|l| l.starts_with("Rebuilt")).count()
}

pub fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A page's live-reload event stream from `server`, open (reads time out
/// after 15 s).
pub fn event_stream(server: &Server) -> TcpStream {
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut events = TcpStream::connect(&addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        events,
        "GET /__annals/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    events
}

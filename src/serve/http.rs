//! The HTTP side of the dev server: the built site, contained to its folder,
//! plus the live-reload script and its event stream.
//!
//! The reload script is injected into HTML responses here, when serving;
//! files on disk are exactly what `annals build` writes.

use std::convert::Infallible;
use std::future::IntoFuture;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::Signal;

const LIVE_JS: &str = include_str!("live.js");
/// The live-reload script, with the rebuilds served so far when the page
/// was read (`data-build`): a page first shown after a later one reloads.
fn inject_tag(build: u64) -> String {
    format!("<script src=\"/__annals/live.js\" data-build=\"{build}\"></script>")
}
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not built yet</title><body><p>The site has not built yet: the errors are in the terminal.</p></body></html>";

/// What requests need: never the build state, so that pages are served
/// while a rebuild runs.
#[derive(Clone)]
struct State {
    dir: Arc<PathBuf>,
    errors: Arc<Mutex<Option<String>>>,
    signals: broadcast::Sender<Signal>,
    /// Rebuilds shown so far: a page whose event stream was closed while
    /// its tab was hidden (a browser holds six connections per host, and
    /// each open page's stream takes one) reconnects and reloads if this
    /// moved on.
    builds: Arc<AtomicU64>,
}

/// Serves `dir` until `stop` (see [`stop_requested`]) completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    dir: PathBuf,
    errors: Arc<Mutex<Option<String>>>,
    signals: broadcast::Sender<Signal>,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let builds = Arc::new(AtomicU64::new(0));
    let mut seen = signals.subscribe();
    let counted = Arc::clone(&builds);
    tokio::spawn(async move {
        loop {
            match seen.recv().await {
                Ok(Signal::Reload) => {
                    counted.fetch_add(1, Ordering::Relaxed);
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    let state = State {
        dir: Arc::new(dir),
        errors,
        signals,
        builds,
    };
    let app = Router::new()
        .route(
            "/__annals/live.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        )
        .route("/__annals/events", get(events))
        .fallback(get(file))
        .layer(axum::middleware::from_fn(known_host))
        .with_state(state);
    // Not a graceful shutdown: that waits for every open connection, and
    // each open page holds its event stream for as long as it is open, so
    // Ctrl-C would do nothing until the browser closed. A dev server has
    // nothing to drain.
    tokio::select! {
        served = axum::serve(listener, app).into_future() => served,
        () = stop => Ok(()),
    }
}

/// Ctrl-C, SIGTERM (`kill`, a service manager) or SIGHUP (the terminal
/// closed): each stops the server, which then removes its scratch folder.
/// The handlers are in place when this returns (see
/// [`interrupt::requested`](crate::interrupt::requested)), so it is called
/// (inside the runtime) before the server says where it listens.
pub fn stop_requested() -> impl std::future::Future<Output = ()> {
    let stop = crate::interrupt::requested();
    async move {
        stop.await;
    }
}

/// Refuses a request whose `Host` is a name other than `localhost`: a
/// page of another site whose name an attacker points at 127.0.0.1 (DNS
/// rebinding) would otherwise read the preview, drafts included, as its
/// own. IP addresses stay allowed, for a preview opened from another
/// device with `--bind`.
/// Every `Host` header is checked, and one that is not text refuses the
/// request: a server behind which another reads the last of two, or
/// the bytes as Latin-1, must not be let through by the first.
async fn known_host(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let mut hosts = req.headers().get_all(header::HOST).iter().peekable();
    let allowed = if hosts.peek().is_some() {
        hosts.all(|h| h.to_str().is_ok_and(allowed_host))
    } else {
        req.uri().host().is_none_or(allowed_host)
    };
    match allowed {
        false => (
            StatusCode::FORBIDDEN,
            "refused: annals serve answers only for localhost and IP addresses (open http://127.0.0.1:PORT/)",
        )
            .into_response(),
        _ => next.run(req).await,
    }
}

/// Whether a `Host` value (`name[:port]`, `[v6]:port`) names this machine
/// by `localhost` or an IP address.
fn allowed_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => {
            return v6
                .split(']')
                .next()
                .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

async fn events(
    axum::extract::State(state): axum::extract::State<State>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // A page opened while the site is broken shows the errors at once.
    let current = state.errors.lock().ok().and_then(|e| e.clone());
    let first = SseEvent::default()
        .event("status")
        .data(current.unwrap_or_else(|| "ok".into()));
    let rx = state.signals.subscribe();
    let build = SseEvent::default()
        .event("build")
        .data(state.builds.load(Ordering::Relaxed).to_string());
    let updates = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Signal::Reload) => {
                    return Some((Ok(SseEvent::default().event("reload").data("now")), rx));
                }
                Ok(Signal::SearchIndex) => {
                    return Some((Ok(SseEvent::default().event("search").data("new")), rx));
                }
                Ok(Signal::Errors(text)) => {
                    return Some((Ok(SseEvent::default().event("errors").data(text)), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let opening = stream::iter([Ok(build), Ok(first)]);
    let stream = futures_util::StreamExt::chain(opening, updates);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(
    axum::extract::State(state): axum::extract::State<State>,
    req: Request<Body>,
) -> Response {
    let dir = state.dir.as_path();
    let url = req.uri().path();
    // Read before the file: a page read during a rebuild is then older
    // than the count says, and reloads once its stream opens.
    let build = state.builds.load(Ordering::Relaxed);
    let Some((path, folder)) = resolve_file(dir, url) else {
        // A path no file of the site has (one that leaves the site, or
        // an old Latin-1 `%E9`): the site's 404 page, as a host answers.
        return not_found(dir, build).await;
    };
    if folder && !url.ends_with('/') {
        return to_folder(url, req.uri().query());
    }
    // A file's URL with a slash after it (`%2F` too) is no file on a
    // static host.
    let slash = url.ends_with('/') || url.to_ascii_lowercase().ends_with("%2f");
    let read = if !folder && slash {
        Err(std::io::ErrorKind::NotFound.into())
    } else {
        tokio::fs::read(&path).await
    };
    match read {
        Ok(bytes) => match req.headers().get(header::RANGE) {
            Some(range) => ranged(&path, bytes, range, build),
            None => respond(StatusCode::OK, &path, bytes, build),
        },
        Err(e) if missing(&e) => not_found(dir, build).await,
        Err(e) => unreadable(&e),
    }
}

/// Whether `e` says there is no such file, as opposed to a file that
/// could not be read (too many open files, an I/O error).
fn missing(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{InvalidFilename, IsADirectory, NotADirectory, NotFound};
    matches!(
        e.kind(),
        NotFound | NotADirectory | IsADirectory | InvalidFilename
    )
}

/// A 500 for a file of the preview that is there but could not be read:
/// not the 404 that would say the site lacks it.
fn unreadable(e: &std::io::Error) -> Response {
    let help = crate::limits::help(e)
        .unwrap_or("reload the page; if it persists, stop the server and start it again");
    let body = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>Cannot read this file</title>\
         <p>annals serve could not read this file of the preview: {}.</p><p>{}</p>",
        crate::escape::escape(&e.to_string()),
        crate::escape::escape(help)
    );
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The site's 404 page, with status 404.
async fn not_found(dir: &Path, build: u64) -> Response {
    match tokio::fs::read(dir.join("404.html")).await {
        Ok(bytes) => respond(StatusCode::NOT_FOUND, Path::new("404.html"), bytes, build),
        Err(e) if !missing(&e) => unreadable(&e),
        // No site yet (the first build failed): a page that still
        // carries the live-reload script, so that it shows the errors
        // and turns into the site once a save fixes them.
        Err(_) => respond(
            StatusCode::NOT_FOUND,
            Path::new("404.html"),
            NOT_BUILT.as_bytes().to_vec(),
            build,
        ),
    }
}

/// Redirects a folder's URL written without its slash to the slash form,
/// query kept, as static hosts (GitHub Pages, Netlify, nginx) do: a
/// relative link on the page then resolves as it will in production.
fn to_folder(url: &str, query: Option<&str>) -> Response {
    // One leading slash: `//host/x` would send the browser to another host.
    let mut location = format!("/{}/", url.trim_start_matches('/'));
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The part of a file a `Range: bytes=...` header asks for (206), as
/// static hosts answer it, so that a clip's video can be sought and
/// played (Safari plays none without); the whole file for a range it
/// cannot read, 416 for one past the end. Pages are sent whole (the
/// live-reload script is added to them).
fn ranged(path: &Path, bytes: Vec<u8>, range: &HeaderValue, build: u64) -> Response {
    if is_page(path) {
        return respond(StatusCode::OK, path, bytes, build);
    }
    let len = bytes.len();
    let Some((start, end)) = range.to_str().ok().and_then(|r| byte_range(r, len)) else {
        return respond(StatusCode::OK, path, bytes, build);
    };
    if start >= len {
        let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
        if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
            response.headers_mut().insert(header::CONTENT_RANGE, value);
        }
        return response;
    }
    let part = bytes.get(start..=end).unwrap_or_default().to_vec();
    let mut response = respond(StatusCode::PARTIAL_CONTENT, path, part, build);
    if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response
}

/// The first and last byte of a single range (`bytes=0-99`, `bytes=100-`,
/// `bytes=-100`) of a file of `len` bytes; the last is clamped to the
/// file. `None` for several ranges or a malformed one.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let parse = |s: &str| s.parse::<usize>().ok();
    let (start, end) = match (first.is_empty(), last.is_empty()) {
        (true, false) => {
            let n = parse(last)?.min(len);
            (len.checked_sub(n)?, len.checked_sub(1)?)
        }
        (false, true) => (parse(first)?, len.saturating_sub(1)),
        (false, false) => (parse(first)?, parse(last)?.min(len.saturating_sub(1))),
        (true, true) => return None,
    };
    (start <= end || start >= len).then_some((start, end))
}

/// Whether `path` is served as a page: HTML, and the alias pages the
/// build writes at old URLs (`.php`, `.aspx`, ...), which are HTML too.
fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| crate::output::ALIAS_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn respond(status: StatusCode, path: &Path, mut bytes: Vec<u8>, build: u64) -> Response {
    let mime = if is_page(path) {
        mime_guess::mime::TEXT_HTML
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("cjs"))
    {
        // (A CommonJS script: refused as `application/octet-stream`
        // under `nosniff`, and unknown to the MIME table.)
        mime_guess::mime::APPLICATION_JAVASCRIPT
    } else {
        mime_guess::from_path(path).first_or_octet_stream()
    };
    let is_html = mime.essence_str() == "text/html";
    if is_html {
        inject(&mut bytes, build);
    }
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.essence_str() == "application/javascript" => {
            "text/javascript; charset=utf-8".to_string()
        }
        _ => mime.essence_str().to_string(),
    };
    let mut response = (status, bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Each file is sent as its type says, never sniffed: a preview under
    // the header that careful hosts send shows what they would.
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !is_html {
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    response
}

fn inject(bytes: &mut Vec<u8>, build: u64) {
    let at = bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(bytes.len());
    bytes.splice(at..at, inject_tag(build).into_bytes());
}

/// The file for a URL path, or `None` if the path could leave `dir`: `..`
/// (plain or percent-encoded), backslashes, NUL, or a symlink pointing out.
#[cfg(test)]
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    resolve_file(dir, url_path).map(|(path, _)| path)
}

/// [`resolve`], and whether the path names a folder (whose `index.html`
/// is the file).
fn resolve_file(dir: &Path, url_path: &str) -> Option<(PathBuf, bool)> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut path = dir.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        match Path::new(seg).components().next() {
            Some(Component::Normal(c)) if seg != "." && seg != ".." => path.push(c),
            _ => return None,
        }
    }
    let folder = path.is_dir();
    if folder {
        path.push("index.html");
    }
    // Symlinks inside the output must not lead outside it.
    if let (Ok(real), Ok(root)) = (path.canonicalize(), dir.canonicalize())
        && !real.starts_with(&root)
    {
        return None;
    }
    Some((path, folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_are_read_as_static_hosts_read_them() {
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=990-2000", 1000), Some((990, 999)));
        assert_eq!(byte_range("bytes=100-", 1000), Some((100, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-5000", 1000), Some((0, 999)));
        assert_eq!(byte_range("bytes=2000-", 1000), Some((2000, 999)));
        for unread in [
            "bytes=5-1",
            "bytes=0-1,5-9",
            "items=0-1",
            "bytes=-",
            "bytes=a-b",
        ] {
            assert_eq!(byte_range(unread, 1000), None, "{unread}");
        }
    }

    #[test]
    fn only_local_names_and_addresses_are_hosts() {
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "app.localhost:8",
            "[::1]:1111",
            "192.168.1.20:1111",
            "127.0.0.1",
        ] {
            assert!(allowed_host(host), "{host}");
        }
        for host in [
            "attacker.example:1111",
            "attacker.example",
            "127.0.0.1.nip.io:1111",
            "localhost.attacker.example",
            "[evil]:1",
        ] {
            assert!(!allowed_host(host), "{host}");
        }
    }

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/a/"),
            Some(dir.path().join("a/index.html"))
        );
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/a\\..\\x",
            "/%00",
        ] {
            assert_eq!(resolve(dir.path(), bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", dir.path().join("out")).unwrap();
            assert_eq!(resolve(dir.path(), "/out/passwd"), None);
        }
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let mut html = b"<html><body><p>x</p></body></html>".to_vec();
        inject(&mut html, 3);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__annals/live.js\" data-build=\"3\"></script></body></html>"
        );
    }
}

//! What the server answers, and where it listens.

use super::server::*;
use crate::support::Site;

/// A folder's URL without its slash is redirected to it, as static hosts
/// do: a relative link on the page then resolves as it will in production.
#[test]
fn a_folder_without_its_slash_is_redirected() {
    let site = Site::valid();
    let server = start(&site);
    let (status, head, _) = get_with_head(&server, "/special-dispatch/1?q=a%20b&x=1");
    assert!(status == 301 || status == 308, "{head}");
    let location = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or(l.strip_prefix("Location: "))
        })
        .unwrap_or_default();
    assert_eq!(location, "/special-dispatch/1/?q=a%20b&x=1", "{head}");
    let (status, _, body) = get(&server, location);
    assert_eq!(status, 200);
    assert!(body.contains("Dispatch 1"));
    // Files are served as they are, as their type says; a missing path
    // is still a 404.
    let (status, head, _) = get_with_head(&server, "/style.css");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("x-content-type-options: nosniff"),
        "{head}"
    );
    assert_eq!(get(&server, "/special-dispatch/9").0, 404);
    // Never a redirect to another host (`//host/` is one).
    let (_, head, _) = get_with_head(&server, "//special-dispatch/1");
    assert!(
        !head.to_ascii_lowercase().contains("location: //"),
        "{head}"
    );
}

/// A page of another site whose name is pointed at 127.0.0.1 (DNS
/// rebinding) must not read the preview: its `Host` is refused.
#[test]
fn requests_for_another_host_are_refused() {
    let site = Site::valid();
    let server = start(&site);
    let port = server.base.rsplit(':').next().unwrap();
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".into(),
    ] {
        let (status, _, body) = get_as(&server, "/archive.json", &host);
        assert_eq!(status, 403, "{host}: {body}");
        assert!(!body.contains("dispatches"), "{body}");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(get_as(&server, "/archive.json", &host).0, 200, "{host}");
    }
    // A second Host, or one that is not text, is not let through by a
    // first that is allowed.
    for second in ["Host: attacker.example", "Host: localhost\u{e9}"] {
        let (status, _, body) = get_with(&server, "/archive.json", second);
        assert_eq!(status, 403, "{second}: {body}");
    }
}

/// `--bind` takes loopback forms (`localhost`, `::1`) quietly.
#[test]
fn loopback_binds_are_accepted_quietly() {
    let site = Site::valid();
    let mut binds = vec!["localhost", "127.0.0.1"];
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        binds.extend(["::1", "[::1]"]);
    }
    for bind in binds {
        let server = start_with_args(&site, &["--bind", bind]);
        assert_eq!(get(&server, "/").0, 200, "{bind}");
        assert!(
            !stderr_text(&server).contains("network"),
            "{bind}: {}",
            stderr_text(&server)
        );
    }
}

/// Any other address opens the preview, drafts included, to the network:
/// the server says so (`[::]` said nothing).
#[test]
fn a_network_bind_is_warned_about() {
    let site = Site::valid();
    let mut binds = vec!["0.0.0.0"];
    if std::net::TcpListener::bind("[::]:0").is_ok() {
        binds.extend(["::", "[::]"]);
    }
    for bind in binds {
        let server = start_with_args(&site, &["--bind", bind]);
        wait_for("the warning", || {
            stderr_text(&server).contains("other machines on the network can open this preview")
        });
    }
}

/// Alias pages at old `.php` or `.aspx` URLs are pages (with live reload);
/// a file's URL with a slash after it is not found, as on a static host;
/// a byte range of a file is sent as hosts send it (a clip's video seeks).
#[test]
fn alias_pages_file_urls_and_byte_ranges_are_served_as_hosts_serve_them() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/old/3.php, /old/3.aspx]",
        "Body.",
    );
    let bytes: String = (0..100)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    site.write("static/clip.txt", &bytes);
    let server = start(&site);
    for alias in ["/old/3.php", "/old/3.aspx"] {
        let (status, content_type, body) = get(&server, alias);
        assert_eq!(status, 200, "{alias}");
        assert_eq!(content_type, "text/html; charset=utf-8", "{alias}");
        assert!(body.contains("/__annals/live.js"), "{alias}: {body}");
    }
    assert_eq!(get(&server, "/style.css").0, 200);
    assert_eq!(get(&server, "/style.css/").0, 404);
    assert_eq!(get(&server, "/style.css%2F").0, 404);
    let (status, head, body) = get_with(&server, "/clip.txt", "Range: bytes=26-29");
    assert_eq!(status, 206, "{head}");
    assert_eq!(body, "abcd");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-range: bytes 26-29/100"),
        "{head}"
    );
    let (status, head, _) = get_with(&server, "/clip.txt", "Range: bytes=500-");
    assert_eq!(status, 416, "{head}");
    let (status, _, body) = get(&server, "/clip.txt");
    assert_eq!((status, body.len()), (200, 100));
}

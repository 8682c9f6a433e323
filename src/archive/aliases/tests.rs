//! Aliases: where each lands, and the clashes between aliases, pages
//! and files that one URL or one file on disk would hide.

use super::*;

#[test]
fn numbered_pages_belong_to_their_list() {
    let paginated: HashMap<String, String> = [
        ("special-dispatch/".to_string(), "the series".to_string()),
        ("archive/".to_string(), "the chronology".to_string()),
    ]
    .into();
    let of = |t: &str| numbered_page_of(t, &paginated);
    assert_eq!(of("special-dispatch/page/9/index.html"), Some("the series"));
    assert_eq!(of("archive/page/2/index.html"), Some("the chronology"));
    assert_eq!(of("special-dispatch/3-page/index.html"), None);
    assert_eq!(of("people/page/2/index.html"), None, "not paginated");
    assert_eq!(of("page/2/index.html"), None);
}

#[test]
fn what_windows_refuses_in_a_path() {
    let why = |p: &str| not_for_windows(p);
    assert_eq!(why("old/a:b/index.html").as_deref(), Some("has `:`"));
    assert!(why("old/a*/index.html").is_some());
    assert!(why("old/report /index.html").unwrap().contains("`report `"));
    assert!(why("old/v2./index.html").is_some());
    assert!(why("con/index.html").unwrap().contains("device"));
    assert!(why("old/lpt1.htm").is_some());
    for device in [
        "com0/index.html",
        "com¹.htm",
        "lpt³/index.html",
        "conin$/index.html",
    ] {
        assert!(why(device).unwrap().contains("device"), "{device}");
    }
    for fine in [
        "old/sd-12/index.html",
        "console/index.html",
        "com10/index.html",
        "a.b/index.html",
    ] {
        assert_eq!(why(fine), None, "{fine}");
    }
}

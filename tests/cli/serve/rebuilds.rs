//! Rebuilds while serving: every save shows, and after any rebuild the
//! preview holds what a fresh build writes, no more; its warnings are said.

use super::server::*;
use crate::support::{CONFIG, Site, dispatch};

/// A site of `n` dispatches, enough that a full rebuild or a search index
/// takes long enough for saves to queue up behind it.
fn big_site(n: u32) -> Site {
    let site = Site::empty();
    for i in 1..=n {
        site.write(
            &format!("content/dispatches/sd-{i}.md"),
            &dispatch(
                "special-dispatch",
                i,
                "2021-01-05",
                &format!("people: [Person {}]", i % 40),
                &format!("Body {i}, with some words to index and render.\n"),
            ),
        );
    }
    site
}

/// Rewrites dispatch `i` of a [`big_site`] with `marker` in its body.
fn edit_body(site: &Site, i: u32, marker: &str) {
    site.write(
        &format!("content/dispatches/sd-{i}.md"),
        &dispatch(
            "special-dispatch",
            i,
            "2021-01-05",
            &format!("people: [Person {}]", i % 40),
            &format!("Body {i}, {marker}.\n"),
        ),
    );
}

/// Saves made while a (slow, full) rebuild runs queue up as separate
/// bursts; they were merged keeping only their `structural` flag, so
/// only the first one's file was shown.
#[test]
fn saves_queued_during_a_rebuild_are_all_shown() {
    let site = big_site(3000);
    let server = start(&site);
    // A config change: every page is rendered again.
    site.write(
        "annals.yaml",
        &CONFIG.replace("Fixture Archive", "Retitled"),
    );
    // Three saves, each its own burst (the watcher gathers 20 ms), while
    // that rebuild runs.
    for (i, marker) in [(11, "EDIT-A"), (12, "EDIT-B"), (13, "EDIT-C")] {
        std::thread::sleep(std::time::Duration::from_millis(60));
        edit_body(&site, i, marker);
    }
    for (i, marker) in [(11, "EDIT-A"), (12, "EDIT-B"), (13, "EDIT-C")] {
        wait_for(marker, || {
            get(&server, &format!("/special-dispatch/{i}/"))
                .2
                .contains(marker)
        });
    }
    assert!(get(&server, "/").2.contains("Retitled"));
}

//! Front matter as editors mistype it: a key indented by mistake. Each is
//! one error, at the line, in words, with what to write instead.

use crate::support::Site;

const FILE: &str = "content/dispatches/sd-3.md";

/// A site whose dispatch 3 has `front` as its front matter.
fn with_front_matter(front: &str) -> Site {
    let site = Site::valid();
    site.write(FILE, &format!("---\n{front}\n---\n\nBody.\n"));
    site
}

#[test]
fn a_key_indented_under_a_value_is_named_at_its_line() {
    with_front_matter("title: T\nseries: special-dispatch\nnumber: 30\n date: 2024-02-10")
        .build()
        .fails_at(FILE, 5)
        .says("`date` is indented, so YAML reads it as part of `number`'s value")
        .says("start `date:` at the left edge, like the other keys")
        .says("build failed: 1 error");
    with_front_matter("title: Indent two\n  series: special-dispatch\nnumber: 3\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 3)
        .says("`series` is indented, so YAML reads it as part of `title`'s value")
        .says("build failed: 1 error");
}

#[test]
fn a_long_value_goes_on_over_indented_lines() {
    let site = with_front_matter(
        "title: A long title\n  over two lines\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("A long title over two lines"), "{page}");
}

#[test]
fn a_key_indented_after_a_list_is_named() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2024-02-10",
        "people:\n  - Lena Varga\n regions: [Norway]",
        "B.",
    );
    site.build()
        .fails_at(FILE, 9)
        .says("`regions` is indented by 1 space: keys of the front matter start at the left edge")
        .says("start `regions:` at the left edge");
}

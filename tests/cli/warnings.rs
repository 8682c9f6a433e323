//! What a build says about a site's files that do not stop it: the cap on
//! warnings, static files over built pages, links in `static/`.

use crate::support::{Site, dispatch};

/// The cap covers every warning of a build, including those found while
/// writing: a migrated site whose `static/` holds a whole old build must
/// not flood the terminal.
#[test]
fn the_warning_cap_covers_static_files_over_pages() {
    let site = Site::valid();
    for n in 0..25 {
        site.write(&format!("static/pages/p{n}/index.html"), "old");
    }
    // Built pages under the static files' paths.
    for n in 0..25 {
        site.write(
            &format!("content/pages/p{n}.md"),
            &format!("---\ntitle: P{n}\n---\nx\n"),
        );
    }
    let run = site.build();
    run.ok()
        .says("… and 5 more warnings")
        .says("25 warnings")
        // Those held back are tallied by kind.
        .says("Said most often:\n  25 times: ");
    assert_eq!(run.stderr.matches("⚠").count(), 20, "{}", run.stderr);
}

/// Links are not copied (one could reach any file of the machine), and
/// the site is told, as it is about links in content/.
#[cfg(unix)]
#[test]
fn links_in_static_are_skipped_with_a_warning() {
    let site = Site::valid();
    site.write("outside.css", "body {}");
    site.write("static/real.css", "p {}");
    std::os::unix::fs::symlink(site.path("outside.css"), site.path("static/linked.css")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("static/folder")).unwrap();
    let run = site.build();
    run.ok()
        .says("static/linked.css: symbolic link in static/ ignored")
        .says("static/folder: symbolic link in static/ ignored")
        .says("copy the file into static/ instead of linking to it")
        .says("2 warnings");
    assert!(site.path("public/real.css").exists());
    assert!(!site.path("public/linked.css").exists());
    assert!(!site.path("public/folder").exists());
    site.run(&["check"])
        .ok()
        .says("static/linked.css: symbolic link");
}

/// A site's static file may override the theme's quietly, but one that
/// lands on a page of the build (an old site's `index.html`) is a warning.
#[test]
fn a_static_file_over_a_page_is_a_warning() {
    let site = Site::valid();
    site.write("static/index.html", "<h1>old home</h1>");
    site.write("static/style.css", "body {}");
    let run = site.build();
    run.ok()
        .says("static/index.html: this file replaces the one the build writes at `/index.html`")
        .says("1 warning");
    assert!(!run.stderr.contains("style.css"), "{}", run.stderr);
    assert_eq!(site.read("public/index.html"), "<h1>old home</h1>");
    assert_eq!(site.read("public/style.css"), "body {}");
}

/// `Archive.JSON` beside `archive.json` is one file on macOS and Windows.
#[test]
fn a_static_file_differing_from_a_page_only_by_case_is_a_warning() {
    let site = Site::valid();
    site.write("static/Archive.JSON", "{}");
    site.write("static/Special-Dispatch/1/note.txt", "x");
    site.write("static/Special-Dispatch/1/other.txt", "x");
    site.write("static/.annals-output", "x");
    site.write("static/images/map.svg", "<svg/>");
    let run = site.build();
    run.ok()
        .says("static/Archive.JSON: this file and the build's /archive.json differ only by letter case")
        .says("static/Special-Dispatch: this folder and the build's /special-dispatch/ differ only by letter case")
        .says("spelled as whichever is made first")
        .says("static/.annals-output: this file is not published")
        .says("3 warnings");
}

/// The site's `Style.css` beside the theme's `style.css`: one file on
/// macOS, and either may be served.
#[test]
fn a_site_static_file_differing_from_a_theme_file_only_by_case_is_a_warning() {
    let site = Site::valid();
    site.write("static/Style.css", "body {}");
    site.write("static/style.css", "body {}");
    let run = site.build();
    run.ok()
        .says("static/style.css: this file and static/Style.css differ only by letter case")
        .says("1 warning");
}

/// A theme folder's static files are held to the same rules as the site's.
#[test]
fn a_theme_static_file_over_a_page_is_a_warning() {
    let site = Site::valid();
    site.copy_default_theme("mine");
    site.write("themes/mine/static/sitemap.xml", "<urlset/>");
    site.write("themes/mine/static/Archive.JSON", "{}");
    site.write(
        "annals.yaml",
        &format!("{}theme: mine\n", crate::support::CONFIG),
    );
    site.build()
        .ok()
        .says("themes/mine/static/sitemap.xml: this file replaces the one the build writes at `/sitemap.xml`")
        .says("themes/mine/static/Archive.JSON: this file and the build's /archive.json")
        .says("2 warnings");
}

#[test]
fn markdown_under_another_extension_is_told_to_be_renamed() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.markdown",
        &dispatch("special-dispatch", 3, "2021-03-01", "", "x"),
    );
    site.write("content/dispatches/notes.png", "not an image");
    site.build()
        .ok()
        .says("sd-3.markdown: not published: annals reads only files named `.md`")
        .says("rename it to `sd-3.md`")
        .says("notes.png: not a Markdown file: ignored");
}

#[test]
fn a_folder_named_almost_as_a_taxonomy_is_warned_about() {
    let site = Site::valid();
    site.write(
        "content/person/ada-lovelace.md",
        "---\ntitle: Ada\n---\nBio.\n",
    );
    site.write("content/region/gulf.md", "---\ntitle: Gulf\n---\nText.\n");
    site.write("content/notes/misc.md", "---\ntitle: Misc\n---\nText.\n");
    // A word near a key is a folder of its own.
    site.write("content/peoples-voice/a.md", "---\ntitle: A\n---\nText.\n");
    site.write("content/legions/a.md", "---\ntitle: L\n---\nText.\n");
    let run = site.build();
    run.ok()
        .says("content/person: `person/` is not a taxonomy folder")
        .says("entity files of the `people` taxonomy go in content/people/")
        .says("content/region: `region/` is not a taxonomy folder");
    for other in ["notes/", "peoples-voice/", "legions/"] {
        assert!(!run.stderr.contains(other), "{}", run.stderr);
    }
}

/// Raw HTML is published as written, but HTML that would break the page
/// around it is said at the line that writes it.
#[test]
fn raw_html_that_breaks_the_page_around_it_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "<div class=\"box\">\n\nBoxed *text*.\n\n</div>\n\n<details><summary>More</summary>\n\nHidden.\n\n</details>\n\n\
         Text</div></main>\n\n<section>\n\nNever closed.\n\n<!-- a note to self\n\nthe rest",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:22:5: `</div>` closes no element of this text")
        .says("sd-3.md:22:11: `</main>` closes no element")
        .says("sd-3.md:24:1: `<section>` is not closed")
        .says("sd-3.md:28:1: this comment is not closed with `-->`");
    assert_eq!(run.stderr.matches("⚠").count(), 4, "{}", run.stderr);
    // The text is published as written.
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("<!-- a note to self"), "{page}");
}

/// A `<script>` or `<textarea>` named in prose, as an archive about
/// cyber attacks names them, takes the rest of the page in a browser.
#[test]
fn a_raw_text_tag_left_open_in_prose_is_warned_about_with_how_to_show_it() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "The hackers hid a <textarea> field in the form.\n\n## Aftermath\n\nRestored.",
    );
    site.build()
        .ok()
        .says("sd-3.md:10:19: `<textarea>` is not closed: a browser takes the rest of the page")
        .says("write it in backticks (`` `<textarea>` ``) or as `&lt;textarea&gt;`");
    // Closed on its line, in a paragraph or a note, it is fine.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text <script src=\"/x.js\"></script> and <style>p{}</style> and <textarea>t</textarea>.[^a]\n\n\
         [^a]: N <script>var a=1;</script> and <noscript>x</noscript>.",
    );
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("is not closed"), "{}", run.stderr);
}

/// An id that raw HTML gives an element is one place on the page, as a
/// heading's is: one that a heading, a note or the page has too, or one
/// given twice, is said.
#[test]
fn raw_html_ids_that_are_taken_are_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Note[^1].\n\n## Sources\n\n<div id=\"sources\">x</div>\n\n<span id=\"fn-1\">y</span>\n\n\
         <p id=\"own\">a</p>\n\n<p id=\"own\">b</p>\n\n<p id=\"fine\">c</p>\n\n[^1]: n",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:14:1: the id `sources` is also a heading's on this page")
        .says("sd-3.md:16:1: the id `fn-1` is one the page uses for its notes or its layout")
        .says("sd-3.md:20:1: the id `own` is given twice in this text");
    assert!(!run.stderr.contains("`fine`"), "{}", run.stderr);
}

/// A plain value with commas is one name: the page would cite one
/// person by both names.
#[test]
fn names_parted_by_commas_in_a_plain_value_are_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "authors: Jane Doe, John Roe\npeople: [\"Varga, Lena\"]\nregions: Washington, D.C.\n",
        "Text.",
    );
    let run = site.build();
    run.ok()
        .says("`authors: Jane Doe, John Roe` is one name")
        .says("write a list, `authors: [Jane Doe, John Roe]`");
    for one in ["`people:", "`regions:"] {
        assert!(!run.stderr.contains(one), "{}", run.stderr);
    }
}

/// An address too long for a sitemap (deep folders of long names outside
/// ASCII, which triple once encoded) is said by `check`.
#[test]
fn an_address_too_long_for_the_sitemap_is_said() {
    let site = Site::valid();
    let name = "ب".repeat(100);
    let path = format!("content/pages/{name}/{name}/{name}/{name}.md");
    site.write(&path, "---\ntitle: Deep\n---\nText.\n");
    site.write("content/pages/short.md", "---\ntitle: Short\n---\nText.\n");
    let run = site.run(&["check"]);
    run.ok()
        .says("more than a sitemap may list (2,047)")
        .says("shorten the names of its file and folders");
    assert_eq!(
        run.stderr.matches("more than a sitemap may list").count(),
        1,
        "{}",
        run.stderr
    );
}

/// A static file laid over a dispatch's page (as a migration keeps an old
/// page) is not read as what the site's `dispatch.html` wrote: no warning
/// that the template leaves out the body or the notes.
#[test]
fn a_static_file_over_a_dispatch_page_is_not_read_as_the_template() {
    let site = Site::valid();
    site.copy_default_theme("mine");
    site.write(
        "annals.yaml",
        &format!("{}theme: mine\n", crate::support::CONFIG),
    );
    site.write("static/special-dispatch/1/index.html", "<p>Kept page.</p>");
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("does not show"), "{}", run.stderr);
}

/// `check --deny-warnings` fails on a warning, for CI; without it, or
/// with no warning, it passes.
#[test]
fn check_can_deny_warnings() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "See [gone](/no/such/page/).");
    site.run(&["check"]).ok();
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("leads to no file of the site")
        .says("check failed: 1 warning, which --deny-warnings counts as failures");
    site.write_dispatch(3, "2021-03-01", "", "Fine.");
    site.run(&["check", "--deny-warnings"]).ok();
}

/// A Markdown link in a summary is shown as written: warned about at the
/// summary, with the words to keep.
#[test]
fn a_markdown_link_in_a_summary_is_warned_about() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        "---\ntitle: Three [draft]\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n\
         summary: \"Follows [the first](@sd-1) closely.\"\n---\n\nBody.\n",
    );
    site.run(&["check"])
        .ok()
        .says("sd-3.md:6:10: `summary` is plain text: the Markdown link `[the first](@sd-1)` would show as written")
        .says("write the words alone (`the first`)")
        .says("1 warning");
}

/// Brackets and parentheses in a title that make no link are no link.
#[test]
fn brackets_in_a_title_that_are_no_link_are_not_warned_about() {
    let site = Site::valid();
    for (n, title) in [
        (3, "Sermon [Video](Persian/English) [Transcript](Pt. 2)"),
        (4, "Array[0](x) in `code [a](/b/)`"),
        (5, "Escaped \\\\[a\\\\](/b/)"),
        (6, "Image ![map](/map.png)"),
    ] {
        site.write(
            &format!("content/dispatches/sd-{n}.md"),
            &format!("---\ntitle: \"{title}\"\nseries: special-dispatch\nnumber: {n}\ndate: 2021-03-01\n---\n\nBody.\n"),
        );
    }
    let run = site.run(&["check"]);
    run.ok();
    assert!(!run.stderr.contains("is plain text"), "{}", run.stderr);
}

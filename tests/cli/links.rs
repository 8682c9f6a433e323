//! Plain links and image sources to the site's own files (not `@`
//! references): checked against the written site, a warning at each one
//! that leads nowhere.

use crate::support::Site;

#[test]
fn links_and_images_that_lead_nowhere_are_warned_about() {
    let site = Site::valid();
    site.write("static/images/a.svg", "<svg/>");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "![Here](/images/a.svg) [Home](/) [List](/special-dispatch/) [Next](../2/#top)\n\n\
         [Old](/reports/old/) ![Gone](/images/gone.png)\n\n\
         {{ figure(image=\"/images/missing.png\", alt=\"x\") }}\n\n\
         <img src=\"/raw.png\" alt=\"r\">\n\n\
         [Up](../../../../x)\n\n\
         <video src=\"/media/talk.mp4\"></video>",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:12:1: link `/reports/old/` leads to no file of the site (/reports/old/)")
        .says("link a dispatch as `@sd-12`")
        .says("sd-3.md:12:22: image source `/images/gone.png` leads to no file")
        .says("put the file in static/ (static/images/gone.png is published at /images/gone.png)")
        .says("sd-3.md:14:1: image source `/images/missing.png`")
        .says("sd-3.md:16:1: image source `/raw.png`")
        // A browser stops `..` at the root: it is the site's /x.
        .says("sd-3.md:18:1: link `../../../../x` leads to no file of the site (/x)")
        .says("sd-3.md:20:1: media source `/media/talk.mp4` leads to no file");
    for fine in ["/images/a.svg", "`/`", "`/special-dispatch/`", "../2/#top"] {
        assert!(!run.stderr.contains(fine), "{fine}: {}", run.stderr);
    }
}

/// A Hugo page bundle: the image beside the page is not published, so the
/// warning says where in static/ it keeps its URL.
#[test]
fn an_image_beside_its_page_is_told_where_to_go() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3/index.md",
        "---\ntitle: Bundle\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n---\n\n![Map](map.png)\n",
    );
    site.write("content/dispatches/sd-3/map.png", "png");
    site.build()
        .ok()
        .says("index.md:8:1: image source `map.png` leads to no file of the site (/special-dispatch/3/map.png)")
        .says("move this file to static/special-dispatch/3/map.png to keep the URL");
    // Where it says, it works.
    site.write("static/special-dispatch/3/map.png", "png");
    let run = site.build();
    assert!(!run.stderr.contains("leads to no file"), "{}", run.stderr);
}

/// A feed reader reads a relative URL in an entry from the entry's page,
/// as a browser does on the page itself.
#[test]
fn feed_entries_resolve_relative_urls_from_their_page() {
    let site = Site::valid();
    site.write("static/special-dispatch/3/map.png", "png");
    site.write_dispatch(3, "2021-03-01", "", "![Map](map.png)");
    site.build().ok();
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("xml:base=\"https://fixture.example/special-dispatch/3/\""),
        "{feed}"
    );
}

/// A link's fragment is looked for on the written page it leads to (or
/// on its own page): a warning names the nearest id. `#top`, text
/// fragments and a file's own fragments (`#page=2` of a PDF) are the
/// browser's. `check` says the same as a build.
#[test]
fn a_fragment_the_page_lacks_is_warned_about() {
    let site = Site::valid();
    site.write("static/files/report.pdf", "%PDF");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "## Context\n\n[Here](#contxt) [There](/special-dispatch/1/#part-ii-the-sermon) \
         [Gone](/special-dispatch/1/#nothing) [Top](#top) [Text](#:~:text=a) \
         [PDF](/files/report.pdf#page=2) [Note](#fn-1)[^1] \
         [Folder](/special-dispatch/1#part-ii-the-sermo)\n\n[^1]: A note.",
    );
    for run in [site.build(), site.run(&["check"])] {
        run.ok()
            .says("sd-3.md:12:1: link `#contxt` leads to no `#contxt` on its page (/special-dispatch/3/)")
            .says("did you mean `#context`?")
            .says("link `/special-dispatch/1/#nothing` leads to no `#nothing` on its page (/special-dispatch/1/)")
            .says("link `/special-dispatch/1#part-ii-the-sermo` leads to no `#part-ii-the-sermo` on its page (/special-dispatch/1)")
            .says("did you mean `#part-ii-the-sermon`?")
            .says("3 warnings");
        // The help names no other page than the message does.
        assert!(!run.stderr.contains("(the page is"), "{}", run.stderr);
        for fine in [
            "/special-dispatch/1/#part-ii-the-sermon",
            "#top",
            "#:~:text=a",
            "/files/report.pdf#page=2",
            "#fn-1",
        ] {
            let said = format!("link `{fine}` leads");
            assert!(!run.stderr.contains(&said), "{fine}: {}", run.stderr);
        }
    }
}

/// On a site under a sub-path, a shortcode's missing file is quoted as
/// the call wrote it, not as its template put it under the sub-path.
#[test]
fn a_shortcodes_missing_file_is_quoted_as_written_under_a_sub_path() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/images/missing.png\", alt=\"x\") }}",
    );
    let run = site.run(&["build", "--base-url", "https://x.example/archive/"]);
    run.ok()
        .says("sd-3.md:10:1: image source `/images/missing.png` leads to no file");
    assert!(!run.stderr.contains("`/archive/images"), "{}", run.stderr);
}

/// On a site whose path on its host is also one of its folders
/// (`/archive/`, its chronology's), a link written `/archive/...` is read
/// as under that path; where that is no file, or both are, it is said.
#[test]
fn a_link_starting_with_a_base_path_that_is_also_a_folder_is_said() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[home or chronology](/archive/), [a year](/archive/2021/) and [fine](/archive/special-dispatch/1/).",
    );
    let run = site.run(&["build", "--base-url", "https://x.github.io/archive/"]);
    run.ok()
        .says("link `/archive/` leads to / of this site, whose path on its host is /archive/; the site also has /archive/")
        .says("write `/` for the first")
        .says("link `/archive/2021/` is read as under this site's path on its host, /archive/, and leads to no file (/2021/)")
        .says("write `/archive/archive/2021/`");
    assert!(
        !run.stderr.contains("link `/archive/special-dispatch/1/`"),
        "{}",
        run.stderr
    );
}

/// An e-mail autolink is published as `mailto:`: no file of the site is
/// looked for.
#[test]
fn an_email_autolink_is_no_link_to_a_file() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "Write to <desk@harbour.example>.");
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("leads to no file"), "{}", run.stderr);
    let page = std::fs::read_to_string(site.path("public/special-dispatch/3/index.html")).unwrap();
    assert!(page.contains("href=\"mailto:desk@harbour.example\""));
}

/// A link to a file of the site but for its letter case is offered the
/// file's own name, not told to publish a twin of it.
#[test]
fn a_link_in_the_wrong_letter_case_is_offered_the_file() {
    let site = Site::valid();
    site.write(
        "static/images/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "![Map](/images/Map.svg) and [the map](/Images/MAP.svg).\n\n\
         {{ figure(image=\"/images/Map.svg\", alt=\"Map\") }}",
    );
    let run = site.build();
    run.ok();
    assert_eq!(
        run.stderr
            .matches("did you mean `/images/map.svg`? The site's file differs only in letter case")
            .count(),
        3,
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("put the file in static/"),
        "{}",
        run.stderr
    );
    // `check` offers the same; an offer is written as an address is.
    site.write(
        "static/images/harbour map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write_dispatch(4, "2021-03-02", "", "![Map](/images/Harbour%20Map.svg)");
    let run = site.run(&["check"]);
    run.ok()
        .says("did you mean `/images/map.svg`?")
        .says("did you mean `/images/harbour%20map.svg`?");
}

/// A dispatch's id written as a plain link, without its `@`, is offered
/// the reference.
#[test]
fn an_id_linked_without_its_at_is_offered_the_reference() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "See [the first](sd-1) and [its part](sd-1#part).",
    );
    let run = site.build();
    run.ok()
        .says("did you mean `@sd-1`? A dispatch is linked by its id after an `@`")
        .says("did you mean `@sd-1#part`?");
    // Written as a path, or in capitals.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "See [a](/sd-1/), [b](../sd-1), [c](SD-1#x) and [d](sd-1.md).",
    );
    let run = site.run(&["check"]);
    assert_eq!(
        run.stderr
            .matches("did you mean `@sd-1`? A dispatch is linked")
            .count(),
        3,
        "{}",
        run.stderr
    );
    run.says("did you mean `@sd-1#x`?");
}

/// A file named with a `%` is linked as `%25`: a lone `%` in a URL is
/// answered 400 by nginx and Apache.
#[test]
fn a_percent_in_a_linked_file_name_is_escaped() {
    let site = Site::valid();
    site.write("static/files/50%.pdf", "pdf").write_dispatch(
        3,
        "2021-03-01",
        "",
        "[half](/files/50%.pdf) and [kept](/files/a%20b.pdf)\n\n{{ figure(image=\"/files/100%.png\", alt=\"all\") }}",
    );
    site.write("static/files/a b.pdf", "pdf")
        .write("static/files/100%.png", "png");
    let run = site.build();
    run.ok();
    assert!(!run.stdout.contains("leads to no file"), "{}", run.stdout);
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("href=\"/files/50%25.pdf\""), "{page}");
    assert!(page.contains("href=\"/files/a%20b.pdf\""));
    assert!(page.contains("src=\"/files/100%25.png\""), "{page}");
}

/// A file named with `#` or `?`, linked as named, is read by browsers as
/// a fragment or query: the help says how to write the mark.
#[test]
fn a_link_to_a_file_named_with_a_hash_or_question_mark_is_told_how_to_write_it() {
    let site = Site::valid();
    site.write("static/files/a#b.pdf", "pdf")
        .write("static/files/what?.pdf", "pdf")
        .write_dispatch(
            3,
            "2021-03-01",
            "",
            "[x](/files/a#b.pdf) and [y](/files/what?.pdf) and [z](/files/a%23b.pdf)",
        );
    let run = site.build();
    run.ok()
        .says("link `/files/a#b.pdf` leads to no file of the site (/files/a)")
        .says("whose name holds `#`, which a URL reads as the start of a fragment: write it `%23`, as in `/files/a%23b.pdf`")
        .says("holds `?`, which a URL reads as the start of a query: write it `%3F`, as in `/files/what%3F.pdf`");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(said.matches("leads to no file").count(), 2, "{said}");
}

/// A broken link written twice is said twice: fixing the first one and
/// building again must not be how the second is found.
#[test]
fn every_copy_of_a_broken_link_is_said() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[a](/special-dispatch/99/) and [b](/special-dispatch/99/)\n\n[c](#nope) [d](#nope)\n\n\
         [e](../../nowhere/) [f](../../../../../elsewhere/)",
    );
    let run = site.run(&["check"]);
    run.ok()
        .says("sd-3.md:10:1: link `/special-dispatch/99/`")
        .says("sd-3.md:10:32: link `/special-dispatch/99/`")
        .says("sd-3.md:12:1: link `#nope`")
        .says("sd-3.md:12:12: link `#nope`")
        .says("sd-3.md:14:1: link `../../nowhere/` leads to no file of the site (/nowhere/)")
        .says("sd-3.md:14:21: link `../../../../../elsewhere/` leads to no file of the site (/elsewhere/)")
        .says("6 warnings");
}

/// An absolute link to the site's own address is checked as a path of
/// the site: archives moved from another system are full of them.
#[test]
fn an_absolute_link_to_the_site_itself_is_checked() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[a](https://fixture.example/special-dispatch/99/) \
         [b](//FIXTURE.example/special-dispatch/1/#nothing) \
         [c](http://fixture.example/special-dispatch/1/) \
         [d](https://fixture.example.org/x/) [e](https://other.example/special-dispatch/99/)",
    );
    // Built for another address, annals.yaml's is still the site's.
    for run in [
        site.run(&["check"]),
        site.run(&["check", "--base-url", "https://staging.example/"]),
    ] {
        run.ok()
            .says("sd-3.md:10:1: link `https://fixture.example/special-dispatch/99/` leads to no file of the site (/special-dispatch/99/)")
            .says("link `//FIXTURE.example/special-dispatch/1/#nothing` leads to no `#nothing` on its page (/special-dispatch/1/)")
            .says("2 warnings");
    }
    site.under_sub_path("archive/");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[a](https://fixture.example/archive/special-dispatch/99/) [b](https://fixture.example/other/) \
         [c](https://fixture.example/archive/special-dispatch/1/)",
    );
    // Read under annals.yaml's path, whatever address the build is for
    // (the dev server's own, a preview's).
    for base in [None, Some("https://preview.example/pr-12/")] {
        let mut args = vec!["check"];
        args.extend(base.iter().flat_map(|b| ["--base-url", *b]));
        let run = site.run(&args);
        run.ok()
            .says("link `https://fixture.example/archive/special-dispatch/99/` leads to no file of the site")
            .says("1 warning");
    }
}

/// An alias's redirect carries a fragment to its page: the fragment is
/// checked there, and a broken one is said as the page's.
#[test]
fn a_fragment_through_an_alias_is_checked_on_its_page() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/old/three/]",
        "## Method\n\nText.",
    );
    site.write_dispatch(
        4,
        "2021-04-01",
        "",
        "[a](/old/three/#method) [b](/old/three/#methd)",
    );
    for run in [site.build(), site.run(&["check"])] {
        run.ok()
            .says("sd-4.md:10:25: link `/old/three/#methd` leads to an old address (an alias) of /special-dispatch/3/, which has no `#methd`")
            .says("did you mean `#method`?")
            .says("1 warning");
    }
}

/// A plain link to a draft's address is told why it leads nowhere yet.
#[test]
fn a_link_to_an_unpublished_dispatch_says_so() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "draft: true", "Not yet.");
    site.write_dispatch(4, "2021-04-01", "", "[next](/special-dispatch/3/)");
    site.run(&["check"])
        .ok()
        .says("link `/special-dispatch/3/` leads to no file of the site (/special-dispatch/3/)")
        .says("that is the address of content/dispatches/sd-3.md, which is not published (a draft, or dated after today)");
    // With drafts, it is there.
    let run = site.run(&["check", "--drafts"]);
    assert!(!run.stderr.contains("leads to no file"), "{}", run.stderr);
}

/// Common slips get the address meant: `static/` written before a static
/// file's path, a misspelt section, a fragment pasted in another Unicode
/// form than the heading's id.
#[test]
fn a_slip_in_a_link_is_offered_the_address_meant() {
    let site = Site::valid();
    site.write("static/files/report.pdf", "%PDF");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "## Über Straße\n\n[a](/static/files/report.pdf) [b](/special-dispach/1/) [c](#u\u{308}ber-straße)",
    );
    site.run(&["check"])
        .ok()
        .says("static/ is published at the site's root: write `/files/report.pdf`")
        .says("did you mean `/special-dispatch/1/`?")
        .says("the page has `#über-straße`, which looks the same but is spelled in another Unicode form")
        .says("3 warnings");
}

/// A shortcode whose template writes one argument's URL twice (a post's
/// `cite` and its link) gets one warning for it: one place in the source.
#[test]
fn a_shortcode_url_written_twice_is_said_once() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\", handle=\"@a\", platform=\"P\", date=\"2023-02-09\", url=\"/gone-url/\") %}\nText.\n{% end %}",
    );
    let run = site.run(&["check"]);
    run.ok();
    assert_eq!(
        run.stderr
            .matches("link `/gone-url/` leads to no file")
            .count(),
        1,
        "{}",
        run.stderr
    );
}

/// A post's address pasted without its scheme, or left blank to fill in
/// later: each said, with the fix.
#[test]
fn a_posts_address_without_its_scheme_or_blank_is_said() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\", url=\"t.me/channel/123\") %}\nText.\n{% end %}\n\n\
         {% post(author=\"B\", url=\"https://t.me/b/1\", archived_url=\"\") %}\nMore.\n{% end %}",
    );
    let run = site.run(&["check"]);
    run.ok()
        .says("did you mean `https://t.me/channel/123`? An address without `https://` is read as a path of this site")
        .says("sd-3.md:14:1: `archived_url` is empty: as an address, it names this page itself")
        .says("2 warnings");
}

//! Aliases: redirect pages for old URLs, which may never leave the output
//! folder or take the place of a page.

use crate::support::Site;

#[test]
fn aliases_cannot_escape_the_output() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/../../escaped.html]", "x");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("alias");
    assert!(!site.root().parent().unwrap().join("escaped.html").exists());
}

/// A newline, a tab or a direction override in an alias would name a
/// folder that breaks scripts or hides what the address says; a Persian
/// word's joiner is fine. Each refusal says what to write instead.
#[test]
fn aliases_with_invisible_characters_or_no_site_path_are_refused() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [\"/old%0Aline/\", \"/\\u202Eevil/\", \"/old/sd-1\u{A0}/\", \"/fa/\u{200c}می\u{200c}خواهد/\", \"//elsewhere.example/x/\", /a/./b/, \"/q/x#frag\", /a%2Fb.htm, /a%5cb.htm]",
        "x",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("alias `/old%0Aline/` holds an invisible character U+000A")
        .says("holds an invisible character U+202E")
        .says("holds an invisible character U+00A0")
        .says("an alias is a path of this site, not a URL")
        .says("without `.` or `..` folders")
        .says("alias `/q/x#frag` has a fragment")
        .says("alias `/a%2Fb.htm` has a slash written as an escape")
        .says("alias `/a%5cb.htm` has a backslash written as an escape (`%5C`)")
        .says("a site path cannot hold a backslash")
        .says("8 errors");
}

/// A control character written by an escape is said once, as in any
/// value, not again as the alias's.
#[test]
fn a_control_escape_in_an_alias_is_said_once() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases:\n  - /a.htm\n  - \"/old/a\\0b/\"",
        "x",
    );
    let run = site.build();
    run.says("sd-3.md:9:5: alias `/old/a\\0b/` holds an invisible character U+0000")
        .says("build failed: 1 error");
}

/// An alias may not stand in for a list page (a redirect in place of the
/// search page), nor take a list's numbered pages; an old URL beside them
/// is fine.

#[test]
fn aliases_cannot_replace_list_pages() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/search/, /archive/, /special-dispatch/page/9/, /special-dispatch/3-old-title/]",
        "x",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Each at the alias as written (line 7 of the file, its column).
    run.says("sd-3.md:7:11: alias `/search/` would overwrite search/index.html, written for the search page")
        .says("alias `/archive/` would overwrite archive/index.html, written for the chronology")
        .says("alias `/special-dispatch/page/9/` would overwrite")
        .says("3 errors");
    assert!(
        !run.stderr
            .contains("alias `/special-dispatch/3-old-title/`"),
        "{}",
        run.stderr
    );
}

/// A redirect page at `/atom.xml` would replace the feed (or, at
/// `/search.js`, the search client): an alias must be a page URL.

#[test]
fn an_alias_must_be_a_page_url() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/atom.xml]", "x");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("alias `/atom.xml` is not a page URL")
        .says("a folder's URL (`/old/12/` or `/old/12`) or a page's, ending in .html");
    // Each one at its own place in the list.
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [\"/atom.xml\", \"/old/x.pdf\"]",
        "x",
    );
    site.build()
        .says("sd-3.md:7:12: alias `/atom.xml`")
        .says("sd-3.md:7:25: alias `/old/x.pdf`");
}

#[test]
fn aliases_redirect() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/report/en/3.htm, /old/three/, /old/sd-3]",
        "x",
    );
    site.build().ok();
    // A last part without an extension is a folder, as the guide says.
    for alias in [
        "public/report/en/3.htm",
        "public/old/three/index.html",
        "public/old/sd-3/index.html",
    ] {
        let html = site.read(alias);
        assert!(html.contains(
            "<link rel=\"canonical\" href=\"https://fixture.example/special-dispatch/3/\">"
        ));
        assert!(html.contains(
            "http-equiv=\"refresh\" content=\"0; url=https://fixture.example/special-dispatch/3/\""
        ));
    }
}

/// On a right-to-left site, an alias page reads right to left, and the
/// title it names is marked in the language of the page it leads to.
#[test]
fn an_alias_page_reads_in_the_site_direction_and_marks_its_title() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &crate::support::CONFIG.replace("paginate: 2", "paginate: 2\nlanguage: fa"),
    );
    site.write_dispatch(3, "2021-03-01", "aliases: [/old/three/]\nlanguage: en", "x");
    site.build().ok();
    let html = site.read("public/old/three/index.html");
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"), "{html}");
    assert!(
        html.contains("/special-dispatch/3/\" lang=\"en\" dir=\"ltr\">"),
        "{html}"
    );
}

#[test]
fn aliases_may_not_overwrite_pages() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/special-dispatch/1/]", "x");
    let run = site.build();
    assert_eq!(run.code, 1);
    run.says("would overwrite special-dispatch/1/index.html")
        .says("content/dispatches/sd-3.md");
}

/// macOS and Windows file systems, and some hosts, do not tell `Page.html`
/// from `page.html`: an alias that differs from another file of the build
/// only by letter case would replace it there.
#[test]
fn an_alias_differing_only_by_case_is_refused() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/Special-Dispatch/1/, /old/Page.html, /old/page.html, /Special-Dispatch/Page/4/]",
        "x",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("alias `/Special-Dispatch/1/` would overwrite Special-Dispatch/1/index.html")
        .says("(at special-dispatch/1/index.html: the two")
        .says("alias `/old/page.html` is the same page as `/old/Page.html`")
        .says("alias `/Special-Dispatch/Page/4/` would overwrite")
        .says("3 errors");
    // A folder of its path spelled otherwise than the build's: one
    // folder there too, which would take the dispatches with it.
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/Special-Dispatch/old-3.htm, /special-dispatch/old-3b.htm, /Old/a/, /old/b/]",
        "x",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("alias `/Special-Dispatch/old-3.htm` needs a folder Special-Dispatch/, which differs from special-dispatch/")
        .says("alias `/old/b/` needs a folder old/, which differs from Old/")
        .says("2 errors");
}

/// A `.git` in the output would make the next build take it for a
/// repository and refuse it.
#[test]
fn an_alias_in_a_git_folder_is_refused() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: ['/.git/x.html']", "Text.");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("alias `/.git/x.html` lies in a `.git` folder");
    assert!(!site.path("public").exists());
}

/// A term page's old URLs are the aliases of its entity file, held to the
/// same rules as a dispatch's.
#[test]
fn an_entity_file_gives_its_term_page_aliases() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\naliases: [/persons/ada/, /people/a-lovelace.html]\n---\n\nAn analyst.\n",
    );
    site.build().ok();
    for alias in [
        "public/persons/ada/index.html",
        "public/people/a-lovelace.html",
    ] {
        let html = site.read(alias);
        assert!(
            html.contains(
                "http-equiv=\"refresh\" content=\"0; url=https://fixture.example/people/ada-lovelace/\""
            ),
            "{alias}: {html}"
        );
        assert!(
            html.contains("<title>Moved: Ada Lovelace</title>"),
            "{html}"
        );
    }
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\naliases: [/people/, /special-dispatch/1/]\n---\n\nAn analyst.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("ada-lovelace.md:3:11: alias `/people/` would overwrite people/index.html")
        .says("alias `/special-dispatch/1/` would overwrite special-dispatch/1/index.html")
        .says("2 errors");
}

/// A draft's URL and aliases are held against every other file's, so
/// that publishing it cannot make a clash: each is an error at once, as
/// a draft's duplicate id is.
#[test]
fn an_unpublished_file_may_not_clash_with_another() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/old/three/]", "x");
    // An `id` of its own, but No. 3's URL.
    site.write(
        "content/dispatches/sd-3-draft.md",
        &crate::support::dispatch(
            "special-dispatch",
            3,
            "2021-03-02",
            "id: three-again\ndraft: true\naliases: [/old/three/, /old/four/]",
            "x",
        ),
    );
    site.write(
        "content/dispatches/sd-9.md",
        &crate::support::dispatch(
            "special-dispatch",
            9,
            "2999-01-01",
            "aliases: [/old/four/]",
            "x",
        ),
    );
    site.write("content/pages/team.md", "---\ntitle: Team\n---\n\nUs.\n");
    site.write(
        "content/pages/team/index.md",
        "---\ntitle: Team draft\ndraft: true\n---\n\nUs.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("sd-3-draft.md:4:9: this unpublished file's URL /special-dispatch/3/ is also that of content/dispatches/sd-3.md")
        .says("`annals new` takes the next free one")
        .says("sd-3-draft.md:9:11: alias `/old/three/` would overwrite old/three/index.html, written for the alias `/old/three/` of content/dispatches/sd-3.md, once this unpublished file is published")
        .says("sd-9.md:7:11: alias `/old/four/` would overwrite old/four/index.html, written for the alias `/old/four/` of content/dispatches/sd-3-draft.md")
        .says("team/index.md:1:1: this unpublished file's URL /pages/team/ is also that of content/pages/team.md")
        .says("a page's URL is its file's path")
        .says("4 errors");
    // A page's alias may not take a draft's URL, nor the page a term
    // will have once an unpublished file that makes it is out: the
    // alias is what is wrong.
    site.write(
        "content/people/future-person.md",
        "---\ntitle: Future Person\ndate: 2999-01-01\n---\n\nBio.\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\naliases: [/people/future-person/, /people/new-name/, /special-dispatch/3x/, /archive/2999/, /archive/2999/page/2/]\n---\n\nUs.\n",
    );
    site.write_dispatch(8, "2999-01-01", "people: [New Name]", "x");
    let run = site.build();
    run.says("about.md:3:11: alias `/people/future-person/` would overwrite")
        .says("written for the term page /people/future-person/, once")
        .says("about.md:3:35: alias `/people/new-name/` would overwrite")
        .says("written for the term page /people/new-name/, once")
        .says("alias `/archive/2999/` would overwrite archive/2999/index.html, written for the chronology of 2999, once content/dispatches/sd-8.md is published")
        .says("alias `/archive/2999/page/2/` would overwrite archive/2999/page/2/index.html, written for the numbered pages of the chronology of 2999, once");
    std::fs::remove_file(site.path("content/pages/about.md")).unwrap();
    // Once they no longer clash, the build goes on without them.
    site.write(
        "content/dispatches/sd-3-draft.md",
        &crate::support::dispatch("special-dispatch", 4, "2021-03-02", "draft: true", "x"),
    );
    site.write(
        "content/dispatches/sd-9.md",
        &crate::support::dispatch("special-dispatch", 9, "2999-01-01", "", "x"),
    );
    std::fs::remove_file(site.path("content/pages/team/index.md")).unwrap();
    site.build().ok();
}

/// macOS takes `café` written with one é and with e and an accent for one
/// name: an alias in the other form of a page's folder would replace it.
#[test]
fn an_alias_differing_only_by_unicode_form_is_refused() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [\"Caf\u{e9} Owner\"]", "x");
    site.write_dispatch(
        4,
        "2021-03-02",
        "aliases: [\"/people/cafe\u{301}-owner/\"]",
        "x",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 7)
        .says("written for the term page people/caf\u{e9}-owner/")
        .says("differ only by letter case or Unicode form");
}

/// Two aliases of one list for one page, or an alias of a page's own URL,
/// are said as what they are.
#[test]
fn an_alias_repeated_or_of_its_own_page_is_said_so() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/ok/, /OK/index.html, /special-dispatch/3]",
        "x",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("alias `/OK/index.html` is the same page as `/ok/`, given before it in this list")
        .says("alias `/special-dispatch/3` is this file's own URL")
        .says("2 errors");
}

/// An alias written twice is said where it is repeated, not at its first
/// entry (which is right).
#[test]
fn an_alias_written_twice_is_said_at_the_repeat() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases:\n  - /old/a/\n  - /old/b/\n  - /old/a/",
        "x",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("alias `/old/a/` is already in this list")
        .says("remove this one");
}

/// An alias whose path goes through a file the build writes (a feed, a
/// static file, a page's own file) is an error at the alias, not a bare
/// error of the file system while writing.
#[test]
fn aliases_cannot_need_a_folder_where_a_file_is() {
    let site = Site::valid();
    site.write("static/docs/report.pdf", "%PDF");
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/atom.xml/, /style.css/x/, /special-dispatch/1/index.html/, /docs/report.pdf/old.html, /old/a.php/x/, /old/a.php, /fine/]",
        "x",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 7)
        .says("alias `/atom.xml/` needs a folder atom.xml/, but atom.xml is a file the build writes for the site's feed")
        .says("alias `/style.css/x/` needs a folder style.css/")
        .says("alias `/special-dispatch/1/index.html/` needs a folder special-dispatch/1/index.html/")
        .says("for static/docs/report.pdf, copied")
        .says("alias `/old/a.php` would be the file old/a.php, where the alias `/old/a.php/x/` of content/dispatches/sd-3.md needs a folder old/a.php/")
        .says("build failed: 5 errors");
    // Without search, the search client is no file of the site.
    site.write_dispatch(
        3,
        "2021-03-01",
        "aliases: [/search.js/x/, /search/meta.json/y/]",
        "x",
    );
    site.write(
        "annals.yaml",
        &format!("{}search: false\n", crate::support::CONFIG),
    );
    site.build().ok();
    assert!(site.path("public/search.js/x/index.html").exists());
}

/// A path Windows cannot have as a file name builds (a Linux host serves
/// it), with a warning at the alias.
#[test]
fn an_alias_windows_cannot_hold_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [\"/old/a:b/\", /old/fine/]", "x");
    site.build()
        .ok()
        .says("content/dispatches/sd-3.md:7:12")
        .says("alias `/old/a:b/` has `:`, which Windows cannot have in a file name")
        .says("1 warning");
    assert!(site.path("public/old/a:b/index.html").is_file());
}

/// An alias without its leading `/` is read from the site's root, and
/// said to be: Hugo read it from the page's folder, where the old URL of
/// a moved archive then was.
#[test]
fn a_relative_alias_is_read_from_the_root_and_said_to_be() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [old-name, /kept/]", "x");
    site.build()
        .ok()
        .says("sd-3.md:7:11: alias `old-name` has no leading `/`: it is read from the site's root, as `/old-name`")
        .says("Hugo read it from the page's folder, as `/dispatches/old-name`")
        .says("1 warning");
    assert!(site.path("public/old-name/index.html").exists());
}

/// Two aliases that differ only by letter case, in two files, are named
/// to each other, whichever is read first, even when another alias made
/// a folder of the same name in the other case.
#[test]
fn aliases_differing_only_by_case_name_each_other() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [/old/a.htm]", "x");
    site.write_dispatch(4, "2021-03-02", "aliases: [/OLD/y/3.htm]", "x");
    site.write_dispatch(5, "2021-03-03", "aliases: [/old/y/3.htm]", "x");
    let run = site.run(&["check"]);
    run.fails_at("content/dispatches/sd-4.md", 7).says(
        "alias `/OLD/y/3.htm` and `/old/y/3.htm` of content/dispatches/sd-5.md differ only by letter case",
    );
    assert!(!run.stderr.contains("sd-3.md"), "{}", run.stderr);
    // One clash, one error: the later twin is not told again that it
    // would overwrite the first.
    assert!(run.stdout.contains("1 error") || run.stderr.contains("1 error"));
    assert!(!run.stderr.contains("would overwrite"), "{}", run.stderr);
    // The pair still makes its folders: a third alias whose folder is a
    // case twin of theirs is said in the same run.
    three_aliases(["/Dir/x/", "/dir/x/", "/dir/y/"])
        .fails_at("content/dispatches/sd-4.md", 7)
        .says("alias `/dir/y/` needs a folder dir/, which differs from Dir/")
        .says("2 errors");
    // A third file with the later twin's very path is a clash of its own,
    // as is one with the first twin's.
    three_aliases(["/old/X/", "/old/x/", "/old/x/"])
        .fails_at("content/dispatches/sd-4.md", 7)
        .says("`/old/x/` would overwrite old/x/index.html, written for content/dispatches/sd-3.md")
        .says("2 errors");
    three_aliases(["/y/Z/", "/y/z/", "/y/Z/"])
        .fails_at("content/dispatches/sd-4.md", 7)
        .says("`/y/Z/` would overwrite y/Z/index.html, written for content/dispatches/sd-2.md")
        .says("2 errors");
}

/// `check` of dispatches 2, 3 and 4, with one alias each.
fn three_aliases(aliases: [&str; 3]) -> crate::support::Run {
    let site = Site::valid();
    for (n, alias) in (2u32..).zip(aliases) {
        let date = format!("2021-03-0{n}");
        site.write_dispatch(n, &date, &format!("aliases: [{alias}]"), "x");
    }
    site.run(&["check"])
}

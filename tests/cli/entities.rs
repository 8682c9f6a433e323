//! Entity files (the text heading a term's page: its name, and what an
//! unpublished one leaves out) and plain pages.

use crate::support::Site;

#[test]
fn an_entity_summary_describes_its_term_page() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\nsummary: \"Analyst & writer\"\n---\n\nBiography.\n",
    );
    site.build().ok();
    let term = site.read("public/people/ada-lovelace/index.html");
    assert!(
        term.contains("<meta name=\"description\" content=\"Analyst &amp; writer\">"),
        "{term}"
    );
    // Readers see it: under the term's name, and beside it in the list.
    assert!(
        term.contains("<p class=\"summary\" lang=\"en\" dir=\"ltr\">Analyst &amp; writer</p>"),
        "{term}"
    );
    let list = site.read("public/people/index.html");
    assert!(
        list.contains(
            "<span class=\"term-summary\" lang=\"en\" dir=\"ltr\">Analyst &amp; writer</span>"
        ),
        "{list}"
    );
}

/// An entity file's `language` is that of its name too, which heads the
/// term's page; a term without one is in the site's.
#[test]
fn an_entity_files_language_is_its_names() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\nlanguage: fa\n---\n\nزندگی‌نامه.\n",
    );
    site.write_dispatch(3, "2021-03-01", "people: [Grace Hopper]", "x");
    site.build().ok();
    let term = site.read("public/people/ada-lovelace/index.html");
    assert!(
        term.contains("<h1><span lang=\"fa\" dir=\"rtl\">Ada Lovelace</span></h1>"),
        "{term}"
    );
    let other = site.read("public/people/grace-hopper/index.html");
    // A name in any script is set apart from the text around it.
    assert!(
        other.contains("<h1><bdi>Grace Hopper</bdi></h1>"),
        "{other}"
    );
}

/// A draft entity file is no term's page: the term's page shows only its
/// dispatches (not the text of whatever page is read after the draft),
/// and the draft's aliases are not written.
#[test]
fn a_draft_entity_file_heads_no_term_page() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\ndraft: true\naliases: [/persons/ada/]\n---\n\nSecret biography.\n",
    );
    // Pages are read in path order: one before the draft, one after.
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n\nAbout text.\n",
    );
    site.write(
        "content/zz/notes.md",
        "---\ntitle: Notes\n---\n\nNotes text.\n",
    );
    site.build().ok();
    let term = site.read("public/people/ada-lovelace/index.html");
    for text in ["Secret biography", "About text", "Notes text"] {
        assert!(!term.contains(text), "{text}: {term}");
    }
    assert!(!site.path("public/persons/ada").exists());
    assert!(
        site.read("public/zz/notes/index.html")
            .contains("Notes text")
    );
}

/// A heading of an unpublished entity file cannot be linked, and the
/// reference says why (not that the heading is missing).
#[test]
fn a_reference_into_an_unpublished_entity_file_says_why() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\ndraft: true\n---\n\n## Career\n\nText[^a].\n\n[^a]: A source.\n",
    );
    site.write(
        "content/people/nobody.md",
        "---\ntitle: Nobody\ndate: 2999-01-01\n---\n\n## Bio\n\nText.\n",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "See [her](@people/ada-lovelace#career), [a note](@people/ada-lovelace#fn-1) and [him](@people/nobody#bio).",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 10)
        .says("`@people/ada-lovelace#career`: the entity file of `people/ada-lovelace`, which has its headings and notes, is a draft")
        .says("`@people/nobody#bio`: `people/nobody` is dated 2999-01-01, after today")
        .says("`--drafts` previews")
        .says("`@people/ada-lovelace#fn-1`: the entity file")
        .says("3 errors");
    assert!(!run.stderr.contains("has no heading"), "{}", run.stderr);
    assert!(!run.stderr.contains("has no note"), "{}", run.stderr);
    site.run(&["build", "--drafts"]).ok();
}

/// A page's `authors` and `updated` show under its title (escaped), and
/// `updated` is its sitemap date; an entity file's show above its text.
#[test]
fn a_page_shows_its_authors_and_last_revision() {
    let site = Site::valid();
    site.write(
        "content/pages/method.md",
        "---\ntitle: Method\ndate: 2021-01-01\nupdated: 2024-05-05\nauthors: [Jane Editor, \"Bob <b>\"]\n---\n\nHow.\n",
    );
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Ada Lovelace\nupdated: 2025-02-03\n---\n\nAnalyst.\n",
    );
    site.build().ok();
    let page = site.read("public/pages/method/index.html");
    assert!(
        page.contains("<p class=\"page-meta\"><bdi lang=\"en\" dir=\"auto\">Jane Editor</bdi>, <bdi lang=\"en\" dir=\"auto\">Bob &lt;b&gt;</bdi> · <span class=\"updated\">updated <time datetime=\"2024-05-05\">May 5, 2024</time></span></p>"),
        "{page}"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://fixture.example/pages/method/</loc><lastmod>2024-05-05</lastmod>"
        ),
        "{sitemap}"
    );
    let term = site.read("public/people/ada-lovelace/index.html");
    assert!(
        term.contains("Updated <time datetime=\"2025-02-03\">February 3, 2025</time>"),
        "{term}"
    );
    // A term's page is as new as its latest dispatch or entity revision.
    assert!(
        sitemap.contains(
            "<loc>https://fixture.example/people/ada-lovelace/</loc><lastmod>2025-02-03</lastmod>"
        ),
        "{sitemap}"
    );
    // Every list is as new as its newest dispatch (sd-2, 2021-02-05), a
    // taxonomy's list as its newest term.
    for (list, lastmod) in [
        ("", "2021-02-05"),
        ("archive/", "2021-02-05"),
        ("archive/2021/", "2021-02-05"),
        ("special-dispatch/", "2021-02-05"),
        ("people/", "2025-02-03"),
    ] {
        let entry =
            format!("<loc>https://fixture.example/{list}</loc><lastmod>{lastmod}</lastmod>");
        assert!(sitemap.contains(&entry), "{entry}: {sitemap}");
    }
    // Without them, nothing is said.
    let about_less = site.read("public/special-dispatch/1/index.html");
    assert!(!about_less.contains("page-meta"));
}

/// `check` warns when an entity file's title is another term's name in
/// its taxonomy: the two would show alike wherever both are listed.
#[test]
fn an_entity_title_that_is_another_terms_name_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [Tomas Ruiz]", "x");
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Tomas Ruiz\n---\n\nBio.\n",
    );
    site.run(&["check"])
        .says("ada-lovelace.md:2:8: `Tomas Ruiz` is also the name of the people term `tomas-ruiz`")
        .says("give this term a title of its own");
}

/// An entity file not named by its term's slug is told the name; when a
/// file of that name is already beside it (the term imported twice), it
/// is told to merge the two, since a rename would replace that page.
#[test]
fn a_misnamed_entity_file_is_told_its_name_or_its_twin() {
    let site = Site::valid();
    let entity = "---\ntitle: Lena Varga\n---\n\nImported.\n";
    site.write("content/people/Lena_Varga.md", entity);
    site.run(&["check"])
        .says("content/people/Lena_Varga.md: entity file name `Lena_Varga` is not a term slug")
        .says("name the file after the term's slug, e.g. `lena-varga.md`");
    site.write("content/people/lena-varga.md", entity);
    let run = site.run(&["check"]);
    run.says("lena-varga.md already exists beside it, the page of the same term: merge the two");
    assert!(
        !run.stderr.contains("e.g. `lena-varga.md`"),
        "{}",
        run.stderr
    );
}

/// A term reference written with the name, spaces and all, is no link to
/// Markdown: it would be published as text, so it is warned about with
/// the slug to write.
#[test]
fn a_term_reference_with_a_space_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "people: [Kaveh Darvand]",
        "See [him](@people/Kaveh Darvand), `[not](@people/in code)` and [p](@/pages/my page.md).\n\n\
         Titled [t](@people/kaveh darvand \"Commander\"), escaped \\[x\\](@people/as text) \
         and prose [was high](@ 9am today), [m](@sd-1 #part).",
    );
    let run = site.run(&["check"]);
    run.ok()
        .says(
            "sd-3.md:10:10: `(@people/Kaveh Darvand)` has a space, so Markdown reads no link here",
        )
        .says("write `@people/kaveh-darvand`")
        .says("`(<@/pages/my page.md>)`")
        .says("sd-3.md:12:11: `(@people/kaveh darvand)` has a space")
        .says("a reference's `#place` follows its address with no space: write `@sd-1#part`")
        .says("4 warnings");
}

/// Names that differ only in accents or in the Arabic or Persian form of
/// a letter are two terms, with two pages: `check` says so, at the
/// spelling fewer dispatches use.
#[test]
fn names_spelt_with_other_accents_or_letter_forms_are_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "people: [\"Qāssem Soleimānī\", علی, Agent 7]",
        "x",
    )
    .write_dispatch(4, "2021-03-02", "people: [\"Qāssem Soleimānī\"]", "x")
    .write_dispatch(
        5,
        "2021-03-03",
        "people: [Qassem Soleimani, علي, Agent 007]",
        "x",
    );
    let run = site.run(&["check"]);
    run.ok()
        .says("sd-5.md:7:10: people term `Qassem Soleimani` differs from `Qāssem Soleimānī` only in accents or letter forms")
        .says("write `Qāssem Soleimānī` everywhere (2 dispatches do)")
        .says("people term `علي` differs from `علی`")
        .says("give each its entity file (this one content/people/علي.md), which says so")
        .says("2 warnings");
    // Given each an entity file, two terms are curated: their editor
    // knows them. (One's file does not hide a slip for it.)
    site.write(
        "content/people/علي.md",
        "---\ntitle: علي\n---\nAnother man.\n",
    )
    .write("content/people/علی.md", "---\ntitle: علی\n---\nA man.\n")
    .write(
        "content/people/qāssem-soleimānī.md",
        "---\ntitle: Qāssem Soleimānī\n---\nBio.\n",
    );
    let run = site.run(&["check"]);
    run.ok()
        .says("people term `Qassem Soleimani` differs")
        .says("1 warning");
    assert!(!run.stderr.contains("`علي` differs"), "{}", run.stderr);
}

/// An entity file named a letter off its term's slug, or put in a folder
/// named a letter off the taxonomy's, is told the name meant.
#[test]
fn a_misnamed_entity_file_or_folder_is_told_the_name_meant() {
    let site = Site::valid();
    site.write(
        "content/people/ada-lovelase.md",
        "---\ntitle: Ada Lovelace\n---\nBio.\n",
    )
    .write("content/peple/grace.md", "---\ntitle: Grace\n---\nBio.\n")
    // Named for another place than the one a letter off: no offer.
    .write(
        "content/people/iran.md",
        "---\ntitle: Iran\n---\nA country.\n",
    )
    .write_dispatch(3, "2021-03-01", "people: [Iraq]", "x");
    let run = site.run(&["check"]);
    run.ok()
        .says("did you mean content/people/ada-lovelace.md, the text of the people term `ada-lovelace`?")
        .says("if this file is the text of `ada-lovelace`, name it content/people/ada-lovelace.md")
        .says("`peple/` is not a taxonomy folder: its files are published as plain pages")
        .says("entity files of the `people` taxonomy go in content/people/")
        .says("entity page for `iran`, but no published dispatch names this people term");
    assert!(!run.stderr.contains("people/iraq.md"), "{}", run.stderr);
    // Another word, not a slip: no warning.
    site.write("content/pages/about.md", "---\ntitle: About\n---\nUs.\n")
        .write("content/peoples/x.md", "---\ntitle: X\n---\nx\n");
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("`pages/`"), "{}", run.stderr);
}

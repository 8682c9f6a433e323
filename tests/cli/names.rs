//! Names as people write them: one Unicode form, spellings that fold to
//! one slug, and the scripts whose marks belong to their words.

use crate::support::Site;

#[test]
fn a_name_in_any_unicode_form_is_one_term() {
    let site = Site::valid();
    let composed = "Caf\u{e9} R\u{e9}";
    let decomposed = "Cafe\u{301} Re\u{301}";
    site.write_dispatch(
        3,
        "2021-02-01",
        &format!("people: [\"{composed}\"]"),
        "A.\n",
    );
    site.write_dispatch(
        4,
        "2021-02-02",
        &format!("people: [\"{decomposed}\"]"),
        "B.\n",
    );
    site.write_dispatch(
        5,
        "2021-02-03",
        "people: [\"ΣΟΦΟΣ\", \"नरेन्द्र मोदी\"]",
        "C.\n",
    );
    site.write_dispatch(6, "2021-02-04", "people: [\"Σοφος\"]", "D.\n");
    // The entity file named as macOS writes it, decomposed.
    site.write(
        "content/people/cafe\u{301}-re\u{301}.md",
        "---\ntitle: Café Ré\n---\n\nBio.\n",
    );
    site.build().ok();
    // The two forms are one spelling, not a variant to warn about.
    let check = site.run(&["check"]);
    assert!(!check.stderr.contains("Caf"), "{}", check.stderr);
    assert!(
        check.stderr.contains("Σοφος"),
        "the case variant is: {}",
        check.stderr
    );
    let people = crate::support::files(&site.path("public/people"));
    let pages: Vec<&String> = people
        .iter()
        .filter(|f| f.ends_with("/index.html"))
        .collect();
    assert!(
        pages.contains(&&"caf\u{e9}-r\u{e9}/index.html".to_string()),
        "{pages:?}"
    );
    assert!(
        pages.contains(&&"σοφοσ/index.html".to_string()),
        "{pages:?}"
    );
    assert!(
        pages.contains(&&"नरेन्द्र-मोदी/index.html".to_string()),
        "{pages:?}"
    );
    assert_eq!(pages.len(), 4, "one page per person: {pages:?}");
    let term = site.read("public/people/caf\u{e9}-r\u{e9}/index.html");
    assert!(term.contains("Bio."), "the entity file is the term's page");
    assert!(term.contains("/special-dispatch/3/") && term.contains("/special-dispatch/4/"));
}

/// A name written as people write it (`σοφος` with its final sigma, Arabic
/// with its vowel marks, `é` decomposed) still names its slug in file
/// names and `@` references, and lands where the slug is.
#[test]
fn spellings_that_fold_to_a_slug_name_it() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-02-01",
        "regions: [\"σοφος\", \"مُحَمَّد\"]",
        "## Cafe\u{301} x\n\n## σοφος\n\n## 1\u{FE0F}\u{20E3} First step\n\nText.\n",
    );
    site.write_dispatch(
        4,
        "2021-02-02",
        "",
        "See [a](@regions/σοφος), [b](@regions/مُحَمَّد), [c](@sd-3#cafe\u{301}-x), [d](@sd-3#σοφος) and [e](@sd-3#1-first-step).\n",
    );
    site.write(
        "content/regions/σοφος.md",
        "---\ntitle: Sophos\n---\n\nAbout.\n",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/4/index.html");
    for href in [
        "/regions/σοφοσ/\"",
        "/regions/محمد/\"",
        "/special-dispatch/3/#caf\u{e9}-x\"",
        "/special-dispatch/3/#σοφοσ\"",
        "/special-dispatch/3/#1-first-step\"",
    ] {
        assert!(page.contains(href), "{href} in {page}");
    }
    assert!(
        site.read("public/regions/σοφοσ/index.html")
            .contains("About.")
    );
}

/// A term is shown in its first dispatch's spelling, and search finds
/// and shows it so in every dispatch: a result found by a name shows that
/// name as the dispatch's page does.
#[test]
fn search_knows_a_term_by_the_spelling_pages_show() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-02-01", "people: [I R G C]", "A.\n");
    site.write_dispatch(4, "2021-02-02", "people: [\"I.R.G.C.\", Ana Ruiz]", "B.\n");
    site.build().ok();
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(
        page.contains(">I R G C<") && !page.contains("I.R.G.C."),
        "{page}"
    );
    let records: Vec<serde_json::Value> = (0..2)
        .filter_map(|n| {
            std::fs::read(site.path(&site.index_file("public", &format!("d/{n}.json")))).ok()
        })
        .flat_map(|b| serde_json::from_slice::<Vec<serde_json::Value>>(&b).unwrap())
        .collect();
    let four = records
        .iter()
        .find(|r| r["id"] == "sd-4")
        .expect("sd-4's record");
    assert_eq!(
        four["terms"]["people"],
        serde_json::json!(["I R G C", "Ana Ruiz"])
    );
}

/// A page file named in a spelling that folds is published at its slug,
/// so two spellings of one name are two files at one URL.
#[test]
fn page_files_are_published_at_their_slug() {
    let site = Site::valid();
    site.write("content/pages/σοφος.md", "---\ntitle: One\n---\n\nOne.\n");
    site.build().ok();
    assert!(site.path("public/pages/σοφοσ/index.html").exists());
    site.write("content/pages/σοφοσ.md", "---\ntitle: Two\n---\n\nTwo.\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("this page's URL /pages/σοφοσ/ is also");
}

/// An entity file's title is its term's name wherever the term is shown,
/// whatever the dispatches write; spellings are still held against the
/// first dispatch's, and a draft entity file names nothing.
#[test]
fn an_entity_file_title_names_its_term() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-02-01", "people: [Lena Varga, Omar Haddad]", "A.\n");
    site.write_dispatch(4, "2021-02-02", "people: [lena varga, Omar Haddad]", "B.\n");
    site.write(
        "content/people/lena-varga.md",
        "---\ntitle: Lena Varga (port director)\n---\n\nBio.\n",
    );
    site.write(
        "content/people/omar-haddad.md",
        "---\ntitle: Someone Else\ndraft: true\n---\n\nBio.\n",
    );
    site.build().ok();
    site.run(&["check"])
        .says("people term `lena varga` is spelled `Lena Varga` elsewhere");
    let named = "Lena Varga (port director)";
    let term = site.read("public/people/lena-varga/index.html");
    assert!(
        term.contains(&format!(
            "<h1><span lang=\"en\" dir=\"ltr\">{named}</span></h1>"
        )),
        "{term}"
    );
    for page in [
        "public/special-dispatch/3/index.html",
        "public/special-dispatch/4/index.html",
        "public/people/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains(named), "{page}: {html}");
        assert!(html.contains(">Omar Haddad<"), "{page}: {html}");
        assert!(!html.contains("Someone Else"), "{page}: {html}");
    }
    // Search's filter and results name it so too.
    let facet = site.read(&site.index_file("public", "f/people.json"));
    assert!(
        facet.contains(named) && !facet.contains("Someone Else"),
        "{facet}"
    );
}

/// A term renamed by its entity file is listed where its new name puts it.
#[test]
fn a_renamed_term_is_listed_by_its_name() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-02-01", "people: [Bea Alder]", "A.\n");
    site.write(
        "content/people/ada-lovelace.md",
        "---\ntitle: Zelda Lovelace\n---\n\nBio.\n",
    );
    site.build().ok();
    let list = site.read("public/people/index.html");
    let (bea, zelda) = (list.find(">Bea Alder<"), list.find(">Zelda Lovelace<"));
    assert!(bea.is_some() && zelda.is_some() && bea < zelda, "{list}");
}

/// Two page files whose names differ only in Unicode form are one URL,
/// and the clash says why, and which is which, since the two names look
/// alike.
#[test]
fn page_files_named_alike_say_why_they_clash() {
    let site = Site::valid();
    site.write("content/pages/caf\u{e9}.md", "---\ntitle: A\n---\nx\n");
    site.write("content/pages/cafe\u{301}.md", "---\ntitle: B\n---\nx\n");
    site.build()
        .says("(its accents written as characters of their own)")
        .says("the two file names differ only by letter case");
}

/// What a paste from a word processor hides in a name or a heading (a
/// soft hyphen, a zero-width space, a direction mark) does not part its
/// slug: one person is one term, a heading's id is its words'. An id
/// written with such a character, or with typographic quotes, is warned
/// about with the id meant.
#[test]
fn pasted_invisible_characters_do_not_part_names_or_ids() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "people: [\"Kaveh Dar\u{AD}vand\"]", "x");
    site.write_dispatch(
        4,
        "2021-03-02",
        "people: [Kaveh Darvand]",
        "## Inspec\u{200B}tion Sched\u{AD}ule\n\nx\n\n## Findings {#find\u{AD}ings}\n\ny\n\n## Reactions {#\u{201C}reactions\u{201D}}\n\nz\n",
    );
    let run = site.build();
    run.ok()
        .says("the heading's id `find\\u{AD}ings` holds an invisible character, U+00AD")
        .says("write `{#findings}`")
        .says("holds a typographic quote, U+201C");
    assert!(
        site.path("public/people/kaveh-darvand/index.html")
            .is_file()
    );
    assert!(!site.path("public/people/kaveh-dar-vand").exists());
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(page.contains("id=\"inspection-schedule\""), "{page}");
}

/// A direction mark pasted before an `@` reference (as right-to-left
/// editors leave one) is no part of it: the reference is checked and
/// linked as it reads.
#[test]
fn a_direction_mark_before_a_reference_is_no_part_of_it() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "See [it](\u{200E}@sd-1) and [this](\u{200F}@sd-99).",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("broken reference `@sd-99`");
    site.write_dispatch(3, "2021-03-01", "", "See [it](\u{200E}@sd-1\u{200B}).");
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("href=\"/special-dispatch/1/\""), "{page}");
    assert!(!page.contains("%E2%80%8E"), "{page}");
}

/// Two content files one on macOS and Windows (case, or Unicode form):
/// a checkout there keeps one, so both are warned about; a reference
/// spelled in NFC leads to the file spelled so.
#[test]
fn content_files_that_differ_only_by_case_or_unicode_form_are_warned_about() {
    let site = Site::valid();
    let file = |n: u32, day: u32, body: &str| {
        crate::support::dispatch(
            "special-dispatch",
            n,
            &format!("2021-03-{day:02}"),
            "",
            body,
        )
    };
    site.write("content/dispatches/caf\u{e9}.md", &file(10, 2, "Composed."))
        .write(
            "content/dispatches/cafe\u{301}.md",
            &file(11, 3, "Decomposed."),
        )
        .write("content/dispatches/Note.md", &file(8, 4, "Upper."))
        .write("content/dispatches/note.md", &file(9, 5, "Lower."))
        .write("content/reports/Brief.md", &file(13, 7, "Upper."))
        .write("content/reports/brief.md", &file(14, 8, "Lower."))
        .write(
            "content/dispatches/ref.md",
            &file(12, 6, "See [it](@/dispatches/caf\u{e9}.md)."),
        );
    site.build()
        .ok()
        .says("content/dispatches/note.md: this file and content/dispatches/Note.md differ only by letter case or Unicode form")
        .says("(its accents written as characters of their own) differ only by letter case")
        .says("a checkout there keeps only one of them")
        .says("content/reports/brief.md: this file and content/reports/Brief.md differ");
    assert!(
        site.read("public/special-dispatch/12/index.html")
            .contains("href=\"/special-dispatch/10/\">it</a>")
    );
}

/// An `id` pasted with its accents as characters of their own is read in
/// NFC, as every other name: the message could show no difference.
#[test]
fn an_id_written_decomposed_is_read_composed() {
    let site = Site::valid();
    site.write(
        "content/dispatches/brief.md",
        "---\ntitle: Brief\nid: cafe\u{301}-notes\ndate: 2021-03-02\n---\n\nText.\n",
    )
    .write_dispatch(3, "2021-03-03", "", "See [it](@caf\u{e9}-notes).");
    site.build().ok();
    assert!(
        site.read("public/dispatches/caf\u{e9}-notes/index.html")
            .contains("Brief")
    );
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("href=\"/dispatches/caf\u{e9}-notes/\">it</a>")
    );
}

/// The titles in annals.yaml are read in NFC, as the content's names:
/// one site, one form, whatever the editor saved.
#[test]
fn config_titles_written_decomposed_are_published_composed() {
    let site = Site::empty();
    let config = crate::support::CONFIG
        .replace("Fixture Archive", "Archive Fe\u{301}de\u{301}rale")
        .replace(
            "title: Special Dispatch,",
            "title: De\u{301}pe\u{302}che, description: Re\u{301}sume\u{301},",
        );
    site.write("annals.yaml", &config)
        .write_dispatch(1, "2021-03-01", "", "Text.");
    site.build().ok();
    let json = site.read("public/archive.json");
    assert!(json.contains("D\u{e9}p\u{ea}che No. 1"), "{json}");
    let page = site.read("public/special-dispatch/1/index.html");
    assert!(page.contains("Archive F\u{e9}d\u{e9}rale"));
    assert!(!page.contains('\u{301}') && !json.contains("\\u0301"));
    let series = site.read("public/special-dispatch/index.html");
    assert!(series.contains("R\u{e9}sum\u{e9}") && !series.contains('\u{301}'));
}

//! Broken `@` references get a located error with the reference meant,
//! and none that another error already explains.

use crate::bad_input::{SD3, bad_body};
use crate::support::{Site, dispatch};

#[test]
fn broken_reference() {
    bad_body("Line.\n\nSee [this](@sd-999) now.")
        .fails_at(SD3, 12)
        .says("no dispatch has id `sd-999`");
}

/// A dispatch's own id edited: references by the old one are told the
/// new one, and its file.
#[test]
fn a_reference_to_an_edited_own_id_names_the_new_one() {
    let site = Site::valid();
    site.write(
        "content/dispatches/alpha.md",
        "---\ntitle: \"Alpha\"\nid: probe-alpha2\ndate: 2021-03-01\n---\n\nText.\n",
    );
    site.write_dispatch(4, "2021-04-01", "", "See [it](@probe-alpha).");
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("no dispatch has id `probe-alpha`")
        .says("did you mean `@probe-alpha2` (content/dispatches/alpha.md)?");
    // A series' number a digit off is another dispatch, not a typo.
    // An own id ending in a number is guessed among those ending alike.
    site.write(
        "content/dispatches/annual.md",
        "---\ntitle: \"Annual\"\nid: annual-report-2020\ndate: 2021-03-02\n---\n\nText.\n",
    );
    site.write_dispatch(4, "2021-04-01", "", "See [it](@annual-reprot-2020).");
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("did you mean `@annual-report-2020`");
    // A number after a prefix no series has is no typo of another number.
    site.write_dispatch(4, "2021-04-01", "", "See [it](@sd-10) and [that](@xx-7).");
    let run = site.build();
    run.fails_at("content/dispatches/sd-4.md", 10);
    assert!(!run.stderr.contains("did you mean `@sd-"), "{}", run.stderr);
}

/// A dispatch renumbered in its front matter: a reference by its old id
/// is told the file named for it has another number now.
#[test]
fn a_reference_to_a_renumbered_dispatch_names_its_new_id() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &dispatch("special-dispatch", 30, "2021-03-01", "", "Moved."),
    );
    site.write_dispatch(4, "2021-04-01", "", "See [it](@sd-3).");
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("no dispatch has id `sd-3`")
        .says("the file named for it, content/dispatches/sd-3.md, has `number: 30` now: write `@sd-30`");
}

/// A dispatch whose front matter cannot be read at all (no opening or
/// closing `---`, lines ended by CR alone, a number that is no number)
/// still holds back the references to it, by its file's name.
#[test]
fn references_to_a_file_whose_id_cannot_be_read_are_held_back() {
    let site = Site::valid();
    site.write_dispatch(4, "2021-04-01", "", "See [three](@sd-3).");
    let good = dispatch("special-dispatch", 3, "2021-03-01", "", "Body.");
    for broken in [
        good.replacen("---\n", "", 1),
        good.replace("---\n\n", "\n"),
        good.replace('\n', "\r"),
        good.replace("number: 3", "number: three"),
    ] {
        site.write("content/dispatches/sd-3.md", &broken);
        let run = site.build();
        assert!(run.stderr.contains("sd-3.md"), "{}", run.stderr);
        assert!(!run.stderr.contains("broken reference"), "{}", run.stderr);
        assert!(run.stderr.contains("failed: 1 error"), "{}", run.stderr);
    }
}

/// A term's name written where its slug goes: the slug of that term.
#[test]
fn a_term_named_by_its_name_is_told_its_slug() {
    let site = Site::valid();
    site.write_dispatch(
        4,
        "2021-04-01",
        "regions: [Iğdır, North Coast]",
        "See [the region](@regions/Iğdır), [a coast](@regions/North%20Coast), \
         [again](@regions/Igdir), [the coast](@regions/North_Cost) and [its past](@regions/IĞDIR#history).",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("no regions term with slug `Iğdır`")
        .says("did you mean `@regions/iğdir`? A reference names a term by its slug")
        .says("did you mean `@regions/north-coast`? A reference names a term by its slug")
        .says("did you mean `@regions/iğdir`? A reference names a term by its slug (it has no `#history`)")
        .says("did you mean `@regions/iğdir`?")
        .says("did you mean `@regions/north-coast`?");
}

#[test]
fn broken_fragment() {
    bad_body("See [this](@sd-1#part-iii).")
        .fails_at(SD3, 10)
        .says("has no heading `#part-iii`")
        .says("part-ii-the-sermon");
    // Only the case differs: the id meant.
    bad_body("See [this](@sd-1#PART-II-THE-SERMON).")
        .fails_at(SD3, 10)
        .says("did you mean `#part-ii-the-sermon`?");
}

#[test]
fn a_note_fragment_must_name_a_note_of_the_target() {
    // sd-1 has one note: #fn-1 is a place on its page, #fn-9 is not.
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "See [its note](@sd-1#fn-1).");
    site.build().ok();
    site.write_dispatch(3, "2021-03-01", "", "See [a note](@sd-1#fn-9).");
    site.build()
        .fails_at(SD3, 10)
        .says("`sd-1` has no note `#fn-9`")
        .says("it has one note: #fn-1");
}

/// A note is also named by its label (`[^paper]` is `#fn-paper`), which
/// stays with it when a note is added before it, as `#fn-2` does not.
#[test]
fn a_note_is_named_by_its_label_too_and_that_does_not_move() {
    let site = Site::valid();
    let cited = |body: &str| site.write_dispatch(3, "2021-03-01", "", body);
    cited("Opening.[^src] Paper.[^Paper]\n\n[^src]: Source.\n\n[^Paper]: The paper.");
    site.write_dispatch(4, "2021-04-01", "", "As [the paper says](@sd-3#fn-paper).");
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("<li id=\"fn-2\" class=\"footnote\"><span id=\"fn-paper\" class=\"note-anchor\"></span><p>The paper."),
        "{page}"
    );
    cited(
        "New.[^new] Opening.[^src] Paper.[^Paper]\n\n[^new]: New.\n\n[^src]: Source.\n\n[^Paper]: The paper.",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("<li id=\"fn-3\" class=\"footnote\"><span id=\"fn-paper\" class=\"note-anchor\"></span><p>The paper."),
        "{page}"
    );
    let citing = site.read("public/special-dispatch/4/index.html");
    assert!(
        citing.contains("href=\"/special-dispatch/3/#fn-paper\""),
        "{citing}"
    );
    site.write_dispatch(4, "2021-04-01", "", "As [it says](@sd-3#fn-papers).");
    site.build()
        .says("`sd-3` has no note `#fn-papers`")
        .says("did you mean #fn-paper?");
    // A note's number out of range is said as that, not as a label.
    site.write_dispatch(4, "2021-04-01", "", "As [it says](@sd-3#fn-9).");
    let run = site.build();
    run.says("its notes are #fn-1 to #fn-3");
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    // An id the page has already (a heading's, the theme's note popup's)
    // or one of digits is no label's anchor: ids stay one per page. A
    // date is a label.
    cited(
        "## Fn paper\n\nPaper.[^Paper] Shown.[^preview] Third.[^2] Day.[^2023-02-09]\n\n\
         [^Paper]: The paper.\n\n[^preview]: P.\n\n[^2]: Two.\n\n[^2023-02-09]: That day.",
    );
    site.write_dispatch(4, "2021-04-01", "", "As [it says](@sd-3#fn-2023-02-09).");
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert_eq!(page.matches("id=\"fn-paper\"").count(), 1, "{page}");
    assert_eq!(page.matches("note-anchor").count(), 1, "{page}");
    assert!(page.contains("<span id=\"fn-2023-02-09\""), "{page}");
}

/// `## Fn 1` beside note 1 has the id `fn-1-2`, and `{#fn-method}` is an
/// id of its own: both are headings, not notes.
#[test]
fn a_heading_id_may_start_like_a_note() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "## Fn 1\n\n## Method {#fn-method}\n\nText.[^a]\n\n[^a]: Note.",
    );
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "See [one](@sd-3#fn-1-2) and [two](@sd-3#fn-method).",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(
        page.contains("href=\"/special-dispatch/3/#fn-1-2\""),
        "{page}"
    );
    assert!(page.contains("href=\"/special-dispatch/3/#fn-method\""));
    site.write_dispatch(4, "2021-03-02", "", "See [x](@sd-3#fn-methods).");
    site.build()
        .fails_at("content/dispatches/sd-4.md", 10)
        .says("`sd-3` has no heading `#fn-methods`")
        .says("did you mean `#fn-method`?");
}

/// A content path with a typo, or to a dispatch file since renamed, is
/// offered the file meant (and for a dispatch, its id).
#[test]
fn a_missing_content_path_offers_the_file_meant() {
    let site = Site::valid();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nUs.\n");
    site.write(
        "content/dispatches/sd-3-port-strike-day-one.md",
        &dispatch(
            "special-dispatch",
            3,
            "2021-03-01",
            "",
            "Strike.\n\n## Day one\n\nMore.",
        ),
    );
    // A name's number is kept: `12-report.md` is not `13-report.md`,
    // and it need not lead: `sd-528.md` is not `sd-508.md`.
    for (file, number) in [
        ("12-report-final", 12),
        ("13-report", 13),
        ("sd-508", 508),
        ("sd-528-moved", 528),
        ("2021-03-01-report", 600),
    ] {
        site.write(
            &format!("content/dispatches/{file}.md"),
            &dispatch("special-dispatch", number, "2021-03-05", "", "Text."),
        );
    }
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "See [us](@/pages/abuot.md) and [it](@/dispatches/sd-3-port-strike.md#day-one).\n\n\
         Its [start](@/dispatches/sd-3-port-strike.md#dya-one), [end](@/dispatches/sd-3-port-strike.md#end).\n\n\
         And [twelve](@/dispatches/12-report.md), [again](@/dispatches/12.md), [padded](@/dispatches/012.md).\n\n\
         Then [moved](@/dispatches/sd-528.md), [caps](@/dispatches/sd-3-port-strike.md#Day-One).\n\n\
         A [day](@/dispatches/2021-03-02-report.md), a [draft](@/dispatches/sd-9.md#hiden).",
    );
    site.write(
        "content/dispatches/sd-9-draft.md",
        &dispatch(
            "special-dispatch",
            9,
            "2021-03-05",
            "draft: true",
            "## Hidden\n\nText.",
        ),
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-4.md", 10)
        .says("did you mean `@/pages/about.md`?")
        // The fragment offered is one the file has: as written, or the
        // heading meant, or none.
        .says("did you mean `@/dispatches/sd-3-port-strike-day-one.md#day-one`? Or `@sd-3#day-one`?")
        .says("`@/dispatches/sd-3-port-strike.md#dya-one`: no content file")
        .says("`@/dispatches/sd-3-port-strike.md#end`: no content file")
        .says("did you mean `@/dispatches/sd-3-port-strike-day-one.md`? Or `@sd-3`? An id does not break when its file is renamed (it has no `#end`)")
        .says("`@/dispatches/12-report.md`: no content file")
        .says("`@/dispatches/12.md`: no content file")
        .says("`@/dispatches/012.md`: no content file")
        .says("did you mean `@/dispatches/sd-528-moved.md`? Or `@sd-528`?")
        // Another day's file is another dispatch.
        .says("`@/dispatches/2021-03-02-report.md`: no content file")
        // An offered file whose headings are not known keeps the fragment.
        .says("did you mean `@/dispatches/sd-9-draft.md#hiden`?");
    assert!(
        !run.stderr.contains("2021-03-01-report.md`?"),
        "{}",
        run.stderr
    );
    let heading_offers = run
        .stderr
        .matches(
            "did you mean `@/dispatches/sd-3-port-strike-day-one.md#day-one`? Or `@sd-3#day-one`?",
        )
        .count();
    // (`#Day-One` is `#day-one` but for its case.)
    assert_eq!(heading_offers, 3, "{}", run.stderr);
    let offers = run
        .stderr
        .matches("did you mean `@/dispatches/12-report-final.md`? Or `@sd-12`?")
        .count();
    assert_eq!(offers, 3, "{}", run.stderr);
}

/// A path with `.` or `..` parts is no path of a content file: the
/// reference is told the plain path, which the folder it names may hold.
#[test]
fn a_content_path_with_dot_parts_is_told_the_plain_path() {
    let site = Site::valid();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n## Team\n\nText.\n",
    );
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "See [us](@/pages/../pages/about.md), [them](@/dispatches/./../pages/about.md), \
         [gone](@/pages/../pages/gone.md) and [out](@/../annals.yaml).\n\n\
         From the site's folder: [us](@/content/pages/about.md#tema), [twice](@/pages//about.md), \
         [end](@/pages/about.md/).",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-4.md", 10)
        .says("`@/pages/../pages/about.md`: no content file `pages/../pages/about.md`")
        .says("`@/dispatches/./../pages/about.md`: no content file")
        .says("`@/pages/../pages/gone.md`: no content file `pages/../pages/gone.md`: a reference's path has no `.` or `..` parts")
        .says("it would be `@/pages/gone.md`, and there is no such file")
        .says("write the path of a file under content/, from there")
        .says("`@/content/pages/about.md#tema`: no content file `content/pages/about.md`")
        // The fragment offered is the heading the file has.
        .says("did you mean `@/pages/about.md#team`?");
    assert_eq!(
        run.stderr
            .matches("did you mean `@/pages/about.md`? A reference's path starts inside content/")
            .count(),
        4,
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("no file of that name"),
        "{}",
        run.stderr
    );
}

/// The default `post` writes its `url` twice (its `cite` and its link):
/// a broken reference there is one error, said once.
#[test]
fn a_broken_reference_a_template_writes_twice_is_said_once() {
    let site = Site::valid();
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "{% post(author=\"A\", url=\"@sd-96\") %}\nPost.\n{% end %}\n",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-4.md", 10)
        .says("no dispatch has id `sd-96`");
    assert_eq!(
        run.stderr.matches("no dispatch has id").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

#[test]
fn a_link_to_a_draft_page_says_it_is_a_draft() {
    let site = Site::valid();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\ndraft: true\n---\nSoon.\n",
    );
    site.write(
        "content/pages/team.md",
        "---\ntitle: Team\n---\nSee [about](@/pages/about.md).\n",
    );
    site.build()
        .fails_at("content/pages/team.md", 4)
        .says("`/pages/about.md` is a draft, so it is not published");
    // With --drafts it is published, and the link resolves.
    site.run(&["build", "--drafts"]).ok();
    assert!(
        site.read("public/pages/team/index.html")
            .contains("href=\"/pages/about/\"")
    );
}

#[test]
fn a_file_with_errors_is_not_reported_again_by_the_references_to_it() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "aliases: [\"../x.html\"]", "Body.");
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "See [three](@sd-3) and [it](@/dispatches/sd-3.md).",
    );
    let run = site.build();
    run.fails_at(SD3, 7);
    assert!(!run.stderr.contains("broken reference"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

#[test]
fn a_link_to_a_term_only_drafts_name_says_so() {
    let site = Site::valid();
    site.write(
        "content/dispatches/draft.md",
        &dispatch(
            "special-dispatch",
            3,
            "2021-03-01",
            "draft: true\npeople: [Zed Zorn]",
            "x",
        ),
    );
    site.write_dispatch(5, "2021-04-01", "", "See [Zed](@people/zed-zorn).");
    site.build()
        .fails_at("content/dispatches/sd-5.md", 10)
        .says("the people term `zed-zorn` has no page yet: only unpublished dispatches name it");
    site.run(&["build", "--drafts"]).ok();
}

/// An id in capitals or with leading zeros names no dispatch, but the
/// one it was meant for is offered.
#[test]
fn a_reference_in_capitals_or_with_leading_zeros_offers_the_id() {
    for (written, meant) in [
        ("@SD-1", "@sd-1"),
        ("@sd-01", "@sd-1"),
        // A prefix and a number run together.
        ("@sd1", "@sd-1"),
        ("@SD_01", "@sd-1"),
        ("@Sd-1#part-ii-the-sermon", "@sd-1#part-ii-the-sermon"),
        // The heading meant by a mistyped fragment.
        ("@SD-1#part-ii-the-sermn", "@sd-1#part-ii-the-sermon"),
    ] {
        bad_body(&format!("See [this]({written})."))
            .fails_at(SD3, 10)
            .says(&format!("did you mean `{meant}`?"));
    }
}

/// A reference to an entity whose file failed to load is not said broken
/// too: the file's own error says what is wrong.
#[test]
fn a_reference_to_an_entity_file_with_errors_is_not_said_broken() {
    let site = Site::valid();
    site.write(
        "content/people/zed.md",
        "---\ntitle: Zed\nsumary: oops\n---\nAbout Zed.\n",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "people: [Zed]\n",
        "See [Zed](@people/zed) and [his career](@people/zed#career).",
    );
    let run = site.build();
    run.fails_at("content/people/zed.md", 3)
        .says("unknown front-matter key `sumary`");
    assert!(!run.stderr.contains("broken reference"), "{}", run.stderr);
    // Misnamed, or in a folder of its own as Hugo has it: the file is
    // said, not the references to its headings.
    std::fs::remove_file(site.path("content/people/zed.md")).unwrap();
    for file in ["content/people/Zed_.md", "content/people/zed/index.md"] {
        site.write(file, "---\ntitle: Zed\n---\n## Career\n");
        let run = site.build();
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            !run.stderr.contains("broken reference"),
            "{file}: {}",
            run.stderr
        );
        std::fs::remove_file(site.path(file)).unwrap();
    }
}

/// A file renamed with its number kept (`8602-manhal-dockworkers.md` is
/// now `8602-sermon-and-dockworkers.md`) is offered; where none is, the id
/// shown is said to be an example, not the dispatch meant.
#[test]
fn a_renamed_file_is_offered_by_its_number() {
    let site = Site::valid();
    site.write(
        "content/dispatches/8602-sermon-and-dockworkers.md",
        &dispatch("special-dispatch", 8602, "2021-03-05", "", "Text."),
    );
    site.write_dispatch(
        4,
        "2021-03-06",
        "",
        "See [it](@/dispatches/8602-manhal-dockworkers.md) and [gone](@/dispatches/7777-nothing.md), \
         [strike](@/dispatches/2024-03-01-strike.md).",
    );
    // Another file of the same day is another dispatch.
    site.write(
        "content/dispatches/2024-03-01-port-visit.md",
        &dispatch("special-dispatch", 700, "2021-03-05", "", "Text."),
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-4.md", 10)
        .says("did you mean `@/dispatches/8602-sermon-and-dockworkers.md`? Or `@sd-8602`?")
        .says("use the dispatch's id: its series prefix and number, `@sd-` and the number");
    assert!(!run.stderr.contains("port-visit.md`?"), "{}", run.stderr);
}

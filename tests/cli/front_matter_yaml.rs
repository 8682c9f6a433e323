//! Front matter as editors mistype it: a key indented by mistake, a list
//! item under the one above, names YAML would read as numbers, booleans
//! or nothing, and quotes left open. Each is one error, at the line, in
//! words, with what to write instead; a name is kept as written.

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

#[test]
fn a_list_item_indented_under_the_one_above_is_an_error() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2024-02-10",
        "people:\n  - Lena Varga\n   - Tomas Ruiz",
        "B.",
    );
    site.build()
        .fails_at(FILE, 9)
        .says("YAML reads the two as one item: `Lena Varga - Tomas Ruiz`")
        .says("line the `-` up with the one above it");
}

#[test]
fn names_yaml_reads_as_numbers_or_booleans_are_kept_as_written() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2024-02-10",
        "people: [007, 1.50, 0x1F, 1_000, 1e3, .inf]\nregions: [Norway, NO, ON, Off, y]\nauthors: [No, 1.0]",
        "B.",
    );
    site.build().ok();
    for slug in ["007", "1-50", "0x1f", "1-000", "1e3", "inf"] {
        assert!(
            site.path(&format!("public/people/{slug}/index.html"))
                .exists(),
            "{slug}"
        );
    }
    for slug in ["norway", "no", "on", "off", "y"] {
        assert!(
            site.path(&format!("public/regions/{slug}/index.html"))
                .exists(),
            "{slug}"
        );
    }
    assert!(site.read("public/people/1-50/index.html").contains("1.50"));
    assert!(site.read("public/regions/no/index.html").contains(">NO<"));
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("1.0"), "an author's name as written");
}

#[test]
fn an_empty_item_is_named_with_what_to_write() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2024-02-10",
        "regions: [Norway, ~]\nauthors: [null]",
        "B.",
    );
    site.build()
        .fails_at(FILE, 7)
        .says("an empty item in `regions`: YAML reads `~` as no value")
        .fails_at(FILE, 8)
        .says("an empty item in `authors`: YAML reads `null` as no value")
        .says("write a name instead, or remove the item");
}

#[test]
fn library_messages_do_not_reach_the_editor() {
    let site = Site::valid();
    site.write_dispatch(3, "2024-02-10", "extra: &a {x: *a}", "B.");
    site.build()
        .fails_at(FILE, 7)
        .says("refers to itself")
        .says("write the value out instead of the alias");
    let site = with_front_matter("title: \"Unclosed\nseries: special-dispatch\nnumber: 3");
    let run = site.build();
    run.fails_at(FILE, 2)
        .says("the value of `title` opens a quote but does not close it")
        .says("help: end the value with the quote it starts with");
    assert!(!run.stderr.contains("invalid YAML"), "{}", run.stderr);
}

#[test]
fn a_series_key_yaml_reads_as_a_boolean_or_a_number_is_the_key_written() {
    // `n`, `no` and `2024` are booleans and a number to YAML, but a
    // series key is the text written, as it is in annals.yaml.
    let site = Site::empty();
    site.write(
        "annals.yaml",
        "title: T\nseries:\n  n: { title: Notes, prefix: n }\n  \"no\": { title: Nos, prefix: \"no\" }\n  \"2024\": { title: Year, prefix: y }\n",
    );
    for (file, key) in [("a", "n"), ("b", "no  # a comment"), ("c", "\n  2024")] {
        site.write(
            &format!("content/{file}.md"),
            &format!("---\ntitle: T\nseries: {key}\nnumber: 1\ndate: 2024-02-10\n---\n\nB.\n"),
        );
    }
    site.build().ok();
    for page in [
        "public/n/1/index.html",
        "public/no/1/index.html",
        "public/2024/1/index.html",
    ] {
        assert!(site.read(page).contains("<title>"), "{page}");
    }
}

#[test]
fn a_document_end_line_is_said_once_at_its_line() {
    with_front_matter("title: T\n...\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 3)
        .says("has a line `...` or `---` in it, which ends the YAML there")
        .says("build failed: 1 error");
}

/// Each document-end line is said in the same run, with the errors after
/// them.
#[test]
fn every_document_end_line_is_said_in_one_run() {
    with_front_matter("title: T\n...\nseries: special-dispatch\n...\nnumber: x\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 3)
        .fails_at(FILE, 5)
        .fails_at(FILE, 6)
        .says("`number` must be a whole number")
        .says("build failed: 3 errors");
    // A marker with a comment is one too; a trailing one ends nothing.
    with_front_matter(
        "title: T\n... # end\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\n...",
    )
    .build()
    .fails_at(FILE, 3)
    .says("build failed: 1 error");
    // One inside a quoted value is said with the value, once.
    with_front_matter("title: T\nsummary: \"The first\n...\nsecond\"\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 4)
        .says("build failed: 2 errors");
}

/// A bad id is told the id its words make, as a page's file name makes
/// its URL: `Brief 2023` is `brief-2023`, and a final `ς` is `σ`.
#[test]
fn a_bad_id_is_told_the_id_its_words_make() {
    with_front_matter("title: T\nid: \"Brief 2023\"\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 3)
        // At the value, as other bad values are.
        .says(&format!("{FILE}:3:5: id `Brief 2023` is not a valid id"))
        .says("write it `brief-2023`");
    with_front_matter("title: T\nid: λογος\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 3)
        .says("write it `λογοσ`");
}

/// A ` #` in a plain title, summary, name or site title starts a YAML
/// comment: the value is cut, and said at the `#` with the quotes that
/// keep it whole. In a list in brackets it hides the `]`, and that is
/// what the error says.
#[test]
fn a_value_cut_by_a_comment_is_said_at_the_hash() {
    let site = with_front_matter(
        "title: Bulletin #5 of the port\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\n\
         summary: \"Kept #whole\" # a comment\nregions:\n  - C# tools\n  - F #sharp",
    );
    site.write(
        "annals.yaml",
        &site
            .read("annals.yaml")
            .replacen("title: ", "title: Harbour #2 # x\ndescription: ", 1),
    );
    let run = site.build();
    run.ok()
        .says(&format!("{FILE}:2:17: `title: Bulletin #5 of the port` is cut at ` #`: YAML reads the rest of the line as a comment, so `title` is `Bulletin`"))
        .says("put the value in quotes to keep it whole: `title: 'Bulletin #5 of the port'`")
        .says(&format!("{FILE}:9:7: `- F #sharp` is cut at ` #`"))
        .says("so the item of `regions` is `F`")
        .says("annals.yaml:1:16: `title: Harbour #2 # x` is cut at ` #`");
    assert!(
        !run.stderr.contains("Kept #whole\" is cut"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("`- C# tools` is cut"),
        "{}",
        run.stderr
    );
    with_front_matter(
        "title: T\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\nregions: [Iran #north, Iraq]\nsummary: S",
    )
    .build()
    .fails_at(FILE, 6)
    .says("the value of `regions` is cut at ` #`: YAML reads the rest of the line as a comment, the closing bracket with it")
    .says("put the item with the `#` in quotes: `regions: [\"Iran #north\", Iraq]`")
    .says("build failed: 1 error");
}

/// A no-break space pasted where YAML needs a space is named, at itself.
#[test]
fn a_no_break_space_in_the_yaml_is_named() {
    with_front_matter("title:\u{A0}Pasted\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10")
        .build()
        .fails_at(FILE, 2)
        .says(&format!(
            "{FILE}:2:7: a no-break space (U+00A0) is after the key's colon"
        ))
        .says("type an ordinary space in its place");
    with_front_matter(
        "title: T\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\nregions:\n\u{A0}\u{A0}- Iran",
    )
    .build()
    .fails_at(FILE, 7)
    .says("a no-break space (U+00A0) is in the line's indent");
}

/// Front matter closed by `...` (YAML's end of a document, as Jekyll and
/// Pandoc read it), a fence with a comment, or four dashes, is said at
/// its line, with the `---` to write.
#[test]
fn front_matter_fences_as_other_tools_write_them() {
    let site = Site::valid();
    site.write(
        FILE,
        "---\ntitle: Dots\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\n...\n\nBody.\n",
    );
    site.build()
        .fails_at(FILE, 6)
        .says(
            "a `...` line ends a YAML document elsewhere, and annals' front matter ends with `---`",
        )
        .says("write `---` in place of `...` if it ends the front matter");
    let dispatch = "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\n--- # end\n\nBody.\n";
    for (text, line, says) in [
        (
            dispatch,
            6,
            "front matter is not closed: this line is not `---` alone",
        ),
        (
            "--- # front\ntitle: T\n---\n\nBody.\n",
            1,
            "the first line is `---` with a comment after it",
        ),
        (
            "----\ntitle: T\n----\n\nBody.\n",
            1,
            "this one has more than three dashes",
        ),
        (
            "\n---\ntitle: T\n---\n\nBody.\n",
            1,
            "its first line is blank",
        ),
    ] {
        site.write(FILE, text);
        site.build().fails_at(FILE, line).says(says);
    }
}

/// Each help says what to write for the editor's own line, and following
/// it gives what was meant.
#[test]
fn helps_give_the_line_to_write() {
    let front = |extra: &str| {
        format!("title: T\nseries: special-dispatch\nnumber: 3\ndate: 2024-02-10\n{extra}")
    };
    for (extra, says) in [
        (
            "language: [en]",
            "write it without the brackets: language: en",
        ),
        (
            "authors:\n  - name: Jane Doe\n    url: https://x.example/",
            "an item is a name alone, not a mapping: write `- Jane Doe`",
        ),
        (
            "author:\n  name: Jane Doe",
            "annals calls this `authors`, a list of names: write `authors: [Jane Doe]`",
        ),
        ("Regions: [Iran]", "keys are lower-case: write `regions:`"),
        (
            "summary: “Smart: quoted”",
            "typographic quotes are no YAML quotes: write straight ones, summary: \"Smart: quoted\"",
        ),
        (
            "regions:[Iran]",
            "put a space after the colon: `regions: [Iran]`",
        ),
        (
            "summary: \"He said \"no\" to it\"",
            "put the whole value in single quotes, summary: 'He said \"no\" to it'",
        ),
        (
            "summary: #MeToo spreads",
            "`summary: #MeToo spreads` is cut at ` #`: YAML reads the rest of the line as a comment, so `summary` is empty",
        ),
    ] {
        with_front_matter(&front(extra)).build().says(says);
    }
    // Followed, they build.
    for fixed in [
        "language: en",
        "authors: [Jane Doe]",
        "summary: \"Smart: quoted\"",
        "regions: [Iran]",
        "summary: 'He said \"no\" to it'",
        "summary: '#MeToo spreads'",
    ] {
        with_front_matter(&front(fixed)).build().ok();
    }
}

/// A help's line keeps the editor's text whole when followed: quotes a
/// name needs, a quoted item's own words, and a hashtag after an inner
/// quote.
#[test]
fn helps_keep_the_text_whole() {
    let front =
        |extra: &str| format!("series: special-dispatch\nnumber: 3\ndate: 2024-02-10\n{extra}");
    for (extra, says, fixed) in [
        (
            "title: T\nauthor:\n  name: \"Doe, Jane\"",
            "write `authors: [\"Doe, Jane\"]`",
            "title: T\nauthors: [\"Doe, Jane\"]",
        ),
        (
            "title: T\nauthors:\n  - name: \"Smith: Jr\"",
            "write `- \"Smith: Jr\"`",
            "title: T\nauthors:\n  - \"Smith: Jr\"",
        ),
        (
            "title: [\"Gaza: A Report\"]",
            "write it without the brackets: title: \"Gaza: A Report\"",
            "title: \"Gaza: A Report\"",
        ),
        (
            "title: \"He said \"no\" to #MeToo\"",
            "put the whole value in single quotes, title: 'He said \"no\" to #MeToo'",
            "title: 'He said \"no\" to #MeToo'",
        ),
        (
            "title: T\nsummary: \"He said \"no\" today",
            "put the whole value in single quotes, summary: 'He said \"no\" today'",
            "title: T\nsummary: 'He said \"no\" today'",
        ),
        (
            "title: \"A \"b\" c\" # the \"c\" part",
            "put the whole value in single quotes, title: 'A \"b\" c'",
            "title: 'A \"b\" c' # the \"c\" part",
        ),
        (
            "title: [\"Tab\\there\"]",
            "write it without the brackets: title: \"Tab\\there\"",
            "title: \"Tab\\there\"",
        ),
        (
            "title: [Null]",
            "write it without the brackets: title: \"Null\", or in quotes if they are part of it: title: \"[Null]\"",
            "title: \"Null\"",
        ),
    ] {
        with_front_matter(&front(extra)).build().says(says);
        with_front_matter(&front(fixed)).build().ok();
    }
    // An item that is all hashtag is said as a comment, at its `#`.
    with_front_matter(&front("title: T\nregions:\n  - #Iran\n  - Iraq"))
        .build()
        .fails_at(FILE, 7)
        .says(&format!(
            "{FILE}:7:5: an empty item in `regions`: YAML reads `#Iran` as a comment"
        ))
        .says("put it in quotes to keep it: `- \"#Iran\"`");
    with_front_matter(&front("title: T\nregions:\n  - \"#Iran\"\n  - Iraq"))
        .build()
        .ok();
    // A comment before a value on the lines below it is no cut.
    let run = with_front_matter(&front(
        "title: T\nsummary: #short\n  The text.\nregions: #the regions\n- Iran",
    ))
    .build();
    run.ok();
    assert!(!run.stderr.contains("is cut at"), "{}", run.stderr);
}

/// A tab indenting a line of `extra:` is one error, said once: leaving
/// out the entry before it to read on used to meet it a second time.
#[test]
fn a_tab_under_extra_is_said_once() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "extra:\n  a: 1\n\tb: 2", "Text.");
    let run = site.build();
    run.fails_at(FILE, 9)
        .says("a tab is used for indentation")
        .says("1 error");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(said.matches("a tab is used").count(), 1, "{said}");
}

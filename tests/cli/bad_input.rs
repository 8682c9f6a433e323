//! Every kind of bad input gets a located diagnostic and exit 1, never a panic.

use crate::support::{Site, dispatch};

/// A site whose dispatch `sd-3` (the file [`SD3`]) has `body`, built.
pub(crate) fn bad_body(body: &str) -> crate::support::Run {
    one_bad_file(
        SD3,
        &dispatch("special-dispatch", 3, "2021-03-01", "", body),
    )
}

pub(crate) const SD3: &str = "content/dispatches/sd-3.md";

fn one_bad_file(rel: &str, text: &str) -> crate::support::Run {
    let site = Site::valid();
    site.write(rel, text);
    site.build()
}

#[test]
fn invalid_utf8() {
    let site = Site::valid();
    site.write_bytes(
        "content/bad.md",
        b"---\ntitle: x\n---\n\nok\n\xff\xfe broken\n",
    );
    site.build()
        .fails_at("content/bad.md", 6)
        .says("not valid UTF-8");
    // A dispatch refused for a stray byte still says its id: references
    // to it are not said broken too.
    site.write_bytes(
        "content/bad.md",
        b"---\ntitle: x\nseries: special-dispatch\nnumber: 7\ndate: 2021-01-01\n---\nok \xff\n",
    );
    site.write_dispatch(5, "2021-02-01", "", "See [seven](@sd-7).");
    let run = site.build();
    run.fails_at("content/bad.md", 7).says("1 error");
    assert!(!run.stderr.contains("broken reference"), "{}", run.stderr);
}

#[test]
fn lines_ending_in_cr_alone() {
    // Refused at the first line, and the snippet shows the file's lines
    // apart, numbered from 1.
    one_bad_file(
        "content/cr.md",
        "---\rtitle: CR\rdate: 2020-01-01\r---\r\rBody.\r",
    )
    .fails_at("content/cr.md", 1)
    .says("carriage return alone")
    .says("1 │ ---")
    .says("2 │ title: CR");
    // A stray CR in a file of LF lines breaks no line, in the message or
    // in its snippet.
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "A stray\rCR.\n\nSee [x](@sd-99).\n");
    site.build().fails_at(SD3, 12).says("12 │ See [x](@sd-99).");
    // Nor on the line of the error itself.
    site.write_dispatch(3, "2021-03-01", "", "See\r[x](@sd-99).\n");
    site.build().fails_at(SD3, 10).says("10 │ See [x](@sd-99).");
}

#[test]
fn empty_file() {
    one_bad_file("content/empty.md", "")
        .fails_at("content/empty.md", 1)
        .says("empty file");
}

#[test]
fn missing_closing_fence() {
    one_bad_file(
        "content/open.md",
        "---\ntitle: Open\ndate: 2020-01-01\n\nBody without a closing fence.\n",
    )
    .fails_at("content/open.md", 1)
    .says("not closed");
}

#[test]
fn yaml_alias_bomb() {
    let mut yaml = String::from("---\ntitle: Bomb\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        yaml.push_str(&format!("  b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    yaml.push_str("---\nbody\n");
    let run = one_bad_file("content/bomb.md", &yaml);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/bomb.md:"), "{}", run.stderr);
}

#[test]
fn yaml_deep_nesting() {
    let yaml = format!(
        "---\ntitle: Deep\nextra: {}{}\n---\nbody\n",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    one_bad_file("content/deep.md", &yaml).fails_at("content/deep.md", 3);
}

#[test]
fn duplicate_id() {
    let site = Site::valid();
    site.write(
        "content/dispatches/copy.md",
        &dispatch(
            "special-dispatch",
            1,
            "2021-05-01",
            "",
            "Same number as sd-1.",
        ),
    );
    // References to the id, or to the file left out, are not checked
    // against the other file.
    site.write(
        "content/pages/refs.md",
        "---\ntitle: Refs\n---\nSee [its part](@sd-1#omega) and [the copy](@/dispatches/copy.md).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    // In both files (either may be the one just renumbered), at the
    // `number:` that makes the id.
    run.says("duplicate id `sd-1`")
        .says("content/dispatches/sd-1.md:4:9")
        .says("content/dispatches/copy.md:4:9")
        .says("2 errors");
    assert!(!run.stderr.contains("refs.md"), "{}", run.stderr);
}

#[test]
fn undefined_footnote() {
    bad_body("Claim[^7].\n\n[^1]: Defined but unused.")
        .fails_at(SD3, 10)
        .says("[^7]");
}

#[test]
fn unknown_front_matter_key() {
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\nregoins: [Iran]\n---\nbody\n",
    )
    .fails_at(SD3, 6)
    .says("unknown front-matter key `regoins`")
    .says("did you mean `regions`?");
}

#[test]
fn bad_date() {
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-30\n---\nbody\n",
    )
    .fails_at(SD3, 5)
    // At the value, not the key.
    .says("sd-3.md:5:7:")
    .says("not a valid date: `2021-02-30`: February 2021 has 28 days");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-2-3\n---\nbody\n",
    )
    .says("sd-3.md:5:7: `date` is not a valid date: `2021-2-3` has a one-digit month or day")
    .says("write them with two digits each: `2021-02-03`");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-2-30\n---\nbody\n",
    )
    .says("`2021-2-30`: February 2021 has 28 days");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-3-1T10:00:00Z\n---\nbody\n",
    )
    .says("write them with two digits each: `2021-03-01T10:00:00Z`");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-13-01\n---\nbody\n",
    )
    .says("there is no month 13");
    // A time with no zone would be read in a zone nobody chose.
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03T09:30:00\n---\nbody\n",
    )
    .fails_at(SD3, 5)
    .says("`date` has a time but no time zone")
    .says("2021-02-03T09:30:00+03:00");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 20210203\n---\nbody\n",
    )
    .fails_at(SD3, 5);
}

#[test]
fn figure_takes_the_contract_arguments() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/m.svg\", caption=\"The gulf\", credit=\"Monitor\") }}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(html.contains("<img src=\"/m.svg\" alt=\"\""), "{html}");
    assert!(html.contains("The gulf <span class=\"credit\">Monitor</span>"));
    // A decorative image, with no caption: no empty <figcaption>.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/m.svg\", alt=\"\", caption=\"\") }}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(
        html.contains("alt=\"\"") && !html.contains("<figcaption>"),
        "{html}"
    );
    // Neither alt nor a caption: nothing describes the image.
    site.write_dispatch(3, "2021-03-01", "", "{{ figure(image=\"/m.svg\") }}");
    site.build()
        .fails_at(SD3, 10)
        .says("figure needs `alt`")
        .says("change this call as the message says");
    site.write_dispatch(3, "2021-03-01", "", "{{ figure(image=\"\", alt=\"A\") }}");
    site.build().says("figure needs `image`");
}

#[test]
fn all_errors_in_one_run() {
    let site = Site::valid();
    site.write("content/a.md", "");
    site.write_dispatch(3, "2021-03-01", "", "[x](@nope)");
    site.write(
        "content/dispatches/sd-4.md",
        "---\ntitle: T\nseries: special-dispatch\nnumber: 4\ndate: soon\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    run.says("content/a.md")
        .says("content/dispatches/sd-3.md:")
        .says("content/dispatches/sd-4.md:5")
        .says("3 errors");
}

#[test]
fn template_error_is_located() {
    let site = Site::valid();
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ p.title | nosuchfilter }}\n{% endblock content %}\n");
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/page.html:3");
}

#[test]
fn yaml_errors_name_the_key_and_say_what_to_do() {
    let site = Site::valid();
    let fm = |name: &str, lines: &str| {
        site.write(
            &format!("content/pages/{name}.md"),
            &format!("---\n{lines}\n---\nbody\n"),
        );
    };
    fm("twice", "title: A\ntitle: B");
    fm("draft", "title: A\ndraft: maybe");
    fm("list", "title: [a, b]");
    fm("tab", "title: A\nextra:\n\tk: v");
    fm("shape", "- title: A");
    let run = site.build();
    run.fails_at("content/pages/twice.md", 3)
        .says("`title` is given twice")
        .says("keep one of them")
        .fails_at("content/pages/draft.md", 3)
        .says("`draft` must be true or false")
        .fails_at("content/pages/list.md", 2)
        .says("`title` must be text")
        .says("content/pages/tab.md:4:1:")
        .says("YAML indents with spaces")
        .fails_at("content/pages/shape.md", 2)
        .says("the front matter must be `key: value` lines");
    assert!(!run.stderr.contains("DuplicateKeyPolicy"), "{}", run.stderr);
}

#[test]
fn numbers_are_decimal_and_may_be_zero_padded() {
    let site = Site::valid();
    let write = |number: &str| {
        site.write(
            &format!("content/dispatches/n-{number}.md"),
            &format!("---\ntitle: N\nseries: special-dispatch\nnumber: {number}\ndate: 2021-03-01\nauthors: Research Staff\n---\nbody\n"),
        );
    };
    write("007");
    site.build().ok();
    assert!(site.path("public/special-dispatch/7/index.html").is_file());
    write("0x10");
    site.build()
        .fails_at("content/dispatches/n-0x10.md", 4)
        .says("`number` must be written in decimal digits, not `0x10`");
}

#[test]
fn snippet_and_message_agree_on_columns_in_non_ascii_lines() {
    let run = one_bad_file(
        "content/pages/fa.md",
        "---\ntitle: \"Āyatollāh — Tehrān\"  : x\n---\nbody\n",
    );
    run.says("content/pages/fa.md:2:30:")
        .says("[content/pages/fa.md:2:30]");
}

#[test]
fn a_term_without_letters_is_an_error_not_a_silent_drop() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "regions: [Iran, \"!!!\"]", "Body.");
    site.build()
        .fails_at(SD3, 7)
        .says("`regions` has a name with no letters or digits: `!!!`");
    // Every such name is listed.
    site.write_dispatch(3, "2021-03-01", "regions: [\"???\", Iran, \"\"]", "Body.");
    site.build()
        .fails_at(SD3, 7)
        .says("`regions` has names with no letters or digits: `???`, an empty one");
}

#[test]
fn a_control_character_written_as_an_escape_is_named_at_its_key() {
    one_bad_file(
        SD3,
        "---\ntitle: \"A \\f B\"\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03\n\
         people: [\"Name \\x02\"]\n---\nbody\n",
    )
    .fails_at(SD3, 2)
    .says("`title` holds an invisible control character U+000C")
    .says("sd-3.md:6:")
    .says("`people` holds an invisible control character U+0002");
}

/// Text decoded as Latin-1 holds C1 controls where its author typed
/// Windows quotes: each is an error that names the quote meant, typed
/// or written as a reference (which a browser reads as the quote, and
/// the Markdown parser as the control); so are DEL and noncharacters.
#[test]
fn a_c1_control_is_an_error_that_names_the_character_meant() {
    one_bad_file(
        SD3,
        "---\ntitle: \"It is \u{93}a red line\u{94}\"\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03\n---\n\
         A \u{7F} C \u{FDD0}.\n",
    )
    .fails_at(SD3, 2)
    .says("sd-3.md:2:15: invisible control character U+0093 in the text")
    .says("replace it with `“`")
    .says("sd-3.md:7:3: invisible control character U+007F")
    .says("sd-3.md:7:7: noncharacter U+FDD0 in the text");
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03\n---\n\
         A &#133; B &#x7F; C &#xFDD0;\n",
    )
    .fails_at(SD3, 7)
    .says("sd-3.md:7:3: `&#133;` stands for U+0085, an invisible control character (a browser shows `…` for it: write `…`)")
    .says("write the character itself")
    .says("`&#x7F;` stands for U+007F")
    .says("`&#xFDD0;` stands for U+FDD0, a noncharacter");
    // Written as a YAML escape.
    one_bad_file(
        SD3,
        "---\ntitle: \"It is \\x93a red line\\x94\"\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03\n---\nbody\n",
    )
    .fails_at(SD3, 2)
    .says("`title` holds an invisible control character U+0093")
    .says("it is how `“` reads in text decoded as Latin-1");
}

/// `&#1;` in a body is a control character once decoded, which would
/// make the feeds ill-formed XML: each reference is said where it is, in
/// text, a note, an image's title and a code fence's info string, and
/// not in code, where it is text.
#[test]
fn a_character_reference_to_a_control_character_is_an_error_at_it() {
    let run = one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-02-03\n---\n\
         A &#1; B &#xFFFE; `&#1;` ![a](/a.png \"t&#x2;\")[^a]\n\n```&#4;\nx &#5;\n```\n\n[^a]: see &#11; &#28;SC0O&#28;\n",
    );
    run.fails_at(SD3, 7)
        .says("sd-3.md:7:3: `&#1;` stands for U+0001, an invisible control character")
        .says("sd-3.md:7:10: `&#xFFFE;` stands for U+FFFE, a noncharacter")
        .says("sd-3.md:7:40: `&#x2;` stands for U+0002")
        .says("sd-3.md:9:4: `&#4;` stands for U+0004")
        .says("sd-3.md:13:11: `&#11;` stands for U+000B")
        // (The build's own mark for a shortcode call, which must not be
        // forged either.)
        .says("sd-3.md:13:17: `&#28;` stands for U+001C")
        .says("feeds and sitemaps are XML, which cannot carry it")
        .says("7 errors");
}

#[test]
fn every_front_matter_error_in_one_run() {
    let site = Site::valid();
    site.write(
        SD3,
        "---\ntitle: [T]\nseries: special-dispatch\nnumber: three\ndate: 2021-03-01\ndraft: maybe\nsumary: S\n---\nBody.\n",
    );
    let run = site.build();
    run.fails_at(SD3, 2)
        .fails_at(SD3, 4)
        .fails_at(SD3, 6)
        .fails_at(SD3, 7)
        .says("4 errors");
    // Not reported again as missing.
    assert!(!run.stderr.contains("missing `title`"), "{}", run.stderr);
    assert!(!run.stderr.contains("needs a `number`"), "{}", run.stderr);
}

#[test]
fn a_control_character_in_the_body_hides_no_front_matter_error() {
    let run = one_bad_file(
        "content/dispatches/c.md",
        "---\ntitle: C\nseries: special-dispatch\nnumber: 3\ndate: 2020-01-02\nbogus: 1\n---\nctl \u{1} here\n",
    );
    run.fails_at("content/dispatches/c.md", 8)
        .fails_at("content/dispatches/c.md", 6)
        .says("unknown front-matter key `bogus`");
}

#[test]
fn a_list_under_an_unknown_key_is_suggested_as_a_taxonomy() {
    one_bad_file(
        SD3,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\nvessels: [Dawn, Tide]\n---\nbody\n",
    )
    .fails_at(SD3, 6)
    .says("if `vessels` is a taxonomy, add it under `taxonomies:` in annals.yaml");
}

#[test]
fn a_misspelt_required_key_is_one_error_not_two() {
    let run = one_bad_file(
        SD3,
        "---\ntitel: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\n---\nbody\n",
    );
    run.fails_at(SD3, 2).says("did you mean `title`?");
    assert!(!run.stderr.contains("missing `title`"), "{}", run.stderr);
}

/// pulldown-cmark makes no link of `[text[^a]](dest)`: the page would
/// show the brackets, and the reference would go unchecked.
#[test]
fn a_note_inside_a_links_text_is_an_error_with_the_link_to_write() {
    bad_body("As [the first showed[^a]](@sd-404) did.\n\n[^a]: Source.")
        .fails_at(SD3, 10)
        .says("a note marker `[^a]` inside a link's text")
        .says("`[the first showed](@sd-404)[^a]`");
}

/// A value cleared in an editor (`draft:`, `date:`, `number:`) is said at
/// its own line, as a value missing.
#[test]
fn a_key_left_without_its_value_is_said_at_its_line() {
    let path = SD3;
    let front =
        |extra: &str| format!("---\ntitle: T\nseries: special-dispatch\n{extra}---\n\nText.\n");
    one_bad_file(path, &front("number: 3\ndate: 2021-03-01\ndraft:\n"))
        .fails_at(path, 6)
        .says("`draft` has no value: it must be true or false");
    one_bad_file(path, &front("number: 3\ndate:\n"))
        .fails_at(path, 5)
        .says("a dispatch needs a `date`");
    one_bad_file(path, &front("number:\ndate: 2021-03-01\n"))
        .fails_at(path, 4)
        .says("a dispatch in a series needs a `number`");
    // Both at once, in one run.
    one_bad_file(path, &front("number:\ndate:\n"))
        .fails_at(path, 4)
        .says("sd-3.md:5:1: a dispatch needs a `date`: `date` has no value");
}

/// A Jekyll post without `date:` is offered the date its file name
/// begins with; Jekyll's `last_modified_at` is told its annals name.
#[test]
fn a_jekyll_post_is_offered_its_file_name_s_date() {
    let path = "content/dispatches/2021-03-01-strike.md";
    one_bad_file(
        path,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\nlast_modified_at: 2021-03-02\n---\nx\n",
    )
    .says("add `date: 2021-03-01` to the front matter (the date the file's name begins with)")
    .says("unknown front-matter key `last_modified_at`")
    .says("annals calls this `updated`: rename the key");
    // Beside an `updated` of its own, it is one too many.
    one_bad_file(
        "content/dispatches/sd-3.md",
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\nupdated: 2021-03-02\nlastmod: 2021-03-02\n---\nx\n",
    )
    .says("annals calls this `updated`, which this file has already: keep one of the two");
}

/// Control characters in the front matter and the body are all said in
/// one run.
#[test]
fn control_characters_in_front_matter_and_body_are_said_together() {
    let path = SD3;
    let run = one_bad_file(
        path,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: 2021-03-01\nauthors: [\"A\u{1}B\"]\n---\n\nBody \u{2} and \u{c} here.\n",
    );
    run.fails_at(path, 6)
        .says("sd-3.md:9:6: invisible control character U+0002")
        .says("sd-3.md:9:12: invisible control character U+000C");
}

//! What the walk over a body finds to say: warnings and errors about the text.

use super::*;

#[test]
fn an_image_cannot_be_a_reference() {
    let r = render_str("Text.\n\n![map](@sd-1)\n");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert!(d.message.contains("cannot be a reference: `@sd-1`"));
    assert_eq!((d.line, d.column), (3, 1));
    assert!(r.refs.is_empty());
}

#[test]
fn a_pandoc_inline_note_is_warned_about_with_the_note_to_write() {
    let r = render_str("A note.^[Harbour TV, evening.] Not \\^[this], x^[ ] or `^[code]`.\n");
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!((said[0].0, said[0].1), (1, 8));
    assert!(
        said[0].2.ends_with("`[^1]: Harbour TV, evening.`"),
        "{said:?}"
    );
}

#[test]
fn a_pandoc_inline_note_with_markup_or_lines_is_warned_about_whole() {
    let r =
        render_str("One.^[A **bold**\nsource, see [a] and `b`.] Two \\\\^[real] and \\^[not].\n");
    let helps: Vec<&str> = r
        .diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert_eq!(helps.len(), 2, "{helps:?}");
    assert!(
        helps[0].ends_with("`[^1]: A **bold** source, see [a] and `b`.`"),
        "{helps:?}"
    );
    assert!(helps[1].ends_with("`[^1]: real`"), "{helps:?}");
}

#[test]
fn a_heading_written_without_its_space_is_warned_about() {
    let r = render_str(
        "##Method\n\nA #hashtag.\n\n#Tag alone, ####### seven.\n\n> ###Quoted\n\n\\##Escaped and `##code`\n",
    );
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.line,
                d.column,
                d.message.as_str(),
                d.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!((said[0].0, said[0].1), (1, 1));
    assert!(
        said[0].2.starts_with("`##Method` is no heading"),
        "{said:?}"
    );
    assert!(said[0].3.starts_with("write `## Method`"), "{said:?}");
    assert_eq!((said[1].0, said[1].1), (7, 3));
    assert!(r.headings.is_empty());
}

/// Each diagnostic of `r` as (line, message, help).
fn said_of(r: &Rendered) -> Vec<(usize, &str, &str)> {
    r.diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str(), d.help.as_deref().unwrap_or("")))
        .collect()
}

/// A no-break space after the `#`s (a word processor's paste) makes no
/// heading either: said, with a plain space to type.
#[test]
fn a_heading_with_a_no_break_space_after_its_hashes_is_warned_about() {
    let r =
        render_str("##\u{A0}Method and more\n\n#\u{202F}Top\n\nA #\u{A0}tag? no: 5 # \u{A0}x.\n");
    let said = said_of(&r);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].1.starts_with(
            "`## Method` is no heading: the space after its `#`s is a no-break space, U+00A0"
        ),
        "{said:?}"
    );
    assert_eq!(said[0].2, "type a plain space after the `#`s: `## Method`");
    assert_eq!(said[1].0, 3);
    assert!(said[1].1.contains("U+202F"), "{said:?}");
}

/// A list item's marker followed by a no-break space makes no list: the
/// first line is said, with a plain space to type.
#[test]
fn a_list_marker_with_a_no_break_space_is_warned_about() {
    let r = render_str(
        "-\u{A0}Dredging: 2 million\n-\u{A0}Night shifts\n\n2.\u{A0}Second\n\n- fine\n\n-\u{A0}5 or -5.\n",
    );
    let said = said_of(&r);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].1.starts_with(
            "`- Dredging:` is no list item: the space after `-` is a no-break space, U+00A0"
        ),
        "{said:?}"
    );
    assert_eq!(said[0].2, "type a plain space after `-`: `- Dredging:`");
    assert_eq!(said[1].0, 4);
    assert!(
        said[1].1.starts_with("`2. Second` is no list item"),
        "{said:?}"
    );
}

#[test]
fn an_image_without_a_description_is_warned_about_once() {
    let r = render_str(
        "![](/a.png) ![ ][r] ![ok](/b.png) ![`x`](/c.png) ![![](/d.png)](/e.png)\n\n[r]: /f.png\n\n\
         ![\u{200B}](/g.png) ![&#x2060;&shy;](/h.png)\n",
    );
    let bare: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("image has no description"))
        .map(|d| (d.line, d.column, d.severity))
        .collect();
    let warning = crate::diagnostic::Severity::Warning;
    assert_eq!(
        bare,
        [
            (1, 1, warning),
            (1, 13, warning),
            (1, 50, warning),
            (5, 1, warning),
            (5, 14, warning)
        ]
    );
    assert!(r.html.contains("alt=\"ok\""), "{}", r.html);
}

#[test]
fn heading_classes_are_kept_and_other_attributes_warned_about() {
    // An id written with spaces is offered the one meant.
    let r = render_str("## Part II {#The Speech}\n\n## Notes {#fn 1}\n");
    // Not one the page keeps for its notes.
    let d = &r.diagnostics[1];
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("write one word"),
        "{d:?}"
    );
    let d = &r.diagnostics[0];
    assert_eq!(
        d.message,
        "a heading's id cannot hold a space: `{#The Speech}`"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("write `{#the-speech}`"),
        "{d:?}"
    );
    let r = render_str("## Lead {#top .lead .wide}\n\n## Other {data-x=1 onclick=\"y\"}\n");
    assert!(
        r.html.contains("<h2 id=\"top\" class=\"lead wide\">"),
        "{}",
        r.html
    );
    let warned: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warned,
        ["heading attributes are not kept (`data-x`, `onclick`): only `{#id}` and `{.class}` are"]
    );
    // What the parser drops without a word is warned about too, once.
    let r = render_str(
        "## Z {#a b}

## X {#}

## The set {a, b}

## Fine {#ok .c}
",
    );
    let warned: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        warned,
        [
            "heading attributes are not kept (`#`): only `{#id}` and `{.class}` are",
            "heading attributes are not kept (`a,`, `b`): only `{#id}` and `{.class}` are",
            "a heading's id cannot hold a space: `{#a b}`",
        ]
    );
}

#[test]
fn addresses_that_run_script_are_published_as_a_fragment() {
    let r = render_str(
        "[a](javascript:alert(1)) <javascript:alert(2)> ![i](JaVaScRiPt:x) \
         ![ok](data:image/png;base64,AA) [d](data:text/html,x) [fine](https://x.org/)[^n]\n\n\
         [^n]: [f](vbscript:x)\n",
    );
    let all = format!("{}{}", r.html, r.footnotes);
    // An autolink's text stays as written; no address runs anything.
    for attr in ["href=\"", "src=\""] {
        for (i, _) in all.match_indices(attr) {
            let value = &all[i + attr.len()..];
            let value = &value[..value.find('"').unwrap()].to_lowercase();
            assert!(
                !value.contains("script:") && !value.starts_with("data:text"),
                "{value}"
            );
        }
    }
    assert!(all.contains("src=\"data:image/png;base64,AA\""), "{all}");
    assert!(all.contains("href=\"https://x.org/\""), "{all}");
    let warned = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("would run script"))
        .count();
    assert_eq!(warned, 5, "{:?}", r.diagnostics);
}

#[test]
fn many_equal_headings_are_numbered_on() {
    // Each suffix is tried once per page (this took tens of seconds when
    // every heading tried them all again).
    let r = render_str(&"## Same\n\n## Same-3 {#same-3}\n\n".repeat(10_000));
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).take(5).collect();
    assert_eq!(ids, ["same", "same-3", "same-2", "same-3", "same-4"]);
    assert_eq!(
        r.headings.get(19_998).map(|h| h.id.as_str()),
        Some("same-10001")
    );
}

/// A heading in quoted text (a `>` quote, a post's body) is marked
/// quoted, so the contents leaves it out; the dispatch's own are not,
/// also after the quote, and a table after a quoted heading keeps the
/// section it is in.
#[test]
fn headings_in_quotes_and_posts_are_quoted() {
    let r = render_str(
        "## Own\n\n> ## In a quote\n\n{% post(author=\"A\") %}\n## In a post\n\n\
         Text.\n{% end %}\n\n## After\n\n| a |\n|---|\n| 1 |\n",
    );
    let quoted: Vec<(&str, bool)> = r
        .headings
        .iter()
        .map(|h| (h.text.as_str(), h.quoted))
        .collect();
    assert_eq!(
        quoted,
        [
            ("Own", false),
            ("In a quote", true),
            ("In a post", true),
            ("After", false)
        ]
    );
    assert!(r.html.contains("aria-label=\"After\""), "{}", r.html);
}

/// A character reference to a control character is an error in raw HTML
/// too (a block, an attribute), which is published as written.
#[test]
fn control_references_in_raw_html_are_errors() {
    let r = render_str("<div>\npasted &#12; here\n</div>\n\nA <span title=\"&#x0B;\">x</span>.\n");
    let said: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        said.iter().any(|m| m.contains("`&#12;` stands for U+000C")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("`&#x0B;` stands for U+000B")),
        "{said:?}"
    );
    // A comment's references are read by nothing.
    let r = render_str(
        "<!-- old page break &#12; -->\n\n<div>\n<!-- one\n&#12; two -->\n</div>\n\nText <!-- &#12; --> on.\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // An empty comment closes at once.
    let r = render_str("<div>\n<!--> shown &#12; here\n</div>\n");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    // A script's and a style's text is not decoded; their attributes are.
    let r = render_str(
        "<script>\nvar s = \"&#12;\";\n</script>\n\n<STYLE>\n/* &#12; */\n</STYLE>\n\n<script data-x=\"&#12;\"></script>\n",
    );
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].line, 9, "{:?}", r.diagnostics);
}

/// A line nested deeper than any quote is meant is said, and the body is
/// not parsed (the parser's time would grow with depth times lines).
#[test]
fn a_line_nested_too_deep_is_an_error() {
    let md = format!("Intro.\n\n{} x\n{}", ">".repeat(5_000), "y\n".repeat(5_000));
    let r = render_str(&md);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics[0]
            .message
            .contains("opens more than 256 quotes"),
        "{}",
        r.diagnostics[0].message
    );
    assert_eq!(r.diagnostics[0].line, 3);
}

/// Notes pasted from a word processor, a marker and a line of notes both
/// in text, are said once, at the first marker, with the note to write.
#[test]
fn notes_pasted_from_a_word_processor_are_warned_about_once() {
    let r = render_str(
        "Ports closed.[1] Ships waited.[2]\n\n[1] Harbour office.\n\n[2] Register.\n\n\
         Area: 40 km², see [3].\n\n```\nx[1]\n```\n",
    );
    let said = said_of(&r);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 1);
    assert_eq!(
        said[0].1,
        "`[1]` and the line starting `[1]` (line 3) look like a footnote pasted from a word \
         processor: both are published as text, unlinked"
    );
    assert!(
        said[0]
            .2
            .starts_with("write the marker as `[^1]` and start its note with `[^1]: `")
    );
    assert!(
        said[0].2.ends_with("(2 notes in this file are written so)"),
        "{said:?}"
    );
    let word = said_of(&render_str("Trade fell.³\n\n³ Customs.\n"))
        .into_iter()
        .map(|(_, _, help)| help.to_owned())
        .collect::<Vec<_>>();
    assert_eq!(word.len(), 1);
    assert!(
        word[0].starts_with("write the marker as `[^3]`"),
        "{word:?}"
    );
    assert!(said_of(&render_str("A real one.[^1]\n\n[^1]: Note.\n")).is_empty());
}

/// A pasted note whose line is one word reads as a link's definition
/// (`[1]: Reuters`): said as a pasted note, at its marker, with the line
/// to write; a definition that is an address, or comes first, is a link.
#[test]
fn a_pasted_note_read_as_a_link_definition_is_said_as_a_note() {
    let r = render_str("Ports closed.[1] Ships waited.[2]\n\n[1]: Reuters\n\n[2] Register.\n");
    let said = said_of(&r);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 1);
    assert_eq!(
        said[0].1,
        "`[1]` and the line `[1]: Reuters` (line 3) look like a footnote pasted from a word \
         processor: Markdown reads the line as a link's definition, so the note is hidden and \
         `[1]` links to `Reuters`"
    );
    assert_eq!(
        said[0].2,
        "write the marker as `[^1]` and the line as `[^1]: Reuters`; annals numbers the notes \
         and links each to its marker and back (2 notes in this file are written so)"
    );
    assert!(r.links.is_empty(), "the link is no broken link to say");
    for links in [
        "See [1].\n\n[1]: /files/a.pdf\n",
        "See [1].\n\n[1]: https://example.org/\n",
        "[1]: Reuters\n\nSee [1].\n",
        "See [a].\n\n[a]: Reuters\n",
        "See [the wire][1].\n\n[1]: Reuters\n",
    ] {
        assert!(said_of(&render_str(links)).is_empty(), "{links}");
    }
}

/// Bullets pasted from a word processor make no list: said once, at the
/// first, with the marker to write; a bullet inside a line is text.
#[test]
fn bullets_pasted_from_a_word_processor_are_warned_about_once() {
    let r = render_str(
        "Demands:\n\n• Dredging of the north basin\n• Night shifts\n\n> ◦ quoted\n\nA · B and 5 • 6.\n",
    );
    let said = said_of(&r);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 3);
    assert_eq!(
        said[0].1,
        "`• Dredging of the` is no list item: `•` is no list marker in Markdown, and the 3 \
         lines starting so in this file are published as text"
    );
    assert_eq!(
        said[0].2,
        "start each item with `- ` in place of `•`, after a blank line: `- Dredging of the` \
         (a line meant to start with `•` may write it `&#8226;`)"
    );
    // A middle dot separates names; a link's definition is no note line.
    assert!(said_of(&render_str("Present:\n· Lena Varga · Kaveh Darvand\n")).is_empty());
    assert!(
        said_of(&render_str(
            "See [1] and [x][1].\n\n[1]: https://example.org/a\n"
        ))
        .is_empty()
    );
    let r = render_str("He said[1]: no.\n\n[1]: Harbour TV, March 12.\n");
    assert_eq!(said_of(&r).len(), 1, "{:?}", said_of(&r));
    assert!(said_of(&render_str("- Dredging\n- Night shifts\n")).is_empty());
}

#[test]
fn a_table_row_with_more_cells_than_its_header_is_warned_about() {
    let r = render_str(
        "| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| x \\| y | `p\\|q` |\n| `c | d` | e |\n| 5 |\n\n> | c |\n> |---|\n> | 7 | 8 |\n",
    );
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert_eq!((said[0].0, said[0].1), (3, 1));
    assert!(
        said[0]
            .2
            .contains("has 4 cells and its header 2: the cells past the header's are dropped")
    );
    // A `|` in a code span parts cells too, unless escaped.
    assert_eq!((said[1].0, said[1].1), (5, 1));
    assert_eq!((said[2].0, said[2].1), (10, 3));
    assert!(said[2].2.contains("the cell past the header's is dropped"));
}

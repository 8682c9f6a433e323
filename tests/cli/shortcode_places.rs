//! Shortcode calls in their places: in notes, list items and quotes, with
//! references for addresses, and what a citing call quotes.

use crate::support::Site;

/// A note holds shortcodes as the body does: on its first line, and in
/// its indented continuation (which is not code); their blocks are not
/// put in a paragraph with the note's back link.
#[test]
fn shortcodes_in_notes_are_blocks_of_the_note() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "One[^a], two[^b], three[^c].\n\n\
         [^a]: {{ figure(image=\"https://x.example/a.png\", alt=\"First\") }}\n\n\
         [^b]: {% post(author=\"Ann\") %}\n    Said this.\n    {% end %}\n\n\
         [^c]: Intro.\n\n    {% post(author=\"Bo\") %}\n    Said that.\n    {% end %}\n\n    \
         {{ figure(image=\"https://x.example/c.png\", alt=\"Third\") }}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    let notes = &html[html.find("footnotes-list").unwrap()..];
    for shown in [
        "<li id=\"fn-1\" class=\"footnote\"><span id=\"fn-a\" class=\"note-anchor\"></span><figure class=\"figure\">",
        "alt=\"First\"",
        "<li id=\"fn-2\" class=\"footnote\"><span id=\"fn-b\" class=\"note-anchor\"></span><figure class=\"post\">",
        "<p>Said this.</p>",
        "<p>Said that.</p>",
        "alt=\"Third\"",
    ] {
        assert!(notes.contains(shown), "{shown} in {notes}");
    }
    for wrong in ["{%", "{{", "<p><figure", "</figure> <a"] {
        assert!(!notes.contains(wrong), "{wrong} in {notes}");
    }
    // A note in a list item, and a note whose call's body is not indented
    // (a lazy continuation): the call stays in its note.
    site.write_dispatch(
        5,
        "2021-05-01",
        "",
        "- Item.[^e]\n\n  [^e]: {% post(author=\"Cy\") %}\n      Said in a list.\n      {% end %}\n\n\
         Text.[^f]\n\n[^f]: {% post(author=\"Di\") %}\nSaid lazily.\n{% end %}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/5/index.html");
    let (body, notes) = html.split_at(html.find("footnotes-list").unwrap());
    for said in ["Said in a list.", "Said lazily."] {
        assert!(
            notes.contains(said) && !body.contains(said),
            "{said} in {html}"
        );
    }
    assert!(!html.contains("<pre"), "{html}");
    // A call in a note's continuation is checked as any call is.
    site.write_dispatch(
        4,
        "2021-04-01",
        "",
        "Four[^d].\n\n[^d]: Intro.\n\n    {{ nosuch() }}",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 14)
        .says("unknown shortcode `nosuch`");
}

/// A shortcode's address argument may be a reference, resolved and
/// checked as the body's are.
#[test]
fn a_reference_as_a_shortcodes_address_is_resolved() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"Ann\", url=\"@sd-1#part-ii-the-sermon\") %}\nQuoted words. More.\n{% end %}",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("cite=\"/special-dispatch/1/#part-ii-the-sermon\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/special-dispatch/1/#part-ii-the-sermon\" rel=\"nofollow"),
        "{page}"
    );
    assert!(!page.contains("@sd-1"), "{page}");
    // The dispatch it names lists it as citing it.
    let one = site.read("public/special-dispatch/1/index.html");
    let cited = &one[one.find("cited-by-heading").unwrap()..];
    assert!(cited.contains("/special-dispatch/3/"), "{cited}");
    // quoting what the call shows: the post's first sentence.
    assert!(cited.contains("Quoted words."), "{cited}");
    assert!(!cited.contains("More."), "{cited}");
    // A reference as an image's source names no file: said, not resolved.
    site.write_dispatch(
        5,
        "2021-05-01",
        "",
        "{{ figure(image=\"@sd-1\", alt=\"x\") }}",
    );
    site.build()
        .ok()
        .says("sd-5.md:10:1: `@sd-1` as an image's or a video's source is not resolved");
    site.write_dispatch(
        4,
        "2021-04-01",
        "",
        "Text.\n\n{{ post(author=\"Bo\", url=\"@sd-99\") }}",
    );
    site.build()
        .fails_at("content/dispatches/sd-4.md", 12)
        .says("broken reference `@sd-99`");
}

/// A post's meta line puts its separators between what it shows only.
#[test]
fn a_posts_meta_line_separates_only_what_it_shows() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\", url=\"https://x.example/p\") %}\nSaid.\n{% end %}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    let meta = &html[html.find("class=\"post-meta\"").unwrap()..];
    let meta = &meta[..meta.find("</p>").unwrap()];
    assert!(!meta.contains('·'), "{meta}");
    assert!(meta.contains("Original post"), "{meta}");
    // Its link's name says whose post, for a list of the page's links.
    assert!(meta.contains("aria-label=\"Original post by A\""), "{meta}");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A & B\", handle=\"@ab\", date=\"2021-02-03\", archived_url=\"https://a.example/1\") %}\nSaid.\n{% end %}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(
        html.contains("aria-label=\"Archived copy by A &amp; B @ab, February 3, 2021\""),
        "{html}"
    );
}

/// Calls in nested list items and in a note inside an item run; a block
/// call's body may hold a blank line there.
#[test]
fn calls_in_nested_items_and_notes_in_items_run() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "- a\n  - b\n    - c\n\n      {{ figure(image=\"https://x.example/c.png\", alt=\"C\") }}\n\n\
         - Item[^1]\n\n  [^1]: {% post(author=\"Ann\") %}\n      Para one.\n\n      Para two.\n      {% end %}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(html.contains("alt=\"C\""), "{html}");
    assert!(html.contains("<p>Para two.</p>"), "{html}");
    assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
}

/// A block call that starts in a note and ends in the next one would
/// publish its HTML torn across both: an error at the call.
#[test]
fn a_block_call_torn_across_two_notes_is_an_error() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Two[^1] notes[^2].\n\n[^1]: {% post(author=\"Ann\") %}\n    Start.\n\n[^2]: Other.\n    {% end %}\n",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 12)
        .says("are in different paragraphs, notes, list items, quotes, table cells or headings");
    // Kept in its note, it builds.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Two[^1] notes[^2].\n\n[^1]: {% post(author=\"Ann\") %}\n    Start.\n    {% end %}\n\n[^2]: Other.\n",
    );
    site.build().ok();
}

/// "Cited by" quotes a citing call's body: its first paragraph's first
/// sentence without note numbers; nothing for a call without a body or
/// in a language of its own.
#[test]
fn a_citing_calls_quote_is_its_bodys_first_sentence() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"Ann\", url=\"@sd-1\") %}\n## Heading\n\nHello[^1] world. Two.\n{% end %}\n\n[^1]: A note.\n",
    );
    site.write_dispatch(
        4,
        "2021-04-01",
        "",
        "{{ post(author=\"Inline Author\", url=\"@sd-1\") }}\n\n\
         {% post(author=\"B\", url=\"@sd-1\", lang=\"ar\") %}\nمرحبا بالعالم.\n{% end %}\n",
    );
    site.build().ok();
    let one = site.read("public/special-dispatch/1/index.html");
    let cited = &one[one.find("cited-by-heading").unwrap()..];
    assert!(cited.contains(">Hello world.</blockquote>"), "{cited}");
    for not_quoted in ["Heading", "Inline Author", "Original post", "مرحبا"] {
        assert!(!cited.contains(not_quoted), "{not_quoted} in {cited}");
    }
}

/// A citing call whose body opens with a paragraph of only a note
/// reference is quoted from its first paragraph with words.
#[test]
fn a_citing_calls_quote_skips_a_paragraph_of_only_a_note_reference() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"Ann\", url=\"@sd-2\") %}\n[^1]\n\nLater words here. More.\n{% end %}\n\n[^1]: A note.\n",
    );
    site.build().ok();
    let two = site.read("public/special-dispatch/2/index.html");
    let cited = &two[two.find("cited-by-heading").unwrap()..];
    assert!(cited.contains(">Later words here.</blockquote>"), "{cited}");
}

/// A value of the wrong kind for a built-in shortcode (`url=5`) is the
/// call's to change: said so, not blamed on a template the site cannot
/// open.
#[test]
fn a_number_where_a_shortcode_wants_text_is_the_call_s_fault() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text.\n\n{% post(author=\"A\", url=5) %}Words.{% end %}\n\n{{ figure(image=true, alt=\"x\") }}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("shortcode `post` takes `url` as text, not `url=5`")
        .says("shortcode `figure` takes `image` as text, not `image=true`")
        .says("write it in quotes: `image=\"...\"`");
    assert!(!run.stderr.contains("<built-in theme>"), "{}", run.stderr);
    // A site's own template wrong in itself is blamed, not the number.
    site.write(
        "templates/shortcodes/calc.html",
        "{{ \"abc\" + 1 }} {{ n }}",
    );
    site.write_dispatch(3, "2021-03-01", "", "Text.\n\n{{ calc(n=3) }}");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("shortcode `calc` failed")
        .says("fix the shortcode's template at templates/shortcodes/calc.html");
    assert!(!run.stderr.contains("write it in quotes"), "{}", run.stderr);
}

/// A block shortcode whose template does not parse is said at the
/// template, once: its calls are not also told that they do not show
/// their body (whose help, followed, would drop every transcript).
#[test]
fn a_broken_block_template_is_not_blamed_on_its_calls() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/clip.html",
        "{{ caption | }}<figure>{{ body | safe }}</figure>",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text.\n\n{% clip(caption=\"The address\") %}\nDIRECTOR: Inspections go on.\n{% end %}",
    );
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.says("templates/shortcodes/clip.html:1:");
        assert!(
            !run.stderr.contains("does not show its body"),
            "{}",
            run.stderr
        );
    }
}

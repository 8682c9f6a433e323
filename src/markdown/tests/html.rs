//! The HTML a body renders to: escaping, raw HTML's text, heading ids and block calls in place.

use super::*;

#[test]
fn text_is_escaped_and_code_highlighted() {
    let r = render_str("<script>alert(1)</script> & more\n\n```rust\nlet x = 1;\n```\n");
    assert!(r.html.contains("hl-"));
    assert!(r.text.contains("let x = 1;"));
}

#[test]
fn inline_html_that_breaks_a_line_parts_words_in_the_text() {
    let r = render_str(
        "A seal<br>pup, a sea<br/>lion, un<em>done</em>, a pa<wbr>rade, a <!-- x -->word.\n",
    );
    assert!(r.text.contains("seal pup"), "{:?}", r.text);
    assert!(r.text.contains("sea lion"), "{:?}", r.text);
    assert!(r.text.contains("undone"), "{:?}", r.text);
    assert!(r.text.contains("parade"), "{:?}", r.text);
    assert!(r.text.contains("a word"), "{:?}", r.text);
}

#[test]
fn an_html_block_s_shown_text_is_the_document_s() {
    let r = render_str(concat!(
        "Before.\n\n<div class=\"box\">\n<p>Harbour <b>notice</b></p>\n<p hidden>secret</p>\n</div>\n\n",
        "<script>\nvar code = 1;\n</script>\n\nAfter.\n",
    ));
    assert!(
        r.text.contains("Before.\nHarbour notice\nAfter."),
        "{:?}",
        r.text
    );
    assert!(
        !r.text.contains("secret") && !r.text.contains("code"),
        "{:?}",
        r.text
    );
}

#[test]
fn inline_html_the_page_hides_is_not_in_the_text() {
    let r = render_str(concat!(
        "A <span hidden>secret <span>inner</span> more</span>word, ",
        "<span aria-hidden=\"true\">icon</span>an <kbd>Ctrl</kbd>C and <del>old</del>new.\n\n",
        "An <span hidden>unclosed one.\n\nNext block.\n\n",
        "<div>alphaword</div><div>betaword</div>\n\n",
        "## Results <!-- hidden until launch --> in summary\n\nPara <!-- hidden note --> goes on.\n",
    ));
    assert!(r.html.contains("id=\"results-in-summary\""), "{}", r.html);
    for shown in [
        "A word, an CtrlC and oldnew.",
        "Next block.",
        "alphaword betaword",
        "Para  goes on.",
    ] {
        assert!(r.text.contains(shown), "{shown} in {:?}", r.text);
    }
    let r2 = render_str(concat!(
        "Para <span hidden><style>.a{content:\"</span>\"}</style>zhsa</span> zvsb.\n\n",
        "Para <span hidden><script>x = \"<span>\";</script>zhsc</span> zvsd.\n\n",
        "Para zvse <textarea><span hidden></textarea> zvsf.\n",
    ));
    for shown in ["zvsb", "zvsd", "zvse", "zvsf"] {
        assert!(r2.text.contains(shown), "{shown} in {:?}", r2.text);
    }
    for hidden in ["zhsa", "zhsc", "content", "x ="] {
        assert!(!r2.text.contains(hidden), "{hidden} in {:?}", r2.text);
    }
    for hidden in ["secret", "inner", "more", "icon", "unclosed"] {
        assert!(!r.text.contains(hidden), "{hidden} in {:?}", r.text);
    }
}

#[test]
fn heading_ids_are_unique_on_the_page() {
    let r = render_str(
        "## A 2\n\n## A\n\n## A\n\n## A-3\n\n## Fn 1\n\n## Dispatch title\n\n## Fnref 1\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a-2",
            "a",
            "a-3",
            "a-3-2",
            "fn-1-2",
            "dispatch-title-2",
            "h-fnref-1"
        ]
    );
}

#[test]
fn a_taken_explicit_id_is_an_error() {
    let r = render_str("## One {#same}\n\n## Two {#same}\n\n## Three {#fn-1}\n\n## same\n");
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "heading id `same` is already used on this page",
            "heading id `fn-1` is already used on this page"
        ]
    );
    assert_eq!(r.headings[3].id, "same-2");
}

#[test]
fn a_note_defined_twice_is_an_error() {
    let r = render_str("Text[^a].\n\n[^a]: First.\n\n[^a]: Second.\n");
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["footnote `[^a]` is defined twice (first on line 3)"]
    );
    assert!(r.footnotes.contains("First.") && !r.footnotes.contains("Second."));
    // Labels ignore case: a label that differs only so is said to.
    let r = render_str("Text[^a].\n\n[^a]: First.\n\n[^A]: Second.\n");
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "footnote `[^A]` is defined twice: labels ignore case, and `[^a]` on line 3 is the same label"
        ]
    );
}

#[test]
fn a_block_call_stays_in_its_list_item_or_quote() {
    let r = render_str("- one\n- {% post() %}body{% end %}\n- three\n");
    assert_eq!(r.html.matches("<ul>").count(), 1, "{}", r.html);
    assert!(
        r.html
            .contains("<li><aside data-sc=\"post\">body</aside></li>"),
        "{}",
        r.html
    );
    // On its own lines, indented as the item's continuation.
    let r = render_str("- one\n\n  {% post() %}\n  body\n  {% end %}\n\n- two\n");
    assert_eq!(r.html.matches("<ul>").count(), 1, "{}", r.html);
    let aside = r.html.find("<aside").unwrap();
    assert!(aside < r.html.find("two").unwrap(), "{}", r.html);
    // In a quote, the call is a block of the quote, its body Markdown.
    let r = render_str("> Quote\n>\n> {% post() %}\n> in *quote*\n> {% end %}\n");
    assert!(!r.html.contains("<p><aside"), "{}", r.html);
    assert!(
        r.html
            .contains("<aside data-sc=\"post\"><p>in <em>quote</em></p>"),
        "{}",
        r.html
    );
    let r = render_str("> {% post() %}\n> quoted\n> {% end %}\n");
    let aside = r.html.find("<aside").unwrap();
    assert!(
        r.html.starts_with("<blockquote>") && aside < r.html.find("</blockquote>").unwrap(),
        "{}",
        r.html
    );
    assert!(r.html[aside..].contains("quoted"));
}

use super::*;

fn render_str(md: &str) -> Rendered {
    render_dir(md, false, None)
}

/// Renders `md` as a document that reads right to left or not, in a
/// language other than the site's `site_lang` if that is given.
fn render_dir(md: &str, rtl: bool, site_lang: Option<&str>) -> Rendered {
    let h = Highlighter::new();
    let names = vec!["post".to_string()];
    let echo =
        |c: &shortcodes::Call, body: Option<&str>| -> Result<String, super::ShortcodeError> {
            // Shows its `author` and `handle` (escaped, the author in
            // capitals), as a post template would, and no other argument.
            let mut shown = Vec::new();
            for (key, arg) in &c.args {
                if let (true, shortcodes::Arg::Str(v)) = (key == "author" || key == "handle", arg) {
                    let v = if key == "author" {
                        v.to_uppercase()
                    } else {
                        v.clone()
                    };
                    let _ = tera::escape_html(&v, &mut shown);
                }
            }
            let shown = String::from_utf8(shown).unwrap_or_default();
            Ok(format!(
                "<aside data-sc=\"{}\">{}{shown}</aside>",
                c.name,
                body.unwrap_or("")
            ))
        };
    let cx = Context {
        highlighter: &h,
        shortcode_names: &names,
        render_shortcode: &echo,
        base_path: "/archive/",
        rtl,
        site_lang,
        zero_digit: None,
    };
    let src: Arc<str> = Arc::from(md);
    render(&src, 0..md.len(), Path::new("t.md"), &cx)
}

#[test]
fn footnotes_numbered_by_first_reference_with_backrefs() {
    let r = render_str("B[^b] then A[^a] and B again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("href=\"#fn-1\" id=\"fnref-1\""));
    assert!(r.html.contains("id=\"fnref-1-2\""));
    let b = r.footnotes.find("Note B").unwrap();
    let a = r.footnotes.find("Note A").unwrap();
    assert!(b < a, "B is cited first so it is note 1");
    assert!(r.footnotes.contains("href=\"#fnref-1\""));
    assert!(r.footnotes.contains("href=\"#fnref-1-2\""));
    assert!(r.footnotes.contains("href=\"#fnref-2\""));
}

#[test]
fn each_back_link_is_one_unit_pointing_back_in_its_direction() {
    let md = "One[^n], two[^n], three[^n].\n\n[^n]: The note.\n";
    let ltr = render_str(md).footnotes;
    assert!(
        ltr.contains("<a href=\"#fnref-1-2\" class=\"footnote-backref\" role=\"doc-backlink\" dir=\"ltr\"><span class=\"footnote-arrow\" aria-hidden=\"true\">↩</span><sup aria-hidden=\"true\">b</sup>"),
        "{ltr}"
    );
    let rtl = render_dir(md, true, Some("en")).footnotes;
    assert_eq!(
        rtl.matches("dir=\"rtl\"><span class=\"footnote-arrow\" aria-hidden=\"true\">↪</span>")
            .count(),
        3,
        "{rtl}"
    );
    assert!(!rtl.contains('↩'));
    // Their words are the site's, in a note in another language; in a
    // note in the site's language they need no mark of their own.
    assert_eq!(
        rtl.matches("<span class=\"visually-hidden\" lang=\"en\">Back to reference 1")
            .count(),
        3,
        "{rtl}"
    );
    assert!(ltr.contains("<span class=\"visually-hidden\">Back to reference 1b</span>"));
}

#[test]
fn a_table_scrolls_in_a_named_box_of_its_own() {
    let r = render_str("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n\n| c |\n|---|\n| 3 |\n");
    let first = r.html.find("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\"><table>").unwrap();
    let second = r.html.find("aria-label=\"Table 2\"><table>").unwrap();
    assert!(first < second);
    // Under a heading, the name says the section too (escaped).
    let under = render_str("## Losses & \"gains\"\n\n| a |\n|---|\n| 1 |\n");
    assert!(
        under
            .html
            .contains("aria-label=\"Table 1: Losses &amp; &quot;gains&quot;\"><table>"),
        "{}",
        under.html
    );
    // A heading inside a quote is not the section's, nor is a note's
    // table in one.
    let quoted = render_str(
        "## Losses\n\n> ## Quoted\n\n| a |\n|---|\n| 1 |\n\nNote[^n].\n\n[^n]: See:\n\n    | b |\n    |---|\n    | 2 |\n",
    );
    assert!(
        quoted.html.contains("aria-label=\"Table 1: Losses\""),
        "{}",
        quoted.html
    );
    let notes = format!("{}{}", quoted.html, quoted.footnotes);
    assert!(notes.contains("aria-label=\"Table 2\""), "{notes}");
    assert_eq!(
        r.html.matches("</table>\n</div>").count() + r.html.matches("</table></div>").count(),
        2,
        "{}",
        r.html
    );
}

#[test]
fn undefined_and_unused_footnotes() {
    let r = render_str("Text[^9].\n\n[^1]: Unused.\n");
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", r.diagnostics);
    assert!(errors[0].message.contains("[^9]"));
    assert_eq!((errors[0].line, errors[0].column), (1, 5));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| !d.is_error() && d.message.contains("[^1]"))
    );
}

/// A note cited only from a note that nothing cites is not shown either:
/// no number, no back-link to a place on no page, none of its words in
/// the text; the body's notes are numbered first.
#[test]
fn notes_cited_only_from_unshown_notes_are_not_shown() {
    let r = render_str(
        "[^early]: Early, cites [^later].\n\nBody[^a] then[^early].\n\n\
         [^a]: Cited from the body.\n\
         [^orphan]: Never cited; cites a,[^a] y[^y] and z[^zz] quuxorphan.\n\
         [^y]: Only from the orphan quuxy.\n\
         [^later]: Cited from early.\n",
    );
    let f = &r.footnotes;
    assert!(!f.contains("quuxorphan") && !f.contains("quuxy"), "{f}");
    assert!(!f.contains("fnref-1-2"), "a has one back-link: {f}");
    assert!(!r.text.contains("quux"), "{}", r.text);
    let (a, early, later) = (
        f.find("Cited from the body").unwrap(),
        f.find("Early").unwrap(),
        f.find("Cited from early").unwrap(),
    );
    assert!(a < early && early < later, "{f}");
    assert!(f.contains("id=\"fn-3\""), "{f}");
    assert!(!f.contains('\u{1C}'), "{f}");
    let said: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        said.iter()
            .any(|m| m.contains("`[^y]` is cited only from note `[^orphan]`")),
        "{said:?}"
    );
    let y = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`[^y]`"))
        .unwrap();
    assert_eq!(
        y.help.as_deref(),
        Some("cite `[^orphan]` in the text, or delete both definitions")
    );
    assert!(
        said.iter()
            .any(|m| m.contains("`[^zz]` is referenced but never defined"))
    );
    assert!(
        said.iter()
            .any(|m| m.contains("`[^orphan]` is defined but never"))
    );
}

/// A note's heading leaves the contents with the note when it is not
/// shown; a note citing only itself is said as one note; a marker
/// escaped to be text is not taken for one in raw HTML; a quote written
/// empty is kept.
#[test]
fn unshown_notes_edge_cases() {
    let r = render_str(
        "Body.[^a]\n\n[^a]: Shown.\n\n[^lost]: Cites [^deep].\n\n\
         [^deep]: Deep.\n\n    ## Deep heading\n\n[^self]: Cites itself.[^self]\n\n\
         Escaped \\[^e] here.\n\n[^e]: Leftover.\n\n>\n",
    );
    assert!(
        r.headings.iter().all(|h| h.text != "Deep heading"),
        "{:?}",
        r.headings
    );
    let said = |label: &str| {
        r.diagnostics
            .iter()
            .find(|d| d.message.contains(&format!("`[^{label}]` is")))
            .unwrap_or_else(|| panic!("{label}: {:?}", r.diagnostics))
    };
    assert!(
        said("self")
            .message
            .contains("defined but never referenced")
    );
    assert_eq!(
        said("self").help.as_deref(),
        Some("cite it in the text, or delete the definition")
    );
    assert_eq!(
        said("e").help.as_deref(),
        Some("cite it in the text, or delete the definition")
    );
    assert!(r.html.contains("<blockquote>"), "{}", r.html);
}

/// A note that ends in a list gets its back-link in a paragraph after it,
/// with no space before the link.
#[test]
fn a_note_ending_in_a_list_has_its_back_link_after() {
    let r = render_str("Cited.[^a]\n\n[^a]: Sources:\n\n    - one\n    - two\n");
    assert!(
        r.footnotes
            .contains("</ul><p><a href=\"#fnref-1\" class=\"footnote-backref\""),
        "{}",
        r.footnotes
    );
}

/// A quote that holds only a note's definition leaves no empty quote.
#[test]
fn a_quote_of_a_definition_alone_is_left_out() {
    let r = render_str("Cited.[^b]\n\n> [^b]: A note in a quote.\n\n> Kept.\n");
    assert!(
        !r.html.contains("<blockquote>\n</blockquote>"),
        "{}",
        r.html
    );
    assert_eq!(r.html.matches("<blockquote").count(), 1, "{}", r.html);
    assert!(
        r.footnotes.contains("A note in a quote."),
        "{}",
        r.footnotes
    );
}

/// A marker in raw HTML is not read: the unused note's help says where.
#[test]
fn a_marker_in_raw_html_is_pointed_at() {
    let r = render_str("<div>\nSaid so.[^h]\n</div>\n\n[^h]: Press release.\n");
    let warning = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`[^h]` is defined but never"))
        .unwrap();
    let help = warning.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("`[^h]` on line 2 is not read as a citation"),
        "{help}"
    );
    // The marker itself is said, even when the note is cited elsewhere;
    // not one in a tag's value or a comment.
    let r = render_str(
        "Cited.[^h]\n\n<div title=\"[^h]\">\nSaid so.[^h] <!-- [^h] -->\n</div>\n\n\
         <pre><code>grep '[^a-z]' file</code></pre>\n\n[^h]: Press release.\n",
    );
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("is in an HTML block"))
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(said, [(4, 9)], "{:?}", r.diagnostics);
}

/// What renders as the text `[^x]` cites no note: an escaped marker, one
/// written with character references, an autolink's address. An undefined
/// label with a space in it is a citation, as a defined one is.
#[test]
fn escaped_note_markers_are_text() {
    let r = render_str(
        "Escaped \\[^b] and [^x\\] and &#91;^x&#93; and <https://e.org/a[^x]b>.\n\n\
         Real[^a] and real[^b] and [^no such note].\n\n[^a]: Note A.\n[^b]: Note B.\n",
    );
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", r.diagnostics);
    assert!(errors[0].message.contains("[^no such note]"));
    assert_eq!((errors[0].line, errors[0].column), (3, 27));
    let a = r.footnotes.find("Note A").unwrap();
    let b = r.footnotes.find("Note B").unwrap();
    assert!(a < b, "A is cited first: {}", r.footnotes);
    assert!(!r.footnotes.contains("fnref-2-2"), "{}", r.footnotes);
    assert!(
        r.html.contains("Escaped [^b] and [^x] and [^x]"),
        "{}",
        r.html
    );
}

#[test]
fn references_in_raw_html_are_warned_about() {
    let r = render_str(
        "See <a href=\"@sd-97\">this</a>.\n\n<img src='@y' alt=\"@lvarga\" title='@desk'>\n",
    );
    let warnings: Vec<_> = r.diagnostics.iter().map(|d| &d.message).collect();
    // A handle in `alt` or `title` is not a link.
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`@sd-97` in HTML is not resolved"));
    assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (1, 14));
    // Written with a character reference, a reference is still one.
    let r = render_str("See <a href=\"&commat;sd-1\">r</a>.\n");
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert!(
        r.diagnostics[0]
            .message
            .contains("`@sd-1` in HTML is not resolved")
    );
}

#[test]
fn script_addresses_in_raw_html_are_warned_about() {
    let r = render_str(concat!(
        "<p><a href=\"&#106;avascript:alert(1)\">j</a>\n",
        "<a href=\"javascript:x\">k</a> <img src=\"&#100;ata:text/html,x\" alt=\"\">\n",
        "<img src=\"data:image/png;base64,AA\" alt=\"ok\"><a href=\"data:image/png;base64,AA\">ok</a></p>\n\n",
        "Inline <a href=\"&#x6A;avascript&colon;y\">l</a>.\n",
    ));
    let warned: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("in raw HTML would run script"))
        .map(|d| d.line)
        .collect();
    assert_eq!(warned, [1, 2, 2, 5], "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics.len(), 4, "{:?}", r.diagnostics);
}

#[test]
fn footnote_labels_ignore_case() {
    let r = render_str("TV said so[^TV].\n\n[^tv]: TV, 2024.\n");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.notes, 1);
    assert!(r.footnotes.contains("TV, 2024."), "{}", r.footnotes);
}

#[test]
fn heading_ids_follow_the_spec() {
    let r = render_str("## Part II: The Sermon\n\n## Part II: The Sermon\n\n## Custom {#my-id}\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["part-ii-the-sermon", "part-ii-the-sermon-2", "my-id"]);
    assert!(r.html.contains("<h2 id=\"part-ii-the-sermon-2\">"));
}

#[test]
fn references_become_placeholders_with_their_sentence() {
    let r = render_str("First sentence. See [the report](@sd-1#part-ii) for more. Last one.\n");
    assert_eq!(r.refs.len(), 1);
    assert_eq!(r.refs[0].dest, "sd-1#part-ii");
    assert_eq!(r.refs[0].sentence, "See the report for more.");
    assert!(r.html.contains(&format!("href=\"{REF_MARK}0{REF_MARK}\"")));
    assert_eq!(r.refs[0].span.start, 20);
}

#[test]
fn shortcode_block_replaces_its_paragraph() {
    let r = render_str(
        "Intro.\n\n{% post(author=\"A\") %}\nHello *world*\n{% end %}\n\nAfter [^1].\n\n[^1]: n\n",
    );
    assert!(
        r.html
            .contains("<aside data-sc=\"post\"><p>Hello <em>world</em></p>\nA</aside>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<p><aside"));
    assert!(!r.text.contains('\u{1C}'));
}

/// An image's description and a title are attributes: a call there is an
/// error and is left out, and tags there are words, not raw HTML.
#[test]
fn attributes_hold_no_calls_and_no_tags() {
    let r = render_str(
        "![Harbour {{ post(author=\"A\") }}](https://e.org/j.png)\n\n\
         [the report](https://e.org 'Report {{ post(author=\"B\") }}')\n\n\
         ![Screenshot of the <script> tag and <b>bold](https://e.org/s.png)\n",
    );
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{:?}", r.diagnostics);
    assert!(
        errors[0]
            .message
            .contains("`post` is in an image's description")
    );
    assert_eq!((errors[0].line, errors[0].column), (1, 11));
    assert_eq!(errors[1].line, 3);
    assert!(
        r.diagnostics.iter().all(|d| d.is_error()),
        "{:?}",
        r.diagnostics
    );
    assert!(!r.html.contains("<aside"), "{}", r.html);
    assert!(!r.html.contains('\u{1C}'), "{}", r.html);
    assert!(r.html.contains("alt=\"Harbour \""), "{}", r.html);
    assert!(r.html.contains("title=\"Report \""), "{}", r.html);
    assert!(
        r.html
            .contains("alt=\"Screenshot of the &lt;script&gt; tag and &lt;b&gt;bold\""),
        "{}",
        r.html
    );
}

#[test]
fn shortcode_arguments_that_show_words_are_searchable() {
    let r = render_str(
        "Body.\n\n{% post(author=\"Ahmad Tavakkoli\", handle=\"@a&t\", url=\"https://x.example/1\", lang=\"fa\", n=3, note=\"unseen words\") %}\nsaid\n{% end %}\n",
    );
    assert!(r.text.starts_with("Body.\n"), "{:?}", r.text);
    for shown in ["Ahmad Tavakkoli", "@a&t", "said"] {
        assert!(r.text.contains(shown), "{shown} in {:?}", r.text);
    }
    for hidden in ["x.example", "fa\n", "3", "unseen"] {
        assert!(!r.text.contains(hidden), "{hidden} in {:?}", r.text);
    }
    assert_eq!(r.text_len, r.text.len());
}

#[test]
fn unknown_shortcode_reports_location() {
    let r = render_str("Line one.\n\n{{ tweet(id=\"1\") }}\n");
    let d = &r.diagnostics[0];
    assert!(d.message.contains("tweet"));
    assert_eq!((d.line, d.column), (3, 1));
    assert!(d.help.as_deref().unwrap().contains("post"));
}

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
    assert!(
        r.html.contains("aria-label=\"Table 1: After\""),
        "{}",
        r.html
    );
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

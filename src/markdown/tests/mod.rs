//! Rendering bodies: footnotes, references, shortcodes, links, headings
//! and code, each on small Markdown texts.

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
        rooting: crate::config::Rooting::at("/archive/"),
        own_sites: &[],
        rtl,
        site_lang,
        zero_digit: None,
        smart_punctuation: false,
        words: &crate::words::Words::english(),
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

/// Aligned columns carry classes, not `style` attributes, which a strict
/// Content-Security-Policy refuses.
#[test]
fn aligned_columns_are_classes_not_styles() {
    let r = render_str("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 |\n");
    assert!(!r.html.contains("style="), "{}", r.html);
    assert!(
        r.html.contains("<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
        "{}",
        r.html
    );
    // A short row is filled out with empty cells, aligned as their column.
    assert!(
        r.html
            .contains("<tr><td class=\"align-left\">5</td><td class=\"align-center\"></td>"),
        "{}",
        r.html
    );
}

#[test]
fn a_table_scrolls_in_a_named_box_of_its_own() {
    let r = render_str("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n\n| c |\n|---|\n| 3 |\n");
    let first = r.html.find("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\"><table>").unwrap();
    let second = r.html.find("aria-label=\"Table 2\"><table>").unwrap();
    assert!(first < second);
    // Under a heading, the name is the section's (escaped), and which of
    // its tables.
    let under = render_str("## Losses & \"gains\"\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n");
    assert!(
        under
            .html
            .contains("aria-label=\"Losses &amp; &quot;gains&quot;\"><table>")
            && under
                .html
                .contains("aria-label=\"Losses &amp; &quot;gains&quot;, table 2\"><table>"),
        "{}",
        under.html
    );
    // A heading inside a quote is not the section's, nor is a note's
    // table in one.
    let quoted = render_str(
        "## Losses\n\n> ## Quoted\n\n| a |\n|---|\n| 1 |\n\nNote[^n].\n\n[^n]: See:\n\n    | b |\n    |---|\n    | 2 |\n",
    );
    assert!(
        quoted.html.contains("aria-label=\"Losses\""),
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

/// A call as a link's or an image's address writes HTML where Markdown
/// wants an address: said, not published as a broken link's text.
#[test]
fn a_call_is_no_address() {
    let r = render_str(
        "See [x]({{ post(author=\"a\") }}) and\n\
         ![y](<{{ post(author=\"b\") }}>).\n",
    );
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("shortcode `post` is a link's address"))
        .collect();
    assert_eq!(said.len(), 2, "{:?}", r.diagnostics);
    assert!(said.iter().all(|d| d.is_error()));
    assert_eq!((said[0].line, said[0].column), (1, 9));
    assert_eq!((said[1].line, said[1].column), (2, 7));
    // With spaces around it, and in a link's definition.
    let spaced = render_str(
        "See [x]( {{ post(author=\"a\") }} ) and [y][d].\n\n[d]: {{ post(author=\"b\") }}\n",
    );
    let said = spaced
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("is a link's address"));
    assert_eq!(said.count(), 2, "{:?}", spaced.diagnostics);
    // A sentence that starts with a bracketed label is no definition.
    let sentence = render_str(
        "[Update, 3 March]: {{ post(author=\"a\") }} confirmed it.\n\nLine one\n[b]: {{ post(author=\"b\") }}\n",
    );
    assert!(
        !sentence
            .diagnostics
            .iter()
            .any(|d| d.message.contains("address")),
        "{:?}",
        sentence.diagnostics
    );
    // Beside a link, a call is no address.
    let r = render_str("See [x](https://e.org \"t\") {{ post(author=\"a\") }}.\n");
    assert!(
        !r.diagnostics.iter().any(|d| d.message.contains("address")),
        "{:?}",
        r.diagnostics
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

mod found;
mod html;
mod no_panic;

/// An id typed with decomposed accents (macOS, a paste) is the id typed
/// with composed ones; a note's label so typed is said, with the reason:
/// the parser takes the two for different labels.
#[test]
fn ids_are_read_in_one_unicode_form_and_note_labels_said() {
    let r = render_str(
        "## Summary {#re\u{301}sume\u{301}}\n\nSee.[^cafe\u{301}]\n\n[^caf\u{e9}]: Source.\n",
    );
    assert_eq!(r.headings[0].id, "r\u{e9}sum\u{e9}");
    assert!(
        r.html.contains("<h2 id=\"r\u{e9}sum\u{e9}\">"),
        "{}",
        r.html
    );
    let undefined = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("never defined"))
        .expect("the reference is said");
    assert!(
        undefined
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("accents typed another way"),
        "{undefined:?}"
    );
    let unused = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("never referenced"))
        .expect("the definition is said");
    assert!(
        unused
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("its accents typed another way"),
        "{unused:?}"
    );
}

#[test]
fn a_link_with_no_text_is_said() {
    let r = render_str(
        "Also [](https://e.org/a) and [ ](https://e.org/b), not [x](https://e.org/c) or <https://e.org/d>.\n",
    );
    let said: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("this link has no text"))
        .map(|d| d.column)
        .collect();
    assert_eq!(said, [6, 30], "{:?}", r.diagnostics);
}

//! Whether the raw HTML a body writes is balanced: the page's own markup
//! (its notes, citation, footer and scripts) follows the body, so an
//! element the body leaves open swallows them, a stray end tag closes the
//! page's own element early, and a comment left open hides the rest of
//! the page. Raw HTML is published as written; these are warnings, at
//! the HTML that causes them.
//!
//! Only the raw HTML is followed: the elements Markdown writes are
//! balanced by construction, and an element may well open in one HTML
//! block and close in another with Markdown between (`<div class="box">`,
//! paragraphs, `</div>`).

use std::ops::Range;

use super::html_text;

/// Elements followed: those whose end tag may not be left out. (A `<p>`
/// or `<li>` ends by itself where a browser sees it must.)
const FOLLOWED: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "button",
    "canvas",
    "cite",
    "code",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "i",
    "ins",
    "kbd",
    "label",
    "legend",
    "main",
    "mark",
    "nav",
    "object",
    "ol",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "select",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "time",
    "u",
    "ul",
    "var",
    "video",
];

/// Elements whose content a browser does not read as markup: one left
/// open takes the rest of the page (its notes and footer too) for its
/// text, and shows none of it, or shows it as code. (`<svg>` and
/// `<math>` are left out: their `<x/>` does close them.)
const SWALLOWING: &[&str] = &[
    "iframe", "noembed", "noframes", "noscript", "script", "style", "template", "textarea",
    "title", "xmp",
];

/// A warning about the body's raw HTML: what, what to do, and where.
pub(super) type Fault = (String, String, Range<usize>);

/// Where a line of an HTML block starts: in the block, and in the file.
type LineStart = (usize, usize);

/// How many faults of one kind are said one by one (see [`Balance::finish`]).
const SAID: usize = 5;

/// The raw HTML's open elements as the body goes, and what was wrong.
#[derive(Default)]
pub(super) struct Balance {
    /// Elements opened and not yet closed: name, and where the tag is.
    open: Vec<(String, Range<usize>)>,
    /// The HTML block being read (its lines come one by one, and a tag
    /// may span them), where it starts, and where each of its lines
    /// starts in it and in the file (a quote's `>` or a list's indent
    /// lies between them).
    block: Option<(String, usize, Vec<LineStart>)>,
    /// The `id`s of its elements, and where.
    ids: Vec<(String, Range<usize>)>,
    faults: Vec<Fault>,
}

impl Balance {
    /// A piece of inline HTML (one tag) at `at` in the file.
    pub(super) fn inline(&mut self, html: &str, at: Range<usize>) {
        let place = |_: &str| at.clone();
        self.tags(html, &place);
    }

    pub(super) fn block_start(&mut self, at: usize) {
        self.block = Some((String::new(), at, Vec::new()));
    }

    /// A line of the block, at `at` in the file.
    pub(super) fn block_line(&mut self, html: &str, at: usize) {
        if let Some((block, _, lines)) = &mut self.block {
            lines.push((block.len(), at));
            block.push_str(html);
        }
    }

    pub(super) fn block_end(&mut self) {
        let Some((block, at, lines)) = self.block.take() else {
            return;
        };
        let span = at..at + block.find('\n').unwrap_or(block.len());
        // A tag is said where it is written: its line's place in the
        // file, and its own in the line.
        let base = block.as_ptr() as usize;
        let place = |tag: &str| {
            let offset = (tag.as_ptr() as usize).saturating_sub(base);
            match lines.iter().rev().find(|(start, _)| *start <= offset) {
                Some(&(start, file)) => {
                    let from = file + offset - start;
                    from..from + tag.find('\n').unwrap_or(tag.len())
                }
                None => span.clone(),
            }
        };
        if let Some(start) = unclosed_comment(&block) {
            let at = at + start;
            self.faults.push((
                "this comment is not closed with `-->`: it hides the rest of the page, \
                 with its notes and footer"
                    .to_string(),
                "end the comment with `-->`".to_string(),
                at..at + 4,
            ));
        }
        self.tags(&block, &place);
    }

    /// Reads the tags of `html`; `place` says where one is in the file.
    fn tags(&mut self, html: &str, place: &dyn Fn(&str) -> Range<usize>) {
        for tag in html_text::tags(html) {
            let at = place(tag.src);
            if let Some(id) = tag.id.filter(|id| !id.is_empty()) {
                self.ids.push((id.to_string(), at.clone()));
            }
            let name = tag.name.as_str();
            if !FOLLOWED.contains(&name) && !SWALLOWING.contains(&name) {
                continue;
            }
            if tag.opens {
                self.open.push((tag.name, at));
            } else if tag.closes {
                self.close(&tag.name, &at);
            }
        }
    }

    /// The `id`s the raw HTML gives its elements, and where.
    pub(super) fn ids(&self) -> &[(String, Range<usize>)] {
        &self.ids
    }

    fn close(&mut self, name: &str, at: &Range<usize>) {
        let Some(i) = self.open.iter().rposition(|(n, _)| n == name) else {
            self.faults.push((
                format!(
                    "`</{name}>` closes no element of this text: it would close the page's own"
                ),
                format!("remove it, or open the `<{name}>` it means to close in the text"),
                at.clone(),
            ));
            return;
        };
        for (inner, span) in self.open.drain(i + 1..) {
            self.faults.push((
                format!("`<{inner}>` is not closed before `</{name}>`"),
                format!("close it with `</{inner}>` where it ends"),
                span,
            ));
        }
        self.open.truncate(i);
    }

    /// The faults found, with the elements still open at the end.
    /// (A few of each kind are said one by one, the rest counted in one,
    /// at the first of them: a paste of a thousand `<div>`s is no
    /// thousand warnings.)
    pub(super) fn finish(mut self) -> Vec<Fault> {
        let (mut inner, mut first_unsaid) = (0, None);
        self.faults.retain(|(message, _, span)| {
            if !message.contains("is not closed before") {
                return true;
            }
            inner += 1;
            if inner > SAID {
                first_unsaid.get_or_insert(span.clone());
            }
            inner <= SAID
        });
        if let Some(span) = first_unsaid {
            self.faults.push((
                format!(
                    "{} more elements of this text are not closed before the element around them",
                    inner - SAID
                ),
                "close each element where it ends; the first of them are said before this"
                    .to_string(),
                span,
            ));
        }
        let open: Vec<_> = self.open.drain(..).collect();
        for (name, span) in open.iter().take(SAID) {
            self.faults.push(if SWALLOWING.contains(&name.as_str()) {
                (
                    format!(
                        "`<{name}>` is not closed: a browser takes the rest of the page, its notes \
                         and footer too, for the `<{name}>`'s content, and shows none of it"
                    ),
                    format!(
                        "to show the tag as text, write it in backticks (`` `<{name}>` ``) or as \
                         `&lt;{name}&gt;`; else close it with `</{name}>` where it ends"
                    ),
                    span.clone(),
                )
            } else {
                (
                    format!(
                        "`<{name}>` is not closed: the page's notes and footer would end up inside it"
                    ),
                    format!("close it with `</{name}>` where it ends"),
                    span.clone(),
                )
            });
        }
        if let Some((_, span)) = open.get(SAID) {
            self.faults.push((
                format!(
                    "{} more elements of this text are not closed",
                    open.len() - SAID
                ),
                "close each element where it ends; the first of them are said before this"
                    .to_string(),
                span.clone(),
            ));
        }
        self.faults
    }
}

/// Where a comment that is not closed starts in `html`.
fn unclosed_comment(html: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = html[at..].find("<!--") {
        let start = at + i;
        // `<!-->` and `<!--->` are closed at once.
        let body = &html[start + 4..];
        if body.starts_with('>') || body.starts_with("->") {
            at = start + 4;
            continue;
        }
        match body.find("-->") {
            Some(end) => at = start + 4 + end + 3,
            None => return Some(start),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(pieces: &[(&str, bool)]) -> Vec<String> {
        let mut b = Balance::default();
        for (i, (html, block)) in pieces.iter().enumerate() {
            if *block {
                b.block_start(i * 10);
                b.block_line(html, i * 10);
                b.block_end();
            } else {
                b.inline(html, i * 10..i * 10 + 1);
            }
        }
        b.finish()
            .into_iter()
            .map(|(m, _, at)| format!("{}: {m}", at.start))
            .collect()
    }

    #[test]
    fn balanced_html_across_blocks_is_fine() {
        let ok = faults(&[
            ("<div class=\"box\">\n", true),
            ("<span>", false),
            ("</span>", false),
            ("<p>one<br>two<img src=x><!-- note -->\n", true),
            ("</div>\n", true),
        ]);
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn a_slash_ends_only_a_void_or_bare_tag() {
        // A bare value's last slash is the value's; `<br/>` is void.
        let ok = faults(&[
            ("<a href=/pages/about/>", false),
            ("</a>", false),
            ("<p>one<br/>two<img src=x /></p>\n", true),
        ]);
        assert!(ok.is_empty(), "{ok:?}");
        // HTML ignores the slash of `<div/>`: the div is open.
        assert_eq!(
            faults(&[("<div class=\"spacer\"/>\n", true)]),
            ["0: `<div>` is not closed: the page's notes and footer would end up inside it"]
        );
    }

    #[test]
    fn each_tag_is_said_where_it_is_and_a_thousand_are_counted() {
        assert_eq!(
            faults(&[(
                "<div class=\"outer\"><section class=\"inner\"><p>text\n",
                true
            )]),
            [
                "0: `<div>` is not closed: the page's notes and footer would end up inside it",
                "19: `<section>` is not closed: the page's notes and footer would end up inside it",
            ]
        );
        let many = "<div>".repeat(1000) + "\n";
        let found = faults(&[(&many, true)]);
        assert_eq!(found.len(), SAID + 1, "{found:?}");
        // At the first element not said one by one, after those said.
        assert_eq!(
            found[SAID],
            "25: 995 more elements of this text are not closed"
        );
        let many = "<div>".to_string() + &"<span>a</div><div>".repeat(8) + "</div>\n";
        let found = faults(&[(&many, true)]);
        assert_eq!(found.len(), SAID + 1, "{found:?}");
        assert!(
            found[SAID].contains("3 more elements of this text are not closed before"),
            "{found:?}"
        );
    }

    #[test]
    fn a_script_or_textarea_left_open_in_prose_is_said_with_how_to_show_it() {
        let found = faults(&[("<script>", false), ("<textarea>", false)]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("0: `<script>` is not closed: a browser takes the rest"),
            "{found:?}"
        );
        // Closed in a later piece of the same text, it is fine.
        assert!(faults(&[("<textarea>", false), ("</textarea>", false)]).is_empty());
        assert!(faults(&[("<iframe src=\"/map/\"></iframe>\n", true)]).is_empty());
    }

    #[test]
    fn open_stray_and_commented_out_are_said() {
        let found = faults(&[
            ("<div>\n<section>\n", true),
            ("</div></main>\n", true),
            ("<!-- unclosed\n", true),
            ("<span>", false),
        ]);
        assert_eq!(
            found,
            [
                "6: `<section>` is not closed before `</div>`",
                "16: `</main>` closes no element of this text: it would close the page's own",
                "20: this comment is not closed with `-->`: it hides the rest of the page, with its notes and footer",
                "30: `<span>` is not closed: the page's notes and footer would end up inside it",
            ]
        );
    }
}

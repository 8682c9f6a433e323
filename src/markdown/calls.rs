//! Shortcode calls, once the body around them is rendered: each call's
//! template is run, and its HTML swapped in for the call's tokens (see
//! `tokens.rs`). What the template writes is the page's too: its links
//! are checked, its root-relative URLs put under the site's sub-path, its
//! `@` references resolved, and the words its arguments show searched.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::tokens::substitute_tokens;
use super::{Context, REF_MARK, RawRef, links, shortcodes, shown};
use crate::diagnostic::Diagnostic;

/// Where the calls are: the file, its text, and where the body starts.
pub(super) struct Place<'a> {
    pub source: &'a Arc<str>,
    pub base: usize,
    pub file: &'a Path,
}

/// The body and notes with their calls swapped in, and what the calls'
/// HTML brought.
pub(super) struct Swapped {
    pub html: String,
    pub footnotes: String,
    /// Per call, the words its arguments show on the page.
    pub shown: Vec<String>,
    pub diags: Vec<Diagnostic>,
    /// `@` references a template writes as an address (a post's
    /// `url="@sd-12"`), numbered after the body's own.
    pub refs: Vec<RawRef>,
    /// Links to the site's files: URL, where the call is, whether an
    /// image's.
    pub links: Vec<(String, Range<usize>, bool)>,
}

/// The most HTML a block call's body may hold. A template that shows its
/// body twice, in calls nested in each other, doubles it at each level:
/// twenty levels made 176 MB, and a few more would exhaust memory.
const MAX_BODY: usize = 32 << 20;

/// The error for a call whose body reached `len` bytes of HTML.
fn too_large(call: &shortcodes::Call, len: usize, at: &Place) -> Diagnostic {
    Diagnostic::error(format!(
        "the body of shortcode `{}` is {len} bytes of HTML, past the {} MB a body may hold",
        call.name,
        MAX_BODY >> 20
    ))
    .in_file(at.file)
    .at_span(
        at.source,
        at.base + call.span.start..at.base + call.span.end,
    )
    .with_help(
        "a shortcode's template that shows its body more than once, in calls nested in each \
         other, doubles it at each level: show the body once",
    )
}

/// The built-in shortcodes whose body is quoted text: a post's, a clip's
/// transcript (its line breaks are kept, its Latin tags isolated).
pub(super) const QUOTED_BODIES: [&str; 2] = ["post", "clip"];

/// The built-in shortcodes' arguments that are links' addresses. (A
/// site's own templates may take a blank one as none; `figure`'s `image`
/// is required, and said so by its template.)
const ADDRESS_ARGS: [(&str, &str); 3] =
    [("post", "url"), ("post", "archived_url"), ("clip", "src")];

/// What a call of a built-in shortcode gets wrong that its template
/// takes without a word, as (message, help): a post called inline has no
/// words to quote (an empty quote box, most often the block form
/// forgotten; a clip may be a video without a transcript), and an address
/// left blank (a call pasted to fill in later) names the page itself.
fn slips(call: &shortcodes::Call) -> Vec<(String, String)> {
    let name = &call.name;
    let mut said = Vec::new();
    if !call.block && name == "post" {
        said.push((
            format!("`{name}` quotes its body, and this call has none: it shows an empty quote"),
            format!("write the block form, with the text between: `{{% {name}(...) %}}` text `{{% end %}}`"),
        ));
    }
    for (arg, value) in &call.args {
        let blank = matches!(value, shortcodes::Arg::Str(s) if s.trim().is_empty());
        if blank && ADDRESS_ARGS.contains(&(name.as_str(), arg.as_str())) {
            said.push((
                format!("`{arg}` is empty: as an address, it names this page itself"),
                format!("give the address, or leave `{arg}` out until there is one"),
            ));
        }
    }
    said
}

/// Runs `calls` and swaps their HTML into `html` and `footnotes`; the
/// body's own references number `first_ref`.
pub(super) fn swap(
    (html, footnotes): (&str, &str),
    calls: &[shortcodes::Call],
    first_ref: usize,
    cx: &Context,
    at: &Place,
) -> Swapped {
    let mut shown = vec![String::new(); calls.len()];
    let mut diags = Vec::new();
    // A template writes the build's URLs: put under its path, not moved
    // (see `Rooting`).
    let template = crate::config::Rooting::at(cx.rooting.base_path);
    let mut call_links = Vec::new();
    let mut call_refs = Vec::new();
    let mut render = |i: usize, body: Option<&str>| {
        calls.get(i).map_or_else(String::new, |call| {
            if let Some(body) = body.filter(|b| b.len() > MAX_BODY) {
                diags.push(too_large(call, body.len(), at));
                return String::new();
            }
            let (html, shown_body) = render_call(call, body, cx, at, &mut diags);
            if let Some(words) = shown.get_mut(i) {
                *words = shown::argument_text(call, &html);
            }
            // The body's own links were noted as Markdown.
            let (before, after) = match &shown_body {
                Some(shown) => (&html[..shown.start], &html[shown.end..]),
                None => (html.as_str(), ""),
            };
            let span = at.base + call.span.start..at.base + call.span.end;
            let mut said = slips(call);
            said.extend(
                [before, after]
                    .into_iter()
                    .flat_map(links::embedded_references)
                    .map(|dest| {
                        (
                            format!("`{dest}` as an image's or a video's source is not resolved: a reference names a page, not a file"),
                            "give the file's path, like `/images/map.svg`".to_string(),
                        )
                    }),
            );
            for (message, help) in said {
                diags.push(
                    Diagnostic::warning(message)
                        .in_file(at.file)
                        .at_span(at.source, span.clone())
                        .with_help(help),
                );
            }
            for part in [before, after] {
                for (url, image) in links::attribute_urls(part) {
                    // Said as the call wrote it: `/x y.svg`, not the
                    // `/archive/x%20y.svg` its template made of it.
                    let published_as = |s: &str| {
                        let published = links::encoded(s.trim());
                        url == published || url == template.publish(&published)
                    };
                    let written = call.args.values().find_map(|a| match a {
                        shortcodes::Arg::Str(s) if published_as(s) => Some(s.trim().to_string()),
                        _ => None,
                    });
                    let url = written.unwrap_or(url);
                    call_links.push((url, span.clone(), image));
                }
            }
            // The template's own root-relative URLs go under the base
            // path, as raw HTML's do (the body's already are), and its
            // `@` references are resolved as the body's are.
            let shows = || quoted(call, shown_body.clone().map(|b| &html[b]));
            let mut own = |part: &str| {
                let rebased = links::rebase_attribute_urls(part, template);
                let part = rebased.as_deref().unwrap_or(part);
                let refs = links::attribute_references(part);
                if refs.is_empty() {
                    return rebased;
                }
                let sentence = shows();
                let mut out = String::with_capacity(part.len());
                let mut from = 0;
                for (at, dest) in refs {
                    let n = first_ref + call_refs.len();
                    out.push_str(&part[from..at.start]);
                    out.push_str(&format!("{REF_MARK}{n}{REF_MARK}"));
                    from = at.end;
                    call_refs.push(RawRef {
                        dest,
                        span: span.clone(),
                        sentence: sentence.clone(),
                        shown: true,
                    });
                }
                out.push_str(&part[from..]);
                Some(out)
            };
            match (own(before), own(after)) {
                (None, None) => html,
                (b, a) => {
                    let body = &html[before.len()..html.len() - after.len()];
                    [
                        b.as_deref().unwrap_or(before),
                        body,
                        a.as_deref().unwrap_or(after),
                    ]
                    .concat()
                }
            }
        })
    };
    let html = substitute_tokens(html, &mut render);
    let footnotes = substitute_tokens(footnotes, &mut render);
    Swapped {
        html,
        footnotes,
        shown,
        diags,
        refs: call_refs,
        links: call_links,
    }
}

fn render_call(
    call: &shortcodes::Call,
    body_html: Option<&str>,
    cx: &Context,
    at: &Place,
    diags: &mut Vec<Diagnostic>,
) -> (String, Option<Range<usize>>) {
    match (cx.render_shortcode)(call, body_html) {
        Ok(mut html) => {
            // The newline ending the template's file is no part of its
            // output: after a call mid-sentence, `({{ badge() }})` would
            // show a space before the `)`.
            if !call.block
                && let Some(line) = html.strip_suffix('\n')
            {
                let line = line.strip_suffix('\r').unwrap_or(line);
                html.truncate(line.len());
            }
            let body = body_html.map(str::trim).filter(|b| !b.is_empty());
            let shown = body.and_then(|b| html.find(b).map(|at| at..at + b.len()));
            // A body the shortcode does not show would still cite, add
            // notes and be searched: say so.
            if body.is_some() && shown.is_none() {
                diags.push(
                    Diagnostic::warning(format!("shortcode `{}` does not show its body", call.name))
                        .in_file(at.file)
                        .at_span(at.source, at.base + call.span.start..at.base + call.span.end)
                        .with_help(format!(
                            "call it without a body, as `{{{{ {}(...) }}}}`: the body's words, references and notes would count without being shown",
                            call.name
                        )),
                );
            }
            // Shown twice, the ids in it (its notes' markers, its
            // headings') would name two places, and links lead to the first.
            if let (Some(b), Some(first)) = (body, &shown)
                && b.contains(" id=\"")
                && html[first.end..].contains(b)
            {
                diags.push(
                    Diagnostic::warning(format!("shortcode `{}` shows its body twice", call.name))
                        .in_file(at.file)
                        .at_span(
                            at.source,
                            at.base + call.span.start..at.base + call.span.end,
                        )
                        .with_help(
                            "the ids in the body (its note markers' and headings') would be on the \
                             page twice: show the body once in the shortcode's template, or keep \
                             notes and headings out of the body",
                        ),
                );
            }
            // An address that would run script: a template that reads it
            // through `safe_url` (the built-in ones do) publishes `#`, a
            // dead link the editor should hear of, as of a Markdown link's.
            for (name, value) in &call.args {
                // A day that is none (`2024-02-30`) would be printed, and
                // be an invalid `<time datetime>`.
                if let shortcodes::Arg::Str(text) = value
                    && (name == "date" || name.ends_with("_date"))
                    && let Some(why) = crate::frontmatter::impossible_day(text)
                {
                    diags.push(
                        Diagnostic::warning(format!(
                            "`{name}` of shortcode `{}` is not a real date: `{}`: {why}",
                            call.name,
                            text.trim()
                        ))
                        .in_file(at.file)
                        .at_span(
                            at.source,
                            at.base + call.span.start..at.base + call.span.end,
                        )
                        .with_help("check the day and the month"),
                    );
                }
                if let shortcodes::Arg::Str(url) = value
                    && looks_like_address(url)
                    && links::runs_script(url, true)
                {
                    // A template of the site's own may show it as it is.
                    let published = links::every_attribute_url(&html)
                        .iter()
                        .any(|(u, _, _)| u.contains(url.trim()) && links::runs_script(u, true));
                    let (what, help) = if published {
                        (
                            ", and the shortcode's template publishes it as written",
                            "give an http(s) address or a path on the site; and read the \
                             argument through `safe_url` in the template \
                             (`{{ url | safe_url }}`), which makes such an address `#`",
                        )
                    } else {
                        (
                            " (`safe_url` makes it `#`)",
                            "give an http(s) address or a path on the site",
                        )
                    };
                    diags.push(
                        Diagnostic::warning(format!(
                            "`{name}` of shortcode `{}` is an address that would run script in a reader's browser{what}",
                            call.name
                        ))
                        .in_file(at.file)
                        .at_span(at.source, at.base + call.span.start..at.base + call.span.end)
                        .with_help(help),
                    );
                }
            }
            (html, shown)
        }
        Err(e) => {
            // Said at the argument it names, when it names one.
            let whole = at.base + call.span.start..at.base + call.span.end;
            let span = named_argument(call, &e.message)
                .and_then(|key| argument_span(at.source.get(whole.clone())?, key))
                .map_or(whole.clone(), |r| {
                    whole.start + r.start..whole.start + r.end
                });
            diags.push(
                Diagnostic::error(e.message)
                    .in_file(at.file)
                    .at_span(at.source, span)
                    .with_help(e.help),
            );
            (String::new(), None)
        }
    }
}

/// The argument of `call` that `message` names first (`` `lang="x"` ``,
/// `` `captoin` ``).
fn named_argument<'c>(call: &'c shortcodes::Call, message: &str) -> Option<&'c str> {
    call.args
        .keys()
        .filter_map(|k| {
            let at = [format!("`{k}`"), format!("`{k}=")]
                .iter()
                .filter_map(|n| message.find(n.as_str()))
                .min()?;
            Some((at, k.as_str()))
        })
        .min()
        .map(|(_, k)| k)
}

/// Where argument `key` (its name to its `=`) is in the call's text,
/// outside the quoted values of the others.
fn argument_span(call_text: &str, key: &str) -> Option<Range<usize>> {
    let args = call_text.find('(')? + 1;
    let mut quote: Option<char> = None;
    let mut last = '(';
    for (i, c) in call_text[args..].char_indices() {
        let at = args + i;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if (last == '(' || last == ',' || last.is_whitespace())
                && call_text[at..].starts_with(key)
                && call_text[at + key.len()..].trim_start().starts_with('=') =>
            {
                return Some(at..at + key.len());
            }
            None => {}
        }
        last = c;
    }
    None
}

/// Whether an argument reads as an address rather than text: a scheme
/// and its colon with no space in or right after them (`javascript:x`,
/// not a credit "Data: Ministry of Ports").
fn looks_like_address(value: &str) -> bool {
    let value = value.trim();
    value.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && !scheme.contains(char::is_whitespace)
            && rest.starts_with(|c: char| !c.is_whitespace())
    })
}

/// What "Cited by" quotes of a call that cites through its address: the
/// first sentence of its body's first paragraph with words (a post's
/// text), without note numbers. Nothing for a call without a body (its
/// template's labels are no quote) or in a language of its own (the quote
/// would be marked with the dispatch's).
fn quoted(call: &shortcodes::Call, body: Option<&str>) -> String {
    let Some(body) = body.filter(|_| !call.args.contains_key("lang")) else {
        return String::new();
    };
    let mut paragraphs = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<p>") {
        let end = rest[i..].find("</p>").map_or(rest.len(), |j| i + j);
        paragraphs.push(&rest[i..end]);
        rest = &rest[end..];
    }
    if paragraphs.is_empty() {
        paragraphs.push(body);
    }
    paragraphs
        .into_iter()
        .map(|p| super::html_text::visible_text(&without_note_refs(p)))
        .find(|text| !text.trim().is_empty())
        .map(|text| super::sentence::sentence_around(&text, 0))
        .unwrap_or_default()
}

/// `html` without its note references' numbers.
fn without_note_refs(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<sup class=\"footnote-ref\">") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("</sup>").map_or("", |j| &rest[i + j + 6..]);
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::argument_span;

    #[test]
    fn an_argument_is_found_outside_the_others_quoted_values() {
        let call = "{% post(author=\"see lang=x here\", lang=\"Arabic\") %}";
        let at = argument_span(call, "lang").unwrap();
        assert_eq!(&call[at.start..], "lang=\"Arabic\") %}");
        assert_eq!(
            argument_span("{{ f(updated_date=1, date=2) }}", "date").map(|r| r.start),
            Some(21)
        );
        assert_eq!(argument_span("{{ f(a='x, b=1') }}", "b"), None);
    }
}

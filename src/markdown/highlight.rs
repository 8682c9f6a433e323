//! Syntax highlighting of fenced code blocks, as CSS classes.
//!
//! The syntax set is loaded on first use only: most archives have no code
//! at all, and loading it costs tens of milliseconds. Classes (prefixed
//! `hl-`) rather than inline styles let one stylesheet serve light and dark.
//!
//! A grammar names every token with a nest of scopes
//! (`punctuation.definition.string.begin.json` inside
//! `meta.mapping.key.json`), and a class per part of each made a JSON dump
//! 35 times its size on the page. So a span carries only the parts the
//! stylesheets' selectors can match, and a scope none can match gets no
//! span: the page looks the same, at a fraction of the size.

use crate::escape::{escape, escape_into};
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;

use super::contrast::{self, Rgb};

/// Blocks longer than this are shown plain: a dump of megabytes is read
/// by searching it, not by its colours, and highlighted it would still
/// weigh many times its size (GitHub too stops highlighting big files).
pub const MAX_HIGHLIGHTED: usize = 256 * 1024;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// The themes of the light and the dark scheme (see [`stylesheet`]).
const LIGHT: &str = "InspiredGitHub";
const DARK: &str = "base16-ocean.dark";

/// Highlights code blocks; shared by every rendering thread.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<(SyntaxSet, Selectors)>,
    /// The site's or its theme's own `highlight.css`, which replaces
    /// [`stylesheet`]: its selectors are those spans must match.
    own_stylesheet: Option<String>,
}

/// The compound parts of every selector of the published stylesheet,
/// each as its scope's parts (`.hl-string.hl-quoted`: `["string",
/// "quoted"]`).
struct Selectors(Vec<Vec<String>>);

impl Selectors {
    /// Those of `css`: every run of `.hl-` classes with nothing between
    /// them is a compound part (in a rule's selector, which is where
    /// classes are written).
    fn of(css: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = css;
        while let Some(at) = rest.find(".hl-") {
            let mut compound = Vec::new();
            rest = &rest[at..];
            while let Some(class) = rest.strip_prefix(".hl-") {
                // An escape (`c\+\+`) is part of the name.
                let mut end = 0;
                let mut chars = class.char_indices();
                while let Some((i, c)) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if !(c.is_alphanumeric() || c == '-' || c == '_') {
                        end = i;
                        break;
                    }
                    end = class.len();
                }
                compound.push(class[..end].replace('\\', ""));
                rest = &class[end..];
            }
            // `.hl-code` is the code box's own class, not a scope's.
            if compound != ["code"] {
                parts.push(compound);
            }
        }
        parts.sort();
        parts.dedup();
        Selectors(parts)
    }

    /// The classes a span of `scope` needs: each part of it that some
    /// selector part names, whose other parts the scope has too. A class
    /// list matches a compound selector whatever else it holds, so these
    /// match every selector the scope's full list would. `None`: no
    /// selector can match it.
    fn classes(&self, scope: Scope) -> Option<String> {
        let name = scope.build_string();
        let parts: Vec<&str> = name.split('.').collect();
        let mut classes = String::new();
        for part in &parts {
            let named = self.0.iter().any(|selector| {
                selector.iter().any(|p| p == part)
                    && selector.iter().all(|p| parts.contains(&p.as_str()))
            });
            if named {
                if !classes.is_empty() {
                    classes.push(' ');
                }
                classes.push_str("hl-");
                escape_into(&mut classes, part);
            }
        }
        (!classes.is_empty()).then_some(classes)
    }
}

impl Highlighter {
    /// For the built-in stylesheet.
    pub fn new() -> Self {
        Self::default()
    }

    /// For a site or theme that publishes `css` as its `highlight.css`.
    pub fn with_stylesheet(css: String) -> Self {
        Highlighter {
            own_stylesheet: Some(css),
            ..Self::default()
        }
    }

    /// `<pre>` HTML for a code block. An unknown or missing language gives
    /// plain escaped text: a typo in a fence must not fail a build. A
    /// block wider than its box scrolls sideways, and a keyboard scrolls
    /// only what it can focus: each block is a tab stop, as a table is.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let escaped_lang = escape(lang);
        if !lang.is_empty() && code.len() <= MAX_HIGHLIGHTED {
            let (ss, selectors) = self.syntaxes.get_or_init(|| {
                let selectors = match &self.own_stylesheet {
                    Some(css) => Selectors::of(css),
                    None => Selectors::of(&stylesheet()),
                };
                (SyntaxSet::load_defaults_newlines(), selectors)
            });
            if let Some(syntax) = ss.find_syntax_by_token(lang)
                && let Some(html) = classed(syntax, ss, selectors, code)
            {
                return format!(
                    "<pre class=\"code hl-code\" data-lang=\"{escaped_lang}\" dir=\"ltr\" tabindex=\"0\"><code>{html}</code></pre>\n"
                );
            }
        }
        let mut out = String::with_capacity(code.len() + 64);
        out.push_str("<pre class=\"code\"");
        if !lang.is_empty() {
            out.push_str(&format!(" data-lang=\"{escaped_lang}\""));
        }
        // Code reads left to right in any dispatch, also where no style
        // sheet says so (a feed reader).
        out.push_str(" dir=\"ltr\" tabindex=\"0\"><code>");
        escape_into(&mut out, code);
        out.push_str("</code></pre>\n");
        out
    }
}

/// `code` as escaped HTML, its tokens in spans of the classes `selectors`
/// can match (see [`Selectors::classes`]); `None` if the grammar fails on
/// it. A span stays open across lines, as a multi-line string does.
fn classed(
    syntax: &SyntaxReference,
    ss: &SyntaxSet,
    selectors: &Selectors,
    code: &str,
) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // Classes by scope: building a scope's name takes a lock shared by
    // every thread, so it is done once per scope and block.
    let mut classes: HashMap<Scope, Option<String>> = HashMap::new();
    // Per pushed scope: where its span's text starts, if it got a span.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut out = String::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, ss).ok()?;
        let mut at = 0;
        for (i, op) in &ops {
            if let Some(text) = line.get(at..*i).filter(|t| !t.is_empty()) {
                escape_into(&mut out, text);
                at = *i;
            }
            stack
                .apply_with_hook(op, |op, _| match op {
                    BasicScopeStackOp::Push(scope) => {
                        let class = classes
                            .entry(scope)
                            .or_insert_with(|| selectors.classes(scope));
                        open.push(class.as_deref().map(|class| {
                            out.push_str("<span class=\"");
                            out.push_str(class);
                            out.push_str("\">");
                            out.len()
                        }));
                    }
                    BasicScopeStackOp::Pop => {
                        if let Some(Some(start)) = open.pop() {
                            if out.len() == start {
                                // An empty span: its tag is dropped.
                                let tag = out[..start].rfind("<span").unwrap_or(start);
                                out.truncate(tag);
                            } else {
                                out.push_str("</span>");
                            }
                        }
                    }
                })
                .ok()?;
        }
        escape_into(&mut out, line.get(at..).unwrap_or_default());
    }
    for _ in open.iter().flatten() {
        out.push_str("</span>");
    }
    Some(out)
}

/// `html` with the spans of its highlighted code blocks taken out, for a
/// feed: a feed reader has no stylesheet for their classes.
pub fn without_highlighting(html: &str) -> std::borrow::Cow<'_, str> {
    const START: &str = "<pre class=\"code hl-code\"";
    if !html.contains(START) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(START) {
        out.push_str(&rest[..at]);
        out.push_str("<pre class=\"code\"");
        let block = &rest[at + START.len()..];
        let end = block.find("</pre>").unwrap_or(block.len());
        // Inside a block the code is escaped: every `<` opens a tag of
        // the highlighter's, a span or the `code` element.
        let mut code = &block[..end];
        while let Some(open) = code.find('<') {
            out.push_str(&code[..open]);
            let tag_end = code[open..].find('>').map_or(code.len(), |i| open + i + 1);
            let tag = &code[open..tag_end];
            if !(tag.starts_with("<span") || tag == "</span>") {
                out.push_str(tag);
            }
            code = &code[tag_end..];
        }
        out.push_str(code);
        rest = &block[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The backgrounds light code is shown on: its palette's own (white), and
/// the default theme's code background (`--soft`), which `pre.code` sets
/// over it.
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [[0xff, 0xff, 0xff], [0xf1, 0xef, 0xe8]];
/// The same in the dark scheme.
pub const DARK_BACKGROUNDS: [Rgb; 2] = [[0x2b, 0x30, 0x3b], [0x22, 0x21, 0x1f]];

/// The stylesheet for highlighted code: a light theme (on paper too), and a
/// dark one on screens under `prefers-color-scheme: dark`, each with its colours made legible on
/// the backgrounds code is shown on (see [`contrast`]). Each applies in
/// its scheme only: the light one has rules the dark one lacks (JSON's
/// strings), which would otherwise paint dark blue on the dark background.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from("/* Generated by annals from syntect's themes. */\n");
    if let Some(light) = themes.themes.get(LIGHT)
        && let Ok(s) = css_for_theme_with_class_style(light, CLASS_STYLE)
    {
        // (Paper is light, whatever scheme the browser is in.)
        css.push_str("@media print, not all and (prefers-color-scheme: dark) {\n");
        css.push_str(&contrast::legible(&s, &LIGHT_BACKGROUNDS, [0, 0, 0]));
        css.push_str("}\n");
    }
    if let Some(dark) = themes.themes.get(DARK)
        && let Ok(s) = css_for_theme_with_class_style(dark, CLASS_STYLE)
    {
        css.push_str("@media screen and (prefers-color-scheme: dark) {\n");
        css.push_str(&contrast::legible(&s, &DARK_BACKGROUNDS, [0xff; 3]));
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let h = Highlighter::new();
        let html = h.highlight("rust", "fn main() {}\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    /// The page's text, tags taken out and entities read back.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            rest = &rest[open + rest[open..].find('>').unwrap() + 1..];
        }
        text.push_str(rest);
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn spans_carry_only_classes_a_selector_can_match() {
        let h = Highlighter::new();
        let code = "{\"id\": 1, \"s\": \"a<b & 'c'\"}\n[true, null]\n";
        let html = h.highlight("json", code);
        assert_eq!(text_of(&html), format!("{code}\n"));
        // Before: every part of every scope, `hl-json` on each quote
        // among them, which no selector of a quote's names.
        assert!(
            html.contains(
                "<span class=\"hl-punctuation hl-definition hl-string hl-begin\">&quot;</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-constant hl-numeric\">1</span>"),
            "{html}"
        );
        assert!(!html.contains("\"></span>"), "no empty span: {html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        // A string open across lines keeps its span to its end.
        let html = h.highlight("py", "x = '''a\nb'''\ny = 1\n");
        assert_eq!(text_of(&html), "x = '''a\nb'''\ny = 1\n\n");
        assert!(html.contains("a\nb"), "{html}");
    }

    #[test]
    fn selectors_are_read_from_a_stylesheet() {
        let css = "/* x */ @media print { .hl-string.hl-quoted, .hl-source .hl-c\\+\\+ { color: red } }\n.hl-code{}";
        let Selectors(parts) = Selectors::of(css);
        assert_eq!(
            parts,
            [vec!["c++"], vec!["source"], vec!["string", "quoted"]]
        );
    }

    #[test]
    fn a_huge_block_is_plain() {
        let h = Highlighter::new();
        let code = "{\"a\": 1}\n".repeat(MAX_HIGHLIGHTED / 9 + 1);
        let html = h.highlight("json", &code);
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"json\""));
        assert!(!html.contains("<span"));
    }

    #[test]
    fn feeds_get_code_without_spans() {
        let h = Highlighter::new();
        let block = h.highlight("rust", "fn main() { let s = \"<x>\"; }\n");
        let html = format!(
            "<p>a <span class=\"hl-keep\">b</span></p>{block}<pre class=\"code\"><code>&lt;span&gt;</code></pre>"
        );
        let plain = without_highlighting(&html);
        assert_eq!(
            plain,
            "<p>a <span class=\"hl-keep\">b</span></p><pre class=\"code\" data-lang=\"rust\" dir=\"ltr\" tabindex=\"0\"><code>fn main() { let s = &quot;&lt;x&gt;&quot;; }\n</code></pre>\n<pre class=\"code\"><code>&lt;span&gt;</code></pre>"
        );
        assert!(matches!(
            without_highlighting("<p>x</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let h = Highlighter::new();
        let html = h.highlight("no-such-lang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"));
        assert!(h.syntaxes.get().is_some());
        let plain = Highlighter::new();
        plain.highlight("", "x");
        assert!(
            plain.syntaxes.get().is_none(),
            "no language: nothing loaded"
        );
    }

    #[test]
    fn stylesheet_has_dark_mode() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
        // Neither palette reaches into the other's scheme.
        assert!(css.contains("@media print, not all and (prefers-color-scheme: dark) {\n"));
        assert!(css.contains("@media screen and (prefers-color-scheme: dark) {\n"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    /// Every colour of both palettes is legible (WCAG AA, 4.5:1) on every
    /// background of its scheme: numbers and comments included.
    #[test]
    fn every_code_colour_is_legible_in_both_schemes() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("@media screen and (prefers-color-scheme: dark)")
            .unwrap();
        for (part, backgrounds) in [(light, LIGHT_BACKGROUNDS), (dark, DARK_BACKGROUNDS)] {
            let colours: Vec<_> = contrast::colours(part)
                .into_iter()
                .filter_map(|(_, c)| c)
                .collect();
            assert!(colours.len() > 20, "{part}");
            for (c, own) in colours {
                // On its own background, if it has another.
                let on = match own.filter(|bg| !backgrounds.contains(bg)) {
                    Some(bg) => vec![bg],
                    None => backgrounds.to_vec(),
                };
                for bg in on {
                    let ratio = contrast::contrast(c, bg);
                    assert!(
                        ratio >= contrast::MIN_CONTRAST,
                        "{c:02x?} on {bg:02x?}: {ratio:.2}"
                    );
                }
            }
        }
        assert!(!light.contains("#0086b3") && !light.contains("#969896"));
    }
}

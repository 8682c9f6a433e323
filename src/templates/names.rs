//! The names a shortcode template can read, so that a call's arguments can
//! be checked against them before the template runs (Tera 2 exposes no
//! list of a template's variables, and an argument the template never reads
//! would otherwise vanish from the page without a word).

use std::collections::BTreeSet;

/// Why a site template of this `name` likely replaces nothing, and what to
/// do: a shortcode in `templates/shortcode/`, or a name that differs from
/// a theme template's only in case (`Dispatch.html`). `None` when it is
/// fine, or only used by name from another template (which cannot be told
/// before rendering).
pub(super) fn misplaced<'a>(
    name: &str,
    theme: impl IntoIterator<Item = &'a str>,
) -> Option<(String, String)> {
    if let Some(rest) = name.strip_prefix("shortcode/") {
        return Some((
            "a shortcode template in templates/shortcode/ is not a shortcode".to_string(),
            format!("move it to templates/shortcodes/{rest}"),
        ));
    }
    let twin = theme
        .into_iter()
        .find(|t| *t != name && t.eq_ignore_ascii_case(name))?;
    Some((
        format!("`{name}` replaces no template of the theme: names differ in case"),
        format!("name the file `{twin}` to replace the theme's template"),
    ))
}

/// Why no call can name the shortcode template `name`
/// (`shortcodes/pull quote.html`, `shortcodes/citação.html`), and the name
/// to give it (one `taken` says is no template's yet); `None` for other
/// templates, callable names, and names starting with `_` or in a folder
/// of `shortcodes/`, kept for templates that shortcodes include.
pub(super) fn uncallable_shortcode(
    name: &str,
    taken: &dyn Fn(&str) -> bool,
) -> Option<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    let stem = name.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
    if stem.starts_with('_')
        || stem.contains('/')
        || crate::markdown::shortcodes::callable_name(stem)
    {
        return None;
    }
    // Accents dropped (`citação`: `citacao`), anything else a `-`.
    let mut fixed = String::new();
    for c in stem.nfd().filter(|c| c.is_ascii() || c.is_alphanumeric()) {
        if c.is_ascii_alphanumeric() || c == '_' {
            fixed.push(c);
        } else if c.is_ascii() && !fixed.is_empty() && !fixed.ends_with('-') {
            fixed.push('-');
        }
    }
    let fixed = fixed.trim_matches('-');
    let fixed = if fixed.is_empty() {
        "shortcode".to_string()
    } else if fixed.starts_with(|c: char| c.is_ascii_alphabetic()) {
        fixed.to_string()
    } else {
        format!("sc-{fixed}")
    };
    // Not the name of another template (`pull quote.html` beside
    // `pull-quote.html`).
    let fixed = std::iter::once(fixed.clone())
        .chain((2..).map(|n| format!("{fixed}-{n}")))
        .find(|f| !taken(f))
        .unwrap_or(fixed);
    Some((
        format!("no call can name the shortcode template `{stem}.html`"),
        format!(
            "a shortcode's name is ASCII letters, digits, `_` and `-`, starting with a \
             letter and not ending with `-`: rename it `{fixed}.html` and call it \
             `{{{{ {fixed}(...) }}}}` (a template only included by other shortcodes can \
             start with `_`, or be in a folder of shortcodes/)"
        ),
    ))
}

/// Whether a template named `name` could be meant as a page or feed of
/// its own (`colophon.html`, `feed.json`), not a note kept beside the
/// templates (`README.md`).
pub(super) fn page_like(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("html" | "htm" | "xml" | "json" | "txt")
    )
}

/// The theme template `name` likely means, a typo away (`dispach.html`:
/// `dispatch.html`, `Pages.html`: `page.html`, `atom.html`:
/// `atom.xml`), if any: the names compared without their extension and
/// letter case, one edit apart in a short name (`tags.html` is not
/// `page.html`), two in a longer one. A name that differs only in case is
/// [`misplaced`]'s, and gets no other suggestion.
pub(super) fn near_miss<'a>(
    name: &str,
    theme: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if theme
        .clone()
        .into_iter()
        .any(|t| t.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let stem = |n: &str| {
        let file_at = n.rfind('/').map_or(0, |i| i + 1);
        let end = n[file_at..].rfind('.').map_or(n.len(), |i| file_at + i);
        n[..end].to_lowercase()
    };
    let want = stem(name);
    let short = want.rsplit('/').next().unwrap_or(&want).chars().count() <= 6;
    let most = if short { 1 } else { 2 };
    theme
        .into_iter()
        .map(|t| (strsim::damerau_levenshtein(&want, &stem(t)), t))
        .filter(|&(d, _)| d <= most)
        .min()
        .map(|(_, t)| t)
}

/// The names a template can read as variables: identifiers inside its
/// tags (`{{ }}`, `{% %}`), outside string literals, not after `.` or `|`
/// (fields and filters), not before a single `=` (keyword arguments and
/// `set` targets), and not Tera's own words; and every word of its
/// comments (`{# #}`), where a shortcode may list what it takes. Markup
/// (`class=`, `figcaption`) is left out, so a misspelt argument that
/// happens to match it is still caught.
pub(super) fn identifiers(src: &str) -> BTreeSet<String> {
    const TERA: &[&str] = &[
        "if",
        "elif",
        "else",
        "endif",
        "for",
        "endfor",
        "in",
        "is",
        "not",
        "and",
        "or",
        "set",
        "set_global",
        "endset",
        "include",
        "import",
        "extends",
        "block",
        "endblock",
        "macro",
        "endmacro",
        "filter",
        "endfilter",
        "raw",
        "endraw",
        "true",
        "false",
        "True",
        "False",
        "none",
        "None",
        "defined",
        "undefined",
        "loop",
        "break",
        "continue",
        "with",
        "as",
        "self",
        "super",
        "ignore",
        "missing",
    ];
    let mut names = BTreeSet::new();
    for (close, tag) in tags(src) {
        if close == "#}" {
            names.extend(words(tag).map(|(w, _, _)| w.to_string()));
            continue;
        }
        for (word, before, after) in words(&without_strings(tag)) {
            let field_or_filter = matches!(before, Some('.' | '|'));
            let assigned = after.starts_with('=') && !after.starts_with("==");
            let read = !(field_or_filter || assigned || TERA.contains(&word));
            if read {
                names.insert(word.to_string());
            }
        }
    }
    names
}

/// The templates `src` includes (`{% include "shortcodes/_head.html" %}`),
/// by name as written: they see the including template's variables, so
/// a shortcode's arguments may be read there.
pub(super) fn includes(src: &str) -> Vec<&str> {
    tags(src)
        .filter(|&(close, _)| close == "%}")
        .filter_map(|(_, tag)| {
            let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
            let rest = tag.strip_prefix("include")?.trim_start();
            let quote = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))?;
            let name = &rest[1..];
            name.find(quote).map(|end| &name[..end])
        })
        .collect()
}

/// The tags of a template, each as its closing delimiter (`}}`, `%}` or
/// `#}`) and its text between the delimiters.
fn tags(src: &str) -> impl Iterator<Item = (&'static str, &str)> {
    let mut rest = src;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find('{')?;
            let after = &rest[open + 1..];
            let close = match after.chars().next() {
                Some('{') => "}}",
                Some('%') => "%}",
                Some('#') => "#}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let inner = &after[1..];
            let end = inner.find(close).unwrap_or(inner.len());
            rest = &inner[(end + close.len()).min(inner.len())..];
            return Some((close, &inner[..end]));
        }
    })
}

/// The identifiers of `text`, each with the non-space char before it and
/// the text after it (spaces skipped).
fn words(text: &str) -> impl Iterator<Item = (&str, Option<char>, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + text[at..].find(|c: char| c.is_ascii_alphabetic() || c == '_')?;
            let len = text[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(text.len() - start);
            at = start + len;
            // Part of a longer token (`2x`, `a-b`'s `b` is fine).
            if text[..start].ends_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let before = text[..start].trim_end().chars().next_back();
            return Some((&text[start..at], before, text[at..].trim_start()));
        }
    })
}

/// A tag's text with its string literals blanked.
fn without_strings(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(' ');
            }
            Some(_) => out.push(' '),
            None if matches!(c, '"' | '\'' | '`') => {
                quote = Some(c);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{identifiers, near_miss};

    #[test]
    fn a_typo_away_from_a_theme_template() {
        let theme = [
            "dispatch.html",
            "page.html",
            "base.html",
            "partials/pagination.html",
        ];
        let near = |name: &str| near_miss(name, theme.iter().copied());
        assert_eq!(near("dispach.html"), Some("dispatch.html"));
        assert_eq!(
            near("partials/paginaton.html"),
            Some("partials/pagination.html")
        );
        assert_eq!(near("tags.html"), None, "two edits in a short name");
        assert_eq!(near("Page.html"), None, "a case twin is said otherwise");
        assert_eq!(near("sidebar.html"), None);
        let theme = ["page.html", "archive.html", "base.html", "atom.xml"];
        let near = |name: &str| near_miss(name, theme.iter().copied());
        assert_eq!(near("Pages.html"), Some("page.html"));
        assert_eq!(near("Archiv.html"), Some("archive.html"));
        assert_eq!(near("Pag.html"), Some("page.html"));
        assert_eq!(near("Base.htm"), Some("base.html"));
        assert_eq!(near("atom.html"), Some("atom.xml"));
    }

    fn names(src: &str) -> Vec<String> {
        identifiers(src).into_iter().collect()
    }

    #[test]
    fn included_templates_are_named_as_written() {
        let src = r#"<aside>{% include "shortcodes/_head.html" %}{%- include 'shortcodes/parts/a.html' -%}{% if include %}{{ "include 'x'" }}{% endif %}</aside>"#;
        assert_eq!(
            super::includes(src),
            ["shortcodes/_head.html", "shortcodes/parts/a.html"]
        );
    }

    #[test]
    fn variables_in_tags_are_read_and_markup_is_not() {
        let src = r#"<figure class="wide"><img src="{{ image }}">{% if caption %}<figcaption>{{ caption | upper }}</figcaption>{% endif %}</figure>"#;
        assert_eq!(names(src), ["caption", "image"]);
    }

    #[test]
    fn fields_filters_keywords_strings_and_set_targets_are_not_read() {
        let src = r#"{% set label = credit | default(value="none") %}{{ post.author }} {{ "quoted" }} {{ 2x }}"#;
        assert_eq!(names(src), ["credit", "post"]);
    }

    #[test]
    fn comparisons_are_reads_and_comments_list_arguments() {
        let src = "{# takes: handle, lang #}{% if kind == 'x' %}{% endif %}";
        assert_eq!(names(src), ["handle", "kind", "lang", "takes"]);
    }
}

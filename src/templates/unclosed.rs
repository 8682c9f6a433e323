//! Finding the block tag a template leaves open.
//!
//! Tera reports an `{% if %}` without its `{% endif %}` where its parser
//! gave up: at the `{% endblock %}` that came first ("Unknown tag") or at
//! the end of the file ("Unexpected end of input"), neither naming the
//! tag to close. A scan of the template's tags, paired as the parser pairs
//! them, finds the one left open, so the diagnostic can point at it.

use std::ops::Range;

/// The tags that open a body their `end...` tag closes.
const OPENERS: [&str; 6] = ["if", "for", "block", "filter", "component", "raw"];

/// A tag left open: its name, where it is, and what came instead of its
/// end (another tag's end, or `None` for the end of the file). Or, with
/// `stray`, an end tag (`endif`) that closes nothing open, and where.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unclosed {
    pub name: String,
    pub span: Range<usize>,
    pub instead: Option<(String, usize)>,
    pub stray: bool,
}

/// The innermost tag of `source` that is not closed before a tag that
/// closes something else, or before the end; `None` when they pair.
pub(super) fn unclosed(source: &str) -> Option<Unclosed> {
    let mut open: Vec<(String, Range<usize>)> = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find(['{']) {
        let start = at + found;
        let rest = &source[start..];
        // Comments and expressions hold no tags.
        let close = match rest.get(..2) {
            Some("{#") => "#}",
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        let Some(len) = rest[2..].find(close) else {
            break;
        };
        let end = start + 2 + len + 2;
        at = end;
        if close != "%}" {
            continue;
        }
        // A tag that holds the start of another ran on from a stray
        // `{%` (the parser read it to the next tag's `%}`): the fault.
        if opens_another(&rest[2..2 + len]) {
            return Some(Unclosed {
                name: "{%".to_string(),
                span: start..start + 2,
                instead: None,
                stray: true,
            });
        }
        let inner = rest[2..2 + len].trim_matches(['-', ' ', '\t', '\r', '\n']);
        let word: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if let Some(kind) = word.strip_prefix("end") {
            if !(OPENERS.contains(&kind) || kind == "set") {
                // `{% endmacro %}`: a tag Tera 2 does not have, which its
                // own message is about.
                return None;
            }
            if !open.iter().any(|(name, _)| name == kind) {
                // An end with nothing of its kind open: it is the fault.
                return Some(Unclosed {
                    name: word,
                    span: start..end,
                    instead: None,
                    stray: true,
                });
            }
            match open.pop() {
                Some((name, _)) if name == kind => {}
                Some((name, span)) => {
                    return Some(Unclosed {
                        name,
                        span,
                        instead: Some((word, start)),
                        stray: false,
                    });
                }
                None => return None,
            }
        } else if word == "raw" {
            // Its body is text: skip to its end.
            match source[end..].find("endraw") {
                // From its `{%`, which closes it below.
                Some(i) => at = source[..end + i].rfind("{%").unwrap_or(end + i),
                None => {
                    return Some(Unclosed {
                        name: word,
                        span: start..end,
                        instead: None,
                        stray: false,
                    });
                }
            }
            open.push((word, start..end));
        } else if OPENERS.contains(&word.as_str()) {
            open.push((word, start..end));
        } else if is_set_block(&word, inner) {
            // Either kind of block set ends with `{% endset %}`.
            open.push(("set".to_string(), start..end));
        }
    }
    open.pop().map(|(name, span)| Unclosed {
        name,
        span,
        instead: None,
        stray: false,
    })
}

/// Whether a tag's text holds the start of another tag or expression
/// outside its strings (`{% set x = "{{" %}` holds none).
fn opens_another(inner: &str) -> bool {
    let mut quote = None;
    let mut prev = ' ';
    for c in inner.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if prev == '{' && (c == '%' || c == '{') => return true,
            None => {}
        }
        prev = c;
    }
    false
}

/// `{% set x %}...{% endset %}` and `{% set x | upper %}...` (a block
/// set), not `{% set x = 1 %}`.
fn is_set_block(word: &str, inner: &str) -> bool {
    let rest = inner[word.len()..].trim_start();
    let after_name = rest
        .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
        .trim_start();
    (word == "set" || word == "set_global") && !after_name.starts_with('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(source: &str) -> Option<(String, String, Option<String>)> {
        unclosed(source).map(|u| {
            (
                u.name,
                source[u.span].to_string(),
                u.instead.map(|(w, _)| w),
            )
        })
    }

    #[test]
    fn an_end_that_closes_nothing_is_the_fault() {
        let stray = unclosed("{% block a %}\n{% endif %}\n{% endblock a %}").unwrap();
        assert!(stray.stray);
        assert_eq!(stray.name, "endif");
        // A string may hold `{{`; a tag left open elsewhere is the fault.
        let quoted = unclosed("{% set b = \"{{\" %}\n{% if a %}x").unwrap();
        assert_eq!((quoted.name.as_str(), quoted.stray), ("if", false));
        let opener = unclosed("<h1>{% </h1>\n{% if a %}x{% endif %}").unwrap();
        assert_eq!(
            (opener.name.as_str(), opener.span, opener.stray),
            ("{%", 4..6, true)
        );
        let twice = unclosed("{% raw %}x{% endraw %}{% endraw %}").unwrap();
        assert!(twice.stray && twice.name == "endraw");
        // A block set with a filter's arguments is a block.
        let set =
            "{% block a %}{% set x | replace(from=\"a\", to=\"b\") %}x{% endset %}{% endblock a %}";
        assert_eq!(unclosed(set), None);
        let global = "{% block a %}{% set_global x %}x{% endset %}{% endblock a %}";
        assert_eq!(unclosed(global), None);
    }

    #[test]
    fn the_tag_left_open_is_found() {
        let blocked = "{% block content %}\n{% if x %}\n<p>{{ y }}</p>\n{% endblock content %}";
        assert_eq!(
            name_at(blocked),
            Some(("if".into(), "{% if x %}".into(), Some("endblock".into())))
        );
        let at_end = "<p>\n{%- for a in b -%}\n{{ a }}";
        assert_eq!(
            name_at(at_end),
            Some(("for".into(), "{%- for a in b -%}".into(), None))
        );
        let fine = "{% if a %}{% for b in c %}{% set d = 1 %}{% set e %}x{% endset %}\
                    {% raw %}{% if %}{% endraw %}{# {% if %} #}{{ \"{%\" }}{% endfor %}{% else %}{% endif %}";
        assert_eq!(name_at(fine), None);
        assert_eq!(
            name_at("{% endif %}"),
            Some(("endif".into(), "{% endif %}".into(), None))
        );
        assert_eq!(
            name_at("{% block a %}{% macro m() %}x{% endmacro %}{% endblock a %}"),
            None
        );
    }
}

//! Components as the templates' sources write them, read where Tera
//! cannot help:
//! - where a component calls itself: Tera stops a component nested more
//!   than 20 deep with a message that names no template, no line and no
//!   component, so the sources are read for one that calls itself,
//!   directly or through others;
//! - a theme template's second name (`theme/NAME`) defines none: Tera
//!   refuses a component defined twice, and the twin's are NAME's.

use std::collections::BTreeMap;

use super::errors::Origins;

/// A component call that closes a loop: the template it is written in,
/// its offset there, the component it is written in and the chain of
/// components back to that one (`a -> b -> a`).
pub(super) struct Loop {
    pub template: String,
    pub offset: usize,
    pub chain: String,
    /// Whether its component calls under a condition (`{% if %}`), which
    /// may end the calls: one without is found first.
    pub guarded: bool,
}

/// A component's definition: the template it is in, and the components its
/// body calls, each with the call's offset in that template.
struct Definition<'a> {
    template: &'a str,
    calls: Vec<(&'a str, usize)>,
    guarded: bool,
}

/// The first component call, in template order, that leads back to the
/// component it is written in.
pub(super) fn find_loop(origins: &Origins) -> Option<Loop> {
    let mut defined: BTreeMap<&str, Definition> = BTreeMap::new();
    let mut order = Vec::new();
    for (template, (_, src)) in origins {
        for (name, body, start) in definitions(src) {
            order.push(name);
            let guarded = body.contains("{% if") || body.contains("{%- if");
            defined.entry(name).or_insert(Definition {
                template,
                calls: calls(body, start),
                guarded,
            });
        }
    }
    let mut found: Option<Loop> = None;
    for first in order {
        let def = defined.get(first)?;
        for &(callee, offset) in &def.calls {
            if let Some(path) = path_back(&defined, callee, first) {
                let mut chain = vec![first];
                chain.extend(path);
                let guarded = chain
                    .iter()
                    .any(|c| defined.get(c).is_some_and(|d| d.guarded));
                let this = Loop {
                    template: def.template.to_string(),
                    offset,
                    chain: chain.join(" -> "),
                    guarded,
                };
                if !guarded {
                    return Some(this);
                }
                found.get_or_insert(this);
            }
        }
    }
    found
}

/// The components from `from` on, ending with `to`, when calls lead from
/// one to the other.
fn path_back<'a>(
    defined: &BTreeMap<&'a str, Definition<'a>>,
    from: &'a str,
    to: &'a str,
) -> Option<Vec<&'a str>> {
    let mut stack = vec![vec![from]];
    let mut seen = vec![from];
    while let Some(path) = stack.pop() {
        let last = *path.last()?;
        if last == to {
            return Some(path);
        }
        for &(next, _) in defined.get(last).map_or(&[][..], |d| &d.calls[..]) {
            if next == to || !seen.contains(&next) {
                seen.push(next);
                let mut longer = path.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    None
}

/// `src` with its component definitions blanked (spaces, line breaks
/// kept, so that every later line and column stays where it was).
pub(super) fn without_definitions(src: &str) -> String {
    let mut out = src.to_string();
    for (_, body, start) in definitions(src) {
        let open = src[..start].rfind("{%").unwrap_or(start);
        let end = body_end(src, start + body.len());
        // A space per byte: every later byte stays where it was.
        let blank: String = src[open..end]
            .chars()
            .map(|c| match c {
                '\n' => "\n".to_string(),
                c => " ".repeat(c.len_utf8()),
            })
            .collect();
        out.replace_range(open..end, &blank);
    }
    out
}

/// Where the `{% endcomponent ... %}` tag at `at` (its word) ends.
fn body_end(src: &str, at: usize) -> usize {
    src.get(at..)
        .and_then(|s| s.find("%}"))
        .map_or(src.len(), |i| at + i + 2)
}

/// The components `src` defines: name, body, and where the body starts.
pub(super) fn definitions(src: &str) -> Vec<(&str, &str, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = src.get(from..).and_then(|s| s.find("{%")) {
        let tag_start = from + open + 2;
        let rest = src.get(tag_start..).unwrap_or_default();
        let Some(close) = rest.find("%}") else {
            break;
        };
        let tag = rest[..close].trim_start_matches('-').trim_start();
        from = tag_start + close + 2;
        let Some(head) = tag.strip_prefix("component") else {
            continue;
        };
        let name = head
            .trim_start()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        if name.is_empty() || !head.starts_with(char::is_whitespace) {
            continue;
        }
        let body_end = src
            .get(from..)
            .and_then(|s| s.find("endcomponent"))
            .map_or(src.len(), |i| from + i);
        found.push((name, src.get(from..body_end).unwrap_or_default(), from));
    }
    found
}

/// The components `body` calls (`<name .../>` in a `{{ }}`), with their
/// offsets (the body starts at `start` of its template). A tag of the
/// markup (`<a href>`) is no call, even of a component named `a`.
fn calls(body: &str, start: usize) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = body.get(from..).and_then(|s| s.find("{{")) {
        let inner_start = from + open + 2;
        let close = body
            .get(inner_start..)
            .and_then(|s| s.find("}}"))
            .map_or(body.len(), |i| inner_start + i);
        let inner = body.get(inner_start..close).unwrap_or_default();
        for (i, _) in inner.match_indices('<') {
            let after = inner.get(i + 1..).unwrap_or_default();
            let name = after
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default();
            let next = after.get(name.len()..).and_then(|s| s.chars().next());
            if !name.is_empty() && next.is_some_and(|c| c.is_whitespace() || c == '/' || c == '>') {
                found.push((name, start + inner_start + i));
            }
        }
        from = close + 2;
    }
    found
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn origins(templates: &[(&str, &str)]) -> Origins {
        templates
            .iter()
            .map(|(name, src)| {
                (
                    name.to_string(),
                    (PathBuf::from(name), Arc::<str>::from(*src)),
                )
            })
            .collect()
    }

    #[test]
    fn a_component_calling_itself_is_found_at_the_call() {
        let src = "{% component pill(n) %}<b>{{ <pill n={n}/> }}</b>{% endcomponent pill %}";
        let found = find_loop(&origins(&[("a.html", src)])).unwrap();
        assert_eq!(found.template, "a.html");
        assert_eq!(&src[found.offset..found.offset + 5], "<pill");
        assert_eq!(found.chain, "pill -> pill");
    }

    #[test]
    fn a_loop_through_two_templates_is_found() {
        let a = "{% component a() %}{{ <b/> }}{% endcomponent a %}";
        let b = "x\n{%- component b() -%}<p>{{ <a /> }}</p>{% endcomponent b %}";
        let found = find_loop(&origins(&[("one.html", a), ("two.html", b)])).unwrap();
        assert_eq!(found.template, "one.html");
        assert_eq!(found.chain, "a -> b -> a");
    }

    #[test]
    fn a_call_without_a_condition_is_found_before_one_with() {
        let tree = "{% component tree(n) %}{% if n > 0 %}{{ <tree n={n - 1}/> }}{% endif %}{% endcomponent tree %}";
        let boom = "{% component boom(n) %}{{ <boom n={n}/> }}{% endcomponent boom %}";
        let found = find_loop(&origins(&[("a.html", tree), ("b.html", boom)])).unwrap();
        assert_eq!((found.template.as_str(), found.guarded), ("b.html", false));
        let found = find_loop(&origins(&[("a.html", tree)])).unwrap();
        assert!(found.guarded);
    }

    #[test]
    fn a_tag_named_as_a_component_is_no_call() {
        let a = "{% component a(href) %}<a href=\"{{ href }}\">x</a>{% endcomponent a %}";
        assert!(find_loop(&origins(&[("one.html", a)])).is_none());
    }

    #[test]
    fn a_twins_definitions_are_blanked_in_place() {
        let src = "<p>\n{% component pill(t) %}<b>\n{{ t }}</b>{% endcomponent pill %}\n{{ <pill t=\"é\"/> }}";
        let out = without_definitions(src);
        assert_eq!(out.len(), src.len());
        assert!(
            out.starts_with("<p>\n ") && out.ends_with("\n{{ <pill t=\"é\"/> }}"),
            "{out}"
        );
        assert_eq!(out.matches('\n').count(), src.matches('\n').count());
        assert!(!out.contains("component"));
    }

    #[test]
    fn html_tags_and_calls_without_a_loop_are_no_loop() {
        let a = "{% component a() %}<p>{{ <b/> }}</p><br/>{% endcomponent a %}";
        let b = "{% component b() %}<span>b</span>{% endcomponent b %}";
        assert!(find_loop(&origins(&[("one.html", a), ("two.html", b)])).is_none());
    }
}

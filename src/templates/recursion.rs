//! Where a component calls itself: Tera stops a component nested more
//! than 20 deep with a message that names no template, no line and no
//! component, so the templates' sources are read for a component that
//! calls itself, directly or through others.

use std::collections::BTreeMap;

use super::errors::Origins;

/// A component call that closes a loop: the template it is written in,
/// its offset there, the component it is written in and the chain of
/// components back to that one (`a -> b -> a`).
pub(super) struct Loop {
    pub template: String,
    pub offset: usize,
    pub chain: String,
}

/// A component's definition: the template it is in, and the components its
/// body calls, each with the call's offset in that template.
struct Definition<'a> {
    template: &'a str,
    calls: Vec<(&'a str, usize)>,
}

/// The first component call, in template order, that leads back to the
/// component it is written in.
pub(super) fn find(origins: &Origins) -> Option<Loop> {
    let mut defined: BTreeMap<&str, Definition> = BTreeMap::new();
    let mut order = Vec::new();
    for (template, (_, src)) in origins {
        for (name, body, start) in definitions(src) {
            order.push(name);
            defined.entry(name).or_insert(Definition {
                template,
                calls: calls(body, start),
            });
        }
    }
    for first in order {
        let def = defined.get(first)?;
        for &(callee, offset) in &def.calls {
            if let Some(path) = path_back(&defined, callee, first) {
                let mut chain = vec![first];
                chain.extend(path);
                return Some(Loop {
                    template: def.template.to_string(),
                    offset,
                    chain: chain.join(" -> "),
                });
            }
        }
    }
    None
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

/// The components `src` defines: name, body, and where the body starts.
fn definitions(src: &str) -> Vec<(&str, &str, usize)> {
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

/// The components `body` calls (`<name .../>`), with their offsets (the
/// body starts at `start` of its template).
fn calls(body: &str, start: usize) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    for (i, _) in body.match_indices('<') {
        let after = body.get(i + 1..).unwrap_or_default();
        let name = after
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default();
        let next = after.get(name.len()..).and_then(|s| s.chars().next());
        if !name.is_empty() && next.is_some_and(|c| c.is_whitespace() || c == '/' || c == '>') {
            found.push((name, start + i));
        }
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
        let found = find(&origins(&[("a.html", src)])).unwrap();
        assert_eq!(found.template, "a.html");
        assert_eq!(&src[found.offset..found.offset + 5], "<pill");
        assert_eq!(found.chain, "pill -> pill");
    }

    #[test]
    fn a_loop_through_two_templates_is_found() {
        let a = "{% component a() %}{{ <b/> }}{% endcomponent a %}";
        let b = "x\n{%- component b() -%}<p>{{ <a /> }}</p>{% endcomponent b %}";
        let found = find(&origins(&[("one.html", a), ("two.html", b)])).unwrap();
        assert_eq!(found.template, "one.html");
        assert_eq!(found.chain, "a -> b -> a");
    }

    #[test]
    fn html_tags_and_calls_without_a_loop_are_no_loop() {
        let a = "{% component a() %}<p>{{ <b/> }}</p><br/>{% endcomponent a %}";
        let b = "{% component b() %}<span>b</span>{% endcomponent b %}";
        assert!(find(&origins(&[("one.html", a), ("two.html", b)])).is_none());
    }
}

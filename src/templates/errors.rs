//! Tera's errors as annals diagnostics: each at its template file, line and
//! column, with the source line shown, and with help that says what to do.
//!
//! Tera 2 reports some errors as structured values (syntax and rendering
//! errors, inheritance loops, a missing parent) and the checks it runs once
//! all templates are in (unknown includes, components, filters) as one
//! message of several pre-formatted reports; both become one diagnostic per
//! fault, so that every fault comes out in one run.

mod blocks;
mod help;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::ErrorKind;

use super::unclosed;
use crate::diagnostic::{Diagnostic, line_col, line_offset};

/// Template name -> the file it came from and its source.
pub(super) type Origins = BTreeMap<String, (PathBuf, Arc<str>)>;

/// What Tera says when components nest too deep (it names no template).
const COMPONENT_DEPTH: &str = "Maximum render recursion depth for components";

/// The diagnostics of `e`, raised while loading or rendering; `current`
/// names the template being rendered, for errors that name none.
pub(super) fn diagnostics(e: &tera::Error, current: &str, origins: &Origins) -> Vec<Diagnostic> {
    let at = |name: &str, offset: Option<usize>, message: String| {
        located(origins, name, offset, message)
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                current
            } else {
                r.filename()
            };
            // A fault in a built-in template that a site's own template
            // includes is said at that `include`: the site has no copy of
            // the built-in file to open.
            let built_in = |n: &str| {
                origins
                    .get(n)
                    .is_some_and(|(path, _)| path.starts_with("<built-in theme>"))
            };
            if name != current
                && built_in(name)
                && !built_in(current)
                && let Some(offset) = find_quoted(origins, current, "include", name)
            {
                return vec![
                    at(
                        current,
                        Some(offset),
                        format!("the built-in `{name}` included here fails: {}", r.message()),
                    )
                    .with_help(
                        "an included template sees the variables of the page that includes it: \
                         include a template written for this page (docs/templates.md lists each \
                         page's variables; `annals theme NAME` copies the built-in ones to read)",
                    ),
                ];
            }
            vec![at(
                name,
                Some(r.span().range.start),
                r.message().to_string(),
            )]
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            // Said at the loop, not at a template that only leads into it.
            let (tpl, members) = extend_loop(tpl, inheritance_chain);
            let parent = members.get(1).map_or(tpl, String::as_str);
            vec![
                at(
                    tpl,
                    find_quoted(origins, tpl, "extends", parent),
                    format!("`{tpl}` extends itself: {}", members.join(" → ")),
                )
                .with_help(if origins.contains_key(&format!("theme/{tpl}")) {
                    format!("to change the theme's `{tpl}`, extend `theme/{tpl}` and override its blocks")
                } else {
                    "a template cannot extend itself: extend another one, such as `base.html`".to_string()
                }),
            ]
        }
        ErrorKind::CircularInclude { tpl, include_chain } => {
            let next = include_chain.get(1).map_or(tpl.as_str(), String::as_str);
            vec![
                at(
                    tpl,
                    find_quoted(origins, tpl, "include", next),
                    format!("`{tpl}` includes itself: {}", chain(include_chain, tpl)),
                )
                .with_help("break the loop: a template cannot include one that includes it"),
            ]
        }
        ErrorKind::MissingParent { current, parent } => {
            let near = crate::diagnostic::nearest(parent, origins.keys().map(String::as_str));
            let help = match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => "name a template of the theme or of templates/".to_string(),
            };
            vec![
                at(
                    current,
                    find_quoted(origins, current, "extends", parent),
                    format!("`{current}` extends `{parent}`, which does not exist"),
                )
                .with_help(help),
            ]
        }
        ErrorKind::Msg(text) if text.contains(COMPONENT_DEPTH) => {
            let d = match super::components::find_loop(origins) {
                Some(found) if found.guarded => at(
                    &found.template,
                    Some(found.offset),
                    format!(
                        "components nest more than 20 deep; this call repeats under a condition ({}): check that the condition ends the calls",
                        found.chain
                    ),
                ),
                Some(found) => at(
                    &found.template,
                    Some(found.offset),
                    format!(
                        "a component calls itself more than 20 deep ({})",
                        found.chain
                    ),
                ),
                None => at(current, None, text.clone()),
            };
            vec![d.with_help(
                "a component may call itself only under a condition that ends the calls \
                 within 20 levels (`{% if n > 0 %}...{% endif %}`): add one, or call another component",
            )]
        }
        ErrorKind::Msg(text) if let Some((component, named)) = duplicate_component(text) => {
            // Tera names two; every compiled template defining it is said.
            let mut templates: Vec<&str> = origins
                .iter()
                .filter(|(name, (_, src))| {
                    !name.starts_with("theme/")
                        && super::components::definitions(src)
                            .iter()
                            .any(|(defined, _, _)| *defined == component)
                })
                .map(|(name, _)| name.as_str())
                .chain(named)
                .collect();
            templates.sort_unstable();
            templates.dedup();
            templates
                .iter()
                .map(|&name| {
                    let others: Vec<String> = templates
                        .iter()
                        .filter(|t| **t != name)
                        .map(|t| format!("`{t}`"))
                        .collect();
                    at(
                        name,
                        component_at(origins, name, component),
                        format!(
                            "component `{component}` is defined here and in {}",
                            others.join(" and ")
                        ),
                    )
                    .with_help(
                        "components are shared by every template, so a name is defined once: rename all but one, or remove the copies",
                    )
                })
                .collect()
        }
        ErrorKind::Msg(text) => {
            let all: Vec<Diagnostic> = reports(text)
                .map(|(message, place)| match place {
                    Some((name, _, _))
                        if let Some(d) =
                            blocks::missing_in_site_parent(origins, &name, &message) =>
                    {
                        d
                    }
                    Some((name, line, column)) => {
                        let offset = origins
                            .get(&name)
                            .map(|(_, src)| char_offset(src, line, column));
                        at(&name, offset, message)
                    }
                    None => at(current, None, message),
                })
                .collect();
            if all.is_empty() {
                vec![at(current, None, e.to_string())]
            } else {
                all
            }
        }
        _ => vec![at(current, None, e.to_string())],
    }
}

/// The template that stops Tera from loading the others: one in a loop,
/// or one whose parent is missing.
pub(super) fn culprit(e: &tera::Error) -> Option<&str> {
    match e.kind() {
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Some(extend_loop(tpl, inheritance_chain).0),
        ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        ErrorKind::MissingParent { current, .. } => Some(current),
        _ => None,
    }
}

/// Whether `e` is a template's own `throw(message=...)`: the template
/// stopping on purpose, with a message for whoever wrote the call.
pub(super) fn thrown(e: &tera::Error, current: &str, origins: &Origins) -> bool {
    let ErrorKind::RenderingError(r) = e.kind() else {
        return false;
    };
    let name = if r.filename().is_empty() {
        current
    } else {
        r.filename()
    };
    origins
        .get(name)
        .and_then(|(_, src)| src.get(r.span().range.start..))
        .is_some_and(|rest| rest.starts_with("throw"))
}

/// Every template `e` blames: the [`culprit`], the one that does not
/// parse, or those whose references Tera's checks refused.
pub(super) fn blamed(e: &tera::Error) -> Vec<String> {
    if let Some(c) = culprit(e) {
        return vec![c.to_string()];
    }
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => vec![r.filename().to_string()],
        ErrorKind::Msg(text) => reports(text)
            .filter_map(|(_, place)| place.map(|(name, _, _)| name))
            .collect(),
        _ => Vec::new(),
    }
}

/// A diagnostic in template `name`'s file at byte `offset` of its source
/// (shown), or at the file alone.
fn located(origins: &Origins, name: &str, offset: Option<usize>, message: String) -> Diagnostic {
    let message = help::out_of_range(&message).unwrap_or_else(|| help::with_site(message));
    let help = help::help_for(&message, origins);
    let d = Diagnostic::error(format!("template error: {message}")).with_help(help);
    let Some((file, source)) = origins.get(name) else {
        return d.in_file(PathBuf::from("templates").join(name));
    };
    // Tera names the types but not the filter that wanted the other one.
    if let Some((message, help, span)) =
        offset.and_then(|at| help::filter_type(source, at, &message))
    {
        return Diagnostic::error(format!("template error: {message}"))
            .with_help(help)
            .in_file(file)
            .at_span(source, span);
    }
    // A template moved from Hugo: `{{ .Title }}`.
    let hugo = offset.and_then(|at| help::hugo_help(source.get(at..).unwrap_or_default()));
    let d = match hugo {
        Some(help) => d.with_help(help),
        None => d,
    };
    // Tera names no unknown tag: read it, and say what it likely meant.
    let d = match offset.filter(|_| message.starts_with("Unknown tag")) {
        Some(at) => {
            let word: String = source
                .get(at..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            match help::unknown_tag_help(&word) {
                Some(help) => Diagnostic::error(format!("template error: unknown tag `{word}`"))
                    .with_help(help),
                None => d,
            }
        }
        None => d,
    };
    // Where the parser gave up on a tag left open: said at that tag.
    let gave_up =
        message.starts_with("Unknown tag") || message.starts_with("Unexpected end of input");
    if let Some(open) = unclosed::unclosed(source).filter(|_| gave_up) {
        let tag = &open.name;
        if open.stray && tag == "{%" {
            return Diagnostic::error(
                "template error: this `{%` opens a tag that runs on into the next tag",
            )
            .with_help(
                "remove the stray `{%`, or close its tag with `%}`; to show `{%` as text, \
                 write it between `{% raw %}` and `{% endraw %}`",
            )
            .in_file(file)
            .at_span(source, open.span);
        }
        if open.stray {
            let opener = tag.trim_start_matches("end");
            return Diagnostic::error(format!(
                "template error: `{{% {tag} %}}` closes no open `{{% {opener} %}}`"
            ))
            .with_help(format!(
                "remove it, or open the `{{% {opener} %}}` it is meant to close"
            ))
            .in_file(file)
            .at_span(source, open.span);
        }
        let message = match &open.instead {
            Some((end, at)) => {
                let (line, column) = line_col(source, *at);
                format!(
                    "template error: `{{% {tag} %}}` is not closed before `{{% {end} %}}` (line {line}, column {column})"
                )
            }
            None => format!("template error: `{{% {tag} %}}` is not closed by the end of the file"),
        };
        return Diagnostic::error(message)
            .with_help(format!(
                "close it with `{{% end{tag} %}}` where its part ends"
            ))
            .in_file(file)
            .at_span(source, open.span);
    }
    let d = d.in_file(file);
    match offset.filter(|&o| o <= source.len()) {
        Some(o) => d.at_span(source, o..token_end(source, o)),
        None => d,
    }
}

/// `a → b → a` for a loop that starts and ends at `tpl`.
/// The loop of an inheritance chain that Tera found from `tpl` (the
/// parents it walked, ending at the first name met twice): the template
/// it starts and ends at, and its members in order, that one at both
/// ends. `tpl` itself may only lead into the loop (`404.html` extending a
/// `base.html` that extends `page.html` that extends `base.html`).
fn extend_loop<'a>(tpl: &'a str, parents: &'a [String]) -> (&'a str, Vec<String>) {
    let again = parents.last().map_or(tpl, String::as_str);
    let from = parents.iter().position(|p| p == again);
    match from {
        Some(i) if again != tpl && i + 1 < parents.len() => (again, parents[i..].to_vec()),
        _ => {
            let mut members = vec![tpl.to_string()];
            members.extend(parents.iter().cloned());
            if members.last().map(String::as_str) != Some(tpl) {
                members.push(tpl.to_string());
            }
            (tpl, members)
        }
    }
}

fn chain(links: &[String], tpl: &str) -> String {
    // The loop itself: an include chain may start at the template that
    // led into the loop, so it is cut where `tpl` first comes, unless
    // that leaves `tpl` alone (an inheritance chain ends with it).
    let start = links
        .iter()
        .position(|l| l == tpl)
        .filter(|&i| i + 1 < links.len())
        .unwrap_or(0);
    let mut names: Vec<&str> = links.iter().skip(start).map(String::as_str).collect();
    if names.first() != Some(&tpl) {
        names.insert(0, tpl);
    }
    if names.len() == 1 || names.last() != Some(&tpl) {
        names.push(tpl);
    }
    names.join(" → ")
}

/// Where `tag` names `target` in template `name`'s source: the quoted name
/// after the tag, or the tag itself.
fn find_quoted(origins: &Origins, name: &str, tag: &str, target: &str) -> Option<usize> {
    let (_, src) = origins.get(name)?;
    // Not in a `{# comment #}`, which Tera never reads.
    let in_comment = |at: usize| {
        let before = &src[..at];
        before
            .rfind("{#")
            .is_some_and(|open| !before[open..].contains("#}"))
    };
    let mut from = 0;
    while let Some(found) = src.get(from..)?.find(tag) {
        let at = from + found;
        if in_comment(at) {
            from = at + tag.len();
            continue;
        }
        let after = src.get(at + tag.len()..)?.trim_start();
        let quoted = after.strip_prefix(['"', '\'', '`']);
        if quoted.is_some_and(|q| q.starts_with(target)) {
            return Some(src.len() - after.len());
        }
        from = at + tag.len();
    }
    src.find(tag)
}

/// The component and its two templates of Tera's "Component `x` is
/// defined in both `a.html` and `b.html`".
fn duplicate_component(text: &str) -> Option<(&str, [&str; 2])> {
    let rest = text.split_once("Component `")?.1;
    let (component, rest) = rest.split_once("` is defined in both `")?;
    let (a, rest) = rest.split_once("` and `")?;
    let b = rest.split('`').next()?;
    Some((component, [a, b]))
}

/// Where template `name` defines `component` (`{% component NAME(`): the
/// name's offset.
fn component_at(origins: &Origins, name: &str, component: &str) -> Option<usize> {
    let (_, src) = origins.get(name)?;
    src.match_indices("component").find_map(|(at, word)| {
        let after = &src[at + word.len()..];
        let named = after.trim_start();
        let defines = named.len() < after.len()
            && named
                .strip_prefix(component)
                .is_some_and(|r| r.trim_start().starts_with('('));
        defines.then(|| src.len() - named.len())
    })
}

/// The pre-formatted reports of a message Tera joined from several: each
/// report's message and, when it has one, its `--> name:line:column`.
fn reports(text: &str) -> impl Iterator<Item = (String, Option<(String, usize, usize)>)> + '_ {
    let mut starts: Vec<usize> = text
        .match_indices("error: ")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || text[..i].ends_with('\n'))
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([text.len()]).collect();
    starts
        .into_iter()
        .zip(ends)
        .filter_map(move |(start, end)| {
            let report = text.get(start..end)?.trim();
            let message = report
                .lines()
                .next()?
                .trim_start_matches("error: ")
                .to_string();
            let place = report.lines().find_map(|l| {
                let loc = l.trim().strip_prefix("--> ")?;
                let mut parts = loc.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
            (!message.is_empty()).then_some((message, place))
        })
}

/// The byte offset of 1-based `line` and `column` (in chars) in `src`.
fn char_offset(src: &str, line: usize, column: usize) -> usize {
    let start = line_offset(src, line);
    let rest = src.get(start..).unwrap_or_default();
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The end of the word, quoted name or char at `offset`, to underline.
fn token_end(src: &str, offset: usize) -> usize {
    let rest = src.get(offset..).unwrap_or_default();
    if let Some(quote) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
        && let Some(close) = rest.get(1..).and_then(|r| r.find(quote))
    {
        return offset + close + 2;
    }
    let word = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let len = if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    offset + len
}

#[cfg(test)]
mod tests;

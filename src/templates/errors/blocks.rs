//! A block that the built-in theme's templates fill but that the site's
//! own parent template lacks (a `base.html` written from scratch without
//! `head`). Tera says it at each built-in template, a file the site cannot
//! open; annals says it once, at the site's template highest in the
//! chain, which needs the block.

use std::collections::HashSet;

use super::Origins;
use crate::diagnostic::Diagnostic;

/// The diagnostic for Tera's "Block `X` is not defined in any parent
/// template" at built-in template `name`, when a parent of it is the
/// site's own; `None` for any other message or template.
pub(super) fn missing_in_site_parent(
    origins: &Origins,
    name: &str,
    message: &str,
) -> Option<Diagnostic> {
    let block = message
        .strip_prefix("Block `")?
        .strip_suffix("` is not defined in any parent template")?;
    let built_in = |n: &str| {
        origins
            .get(n)
            .is_some_and(|(path, _)| path.starts_with("<built-in theme>"))
    };
    if !built_in(name) {
        return None;
    }
    // The site's template highest in the chain: Tera takes a block that
    // a template adds to its parent's as an error, so the block goes
    // there (a `mybase.html` its `base.html` extends; a `list.html` under
    // the built-in `base.html`).
    let mut seen = HashSet::new();
    let mut at = name;
    let mut highest = None;
    while let Some(parent) = parent_of(&origins.get(at)?.1) {
        if !seen.insert(parent) {
            return None;
        }
        at = origins.get_key_value(parent)?.0;
        if !built_in(at) {
            highest = Some(at);
        }
    }
    let at = highest?;
    let (file, _) = origins.get(at)?;
    Some(
        Diagnostic::error(format!(
            "template error: `{at}` has no block `{block}`, which the theme's templates fill"
        ))
        .with_help(format!(
            "add `{{% block {block} %}}{{% endblock {block} %}}` where that part of the page goes (docs/templates.md lists the blocks each template fills)"
        ))
        .in_file(file),
    )
}

/// The template `src` extends: the quoted name of its `{% extends %}`,
/// which Tera reads only as the first tag.
fn parent_of(src: &str) -> Option<&str> {
    let mut rest = src;
    // Comments may come before it.
    loop {
        let tag = rest.find("{%")?;
        match rest.find("{#") {
            Some(comment) if comment < tag => {
                let close = rest[comment..].find("#}")?;
                rest = &rest[comment + close + 2..];
            }
            _ => {
                rest = &rest[tag + 2..];
                break;
            }
        }
    }
    let rest = rest.trim_start_matches('-').trim_start();
    let rest = rest.strip_prefix("extends")?.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let name = &rest[1..];
    Some(&name[..name.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_is_the_first_tag_after_comments() {
        assert_eq!(
            parent_of("{# x {% y %} #}\n{%- extends \"base.html\" -%}"),
            Some("base.html")
        );
        assert_eq!(
            parent_of("{% extends 'theme/base.html' %}"),
            Some("theme/base.html")
        );
        assert_eq!(
            parent_of("{% block a %}{% endblock a %}{% extends \"b\" %}"),
            None
        );
        assert_eq!(parent_of("no tags"), None);
    }
}

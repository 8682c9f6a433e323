//! Help for what Tera says: its messages are worded for readers of its
//! own docs; these say what an annals template likely meant and where to
//! look (a misspelt filter or component, a tag Tera 2 does not have, a
//! field of a value that is null on the page).

use super::Origins;

const HELP: &str =
    "fix the template; the variables each template receives are listed in docs/templates.md";

/// What a tag Tera 2 does not have likely meant; `None` for `macro`
/// and `import` (see [`help_for`]) and for a word not read.
pub(super) fn unknown_tag_help(word: &str) -> Option<String> {
    Some(match word {
        "" | "macro" | "import" | "endmacro" => return None,
        "elseif" | "elsif" => "Tera writes it `{% elif condition %}`".to_string(),
        "else" | "elif" | "break" | "continue" => format!(
            "`{{% {word} %}}` stands only inside an `{{% if %}}` or a `{{% for %}}`: this one is outside any, or after its end"
        ),
        "endset_global" => {
            "a block `set_global`, like a block `set`, ends with `{% endset %}`".to_string()
        }
        _ => format!(
            "Tera 2's tags are if/elif/else, for, set, set_global, block, include, extends, filter, component, raw and break/continue: `{word}` is none of them"
        ),
    })
}

/// Tera 2's own filters, and annals' (see `filters.rs`).
const FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
    "safe_url",
    "text_dir",
    "display_date",
    "json",
];

/// The name in backquotes after `prefix` in `message`.
fn named<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// Help for a message Tera words for readers of its own docs.
pub(super) fn help_for(message: &str, origins: &Origins) -> String {
    if let Some(name) = named(message, "Unknown filter `") {
        return match crate::diagnostic::nearest(name, FILTERS.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "the filters are Tera 2's own (`upper`, `default`, `truncate` ...) and annals' `safe_url`, `text_dir`, `display_date` and `json` (docs/templates.md)".to_string(),
        };
    }
    if let Some(name) = named(message, "Unknown component `") {
        let defined = origins
            .values()
            .flat_map(|(_, src)| super::super::components::definitions(src))
            .map(|(name, _, _)| name.to_string())
            .collect::<Vec<_>>();
        if let Some(near) = crate::diagnostic::nearest(name, defined.iter().map(String::as_str)) {
            return format!("did you mean `<{near} ... />`?");
        }
    }
    if let Some(field) = named(message, "Field `").filter(|_| message.contains("is not defined")) {
        return format!(
            "check the spelling of `{field}` against docs/templates.md; if it is right, the value it is read from is null on this page, as `d.series` is for a dispatch without a series: test that value first (`{{% if d.series %}}...{{% endif %}}`)"
        );
    }
    help_for_tag(message)
}

fn help_for_tag(message: &str) -> String {
    if message.starts_with("Unknown tag") {
        return "Tera 2 has no `macro` or `import` tags: a reusable piece of markup is a component (`{% component name(arg) %}...{% endcomponent %}`, called as `{{ <name arg={value}/> }}`), see docs/templates.md".to_string();
    }
    if let Some(name) = message
        .strip_prefix("Unknown component `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return format!(
            "define it in any template: `{{% component {name}(...) %}}...{{% endcomponent %}}`"
        );
    }
    if message.starts_with("Unknown template") {
        return "name a template of the theme or of templates/, with its folder (`partials/x.html`)".to_string();
    }
    HELP.to_string()
}

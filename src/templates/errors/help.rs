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

/// Help for Hugo's template syntax met where Tera gave up (`rest`
/// starts there): a field read with a leading dot, `.Title`, which a
/// template moved from Hugo keeps.
pub(super) fn hugo_help(rest: &str) -> Option<String> {
    let field = rest.strip_prefix('.')?;
    let name: String = field
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let (head, tail) = name.split_once('.').unwrap_or((&name, ""));
    let tera = match (head, tail) {
        ("Site", "") => "site".to_string(),
        ("Site", t) => format!("site.{}", t.to_lowercase()),
        ("Params", t) => format!("d.extra.{}", t.to_lowercase()),
        ("Content", _) => "d.body | safe".to_string(),
        (h, _) => format!("d.{}", h.to_lowercase()),
    };
    Some(format!(
        "Hugo's `.{name}` is not Tera: a dispatch page reads `{{{{ {tera} }}}}` (`d` is the \
         dispatch, `p` a plain page, `site` the site); docs/templates.md lists what each \
         template receives"
    ))
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

/// For Tera's "Invalid type for the value, expected `string` but got
/// `array`" at a value that a filter takes (`d.authors | upper`): the
/// message naming the filter and the value, its help, and the span from
/// the value to the filter's name. `None` when no filter follows, or the
/// types are not ones a template writer knows by name.
pub(super) fn filter_type(
    source: &str,
    at: usize,
    message: &str,
) -> Option<(String, String, std::ops::Range<usize>)> {
    let rest = message.strip_prefix("Invalid type for the value, expected `")?;
    let (expected, rest) = rest.split_once("` but got `")?;
    let (expected, actual) = (in_words(expected)?, in_words(rest.strip_suffix('`')?)?);
    let text = source.get(at..)?;
    let mut value_len = text
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"')))
        .unwrap_or(text.len());
    // A filter's arguments, when the value is what a filter gave.
    if text[value_len..].starts_with('(') {
        value_len += text[value_len..].find(')')? + 1;
    }
    let after = text[value_len..]
        .trim_start()
        .strip_prefix('|')?
        .trim_start();
    let filter_len = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let filter = &after[..filter_len];
    if value_len == 0 || filter.is_empty() {
        return None;
    }
    let end = source.len() - after.len() + filter_len;
    // The value a filter gave (`d.authors | first | round`): the chain so
    // far is the value.
    let head = &source[..at];
    let chained = head.trim_end().ends_with('|');
    let from = if chained {
        let open = head.rfind("{{").max(head.rfind("{%")).map_or(0, |i| i + 2);
        let expr = &head[open..];
        let trimmed = expr.trim_start();
        // Past the tag's own words: `if`, `elif`, `for x in`, `set x =`.
        let word = trimmed.split_whitespace().next().unwrap_or("");
        let past = match word {
            "if" | "elif" => word.len(),
            "for" => trimmed.find(" in ").map_or(0, |i| i + 4),
            "set" | "set_global" => trimmed.find('=').map_or(0, |i| i + 1),
            _ => 0,
        };
        // Inside a parenthesis left open (`"x" ~ (d.title | upper`), from
        // just past it.
        let mut open_parens = Vec::new();
        for (i, c) in trimmed.char_indices().skip_while(|&(i, _)| i < past) {
            match c {
                '(' => open_parens.push(i + 1),
                ')' => {
                    open_parens.pop();
                }
                _ => {}
            }
        }
        let past = open_parens.last().copied().unwrap_or(past);
        let value = &trimmed[past..];
        open + (expr.len() - trimmed.len()) + past + (value.len() - value.trim_start().len())
    } else {
        at
    };
    let value = source[from..at + value_len].trim_end();
    // With arguments, either the value or an argument is the wrong type.
    if after[filter_len..].trim_start().starts_with('(') {
        return Some((
            format!("`{filter}` was given {actual} where it takes {expected}: check its input `{value}` and its arguments"),
            "docs/templates.md says what each variable is; Tera's documentation, what each filter and argument takes".to_string(),
            from..end,
        ));
    }
    let help = match actual {
        "a list" => format!(
            "join a list's items first: `{{{{ {value} | join(sep=\", \") | {filter} }}}}`, or loop over them"
        ),
        "null" if !chained => format!(
            "`{value}` is null on this page: test it first (`{{% if {value} %}}...{{% endif %}}`) or give a default (`{value} | default(value=\"\")`)"
        ),
        _ => format!("give `{filter}` {expected}; docs/templates.md says what each variable is"),
    };
    Some((
        format!("`{filter}` takes {expected}, but `{value}` is {actual}"),
        help,
        from..end,
    ))
}

/// A type as Tera names it (its own names, or Rust's), in words; `None`
/// for one a template writer would not know.
fn in_words(t: &str) -> Option<&'static str> {
    Some(match t {
        "array" | "&[Value]" | "Vec<Value>" => "a list",
        "map/struct" | "map" | "Map" => "a map",
        "string" | "&str" | "String" => "a string",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "integer" => "a whole number",
        "f32" | "f64" | "number" | "float" => "a number",
        "bool" => "a boolean",
        "none" => "null",
        "undefined" => "undefined",
        _ => return None,
    })
}

/// Tera's "Value `-1` is out of range for `usize`" in words, if it is
/// that message.
pub(super) fn out_of_range(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Value `")?;
    let (value, rest) = rest.split_once("` is out of range for `")?;
    let wanted = in_words(rest.strip_suffix('`')?)?;
    Some(format!("`{value}` is out of range here: {wanted} is taken"))
}

/// Tera's list of the variables there are, with `site`, which every
/// template has (Tera leaves it out inside an included template).
pub(super) fn with_site(message: String) -> String {
    const LIST: &str = " Available variables: ";
    let Some((head, list)) = message.split_once(LIST) else {
        return message;
    };
    let mut names: Vec<&str> = list.split(", ").collect();
    if names.contains(&"site") {
        return message;
    }
    names.push("site");
    names.sort_unstable();
    format!("{head}{LIST}{}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_error_names_the_filter_and_the_value() {
        let src = "<h1>{{ d.authors | upper }}</h1>";
        let message = "Invalid type for the value, expected `string` but got `array`";
        let (said, help, span) = filter_type(src, 7, message).unwrap();
        assert_eq!(said, "`upper` takes a string, but `d.authors` is a list");
        assert!(
            help.contains("`{{ d.authors | join(sep=\", \") | upper }}`"),
            "{help}"
        );
        assert_eq!(&src[span], "d.authors | upper");
        let none = "Invalid type for the value, expected `string` but got `none`";
        let (said, help, _) = filter_type(src, 7, none).unwrap();
        assert_eq!(said, "`upper` takes a string, but `d.authors` is null");
        assert!(help.contains("default(value="), "{help}");
        assert!(filter_type("{{ d.title }}", 3, message).is_none());
        // An argument may be the wrong one; Rust's names in words.
        let src = "{{ d.title | truncate(length=\"x\") }}";
        let usize = "Invalid type for the value, expected `usize` but got `string`";
        let (said, _, _) = filter_type(src, 3, usize).unwrap();
        assert_eq!(
            said,
            "`truncate` was given a string where it takes a whole number of 0 or more: check its input `d.title` and its arguments"
        );
        // A filter's output is the value.
        let src = "{{ d.authors | first | round }}";
        let number = "Invalid type for the value, expected `f64` but got `none`";
        let (said, help, span) = filter_type(src, 15, number).unwrap();
        assert_eq!(
            said,
            "`round` takes a number, but `d.authors | first` is null"
        );
        assert!(!help.contains("{% if"), "{help}");
        assert_eq!(&src[span], "d.authors | first | round");
        for (src, at, value) in [
            (
                "{{ x | default(value=5) | upper }}",
                7,
                "x | default(value=5)",
            ),
            ("{% if d.title | first | upper %}", 16, "d.title | first"),
            (
                "{{ \"x\" ~ (d.title | first | upper) }}",
                20,
                "d.title | first",
            ),
            (
                "{% set y = d.title | first | upper %}",
                21,
                "d.title | first",
            ),
        ] {
            let upper = "Invalid type for the value, expected `string` but got `array`";
            let (said, _, _) = filter_type(src, at, upper).unwrap();
            assert!(said.contains(&format!("but `{value}` is")), "{src}: {said}");
        }
        let src = "{% for a in d.title | sort %}";
        let (said, _, _) = filter_type(
            src,
            12,
            "Invalid type for the value, expected `&[Value]` but got `string`",
        )
        .unwrap();
        assert_eq!(said, "`sort` takes a list, but `d.title` is a string");
        assert!(
            filter_type(
                src,
                12,
                "Invalid type for the value, expected `Foo<T>` but got `string`"
            )
            .is_none()
        );
        let float = "Invalid type for the value, expected `usize` but got `f64`";
        let (said, _, _) = filter_type("{{ d.title | truncate(length=2.5) }}", 3, float).unwrap();
        assert!(
            said.contains("given a number where it takes a whole number of 0 or more"),
            "{said}"
        );
        assert_eq!(
            out_of_range("Value `-1` is out of range for `usize`").as_deref(),
            Some("`-1` is out of range here: a whole number of 0 or more is taken")
        );
    }

    #[test]
    fn hugo_fields_are_given_their_annals_names() {
        let help = |rest: &str| hugo_help(rest).unwrap_or_default();
        assert!(help(".Title }}").contains("`{{ d.title }}`"));
        assert!(help(".Params.Region }}").contains("`{{ d.extra.region }}`"));
        assert!(help(".Site.Title }}").contains("`{{ site.title }}`"));
        assert!(help(".Content }}").contains("`{{ d.body | safe }}`"));
        assert_eq!(hugo_help(".5 }}"), None);
        assert_eq!(hugo_help("x.Title"), None);
    }

    #[test]
    fn site_is_among_the_variables_there_are() {
        let said = |m: &str| with_site(m.to_string());
        assert_eq!(
            said("Variable `sitee` is not defined. Available variables: items, lang"),
            "Variable `sitee` is not defined. Available variables: items, lang, site"
        );
        let kept = "Variable `x` is not defined. Available variables: d, site";
        assert_eq!(said(kept), kept);
        assert_eq!(said("Unknown filter `x`"), "Unknown filter `x`");
    }
}

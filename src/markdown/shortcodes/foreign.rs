//! Shortcode syntax of other generators, met in archives moved to annals:
//! Hugo's `{{< name k="v" >}}`, `{{% name %}}` and `{{< relref "p.md" >}}`
//! links, and the escapes that Hugo and Zola show as a call
//! (`{{</* name */>}}`, `{{/* name() */}}`). annals does not read them, so
//! each would be published as it is written; they are named in a warning
//! that says how annals writes the same thing.

use super::CallError;

/// The foreign call starting at `start` (a `{{`), if there is one: the
/// warning for it (none for the closing tag of a call already warned
/// about), and where scanning goes on.
pub(super) fn foreign_call(
    text: &str,
    start: usize,
    known: &[String],
) -> Option<(Option<CallError>, usize)> {
    if let Some(found) = escaped(text, start) {
        return Some(found);
    }
    // Hugo's and Zola's delimiters are written together: `{{ <x> }}` is
    // prose (or an annals call), not a Hugo one.
    let inner = start + 2;
    let rest = text
        .get(inner..)
        .filter(|_| text[start..].starts_with("{{"))?;
    let delim = rest.chars().next().filter(|c| matches!(c, '<' | '%'))?;
    let close = if delim == '<' { ">}}" } else { "%}}" };
    // The close is looked for after the opening delimiter, which is also
    // its first char in `{{%}}`.
    let end = text[inner + 1..]
        .find(close)
        .map(|i| inner + 1 + i + close.len())?;
    // One tag: not over a paragraph break, nor into another call.
    let whole = &text[start..end];
    if whole.contains("\n\n") || whole[2..].contains("{{") {
        return None;
    }
    let body = text[inner + 1..end - close.len()].trim();
    let closing = body.starts_with('/');
    let body = body.trim_start_matches('/').trim_start();
    let name_len = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    if name_len == 0 {
        return None;
    }
    let (name, args) = body.split_at(name_len);
    // The closing tag of a call already named says nothing new.
    let before = &text[..start];
    if closing
        && [format!("{delim} {name}"), format!("{delim}{name}")]
            .iter()
            .any(|open| before.contains(open.as_str()))
    {
        return Some((None, end));
    }
    let (message, help) = if closing {
        (
            format!("Hugo's closing `{{{{{delim} /{name} {close}` is not annals' syntax"),
            "annals closes a block shortcode with `{% end %}`".to_string(),
        )
    } else if name == "relref" || name == "ref" {
        (
            format!("Hugo's `{name}` is not annals' syntax: this link"),
            ref_help(args),
        )
    } else {
        let paired = closed_later(&text[end..], delim, name);
        (
            format!("Hugo's shortcode syntax `{{{{{delim} {name} {close}` is not annals'"),
            call_help(name, args.trim(), paired, known),
        )
    };
    Some((
        Some(warning(
            format!("{message}; it is published as written"),
            start..end,
            help,
        )),
        end,
    ))
}

/// Liquid's tags (Jekyll's), met in archives moved from it, with how
/// annals does the same.
const LIQUID: [(&str, &str); 21] = [
    ("include", REUSE),
    ("include_relative", REUSE),
    ("highlight", CODE),
    ("endhighlight", CODE),
    ("raw", RAW),
    ("endraw", RAW),
    (
        "link",
        "link a file by its path from content/, like `[text](@/pages/about.md)`, or a dispatch by its id, `[text](@sd-12)`",
    ),
    (
        "post_url",
        "link a dispatch by its id, like `[text](@sd-12)`, or a file by its path from content/, `[text](@/dispatches/sd-12.md)`",
    ),
    ("comment", COMMENT),
    ("endcomment", COMMENT),
    ("capture", LOGIC),
    ("endcapture", LOGIC),
    ("assign", LOGIC),
    ("if", LOGIC),
    ("elsif", LOGIC),
    ("else", LOGIC),
    ("endif", LOGIC),
    ("unless", LOGIC),
    ("endunless", LOGIC),
    ("for", LOGIC),
    ("endfor", LOGIC),
];

const REUSE: &str = "annals reuses markup through shortcodes: a template templates/shortcodes/NAME.html, called as `{{ NAME(...) }}`";
const CODE: &str = "write a fenced code block: a line ```LANG before the code and ``` after it";
const RAW: &str = "annals leaves a `{{` or `{%` that opens no call as written: remove the tag";
const COMMENT: &str =
    "remove it, or make it an HTML comment, `<!-- ... -->`, which the page does not show";
const LOGIC: &str = "templates hold logic in annals, not dispatches: remove it";

/// The `{% ... %}` tag at `start` that is no annals call but another
/// tool's, most often left from a moved archive: `{% endpost %}` for
/// annals' `{% end %}` (of a shortcode in `known`), `{% /post %}`, and
/// Liquid's (Jekyll's) tags. The warning for it, and where it ends.
pub(super) fn foreign_tag(
    text: &str,
    start: usize,
    known: &[String],
) -> Option<(CallError, usize)> {
    let rest = text.get(start + 2..)?;
    let close = rest.find("%}")?;
    let inner = &rest[..close];
    if inner.contains('\n') {
        return None;
    }
    let end = start + 2 + close + 2;
    let word = inner.split_whitespace().next()?;
    let tag = text.get(start..end).unwrap_or_default();
    if let Some(name) = word.strip_prefix("end").or_else(|| word.strip_prefix('/'))
        && known.iter().any(|k| k == name)
    {
        return Some((
            warning(
                format!("`{tag}` is not annals' closing tag; it is published as written"),
                start..end,
                "annals closes a block shortcode with `{% end %}`: write that in its place"
                    .to_string(),
            ),
            end,
        ));
    }
    let (_, help) = LIQUID.iter().find(|(l, _)| *l == word)?;
    Some((
        warning(
            format!(
                "Jekyll's tag `{{% {word} %}}` is not annals' syntax; it is published as written"
            ),
            start..end,
            help.to_string(),
        ),
        end,
    ))
}

/// The escapes with which Hugo and Zola show a call as text, opening and
/// closing, and what the generator showed for each.
const ESCAPES: [(&str, &str, &str, &str, &str); 4] = [
    ("{{</*", "*/>}}", "Hugo", "{{<", ">}}"),
    ("{{%/*", "*/%}}", "Hugo", "{{%", "%}}"),
    ("{{/*", "*/}}", "Zola", "{{", "}}"),
    ("{%/*", "*/%}", "Zola", "{%", "%}"),
];

/// The escaped call starting at `start`, if there is one: annals shows
/// it as text, but not as its generator did (and Markdown may read its
/// `*`s as emphasis), so the warning gives the call to put in code.
fn escaped(text: &str, start: usize) -> Option<(Option<CallError>, usize)> {
    let rest = &text[start..];
    let (open, close, tool, shown_open, shown_close) =
        ESCAPES.into_iter().find(|e| rest.starts_with(e.0))?;
    let inner_end = rest[open.len()..].find(close)? + open.len();
    let end = start + inner_end + close.len();
    let shown = format!(
        "{shown_open} {} {shown_close}",
        rest[open.len()..inner_end].trim()
    );
    Some((
        Some(warning(
            format!(
                "{tool}'s escape `{open} ... {close}` is not annals' syntax: {tool} showed \
                 `{shown}`; annals shows it as written, and may read its `*`s as emphasis"
            ),
            start..end,
            format!("to show the call as text, put it in backticks: `{shown}`"),
        )),
        end,
    ))
}

/// How annals links to what Hugo's `ref` or `relref` with `args` names:
/// its first argument (or `path=`), quoted either way.
fn ref_help(args: &str) -> String {
    let args = args.trim();
    let value = args.strip_prefix("path").map_or(args, |a| {
        a.trim_start().strip_prefix('=').unwrap_or(a).trim_start()
    });
    let target = value
        .strip_prefix(['"', '\''])
        .and_then(|v| v.split(['"', '\'']).next())
        .unwrap_or_else(|| value.split_whitespace().next().unwrap_or_default());
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let relative = !path.starts_with('/');
    let path = path.trim_start_matches('/').trim_end_matches('/');
    let path = if path.ends_with(".md") || path.is_empty() {
        path.to_string()
    } else {
        format!("{path}.md")
    };
    let fragment = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    let whole = if relative {
        " from content/ (Hugo read this one from the page's own folder: put that folder first)"
    } else {
        " under content/"
    };
    format!(
        "link to the content file by its path{whole}, e.g. `[text](@/{path}{fragment})`, \
         or to a dispatch by its id, like `[text](@sd-12{fragment})`"
    )
}

/// Whether `text` has Hugo's closing call of `name`: `{{< /name >}}`.
fn closed_later(text: &str, delim: char, name: &str) -> bool {
    let open = format!("{{{{{delim}");
    text.match_indices(open.as_str()).any(|(i, _)| {
        let rest = text[i + open.len()..].trim_start();
        rest.strip_prefix('/')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == delim || c == '>'))
    })
}

fn warning(message: String, span: std::ops::Range<usize>, help: String) -> CallError {
    CallError {
        message,
        span,
        left_as_text: true,
        help: Some(help),
    }
}

/// How annals writes the call of `name` with Hugo's `args`.
fn call_help(name: &str, args: &str, block: bool, known: &[String]) -> String {
    let annals_args = convert_args(args).map(|pairs| {
        let pairs = if name == "figure" {
            hugo_figure(pairs)
        } else {
            pairs
        };
        let written: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        written.join(", ")
    });
    let shown = annals_args.as_deref().unwrap_or("k=\"v\", ...");
    let call = if block {
        format!("`{{% {name}({shown}) %}}` ... `{{% end %}}`")
    } else {
        format!("`{{{{ {name}({shown}) }}}}`")
    };
    let named = if annals_args.is_none() && !args.is_empty() {
        " (annals names every argument)"
    } else {
        ""
    };
    if known.iter().any(|k| k == name) {
        format!("write it {call}{named}")
    } else {
        format!(
            "annals has no shortcode `{name}`: add templates/shortcodes/{name}.html, \
             then write {call}{named}"
        )
    }
}

/// Hugo's `figure` arguments as annals' `figure` takes them: its credit
/// (`attr`) as `credit`, a `title` as the caption when there is none,
/// and those annals' figure has no use for (`link`, `class`...) left
/// out; an image with neither `alt` nor a caption gets an `alt` to fill,
/// which annals requires.
fn hugo_figure(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    const DROPPED: [&str; 7] = [
        "link", "target", "rel", "class", "loading", "attrlink", "title",
    ];
    // An empty value is none (`caption=""`).
    let given = |k: &str| pairs.iter().any(|(key, v)| key == k && v != "\"\"");
    let caption = given("caption");
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| match k.as_str() {
            "attr" => Some(("credit".to_string(), v.clone())),
            "title" if !caption && v != "\"\"" => Some(("caption".to_string(), v.clone())),
            "caption" if !caption => None,
            k if DROPPED.contains(&k) => None,
            _ => Some((k.to_string(), v.clone())),
        })
        .collect();
    if !out
        .iter()
        .any(|(k, v)| k == "alt" || k == "caption" && v != "\"\"")
    {
        out.push(("alt".to_string(), "\"what the image shows\"".to_string()));
    }
    out
}

/// Hugo's `k="v" n=3` as annals' `k="v", n=3`; `None` for positional
/// arguments, which annals does not have.
fn convert_args(args: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = &rest[..eq];
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let after = rest[eq + 1..].trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let close = quoted.find('"')?;
            (format!("\"{}\"", &quoted[..close]), &quoted[close + 1..])
        } else {
            let len = after.find(char::is_whitespace).unwrap_or(after.len());
            let bare = &after[..len];
            let literal = bare.parse::<f64>().is_ok() || bare == "true" || bare == "false";
            let value = if literal {
                bare.to_string()
            } else {
                format!("\"{bare}\"")
            };
            (value, &after[len..])
        };
        out.push((key.to_string(), value));
        rest = next.trim_start();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warn(text: &str) -> Option<(String, String, usize)> {
        let known = ["post".to_string(), "figure".to_string()];
        let (error, end) = foreign_call(text, 0, &known)?;
        let error = error?;
        Some((error.message, error.help.unwrap_or_default(), end))
    }

    #[test]
    fn a_hugo_figure_gets_annals_arguments() {
        let (_, help, _) =
            warn("{{< figure src=\"m.png\" attr=\"Reuters\" title=\"Port\" link=\"/x\" >}}")
                .unwrap();
        assert_eq!(
            help,
            "write it `{{ figure(src=\"m.png\", credit=\"Reuters\", caption=\"Port\") }}`"
        );
        let (_, help, _) = warn("{{< figure src=\"m.png\" caption=\"\" title=\"\" >}}").unwrap();
        assert_eq!(
            help,
            "write it `{{ figure(src=\"m.png\", alt=\"what the image shows\") }}`"
        );
    }

    #[test]
    fn hugo_calls_get_their_annals_form() {
        let (msg, help, end) =
            warn("{{< figure src=\"map.png\" width=300 alt=\"A map\" >}} after").unwrap();
        assert!(msg.contains("Hugo's shortcode syntax"), "{msg}");
        assert_eq!(
            help,
            "write it `{{ figure(src=\"map.png\", width=300, alt=\"A map\") }}`"
        );
        assert_eq!(
            end,
            "{{< figure src=\"map.png\" width=300 alt=\"A map\" >}}".len()
        );
        let (_, help, _) = warn("{{< post author=\"B\" >}}\nText.\n{{< /post >}}").unwrap();
        assert_eq!(help, "write it `{% post(author=\"B\") %}` ... `{% end %}`");
        let (_, help, _) = warn("{{% note %}}").unwrap();
        assert!(help.starts_with("annals has no shortcode `note`"), "{help}");
        let (_, help, _) = warn("{{< youtube dQw4w9WgXcQ >}}").unwrap();
        assert!(help.ends_with("(annals names every argument)"), "{help}");
        let (msg, help, _) = warn("{{< /post >}}").unwrap();
        assert!(msg.contains("closing"), "{msg}");
        assert!(help.contains("{% end %}"), "{help}");
        // After its opening tag, which was warned about, it is not.
        let known = ["post".to_string()];
        let text = "{{< post >}}x{{< /post >}}";
        let at = text.rfind("{{").unwrap();
        assert!(matches!(foreign_call(text, at, &known), Some((None, end)) if end == text.len()));
    }

    #[test]
    fn only_a_real_closing_call_makes_a_block() {
        let (_, help, _) = warn("{{< figure src=\"a.png\" >}} see /figures/list/").unwrap();
        assert_eq!(
            help,
            "write it `{{ figure(src=\"a.png\", alt=\"what the image shows\") }}`"
        );
        let (_, help, _) = warn("{{% post %}}x{{% / post %}}").unwrap();
        assert!(help.contains("{% end %}"), "{help}");
    }

    #[test]
    fn prose_braces_are_not_hugo_calls() {
        assert!(warn("{{ <x> }} and later {{< >}}").is_none());
        assert!(warn("{{<x and {{< y >}}").is_none());
    }

    #[test]
    fn relref_links_say_how_to_reference() {
        let (msg, help, _) = warn("{{< relref \"/dispatches/ia-115.md\" >}})").unwrap();
        assert!(msg.contains("`relref`"), "{msg}");
        assert_eq!(msg.matches("published as written").count(), 1, "{msg}");
        assert!(help.contains("`[text](@/dispatches/ia-115.md)`"), "{help}");
    }

    #[test]
    fn escapes_are_named_with_the_call_they_showed() {
        let (msg, help, end) = warn("{{/* figure(src=\"a\") */}} x").unwrap();
        assert!(msg.contains("Zola"), "{msg}");
        assert_eq!(
            help,
            "to show the call as text, put it in backticks: `{{ figure(src=\"a\") }}`"
        );
        assert_eq!(end, "{{/* figure(src=\"a\") */}}".len());
        for (text, tool, shown) in [
            (
                "{{</* figure src=\"m.png\" */>}}",
                "Hugo",
                "`{{< figure src=\"m.png\" >}}`",
            ),
            (
                "{{%/* notice warning */%}}",
                "Hugo",
                "`{{% notice warning %}}`",
            ),
            ("{%/* quote() */%}", "Zola", "`{% quote() %}`"),
        ] {
            let (msg, help, end) = warn(text).unwrap();
            assert!(msg.starts_with(&format!("{tool}'s escape")), "{msg}");
            assert!(help.ends_with(shown), "{help}");
            assert_eq!(end, text.len());
        }
    }

    #[test]
    fn ref_help_reads_the_path_however_it_is_given() {
        for (args, link) in [
            ("\"/dispatches/sd-2.md\"", "@/dispatches/sd-2.md"),
            ("'/dispatches/sd-2.md'", "@/dispatches/sd-2.md"),
            ("path=\"/dispatches/sd-2\"", "@/dispatches/sd-2.md"),
            (
                "\"/dispatches/sd-2.md#context\"",
                "@/dispatches/sd-2.md#context",
            ),
        ] {
            let help = ref_help(args);
            assert!(
                help.contains(&format!("`[text]({link})`")),
                "{args}: {help}"
            );
            assert!(help.contains("under content/"), "{help}");
        }
        let relative = ref_help("\"sd-2.md\"");
        assert!(relative.contains("the page's own folder"), "{relative}");
    }

    #[test]
    fn other_braces_are_text() {
        assert!(warn("{{ not a call").is_none());
        assert!(warn("{{< unclosed").is_none());
        assert!(warn("{{<\n\n>}}").is_none());
        assert!(warn("{{< >}}").is_none());
    }
}

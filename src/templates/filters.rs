//! annals' own Tera filters: `safe_url` (no URL that runs script, and
//! root-relative links under the site's path), `text_dir` (a language's
//! direction), `json` (values for a `<script>`) and `display_date` (a
//! date as pages show it).

use tera::{Kwargs, State, Tera, Value};

use crate::config::Rooting;
use crate::words::Words;

/// A Tera instance with annals' own filters.
pub(super) fn new_tera(rooting: Rooting<'_>, words: &Words) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    // A template's URLs are the build's (see `Rooting`): not moved.
    let base_path = rooting.base_path.to_string();
    tera.register_filter("safe_url", move |url: &str, kwargs: Kwargs, _: &State| {
        no_arguments("safe_url", &kwargs).map(|()| safe_url(Rooting::at(&base_path), url))
    });
    // Shortcodes set `dir` by the rule pages follow (`post` for its `lang`).
    tera.register_filter("text_dir", |lang: &str, kwargs: Kwargs, _: &State| {
        no_arguments("text_dir", &kwargs).map(|()| crate::lang::direction(lang))
    });
    // JSON for `<script>` data such as JSON-LD: HTML entities mean nothing
    // inside a script, so the value is not escaped, and what could end
    // the script or an HTML comment is written as a JSON escape instead.
    // In an attribute (`json(attribute=true)`, the search client's
    // `data-labels`) the browser reads entities before the script sees the
    // value: there, quotes must be entities, or the first ends the value.
    tera.register_filter(
        "json",
        |value: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            Ok(Value::safe_string(&if json_attribute(&kwargs)? {
                attribute_json(&value)
            } else {
                script_json(&value)
            }))
        },
    );
    // Shortcodes take dates as the editor writes them (`post`'s, `clip`'s):
    // one reader sees dates in one form everywhere.
    let dates = words.clone();
    tera.register_filter(
        "display_date",
        move |value: Value, kwargs: Kwargs, _: &State| {
            no_arguments("display_date", &kwargs).map(|()| display_date(&dates, &value))
        },
    );
    tera.register_filter("datetime", |value: Value, kwargs: Kwargs, _: &State| {
        no_arguments("datetime", &kwargs).map(|()| html_datetime(&value))
    });
    tera
}

/// An error for any argument given to a filter that takes none: a theme
/// writing `display_date(format="%d/%m/%Y")` would otherwise get the
/// filter's one form with no word that the argument did nothing.
fn no_arguments(filter: &str, kwargs: &Kwargs) -> tera::TeraResult<()> {
    match kwargs.iter().next() {
        None => Ok(()),
        Some((name, _)) => Err(tera::Error::message(format!(
            "`{filter}` takes no arguments, not `{name}`: write `{filter}` alone"
        ))),
    }
}

/// A `YYYY-MM-DD` date as pages show dates ("July 15, 2024"), and an
/// RFC 3339 date-time with its time as written and its zone ("July 15,
/// 2024, 21:15 UTC+3": when a quoted post went up, and which came
/// first); any other value (a month, a note) as written.
fn display_date(words: &Words, value: &Value) -> String {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    let date = text.trim();
    let Some(day) = crate::frontmatter::parse_date(date) else {
        return text;
    };
    let shown = crate::render::views::display_date(words, day);
    // `HH:MM`, as RFC 3339 writes it (`2024-04-29T2115Z` is no time).
    let time = date.get(11..16).filter(|t| {
        let b = t.as_bytes();
        b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
    });
    match (time, zone(date)) {
        (Some(time), Some(zone)) if date.len() > 10 => format!("{shown}, {time} {zone}"),
        _ if date.len() == "2024-07-15".len() => shown,
        _ => text,
    }
}

/// A date or RFC 3339 date-time as a `<time datetime>` takes it: upper
/// case (`T`, `Z`), and a fraction of a second cut to the three digits
/// HTML reads, after a `.` (RFC 3339 allows any number, ISO 8601 a `,`).
fn html_datetime(value: &Value) -> String {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    let text = text.trim().to_ascii_uppercase();
    let Some(rest) = text.get(19..).filter(|r| r.starts_with(['.', ','])) else {
        return text;
    };
    let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
    let (kept, after) = (&rest[1..1 + digits.min(3)], &rest[1 + digits..]);
    let dot = if kept.is_empty() { "" } else { "." };
    format!("{}{dot}{kept}{after}", &text[..19])
}

/// The zone of an RFC 3339 date-time as a reader reads it: `UTC`, or
/// `UTC+3`, `UTC+5:30`, `UTC−4` for an offset.
fn zone(date_time: &str) -> Option<String> {
    if date_time.ends_with(['Z', 'z']) {
        return Some("UTC".to_string());
    }
    let offset = date_time.get(date_time.len().checked_sub(6)?..)?;
    let (sign, hours, minutes) = (offset.get(..1)?, offset.get(1..3)?, offset.get(4..6)?);
    let sign = match sign {
        "+" => "+",
        "-" => "\u{2212}",
        _ => return None,
    };
    let hours: u8 = hours.parse().ok()?;
    Some(match (hours, minutes) {
        (0, "00") => "UTC".to_string(),
        (_, "00") => format!("UTC{sign}{hours}"),
        _ => format!("UTC{sign}{hours}:{minutes}"),
    })
}

/// `value` as JSON that can sit inside a `<script>` element.
fn script_json(value: &impl serde::Serialize) -> String {
    json_escaped(value, |c| match c {
        '<' => Some("\\u003c"),
        '>' => Some("\\u003e"),
        '&' => Some("\\u0026"),
        '\u{2028}' => Some("\\u2028"),
        '\u{2029}' => Some("\\u2029"),
        _ => None,
    })
}

/// `value` as JSON, with each character `escape` gives text for replaced.
fn json_escaped(
    value: &impl serde::Serialize,
    escape: impl Fn(char) -> Option<&'static str>,
) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    for c in json.chars() {
        match escape(c) {
            Some(text) => out.push_str(text),
            None => out.push(c),
        }
    }
    out
}

/// Whether `json`'s arguments ask for an attribute's form: its one
/// argument, `attribute`, is a boolean. Any other is an error, since a
/// misspelt `attr=true` would give the script's form, which ends the
/// attribute at its first quote.
fn json_attribute(kwargs: &Kwargs) -> tera::TeraResult<bool> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Args {
        #[serde(rename = "attribute")]
        _attribute: Option<serde::de::IgnoredAny>,
    }
    let fail = |why: String| tera::Error::message(format!("`json` {why}"));
    kwargs.deserialize::<Args>().map_err(|e| {
        let text = e.to_string();
        let unknown = text
            .split_once("unknown field `")
            .and_then(|(_, rest)| rest.split('`').next())
            .unwrap_or("?");
        fail(format!(
            "takes one argument, `attribute` (`json(attribute=true)` in an HTML attribute), not `{unknown}`"
        ))
    })?;
    // Null or undefined too is a mistake: `attribute=true` was meant.
    match kwargs.get::<Value>("attribute")? {
        None => Ok(false),
        Some(v) => v.as_bool().ok_or_else(|| {
            let shown = if v.is_undefined() {
                "undefined".to_string()
            } else if v.is_none() {
                "null".to_string()
            } else {
                format!("`{v}`")
            };
            fail(format!(
                "takes `attribute=true` or `attribute=false`, not a value that is {shown}"
            ))
        }),
    }
}

/// `value` as JSON that can sit inside a quoted HTML attribute.
fn attribute_json(value: &impl serde::Serialize) -> String {
    json_escaped(value, |c| match c {
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    })
}

/// Keeps only URLs that cannot run script: http(s), mailto, site-relative
/// and fragment links, and inline raster images (`data:image/png;...`, as
/// a Markdown image may have). Anything else becomes `#`. A root-relative
/// URL is put under the site's path (`/archive/`), as links in Markdown
/// are.
/// Inline images that are pictures only (an SVG may carry script).
const RASTER: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/webp",
    "data:image/avif",
];

fn safe_url(rooting: Rooting<'_>, url: &str) -> String {
    let u = &*rooting.publish(url.trim());
    // Read as a browser reads a scheme: tabs, line breaks and controls
    // inside it do not count (`java\tscript:`).
    let cleaned: String = u
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    // Only what runs script goes: `tel:`, `sms:` or `geo:` are links too.
    let ok = match cleaned.strip_prefix("data:") {
        Some(_) => RASTER.iter().any(|r| cleaned.starts_with(r)),
        None => !crate::markdown::links::runs_script(u, false),
    };
    if !ok {
        return "#".to_string();
    }
    // A reference is resolved (and its URL written) by annals; a `srcset`
    // parts its candidates with spaces.
    if u.starts_with('@') || is_srcset(u) {
        return u.to_string();
    }
    crate::markdown::links::encoded(u)
}

/// Whether `value` reads as a `srcset`: candidates parted by commas,
/// one at least with a width or density after its URL (`/a.png 2x`).
fn is_srcset(value: &str) -> bool {
    value.split(',').any(|candidate| {
        let mut words = candidate.split_whitespace();
        let (Some(_), Some(descriptor), None) = (words.next(), words.next(), words.next()) else {
            return false;
        };
        descriptor
            .strip_suffix(['w', 'x'])
            .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_ok_and(|v| v >= 0.0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    #[test]
    fn json_for_a_script_cannot_end_it() {
        let mut tera = new_tera(Rooting::at("/"), &Words::english());
        tera.add_raw_template("t.html", "{{ v | json }}").unwrap();
        let mut c = Context::new();
        c.insert(
            "v",
            &serde_json::json!({"headline": "It's </script><b>\\ & more"}),
        );
        assert_eq!(
            tera.render("t.html", &c).unwrap(),
            r#"{"headline":"It's \u003c/script\u003e\u003cb\u003e\\ \u0026 more"}"#
        );
    }

    #[test]
    fn json_for_an_attribute_keeps_it_one_value() {
        let mut tera = new_tera(Rooting::at("/"), &Words::english());
        let t =
            "<p data-labels=\"{{ v | json(attribute=true) }}\" x='{{ v | json(attribute=true) }}'>";
        tera.add_raw_template("t.html", t).unwrap();
        let mut c = Context::new();
        c.insert(
            "v",
            &serde_json::json!({"none": "l'archive \" onmouseover=x <b>&"}),
        );
        assert_eq!(
            tera.render("t.html", &c).unwrap(),
            "<p data-labels=\"{&quot;none&quot;:&quot;l&#39;archive \\&quot; onmouseover=x &lt;b&gt;&amp;&quot;}\" \
             x='{&quot;none&quot;:&quot;l&#39;archive \\&quot; onmouseover=x &lt;b&gt;&amp;&quot;}'>"
        );
        for (call, says) in [
            ("json(attribute=1)", "not a value that is `1`"),
            ("json(attribute=null)", "not a value that is null"),
            ("json(attribute=nosuch)", "not a value that is"),
            ("json(attr=true)", "takes one argument, `attribute`"),
            ("json(attribute=true, pretty=true)", "not `pretty`"),
        ] {
            tera.add_raw_template("bad.html", &format!("{{{{ v | {call} }}}}"))
                .unwrap();
            let e = tera.render("bad.html", &c).unwrap_err();
            let text = format!("{e:?}");
            assert!(text.contains(says), "{call}: {text}");
        }
    }

    #[test]
    fn safe_url_encodes_what_no_url_holds_and_keeps_the_rest() {
        assert_eq!(
            safe_url(Rooting::at("/"), "/images/harbour map.svg"),
            "/images/harbour%20map.svg"
        );
        assert_eq!(
            safe_url(
                Rooting::at("/archive/"),
                " https://x.example/a b?q=\"c\"|d "
            ),
            "https://x.example/a%20b?q=%22c%22%7Cd"
        );
        // Escapes already written, non-ASCII letters and fragments stay.
        assert_eq!(
            safe_url(Rooting::at("/archive/"), "/images/%D9%86 نقشه.png#top"),
            "/archive/images/%D9%86%20نقشه.png#top"
        );
        assert_eq!(safe_url(Rooting::at("/"), "javascript:alert(1)"), "#");
        assert_eq!(safe_url(Rooting::at("/"), " Java\tScript:alert(1)"), "#");
        assert_eq!(safe_url(Rooting::at("/"), "data:text/html,<b>x</b>"), "#");
        assert_eq!(
            safe_url(Rooting::at("/"), "data:image/png;base64,AA"),
            "data:image/png;base64,AA"
        );
        // Other schemes are links as a Markdown link's are.
        assert_eq!(
            safe_url(Rooting::at("/"), "tel:+441234567"),
            "tel:+441234567"
        );
        assert_eq!(
            safe_url(Rooting::at("/"), "mailto:desk@x.example"),
            "mailto:desk@x.example"
        );
        // A reference is annals' to resolve; a `srcset`'s spaces part it.
        assert_eq!(safe_url(Rooting::at("/"), "@sd-1#a b"), "@sd-1#a b");
        assert_eq!(
            safe_url(
                Rooting::at("/archive/"),
                "/images/map.png 1x, /images/map@2x.png 2x"
            ),
            "/archive/images/map.png 1x, /images/map@2x.png 2x"
        );
        assert_eq!(safe_url(Rooting::at("/"), "/a.png 480w"), "/a.png 480w");
        assert_eq!(safe_url(Rooting::at("/"), "/a b.png"), "/a%20b.png");
        assert_eq!(safe_url(Rooting::at("/"), "/a 2.png"), "/a%202.png");
    }

    #[test]
    fn filters_that_take_no_arguments_refuse_them() {
        let mut tera = new_tera(Rooting::at("/"), &Words::english());
        let c = Context::new();
        for (call, says) in [
            (
                "\"2024-07-15\" | display_date(format=\"%d\")",
                "`display_date` takes no arguments, not `format`",
            ),
            (
                "\"x\" | safe_url(allow=\"javascript\")",
                "`safe_url` takes no arguments, not `allow`",
            ),
            (
                "\"fa\" | text_dir(default=\"ltr\")",
                "`text_dir` takes no arguments, not `default`",
            ),
        ] {
            tera.add_raw_template("bad.html", &format!("{{{{ {call} }}}}"))
                .unwrap();
            let e = tera.render("bad.html", &c).unwrap_err();
            let text = format!("{e:?}");
            assert!(text.contains(says), "{call}: {text}");
        }
    }

    #[test]
    fn a_datetime_attribute_is_as_html_reads_it() {
        for (value, attribute) in [
            ("2024-07-15", "2024-07-15"),
            ("2024-04-29t21:15:00z", "2024-04-29T21:15:00Z"),
            ("2024-04-29T21:15:00,5+03:00", "2024-04-29T21:15:00.5+03:00"),
            ("2024-04-29T21:15:00.123456789Z", "2024-04-29T21:15:00.123Z"),
            (" 2024-04-29T21:15:00.Z ", "2024-04-29T21:15:00Z"),
        ] {
            assert_eq!(super::html_datetime(&value.into()), attribute);
        }
    }

    #[test]
    fn a_date_is_shown_as_pages_show_dates_and_anything_else_as_written() {
        let mut tera = new_tera(Rooting::at("/"), &Words::english());
        tera.add_raw_template("t.html", "{{ d | display_date }}")
            .unwrap();
        let render = |d: Value| {
            let mut c = Context::new();
            c.insert("d", &d);
            tera.render("t.html", &c).unwrap()
        };
        assert_eq!(render("2024-07-15".into()), "July 15, 2024");
        assert_eq!(render(" 2023-02-09 ".into()), "February 9, 2023");
        // A date-time with its time as written, and its zone.
        let shown = [
            ("2024-07-15T10:30:00Z", "July 15, 2024, 10:30 UTC"),
            ("2024-04-29T21:15:00+03:00", "April 29, 2024, 21:15 UTC+3"),
            (
                "2024-04-29 06:05:00-04:30",
                "April 29, 2024, 06:05 UTC\u{2212}4:30",
            ),
        ];
        for (date_time, as_shown) in shown {
            assert_eq!(render(date_time.into()), as_shown);
        }
        for kept in [
            "July 2024",
            "2024-07",
            "2024-13-01",
            "2024-07-15T10:30:00",
            "2024-04-29T2115Z",
        ] {
            assert_eq!(render(kept.into()), kept);
        }
        assert_eq!(render(2024.into()), "2024");
    }

    #[test]
    fn script_urls_are_neutralised() {
        let mut tera = new_tera(Rooting::at("/archive/"), &Words::english());
        tera.add_raw_template("t.html", "{{ u | safe_url }}")
            .unwrap();
        let render = |u: &str| {
            let mut c = Context::new();
            c.insert("u", u);
            tera.render("t.html", &c).unwrap()
        };
        assert_eq!(render("javascript:alert(1)"), "#");
        assert_eq!(render(" JavaScript:alert(1)"), "#");
        assert_eq!(render("data:text/html,x"), "#");
        assert_eq!(render("data:image/svg+xml,<svg/>"), "#");
        assert_eq!(
            render("data:image/png;base64,AAAA"),
            "data:image/png;base64,AAAA"
        );
        assert!(render("https://x.example/a?b=1&c").contains("&amp;c"));
        assert_eq!(render("/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(render("/archive/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(render("/archive"), "/archive");
        assert_eq!(render("/archive#top"), "/archive#top");
        assert_eq!(render("/archived/"), "/archive/archived/");
        assert_eq!(render("//cdn.example/a.svg"), "//cdn.example/a.svg");
        assert_eq!(render("images/a.svg"), "images/a.svg");
    }
}

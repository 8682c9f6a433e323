//! Shortcode calls rendered through their templates: the call's
//! arguments are checked against the names the template uses (a misspelt
//! argument would vanish unseen), and a template's failure is told at the
//! call with what the call can change.

use tera::Context;

use super::{Templates, bounded, errors};
use crate::markdown::ShortcodeError;
use crate::markdown::shortcodes::{Arg, Call};

impl Templates {
    /// Renders a shortcode call; errors come back for the caller to place
    /// at the call in the content file.
    pub fn render_shortcode(
        &self,
        call: &Call,
        body: Option<&str>,
    ) -> Result<String, ShortcodeError> {
        let name = format!("shortcodes/{}.html", call.name);
        self.check_arguments(call)?;
        // (Its fault is said at the template. The body is shown, not
        // dropped: the call is not told that its body is not shown.)
        if self.broken.contains(&name) {
            return Ok(body.unwrap_or_default().to_string());
        }
        let mut context = Context::new();
        for (k, v) in &call.args {
            context.insert(k.clone(), v);
        }
        context.insert("body", &body);
        let e = match bounded::render(&self.tera, &name, &context, bounded::MAX_SHORTCODE) {
            Ok(html) => return Ok(html),
            Err(bounded::Failure::TooBig(mb)) => {
                return Err(ShortcodeError {
                    message: format!(
                        "shortcode `{}` wrote more than {mb} MB, and was stopped",
                        call.name
                    ),
                    help: format!(
                        "fix its template ({}): {}",
                        self.own_file(&name)
                            .map_or_else(|| name.clone(), |f| f.display().to_string()),
                        bounded::too_big_help()
                    ),
                });
            }
            Err(bounded::Failure::Tera(e)) => e,
        };
        Err(e)
            .map_err(|e: tera::Error| {
                // The fault is in the template (the call's arguments were
                // checked above): say where, and what a call can change.
                let d = errors::diagnostics(&e, &name, &self.origins)
                    .into_iter()
                    .next();
                let (message, place) = match &d {
                    Some(d) => (
                        d.message.trim_start_matches("template error: ").to_string(),
                        d.location().unwrap_or_else(|| name.clone()),
                    ),
                    None => (e.to_string(), name.clone()),
                };
                // A value of the wrong kind (`url=5` where the template
                // wants text): the call is to change, not the template.
                // The template wanted text and got another kind of value,
                // named in the message; a built-in template may name it
                // otherwise (`figure` reads `image` as `url`), and then it
                // can only be the call's. A site's own template may be
                // wrong itself (`{{ "a" + 1 }}`): only a value it names.
                let not_text = || call.args.iter().filter(|(_, v)| !matches!(v, Arg::Str(_)));
                let built_in = self.own_file(&name).is_none();
                let mistyped = message
                    .contains("takes a string")
                    .then(|| {
                        not_text()
                            .find(|(k, _)| message.contains(&format!("`{k}`")))
                            .or_else(|| not_text().next().filter(|_| built_in))
                    })
                    .flatten();
                if let Some((arg, value)) = mistyped {
                    let written = match value {
                        Arg::Bool(b) => b.to_string(),
                        Arg::Int(n) => n.to_string(),
                        Arg::Float(f) => f.to_string(),
                        Arg::Str(s) => s.clone(),
                    };
                    return ShortcodeError {
                        message: format!(
                            "shortcode `{}` takes `{arg}` as text, not `{arg}={written}`: {message}",
                            call.name
                        ),
                        help: format!("write it in quotes: `{arg}=\"...\"`"),
                    };
                }
                let help = if errors::thrown(&e, &name, &self.origins) {
                    // The template refused the call on purpose: the fix
                    // is in the call, whoever wrote the template.
                    format!(
                        "change this call as the message says (the message comes from the shortcode's template, {place})"
                    )
                } else if message.contains("is not defined") {
                    format!(
                        "the template ({place}) reads a variable this call does not give: pass it as an argument, or give it a default there (`x | default(value=\"\")`)"
                    )
                } else {
                    format!("fix the shortcode's template at {place}")
                };
                ShortcodeError {
                    message: format!("shortcode `{}` failed: {message}", call.name),
                    help,
                }
            })
    }

    /// Refuses arguments that the shortcode's template never names: a
    /// misspelt `captoin=` would otherwise vanish from the page unseen.
    fn check_arguments(&self, call: &Call) -> Result<(), ShortcodeError> {
        // `lang` becomes the element's `lang` attribute (and its `dir`),
        // as `language:` does for a page, and is held to the same shape.
        if let Some(Arg::Str(tag)) = call.args.get("lang")
            && let Some(why) = crate::lang::problem(tag)
        {
            return Err(ShortcodeError {
                message: format!("`lang=\"{tag}\"` is not a language tag: {why}"),
                help: crate::lang::help(tag),
            });
        }
        if call.args.contains_key("body") {
            return Err(ShortcodeError {
                message: "`body` is not an argument: it is the text of a block call".into(),
                help: format!(
                    "write the text between `{{% {}(...) %}}` and `{{% end %}}`",
                    call.name
                ),
            });
        }
        let Some(names) = self.shortcode_words.get(&call.name) else {
            return Ok(());
        };
        let unknown: Vec<&str> = call
            .args
            .keys()
            .map(String::as_str)
            .filter(|arg| !names.contains(*arg))
            .collect();
        let Some(first) = unknown.first() else {
            return Ok(());
        };
        let listed = unknown
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let (plural, it) = if unknown.len() == 1 {
            ("", "it")
        } else {
            ("s", "them")
        };
        let template = self
            .origins
            .get(&format!("shortcodes/{}.html", call.name))
            .map_or_else(String::new, |p| format!(" ({})", p.0.display()));
        let help = match crate::diagnostic::nearest(first, names.iter().map(String::as_str)) {
            Some(near) => {
                format!("did you mean `{near}`? The template{template} does not use `{first}`")
            }
            None => format!(
                "the template{template} uses no such variable{plural}: remove {it}, or use {it} in the template"
            ),
        };
        Err(ShortcodeError {
            message: format!("shortcode `{}` has no argument{plural} {listed}", call.name),
            help,
        })
    }
}

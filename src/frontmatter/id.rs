//! A dispatch's id: its own `id:`, checked, or the series' prefix and
//! its number (`sd-8631`); and the errors of a series without a number
//! or a number without a series.

use super::{checks, missing, series};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The id of a dispatch whose `id:`, series key and number are `id`,
/// `series` and `number` as read, and whose `extra:` has a `number` or
/// not; `None` for a page that is no dispatch, or when `errors` got why
/// not.
pub(super) fn resolve(
    input: &yaml::Input,
    config: &Config,
    (id, extra_number): (Option<&String>, bool),
    (series, number): (&Option<String>, Option<u64>),
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match (id, series, number) {
        (Some(id), _, _) => {
            // In NFC, as every name is read: a macOS tool may paste `é` as
            // `e` and an accent, which looks the same in the message.
            let id = &crate::slug::nfc(id).into_owned();
            if !crate::slug::is_valid_slug(id) {
                // The id its words make, as a page's file name makes its
                // URL (`Brief 2023` is `brief-2023`, a final `ς` is `σ`).
                let help = match crate::slug::slugify(id) {
                    s if !s.is_empty() && crate::slug::is_valid_slug(&s) => format!(
                        "write it `{s}`: an id is lower-case letters and digits, joined by single `-` (none first or last)"
                    ),
                    _ => "use lower-case letters and digits, joined by single `-` (none first or last), e.g. `brief-2023-04`".to_string(),
                };
                errors.push(input.at_value(
                    &["id"],
                    Diagnostic::error(format!("id `{id}` is not a valid id")).with_help(help),
                ));
            }
            checks::id_length(input, id, errors);
            Some(id.clone())
        }
        (None, Some(series), Some(number)) => match config.series(series) {
            Some(s) => Some(format!("{}-{number}", s.prefix)),
            None => {
                let help = series::unknown_help(config, series);
                errors.push(input.at_value(
                    &["series"],
                    Diagnostic::error(format!("unknown series `{series}`")).with_help(help),
                ));
                None
            }
        },
        (None, Some(series), None) => {
            // Whatever became of the number, the series is checked too: a
            // migrated file says its series' title (`Special Dispatch`).
            if config.series(series).is_none() {
                let help = series::unknown_help(config, series);
                errors.push(input.at_value(
                    &["series"],
                    Diagnostic::error(format!("unknown series `{series}`")).with_help(help),
                ));
            }
            // Zola's `[extra]` table, moved under `extra:` whole.
            errors.push(if extra_number {
                input.at_key(
                    &["extra", "number"],
                    Diagnostic::error(
                        "a dispatch in a series needs a `number`: this one is under `extra`",
                    )
                    .with_help(
                        "move `number:` out of `extra:` to the top level, where annals reads it",
                    ),
                )
            } else {
                missing(
                    input,
                    ("number", "series"),
                    "a dispatch in a series needs a `number`",
                    ("`number: N`", " (`annals new` picks the next free one)"),
                )
            });
            None
        }
        (None, None, Some(_)) => {
            errors.push(
                input.at_key(
                    &["number"],
                    Diagnostic::error("`number` without `series`")
                        .with_help("add `series: KEY` naming a series from annals.yaml"),
                ),
            );
            None
        }
        (None, None, None) => None,
    }
}

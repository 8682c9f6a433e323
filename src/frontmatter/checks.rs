//! Checks of front-matter values that the output carries as they are: a
//! term's slug, an id and an alias each make a folder or file name, which
//! file systems limit in length, and `language` is every page's `lang`.
//! A name too long is the editor's to shorten, so it is found here, at
//! the value, not when a write fails; so is an alias that is no path a
//! build may write. And a date that names no day says why.

use crate::diagnostic::Diagnostic;
use crate::slug::{MAX_SEGMENT_BYTES, long_segment, shortened, slugify};
use crate::yaml::Input;

/// Why a name is limited, said once for every check.
const WHY: &str = "file systems allow 255 bytes for a file or folder name, and a letter \
                   outside ASCII takes 2 to 4 of them";

/// Every term of taxonomy `key` whose slug is too long to name its page's
/// folder.
pub(super) fn term_slugs(input: &Input, key: &str, names: &[String], errors: &mut Vec<Diagnostic>) {
    for name in names {
        let slug = slugify(name);
        if slug.len() <= MAX_SEGMENT_BYTES {
            continue;
        }
        let name = name.trim();
        errors.push(input.at_text(
            &[key],
            name,
            Diagnostic::error(format!(
                "`{key}` term `{}` is too long for a URL: its slug has {} bytes, at most {MAX_SEGMENT_BYTES} fit",
                shortened(name),
                slug.len()
            ))
            .with_help(format!(
                "shorten the name: its slug names the folder of the term's page, and {WHY}"
            )),
        ));
    }
}

/// An `id` too long to name the folder of an id-only dispatch's page.
pub(super) fn id_length(input: &Input, id: &str, errors: &mut Vec<Diagnostic>) {
    if id.len() > MAX_SEGMENT_BYTES {
        errors.push(
            input.at_value(
                &["id"],
                Diagnostic::error(format!(
                    "id `{}` is too long: {} bytes, at most {MAX_SEGMENT_BYTES} fit in a URL",
                    shortened(id),
                    id.len()
                ))
                .with_help(format!(
                    "use a shorter id: it names the folder of the page, and {WHY}"
                )),
            ),
        );
    }
}

/// Each alias must be a safe page path that a build can write.
pub(super) fn aliases(input: &Input, aliases: &[String], errors: &mut Vec<Diagnostic>) {
    // At the alias itself, in a list of several.
    let at_alias = |alias: &str, d: Diagnostic| input.at_text(&["aliases"], alias, d);
    for alias in aliases {
        if let Some(c) = hidden_char(alias) {
            errors.push(at_alias(
                alias,
                Diagnostic::error(format!(
                    "alias `{}` holds an invisible character U+{:04X}",
                    alias.escape_debug(),
                    c as u32
                ))
                .with_help("remove it: a folder named with it breaks scripts and logs, and a direction mark can hide what the address says"),
            ));
            continue;
        }
        // What a browser never sends (a fragment), or a slash written
        // as an escape, which a host reads as a character of a name.
        let lower = alias.to_ascii_lowercase();
        if alias.contains('#') || lower.contains("%2f") || lower.contains("%5c") {
            let (what, help) = if alias.contains('#') {
                (
                    "has a fragment (`#...`)",
                    "a browser never sends the part from `#` to the host, so it cannot be redirected alone; keep the path only",
                )
            } else if lower.contains("%2f") {
                (
                    "has a slash written as an escape (`%2F`)",
                    "write the slash itself: a host reads `%2F` as part of a name",
                )
            } else {
                (
                    "has a backslash written as an escape (`%5C`)",
                    "a site path cannot hold a backslash: write the old address with `/` between its parts, or leave it out",
                )
            };
            errors.push(at_alias(
                alias,
                Diagnostic::error(format!("alias `{alias}` {what}")).with_help(help),
            ));
            continue;
        }
        match crate::output::alias_path(alias) {
            None if alias.contains('?') => errors.push(at_alias(
                alias,
                Diagnostic::error(format!("alias `{alias}` has a query string"))
                    .with_help("a static host serves one file whatever follows `?`, so it cannot redirect this URL alone; keep the path only"),
            )),
            None => errors.push(at_alias(
                alias,
                Diagnostic::error(format!("alias `{alias}` is not a safe site path"))
                    .with_help(unsafe_alias_help(alias)),
            )),
            // A `.git` in the output makes it look like a repository,
            // which the next build refuses to replace.
            Some(file) if file.split('/').any(|seg| seg.eq_ignore_ascii_case(".git")) => {
                errors.push(at_alias(
                    alias,
                    Diagnostic::error(format!("alias `{alias}` lies in a `.git` folder"))
                        .with_help("a build never writes a `.git` (the next build would take the output for a repository and refuse it): give the alias another path"),
                ))
            }
            Some(file) if !crate::output::is_alias_page(&file) => errors.push(at_alias(
                alias,
                Diagnostic::error(format!("alias `{alias}` is not a page URL"))
                    .with_help(format!(
                        "an alias is a redirect page: give a folder's URL (`/old/12/` or \
                         `/old/12`) or a page's, ending in .{}",
                        crate::output::ALIAS_EXTENSIONS.join(", .")
                    )),
            )),
            Some(file) => alias_segments(input, alias, &file, errors),
        }
    }
}

/// An alias with a segment too long to be a folder or file name; `file`
/// is the file it is written to, percent escapes decoded.
pub(super) fn alias_segments(input: &Input, alias: &str, file: &str, errors: &mut Vec<Diagnostic>) {
    if let Some(long) = long_segment(file) {
        errors.push(input.at_text(
            &["aliases"],
            alias,
            Diagnostic::error(format!(
                "alias `{}` has a part too long for a file name: `{}` has {} bytes, at most {MAX_SEGMENT_BYTES} fit",
                shortened(alias),
                shortened(long),
                long.len()
            ))
            .with_help(format!(
                "a static host cannot serve this address; drop the alias or shorten it ({WHY})"
            )),
        ));
    } else if file.len() > MAX_ALIAS_BYTES {
        // Every part fits, but not the whole: file systems take paths of
        // 4,096 bytes at most (1,024 on macOS), the output's own included.
        errors.push(input.at_text(
            &["aliases"],
            alias,
            Diagnostic::error(format!(
                "alias `{}` is too long for a file path: its page's path has {} bytes, at most {MAX_ALIAS_BYTES} fit",
                shortened(alias),
                file.len()
            ))
            .with_help("a static host cannot serve this address; drop the alias or shorten it"),
        ));
    }
}

/// The longest alias path: what leaves room for the output folder's own
/// path within the smallest common `PATH_MAX` (macOS's 1,024 bytes).
const MAX_ALIAS_BYTES: usize = 768;

/// A `language` that is not a language tag (see [`crate::lang`]).
pub(super) fn language(input: &Input, tag: &str, errors: &mut Vec<Diagnostic>) {
    if let Some(why) = crate::lang::problem(tag) {
        errors.push(
            input.at_value(
                &["language"],
                Diagnostic::error(format!("`language: {tag}` is not a language tag: {why}"))
                    .with_help(crate::lang::help(tag)),
            ),
        );
    }
}

/// Why a date shaped as `YYYY-MM-DD` names no day (`2024-02-30`: February
/// 2024 has 29 days), or `None` when the shape is what is wrong.
pub(crate) fn impossible_day(value: &str) -> Option<String> {
    let day_part = value.trim().get(..10)?;
    let mut parts = day_part.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m}"));
    }
    if d == 0 {
        return Some("there is no day 0".to_owned());
    }
    let days = jiff::civil::date(y, m, 1).days_in_month();
    (d < 1 || d > days).then(|| {
        let month = jiff::civil::date(y, m, 1).strftime("%B %Y");
        format!("{month} has {days} days")
    })
}

/// A character of `alias` (percent escapes decoded) that shows nothing
/// or is no text: controls (a newline, a tab), direction marks and
/// overrides, zero-width spaces. Joiners stay: Persian words need them.
fn hidden_char(alias: &str) -> Option<char> {
    let decoded = percent_encoding::percent_decode_str(alias).decode_utf8_lossy();
    decoded.chars().find(|&c| {
        // (A no-break space or soft hyphen: a paste, not the old address.)
        c.is_control()
            || (!c.is_ascii() && c.is_whitespace())
            || c == '\u{AD}'
            || matches!(
                c,
                '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2028}' | '\u{2029}'
                    | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
            )
    })
}

/// What to write instead of an alias that is no safe site path.
fn unsafe_alias_help(alias: &str) -> String {
    let path = alias.trim();
    if path.contains("://") || path.starts_with("//") {
        "an alias is a path of this site, not a URL: write it from the site's root, e.g. /report/en/8631.htm".into()
    } else if path
        .split('/')
        .any(|s| s == "." || s == ".." || (s.len() > 1 && s.chars().all(|c| c == '.')))
    {
        "write the path without `.` or `..` folders, e.g. /report/en/8631.htm".into()
    } else {
        "write an absolute path inside the site, e.g. /report/en/8631.htm, without `\\`, `\"`, `<` or `>`".into()
    }
}

/// `value`, written as e-mail's and Hugo's RFC 1123 and 2822 dates are
/// (`Mon, 02 Jan 2006 15:04:05 -0700`), as annals reads a date-time
/// (`2006-01-02T15:04:05-07:00`), in the offset it was written in.
pub(super) fn rfc2822_date(value: &str) -> Option<String> {
    let zoned = jiff::fmt::rfc2822::parse(value.trim()).ok()?;
    Some(
        zoned
            .timestamp()
            .display_with_offset(zoned.offset())
            .to_string(),
    )
}

/// `value` (`2003-2-3`, or a date-time `2003-2-3T10:00:00Z`) with its
/// one-digit month and day padded (`2003-02-03`), when it is written so.
pub(super) fn padded_date(value: &str) -> Option<String> {
    let value = value.trim();
    let (date, time) = match value.find(['T', 't', ' ']) {
        Some(at) => value.split_at(at),
        None => (value, ""),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (parts.next().is_none()
        && digits(y, 4..=4)
        && digits(m, 1..=2)
        && digits(d, 1..=2)
        && (m.len() == 1 || d.len() == 1))
        .then(|| format!("{y}-{m:0>2}-{d:0>2}{time}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_rfc_2822_date_is_given_as_annals_writes_it() {
        use super::rfc2822_date;
        assert_eq!(
            rfc2822_date("Mon, 02 Jan 2006 15:04:05 -0700").as_deref(),
            Some("2006-01-02T15:04:05-07:00")
        );
        assert_eq!(
            rfc2822_date("Mon, 02 Jan 2006 15:04:05 GMT").as_deref(),
            Some("2006-01-02T15:04:05+00:00")
        );
        assert_eq!(rfc2822_date("2006-01-02"), None);
    }
}

//! Dates as front matter writes them: a day (`2020-03-13`) or an RFC 3339
//! date-time, read strictly so that no date is read in a zone unseen.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::yaml;

pub(super) const DATE: yaml::Shape = yaml::Shape {
    must: "must be a date, like 2020-03-13",
    help: "write `{key}: YYYY-MM-DD` or an RFC 3339 date-time (2020-03-13T09:30:00Z)",
};

/// The instant of an RFC 3339 date-time; `None` for a plain date.
pub fn parse_instant(s: &str) -> Option<Timestamp> {
    s.trim().parse().ok()
}

/// `2020-03-13` or an RFC 3339 date-time (its date, as written). Other
/// forms a date parser would take (`20200313`, a time without a zone)
/// are refused: a zoneless time would be read in some zone unseen.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let day = s.get(..10).filter(|d| is_plain_date(d))?;
    if s.len() > 10 {
        let ts: Timestamp = s.parse().ok()?;
        if ts.as_second() == i64::MIN || !offset_in_range(s) {
            return None;
        }
    }
    // The calendar date the author wrote, before any offset is applied.
    day.parse::<Date>().ok()
}

/// Whether a date-time's offset is one RFC 3339 allows (up to ±23:59);
/// the parser takes more.
fn offset_in_range(s: &str) -> bool {
    let tail = s.get(s.len().saturating_sub(6)..).unwrap_or_default();
    match tail.as_bytes() {
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) =>
        {
            let hours = (h1 - b'0') * 10 + (h2 - b'0');
            let minutes = (m1 - b'0') * 10 + (m2 - b'0');
            hours <= 23 && minutes <= 59
        }
        _ => true,
    }
}

/// `YYYY-MM-DD`, digits and dashes in their places.
fn is_plain_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// A date and a time of day with no zone (`2020-03-13T09:30:00`).
pub(super) fn time_without_zone(s: &str) -> bool {
    let s = s.trim();
    s.get(..10).is_some_and(is_plain_date)
        && s.get(10..11)
            .is_some_and(|t| t == "T" || t == "t" || t == " ")
        && s.parse::<Timestamp>().is_err()
        && s.get(11..).is_some_and(|t| {
            t.len() >= 5
                && !t.contains(['Z', 'z', '+'])
                && !t.get(5..).is_some_and(|r| r.contains('-'))
        })
}

/// The error for a date that cannot be read, `value` of `key`, saying
/// what about it is wrong: a time without its zone, a day the month does
/// not have, an e-mail style date, a one-digit month or day.
pub(super) fn bad_date(key: &str, value: &str) -> Diagnostic {
    if time_without_zone(value) {
        Diagnostic::error(format!(
            "`{key}` has a time but no time zone: `{value}`"
        ))
        .with_help(format!(
            "add `Z` for UTC or the offset it was written in, like `{}+03:00`, or give the date alone",
            value.trim()
        ))
    } else if let Some(why) = super::checks::impossible_day(value) {
        Diagnostic::error(format!("`{key}` is not a valid date: `{value}`: {why}"))
            .with_help("check the day and the month")
    } else if let Some(rfc3339) = super::checks::rfc2822_date(value) {
        Diagnostic::error(format!(
            "`{key}` is an e-mail style (RFC 1123) date, which annals does not read: `{value}`"
        ))
        .with_help(format!("write it `{rfc3339}`"))
    } else if let Some(padded) = super::checks::padded_date(value) {
        match super::checks::impossible_day(&padded) {
            Some(why) => {
                Diagnostic::error(format!("`{key}` is not a valid date: `{value}`: {why}"))
                    .with_help("check the day and the month, and write each with two digits")
            }
            None => Diagnostic::error(format!(
                "`{key}` is not a valid date: `{value}` has a one-digit month or day"
            ))
            .with_help(format!("write them with two digits each: `{padded}`")),
        }
    } else {
        Diagnostic::error(format!("`{key}` is not a valid date: `{value}`"))
            .with_help("write a date as YYYY-MM-DD or an RFC 3339 date-time (2020-03-13T09:30:00Z)")
    }
}

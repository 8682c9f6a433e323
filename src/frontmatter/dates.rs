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
    nanoseconds_at_most(s.trim()).parse().ok()
}

/// `s` with a seconds fraction cut to nine digits: RFC 3339 allows any
/// number, the parser takes nanoseconds, and no page shows finer ones.
fn nanoseconds_at_most(s: &str) -> std::borrow::Cow<'_, str> {
    // The fraction's dot is the first one (a date has none).
    let Some(dot) = s.find('.') else {
        return s.into();
    };
    let digits = s[dot + 1..].bytes().take_while(u8::is_ascii_digit).count();
    if digits <= 9 {
        return s.into();
    }
    format!("{}{}", &s[..dot + 10], &s[dot + 1 + digits..]).into()
}

/// `2020-03-13` or an RFC 3339 date-time (its date, as written). Other
/// forms a date parser would take (`20200313`, a time without a zone)
/// are refused: a zoneless time would be read in some zone unseen.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let day = s.get(..10).filter(|d| is_plain_date(d))?;
    if s.len() > 10 {
        let ts = parse_instant(s)?;
        // (Before the year 0 in UTC, a feed's RFC 3339 time cannot be
        // written: `0000-01-01T00:00:00+01:00`.)
        if ts.as_second() < YEAR_ZERO || !offset_in_range(s) {
            return None;
        }
    }
    // The calendar date the author wrote, before any offset is applied.
    day.parse::<Date>().ok()
}

/// 0000-01-01T00:00:00Z, in seconds from the Unix epoch (719,528 days
/// before it).
const YEAR_ZERO: i64 = -62_167_219_200;

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
        && s.get(11..).is_some_and(is_clock)
}

/// A 24-hour clock alone (`09:30`, `09:30:00.5`): not `9:30 AM`, nor one
/// with an offset already.
fn is_clock(t: &str) -> bool {
    t.len() >= 5
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
}

/// The error for a date that cannot be read, `value` of `key`, saying
/// what about it is wrong: a time without its zone, a day the month does
/// not have, an e-mail style date, a one-digit month or day.
pub(super) fn bad_date(key: &str, value: &str) -> Diagnostic {
    if let Some((fixed, named)) = spaced_offset(value) {
        let what = if named {
            "names UTC before its offset"
        } else {
            "has a space before its offset"
        };
        Diagnostic::error(format!(
            "`{key}` {what}, which RFC 3339 does not allow: `{value}`"
        ))
        .with_help(format!("write it `{fixed}`"))
    } else if let Some((zone, written, offset)) = zone_name(value) {
        let help = match offset {
            Some("Z") if zone.eq_ignore_ascii_case("UTC") => {
                format!("RFC 3339 writes UTC as `Z`: `{written}Z`")
            }
            Some("Z") => format!("{zone} is UTC, which RFC 3339 writes `Z`: `{written}Z`"),
            Some(offset) => format!("{zone} is {offset} from UTC: write `{written}{offset}`"),
            None => format!(
                "write `{written}` followed by the offset from UTC that {zone} had on that day, as `+hh:mm` or `-hh:mm`"
            ),
        };
        Diagnostic::error(format!(
            "`{key}` names its time zone, `{zone}`, where an offset goes: `{value}`"
        ))
        .with_help(help)
    } else if value
        .trim()
        .parse::<Timestamp>()
        .is_ok_and(|ts| ts.as_second() < YEAR_ZERO)
    {
        Diagnostic::error(format!(
            "`{key}` is not a valid date: `{value}` falls before the year 0 in UTC"
        ))
        .with_help("check the year; a date that far back is best written without a time")
    } else if time_without_zone(value) {
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

/// Jekyll's `2024-03-13 09:30:00 +0200` (a space before the offset) in
/// RFC 3339's form, `2024-03-13T09:30:00+02:00`, if that reads, and
/// whether the offset was written after `UTC` or `GMT`.
fn spaced_offset(value: &str) -> Option<(String, bool)> {
    let (time, offset) = value.trim().rsplit_once(' ')?;
    let time = time.trim_end();
    // (`UTC+03:00`, `GMT+3`: the offset from UTC, named.)
    if offset.eq_ignore_ascii_case("z") {
        let fixed = format!("{}T{}Z", time.get(..10)?, time.get(11..)?);
        return parse_date(&fixed).is_some().then_some((fixed, false));
    }
    let named = ["UTC", "GMT"].iter().find_map(|z| {
        let head = offset.get(..z.len())?;
        head.eq_ignore_ascii_case(z).then(|| &offset[z.len()..])
    });
    let offset = named.unwrap_or(offset);
    let sign = offset.get(..1).filter(|s| *s == "+" || *s == "-")?;
    let digits = &offset[1..];
    // `+3`, `+03`, `+0300`, `+3:30`, `+03:30`: hours and minutes.
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "00"),
    };
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !numeric(hours) || hours.len() > 2 || !numeric(minutes) || minutes.len() != 2 {
        return None;
    }
    // (`-00:00` is RFC 3339's "offset unknown": zero is `+00:00`.)
    let zero = hours.bytes().all(|b| b == b'0') && minutes == "00";
    let sign = if zero { "+" } else { sign };
    let offset = format!("{sign}{hours:0>2}:{minutes}");
    let fixed = format!("{}T{}{offset}", time.get(..10)?, time.get(11..)?);
    parse_date(&fixed)
        .is_some()
        .then_some((fixed, named.is_some()))
}

/// Zones' abbreviations that stand for one offset only (not `CST`, `IST`
/// or `BST`, which name two or three), by their offset from UTC.
const ZONES: [(&str, &str); 21] = [
    ("UTC", "Z"),
    ("UT", "Z"),
    ("GMT", "Z"),
    ("EST", "-05:00"),
    ("EDT", "-04:00"),
    ("CDT", "-05:00"),
    ("MST", "-07:00"),
    ("MDT", "-06:00"),
    ("PST", "-08:00"),
    ("PDT", "-07:00"),
    ("WET", "+00:00"),
    ("WEST", "+01:00"),
    ("CET", "+01:00"),
    ("CEST", "+02:00"),
    ("EET", "+02:00"),
    ("EEST", "+03:00"),
    ("MSK", "+03:00"),
    ("IRST", "+03:30"),
    ("PKT", "+05:00"),
    ("HKT", "+08:00"),
    ("JST", "+09:00"),
];

/// A zone named where a date-time's offset goes (`UTC`, `est`,
/// `Europe/Berlin`): the name, the date-time before it in RFC 3339's
/// form, and the offset the name stands for, if only one.
fn zone_name(value: &str) -> Option<(&str, String, Option<&'static str>)> {
    let v = value.trim();
    let cut = v
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c.is_ascii_digit())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (time, zone) = (v[..cut].trim_end(), &v[cut..]);
    let named = zone.len() >= 2
        && zone.starts_with(|c: char| c.is_ascii_alphabetic())
        && zone
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '_' | '-'));
    if !named || !time.get(..10).is_some_and(is_plain_date) {
        return None;
    }
    let clock = time.get(11..).filter(|c| is_clock(c))?;
    let written = format!("{}T{clock}", &time[..10]);
    let offset = ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(zone))
        .map(|&(_, offset)| offset)
        .filter(|offset| parse_date(&format!("{written}{offset}")).is_some());
    Some((zone, written, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (message, help) of the error for `value` of `date`.
    fn said(value: &str) -> (String, String) {
        let d = bad_date("date", value);
        (d.message, d.help.unwrap_or_default())
    }

    #[test]
    fn jekyll_s_spaced_offset_gets_its_rfc_3339_form() {
        let (message, help) = said("2024-03-13 09:30:00 +0200");
        assert!(
            message.starts_with("`date` has a space before its offset"),
            "{message}"
        );
        assert_eq!(help, "write it `2024-03-13T09:30:00+02:00`");
        assert_eq!(
            said("2024-03-13T09:30:00 -05:00").1,
            "write it `2024-03-13T09:30:00-05:00`"
        );
        assert_eq!(
            parse_date("2024-03-13T09:30:00+02:00").map(|d| d.day()),
            Some(13)
        );
        assert_eq!(
            said("2024-03-13 09:30:00 UTC+03:00").1,
            "write it `2024-03-13T09:30:00+03:00`"
        );
        assert_eq!(
            said("2024-03-13 09:30:00 GMT-5").1,
            "write it `2024-03-13T09:30:00-05:00`"
        );
    }

    #[test]
    fn a_zone_s_name_gets_z_or_its_offset() {
        let (message, help) = said("2024-03-13 09:30:00 UTC");
        assert_eq!(
            message,
            "`date` names its time zone, `UTC`, where an offset goes: `2024-03-13 09:30:00 UTC`"
        );
        assert_eq!(help, "RFC 3339 writes UTC as `Z`: `2024-03-13T09:30:00Z`");
        assert!(said("2024-03-13T09:30:00 GMT").1.starts_with("GMT is UTC"));
        assert!(
            said("2024-03-13 09:30:00 EST")
                .1
                .contains("`2024-03-13T09:30:00-05:00`")
        );
        assert!(said("2024-03-13 09:30:00").0.contains("no time zone"));
        assert_eq!(
            said("2024-03-13 09:30:00 utc").1,
            "RFC 3339 writes UTC as `Z`: `2024-03-13T09:30:00Z`"
        );
        assert_eq!(
            said("2024-03-13 09:30:00 CET").1,
            "CET is +01:00 from UTC: write `2024-03-13T09:30:00+01:00`"
        );
        let (message, help) = said("2024-03-13 09:30:00 Europe/Berlin");
        assert!(message.contains("`Europe/Berlin`"), "{message}");
        assert_eq!(
            help,
            "write `2024-03-13T09:30:00` followed by the offset from UTC that Europe/Berlin had on that day, as `+hh:mm` or `-hh:mm`"
        );
        for (value, fixed) in [
            ("2024-03-13 09:30:00 utc-03:00", "2024-03-13T09:30:00-03:00"),
            ("2024-03-13 09:30:00 Gmt+2", "2024-03-13T09:30:00+02:00"),
            ("2024-03-13 09:30:00 GMT+3:30", "2024-03-13T09:30:00+03:30"),
            ("2024-03-13 09:30:00 gmt+0530", "2024-03-13T09:30:00+05:30"),
            ("2024-03-13 09:30:00 GMT-0", "2024-03-13T09:30:00+00:00"),
        ] {
            assert_eq!(said(value).1, format!("write it `{fixed}`"), "{value}");
        }
        // No form is offered that would not read.
        assert!(!said("2024-03-13 9:30 AM EST").1.contains("AM"));
        assert_eq!(
            said("2024-03-13 09:30:00 Z").1,
            "write it `2024-03-13T09:30:00Z`"
        );
    }

    #[test]
    fn an_instant_before_the_year_0_and_day_0_are_said_so() {
        assert_eq!(parse_date("0000-01-01T00:00:00+01:00"), None);
        assert!(parse_date("0000-01-01T00:00:00Z").is_some());
        assert!(
            said("0000-01-01T00:00:00+01:00")
                .0
                .ends_with("falls before the year 0 in UTC")
        );
        assert!(said("2024-01-00").0.ends_with("there is no day 0"));
    }
}

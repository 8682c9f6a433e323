//! Deserializers for the values editors write differently from YAML's
//! own rules: numbers as plain digits. (Lists of names, where one text is
//! a list of one, are read in `names`.)

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Sentinels our own deserializers report with, turned into [`WHOLE`].
pub(super) const NOT_WHOLE: &str = "not a whole number";
pub(super) const NOT_DECIMAL: &str = "not decimal: ";
pub(super) const TOO_LARGE: &str = "too large for a whole number";

/// A whole number written in decimal digits. Archives number their
/// reports with leading zeros (`007`), which YAML would reject or read as
/// octal, and `0x10` or `1_000` read as 16 or 1000 would surprise an
/// editor; so we read the scalar's text ourselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whole(pub u64);

impl Whole {
    /// The largest: 2^53 - 1, the last whole number JavaScript (the search
    /// page, any reader of `archive.json`) holds exactly (RFC 8259 §6).
    pub const MAX: u64 = (1 << 53) - 1;

    fn checked<E: de::Error>(n: u64) -> Result<Whole, E> {
        if n > Whole::MAX {
            return Err(E::custom(TOO_LARGE));
        }
        Ok(Whole(n))
    }
}

impl<'de> serde::Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Whole, E> {
                let t = s.trim();
                if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                    // Only digits, so the one way to fail is overflow.
                    return t
                        .parse()
                        .map_err(|_| E::custom(TOO_LARGE))
                        .and_then(Whole::checked);
                }
                let lower = t.to_ascii_lowercase();
                let radix = ["0x", "0o", "0b"].iter().any(|p| lower.starts_with(p));
                let underscored =
                    t.contains('_') && t.bytes().all(|b| b.is_ascii_digit() || b == b'_');
                if radix || underscored {
                    Err(E::custom(format!("{NOT_DECIMAL}{t}")))
                } else {
                    Err(E::custom(NOT_WHOLE))
                }
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Whole, E> {
                Whole::checked(n)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Whole, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(NOT_WHOLE))
                    .and_then(Whole::checked)
            }
        }
        d.deserialize_str(V)
    }
}

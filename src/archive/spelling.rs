//! How ids are written: a reference spelt otherwise (`SD-01`, `sd12`)
//! is told the id it meant.

/// `dest` as ids are written, when it is not: lower case, and a number
/// after its last `-` without leading zeros (`SD-01` is `sd-1`).
pub(super) fn canonical_id(dest: &str) -> Option<String> {
    let lower = dest.to_lowercase();
    let canon = match lower.rsplit_once('-') {
        Some((prefix, digits))
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let trimmed = digits.trim_start_matches('0');
            format!(
                "{prefix}-{}",
                if trimmed.is_empty() { "0" } else { trimmed }
            )
        }
        // `sd12` or `sd_12`: a prefix and a number run together.
        _ => match lower.find(|c: char| c.is_ascii_digit()) {
            Some(at) if at > 0 && lower[at..].bytes().all(|b| b.is_ascii_digit()) => {
                let prefix = lower[..at].trim_end_matches('_');
                let trimmed = lower[at..].trim_start_matches('0');
                format!(
                    "{prefix}-{}",
                    if trimmed.is_empty() { "0" } else { trimmed }
                )
            }
            _ => lower,
        },
    };
    (canon != dest).then_some(canon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lower_case_with_a_plain_number() {
        assert_eq!(canonical_id("SD-01").as_deref(), Some("sd-1"));
        assert_eq!(canonical_id("sd12").as_deref(), Some("sd-12"));
        assert_eq!(canonical_id("sd_0").as_deref(), Some("sd-0"));
        assert_eq!(canonical_id("sd-12"), None);
        assert_eq!(canonical_id("probe-alpha"), None);
    }
}

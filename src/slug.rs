//! Slugs and heading ids: one rule for both, from the spec.
//!
//! Lower-case; every run of characters that are not letters or digits becomes
//! one `-`; trimmed at both ends. Unicode letters are kept, so a Persian or
//! Russian name keeps its script in its URL.

/// `Esmail Qa'ani` -> `esmail-qa-ani`; `Part II: The Sermon` -> `part-ii-the-sermon`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A slug is safe as one URL path segment and one file name.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty() && slugify(s) == s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(slugify("Esmail Qa'ani"), "esmail-qa-ani");
        assert_eq!(slugify("Qassem Soleimani"), "qassem-soleimani");
        assert_eq!(slugify("Part II: The Sermon"), "part-ii-the-sermon");
        assert_eq!(slugify("  --Hello--  "), "hello");
        assert_eq!(slugify("IRGC Qods Force"), "irgc-qods-force");
    }

    #[test]
    fn unicode_letters_are_kept() {
        assert_eq!(slugify("علی خامنه‌ای"), "علی-خامنه-ای");
        assert_eq!(slugify("Сергей Лавров"), "сергей-лавров");
    }

    #[test]
    fn nothing_unsafe_survives() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("..."), "");
        assert!(!is_valid_slug("a/b"));
        assert!(is_valid_slug("a-b"));
    }
}

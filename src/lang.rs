//! Language tags: whether one has the shape of a BCP 47 tag, and which
//! way its text runs.
//!
//! A tag is written into every page's `lang` and `dir`, and the feeds'
//! `xml:lang`: a value that is not a tag would mislead screen readers,
//! hyphenation and fonts without anyone noticing, so it is an error. The
//! check is of shape only (no registry of codes): `fa`, `pt-BR`,
//! `az-Arab`, `zh-Hant-TW` and `sr-Latn-RS` pass; `not a tag!!`,
//! `pt_BR` and `english` do not.

/// Scripts written right to left (ISO 15924 codes, lower-cased): those
/// in use today and the historical ones Unicode encodes.
const RTL_SCRIPTS: &[&str] = &[
    "adlm", "arab", "aran", "armi", "avst", "chrs", "cprt", "elym", "hatr", "hebr", "hung", "khar",
    "lydi", "mand", "mani", "mend", "narb", "nbat", "nkoo", "orkh", "ougr", "palm", "phli", "phlp",
    "phnx", "prti", "rohg", "samr", "sarb", "sogd", "sogo", "syrc", "syre", "syrj", "syrn", "thaa",
    "yezi",
];

/// Languages written right to left when their tag names no script:
/// Arabic, Persian, Hebrew, Urdu, Pashto, Yiddish, Dhivehi, Sorani,
/// Sindhi and Uyghur.
pub const RTL_LANGUAGES: &[&str] = &["ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];

/// `rtl` or `ltr` for text in language `tag`. A script subtag decides
/// when there is one (`az-Arab` is right to left, `ar-Latn` left to
/// right); otherwise the language does.
pub fn direction(tag: &str) -> &'static str {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    // The script follows the language (and any extended language
    // subtags), before the region and variants; a singleton starts an
    // extension, whose subtags are not scripts.
    for subtag in subtags.take_while(|s| s.len() > 1) {
        if subtag.len() == 4 && subtag.bytes().all(|b| b.is_ascii_alphabetic()) {
            let script = subtag.to_ascii_lowercase();
            return if RTL_SCRIPTS.contains(&script.as_str()) {
                "rtl"
            } else {
                "ltr"
            };
        }
    }
    if RTL_LANGUAGES.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The zero of the digits numbers are written with in language `tag`,
/// when they are not the Western ones: Persian and Urdu (and Pashto and
/// Sindhi) write the Extended Arabic-Indic digits, `۰`–`۹`, in their own
/// script. Arabic is left out: its publications use both kinds, most
/// news sites the Western ones.
pub fn zero_digit(tag: &str) -> Option<char> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let arabic_script = direction(tag) == "rtl";
    (arabic_script && matches!(primary.as_str(), "fa" | "ur" | "ps" | "sd")).then_some('\u{6F0}')
}

/// `n` in the digits whose zero is `zero` (Western without one).
pub fn digits(n: usize, zero: Option<char>) -> String {
    let western = n.to_string();
    match zero {
        None => western,
        Some(zero) => western
            .bytes()
            .filter_map(|b| char::from_u32(zero as u32 + u32::from(b - b'0')))
            .collect(),
    }
}

/// Why `tag` is not a language tag, if it is not: subtags of one to
/// eight ASCII letters and digits joined by `-`, the first a language
/// code of 2–3 letters, a one-letter subtag followed by another.
pub fn problem(tag: &str) -> Option<String> {
    if tag.is_empty() {
        return Some("it is empty".into());
    }
    if !tag
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Some("it may hold only ASCII letters, digits and `-`".into());
    }
    if tag.contains('_') && problem(&tag.replace('_', "-")).is_none() {
        return Some("subtags are joined by `-`, not `_`".into());
    }
    let subtags: Vec<&str> = tag.split('-').collect();
    if let Some(bad) = subtags
        .iter()
        .find(|s| s.is_empty() || s.len() > 8 || s.contains('_'))
    {
        return Some(if bad.is_empty() {
            "it has an empty subtag (two `-` in a row, or one at an end)".into()
        } else {
            format!("`{bad}` is not a subtag: one to eight letters or digits, joined by `-`")
        });
    }
    let primary = subtags[0];
    // BCP 47 reserves 5-8 letters for registered languages, of which
    // there are none in use: `english` is a name, not a code.
    if !matches!(primary.len(), 2 | 3) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        // A language's English name, which editors write for its code.
        let code = NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(primary))
            .map(|(name, code)| format!(": {name} is `{code}`"))
            .unwrap_or_else(|| ": two or three letters (`en`, `fa`, `ckb`)".to_string());
        return Some(format!("`{primary}` is not a language code{code}"));
    }
    if subtags.last().is_some_and(|s| s.len() == 1) {
        return Some("it ends with a one-letter subtag".into());
    }
    None
}

/// Languages by their English names, for a name written as a tag.
const NAMES: &[(&str, &str)] = &[
    ("Arabic", "ar"),
    ("Persian", "fa"),
    ("Farsi", "fa"),
    ("Dari", "prs"),
    ("Pashto", "ps"),
    ("Urdu", "ur"),
    ("Hebrew", "he"),
    ("Kurdish", "ku"),
    ("Sorani", "ckb"),
    ("Turkish", "tr"),
    ("Russian", "ru"),
    ("Ukrainian", "uk"),
    ("English", "en"),
    ("French", "fr"),
    ("German", "de"),
    ("Spanish", "es"),
    ("Portuguese", "pt"),
    ("Italian", "it"),
    ("Dutch", "nl"),
    ("Chinese", "zh"),
    ("Japanese", "ja"),
    ("Korean", "ko"),
    ("Hindi", "hi"),
    ("Azerbaijani", "az"),
    ("Armenian", "hy"),
    ("Georgian", "ka"),
];

/// The help for a tag with a [`problem`].
pub fn help(tag: &str) -> String {
    let fixed = tag.trim().replace('_', "-");
    let suggestion = if fixed != tag && problem(&fixed).is_none() {
        format!("write `{fixed}`; ")
    } else {
        String::new()
    };
    format!(
        "{suggestion}a BCP 47 language tag is a language code, then optional script and \
         region subtags joined by `-`: `en`, `fa`, `pt-BR`, `az-Arab`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_named_for_its_code_is_told_the_code() {
        assert_eq!(
            problem("Arabic").as_deref(),
            Some("`Arabic` is not a language code: Arabic is `ar`")
        );
        assert_eq!(
            problem("farsi").as_deref(),
            Some("`farsi` is not a language code: Farsi is `fa`")
        );
        assert!(problem("Klingon").unwrap().ends_with("(`en`, `fa`, `ckb`)"));
    }

    #[test]
    fn persian_and_urdu_numbers_are_in_their_own_digits() {
        assert_eq!(digits(1204, zero_digit("fa")), "۱۲۰۴");
        assert_eq!(digits(7, zero_digit("ur-PK")), "۷");
        for western in ["en", "ar", "ru", "fa-Latn", "he"] {
            assert_eq!(digits(1204, zero_digit(western)), "1204", "{western}");
        }
    }

    #[test]
    fn a_script_decides_the_direction_before_the_language() {
        assert_eq!(direction("fa"), "rtl");
        assert_eq!(direction("ar-EG"), "rtl");
        assert_eq!(direction("en"), "ltr");
        assert_eq!(direction("ar-Latn"), "ltr");
        assert_eq!(direction("az-Arab"), "rtl");
        assert_eq!(direction("ku-Arab-IQ"), "rtl");
        assert_eq!(direction("ku"), "ltr");
        assert_eq!(direction("pa-Arab"), "rtl");
        assert_eq!(direction("uz-Cyrl"), "ltr");
        assert_eq!(direction("zh-Hant-TW"), "ltr");
        assert_eq!(direction("syr-Syrc"), "rtl");
        // An extension's subtags are not a script.
        assert_eq!(direction("en-u-arab"), "ltr");
    }

    #[test]
    fn tags_must_have_the_shape_of_bcp_47() {
        for ok in [
            "en",
            "fa",
            "pt-BR",
            "az-Arab",
            "zh-Hant-TW",
            "es-419",
            "ckb",
            "en-u-ca-gregory",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "not a tag!!",
            "e",
            "english-language-x",
            "english",
            "pt_BR",
            "en-",
            "-en",
            "12",
            "en-x",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
        assert_eq!(
            problem("pt_BR").unwrap(),
            "subtags are joined by `-`, not `_`"
        );
        assert_eq!(
            problem("not a tag!!").unwrap(),
            "it may hold only ASCII letters, digits and `-`"
        );
        assert!(help("pt_BR").starts_with("write `pt-BR`"));
        assert!(help("not a tag!!").contains("`en`, `fa`, `pt-BR`"));
    }
}

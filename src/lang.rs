//! Language tags: which way their text runs, by one rule for the pages'
//! `dir` and the shortcodes' (the `text_dir` filter).

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

#[cfg(test)]
mod tests {
    use super::*;

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
}

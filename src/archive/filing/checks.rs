//! Warnings for front matter that files but is more likely a slip than
//! meant: dates far off or revised after today, and names parted by
//! commas in one plain value.

use super::Filing;
use crate::archive::locate;
use crate::archive::references::Unpublished;
use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;

impl Filing<'_> {
    /// Warnings for front matter more likely a slip than meant: dates
    /// (see `check_dates`) and names parted by commas in one value.
    pub(super) fn check_front_matter(&mut self, file: &SourceFile, why: Option<Unpublished>) {
        self.check_dates(file, why);
        self.check_comma_names(file);
    }

    /// `people: Lena Varga, Tomas Ruiz` is one name, `Lena Varga, Tomas
    /// Ruiz`: a comma parts the items of a list (`[a, b]`), not a plain
    /// value, and the page would cite one person by both names. Said
    /// unless the value is quoted (`"Doe, Jane"` is one name on purpose).
    fn check_comma_names(&mut self, file: &SourceFile) {
        let front = &file.front;
        let lists = std::iter::once(("authors", &front.authors))
            .chain(front.terms.iter().map(|(k, v)| (k.as_str(), v)));
        for (key, names) in lists {
            let [name] = names.as_slice() else { continue };
            // `Smith, Jr.`, `Acme, Inc.`, `Washington, D.C.` are one name.
            let suffix = |part: &str| {
                part.contains('.')
                    || [
                        "jr", "sr", "inc", "ltd", "llc", "plc", "ii", "iii", "iv", "phd",
                    ]
                    .contains(&part.trim().to_lowercase().as_str())
            };
            if !name.contains(", ") || name.split(", ").skip(1).any(suffix) {
                continue;
            }
            let d = Diagnostic::warning(format!(
                "`{key}: {name}` is one name: a comma parts the items of a list, not a plain value"
            ))
            .with_help(format!(
                "write a list, `{key}: [{name}]`, or put the value in quotes if the comma is part of the name"
            ));
            if let Some(d) = locate::at_plain_value(&self.config.root, &file.file, key, d) {
                self.diags.push(d);
            }
        }
    }

    /// Warnings for dates more likely typos than meant: a year before
    /// 1000 (`0024` for `2024`), a file held back for more than a year
    /// (`why`, when it is not published), and a published file revised
    /// after today, which feeds and the sitemap would tell readers.
    fn check_dates(&mut self, file: &SourceFile, why: Option<Unpublished>) {
        let (front, today) = (&file.front, self.publish.today);
        let at =
            |key: &str, d: Diagnostic| locate::at_key(&self.config.root, &file.file, &[key], d);
        let mut said = Vec::new();
        for (key, date) in [("date", front.date), ("updated", front.updated)] {
            if let Some(date) = date.filter(|d| d.year() < 1000) {
                said.push(at(
                    key,
                    Diagnostic::warning(format!("`{key}` {date} is in the year {}", date.year()))
                        .with_help("if the year is a typo, correct it (four digits, as in 2024)"),
                ));
            }
        }
        // Far ahead, a date is more likely a typo than a schedule.
        if let Some(Unpublished::Future(date)) = why
            && today.saturating_add(jiff::Span::new().years(1)) < date
        {
            said.push(at(
                "date",
                Diagnostic::warning(format!(
                    "dated {date}, more than a year after today: it is not published until then"
                ))
                .with_help("if the year is a typo, correct it; `--drafts` previews it"),
            ));
        }
        // (A dispatch dated after today, previewed with `--drafts`, may
        // well be revised after today too.)
        let previewed = front.date.is_some_and(|d| d > today);
        if let Some(updated) = front
            .updated
            .filter(|u| why.is_none() && !previewed && *u > today)
        {
            said.push(at(
                "updated",
                Diagnostic::warning(format!(
                    "`updated` {updated} is after today: feeds and the sitemap would say the text was revised on a day still to come"
                ))
                .with_help("correct the date, or leave `updated` out until the revision is out"),
            ));
        }
        self.diags.extend(said);
    }
}

//! Section index files (`_index.md`) and term bundles
//! (`people/lena-varga/index.md`): Hugo's and Zola's ways of giving a list
//! or a term a text, which annals gives otherwise.

use crate::config::Config;

/// Why `content_path` (relative to `content/`) is a Hugo or Zola
/// section or bundle file that annals does not read, and what to do.
pub fn section_file(config: &Config, content_path: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = content_path.split('/').collect();
    let (file, folders) = parts.split_last()?;
    if let [taxonomy, term] = folders
        && config.taxonomy(taxonomy).is_some()
        && ["index.md", "_index.md"].contains(file)
    {
        // Named by the term's slug, which the folder's name may not be.
        let term = crate::slug::slugify(term);
        return Some((
            format!("`{file}` in a folder of its own is not read as the page of a term"),
            format!(
                "move it to `content/{taxonomy}/{term}.md`: that file is the entity page \
                 of the {taxonomy} term `{term}`"
            ),
        ));
    }
    if *file != "_index.md" {
        return None;
    }
    let series = folders
        .first()
        .and_then(|f| config.series(f))
        .filter(|_| folders.len() == 1);
    let instead = match series {
        Some(s) => format!(
            "its text belongs in the series' `description` in annals.yaml \
             (under `series:`, `{}:`); then delete the file",
            s.key
        ),
        None => "delete it, or move its text to a page (e.g. `content/pages/about.md`), \
                 or for a series to its `description` in annals.yaml"
            .to_string(),
    };
    Some((
        "annals has no section index files: the lists of the archive, \
         of each series and of each taxonomy are built from the dispatches"
            .to_string(),
        instead,
    ))
}

//! The version of a site's stylesheets and scripts, so that a reader's
//! browser never keeps an old one after a deploy.
//!
//! Static hosts let browsers keep `style.css` and `annals.js` for a while
//! (GitHub Pages: ten minutes), so a new page could run with an old
//! script. The default theme links them with `?v=` and the site's
//! [`asset_version`] (`site.asset_version`): a hash of every stylesheet
//! and script the build publishes, which changes when any of them does,
//! as Zola's `cache_bust` and Hugo's fingerprints do. A module's imports
//! (`import … from './search-ui.js'`) are fetched by the browser from the
//! URL written in the module, so the theme's modules are published with
//! the version in them too ([`versioned_imports`]): without it, the
//! search page would run a new `search.js` with the old parts it imports.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::markdown;
use crate::output::{self, Staging};
use crate::templates::Templates;

/// Whether `rel` is a script whose imports the build versions.
fn is_script(rel: &str) -> bool {
    rel.ends_with(".js") || rel.ends_with(".mjs")
}

/// Rewrites the published theme scripts among `copied` (the built-in
/// theme's or its folder's, or the site's file that replaces one) with
/// `version` in their imports (see [`versioned_imports`]). The site's
/// other scripts, libraries most often, are published as they are.
pub(super) fn version_modules(
    templates: &Templates,
    config: &Config,
    staging: &Staging,
    copied: &[String],
    version: &str,
) -> std::io::Result<()> {
    if version.is_empty() {
        return Ok(());
    }
    let site_static = config.root.join("static");
    // The theme's scripts, and where each is read from.
    let theme: Vec<(String, Option<&'static str>)> = match templates.theme_static_dir() {
        None => Templates::builtin_static()
            .filter(|(rel, _)| is_script(rel))
            .map(|(rel, text)| (rel.to_string(), Some(text)))
            .collect(),
        Some(dir) => output::files_under(dir)?
            .into_iter()
            .filter(|rel| is_script(rel))
            .map(|rel| (rel, None))
            .collect(),
    };
    let published: std::collections::HashSet<&str> = copied.iter().map(String::as_str).collect();
    for (rel, builtin) in theme {
        if !published.contains(rel.as_str()) {
            continue;
        }
        let own = site_static.join(&rel);
        let text = if own.is_file() {
            std::fs::read_to_string(&own).ok().map(Cow::Owned)
        } else if let Some(text) = builtin {
            Some(Cow::Borrowed(text))
        } else {
            templates
                .theme_static_dir()
                .and_then(|dir| std::fs::read_to_string(dir.join(&rel)).ok())
                .map(Cow::Owned)
        };
        // (A script that is not UTF-8 text is published as it is.)
        if let Some(versioned) = text.and_then(|t| versioned_imports(&t, version)) {
            staging.write(&rel, versioned.as_bytes())?;
        }
    }
    Ok(())
}

/// A short hash of the stylesheets and scripts the build publishes: the
/// theme's (built-in or its folder's), the generated `highlight.css`, and
/// the site's static files, which replace them. The same files give the
/// same version on any machine.
pub fn asset_version(config: &Config, templates: &Templates) -> String {
    // Path -> contents, later folders replacing earlier ones.
    let mut files: BTreeMap<String, Cow<'_, [u8]>> = BTreeMap::new();
    files.insert(
        "highlight.css".to_string(),
        Cow::Owned(markdown::highlight::stylesheet().into_bytes()),
    );
    match templates.theme_static_dir() {
        None => {
            for (rel, text) in
                Templates::builtin_static().filter(|(rel, _)| Templates::is_versioned_asset(rel))
            {
                files.insert(rel.to_string(), Cow::Borrowed(text.as_bytes()));
            }
        }
        Some(dir) => read_into(dir, &mut files),
    }
    read_into(&config.root.join("static"), &mut files);
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (rel, bytes) in &files {
        hasher.update(rel.as_bytes());
        hasher.update(&[0]);
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    format!("{:010x}", hasher.digest() & 0xff_ffff_ffff)
}

/// Adds `dir`'s stylesheets and scripts to `files`. (A file that cannot
/// be read is left out: copying it says why.)
fn read_into(dir: &Path, files: &mut BTreeMap<String, Cow<'_, [u8]>>) {
    let Ok(listed) = output::files_under(dir) else {
        return;
    };
    for rel in listed
        .into_iter()
        .filter(|rel| Templates::is_versioned_asset(rel))
    {
        if let Ok(bytes) = std::fs::read(dir.join(&rel)) {
            files.insert(rel, Cow::Owned(bytes));
        }
    }
}

/// `js` with `?v=<version>` after each relative module specifier it
/// imports or re-exports from (`from './x.js'`, `import './x.js'`), or
/// `None` when it has none.
pub fn versioned_imports(js: &str, version: &str) -> Option<String> {
    crate::templates::imports::with_query(js, &format!("?v={version}"))
}

#[cfg(test)]
mod tests {
    use super::versioned_imports;

    #[test]
    fn relative_module_imports_get_the_version() {
        let js = "import { a } from './a.js';\nimport './b.mjs';\nexport { c } from \"../c.js\";\n// import x from './d.js';\n";
        assert_eq!(
            versioned_imports(js, "v1").as_deref(),
            Some(
                "import { a } from './a.js?v=v1';\nimport './b.mjs?v=v1';\nexport { c } from \"../c.js?v=v1\";\n// import x from './d.js';\n"
            )
        );
    }

    #[test]
    fn modules_without_semicolons_and_look_alike_words() {
        let js = "import { a } from './a.js'\nimport { from } from './from.js'\nimport*as m from\"./m.js\"\nexport const s = \"see from './q.js'\"\nconst xs = Array.from(ys) // from the a module\n";
        assert_eq!(
            versioned_imports(js, "v1").as_deref(),
            Some(
                "import { a } from './a.js?v=v1'\nimport { from } from './from.js?v=v1'\nimport*as m from\"./m.js?v=v1\"\nexport const s = \"see from './q.js'\"\nconst xs = Array.from(ys) // from the a module\n"
            )
        );
    }

    #[test]
    fn comments_inside_an_import_are_skipped() {
        let js = "import {\n  a, // the user's\n  b /* ; */\n} from /* c */ './x.js';\n";
        assert_eq!(
            versioned_imports(js, "v1").as_deref(),
            Some("import {\n  a, // the user's\n  b /* ; */\n} from /* c */ './x.js?v=v1';\n")
        );
    }

    #[test]
    fn other_specifiers_and_look_alikes_are_left_alone() {
        for js in [
            "import x from 'lodash';",
            "import x from '/abs.js';",
            "import x from './data.json';",
            "import x from './a.js?v=1';",
            "const s = \"import x from './x.js'\";",
            "// nothing to import",
        ] {
            assert_eq!(versioned_imports(js, "v1"), None, "{js}");
        }
        // An unclosed quote ends the scan without a change.
        assert_eq!(versioned_imports("import x from './a.js", "v1"), None);
    }
}

//! Stage 6: the theme, compiled once.
//!
//! The default theme is compiled into the binary so a site needs no files
//! besides its content; a theme folder (`themes/NAME/`) replaces it, and a
//! site's own `templates/` overrides any template by file name. Templates are
//! parsed once per build, every syntax error reported with its file, line and
//! column; shortcodes are templates too (`shortcodes/NAME.html`).

mod assets;
mod bounded;
mod builtin;
mod compile;
mod components;
mod errors;
mod filters;
pub(crate) mod imports;
mod names;
mod read;
mod rooted;
mod shortcodes;
mod unclosed;
mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
pub use builtin::builtin_theme_files;
use builtin::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
use read::read_dir_templates;

/// The compiled templates and where the theme's static files come from.
pub struct Templates {
    tera: Tera,
    pub shortcode_names: Vec<String>,
    /// Per shortcode, every name its template's source mentions: an
    /// argument none of them matches cannot be shown.
    shortcode_words: BTreeMap<String, BTreeSet<String>>,
    /// Template name -> the file it came from, for diagnostics.
    origins: errors::Origins,
    theme_static: Option<PathBuf>,
    /// Templates left out because they, or one they need, are broken (only
    /// in [`Rejected::check_only`]).
    broken: BTreeSet<String>,
    /// What loading found that does not stop a build (a template that
    /// likely replaces nothing), for the build to report.
    pub warnings: Vec<Diagnostic>,
}

/// Why the theme cannot build the site, and what of it still loads.
pub struct Rejected {
    pub diags: Diagnostics,
    /// The templates that load, to check the content with in the same run:
    /// a shortcode whose template is broken renders as its body alone (its
    /// fault is among `diags`). Never to write pages with.
    pub check_only: Option<Box<Templates>>,
}

/// The names template `name` can read: its own and those of every template
/// it includes, however deep (an included template sees its variables).
fn read_names(name: &str, sources: &BTreeMap<String, (String, PathBuf)>) -> BTreeSet<String> {
    let mut read = BTreeSet::new();
    let mut seen = BTreeSet::from([name]);
    let mut todo = vec![name];
    while let Some(next) = todo.pop() {
        let Some((src, _)) = sources.get(next) else {
            continue;
        };
        read.extend(names::identifiers(src));
        for included in names::includes(src) {
            if seen.insert(included) {
                todo.push(included);
            }
        }
    }
    read
}

impl Templates {
    pub fn load(config: &Config) -> Result<Templates, Rejected> {
        let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let theme_dir = config.root.join("themes").join(&config.theme);
        if let Some(empty) = read::empty_theme(config, &theme_dir) {
            diags.push(empty);
            return Err(Rejected {
                diags,
                check_only: None,
            });
        }
        let theme_static = if theme_dir.is_dir() {
            read_dir_templates(
                &theme_dir.join("templates"),
                "",
                &config.root,
                &mut sources,
                &mut diags,
            );
            read_dir_templates(
                &theme_dir.join("shortcodes"),
                "shortcodes/",
                &config.root,
                &mut sources,
                &mut diags,
            );
            Some(theme_dir.join("static"))
        } else if config.theme == "default" {
            for (name, src) in DEFAULT_TEMPLATES {
                let origin = PathBuf::from(format!("<built-in theme>/{name}"));
                sources.insert(name.to_string(), (src.to_string(), origin));
            }
            None
        } else {
            diags.push(
                Diagnostic::error(format!("theme `{}` not found", config.theme))
                    .in_file("annals.yaml")
                    .with_help(format!(
                        "create {} or remove `theme:` to use the built-in theme",
                        theme_dir.display()
                    )),
            );
            // Without a theme no shortcode is known: checking the content
            // would only bring false errors.
            return Err(Rejected {
                diags,
                check_only: None,
            });
        };
        // The site's own templates override the theme's, file by file;
        // every theme template stays reachable as `theme/NAME`, so that a
        // site can extend one and change a block, or include one.
        // `theme/` names are the theme's templates under a second name; a
        // theme's own templates/theme/ folder would collide with them.
        let taken: Vec<String> = sources
            .keys()
            .filter(|name| name.starts_with("theme/"))
            .cloned()
            .collect();
        for name in taken {
            if let Some((_, origin)) = sources.remove(&name) {
                diags.push(
                    Diagnostic::error("a theme's templates/theme/ folder is taken: `theme/NAME` names the theme's template NAME")
                        .in_file(origin)
                        .with_help("move the file to another folder of the theme's templates/"),
                );
            }
        }
        let theme: Vec<(String, (String, PathBuf))> = sources
            .iter()
            .map(|(name, source)| (format!("theme/{name}"), source.clone()))
            .collect();
        let mut site = BTreeMap::new();
        read_dir_templates(
            &config.root.join("templates"),
            "",
            &config.root,
            &mut site,
            &mut diags,
        );
        // The site's templates, but those that define components (used
        // by calls, not by name).
        let site_names: Vec<(String, PathBuf)> = site
            .iter()
            .filter(|(_, (src, _))| components::definitions(src).is_empty())
            .map(|(name, (_, origin))| (name.clone(), origin.clone()))
            .collect();
        for (name, source) in site {
            if let Some((message, help)) =
                names::misplaced(&name, sources.keys().map(String::as_str))
            {
                diags.push(
                    Diagnostic::warning(message)
                        .in_file(&source.1)
                        .with_help(help),
                );
            }
            if name.starts_with("theme/") {
                diags.push(
                    Diagnostic::error("templates/theme/ is the theme's: `theme/NAME` names the theme's own template NAME")
                        .in_file(&source.1)
                        .with_help("move the file to another folder of templates/ and name it so where it is used"),
                );
                continue;
            }
            sources.insert(name, source);
        }
        // The theme's shortcodes and the site's: a name no call can write.
        for (name, (_, origin)) in &sources {
            let taken = |n: &str| sources.contains_key(&format!("shortcodes/{n}.html"));
            if let Some((message, help)) = names::uncallable_shortcode(name, &taken) {
                diags.push(Diagnostic::warning(message).in_file(origin).with_help(help));
            }
        }
        let origins: errors::Origins = sources
            .iter()
            .chain(theme.iter().map(|(name, source)| (name, source)))
            .map(|(name, (src, origin))| (name.clone(), (origin.clone(), Arc::from(src.as_str()))))
            .collect();
        // A twin is compiled only when some template names it: compiling
        // every theme template twice would define each of its components
        // twice, which Tera refuses.
        let named = |twin: &str| {
            let texts = sources
                .values()
                .chain(theme.iter().map(|(_, source)| source));
            let quoted = [format!("\"{twin}\""), format!("'{twin}'")];
            texts
                .map(|(src, _)| src)
                .any(|src| quoted.iter().any(|q| src.contains(q.as_str())))
        };
        // A twin of a template the site does not override is compiled
        // beside it: its components are that one's, defined once.
        let twins: Vec<_> = theme
            .iter()
            .filter(|(name, _)| named(name))
            .map(|(name, (src, origin))| {
                let beside = name
                    .strip_prefix("theme/")
                    .and_then(|n| sources.get(n))
                    .is_some_and(|(_, o)| o == origin);
                let src = if beside {
                    components::without_definitions(src)
                } else {
                    src.clone()
                };
                (name.clone(), (src, origin.clone()))
            })
            .collect();
        // A site template that no template uses and that replaces none
        // of the theme's makes nothing: named a typo away from one
        // (`dispach.html`), or meant as a page of its own (`feed.json`).
        for (name, origin) in &site_names {
            let theme_names = theme.iter().filter_map(|(t, _)| t.strip_prefix("theme/"));
            let replaces = theme_names.clone().any(|t| t == name);
            if replaces || named(name) || name.starts_with("shortcodes/") {
                continue;
            }
            let help = match names::near_miss(name, theme_names) {
                Some(meant) => format!(
                    "did you mean `{meant}`? name the file so to replace the theme's template"
                ),
                // Said already, otherwise; or no page's kind of file (a
                // README.md beside the templates).
                None if name.starts_with("theme/")
                    || names::misplaced(name, sources.keys().map(String::as_str)).is_some()
                    || !names::page_like(name) =>
                {
                    continue;
                }
                // Loaded and checked (an error in it fails the build), but
                // never a page of its own: a JSON feed, a colophon.
                None => "only the theme's templates make pages (docs/templates.md lists them): \
                         include this one from one of them, or remove it"
                    .to_string(),
            };
            diags.push(
                Diagnostic::warning(format!(
                    "`{name}` replaces no template of the theme, and no template uses it"
                ))
                .in_file(origin)
                .with_help(help),
            );
        }
        sources.extend(twins);

        // All together first: the templates of a working site load in one
        // go. Else each alone, so that every syntax error is reported, not
        // only the first one Tera meets; then the faults between templates
        // (unknown includes and components, loops), all of them.
        let tera =
            match compile::load_all(config.rooting(), &config.words, &sources, &BTreeSet::new()) {
                Ok(tera) => tera,
                Err(first) => {
                    let mut broken = BTreeSet::new();
                    for (name, (src, origin)) in &sources {
                        // A theme template not overridden is compiled twice, as
                        // NAME and as `theme/NAME`: its errors are said once.
                        let twin = name
                            .strip_prefix("theme/")
                            .and_then(|n| sources.get(n))
                            .is_some_and(|(_, o)| o == origin);
                        let mut single = filters::new_tera(config.rooting(), &config.words);
                        if let Err(e) = single.add_raw_template(name, src)
                            && matches!(e.kind(), ErrorKind::SyntaxError(_))
                        {
                            broken.insert(name.clone());
                            if !twin {
                                diags.extend(errors::diagnostics(&e, name, &origins));
                            }
                        }
                    }
                    // The faults between the other templates, in the same run.
                    let rest = if broken.is_empty() {
                        Err(first)
                    } else {
                        compile::load_all(config.rooting(), &config.words, &sources, &broken)
                            .map(|_| ())
                    };
                    if let Err(e) = rest {
                        compile::between_templates(
                            config.rooting(),
                            &config.words,
                            &sources,
                            &origins,
                            e,
                            broken.clone(),
                            &mut diags,
                        );
                    }
                    // The templates that load still check the content, so
                    // that its errors come out in the same run.
                    let check_only =
                        compile::partial(config.rooting(), &config.words, &sources, broken).map(
                            |(tera, broken)| {
                                Box::new(Templates::new(
                                    tera,
                                    &sources,
                                    origins,
                                    theme_static,
                                    broken,
                                ))
                            },
                        );
                    return Err(Rejected {
                        diags: diags.deduplicated(),
                        check_only,
                    });
                }
            };
        let required = [
            "dispatch.html",
            "page.html",
            "home.html",
            "series.html",
            "term.html",
            "taxonomy.html",
            "year.html",
            "archive.html",
            "search.html",
            "404.html",
            "alias.html",
            "atom.xml",
            "sitemap.xml",
        ];
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|r| !tera.contains_template(r))
            .collect();
        if missing.len() == required.len() {
            // A folder made by hand, empty: one error, and the command
            // that writes a whole theme.
            diags.push(
                Diagnostic::error(format!(
                    "the theme `{}` has none of the templates a site needs",
                    config.theme
                ))
                .in_file("annals.yaml")
                .with_help(format!(
                    "`annals theme NAME` writes a theme with every template, a copy of the \
                     built-in one to edit: move themes/{0}/ aside and run `annals theme {0}`, or \
                     remove `theme:` to use the built-in theme",
                    config.theme
                )),
            );
        } else {
            for name in missing {
                diags.push(
                    Diagnostic::error(format!("the theme has no `{name}` template")).with_help(
                        "add it to the theme's templates/ or the site's templates/ \
                         (`annals theme NAME` writes the built-in theme's, to copy it from)",
                    ),
                );
            }
        }
        // (A theme folder's files replace the built-in ones.)
        let builtin: Vec<&str> = if theme_static.is_none() {
            Self::builtin_static_files().collect()
        } else {
            Vec::new()
        };
        let folders: Vec<PathBuf> = theme_static
            .iter()
            .cloned()
            .chain([config.root.join("static")])
            .collect();
        // Said by the site's own path, as every other file is.
        diags.extend(
            assets::missing(&sources, &folders, &builtin, config.search)
                .into_iter()
                .map(|mut d| {
                    if let Some(rel) = d
                        .file
                        .as_ref()
                        .and_then(|f| f.strip_prefix(&config.root).ok())
                    {
                        d.file = Some(rel.to_path_buf());
                    }
                    d
                }),
        );
        diags.extend(rooted::rooted_links(&sources, &config.base_path));
        diags.extend(words::english_template(config, &sources));
        let mut templates = Templates::new(tera, &sources, origins, theme_static, BTreeSet::new());
        if diags.has_errors() {
            return Err(Rejected {
                diags,
                check_only: Some(Box::new(templates)),
            });
        }
        templates.warnings = diags.into_sorted();
        Ok(templates)
    }

    fn new(
        tera: Tera,
        sources: &BTreeMap<String, (String, PathBuf)>,
        origins: errors::Origins,
        theme_static: Option<PathBuf>,
        broken: BTreeSet<String>,
    ) -> Templates {
        let shortcode_names = sources
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .filter(|n| crate::markdown::shortcodes::callable_name(n))
            .map(str::to_string)
            .collect();
        let shortcode_words = sources
            .keys()
            .filter_map(|n| {
                let name = n.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
                Some((name.to_string(), read_names(n, sources)))
            })
            .collect();
        Templates {
            tera,
            shortcode_names,
            shortcode_words,
            origins,
            theme_static,
            broken,
            warnings: Vec::new(),
        }
    }

    /// Sets the variables every template sees (`site`, ...).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        bounded::render(&self.tera, name, context, bounded::MAX_PAGE).map_err(|f| match f {
            bounded::Failure::Tera(e) => {
                let all = errors::diagnostics(&e, name, &self.origins);
                all.into_iter().next().unwrap_or_else(|| {
                    Diagnostic::error(format!("template error in `{name}`: {e}"))
                })
            }
            bounded::Failure::TooBig(mb) => {
                let d = Diagnostic::error(format!(
                    "template `{name}` wrote more than {mb} MB for one page, and was stopped"
                ))
                .with_help(bounded::too_big_help());
                match self.origins.get(name) {
                    Some((origin, _)) => d.in_file(origin),
                    None => d,
                }
            }
        })
    }

    /// Writes the built-in theme's static files with `write(path, bytes)`;
    /// without `search`, not the search client's (`search*.js`,
    /// `search.css`), which no page of such a site loads.
    pub fn static_files(
        &self,
        search: bool,
        write: &mut dyn FnMut(&str, &[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.theme_static.is_none() {
            for (path, text) in DEFAULT_STATIC {
                if search || !Self::search_client_files().any(|p| p == *path) {
                    write(path, text.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    /// Whether `rel`, a theme's static file, is its search client
    /// (`search*.js`, `search.css` at the top), which a site without
    /// search does not get.
    pub fn is_search_client(rel: &str) -> bool {
        !rel.contains('/')
            && rel.starts_with("search")
            && (rel.ends_with(".js") || rel == "search.css")
    }

    /// The built-in theme's static files: (path in the output, text).
    pub fn builtin_static() -> impl Iterator<Item = (&'static str, &'static str)> {
        DEFAULT_STATIC.iter().copied()
    }

    /// Whether `rel` is a stylesheet or script: what pages load and the
    /// asset version (`site.asset_version`) covers.
    pub fn is_versioned_asset(rel: &str) -> bool {
        [".css", ".js", ".mjs"].iter().any(|ext| rel.ends_with(ext))
    }

    /// The names of the built-in theme's static files (`style.css`, ...).
    pub fn builtin_static_files() -> impl Iterator<Item = &'static str> {
        DEFAULT_STATIC.iter().map(|(path, _)| *path)
    }

    /// The built-in theme's search client files (`search*.js`,
    /// `search.css`), which a site without search does not get.
    pub fn search_client_files() -> impl Iterator<Item = &'static str> {
        DEFAULT_STATIC
            .iter()
            .map(|(path, _)| *path)
            .filter(|path| path.starts_with("search"))
    }

    /// The folder of a theme's static files on disk, if the theme is one.
    pub fn theme_static_dir(&self) -> Option<&Path> {
        self.theme_static.as_deref()
    }

    /// The file template `name` came from, unless it is the built-in
    /// theme's.
    pub fn own_file(&self, name: &str) -> Option<&Path> {
        self.origins
            .get(name)
            .map(|(path, _)| path.as_path())
            .filter(|path| !path.starts_with("<built-in theme>"))
    }
}

//! Stage 6: the theme, compiled once.
//!
//! The default theme is compiled into the binary so a site needs no files
//! besides its content; a theme folder (`themes/NAME/`) replaces it, and a
//! site's own `templates/` overrides any template by file name. Templates are
//! parsed once per build, every syntax error reported with its file, line and
//! column; shortcodes are templates too (`shortcodes/NAME.html`).

mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Kwargs, State, Tera};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::ShortcodeError;
use crate::markdown::shortcodes::Call;

macro_rules! embed {
    ($($name:literal => $path:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/", $path)))),*]
    };
}

/// The built-in theme's templates: (template name, source).
const DEFAULT_TEMPLATES: &[(&str, &str)] = embed! {
    "base.html" => "templates/base.html",
    "partials/dispatch_list.html" => "templates/partials/dispatch_list.html",
    "partials/pagination.html" => "templates/partials/pagination.html",
    "home.html" => "templates/home.html",
    "dispatch.html" => "templates/dispatch.html",
    "page.html" => "templates/page.html",
    "list.html" => "templates/list.html",
    "series.html" => "templates/series.html",
    "term.html" => "templates/term.html",
    "taxonomy.html" => "templates/taxonomy.html",
    "year.html" => "templates/year.html",
    "archive.html" => "templates/archive.html",
    "search.html" => "templates/search.html",
    "404.html" => "templates/404.html",
    "alias.html" => "templates/alias.html",
    "atom.xml" => "templates/atom.xml",
    "sitemap.xml" => "templates/sitemap.xml",
    "shortcodes/post.html" => "shortcodes/post.html",
    "shortcodes/figure.html" => "shortcodes/figure.html",
    "shortcodes/clip.html" => "shortcodes/clip.html",
};

/// The built-in theme's static files: (path in the output, bytes).
const DEFAULT_STATIC: &[(&str, &str)] = embed! {
    "style.css" => "static/style.css",
    "favicon.svg" => "static/favicon.svg",
    "annals.js" => "static/annals.js",
    "search.js" => "static/search.js",
    "search-text.js" => "static/search-text.js",
    "search-index.js" => "static/search-index.js",
    "search-decode.js" => "static/search-decode.js",
    "search-results.js" => "static/search-results.js",
    "search-ui.js" => "static/search-ui.js",
    "search-view.js" => "static/search-view.js",
    "search.css" => "static/search.css",
};

/// The compiled templates and where the theme's static files come from.
pub struct Templates {
    tera: Tera,
    pub shortcode_names: Vec<String>,
    /// Per shortcode, every name its template's source mentions: an
    /// argument none of them matches cannot be shown.
    shortcode_words: BTreeMap<String, BTreeSet<String>>,
    /// Template name -> the file it came from, for diagnostics.
    origins: BTreeMap<String, PathBuf>,
    theme_static: Option<PathBuf>,
}

impl Templates {
    pub fn load(config: &Config) -> Result<Templates, Diagnostics> {
        let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let theme_dir = config.root.join("themes").join(&config.theme);
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
            return Err(diags);
        };
        // The site's own templates override the theme's, file by file.
        read_dir_templates(
            &config.root.join("templates"),
            "",
            &config.root,
            &mut sources,
            &mut diags,
        );

        // Parse each template alone first, so that every syntax error is
        // reported, not only the first one Tera meets.
        let mut origins = BTreeMap::new();
        for (name, (src, origin)) in &sources {
            let mut single = new_tera(&config.base_path);
            if let Err(e) = single.add_raw_template(name, src)
                && !matches!(
                    e.kind(),
                    ErrorKind::MissingParent { .. } | ErrorKind::TemplateNotFound(_)
                )
                && !e.to_string().contains("not found")
            {
                diags.push(template_diagnostic(&e, origin));
            }
            origins.insert(name.clone(), origin.clone());
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let mut tera = new_tera(&config.base_path);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, (s, _))| (n.as_str(), s.as_str())))
        {
            let origin = |name: &str| {
                origins
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from("templates"))
            };
            diags.push(template_diagnostic_in(&e, &origin));
            return Err(diags);
        }
        for required in [
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
        ] {
            if !tera.contains_template(required) {
                diags.push(
                    Diagnostic::error(format!("the theme has no `{required}` template"))
                        .with_help("add it to the theme's templates/ or the site's templates/"),
                );
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let shortcode_names = sources
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        let shortcode_words = sources
            .iter()
            .filter_map(|(n, (src, _))| {
                let name = n.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
                Some((name.to_string(), names::identifiers(src)))
            })
            .collect();
        Ok(Templates {
            tera,
            shortcode_names,
            shortcode_words,
            origins,
            theme_static,
        })
    }

    /// Sets the variables every template sees (`site`, ...).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let origin = |n: &str| {
                let n = if n.is_empty() { name } else { n };
                self.origins
                    .get(n)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(n))
            };
            template_diagnostic_in(&e, &origin)
        })
    }

    /// Renders a shortcode call; errors come back for the caller to place
    /// at the call in the content file.
    pub fn render_shortcode(
        &self,
        call: &Call,
        body: Option<&str>,
    ) -> Result<String, ShortcodeError> {
        let name = format!("shortcodes/{}.html", call.name);
        self.check_arguments(call)?;
        let mut context = Context::new();
        for (k, v) in &call.args {
            context.insert(k.clone(), v);
        }
        context.insert("body", &body);
        self.tera
            .render(&name, &context)
            .map_err(|e| ShortcodeError {
                message: format!(
                    "shortcode `{}` failed: {}",
                    call.name,
                    match e.kind() {
                        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                            format!("{} (in {} line {})", r.message(), name, r.span().start_line)
                        }
                        _ => e.to_string(),
                    }
                ),
                help: "check the call's arguments against the shortcode template".to_string(),
            })
    }

    /// Refuses arguments that the shortcode's template never names: a
    /// misspelt `captoin=` would otherwise vanish from the page unseen.
    fn check_arguments(&self, call: &Call) -> Result<(), ShortcodeError> {
        // `lang` becomes the element's `lang` attribute (and its `dir`),
        // as `language:` does for a page, and is held to the same shape.
        if let Some(crate::markdown::shortcodes::Arg::Str(tag)) = call.args.get("lang")
            && let Some(why) = crate::lang::problem(tag)
        {
            return Err(ShortcodeError {
                message: format!("`lang=\"{tag}\"` is not a language tag: {why}"),
                help: crate::lang::help(tag),
            });
        }
        if call.args.contains_key("body") {
            return Err(ShortcodeError {
                message: "`body` is not an argument: it is the text of a block call".into(),
                help: format!(
                    "write the text between `{{% {}(...) %}}` and `{{% end %}}`",
                    call.name
                ),
            });
        }
        let Some(names) = self.shortcode_words.get(&call.name) else {
            return Ok(());
        };
        let unknown: Vec<&str> = call
            .args
            .keys()
            .map(String::as_str)
            .filter(|arg| !names.contains(*arg))
            .collect();
        let Some(first) = unknown.first() else {
            return Ok(());
        };
        let listed = unknown
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let (plural, it) = if unknown.len() == 1 {
            ("", "it")
        } else {
            ("s", "them")
        };
        let template = self
            .origins
            .get(&format!("shortcodes/{}.html", call.name))
            .map_or_else(String::new, |p| format!(" ({})", p.display()));
        let help = match crate::diagnostic::nearest(first, names.iter().map(String::as_str)) {
            Some(near) => {
                format!("did you mean `{near}`? The template{template} does not use `{first}`")
            }
            None => format!(
                "the template{template} uses no such variable{plural}: remove {it}, or use {it} in the template"
            ),
        };
        Err(ShortcodeError {
            message: format!("shortcode `{}` has no argument{plural} {listed}", call.name),
            help,
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
}

/// A Tera instance with annals' own filters.
fn new_tera(base_path: &str) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let base_path = base_path.to_string();
    tera.register_filter("safe_url", move |url: &str, _: Kwargs, _: &State| {
        safe_url(&base_path, url)
    });
    // Shortcodes set `dir` by the rule pages follow (`post` for its `lang`).
    tera.register_filter("text_dir", |lang: &str, _: Kwargs, _: &State| {
        crate::lang::direction(lang)
    });
    tera
}

fn read_dir_templates(
    dir: &Path,
    prefix: &str,
    root: &Path,
    sources: &mut BTreeMap<String, (String, PathBuf)>,
    diags: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = format!(
            "{prefix}{}",
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read_to_string(entry.path()) {
            Ok(src) => {
                sources.insert(name, (src, shown));
            }
            Err(e) => {
                diags.push(Diagnostic::error(format!("cannot read template: {e}")).in_file(shown))
            }
        }
    }
}

fn template_diagnostic(e: &tera::Error, origin: &Path) -> Diagnostic {
    template_diagnostic_in(e, &|_| origin.to_path_buf())
}

/// A template error as a diagnostic. Some errors (unknown filters, found
/// when templates are linked) carry their location only in their text, as
/// `--> name:line:column`; it is read back from there.
fn template_diagnostic_in(e: &tera::Error, origin: &dyn Fn(&str) -> PathBuf) -> Diagnostic {
    const HELP: &str =
        "fix the template; the variables each template receives are listed in docs/templates.md";
    if let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        return Diagnostic::error(format!("template error: {}", r.message()))
            .in_file(origin(r.filename()))
            .at(span.start_line, span.start_col + 1)
            .with_help(HELP);
    }
    let text = e.to_string();
    let message = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    let located = text.lines().find_map(|l| {
        let loc = l.trim().strip_prefix("--> ")?;
        let mut parts = loc.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    match located {
        Some((name, line, col)) => Diagnostic::error(format!("template error: {message}"))
            .in_file(origin(&name))
            .at(line, col)
            .with_help(HELP),
        None => Diagnostic::error(format!("template error: {message}"))
            .in_file(origin(""))
            .with_help(HELP),
    }
}

/// Keeps only URLs that cannot run script: http(s), mailto, site-relative
/// and fragment links. Anything else becomes `#`. A root-relative URL is
/// put under the site's path (`/archive/`), as links in Markdown are.
fn safe_url(base_path: &str, url: &str) -> String {
    let u = &*crate::config::under_base_path(base_path, url.trim());
    let lower = u.to_ascii_lowercase();
    let ok = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with('/') && !lower.starts_with("//")
        || lower.starts_with('#')
        || !lower.contains(':');
    if ok { u.to_string() } else { "#".to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_neutralised() {
        let mut tera = new_tera("/archive/");
        tera.add_raw_template("t.html", "{{ u | safe_url }}")
            .unwrap();
        let render = |u: &str| {
            let mut c = Context::new();
            c.insert("u", u);
            tera.render("t.html", &c).unwrap()
        };
        assert_eq!(render("javascript:alert(1)"), "#");
        assert_eq!(render(" JavaScript:alert(1)"), "#");
        assert_eq!(render("data:text/html,x"), "#");
        assert!(render("https://x.example/a?b=1&c").contains("&amp;c"));
        assert_eq!(render("/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(render("/archive/images/a.svg"), "/archive/images/a.svg");
        assert_eq!(render("/archive"), "/archive");
        assert_eq!(render("/archive#top"), "/archive#top");
        assert_eq!(render("/archived/"), "/archive/archived/");
        assert_eq!(render("//cdn.example/a.svg"), "//cdn.example/a.svg");
        assert_eq!(render("images/a.svg"), "images/a.svg");
    }
}

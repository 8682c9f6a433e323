//! The built-in theme, compiled into the binary so that a site needs no
//! files besides its content: its templates and static files, and the
//! layout of a theme folder they take when `annals theme` copies them out.

macro_rules! embed {
    ($($name:literal => $path:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The built-in theme's templates: (template name, source).
pub(super) const DEFAULT_TEMPLATES: &[(&str, &str)] = embed! {
    "base.html" => "templates/base.html",
    "partials/dispatch_list.html" => "templates/partials/dispatch_list.html",
    "partials/pagination.html" => "templates/partials/pagination.html",
    "partials/page_meta.html" => "templates/partials/page_meta.html",
    "partials/year_nav.html" => "templates/partials/year_nav.html",
    "partials/browse.html" => "templates/partials/browse.html",
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
pub(super) const DEFAULT_STATIC: &[(&str, &str)] = embed! {
    "style.css" => "static/style.css",
    "favicon.svg" => "static/favicon.svg",
    "annals.js" => "static/annals.js",
    "alias.js" => "static/alias.js",
    "search.js" => "static/search.js",
    "search-text.js" => "static/search-text.js",
    "search-index.js" => "static/search-index.js",
    "search-decode.js" => "static/search-decode.js",
    "search-spell.js" => "static/search-spell.js",
    "search-words.js" => "static/search-words.js",
    "search-results.js" => "static/search-results.js",
    "search-ui.js" => "static/search-ui.js",
    "search-view.js" => "static/search-view.js",
    "search-status.js" => "static/search-status.js",
    "search-passage.js" => "static/search-passage.js",
    "search-files.js" => "static/search-files.js",
    "search.css" => "static/search.css",
};

/// Every file of the built-in theme, as a theme folder lays it out:
/// (path under `themes/NAME/`, text), for `annals theme`.
pub fn builtin_theme_files() -> impl Iterator<Item = (String, &'static str)> {
    let templates = DEFAULT_TEMPLATES.iter().map(|(name, src)| {
        let path = if name.starts_with("shortcodes/") {
            name.to_string()
        } else {
            format!("templates/{name}")
        };
        (path, *src)
    });
    let statics = DEFAULT_STATIC
        .iter()
        .map(|(name, src)| (format!("static/{name}"), *src));
    templates.chain(statics)
}

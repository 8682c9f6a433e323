//! Bodies on demand.
//!
//! A build cannot hold the text of 100k dispatches at once (two gigabytes
//! of Markdown become twice that in HTML and plain text), so loading keeps
//! each dispatch slimmed: front matter, headings, references and a
//! fingerprint ([`Rendered::into_slim`]). When its page is written, the
//! body is rendered again from the file here and its references filled in
//! from the URLs the archive resolved. Below the budget (most archives)
//! bodies stay in memory whole, and this is only the filling in.

use crate::archive::{Body, Dispatch, fill};
use crate::config::Config;
use crate::content::{self, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::templates::Templates;

/// Renders Markdown with the site's shortcodes and highlighting.
pub struct Bodies<'a> {
    config: &'a Config,
    templates: &'a Templates,
    /// Shared by every stage of a run: its syntax set loads on first use.
    highlighter: &'a Highlighter,
}

impl<'a> Bodies<'a> {
    pub fn new(config: &'a Config, templates: &'a Templates, highlighter: &'a Highlighter) -> Self {
        Bodies {
            config,
            templates,
            highlighter,
        }
    }

    /// Renders the body of a loaded file.
    pub fn render(&self, file: &SourceFile) -> Rendered {
        let render_shortcode = |call: &markdown::shortcodes::Call, body: Option<&str>| {
            self.templates.render_shortcode(call, body)
        };
        let site_lang = &self.config.language;
        let lang = file.front.language.as_deref().unwrap_or(site_lang);
        let cx = markdown::Context {
            highlighter: self.highlighter,
            shortcode_names: &self.templates.shortcode_names,
            render_shortcode: &render_shortcode,
            rooting: self.config.rooting(),
            own_sites: &self.config.own_sites,
            rtl: super::views::dir(lang) == "rtl",
            site_lang: (lang != site_lang).then_some(site_lang.as_str()),
            zero_digit: crate::lang::zero_digit(lang),
            smart_punctuation: self.config.smart_punctuation,
            words: &self.config.words,
        };
        markdown::render(&file.source, file.body.clone(), &file.file, &cx)
    }

    /// The resolved body of a dispatch, rendered again if it was slimmed.
    /// Fails if the file changed since it was loaded: its references and
    /// backlinks were computed from the earlier text.
    pub fn dispatch(&self, d: &Dispatch) -> Result<Body, Diagnostic> {
        if d.rendered.complete {
            return Ok(resolve(&d.rendered, &d.urls));
        }
        let changed = || {
            Diagnostic::error("file changed or vanished while the site was being built")
                .in_file(&d.file)
                .with_help("build again once the file is saved")
        };
        let path = self.config.root.join(&d.file);
        let file = content::load_one(self.config, &path, d.file.clone()).map_err(|_| changed())?;
        if file.hash != d.source_hash {
            return Err(changed());
        }
        Ok(resolve(&self.render(&file), &d.urls))
    }
}

impl Bodies<'_> {
    /// The plain text of a dispatch's body (for the search index).
    pub fn text(&self, d: &Dispatch) -> Result<String, Diagnostic> {
        if d.rendered.complete {
            return Ok(d.rendered.text.clone());
        }
        self.dispatch(d).map(|b| b.text)
    }
}

fn resolve(rendered: &Rendered, urls: &[String]) -> Body {
    Body {
        html: fill(&rendered.html, urls),
        footnotes: fill(&rendered.footnotes, urls),
        text: rendered.text.clone(),
    }
}

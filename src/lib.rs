//! annals: a static-site generator for annotated dispatch archives.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`content`] (loading) → [`frontmatter`] → [`markdown`]
//! (footnotes, references, shortcodes) → [`archive`] (series, taxonomies,
//! backlinks) → [`templates`] → [`render`] → [`output`] → [`search`];
//! [`build`] runs the stages in order and [`serve`] keeps them warm.

pub mod diagnostic;
pub mod config;
pub mod frontmatter;
pub mod markdown;
pub mod slug;
mod yaml;
pub mod output;

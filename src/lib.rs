//! annals: a static-site generator for annotated dispatch archives.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`content`] (loading) → [`frontmatter`] → [`markdown`]
//! (footnotes, references, shortcodes) → [`archive`] (series, taxonomies,
//! backlinks) → [`templates`] → [`render`] → [`output`] → [`search`].
//! [`build`] runs the stages in order; the library never prints.

pub mod archive;
pub mod build;
pub mod config;
mod conflict;
pub mod content;
pub mod frontmatter;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod templates;
pub mod words;

mod collate;
pub mod diagnostic;
pub mod escape;
pub mod interrupt;
pub mod lang;
pub mod leftovers;
pub mod limits;
mod migrate;
pub mod slug;
mod suggest;
mod yaml;

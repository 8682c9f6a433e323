//! Integration tests: the real `annals` binary run on small fixture sites.

mod support;

mod aliases;
mod archive;
mod bad_config;
mod bad_input;
mod bad_references;
mod build;
mod commands;
mod diagnostics;
mod entities;
mod example;
mod feeds;
mod front_matter_yaml;
mod git;
mod limits;
mod links;
mod migrate;
mod names;
mod order;
mod output;
mod races;
mod reproducible;
mod retired;
mod search_index;
mod serve;
mod shortcode_places;
mod shortcodes;
mod template_syntax;
mod templates;
mod themes;
mod urls;
mod warnings;
mod words;
mod working_folder;

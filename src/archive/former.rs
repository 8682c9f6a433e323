//! The numbers and ids a dispatch had before: a renumbered dispatch, or
//! one moved to another series, keeps its old address as an alias
//! (`aliases: [/special-dispatch/8606/]`), and that alias says what it
//! was. Its page says "Formerly Special Dispatch No. 8606", and search
//! and archive.json know the old id, so that an old citation still
//! finds it.

use super::Dispatch;
use crate::config::Config;
use crate::output::alias_path;

/// An id a dispatch had, as its alias says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Former {
    /// `sd-8606`.
    pub id: String,
    /// `Special Dispatch No. 8606`, or the id for an id-only address.
    pub label: String,
    /// `8606`, for an address in a series.
    pub number: Option<u64>,
}

impl Dispatch {
    /// The ids its aliases held before it (see the module's comment), in
    /// the order the aliases are written; never its own.
    pub fn formerly(&self, config: &Config) -> Vec<Former> {
        let mut found: Vec<Former> = Vec::new();
        for alias in &self.aliases {
            let Some(file) = alias_path(alias) else {
                continue;
            };
            let Some(folder) = file.strip_suffix("/index.html") else {
                continue;
            };
            let Some((first, last)) = folder.split_once('/').filter(|(_, l)| !l.contains('/'))
            else {
                continue;
            };
            let former = if let Some(s) = config.series.iter().find(|s| s.key == first) {
                // `/special-dispatch/8606/`, as a series number is written.
                let Some(n) = last.parse::<u64>().ok().filter(|n| n.to_string() == last) else {
                    continue;
                };
                Former {
                    id: format!("{}-{n}", s.prefix),
                    label: config.words.label(&s.title, n),
                    number: Some(n),
                }
            } else if first == "dispatches" {
                Former {
                    id: last.to_string(),
                    label: last.to_string(),
                    number: None,
                }
            } else {
                continue;
            };
            if former.id != self.id && !found.contains(&former) {
                found.push(former);
            }
        }
        found
    }
}

//! placeholder
pub fn alias_path(_a: &str) -> Option<String> { Some(String::new()) }

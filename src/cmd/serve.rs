//! `annals serve`: placeholder until the dev server lands.
use super::{EXIT_USAGE, SiteArgs};
pub fn run(_site: SiteArgs, _bind: &str, _port: u16) -> u8 {
    eprintln!("error: serve is not available yet");
    EXIT_USAGE
}

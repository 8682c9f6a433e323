//! The `annals` command: parse arguments, run one command, exit with its code.
//!
//! 0: success; 1: content or template errors (all reported); 2: usage errors.

use std::process::ExitCode;

use clap::Parser;

mod cmd;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    ExitCode::from(cmd::run(cli))
}

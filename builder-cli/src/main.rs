//! `plumb`: check container and OS-image build configurations.
//!
//! Exit codes: 0 when clean, 1 when findings reach the fail level, 2 on usage errors or when a
//! path could not be checked.

mod build_report;
mod cli;
mod commands;
mod compose_workspace;
mod context_listing;
mod deploy;
mod discover;
mod executor;
mod file_replacement;
mod fixing;
mod image_diff;
mod image_resolution;
mod json_text;
mod lock_finder;
mod nearest_config;
mod nearest_file;
mod parallel;
mod plan_inputs;
mod progress;
mod render;
mod source_resolution;
mod step_state;
mod style;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let outcome = match cli.command {
        cli::Command::Check(arguments) => commands::check::run(&arguments),
        cli::Command::Rules(arguments) => commands::rules::run(&arguments),
        cli::Command::Dump(arguments) => commands::dump::run(&arguments),
        cli::Command::Lock(arguments) => commands::lock::run(&arguments),
        cli::Command::Plan(arguments) => commands::plan::run(&arguments),
        cli::Command::Build(arguments) => commands::build::run(&arguments),
        cli::Command::Verify(arguments) => commands::verify::run(&arguments),
        cli::Command::Compose(arguments) => commands::compose::run(&arguments),
        cli::Command::Dstack(arguments) => commands::dstack::run(&arguments),
        cli::Command::Mkosi(arguments) => commands::mkosi::run(&arguments),
        cli::Command::Oci(arguments) => commands::oci::run(&arguments),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}: {error:#}", style::Style::stderr().error("error"));
            ExitCode::from(2)
        }
    }
}

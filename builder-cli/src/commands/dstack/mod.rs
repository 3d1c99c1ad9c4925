//! `plumb dstack …`: app-compose.json written, measured, and checked against a deployment.

mod app_compose;
mod hash;
mod verify_quote;

use crate::cli::{DstackArgs, DstackCommand};
use anyhow::{Context, Result};
use plumb_core::dstack::{Measurement, measure};
use std::path::Path;
use std::process::ExitCode;

pub fn run(arguments: &DstackArgs) -> Result<ExitCode> {
    match &arguments.command {
        DstackCommand::AppCompose(options) => app_compose::run(options),
        DstackCommand::Hash(options) => hash::run(options),
        DstackCommand::VerifyQuote(options) => verify_quote::run(options),
    }
}

/// The measurement of the app-compose.json at `path`, or why dstack would not boot it.
fn measure_file(path: &Path, app_id: Option<[u8; 20]>) -> Result<Measurement> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    measure(&bytes, app_id)
        .with_context(|| format!("{} is not an app-compose.json dstack boots", path.display()))
}

/// The labelled values, aligned.
pub fn write_lines(
    lines: &[(String, String)],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let width = lines
        .iter()
        .map(|(label, _)| label.len())
        .max()
        .unwrap_or(0);
    for (label, value) in lines {
        writeln!(out, "{label:<width$}  {value}")?;
    }
    Ok(())
}

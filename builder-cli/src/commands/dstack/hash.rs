//! `plumb dstack hash FILE`: what dstack measures of an existing app-compose.json.

use super::{measure_file, write_lines};
use crate::cli::{DstackHashArgs, MeasurementFormat};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(arguments: &DstackHashArgs) -> Result<ExitCode> {
    let measurement = measure_file(&arguments.file, arguments.app_id)?;
    let mut stdout = std::io::stdout().lock();
    match arguments.format {
        MeasurementFormat::Text => write_lines(&measurement.lines(), &mut stdout)?,
        MeasurementFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &measurement.to_json())?;
            writeln!(stdout)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

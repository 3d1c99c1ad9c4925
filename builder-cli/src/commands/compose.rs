//! `plumb compose [-f FILE…] [-p NAME] [--profile P…] [--project-directory DIR]
//! [--env-file FILE…] config …`: a compose project read as docker compose reads it, from
//! the files on disk and the process environment.

use crate::cli::{ComposeArgs, ComposeCommand, ComposeConfigArgs, ComposeFormat};
use crate::style::Style;
use anyhow::{Context, Result};
use plumb_core::compose::config::{ConfigView, OutputFormat, config};
use plumb_core::compose::project::{ProjectFiles, ProjectRequest};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(arguments: &ComposeArgs) -> Result<ExitCode> {
    match &arguments.command {
        ComposeCommand::Config(options) => run_config(arguments, options),
    }
}

/// The files a project names, read from disk when the loader asks for them.
pub struct DiskFiles;

impl ProjectFiles for DiskFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let path = Path::new(path);
        if path.is_file() {
            std::fs::read(path).ok()
        } else {
            None
        }
    }

    fn is_directory(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn run_config(arguments: &ComposeArgs, options: &ComposeConfigArgs) -> Result<ExitCode> {
    let working_directory = std::env::current_dir().context("cannot read the current directory")?;
    let request = ProjectRequest {
        working_directory: text(&working_directory),
        files: arguments.files.iter().map(|file| text(file)).collect(),
        project_directory: arguments.project_directory.as_deref().map(text),
        project_name: arguments.project_name.clone(),
        profiles: arguments.profiles.clone(),
        env_files: arguments.env_files.iter().map(|file| text(file)).collect(),
        environment: std::env::vars_os()
            .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
            .collect(),
        interpolate: !options.no_interpolate,
        services: options.services.clone(),
    };
    let view = if options.quiet {
        ConfigView::Quiet
    } else if options.list_services {
        ConfigView::Services
    } else if options.images {
        ConfigView::Images
    } else {
        ConfigView::Model(match options.format {
            ComposeFormat::Yaml => OutputFormat::Yaml,
            ComposeFormat::Json => OutputFormat::Json,
        })
    };
    let result = config(&request, &DiskFiles, view);
    let style = Style::stderr();
    let mut stderr = std::io::stderr().lock();
    for warning in &result.loaded.warnings {
        let _ = writeln!(stderr, "{}: {}", style.warning("warning"), warning.message);
    }
    match result.output {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush());
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let _ = writeln!(stderr, "{}: {}", style.error("error"), error.message);
            if let Some(location) = error.place.and_then(|place| result.loaded.locate(place)) {
                let _ = writeln!(
                    stderr,
                    "  --> {}:{}:{}",
                    location.path, location.start.line, location.start.column
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}

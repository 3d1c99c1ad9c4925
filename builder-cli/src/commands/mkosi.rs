//! `plumb mkosi summary [DIR] [-C DIR] [--profile P] [-d DIST] [-r RELEASE] [--format
//! text|json] [--mkosi-version 24|26]`: an mkosi tree resolved as mkosi reads it, from the
//! files on disk and the host's os-release.

use crate::cli::{MkosiArgs, MkosiCommand, MkosiSummaryArgs, MkosiSummaryFormat};
use crate::nearest_config::nearest_config;
use crate::style::Style;
use anyhow::{Context, Result};
use plumb_core::SourceFile;
use plumb_core::mkosi::resolve::files::TreeFiles;
use plumb_core::mkosi::resolve::{Host, Request, resolve, summary};
use plumb_core::mkosi::settings::{MKOSI_26, Settings};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(arguments: &MkosiArgs) -> Result<ExitCode> {
    match &arguments.command {
        MkosiCommand::Summary(options) => run_summary(options),
    }
}

/// The tree's files, read from disk when resolution asks for them.
struct DiskFiles;

impl TreeFiles for DiskFiles {
    fn read(&self, path: &str) -> Option<String> {
        let path = Path::new(path);
        path.is_file()
            .then(|| std::fs::read_to_string(path).ok())
            .flatten()
    }

    fn is_file(&self, path: &str) -> bool {
        Path::new(path).is_file()
    }

    fn is_directory(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }

    fn entries(&self, path: &str) -> Vec<String> {
        std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The host as mkosi sees it.
fn host() -> Host {
    let os_release = std::fs::read_to_string("/usr/lib/os-release").ok();
    let environment = std::env::vars_os()
        .filter_map(|(key, value)| Some((key.into_string().ok()?, value.into_string().ok()?)))
        .collect();
    Host {
        stderr_is_terminal: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        ..Host::new(os_release.as_deref(), std::env::consts::ARCH, environment)
    }
}

/// The second word of `systemctl --version`, as mkosi reads it for `[Match] SystemdVersion=`;
/// `None` without systemd.
fn systemd_version() -> Option<String> {
    let output = std::process::Command::new("systemctl")
        .arg("--version")
        .output()
        .ok()?;
    let output = String::from_utf8(output.stdout).ok()?;
    output.split_whitespace().nth(1).map(str::to_owned)
}

fn run_summary(options: &MkosiSummaryArgs) -> Result<ExitCode> {
    let given = options
        .change_directory
        .as_ref()
        .or(options.directory.as_ref());
    let directory = match given {
        Some(directory) => std::fs::canonicalize(directory)
            .with_context(|| format!("cannot read the directory {}", directory.display()))?,
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    let configured = match nearest_config(&directory)? {
        Some((config, _)) => config.mkosi.and_then(|section| section.settings()),
        None => None,
    };
    let settings = options
        .mkosi_version
        .as_deref()
        .and_then(Settings::release)
        .or(configured)
        .unwrap_or(MKOSI_26);
    let request = Request {
        directory: directory.to_string_lossy().into_owned(),
        profile: options.profile.clone(),
        distribution: options.distribution.clone(),
        release: options.release.clone(),
    };
    let style = Style::stderr();
    let mut stderr = std::io::stderr().lock();
    let mut host = host();
    let mut outcome = resolve(&request, settings, &host, &DiskFiles);
    // systemctl is asked only for a tree that matches on its version: starting it would
    // double the time of every other summary.
    if matches!(&outcome, Err(failure) if failure.needs_systemd_version) {
        host.systemd_version = systemd_version();
        if host.systemd_version.is_some() {
            outcome = resolve(&request, settings, &host, &DiskFiles);
        }
    }
    match outcome {
        Ok(resolved) => {
            for warning in &resolved.warnings {
                let _ = writeln!(stderr, "{}: {}", style.warning("warning"), warning.message);
            }
            let output = match options.format {
                MkosiSummaryFormat::Json => summary::json(&resolved, &settings),
                MkosiSummaryFormat::Text => summary::text(&resolved, &settings),
            };
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush());
            Ok(ExitCode::SUCCESS)
        }
        Err(failure) => {
            let place = failure.at.as_ref().map(|at| {
                let text = std::fs::read_to_string(&at.file).unwrap_or_default();
                let position = SourceFile::new(at.file.clone(), text).position(at.span.start);
                format!("{}:{}:{}: ", at.file, position.line, position.column)
            });
            let _ = writeln!(
                stderr,
                "{}: {}{}",
                style.error("error"),
                place.unwrap_or_default(),
                failure.describe(settings.release)
            );
            Ok(ExitCode::from(2))
        }
    }
}

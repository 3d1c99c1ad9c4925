//! `plumb dstack app-compose [COMPOSE]`: the app-compose.json dstack deploys, from the
//! compose file's text, the flags and `[dstack]` in the nearest plumb.toml.

use super::write_lines;
use crate::cli::{AppComposeArgs, AppComposeStyle, KeyProviderName, StorageFs};
use crate::discover::{Request, load_for_plan};
use crate::nearest_config::nearest_config;
use anyhow::{Context, Result, bail};
use plumb_core::FileKind;
use plumb_core::dstack::{
    AppComposeSettings, DstackSection, KeyProvider, Style, measure, pin_pulled_images,
    write_app_compose,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The names docker compose looks for, in its order.
const COMPOSE_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

pub fn run(arguments: &AppComposeArgs) -> Result<ExitCode> {
    let compose_path = match &arguments.compose {
        Some(path) => path.clone(),
        None => default_compose_file()?,
    };
    let bytes = std::fs::read(&compose_path)
        .with_context(|| format!("cannot read {}", compose_path.display()))?;
    let compose_text = String::from_utf8(bytes).map_err(|error| {
        anyhow::anyhow!(
            "{} is not UTF-8 (byte {}): dstack embeds the compose file as a JSON string",
            compose_path.display(),
            error.utf8_error().valid_up_to()
        )
    })?;
    let compose_text = if arguments.pin {
        pinned_text(&compose_path)?
    } else {
        compose_text
    };
    let directory = std::fs::canonicalize(&compose_path)
        .ok()
        .and_then(|path| path.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let section = project_section(&directory)?;
    let settings = settings(
        arguments,
        section.as_ref().map(|(section, _)| section),
        &directory,
    )?;
    let pre_launch_script = match (&arguments.prelaunch_script, &section) {
        (Some(path), _) => Some(path.clone()),
        (None, Some((section, config_directory))) => section
            .pre_launch_script
            .as_ref()
            .map(|path| config_directory.join(path)),
        (None, None) => None,
    };
    let settings = AppComposeSettings {
        pre_launch_script: match pre_launch_script {
            Some(path) => Some(std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read the pre-launch script {}", path.display())
            })?),
            None => None,
        },
        ..settings
    };
    let style = match arguments.style {
        Some(AppComposeStyle::Canonical) => Style::Canonical,
        Some(AppComposeStyle::VmmCli) => Style::VmmCli,
        None => section
            .as_ref()
            .and_then(|(section, _)| section.style())
            .unwrap_or(Style::Canonical),
    };
    let app_compose = match write_app_compose(&compose_text, &settings, style) {
        Ok(bytes) => bytes,
        Err(problems) => bail!("{}", problems.join("; ")),
    };
    match &arguments.output {
        Some(path) => std::fs::write(path, &app_compose)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&app_compose)?;
            stdout.flush()?;
        }
    }
    // Written by plumb a moment ago: it always measures.
    let measurement = measure(&app_compose, None)?;
    write_lines(&measurement.lines(), &mut std::io::stderr().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// The compose file's text with the images its services pull pinned by the nearest
/// plumb.lock, read as `plumb plan` reads the project (no environment but `.env`).
fn pinned_text(compose_path: &Path) -> Result<String> {
    let paths = [compose_path.to_path_buf()];
    let request = Request {
        paths: &paths,
        kind: Some(FileKind::Compose),
        with_locks: true,
        ..Request::default()
    };
    let loaded = load_for_plan(&request)?;
    let Some(shown) = loaded.workspace.paths_of_kind(FileKind::Compose).next() else {
        bail!("{} is not a compose file", compose_path.display());
    };
    pin_pulled_images(&loaded.workspace, shown).map_err(|problems| {
        anyhow::anyhow!("cannot pin the images of {shown}: {}", problems.join("; "))
    })
}

fn default_compose_file() -> Result<PathBuf> {
    COMPOSE_FILES
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
        .with_context(|| {
            format!(
                "no compose file here ({}); name one",
                COMPOSE_FILES.join(", ")
            )
        })
}

/// `[dstack]` of the plumb.toml nearest to the compose file, with that file's directory.
fn project_section(directory: &Path) -> Result<Option<(DstackSection, PathBuf)>> {
    Ok(nearest_config(directory)?
        .and_then(|(config, config_directory)| Some((config.dstack?, config_directory))))
}

fn settings(
    arguments: &AppComposeArgs,
    section: Option<&DstackSection>,
    compose_directory: &Path,
) -> Result<AppComposeSettings> {
    let mut settings = AppComposeSettings::default();
    if let Some(section) = section {
        section.apply(&mut settings);
    }
    // A flag can only switch an option on, as vmm-cli's do; plumb.toml may have too.
    let flags = [
        (arguments.kms, &mut settings.kms),
        (arguments.gateway, &mut settings.gateway),
        (
            arguments.local_key_provider,
            &mut settings.local_key_provider,
        ),
        (arguments.public_logs, &mut settings.public_logs),
        (arguments.public_sysinfo, &mut settings.public_sysinfo),
        (arguments.no_instance_id, &mut settings.no_instance_id),
        (arguments.secure_time, &mut settings.secure_time),
    ];
    for (flag, setting) in flags {
        *setting |= flag;
    }
    if let Some(name) = &arguments.name {
        settings.name.clone_from(name);
    }
    if settings.name.is_empty() {
        settings.name = compose_directory
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    if let Some(version) = arguments.manifest_version {
        settings.manifest_version = version;
    }
    if let Some(kind) = arguments.key_provider {
        settings.key_provider = Some(match kind {
            KeyProviderName::None => KeyProvider::None,
            KeyProviderName::Kms => KeyProvider::Kms,
            KeyProviderName::Local => KeyProvider::Local,
            KeyProviderName::Tpm => KeyProvider::Tpm,
        });
    }
    if let Some(id) = &arguments.key_provider_id {
        settings.key_provider_id.clone_from(id);
    }
    if arguments.public_tcbinfo.is_some() {
        settings.public_tcbinfo = arguments.public_tcbinfo;
    }
    let mut allowed_envs = arguments.allowed_envs.clone();
    if let Some(path) = &arguments.env_file {
        allowed_envs.extend(env_file_names(path)?);
    }
    if !allowed_envs.is_empty() {
        settings.allowed_envs = allowed_envs;
    }
    if let Some(storage_fs) = arguments.storage_fs {
        settings.storage_fs = Some(
            match storage_fs {
                StorageFs::Zfs => "zfs",
                StorageFs::Ext4 => "ext4",
            }
            .to_owned(),
        );
    }
    if let Some(size) = arguments.swap {
        settings.swap_size = size;
    }
    if let Some(version) = arguments.event_log_version {
        settings.event_log_version = version;
    }
    Ok(settings)
}

/// The names an env file sets, as vmm-cli reads them: `NAME=value` lines, blank lines and
/// `#` comments skipped, lines without `=` ignored, each name once in first-seen order.
fn env_file_names(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut names: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim().to_owned();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    Ok(names)
}

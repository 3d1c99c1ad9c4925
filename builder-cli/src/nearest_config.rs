//! The plumb.toml nearest a directory (in it or above), read, with its directory.

use crate::discover::CONFIG_FILE;
use crate::nearest_file::NearestFile;
use anyhow::{Context, Result};
use plumb_core::SourceFile;
use plumb_core::config::Config;
use std::path::{Path, PathBuf};

/// The nearest plumb.toml's configuration and the directory holding it; an error names the
/// line and column of what it refuses.
pub fn nearest_config(directory: &Path) -> Result<Option<(Config, PathBuf)>> {
    let Some(path) = NearestFile::new(&[CONFIG_FILE]).find(directory) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let config = Config::parse(&text).map_err(|error| {
        let position =
            SourceFile::new(path.display().to_string(), text.as_str()).position(error.span.start);
        anyhow::anyhow!(
            "{}:{}:{}: {}",
            path.display(),
            position.line,
            position.column,
            error.message
        )
    })?;
    let config_directory = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some((config, config_directory)))
}

//! Writing a file the CLI replaces (a lock, a recorded plan) through a file beside it, then
//! one rename, so that a reader never sees half of it and an interrupted write leaves the
//! old one whole.

use anyhow::{Context as _, Result};
use std::fs;
use std::path::Path;

pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = Path::new(&partial);
    fs::write(partial, bytes).with_context(|| format!("cannot write {}", partial.display()))?;
    fs::rename(partial, path).with_context(|| format!("cannot write {}", path.display()))
}

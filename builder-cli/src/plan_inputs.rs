//! A plan checked against itself and against the files it was made from, before anything
//! runs: its id must be the digest of its core, and every configuration file, build context
//! and named context must still have the digest the plan recorded. Every path must stay
//! inside the plan's root. What drifted is listed, all of it, not only the first.

use crate::context_listing;
use crate::file_replacement::write_replacing;
use crate::json_text::text;
use anyhow::{Context as _, Result, bail};
use plumb_core::canonical_json;
use plumb_core::context_tree::{EntryKind, tree_digest};
use plumb_core::digest::{sha256, sha256_of_reader};
use plumb_core::dockerfile::dockerignore::Dockerignore;
use plumb_core::plan::PLAN_SCHEMA;
use serde_json::Value;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// A plan read from its file: its JSON and the directory its paths are relative to.
pub struct PlanFile {
    pub json: Value,
    pub root: PathBuf,
}

impl PlanFile {
    /// Reads the plan at `path`; its root is the directory it is in.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let json: Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        if json["schema"] != PLAN_SCHEMA {
            bail!(
                "{} is not a {PLAN_SCHEMA} plan (its schema: {})",
                path.display(),
                json["schema"]
            );
        }
        let root = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Self { json, root })
    }

    /// The manifest digest a trusted build recorded for the output step `step` makes
    /// (`plumb build --record`), if one did.
    pub fn expected(&self, step: &str) -> Option<&str> {
        let output = self.json["core"]["outputs"]
            .as_array()?
            .iter()
            .find(|output| output["step"] == step)?;
        self.json["expected"][text(&output["name"])].as_str()
    }

    /// Writes each step's manifest digest (by step id) as its output's expected digest, and
    /// each of `named` (a deploy's compose-hash) under its name, into the plan file at
    /// `path`, canonical again; the plan id does not cover them.
    pub fn record(
        &mut self,
        path: &Path,
        manifests: &[(String, String)],
        named: &[(String, String)],
    ) -> Result<()> {
        for (name, value) in named {
            self.json["expected"][name] = value.clone().into();
        }
        let outputs = self.json["core"]["outputs"].clone();
        for output in entries(&outputs) {
            if let Some((_, manifest)) = manifests
                .iter()
                .find(|(step, _)| step == text(&output["step"]))
            {
                self.json["expected"][text(&output["name"])] = manifest.clone().into();
            }
        }
        let mut bytes = canonical_json::to_vec(&self.json)?;
        bytes.push(b'\n');
        write_replacing(path, &bytes)
    }

    /// Everything that differs between the plan and what it describes; empty when nothing
    /// does.
    pub fn drift(&self) -> Result<Vec<String>> {
        let mut drifted = Vec::new();
        let core = &self.json["core"];
        let id = sha256(&canonical_json::to_vec(core)?);
        if self.json["plan_id"] != id.as_str() {
            drifted.push(format!(
                "plan_id is {}, but the core's digest is {id}: the plan was edited after it was made",
                self.json["plan_id"]
            ));
        }
        let intent = &core["intent"];
        for file in entries(&intent["files"]) {
            let path = text(&file["path"]);
            match self.inside(path).and_then(|real| file_digest(&real)) {
                Ok(found) if found == text(&file["sha256"]) => {}
                Ok(found) => drifted.push(format!(
                    "{path}: sha256 {} in the plan, {found} now",
                    text(&file["sha256"])
                )),
                Err(error) => drifted.push(format!("{path}: {error:#}")),
            }
        }
        for context in entries(&intent["contexts"]) {
            let ignore = context.get("ignore_file").and_then(Value::as_str);
            self.compare_tree(
                "context",
                text(&context["path"]),
                ignore,
                context,
                &mut drifted,
            );
        }
        if let Some(named) = intent["named_contexts"].as_object() {
            for (name, context) in named {
                let what = format!("named context {name}");
                self.compare_tree(&what, text(&context["path"]), None, context, &mut drifted);
            }
        }
        Ok(drifted)
    }

    /// Compares the tree digest of the directory at `path` (listed through `ignore`) with
    /// the one `recorded` holds.
    fn compare_tree(
        &self,
        what: &str,
        path: &str,
        ignore: Option<&str>,
        recorded: &Value,
        drifted: &mut Vec<String>,
    ) {
        let expected = text(&recorded["tree"]);
        if expected == "unknown" {
            drifted.push(format!(
                "{what} {path}: the plan has no tree digest for it (its front end listed nothing)"
            ));
            return;
        }
        match self.tree(path, ignore) {
            Ok(found) if found == expected => {}
            Ok(found) => drifted.push(format!(
                "{what} {path}: tree {expected} in the plan, {found} now (a file below it was added, removed or changed)"
            )),
            Err(error) => drifted.push(format!("{what} {path}: {error:#}")),
        }
    }

    fn tree(&self, path: &str, ignore: Option<&str>) -> Result<String> {
        let directory = self.inside(path)?;
        let ignore = match ignore {
            Some(ignore) => {
                let text = fs::read_to_string(self.inside(ignore)?)
                    .with_context(|| format!("cannot read {ignore}"))?;
                Dockerignore::parse(&text).map_err(anyhow::Error::msg)?
            }
            None => None,
        };
        let entries = context_listing::entries(&directory, ignore.as_ref())
            .with_context(|| format!("cannot list {path}"))?;
        for entry in &entries {
            if let EntryKind::Symlink { target } = &entry.kind
                && escapes(&entry.path, target)
            {
                bail!(
                    "{path}/{} is a link to {target}, outside the context",
                    entry.path
                );
            }
        }
        tree_digest(&entries).map_err(|error| anyhow::anyhow!("{error}"))
    }

    /// The file or directory at the plan path `path`, refused when the path could lead
    /// outside the plan's root: absolute, with `..`, or through a symbolic link.
    pub fn inside(&self, path: &str) -> Result<PathBuf> {
        let relative = Path::new(path);
        let plain = relative
            .components()
            .all(|component| matches!(component, Component::Normal(_) | Component::CurDir));
        if !plain {
            bail!("the path {path:?} is not inside the plan's directory");
        }
        let mut real = self.root.clone();
        for component in relative.components() {
            real.push(component);
            if fs::symlink_metadata(&real).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
                bail!("the path {path:?} goes through a symbolic link");
            }
        }
        Ok(real)
    }
}

/// Whether a link at `link` (a context path) pointing to `target` leads outside the context.
fn escapes(link: &str, target: &str) -> bool {
    if target.starts_with('/') {
        return true;
    }
    let mut depth: usize = link.matches('/').count();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

fn file_digest(path: &Path) -> Result<String> {
    let file = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(sha256_of_reader(file)?.0)
}

fn entries(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::escapes;

    #[test]
    fn links_that_leave_the_context_are_told_apart() {
        assert!(!escapes("a/link", "../b"));
        assert!(escapes("link", "../b"));
        assert!(escapes("a/link", "/etc/passwd"));
        assert!(!escapes("a/b/link", "../../c"));
        assert!(escapes("a/b/link", "../../../c"));
    }
}

//! `include` as compose-go v2.9.1 applies it (`ApplyInclude`): each entry names compose
//! files (the first one's directory is the included project's directory unless
//! `project_directory` says otherwise) loaded as a project of their own, interpolated with
//! their own `.env` (or `env_file`) under the including project's environment, with paths
//! relative to the including project; their services, networks, volumes, secrets, configs
//! and models join the model, and one already defined differently is an error.

use super::load::{FileContext, Loader};
use super::posix_path as path;
use super::problem::LoadError;
use super::tree;
use crate::yaml::{Node, Value};

/// One `include` entry, its paths made absolute.
struct Include {
    paths: Vec<String>,
    project_directory: String,
    relative_directory: String,
    env_files: Vec<String>,
}

pub fn apply_include(
    loader: &mut Loader<'_>,
    document: &mut Node,
    context: &FileContext<'_>,
) -> Result<(), LoadError> {
    let Some(entries) = tree::remove(document, "include") else {
        return Ok(());
    };
    if entries.is_null() {
        return Ok(());
    }
    let Value::Sequence(items) = &entries.value else {
        return Err(LoadError::at(
            format!(
                "`include` must be a list, got {}",
                super::go_format::sprint(&entries.value)
            ),
            &entries,
        ));
    };
    for item in items {
        let include = read_include(loader, item, context)?;
        let mut environment = context.environment.clone();
        let from_files = loader.env_from_files(&include.env_files, context.environment)?;
        for (key, value) in from_files {
            environment.entry(key).or_insert(value);
        }
        let included_context = FileContext {
            resources: include.project_directory.clone(),
            working_directory: include.relative_directory.clone(),
            environment: &environment,
            extends: true,
            include: true,
            validate: true,
            included: context.included.clone(),
        };
        let imported = loader.load_model(&include.paths, &included_context)?;
        import_resources(imported, document)?;
    }
    Ok(())
}

fn read_include(
    loader: &mut Loader<'_>,
    item: &Node,
    context: &FileContext<'_>,
) -> Result<Include, LoadError> {
    let strings = |node: Option<&Node>| -> Vec<String> {
        match node.map(|node| &node.value) {
            Some(Value::String(text)) => vec![text.clone()],
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let (written_paths, project_directory, written_env_files) = match &item.value {
        Value::String(text) => (vec![text.clone()], String::new(), Vec::new()),
        _ => (
            strings(item.get("path")),
            item.get("project_directory")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned(),
            strings(item.get("env_file")),
        ),
    };
    let mut paths = Vec::new();
    let mut include_directory = project_directory;
    let mut relative_directory = String::new();
    for (index, written) in written_paths.iter().enumerate() {
        let absolute = path::absolute(&context.resources, written);
        if index == 0 {
            let resource_directory = |target: &str| {
                let target = if loader.is_directory(target) {
                    target.to_owned()
                } else {
                    path::parent(target)
                };
                path::relative(&context.resources, &target)
            };
            if include_directory.is_empty() {
                relative_directory = resource_directory(&absolute);
                include_directory = path::parent(&absolute);
            } else if !path::is_absolute(&include_directory) {
                relative_directory =
                    resource_directory(&path::absolute(&context.resources, &include_directory));
                include_directory = path::join(&[&context.working_directory, &include_directory]);
            } else {
                relative_directory = include_directory.clone();
            }
            if context.included.contains(&absolute) {
                let mut chain = context.included.clone();
                chain.push(absolute.clone());
                return Err(LoadError::at(
                    format!(
                        "include cycle detected:\n{}\n include {}",
                        chain[0],
                        chain[1..].join("\n include ")
                    ),
                    item,
                ));
            }
        }
        paths.push(absolute);
    }
    let env_files = if written_env_files.is_empty() {
        let dot_env = path::join(&[&include_directory, ".env"]);
        if loader.is_file(&dot_env) {
            vec![dot_env]
        } else {
            Vec::new()
        }
    } else {
        let mut env_files = Vec::new();
        for written in written_env_files {
            let file = if path::is_absolute(&written) {
                written
            } else {
                let file = path::join(&[&context.working_directory, &written]);
                if loader.is_directory(&file) {
                    return Err(LoadError::at(format!("{file} is not a file"), item));
                }
                if !loader.is_file(&file) {
                    return Err(LoadError::at(
                        format!("stat {file}: no such file or directory"),
                        item,
                    ));
                }
                file
            };
            env_files.push(file);
        }
        env_files
    };
    Ok(Include {
        paths,
        project_directory: include_directory,
        relative_directory,
        env_files,
    })
}

/// compose-go's `importResources`: what the included project defines joins the model.
fn import_resources(imported: Node, model: &mut Node) -> Result<(), LoadError> {
    let Value::Mapping(imported) = imported.value else {
        return Ok(());
    };
    for kind in [
        "services", "volumes", "networks", "secrets", "configs", "models",
    ] {
        let Some(from) = imported
            .iter()
            .find(|entry| entry.key.as_str() == Some(kind))
        else {
            continue;
        };
        if from.value.is_null() {
            continue;
        }
        if model.get(kind).is_none() {
            let empty = tree::mapping(Vec::new(), &from.value);
            tree::set(model, kind, empty);
        }
        let Some(target) = tree::get_mut(model, kind) else {
            continue;
        };
        for entry in from.value.as_mapping().unwrap_or_default() {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            if let Some(existing) = target.get(name) {
                if same_value(existing, &entry.value) {
                    continue;
                }
                return Err(LoadError::at(
                    format!("{kind}.{name} conflicts with imported resource"),
                    &entry.key,
                ));
            }
            tree::set(target, name, entry.value.clone());
        }
    }
    Ok(())
}

/// Go's `reflect.DeepEqual` on decoded YAML: values, not where they are written.
fn same_value(left: &Node, right: &Node) -> bool {
    match (&left.value, &right.value) {
        (Value::Mapping(left), Value::Mapping(right)) => {
            left.len() == right.len()
                && left.iter().all(|entry| {
                    right.iter().any(|other| {
                        other.key.value == entry.key.value && same_value(&entry.value, &other.value)
                    })
                })
        }
        (Value::Sequence(left), Value::Sequence(right)) => {
            left.len() == right.len() && left.iter().zip(right).all(|(a, b)| same_value(a, b))
        }
        (left, right) => left == right,
    }
}

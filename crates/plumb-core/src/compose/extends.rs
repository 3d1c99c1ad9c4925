//! `extends` as compose-go v2.9.1 applies it (`ApplyExtends`): a service starts from
//! another service of the same file, or of another file (`extends: {file, service}`), and
//! its own settings merge over it by the same rules as an override file. Bases are
//! extended first, recursively; a chain that comes back to a service is an error naming
//! each step. A base file is read through the file pipeline without its own `extends`,
//! `include` and schema check, and its relative paths are rewritten to be relative to the
//! project directory.

use super::load::{FileContext, Loader};
use super::merge::merge_service;
use super::posix_path as path;
use super::problem::LoadError;
use super::relative_paths::resolve_relative_paths;
use super::reset::Resets;
use super::tree;
use crate::yaml::{Entry, Node, Value};

/// The services an `extends` chain passed through: `(file, service)`.
type Chain = Vec<(String, String)>;

/// Extends every service of `document` that says `extends`.
pub fn apply_extends(
    loader: &mut Loader<'_>,
    document: &mut Node,
    file: &str,
    context: &FileContext<'_>,
    resets: &Resets,
) -> Result<(), LoadError> {
    let origin = document.clone();
    let Some(services) = tree::get_mut(document, "services") else {
        return Ok(());
    };
    let Value::Mapping(entries) = &mut services.value else {
        return Err(LoadError::at("services must be a mapping", &origin));
    };
    let names: Vec<String> = entries
        .iter()
        .filter_map(|entry| entry.key.as_str().map(str::to_owned))
        .collect();
    for name in names {
        let merged = extend_service(
            loader,
            &name,
            entries,
            file,
            context,
            &Chain::new(),
            Some(resets),
        )?;
        if let Some(merged) = merged
            && let Some(entry) = entries
                .iter_mut()
                .find(|entry| entry.key.as_str() == Some(&name))
        {
            entry.value = merged;
        }
    }
    Ok(())
}

/// The service `name` of `services` with its `extends` applied (`None`: it is null).
fn extend_service(
    loader: &mut Loader<'_>,
    name: &str,
    services: &mut Vec<Entry>,
    file: &str,
    context: &FileContext<'_>,
    chain: &Chain,
    resets: Option<&Resets>,
) -> Result<Option<Node>, LoadError> {
    let Some(service) = services
        .iter()
        .find(|entry| entry.key.as_str() == Some(name))
        .map(|entry| entry.value.clone())
    else {
        return Ok(None);
    };
    if service.is_null() {
        return Ok(None);
    }
    if !matches!(service.value, Value::Mapping(_)) {
        return Err(LoadError::at(
            format!("services.{name} must be a mapping"),
            &service,
        ));
    }
    let Some(extends) = service.get("extends") else {
        return Ok(Some(service));
    };
    let (reference, base_file) = match &extends.value {
        Value::Mapping(_) => {
            let Some(reference) = extends.get("service").and_then(Node::as_str) else {
                return Err(LoadError::at(
                    format!("extends.{name}.service is required"),
                    extends,
                ));
            };
            let base_file = extends
                .get("file")
                .and_then(Node::as_str)
                .map(str::to_owned);
            (reference.to_owned(), base_file)
        }
        Value::String(reference) => (reference.clone(), None),
        _ => return Ok(Some(service)),
    };
    let mut base_services;
    let (services, chain_file, base_resets) = match &base_file {
        Some(base_file) => {
            let (loaded, loaded_resets) =
                base_from_file(loader, name, &reference, file, base_file, context, extends)?;
            base_services = loaded;
            (&mut base_services, base_file.clone(), Some(loaded_resets))
        }
        None => {
            if !services
                .iter()
                .any(|entry| entry.key.as_str() == Some(&reference))
            {
                return Err(LoadError::at(
                    format!(
                        "cannot extend service {name:?} in {file}: service {reference:?} not found"
                    ),
                    extends,
                ));
            }
            (services, file.to_owned(), None)
        }
    };
    let chain = add_to_chain(chain, &chain_file, name, extends)?;
    let base = extend_service(
        loader,
        &reference,
        services,
        file,
        context,
        &chain,
        base_resets.as_ref(),
    )?;
    let Some(base) = base else {
        return Ok(Some(service));
    };
    let mut source = base;
    if let Some(resets) = resets {
        // The extending file's `!reset` tags apply to the base, seen at this service.
        let mut wrapper = tree::mapping(
            vec![(
                "services".to_owned(),
                tree::mapping(vec![(name.to_owned(), source.clone())], &source),
            )],
            &source,
        );
        resets.apply(&mut wrapper);
        source = wrapper
            .get("services")
            .and_then(|services| services.get(name))
            .cloned()
            .unwrap_or(source);
    }
    let mut merged = merge_service(source, service)?;
    tree::remove(&mut merged, "extends");
    if let Some(entry) = services
        .iter_mut()
        .find(|entry| entry.key.as_str() == Some(name))
    {
        entry.value = merged.clone();
    }
    Ok(Some(merged))
}

/// compose-go's `cycleTracker.Add`.
fn add_to_chain(chain: &Chain, file: &str, name: &str, at: &Node) -> Result<Chain, LoadError> {
    let step = (file.to_owned(), name.to_owned());
    if chain.contains(&step) {
        let mut lines = vec!["Circular reference:".to_owned()];
        let (first_file, first_service) = &chain[0];
        lines.push(format!("  {first_service} in {first_file}"));
        for (step_file, step_service) in chain[1..].iter().chain(std::iter::once(&step)) {
            lines.push(format!("  extends {step_service} in {step_file}"));
        }
        return Err(LoadError::at(lines.join("\n"), at));
    }
    let mut longer = chain.clone();
    longer.push(step);
    Ok(longer)
}

/// The services of the file an `extends` names, read without extends, include and schema,
/// with paths relative to the project directory, and the file's reset tags.
fn base_from_file(
    loader: &mut Loader<'_>,
    name: &str,
    reference: &str,
    file: &str,
    base_file: &str,
    context: &FileContext<'_>,
    at: &Node,
) -> Result<(Vec<Entry>, Resets), LoadError> {
    let local = path::absolute(&context.resources, base_file);
    let base_directory = if loader.is_directory(&local) {
        local.clone()
    } else {
        path::absolute(&context.resources, &path::parent(base_file))
    };
    let relative_directory = path::relative(&context.resources, &base_directory);
    let base_context = FileContext {
        resources: path::parent(&local),
        working_directory: relative_directory.clone(),
        environment: context.environment,
        extends: false,
        include: false,
        validate: false,
        included: Vec::new(),
    };
    let empty = tree::mapping(Vec::new(), at);
    let (mut source, resets) = loader.load_file_with_resets(&local, &base_context, empty)?;
    let Some(services) = source.get("services") else {
        return Err(LoadError::at(
            format!("cannot extend service {name:?} in {local}: no services section"),
            at,
        ));
    };
    if !matches!(services.value, Value::Mapping(_)) {
        return Err(LoadError::at(
            format!("cannot extend service {name:?} in {local}: services must be a mapping"),
            at,
        ));
    }
    if services.get(reference).is_none() {
        return Err(LoadError::at(
            format!(
                "cannot extend service {name:?} in {file}: service {reference:?} not found in {base_file}"
            ),
            at,
        ));
    }
    resolve_relative_paths(&mut source, &relative_directory, context.environment)?;
    let services = match tree::remove(&mut source, "services").map(|services| services.value) {
        Some(Value::Mapping(entries)) => entries,
        _ => Vec::new(),
    };
    Ok((services, resets))
}

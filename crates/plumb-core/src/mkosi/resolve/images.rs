//! The images of a tree as mkosi's `parse_config` gives them: the main image from the
//! top directory, then each of `mkosi.images/` (a directory or a `.conf` file) read on its
//! own, inheriting the main image's universal settings; the subimages the main image
//! depends on come first, in dependency order, and the main image last. mkosi 26 also
//! starts each subimage from the main image's `inherit` settings, and by default depends
//! on the subimages whose conditions hold; the trees that need its default tools tree or
//! initrd (configurations mkosi ships) are left to mkosi.

use super::context::{Context, Namespace};
use super::reading::has_suffix;
use super::script_environment::script_environment;
use super::{Failure, Image};
use crate::mkosi::resolution::{Destination, Scope};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Every setting of the namespace finalized, and in mkosi 26 the files read as `Files`.
fn finalize_all(context: &mut Context) -> Result<Namespace, Failure> {
    for resolution in context.table {
        let value = context.finalize(resolution.name)?;
        context.config.insert(resolution.name, value);
    }
    if context.v26() {
        let files = std::mem::take(&mut context.files_read);
        context.config.insert("Files", Some(json!(files)));
    }
    Ok(std::mem::take(&mut context.config))
}

/// The `mkosi.images/` entries that are images, by name, sorted.
pub fn subimage_names(context: &Context) -> Result<Vec<String>, Failure> {
    let directory = format!("{}/mkosi.images", context.directory);
    if !context.files.is_directory(&directory) {
        return Ok(Vec::new());
    }
    let mut entries = context.files.entries(&directory);
    entries.sort();
    let mut names = Vec::new();
    for entry in entries {
        let path = format!("{directory}/{entry}");
        if !context.files.is_directory(&path) && !has_suffix(&path, ".conf") {
            continue;
        }
        let name = entry.strip_suffix(".conf").unwrap_or(&entry);
        if name.is_empty() {
            return Err(Failure::refused(
                format!("{path} is not a valid image name"),
                None,
            ));
        }
        names.push(name.to_owned());
    }
    Ok(names)
}

/// Every image of the tree, the main image last.
pub fn images(context: &mut Context) -> Result<Vec<Image>, Failure> {
    let directory = context.directory.clone();
    context.read(&directory, true, true)?;
    let default_dependencies =
        !context.cli.contains_key("Dependencies") && !context.config.contains_key("Dependencies");
    let mut main = finalize_all(context)?;
    if context.v26() {
        needs_no_shipped_image(&main)?;
    }
    context.config = main.clone();
    let mut subimages = Vec::new();
    let images_directory = format!("{directory}/mkosi.images");
    if context.files.is_directory(&images_directory) {
        for resolution in context.table {
            if resolution.scope.imposed() {
                context
                    .cli
                    .insert(resolution.name, main[resolution.name].clone());
            } else {
                context.cli.remove(resolution.name);
            }
        }
        let passed = passed_environment(&main);
        if !context.v26() {
            context.cli.insert("Environment", passed.clone());
        }
        for name in subimage_names(context)? {
            let path = match context
                .files
                .is_directory(&format!("{images_directory}/{name}"))
            {
                true => format!("{images_directory}/{name}"),
                false => format!("{images_directory}/{name}.conf"),
            };
            context.config = Namespace::new();
            if context.v26() {
                for resolution in context.table {
                    if resolution.scope == Scope::Inherit {
                        context
                            .config
                            .insert(resolution.name, main[resolution.name].clone());
                    }
                }
                context.config.insert("Environment", passed.clone());
                context.defaults.clear();
            }
            context.image = Some(name.clone());
            context.includes.clear();
            let read = if context.files.is_directory(&path) {
                context.read_in(&path, context.v26(), true)?
            } else {
                context.read(&path, false, false)?
            };
            if read {
                subimages.push((name, finalize_all(context)?));
            }
        }
    }
    if context.v26() && default_dependencies {
        let names = subimages.iter().map(|(name, _)| json!(name)).collect();
        main.insert("Dependencies", Some(Value::Array(names)));
    }
    let dependencies: Vec<String> = match &main["Dependencies"] {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|name| name.as_str().map(str::to_owned))
            .collect(),
        _ => {
            return Err(Failure::unsupported(
                "the images' dependencies are not known to plumb",
                None,
            ));
        }
    };
    if context.v26() {
        for (_, namespace) in &subimages {
            needs_no_shipped_image(namespace)?;
        }
    }
    let mut images = Vec::new();
    for (name, namespace) in ordered(subimages, &dependencies)? {
        images.push(finish(context, Some(name), namespace)?);
    }
    images.push(finish(context, None, main)?);
    Ok(images)
}

/// Refuses to guess an image for which mkosi 26 would read a configuration it ships: the
/// default tools tree (`ToolsTree=default`), or the default initrd of a bootable image
/// without `Initrds=` (with Bootable=auto, one that installs a kernel; plumb takes any
/// package named `linux…` or `kernel…` for one).
fn needs_no_shipped_image(values: &Namespace) -> Result<(), Failure> {
    let text = |key: &str| match &values[key] {
        Some(Value::String(text)) => Some(text.as_str()),
        _ => None,
    };
    if matches!(text("ToolsTree"), Some("default" | "yes")) {
        return Err(Failure::unsupported(
            "ToolsTree=default builds mkosi's own tools tree configuration, which plumb does not hold",
            None,
        ));
    }
    let format = text("Format").unwrap_or_default();
    let bootable = text("Bootable").unwrap_or("auto");
    let no_kernel = matches!(format, "uki" | "esp")
        || bootable == "disabled"
        || (bootable == "auto"
            && (matches!(format, "cpio" | "sysext" | "confext" | "addon" | "portable")
                || values["Overlay"] == Some(json!(true))));
    let initrds = matches!(&values["Initrds"], Some(Value::Array(items)) if !items.is_empty());
    let packages = ["Packages", "VolatilePackages"]
        .into_iter()
        .flat_map(|key| {
            values[key]
                .as_ref()
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        });
    let kernel = packages
        .filter_map(|package| package.as_str().map(str::to_owned))
        .any(|package| package.starts_with("linux") || package.starts_with("kernel"));
    if !no_kernel && !initrds && (bootable == "enabled" || kernel) {
        return Err(Failure::unsupported(
            "the image needs mkosi's default initrd, whose configuration plumb does not hold",
            None,
        ));
    }
    Ok(())
}

/// The main image's environment variables that `PassEnvironment=` passes to subimages.
fn passed_environment(main: &Namespace) -> Option<Value> {
    let environment = main["Environment"].clone()?;
    let passed = main["PassEnvironment"].clone()?;
    let mut subset = serde_json::Map::new();
    for name in passed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if let Some(value) = environment.get(name) {
            subset.insert(name.to_owned(), value.clone());
        }
    }
    Some(Value::Object(subset))
}

/// The subimages `wanted` names and those they depend on, dependencies first, in the order
/// of Python's `graphlib.TopologicalSorter.static_order`.
fn ordered(
    subimages: Vec<(String, Namespace)>,
    wanted: &[String],
) -> Result<Vec<(String, Namespace)>, Failure> {
    let dependencies_of = |namespace: &Namespace| -> Vec<String> {
        match &namespace["Dependencies"] {
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let known = |name: &String| subimages.iter().any(|(image, _)| image == name);
    if let Some(missing) = wanted.iter().find(|name| !known(name)) {
        return Err(Failure::refused(
            format!("No image found with name {missing}"),
            None,
        ));
    }
    let mut needed = BTreeSet::new();
    let mut queue: Vec<String> = wanted.to_vec();
    while !queue.is_empty() {
        let image = queue.remove(0);
        if needed.insert(image.clone()) {
            let namespace = subimages.iter().find(|(name, _)| *name == image);
            queue.extend(
                namespace
                    .map(|(_, namespace)| dependencies_of(namespace))
                    .unwrap_or_default(),
            );
        }
    }
    let kept: Vec<(String, Namespace)> = subimages
        .into_iter()
        .filter(|(name, _)| needed.contains(name))
        .collect();
    let graph: Vec<(String, Vec<String>)> = kept
        .iter()
        .map(|(name, namespace)| (name.clone(), dependencies_of(namespace)))
        .collect();
    let order = static_order(&graph)?;
    let mut kept = kept;
    kept.sort_by_key(|(name, _)| order.iter().position(|image| image == name));
    Ok(kept)
}

/// `graphlib.TopologicalSorter(graph).static_order()`: nodes in the order first seen,
/// predecessors before successors, each round the nodes whose predecessors are done.
fn static_order(graph: &[(String, Vec<String>)]) -> Result<Vec<String>, Failure> {
    let mut nodes: Vec<String> = Vec::new();
    let mut waiting: Vec<usize> = Vec::new();
    let mut successors: Vec<Vec<usize>> = Vec::new();
    let index = |name: &String,
                 nodes: &mut Vec<String>,
                 waiting: &mut Vec<usize>,
                 successors: &mut Vec<Vec<usize>>| {
        nodes
            .iter()
            .position(|node| node == name)
            .unwrap_or_else(|| {
                nodes.push(name.clone());
                waiting.push(0);
                successors.push(Vec::new());
                nodes.len() - 1
            })
    };
    for (node, predecessors) in graph {
        let node = index(node, &mut nodes, &mut waiting, &mut successors);
        for predecessor in predecessors {
            let predecessor = index(predecessor, &mut nodes, &mut waiting, &mut successors);
            waiting[node] += 1;
            successors[predecessor].push(node);
        }
    }
    let mut ready: Vec<usize> = (0..nodes.len())
        .filter(|node| waiting[*node] == 0)
        .collect();
    let mut order = Vec::new();
    while !ready.is_empty() {
        let round = std::mem::take(&mut ready);
        for node in round {
            order.push(nodes[node].clone());
            for successor in successors[node].clone() {
                waiting[successor] -= 1;
                if waiting[successor] == 0 {
                    ready.push(successor);
                }
            }
        }
    }
    if order.len() < nodes.len() {
        return Err(Failure::refused("Image dependency cycle detected", None));
    }
    Ok(order)
}

/// An image's values as mkosi 26's summary writes them: with its name as `Image` and the
/// configuration files read as `Files`, without the settings whose values go elsewhere.
fn finish_v26(
    context: &Context,
    name: Option<String>,
    mut values: Namespace,
) -> Result<Image, Failure> {
    for resolution in context.table {
        if resolution.destination != Destination::Own {
            values.remove(resolution.name);
        }
    }
    values.insert("Image", Some(json!(name.as_deref().unwrap_or("main"))));
    Ok(Image { name, values })
}

/// An image's values after mkosi's `load_config`: the build directory made per
/// distribution, Checksum= implied by Sign=, the scripts' environment, and the values it
/// computes from the host's time zone and terminal (the main image's credentials and
/// kernel command line) left to mkosi.
fn finish(
    context: &Context,
    name: Option<String>,
    mut values: Namespace,
) -> Result<Image, Failure> {
    if context.v26() {
        return finish_v26(context, name, values);
    }
    if let Some(Some(Value::String(build))) = values.get("BuildDirectory").cloned() {
        let part = |key: &str| match &values[key] {
            Some(Value::String(text)) => Some(text.clone()),
            _ => None,
        };
        values.insert(
            "BuildDirectory",
            match (part("Distribution"), part("Release"), part("Architecture")) {
                (Some(distribution), Some(release), Some(architecture)) => Some(json!(format!(
                    "{build}/{distribution}~{release}~{architecture}"
                ))),
                _ => None,
            },
        );
    }
    if values["Sign"] == Some(json!(true)) {
        values.insert("Checksum", Some(json!(true)));
    }
    if name.is_none() {
        values.insert("Credentials", None);
        values.insert("KernelCommandLineExtra", None);
    }
    let environment = script_environment(&values, context.host, context.files);
    values.insert("Environment", environment);
    let flag = |key: &str| values[key] == Some(json!(true));
    let empty = |key: &str| matches!(&values[key], Some(Value::Array(items)) if items.is_empty());
    if flag("Overlay") && empty("BaseTrees") {
        return Err(Failure::refused(
            "--overlay can only be used with --base-tree",
            None,
        ));
    }
    if flag("Incremental") && values["CacheDirectory"] == Some(Value::Null) {
        return Err(Failure::refused(
            "A cache directory must be configured in order to use --incremental",
            None,
        ));
    }
    Ok(Image { name, values })
}

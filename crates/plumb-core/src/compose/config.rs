//! `docker compose config`: a loaded project printed as the model (YAML or JSON), as its
//! service names in dependency order, or as its images, or nothing (`--quiet`).

use std::collections::BTreeSet;

use super::go_format::sprint;
use super::load::load;
use super::output;
use super::problem::LoadError;
use super::project::{Loaded, Project, ProjectFiles, ProjectRequest};
use crate::yaml::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Yaml,
    Json,
}

/// What `config` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigView {
    Model(OutputFormat),
    /// `--services`.
    Services,
    /// `--images`.
    Images,
    /// `--quiet`.
    Quiet,
}

/// What `config` prints, or why docker compose would refuse the project; with what loading
/// saw (files, warnings, variables).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigResult {
    pub output: Result<String, LoadError>,
    pub loaded: Loaded,
}

pub fn config(
    request: &ProjectRequest,
    files: &dyn ProjectFiles,
    view: ConfigView,
) -> ConfigResult {
    let loaded = load(request, files);
    let output = match &loaded.project {
        Ok(project) => render(project, view, request.interpolate),
        Err(error) => Err(error.clone()),
    };
    ConfigResult { output, loaded }
}

fn render(project: &Project, view: ConfigView, interpolated: bool) -> Result<String, LoadError> {
    let services = project
        .model
        .get("services")
        .and_then(Node::as_mapping)
        .unwrap_or_default();
    match view {
        ConfigView::Quiet => Ok(String::new()),
        ConfigView::Services => Ok(in_dependency_order(services)
            .into_iter()
            .map(|name| format!("{name}\n"))
            .collect()),
        ConfigView::Images => {
            let mut images: Vec<(String, String)> = services
                .iter()
                .map(|entry| {
                    let name = sprint(&entry.key.value);
                    let image = entry
                        .value
                        .get("image")
                        .and_then(Node::as_str)
                        .filter(|image| !image.is_empty())
                        .map_or_else(|| format!("{}-{name}", project.name), str::to_owned);
                    (name, image)
                })
                .collect();
            images.sort();
            Ok(images
                .into_iter()
                .map(|(_, image)| format!("{image}\n"))
                .collect())
        }
        ConfigView::Model(format) => model_text(&project.model, format, interpolated),
    }
}

/// The model as `config` prints it: bound and printed, or (`--no-interpolate`) as it is.
fn model_text(model: &Node, format: OutputFormat, interpolated: bool) -> Result<String, LoadError> {
    let json_error = |error: super::output::JsonError| LoadError::new(error.to_string(), None);
    if !interpolated {
        return match format {
            OutputFormat::Json => output::model_to_json(model).map_err(json_error),
            OutputFormat::Yaml => Ok(output::model_to_yaml(model)),
        };
    }
    let bound = output::bind(model).map_err(|error| LoadError::new(error.to_string(), None))?;
    let bound = output::without_unused_resources(&bound);
    match format {
        OutputFormat::Json => output::to_json(&bound).map_err(json_error),
        OutputFormat::Yaml => Ok(output::to_yaml(&bound)),
    }
}

/// compose-go's `ForEachService` over the sorted names: each service after what it
/// depends on.
fn in_dependency_order(services: &[crate::yaml::Entry]) -> Vec<String> {
    let mut names: Vec<String> = services
        .iter()
        .map(|entry| sprint(&entry.key.value))
        .collect();
    names.sort();
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::new();
    fn visit(
        name: &str,
        services: &[crate::yaml::Entry],
        visited: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if !visited.insert(name.to_owned()) {
            return;
        }
        let service = services
            .iter()
            .find(|entry| entry.key.as_str() == Some(name));
        let mut dependencies: Vec<String> = service
            .and_then(|entry| entry.value.get("depends_on"))
            .and_then(Node::as_mapping)
            .unwrap_or_default()
            .iter()
            .map(|dependency| sprint(&dependency.key.value))
            .collect();
        dependencies.sort();
        for dependency in dependencies {
            if services
                .iter()
                .any(|entry| entry.key.as_str() == Some(&dependency))
            {
                visit(&dependency, services, visited, order);
            }
        }
        order.push(name.to_owned());
    }
    for name in &names {
        visit(name, services, &mut visited, &mut order);
    }
    order
}

//! compose-go's `ResolveEnvironment`: a service's `environment` entry written as a bare
//! `KEY` takes the variable's value from the project's environment, and a secret or config
//! read from `environment:` takes its content from there.

use std::collections::BTreeMap;

use super::tree;
use crate::yaml::{Node, Value};

pub fn resolve_environment(model: &mut Node, environment: &BTreeMap<String, String>) {
    if let Some(services) = tree::get_mut(model, "services").and_then(tree::entries_mut) {
        for service in services {
            let Some(variables) = tree::get_mut(&mut service.value, "environment") else {
                continue;
            };
            let Value::Sequence(items) = &mut variables.value else {
                continue;
            };
            items.retain(|item| item.as_str().is_some());
            for item in items {
                if let Some(value) = item.as_str().and_then(|name| environment.get(name)) {
                    let resolved = format!("{}={value}", item.as_str().unwrap_or_default());
                    item.value = Value::String(resolved);
                }
            }
        }
    }
    for (kind, key) in [("secrets", "x-#value"), ("configs", "content")] {
        let Some(resources) = tree::get_mut(model, kind).and_then(tree::entries_mut) else {
            continue;
        };
        for resource in resources {
            let found = resource
                .value
                .get("environment")
                .and_then(Node::as_str)
                .and_then(|name| environment.get(name));
            if let Some(value) = found {
                let content = tree::string(value.clone(), &resource.value);
                tree::set(&mut resource.value, key, content);
            }
        }
    }
}

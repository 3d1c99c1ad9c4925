//! `plumb plan --emit bake`: the plan's image steps as a `docker buildx bake` file (JSON),
//! so that any BuildKit builder (remote, Kubernetes) runs the same builds; plumb schedules
//! nothing across hosts. One bake target per step, each with the plan's time, its images by
//! digest, no attestations, and an OCI archive under `plumb-out/`.

use super::buildx;
use super::image_build::ImageBuild;
use serde_json::{Value, json};

/// The bake file: pretty-printed JSON, its keys in a fixed order, and a final newline.
pub fn bake_file(builds: &[ImageBuild]) -> Vec<u8> {
    let names: Vec<String> = builds
        .iter()
        .map(|build| target_name(&build.name))
        .collect();
    let targets: serde_json::Map<String, Value> = builds
        .iter()
        .zip(&names)
        .map(|(build, name)| (name.clone(), target(build, name)))
        .collect();
    let file = json!({
        "group": { "default": { "targets": names } },
        "target": targets,
    });
    // A `Value` of strings, arrays and objects always serialises.
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn target(build: &ImageBuild, name: &str) -> Value {
    let mut target = json!({
        "context": build.context,
        "dockerfile": build.dockerfile_in_context(),
        "platforms": [build.platform],
        "args": buildx::build_args(build),
        "attest": ["type=provenance,disabled=true", "type=sbom,disabled=true"],
        "output": [buildx::output(&format!("plumb-out/{name}.tar"))],
    });
    let contexts = build.build_contexts();
    if !contexts.is_empty() {
        target["contexts"] = json!(contexts);
    }
    if let Some(stage) = &build.target {
        target["target"] = json!(stage);
    }
    if !build.secrets.is_empty() {
        let secrets: Vec<String> = build
            .secrets
            .iter()
            .map(|secret| format!("id={secret},env={secret}"))
            .collect();
        target["secret"] = json!(secrets);
    }
    if build.offline {
        target["network"] = json!("none");
    }
    target
}

/// Bake target names allow letters, digits, `-` and `_`.
fn target_name(step: &str) -> String {
    let mut name = String::with_capacity(step.len());
    for character in step.chars() {
        let kept = character.is_ascii_alphanumeric() || character == '_';
        if kept {
            name.push(character);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::target_name;

    #[test]
    fn target_names_keep_only_what_bake_allows() {
        assert_eq!(
            target_name("app/Dockerfile:runtime linux/arm64/v8"),
            "app-Dockerfile-runtime-linux-arm64-v8"
        );
    }
}

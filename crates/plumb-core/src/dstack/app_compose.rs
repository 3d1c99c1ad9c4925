//! app-compose.json written from a compose file's text and [`AppComposeSettings`]: the
//! fields `vmm-cli.py compose` writes, in its order, then the ones it has no flag for. The
//! bytes are final: dstack hashes them as they are, so nothing may re-serialise them.

use super::python_json;
use super::settings::AppComposeSettings;
use serde_json::{Map, Value};

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// RFC 8785 canonical JSON: keys sorted, no spaces. What the dstack SDKs'
    /// `getComposeHash` hashes, so their hash equals the measured one.
    Canonical,
    /// Byte for byte what `vmm-cli.py compose` writes for the same options: four-space
    /// indentation, its key order.
    VmmCli,
}

impl Style {
    pub const ALL: [Style; 2] = [Style::Canonical, Style::VmmCli];

    pub fn name(self) -> &'static str {
        match self {
            Style::Canonical => "canonical",
            Style::VmmCli => "vmm-cli",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|style| style.name() == name)
    }
}

/// One value of an app-compose.json field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Field {
    Bool(bool),
    Integer(u64),
    Text(String),
    Texts(Vec<String>),
}

/// The bytes of app-compose.json for `docker_compose_file` (the compose file's text, as it
/// is deployed), or what in `settings` dstack would refuse.
pub fn write_app_compose(
    docker_compose_file: &str,
    settings: &AppComposeSettings,
    style: Style,
) -> Result<Vec<u8>, Vec<String>> {
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(problems);
    }
    let fields = fields(docker_compose_file, settings);
    Ok(match style {
        Style::VmmCli => python_json::object(&fields).into_bytes(),
        Style::Canonical => {
            let object: Map<String, Value> = fields
                .into_iter()
                .map(|(key, field)| (key.to_owned(), json_value(field)))
                .collect();
            // Booleans, strings and integers below 2^53 are always inside the subset.
            crate::canonical_json::to_vec(&object).unwrap_or_default()
        }
    })
}

fn fields(docker_compose_file: &str, settings: &AppComposeSettings) -> Vec<(&'static str, Field)> {
    let manifest_version = match settings.manifest_version {
        version @ (1 | 2) => Field::Integer(u64::from(version)),
        version => Field::Text(version.to_string()),
    };
    let mut fields = vec![
        ("manifest_version", manifest_version),
        ("name", Field::Text(settings.name.clone())),
        ("runner", Field::Text("docker-compose".to_owned())),
        (
            "docker_compose_file",
            Field::Text(docker_compose_file.to_owned()),
        ),
        ("kms_enabled", Field::Bool(settings.kms)),
        ("gateway_enabled", Field::Bool(settings.gateway)),
        (
            "local_key_provider_enabled",
            Field::Bool(settings.local_key_provider),
        ),
        (
            "key_provider_id",
            Field::Text(settings.key_provider_id.clone()),
        ),
        ("public_logs", Field::Bool(settings.public_logs)),
        ("public_sysinfo", Field::Bool(settings.public_sysinfo)),
        ("allowed_envs", Field::Texts(settings.allowed_envs.clone())),
        ("no_instance_id", Field::Bool(settings.no_instance_id)),
        ("secure_time", Field::Bool(settings.secure_time)),
    ];
    if let Some(key_provider) = settings.key_provider {
        fields.push(("key_provider", Field::Text(key_provider.name().to_owned())));
    }
    if let Some(script) = &settings.pre_launch_script {
        fields.push(("pre_launch_script", Field::Text(script.clone())));
    }
    if settings.swap_size > 0 {
        fields.push(("swap_size", Field::Integer(settings.swap_size)));
    }
    if settings.event_log_version == 2 {
        fields.push(("event_log_version", Field::Integer(2)));
    }
    if let Some(public_tcbinfo) = settings.public_tcbinfo {
        fields.push(("public_tcbinfo", Field::Bool(public_tcbinfo)));
    }
    if let Some(storage_fs) = &settings.storage_fs {
        fields.push(("storage_fs", Field::Text(storage_fs.clone())));
    }
    fields
}

fn json_value(field: Field) -> Value {
    match field {
        Field::Bool(value) => Value::Bool(value),
        Field::Integer(value) => Value::from(value),
        Field::Text(value) => Value::String(value),
        Field::Texts(values) => Value::Array(values.into_iter().map(Value::String).collect()),
    }
}

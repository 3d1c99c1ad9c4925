//! What dstack derives from the bytes of an app-compose.json: the compose-hash (SHA-256 of
//! exactly those bytes, never of a re-serialisation), the app-id, TDX's mr_config_id and the
//! `compose-hash` event the guest extends RTMR3 with.

use super::runtime_event::{EventLogVersion, Register, event_digest};
use super::settings::{KeyProvider, resolve_key_provider};
use crate::hex;
use sha2::{Digest as _, Sha256};
use sha3::Keccak256;

/// The measured values of one app-compose.json.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    pub compose_hash: [u8; 32],
    /// The first 20 bytes of the compose-hash unless the deployment names another (an
    /// on-chain KMS app's contract address).
    pub app_id: [u8; 20],
    pub app_id_given: bool,
    pub key_provider: KeyProvider,
    pub key_provider_id: Vec<u8>,
    pub mr_config: MrConfig,
    /// The file's `event_log_version` (1 when absent).
    pub event_log_version: EventLogVersion,
    /// The `compose-hash` event's digest in each event-log version.
    pub compose_event_v1: Register,
    pub compose_event_v2: Register,
}

/// TDX's `mr_config_id` as dstack's VMM sets it (0.5.1 onwards): version 1 binds the
/// compose-hash alone, version 2 (when `key_provider_id` is set) also the app-id and the key
/// provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MrConfig {
    pub version: u8,
    pub id: [u8; 48],
}

/// Why an app-compose.json cannot be measured: dstack would not boot it either.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasurementError {
    /// Line and column are 1-based, as serde_json counts them.
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("app-compose.json is {found}, not a JSON object")]
    NotAnObject { found: &'static str },
    #[error("`{key}`: {message}")]
    Field { key: &'static str, message: String },
}

impl Measurement {
    /// The compose-hash event's digest in the file's own event-log version.
    pub fn compose_event(&self) -> &Register {
        match self.event_log_version {
            EventLogVersion::V1 => &self.compose_event_v1,
            EventLogVersion::V2 => &self.compose_event_v2,
        }
    }

    /// Each value with its label, as `plumb dstack hash` and the browser show them.
    pub fn lines(&self) -> Vec<(String, String)> {
        let mr_config_note = match self.mr_config.version {
            1 => "v1: the compose-hash",
            _ => "v2: with the app-id and key provider",
        };
        let event_line = |version: EventLogVersion, digest: &Register| {
            let own = if version == self.event_log_version {
                " (RTMR3, this file's)"
            } else {
                " (RTMR3)"
            };
            (
                format!("compose-hash event v{}{own}", version.number()),
                hex::encode(digest),
            )
        };
        vec![
            ("compose-hash".to_owned(), hex::encode(&self.compose_hash)),
            ("app-id".to_owned(), hex::encode(&self.app_id)),
            (
                format!("mr_config_id ({mr_config_note})"),
                hex::encode(&self.mr_config.id),
            ),
            (
                "key provider".to_owned(),
                self.key_provider.name().to_owned(),
            ),
            event_line(EventLogVersion::V1, &self.compose_event_v1),
            event_line(EventLogVersion::V2, &self.compose_event_v2),
        ]
    }

    /// The values as JSON (`plumb dstack hash --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "compose_hash": hex::encode(&self.compose_hash),
            "app_id": hex::encode(&self.app_id),
            "mr_config_id": hex::encode(&self.mr_config.id),
            "mr_config_version": self.mr_config.version,
            "key_provider": self.key_provider.name(),
            "key_provider_id": hex::encode(&self.key_provider_id),
            "event_log_version": self.event_log_version.number(),
            "compose_hash_event": {
                "v1": hex::encode(&self.compose_event_v1),
                "v2": hex::encode(&self.compose_event_v2),
            },
        })
    }
}

/// Measures the app-compose.json `bytes`; `app_id` is the deployment's own, when it names one.
pub fn measure(bytes: &[u8], app_id: Option<[u8; 20]>) -> Result<Measurement, MeasurementError> {
    let document: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| MeasurementError::Json {
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
    let Some(object) = document.as_object() else {
        return Err(MeasurementError::NotAnObject {
            found: json_kind(&document),
        });
    };
    let compose_hash: [u8; 32] = Sha256::digest(bytes).into();
    let derived_app_id: [u8; 20] = compose_hash[..20].try_into().unwrap_or_default();
    let explicit_provider =
        match object.get("key_provider") {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => Some(value.as_str().and_then(KeyProvider::from_name).ok_or_else(
                || MeasurementError::Field {
                    key: "key_provider",
                    message: "must be one of none, kms, local, tpm".to_owned(),
                },
            )?),
        };
    let key_provider = resolve_key_provider(
        explicit_provider,
        flag(object, "kms_enabled")?,
        flag(object, "local_key_provider_enabled")?,
    );
    let key_provider_id = match object.get("key_provider_id") {
        None => Vec::new(),
        Some(serde_json::Value::String(text)) => {
            crate::hex::decode(text).map_err(|error| MeasurementError::Field {
                key: "key_provider_id",
                message: format!("not hex: {error}"),
            })?
        }
        Some(other) => {
            return Err(MeasurementError::Field {
                key: "key_provider_id",
                message: format!(
                    "{} where dstack expects a hex string (the guest fails to boot)",
                    json_kind(other)
                ),
            });
        }
    };
    let event_log_version = match object.get("event_log_version") {
        None => EventLogVersion::V1,
        Some(value) => match value.as_u64() {
            Some(1) => EventLogVersion::V1,
            Some(2) => EventLogVersion::V2,
            _ => {
                return Err(MeasurementError::Field {
                    key: "event_log_version",
                    message: "must be 1 or 2".to_owned(),
                });
            }
        },
    };
    let app_id_value = app_id.unwrap_or(derived_app_id);
    let mr_config = mr_config(&compose_hash, &app_id_value, key_provider, &key_provider_id);
    Ok(Measurement {
        compose_hash,
        app_id: app_id_value,
        app_id_given: app_id.is_some_and(|given| given != derived_app_id),
        key_provider,
        key_provider_id,
        mr_config,
        event_log_version,
        compose_event_v1: event_digest("compose-hash", &compose_hash, EventLogVersion::V1),
        compose_event_v2: event_digest("compose-hash", &compose_hash, EventLogVersion::V2),
    })
}

/// `mr_config_id`: `01 ‖ compose_hash` or, with a key-provider id,
/// `02 ‖ keccak256(compose_hash ‖ app_id ‖ key-provider byte ‖ key_provider_id)`, zero-padded.
pub fn mr_config(
    compose_hash: &[u8; 32],
    app_id: &[u8; 20],
    key_provider: KeyProvider,
    key_provider_id: &[u8],
) -> MrConfig {
    if key_provider_id.is_empty() {
        let mut id = [0; 48];
        id[0] = 1;
        id[1..33].copy_from_slice(compose_hash);
        return MrConfig { version: 1, id };
    }
    MrConfig {
        version: 2,
        id: mr_config_v2_id(compose_hash, app_id, key_provider, key_provider_id),
    }
}

fn mr_config_v2_id(
    compose_hash: &[u8; 32],
    app_id: &[u8; 20],
    key_provider: KeyProvider,
    key_provider_id: &[u8],
) -> [u8; 48] {
    let mut hasher = Keccak256::new();
    hasher.update(compose_hash);
    hasher.update(app_id);
    hasher.update([key_provider.mr_config_byte()]);
    hasher.update(key_provider_id);
    let mut id = [0; 48];
    id[0] = 2;
    id[1..33].copy_from_slice(&hasher.finalize());
    id
}

fn flag(
    object: &serde_json::Map<String, serde_json::Value>,
    key: &'static str,
) -> Result<bool, MeasurementError> {
    match object.get(key) {
        None => Ok(false),
        Some(serde_json::Value::Bool(value)) => Ok(*value),
        Some(other) => Err(MeasurementError::Field {
            key,
            message: format!("{} where dstack expects true or false", json_kind(other)),
        }),
    }
}

pub(super) fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keccak_is_the_original_padding() {
        assert_eq!(
            hex::encode(&Keccak256::digest(b"abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        );
    }

    #[test]
    fn mr_config_v2_binds_app_id_and_key_provider() {
        let compose_hash: [u8; 32] = std::array::from_fn(|index| index as u8);
        let app_id: [u8; 20] = std::array::from_fn(|index| index as u8);
        // research/dstack.md §2.5 (d): the formula's value for these bytes and the KMS.
        assert_eq!(
            hex::encode(&mr_config_v2_id(
                &compose_hash,
                &app_id,
                KeyProvider::Kms,
                &[]
            )),
            "02d4543b365270023b632d636645fb72786b4df8de7acf3f4c0e3d225ced0ed447000000000000000000000000000000"
        );
        // The VMM takes version 2 only when a key-provider id is set.
        assert_eq!(
            mr_config(&compose_hash, &app_id, KeyProvider::Kms, &[]).version,
            1
        );
        let v2 = mr_config(&compose_hash, &app_id, KeyProvider::Kms, &[0xab]);
        assert_eq!(v2.version, 2);
        assert_ne!(
            v2,
            mr_config(&compose_hash, &app_id, KeyProvider::Local, &[0xab])
        );
    }

    #[test]
    fn a_null_key_provider_id_is_refused_as_the_guest_refuses_it() {
        let error = measure(br#"{"key_provider_id":null}"#, None).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("null where dstack expects a hex string")
        );
        assert!(matches!(
            measure(b"[1]", None),
            Err(MeasurementError::NotAnObject { found: "an array" })
        ));
        assert!(matches!(
            measure(b"{\n\"a\": }", None),
            Err(MeasurementError::Json { line: 2, .. })
        ));
    }
}

//! The top-level keys of app-compose.json that dstack reads, and what each must hold: the
//! fields of dstack's `AppCompose` struct (serde, without `deny_unknown_fields`), the keys its
//! shell scripts read with jq, and the legacy ones it still accepts. Every key, read or not,
//! is part of the hashed bytes.

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// `true` or `false` (serde's `bool`: `null` is refused too).
    Bool,
    /// A string.
    Text,
    /// A string or `null` (serde's `Option<String>`).
    OptionalText,
    /// A list of strings.
    Texts,
    /// 1 or 2 as a number, or a canonical decimal string up to 3.
    ManifestVersion,
    /// `docker-compose`, `nerdctl-compose` or `bash`.
    Runner,
    /// `none`, `kms`, `local`, `tpm` or `null`.
    KeyProvider,
    /// Hex digits in a string.
    Hex,
    /// `zfs` or `ext4` (in any case), or `null`.
    StorageFs,
    /// Bytes: a number, or a size such as `"2G"` or `"0x1000"`.
    Size,
    /// A string or a list of at most five strings.
    InitScript,
    /// 1 or 2.
    EventLogVersion,
    /// `overlayfs`, `stargz` or `null`.
    Snapshotter,
    /// An object.
    Object,
    /// A list.
    List,
    /// Read by a script (jq): any value works.
    Any,
}

/// A key dstack reads, and what it must hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub key: &'static str,
    pub kind: FieldKind,
    /// Whether the guest refuses a file without it.
    pub required: bool,
}

const fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        required: false,
    }
}

const fn required(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        required: true,
    }
}

/// Every key dstack (0.6 development line) reads, in its struct's order, then the scripts'.
pub(crate) const FIELDS: &[Field] = &[
    required("manifest_version", FieldKind::ManifestVersion),
    required("name", FieldKind::Text),
    field("features", FieldKind::Texts),
    required("runner", FieldKind::Runner),
    field("snapshotter", FieldKind::Snapshotter),
    field("docker_compose_file", FieldKind::OptionalText),
    field("init_script", FieldKind::InitScript),
    field("public_logs", FieldKind::Bool),
    field("public_sysinfo", FieldKind::Bool),
    field("public_tcbinfo", FieldKind::Bool),
    field("kms_enabled", FieldKind::Bool),
    field("gateway_enabled", FieldKind::Bool),
    field("tproxy_enabled", FieldKind::Bool),
    field("local_key_provider_enabled", FieldKind::Bool),
    field("key_provider", FieldKind::KeyProvider),
    field("key_provider_id", FieldKind::Hex),
    field("allowed_envs", FieldKind::Texts),
    field("no_instance_id", FieldKind::Bool),
    field("secure_time", FieldKind::Bool),
    field("storage_fs", FieldKind::StorageFs),
    field("swap_size", FieldKind::Size),
    field("event_log_version", FieldKind::EventLogVersion),
    field("port_policy", FieldKind::Object),
    field("requirements", FieldKind::Object),
    field("verity_volumes", FieldKind::List),
    field("pre_launch_script", FieldKind::Any),
    field("bash_script", FieldKind::Any),
    // The VMM's web UI writes it for its pre-launch script to check.
    field("launch_token_hash", FieldKind::Any),
];

/// Keys dstack once read and now ignores (still hashed), with when that changed.
pub(crate) const OBSOLETE: &[(&str, &str)] = &[
    (
        "docker_config",
        "dstack 0.5.5 removed it: private registries log in from the pre-launch script",
    ),
    ("version", "only dstack 0.3.1 read it"),
];

pub(crate) fn find(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| field.key == key)
}

/// The largest guest init scripts list (`init_script`).
pub(crate) const MAX_INIT_SCRIPTS: usize = 5;

//! compose-go v2.9.1's `types` as tables: each struct's fields in Go declaration order with
//! their Go type, their `yaml` and `json` keys and whether `omitempty` applies. Binding,
//! JSON and YAML all walk the model with these tables, so a field is described once. Each
//! table is named after its Go type (`BUILD` is `types.BuildConfig`).

/// What a value is in Go, which decides how it binds and how it prints.
#[derive(Debug)]
pub enum Kind {
    /// A string, or a type of string kind (`types.WatchAction`): the Go type's name.
    Str(&'static str),
    /// A bool, or `types.External`.
    Bool(&'static str),
    Int(IntType),
    Float32,
    /// `types.UnitBytes`: an int64 from a byte size, printed as a quoted count.
    UnitBytes,
    /// `types.Duration`: int64 nanoseconds, printed as `time.Duration.String()`.
    Duration,
    /// `types.FileMode`: an int64 from an octal string, printed as `0440`.
    FileMode,
    /// `types.NanoCPUs`: a float32.
    NanoCpus,
    /// `types.DeviceCount`: an int64, `-1` for `all`.
    DeviceCount,
    /// A pointer: printed (as `null` when nil) even where `omitempty` drops the zero value.
    Pointer(&'static Kind),
    Struct(&'static Struct),
    Slice(&'static Kind),
    /// A map with string keys, with the Go type's name for messages.
    Map(&'static str, &'static Kind),
    /// `types.StringList`: a string or a list of strings.
    StringList,
    /// `types.StringOrNumberList`: a string or a list of scalars, each printed by Go.
    StringOrNumberList,
    /// `types.ShellCommand`: a string split as a shell would, or a list; empty differs from
    /// unset.
    ShellCommand,
    /// `types.HealthCheckTest`: a string becomes `[CMD-SHELL, string]`.
    HealthCheckTest,
    /// `types.Mapping`: `map[string]string` from a mapping or `KEY=VALUE` items.
    Mapping,
    /// `types.MappingWithEquals`: like `Mapping`, but a key without `=` has no value.
    MappingWithEquals,
    /// `types.Labels`.
    Labels,
    /// `types.Options`: `map[string]string` from a mapping only.
    Options,
    /// `types.MultiOptions`: `map[string][]string`.
    MultiOptions,
    /// `types.HostsList`: `map[string][]string` of host names to addresses, printed as a
    /// sorted list of `host=address`.
    HostsList,
    /// `types.SSHConfig`: a list of `{id, path}` from a mapping.
    SshConfig,
    /// `*types.UlimitsConfig`: one number, or `soft` and `hard`.
    Ulimit,
}

/// A Go integer type: its name, width and sign, which decide how values wrap.
#[derive(Debug)]
pub struct IntType {
    pub go: &'static str,
    pub bits: u32,
    pub signed: bool,
}

pub const INT: Kind = Kind::Int(IntType {
    go: "int",
    bits: 64,
    signed: true,
});
pub const INT64: Kind = Kind::Int(IntType {
    go: "int64",
    bits: 64,
    signed: true,
});
pub const UINT64: Kind = Kind::Int(IntType {
    go: "uint64",
    bits: 64,
    signed: false,
});
const UINT32: Kind = Kind::Int(IntType {
    go: "uint32",
    bits: 32,
    signed: false,
});
const UINT16: Kind = Kind::Int(IntType {
    go: "uint16",
    bits: 16,
    signed: false,
});
const STRING: Kind = Kind::Str("string");
const BOOL: Kind = Kind::Bool("bool");
const EXTERNAL: Kind = Kind::Bool("types.External");
const STRINGS: Kind = Kind::Slice(&STRING);
const STRING_MAP: Kind = Kind::Map("map[string]string", &STRING);

/// A Go struct.
#[derive(Debug)]
pub struct Struct {
    pub fields: &'static [Field],
    /// Whether it has compose-go's `Extensions` (`yaml:"#extensions,inline"`, `json:"-"`):
    /// the `x-` keys, printed in YAML after the fields, never in JSON.
    pub extensions: bool,
    pub marshal: Marshal,
}

/// A struct's own `MarshalYAML`/`MarshalJSON`, where it changes what the fields give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marshal {
    Fields,
    /// `types.Project`: JSON is a map of `name`, `services`, the resources that are not
    /// empty (never `models`) and the extensions.
    Project,
    /// `types.SecretConfig`: `content` is never printed.
    Secret,
    /// `types.ConfigObjConfig`: `content` is not printed when it came from `environment`.
    Config,
    /// `types.EnvFile`: a required file prints as its path.
    EnvFile,
}

/// One field of a struct.
#[derive(Debug)]
pub struct Field {
    /// The key mapstructure looks for (its `yaml` tag, else the Go field name; case is
    /// ignored when the exact key is missing) and names in messages.
    pub key: &'static str,
    /// The key in YAML output and in the bound tree.
    pub yaml: &'static str,
    pub json: &'static str,
    pub kind: Kind,
    pub omit_empty_yaml: bool,
    pub omit_empty_json: bool,
}

/// A field tagged `yaml:"name,omitempty" json:"name,omitempty"`, as most are.
const fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        key: name,
        yaml: name,
        json: name,
        kind,
        omit_empty_yaml: true,
        omit_empty_json: true,
    }
}

/// A field without `omitempty`.
const fn kept(name: &'static str, kind: Kind) -> Field {
    Field {
        omit_empty_yaml: false,
        omit_empty_json: false,
        ..field(name, kind)
    }
}

/// A field without a `yaml` tag: mapstructure looks for the Go name, go-yaml prints it in
/// lower case, and nothing is omitted.
const fn untagged(go: &'static str, yaml: &'static str, json: &'static str, kind: Kind) -> Field {
    Field {
        key: go,
        yaml,
        json,
        ..kept(yaml, kind)
    }
}

/// `ShellCommand` fields: `json:"command"` without `omitempty`, so JSON tells unset
/// (`null`) from empty (`[]`).
const fn shell_command(name: &'static str) -> Field {
    Field {
        omit_empty_json: false,
        ..field(name, Kind::ShellCommand)
    }
}

const fn plain(fields: &'static [Field]) -> Struct {
    Struct {
        fields,
        extensions: true,
        marshal: Marshal::Fields,
    }
}

pub static PROJECT: Struct = Struct {
    marshal: Marshal::Project,
    ..plain(&[
        field("name", STRING),
        kept(
            "services",
            Kind::Map("types.Services", &Kind::Struct(&SERVICE)),
        ),
        field(
            "networks",
            Kind::Map("types.Networks", &Kind::Struct(&NETWORK)),
        ),
        field(
            "volumes",
            Kind::Map("types.Volumes", &Kind::Struct(&VOLUME)),
        ),
        field(
            "secrets",
            Kind::Map("types.Secrets", &Kind::Struct(&SECRET)),
        ),
        field(
            "configs",
            Kind::Map("types.Configs", &Kind::Struct(&CONFIG)),
        ),
        field("models", Kind::Map("types.Models", &Kind::Struct(&MODEL))),
    ])
};

const DURATION_POINTER: Kind = Kind::Pointer(&Kind::Duration);

/// `types.ServiceConfig`, without `Name`: compose-go sets it from the service's key and
/// prints it neither in YAML nor in JSON.
static SERVICE: Struct = plain(&[
    field("profiles", STRINGS),
    field("annotations", Kind::Mapping),
    field("attach", Kind::Pointer(&BOOL)),
    field("build", Kind::Pointer(&Kind::Struct(&BUILD))),
    field("develop", Kind::Pointer(&Kind::Struct(&DEVELOP))),
    field("blkio_config", Kind::Pointer(&Kind::Struct(&BLKIO))),
    field("cap_add", STRINGS),
    field("cap_drop", STRINGS),
    field("cgroup_parent", STRING),
    field("cgroup", STRING),
    field("cpu_count", INT64),
    field("cpu_percent", Kind::Float32),
    field("cpu_period", INT64),
    field("cpu_quota", INT64),
    field("cpu_rt_period", INT64),
    field("cpu_rt_runtime", INT64),
    field("cpus", Kind::Float32),
    field("cpuset", STRING),
    field("cpu_shares", INT64),
    shell_command("command"),
    field("configs", Kind::Slice(&Kind::Struct(&FILE_REFERENCE))),
    field("container_name", STRING),
    field(
        "credential_spec",
        Kind::Pointer(&Kind::Struct(&CREDENTIAL_SPEC)),
    ),
    field(
        "depends_on",
        Kind::Map("types.DependsOnConfig", &Kind::Struct(&SERVICE_DEPENDENCY)),
    ),
    field("deploy", Kind::Pointer(&Kind::Struct(&DEPLOY))),
    field("device_cgroup_rules", STRINGS),
    field("devices", Kind::Slice(&Kind::Struct(&DEVICE_MAPPING))),
    field("dns", Kind::StringList),
    field("dns_opt", STRINGS),
    field("dns_search", Kind::StringList),
    field("dockerfile", STRING),
    field("domainname", STRING),
    shell_command("entrypoint"),
    field("provider", Kind::Pointer(&Kind::Struct(&PROVIDER))),
    field("environment", Kind::MappingWithEquals),
    field("env_file", Kind::Slice(&Kind::Struct(&ENV_FILE))),
    field("expose", Kind::StringOrNumberList),
    field("extends", Kind::Pointer(&Kind::Struct(&EXTENDS))),
    field("external_links", STRINGS),
    field("extra_hosts", Kind::HostsList),
    field("group_add", STRINGS),
    field("gpus", DEVICE_REQUESTS),
    field("hostname", STRING),
    field("healthcheck", Kind::Pointer(&Kind::Struct(&HEALTHCHECK))),
    field("image", STRING),
    field("init", Kind::Pointer(&BOOL)),
    field("ipc", STRING),
    field("isolation", STRING),
    field("labels", Kind::Labels),
    field("label_file", STRINGS),
    field("links", STRINGS),
    field("logging", Kind::Pointer(&Kind::Struct(&LOGGING))),
    field("log_driver", STRING),
    field("log_opt", STRING_MAP),
    field("mem_limit", Kind::UnitBytes),
    field("mem_reservation", Kind::UnitBytes),
    field("memswap_limit", Kind::UnitBytes),
    field("mem_swappiness", Kind::UnitBytes),
    field("mac_address", STRING),
    field(
        "models",
        Kind::Map(
            "map[string]*types.ServiceModelConfig",
            &Kind::Pointer(&Kind::Struct(&SERVICE_MODEL)),
        ),
    ),
    field("net", STRING),
    field("network_mode", STRING),
    field(
        "networks",
        Kind::Map(
            "map[string]*types.ServiceNetworkConfig",
            &Kind::Pointer(&Kind::Struct(&SERVICE_NETWORK)),
        ),
    ),
    field("oom_kill_disable", BOOL),
    field("oom_score_adj", INT64),
    field("pid", STRING),
    field("pids_limit", INT64),
    field("platform", STRING),
    field("ports", Kind::Slice(&Kind::Struct(&PORT))),
    field("privileged", BOOL),
    field("pull_policy", STRING),
    field("read_only", BOOL),
    field("restart", STRING),
    field("runtime", STRING),
    field("scale", Kind::Pointer(&INT)),
    field("secrets", SECRET_REFERENCES),
    field("security_opt", STRINGS),
    field("shm_size", Kind::UnitBytes),
    field("stdin_open", BOOL),
    field("stop_grace_period", DURATION_POINTER),
    field("stop_signal", STRING),
    field("storage_opt", STRING_MAP),
    field("sysctls", Kind::Mapping),
    field("tmpfs", Kind::StringList),
    field("tty", BOOL),
    field("ulimits", ULIMITS),
    field("use_api_socket", BOOL),
    field("user", STRING),
    field("userns_mode", STRING),
    field("uts", STRING),
    field("volume_driver", STRING),
    field("volumes", Kind::Slice(&Kind::Struct(&SERVICE_VOLUME))),
    field("volumes_from", STRINGS),
    field("working_dir", STRING),
    field("post_start", SERVICE_HOOKS),
    field("pre_stop", SERVICE_HOOKS),
]);

const DEVICE_REQUESTS: Kind = Kind::Slice(&Kind::Struct(&DEVICE_REQUEST));
const SECRET_REFERENCES: Kind = Kind::Slice(&Kind::Struct(&FILE_REFERENCE));
const ULIMITS: Kind = Kind::Map("map[string]*types.UlimitsConfig", &Kind::Ulimit);
const SERVICE_HOOKS: Kind = Kind::Slice(&Kind::Struct(&SERVICE_HOOK));

static PROVIDER: Struct = plain(&[field("type", STRING), field("options", Kind::MultiOptions)]);

static BUILD: Struct = plain(&[
    field("context", STRING),
    field("dockerfile", STRING),
    field("dockerfile_inline", STRING),
    field("entitlements", STRINGS),
    field("args", Kind::MappingWithEquals),
    field("provenance", STRING),
    field("sbom", STRING),
    field("ssh", Kind::SshConfig),
    field("labels", Kind::Labels),
    field("cache_from", Kind::StringList),
    field("cache_to", Kind::StringList),
    field("no_cache", BOOL),
    field("additional_contexts", Kind::Mapping),
    field("pull", BOOL),
    field("extra_hosts", Kind::HostsList),
    field("isolation", STRING),
    field("network", STRING),
    field("target", STRING),
    field("secrets", SECRET_REFERENCES),
    field("shm_size", Kind::UnitBytes),
    field("tags", Kind::StringList),
    field("ulimits", ULIMITS),
    field("platforms", Kind::StringList),
    field("privileged", BOOL),
]);

static BLKIO: Struct = plain(&[
    field("weight", UINT16),
    field("weight_device", Kind::Slice(&Kind::Struct(&WEIGHT_DEVICE))),
    field("device_read_bps", THROTTLE_DEVICES),
    field("device_read_iops", THROTTLE_DEVICES),
    field("device_write_bps", THROTTLE_DEVICES),
    field("device_write_iops", THROTTLE_DEVICES),
]);

const THROTTLE_DEVICES: Kind = Kind::Slice(&Kind::Struct(&THROTTLE_DEVICE));

static WEIGHT_DEVICE: Struct = plain(&[
    untagged("Path", "path", "Path", STRING),
    untagged("Weight", "weight", "Weight", UINT16),
]);

static THROTTLE_DEVICE: Struct = plain(&[
    untagged("Path", "path", "Path", STRING),
    untagged("Rate", "rate", "Rate", Kind::UnitBytes),
]);

static DEVICE_MAPPING: Struct = plain(&[
    field("source", STRING),
    field("target", STRING),
    field("permissions", STRING),
]);

static LOGGING: Struct = plain(&[field("driver", STRING), field("options", Kind::Options)]);

static DEPLOY: Struct = plain(&[
    field("mode", STRING),
    field("replicas", Kind::Pointer(&INT)),
    field("labels", Kind::Labels),
    field("update_config", Kind::Pointer(&Kind::Struct(&UPDATE))),
    field("rollback_config", Kind::Pointer(&Kind::Struct(&UPDATE))),
    field("resources", Kind::Struct(&RESOURCES)),
    field(
        "restart_policy",
        Kind::Pointer(&Kind::Struct(&RESTART_POLICY)),
    ),
    field("placement", Kind::Struct(&PLACEMENT)),
    field("endpoint_mode", STRING),
]);

static UPDATE: Struct = plain(&[
    field("parallelism", Kind::Pointer(&UINT64)),
    field("delay", Kind::Duration),
    field("failure_action", STRING),
    field("monitor", Kind::Duration),
    field("max_failure_ratio", Kind::Float32),
    field("order", STRING),
]);

static RESOURCES: Struct = plain(&[
    field("limits", Kind::Pointer(&Kind::Struct(&RESOURCE))),
    field("reservations", Kind::Pointer(&Kind::Struct(&RESOURCE))),
]);

static RESOURCE: Struct = plain(&[
    field("cpus", Kind::NanoCpus),
    field("memory", Kind::UnitBytes),
    field("pids", INT64),
    field("devices", DEVICE_REQUESTS),
    field(
        "generic_resources",
        Kind::Slice(&Kind::Struct(&GENERIC_RESOURCE)),
    ),
]);

static GENERIC_RESOURCE: Struct = plain(&[field(
    "discrete_resource_spec",
    Kind::Pointer(&Kind::Struct(&DISCRETE_GENERIC_RESOURCE)),
)]);

static DISCRETE_GENERIC_RESOURCE: Struct = plain(&[
    untagged("Kind", "kind", "kind", STRING),
    untagged("Value", "value", "value", INT64),
]);

static RESTART_POLICY: Struct = plain(&[
    field("condition", STRING),
    field("delay", DURATION_POINTER),
    field("max_attempts", Kind::Pointer(&UINT64)),
    field("window", DURATION_POINTER),
]);

static PLACEMENT: Struct = plain(&[
    field("constraints", STRINGS),
    field(
        "preferences",
        Kind::Slice(&Kind::Struct(&PLACEMENT_PREFERENCES)),
    ),
    field("max_replicas_per_node", UINT64),
]);

static PLACEMENT_PREFERENCES: Struct = plain(&[field("spread", STRING)]);

static SERVICE_NETWORK: Struct = plain(&[
    field("aliases", STRINGS),
    field("driver_opts", Kind::Options),
    field("gw_priority", INT),
    field("interface_name", STRING),
    field("ipv4_address", STRING),
    field("ipv6_address", STRING),
    field("link_local_ips", STRINGS),
    field("mac_address", STRING),
    field("priority", INT),
]);

static PORT: Struct = plain(&[
    field("name", STRING),
    field("mode", STRING),
    field("host_ip", STRING),
    field("target", UINT32),
    field("published", STRING),
    field("protocol", STRING),
    field("app_protocol", STRING),
]);

static SERVICE_VOLUME: Struct = plain(&[
    field("type", STRING),
    field("source", STRING),
    field("target", STRING),
    field("read_only", BOOL),
    field("consistency", STRING),
    field("bind", Kind::Pointer(&Kind::Struct(&VOLUME_BIND))),
    field("volume", Kind::Pointer(&Kind::Struct(&VOLUME_VOLUME))),
    field("tmpfs", Kind::Pointer(&Kind::Struct(&VOLUME_TMPFS))),
    field("image", Kind::Pointer(&Kind::Struct(&VOLUME_IMAGE))),
]);

static VOLUME_BIND: Struct = plain(&[
    field("selinux", STRING),
    field("propagation", STRING),
    field("create_host_path", BOOL),
    field("recursive", STRING),
]);

static VOLUME_VOLUME: Struct = plain(&[
    field("labels", Kind::Mapping),
    field("nocopy", BOOL),
    field("subpath", STRING),
]);

static VOLUME_TMPFS: Struct = plain(&[field("size", Kind::UnitBytes), field("mode", UINT32)]);

static VOLUME_IMAGE: Struct = plain(&[field("subpath", STRING)]);

/// `types.FileReferenceConfig`, which service `secrets` and `configs` entries are.
static FILE_REFERENCE: Struct = plain(&[
    field("source", STRING),
    field("target", STRING),
    field("uid", STRING),
    field("gid", STRING),
    field("mode", Kind::Pointer(&Kind::FileMode)),
]);

static NETWORK: Struct = plain(&[
    field("name", STRING),
    field("driver", STRING),
    field("driver_opts", Kind::Options),
    field("ipam", Kind::Struct(&IPAM)),
    field("external", EXTERNAL),
    field("internal", BOOL),
    field("attachable", BOOL),
    field("labels", Kind::Labels),
    field("enable_ipv4", Kind::Pointer(&BOOL)),
    field("enable_ipv6", Kind::Pointer(&BOOL)),
]);

static IPAM: Struct = plain(&[
    field("driver", STRING),
    field(
        "config",
        Kind::Slice(&Kind::Pointer(&Kind::Struct(&IPAM_POOL))),
    ),
]);

static IPAM_POOL: Struct = plain(&[
    field("subnet", STRING),
    field("gateway", STRING),
    field("ip_range", STRING),
    field("aux_addresses", Kind::Mapping),
]);

static VOLUME: Struct = plain(&[
    field("name", STRING),
    field("driver", STRING),
    field("driver_opts", Kind::Options),
    field("external", EXTERNAL),
    field("labels", Kind::Labels),
]);

static CREDENTIAL_SPEC: Struct = plain(&[
    field("config", STRING),
    field("file", STRING),
    field("registry", STRING),
]);

/// `types.FileObjectConfig`, which top-level secrets and configs are.
const FILE_OBJECT_FIELDS: &[Field] = &[
    field("name", STRING),
    field("file", STRING),
    field("environment", STRING),
    field("content", STRING),
    field("external", EXTERNAL),
    field("labels", Kind::Labels),
    field("driver", STRING),
    field("driver_opts", STRING_MAP),
    field("template_driver", STRING),
];

pub static SECRET: Struct = Struct {
    marshal: Marshal::Secret,
    ..plain(FILE_OBJECT_FIELDS)
};

static CONFIG: Struct = Struct {
    marshal: Marshal::Config,
    ..plain(FILE_OBJECT_FIELDS)
};

static SERVICE_DEPENDENCY: Struct = plain(&[
    field("condition", STRING),
    field("restart", BOOL),
    kept("required", BOOL),
]);

static EXTENDS: Struct = Struct {
    extensions: false,
    ..plain(&[field("file", STRING), field("service", STRING)])
};

static HEALTHCHECK: Struct = plain(&[
    field("test", Kind::HealthCheckTest),
    field("timeout", DURATION_POINTER),
    field("interval", DURATION_POINTER),
    field("retries", Kind::Pointer(&UINT64)),
    field("start_period", DURATION_POINTER),
    field("start_interval", DURATION_POINTER),
    field("disable", BOOL),
]);

static SERVICE_HOOK: Struct = plain(&[
    shell_command("command"),
    field("user", STRING),
    field("privileged", BOOL),
    field("working_dir", STRING),
    field("environment", Kind::MappingWithEquals),
]);

static ENV_FILE: Struct = Struct {
    extensions: false,
    marshal: Marshal::EnvFile,
    ..plain(&[
        field("path", STRING),
        kept("required", BOOL),
        field("format", STRING),
    ])
};

static DEVELOP: Struct = plain(&[field("watch", Kind::Slice(&Kind::Struct(&TRIGGER)))]);

static TRIGGER: Struct = plain(&[
    kept("path", STRING),
    kept("action", Kind::Str("types.WatchAction")),
    field("target", STRING),
    field("exec", Kind::Struct(&SERVICE_HOOK)),
    field("include", STRINGS),
    field("ignore", STRINGS),
    field("initial_sync", BOOL),
]);

static DEVICE_REQUEST: Struct = Struct {
    extensions: false,
    ..plain(&[
        field("capabilities", STRINGS),
        field("driver", STRING),
        field("count", Kind::DeviceCount),
        field("device_ids", STRINGS),
        field("options", Kind::Mapping),
    ])
};

static MODEL: Struct = plain(&[
    field("name", STRING),
    field("model", STRING),
    field("context_size", INT),
    field("runtime_flags", STRINGS),
]);

static SERVICE_MODEL: Struct = plain(&[field("endpoint_var", STRING), field("model_var", STRING)]);

impl Struct {
    pub fn field(&self, yaml: &str) -> Option<&'static Field> {
        self.fields.iter().find(|field| field.yaml == yaml)
    }
}

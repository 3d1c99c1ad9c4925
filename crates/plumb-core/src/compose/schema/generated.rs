//! compose-go's JSON schema as the tables `validate.rs` interprets. Generated: do not edit.
//!
//! From the schema `compose_spec.json` (draft-07) whose bytes have the digest
//! sha256:89f4bdc4ba651ff024118917a7cdb67d9d78c1af4bab9b12ec2fc85f5b7d90d3.
//! Regenerate with `PLUMB_UPDATE_SCHEMA=1 cargo test -p plumb-tests --test compose_schema`,
//! which reads the schema from the file `PLUMB_COMPOSE_SCHEMA` names, or else from the
//! docker compose binary in `PLUMB_TEST_PYTHON`'s environment
//! (tests/oracles/compose_schema.py).

use super::patterns::{CharClass, Pattern, Sequence, Step};
use super::table::{Schema, SchemaId, Types};

/// The schema of a whole compose file.
pub const ROOT: SchemaId = 136;

/// `.+`
static PATTERN_0: Pattern = Pattern {
    source: ".+",
    alternatives: &[
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::AnyButNewline, repeated: true },
            ],
        },
    ],
};

/// `^x-`
static PATTERN_1: Pattern = Pattern {
    source: "^x-",
    alternatives: &[
        Sequence {
            from_start: true,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('x'), repeated: false },
                Step { class: CharClass::Char('-'), repeated: false },
            ],
        },
    ],
};

/// `^[a-zA-Z0-9._-]+$`
static PATTERN_2: Pattern = Pattern {
    source: "^[a-zA-Z0-9._-]+$",
    alternatives: &[
        Sequence {
            from_start: true,
            to_end: true,
            steps: &[
                Step { class: CharClass::Ranges(&[('a', 'z'), ('A', 'Z'), ('0', '9'), ('.', '.'), ('_', '_'), ('-', '-')]), repeated: true },
            ],
        },
    ],
};

/// `^.+$`
static PATTERN_3: Pattern = Pattern {
    source: "^.+$",
    alternatives: &[
        Sequence {
            from_start: true,
            to_end: true,
            steps: &[
                Step { class: CharClass::AnyButNewline, repeated: true },
            ],
        },
    ],
};

/// `^[a-z]+$`
static PATTERN_4: Pattern = Pattern {
    source: "^[a-z]+$",
    alternatives: &[
        Sequence {
            from_start: true,
            to_end: true,
            steps: &[
                Step { class: CharClass::Ranges(&[('a', 'z')]), repeated: true },
            ],
        },
    ],
};

/// `[a-zA-Z0-9][a-zA-Z0-9_.-]+`
static PATTERN_5: Pattern = Pattern {
    source: "[a-zA-Z0-9][a-zA-Z0-9_.-]+",
    alternatives: &[
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Ranges(&[('a', 'z'), ('A', 'Z'), ('0', '9')]), repeated: false },
                Step { class: CharClass::Ranges(&[('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_'), ('.', '.'), ('-', '-')]), repeated: true },
            ],
        },
    ],
};

/// `always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+`
static PATTERN_6: Pattern = Pattern {
    source: "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+",
    alternatives: &[
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('a'), repeated: false },
                Step { class: CharClass::Char('l'), repeated: false },
                Step { class: CharClass::Char('w'), repeated: false },
                Step { class: CharClass::Char('a'), repeated: false },
                Step { class: CharClass::Char('y'), repeated: false },
                Step { class: CharClass::Char('s'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('n'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('v'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('r'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('b'), repeated: false },
                Step { class: CharClass::Char('u'), repeated: false },
                Step { class: CharClass::Char('i'), repeated: false },
                Step { class: CharClass::Char('l'), repeated: false },
                Step { class: CharClass::Char('d'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('i'), repeated: false },
                Step { class: CharClass::Char('f'), repeated: false },
                Step { class: CharClass::Char('_'), repeated: false },
                Step { class: CharClass::Char('n'), repeated: false },
                Step { class: CharClass::Char('o'), repeated: false },
                Step { class: CharClass::Char('t'), repeated: false },
                Step { class: CharClass::Char('_'), repeated: false },
                Step { class: CharClass::Char('p'), repeated: false },
                Step { class: CharClass::Char('r'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('s'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('n'), repeated: false },
                Step { class: CharClass::Char('t'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('m'), repeated: false },
                Step { class: CharClass::Char('i'), repeated: false },
                Step { class: CharClass::Char('s'), repeated: false },
                Step { class: CharClass::Char('s'), repeated: false },
                Step { class: CharClass::Char('i'), repeated: false },
                Step { class: CharClass::Char('n'), repeated: false },
                Step { class: CharClass::Char('g'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('r'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('f'), repeated: false },
                Step { class: CharClass::Char('r'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('s'), repeated: false },
                Step { class: CharClass::Char('h'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('d'), repeated: false },
                Step { class: CharClass::Char('a'), repeated: false },
                Step { class: CharClass::Char('i'), repeated: false },
                Step { class: CharClass::Char('l'), repeated: false },
                Step { class: CharClass::Char('y'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('w'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('k'), repeated: false },
                Step { class: CharClass::Char('l'), repeated: false },
                Step { class: CharClass::Char('y'), repeated: false },
            ],
        },
        Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('v'), repeated: false },
                Step { class: CharClass::Char('e'), repeated: false },
                Step { class: CharClass::Char('r'), repeated: false },
                Step { class: CharClass::Char('y'), repeated: false },
                Step { class: CharClass::Char('_'), repeated: false },
                Step { class: CharClass::Ranges(&[('0', '9')]), repeated: true },
                Step { class: CharClass::Ranges(&[('w', 'w'), ('d', 'd'), ('h', 'h'), ('m', 'm'), ('s', 's')]), repeated: false },
            ],
        },
    ],
};

pub static SCHEMAS: [Schema; 137] = [
    // 0: #/definitions/config/properties/content
    Schema { types: Types::STRING, ..Schema::NONE },
    // 1: #/definitions/config/properties/external
    Schema {
        types: Types::BOOLEAN.or(Types::STRING).or(Types::OBJECT),
        properties: &[("name", 0)],
        ..Schema::NONE
    },
    // 2: #/definitions/list_or_dict/oneOf/0/patternProperties/.+
    Schema {
        types: Types::NULL.or(Types::BOOLEAN).or(Types::NUMBER).or(Types::STRING),
        ..Schema::NONE
    },
    // 3: #/definitions/list_or_dict/oneOf/0
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_0, 2)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 4: #/definitions/list_or_dict/oneOf/1
    Schema { types: Types::ARRAY, items: Some(0), unique_items: true, ..Schema::NONE },
    // 5: #/definitions/list_or_dict
    Schema { one_of: &[3, 4], ..Schema::NONE },
    // 6: #/definitions/config/patternProperties/^x-
    Schema::ANYTHING,
    // 7: #/definitions/config
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("content", 0),
            ("environment", 0),
            ("external", 1),
            ("file", 0),
            ("labels", 5),
            ("name", 0),
            ("template_driver", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 8: #/properties/configs
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 7)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 9: #/definitions/string_or_list
    Schema { one_of: &[0, 4], ..Schema::NONE },
    // 10: #/definitions/include/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("env_file", 9), ("path", 9), ("project_directory", 0)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 11: #/definitions/include
    Schema { one_of: &[0, 10], ..Schema::NONE },
    // 12: #/properties/include
    Schema { types: Types::ARRAY, items: Some(11), ..Schema::NONE },
    // 13: #/definitions/model/properties/context_size
    Schema { types: Types::INTEGER, ..Schema::NONE },
    // 14: #/definitions/model/properties/runtime_flags
    Schema { types: Types::ARRAY, items: Some(0), ..Schema::NONE },
    // 15: #/definitions/model
    Schema {
        types: Types::OBJECT,
        properties: &[("context_size", 13), ("model", 0), ("name", 0), ("runtime_flags", 14)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["model"],
        ..Schema::NONE
    },
    // 16: #/properties/models
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_2, 15)], ..Schema::NONE },
    // 17: #/definitions/network/properties/attachable
    Schema { types: Types::BOOLEAN.or(Types::STRING), ..Schema::NONE },
    // 18: #/definitions/network/properties/driver_opts/patternProperties/^.+$
    Schema { types: Types::NUMBER.or(Types::STRING), ..Schema::NONE },
    // 19: #/definitions/network/properties/driver_opts
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_3, 18)], ..Schema::NONE },
    // 20: #/definitions/network/properties/external
    Schema {
        types: Types::BOOLEAN.or(Types::STRING).or(Types::OBJECT),
        properties: &[("name", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 21: #/definitions/network/properties/ipam/properties/config/items/properties/aux_addresses
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_3, 0)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 22: #/definitions/network/properties/ipam/properties/config/items
    Schema {
        types: Types::OBJECT,
        properties: &[("aux_addresses", 21), ("gateway", 0), ("ip_range", 0), ("subnet", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 23: #/definitions/network/properties/ipam/properties/config
    Schema { types: Types::ARRAY, items: Some(22), ..Schema::NONE },
    // 24: #/definitions/network/properties/ipam
    Schema {
        types: Types::OBJECT,
        properties: &[("config", 23), ("driver", 0), ("options", 21)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 25: #/definitions/network
    Schema {
        types: Types::NULL.or(Types::OBJECT),
        properties: &[
            ("attachable", 17),
            ("driver", 0),
            ("driver_opts", 19),
            ("enable_ipv4", 17),
            ("enable_ipv6", 17),
            ("external", 20),
            ("internal", 17),
            ("ipam", 24),
            ("labels", 5),
            ("name", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 26: #/properties/networks
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_2, 25)], ..Schema::NONE },
    // 27: #/definitions/secret
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("driver", 0),
            ("driver_opts", 19),
            ("environment", 0),
            ("external", 1),
            ("file", 0),
            ("labels", 5),
            ("name", 0),
            ("template_driver", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 28: #/properties/secrets
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 27)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 29: #/definitions/blkio_limit/properties/rate
    Schema { types: Types::INTEGER.or(Types::STRING), ..Schema::NONE },
    // 30: #/definitions/blkio_limit
    Schema {
        types: Types::OBJECT,
        properties: &[("path", 0), ("rate", 29)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 31: #/definitions/service/properties/blkio_config/properties/device_read_bps
    Schema { types: Types::ARRAY, items: Some(30), ..Schema::NONE },
    // 32: #/definitions/blkio_weight
    Schema {
        types: Types::OBJECT,
        properties: &[("path", 0), ("weight", 29)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 33: #/definitions/service/properties/blkio_config/properties/weight_device
    Schema { types: Types::ARRAY, items: Some(32), ..Schema::NONE },
    // 34: #/definitions/service/properties/blkio_config
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("device_read_bps", 31),
            ("device_read_iops", 31),
            ("device_write_bps", 31),
            ("device_write_iops", 31),
            ("weight", 29),
            ("weight_device", 33),
        ],
        additional_properties: false,
        ..Schema::NONE
    },
    // 35: #/definitions/extra_hosts/oneOf/0/patternProperties/.+
    Schema { one_of: &[0, 14], ..Schema::NONE },
    // 36: #/definitions/extra_hosts/oneOf/0
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_0, 35)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 37: #/definitions/extra_hosts
    Schema { one_of: &[36, 4], ..Schema::NONE },
    // 38: #/definitions/service_config_or_secret/items/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("gid", 0), ("mode", 18), ("source", 0), ("target", 0), ("uid", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 39: #/definitions/service_config_or_secret/items
    Schema { one_of: &[0, 38], ..Schema::NONE },
    // 40: #/definitions/service_config_or_secret
    Schema { types: Types::ARRAY, items: Some(39), ..Schema::NONE },
    // 41: #/definitions/ulimits/patternProperties/^[a-z]+$/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("hard", 29), ("soft", 29)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["soft", "hard"],
        ..Schema::NONE
    },
    // 42: #/definitions/ulimits/patternProperties/^[a-z]+$
    Schema { one_of: &[29, 41], ..Schema::NONE },
    // 43: #/definitions/ulimits
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_4, 42)], ..Schema::NONE },
    // 44: #/definitions/service/properties/build/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("additional_contexts", 5),
            ("args", 5),
            ("cache_from", 14),
            ("cache_to", 14),
            ("context", 0),
            ("dockerfile", 0),
            ("dockerfile_inline", 0),
            ("entitlements", 14),
            ("extra_hosts", 37),
            ("isolation", 0),
            ("labels", 5),
            ("network", 0),
            ("no_cache", 17),
            ("platforms", 14),
            ("privileged", 17),
            ("provenance", 17),
            ("pull", 17),
            ("sbom", 17),
            ("secrets", 40),
            ("shm_size", 29),
            ("ssh", 5),
            ("tags", 14),
            ("target", 0),
            ("ulimits", 43),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 45: #/definitions/service/properties/build
    Schema { one_of: &[0, 44], ..Schema::NONE },
    // 46: #/definitions/service/properties/cgroup
    Schema { types: Types::STRING, enumeration: &["host", "private"], ..Schema::NONE },
    // 47: #/definitions/command/oneOf/0
    Schema { types: Types::NULL, ..Schema::NONE },
    // 48: #/definitions/command
    Schema { one_of: &[47, 0, 14], ..Schema::NONE },
    // 49: #/definitions/service/properties/container_name
    Schema { types: Types::STRING, pattern: Some(&PATTERN_5), ..Schema::NONE },
    // 50: #/definitions/service/properties/cpu_count/oneOf/1
    Schema { types: Types::INTEGER, minimum: Some(0), ..Schema::NONE },
    // 51: #/definitions/service/properties/cpu_count
    Schema { one_of: &[0, 50], ..Schema::NONE },
    // 52: #/definitions/service/properties/cpu_percent/oneOf/1
    Schema { types: Types::INTEGER, minimum: Some(0), maximum: Some(100), ..Schema::NONE },
    // 53: #/definitions/service/properties/cpu_percent
    Schema { one_of: &[0, 52], ..Schema::NONE },
    // 54: #/definitions/service/properties/credential_spec
    Schema {
        types: Types::OBJECT,
        properties: &[("config", 0), ("file", 0), ("registry", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 55: #/definitions/service/properties/depends_on/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/properties/condition
    Schema {
        types: Types::STRING,
        enumeration: &["service_started", "service_healthy", "service_completed_successfully"],
        ..Schema::NONE
    },
    // 56: #/definitions/service/properties/depends_on/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/properties/required
    Schema { types: Types::BOOLEAN, ..Schema::NONE },
    // 57: #/definitions/service/properties/depends_on/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$
    Schema {
        types: Types::OBJECT,
        properties: &[("condition", 55), ("required", 56), ("restart", 17)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["condition"],
        ..Schema::NONE
    },
    // 58: #/definitions/service/properties/depends_on/oneOf/1
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 57)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 59: #/definitions/service/properties/depends_on
    Schema { one_of: &[4, 58], ..Schema::NONE },
    // 60: #/definitions/deployment/properties/placement/properties/preferences/items
    Schema {
        types: Types::OBJECT,
        properties: &[("spread", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 61: #/definitions/deployment/properties/placement/properties/preferences
    Schema { types: Types::ARRAY, items: Some(60), ..Schema::NONE },
    // 62: #/definitions/deployment/properties/placement
    Schema {
        types: Types::OBJECT,
        properties: &[("constraints", 14), ("max_replicas_per_node", 29), ("preferences", 61)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 63: #/definitions/deployment/properties/resources/properties/limits
    Schema {
        types: Types::OBJECT,
        properties: &[("cpus", 18), ("memory", 0), ("pids", 29)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 64: #/definitions/devices/items
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("capabilities", 4),
            ("count", 29),
            ("device_ids", 4),
            ("driver", 0),
            ("options", 5),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["capabilities"],
        ..Schema::NONE
    },
    // 65: #/definitions/devices
    Schema { types: Types::ARRAY, items: Some(64), ..Schema::NONE },
    // 66: #/definitions/generic_resources/items/properties/discrete_resource_spec
    Schema {
        types: Types::OBJECT,
        properties: &[("kind", 0), ("value", 18)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 67: #/definitions/generic_resources/items
    Schema {
        types: Types::OBJECT,
        properties: &[("discrete_resource_spec", 66)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 68: #/definitions/generic_resources
    Schema { types: Types::ARRAY, items: Some(67), ..Schema::NONE },
    // 69: #/definitions/deployment/properties/resources/properties/reservations
    Schema {
        types: Types::OBJECT,
        properties: &[("cpus", 18), ("devices", 65), ("generic_resources", 68), ("memory", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 70: #/definitions/deployment/properties/resources
    Schema {
        types: Types::OBJECT,
        properties: &[("limits", 63), ("reservations", 69)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 71: #/definitions/deployment/properties/restart_policy
    Schema {
        types: Types::OBJECT,
        properties: &[("condition", 0), ("delay", 0), ("max_attempts", 29), ("window", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 72: #/definitions/deployment/properties/rollback_config/properties/order
    Schema { types: Types::STRING, enumeration: &["start-first", "stop-first"], ..Schema::NONE },
    // 73: #/definitions/deployment/properties/rollback_config
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("delay", 0),
            ("failure_action", 0),
            ("max_failure_ratio", 18),
            ("monitor", 0),
            ("order", 72),
            ("parallelism", 29),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 74: #/definitions/deployment
    Schema {
        types: Types::NULL.or(Types::OBJECT),
        properties: &[
            ("endpoint_mode", 0),
            ("labels", 5),
            ("mode", 0),
            ("placement", 62),
            ("replicas", 29),
            ("resources", 70),
            ("restart_policy", 71),
            ("rollback_config", 73),
            ("update_config", 73),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 75: #/definitions/development/properties/watch/items/properties/action
    Schema {
        types: Types::STRING,
        enumeration: &["rebuild", "sync", "restart", "sync+restart", "sync+exec"],
        ..Schema::NONE
    },
    // 76: #/definitions/service_hook
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("command", 48),
            ("environment", 5),
            ("privileged", 17),
            ("user", 0),
            ("working_dir", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["command"],
        ..Schema::NONE
    },
    // 77: #/definitions/development/properties/watch/items
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("action", 75),
            ("exec", 76),
            ("ignore", 9),
            ("include", 9),
            ("initial_sync", 56),
            ("path", 0),
            ("target", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["path", "action"],
        ..Schema::NONE
    },
    // 78: #/definitions/development/properties/watch
    Schema { types: Types::ARRAY, items: Some(77), ..Schema::NONE },
    // 79: #/definitions/development
    Schema {
        types: Types::NULL.or(Types::OBJECT),
        properties: &[("watch", 78)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 80: #/definitions/service/properties/devices/items/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("permissions", 0), ("source", 0), ("target", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["source"],
        ..Schema::NONE
    },
    // 81: #/definitions/service/properties/devices/items
    Schema { one_of: &[0, 80], ..Schema::NONE },
    // 82: #/definitions/service/properties/devices
    Schema { types: Types::ARRAY, items: Some(81), ..Schema::NONE },
    // 83: #/definitions/env_file/oneOf/1/items/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("format", 0), ("path", 0), ("required", 17)],
        additional_properties: false,
        required: &["path"],
        ..Schema::NONE
    },
    // 84: #/definitions/env_file/oneOf/1/items
    Schema { one_of: &[0, 83], ..Schema::NONE },
    // 85: #/definitions/env_file/oneOf/1
    Schema { types: Types::ARRAY, items: Some(84), ..Schema::NONE },
    // 86: #/definitions/env_file
    Schema { one_of: &[0, 85], ..Schema::NONE },
    // 87: #/definitions/service/properties/expose
    Schema { types: Types::ARRAY, items: Some(18), unique_items: true, ..Schema::NONE },
    // 88: #/definitions/service/properties/extends/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[("file", 0), ("service", 0)],
        additional_properties: false,
        required: &["service"],
        ..Schema::NONE
    },
    // 89: #/definitions/service/properties/extends
    Schema { one_of: &[0, 88], ..Schema::NONE },
    // 90: #/definitions/gpus/oneOf/0
    Schema { types: Types::STRING, enumeration: &["all"], ..Schema::NONE },
    // 91: #/definitions/gpus/oneOf/1/items
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("capabilities", 4),
            ("count", 29),
            ("device_ids", 4),
            ("driver", 0),
            ("options", 5),
        ],
        ..Schema::NONE
    },
    // 92: #/definitions/gpus/oneOf/1
    Schema {
        types: Types::ARRAY,
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        items: Some(91),
        ..Schema::NONE
    },
    // 93: #/definitions/gpus
    Schema { one_of: &[90, 92], ..Schema::NONE },
    // 94: #/definitions/healthcheck
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("disable", 17),
            ("interval", 0),
            ("retries", 18),
            ("start_interval", 0),
            ("start_period", 0),
            ("test", 35),
            ("timeout", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 95: #/definitions/service/properties/logging/properties/options/patternProperties/^.+$
    Schema { types: Types::NULL.or(Types::NUMBER).or(Types::STRING), ..Schema::NONE },
    // 96: #/definitions/service/properties/logging/properties/options
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_3, 95)], ..Schema::NONE },
    // 97: #/definitions/service/properties/logging
    Schema {
        types: Types::OBJECT,
        properties: &[("driver", 0), ("options", 96)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 98: #/definitions/service/properties/models/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0
    Schema {
        types: Types::OBJECT,
        properties: &[("endpoint_var", 0), ("model_var", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 99: #/definitions/service/properties/models/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$
    Schema { one_of: &[98, 47], ..Schema::NONE },
    // 100: #/definitions/service/properties/models/oneOf/1
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_2, 99)], ..Schema::NONE },
    // 101: #/definitions/service/properties/models
    Schema { one_of: &[4, 100], ..Schema::NONE },
    // 102: #/definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0/properties/gw_priority
    Schema { types: Types::NUMBER, ..Schema::NONE },
    // 103: #/definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("aliases", 4),
            ("driver_opts", 19),
            ("gw_priority", 102),
            ("interface_name", 0),
            ("ipv4_address", 0),
            ("ipv6_address", 0),
            ("link_local_ips", 4),
            ("mac_address", 0),
            ("priority", 102),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 104: #/definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$
    Schema { one_of: &[103, 47], ..Schema::NONE },
    // 105: #/definitions/service/properties/networks/oneOf/1
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 104)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 106: #/definitions/service/properties/networks
    Schema { one_of: &[4, 105], ..Schema::NONE },
    // 107: #/definitions/service/properties/oom_score_adj/oneOf/1
    Schema { types: Types::INTEGER, minimum: Some(-1000), maximum: Some(1000), ..Schema::NONE },
    // 108: #/definitions/service/properties/oom_score_adj
    Schema { one_of: &[0, 107], ..Schema::NONE },
    // 109: #/definitions/service/properties/pid
    Schema { types: Types::NULL.or(Types::STRING), ..Schema::NONE },
    // 110: #/definitions/service/properties/ports/items/oneOf/2
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("app_protocol", 0),
            ("host_ip", 0),
            ("mode", 0),
            ("name", 0),
            ("protocol", 0),
            ("published", 29),
            ("target", 29),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 111: #/definitions/service/properties/ports/items
    Schema { one_of: &[102, 0, 110], ..Schema::NONE },
    // 112: #/definitions/service/properties/ports
    Schema { types: Types::ARRAY, items: Some(111), unique_items: true, ..Schema::NONE },
    // 113: #/definitions/service/properties/post_start
    Schema { types: Types::ARRAY, items: Some(76), ..Schema::NONE },
    // 114: #/definitions/service/properties/provider/properties/options/patternProperties/^.+$/oneOf/0
    Schema { types: Types::BOOLEAN.or(Types::NUMBER).or(Types::STRING), ..Schema::NONE },
    // 115: #/definitions/service/properties/provider/properties/options/patternProperties/^.+$/oneOf/1
    Schema { types: Types::ARRAY, items: Some(114), ..Schema::NONE },
    // 116: #/definitions/service/properties/provider/properties/options/patternProperties/^.+$
    Schema { one_of: &[114, 115], ..Schema::NONE },
    // 117: #/definitions/service/properties/provider/properties/options
    Schema { types: Types::OBJECT, pattern_properties: &[(&PATTERN_3, 116)], ..Schema::NONE },
    // 118: #/definitions/service/properties/provider
    Schema {
        types: Types::OBJECT,
        properties: &[("options", 117), ("type", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["type"],
        ..Schema::NONE
    },
    // 119: #/definitions/service/properties/pull_policy
    Schema { types: Types::STRING, pattern: Some(&PATTERN_6), ..Schema::NONE },
    // 120: #/definitions/service/properties/storage_opt
    Schema { types: Types::OBJECT, ..Schema::NONE },
    // 121: #/definitions/service/properties/volumes/items/oneOf/1/properties/bind/properties/recursive
    Schema {
        types: Types::STRING,
        enumeration: &["enabled", "disabled", "writable", "readonly"],
        ..Schema::NONE
    },
    // 122: #/definitions/service/properties/volumes/items/oneOf/1/properties/bind/properties/selinux
    Schema { types: Types::STRING, enumeration: &["z", "Z"], ..Schema::NONE },
    // 123: #/definitions/service/properties/volumes/items/oneOf/1/properties/bind
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("create_host_path", 17),
            ("propagation", 0),
            ("recursive", 121),
            ("selinux", 122),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 124: #/definitions/service/properties/volumes/items/oneOf/1/properties/image
    Schema {
        types: Types::OBJECT,
        properties: &[("subpath", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 125: #/definitions/service/properties/volumes/items/oneOf/1/properties/tmpfs/properties/size
    Schema { one_of: &[50, 0], ..Schema::NONE },
    // 126: #/definitions/service/properties/volumes/items/oneOf/1/properties/tmpfs
    Schema {
        types: Types::OBJECT,
        properties: &[("mode", 18), ("size", 125)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 127: #/definitions/service/properties/volumes/items/oneOf/1/properties/type
    Schema {
        types: Types::STRING,
        enumeration: &["bind", "volume", "tmpfs", "cluster", "npipe", "image"],
        ..Schema::NONE
    },
    // 128: #/definitions/service/properties/volumes/items/oneOf/1/properties/volume
    Schema {
        types: Types::OBJECT,
        properties: &[("labels", 5), ("nocopy", 17), ("subpath", 0)],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 129: #/definitions/service/properties/volumes/items/oneOf/1
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("bind", 123),
            ("consistency", 0),
            ("image", 124),
            ("read_only", 17),
            ("source", 0),
            ("target", 0),
            ("tmpfs", 126),
            ("type", 127),
            ("volume", 128),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        required: &["type"],
        ..Schema::NONE
    },
    // 130: #/definitions/service/properties/volumes/items
    Schema { one_of: &[0, 129], ..Schema::NONE },
    // 131: #/definitions/service/properties/volumes
    Schema { types: Types::ARRAY, items: Some(130), unique_items: true, ..Schema::NONE },
    // 132: #/definitions/service
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("annotations", 5),
            ("attach", 17),
            ("blkio_config", 34),
            ("build", 45),
            ("cap_add", 4),
            ("cap_drop", 4),
            ("cgroup", 46),
            ("cgroup_parent", 0),
            ("command", 48),
            ("configs", 40),
            ("container_name", 49),
            ("cpu_count", 51),
            ("cpu_percent", 53),
            ("cpu_period", 18),
            ("cpu_quota", 18),
            ("cpu_rt_period", 18),
            ("cpu_rt_runtime", 18),
            ("cpu_shares", 18),
            ("cpus", 18),
            ("cpuset", 0),
            ("credential_spec", 54),
            ("depends_on", 59),
            ("deploy", 74),
            ("develop", 79),
            ("device_cgroup_rules", 4),
            ("devices", 82),
            ("dns", 9),
            ("dns_opt", 4),
            ("dns_search", 9),
            ("domainname", 0),
            ("entrypoint", 48),
            ("env_file", 86),
            ("environment", 5),
            ("expose", 87),
            ("extends", 89),
            ("external_links", 4),
            ("extra_hosts", 37),
            ("gpus", 93),
            ("group_add", 87),
            ("healthcheck", 94),
            ("hostname", 0),
            ("image", 0),
            ("init", 17),
            ("ipc", 0),
            ("isolation", 0),
            ("label_file", 35),
            ("labels", 5),
            ("links", 4),
            ("logging", 97),
            ("mac_address", 0),
            ("mem_limit", 18),
            ("mem_reservation", 29),
            ("mem_swappiness", 29),
            ("memswap_limit", 18),
            ("models", 101),
            ("network_mode", 0),
            ("networks", 106),
            ("oom_kill_disable", 17),
            ("oom_score_adj", 108),
            ("pid", 109),
            ("pids_limit", 18),
            ("platform", 0),
            ("ports", 112),
            ("post_start", 113),
            ("pre_stop", 113),
            ("privileged", 17),
            ("profiles", 4),
            ("provider", 118),
            ("pull_policy", 119),
            ("pull_refresh_after", 0),
            ("read_only", 17),
            ("restart", 0),
            ("runtime", 0),
            ("scale", 29),
            ("secrets", 40),
            ("security_opt", 4),
            ("shm_size", 18),
            ("stdin_open", 17),
            ("stop_grace_period", 0),
            ("stop_signal", 0),
            ("storage_opt", 120),
            ("sysctls", 5),
            ("tmpfs", 9),
            ("tty", 17),
            ("ulimits", 43),
            ("use_api_socket", 56),
            ("user", 0),
            ("userns_mode", 0),
            ("uts", 0),
            ("volumes", 131),
            ("volumes_from", 4),
            ("working_dir", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 133: #/properties/services
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 132)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 134: #/definitions/volume
    Schema {
        types: Types::NULL.or(Types::OBJECT),
        properties: &[
            ("driver", 0),
            ("driver_opts", 19),
            ("external", 20),
            ("labels", 5),
            ("name", 0),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 135: #/properties/volumes
    Schema {
        types: Types::OBJECT,
        pattern_properties: &[(&PATTERN_2, 134)],
        additional_properties: false,
        ..Schema::NONE
    },
    // 136: #
    Schema {
        types: Types::OBJECT,
        properties: &[
            ("configs", 8),
            ("include", 12),
            ("models", 16),
            ("name", 0),
            ("networks", 26),
            ("secrets", 28),
            ("services", 133),
            ("version", 0),
            ("volumes", 135),
        ],
        pattern_properties: &[(&PATTERN_1, 6)],
        additional_properties: false,
        ..Schema::NONE
    },
];

//! Docker Compose files as docker compose v2.40.3 (compose-go v2.9.1) reads them: the YAML
//! tree, interpolation, merging of several files, validation against the compose-spec
//! schema, the canonical long syntax, the checks compose-go makes after the schema, and
//! the project as `docker compose config` prints it.

pub mod canonical;
pub mod defaults;
pub mod go_format;
pub mod merge;
pub mod output;
pub mod reset;
pub mod schema;
pub mod shell_words;
pub mod string_keys;
pub mod tree;

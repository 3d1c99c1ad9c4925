//! Docker Compose files as docker compose v2.40.3 (compose-go v2.9.1) reads them: the YAML
//! tree, interpolation, merging of several files, validation against the compose-spec
//! schema, the canonical long syntax, the checks compose-go makes after the schema, and
//! the project as `docker compose config` prints it.

pub mod builds;
pub mod canonical;
pub mod config;
mod consistency;
pub mod defaults;
pub mod dotenv;
mod extends;
pub mod format;
pub mod go_format;
mod go_text;
mod include;
pub mod interpolate_model;
pub mod interpolation;
pub mod load;
pub mod merge;
mod normalize;
pub mod output;
pub use crate::posix_path;
pub mod problem;
pub mod project;
mod project_stage;
mod relative_paths;
pub mod reset;
mod resolve_environment;
pub mod rules;
pub mod schema;
pub mod service_images;
pub mod string_keys;
pub mod tree;
pub mod unicity;
mod validation;
pub mod workspace_project;

//! The last stage of `docker compose config`: compose-go's normalised model bound into its
//! `types.Project` structs ([`bind`]), and that project printed as docker compose v2.40.3
//! prints it, in JSON ([`to_json`], `--format json`) and in YAML ([`to_yaml`], the
//! default). Both print every `$` as `$$`, so that the output reads back as the same
//! project; `--no-interpolate` prints the model itself instead, unbound and unescaped
//! ([`model_to_json`], [`model_to_yaml`]).
//!
//! The bound tree is a [`Node`] that holds what compose-go's structs hold: each struct's
//! set fields in Go order under their YAML keys, then its `x-` extensions; Go maps sorted
//! by key; durations as nanoseconds, byte sizes, file modes and device counts as integers,
//! float32 fields rounded to float32; `command: "a b"` split into words. Printing walks it
//! with the same field tables (`fields.rs`) as binding, since Go's `omitempty`, nil
//! pointers and custom marshallers decide what each format shows.
//!
//! Between the two, docker compose leaves out the resources no service uses
//! ([`without_unused_resources`]); that is a change of the project, so it is a step of its
//! own. `config` also reads each service's `env_file` and `label_file` into `environment` and
//! `labels` and drops both lists before printing; that needs the files, so it is not done
//! here: the bound tree keeps both lists and printing shows what the tree holds.

mod decode;
mod fields;
mod go_value;
mod json;
mod marshal;
mod resources;
mod shell_words;
mod yaml;
mod yaml_emitter;

pub use decode::{BindError, BindProblem, BindWarning, Bound, bind_with_warnings};
pub use json::JsonError;
pub use resources::without_unused_resources;

use crate::yaml::Node;

/// Binds compose-go's normalised model, as [`bind_with_warnings`] does, without the
/// warnings.
pub fn bind(model: &Node) -> Result<Node, BindError> {
    bind_with_warnings(model).map(|bound| bound.project)
}

/// `docker compose config --format json` of a bound project (no final line break, as
/// docker compose prints it). encoding/json refuses NaN and infinite floats and a build
/// `ssh` key with a path, and so does this.
pub fn to_json(bound: &Node) -> Result<String, JsonError> {
    json::project(bound, &fields::PROJECT).map(|text| escape_dollars(&text))
}

/// `docker compose config` of a bound project.
pub fn to_yaml(bound: &Node) -> String {
    escape_dollars(&yaml::project(bound, &fields::PROJECT))
}

/// `docker compose config --no-interpolate --format json`: the model as it is.
pub fn model_to_json(model: &Node) -> Result<String, JsonError> {
    json::model(model)
}

/// `docker compose config --no-interpolate`: the model as it is.
pub fn model_to_yaml(model: &Node) -> String {
    yaml::model(model)
}

/// docker compose's last step: every `$` of the output doubled.
fn escape_dollars(text: &str) -> String {
    text.replace('$', "$$")
}

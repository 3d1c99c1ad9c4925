//! mkosi's configuration as mkosi reads it: files through its own INI reader (`ini.rs`),
//! each setting against the table of the release checked (`settings.rs`), the MK rules
//! (`rules/`) and the format contract (`format.rs`).

mod config_section;
pub mod format;
pub mod ini;
pub mod resolution;
mod resolution_v24;
mod resolution_v26;
pub mod resolve;
pub mod rules;
pub mod script_format;
pub mod settings;
mod settings_v24;
mod settings_v26;
mod settings_v27;
pub mod tree;
pub mod tree_edits;

pub use config_section::MkosiSection;

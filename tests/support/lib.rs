//! Helpers shared by the workspace-level tests.

pub mod browser;
pub mod compose;
pub mod fixtures;
pub mod git;
pub mod mkosi;
pub mod mkosi_resolution_table;
pub mod plumb;
pub mod prerequisites;
pub mod registry;
pub mod static_server;

pub use prerequisites::require;

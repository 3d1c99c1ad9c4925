//! One module per subcommand.

pub mod build;
pub mod check;
pub mod compose;
pub mod dstack;
pub mod dump;
pub mod lock;
pub mod mkosi;
pub mod oci;
pub mod plan;
pub mod rules;
pub mod verify;

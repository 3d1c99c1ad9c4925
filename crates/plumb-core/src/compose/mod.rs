//! Docker Compose files as docker compose v2.40.3 (compose-go v2.9.1) reads them.

pub mod schema;

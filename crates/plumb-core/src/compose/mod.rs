//! Docker Compose files as docker compose v2.40.3 reads them, which embeds compose-go v2.9.1.
//! For now this holds the two pieces of text processing that everything else builds on:
//! [`interpolation`] (`${VAR:-default}` in every string value of a compose file) and
//! [`dotenv`] (the `.env`, `--env-file` and `env_file:` files that provide the variables).
//! Both are pure: the caller passes the environment in, and gets every variable looked up and
//! every problem back with its byte range.

pub mod dotenv;
mod go_text;
pub mod interpolation;

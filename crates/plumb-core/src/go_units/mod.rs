//! Go's and Docker's units as the real tools parse them: `time.ParseDuration` (HEALTHCHECK
//! intervals, compose durations) and docker/go-units byte sizes (tmpfs sizes, compose memory
//! limits).

pub mod bytes;
pub mod duration;

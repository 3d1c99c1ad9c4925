//! Go's and Docker's units as the real tools parse them: `time.ParseDuration` (HEALTHCHECK
//! intervals) and go-str2duration (compose durations), docker/go-units byte sizes (tmpfs
//! sizes, compose memory limits), and the `strconv` parsing and printing their messages and
//! outputs use.

pub mod bytes;
pub mod duration;
pub mod strconv;

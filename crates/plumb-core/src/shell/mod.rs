//! Reading POSIX shell scripts as `sh` splits them, for every format that runs them
//! (Dockerfile RUN, mkosi build scripts, compose commands).

pub mod script;

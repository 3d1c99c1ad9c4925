//! The Dockerfile features that arrived in a known frontend release, and when.

use super::pin::Version;

/// A Dockerfile feature that arrived in a known frontend release.
#[derive(Debug)]
pub struct Feature {
    /// What messages and the docs call it.
    pub name: &'static str,
    /// Whether `name` is plural ("heredocs need").
    pub plural: bool,
    /// The first stable release with the feature; `None` while it is labs-only.
    pub stable: Option<Version>,
    /// The first labs release with the feature, when it came there before the stable one.
    pub labs: Option<Version>,
    /// What a frontend without the feature does.
    pub without: &'static str,
}

const fn stable(major: u64, minor: u64, patch: u64) -> Option<Version> {
    Some(Version::new(major, minor, patch))
}

pub static HEREDOCS: Feature = Feature {
    name: "heredocs",
    plural: true,
    stable: stable(1, 4, 0),
    labs: stable(1, 3, 0),
    without: "older frontends read the heredoc body as instructions",
};

pub static HEREDOC_SPACE: Feature = Feature {
    name: "whitespace between `<<` and a heredoc delimiter",
    plural: false,
    stable: stable(1, 16, 0),
    labs: None,
    without: "older frontends see no heredoc there and read its body as instructions",
};

pub static RUN_MOUNT: Feature = Feature {
    name: "`RUN --mount`",
    plural: false,
    stable: stable(1, 2, 0),
    labs: stable(0, 9, 0),
    without: "older frontends reject the flag",
};

pub static MOUNT_SIZE: Feature = Feature {
    name: "the `size` option of `RUN --mount`",
    plural: false,
    stable: stable(1, 4, 0),
    labs: None,
    without: "older frontends reject the mount option",
};

pub static MOUNT_ENV: Feature = Feature {
    name: "the `env` option of `RUN --mount`",
    plural: false,
    stable: stable(1, 10, 0),
    labs: None,
    without: "older frontends reject the mount option",
};

pub static RUN_NETWORK: Feature = Feature {
    name: "`RUN --network`",
    plural: false,
    stable: stable(1, 3, 0),
    labs: stable(1, 1, 6),
    without: "older frontends reject the flag",
};

pub static RUN_SECURITY: Feature = Feature {
    name: "`RUN --security`",
    plural: false,
    stable: stable(1, 20, 0),
    labs: stable(1, 1, 2),
    without: "older frontends reject the flag",
};

pub static RUN_DEVICE: Feature = Feature {
    name: "`RUN --device`",
    plural: false,
    stable: None,
    labs: stable(1, 14, 0),
    without: "frontends without it reject the flag",
};

pub static LINK: Feature = Feature {
    name: "`--link` on COPY and ADD",
    plural: false,
    stable: stable(1, 4, 0),
    labs: None,
    without: "older frontends reject the flag",
};

pub static CHMOD: Feature = Feature {
    name: "`--chmod` on COPY and ADD",
    plural: false,
    stable: stable(1, 2, 0),
    labs: None,
    without: "older frontends reject the flag",
};

pub static CHMOD_SYMBOLIC: Feature = Feature {
    name: "a symbolic `--chmod` mode",
    plural: false,
    stable: stable(1, 14, 0),
    labs: stable(1, 13, 0),
    without: "older frontends accept only octal modes",
};

pub static COPY_PARENTS: Feature = Feature {
    name: "`COPY --parents`",
    plural: false,
    stable: stable(1, 20, 0),
    labs: stable(1, 7, 0),
    without: "older frontends reject the flag",
};

pub static EXCLUDE: Feature = Feature {
    name: "`--exclude` on COPY and ADD",
    plural: false,
    stable: stable(1, 19, 0),
    labs: stable(1, 7, 0),
    without: "older frontends reject the flag",
};

pub static ADD_KEEP_GIT_DIR: Feature = Feature {
    name: "`ADD --keep-git-dir`",
    plural: false,
    stable: stable(1, 5, 0),
    labs: None,
    without: "older frontends reject the flag",
};

pub static ADD_CHECKSUM: Feature = Feature {
    name: "`ADD --checksum`",
    plural: false,
    stable: stable(1, 6, 0),
    labs: stable(1, 5, 0),
    without: "older frontends reject the flag",
};

pub static ADD_CHECKSUM_COMMIT: Feature = Feature {
    name: "a commit as `ADD --checksum` of a Git source",
    plural: false,
    stable: stable(1, 16, 0),
    labs: None,
    without: "older frontends accept only a `sha256:` digest of an HTTP source",
};

pub static ADD_UNPACK: Feature = Feature {
    name: "`ADD --unpack`",
    plural: false,
    stable: stable(1, 17, 0),
    labs: None,
    without: "older frontends reject the flag",
};

pub static HEALTHCHECK_START_INTERVAL: Feature = Feature {
    name: "`HEALTHCHECK --start-interval`",
    plural: false,
    stable: stable(1, 6, 0),
    labs: None,
    without: "older frontends reject the flag",
};

pub static ONBUILD_FROM: Feature = Feature {
    name: "an ONBUILD trigger that uses another stage, image or context",
    plural: false,
    stable: stable(1, 11, 0),
    labs: None,
    without: "the trigger runs in builds based on this image, and older frontends cannot \
resolve `COPY --from` or `RUN --mount from=` there",
};

pub static PATTERN_EXPANSION: Feature = Feature {
    name: "`${VAR#…}`, `${VAR%…}` and `${VAR/…/…}` expansions",
    plural: true,
    stable: stable(1, 7, 0),
    labs: None,
    without: "older frontends stop with `unsupported modifier`",
};

pub static UNSET_EXPANSION: Feature = Feature {
    name: "`${VAR-…}` and `${VAR+…}` expansions (without `:`)",
    plural: true,
    stable: stable(1, 6, 0),
    labs: None,
    without: "older frontends stop with `missing ':' in substitution`",
};

pub static REQUIRED_EXPANSION: Feature = Feature {
    name: "`${VAR?…}` and `${VAR:?…}` expansions",
    plural: true,
    stable: stable(1, 1, 6),
    labs: None,
    without: "older frontends reject the expansion",
};

pub static CHECK_DIRECTIVE: Feature = Feature {
    name: "the `# check=` directive",
    plural: false,
    stable: stable(1, 8, 0),
    labs: None,
    without: "older frontends read it as a comment, so it has no effect",
};

pub static CHECK_COMMENT: Feature = Feature {
    name: "a `# check=` comment above an instruction",
    plural: false,
    stable: stable(1, 21, 0),
    labs: None,
    without: "older frontends read it as a plain comment, so it has no effect",
};

pub static EPOCH_ARG_DEFAULT: Feature = Feature {
    name: "a default for `SOURCE_DATE_EPOCH` from a global ARG",
    plural: false,
    stable: stable(1, 23, 0),
    labs: None,
    without: "older frontends take `SOURCE_DATE_EPOCH` only from the build argument, so \
the default has no effect",
};

pub static EPOCH_FROM_SOURCE: Feature = Feature {
    name: "`SOURCE_DATE_EPOCH` set to `context` or to a stage name",
    plural: false,
    stable: stable(1, 24, 0),
    labs: None,
    without: "older frontends accept only a number of seconds (1.23 stops with `invalid \
SOURCE_DATE_EPOCH`, earlier releases ignore the default)",
};

/// Every feature, in the order of `docs/dockerfile-versions.md` (a test keeps the two in step).
#[cfg(test)]
static FEATURES: &[&Feature] = &[
    &HEREDOCS,
    &HEREDOC_SPACE,
    &RUN_MOUNT,
    &MOUNT_SIZE,
    &MOUNT_ENV,
    &RUN_NETWORK,
    &RUN_SECURITY,
    &RUN_DEVICE,
    &CHMOD,
    &CHMOD_SYMBOLIC,
    &LINK,
    &COPY_PARENTS,
    &EXCLUDE,
    &ADD_KEEP_GIT_DIR,
    &ADD_CHECKSUM,
    &ADD_CHECKSUM_COMMIT,
    &ADD_UNPACK,
    &HEALTHCHECK_START_INTERVAL,
    &ONBUILD_FROM,
    &REQUIRED_EXPANSION,
    &UNSET_EXPANSION,
    &PATTERN_EXPANSION,
    &CHECK_DIRECTIVE,
    &CHECK_COMMENT,
    &EPOCH_ARG_DEFAULT,
    &EPOCH_FROM_SOURCE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_list_every_feature() {
        let docs = include_str!("../../../../../docs/dockerfile-versions.md");
        for feature in FEATURES {
            let labs = feature
                .labs
                .map_or_else(|| "—".to_owned(), Version::labs_tag);
            let stable = feature
                .stable
                .map_or_else(|| "— (labs only)".to_owned(), |version| version.to_string());
            let row = format!("| {} | {stable} | {labs} |", feature.name);
            assert!(
                docs.contains(&row),
                "docs/dockerfile-versions.md lacks `{row}`"
            );
        }
    }
}

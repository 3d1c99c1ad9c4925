//! The `# syntax=` pin: which of Docker's frontend releases and channels a directive names.

use super::features::Feature;
use std::fmt;

/// A Dockerfile frontend release number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// The tag of the labs release with this number. Before 1.2 the channel was called
    /// `experimental`.
    pub(super) fn labs_tag(self) -> String {
        if self < Version::new(1, 2, 0) {
            format!("{self}-experimental")
        } else {
            format!("{self}-labs")
        }
    }
}

impl fmt::Display for Version {
    /// `1.4` for `1.4.0`, `1.1.6` otherwise: how the reference names versions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == 0 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

/// The two release channels of the frontend images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Tags without a suffix (`1.4`, `1`, `latest`).
    Stable,
    /// Tags ending in `-labs` (before 1.2: `-experimental`): the stable features plus
    /// features that are not stable yet.
    Labs,
}

/// The releases a tag can stand for: one release, or the newest of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// `latest`, `labs`, no tag, or a development build (`master`): the newest release.
    Newest,
    /// `1`: the newest 1.x release.
    Major(u64),
    /// `1.4`: the newest 1.4.x release.
    Minor(u64, u64),
    /// `1.4.2`, also `1.4.0-rc1` (a candidate has the features of its release).
    Exact(Version),
}

impl Release {
    /// Whether the release the tag selects is `since` or newer. A series is as new as its
    /// newest member, which for every series that exists is at least its `.0`.
    fn at_least(self, since: Version) -> bool {
        match self {
            Release::Newest => true,
            Release::Major(major) => major >= since.major,
            Release::Minor(major, minor) => (major, minor) >= (since.major, since.minor),
            Release::Exact(version) => version >= since,
        }
    }
}

/// A `# syntax=` directive that selects a known frontend release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The image reference as written (the directive's first word).
    pub reference: String,
    /// The reference without tag and digest, e.g. `docker/dockerfile`.
    pub image: String,
    /// The tag, empty when there is none.
    pub tag: String,
    pub release: Release,
    pub channel: Channel,
}

/// The frontend images Docker publishes, each release of both channels under the same tags.
const FRONTEND_IMAGES: [&str; 2] = ["docker/dockerfile", "docker/dockerfile-upstream"];

/// Registry hosts that name Docker Hub (`index.docker.io` is normalised to `docker.io`).
const DOCKER_HUB_HOSTS: [&str; 2] = ["docker.io/", "index.docker.io/"];

/// Reads a `# syntax=` value. `None` means no known limit: another frontend, a tag that is not
/// a version (`docker/dockerfile:experimental`, a dated build), or a digest without a tag.
pub fn parse_pin(value: &str) -> Option<Pin> {
    // BuildKit forwards the first space-separated word as the frontend image.
    let reference = value.split(' ').next().unwrap_or_default();
    let (named, digest) = match reference.split_once('@') {
        Some((named, digest)) => (named, Some(digest)),
        None => (reference, None),
    };
    // The tag is after the last `:` that follows the last `/` (a `:` before it is a port).
    let last_slash = named.rfind('/').map_or(0, |slash| slash + 1);
    let (image, tag) = match named[last_slash..].rfind(':') {
        Some(colon) => (
            &named[..last_slash + colon],
            Some(&named[last_slash + colon + 1..]),
        ),
        None => (named, None),
    };
    let repository = DOCKER_HUB_HOSTS
        .iter()
        .find_map(|host| image.strip_prefix(host))
        .unwrap_or(image);
    if !FRONTEND_IMAGES.contains(&repository) {
        return None;
    }
    let (release, channel) = match tag {
        Some(tag) => parse_tag(tag)?,
        // A digest alone pins a release we cannot name.
        None if digest.is_some() => return None,
        None => (Release::Newest, Channel::Stable),
    };
    Some(Pin {
        reference: reference.to_owned(),
        image: image.to_owned(),
        tag: tag.unwrap_or_default().to_owned(),
        release,
        channel,
    })
}

/// `1`, `1.4`, `1.4.2`, each optionally followed by `-labs` / `-experimental` and `-rcN` parts,
/// and the moving tags `latest`, `labs`, `master`, `master-labs`.
fn parse_tag(tag: &str) -> Option<(Release, Channel)> {
    match tag {
        "latest" | "master" => return Some((Release::Newest, Channel::Stable)),
        "labs" | "master-labs" => return Some((Release::Newest, Channel::Labs)),
        _ => {}
    }
    let mut parts = tag.split('-');
    let numbers = parts
        .next()?
        .split('.')
        .map(|number| {
            Some(number)
                .filter(|number| {
                    !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit())
                })
                .and_then(|number| number.parse::<u64>().ok())
        })
        .collect::<Option<Vec<u64>>>()?;
    let release = match numbers.as_slice() {
        [major] => Release::Major(*major),
        [major, minor] => Release::Minor(*major, *minor),
        [major, minor, patch] => Release::Exact(Version::new(*major, *minor, *patch)),
        _ => return None,
    };
    let mut channel = Channel::Stable;
    for part in parts {
        match part {
            "labs" | "experimental" => channel = Channel::Labs,
            candidate if is_release_candidate(candidate) => {}
            _ => return None,
        }
    }
    Some((release, channel))
}

/// `rc1`, `rc2`…
fn is_release_candidate(part: &str) -> bool {
    part.strip_prefix("rc").is_some_and(|number| {
        !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit())
    })
}

impl Pin {
    /// The frontend BuildKit builds with when there is no `# syntax=` line: the stable one built
    /// into it, taken as the newest (plumb reads files the way the newest frontend does).
    pub fn built_in() -> Pin {
        Pin {
            reference: String::new(),
            image: FRONTEND_IMAGES[0].to_owned(),
            tag: String::new(),
            release: Release::Newest,
            channel: Channel::Stable,
        }
    }

    /// Whether the pinned frontend has `feature`.
    pub fn has(&self, feature: &Feature) -> bool {
        let at_least = |since: Version| self.release.at_least(since);
        match self.channel {
            Channel::Stable => feature.stable.is_some_and(at_least),
            Channel::Labs => {
                feature.stable.is_some_and(at_least) || feature.labs.is_some_and(at_least)
            }
        }
    }

    /// The first version of this pin's channel that has `feature`, for ordering.
    pub(super) fn needed(&self, feature: &Feature) -> Option<Version> {
        match self.channel {
            Channel::Stable => feature.stable,
            Channel::Labs => match (feature.stable, feature.labs) {
                (Some(stable), Some(labs)) => Some(stable.min(labs)),
                (stable, labs) => stable.or(labs),
            },
        }
    }

    /// What the pin selects, for messages: `1.3`, `1.4.0-rc1`, `the newest 1.x release`.
    pub(super) fn describe(&self) -> String {
        let channel = match self.channel {
            Channel::Stable => "stable",
            Channel::Labs => "labs",
        };
        match self.release {
            Release::Newest => format!("the newest {channel} release"),
            Release::Major(major) => format!("the newest {major}.x {channel} release"),
            Release::Minor(..) | Release::Exact(_) => self.tag.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(value: &str) -> Option<(Release, Channel)> {
        parse_pin(value).map(|pin| (pin.release, pin.channel))
    }

    #[test]
    fn reads_docker_frontend_tags() {
        use Channel::*;
        use Release::*;
        assert_eq!(pin("docker/dockerfile:1"), Some((Major(1), Stable)));
        assert_eq!(pin("docker/dockerfile:1.3"), Some((Minor(1, 3), Stable)));
        assert_eq!(
            pin("docker/dockerfile:1.4.2"),
            Some((Exact(Version::new(1, 4, 2)), Stable))
        );
        assert_eq!(pin("docker/dockerfile:1-labs"), Some((Major(1), Labs)));
        assert_eq!(pin("docker/dockerfile:1.3-labs"), Some((Minor(1, 3), Labs)));
        assert_eq!(
            pin("docker/dockerfile:1.1-experimental"),
            Some((Minor(1, 1), Labs))
        );
        assert_eq!(
            pin("docker/dockerfile:1.4.0-rc1-labs"),
            Some((Exact(Version::new(1, 4, 0)), Labs))
        );
        assert_eq!(
            pin("docker/dockerfile:1.4.0-labs-rc1"),
            Some((Exact(Version::new(1, 4, 0)), Labs))
        );
        assert_eq!(pin("docker/dockerfile"), Some((Newest, Stable)));
        assert_eq!(pin("docker/dockerfile:latest"), Some((Newest, Stable)));
        assert_eq!(pin("docker/dockerfile:labs"), Some((Newest, Labs)));
        assert_eq!(
            pin("docker/dockerfile-upstream:master"),
            Some((Newest, Stable))
        );
        assert_eq!(
            pin("docker/dockerfile-upstream:master-labs"),
            Some((Newest, Labs))
        );
        assert_eq!(
            pin("docker/dockerfile-upstream:1.17.0"),
            Some((Exact(Version::new(1, 17, 0)), Stable))
        );
    }

    #[test]
    fn reads_registries_digests_and_arguments() {
        assert_eq!(
            pin(
                "docker.io/docker/dockerfile:1.2@sha256:e2a8561e419ab1ba6b2fe6cbdf49fd92b95912df1cf7d313c3e2230a333fdbcc"
            ),
            Some((Release::Minor(1, 2), Channel::Stable))
        );
        assert_eq!(
            pin("index.docker.io/docker/dockerfile:1.5"),
            Some((Release::Minor(1, 5), Channel::Stable))
        );
        assert_eq!(
            pin("docker/dockerfile:1.3 --some-frontend-argument"),
            Some((Release::Minor(1, 3), Channel::Stable))
        );
        // A digest alone names no release.
        assert_eq!(
            pin(
                "docker/dockerfile@sha256:e2a8561e419ab1ba6b2fe6cbdf49fd92b95912df1cf7d313c3e2230a333fdbcc"
            ),
            None
        );
    }

    #[test]
    fn series_tags_mean_their_newest_release() {
        assert!(Release::Major(1).at_least(Version::new(1, 26, 0)));
        assert!(!Release::Major(0).at_least(Version::new(1, 2, 0)));
        assert!(Release::Minor(1, 1).at_least(Version::new(1, 1, 6)));
        assert!(!Release::Minor(1, 1).at_least(Version::new(1, 2, 0)));
        assert!(!Release::Exact(Version::new(1, 1, 5)).at_least(Version::new(1, 1, 6)));
        assert!(Release::Exact(Version::new(1, 4, 2)).at_least(Version::new(1, 4, 0)));
    }
}

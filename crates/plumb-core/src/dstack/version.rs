//! A dstack release (`[dstack] version = "0.5.11"`): which guest the app will run on, for the
//! rules whose answer depends on it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DstackVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl DstackVersion {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// `0.5.11`, `0.6` (patch 0) or with a leading `v`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text.split('.').map(|part| {
            (!part.is_empty() && part.bytes().all(|digit| digit.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        });
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = match parts.next() {
            None => 0,
            Some(patch) => patch?,
        };
        parts
            .next()
            .is_none()
            .then_some(Self::new(major, minor, patch))
    }
}

impl fmt::Display for DstackVersion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Since this release the guest agent's sockets are also in the directory /var/run/dstack.
pub const SOCKET_DIRECTORY: DstackVersion = DstackVersion::new(0, 5, 6);
/// The first release whose guests read manifest version 3 (a string).
pub const MANIFEST_3: DstackVersion = DstackVersion::new(0, 6, 0);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_read_and_ordered() {
        assert_eq!(
            DstackVersion::parse("0.5.11"),
            Some(DstackVersion::new(0, 5, 11))
        );
        assert_eq!(
            DstackVersion::parse("v0.6"),
            Some(DstackVersion::new(0, 6, 0))
        );
        assert!(DstackVersion::parse("0.5.11") > DstackVersion::parse("0.5.6"));
        for bad in ["", "0", "0.x", "0.5.6.1", "0..1", "latest"] {
            assert_eq!(DstackVersion::parse(bad), None, "{bad}");
        }
    }
}

//! dstack's runtime events, which the guest extends into RTMR3: each event's SHA-384
//! digest in either event-log version, and the replay that folds digests into a register.

use sha2::{Digest as _, Sha384};

/// The event type of every dstack runtime event (not one of the TCG's).
pub const RUNTIME_EVENT_TYPE: u32 = 0x0800_0001;

/// A measurement register's value, or an event's digest in it.
pub type Register = [u8; 48];

/// How an event's digest is computed (`event_log_version` in app-compose.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventLogVersion {
    /// `SHA384(le32(type) ‖ ":" ‖ name ‖ ":" ‖ payload)`, the default.
    V1,
    /// `SHA384` of the canonical JSON `{"name":…,"payload":"<hex>","type":134217729}`.
    V2,
}

impl EventLogVersion {
    pub fn number(self) -> u8 {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }
}

/// The digest the guest extends RTMR3 with for the event `name` with `payload`.
pub fn event_digest(name: &str, payload: &[u8], version: EventLogVersion) -> Register {
    let mut hasher = Sha384::new();
    match version {
        EventLogVersion::V1 => {
            hasher.update(RUNTIME_EVENT_TYPE.to_le_bytes());
            hasher.update(b":");
            hasher.update(name.as_bytes());
            hasher.update(b":");
            hasher.update(payload);
        }
        EventLogVersion::V2 => {
            let document = serde_json::json!({
                "name": name,
                "payload": crate::hex::encode(payload),
                "type": RUNTIME_EVENT_TYPE,
            });
            // Two strings and a small integer are always inside the canonical subset.
            hasher.update(crate::canonical_json::to_vec(&document).unwrap_or_default());
        }
    }
    hasher.finalize().into()
}

/// The register after extending `register` with `digest`: `SHA384(register ‖ digest)`.
pub fn extend(register: &Register, digest: &[u8]) -> Register {
    let mut hasher = Sha384::new();
    hasher.update(register);
    hasher.update(digest);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hex;

    #[test]
    fn version_2_hashes_the_canonical_document() {
        let expected: Register =
            Sha384::digest(br#"{"name":"compose-hash","payload":"abcd","type":134217729}"#).into();
        assert_eq!(
            event_digest("compose-hash", &[0xab, 0xcd], EventLogVersion::V2),
            expected
        );
    }

    #[test]
    fn an_empty_payload_of_the_real_vector() {
        assert_eq!(
            hex::encode(&event_digest("system-preparing", &[], EventLogVersion::V1)),
            "f9974020ef507068183313d0ca808e0d1ca9b2d1ad0c61f5784e7157c362c06536f5ddacdad4451693f48fcc72fff624"
        );
    }
}

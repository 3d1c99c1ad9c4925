//! Content digests as plans, locks and OCI write them: `sha256:` and 64 lower-case hex digits.

use sha2::{Digest as _, Sha256};

/// The SHA-256 of `bytes`, as `sha256:<hex>`.
pub fn sha256(bytes: &[u8]) -> String {
    written(&Sha256::digest(bytes))
}

/// The SHA-256 of everything `reader` gives, as `sha256:<hex>`, and how many bytes that was:
/// for files too large to hold in memory.
pub fn sha256_of_reader(mut reader: impl std::io::Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = [0; 16 * 1024];
    let mut size = 0;
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok((written(&hasher.finalize()), size));
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
}

fn written(hash: &[u8]) -> String {
    format!("sha256:{}", crate::hex::encode(hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(sha256_of_reader(&b"abc"[..]).unwrap(), (sha256(b"abc"), 3));
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

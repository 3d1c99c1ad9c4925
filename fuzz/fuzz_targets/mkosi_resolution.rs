//! mkosi tree resolution on arbitrary bytes: split at NUL bytes into a tree's `mkosi.conf`,
//! `mkosi.conf.d/10.conf`, `mkosi.local.conf`, `mkosi.profiles/p.conf`,
//! `mkosi.images/sub.conf` and `common.conf` (which `Include=common.conf` reads), with the
//! profile `p` asked for when the first byte is odd, and read as mkosi 26 reads it when its
//! second bit is set (else as mkosi 24). Resolution may not panic; a refusal's position lies
//! on character boundaries inside its file, and a summary renders.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_core::mkosi::resolve::files::MemoryFiles;
use plumb_core::mkosi::resolve::{Host, Request, resolve, summary};
use plumb_core::mkosi::settings::{MKOSI_24, MKOSI_26};
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let names = [
        "mkosi.conf",
        "mkosi.conf.d/10.conf",
        "mkosi.local.conf",
        "mkosi.profiles/p.conf",
        "mkosi.images/sub.conf",
        "common.conf",
    ];
    let files: Vec<(String, String)> = names
        .into_iter()
        .zip(data.splitn(names.len(), |&byte| byte == 0))
        .map(|(name, bytes)| {
            (
                format!("/tree/{name}"),
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    let texts: BTreeMap<String, String> = files.iter().cloned().collect();
    let request = Request {
        directory: "/tree".to_owned(),
        profile: data
            .first()
            .is_some_and(|byte| byte % 2 == 1)
            .then(|| "p".to_owned()),
        ..Request::default()
    };
    let host = Host::new(
        Some("ID=debian\nVERSION_CODENAME=bookworm\n"),
        "x86_64",
        BTreeMap::new(),
    );
    let settings = match data.first().is_some_and(|byte| byte & 2 != 0) {
        true => MKOSI_26,
        false => MKOSI_24,
    };
    match resolve(&request, settings, &host, &MemoryFiles::new(files)) {
        Ok(resolved) => {
            assert!(!summary::json(&resolved, &settings).is_empty());
            assert!(!summary::text(&resolved, &settings).is_empty());
        }
        Err(failure) => {
            if let Some(at) = failure.at {
                let text = &texts[&at.file];
                assert!(
                    at.span.start <= at.span.end
                        && at.span.end <= text.len()
                        && text.is_char_boundary(at.span.start)
                        && text.is_char_boundary(at.span.end),
                    "{at:?}"
                );
            }
        }
    }
});

//! The mkosi analysis on arbitrary bytes: a tree's `mkosi.conf`, after a NUL byte a
//! `mkosi.conf.d/10-extra.conf`, then a `mkosi.local.conf`, then its `mkosi.build` script,
//! with plumb.toml naming mkosi 24 when the first byte is odd (so both releases' readers
//! run). The analysis may not panic, and every finding's span and every fix's edit must lie
//! on character boundaries inside its file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_core::{FileKind, Workspace, analyze};

fuzz_target!(|data: &[u8]| {
    let names = [
        "mkosi.conf",
        "mkosi.conf.d/10-extra.conf",
        "mkosi.local.conf",
        "mkosi.build",
    ];
    let mut workspace = Workspace::new();
    for (name, bytes) in names.into_iter().zip(data.splitn(4, |&byte| byte == 0)) {
        let kind = FileKind::detect(name).expect("mkosi's names are recognised");
        workspace.add_file(name, kind, bytes.to_vec());
    }
    if data.first().is_some_and(|byte| byte % 2 == 1) {
        workspace
            .add_config("plumb.toml", "[mkosi]\nversion = \"24\"\n")
            .expect("the configuration is valid");
        for name in names {
            workspace.use_config(name, "plumb.toml", name);
        }
    }
    let analysis = analyze(&workspace);
    for diagnostic in &analysis.diagnostics {
        let inside = |file: &str, span: plumb_core::source::Span| {
            let text = analysis.file(file).expect("an analysed file").text();
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
        };
        assert!(inside(&diagnostic.file, diagnostic.span), "{diagnostic:?}");
        for fix in &diagnostic.fixes {
            for edit in &fix.edits {
                let file = edit.file.as_deref().unwrap_or(&diagnostic.file);
                assert!(inside(file, edit.span), "{edit:?} of {diagnostic:?}");
            }
        }
    }
});

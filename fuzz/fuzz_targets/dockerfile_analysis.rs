//! The whole Dockerfile analysis on arbitrary bytes: the Dockerfile, and after a NUL byte the
//! build context's `.dockerignore` (and then its file listing, one path a line). It must never
//! panic, every span must lie on character boundaries inside its file, and fixing must
//! terminate.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_core::fix::{FixLevel, fix_workspace};
use plumb_core::{FileKind, Workspace, analyze};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&byte| byte == 0);
    let dockerfile = parts.next().unwrap_or_default();
    let mut workspace = Workspace::new();
    workspace.add_file("Dockerfile", FileKind::Dockerfile, dockerfile.to_vec());
    if let Some(ignore) = parts.next() {
        workspace.add_file(".dockerignore", FileKind::Dockerignore, ignore.to_vec());
    }
    if let Some(listing) = parts.next() {
        let mut context = workspace.build_context("Dockerfile");
        let files: std::collections::BTreeSet<String> = String::from_utf8_lossy(listing)
            .lines()
            .map(str::to_owned)
            .collect();
        context.files = Some(std::sync::Arc::new(files));
        workspace.set_build_context("Dockerfile", context);
    }
    let analysis = analyze(&workspace);
    for diagnostic in &analysis.diagnostics {
        let file = analysis
            .file(&diagnostic.file)
            .expect("findings name an analysed file");
        let text = file.text();
        for span in
            std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|label| label.span))
        {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{span:?} outside the file"
            );
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        let _ = file.position(diagnostic.span.end);
    }
    // Fixing re-analyses until nothing changes; small inputs keep runs fast.
    if dockerfile.len() < 4096 {
        let _ = fix_workspace(&workspace, FixLevel::Unsafe, None);
    }
});

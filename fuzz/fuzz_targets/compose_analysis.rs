//! The compose analysis and `config` on arbitrary bytes: a `compose.yaml`, and after a NUL
//! byte the project's `.env`, then after another a second compose file it may name
//! (`other.yaml`, for `extends` and `include`), then a `Dockerfile` its builds may name
//! (given the context the compose file says, as the front ends do). Neither may panic,
//! every finding's span must lie on character boundaries inside its file, and `config` must
//! give an output or an error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_core::compose::builds::{FilesInMemory, add_compose_builds};
use plumb_core::compose::config::{ConfigView, OutputFormat, config};
use plumb_core::compose::project::{ProjectFiles, ProjectRequest};
use plumb_core::{FileKind, Workspace, analyze};

struct Files<'a>(&'a [(&'a str, Vec<u8>)]);

impl ProjectFiles for Files<'_> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.0
            .iter()
            .find(|(name, _)| format!("/p/{name}") == path)
            .map(|(_, bytes)| bytes.clone())
    }

    fn is_directory(&self, path: &str) -> bool {
        path == "/p"
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&byte| byte == 0);
    let files: Vec<(&str, Vec<u8>)> = ["compose.yaml", ".env", "other.yaml", "Dockerfile"]
        .into_iter()
        .zip(parts.by_ref())
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    let mut workspace = Workspace::new();
    for (name, bytes) in &files {
        match FileKind::detect(name) {
            Some(kind) => workspace.add_file(*name, kind, bytes.clone()),
            None => workspace.add_input(*name, bytes.clone()),
        }
    }
    let in_memory = files
        .iter()
        .map(|(name, bytes)| (*name, bytes.as_slice()))
        .collect();
    add_compose_builds(&mut workspace, &mut FilesInMemory(in_memory));
    let analysis = analyze(&workspace);
    for diagnostic in &analysis.diagnostics {
        let file = analysis
            .file(&diagnostic.file)
            .expect("findings name an analysed file");
        let text = file.text();
        let span = diagnostic.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} outside the file"
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let request = ProjectRequest {
        working_directory: "/p".into(),
        interpolate: true,
        ..ProjectRequest::default()
    };
    for format in [OutputFormat::Json, OutputFormat::Yaml] {
        let _ = config(&request, &Files(&files), ConfigView::Model(format)).output;
    }
});

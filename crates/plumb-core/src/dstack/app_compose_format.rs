//! app-compose.json files through the format contract: read as JSON with spans, checked
//! against what dstack's guest reads (the DS0xx and DS10x rules of `rules/`).

use super::rules;
use crate::diagnostic::Diagnostic;
use crate::format::{Document, FileInputs, Format};
use crate::json_tree::{self, JsonNode};
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suppression::Suppression;
use crate::workspace::FileKind;

/// A parsed app-compose.json: `None` when the file is not JSON.
#[derive(Debug, Clone)]
pub struct AppComposeDocument {
    pub root: Option<JsonNode>,
}

#[derive(Debug)]
pub struct AppComposeFormat;

/// `app-compose.json`, as dstack names it, or a name ending in it (`prod.app-compose.json`,
/// `web-app-compose.json`).
pub fn is_app_compose_name(file_name: &str) -> bool {
    file_name.ends_with("app-compose.json")
}

impl Format for AppComposeFormat {
    fn kind(&self) -> FileKind {
        FileKind::AppCompose
    }

    fn recognizes(&self, file_name: &str) -> bool {
        is_app_compose_name(file_name)
    }

    fn parse(
        &self,
        source: &SourceFile,
        _options: &Options,
        _lock: Option<&Lock>,
    ) -> (Document, Vec<Diagnostic>) {
        let (root, diagnostics) = match json_tree::parse(source.text()) {
            Ok(root) => (Some(root), Vec::new()),
            Err(error) => (None, vec![rules::json_syntax(&error)]),
        };
        (
            Document::AppCompose(Box::new(AppComposeDocument { root })),
            diagnostics,
        )
    }

    /// JSON has no comments to carry any.
    fn suppressions(&self, _source: &SourceFile, _document: &Document) -> Vec<Suppression> {
        Vec::new()
    }

    fn check(
        &self,
        source: &SourceFile,
        document: &Document,
        inputs: FileInputs<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(root) = document
            .as_app_compose()
            .and_then(|document| document.root.as_ref())
        {
            let version = inputs.dstack.and_then(super::DstackSection::version);
            rules::check_app_compose(source.text().len(), root, version, diagnostics);
        }
    }

    fn rules(&self) -> Vec<&'static Rule> {
        rules::APP_COMPOSE_RULES.to_vec()
    }
}

//! What the page shows of an analysis: the findings with their places, and each Dockerfile's
//! stages. Made where the analysis runs (the analysis worker) and sent to the page as JSON,
//! so the page renders without holding, or waiting for, the analysis itself.

use plumb_core::dockerfile::resolve::{Resolution, ResolvedStage, Source};
use plumb_core::{Analysis, Diagnostic, Position, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// In the analysis' order (file, start, code); an index here names a finding when a
    /// quick fix is asked for.
    pub findings: Vec<Finding>,
    /// The stages of each Dockerfile, by path.
    pub stages: BTreeMap<String, Stages>,
}

/// One finding where the page shows it: lines 1-based, columns in characters and UTF-16.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub start: Position,
    pub end: Position,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// The titles of its fixes, in order.
    pub fixes: Vec<String>,
}

/// A Dockerfile's global ARGs and stages with the values BuildKit would use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stages {
    /// Name and default (`None`: no default).
    pub global_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub index: usize,
    pub name: Option<String>,
    /// What it is built on: `scratch`, `stage <name or index>`, or the image reference.
    pub base: String,
    pub platform: Option<String>,
    /// `NAME=value` for each variable set at its end.
    pub variables: Vec<String>,
}

impl Report {
    pub fn of(analysis: &Analysis) -> Self {
        let findings = analysis
            .diagnostics
            .iter()
            .filter_map(|diagnostic| finding(analysis, diagnostic))
            .collect();
        let stages = analysis
            .files
            .iter()
            .filter_map(|file| {
                let document = file.document.as_dockerfile()?;
                let path = file.source.path().to_owned();
                Some((path, stages(&document.resolution)))
            })
            .collect();
        Self { findings, stages }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    }
}

fn finding(analysis: &Analysis, diagnostic: &Diagnostic) -> Option<Finding> {
    let file = analysis.file(&diagnostic.file)?;
    Some(Finding {
        file: diagnostic.file.clone(),
        start: file.position(diagnostic.span.start),
        end: file.position(diagnostic.span.end),
        severity: diagnostic.severity,
        code: diagnostic.code().to_owned(),
        message: diagnostic.message.clone(),
        fixes: diagnostic
            .fixes
            .iter()
            .map(|fix| fix.title.clone())
            .collect(),
    })
}

fn stages(resolution: &Resolution) -> Stages {
    Stages {
        global_args: resolution
            .global_args
            .iter()
            .map(|arg| (arg.name.clone(), arg.value.clone()))
            .collect(),
        stages: resolution
            .stages
            .iter()
            .map(|stage| Stage {
                index: stage.index,
                name: stage.name.clone(),
                base: base(resolution, stage),
                platform: stage.platform.clone(),
                variables: stage
                    .variables
                    .iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect(),
            })
            .collect(),
    }
}

fn base(resolution: &Resolution, stage: &ResolvedStage) -> String {
    match &stage.source {
        Source::Scratch => "scratch".to_owned(),
        Source::Stage(parent) => {
            let name = resolution
                .stages
                .get(*parent)
                .and_then(|parent| parent.name.clone());
            format!("stage {}", name.unwrap_or_else(|| parent.to_string()))
        }
        Source::Image(image) => image.clone(),
    }
}

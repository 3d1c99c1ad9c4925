//! The side that analyses: the requests the page sends and the replies it gets, as JSON, and
//! what answers them. It runs in the analysis worker (web/analysis-worker.js loads this same
//! module there and calls [`answer`]), or on the page where no worker can start. It keeps
//! the last analysis, so a quick fix applies to exactly the findings the page was shown.

use crate::report::{ComposeView, DstackView, MkosiView, PlanView, Report};
use crate::workspace_files::WorkspaceFiles;
use plumb_core::Analysis;
use plumb_core::fix::apply_fix;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse these files. `generation` numbers the page's workspaces, newest highest.
    /// `plan`: make their build plan too (only while the plan view is open: it costs more
    /// than the analysis); `compose`: resolve their compose projects too (while the
    /// resolved compose view is open); `dstack`: write their app-compose.json (while the
    /// dstack view is open); `mkosi`: resolve their mkosi trees (while the mkosi summary
    /// view is open).
    Analyze {
        generation: u32,
        files: WorkspaceFiles,
        plan: bool,
        compose: bool,
        dstack: bool,
        mkosi: bool,
    },
    /// Apply fix `fix` of finding `finding` of the report made for `generation`.
    Fix {
        generation: u32,
        finding: usize,
        fix: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Report {
        generation: u32,
        /// Boxed: the report is much larger than the other replies.
        report: Box<Report>,
    },
    /// The texts the fix changes, by path; `None` when it cannot apply (that analysis is
    /// no longer the last one, or an edit does not fit its file).
    Fixed {
        generation: u32,
        texts: Option<BTreeMap<String, String>>,
    },
    /// The request was not one (a page and a worker of different builds).
    Refused { reason: String },
}

/// Answers requests, keeping the last analysis and the generation it was made for.
#[derive(Default)]
pub struct Analyst {
    last: Option<(u32, Analysis)>,
}

impl Analyst {
    pub fn answer(&mut self, request: Request) -> Reply {
        match request {
            Request::Analyze {
                generation,
                files,
                plan,
                compose,
                dstack,
                mkosi,
            } => {
                let workspace = files.workspace(plan);
                let analysis = plumb_core::analyze(&workspace);
                let report = Report {
                    plan: plan.then(|| PlanView::of(&workspace, &analysis)),
                    compose: compose.then(|| ComposeView::all(&workspace)),
                    dstack: dstack.then(|| DstackView::all(&workspace)),
                    mkosi: mkosi.then(|| MkosiView::all(&workspace)),
                    ..Report::of(&analysis)
                };
                self.last = Some((generation, analysis));
                Reply::Report {
                    generation,
                    report: Box::new(report),
                }
            }
            Request::Fix {
                generation,
                finding,
                fix,
            } => {
                let texts = self
                    .last
                    .as_ref()
                    .filter(|(last, _)| *last == generation)
                    .and_then(|(_, analysis)| {
                        let diagnostic = analysis.diagnostics.get(finding)?;
                        apply_fix(analysis, diagnostic, diagnostic.fixes.get(fix)?)
                    });
                Reply::Fixed { generation, texts }
            }
        }
    }

    /// [`Analyst::answer`] from JSON to JSON.
    pub fn answer_json(&mut self, request: &str) -> String {
        let reply = match serde_json::from_str(request) {
            Ok(request) => self.answer(request),
            Err(error) => Reply::Refused {
                reason: error.to_string(),
            },
        };
        // Strings, numbers and maps with string keys: serialising cannot fail.
        serde_json::to_string(&reply).unwrap_or_default()
    }
}

thread_local! {
    /// The worker's analyst: a worker has one thread and one page.
    static ANALYST: RefCell<Analyst> = RefCell::default();
}

/// The worker's entry point: one request's JSON in, its reply's JSON out.
#[wasm_bindgen]
pub fn answer(request: &str) -> String {
    ANALYST.with(|analyst| analyst.borrow_mut().answer_json(request))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> WorkspaceFiles {
        WorkspaceFiles::single("Dockerfile", text.to_owned())
    }

    fn analyze(analyst: &mut Analyst, generation: u32, text: &str) -> Report {
        match analyst.answer(Request::Analyze {
            generation,
            files: files(text),
            plan: false,
            compose: false,
            dstack: false,
            mkosi: false,
        }) {
            Reply::Report {
                generation: answered,
                report,
            } => {
                assert_eq!(answered, generation);
                *report
            }
            other => panic!("not a report: {other:?}"),
        }
    }

    #[test]
    fn a_fix_applies_to_the_analysis_it_was_shown_from() {
        let mut analyst = Analyst::default();
        let report = analyze(&mut analyst, 1, "FROM alpine:3.20\nMAINTAINER me\n");
        let finding = report
            .findings
            .iter()
            .position(|finding| finding.code == "DF405")
            .expect("MAINTAINER is deprecated");
        assert!(!report.findings[finding].fixes.is_empty());
        let fix = Request::Fix {
            generation: 1,
            finding,
            fix: 0,
        };
        let Reply::Fixed {
            texts: Some(texts), ..
        } = analyst.answer(fix.clone())
        else {
            panic!("the fix applies");
        };
        assert!(!texts["Dockerfile"].contains("MAINTAINER"));

        // Once a newer workspace is analysed, the old report's indexes mean nothing.
        analyze(&mut analyst, 2, "FROM alpine:3.20\n");
        assert_eq!(
            analyst.answer(fix),
            Reply::Fixed {
                generation: 1,
                texts: None
            }
        );
    }

    #[test]
    fn replies_travel_as_json_and_bad_requests_are_refused() {
        let mut analyst = Analyst::default();
        let files = files("FROM alpine:3.20 AS base\nRUNN x\n");
        let request = serde_json::to_string(&Request::Analyze {
            generation: 7,
            files: files.clone(),
            plan: true,
            compose: false,
            dstack: false,
            mkosi: false,
        })
        .unwrap();
        let reply: Reply = serde_json::from_str(&analyst.answer_json(&request)).unwrap();
        let Reply::Report { generation, report } = reply else {
            panic!("a report");
        };
        assert_eq!(generation, 7);
        // Nothing is lost on the way: the page gets the report made here.
        let workspace = files.workspace(true);
        let analysis = plumb_core::analyze(&workspace);
        assert_eq!(report.findings, Report::of(&analysis).findings);
        let plan = report.plan.expect("the report has the plan");
        assert_eq!(plan, PlanView::of(&workspace, &analysis));
        assert_eq!(plan.steps.len(), 1);
        assert!(
            report
                .findings
                .iter()
                .any(|finding| finding.start.line == 2)
        );
        assert_eq!(report.stages["Dockerfile"].stages[0].base, "alpine:3.20");

        // Without the plan view open, no plan is made.
        assert_eq!(analyze(&mut analyst, 8, "FROM alpine:3.20\n").plan, None);

        let refused: Reply = serde_json::from_str(&analyst.answer_json("{}")).unwrap();
        assert!(matches!(refused, Reply::Refused { .. }), "{refused:?}");
    }

    #[test]
    fn the_compose_projects_are_resolved_while_their_view_is_open() {
        let files = WorkspaceFiles::new([
            ("Dockerfile".to_owned(), "FROM alpine:3.20\n".to_owned()),
            (
                "compose.yaml".to_owned(),
                "services:\n  web:\n    build: .\n    privileged: yes\n".to_owned(),
            ),
            (
                "compose.override.yaml".to_owned(),
                "services:\n  web:\n    init: true\n".to_owned(),
            ),
            (
                "broken/compose.yaml".to_owned(),
                "services:\n  web:\n    image: nginx:1.28\n    ports: 80\n".to_owned(),
            ),
        ])
        .unwrap();
        let mut analyst = Analyst::default();
        let Reply::Report { report, .. } = analyst.answer(Request::Analyze {
            generation: 1,
            files: files.clone(),
            plan: false,
            compose: true,
            dstack: false,
            mkosi: false,
        }) else {
            panic!("a report");
        };
        let views = report.compose.expect("the compose views");
        // The override file is shown in its base file's project, not on its own.
        let paths: Vec<&str> = views.iter().map(|view| view.path.as_str()).collect();
        assert_eq!(paths, ["broken/compose.yaml", "compose.yaml"]);
        let workspace = files.workspace(false);
        let resolved =
            plumb_core::compose::workspace_project::resolved_config(&workspace, "compose.yaml");
        assert_eq!(views[1].text.as_ref(), resolved.output.as_ref().ok());
        assert!(
            views[1]
                .text
                .as_ref()
                .unwrap()
                .contains("context: /workspace")
        );
        assert_eq!(
            ComposeView::for_file(&views, "compose.override.yaml").map(|view| &view.path),
            Some(&views[1].path)
        );
        assert_eq!(
            ComposeView::for_file(&views, "Dockerfile").map(|view| &view.path),
            Some(&views[0].path)
        );
        let error = views[0].error.as_ref().expect("ports must be a list");
        assert!(!error.message.contains("/workspace"), "{}", error.message);
        let (file, start, _) = error.place.clone().expect("a place");
        assert_eq!((file.as_str(), start.line), ("broken/compose.yaml", 4));
    }

    #[test]
    fn the_app_compose_json_is_written_with_the_options_of_the_nearest_plumb_toml() {
        let compose = "services:\n  web:\n    image: nginx@sha256:eee5eae48e79b2e75178328c7c585b89d676eaae616f03f9a1813aaed820745a\n";
        let files = WorkspaceFiles::new([
            ("app/docker-compose.yml".to_owned(), compose.to_owned()),
            (
                "plumb.toml".to_owned(),
                "[dstack]\nname = \"hello\"\nkms = true\nstyle = \"vmm-cli\"\n".to_owned(),
            ),
            ("other/compose.yaml".to_owned(), compose.to_owned()),
            ("other/plumb.toml".to_owned(), "[dstack]\n".to_owned()),
        ])
        .unwrap();
        let mut analyst = Analyst::default();
        let Reply::Report { report, .. } = analyst.answer(Request::Analyze {
            generation: 1,
            files,
            plan: false,
            compose: false,
            dstack: true,
            mkosi: false,
        }) else {
            panic!("a report");
        };
        let views = report.dstack.expect("the dstack views");
        assert_eq!(views[0].path, "app/docker-compose.yml");
        assert_eq!(views[0].style, "vmm-cli");
        let text = views[0].vmm_cli.text.as_deref().unwrap();
        assert!(text.starts_with("{\n    \"manifest_version\": 2,\n    \"name\": \"hello\","));
        let hash = &views[0].vmm_cli.values[0];
        assert_eq!(hash.0, "compose-hash");
        let digest = plumb_core::digest::sha256(text.as_bytes());
        assert_eq!(hash.1, digest["sha256:".len()..]);
        // The nearer plumb.toml applies: its [dstack] names nothing, so the folder names it.
        assert_eq!(views[1].style, "canonical");
        assert!(
            views[1]
                .canonical
                .text
                .as_deref()
                .unwrap()
                .contains("\"name\":\"other\"")
        );
    }
}

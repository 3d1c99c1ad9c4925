//! The compose builds against their Dockerfiles: each service's `build` (loaded as docker
//! compose loads it) with the Dockerfile it names, once every file is analysed (CP105,
//! CP106, CP107).

use crate::analysis::AnalyzedFile;
use crate::compose::builds::{BuildSource, service_builds};
use crate::compose::rules::{build_arg_not_declared, build_target_not_found, dockerfile_not_found};
use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    for build in service_builds(workspace) {
        let BuildSource::Local {
            context,
            dockerfile,
        } = &build.source
        else {
            continue;
        };
        let mut found = Vec::new();
        if let Some(place) = build.place {
            found.extend(dockerfile_not_found::check(
                workspace, &build, context, dockerfile, place,
            ));
        }
        let document = files
            .binary_search_by(|file| file.source.path().cmp(dockerfile))
            .ok()
            .and_then(|index| files[index].document.as_dockerfile());
        if let Some(document) = document {
            found.extend(build_target_not_found::check(&build, dockerfile, document));
            build_arg_not_declared::check(&build, dockerfile, document, &mut found);
        }
        for mut diagnostic in found {
            diagnostic.file.clone_from(&build.compose_file);
            diagnostics.push(diagnostic);
        }
    }
}

//! The app-compose.json of a workspace's compose file, as `plumb dstack app-compose` writes
//! it in the file's folder without flags: the options from `[dstack]` of the plumb.toml that
//! applies to the file, the pre-launch script it names read from the workspace. The
//! browser's dstack view shows it.

use super::app_compose::{Style, write_app_compose};
use super::measurement::{Measurement, measure};
use super::settings::AppComposeSettings;
use crate::workspace::Workspace;

/// One compose file's app-compose.json in both styles, or why it cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceAppCompose {
    /// The style plumb.toml asks for (canonical when it does not).
    pub style: Style,
    pub canonical: Result<Written, Vec<String>>,
    pub vmm_cli: Result<Written, Vec<String>>,
}

/// The bytes of one style and what dstack measures of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub measurement: Measurement,
}

/// The app-compose.json of the compose file at `compose_path`. `folder_name` is the name of
/// the folder the file is in, the app's name when plumb.toml gives none (the browser does
/// not know the name of the workspace's own folder).
pub fn workspace_app_compose(
    workspace: &Workspace,
    compose_path: &str,
    folder_name: &str,
) -> WorkspaceAppCompose {
    let settings = project_settings(workspace, compose_path).map(|(mut settings, _)| {
        if settings.name.is_empty() {
            folder_name.clone_into(&mut settings.name);
        }
        settings
    });
    let text = workspace.text(compose_path).unwrap_or_default();
    let write = |style: Style| -> Result<Written, Vec<String>> {
        let bytes = write_app_compose(&text, settings.as_ref().map_err(Clone::clone)?, style)?;
        let text = String::from_utf8(bytes).unwrap_or_default();
        let measurement =
            measure(text.as_bytes(), None).map_err(|error| vec![error.to_string()])?;
        Ok(Written { text, measurement })
    };
    WorkspaceAppCompose {
        style: workspace
            .config_for(compose_path)
            .and_then(|(config, _)| config.dstack.as_ref()?.style())
            .unwrap_or(Style::Canonical),
        canonical: write(Style::Canonical),
        vmm_cli: write(Style::VmmCli),
    }
}

/// The options `[dstack]` of the plumb.toml that applies to `compose_path` gives (none:
/// vmm-cli's defaults), the pre-launch script it names read from the workspace, with that
/// script's workspace path; or what is missing.
pub fn project_settings(
    workspace: &Workspace,
    compose_path: &str,
) -> Result<(AppComposeSettings, Option<String>), Vec<String>> {
    let mut settings = AppComposeSettings::default();
    let Some(section) = workspace
        .config_for(compose_path)
        .and_then(|(config, _)| config.dstack.as_ref())
    else {
        return Ok((settings, None));
    };
    section.apply(&mut settings);
    let Some(path) = pre_launch_script_path(workspace, compose_path) else {
        return Ok((settings, None));
    };
    match workspace.contents(&path).map(std::str::from_utf8) {
        Some(Ok(text)) => {
            settings.pre_launch_script = Some(text.to_owned());
            Ok((settings, Some(path)))
        }
        _ => Err(vec![format!(
            "the pre-launch script {path} is not in the workspace (as UTF-8)"
        )]),
    }
}

/// The workspace path of the pre-launch script `[dstack]` names for `compose_path`
/// (relative to its plumb.toml), if it names one.
pub fn pre_launch_script_path(workspace: &Workspace, compose_path: &str) -> Option<String> {
    let (config, relative) = workspace.config_for(compose_path)?;
    let script = config.dstack.as_ref()?.pre_launch_script.as_ref()?;
    let directory = compose_path[..compose_path.len() - relative.len()].trim_end_matches('/');
    Some(crate::compose::posix_path::join(&[directory, script]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::FileKind;

    #[test]
    fn the_options_and_the_script_come_from_the_workspace() {
        let mut workspace = Workspace::new();
        workspace.add_file("app/compose.yaml", FileKind::Compose, "services: {}\n");
        workspace.add_input("prelaunch.sh", "echo hi\n");
        workspace
            .add_config(
                "plumb.toml",
                "[dstack]\nkms = true\nstyle = \"vmm-cli\"\npre-launch-script = \"prelaunch.sh\"\n",
            )
            .unwrap();
        workspace.use_config("app/compose.yaml", "plumb.toml", "app/compose.yaml");
        let written = workspace_app_compose(&workspace, "app/compose.yaml", "app");
        assert_eq!(written.style, Style::VmmCli);
        let vmm_cli = written.vmm_cli.unwrap();
        assert!(vmm_cli.text.contains("\"name\": \"app\""));
        assert!(vmm_cli.text.contains("\"kms_enabled\": true"));
        assert!(
            vmm_cli
                .text
                .contains("\"pre_launch_script\": \"echo hi\\n\"")
        );
        let canonical = written.canonical.unwrap();
        assert_ne!(
            canonical.measurement.compose_hash,
            vmm_cli.measurement.compose_hash
        );
    }

    #[test]
    fn what_dstack_refuses_is_said() {
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, "services: {}\n");
        workspace
            .add_config("plumb.toml", "[dstack]\nallowed-envs = [\"KEY\"]\n")
            .unwrap();
        workspace.use_config("compose.yaml", "plumb.toml", "compose.yaml");
        let written = workspace_app_compose(&workspace, "compose.yaml", "workspace");
        assert!(written.canonical.unwrap_err()[0].contains("needs the KMS"));
    }
}

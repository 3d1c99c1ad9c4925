//! What a stage's base image tells of the system inside it, from the image's name and the
//! stage's platform alone: Alpine (BusyBox tools) or Windows (no `/etc/passwd`, no numeric
//! ids). Plumb sees no image contents; a name that tells nothing is `Other`.

use super::check_context::Context;
use super::image_reference;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `alpine`, or a tag naming it (`golang:1.26-alpine3.24`).
    Alpine,
    /// `FROM --platform=windows/…`, Microsoft's `windows/servercore` or `nanoserver`
    /// images, or a tag naming them (`golang:1.26-nanoserver-ltsc2022`).
    Windows,
    Other,
}

/// The family of an image reference, built for `platform` (`os/arch`) when given.
pub fn family_of(image: &str, platform: Option<&str>) -> Family {
    if platform.is_some_and(|platform| platform.starts_with("windows/")) {
        return Family::Windows;
    }
    let Ok(reference) = image_reference::parse(image) else {
        return Family::Other;
    };
    let name = reference.path.rsplit('/').next().unwrap_or_default();
    let tag = reference.tag.as_deref().unwrap_or_default();
    let windows = ["windows", "servercore", "nanoserver", "windowsservercore"];
    if windows.contains(&name)
        || reference.path.starts_with("windows/")
        || tag.contains("nanoserver")
        || tag.contains("windowsservercore")
    {
        Family::Windows
    } else if name == "alpine" || tag.contains("alpine") {
        Family::Alpine
    } else {
        Family::Other
    }
}

/// The family of the stage `index`, from the image at the root of its chain of bases and
/// its platform; `Other` for `scratch`.
pub fn stage_family(context: &Context<'_>, index: usize) -> Family {
    context
        .stage_families()
        .get(index)
        .copied()
        .unwrap_or(Family::Other)
}

/// What [`stage_family`] gives each stage, for [`Context::stage_families`] to keep.
pub(super) fn read_stage_family(context: &Context<'_>, index: usize) -> Family {
    let Some(image) = context.resolution.root_image(index) else {
        return Family::Other;
    };
    let stages = &context.resolution.stages;
    let platform = stages
        .get(index)
        .and_then(|stage| stages.get(stage.root))
        .and_then(|root| root.platform.as_deref());
    family_of(image, platform)
}

#[cfg(test)]
mod tests {
    use super::{Family, family_of};

    #[test]
    fn families_from_names_and_platforms() {
        let cases = [
            ("alpine:3.20", None, Family::Alpine),
            (
                "docker.io/library/golang:1.26-alpine3.24",
                None,
                Family::Alpine,
            ),
            ("node:22-alpine", None, Family::Alpine),
            (
                "mcr.microsoft.com/windows/nanoserver:ltsc2022",
                None,
                Family::Windows,
            ),
            (
                "mcr.microsoft.com/windows/servercore:ltsc2022",
                None,
                Family::Windows,
            ),
            ("golang:1.26-nanoserver-ltsc2022", None, Family::Windows),
            ("python:3.12-windowsservercore", None, Family::Windows),
            ("debian:12", Some("windows/amd64"), Family::Windows),
            ("debian:12", Some("linux/amd64"), Family::Other),
            ("ubuntu:24.04", None, Family::Other),
            ("myalpine-tools:1", None, Family::Other),
            ("not a reference", None, Family::Other),
        ];
        for (image, platform, family) in cases {
            assert_eq!(family_of(image, platform), family, "{image} {platform:?}");
        }
    }
}

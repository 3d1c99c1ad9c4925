//! The environmental facts an analysis depends on, as explicit inputs: the core reads nothing
//! from the machine it runs on, so the browser and the CLI agree for the same options.

use std::fmt;

/// What a build is for and where it runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The platform the build runs on (`BUILDPLATFORM` and friends).
    pub build_platform: Platform,
    /// The platform the image is built for (`TARGETPLATFORM` and friends).
    pub target_platform: Platform,
    /// The process environment compose interpolates with (the browser has none).
    pub environment: std::collections::BTreeMap<String, String>,
    /// The absolute directory the workspace's relative paths start from, where it has one
    /// (the CLI's current directory); compose projects are loaded there.
    pub working_directory: Option<String>,
}

/// An OCI platform: `os/architecture[/variant]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    /// Empty when the platform has none.
    pub variant: String,
}

/// `linux/amd64`, BuildKit's platform on the machines most builds run on.
impl Default for Platform {
    fn default() -> Self {
        Platform {
            os: "linux".into(),
            architecture: "amd64".into(),
            variant: String::new(),
        }
    }
}

impl Platform {
    /// Reads `os/architecture[/variant]`, each part non-empty.
    pub fn parse(text: &str) -> Result<Platform, String> {
        let parts: Vec<&str> = text.split('/').collect();
        match parts.as_slice() {
            [os, architecture] | [os, architecture, _]
                if !os.is_empty() && !architecture.is_empty() =>
            {
                let variant = parts.get(2).copied().unwrap_or_default();
                if parts.len() == 3 && variant.is_empty() {
                    return Err(format!(
                        "{text:?}: the variant after the second `/` is empty"
                    ));
                }
                Ok(Platform {
                    os: (*os).into(),
                    architecture: (*architecture).into(),
                    variant: variant.into(),
                })
            }
            _ => Err(format!(
                "{text:?} is not a platform: expected os/architecture[/variant], e.g. linux/arm64"
            )),
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Platform;

    #[test]
    fn platforms_parse_and_print() {
        let arm = Platform::parse("linux/arm64/v8").unwrap();
        assert_eq!(
            (arm.architecture.as_str(), arm.variant.as_str()),
            ("arm64", "v8")
        );
        assert_eq!(arm.to_string(), "linux/arm64/v8");
        assert_eq!(Platform::default().to_string(), "linux/amd64");
        for bad in ["linux", "linux/", "/amd64", "linux/arm/", "a/b/c/d"] {
            assert!(Platform::parse(bad).is_err(), "{bad}");
        }
    }
}

//! `[dstack]` in plumb.toml: the app-compose.json options a project always deploys with,
//! named as plumb.toml names its keys (kebab case) after the app-compose.json fields they
//! set. Command-line options have the last word.
//!
//! ```toml
//! [dstack]
//! name = "hello"
//! kms = true
//! gateway = true
//! allowed-envs = ["API_KEY"]
//! swap = "4G"
//! style = "vmm-cli"
//! version = "0.5.11"   # the dstack release the app runs on
//! ```

use super::app_compose::Style;
use super::settings::{AppComposeSettings, KeyProvider, parse_swap_size};
use super::version::DstackVersion;
use crate::config::ConfigError;
use crate::source::Span;
use serde::Deserialize;
use toml::Spanned;

/// The section as written; every key optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DstackSection {
    pub name: Option<String>,
    pub manifest_version: Option<u32>,
    pub kms: Option<bool>,
    pub gateway: Option<bool>,
    pub local_key_provider: Option<bool>,
    key_provider: Option<Spanned<String>>,
    pub key_provider_id: Option<String>,
    pub public_logs: Option<bool>,
    pub public_sysinfo: Option<bool>,
    pub public_tcbinfo: Option<bool>,
    pub allowed_envs: Option<Vec<String>>,
    pub no_instance_id: Option<bool>,
    pub secure_time: Option<bool>,
    pub storage_fs: Option<String>,
    swap: Option<Spanned<String>>,
    /// A file whose text becomes `pre_launch_script`, relative to the plumb.toml.
    pub pre_launch_script: Option<String>,
    pub event_log_version: Option<u8>,
    style: Option<Spanned<String>>,
    /// The dstack release the app will run on, for the rules that depend on it.
    version: Option<Spanned<String>>,
    /// Where a plan's deploy step pushes the images the project builds: a registry and a
    /// path (`registry.example/team`), each service's image below it.
    registry: Option<Spanned<String>>,
}

impl DstackSection {
    /// Refuses what cannot be meant, at its place in the file.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if let Some(kind) = &self.key_provider
            && KeyProvider::from_name(kind.get_ref()).is_none()
        {
            return Err(at(kind, "key-provider is none, kms, local or tpm"));
        }
        if let Some(swap) = &self.swap {
            parse_swap_size(swap.get_ref()).map_err(|message| at(swap, &message))?;
        }
        if let Some(style) = &self.style
            && Style::from_name(style.get_ref()).is_none()
        {
            return Err(at(style, "style is canonical or vmm-cli"));
        }
        if let Some(version) = &self.version
            && DstackVersion::parse(version.get_ref()).is_none()
        {
            return Err(at(
                version,
                "version is a dstack release, such as \"0.5.11\"",
            ));
        }
        if let Some(registry) = &self.registry
            && crate::dockerfile::image_reference::parse(&format!("{}/service", registry.get_ref()))
                .is_err()
        {
            return Err(at(
                registry,
                "registry is a registry and a repository path, such as \"registry.example/team\"",
            ));
        }
        Ok(())
    }

    /// Where the deploy step pushes built images, if the section says.
    pub fn registry(&self) -> Option<&str> {
        self.registry
            .as_ref()
            .map(|registry| registry.get_ref().as_str())
    }

    /// The dstack release the section names, if it does.
    pub fn version(&self) -> Option<DstackVersion> {
        self.version
            .as_ref()
            .and_then(|version| DstackVersion::parse(version.get_ref()))
    }

    /// The style the section asks for, if it does.
    pub fn style(&self) -> Option<Style> {
        self.style
            .as_ref()
            .and_then(|style| Style::from_name(style.get_ref()))
    }

    /// `settings` with what the section says (all but `pre-launch-script`, a file the front
    /// end reads).
    pub fn apply(&self, settings: &mut AppComposeSettings) {
        let flags = [
            (self.kms, &mut settings.kms),
            (self.gateway, &mut settings.gateway),
            (self.local_key_provider, &mut settings.local_key_provider),
            (self.public_logs, &mut settings.public_logs),
            (self.public_sysinfo, &mut settings.public_sysinfo),
            (self.no_instance_id, &mut settings.no_instance_id),
            (self.secure_time, &mut settings.secure_time),
        ];
        for (value, setting) in flags {
            if let Some(value) = value {
                *setting = value;
            }
        }
        if let Some(name) = &self.name {
            settings.name.clone_from(name);
        }
        if let Some(version) = self.manifest_version {
            settings.manifest_version = version;
        }
        if let Some(kind) = &self.key_provider {
            settings.key_provider = KeyProvider::from_name(kind.get_ref());
        }
        if let Some(id) = &self.key_provider_id {
            settings.key_provider_id.clone_from(id);
        }
        if self.public_tcbinfo.is_some() {
            settings.public_tcbinfo = self.public_tcbinfo;
        }
        if let Some(names) = &self.allowed_envs {
            settings.allowed_envs.clone_from(names);
        }
        if self.storage_fs.is_some() {
            settings.storage_fs.clone_from(&self.storage_fs);
        }
        if let Some(size) = self
            .swap
            .as_ref()
            .and_then(|swap| parse_swap_size(swap.get_ref()).ok())
        {
            settings.swap_size = size;
        }
        if let Some(version) = self.event_log_version {
            settings.event_log_version = version;
        }
    }
}

fn at(value: &Spanned<String>, message: &str) -> ConfigError {
    let range = value.span();
    ConfigError {
        message: message.to_owned(),
        span: Span::new(range.start, range.end),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn the_section_sets_the_options_it_names() {
        let config = Config::parse(
            "[dstack]\nname = \"hello\"\nkms = true\nallowed-envs = [\"API_KEY\"]\nswap = \"1G\"\nstyle = \"vmm-cli\"\n",
        )
        .unwrap();
        let section = config.dstack.unwrap();
        let mut settings = super::AppComposeSettings::default();
        section.apply(&mut settings);
        assert_eq!(settings.name, "hello");
        assert!(settings.kms && !settings.gateway);
        assert_eq!(settings.allowed_envs, ["API_KEY"]);
        assert_eq!(settings.swap_size, 1 << 30);
        assert_eq!(section.style(), Some(super::Style::VmmCli));
    }

    #[test]
    fn bad_values_are_refused_where_they_are_written() {
        let text = "[dstack]\nkey-provider = \"vault\"\n";
        let error = Config::parse(text).unwrap_err();
        assert_eq!(&text[error.span.start..error.span.end], "\"vault\"");
        assert!(Config::parse("[dstack]\nswap = \"4K\"\n").is_err());
        assert!(Config::parse("[dstack]\nkms = \"yes\"\n").is_err());
        assert!(Config::parse("[dstack]\nkmss = true\n").is_err());
        assert!(Config::parse("[dstack]\nversion = \"latest\"\n").is_err());
        assert!(Config::parse("[dstack]\nregistry = \"Upper/Case\"\n").is_err());
        let config = Config::parse("[dstack]\nregistry = \"127.0.0.1:5000/team\"\n").unwrap();
        assert_eq!(
            config.dstack.unwrap().registry(),
            Some("127.0.0.1:5000/team")
        );
    }
}

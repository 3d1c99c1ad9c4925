//! What an app-compose.json says besides its compose file: the options `vmm-cli.py compose`
//! takes, with its defaults, and the few it has no flag for (`public_tcbinfo`, `storage_fs`).

/// Who gives the app its keys (`key_provider`; dstack derives it from `kms_enabled` and
/// `local_key_provider_enabled` when the key is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyProvider {
    None,
    Kms,
    Local,
    Tpm,
}

impl KeyProvider {
    pub const ALL: [KeyProvider; 4] = [Self::None, Self::Kms, Self::Local, Self::Tpm];

    /// The name app-compose.json writes.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Kms => "kms",
            Self::Local => "local",
            Self::Tpm => "tpm",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The byte mr_config_id v2 hashes for it.
    pub(super) fn mr_config_byte(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Local => 1,
            Self::Kms => 2,
            Self::Tpm => 3,
        }
    }
}

/// The options of an app-compose.json; [`Default`] is what `vmm-cli.py compose` writes
/// without flags (apart from the required name). A plan's deploy step carries them as
/// JSON (with these field names), so that the executor writes what the plan says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppComposeSettings {
    pub name: String,
    /// 1 or 2 are written as numbers, 3 as the string `"3"` (older guests fail closed on it).
    pub manifest_version: u32,
    pub kms: bool,
    pub gateway: bool,
    pub local_key_provider: bool,
    pub key_provider: Option<KeyProvider>,
    /// Hex, as written (empty: not pinned).
    pub key_provider_id: String,
    pub public_logs: bool,
    pub public_sysinfo: bool,
    /// Written only when set: vmm-cli has no flag for it, and dstack's default is `true`.
    pub public_tcbinfo: Option<bool>,
    /// The encrypted environment variables the app may receive.
    pub allowed_envs: Vec<String>,
    pub no_instance_id: bool,
    pub secure_time: bool,
    /// `zfs` or `ext4`; written only when set (vmm-cli has no flag for it).
    pub storage_fs: Option<String>,
    /// Bytes; written only when above zero, as vmm-cli does.
    pub swap_size: u64,
    pub pre_launch_script: Option<String>,
    /// Written only when 2, as vmm-cli does (1 is the guest's default).
    pub event_log_version: u8,
}

impl Default for AppComposeSettings {
    fn default() -> Self {
        Self {
            name: String::new(),
            manifest_version: 2,
            kms: false,
            gateway: false,
            local_key_provider: false,
            key_provider: None,
            key_provider_id: String::new(),
            public_logs: false,
            public_sysinfo: false,
            public_tcbinfo: None,
            allowed_envs: Vec::new(),
            no_instance_id: false,
            secure_time: false,
            storage_fs: None,
            swap_size: 0,
            pre_launch_script: None,
            event_log_version: 1,
        }
    }
}

impl AppComposeSettings {
    /// The key provider dstack uses: `key_provider` if set, else KMS, else the local one.
    pub fn effective_key_provider(&self) -> KeyProvider {
        resolve_key_provider(self.key_provider, self.kms, self.local_key_provider)
    }

    /// What dstack (or vmm-cli) would refuse, each as a sentence; empty when none.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.is_empty() {
            problems.push("the app needs a name".to_owned());
        }
        if !(1..=3).contains(&self.manifest_version) {
            problems.push(format!(
                "manifest_version {} is not one dstack knows (1, 2 or 3)",
                self.manifest_version
            ));
        }
        if !self.allowed_envs.is_empty() && self.effective_key_provider() != KeyProvider::Kms {
            problems.push(
                "allowed_envs needs the KMS: dstack decrypts environment variables only with keys from it"
                    .to_owned(),
            );
        }
        for name in &self.allowed_envs {
            if !is_env_name(name) {
                problems.push(format!(
                    "`{name}` is not an environment variable name dstack accepts ([A-Za-z_][A-Za-z0-9_]*)"
                ));
            }
        }
        if let Err(error) = crate::hex::decode(&self.key_provider_id) {
            problems.push(format!("key_provider_id is not hex: {error}"));
        }
        if !self.key_provider_id.is_empty()
            && matches!(
                self.effective_key_provider(),
                KeyProvider::None | KeyProvider::Tpm
            )
        {
            problems.push(format!(
                "key_provider_id must be empty with the key provider {}",
                self.effective_key_provider().name()
            ));
        }
        if let Some(storage_fs) = &self.storage_fs
            && !["zfs", "ext4"].contains(&storage_fs.to_ascii_lowercase().as_str())
        {
            problems.push(format!("storage_fs `{storage_fs}` is neither zfs nor ext4"));
        }
        if !(1..=2).contains(&self.event_log_version) {
            problems.push(format!(
                "event_log_version {} is neither 1 nor 2",
                self.event_log_version
            ));
        }
        problems
    }
}

/// dstack's key-provider resolution (`AppCompose::key_provider`).
pub(super) fn resolve_key_provider(
    explicit: Option<KeyProvider>,
    kms: bool,
    local: bool,
) -> KeyProvider {
    match explicit {
        Some(kind) => kind,
        None if kms => KeyProvider::Kms,
        None if local => KeyProvider::Local,
        None => KeyProvider::None,
    }
}

/// dstack's rule for the keys of its encrypted environment (`parse_env_file.rs`).
pub fn is_env_name(name: &str) -> bool {
    let mut characters = name.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && characters.all(|rest| rest.is_ascii_alphanumeric() || rest == '_')
}

/// A swap size as `vmm-cli.py --swap` reads it: a whole number of MiB, given as `512`,
/// `512M`, `4G` or `1T` (units in either case, `B` optional), in bytes.
pub fn parse_swap_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|character: char| !(character.is_ascii_digit() || character == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let mebibytes_per_unit: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "M" | "MB" => 1,
        "G" | "GB" => 1024,
        "T" | "TB" => 1024 * 1024,
        _ => return Err(format!("`{text}` is not a size: use M, G or T, as in 4G")),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let valid = !whole.is_empty()
        && whole.bytes().all(|digit| digit.is_ascii_digit())
        && fraction.bytes().all(|digit| digit.is_ascii_digit())
        && !(number.contains('.') && fraction.is_empty());
    if !valid {
        return Err(format!("`{text}` is not a size: use M, G or T, as in 4G"));
    }
    // A fraction is allowed when the unit makes it a whole number of MiB (0.5G).
    let scale = 10u128.pow(fraction.len() as u32);
    let digits: u128 = format!("{whole}{fraction}")
        .parse()
        .map_err(|_| format!("`{text}` is too large"))?;
    let scaled = digits * u128::from(mebibytes_per_unit);
    if !scaled.is_multiple_of(scale) {
        return Err(format!("`{text}` is not a whole number of MiB"));
    }
    u64::try_from(scaled / scale * 1024 * 1024).map_err(|_| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_sizes_read_as_vmm_cli_reads_them() {
        assert_eq!(parse_swap_size("4G"), Ok(4 << 30));
        assert_eq!(parse_swap_size("512"), Ok(512 << 20));
        assert_eq!(parse_swap_size("512mb"), Ok(512 << 20));
        assert_eq!(parse_swap_size("0.5G"), Ok(512 << 20));
        assert_eq!(parse_swap_size("1T"), Ok(1 << 40));
        assert!(parse_swap_size("0.3M").is_err());
        assert!(parse_swap_size("4K").is_err());
        assert!(parse_swap_size("G").is_err());
        assert!(parse_swap_size("1.G").is_err());
    }

    #[test]
    fn key_provider_is_resolved_like_dstack() {
        assert_eq!(resolve_key_provider(None, true, true), KeyProvider::Kms);
        assert_eq!(resolve_key_provider(None, false, true), KeyProvider::Local);
        assert_eq!(
            resolve_key_provider(Some(KeyProvider::Tpm), true, false),
            KeyProvider::Tpm
        );
        assert_eq!(resolve_key_provider(None, false, false), KeyProvider::None);
    }

    #[test]
    fn problems_name_what_dstack_refuses() {
        let settings = AppComposeSettings {
            name: "app".into(),
            allowed_envs: vec!["API_KEY".into(), "1BAD".into()],
            key_provider_id: "zz".into(),
            storage_fs: Some("btrfs".into()),
            ..AppComposeSettings::default()
        };
        let problems = settings.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].contains("needs the KMS"));
        assert!(problems[1].contains("`1BAD`"));
        assert!(problems[2].contains("not hex"));
        assert!(problems[3].contains("must be empty with the key provider none"));
        assert!(problems[4].contains("btrfs"));
        let fine = AppComposeSettings {
            name: "app".into(),
            kms: true,
            allowed_envs: vec!["API_KEY".into()],
            ..AppComposeSettings::default()
        };
        assert_eq!(fine.problems(), Vec::<String>::new());
    }
}

//! `[policy]` of plugins.toml: the rules a version must pass to be installed or upgraded to
//! (see [`crate::resolve`], which applies them while picking versions, and `docs/formats.md`).
//!
//! ```toml
//! [policy]
//! deny-advisories = "all"          # or "malicious" (the default): MAL- records only
//! min-release-age = "7d"           # versions younger than this are not candidates
//! exempt = ["stoq-hash"]           # plugins the release age does not apply to
//! licenses = ["MIT", "Apache-2.0"] # SPDX ids a plugin's license expression may use
//! registries = ["default"]         # the `[registries]` keys plugins may come from
//! ```
//!
//! The table's presence turns the advisory check on: the resolver then reads each plugin's
//! advisory file (see [`crate::source::advisory`]).

use std::time::Duration;

use serde::Deserialize;

use crate::name::PluginName;

/// Which advisories refuse a version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DenyAdvisories {
    /// Only malicious-package records (ids starting `MAL-`): the default.
    #[default]
    Malicious,
    /// Every advisory that affects the version.
    All,
}

/// `[policy]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Policy {
    /// Which advisories refuse a version.
    #[serde(default)]
    pub deny_advisories: DenyAdvisories,
    /// The age a version must have (since its index line's `published`) to be a candidate.
    #[serde(default, deserialize_with = "de_age")]
    pub min_release_age: Option<Duration>,
    /// Plugins `min-release-age` does not apply to.
    #[serde(default)]
    pub exempt: Vec<PluginName>,
    /// The SPDX license ids allowed; `None`: every license.
    #[serde(default, deserialize_with = "de_licenses")]
    pub licenses: Option<Vec<String>>,
    /// The `[registries]` keys plugins may come from; `None`: every one.
    #[serde(default)]
    pub registries: Option<Vec<String>>,
}

impl Policy {
    /// The `min-release-age` as written back in messages (`7days`).
    pub fn age_text(&self) -> String {
        self.min_release_age
            .map(|d| humantime::format_duration(d).to_string())
            .unwrap_or_default()
    }
}

fn de_age<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(d)?;
    humantime::parse_duration(&text).map(Some).map_err(|e| {
        serde::de::Error::custom(format!(
            "`min-release-age = \"{text}\"` is not a duration such as \"7d\" or \"36h\": {e}"
        ))
    })
}

fn de_licenses<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let ids = Vec::<String>::deserialize(d)?;
    for id in &ids {
        if spdx::license_id(id).is_none() {
            return Err(serde::de::Error::custom(format!(
                "`{id}` in `licenses` is not an SPDX license id (such as \"MIT\" or \"Apache-2.0\")"
            )));
        }
    }
    Ok(Some(ids))
}

/// Whether the SPDX expression `expr` is satisfied by the license ids `allowed`: `Ok(false)`
/// when it is not, `Err` with the parser's message when it is no SPDX expression.
///
/// # Errors
/// The parse error, in words.
pub fn license_allowed(expr: &str, allowed: &[String]) -> Result<bool, String> {
    let parsed =
        spdx::Expression::parse_mode(expr, spdx::ParseMode::LAX).map_err(|e| e.to_string())?;
    Ok(parsed.evaluate(|req| {
        req.license
            .id()
            .is_some_and(|id| allowed.iter().any(|a| spdx::license_id(a) == Some(id)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn license_expressions() {
        let allowed = vec!["MIT".to_string(), "Apache-2.0".to_string()];
        assert_eq!(license_allowed("MIT", &allowed), Ok(true));
        assert_eq!(license_allowed("MIT OR GPL-3.0-only", &allowed), Ok(true));
        assert_eq!(license_allowed("MIT AND GPL-3.0-only", &allowed), Ok(false));
        assert_eq!(license_allowed("GPL-3.0-only", &allowed), Ok(false));
        assert!(license_allowed("not a license (", &allowed).is_err());
    }

    #[test]
    fn table() {
        let p: Policy = toml::from_str(
            "min-release-age = \"7d\"\nexempt = [\"a\"]\nlicenses = [\"MIT\"]\ndeny-advisories = \"all\"",
        )
        .unwrap();
        assert_eq!(p.min_release_age, Some(Duration::from_secs(7 * 86400)));
        assert_eq!(p.deny_advisories, DenyAdvisories::All);
        assert!(toml::from_str::<Policy>("licenses = [\"NOPE\"]").is_err());
        assert!(toml::from_str::<Policy>("min-release-age = \"soon\"").is_err());
        assert!(toml::from_str::<Policy>("unknown = 1").is_err());
    }
}

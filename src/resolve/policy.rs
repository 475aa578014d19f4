//! `[policy]` applied to candidate versions: which rule refuses a version, in words, with how
//! to lift it. The provider treats a refused version like a yanked one: it is offered only
//! when nothing else fits, and then refused with [`Unusable::Policy`](super::Unusable), so
//! that the resolver picks another version or the conflict report names the rule.

use std::fmt;
use std::time::{Duration, SystemTime};

use semver::Version;
use serde::Serialize;

use crate::name::PluginName;
use crate::project::policy::{license_allowed, DenyAdvisories, Policy};
use crate::source::advisory::Advisory;
use crate::source::index::IndexLine;

/// The rule of `[policy]` that refused a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A malicious-package advisory (`MAL-`): always refused under `[policy]`.
    Malicious,
    /// `deny-advisories = "all"`.
    DenyAdvisories,
    /// `min-release-age`.
    MinReleaseAge,
    /// `licenses`.
    Licenses,
    /// `registries`.
    Registries,
}

impl Rule {
    /// The rule's name as written in plugins.toml.
    pub fn key(self) -> &'static str {
        match self {
            Self::Malicious => "malicious advisories",
            Self::DenyAdvisories => "deny-advisories",
            Self::MinReleaseAge => "min-release-age",
            Self::Licenses => "licenses",
            Self::Registries => "registries",
        }
    }
}

/// Why a version is refused by `[policy]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Refusal {
    /// The rule.
    pub rule: Rule,
    /// The plugin.
    pub plugin: String,
    /// The version.
    pub version: String,
    /// What about it breaks the rule, in words.
    pub reason: String,
    /// How to lift the refusal.
    pub lift: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "is refused by `[policy]` ({}): {}",
            self.rule.key(),
            self.reason
        )
    }
}

/// What a version is checked against besides its index line.
pub(super) struct Candidate<'a> {
    pub(super) name: &'a PluginName,
    pub(super) line: &'a IndexLine,
    /// The registry key it comes from.
    pub(super) registry: &'a str,
    /// Whether it is the version plugins.lock pins.
    pub(super) locked: bool,
    /// The plugin's advisories (read only when the policy needs them).
    pub(super) advisories: &'a [Advisory],
}

/// The first rule of `policy` that refuses `c`, checked at time `now`.
pub(super) fn check(policy: &Policy, c: &Candidate<'_>, now: SystemTime) -> Option<Refusal> {
    let refuse = |rule, reason: String, lift: String| {
        Some(Refusal {
            rule,
            plugin: c.name.to_string(),
            version: c.line.vers.to_string(),
            reason,
            lift,
        })
    };
    let name = c.name;
    if let Some(allowed) = &policy.registries {
        if !allowed.iter().any(|k| k == c.registry) {
            return refuse(
                Rule::Registries,
                format!(
                    "it comes from registry `{}`, and `registries` allows only {}",
                    c.registry,
                    quoted(allowed)
                ),
                format!(
                    "add \"{}\" to `[policy] registries` in plugins.toml",
                    c.registry
                ),
            );
        }
    }
    let affecting = c
        .advisories
        .iter()
        .filter(|a| a.affects(name, &c.line.vers));
    for a in affecting {
        if a.is_malicious() {
            return refuse(
                Rule::Malicious,
                format!("advisory {a} reports it as malicious"),
                format!(
                    "no setting lifts this: pick another version of `{name}` or another plugin"
                ),
            );
        }
        if policy.deny_advisories == DenyAdvisories::All {
            return refuse(
                Rule::DenyAdvisories,
                format!("advisory {a} affects it ({})", a.affected_text(name)),
                "pick a fixed version, or set `deny-advisories = \"malicious\"` in `[policy]` of plugins.toml".into(),
            );
        }
    }
    if let Some(allowed) = &policy.licenses {
        // A line without `license` is checked on the staged manifest instead.
        if let Some(expr) = &c.line.license {
            match license_allowed(expr, allowed) {
                Ok(true) => {}
                Ok(false) => {
                    return refuse(
                        Rule::Licenses,
                        format!(
                            "its license `{expr}` is not satisfied by `licenses` ({})",
                            quoted(allowed)
                        ),
                        "add one of its licenses to `[policy] licenses` in plugins.toml".into(),
                    )
                }
                Err(e) => {
                    return refuse(
                        Rule::Licenses,
                        format!("its license `{expr}` is not an SPDX expression: {e}"),
                        "ask its publisher to fix `license` in plugin.toml".into(),
                    )
                }
            }
        }
    }
    if let Some(min) = policy.min_release_age {
        if !c.locked && !policy.exempt.contains(name) {
            if let Some(published) = c.line.published.as_deref() {
                if let Ok(at) = humantime::parse_rfc3339_weak(published) {
                    let age = now.duration_since(at).unwrap_or(Duration::ZERO);
                    if age < min {
                        let until = humantime::format_rfc3339_seconds(at + min);
                        return refuse(
                            Rule::MinReleaseAge,
                            format!(
                                "it was published {published}, less than `min-release-age` ({}) ago",
                                policy.age_text()
                            ),
                            format!(
                                "wait until {until}, or add \"{name}\" to `[policy] exempt` in plugins.toml"
                            ),
                        );
                    }
                }
            }
        }
    }
    None
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The refusal by `policy` of the license `expr` of `name` `version`, read from its staged
/// manifest (for index lines that carry no `license`); a plugin without any license is
/// refused too when `licenses` is set.
pub fn check_manifest_license(
    policy: &Policy,
    name: &PluginName,
    version: &Version,
    expr: Option<&str>,
) -> Option<Refusal> {
    let allowed = policy.licenses.as_ref()?;
    let refuse = |reason: String, lift: &str| {
        Some(Refusal {
            rule: Rule::Licenses,
            plugin: name.to_string(),
            version: version.to_string(),
            reason,
            lift: lift.to_string(),
        })
    };
    match expr {
        None => refuse(
            "its plugin.toml names no `license`".into(),
            "ask its publisher to set `license` in plugin.toml, or remove `licenses` from `[policy]`",
        ),
        Some(expr) => match license_allowed(expr, allowed) {
            Ok(true) => None,
            Ok(false) => refuse(
                format!(
                    "its license `{expr}` is not satisfied by `licenses` ({})",
                    quoted(allowed)
                ),
                "add one of its licenses to `[policy] licenses` in plugins.toml",
            ),
            Err(e) => refuse(
                format!("its license `{expr}` is not an SPDX expression: {e}"),
                "ask its publisher to fix `license` in plugin.toml",
            ),
        },
    }
}

/// The error for `refusals` met outside the resolver (the locked versions, a staged
/// manifest): one sentence and one way to lift it per refusal.
pub fn refused(refusals: Vec<Refusal>) -> super::ResolveError {
    super::ResolveError::Refused {
        explanation: refusals
            .iter()
            .map(|r| format!("`{}` {} {r}.", r.plugin, r.version))
            .collect::<Vec<_>>()
            .join("\n"),
        hint: refusals
            .iter()
            .map(|r| format!("`{}` {}: {}", r.plugin, r.version, r.lift))
            .collect::<Vec<_>>()
            .join("\n"),
        refusals,
    }
}

/// The refusals by `[policy]` of the registry plugins of `resolution` (the versions
/// plugins.lock pins, kept without resolving): advisories, licenses of the index lines and
/// registries; `min-release-age` lets locked versions through.
///
/// # Errors
/// An index or advisory file that cannot be read.
pub fn check_locked(
    policy: &Policy,
    resolution: &super::Resolution,
    registries: &dyn super::VersionSource,
) -> Result<Vec<Refusal>, super::ResolveError> {
    let now = SystemTime::now();
    let mut out = Vec::new();
    for r in resolution.plugins.values() {
        let super::Origin::Registry { key } = &r.origin else {
            continue;
        };
        let lines = registries.versions(Some(key), &r.name)?;
        let Some(line) = lines.iter().find(|l| l.vers == r.version) else {
            continue;
        };
        let advisories = registries.advisories(Some(key), &r.name)?;
        let c = Candidate {
            name: &r.name,
            line,
            registry: key,
            locked: true,
            advisories: &advisories,
        };
        out.extend(check(policy, &c, now));
    }
    Ok(out)
}

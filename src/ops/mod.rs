//! The operations of the modifying commands, one function each, in the manner of cargo's
//! `ops`: `plugin install`, `upgrade`, `uninstall` and `rollback` turn their arguments into an
//! options struct and call [`install()`], [`upgrade()`], [`uninstall()`] or [`rollback()`],
//! which return a typed outcome the command prints.
//!
//! This module owns the policy of those commands: what a SPEC or a `NAME@VERSION` means
//! and when it is refused, which edits of plugins.toml a run makes (new requirements, the
//! rewrites of `install NAME@REQ` and `upgrade --breaking`, removals), what `--force`
//! reinstalls, which plugins may move, and the messages that explain a refusal. The steps
//! every run shares (the directory lock, resolving, installing) are [`crate::install::session::Session`]'s;
//! printing the outcome, and `--json`, are the commands'.

mod audit;
mod install;
mod rollback;
mod uninstall;
mod upgrade;

pub use audit::{audit, requirements_on, AuditReport, Hit};
pub use install::{install, up_to_date, InstallOptions, InstallOutcome};
pub use rollback::{rollback, RollbackOptions, RollbackOutcome};
pub use uninstall::{uninstall, KeptDependency, UninstallOptions, UninstallOutcome};
pub use upgrade::{upgrade, UpgradeOptions, UpgradeOutcome, UpgradeTarget};

use anyhow::Context as _;
use semver::{Version, VersionReq};

use crate::error::HintedError;
use crate::name::{did_you_mean, PluginName};
use crate::project::Project;
use std::path::PathBuf;

/// Where a change of install or upgrade was written: what the command reports besides what
/// moved (plugins.lock for `--json`; the project and plugin directory for the project's
/// `requirements-command`).
#[derive(Debug)]
pub struct Written {
    /// plugins.lock of the project.
    pub lock_path: PathBuf,
    /// The project as written.
    pub project: Project,
    /// The plugin directory.
    pub plugin_dir: PathBuf,
}

impl Written {
    /// What `session` writes: its project as it stands (before `apply` consumes the session).
    fn of(session: &crate::install::session::Session<'_>) -> Self {
        Self {
            lock_path: session.project().lock_path(),
            project: session.project().clone(),
            plugin_dir: session.layout().root().to_path_buf(),
        }
    }
}

/// Parses a plugin name given on the command line.
///
/// # Errors
/// `text` is not a valid plugin name (see [`PluginName::new`]).
pub fn parse_name(text: &str) -> anyhow::Result<PluginName> {
    PluginName::new(text).with_context(|| format!("`{text}` is not a plugin name"))
}

/// The caret requirement `^VERSION` that plugins.toml gets for a version picked by the
/// resolver (what `cargo add` writes; rendered as the bare version).
pub fn caret(version: &Version) -> VersionReq {
    VersionReq::parse(&format!("^{version}")).expect("a version makes a caret requirement")
}

/// For `--registry FLAG` that is not a key of `[registries]`: when FLAG reads as a name (no
/// `/`, `\\` or `:`, not starting with `.`) and is not a folder either, the error saying so,
/// with the name probably meant. `None` when FLAG may be a location.
pub fn unknown_registry_name(
    flag: &str,
    project: Option<&Project>,
    cwd: &std::path::Path,
) -> Option<anyhow::Error> {
    let looks_like_name = !flag.contains(['/', '\\', ':']) && !flag.starts_with('.');
    if !looks_like_name || cwd.join(flag).is_dir() {
        return None;
    }
    let keys: Vec<&str> = project
        .map(|p| p.manifest().registries.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let within = project.map_or_else(
        || "there is no plugins.toml here".to_string(),
        |p| format!("it is not in `[registries]` of `{}`", p.path().display()),
    );
    let hint = match did_you_mean(flag, keys.iter().copied()) {
        Some(meant) => format!("did you mean `--registry {meant}`?"),
        None if keys.is_empty() => format!(
            "add it under `[registries]` (`{flag} = \"https://…/index/\"`), or pass its URL or folder"
        ),
        None => format!(
            "the registries are `{}`; add `{flag} = \"https://…/index/\"` under `[registries]`, or pass its URL or folder",
            keys.join("`, `")
        ),
    };
    Some(
        HintedError {
            message: format!(
                "registry `{flag}` is not configured: {within}, and there is no folder `{flag}`"
            ),
            hint,
        }
        .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picked_version_becomes_a_caret_requirement_written_bare() {
        let req = caret(&Version::parse("1.4.2").unwrap());
        assert_eq!(req, VersionReq::parse("^1.4.2").unwrap());
        assert_eq!(crate::project::req_text(&req), "1.4.2");
        assert!(req.matches(&Version::parse("1.9.0").unwrap()));
        assert!(!req.matches(&Version::parse("2.0.0").unwrap()));
    }

    #[test]
    fn a_mistyped_registry_name_is_an_error_and_a_location_is_not() {
        let project = Project::parse(
            std::path::Path::new("plugins.toml"),
            "[registries]\ninternal = \"https://r.example/index/\"\n",
        )
        .unwrap();
        let cwd = std::path::Path::new("no-such-folder-here");
        let err = unknown_registry_name("internl", Some(&project), cwd).unwrap();
        let hinted = err.downcast_ref::<HintedError>().unwrap();
        assert_eq!(hinted.hint, "did you mean `--registry internal`?");
        for location in ["https://r.example/index/", "./reg", "../reg", "a/b"] {
            assert!(unknown_registry_name(location, Some(&project), cwd).is_none());
        }
    }
}

//! `upgrade`: moves plugins to the newest versions plugins.toml allows (or, with
//! `--breaking`, the newest at all, rewriting the requirements they fall outside of).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context as _;
use semver::{Version, VersionReq};

use crate::error::{hinted, UsageError};
use crate::install::apply::Outcome;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::name::{did_you_mean, PluginName};
use crate::project::lockfile::Lockfile;
use crate::project::PluginSpec;
use crate::resolve::Unlock;

/// A plugin named on the command line: `NAME`, or `NAME@VERSION` (`NAME@=VERSION`) for
/// exactly that version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeTarget {
    /// The argument as given, for messages.
    pub text: String,
    /// The plugin.
    pub name: PluginName,
    /// The exact version asked for, if any.
    pub version: Option<Version>,
}

impl UpgradeTarget {
    /// Parses `NAME` or `NAME@VERSION`.
    ///
    /// # Errors
    /// A usage error when VERSION is not a full version, or NAME not a plugin name.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let (name, version) = match text.split_once('@') {
            Some((n, v)) => {
                let v = Version::parse(v.trim_start_matches('=')).map_err(|e| UsageError {
                    message: format!("`{v}` in `{text}` is not a version: {e}"),
                    hint: Some(
                        "write NAME@VERSION with a full version, e.g. `stoq-hash@1.0.0`".into(),
                    ),
                })?;
                (n, Some(v))
            }
            None => (text, None),
        };
        Ok(Self {
            text: text.to_string(),
            name: super::parse_name(name)?,
            version,
        })
    }
}

/// What [`upgrade`] does (`plugin upgrade`).
#[derive(Debug, Clone)]
pub struct UpgradeOptions {
    /// The plugins named; empty with `all`.
    pub targets: Vec<UpgradeTarget>,
    /// `--all`: every plugin may move.
    pub all: bool,
    /// `--breaking`: the plugins.toml requirements of the registry plugins named (all, with
    /// `all`) are set aside, and rewritten when the version picked falls outside them.
    pub breaking: bool,
    /// Show what would change, and change nothing.
    pub dry_run: bool,
}

impl UpgradeOptions {
    /// The options of `plugin upgrade NAMES [--all] [--breaking] [--dry-run]`.
    ///
    /// # Errors
    /// Usage errors: neither names nor `all`, or a name that does not parse.
    pub fn new(names: &[String], all: bool, breaking: bool, dry_run: bool) -> anyhow::Result<Self> {
        if names.is_empty() && !all {
            return Err(UsageError {
                message: "name the plugins to upgrade, or pass `--all`".into(),
                hint: Some("`plugin upgrade stoq-hash` or `plugin upgrade --all`".into()),
            }
            .into());
        }
        let targets = names
            .iter()
            .map(|n| UpgradeTarget::parse(n))
            .collect::<anyhow::Result<_>>()?;
        Ok(Self {
            targets,
            all,
            breaking,
            dry_run,
        })
    }
}

/// What [`upgrade`] did.
#[derive(Debug)]
pub struct UpgradeOutcome {
    /// What moved in the plugin directory (or, dry, would move).
    pub change: Outcome,
    /// The requirements rewritten in plugins.toml (`--breaking`), each as
    /// `NAME = "NEW" (was "OLD")`.
    pub rewritten: Vec<String>,
    /// The plugins asked for (every plugin, with `--all`) that were already at the version
    /// picked, with that version.
    pub up_to_date: Vec<(PluginName, Version)>,
    /// plugins.lock, the project and the plugin directory.
    pub written: super::Written,
}

/// Checks the targets against plugins.toml (`specs`) and plugins.lock: each must be in
/// either, and a `NAME@VERSION` must match the requirement of plugins.toml unless
/// `breaking`. Returns the exact versions asked for.
fn check_targets(
    targets: &[UpgradeTarget],
    specs: &BTreeMap<PluginName, PluginSpec>,
    lock: Option<&Lockfile>,
    breaking: bool,
) -> anyhow::Result<BTreeMap<PluginName, Version>> {
    let mut precise = BTreeMap::new();
    for UpgradeTarget {
        name: n, version, ..
    } in targets
    {
        let locked = lock.is_some_and(|l| l.get(n).is_some());
        let spec = specs.get(n);
        if spec.is_none() && !locked {
            let known: Vec<String> = specs
                .keys()
                .map(|k| k.to_string())
                .chain(
                    lock.into_iter()
                        .flat_map(|l| l.plugins.iter().map(|p| p.name.to_string())),
                )
                .collect();
            let hint = match did_you_mean(n.as_str(), known.iter().map(String::as_str)) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => format!("install it with `plugin install {n}`"),
            };
            return Err(hinted(
                format!("plugin `{n}` is not installed in this project"),
                hint,
            ));
        }
        let Some(v) = version else { continue };
        if let Some(PluginSpec::Registry { req, .. }) = spec {
            if !breaking && !req.matches(v) {
                return Err(hinted(
                    format!("`{n}` {v} does not match the requirement `{req}` in plugins.toml"),
                    format!("use `plugin upgrade --breaking {n}@{v}` to rewrite the requirement"),
                ));
            }
        }
        precise.insert(n.clone(), v.clone());
    }
    Ok(precise)
}

/// The plugins whose requirements `--breaking` sets aside: the registry plugins named (all,
/// with `all`). Nothing without `breaking`.
fn relaxed(
    specs: &BTreeMap<PluginName, PluginSpec>,
    names: &BTreeSet<PluginName>,
    all: bool,
    breaking: bool,
) -> BTreeSet<PluginName> {
    if !breaking {
        return BTreeSet::new();
    }
    specs
        .iter()
        .filter(|(n, s)| matches!(s, PluginSpec::Registry { .. }) && (all || names.contains(*n)))
        .map(|(n, _)| n.clone())
        .collect()
}

/// What `--breaking` rewrites `req` to when `picked` falls outside it (`^PICKED`, as
/// `cargo add` would); `None` when it still matches.
fn breaking_rewrite(req: &VersionReq, picked: &Version) -> Option<VersionReq> {
    (!req.matches(picked)).then(|| super::caret(picked))
}

/// Upgrades the plugins of `opts` in the project of `session`.
///
/// # Errors
/// A target not in the project or (without `--breaking`) outside its requirement, then
/// resolution and install failures; nothing is then changed.
pub fn upgrade(mut session: Session<'_>, opts: &UpgradeOptions) -> anyhow::Result<UpgradeOutcome> {
    let specs = session.project().plugin_specs()?;
    let precise = check_targets(&opts.targets, &specs, session.lock(), opts.breaking)?;
    let names: BTreeSet<PluginName> = opts.targets.iter().map(|t| t.name.clone()).collect();
    let relax = relaxed(&specs, &names, opts.all, opts.breaking);
    let before: BTreeMap<PluginName, Version> = session
        .lock()
        .map(|l| {
            l.plugins
                .iter()
                .map(|p| (p.name.clone(), p.version.clone()))
                .collect()
        })
        .unwrap_or_default();
    let resolve_opts = ResolveOptions {
        unlock: if opts.all {
            Unlock::All
        } else {
            Unlock::Names(names.clone())
        },
        relax: relax.clone(),
        precise,
        ..ResolveOptions::default()
    };
    let resolution = session.resolve(&resolve_opts).with_context(|| {
        if opts.all {
            "failed to upgrade the plugins".to_string()
        } else {
            let texts: Vec<&str> = opts.targets.iter().map(|t| t.text.as_str()).collect();
            format!("failed to upgrade `{}`", texts.join("`, `"))
        }
    })?;
    let mut rewritten = Vec::new();
    for name in &relax {
        let (Some(PluginSpec::Registry { req, .. }), Some(r)) =
            (specs.get(name), resolution.plugins.get(name))
        else {
            continue;
        };
        if let Some(new_req) = breaking_rewrite(req, &r.version) {
            session.project_mut().set_requirement(name, &new_req);
            rewritten.push(format!(
                "{} = \"{}\" (was \"{}\")",
                r.name,
                crate::project::req_text(&new_req),
                crate::project::req_text(req)
            ));
        }
    }
    let asked: Vec<PluginName> = if opts.all {
        resolution.plugins.keys().cloned().collect()
    } else {
        names.into_iter().collect()
    };
    let up_to_date = asked
        .iter()
        .filter_map(|n| Some((before.get(n)?, resolution.plugins.get(n)?)))
        .filter(|(old, new)| **old == new.version)
        .map(|(_, new)| (new.name.clone(), new.version.clone()))
        .collect();
    let written = super::Written::of(&session);
    let change = session.apply(&resolution, ApplyOptions::new(opts.dry_run))?;
    Ok(UpgradeOutcome {
        change,
        rewritten,
        up_to_date,
        written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::lockfile::LockedPlugin;
    use crate::project::Project;
    use crate::source_id::SourceId;

    fn name(text: &str) -> PluginName {
        PluginName::new(text).unwrap()
    }

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    fn specs(text: &str) -> BTreeMap<PluginName, PluginSpec> {
        Project::parse(std::path::Path::new("plugins.toml"), text)
            .unwrap()
            .plugin_specs()
            .unwrap()
    }

    /// plugins.lock locking `dep` 0.4.0 (a dependency plugins.toml does not list).
    fn lock() -> Lockfile {
        Lockfile::from_plugins(vec![LockedPlugin {
            name: name("dep"),
            version: v("0.4.0"),
            source: SourceId::Registry("registry+https://r.example/index/".into()),
            checksum: None,
            content: None,
            dependencies: Vec::new(),
        }])
    }

    fn targets(texts: &[&str]) -> Vec<UpgradeTarget> {
        texts
            .iter()
            .map(|t| UpgradeTarget::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn targets_parse_name_at_full_version() {
        let t = UpgradeTarget::parse("stoq-hash@=1.2.3").unwrap();
        assert_eq!((t.name, t.version), (name("stoq-hash"), Some(v("1.2.3"))));
        assert_eq!(
            UpgradeTarget::parse("stoq-hash@1.2.3").unwrap().version,
            Some(v("1.2.3"))
        );
        assert_eq!(UpgradeTarget::parse("stoq-hash").unwrap().version, None);
        for bad in ["stoq-hash@^1", "stoq-hash@1.2", "stoq-hash@"] {
            let err = UpgradeTarget::parse(bad).unwrap_err().to_string();
            assert!(
                err.contains(&format!("in `{bad}` is not a version")),
                "{err}"
            );
        }
        assert!(UpgradeTarget::parse("Bad Name@1.0.0").is_err());
        let none = UpgradeOptions::new(&[], false, false, false).unwrap_err();
        assert_eq!(
            none.to_string(),
            "name the plugins to upgrade, or pass `--all`"
        );
        assert!(UpgradeOptions::new(&[], true, false, false).is_ok());
    }

    #[test]
    fn a_version_outside_the_requirement_needs_breaking() {
        let specs = specs("[plugins]\nstoq-hash = \"1.2\"\n");
        let t = targets(&["stoq-hash@2.0.0"]);
        let err = check_targets(&t, &specs, None, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`stoq-hash` 2.0.0 does not match the requirement `^1.2` in plugins.toml"
        );
        let precise = check_targets(&t, &specs, None, true).unwrap();
        assert_eq!(precise, BTreeMap::from([(name("stoq-hash"), v("2.0.0"))]));
        let inside = check_targets(
            &targets(&["stoq-hash@1.9.1", "stoq-hash"]),
            &specs,
            None,
            false,
        );
        assert_eq!(
            inside.unwrap(),
            BTreeMap::from([(name("stoq-hash"), v("1.9.1"))])
        );
    }

    #[test]
    fn a_target_must_be_in_plugins_toml_or_plugins_lock() {
        let specs = specs("[plugins]\nstoq-hash = \"1\"\n");
        let lock = lock();
        // A locked dependency may be upgraded, also to an exact version.
        let precise = check_targets(&targets(&["dep@0.5.0"]), &specs, Some(&lock), false);
        assert_eq!(
            precise.unwrap(),
            BTreeMap::from([(name("dep"), v("0.5.0"))])
        );
        let hint = |t: &str| {
            let err = check_targets(&targets(&[t]), &specs, Some(&lock), false).unwrap_err();
            let h = err.downcast_ref::<crate::error::HintedError>().unwrap();
            (h.message.clone(), h.hint.clone())
        };
        assert_eq!(
            hint("stoq-hsah"),
            (
                "plugin `stoq-hsah` is not installed in this project".to_string(),
                "did you mean `stoq-hash`?".to_string()
            )
        );
        assert_eq!(hint("zzz").1, "install it with `plugin install zzz`");
    }

    #[test]
    fn breaking_sets_aside_the_named_registry_requirements() {
        let specs = specs("[plugins]\na = \"1\"\nb = \"2\"\nlocal = { path = \"../local\" }\n");
        let named = BTreeSet::from([name("a"), name("local")]);
        assert!(relaxed(&specs, &named, false, false).is_empty());
        assert_eq!(
            relaxed(&specs, &named, false, true),
            BTreeSet::from([name("a")])
        );
        assert_eq!(
            relaxed(&specs, &BTreeSet::new(), true, true),
            BTreeSet::from([name("a"), name("b")])
        );
    }

    #[test]
    fn breaking_rewrites_a_requirement_the_pick_falls_outside_of() {
        let req = VersionReq::parse("~1.2").unwrap();
        assert_eq!(breaking_rewrite(&req, &v("1.2.9")), None);
        let new = breaking_rewrite(&req, &v("2.0.1")).unwrap();
        assert_eq!(crate::project::req_text(&new), "2.0.1");
        assert_eq!(new, VersionReq::parse("^2.0.1").unwrap());
        // A downgrade below the requirement is rewritten too.
        let new = breaking_rewrite(&req, &v("0.9.0")).unwrap();
        assert_eq!(crate::project::req_text(&new), "0.9.0");
    }
}

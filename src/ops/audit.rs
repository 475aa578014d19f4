//! `plugin audit`: every locked plugin checked against the advisories of its registry (see
//! [`crate::source::advisory`]), with the first fixed version the requirements allow.

use std::collections::BTreeMap;

use semver::{Version, VersionReq};
use serde::Serialize;

use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::{PluginSpec, Project};
use crate::resolve::Registries;

/// One advisory that affects one locked plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The advisory's id.
    pub id: String,
    /// Its other ids.
    pub aliases: Vec<String>,
    /// Its summary, if any.
    pub summary: Option<String>,
    /// Whether it reports a malicious package (`MAL-`).
    pub malicious: bool,
    /// The plugin.
    pub plugin: String,
    /// The locked version.
    pub version: String,
    /// The versions affected, in words (`>=1.0.0, <1.2.0`).
    pub affected: String,
    /// The first published version, newer than the locked one and not affected, that every
    /// requirement on the plugin allows.
    pub fixed: Option<String>,
    /// The first such version regardless of the requirements (when it differs from `fixed`).
    pub fixed_outside_requirements: Option<String>,
    /// Why the hit is left out of the result (`--ignore`, `--ignore-until-fixed`), if it is.
    pub ignored: Option<String>,
}

/// What `plugin audit` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// The locked plugins checked.
    pub checked: usize,
    /// The hits, ignored ones included, by plugin then id.
    pub hits: Vec<Hit>,
    /// `--ignore-until-fixed` ids that no longer apply, because a fix is published.
    pub expired: Vec<String>,
}

impl AuditReport {
    /// The hits not ignored.
    pub fn remaining(&self) -> impl Iterator<Item = &Hit> {
        self.hits.iter().filter(|h| h.ignored.is_none())
    }
}

/// Every requirement on each locked plugin: plugins.toml's, and those of its locked
/// dependents (from their index lines), by plugin name.
///
/// # Errors
/// plugins.toml's entries are invalid, or an index file cannot be read.
pub fn requirements_on(
    project: &Project,
    lock: &Lockfile,
    registries: &Registries<'_>,
) -> anyhow::Result<BTreeMap<PluginName, Vec<VersionReq>>> {
    let mut reqs: BTreeMap<PluginName, Vec<VersionReq>> = BTreeMap::new();
    for (name, spec) in project.plugin_specs()? {
        if let PluginSpec::Registry { req, .. } = spec {
            reqs.entry(name).or_default().push(req);
        }
    }
    let index_of = |source| {
        registries
            .key_for_source(source)
            .and_then(|k| registries.get(Some(&k)).ok())
    };
    for p in &lock.plugins {
        let Some(index) = index_of(&p.source) else {
            continue;
        };
        if let Some(line) = index
            .versions(&p.name)?
            .iter()
            .find(|l| l.vers == p.version)
        {
            for d in &line.deps {
                reqs.entry(d.name.clone()).or_default().push(d.req.clone());
            }
        }
    }
    Ok(reqs)
}

/// Checks every locked registry plugin of `lock` against its registry's advisories.
/// `ignore` ids (or aliases) are left out; `ignore_until_fixed` ones too while no fixed
/// version is published.
///
/// # Errors
/// A registry, index file or advisory file that cannot be read.
pub fn audit(
    project: &Project,
    lock: &Lockfile,
    registries: &Registries<'_>,
    ignore: &[String],
    ignore_until_fixed: &[String],
) -> anyhow::Result<AuditReport> {
    let reqs = requirements_on(project, lock, registries)?;
    let index_of = |source| {
        registries
            .key_for_source(source)
            .and_then(|k| registries.get(Some(&k)).ok())
    };
    let mut report = AuditReport::default();
    for p in &lock.plugins {
        let Some(index) = index_of(&p.source) else {
            continue;
        };
        report.checked += 1;
        let advisories = crate::source::advisory::read(index, &p.name)?;
        let mut lines = None;
        for a in advisories.iter().filter(|a| a.affects(&p.name, &p.version)) {
            let lines = match &lines {
                Some(l) => l,
                None => lines.insert(index.versions(&p.name)?),
            };
            let mut fixes: Vec<&Version> = lines
                .iter()
                .filter(|l| !l.yanked && l.vers > p.version && !a.affects(&p.name, &l.vers))
                .map(|l| &l.vers)
                .collect();
            fixes.sort();
            let wanted = reqs.get(&p.name).cloned().unwrap_or_default();
            let fixed = fixes
                .iter()
                .find(|v| wanted.iter().all(|r| r.matches(v)))
                .map(|v| v.to_string());
            let any_fix = fixes.first().map(|v| v.to_string());
            let named = |ids: &[String]| {
                ids.iter()
                    .any(|i| *i == a.id || a.aliases.iter().any(|x| x == i))
            };
            let ignored = if named(ignore) {
                Some("--ignore".to_string())
            } else if named(ignore_until_fixed) {
                match &any_fix {
                    None => Some("--ignore-until-fixed: no fixed version is published yet".into()),
                    Some(v) => {
                        report.expired.push(format!(
                            "`--ignore-until-fixed {}` no longer applies: `{}` {v} is not affected",
                            a.id, p.name
                        ));
                        None
                    }
                }
            } else {
                None
            };
            report.hits.push(Hit {
                id: a.id.clone(),
                aliases: a.aliases.clone(),
                summary: a.summary.clone(),
                malicious: a.is_malicious(),
                plugin: p.name.to_string(),
                version: p.version.to_string(),
                affected: a.affected_text(&p.name),
                fixed_outside_requirements: any_fix.filter(|v| fixed.as_ref() != Some(v)),
                fixed,
                ignored,
            });
        }
    }
    Ok(report)
}

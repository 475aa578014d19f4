//! The PubGrub [`DependencyProvider`] over the project's registries: which version of a
//! plugin to try (lock-aware, yanked versions last), its dependencies and host requirement,
//! and the `-vv` decisions.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use pubgrub::{
    Dependencies, DependencyConstraints, DependencyProvider, PackageResolutionStatistics,
    VersionSet as _,
};
use semver::Version;

use crate::manifest::HostRequirement;
use crate::name::PluginName;
use crate::project::HostVersion;
use crate::resolve::version_set::VersionSet;
use crate::source::index::IndexLine;

use super::policy::{check, Candidate, Refusal};
use super::{line_deps, Dependency, Package, ResolveError, ResolveInput, Unusable};

/// The PubGrub dependency provider over the project's registries.
pub(super) struct Provider<'a> {
    pub(super) input: &'a ResolveInput<'a>,
    pub(super) host: Option<HostVersion>,
    pub(super) root_deps: BTreeMap<Package, VersionSet>,
    /// The registry key each plugin is looked up in, fixed by the first requirement seen.
    pub(super) registry_of: RefCell<HashMap<PluginName, Option<String>>>,
    /// What `choose_version` decided and why, for `-vv`.
    pub(super) decisions: RefCell<Vec<String>>,
    /// Why each version looked at was skipped, for `plugin why`.
    pub(super) skipped: RefCell<BTreeMap<(PluginName, Version), String>>,
    /// The time `[policy] min-release-age` is measured at.
    pub(super) now: std::time::SystemTime,
}

pub(super) const ROOT_VERSION: Version = Version::new(0, 0, 0);

/// How many skipped newer versions of one plugin a `-vv` decision names.
const SKIPPED_SHOWN: usize = 5;

impl Provider<'_> {
    pub(super) fn claim_registry(
        &self,
        name: &PluginName,
        key: Option<&str>,
    ) -> Result<(), ResolveError> {
        if self.input.pinned.contains_key(name) {
            return Ok(());
        }
        let mut map = self.registry_of.borrow_mut();
        match map.get(name) {
            Some(existing) if existing.as_deref() != key => Err(ResolveError::RegistryConflict {
                name: name.to_string(),
                first: existing.clone().unwrap_or_else(|| "default".into()),
                second: key.unwrap_or("default").to_string(),
            }),
            Some(_) => Ok(()),
            None => {
                map.insert(name.clone(), key.map(str::to_string));
                Ok(())
            }
        }
    }

    /// The registry key `name` is looked up in, `None` meaning the default.
    pub(super) fn registry_key(&self, name: &PluginName) -> Option<String> {
        self.registry_of.borrow().get(name).cloned().flatten()
    }

    pub(super) fn lines(&self, name: &PluginName) -> Result<Rc<Vec<IndexLine>>, ResolveError> {
        self.input
            .registries
            .versions(self.registry_key(name).as_deref(), name)
    }

    /// The locked version of `name` from this registry, whether or not it may move.
    pub(super) fn locked(&self, name: &PluginName) -> Result<Option<Version>, ResolveError> {
        let source = self
            .input
            .registries
            .source_id(self.registry_key(name).as_deref())?;
        Ok(self
            .input
            .lock
            .and_then(|l| l.get(name))
            .filter(|l| l.source == source)
            .map(|l| l.version.clone()))
    }

    /// Why `[policy]` refuses `line` of `name`, if it does (`locked`: the version plugins.lock
    /// pins, which `min-release-age` lets through).
    pub(super) fn refusal(
        &self,
        name: &PluginName,
        line: &IndexLine,
        locked: Option<&Version>,
    ) -> Result<Option<Refusal>, ResolveError> {
        let Some(policy) = self.input.project.manifest().policy.as_ref() else {
            return Ok(None);
        };
        let key = self.registry_key(name);
        let advisories = self.input.registries.advisories(key.as_deref(), name)?;
        Ok(check(
            policy,
            &Candidate {
                name,
                line,
                registry: key.as_deref().unwrap_or(crate::project::DEFAULT_REGISTRY),
                locked: locked == Some(&line.vers),
                advisories: &advisories,
            },
            self.now,
        ))
    }

    /// Notes why `pick` of `name` was chosen from `lines` within `range`, and why each newer
    /// version was not: at most [`SKIPPED_SHOWN`] of them are named.
    fn decide(
        &self,
        name: &PluginName,
        lines: &[IndexLine],
        range: &VersionSet,
        locked: Option<&Version>,
        pick: Option<&Version>,
        kept_locked: bool,
    ) {
        let mut out = self.decisions.borrow_mut();
        out.push(match pick {
            Some(v) if kept_locked => format!("`{name}` {v}: locked in plugins.lock, kept"),
            Some(v) => format!("`{name}` {v}: the newest version allowed ({range})"),
            None => format!("`{name}`: no version allowed ({range})"),
        });
        let mut newer: Vec<&IndexLine> = lines
            .iter()
            .filter(|l| pick.is_none_or(|p| l.vers > *p))
            .collect();
        newer.sort_by(|a, b| b.vers.cmp(&a.vers));
        let mut skipped = self.skipped.borrow_mut();
        for (i, l) in newer.iter().enumerate() {
            let why = self.skip_reason(name, l, range, locked, pick);
            if i < SKIPPED_SHOWN {
                out.push(format!("`{name}` {} skipped: {why}", l.vers));
            }
            skipped.insert((name.clone(), l.vers.clone()), why);
        }
        if let Some(p) = pick {
            for l in lines.iter().filter(|l| l.vers < *p) {
                let why = match self.skip_reason(name, l, range, locked, pick) {
                    why if why.starts_with("plugins.lock keeps") && !kept_locked => {
                        format!("a newer version allowed, {p}, is chosen")
                    }
                    why => why,
                };
                skipped.insert((name.clone(), l.vers.clone()), why);
            }
        }
        if newer.len() > SKIPPED_SHOWN {
            out.push(format!(
                "`{name}`: {} older skipped versions not listed",
                newer.len() - SKIPPED_SHOWN
            ));
        }
    }

    /// Why `l` of `name` was not picked when `pick` was, from `range` and `locked`: yanked,
    /// refused by `[policy]`, the host, the requirements, or the lock.
    fn skip_reason(
        &self,
        name: &PluginName,
        l: &IndexLine,
        range: &VersionSet,
        locked: Option<&Version>,
        pick: Option<&Version>,
    ) -> String {
        if !usable(l, locked) {
            "it is yanked".to_string()
        } else if let Ok(Some(r)) = self.refusal(name, l, locked) {
            format!(
                "`[policy]` refuses it ({}): {}; to lift it, {}",
                r.rule.key(),
                r.reason,
                r.lift
            )
        } else if let Some(needs) = self.host_mismatch(l.host.as_ref()) {
            needs
        } else if !range.contains(&l.vers) {
            format!("the requirements on it allow only {range}")
        } else {
            format!(
                "plugins.lock keeps {} (`plugin upgrade {name}` moves it)",
                pick.map_or_else(String::new, |v| v.to_string())
            )
        }
    }

    /// Why a plugin with host requirement `req` cannot run on the project's host, if so.
    fn host_mismatch(&self, req: Option<&HostRequirement>) -> Option<String> {
        let (req, host) = (req?, self.host.as_ref()?);
        (req.name.eq_ignore_ascii_case(&host.name) && !req.version.matches(&host.version)).then(
            || {
                format!(
                    "it needs host `{}` {}, the project's host is {}",
                    req.name, req.version, host.version
                )
            },
        )
    }

    fn host_dep(&self, req: Option<&HostRequirement>) -> Option<(Package, VersionSet)> {
        let (req, host) = (req?, self.host.as_ref()?);
        req.name.eq_ignore_ascii_case(&host.name).then(|| {
            (
                Package::Host(host.name.clone()),
                VersionSet::from_req(&req.version),
            )
        })
    }

    /// The constraints of `deps`; a dependency that names no registry comes from `inherited`,
    /// the registry of the plugin that depends on it (cargo's rule for index files).
    fn dep_constraints(
        &self,
        deps: &[Dependency],
        host: Option<&HostRequirement>,
        inherited: Option<&str>,
    ) -> Result<DependencyConstraints<Package, VersionSet>, ResolveError> {
        let mut out: BTreeMap<Package, VersionSet> = BTreeMap::new();
        for d in deps {
            self.claim_registry(&d.name, d.registry.as_deref().or(inherited))?;
            let set = VersionSet::from_req(&d.req);
            let entry = out
                .entry(Package::Plugin(d.name.clone()))
                .or_insert_with(VersionSet::full);
            *entry = entry.intersection(&set);
        }
        if let Some((p, set)) = self.host_dep(host) {
            out.insert(p, set);
        }
        Ok(out.into_iter().collect())
    }
}

impl DependencyProvider for Provider<'_> {
    type P = Package;
    type V = Version;
    type VS = VersionSet;
    type M = Unusable;
    type Err = ResolveError;
    /// Root and host first, then plugins with a fixed version, then the plugins that caused
    /// the most conflicts, then those with the fewest candidate versions.
    type Priority = (u8, u32, Reverse<usize>);

    fn prioritize(
        &self,
        package: &Package,
        range: &VersionSet,
        stats: &PackageResolutionStatistics,
    ) -> Self::Priority {
        match package {
            Package::Root | Package::Host(_) => (3, 0, Reverse(0)),
            Package::Plugin(n) if self.input.pinned.contains_key(n) => (2, 0, Reverse(1)),
            Package::Plugin(n) => {
                let count = self
                    .lines(n)
                    .map(|lines| lines.iter().filter(|l| range.contains(&l.vers)).count())
                    .unwrap_or(0);
                (1, stats.conflict_count(), Reverse(count))
            }
        }
    }

    fn choose_version(
        &self,
        package: &Package,
        range: &VersionSet,
    ) -> Result<Option<Version>, ResolveError> {
        match package {
            Package::Root => Ok(Some(ROOT_VERSION)),
            Package::Host(_) => Ok(self
                .host
                .as_ref()
                .map(|h| h.version.clone())
                .filter(|v| range.contains(v))),
            Package::Plugin(name) => {
                if let Some(p) = self.input.pinned.get(name) {
                    let v = &p.resolved.version;
                    return Ok(range.contains(v).then(|| v.clone()));
                }
                let lines = self.lines(name)?;
                let locked = self.locked(name)?;
                let preferred = locked.clone().filter(|_| !self.input.unlock.contains(name));
                let mut newest: Option<&Version> = None;
                let mut newest_yanked: Option<&Version> = None;
                let mut kept_locked = false;
                for l in lines.iter().filter(|l| range.contains(&l.vers)) {
                    let usable = usable(l, locked.as_ref())
                        && self.refusal(name, l, locked.as_ref())?.is_none();
                    if usable && preferred.as_ref() == Some(&l.vers) {
                        newest = Some(&l.vers);
                        kept_locked = true;
                        break;
                    }
                    let slot = if usable {
                        &mut newest
                    } else {
                        &mut newest_yanked
                    };
                    if slot.is_none_or(|v| l.vers > *v) {
                        *slot = Some(&l.vers);
                    }
                }
                // A yanked or refused version is offered only when nothing else fits, so that
                // `get_dependencies` refuses it with a reason the report can give.
                let pick = newest.or(newest_yanked).cloned();
                if self.input.explain {
                    self.decide(
                        name,
                        &lines,
                        range,
                        locked.as_ref(),
                        pick.as_ref(),
                        kept_locked,
                    );
                }
                Ok(pick)
            }
        }
    }

    fn get_dependencies(
        &self,
        package: &Package,
        version: &Version,
    ) -> Result<Dependencies<Package, VersionSet, Unusable>, ResolveError> {
        match package {
            Package::Root => Ok(Dependencies::Available(
                self.root_deps.clone().into_iter().collect(),
            )),
            Package::Host(_) => Ok(Dependencies::Available(DependencyConstraints::default())),
            Package::Plugin(name) => {
                if let Some(p) = self.input.pinned.get(name) {
                    let r = &p.resolved;
                    return Ok(Dependencies::Available(self.dep_constraints(
                        &r.dependencies,
                        r.host.as_ref(),
                        None,
                    )?));
                }
                let lines = self.lines(name)?;
                let line = lines
                    .iter()
                    .find(|l| l.vers == *version)
                    .expect("versions come from these lines");
                let locked = self.locked(name)?;
                if !usable(line, locked.as_ref()) {
                    return Ok(Dependencies::Unavailable(Unusable::Yanked));
                }
                if let Some(r) = self.refusal(name, line, locked.as_ref())? {
                    return Ok(Dependencies::Unavailable(Unusable::Policy(Box::new(r))));
                }
                let inherited = self.registry_key(name);
                Ok(Dependencies::Available(self.dep_constraints(
                    &line_deps(line),
                    line.host.as_ref(),
                    inherited.as_deref(),
                )?))
            }
        }
    }
}

/// Whether index line `line` may be picked: it is not yanked, or it is the version locked.
pub(super) fn usable(line: &IndexLine, locked: Option<&Version>) -> bool {
    !line.yanked || locked == Some(&line.vers)
}

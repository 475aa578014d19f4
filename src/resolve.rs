//! Resolution: from the project's `[plugins]`, every plugin's dependencies and the lockfile,
//! pick one version of every plugin needed.
//!
//! The rules (cargo's, <https://doc.rust-lang.org/cargo/reference/resolver.html>):
//!
//! * Requirements use cargo's semantics over [`semver::VersionReq`]; a pre-release is picked
//!   only when a requirement names a pre-release of the same `major.minor.patch`.
//! * A plugin is looked up in exactly one registry: the one its requirement names, else the
//!   project's default (no dependency confusion).
//! * Yanked versions are never picked, unless plugins.lock already pins that version.
//! * A version whose `host` requirement does not admit the project's host version is skipped.
//! * Lock-aware: a locked version is kept while it satisfies every requirement and its plugin
//!   is not being upgraded; otherwise the highest matching version is picked.
//! * URL and path plugins take part at their fixed version.
//!
//! This is a fixed-point search: pick for every requirement, collect the requirements of what
//! was picked, repeat until nothing changes. It finds a solution for the graphs plugin
//! registries have in practice; a backtracking resolver over the whole graph replaces it in
//! issue #3, behind the same [`resolve`] signature.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use semver::{Version, VersionReq};
use url::Url;

use crate::checksum::Sha256;
use crate::index::{IndexError, RegistryIndex};
use crate::lockfile::Lockfile;
use crate::name::PluginName;
use crate::project::{HostVersion, PluginSpec, Project, ProjectError};
use crate::source::SourceId;

/// The most rounds of the fixed-point search before giving up.
const MAX_ROUNDS: usize = 64;

/// One dependency edge: `name` at `req`, from `registry` (a `[registries]` key; `None` is the
/// default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The plugin depended on.
    pub name: PluginName,
    /// The versions accepted.
    pub req: VersionReq,
    /// Its registry key, `None` for the default.
    pub registry: Option<String>,
}

/// How to obtain a resolved plugin's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// From the registry with this `[registries]` key.
    Registry {
        /// The key.
        key: String,
    },
    /// From an archive URL.
    Url(Url),
    /// From a folder or archive on disk (absolute path).
    Path(std::path::PathBuf),
}

/// One plugin of a [`Resolution`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The name as published.
    pub name: PluginName,
    /// The version picked.
    pub version: Version,
    /// The source id recorded in plugins.lock.
    pub source: SourceId,
    /// How to fetch it.
    pub origin: Origin,
    /// The archive checksum it must have (from the index, the lockfile or `--sha256`).
    pub checksum: Option<Sha256>,
    /// Its dependencies.
    pub dependencies: Vec<Dependency>,
    /// Whether the version picked is yanked (only possible when it was locked).
    pub yanked: bool,
}

impl Resolved {
    /// The plugin as plugins.lock records it, fetched from `origin`. The lockfile keeps only
    /// the names of dependencies, so their requirements are `*`: the lock was consistent when
    /// written.
    pub fn from_locked(locked: &crate::lockfile::LockedPlugin, origin: Origin) -> Self {
        Self {
            name: locked.name.clone(),
            version: locked.version.clone(),
            source: locked.source.clone(),
            origin,
            checksum: locked.checksum,
            dependencies: locked
                .dependencies
                .iter()
                .map(|d| Dependency {
                    name: d.clone(),
                    req: VersionReq::STAR,
                    registry: None,
                })
                .collect(),
            yanked: false,
        }
    }
}

/// A URL or path plugin, read before resolution (see [`crate::direct`]).
#[derive(Debug, Clone)]
pub struct Pinned {
    /// What it resolves to.
    pub resolved: Resolved,
}

/// Plugin versions picked, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    /// The picks.
    pub plugins: BTreeMap<PluginName, Resolved>,
}

/// Which locked versions may move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlock {
    /// None: keep every locked version that still fits.
    Nothing,
    /// These plugins may move.
    Names(BTreeSet<PluginName>),
    /// Every plugin may move.
    All,
}

impl Unlock {
    fn contains(&self, name: &PluginName) -> bool {
        match self {
            Self::Nothing => false,
            Self::Names(n) => n.contains(name),
            Self::All => true,
        }
    }
}

/// A requirement with who asked for it, for messages.
#[derive(Debug, Clone)]
struct Asked {
    req: VersionReq,
    registry: Option<String>,
    by: String,
}

/// Resolution that failed.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// No version satisfies the requirements.
    #[error("{0}")]
    NoMatch(Box<NoMatch>),
    /// Two requirements name different registries for one plugin.
    #[error("plugin `{name}` is asked for from registry `{first}` and from registry `{second}`")]
    RegistryConflict {
        /// The plugin.
        name: String,
        /// One registry.
        first: String,
        /// The other.
        second: String,
    },
    /// A URL or path plugin's fixed version does not satisfy a dependent's requirement.
    #[error("`{name}` {version} (from {origin}) does not satisfy `{req}`, required by {by}")]
    PinnedMismatch {
        /// The plugin.
        name: String,
        /// Its fixed version.
        version: String,
        /// Its source.
        origin: String,
        /// The requirement.
        req: String,
        /// Who requires it.
        by: String,
    },
    /// The search did not settle.
    #[error("resolution did not settle after {MAX_ROUNDS} rounds")]
    NotSettled,
    /// A registry could not be read.
    #[error("could not resolve `{name}`")]
    Index {
        /// The plugin being looked up.
        name: String,
        /// The index error.
        #[source]
        source: Box<IndexError>,
    },
    /// plugins.toml names an unknown registry or none is configured.
    #[error(transparent)]
    Project(#[from] ProjectError),
}

/// The details of an unsatisfiable requirement.
#[derive(Debug)]
pub struct NoMatch {
    name: PluginName,
    registry: String,
    asked: Vec<Asked>,
    available: Vec<(Version, bool)>,
    host_excluded: Vec<Version>,
    host: Option<(String, Version)>,
}

impl fmt::Display for NoMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reqs: Vec<String> = self
            .asked
            .iter()
            .map(|a| format!("`{}` (required by {})", a.req, a.by))
            .collect();
        write!(
            f,
            "no version of `{}` in registry `{}` matches {}",
            self.name,
            self.registry,
            reqs.join(" and ")
        )?;
        let matching_yanked: Vec<String> = self
            .available
            .iter()
            .filter(|(v, y)| *y && self.asked.iter().all(|a| a.req.matches(v)))
            .map(|(v, _)| v.to_string())
            .collect();
        if !matching_yanked.is_empty() {
            write!(
                f,
                "\n  {} matches but is yanked",
                matching_yanked.join(", ")
            )?;
        }
        if let (false, Some((host, hv))) = (self.host_excluded.is_empty(), &self.host) {
            let v: Vec<String> = self.host_excluded.iter().map(Version::to_string).collect();
            write!(
                f,
                "\n  {} {} not support host `{host}` {hv}",
                v.join(", "),
                if v.len() == 1 { "does" } else { "do" }
            )?;
        }
        let shown: Vec<String> = self
            .available
            .iter()
            .rev()
            .take(10)
            .map(|(v, y)| {
                if *y {
                    format!("{v} (yanked)")
                } else {
                    v.to_string()
                }
            })
            .collect();
        if shown.is_empty() {
            write!(f, "\n  the registry lists no versions of it")
        } else {
            write!(f, "\n  versions available: {}", shown.join(", "))
        }
    }
}

impl ResolveError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::NoMatch(_) => Some(
                "change the version requirement in plugins.toml, or pick one of the versions available"
                    .into(),
            ),
            Self::RegistryConflict { .. } => {
                Some("make every requirement on this plugin name the same registry".into())
            }
            Self::Index { source, .. } => source.hint(),
            Self::Project(e) => e.hint(),
            _ => None,
        }
    }
}

/// The registries a resolution may read, by `[registries]` key.
pub struct Registries<'h> {
    indexes: BTreeMap<String, RegistryIndex<'h>>,
    project: Project,
}

impl<'h> Registries<'h> {
    /// One index per `[registries]` entry of `project`.
    ///
    /// # Errors
    /// [`ProjectError::BadRegistry`] for an unusable location.
    pub fn new(project: &Project, http: &'h crate::http::LazyHttp) -> Result<Self, ProjectError> {
        let mut indexes = BTreeMap::new();
        for key in project.manifest().registries.keys() {
            let reg = project.registry(Some(key))?;
            indexes.insert(key.clone(), RegistryIndex::new(reg, Some(http)));
        }
        Ok(Self {
            indexes,
            project: project.clone(),
        })
    }

    /// The index of `key`, `None` meaning the default.
    ///
    /// # Errors
    /// [`ProjectError`] when the key is not configured.
    pub fn get(&self, key: Option<&str>) -> Result<&RegistryIndex<'h>, ProjectError> {
        let k = key.unwrap_or(crate::project::DEFAULT_REGISTRY);
        match self.indexes.get(k) {
            Some(i) => Ok(i),
            None => Err(self.project.registry(key).expect_err("unconfigured")),
        }
    }

    /// The key of the registry whose source id is `source`.
    pub fn key_for_source(&self, source: &SourceId) -> Option<String> {
        self.indexes
            .iter()
            .find(|(_, idx)| idx.registry().source_id() == *source)
            .map(|(k, _)| k.clone())
    }

    /// Warnings collected by every index, drained.
    pub fn take_warnings(&self) -> Vec<String> {
        self.indexes
            .values()
            .flat_map(|i| i.take_warnings())
            .collect()
    }
}

/// Everything [`resolve`] reads.
pub struct ResolveInput<'a, 'h> {
    /// The project (with the edits of this command applied).
    pub project: &'a Project,
    /// The lockfile, if any.
    pub lock: Option<&'a Lockfile>,
    /// Which locked versions may move.
    pub unlock: &'a Unlock,
    /// URL and path plugins, read beforehand, by name.
    pub pinned: &'a BTreeMap<PluginName, Pinned>,
    /// The registries.
    pub registries: &'a Registries<'h>,
    /// Registry plugins named on the command line without a requirement and not yet in
    /// plugins.toml: resolved at `*`.
    pub extra_roots: &'a BTreeMap<PluginName, Option<String>>,
}

/// Picks a version of every plugin needed.
///
/// # Errors
/// [`ResolveError`].
pub fn resolve(input: &ResolveInput<'_, '_>) -> Result<Resolution, ResolveError> {
    let specs = input.project.plugin_specs()?;
    let host = input.project.manifest().project.host.clone();
    let mut picks: BTreeMap<PluginName, Resolved> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        // Requirements from the roots and from what is picked so far.
        let mut asked: BTreeMap<PluginName, Vec<Asked>> = BTreeMap::new();
        for (name, spec) in &specs {
            if let PluginSpec::Registry { req, registry } = spec {
                asked.entry(name.clone()).or_default().push(Asked {
                    req: req.clone(),
                    registry: registry.clone(),
                    by: "plugins.toml".into(),
                });
            }
        }
        for (name, registry) in input.extra_roots {
            asked.entry(name.clone()).or_default().push(Asked {
                req: VersionReq::STAR,
                registry: registry.clone(),
                by: "the command line".into(),
            });
        }
        let pinned_deps = input.pinned.values().map(|p| &p.resolved);
        for r in picks.values().chain(pinned_deps) {
            for d in &r.dependencies {
                asked.entry(d.name.clone()).or_default().push(Asked {
                    req: d.req.clone(),
                    registry: d.registry.clone(),
                    by: format!("`{}` {}", r.name, r.version),
                });
            }
        }
        let mut next = BTreeMap::new();
        for (name, p) in input.pinned {
            for a in asked.get(name).into_iter().flatten() {
                if !a.req.matches(&p.resolved.version) {
                    return Err(ResolveError::PinnedMismatch {
                        name: name.to_string(),
                        version: p.resolved.version.to_string(),
                        origin: p.resolved.source.to_string(),
                        req: a.req.to_string(),
                        by: a.by.clone(),
                    });
                }
            }
            next.insert(name.clone(), p.resolved.clone());
        }
        for (name, reqs) in &asked {
            if input.pinned.contains_key(name) {
                continue;
            }
            next.insert(name.clone(), pick(input, name, reqs, host.as_ref())?);
        }
        if next == picks {
            return Ok(Resolution { plugins: picks });
        }
        picks = next;
    }
    Err(ResolveError::NotSettled)
}

fn pick(
    input: &ResolveInput<'_, '_>,
    name: &PluginName,
    asked: &[Asked],
    host: Option<&HostVersion>,
) -> Result<Resolved, ResolveError> {
    let mut registry: Option<&Asked> = None;
    for a in asked.iter().filter(|a| a.registry.is_some()) {
        match registry {
            Some(r) if r.registry != a.registry => {
                return Err(ResolveError::RegistryConflict {
                    name: name.to_string(),
                    first: r.registry.clone().unwrap_or_default(),
                    second: a.registry.clone().unwrap_or_default(),
                })
            }
            _ => registry = Some(a),
        }
    }
    let key = registry.and_then(|a| a.registry.clone());
    let index = input.registries.get(key.as_deref())?;
    let source = index.registry().source_id();
    let lines = index.versions(name).map_err(|source| ResolveError::Index {
        name: name.to_string(),
        source: Box::new(source),
    })?;
    let locked = input
        .lock
        .and_then(|l| l.get(name))
        .filter(|l| l.source == source && !input.unlock.contains(name))
        .map(|l| l.version.clone());
    let locked_any = input
        .lock
        .and_then(|l| l.get(name))
        .filter(|l| l.source == source)
        .map(|l| l.version.clone());
    let mut host_excluded = Vec::new();
    let candidates: Vec<_> = lines
        .iter()
        .filter(|l| asked.iter().all(|a| a.req.matches(&l.vers)))
        .filter(|l| !l.yanked || locked_any.as_ref() == Some(&l.vers))
        .filter(|l| {
            let ok = host_admits(l.host.as_ref(), host);
            if !ok {
                host_excluded.push(l.vers.clone());
            }
            ok
        })
        .collect();
    let chosen = locked
        .and_then(|v| candidates.iter().find(|l| l.vers == v))
        .or_else(|| candidates.iter().max_by(|a, b| a.vers.cmp(&b.vers)));
    let Some(line) = chosen else {
        let mut available: Vec<(Version, bool)> =
            lines.iter().map(|l| (l.vers.clone(), l.yanked)).collect();
        available.sort();
        return Err(ResolveError::NoMatch(Box::new(NoMatch {
            name: name.clone(),
            registry: index.registry().location.display(),
            asked: asked.to_vec(),
            available,
            host_excluded,
            host: host.map(|h| (h.name.clone(), h.version.clone())),
        })));
    };
    Ok(Resolved {
        name: line.name.clone(),
        version: line.vers.clone(),
        source,
        origin: Origin::Registry {
            key: index.registry().key.clone(),
        },
        checksum: Some(line.cksum),
        dependencies: line
            .deps
            .iter()
            .map(|d| Dependency {
                name: d.name.clone(),
                req: d.req.clone(),
                registry: d.registry.clone(),
            })
            .collect(),
        yanked: line.yanked,
    })
}

/// Whether a plugin's host requirement admits the project's host. A plugin for another host
/// name, or a project that declares no host, is not filtered.
pub fn host_admits(
    req: Option<&crate::manifest::HostRequirement>,
    host: Option<&HostVersion>,
) -> bool {
    match (req, host) {
        (Some(r), Some(h)) if r.name.eq_ignore_ascii_case(&h.name) => r.version.matches(&h.version),
        _ => true,
    }
}

/// The resolution the lockfile describes, when it satisfies plugins.toml as it stands: every
/// listed plugin is locked from the source plugins.toml names at a version its requirement
/// accepts, and every locked dependency is locked too. Needs no network: this is what makes a
/// no-op `plugin install` instant and a fresh checkout install exactly the locked versions.
///
/// Returns `None` when a full resolution is needed.
pub fn from_lock(
    project: &Project,
    lock: &Lockfile,
    pinned: &BTreeMap<PluginName, Pinned>,
    registries_by_source: impl Fn(&SourceId) -> Option<String>,
) -> Option<Resolution> {
    let specs = project.plugin_specs().ok()?;
    let mut out = BTreeMap::new();
    let mut queue: Vec<PluginName> = Vec::new();
    for (name, spec) in &specs {
        let locked = lock.get(name)?;
        match spec {
            PluginSpec::Registry { req, registry } => {
                let reg = project.registry(registry.as_deref()).ok()?;
                if locked.source != reg.source_id() || !req.matches(&locked.version) {
                    return None;
                }
            }
            PluginSpec::Url { .. } | PluginSpec::Path { .. } => {
                let p = pinned.get(name)?;
                if p.resolved.source != locked.source
                    || p.resolved.version != locked.version
                    || (p.resolved.checksum.is_some() && p.resolved.checksum != locked.checksum)
                {
                    return None;
                }
            }
        }
        queue.push(name.clone());
    }
    while let Some(name) = queue.pop() {
        if out.contains_key(&name) {
            continue;
        }
        let locked = lock.get(&name)?;
        let origin = match pinned.get(&name) {
            Some(p) => p.resolved.origin.clone(),
            None => Origin::Registry {
                key: registries_by_source(&locked.source)?,
            },
        };
        queue.extend(locked.dependencies.iter().cloned());
        out.insert(name, Resolved::from_locked(locked, origin));
    }
    Some(Resolution { plugins: out })
}

//! Resolution: from the project's `[plugins]`, every plugin's dependencies, the host version
//! and the lockfile, pick one version of every plugin needed. Built on PubGrub (the `pubgrub`
//! crate, the algorithm uv uses; <https://nex3.medium.com/pubgrub-2fb6470504f>).
//!
//! The rules (cargo's, <https://doc.rust-lang.org/cargo/reference/resolver.html>):
//!
//! * Requirements use cargo's semantics (see [`crate::resolve::version_set`]).
//! * A plugin name is looked up in exactly one registry: the one its requirement names, else
//!   (for plugins.toml) the project's default or (for a dependency) the registry of the plugin
//!   that depends on it, as in cargo's index. Two requirements that put one plugin in
//!   different registries are an error (no dependency confusion).
//! * Yanked versions are never picked, unless plugins.lock already pins that version.
//! * The project's `[project] host` is a package with exactly one version; a plugin version
//!   whose `host` requirement does not admit it cannot be picked, and conflict reports say so.
//! * Lock-aware: a locked version is tried first while its plugin is not being upgraded, so
//!   every locked version that still fits the graph stays; otherwise the newest version wins.
//! * URL and path plugins take part at their fixed version.
//! * Index files are fetched when the solver first asks about a plugin, once per run.
//!
//! The resolver reads registries only through [`VersionSource`] (index lines and source ids):
//! [`Registries`] in production, an in-memory map in the unit tests.
//!
//! When no solution exists, [`ResolveError::NoSolution`] explains why in sentences built from
//! PubGrub's derivation tree, and `plugin` exits with code 3.
//!
//! The files of this folder:
//!
//! * `mod.rs`: the public types ([`Dependency`], [`Resolved`], [`Resolution`],
//!   [`ResolveError`], [`ResolveInput`], [`VersionSource`], …), [`resolve`] and [`from_lock`];
//! * `registries.rs`: [`Registries`], the project's registries with mirrors applied;
//! * `provider.rs`: the PubGrub dependency provider (version choice, dependencies, `-vv`
//!   decisions);
//! * `explain.rs`: the conflict report of [`ResolveError::NoSolution`] and its hints;
//! * `version_set.rs`: version sets with cargo's requirement semantics.

mod explain;
pub mod policy;
mod provider;
mod registries;
pub mod version_set;

pub use registries::Registries;

use explain::no_solution;
use provider::{Provider, ROOT_VERSION};

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::rc::Rc;

use pubgrub::{PubGrubError, VersionSet as _};
use semver::{Version, VersionReq};
use url::Url;

use crate::checksum::Sha256;
use crate::error::{ExitStatus, Hint};
use crate::manifest::HostRequirement;
use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::{PluginSpec, Project, ProjectError, DEFAULT_REGISTRY};
use crate::resolve::version_set::VersionSet;
use crate::source::index::{IndexError, IndexLine};
use crate::source_id::SourceId;

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
    /// Its host requirement, when known.
    pub host: Option<HostRequirement>,
    /// Whether the version picked is yanked (only possible when it was locked).
    pub yanked: bool,
}

impl Resolved {
    /// The plugin as plugins.lock records it, fetched from `origin`. The lockfile keeps only
    /// the names of dependencies, so their requirements are `*`: the lock was consistent when
    /// written.
    pub fn from_locked(locked: &crate::project::lockfile::LockedPlugin, origin: Origin) -> Self {
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
            host: None,
            yanked: false,
        }
    }
}

/// A URL or path plugin, read before resolution (see [`crate::install::direct`]).
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
    /// Why each version was picked and why newer ones were skipped, one sentence each, in
    /// the order the resolver decided (printed by `-vv`).
    pub decisions: Vec<String>,
    /// Why each version the resolver looked at and did not pick was skipped, in words (the
    /// last reason it met), by plugin and version: what `plugin why NAME@VERSION` tells.
    pub skipped: BTreeMap<(PluginName, Version), String>,
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

/// Resolution that failed.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// No set of versions satisfies every requirement.
    #[error("no combination of plugin versions satisfies the requirements\n\n{explanation}")]
    NoSolution {
        /// Why, in sentences.
        explanation: String,
        /// What the user could change, one suggestion per line.
        hint: String,
    },
    /// A requirement of the project that no version of the plugin matches at all (not a
    /// conflict between plugins: the version asked for does not exist, or is yanked).
    #[error(
        "no version of `{name}` matches `{req}`{}{}",
        if yanked.is_empty() { String::new() } else {
            format!(" but yanked ones ({})", yanked.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "))
        },
        newest.as_ref().map(|v| format!(" (the newest is {v})")).unwrap_or_default()
    )]
    NoMatchingVersion {
        /// The plugin.
        name: String,
        /// The requirement, as written.
        req: String,
        /// The newest version that is not yanked, if any.
        newest: Option<Version>,
        /// The yanked versions that match it.
        yanked: Vec<Version>,
    },
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
    /// A plugin's registry could not be read.
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
    /// No solution, because `[policy]` refused versions that were needed (exit code 4).
    #[error("`[policy]` in plugins.toml refuses the versions needed\n\n{explanation}")]
    Refused {
        /// Why, in sentences.
        explanation: String,
        /// How to lift each refusal, one per line.
        hint: String,
        /// The refusals met, by rule, plugin and version.
        refusals: Vec<policy::Refusal>,
    },
    /// A plugin's advisory file is not a file of OSV records.
    #[error("could not read the advisories of `{name}`")]
    Advisories {
        /// The plugin.
        name: String,
        /// What is wrong with the file.
        #[source]
        source: Box<crate::source::advisory::ReadError>,
    },
}

impl Hint for ResolveError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::NoSolution { hint, .. } => Some(hint.clone()),
            Self::NoMatchingVersion { name, newest, .. } => Some(match newest {
                Some(v) => format!(
                    "ask for a version that exists, for example `plugin install {name}@{v}` (nothing was changed)"
                ),
                None => format!("`{name}` has no version that is not yanked (nothing was changed)"),
            }),
            Self::RegistryConflict { .. } => {
                Some("make every requirement on this plugin name the same registry".into())
            }
            Self::Index { source, .. } => source.hint(),
            Self::Project(e) => e.hint(),
            Self::Refused { hint, .. } => Some(hint.clone()),
            Self::Advisories { source, .. } => source.hint(),
        }
    }

    fn exit_status(&self) -> Option<ExitStatus> {
        match self {
            Self::NoSolution { .. } => Some(ExitStatus::NoSolution),
            Self::Refused { .. } => Some(ExitStatus::Policy),
            _ => None,
        }
    }
}

/// What [`resolve`] reads of the registries: the index lines of a plugin and the source id
/// of a registry, each registry named by its `[registries]` key (`None`: the default).
/// [`Registries`] reads real indexes; unit tests use an in-memory map.
pub trait VersionSource {
    /// The source id plugins.lock records for plugins of registry `registry`.
    ///
    /// # Errors
    /// [`ProjectError::UnknownRegistry`] or [`ProjectError::NoDefaultRegistry`] when the key
    /// is not configured.
    fn source_id(&self, registry: Option<&str>) -> Result<SourceId, ProjectError>;

    /// Every version of `name` that the index of registry `registry` lists, yanked ones
    /// included, in index order: each line with its dependencies, host requirement, yanked
    /// flag and archive checksum.
    ///
    /// # Errors
    /// [`ResolveError::Project`] when the key is not configured; [`ResolveError::Index`] when
    /// the index cannot be read or does not list `name`.
    fn versions(
        &self,
        registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<IndexLine>>, ResolveError>;

    /// The advisories of `name` in registry `registry` (see [`crate::source::advisory`]),
    /// asked for only under `[policy]`; none by default.
    ///
    /// # Errors
    /// [`ResolveError::Index`] when the file cannot be read, [`ResolveError::Advisories`]
    /// when it holds no valid records.
    fn advisories(
        &self,
        registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<crate::source::advisory::Advisory>>, ResolveError> {
        let _ = (registry, name);
        Ok(Rc::new(Vec::new()))
    }
}

/// Everything [`resolve`] reads.
pub struct ResolveInput<'a> {
    /// The project (with the edits of this command applied).
    pub project: &'a Project,
    /// The lockfile, if any.
    pub lock: Option<&'a Lockfile>,
    /// Which locked versions may move.
    pub unlock: &'a Unlock,
    /// URL and path plugins, read beforehand, by name.
    pub pinned: &'a BTreeMap<PluginName, Pinned>,
    /// The registries ([`Registries`] in production).
    pub registries: &'a dyn VersionSource,
    /// Registry plugins named on the command line without a requirement and not yet in
    /// plugins.toml: resolved at any release.
    pub extra_roots: &'a BTreeMap<PluginName, Option<String>>,
    /// Plugins whose plugins.toml requirement is set aside (`upgrade --breaking`): any
    /// release will do.
    pub relax: &'a BTreeSet<PluginName>,
    /// Plugins that must resolve to exactly this version (`upgrade NAME@VERSION`).
    pub precise: &'a BTreeMap<PluginName, Version>,
    /// Whether to note why each version was picked and each newer one skipped
    /// ([`Resolution::decisions`], which `-vv` prints, and [`Resolution::skipped`], which
    /// `plugin why` reads); without it the resolver does none of that work.
    pub explain: bool,
}

/// A package in PubGrub's sense.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Package {
    /// The project: plugins.toml (one version, 0.0.0).
    Root,
    /// The host application (one version: the project's `[project] host`).
    Host(String),
    /// A plugin.
    Plugin(PluginName),
}

impl fmt::Display for Package {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => f.write_str("plugins.toml"),
            Self::Host(h) => write!(f, "host `{h}`"),
            Self::Plugin(n) => write!(f, "`{n}`"),
        }
    }
}

/// Why a version cannot be used, beyond its dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// The version is yanked and not locked.
    Yanked,
    /// `[policy]` refuses the version.
    Policy(Box<policy::Refusal>),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Yanked => f.write_str("is yanked"),
            Self::Policy(r) => r.fmt(f),
        }
    }
}

fn line_deps(line: &IndexLine) -> Vec<Dependency> {
    line.deps
        .iter()
        .map(|d| Dependency {
            name: d.name.clone(),
            req: d.req.clone(),
            registry: d.registry.clone(),
        })
        .collect()
}

/// Picks a version of every plugin needed.
///
/// # Errors
/// [`ResolveError::NoSolution`] with an explanation when the requirements conflict; other
/// [`ResolveError`]s when a registry cannot be read or plugins.toml is inconsistent.
pub fn resolve(input: &ResolveInput<'_>) -> Result<Resolution, ResolveError> {
    let specs = input.project.plugin_specs()?;
    let provider = Provider {
        input,
        host: input.project.manifest().project.host.clone(),
        root_deps: BTreeMap::new(),
        registry_of: RefCell::new(HashMap::new()),
        decisions: RefCell::new(Vec::new()),
        skipped: RefCell::new(BTreeMap::new()),
        now: std::time::SystemTime::now(),
    };
    let mut root_deps: BTreeMap<Package, VersionSet> = BTreeMap::new();
    for (name, spec) in &specs {
        let set = match spec {
            PluginSpec::Registry { req, registry } => {
                provider.claim_registry(name, registry.as_deref())?;
                if input.relax.contains(name) {
                    VersionSet::any_release()
                } else {
                    VersionSet::from_req(req)
                }
            }
            PluginSpec::Url { .. } | PluginSpec::Path { .. } => match input.pinned.get(name) {
                Some(p) => VersionSet::singleton(p.resolved.version.clone()),
                None => continue,
            },
        };
        root_deps.insert(Package::Plugin(name.clone()), set);
    }
    for (name, registry) in input.extra_roots {
        provider.claim_registry(name, registry.as_deref())?;
        root_deps.insert(Package::Plugin(name.clone()), VersionSet::any_release());
    }
    for (name, version) in input.precise {
        let exact = VersionSet::singleton(version.clone());
        let entry = root_deps
            .entry(Package::Plugin(name.clone()))
            .or_insert_with(VersionSet::full);
        *entry = entry.intersection(&exact);
    }
    let provider = Provider {
        root_deps,
        ..provider
    };
    let solution = match pubgrub::resolve(&provider, Package::Root, ROOT_VERSION) {
        Ok(s) => s,
        Err(PubGrubError::NoSolution(tree)) => {
            return Err(no_solution(tree, &specs, input, &provider))
        }
        Err(PubGrubError::ErrorChoosingVersion { source, .. })
        | Err(PubGrubError::ErrorRetrievingDependencies { source, .. })
        | Err(PubGrubError::ErrorInShouldCancel(source)) => return Err(source),
    };
    let mut plugins = BTreeMap::new();
    for (package, version) in solution {
        let Package::Plugin(name) = package else {
            continue;
        };
        let resolved = match input.pinned.get(&name) {
            Some(p) => p.resolved.clone(),
            None => {
                let key = provider.registry_key(&name);
                let source = input.registries.source_id(key.as_deref())?;
                let lines = provider.lines(&name)?;
                let line = lines
                    .iter()
                    .find(|l| l.vers == version)
                    .expect("the solution holds listed versions");
                Resolved {
                    name: line.name.clone(),
                    version: line.vers.clone(),
                    source,
                    origin: Origin::Registry {
                        key: key.unwrap_or_else(|| DEFAULT_REGISTRY.to_string()),
                    },
                    checksum: Some(line.cksum),
                    dependencies: line_deps(line),
                    host: line.host.clone(),
                    yanked: line.yanked,
                }
            }
        };
        plugins.insert(name, resolved);
    }
    let mut skipped = provider.skipped.take();
    skipped.retain(|(n, v), _| plugins.get(n).is_none_or(|r: &Resolved| r.version != *v));
    Ok(Resolution {
        plugins,
        decisions: provider.decisions.take(),
        skipped,
    })
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
    // Each registry's source id, worked out once rather than once per plugin.
    let mut sources: BTreeMap<Option<&str>, SourceId> = BTreeMap::new();
    for (name, spec) in &specs {
        let locked = lock.get(name)?;
        match spec {
            PluginSpec::Registry { req, registry } => {
                let key = registry.as_deref();
                let source = match sources.get(&key) {
                    Some(s) => s,
                    None => {
                        let id = project.registry(key).ok()?.source_id();
                        sources.entry(key).or_insert(id)
                    }
                };
                if locked.source != *source || !req.matches(&locked.version) {
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
    Some(Resolution {
        plugins: out,
        decisions: Vec::new(),
        skipped: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests;

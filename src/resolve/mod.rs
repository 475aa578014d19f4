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

pub mod version_set;

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::rc::Rc;

use pubgrub::{
    DefaultStringReporter, Dependencies, DependencyConstraints, DependencyProvider, DerivationTree,
    Derived, External, Map, PackageResolutionStatistics, PubGrubError, ReportFormatter, Reporter,
    Term, VersionSet as _,
};
use semver::{Version, VersionReq};
use url::Url;

use crate::checksum::Sha256;
use crate::error::{ExitStatus, Hint};
use crate::manifest::HostRequirement;
use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::{HostVersion, PluginSpec, Project, ProjectError, DEFAULT_REGISTRY};
use crate::resolve::version_set::VersionSet;
use crate::source::index::{IndexError, IndexLine, RegistryIndex};
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
        }
    }

    fn exit_status(&self) -> Option<ExitStatus> {
        matches!(self, Self::NoSolution { .. }).then_some(ExitStatus::NoSolution)
    }
}

/// The registries a resolution may read, by `[registries]` key.
pub struct Registries<'h> {
    indexes: BTreeMap<String, RegistryIndex<'h>>,
    project: Project,
    warnings: std::cell::RefCell<Vec<String>>,
}

impl<'h> Registries<'h> {
    /// One index per `[registries]` entry of `project`, each with its credential (see
    /// [`crate::source::credentials`]: bound to the registry's URL, never to its name), CA bundle and
    /// the cache. A registry with a mirror (`--mirror`, else `PLUGIN_MIRROR`, else `mirror` in
    /// its table; see [`crate::authoring::mirror`]) is read from the mirror, with the credential of the
    /// mirror's own URL, and keeps its source id. What the credential lookup noticed (an
    /// ignored token variable, an old name-keyed entry) is among [`Registries::take_warnings`].
    ///
    /// # Errors
    /// [`ProjectError::BadRegistry`] for an unusable location or `mirror`;
    /// [`ProjectError::Mirror`] for an unusable `--mirror` or `PLUGIN_MIRROR`.
    pub fn new(
        project: &Project,
        http: &'h crate::source::http::Http,
        env: &crate::env::Env,
        cache: Option<&'h crate::source::cache::Cache>,
    ) -> Result<Self, ProjectError> {
        Self::build(project, http, env, cache, true)
    }

    /// As [`Registries::new`], but every registry is read itself, never through a mirror
    /// (for `plugin mirror`, which writes mirrors).
    ///
    /// # Errors
    /// As [`Registries::new`].
    pub fn without_mirrors(
        project: &Project,
        http: &'h crate::source::http::Http,
        env: &crate::env::Env,
        cache: Option<&'h crate::source::cache::Cache>,
    ) -> Result<Self, ProjectError> {
        Self::build(project, http, env, cache, false)
    }

    fn build(
        project: &Project,
        http: &'h crate::source::http::Http,
        env: &crate::env::Env,
        cache: Option<&'h crate::source::cache::Cache>,
        mirrored: bool,
    ) -> Result<Self, ProjectError> {
        let mut overrides = if mirrored {
            crate::project::mirror::overrides(project, env)?
        } else {
            BTreeMap::new()
        };
        let mut indexes = BTreeMap::new();
        let mut warnings = Vec::new();
        for key in project.manifest().registries.keys() {
            let reg = project.registry(Some(key))?;
            let mirror = match overrides.remove(key) {
                Some(m) => Some(m),
                None if mirrored => project.mirror(key)?,
                None => None,
            };
            // What requests go to: the mirror, when there is one.
            let read = mirror
                .as_ref()
                .map_or_else(|| reg.clone(), |m| m.stand_in(&reg));
            if read.location.is_plain_http_off_loopback() {
                warnings.push(format!(
                    "registry `{key}` uses plain http (`allow-http = true`): packages and tokens cross the network unprotected"
                ));
            }
            let (access, credential_warnings) =
                crate::source::index::Access::for_registry(&read, http, env, cache);
            warnings.extend(credential_warnings);
            indexes.insert(
                key.clone(),
                RegistryIndex::new(reg, access).with_mirror(mirror),
            );
        }
        Ok(Self {
            indexes,
            project: project.clone(),
            warnings: std::cell::RefCell::new(warnings),
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

    /// Keeps every index file fetched this run in the cache (after a successful run).
    pub fn persist_to_cache(&self) {
        for index in self.indexes.values() {
            index.persist_to_cache();
        }
    }

    /// Warnings collected by every index, drained.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut out = std::mem::take(&mut *self.warnings.borrow_mut());
        out.extend(self.indexes.values().flat_map(|i| i.take_warnings()));
        out
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
}

impl VersionSource for Registries<'_> {
    fn source_id(&self, registry: Option<&str>) -> Result<SourceId, ProjectError> {
        Ok(self.get(registry)?.registry().source_id())
    }

    fn versions(
        &self,
        registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<IndexLine>>, ResolveError> {
        self.get(registry)?
            .versions(name)
            .map_err(|source| ResolveError::Index {
                name: name.to_string(),
                source: Box::new(source),
            })
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
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Yanked => f.write_str("is yanked"),
        }
    }
}

/// The PubGrub dependency provider over the project's registries.
struct Provider<'a> {
    input: &'a ResolveInput<'a>,
    host: Option<HostVersion>,
    root_deps: BTreeMap<Package, VersionSet>,
    /// The registry key each plugin is looked up in, fixed by the first requirement seen.
    registry_of: RefCell<HashMap<PluginName, Option<String>>>,
    /// What `choose_version` decided and why, for `-vv`.
    decisions: RefCell<Vec<String>>,
}

const ROOT_VERSION: Version = Version::new(0, 0, 0);

/// How many skipped newer versions of one plugin a `-vv` decision names.
const SKIPPED_SHOWN: usize = 5;

impl Provider<'_> {
    fn claim_registry(&self, name: &PluginName, key: Option<&str>) -> Result<(), ResolveError> {
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
    fn registry_key(&self, name: &PluginName) -> Option<String> {
        self.registry_of.borrow().get(name).cloned().flatten()
    }

    fn lines(&self, name: &PluginName) -> Result<Rc<Vec<IndexLine>>, ResolveError> {
        self.input
            .registries
            .versions(self.registry_key(name).as_deref(), name)
    }

    /// The locked version of `name` from this registry, whether or not it may move.
    fn locked(&self, name: &PluginName) -> Result<Option<Version>, ResolveError> {
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
        for l in newer.iter().take(SKIPPED_SHOWN) {
            let why = if !usable(l, locked) {
                "it is yanked".to_string()
            } else if let Some(needs) = self.host_mismatch(l.host.as_ref()) {
                needs
            } else if !range.contains(&l.vers) {
                format!("the requirements on it allow only {range}")
            } else {
                format!(
                    "plugins.lock keeps {} (`plugin upgrade {name}` moves it)",
                    pick.map_or_else(String::new, |v| v.to_string())
                )
            };
            out.push(format!("`{name}` {} skipped: {why}", l.vers));
        }
        if newer.len() > SKIPPED_SHOWN {
            out.push(format!(
                "`{name}`: {} older skipped versions not listed",
                newer.len() - SKIPPED_SHOWN
            ));
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
                    let usable = usable(l, locked.as_ref());
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
                // A yanked version is offered only when nothing else fits, so that
                // `get_dependencies` refuses it with a reason the report can give.
                let pick = newest.or(newest_yanked).cloned();
                self.decide(
                    name,
                    &lines,
                    range,
                    locked.as_ref(),
                    pick.as_ref(),
                    kept_locked,
                );
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
                if !usable(line, self.locked(name)?.as_ref()) {
                    return Ok(Dependencies::Unavailable(Unusable::Yanked));
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
fn usable(line: &IndexLine, locked: Option<&Version>) -> bool {
    !line.yanked || locked == Some(&line.vers)
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
    Ok(Resolution {
        plugins,
        decisions: provider.decisions.take(),
    })
}

/// The error for a resolution PubGrub found impossible (`tree`): a requirement of the project
/// that matches no version at all is named as such; otherwise the derivation is explained.
fn no_solution(
    tree: DerivationTree<Package, VersionSet, Unusable>,
    specs: &BTreeMap<PluginName, PluginSpec>,
    input: &ResolveInput<'_>,
    provider: &Provider<'_>,
) -> ResolveError {
    // A requirement of the project that matches no version at all is named as such.
    for (name, spec) in specs {
        let PluginSpec::Registry { req, .. } = spec else {
            continue;
        };
        if input.relax.contains(name) || input.precise.contains_key(name) {
            continue;
        }
        let Ok(lines) = provider.lines(name) else {
            continue;
        };
        let locked = provider.locked(name).ok().flatten();
        if !lines
            .iter()
            .any(|l| usable(l, locked.as_ref()) && req.matches(&l.vers))
        {
            return ResolveError::NoMatchingVersion {
                name: name.to_string(),
                req: crate::project::req_text(req),
                newest: lines
                    .iter()
                    .filter(|l| !l.yanked)
                    .map(|l| l.vers.clone())
                    .max(),
                yanked: lines
                    .iter()
                    .filter(|l| l.yanked && req.matches(&l.vers))
                    .map(|l| l.vers.clone())
                    .collect(),
            };
        }
    }
    // Fold "there is no version of X in …" into the sentence that needs it, unless
    // it is the host's (that one names the host version the user must see) or nothing
    // would be left to explain.
    let mut collapsed = tree.clone();
    if !tree
        .packages()
        .iter()
        .any(|p| matches!(p, Package::Host(_)))
    {
        collapsed.collapse_no_versions();
    }
    let tree = match collapsed {
        DerivationTree::Derived(_) => collapsed,
        DerivationTree::External(_) => tree,
    };
    explain(&tree, provider)
}

/// Writes PubGrub's derivation tree in plain sentences about plugins.toml, plugins, versions
/// and the host.
struct Explainer<'a> {
    host: Option<&'a HostVersion>,
    /// The versions each registry plugin lists, sorted, to describe sets of versions by what
    /// exists rather than by how the solver happened to build them.
    listed: HashMap<PluginName, Vec<Version>>,
}

type Ext = External<Package, VersionSet, Unusable>;
type Terms = Map<Package, Term<VersionSet>>;

impl Explainer<'_> {
    /// ` SET` for `p`, or nothing when the set holds every version. A set the solver built
    /// from single versions (`1.0.0 | 1.1.0 | …`) is described by the listed versions it
    /// holds: nothing if all, a range if they are consecutive.
    fn versions(&self, p: &Package, set: &VersionSet) -> String {
        if *set == VersionSet::full() || *set == VersionSet::any_release() {
            return String::new();
        }
        let shown = set.to_string();
        let listed = match p {
            Package::Plugin(n) => self.listed.get(n),
            _ => None,
        };
        let Some(listed) = listed.filter(|_| shown.contains(" | ")) else {
            return format!(" {shown}");
        };
        let inside: Vec<usize> = (0..listed.len())
            .filter(|&i| set.contains(&listed[i]))
            .collect();
        match inside.as_slice() {
            [] => format!(" {shown}"),
            all if all.len() == listed.len() => String::new(),
            [one] => format!(" {}", listed[*one]),
            run if run.windows(2).all(|w| w[1] == w[0] + 1) => {
                format!(" >={}, <={}", listed[run[0]], listed[run[run.len() - 1]])
            }
            _ => format!(" {shown}"),
        }
    }
}

impl ReportFormatter<Package, VersionSet, Unusable> for Explainer<'_> {
    type Output = String;

    fn format_external(&self, external: &Ext) -> String {
        match external {
            External::NotRoot(p, _) => format!("{p} is what is being resolved"),
            External::NoVersions(Package::Host(h), set) => match self.host {
                Some(hv) => format!(
                    "the project's host is `{h}` {} (`[project] host` in plugins.toml), which is not {set}",
                    hv.version
                ),
                None => format!("no version of host `{h}` is {set}"),
            },
            External::NoVersions(p, set) => {
                if *set == VersionSet::full() || *set == VersionSet::any_release() {
                    format!("no version of {p} is available")
                } else {
                    format!("no version of {p} matches {set}")
                }
            }
            External::Custom(p, set, why) => format!("{p}{} {why}", self.versions(p, set)),
            External::FromDependencyOf(Package::Root, _, dep, set) => {
                format!("plugins.toml requires {dep}{}", self.versions(dep, set))
            }
            External::FromDependencyOf(p, set_p, dep @ Package::Host(_), set_dep) => format!(
                "{p}{} requires {dep}{}",
                self.versions(p, set_p),
                self.versions(dep, set_dep)
            ),
            External::FromDependencyOf(p, set_p, dep, set_dep) => format!(
                "{p}{} depends on {dep}{}",
                self.versions(p, set_p),
                self.versions(dep, set_dep)
            ),
        }
    }

    fn format_terms(&self, terms: &Terms) -> String {
        // "plugins.toml is being resolved" goes without saying.
        let terms: Vec<_> = terms
            .iter()
            .filter(|(p, t)| !(matches!(p, Package::Root) && matches!(t, Term::Positive(_))))
            .collect();
        match terms.as_slice() {
            [] | [(Package::Root, _)] => "plugins.toml cannot be satisfied".into(),
            [(p, Term::Positive(set))] => {
                format!("{p}{} cannot be installed", self.versions(p, set))
            }
            [(p, Term::Negative(set))] => {
                format!("{p}{} is required", self.versions(p, set))
            }
            [(p1, Term::Positive(s1)), (p2, Term::Negative(s2))]
            | [(p2, Term::Negative(s2)), (p1, Term::Positive(s1))] => self.format_external(
                &External::FromDependencyOf((*p1).clone(), s1.clone(), (*p2).clone(), s2.clone()),
            ),
            many => {
                let parts: Vec<String> = many
                    .iter()
                    .map(|(p, t)| match t {
                        Term::Positive(s) => format!("{p}{}", self.versions(p, s)),
                        Term::Negative(s) => format!("{p} outside{}", self.versions(p, s)),
                    })
                    .collect();
                format!("{} cannot be installed together", parts.join(", "))
            }
        }
    }

    fn explain_both_external(&self, e1: &Ext, e2: &Ext, current: &Terms) -> String {
        format!(
            "Because {} and {}, {}.",
            self.format_external(e1),
            self.format_external(e2),
            self.format_terms(current)
        )
    }

    fn explain_both_ref(
        &self,
        id1: usize,
        d1: &Derived<Package, VersionSet, Unusable>,
        id2: usize,
        d2: &Derived<Package, VersionSet, Unusable>,
        current: &Terms,
    ) -> String {
        format!(
            "Because {} ({id1}) and {} ({id2}), {}.",
            self.format_terms(&d1.terms),
            self.format_terms(&d2.terms),
            self.format_terms(current)
        )
    }

    fn explain_ref_and_external(
        &self,
        id: usize,
        d: &Derived<Package, VersionSet, Unusable>,
        e: &Ext,
        current: &Terms,
    ) -> String {
        format!(
            "Because {} ({id}) and {}, {}.",
            self.format_terms(&d.terms),
            self.format_external(e),
            self.format_terms(current)
        )
    }

    fn and_explain_external(&self, e: &Ext, current: &Terms) -> String {
        format!(
            "And because {}, {}.",
            self.format_external(e),
            self.format_terms(current)
        )
    }

    fn and_explain_ref(
        &self,
        id: usize,
        d: &Derived<Package, VersionSet, Unusable>,
        current: &Terms,
    ) -> String {
        format!(
            "And because {} ({id}), {}.",
            self.format_terms(&d.terms),
            self.format_terms(current)
        )
    }

    fn and_explain_prior_and_external(&self, prior: &Ext, e: &Ext, current: &Terms) -> String {
        format!(
            "And because {} and {}, {}.",
            self.format_external(prior),
            self.format_external(e),
            self.format_terms(current)
        )
    }
}

fn externals<'t>(tree: &'t DerivationTree<Package, VersionSet, Unusable>, out: &mut Vec<&'t Ext>) {
    match tree {
        DerivationTree::External(e) => out.push(e),
        DerivationTree::Derived(d) => {
            externals(&d.cause1, out);
            externals(&d.cause2, out);
        }
    }
}

fn explain(
    tree: &DerivationTree<Package, VersionSet, Unusable>,
    provider: &Provider<'_>,
) -> ResolveError {
    let mut listed = HashMap::new();
    for p in tree.packages() {
        if let Package::Plugin(n) = p {
            if let Ok(lines) = provider.lines(n) {
                let mut versions: Vec<Version> = lines.iter().map(|l| l.vers.clone()).collect();
                versions.sort();
                listed.insert(n.clone(), versions);
            }
        }
    }
    let explainer = Explainer {
        host: provider.host.as_ref(),
        listed,
    };
    let explanation = DefaultStringReporter::report_with_formatter(tree, &explainer);
    let mut found = Vec::new();
    externals(tree, &mut found);
    let mut roots: Vec<String> = Vec::new();
    let mut host_involved = false;
    let mut yanked = false;
    for e in found {
        match e {
            External::FromDependencyOf(Package::Root, _, Package::Plugin(n), _) => {
                let n = format!("`{n}`");
                if !roots.contains(&n) {
                    roots.push(n);
                }
            }
            External::FromDependencyOf(_, _, Package::Host(_), _)
            | External::NoVersions(Package::Host(_), _) => host_involved = true,
            External::Custom(_, _, Unusable::Yanked) => yanked = true,
            _ => {}
        }
    }
    let mut hints = Vec::new();
    if !roots.is_empty() {
        hints.push(format!(
            "change the requirement on {} in plugins.toml",
            roots.join(", ")
        ));
    }
    if host_involved {
        hints.push(
            "if the host itself was upgraded, update `[project] host` in plugins.toml".to_string(),
        );
    }
    if yanked {
        hints.push(
            "yanked versions are installed only when plugins.lock already pins them".to_string(),
        );
    }
    if hints.is_empty() {
        hints.push("change the requirements named above".to_string());
    }
    ResolveError::NoSolution {
        explanation,
        hint: hints.join("\n"),
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
    })
}

#[cfg(test)]
mod tests;

//! [`Registries`]: the project's registries, each index opened lazily and read through its
//! mirror when one applies; the [`VersionSource`] the resolver uses in production.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::name::PluginName;
use crate::project::{Project, ProjectError};
use crate::source::index::{IndexLine, RegistryIndex};
use crate::source_id::SourceId;

use super::{ResolveError, VersionSource};

/// The registries a resolution may read, by `[registries]` key.
pub struct Registries<'h> {
    indexes: BTreeMap<String, RegistryIndex<'h>>,
    project: Project,
    warnings: std::cell::RefCell<Vec<String>>,
    /// Advisories read this run, by registry key and plugin.
    advisories: std::cell::RefCell<BTreeMap<(String, PluginName), Advisories>>,
}

/// The advisories of one plugin, shared.
type Advisories = Rc<Vec<crate::source::advisory::Advisory>>;

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
            advisories: std::cell::RefCell::new(BTreeMap::new()),
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

    /// Keeps every index file fetched this run in the cache (after a successful run), with
    /// `jobs` threads.
    pub fn persist_to_cache(&self, jobs: usize) {
        for index in self.indexes.values() {
            index.persist_to_cache(jobs);
        }
    }

    /// The index files every registry fetched this run, taken out for another thread to keep
    /// in the cache (see [`RegistryIndex::take_cache_writes`]).
    pub fn take_cache_writes(&self) -> Vec<crate::source::index::IndexCacheWrites<'h>> {
        self.indexes
            .values()
            .filter_map(|index| index.take_cache_writes())
            .collect()
    }

    /// Warnings collected by every index, drained.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut out = std::mem::take(&mut *self.warnings.borrow_mut());
        out.extend(self.indexes.values().flat_map(|i| i.take_warnings()));
        out
    }
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

    fn advisories(
        &self,
        registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<crate::source::advisory::Advisory>>, ResolveError> {
        let key = (
            registry
                .unwrap_or(crate::project::DEFAULT_REGISTRY)
                .to_string(),
            name.clone(),
        );
        if let Some(found) = self.advisories.borrow().get(&key) {
            return Ok(Rc::clone(found));
        }
        let read = crate::source::advisory::read(self.get(registry)?, name).map_err(|source| {
            ResolveError::Advisories {
                name: name.to_string(),
                source: Box::new(source),
            }
        })?;
        let read = Rc::new(read);
        self.advisories.borrow_mut().insert(key, Rc::clone(&read));
        Ok(read)
    }
}

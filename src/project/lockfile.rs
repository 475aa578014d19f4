//! `plugins.lock`: exactly what is installed, so that another machine installs the same bytes.
//!
//! Written by the tool only, deterministically: plugins sorted by name, no timestamps, the
//! same text for the same content (so a no-op run does not touch the file). Format (see
//! `docs/formats.md`):
//!
//! ```toml
//! version = 1
//!
//! [[plugin]]
//! name = "stoq-hash"
//! version = "1.1.0"
//! source = "registry+registry-index"
//! checksum = "sha256:…"   # the archive, for registry and url sources
//! content = "sha256:…"    # the installed files (see `record::content_hash`)
//! dependencies = ["…"]
//! ```
//!
//! Credentials never enter it: sources are [`SourceId`]s, which hold none.

use std::path::{Path, PathBuf};

use semver::Version;
use serde::Deserialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table};

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::name::PluginName;
use crate::source_id::SourceId;

/// The lockfile format version this build writes and reads.
pub const LOCK_VERSION: u32 = 1;

/// A lockfile that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Reading failed.
    #[error("could not read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Not valid, or an invalid field.
    #[error("invalid lockfile `{}`: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Written by a newer `plugin`.
    #[error("lockfile `{}` has format version {found}, this `plugin` reads version {LOCK_VERSION}", path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
}

impl Hint for LockError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Version { .. } => Some("upgrade `plugin` to read this lockfile".into()),
            Self::Parse { .. } => Some(
                "the lockfile is written by `plugin`; delete it and run `plugin install` to write it anew"
                    .into(),
            ),
            Self::Read { .. } => None,
        }
    }
}

/// One `[[plugin]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPlugin {
    /// The plugin's name as its manifest spells it.
    pub name: PluginName,
    /// The exact version installed.
    pub version: Version,
    /// Where it came from.
    pub source: SourceId,
    /// The archive's sha256 (registry and url sources).
    pub checksum: Option<Sha256>,
    /// The sha256 over the installed files.
    pub content: Option<Sha256>,
    /// The plugins it depends on, sorted.
    pub dependencies: Vec<PluginName>,
}

/// The whole lockfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockfile {
    /// Entries sorted by name.
    pub plugins: Vec<LockedPlugin>,
}

#[derive(Deserialize)]
struct RawLock {
    version: u32,
    #[serde(default)]
    plugin: Vec<RawLocked>,
}

#[derive(Deserialize)]
struct RawLocked {
    name: PluginName,
    version: Version,
    source: String,
    checksum: Option<String>,
    content: Option<String>,
    #[serde(default)]
    dependencies: Vec<PluginName>,
}

impl Lockfile {
    /// Reads the lockfile at `path`; `Ok(None)` when there is none.
    ///
    /// # Errors
    /// [`LockError`].
    pub fn load(path: &Path) -> Result<Option<Self>, LockError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(LockError::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        Self::parse(&text, path).map(Some)
    }

    /// Parses lockfile `text` read from `path`.
    ///
    /// # Errors
    /// [`LockError::Parse`] or [`LockError::Version`].
    pub fn parse(text: &str, path: &Path) -> Result<Self, LockError> {
        let err = |message: String| LockError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let raw: RawLock =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().into()))?;
        if raw.version != LOCK_VERSION {
            return Err(LockError::Version {
                path: path.to_path_buf(),
                found: raw.version,
            });
        }
        let sha = |s: Option<String>, field: &str, name: &PluginName| {
            s.map(|s| Sha256::parse(&s))
                .transpose()
                .map_err(|e| err(format!("`{field}` of `{name}`: {e}")))
        };
        let mut plugins = Vec::new();
        for r in raw.plugin {
            let source = SourceId::parse(&r.source).ok_or_else(|| {
                err(format!(
                    "`source` of `{}` is not a source: `{}`",
                    r.name, r.source
                ))
            })?;
            plugins.push(LockedPlugin {
                checksum: sha(r.checksum, "checksum", &r.name)?,
                content: sha(r.content, "content", &r.name)?,
                name: r.name,
                version: r.version,
                source,
                dependencies: r.dependencies,
            });
        }
        let mut lock = Self { plugins };
        lock.sort();
        if let Some(w) = lock.plugins.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(err(format!("`{}` is locked twice", w[0].name)));
        }
        Ok(lock)
    }

    fn sort(&mut self) {
        self.plugins.sort_by(|a, b| a.name.cmp(&b.name));
        for p in &mut self.plugins {
            p.dependencies.sort();
            p.dependencies.dedup();
        }
    }

    /// The entry for `name`, if any (a binary search: the entries are sorted by name).
    pub fn get(&self, name: &PluginName) -> Option<&LockedPlugin> {
        self.plugins
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .map(|i| &self.plugins[i])
    }

    /// A lockfile holding `plugins` (sorted here).
    pub fn from_plugins(plugins: Vec<LockedPlugin>) -> Self {
        let mut lock = Self { plugins };
        lock.sort();
        lock
    }

    /// The deterministic text of this lockfile.
    pub fn render(&self) -> String {
        let mut doc = DocumentMut::new();
        doc.decor_mut().set_prefix(
            "# This file is written by `plugin` and records exactly what is installed.\n# Do not edit it by hand.\n",
        );
        doc["version"] = toml_edit::value(i64::from(LOCK_VERSION));
        let mut arr = ArrayOfTables::new();
        for p in &self.plugins {
            let mut t = Table::new();
            t["name"] = toml_edit::value(p.name.as_str());
            t["version"] = toml_edit::value(p.version.to_string());
            t["source"] = toml_edit::value(p.source.to_string());
            if let Some(c) = &p.checksum {
                t["checksum"] = toml_edit::value(c.prefixed());
            }
            if let Some(c) = &p.content {
                t["content"] = toml_edit::value(c.prefixed());
            }
            if !p.dependencies.is_empty() {
                let deps: Array = p.dependencies.iter().map(|d| d.as_str()).collect();
                t["dependencies"] = toml_edit::value(deps);
            }
            t.decor_mut().set_prefix("\n");
            arr.push(t);
        }
        if !arr.is_empty() {
            doc.insert("plugin", Item::ArrayOfTables(arr));
        }
        doc.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, v: &str, deps: &[&str]) -> LockedPlugin {
        LockedPlugin {
            name: PluginName::new(name).unwrap(),
            version: Version::parse(v).unwrap(),
            source: SourceId::Registry("registry-index".into()),
            checksum: Some(Sha256::of(name.as_bytes())),
            content: Some(Sha256::of(v.as_bytes())),
            dependencies: deps.iter().map(|d| PluginName::new(d).unwrap()).collect(),
        }
    }

    #[test]
    fn round_trips_sorted_and_stable() {
        let lock = Lockfile::from_plugins(vec![
            entry("zeek", "1.1.0", &["inmem"]),
            entry("inmem", "1.1.0", &[]),
        ]);
        let text = lock.render();
        assert!(text.find("name = \"inmem\"").unwrap() < text.find("name = \"zeek\"").unwrap());
        assert!(text.contains("version = 1\n"));
        assert!(text.contains("dependencies = [\"inmem\"]"));
        let back = Lockfile::parse(&text, Path::new("plugins.lock")).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.render(), text);
    }

    #[test]
    fn lookups_and_a_name_locked_twice() {
        let lock = Lockfile::from_plugins(vec![
            entry("zeek", "1.1.0", &[]),
            entry("inmem", "1.1.0", &[]),
            entry("kafka", "2.0.0", &[]),
        ]);
        for name in ["inmem", "kafka", "zeek"] {
            let found = lock.get(&PluginName::new(name).unwrap()).unwrap();
            assert_eq!(found.name.as_str(), name);
        }
        assert!(lock.get(&PluginName::new("absent").unwrap()).is_none());
        let text = lock.render();
        let twice = text.replace("name = \"kafka\"", "name = \"inmem\"");
        let err = Lockfile::parse(&twice, Path::new("plugins.lock")).unwrap_err();
        assert!(err.to_string().contains("plugins.lock"), "{err}");
        assert!(
            format!("{err:?}").contains("`inmem` is locked twice"),
            "{err:?}"
        );
    }

    #[test]
    fn newer_version_is_refused_with_hint() {
        let err = Lockfile::parse("version = 2\n", Path::new("plugins.lock")).unwrap_err();
        assert!(matches!(err, LockError::Version { found: 2, .. }));
        assert!(err.hint().unwrap().contains("upgrade"));
    }
}

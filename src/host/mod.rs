//! The API for host applications written in Rust: open a plugin directory, list its plugins,
//! and find entry points by group (the PyPA entry-points model:
//! <https://packaging.python.org/en/latest/specifications/entry-points/>).
//!
//! ```no_run
//! let dir = plugin::host::PluginDir::open("plugins")?;
//! for ep in dir.entry_points(Some("threatbus.app")) {
//!     println!("{} = {} (from {} in {})", ep.name, ep.value, ep.plugin, ep.folder.display());
//! }
//! # Ok::<(), plugin::host::HostError>(())
//! ```
//!
//! Only what `plugin` installed is listed: plugins are found through their install records
//! in `PLUGIN_DIR/.plugin/records/`, and each one's manifest is read from its folder.

pub mod python_requirements;

use std::path::{Path, PathBuf};

use crate::error::Hint;
use crate::install::layout::Layout;
use crate::install::record::{Record, RecordError};
use crate::manifest::{PluginManifest, MANIFEST_FILE};
use crate::name::PluginName;

/// A plugin directory that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// An install record is unreadable.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// An installed plugin's manifest is unreadable or invalid.
    #[error("the manifest of installed plugin `{name}` (`{}`) cannot be read: {message}", path.display())]
    Manifest {
        /// The plugin.
        name: String,
        /// Its plugin.toml.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Hint for HostError {
    /// The hint of the record error it wraps (transparently), if any.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Record(e) => e.hint(),
            _ => None,
        }
    }
}

/// One installed plugin.
#[derive(Debug, Clone)]
pub struct InstalledPlugin {
    name: PluginName,
    version: String,
    source: String,
    folder: PathBuf,
    manifest: PluginManifest,
}

impl InstalledPlugin {
    /// Its name, as its manifest spells it.
    pub fn name(&self) -> &PluginName {
        &self.name
    }
    /// Its installed version.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// Where it came from, as in plugins.lock (`registry+…`, `url+…`, `path+…`).
    pub fn source(&self) -> &str {
        &self.source
    }
    /// Its folder: add it to the host's import path to load its entry points.
    pub fn folder(&self) -> &Path {
        &self.folder
    }
    /// Its `plugin.toml`.
    pub fn manifest(&self) -> &PluginManifest {
        &self.manifest
    }
}

/// One entry point of an installed plugin.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntryPoint {
    /// The group, such as `threatbus.app`.
    pub group: String,
    /// The entry point's name within its group.
    pub name: String,
    /// `module.path:Object` (or a bare `module.path`).
    pub value: String,
    /// The module part of `value`.
    pub module: String,
    /// The object part of `value` (a dotted attribute path), if any.
    pub attr: Option<String>,
    /// The plugin that declares it.
    pub plugin: String,
    /// That plugin's installed version.
    pub version: String,
    /// That plugin's folder.
    pub folder: PathBuf,
}

/// An opened plugin directory.
#[derive(Debug, Clone)]
pub struct PluginDir {
    root: PathBuf,
    plugins: Vec<InstalledPlugin>,
}

impl PluginDir {
    /// Reads the plugin directory at `root` (a missing directory has no plugins).
    ///
    /// # Errors
    /// [`HostError`] for an unreadable record or manifest.
    pub fn open(root: impl AsRef<Path>) -> Result<Self, HostError> {
        let root = root.as_ref().to_path_buf();
        let layout = Layout::new(&root);
        let mut plugins = Vec::new();
        for (name, record) in Record::load_all(&layout)? {
            let name = PluginName::new(&record.name).unwrap_or(name);
            let folder = layout.plugin(&name);
            let path = folder.join(MANIFEST_FILE);
            let manifest = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    PluginManifest::parse(&text, &format!("`{}`", path.display()))
                        .map(|(m, _)| m)
                        .map_err(|e| e.to_string())
                })
                .map_err(|message| HostError::Manifest {
                    name: name.to_string(),
                    path: path.clone(),
                    message,
                })?;
            plugins.push(InstalledPlugin {
                name,
                version: record.version,
                source: record.source,
                folder,
                manifest,
            });
        }
        Ok(Self { root, plugins })
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The installed plugins, sorted by name.
    pub fn plugins(&self) -> &[InstalledPlugin] {
        &self.plugins
    }

    /// The plugin called `name`, if installed.
    pub fn plugin(&self, name: &str) -> Option<&InstalledPlugin> {
        let name = PluginName::new(name).ok()?;
        self.plugins.iter().find(|p| p.name == name)
    }

    /// Every entry point, or those of `group`, sorted by group, plugin and name.
    pub fn entry_points(&self, group: Option<&str>) -> Vec<EntryPoint> {
        let mut out = Vec::new();
        for p in &self.plugins {
            for (g, points) in &p.manifest.entry_points {
                if group.is_some_and(|want| want != g) {
                    continue;
                }
                for (name, value) in points {
                    let (module, attr) = match value.split_once(':') {
                        Some((m, a)) => (m.trim().to_string(), Some(a.trim().to_string())),
                        None => (value.trim().to_string(), None),
                    };
                    out.push(EntryPoint {
                        group: g.clone(),
                        name: name.clone(),
                        value: value.clone(),
                        module,
                        attr,
                        plugin: p.name.to_string(),
                        version: p.version.clone(),
                        folder: p.folder.clone(),
                    });
                }
            }
        }
        out.sort_by(|a, b| (&a.group, &a.plugin, &a.name).cmp(&(&b.group, &b.plugin, &b.name)));
        out
    }
}

//! The paths inside a plugin directory (krew's `Paths`): one getter per path, each documented.
//!
//! ```text
//! PLUGIN_DIR/
//!   stoq-hash/              a plugin: plugin.toml + exactly its included files
//!   .plugin/                the tool's own state
//!     lock                  advisory lock held by commands that modify the directory
//!     records/stoq-hash.json   what was installed: version, source, files with sha256
//!     staging/              archives being downloaded and plugins being unpacked
//!     trash/                old versions moved aside until a change is committed
//!     journal/              the change in progress, to undo it after a crash
//!     history/              earlier plugins.toml and plugins.lock, for `plugin rollback`
//!     python-path-file      where the project's `.pth` file was last written
//! ```

use std::path::{Path, PathBuf};

use crate::name::PluginName;

/// The name of the state folder inside a plugin directory.
pub const STATE_DIR: &str = ".plugin";

/// The paths of one plugin directory.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    /// A layout rooted at `root` (the plugin directory; it need not exist yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The plugin directory itself, e.g. `./plugins`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a plugin is installed: `PLUGIN_DIR/NAME` (NAME as its manifest spells it).
    pub fn plugin(&self, name: &PluginName) -> PathBuf {
        self.root.join(name.as_str())
    }

    /// The tool's state folder: `PLUGIN_DIR/.plugin`.
    pub fn state(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }

    /// The advisory lock file: `PLUGIN_DIR/.plugin/lock`.
    pub fn lock_file(&self) -> PathBuf {
        self.state().join("lock")
    }

    /// The records folder: `PLUGIN_DIR/.plugin/records`.
    pub fn records(&self) -> PathBuf {
        self.state().join("records")
    }

    /// One plugin's record: `PLUGIN_DIR/.plugin/records/CANONICAL-NAME.json`.
    pub fn record(&self, name: &PluginName) -> PathBuf {
        self.records().join(format!("{}.json", name.canonical()))
    }

    /// The staging area: `PLUGIN_DIR/.plugin/staging` (same file system as the plugins, so
    /// that moving a staged plugin into place is an atomic rename).
    pub fn staging(&self) -> PathBuf {
        self.state().join("staging")
    }

    /// Earlier plugins.toml and plugins.lock, for `plugin rollback`:
    /// `PLUGIN_DIR/.plugin/history`.
    pub fn history(&self) -> PathBuf {
        self.state().join("history")
    }

    /// The path of the `.pth` file last written into the host's Python environment, so that
    /// it is removed when `[project] python` changes: `PLUGIN_DIR/.plugin/python-path-file`.
    pub fn python_path_file(&self) -> PathBuf {
        self.state().join("python-path-file")
    }

    /// The fingerprint of the last run that left the plugin directory matching plugins.lock,
    /// which lets a no-op install stop after a few reads (see
    /// [`crate::install::fingerprint`]): `PLUGIN_DIR/.plugin/fingerprint.json`.
    pub fn fingerprint(&self) -> PathBuf {
        self.state().join("fingerprint.json")
    }

    /// Where replaced and removed plugins wait until a change commits:
    /// `PLUGIN_DIR/.plugin/trash`.
    pub fn trash(&self) -> PathBuf {
        self.state().join("trash")
    }
}

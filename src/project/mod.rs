//! `plugins.toml`, the project manifest on the host's side (like `Cargo.toml`): finding it,
//! reading it into a typed [`ProjectManifest`], and editing it in place with `toml_edit` so
//! that the user's comments and layout survive every change.
//!
//! The format, with every field, is in `docs/formats.md`.
//!
//! The code is split by concern, every public item being reachable as `crate::project::X`:
//! - `mod.rs` (this file): [`Project`] itself (finding, reading and parsing plugins.toml, its
//!   paths and warnings) and [`ProjectError`];
//! - `schema.rs`: the typed content ([`ProjectManifest`] and its tables, [`RawPluginSpec`]
//!   validated into [`PluginSpec`]) and the warnings about unknown keys;
//! - `registries.rs`: the `[registries]` entries ([`RegistryEntry`]) and resolving one to a
//!   [`RegistryRef`], with its mirror and the checks on its transport and credentials;
//! - `edit.rs`: editing the file in place with `toml_edit` (adding, rewriting and removing
//!   entries) and writing it back with its own line endings and byte-order mark;
//! - `limits.rs`, `lockfile.rs`, `mirror.rs`, `tree.rs`: `[limits]`, plugins.lock, registry
//!   mirrors and the dependency tree.

mod edit;
pub mod limits;
pub mod lockfile;
pub mod mirror;
pub mod policy;
mod registries;
mod schema;
pub mod tree;

use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::error::Hint;

pub use edit::req_text;
use edit::TextStyle;
pub use registries::{RegistryEntry, RegistryRef, RegistryTable, TrustedRoot};
use schema::unknown_key_warning;
pub use schema::{
    HostVersion, LimitsTable, LinkMode, NetTable, PluginSpec, PluginTable, ProjectManifest,
    ProjectTable, RawPluginSpec,
};

/// The project manifest's file name.
pub const PROJECT_FILE: &str = "plugins.toml";
/// The lockfile's file name, beside the project manifest.
pub const LOCK_FILE: &str = "plugins.lock";
/// The plugin directory used when `[project] plugin-dir` is absent, beside plugins.toml.
pub const DEFAULT_PLUGIN_DIR: &str = "plugins";
/// The key of the default registry in `[registries]`.
pub const DEFAULT_REGISTRY: &str = "default";

/// A project manifest that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// Reading the file failed.
    #[error("could not read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or a field is wrong.
    #[error("invalid `{}`: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// A plugin entry is neither a requirement, nor has exactly one of version, url, path.
    #[error("invalid entry for plugin `{name}` in `{}`: {message}", path.display())]
    PluginEntry {
        /// The file.
        path: PathBuf,
        /// The plugin.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A registry name that `[registries]` does not define.
    #[error("no registry named `{name}` in `{}`", path.display())]
    UnknownRegistry {
        /// The file.
        path: PathBuf,
        /// The missing name.
        name: String,
    },
    /// No `[registries] default` and no `--registry`.
    #[error("no registry is configured in `{}`", path.display())]
    NoDefaultRegistry {
        /// The file.
        path: PathBuf,
    },
    /// A registry location that cannot be used.
    #[error("invalid registry `{name}` in `{}`: {message}", path.display())]
    BadRegistry {
        /// The file.
        path: PathBuf,
        /// The registry's key.
        name: String,
        /// What is wrong (never showing a password).
        message: String,
        /// What to do instead, if known.
        hint: Option<String>,
    },
    /// A mirror given by `--mirror` or `PLUGIN_MIRROR` that cannot be used.
    #[error(transparent)]
    Mirror(#[from] crate::project::mirror::MirrorError),
}

impl Hint for ProjectError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::NoDefaultRegistry { .. } => Some(
                "pass `--registry URL|PATH`, or add `default = \"URL or path\"` under `[registries]`"
                    .into(),
            ),
            Self::UnknownRegistry { name, .. } => Some(format!(
                "add `{name} = \"URL or path\"` under `[registries]`"
            )),
            Self::BadRegistry { hint, .. } => hint.clone(),
            Self::Mirror(e) => e.hint(),
            _ => None,
        }
    }
}

/// plugins.toml, on disk or about to be created.
#[derive(Debug, Clone)]
pub struct Project {
    path: PathBuf,
    root: PathBuf,
    original: Option<String>,
    doc: DocumentMut,
    manifest: ProjectManifest,
    style: TextStyle,
    warnings: std::cell::RefCell<Vec<String>>,
}

const NEW_PROJECT: &str = "\
# The plugins of this project, managed by `plugin` (see `plugin --help`).
# `plugin install NAME` adds entries here; plugins.lock records what is installed.

[project]
# plugin-dir = \"plugins\"

[registries]

[plugins]
";

impl Project {
    /// Finds plugins.toml: `manifest_path` if given, else in `cwd` or its nearest ancestor.
    /// Returns `Ok(None)` when there is none.
    ///
    /// # Errors
    /// [`ProjectError::Read`] or [`ProjectError::Parse`].
    pub fn discover(
        cwd: &Path,
        manifest_path: Option<&Path>,
    ) -> Result<Option<Self>, ProjectError> {
        if let Some(p) = manifest_path {
            let p = cwd.join(p);
            return Self::load(&p).map(Some);
        }
        Self::find(cwd).map(|p| Self::load(&p)).transpose()
    }

    /// The first plugins.toml in `cwd` or a folder above it, as [`Project::discover`] looks
    /// for it (without reading it); `None` when there is none.
    pub fn find(cwd: &Path) -> Option<PathBuf> {
        cwd.ancestors()
            .map(|dir| dir.join(PROJECT_FILE))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and validates plugins.toml at `path`.
    ///
    /// # Errors
    /// [`ProjectError::Read`] or [`ProjectError::Parse`].
    pub fn load(path: &Path) -> Result<Self, ProjectError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Parses plugins.toml `text` as if read from `path` (used by tests and fuzzing).
    ///
    /// # Errors
    /// [`ProjectError::Parse`] or [`ProjectError::PluginEntry`].
    pub fn parse(path: &Path, text: &str) -> Result<Self, ProjectError> {
        let mut project = Self::from_text(path, text)?;
        project.original = Some(text.to_string());
        Ok(project)
    }

    /// The same file with its content replaced by `text` (as `plugin rollback` does): written
    /// only if `text` differs from what is on disk now.
    ///
    /// # Errors
    /// As [`Project::parse`].
    pub fn with_text(&self, text: &str) -> Result<Self, ProjectError> {
        let mut project = Self::from_text(&self.path, text)?;
        project.original = self.original.clone();
        Ok(project)
    }

    /// A new, unsaved plugins.toml at `path` with the commented template.
    pub fn new_at(path: &Path) -> Self {
        Self::from_text(path, NEW_PROJECT).expect("the template parses")
    }

    fn from_text(path: &Path, text: &str) -> Result<Self, ProjectError> {
        let parse_err = |message: String| ProjectError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let style = TextStyle {
            bom: text.starts_with('\u{feff}'),
            crlf: text.contains("\r\n"),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc: DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| parse_err(e.to_string().trim_end().to_string()))?;
        let mut unknown = Vec::new();
        let de = toml::Deserializer::parse(text)
            .map_err(|e| parse_err(e.to_string().trim_end().to_string()))?;
        let mut manifest: ProjectManifest =
            serde_ignored::deserialize(de, |key| unknown.push(key.to_string()))
                .map_err(|e| parse_err(e.to_string().trim_end().to_string()))?;
        // In the file's order (serde reports tables before the keys of other tables).
        let mut found: Vec<_> = unknown
            .iter()
            .map(|key| unknown_key_warning(path, text, key))
            .collect();
        found.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
        let warnings = found.into_iter().map(|(_, w)| w).collect();
        manifest.net.metadata_limits = manifest.limits.metadata;
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let project = Self {
            path: path.to_path_buf(),
            root,
            original: None,
            doc,
            manifest,
            style,
            warnings: std::cell::RefCell::new(warnings),
        };
        for name in project.manifest.plugins.keys() {
            project.plugin_spec(name)?;
        }
        Ok(project)
    }

    /// Warnings about the file: each unknown key, where it is and what was probably meant.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.borrow().clone()
    }

    /// The warnings not shown yet, once: the first caller prints them, so that a command
    /// that reads the file in two places warns once.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.borrow_mut())
    }

    /// The path of plugins.toml.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder holding plugins.toml.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the file does not exist yet.
    pub fn is_new(&self) -> bool {
        self.original.is_none()
    }

    /// The typed content.
    pub fn manifest(&self) -> &ProjectManifest {
        &self.manifest
    }

    /// The plugin directory: `[project] plugin-dir`, else `plugins`, relative to plugins.toml.
    pub fn plugin_dir(&self) -> PathBuf {
        let rel = self
            .manifest
            .project
            .plugin_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_PLUGIN_DIR));
        self.root.join(rel)
    }

    /// The lockfile's path, beside plugins.toml.
    pub fn lock_path(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
    }

    /// The project's own files outside the plugin directory that an install may write:
    /// plugins.toml, plugins.lock and the host's config file (`[project] config-file`).
    pub fn own_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.path.clone(), self.lock_path()];
        if let Some(file) = &self.manifest.project.config_file {
            files.push(self.root.join(file));
        }
        files
    }

    /// Whether the file lists no plugin at all: empty, or without entries under `[plugins]`.
    pub fn lists_no_plugins(&self) -> bool {
        self.manifest.plugins.is_empty()
    }

    /// The text read from disk, `None` for a new file.
    pub fn original(&self) -> Option<&str> {
        self.original.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::PluginName;
    use semver::VersionReq;

    fn project(text: &str) -> Project {
        Project::from_text(Path::new("/p/plugins.toml"), text).unwrap()
    }

    #[test]
    fn unknown_keys_are_warnings_with_the_line_and_the_key_meant() {
        let p = project("[project]\nplugin_dir = \"x\"\n\n[plugin]\nstoq-hash = \"1\"\n");
        let w = p.warnings();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter().any(|w| w.contains("`[plugin]`")
                && w.contains("line 4")
                && w.ends_with("did you mean `plugins`?")),
            "{w:?}"
        );
        assert!(
            w.iter().any(|w| w.contains("`project.plugin_dir`")
                && w.contains("line 2")
                && w.ends_with("did you mean `project.plugin-dir`?")),
            "{w:?}"
        );
        assert!(project("[plugins]\n").warnings().is_empty());
    }

    #[test]
    fn a_bad_plugin_entry_says_what_is_expected_not_serde_internals() {
        for (text, says) in [
            (
                "[plugins]\na = { vesion = \"1\" }\n",
                "unknown field `vesion`",
            ),
            (
                "[plugins]\na = 1\n",
                "expected a version requirement such as",
            ),
        ] {
            let e = Project::parse(Path::new("plugins.toml"), text)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says) && !e.contains("untagged"), "{e}");
        }
    }

    #[test]
    fn line_endings_and_a_byte_order_mark_are_kept() {
        let text = "\u{feff}# mine\r\n[registries]\r\ndefault = \"reg\"\r\n\r\n[plugins]\r\nstoq-hash = \"1.0\"\r\n";
        let mut p = project(text);
        assert_eq!(p.render(), text, "unchanged, it renders as read");
        p.set_requirement(
            &PluginName::new("stoq-hash").unwrap(),
            &VersionReq::parse("1.1.0").unwrap(),
        );
        let out = p.render();
        assert!(out.starts_with("\u{feff}# mine\r\n"), "{out:?}");
        assert!(out.contains("stoq-hash = \"1.1.0\"\r\n"), "{out:?}");
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "only CR LF: {out:?}"
        );
    }

    #[test]
    fn edits_keep_comments_and_layout() {
        let mut p = project(
            "# my plugins\n[registries]\ndefault = \"idx\" # local\n\n[plugins]\n# hashing\nstoq_hash = \"1.0\"  # pinned\nother = { path = \"../o\" }\n",
        );
        let name = PluginName::new("stoq-hash").unwrap();
        p.set_plugin(
            &name,
            &PluginSpec::Registry {
                req: VersionReq::parse("1.1.0").unwrap(),
                registry: None,
            },
        );
        let text = p.render();
        assert!(
            text.contains("# hashing\nstoq_hash = \"1.1.0\"  # pinned\n"),
            "{text}"
        );
        assert!(text.contains("default = \"idx\" # local"));
        p.set_plugin(
            &PluginName::new("new-one").unwrap(),
            &PluginSpec::Registry {
                req: VersionReq::parse("~2").unwrap(),
                registry: Some("internal".into()),
            },
        );
        assert!(p
            .render()
            .contains("new-one = { version = \"~2\", registry = \"internal\" }"));
        assert!(p.remove_plugin(&name));
        assert!(!p.render().contains("stoq_hash"));
        assert!(p.render().starts_with("# my plugins\n"));
    }

    #[test]
    fn set_requirement_edits_in_place() {
        let mut p = project(
            "[plugins]\n# keep me\na = \"1.0\" # pinned\nb = { registry = \"internal\", version = \"~1\" }  # team\n",
        );
        let two = VersionReq::parse("^2.0.0").unwrap();
        assert!(p.set_requirement(&PluginName::new("a").unwrap(), &two));
        assert!(p.set_requirement(&PluginName::new("B").unwrap(), &two));
        assert!(!p.set_requirement(&PluginName::new("c").unwrap(), &two));
        assert_eq!(
            p.render(),
            "[plugins]\n# keep me\na = \"2.0.0\" # pinned\nb = { registry = \"internal\", version = \"2.0.0\" }  # team\n"
        );
    }

    #[test]
    fn validates_entries() {
        let bad = [
            "[plugins]\na = { version = \"1\", path = \"x\" }\n",
            "[plugins]\na = { url = \"ftp://x/a.zip\" }\n",
            "[plugins]\na = { path = \"x\", sha256 = \"00\" }\n",
            "[plugins]\na = \"not a req\"\n",
            "[plugins]\n\"a/b\" = \"1\"\n",
            "[plugins]\na = \"1\"\nA = \"2\"\n",
        ];
        for text in bad {
            assert!(
                Project::from_text(Path::new("plugins.toml"), text).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn cargo_add_style_requirements() {
        assert_eq!(req_text(&VersionReq::parse("1.2.3").unwrap()), "1.2.3");
        assert_eq!(req_text(&VersionReq::parse("~1.0").unwrap()), "~1.0");
        assert_eq!(req_text(&VersionReq::parse(">=1, <2").unwrap()), ">=1, <2");
    }
}

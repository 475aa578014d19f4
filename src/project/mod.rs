//! `plugins.toml`, the project manifest on the host's side (like `Cargo.toml`): finding it,
//! reading it into a typed [`ProjectManifest`], and editing it in place with `toml_edit` so
//! that the user's comments and layout survive every change.
//!
//! The format, with every field, is in `docs/formats.md`.

pub mod limits;
pub mod lockfile;
pub mod mirror;
pub mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};
use serde::Deserialize;
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};
use url::Url;

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::name::PluginName;
use crate::source_id::{RegistryLocation, SourceId};

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

/// The typed content of plugins.toml.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProjectManifest {
    /// `[project]`.
    #[serde(default)]
    pub project: ProjectTable,
    /// `[registries]`: name → location.
    #[serde(default)]
    pub registries: BTreeMap<String, RegistryEntry>,
    /// `[plugins]`: the plugins the project asks for.
    #[serde(default, deserialize_with = "de_plugins")]
    pub plugins: BTreeMap<PluginName, RawPluginSpec>,
    /// `[limits]`: caps on the archives unpacked ([`crate::project::limits::Limits`]) and on the
    /// registry metadata read into memory ([`crate::project::limits::MetadataLimits`]), from one table.
    #[serde(default)]
    pub limits: LimitsTable,
    /// `[net]`: network settings.
    #[serde(default)]
    pub net: NetTable,
}

/// `[project]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProjectTable {
    /// Where plugins are installed, relative to plugins.toml.
    pub plugin_dir: Option<PathBuf>,
    /// The host application and its version, checked against plugins' `host` requirements.
    pub host: Option<HostVersion>,
    /// The host's configuration file, relative to plugins.toml, into which plugins'
    /// `[config]` defaults are merged: YAML for `.yaml`/`.yml`, else TOML (see
    /// [`crate::install::host_config`]).
    pub config_file: Option<PathBuf>,
    /// The table of that file for each plugin: dotted, with markers `{name}`, `{kind}` and
    /// `{name#PREFIX}` (the name without a leading PREFIX); default `plugins.{name}`.
    pub config_table: Option<String>,
    /// A command run with the plugins' Python requirements after an install or upgrade, with
    /// `{file}` replaced by a requirements file (set by the project owner, never by a plugin).
    pub requirements_command: Option<Vec<String>>,
    /// The host's Python environment (a virtual environment's folder or an interpreter),
    /// relative to plugins.toml: `plugin` keeps one `.pth` file there listing the plugin
    /// folders (see [`crate::install::python_env`]).
    pub python: Option<PathBuf>,
}

/// `host = { name = "stoq", version = "3.0.2" }`.
#[derive(Debug, Clone, Deserialize)]
pub struct HostVersion {
    /// The host's name.
    pub name: String,
    /// The host's exact version.
    pub version: Version,
}

/// A `[registries]` value: a location string, or a table with `index` and options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RegistryEntry {
    /// `name = "URL or path"`.
    Location(String),
    /// `[registries.name]` with `index` and options.
    Table(RegistryTable),
}

/// The table form of a registry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RegistryTable {
    /// The index location: a URL or a path relative to plugins.toml.
    pub index: String,
    /// No longer honoured (refused with a migration message by [`Project::registry`]): an
    /// untrusted plugins.toml could name any variable and send it to its own host. Kept so
    /// the message can be specific.
    #[serde(default)]
    pub token_env: Option<String>,
    /// A PEM bundle to trust for this registry, relative to plugins.toml.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// Allow plain `http://` to a host other than loopback (a warning is printed); applies
    /// to `mirror` too.
    #[serde(default)]
    pub allow_http: bool,
    /// A mirror read instead of `index` (a folder relative to plugins.toml, or a URL), keeping
    /// the sources of plugins.lock (see [`crate::authoring::mirror`]).
    #[serde(default)]
    pub mirror: Option<String>,
}

impl RegistryEntry {
    /// The location as written.
    pub fn location(&self) -> &str {
        match self {
            Self::Location(s) => s,
            Self::Table(t) => &t.index,
        }
    }

    /// The options of the table form (defaults for the string form).
    pub fn options(&self) -> RegistryTable {
        match self {
            Self::Location(s) => RegistryTable {
                index: s.clone(),
                ..RegistryTable::default()
            },
            Self::Table(t) => t.clone(),
        }
    }
}

/// `[net]`: network settings (each overridden by its `PLUGIN_NET_*` variable; see
/// [`crate::source::http::NetConfig`] for the defaults and how the bounds combine).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NetTable {
    /// Extra attempts after the first.
    pub retries: Option<u32>,
    /// Seconds to wait for a connection.
    pub connect_timeout: Option<u64>,
    /// Seconds a request may go without progress; also the window of `low-speed-limit`.
    pub timeout: Option<u64>,
    /// Bytes per second below which a transfer is given up, over `timeout` seconds (0: off).
    pub low_speed_limit: Option<u64>,
    /// Seconds one request may take in all (0: no deadline).
    pub deadline: Option<u64>,
    /// The metadata caps of `[limits]`, copied here when plugins.toml is read so that the
    /// HTTP settings made from this table carry them.
    #[serde(skip)]
    pub metadata_limits: crate::project::limits::MetadataLimits,
}

/// `[limits]` of plugins.toml, split once into the archive caps and the metadata caps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsTable {
    /// The caps on unpacking archives.
    pub archive: crate::project::limits::Limits,
    /// The caps on index files, config.json and other metadata read into memory.
    pub metadata: crate::project::limits::MetadataLimits,
}

impl<'de> Deserialize<'de> for LimitsTable {
    /// The metadata keys go to [`crate::project::limits::MetadataLimits`], the rest to
    /// [`crate::project::limits::Limits`], which refuses unknown keys (a misspelt key is an error).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut table = toml::Table::deserialize(d)?;
        let mut metadata = toml::Table::new();
        for key in crate::project::limits::MetadataLimits::KEYS {
            if let Some(v) = table.remove(key) {
                metadata.insert(key.to_string(), v);
            }
        }
        let custom = serde::de::Error::custom;
        Ok(Self {
            archive: crate::project::limits::Limits::deserialize(toml::Value::Table(table))
                .map_err(custom)?,
            metadata: crate::project::limits::MetadataLimits::deserialize(toml::Value::Table(
                metadata,
            ))
            .map_err(custom)?,
        })
    }
}

/// A `[plugins]` value as written, before validation: a requirement string or a table.
#[derive(Debug, Clone)]
pub enum RawPluginSpec {
    /// `NAME = "req"`.
    Req(String),
    /// The table form.
    Table(PluginTable),
}

impl<'de> Deserialize<'de> for RawPluginSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawPluginSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a version requirement such as \"1.1.0\", or a table with `version`, `registry`, `url` and `sha256`, or `path`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawPluginSpec, E> {
                Ok(RawPluginSpec::Req(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawPluginSpec, A::Error> {
                PluginTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawPluginSpec::Table)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The table form of a `[plugins]` value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginTable {
    /// A version requirement (registry plugins).
    pub version: Option<String>,
    /// The registry's name in `[registries]`.
    pub registry: Option<String>,
    /// An archive URL.
    pub url: Option<String>,
    /// The archive's expected sha256 (URL plugins).
    pub sha256: Option<String>,
    /// A folder or archive path, relative to plugins.toml.
    pub path: Option<String>,
}

fn de_plugins<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<PluginName, RawPluginSpec>, D::Error> {
    let raw = BTreeMap::<String, RawPluginSpec>::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let name = PluginName::new(&k).map_err(serde::de::Error::custom)?;
        if out.insert(name, v).is_some() {
            return Err(serde::de::Error::custom(format!(
                "plugin `{k}` is listed twice (names are compared ignoring case and `-`/`_`)"
            )));
        }
    }
    Ok(out)
}

/// A validated `[plugins]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginSpec {
    /// From a registry.
    Registry {
        /// The version requirement.
        req: VersionReq,
        /// The registry's name; `None` for the default.
        registry: Option<String>,
    },
    /// An archive at a URL.
    Url {
        /// The URL as written (may carry credentials; never printed unredacted).
        url: Url,
        /// The expected checksum, if given.
        sha256: Option<Sha256>,
    },
    /// A folder or archive on disk.
    Path {
        /// The path as written, relative to plugins.toml.
        path: String,
    },
}

/// A registry resolved to its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRef {
    /// Its key in `[registries]`, or the location itself for one given on the command line.
    pub key: String,
    /// The location as written, without a URL's user name, password, query or fragment (the
    /// part after `registry+` in sources; see [`crate::source_id::spell_without_credentials`]).
    pub spelled: String,
    /// Where it is (a URL without credentials).
    pub location: RegistryLocation,
    /// The user name and password written into the URL, sent to this registry only (see
    /// [`crate::source::credentials`]).
    pub url_credentials: Option<crate::source_id::UrlCredentials>,
    /// The extra CA bundle, resolved against plugins.toml's folder.
    pub ca_file: Option<PathBuf>,
}

impl RegistryRef {
    /// The source id of plugins from this registry.
    pub fn source_id(&self) -> SourceId {
        SourceId::Registry(self.spelled.clone())
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

/// The keys plugins.toml knows, by table (`""`: the top level), for "did you mean".
const KNOWN_KEYS: &[(&str, &[&str])] = &[
    ("", &["project", "registries", "plugins", "limits", "net"]),
    (
        "project",
        &[
            "plugin-dir",
            "host",
            "config-file",
            "config-table",
            "requirements-command",
            "python",
        ],
    ),
];

/// The warning for an unknown `key` (dotted) of plugins.toml at `path` with `text`: where it
/// is and, when a known key is close, which one was meant; with the line's index (0-based),
/// when found, to order the warnings as the file is.
fn unknown_key_warning(path: &Path, text: &str, key: &str) -> (Option<usize>, String) {
    let (table, last) = key.rsplit_once('.').unwrap_or(("", key));
    let known = KNOWN_KEYS
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, keys)| *keys)
        .unwrap_or(&[]);
    let meant = known
        .iter()
        .map(|k| (strsim::jaro_winkler(k, last), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    // The first line that names the key, as a table header or as a key.
    let line = text.lines().position(|l| {
        let l = l.trim_start();
        l.strip_prefix('[')
            .is_some_and(|h| h.trim_start_matches('[').trim_start().starts_with(key))
            || l.strip_prefix(last)
                .or_else(|| l.strip_prefix(&format!("\"{last}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with('='))
    });
    let shown = if table.is_empty() {
        format!("`[{key}]`")
    } else {
        format!("`{key}`")
    };
    let mut warning = format!(
        "unknown key {shown} in `{}`{} is ignored",
        path.display(),
        line.map(|i| format!(" line {}", i + 1)).unwrap_or_default()
    );
    if let Some(k) = meant {
        let full = if table.is_empty() {
            k.to_string()
        } else {
            format!("{table}.{k}")
        };
        warning.push_str(&format!(": did you mean `{full}`?"));
    }
    (line, warning)
}

/// How the file's text is laid out beyond what toml_edit keeps: kept when it is rewritten.
#[derive(Debug, Clone, Copy, Default)]
struct TextStyle {
    /// It starts with a byte-order mark.
    bom: bool,
    /// Its lines end with CR LF.
    crlf: bool,
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
        for dir in cwd.ancestors() {
            let candidate = dir.join(PROJECT_FILE);
            if candidate.is_file() {
                return Self::load(&candidate).map(Some);
            }
        }
        Ok(None)
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

    /// The validated entry of plugin `name`, if listed.
    ///
    /// # Errors
    /// [`ProjectError::PluginEntry`] when the entry is malformed.
    pub fn plugin_spec(&self, name: &PluginName) -> Result<PluginSpec, ProjectError> {
        let err = |message: String| ProjectError::PluginEntry {
            path: self.path.clone(),
            name: name.to_string(),
            message,
        };
        let parse_req = |r: &str| {
            VersionReq::parse(r)
                .map_err(|e| err(format!("`{r}` is not a version requirement: {e}")))
        };
        let raw = self
            .manifest
            .plugins
            .get(name)
            .ok_or_else(|| err("not listed".into()))?;
        match raw {
            RawPluginSpec::Req(r) => Ok(PluginSpec::Registry {
                req: parse_req(r)?,
                registry: None,
            }),
            RawPluginSpec::Table(t) => {
                let kinds =
                    t.version.is_some() as u8 + t.url.is_some() as u8 + t.path.is_some() as u8;
                if kinds != 1 {
                    return Err(err("give exactly one of `version`, `url` or `path`".into()));
                }
                if let Some(v) = &t.version {
                    if t.sha256.is_some() {
                        return Err(err("`sha256` goes with `url` only".into()));
                    }
                    return Ok(PluginSpec::Registry {
                        req: parse_req(v)?,
                        registry: t.registry.clone(),
                    });
                }
                if t.registry.is_some() {
                    return Err(err("`registry` goes with `version` only".into()));
                }
                if let Some(u) = &t.url {
                    let url = Url::parse(u).map_err(|e| err(format!("invalid `url`: {e}")))?;
                    if !matches!(url.scheme(), "http" | "https") {
                        return Err(err("`url` must be an http:// or https:// URL".into()));
                    }
                    let sha256 = t
                        .sha256
                        .as_deref()
                        .map(Sha256::parse)
                        .transpose()
                        .map_err(|e| err(e.to_string()))?;
                    return Ok(PluginSpec::Url { url, sha256 });
                }
                if t.sha256.is_some() {
                    return Err(err("`sha256` goes with `url` only".into()));
                }
                Ok(PluginSpec::Path {
                    path: t.path.clone().unwrap_or_default(),
                })
            }
        }
    }

    /// Every listed plugin with its validated entry, by name.
    ///
    /// # Errors
    /// As [`Project::plugin_spec`].
    pub fn plugin_specs(&self) -> Result<BTreeMap<PluginName, PluginSpec>, ProjectError> {
        self.manifest
            .plugins
            .keys()
            .map(|n| Ok((n.clone(), self.plugin_spec(n)?)))
            .collect()
    }

    /// The registry called `key`, or the default when `key` is `None`.
    ///
    /// # Errors
    /// [`ProjectError::UnknownRegistry`], [`ProjectError::NoDefaultRegistry`] or
    /// [`ProjectError::BadRegistry`].
    pub fn registry(&self, key: Option<&str>) -> Result<RegistryRef, ProjectError> {
        let key = key.unwrap_or(DEFAULT_REGISTRY);
        let entry = self.manifest.registries.get(key).ok_or_else(|| {
            if key == DEFAULT_REGISTRY {
                ProjectError::NoDefaultRegistry {
                    path: self.path.clone(),
                }
            } else {
                ProjectError::UnknownRegistry {
                    path: self.path.clone(),
                    name: key.to_string(),
                }
            }
        })?;
        let written = entry.location();
        let spelled = crate::source_id::spell_without_credentials(written);
        let bad = |message: String, hint: Option<String>| ProjectError::BadRegistry {
            path: self.path.clone(),
            name: key.to_string(),
            message,
            hint,
        };
        let (location, url_credentials) =
            RegistryLocation::parse_with_credentials(written, &self.root)
                .map_err(|m| bad(m, None))?;
        let options = entry.options();
        if let Some(var) = &options.token_env {
            return Err(bad(
                format!("`token-env = \"{var}\"` is no longer supported: a plugins.toml could name any variable and have it sent to a host of its choosing"),
                Some(format!(
                    "remove `token-env`; in CI set `{}` to the token and `{}` to the registry's URL, or run `plugin login {key}` once on your machine",
                    crate::env::env_var_name(key),
                    crate::env::index_var_name(key)
                )),
            ));
        }
        location
            .check_transport(options.allow_http, crate::source_id::Entry::Manifest)
            .map_err(|e| bad(e.to_string(), Some(e.hint())))?;
        Ok(RegistryRef {
            key: key.to_string(),
            spelled,
            location,
            url_credentials,
            ca_file: options.ca_file.map(|f| self.root.join(f)),
        })
    }

    /// The mirror that plugins.toml sets for registry `key` (`mirror` in its table), if any;
    /// `--mirror` and `PLUGIN_MIRROR` are applied over it by [`crate::resolve::Registries`].
    ///
    /// # Errors
    /// [`ProjectError::BadRegistry`] for a location that cannot be used, as for `index`.
    pub fn mirror(
        &self,
        key: &str,
    ) -> Result<Option<crate::project::mirror::Mirror>, ProjectError> {
        let Some(entry) = self.manifest.registries.get(key) else {
            return Ok(None);
        };
        let options = entry.options();
        let Some(spec) = &options.mirror else {
            return Ok(None);
        };
        crate::project::mirror::Mirror::parse(
            spec,
            &self.root,
            options.allow_http,
            crate::project::mirror::SetBy::Manifest,
        )
        .map(Some)
        .map_err(|m| ProjectError::BadRegistry {
            path: self.path.clone(),
            name: key.to_string(),
            message: format!("its `mirror`: {m}"),
            hint: Some("give a folder written by `plugin mirror DIR` (relative to plugins.toml), or the https:// URL of a registry holding the same packages".into()),
        })
    }

    /// The key of the registry whose location is `location`, if one is configured.
    pub fn registry_key_for(&self, location: &RegistryLocation) -> Option<String> {
        self.manifest.registries.keys().find_map(|k| {
            let r = self.registry(Some(k)).ok()?;
            (r.location == *location).then(|| k.clone())
        })
    }

    /// How a location given on the command line (relative to `cwd`) is spelt in this file:
    /// URLs as given; paths relative to plugins.toml when inside its folder, else absolute.
    pub fn spell_location(&self, spec: &str, cwd: &Path) -> String {
        if spec.contains("://") {
            return spec.to_string();
        }
        let abs = cwd.join(spec);
        let abs = abs.canonicalize().unwrap_or(abs);
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        match abs.strip_prefix(&root) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => crate::fs::to_slash(rel),
            Err(_) => abs.display().to_string(),
        }
    }

    fn table_mut(&mut self, key: &str) -> &mut Table {
        if !self.doc.contains_table(key) {
            let mut t = Table::new();
            t.set_implicit(false);
            self.doc.insert(key, Item::Table(t));
        }
        self.doc[key].as_table_mut().expect("checked to be a table")
    }

    fn reparse(&mut self) {
        let text = self.doc.to_string();
        self.manifest = toml::from_str(&text).expect("edits keep plugins.toml valid");
        self.manifest.net.metadata_limits = self.manifest.limits.metadata;
    }

    /// The key under which `[plugins]` lists `name` (spelt as the user wrote it).
    fn plugin_key(&self, name: &PluginName) -> Option<String> {
        self.doc
            .get("plugins")
            .and_then(Item::as_table_like)?
            .iter()
            .map(|(k, _)| k.to_string())
            .find(|k| PluginName::new(k).is_ok_and(|n| n == *name))
    }

    /// Sets `[project] plugin-dir`.
    pub fn set_plugin_dir(&mut self, dir: &str) {
        self.table_mut("project")["plugin-dir"] = toml_edit::value(dir);
        self.reparse();
    }

    /// Sets `[registries] key = location`.
    pub fn set_registry(&mut self, key: &str, location: &str) {
        self.table_mut("registries")[key] = toml_edit::value(location);
        self.reparse();
    }

    /// Sets plugin `name`'s entry to `spec`, replacing an entry under an equivalent spelling
    /// (its key is kept) and keeping everything else in the file as it was.
    pub fn set_plugin(&mut self, name: &PluginName, spec: &PluginSpec) {
        let value: Value = match spec {
            PluginSpec::Registry {
                req,
                registry: None,
            } => Value::from(req_text(req)),
            PluginSpec::Registry {
                req,
                registry: Some(r),
            } => {
                let mut t = InlineTable::new();
                t.insert("version", Value::from(req_text(req)));
                t.insert("registry", Value::from(r.as_str()));
                Value::InlineTable(t)
            }
            PluginSpec::Url { url, sha256 } => {
                let mut t = InlineTable::new();
                t.insert("url", Value::from(url.as_str()));
                if let Some(s) = sha256 {
                    t.insert("sha256", Value::from(s.to_hex()));
                }
                Value::InlineTable(t)
            }
            PluginSpec::Path { path } => {
                let mut t = InlineTable::new();
                t.insert("path", Value::from(path.as_str()));
                Value::InlineTable(t)
            }
        };
        let key = self.plugin_key(name).unwrap_or_else(|| name.to_string());
        let plugins = self.table_mut("plugins");
        match plugins.get_mut(&key) {
            Some(item) if item.is_value() => {
                let decor = item.as_value().map(|v| v.decor().clone());
                let mut value = value;
                if let Some(d) = decor {
                    *value.decor_mut() = d;
                }
                *item = Item::Value(value);
            }
            _ => {
                plugins[&key] = Item::Value(value);
            }
        }
        self.reparse();
    }

    /// Rewrites only the version requirement of registry plugin `name`, in place: the string
    /// of `name = "REQ"` or the `version` of `name = { version = "REQ", … }`, keeping every
    /// comment, key order and spacing around it. Returns whether the entry was found.
    pub fn set_requirement(&mut self, name: &PluginName, req: &VersionReq) -> bool {
        let Some(key) = self.plugin_key(name) else {
            return false;
        };
        let Some(item) = self
            .doc
            .get_mut("plugins")
            .and_then(Item::as_table_like_mut)
            .and_then(|t| t.get_mut(&key))
        else {
            return false;
        };
        let text = req_text(req);
        let target = match item {
            Item::Value(Value::InlineTable(t)) => t.get_mut("version"),
            Item::Table(t) => t.get_mut("version").and_then(Item::as_value_mut),
            Item::Value(v) => Some(v),
            _ => None,
        };
        let Some(value) = target else { return false };
        let decor = value.decor().clone();
        *value = Value::from(text);
        *value.decor_mut() = decor;
        self.reparse();
        true
    }

    /// Removes plugin `name`'s entry; returns whether it was listed.
    pub fn remove_plugin(&mut self, name: &PluginName) -> bool {
        let Some(key) = self.plugin_key(name) else {
            return false;
        };
        let removed = self
            .doc
            .get_mut("plugins")
            .and_then(Item::as_table_like_mut)
            .is_some_and(|t| t.remove(&key).is_some());
        self.reparse();
        removed
    }

    /// The file's text as it would be written now.
    pub fn render(&self) -> String {
        let text = self.doc.to_string();
        // The file's own line endings and byte-order mark are kept (toml_edit keeps neither).
        let text = match self.style.crlf {
            true => text.replace("\r\n", "\n").replace('\n', "\r\n"),
            false => text,
        };
        match self.style.bom {
            true => format!("\u{feff}{text}"),
            false => text,
        }
    }

    /// The text read from disk, `None` for a new file.
    pub fn original(&self) -> Option<&str> {
        self.original.as_deref()
    }
}

/// A requirement as `cargo add` spells it: `^1.2.3` becomes `1.2.3`.
///
/// ```
/// use plugin::project::req_text;
/// use semver::VersionReq;
///
/// assert_eq!(req_text(&VersionReq::parse("^1.2.3").unwrap()), "1.2.3");
/// assert_eq!(req_text(&VersionReq::parse("~1.0").unwrap()), "~1.0");
/// ```
pub fn req_text(req: &VersionReq) -> String {
    let s = req.to_string();
    match s.strip_prefix('^') {
        Some(rest) if !rest.contains(',') => rest.to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

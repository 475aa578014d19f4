//! The typed content of plugins.toml: [`ProjectManifest`] and its tables as serde reads them,
//! the `[plugins]` entries validated into [`PluginSpec`], and the warnings about unknown keys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};
use serde::Deserialize;
use url::Url;

use super::{Project, ProjectError, RegistryEntry};
use crate::checksum::Sha256;
use crate::name::PluginName;

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
    /// `[policy]`: the rules versions must pass ([`crate::project::policy::Policy`]); `None`
    /// without the table (no advisory check then).
    #[serde(default)]
    pub policy: Option<crate::project::policy::Policy>,
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
    /// How installs place files from the store in the cache: `clone` (the default), `hardlink`
    /// or `copy` (see [`crate::install::store`]).
    pub link_mode: Option<LinkMode>,
}

/// How files go from the store into a plugin folder: `link-mode` in plugins.toml's
/// `[project]`, `PLUGIN_LINK_MODE`, `--link-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkMode {
    /// A copy-on-write clone (reflink) where the file system can make one (btrfs, XFS, APFS,
    /// ...), else a copy: the default, as an edit in a plugin folder never reaches the store.
    #[default]
    Clone,
    /// A hard link (a copy across file systems): the files share the store's inode, are
    /// read-only, and the store entry is hashed again before every use.
    Hardlink,
    /// A full copy.
    Copy,
}

impl LinkMode {
    /// Every mode, in the order of [`LinkMode::NAMES`].
    pub const ALL: [Self; 3] = [Self::Clone, Self::Hardlink, Self::Copy];

    /// The spellings, as in plugins.toml.
    pub const NAMES: [&'static str; 3] = ["clone", "hardlink", "copy"];

    /// The mode spelled `s` (as in plugins.toml), if any.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Its spelling in plugins.toml.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The mode of a run: `--link-mode` or `PLUGIN_LINK_MODE` (`given`, with where it came
    /// from), else `[project] link-mode` (`project`), else [`LinkMode::Clone`].
    ///
    /// # Errors
    /// A value that is none of [`LinkMode::NAMES`] (a hinted error naming where it came from).
    pub fn choose(
        given: Option<(&str, &'static str)>,
        project: Option<LinkMode>,
    ) -> anyhow::Result<Self> {
        match given {
            Some((value, from)) => Self::parse(value.trim()).ok_or_else(|| {
                crate::error::hinted(
                    format!("`{value}` given by {from} is not a link mode"),
                    format!(
                        "use one of {}",
                        Self::NAMES.map(|n| format!("`{n}`")).join(", ")
                    ),
                )
            }),
            None => Ok(project.unwrap_or_default()),
        }
    }
}

/// `host = { name = "stoq", version = "3.0.2" }`.
#[derive(Debug, Clone, Deserialize)]
pub struct HostVersion {
    /// The host's name.
    pub name: String,
    /// The host's exact version.
    pub version: Version,
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

/// The keys plugins.toml knows, by table (`""`: the top level), for "did you mean".
const KNOWN_KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "project",
            "registries",
            "plugins",
            "limits",
            "net",
            "policy",
        ],
    ),
    (
        "project",
        &[
            "plugin-dir",
            "host",
            "config-file",
            "config-table",
            "requirements-command",
            "python",
            "link-mode",
        ],
    ),
];

/// The warning for an unknown `key` (dotted) of plugins.toml at `path` with `text`: where it
/// is and, when a known key is close, which one was meant; with the line's index (0-based),
/// when found, to order the warnings as the file is.
pub(super) fn unknown_key_warning(path: &Path, text: &str, key: &str) -> (Option<usize>, String) {
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

impl Project {
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
}

#[cfg(test)]
mod link_mode_tests {
    use super::LinkMode;

    #[test]
    fn each_mode_is_spelled_as_its_name_and_parsed_back() {
        for (mode, name) in LinkMode::ALL.into_iter().zip(LinkMode::NAMES) {
            assert_eq!(mode.as_str(), name);
            assert_eq!(LinkMode::parse(name), Some(mode));
        }
        assert_eq!(LinkMode::parse("symlink"), None);
    }
}

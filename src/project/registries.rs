//! The `[registries]` of plugins.toml: [`RegistryEntry`] as written, and [`Project::registry`]
//! resolving one to a [`RegistryRef`] (refusing a location or options that cannot be used).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Project, ProjectError, DEFAULT_REGISTRY};
use crate::source_id::{RegistryLocation, SourceId};

/// A `[registries]` value: a location string, or a table with `index` and options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RegistryEntry {
    /// `name = "URL or path"`.
    Location(String),
    /// `[registries.name]` with `index` and options.
    Table(RegistryTable),
}

/// The trusted root of a signed registry, as `root` in its `[registries.NAME]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedRoot {
    /// `root = "PATH"`: a `root.json` file, relative to plugins.toml.
    File(PathBuf),
    /// `root = "sha256:HEX"`: the sha256 of the registry's `1.root.json`, fetched from it.
    Digest(crate::checksum::Sha256),
}

impl TrustedRoot {
    /// Parses `root` as written: `sha256:` and 64 hex digits, else a path resolved against
    /// `base` (plugins.toml's folder).
    ///
    /// # Errors
    /// A message when `sha256:` is followed by something that is not a digest.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        match text.strip_prefix("sha256:") {
            Some(hex) => crate::checksum::Sha256::parse(hex)
                .map(Self::Digest)
                .map_err(|e| format!("`root = \"{text}\"`: {}", e.0)),
            None => Ok(Self::File(base.join(text))),
        }
    }
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
    /// For an object-store registry: the endpoint of an S3-compatible server (wins over
    /// `AWS_ENDPOINT_URL`) or of the Blob service for `az://` (wins over `AZURE_STORAGE_ENDPOINT`).
    #[serde(default)]
    pub endpoint: Option<String>,
    /// For an `s3://` registry: its region (wins over `AWS_REGION`).
    #[serde(default)]
    pub region: Option<String>,
    /// The trusted TUF root of a signed registry: a `root.json` relative to plugins.toml, or
    /// `sha256:HEX` of the registry's `1.root.json` (see [`crate::source::tuf`]). Set, every
    /// file read from the registry must match its signed metadata.
    #[serde(default)]
    pub root: Option<String>,
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
    /// The trusted root when the registry is signed (`root` in its table).
    pub root: Option<TrustedRoot>,
}

impl RegistryRef {
    /// The source id of plugins from this registry.
    pub fn source_id(&self) -> SourceId {
        SourceId::Registry(self.spelled.clone())
    }
}

impl Project {
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
        let (mut location, url_credentials) =
            RegistryLocation::parse_with_credentials(written, &self.root)
                .map_err(|m| bad(m, None))?;
        let options = entry.options();
        if let RegistryLocation::Store(store) = &mut location {
            store.region.clone_from(&options.region);
            store.allow_http = options.allow_http;
            if let Some(e) = &options.endpoint {
                let url = url::Url::parse(e)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.username().is_empty() && u.password().is_none())
                    .ok_or_else(|| bad(
                        format!("its `endpoint` `{}` is not an http(s) URL without credentials", crate::source_id::redact_text(e)),
                        Some("for example `endpoint = \"https://minio.example.com\"`; credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into()),
                    ))?;
                store.endpoint = Some(url);
            }
        } else if options.endpoint.is_some() || options.region.is_some() {
            return Err(bad(
                "`endpoint` and `region` apply to object-store (s3://, az://) registries only".into(),
                Some("remove them, or give an `index` of the form `s3://BUCKET/PREFIX` or `az://CONTAINER/PREFIX`".into()),
            ));
        }
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
        let root = options
            .root
            .as_deref()
            .map(|r| TrustedRoot::parse(r, &self.root))
            .transpose()
            .map_err(|m| bad(m, Some("give `root = \"root.json\"` (the registry's trusted root, relative to plugins.toml) or `root = \"sha256:\"` and the 64 hex digits of its `1.root.json`".into())))?;
        Ok(RegistryRef {
            root,
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
}

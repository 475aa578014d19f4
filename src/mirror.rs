//! Mirrors: a registry's packages read from somewhere else, and `plugin mirror DIR`, which
//! writes such a place.
//!
//! # Replacing a registry
//!
//! A [`Mirror`] stands in for one registry of `[registries]` (cargo's source replacement,
//! `[source.NAME] replace-with`, <https://doc.rust-lang.org/cargo/reference/source-replacement.html>):
//! index files, `config.json` and archives are read from the mirror, while the registry keeps
//! its identity. The source recorded in plugins.lock and in the install records stays
//! `registry+ORIGINAL`, so a project installs from a mirror under `--locked` and `--frozen`
//! without any change to plugins.toml's requirements or to plugins.lock, and every archive is
//! still checked against the checksum of its lock entry or index line. A mirror is set, first
//! match wins, by
//!
//! 1. `--mirror [NAME=]LOCATION` on the command line (repeatable; relative to the working
//!    directory),
//! 2. `PLUGIN_MIRROR=[NAME=]LOCATION` (one value; relative to the working directory),
//! 3. `mirror = "LOCATION"` in the registry's table in plugins.toml (relative to plugins.toml).
//!
//! Without `NAME=`, the value is for `default`. LOCATION is a folder, a `file://` URL or an
//! HTTP(S) URL, with the same plain-http rule as a registry (see
//! [`crate::source::check_transport`]). A token is looked up for the mirror's own URL, never
//! sent there because the replaced registry has one. A package the mirror lacks is an error
//! naming the mirror ([`crate::index::IndexError::NotInMirror`]); nothing falls back to the
//! registry itself.
//!
//! # `plugin mirror DIR`
//!
//! A registry holding exactly the locked packages, for air-gapped machines (like `cargo
//! vendor`). DIR gets `config.json` (`{"dl": "packages/{name}/{version}/download"}`), each
//! locked archive at `packages/NAME/VERSION/download`, and one index file per plugin in cargo's
//! layout whose line is rebuilt from the archive's own `plugin.toml` (dependencies keep their
//! `registry` key: the mirror stands in for the registries of plugins.toml, whose names stay).
//! It always reads the registries themselves, never a mirror set for them (as `cargo vendor`
//! ignores source replacement), so that it can refresh the mirror it would otherwise read.
//! [`use_hint`] says what to add to plugins.toml to install from it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::json;

use crate::archive::Archive;
use crate::checksum::Sha256;
use crate::error::Hint;
use crate::fetch::{fetch, FetchRequest};
use crate::http::{Http, RequestOptions};
use crate::index::Download;
use crate::lockfile::LockedPlugin;
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::printer::Printer;
use crate::project::RegistryRef;
use crate::resolve::Registries;
use crate::source::{Entry, RegistryLocation, SourceId, UrlCredentials};
use crate::verify;

/// The download template of a mirror.
pub const MIRROR_DL: &str = "packages/{name}/{version}/download";

/// What a mirror run did.
#[derive(Debug, Default)]
pub struct Mirrored {
    /// Plugins written into the mirror.
    pub plugins: Vec<(PluginName, semver::Version)>,
    /// Plugins left out (path sources have no archive).
    pub skipped: Vec<(PluginName, String)>,
}

/// Writes the archives of `locked` and their index lines into `dir`.
///
/// # Errors
/// Download, checksum, archive and I/O errors, naming the plugin.
pub fn mirror(
    locked: &[LockedPlugin],
    registries: &Registries<'_>,
    http: &Http,
    cache: Option<&crate::cache::Cache>,
    staging: &Path,
    dir: &Path,
    printer: &Printer,
) -> anyhow::Result<Mirrored> {
    let mut done = Mirrored::default();
    let mut lines: BTreeMap<PluginName, Vec<String>> = BTreeMap::new();
    for p in locked {
        let expected = p.checksum;
        let (download, options) = match &p.source {
            SourceId::Path(path) => {
                done.skipped
                    .push((p.name.clone(), format!("it comes from the folder `{path}`")));
                continue;
            }
            SourceId::Url(u) => (
                Download::Url(u.parse().with_context(|| format!("invalid URL `{u}`"))?),
                RequestOptions::default(),
            ),
            SourceId::Registry(_) => {
                let key = registries.key_for_source(&p.source).with_context(|| {
                    format!(
                        "the registry of `{}` ({}) is not in plugins.toml any more",
                        p.name, p.source
                    )
                })?;
                let index = registries.get(Some(&key))?;
                let cksum = expected
                    .with_context(|| format!("plugins.lock has no checksum for `{}`", p.name))?;
                (
                    index.download(&p.name, &p.version, &cksum)?,
                    index.download_options()?,
                )
            }
        };
        let fetched = fetch(
            &FetchRequest {
                download: &download,
                http: Some(http),
                options: &options,
                expected,
                cache,
                label: p.name.as_str(),
            },
            staging,
            printer,
        )
        .with_context(|| format!("could not fetch `{}` {}", p.name, p.version))?;
        if let Some(e) = expected {
            verify::checksum(&p.name, &fetched.from, &e, &fetched.sha256)?;
        }
        let label = format!("{} {}", p.name, p.version);
        let archive = Archive::open(fetched.file.path(), &label)?;
        let found = archive.read_manifest()?;
        let (manifest, _) = PluginManifest::parse(&found.text, &format!("archive `{label}`"))?;
        verify::manifest_matches(
            &p.name,
            &p.version,
            &manifest.plugin.name,
            &manifest.plugin.version,
        )?;
        let target = dir
            .join("packages")
            .join(p.name.as_str())
            .join(p.version.to_string())
            .join("download");
        std::fs::create_dir_all(target.parent().expect("a parent"))?;
        std::fs::copy(fetched.file.path(), &target)
            .with_context(|| format!("could not write `{}`", target.display()))?;
        lines
            .entry(p.name.clone())
            .or_default()
            .push(index_line(&manifest, &fetched.sha256, archive.format()).to_string());
        printer.status("Mirrored", format_args!("{} v{}", p.name, p.version));
        done.plugins.push((p.name.clone(), p.version.clone()));
    }
    for (name, new_lines) in lines {
        let path: PathBuf = dir.join(name.index_path());
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        // Keep the versions mirrored earlier, replacing the ones mirrored again.
        let mut by_version: BTreeMap<String, String> = BTreeMap::new();
        if let Ok(old) = std::fs::read_to_string(&path) {
            for l in old.lines().filter(|l| !l.trim().is_empty()) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(l) {
                    by_version.insert(
                        v["vers"].as_str().unwrap_or_default().to_string(),
                        l.to_string(),
                    );
                }
            }
        }
        for l in new_lines {
            let v: serde_json::Value = serde_json::from_str(&l).expect("we wrote it");
            by_version.insert(v["vers"].as_str().unwrap_or_default().to_string(), l);
        }
        let text: String = by_version.into_values().map(|l| l + "\n").collect();
        crate::fs::write_atomic(&path, text.as_bytes())?;
    }
    let config = dir.join("config.json");
    if !config.exists() {
        crate::fs::write_atomic(
            &config,
            format!("{}\n", json!({ "dl": MIRROR_DL })).as_bytes(),
        )?;
    }
    Ok(done)
}

fn index_line(
    m: &PluginManifest,
    cksum: &Sha256,
    format: crate::archive::ArchiveFormat,
) -> serde_json::Value {
    let deps: Vec<serde_json::Value> = m
        .dependencies
        .iter()
        .map(|(n, d)| {
            let mut dep = json!({ "name": n.as_str(), "req": d.req().to_string() });
            if let Some(r) = d.registry() {
                dep["registry"] = json!(r);
            }
            dep
        })
        .collect();
    let mut line = json!({
        "name": m.plugin.name.as_str(),
        "vers": m.plugin.version.to_string(),
        "deps": deps,
        "cksum": cksum.to_hex(),
        "yanked": false,
        "format": match format {
            crate::archive::ArchiveFormat::TarGz => "tar.gz",
            crate::archive::ArchiveFormat::Zip => "zip",
        },
    });
    if let Some(h) = &m.plugin.host {
        line["host"] = json!({ "name": h.name, "version": h.version.to_string() });
    }
    if let Some(d) = &m.plugin.description {
        line["description"] = json!(d);
    }
    line
}

/// Who set a registry's mirror, for messages that say what to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetBy {
    /// `mirror = "…"` in the registry's table in plugins.toml.
    Manifest,
    /// `--mirror [NAME=]LOCATION` on the command line.
    Flag,
    /// The variable `PLUGIN_MIRROR`.
    Env,
}

impl SetBy {
    /// The setting as the user wrote it, for registry `key`: `` `--mirror` ``,
    /// `` `PLUGIN_MIRROR` `` or `` `mirror` in `[registries.KEY]` of plugins.toml ``.
    pub fn describe(self, key: &str) -> String {
        match self {
            Self::Manifest => format!("`mirror` in `[registries.{key}]` of plugins.toml"),
            Self::Flag => "`--mirror`".into(),
            Self::Env => format!("`{}`", crate::context::vars::PLUGIN_MIRROR),
        }
    }
}

/// A location read instead of a registry's own (see the module docs): where the index files,
/// `config.json` and archives come from, while plugins.lock keeps the registry's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// The location as written, without a URL's user name, password, query or fragment.
    pub spelled: String,
    /// Where it is: a folder (absolute) or a URL without credentials.
    pub location: RegistryLocation,
    /// The user name and password written into the mirror's URL, sent to the mirror only.
    pub url_credentials: Option<UrlCredentials>,
    /// Who set it.
    pub set_by: SetBy,
}

impl Mirror {
    /// Interprets `spec` (a path relative to `base`, a `file://` or an HTTP(S) URL) as the
    /// mirror of a registry. Plain `http://` off loopback passes only when `allow_http` (the
    /// registry table's `allow-http`; never from the command line or the environment).
    ///
    /// # Errors
    /// A message (never showing a password) when `spec` does not parse, uses another scheme or
    /// is plain http that is not allowed.
    pub fn parse(spec: &str, base: &Path, allow_http: bool, set_by: SetBy) -> Result<Self, String> {
        if spec.trim().is_empty() {
            return Err("the location is empty".into());
        }
        let (location, url_credentials) = RegistryLocation::parse_with_credentials(spec, base)?;
        let entry = match set_by {
            SetBy::Manifest => Entry::Manifest,
            SetBy::Flag | SetBy::Env => Entry::CommandLine,
        };
        location
            .check_transport(allow_http && set_by == SetBy::Manifest, entry)
            .map_err(|e| match set_by {
                SetBy::Manifest => format!("{e}; use https://, or set `allow-http = true` in the registry's table"),
                SetBy::Flag | SetBy::Env => format!("{e}; use https://, or a folder (a mirror over plain http goes into plugins.toml as `mirror` in the registry's table, with `allow-http = true`)"),
            })?;
        Ok(Self {
            spelled: crate::source::spell_without_credentials(spec),
            location,
            url_credentials,
            set_by,
        })
    }

    /// The registry `registry` as read through this mirror: its key and CA bundle, the
    /// mirror's location and credentials. Only for reading (credential lookup, requests): its
    /// [`RegistryRef::source_id`] is the mirror's, not the one plugins.lock records.
    pub fn stand_in(&self, registry: &RegistryRef) -> RegistryRef {
        RegistryRef {
            key: registry.key.clone(),
            spelled: self.spelled.clone(),
            location: self.location.clone(),
            url_credentials: self.url_credentials.clone(),
            ca_file: registry.ca_file.clone(),
        }
    }
}

/// A mirror given on the command line or in the environment that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    /// The location does not parse, or is plain http off loopback.
    #[error("invalid mirror `{given}` given by {}: {message}", .set_by.describe(.key))]
    Invalid {
        /// The value as given (redacted).
        given: String,
        /// The registry it is for.
        key: String,
        /// Who gave it.
        set_by: SetBy,
        /// What is wrong.
        message: String,
    },
    /// `NAME=` names a registry that plugins.toml does not define.
    #[error("{} sets a mirror for registry `{key}`, which `{}` does not define", .set_by.describe(.key), .path.display())]
    UnknownRegistry {
        /// The registry key given.
        key: String,
        /// plugins.toml.
        path: PathBuf,
        /// Who gave it.
        set_by: SetBy,
        /// The registries plugins.toml defines.
        known: Vec<String>,
    },
}

impl Hint for MirrorError {
    /// What to do instead.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Invalid { .. } => Some(
                "give a folder written by `plugin mirror DIR`, or the https:// URL of a registry holding the same packages; `NAME=LOCATION` for registry NAME".into(),
            ),
            Self::UnknownRegistry { known, .. } if known.is_empty() => Some(
                "plugins.toml has no `[registries]`: a mirror replaces one of them, so there is nothing to mirror".into(),
            ),
            Self::UnknownRegistry { known, .. } => Some(format!(
                "write `NAME=LOCATION` with NAME one of {} (without `NAME=`, the mirror is for `default`)",
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

/// Splits a `--mirror` or `PLUGIN_MIRROR` value into the registry key and the location:
/// `NAME=LOCATION` when the part before the first `=` is a plain key (ASCII letters, digits,
/// `-`, `_`), else `default` and the whole value (so `./a=b` is the folder `a=b`).
pub fn split_override(text: &str) -> (&str, &str) {
    match text.split_once('=') {
        Some((key, rest))
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            (key, rest)
        }
        _ => (crate::project::DEFAULT_REGISTRY, text),
    }
}

/// The mirrors set by the command line and the environment for `project`'s registries, by
/// key: each `--mirror` (the last one for a registry wins), then `PLUGIN_MIRROR` for a
/// registry no `--mirror` names. Locations are relative to the working directory.
///
/// # Errors
/// [`MirrorError`] for a location that cannot be used or a registry plugins.toml lacks.
pub fn overrides(
    project: &crate::project::Project,
    env: &crate::context::Env,
) -> Result<BTreeMap<String, Mirror>, MirrorError> {
    let (flags, base) = env.command_line_mirrors();
    let from_env = env
        .get(crate::context::vars::PLUGIN_MIRROR)
        .filter(|v| !v.trim().is_empty());
    let given = flags
        .iter()
        .map(|f| (f.as_str(), SetBy::Flag))
        .chain(from_env.map(|v| (v, SetBy::Env)));
    let mut out: BTreeMap<String, Mirror> = BTreeMap::new();
    for (text, set_by) in given {
        let (key, spec) = split_override(text);
        if set_by == SetBy::Env && out.contains_key(key) {
            continue;
        }
        if !project.manifest().registries.contains_key(key) {
            return Err(MirrorError::UnknownRegistry {
                key: key.to_string(),
                path: project.path().to_path_buf(),
                set_by,
                known: project.manifest().registries.keys().cloned().collect(),
            });
        }
        let mirror =
            Mirror::parse(spec, base, false, set_by).map_err(|message| MirrorError::Invalid {
                given: crate::source::redact_text(text),
                key: key.to_string(),
                set_by,
                message,
            })?;
        out.insert(key.to_string(), mirror);
    }
    Ok(out)
}

/// What to add to use the mirror at `dir` (as given on the command line, relative to `cwd`)
/// for the registries `keys` of `project`: lines of plugins.toml, then the flag and the
/// variable, for a status message after `plugin mirror DIR`.
pub fn use_hint(
    project: &crate::project::Project,
    cwd: &Path,
    dir: &Path,
    keys: &[String],
) -> String {
    let in_manifest = project.spell_location(&dir.to_string_lossy(), cwd);
    let q = |s: &str| toml_edit::Value::from(s).to_string();
    let mut out = String::from(
        "to install from this mirror with plugins.lock unchanged (`--locked`, `--offline`), put this into plugins.toml:\n",
    );
    for key in keys {
        let Some(entry) = project.manifest().registries.get(key) else {
            continue;
        };
        let options = entry.options();
        out.push_str(&format!(
            "\n  [registries.{key}]\n  index = {}\n",
            q(&options.index)
        ));
        if let Some(ca) = &options.ca_file {
            out.push_str(&format!("  ca-file = {}\n", q(&crate::fs::to_slash(ca))));
        }
        if options.allow_http {
            out.push_str("  allow-http = true\n");
        }
        out.push_str(&format!("  mirror = {}\n", q(&in_manifest)));
    }
    let flags: Vec<String> = keys
        .iter()
        .map(|k| {
            if k == crate::project::DEFAULT_REGISTRY {
                in_manifest.clone()
            } else {
                format!("{k}={in_manifest}")
            }
        })
        .collect();
    let flags_text = flags
        .iter()
        .map(|f| format!("--mirror {f}"))
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "\nin place of the registry's line under `[registries]`. Or leave plugins.toml as it is and run, in its folder, `plugin install --frozen {flags_text}`"
    ));
    if let [only] = flags.as_slice() {
        out.push_str(&format!(
            " (or set `{}={only}`)",
            crate::context::vars::PLUGIN_MIRROR
        ));
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Env;
    use crate::project::Project;

    fn project(text: &str) -> Project {
        Project::parse(Path::new("/proj/plugins.toml"), text).expect("valid plugins.toml")
    }

    #[test]
    fn overrides_name_a_registry_or_the_default() {
        assert_eq!(
            split_override("vendor/plugins"),
            ("default", "vendor/plugins")
        );
        assert_eq!(split_override("internal=../m"), ("internal", "../m"));
        assert_eq!(split_override("./a=b"), ("default", "./a=b"));
        assert_eq!(
            split_override("https://m.example/i/?a=b"),
            ("default", "https://m.example/i/?a=b")
        );
        assert_eq!(split_override("=x"), ("default", "=x"));
    }

    #[test]
    fn the_command_line_wins_over_the_variable_which_wins_over_plugins_toml() {
        let p = project(
            "[registries]\ninternal = \"https://i.example/\"\n[registries.default]\nindex = \"https://r.example/\"\nmirror = \"in-toml\"\n",
        );
        assert_eq!(
            p.mirror("default").unwrap().unwrap().location,
            RegistryLocation::Local(PathBuf::from("/proj/in-toml"))
        );
        let env = Env::from_pairs([("PLUGIN_MIRROR", "from-env")])
            .with_command_line_mirrors(vec!["internal=flag".into()], PathBuf::from("/cwd"));
        let o = overrides(&p, &env).unwrap();
        assert_eq!(
            o["default"].location,
            RegistryLocation::Local("/cwd/from-env".into())
        );
        assert_eq!(o["default"].set_by, SetBy::Env);
        assert_eq!(
            o["internal"].location,
            RegistryLocation::Local("/cwd/flag".into())
        );
        let env = Env::from_pairs([("PLUGIN_MIRROR", "from-env")])
            .with_command_line_mirrors(vec!["a".into(), "b".into()], PathBuf::from("/cwd"));
        let o = overrides(&p, &env).unwrap();
        assert_eq!(
            o["default"].location,
            RegistryLocation::Local("/cwd/b".into())
        );
        assert_eq!(o["default"].set_by, SetBy::Flag);
    }

    #[test]
    fn unusable_mirrors_are_refused_without_showing_a_password() {
        let p = project("[registries]\ndefault = \"https://r.example/\"\n");
        let env = |v: &str| {
            Env::default().with_command_line_mirrors(vec![v.to_string()], PathBuf::from("/cwd"))
        };
        let e = overrides(&p, &env("http://u:secret@m.example/")).unwrap_err();
        assert!(matches!(e, MirrorError::Invalid { .. }), "{e}");
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = overrides(&p, &env("other=m")).unwrap_err();
        assert!(e.to_string().contains("registry `other`"), "{e}");
        assert!(e.hint().unwrap().contains("`default`"));
        // Plain http is fine on loopback, and beyond it only with the table's `allow-http`.
        assert!(overrides(&p, &env("http://127.0.0.1:9/")).is_ok());
        let p = project(
            "[registries.default]\nindex = \"https://r.example/\"\nmirror = \"http://m.example/\"\n",
        );
        assert!(p.mirror("default").is_err());
        let p = project(
            "[registries.default]\nindex = \"https://r.example/\"\nmirror = \"http://m.example/\"\nallow-http = true\n",
        );
        assert!(p.mirror("default").unwrap().is_some());
    }

    #[test]
    fn the_hint_prints_a_table_that_parses_with_the_mirror() {
        let p = project("[registries]\ndefault = \"https://r.example/\"\n");
        let hint = use_hint(
            &p,
            Path::new("/proj"),
            Path::new("vendor/plugins"),
            &["default".into()],
        );
        let table: String = hint
            .lines()
            .skip_while(|l| !l.trim().starts_with('['))
            .take_while(|l| !l.trim().is_empty())
            .map(|l| format!("{}\n", l.trim()))
            .collect();
        let p = project(&table);
        assert_eq!(
            p.mirror("default").unwrap().unwrap().location,
            RegistryLocation::Local(PathBuf::from("/proj/vendor/plugins"))
        );
        assert_eq!(p.registry(None).unwrap().spelled, "https://r.example/");
        assert!(
            hint.contains("`plugin install --frozen --mirror vendor/plugins`"),
            "{hint}"
        );
    }
}

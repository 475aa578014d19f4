//! Mirrors as settings: a registry's packages read from somewhere else ([`Mirror`]), set by
//! `--mirror`, `PLUGIN_MIRROR` or `mirror =` in plugins.toml ([`SetBy`], [`overrides`]), as
//! cargo's source replacement (`[source.NAME] replace-with`,
//! <https://doc.rust-lang.org/cargo/reference/source-replacement.html>). The index reader
//! reads from a mirror; `plugin mirror DIR` (in the authoring folder) writes one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Hint;
use crate::project::RegistryRef;
use crate::source_id::{Entry, RegistryLocation, UrlCredentials};

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
            Self::Env => format!("`{}`", crate::env::vars::PLUGIN_MIRROR),
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
            spelled: crate::source_id::spell_without_credentials(spec),
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
            root: registry.root.clone(),
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
    env: &crate::env::Env,
) -> Result<BTreeMap<String, Mirror>, MirrorError> {
    let (flags, base) = env.command_line_mirrors();
    let from_env = env
        .get(crate::env::vars::PLUGIN_MIRROR)
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
                given: crate::source_id::redact_text(text),
                key: key.to_string(),
                set_by,
                message,
            })?;
        out.insert(key.to_string(), mirror);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
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
}

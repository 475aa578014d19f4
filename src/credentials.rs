//! Registry tokens: where they come from, and the user's credentials file.
//!
//! For the registry called NAME in plugins.toml, the first of these wins:
//!
//! 1. the variable `PLUGIN_REGISTRIES_<NAME>_TOKEN` (NAME upper-cased, `-` as `_`);
//! 2. the variable named by `token-env = "VAR"` in the registry's entry;
//! 3. `credentials.toml` in the user's config folder (`PLUGIN_CONFIG_DIR`, else
//!    `$XDG_CONFIG_HOME/plugin`, else `$HOME/.config/plugin`), written by `plugin login NAME`
//!    with mode 0600: `[registries.NAME] token = "…"`.
//!
//! Tokens are held as [`Secret`]s, which never print; they are sent only to their registry's
//! origin (see [`crate::http::Auth`]) and never written anywhere but the credentials file.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use crate::context::Env;
use crate::http::Secret;

/// The environment variable that holds the token of registry `name`.
pub fn env_var_name(name: &str) -> String {
    format!(
        "PLUGIN_REGISTRIES_{}_TOKEN",
        name.to_ascii_uppercase().replace('-', "_")
    )
}

/// The user's config folder for `plugin`, if one can be named.
pub fn config_dir(env: &Env) -> Option<PathBuf> {
    if let Some(d) = env.get("PLUGIN_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = env.get("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return Some(Path::new(d).join("plugin"));
    }
    env.get("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| Path::new(h).join(".config").join("plugin"))
}

/// Where a token was found, for messages (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// An environment variable.
    Env(String),
    /// The credentials file.
    File(PathBuf),
}

/// The token of registry `name`, if any (see the module docs for the order).
pub fn token_for(name: &str, token_env: Option<&str>, env: &Env) -> Option<(Secret, TokenSource)> {
    let var = env_var_name(name);
    if let Some(t) = env.get(&var).filter(|t| !t.is_empty()) {
        return Some((Secret::new(t), TokenSource::Env(var)));
    }
    if let Some(var) = token_env {
        if let Some(t) = env.get(var).filter(|t| !t.is_empty()) {
            return Some((Secret::new(t), TokenSource::Env(var.to_string())));
        }
    }
    let store = CredentialStore::new(env)?;
    store.get(name).map(|t| (t, TokenSource::File(store.path)))
}

/// A credentials file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// No config folder can be named.
    #[error("cannot tell where to keep credentials: set `PLUGIN_CONFIG_DIR` or `HOME`")]
    NoConfigDir,
    /// I/O on the file.
    #[error("could not access the credentials file `{}`", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("the credentials file `{}` is not valid TOML: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The user's credentials file.
#[derive(Debug, Clone)]
pub struct CredentialStore {
    path: PathBuf,
}

impl CredentialStore {
    /// The store in the user's config folder, if one can be named.
    pub fn new(env: &Env) -> Option<Self> {
        config_dir(env).map(|d| Self {
            path: d.join("credentials.toml"),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<DocumentMut, CredentialError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(CredentialError::Io {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        text.parse()
            .map_err(|e: toml_edit::TomlError| CredentialError::Parse {
                path: self.path.clone(),
                message: e.to_string(),
            })
    }

    /// The token stored for `name`.
    pub fn get(&self, name: &str) -> Option<Secret> {
        let doc = self.read().ok()?;
        doc.get("registries")?
            .get(name)?
            .get("token")?
            .as_str()
            .map(Secret::new)
    }

    fn write(&self, doc: &DocumentMut) -> Result<(), CredentialError> {
        let io = |source| CredentialError::Io {
            path: self.path.clone(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".credentials-")
            .tempfile_in(dir)
            .map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
        std::io::Write::write_all(&mut tmp, doc.to_string().as_bytes()).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        Ok(())
    }

    /// Stores `token` for `name` (the file is created with mode 0600).
    ///
    /// # Errors
    /// [`CredentialError`].
    pub fn set(&self, name: &str, token: &Secret) -> Result<(), CredentialError> {
        let mut doc = self.read()?;
        if !doc.contains_table("registries") {
            doc.insert("registries", Item::Table(Table::new()));
        }
        let regs = doc["registries"].as_table_mut().expect("a table");
        regs.set_implicit(true);
        let mut entry = Table::new();
        entry.insert("token", toml_edit::value(token.expose()));
        regs.insert(name, Item::Table(entry));
        self.write(&doc)
    }

    /// Removes the token of `name`; returns whether there was one.
    ///
    /// # Errors
    /// [`CredentialError`].
    pub fn remove(&self, name: &str) -> Result<bool, CredentialError> {
        let mut doc = self.read()?;
        let removed = doc
            .get_mut("registries")
            .and_then(Item::as_table_mut)
            .is_some_and(|t| t.remove(name).is_some());
        if removed {
            self.write(&doc)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names() {
        assert_eq!(env_var_name("internal"), "PLUGIN_REGISTRIES_INTERNAL_TOKEN");
        assert_eq!(env_var_name("my-corp"), "PLUGIN_REGISTRIES_MY_CORP_TOKEN");
    }

    #[test]
    fn store_round_trip_with_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let store = CredentialStore {
            path: dir.path().join("plugin/credentials.toml"),
        };
        store.set("internal", &Secret::new("tok-1")).unwrap();
        store.set("other", &Secret::new("tok-2")).unwrap();
        assert_eq!(store.get("internal").unwrap().expose(), "tok-1");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(store.remove("internal").unwrap());
        assert!(store.get("internal").is_none());
        assert_eq!(store.get("other").unwrap().expose(), "tok-2");
    }
}

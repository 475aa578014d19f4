//! Registry credentials: where they come from, and the user's credentials file.
//!
//! A credential belongs to the registry it was issued for, named by its **index URL**, never
//! by the project-local name in plugins.toml: every project has a registry called `default`,
//! and a plugins.toml from a cloned repository or an untrusted branch can point any name at
//! any host. The URL is normalized as npm and uv key theirs (see [`crate::source_id::index_key`]):
//! `scheme://host[:port]/path/`, without user name, password, query or fragment.
//!
//! For a registry served over HTTP(S) at URL, the first of these is used:
//!
//! 1. the user name and password written into the URL itself
//!    (`https://user:password@host/index/` in plugins.toml, or `--registry URL` of `search`
//!    and `info`), sent as HTTP Basic credentials. They never leave that URL: plugins.lock,
//!    the install records and every message show the URL without them;
//! 2. in CI, the variable `PLUGIN_REGISTRIES_<NAME>_TOKEN` (NAME upper-cased, `-` as `_`), but
//!    **only** when `PLUGIN_REGISTRIES_<NAME>_INDEX` is also set and names the same URL as
//!    plugins.toml's entry for NAME. The token then travels with the URL it is for: a
//!    plugins.toml from an untrusted branch that points NAME at another host gets no token
//!    (the variable is withheld with a warning). A token variable without its `_INDEX` is
//!    ignored with a warning saying what to set;
//! 3. `credentials.toml` in the user's config folder (`PLUGIN_CONFIG_DIR`, else
//!    `$XDG_CONFIG_HOME/plugin`, else `$HOME/.config/plugin`), written with mode 0600 by
//!    `plugin login NAME|URL`, which resolves NAME through the project's `[registries]` and
//!    records the token under the registry's URL:
//!
//!    ```toml
//!    [registries."https://plugins.example.com/index/"]
//!    token = "…"
//!    ```
//!
//! `token-env = "VAR"` in plugins.toml is refused with a migration message: an untrusted
//! plugins.toml could name any variable (a cloud secret) and have it sent to its own host.
//! An entry of an older credentials file keyed by a registry *name*
//! (`[registries.internal] token = …`) is never used: nothing says which host it was issued
//! for. A warning says how to store it again under the URL.
//!
//! Tokens are held as [`Secret`]s, which never print. A token goes only to its registry's
//! origin (scheme, host and port), below its index path or its `dl` folder there (see
//! [`crate::source::credentials::Auth`]), and
//! is never written anywhere but the credentials file.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};
use url::Url;

use crate::env::{env_var_name, index_var_name, vars, Env};
use crate::error::Hint;
use crate::project::RegistryRef;
use crate::redact::Secret;
use crate::source_id::{index_key, RegistryLocation};

/// What to do when registry `name` refused a request for want of a (valid) token.
pub fn missing_token_hint(name: &str) -> String {
    format!(
        "run `printf '%s' \"$TOKEN\" | plugin login {name}`, or in CI set `{}` together with `{}` (the registry's URL)",
        env_var_name(name),
        index_var_name(name)
    )
}

/// The user's config folder for `plugin`, if one can be named.
pub fn config_dir(env: &Env) -> Option<PathBuf> {
    if let Some(d) = env.get(vars::PLUGIN_CONFIG_DIR).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = env.get(vars::XDG_CONFIG_HOME).filter(|d| !d.is_empty()) {
        return Some(Path::new(d).join("plugin"));
    }
    env.get(vars::HOME)
        .filter(|h| !h.is_empty())
        .map(|h| Path::new(h).join(".config").join("plugin"))
}

/// Where a credential was found, for messages (never the credential itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// The user name and password in the registry's URL.
    Url,
    /// An environment variable.
    Env(String),
    /// The credentials file.
    File(PathBuf),
}

/// The credential of one registry and what was noticed while looking for it.
#[derive(Debug, Default)]
pub struct Lookup {
    /// The `Authorization` to send, bound to the registry's URL, and where it came from.
    pub auth: Option<(Auth, TokenSource)>,
    /// Warnings for the user: ignored or withheld variables, old name-keyed entries, an
    /// unreadable credentials file. They name variables and files, never a token.
    pub warnings: Vec<String>,
}

/// The credential of `registry` (see the module docs for the order and the rules).
pub fn lookup(registry: &RegistryRef, env: &Env) -> Lookup {
    let mut out = Lookup::default();
    let RegistryLocation::Http(url) = &registry.location else {
        return out;
    };
    let name = registry.key.as_str();
    if let Some(c) = &registry.url_credentials {
        out.auth = Some((Auth::new(url, &c.basic_header()), TokenSource::Url));
    }
    let token_var = env_var_name(name);
    let index_var = index_var_name(name);
    if let Some(token) = env.get(&token_var).filter(|t| !t.is_empty()) {
        match env.get(&index_var).filter(|t| !t.is_empty()) {
            None => out.warnings.push(format!(
                "`{token_var}` is ignored: a token variable is used only together with `{index_var}` set to the URL the token was issued for, so that a plugins.toml pointing `{name}` at another host cannot collect it"
            )),
            Some(bound) => match Url::parse(bound) {
                Ok(b) if index_key(&b) == *url => {
                    if out.auth.is_none() {
                        out.auth =
                            Some((Auth::new(url, &Secret::new(token)), TokenSource::Env(token_var)));
                    }
                }
                Ok(b) => out.warnings.push(format!(
                    "`{token_var}` is withheld: plugins.toml points registry `{name}` at `{}`, but `{index_var}` names `{}`",
                    registry.location.display(),
                    crate::redact::Redacted::new(&index_key(&b))
                )),
                Err(_) => out.warnings.push(format!(
                    "`{token_var}` is withheld: `{index_var}` is not a URL (`{}`)",
                    crate::source_id::redact_text(bound)
                )),
            },
        }
    }
    let Some(store) = CredentialStore::new(env) else {
        return out;
    };
    match store.read() {
        Err(e) => out
            .warnings
            .push(format!("{e}: stored tokens are not used")),
        Ok(doc) => {
            if out.auth.is_none() {
                if let Some(t) = token_in(&doc, url) {
                    out.auth = Some((Auth::new(url, &t), TokenSource::File(store.path.clone())));
                }
            }
            if token_in_legacy(&doc, name) {
                out.warnings.push(legacy_message(&store.path, name));
            }
        }
    }
    out
}

/// The migration message for an entry of the credentials file keyed by registry name.
fn legacy_message(path: &Path, name: &str) -> String {
    format!(
        "`{}` stores a token under the registry name `{name}` (written by an older plugin); it is not used, because every project can call a registry `{name}` and point it at any host. Store it under the registry's URL with `printf '%s' \"$TOKEN\" | plugin login {name}` in a project that configures `{name}` (this also removes the old entry), or remove it with `plugin logout {name}`",
        path.display()
    )
}

fn token_in(doc: &DocumentMut, url: &Url) -> Option<Secret> {
    doc.get("registries")?
        .get(index_key(url).as_str())?
        .get("token")?
        .as_str()
        .map(Secret::new)
}

/// Whether `doc` has an old entry `[registries.NAME]` (a key that is not a URL).
fn token_in_legacy(doc: &DocumentMut, name: &str) -> bool {
    !name.contains("://")
        && doc
            .get("registries")
            .and_then(|r| r.get(name))
            .is_some_and(|e| e.get("token").is_some())
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

impl Hint for CredentialError {
    fn hint(&self) -> Option<String> {
        match self {
            Self::NoConfigDir => Some(
                "set `PLUGIN_CONFIG_DIR` to the folder that should hold credentials.toml".into(),
            ),
            _ => None,
        }
    }
}

/// The user's credentials file: `[registries."INDEX-URL"] token = "…"`, keyed by
/// [`index_key`].
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
        // The parser's message may quote the line, and the line may hold a token.
        text.parse().map_err(|e: toml_edit::TomlError| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            CredentialError::Parse {
                path: self.path.clone(),
                message: format!("the file does not parse{at}"),
            }
        })
    }

    /// The token stored for the registry at `url` (compared by [`index_key`]).
    ///
    /// # Errors
    /// [`CredentialError`] when the file cannot be read.
    pub fn get(&self, url: &Url) -> Result<Option<Secret>, CredentialError> {
        Ok(token_in(&self.read()?, url))
    }

    /// Whether an old entry keyed by the registry name `name` exists.
    ///
    /// # Errors
    /// [`CredentialError`] when the file cannot be read.
    pub fn has_legacy(&self, name: &str) -> Result<bool, CredentialError> {
        Ok(token_in_legacy(&self.read()?, name))
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

    fn registries_mut(doc: &mut DocumentMut) -> &mut Table {
        if !doc.contains_table("registries") {
            doc.insert("registries", Item::Table(Table::new()));
        }
        let regs = doc["registries"].as_table_mut().expect("a table");
        regs.set_implicit(true);
        regs
    }

    /// Stores `token` for the registry at `url` (under its [`index_key`]; the file is created
    /// with mode 0600) and removes an old entry keyed by the name `legacy_name`, if given.
    /// Returns whether that old entry held a token (as [`CredentialStore::has_legacy`]).
    ///
    /// # Errors
    /// [`CredentialError`].
    pub fn set(
        &self,
        url: &Url,
        token: &Secret,
        legacy_name: Option<&str>,
    ) -> Result<bool, CredentialError> {
        let mut doc = self.read()?;
        let legacy = legacy_name.filter(|n| !n.contains("://"));
        let had_legacy = legacy.is_some_and(|n| token_in_legacy(&doc, n));
        let regs = Self::registries_mut(&mut doc);
        if let Some(n) = legacy {
            regs.remove(n);
        }
        let mut entry = Table::new();
        entry.insert("token", toml_edit::value(token.expose()));
        regs.insert(index_key(url).as_str(), Item::Table(entry));
        self.write(&doc)?;
        Ok(had_legacy)
    }

    /// Removes the token of the registry at `url` (if given) and the old entry keyed by the
    /// name `legacy_name` (if given); returns how many entries were removed.
    ///
    /// # Errors
    /// [`CredentialError`].
    pub fn remove(
        &self,
        url: Option<&Url>,
        legacy_name: Option<&str>,
    ) -> Result<usize, CredentialError> {
        let mut doc = self.read()?;
        let Some(regs) = doc.get_mut("registries").and_then(Item::as_table_mut) else {
            return Ok(0);
        };
        let mut removed = 0;
        if let Some(u) = url {
            removed += usize::from(regs.remove(index_key(u).as_str()).is_some());
        }
        if let Some(n) = legacy_name.filter(|n| !n.contains("://")) {
            removed += usize::from(regs.remove(n).is_some());
        }
        if removed > 0 {
            self.write(&doc)?;
        }
        Ok(removed)
    }
}

/// A credential and the only URLs it may be sent to: those of its registry's origin (scheme,
/// host and port) whose path starts with the registry's index path (as uv scopes credentials
/// by realm and path prefix), and, for downloads, below the archive folder the registry's
/// `config.json` names on that origin ([`Auth::also_below`]). A `dl` or a redirect to another
/// origin gets no `Authorization` header.
#[derive(Debug, Clone)]
pub struct Auth {
    origin: url::Origin,
    prefixes: Vec<String>,
    header: Secret,
}

impl Auth {
    /// A token for the registry at `registry_url`. A token that already starts with a scheme
    /// (`Basic …`, `Bearer …`) is sent as it is; otherwise as `Bearer TOKEN`.
    pub fn new(registry_url: &Url, token: &Secret) -> Self {
        let t = token.expose().trim();
        let has_scheme = t.split_once(' ').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphabetic())
        });
        let header = if has_scheme {
            t.to_string()
        } else {
            format!("Bearer {t}")
        };
        Self {
            origin: registry_url.origin(),
            prefixes: vec![crate::source_id::index_key(registry_url).path().to_string()],
            header: Secret::new(header),
        }
    }

    /// The `Authorization` header's value, for the one place that sends it.
    pub fn header(&self) -> &Secret {
        &self.header
    }

    /// Whether this credential may be sent to `url`: same origin, and a path at or below the
    /// registry's index path (`/index/` covers `/index/st/oq/stoq-hash`, not `/indexes/`).
    pub fn applies_to(&self, url: &Url) -> bool {
        url.origin() == self.origin && self.prefixes.iter().any(|p| url.path().starts_with(p))
    }

    /// The same credential, also for the folder of `url` and below when `url` is on the
    /// registry's origin: for the archives the registry's own `config.json` places there (its
    /// `dl`), as cargo sends a registry's token to its `dl`. Another origin gains nothing.
    pub fn also_below(&self, url: &Url) -> Self {
        let mut auth = self.clone();
        if url.origin() == self.origin {
            let path = url.path();
            let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            if !folder.is_empty() && !auth.prefixes.iter().any(|p| folder.starts_with(p)) {
                auth.prefixes.push(folder.to_string());
            }
        }
        auth
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn http_registry(key: &str, u: &str) -> RegistryRef {
        RegistryRef {
            key: key.into(),
            spelled: u.into(),
            location: RegistryLocation::Http(index_key(&url(u))),
            url_credentials: None,
            ca_file: None,
            root: None,
        }
    }

    #[test]
    fn variable_names() {
        assert_eq!(env_var_name("internal"), "PLUGIN_REGISTRIES_INTERNAL_TOKEN");
        assert_eq!(env_var_name("my-corp"), "PLUGIN_REGISTRIES_MY_CORP_TOKEN");
        assert_eq!(index_var_name("my-corp"), "PLUGIN_REGISTRIES_MY_CORP_INDEX");
    }

    #[test]
    fn store_round_trip_by_url_with_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let store = CredentialStore {
            path: dir.path().join("plugin/credentials.toml"),
        };
        let a = url("https://Plugins.Example.com:443/index");
        store.set(&a, &Secret::new("tok-1"), None).unwrap();
        store
            .set(&url("https://other.example/"), &Secret::new("tok-2"), None)
            .unwrap();
        let same = url("https://u:p@plugins.example.com/index/?q=1#f");
        assert_eq!(store.get(&same).unwrap().unwrap().expose(), "tok-1");
        assert!(store
            .get(&url("https://plugins.example.com/other/"))
            .unwrap()
            .is_none());
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(
            text.contains("[registries.\"https://plugins.example.com/index/\"]"),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(store.remove(Some(&a), None).unwrap(), 1);
        assert!(store.get(&a).unwrap().is_none());
        assert_eq!(
            store
                .get(&url("https://other.example/"))
                .unwrap()
                .unwrap()
                .expose(),
            "tok-2"
        );
    }

    #[test]
    fn name_keyed_entries_are_never_used_and_login_replaces_them() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().to_str().unwrap();
        std::fs::write(
            dir.path().join("credentials.toml"),
            "[registries.default]\ntoken = \"old-token\"\n",
        )
        .unwrap();
        let env = Env::from_pairs([("PLUGIN_CONFIG_DIR", cfg)]);
        let reg = http_registry("default", "https://attacker.example/");
        let found = lookup(&reg, &env);
        assert!(found.auth.is_none());
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        assert!(found.warnings[0].contains("plugin login default"));
        assert!(!found.warnings[0].contains("old-token"));

        let store = CredentialStore::new(&env).unwrap();
        assert!(store.has_legacy("default").unwrap());
        store
            .set(
                &url("https://attacker.example/"),
                &Secret::new("new"),
                Some("default"),
            )
            .unwrap();
        assert!(!store.has_legacy("default").unwrap());
        assert!(lookup(&reg, &env).warnings.is_empty());
    }

    #[test]
    fn token_variable_needs_its_index_and_the_same_url() {
        let reg = http_registry("default", "https://plugins.example.com/index/");
        let tok = "PLUGIN_REGISTRIES_DEFAULT_TOKEN";
        let idx = "PLUGIN_REGISTRIES_DEFAULT_INDEX";

        let alone = lookup(&reg, &Env::from_pairs([(tok, "t")]));
        assert!(alone.auth.is_none());
        assert!(alone.warnings[0].contains(idx), "{:?}", alone.warnings);

        let other = lookup(
            &reg,
            &Env::from_pairs([(tok, "t"), (idx, "https://attacker.example/index/")]),
        );
        assert!(other.auth.is_none());
        assert!(
            other.warnings[0].contains("withheld"),
            "{:?}",
            other.warnings
        );

        let bound = lookup(
            &reg,
            &Env::from_pairs([(tok, "t"), (idx, "https://PLUGINS.example.com/index")]),
        );
        let (auth, from) = bound.auth.expect("bound token");
        assert_eq!(from, TokenSource::Env(tok.into()));
        assert!(auth.applies_to(&url("https://plugins.example.com/index/st/oq/stoq-hash")));
        assert!(bound.warnings.is_empty());
    }

    #[test]
    fn unparseable_file_is_reported_without_its_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("credentials.toml"),
            "[registries.\"https://x/\"]\ntoken = \"secret-value\n",
        )
        .unwrap();
        let env = Env::from_pairs([("PLUGIN_CONFIG_DIR", dir.path().to_str().unwrap())]);
        let found = lookup(&http_registry("x", "https://x/"), &env);
        assert!(found.auth.is_none());
        assert_eq!(found.warnings.len(), 1);
        assert!(
            !found.warnings[0].contains("secret-value"),
            "{:?}",
            found.warnings
        );
    }
}

//! Signing a registry folder with The Update Framework (TUF, <https://theupdateframework.io>),
//! through the `tough` crate: `plugin index init DIR --signed --keys KEYDIR`, the re-signing
//! that `publish`/`yank --keys KEYDIR` do after they write, `plugin index sign` (refresh the
//! expiry of the online roles) and root key rotation.
//!
//! The metadata lies beside `config.json` (`consistent_snapshot` is false, so targets keep
//! their ordinary paths): `root.json` and `N.root.json` (every root version, so that clients
//! holding an older root can walk the chain), `targets.json`, `snapshot.json` and
//! `timestamp.json`. The targets are `config.json`, `search.jsonl` and the index files; an
//! index line's `cksum` then covers its archive. See docs/formats.md, "Signed registries".
//!
//! Keys are ed25519, kept as PKCS#8 PEM files in KEYDIR, which must not be inside the
//! registry: [`ROOT_KEY`] signs `root.json` only (keep it offline), [`ONLINE_KEY`] signs
//! targets, snapshot and timestamp (the one CI needs). Private keys are never written into
//! the registry, and never printed.

use std::num::NonZeroU64;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tough::editor::signed::SignedRole;
use tough::editor::RepositoryEditor;
use tough::key_source::KeySource;
use tough::schema::{KeyHolder, RoleKeys, RoleType, Root, Signed, Target, Targets};
use tough::sign::{parse_keypair, Sign};

use crate::error::Hint;
pub use crate::source::tuf::{is_metadata, METADATA};

/// The file in KEYDIR holding the root key (PKCS#8 PEM, ed25519).
pub const ROOT_KEY: &str = "root.pem";
/// The file in KEYDIR holding the online key, signing targets, snapshot and timestamp.
pub const ONLINE_KEY: &str = "online.pem";
/// Signing a registry failed.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    /// A file could not be read or written.
    #[error("could not {action} `{}`", path.display())]
    Io {
        /// What was being done ("read", "write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The key folder is inside the registry, where anyone reading it would get the keys.
    #[error("the key folder `{}` is inside the registry `{}`", keys.display(), registry.display())]
    KeysInsideRegistry {
        /// The key folder.
        keys: PathBuf,
        /// The registry folder.
        registry: PathBuf,
    },
    /// A key file is missing or is not an ed25519/ECDSA/RSA PKCS#8 private key.
    #[error("`{}` is not a usable signing key: {message}", path.display())]
    BadKey {
        /// The key file (or `PLUGIN_SIGNING_KEYS`).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The registry is signed but no keys were given.
    #[error("registry `{}` is signed, and changing it needs its online key", registry.display())]
    NeedsKeys {
        /// The registry folder.
        registry: PathBuf,
    },
    /// Keys were given for a registry that is not signed.
    #[error("registry `{}` is not signed (it has no `root.json`)", registry.display())]
    NotSigned {
        /// The registry folder.
        registry: PathBuf,
    },
    /// The online key given is not the one the registry's root names.
    #[error("the online key `{}` is not the one the root of registry `{}` names for its targets, snapshot and timestamp", keys.display(), registry.display())]
    WrongKey {
        /// Where the keys came from.
        keys: PathBuf,
        /// The registry folder.
        registry: PathBuf,
    },
    /// An expiry that is not a duration.
    #[error("`{text}` is not a duration: {message}")]
    BadDuration {
        /// As given.
        text: String,
        /// Why not.
        message: String,
    },
    /// tough refused to build or sign the metadata.
    #[error("could not sign the {what} of registry `{}`: {message}", registry.display())]
    Tuf {
        /// The registry folder.
        registry: PathBuf,
        /// What was being signed.
        what: &'static str,
        /// tough's error, with its causes.
        message: String,
    },
}

impl Hint for SigningError {
    fn hint(&self) -> Option<String> {
        match self {
            Self::KeysInsideRegistry { .. } => Some(
                "keep the keys outside the folder that is served: give `--keys` a folder elsewhere (a secret store in CI)".into(),
            ),
            Self::BadKey { .. } => Some(format!(
                "give the KEYDIR written by `plugin index init DIR --signed --keys KEYDIR` (it holds `{ROOT_KEY}` and `{ONLINE_KEY}`), or set `PLUGIN_SIGNING_KEYS` to it or to the PEM text of the online key"
            )),
            Self::NeedsKeys { .. } => Some(
                "pass `--keys KEYDIR` (the folder `plugin index init --signed` wrote) or set `PLUGIN_SIGNING_KEYS`; publishing without re-signing would make every client refuse the registry".into(),
            ),
            Self::NotSigned { registry } => Some(format!(
                "drop `--keys`, or sign it first with `plugin index init {} --signed --keys KEYDIR`",
                registry.display()
            )),
            Self::BadDuration { .. } => Some("for example `7d`, `12h` or `90days`".into()),
            Self::WrongKey { .. } => Some(
                "give the key folder of the registry's current root (after `plugin index sign --rotate-root NEWKEYDIR`, that is NEWKEYDIR); nothing was changed".into(),
            ),
            _ => None,
        }
    }
}

/// How long each role's metadata stays valid from the moment it is signed.
#[derive(Debug, Clone, Copy)]
pub struct Expiry {
    /// `root.json`.
    pub root: Duration,
    /// `targets.json`.
    pub targets: Duration,
    /// `snapshot.json`.
    pub snapshot: Duration,
    /// `timestamp.json`: the window in which a frozen registry goes unnoticed.
    pub timestamp: Duration,
}

impl Default for Expiry {
    /// Root a year, targets and snapshot 90 days, timestamp 7 days.
    fn default() -> Self {
        const DAY: u64 = 24 * 60 * 60;
        Self {
            root: Duration::from_secs(365 * DAY),
            targets: Duration::from_secs(90 * DAY),
            snapshot: Duration::from_secs(90 * DAY),
            timestamp: Duration::from_secs(7 * DAY),
        }
    }
}

/// Parses an expiry such as `7d` or `1s` (humantime's syntax).
///
/// # Errors
/// [`SigningError::BadDuration`].
pub fn parse_duration(text: &str) -> Result<Duration, SigningError> {
    humantime::parse_duration(text).map_err(|e| SigningError::BadDuration {
        text: text.to_string(),
        message: e.to_string(),
    })
}

/// A private key held in memory (PKCS#8 DER), given to tough as a [`KeySource`].
struct DerKey(Vec<u8>);

impl std::fmt::Debug for DerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DerKey(..)")
    }
}

#[tough::async_trait]
impl KeySource for DerKey {
    async fn as_sign(
        &self,
    ) -> Result<Box<dyn Sign>, Box<dyn std::error::Error + Send + Sync + 'static>> {
        Ok(Box::new(parse_keypair(&self.0)?))
    }

    async fn write(
        &self,
        _value: &str,
        _key_id_hex: &str,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync + 'static>> {
        Err("keys are not written back".into())
    }
}

/// The signing keys: the online key always, the root key when the folder holds it.
pub struct Keys {
    root: Option<Vec<u8>>,
    online: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("root", &self.root.is_some())
            .finish_non_exhaustive()
    }
}

fn read_pem(path: &Path) -> Result<Option<Vec<u8>>, SigningError> {
    match std::fs::read(path) {
        Ok(bytes) => pem_der(&bytes, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SigningError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The DER of a PEM private key, checked to be one tough can sign with.
fn pem_der(bytes: &[u8], shown: &Path) -> Result<Vec<u8>, SigningError> {
    let bad = |message: String| SigningError::BadKey {
        path: shown.to_path_buf(),
        message,
    };
    let pem = pem::parse(bytes).map_err(|e| bad(format!("not PEM: {e}")))?;
    if pem.tag() != "PRIVATE KEY" {
        return Err(bad(format!(
            "a `{}` block, not a `PRIVATE KEY` (PKCS#8)",
            pem.tag()
        )));
    }
    let der = pem.contents().to_vec();
    parse_keypair(&der).map_err(|e| bad(e.to_string()))?;
    Ok(der)
}

fn public_key(der: &[u8]) -> tough::schema::key::Key {
    parse_keypair(der)
        .expect("keys are checked when read or made")
        .tuf_key()
}

impl Keys {
    /// The keys in `dir` ([`ROOT_KEY`] optional, [`ONLINE_KEY`] required).
    ///
    /// # Errors
    /// [`SigningError::BadKey`] when the online key is missing or a key is unusable.
    pub fn load(dir: &Path) -> Result<Self, SigningError> {
        let online_path = dir.join(ONLINE_KEY);
        let online = read_pem(&online_path)?.ok_or_else(|| SigningError::BadKey {
            path: online_path,
            message: "there is no such file".into(),
        })?;
        Ok(Self {
            root: read_pem(&dir.join(ROOT_KEY))?,
            online,
        })
    }

    /// The keys `PLUGIN_SIGNING_KEYS` gives: the PEM text of the online key, or a KEYDIR
    /// (relative to `cwd`).
    ///
    /// # Errors
    /// As [`Keys::load`].
    pub fn from_env_value(value: &str, cwd: &Path) -> Result<Self, SigningError> {
        if value.trim_start().starts_with("-----BEGIN") {
            let online = pem_der(value.as_bytes(), Path::new("PLUGIN_SIGNING_KEYS"))?;
            return Ok(Self { root: None, online });
        }
        Self::load(&cwd.join(value))
    }

    /// The keys in `dir`, made (ed25519) for those missing; the folder is created, each new
    /// file readable by its owner only.
    ///
    /// # Errors
    /// [`SigningError::Io`] when they cannot be written, or as [`Keys::load`].
    pub fn load_or_create(dir: &Path) -> Result<Self, SigningError> {
        std::fs::create_dir_all(dir).map_err(|source| SigningError::Io {
            action: "create",
            path: dir.to_path_buf(),
            source,
        })?;
        for name in [ROOT_KEY, ONLINE_KEY] {
            let path = dir.join(name);
            if !path.exists() {
                write_new_key(&path)?;
            }
        }
        Self::load(dir)
    }

    fn sources(der: &[u8]) -> Vec<Box<dyn KeySource>> {
        vec![Box::new(DerKey(der.to_vec()))]
    }

    fn root_der(&self, dir: &Path) -> Result<&[u8], SigningError> {
        self.root.as_deref().ok_or_else(|| SigningError::BadKey {
            path: dir.join(ROOT_KEY),
            message: "the root key is needed to sign a new root, and there is none".into(),
        })
    }
}

fn write_new_key(path: &Path) -> Result<(), SigningError> {
    use std::io::Write;
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let doc = aws_lc_rs::signature::Ed25519KeyPair::generate_pkcs8(&rng).map_err(|_| {
        SigningError::BadKey {
            path: path.to_path_buf(),
            message: "could not generate an ed25519 key".into(),
        }
    })?;
    let text = pem::encode(&pem::Pem::new("PRIVATE KEY", doc.as_ref().to_vec()));
    let io = |source| SigningError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Refuses a key folder inside the registry folder (both must exist).
///
/// # Errors
/// [`SigningError::KeysInsideRegistry`].
pub fn check_keys_outside(keys: &Path, registry: &Path) -> Result<(), SigningError> {
    let (Ok(k), Ok(r)) = (keys.canonicalize(), registry.canonicalize()) else {
        return Ok(());
    };
    if k.starts_with(&r) {
        return Err(SigningError::KeysInsideRegistry {
            keys: keys.to_path_buf(),
            registry: registry.to_path_buf(),
        });
    }
    Ok(())
}

/// Checks that `keys`' online key is the one the root of `dir` names for targets, snapshot
/// and timestamp, before anything is written; `shown` names where the keys came from.
///
/// # Errors
/// [`SigningError::WrongKey`], or [`SigningError::Io`] when `root.json` cannot be read.
pub fn check_online_key(dir: &Path, keys: &Keys, shown: &Path) -> Result<(), SigningError> {
    let root: Signed<Root> =
        read_json(&dir.join("root.json"))?.ok_or_else(|| SigningError::NotSigned {
            registry: dir.to_path_buf(),
        })?;
    root_names_online_key(&root, keys, shown, dir)
}

/// [`check_online_key`] against `root`, the root metadata of `registry`.
fn root_names_online_key(
    root: &Signed<Root>,
    keys: &Keys,
    shown: &Path,
    registry: &Path,
) -> Result<(), SigningError> {
    let id = public_key(&keys.online).key_id().ok();
    let names = |role| {
        root.signed
            .roles
            .get(&role)
            .is_some_and(|r| id.as_ref().is_some_and(|id| r.keyids.contains(id)))
    };
    if [RoleType::Targets, RoleType::Snapshot, RoleType::Timestamp]
        .into_iter()
        .all(names)
    {
        return Ok(());
    }
    Err(SigningError::WrongKey {
        keys: shown.to_path_buf(),
        registry: registry.to_path_buf(),
    })
}

/// Whether the registry folder `dir` is signed (holds `root.json`).
pub fn is_signed(dir: &Path) -> bool {
    dir.join("root.json").is_file()
}

use crate::source::tuf::runtime;

fn tuf_err(registry: &Path, what: &'static str) -> impl Fn(tough::error::Error) -> SigningError {
    let registry = registry.to_path_buf();
    move |e| SigningError::Tuf {
        registry: registry.clone(),
        what,
        message: crate::error::with_causes(&e),
    }
}

fn expires_in(d: Duration) -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2);
    // Whole seconds, as TUF metadata writes them.
    let now = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    now.checked_add(jiff::SignedDuration::from_secs(secs))
        .unwrap_or(jiff::Timestamp::MAX)
}

fn role_keys(id: tough::schema::decoded::Decoded<tough::schema::decoded::Hex>) -> RoleKeys {
    RoleKeys {
        keyids: vec![id],
        threshold: NonZeroU64::MIN,
        _extra: Default::default(),
    }
}

/// A root of `version` naming `keys`' root key for the root role and its online key for
/// the others.
fn build_root(keys: &Keys, dir: &Path, version: u64, expiry: Expiry) -> Result<Root, SigningError> {
    let root_key = public_key(keys.root_der(dir)?);
    let online_key = public_key(&keys.online);
    let id = |k: &tough::schema::key::Key| {
        k.key_id().map_err(|e| SigningError::Tuf {
            registry: dir.to_path_buf(),
            what: "root",
            message: e.to_string(),
        })
    };
    let (root_id, online_id) = (id(&root_key)?, id(&online_key)?);
    let mut root = Root {
        spec_version: "1.0.0".into(),
        consistent_snapshot: false,
        version: NonZeroU64::new(version).unwrap_or(NonZeroU64::MIN),
        expires: expires_in(expiry.root),
        keys: Default::default(),
        roles: Default::default(),
        _extra: Default::default(),
    };
    root.keys.insert(root_id.clone(), root_key);
    root.keys.insert(online_id.clone(), online_key);
    root.roles.insert(RoleType::Root, role_keys(root_id));
    for role in [RoleType::Targets, RoleType::Snapshot, RoleType::Timestamp] {
        root.roles.insert(role, role_keys(online_id.clone()));
    }
    Ok(root)
}

/// The sha256 of `bytes`, raw.
fn sha2_of(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SigningError> {
    crate::fs::write_atomic(path, bytes)
        .map(|_| ())
        .map_err(|source| SigningError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
}

/// Writes a signed root as `root.json` and `N.root.json`.
fn write_root(dir: &Path, root: &SignedRole<Root>) -> Result<(), SigningError> {
    let version = root.signed().signed.version;
    write_file(&dir.join(format!("{version}.root.json")), root.buffer())?;
    write_file(&dir.join("root.json"), root.buffer())
}

/// The files of the registry folder `dir` that its targets list: `config.json`, the search
/// listing, the index files and the advisories (not the metadata, not the archives, whose
/// digests the index lines hold), as paths from the root.
///
/// # Errors
/// [`SigningError::Io`] when the folder or its `config.json` cannot be read.
pub fn signable_files(dir: &Path) -> Result<Vec<String>, SigningError> {
    let io = |action, path: PathBuf| {
        move |source| SigningError::Io {
            action,
            path,
            source,
        }
    };
    let config_path = dir.join("config.json");
    let bytes = std::fs::read(&config_path).map_err(io("read", config_path.clone()))?;
    let config: crate::source::index::IndexConfig = serde_json::from_slice(&bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        .map_err(io("parse", config_path))?;
    let mut files: Vec<String> = crate::fs::list_files(dir)
        .map_err(io("list", dir.to_path_buf()))?
        .into_iter()
        .filter(|rel| is_signable(rel, &config))
        .collect();
    files.sort();
    Ok(files)
}

/// Whether the registry file `rel` (a path relative to its root) is a signed target:
/// config.json, search.jsonl, an advisory file or an index file; never the metadata itself
/// nor an archive (its index line holds its digest).
fn is_signable(rel: &str, config: &crate::source::index::IndexConfig) -> bool {
    let advisory = rel
        .strip_prefix(crate::source::advisory::ADVISORY_DIR)
        .is_some_and(|rest| rest.starts_with('/'));
    !is_metadata(rel)
        && (rel == "config.json"
            || rel == crate::source::index::SEARCH_FILE
            || advisory
            || crate::authoring::local_registry::is_index_file(rel, config))
}

/// Signs the registry folder `dir` for the first time: a root (version 1) naming `keys`, and
/// targets listing `files` (see [`signable_files`]).
///
/// # Errors
/// [`SigningError`] when the keys lack a root key, or writing fails.
pub fn init(dir: &Path, keys: &Keys, files: &[String], expiry: Expiry) -> Result<(), SigningError> {
    let root = build_root(keys, dir, 1, expiry)?;
    let rt = runtime();
    let signed = rt
        .block_on(SignedRole::new(
            root.clone(),
            &KeyHolder::Root(root),
            &Keys::sources(keys.root_der(dir)?),
            &aws_lc_rs::rand::SystemRandom::new(),
        ))
        .map_err(tuf_err(dir, "root"))?;
    write_root(dir, &signed)?;
    resign(dir, keys, files, expiry)
}

/// The signed roles of `dir` as they are now (unverified: the publisher's own files).
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, SigningError> {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| SigningError::Io {
                action: "parse",
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SigningError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn version_of<T: tough::schema::Role + serde::de::DeserializeOwned>(
    dir: &Path,
    file: &str,
) -> Result<u64, SigningError> {
    Ok(read_json::<Signed<T>>(&dir.join(file))?.map_or(0, |s| s.signed.version().get()))
}

/// Signs targets, snapshot and timestamp of `dir` again with the online key: the files
/// `changed` (paths from the root) are hashed again (listed when present, dropped when
/// gone), every other target is kept as listed; each role's version goes up by one and its
/// expiry restarts from now. `changed` empty only refreshes the expiry (`plugin index sign`).
///
/// # Errors
/// [`SigningError::NotSigned`], or tough's refusal (a key the root does not name).
pub fn resign(
    dir: &Path,
    keys: &Keys,
    changed: &[String],
    expiry: Expiry,
) -> Result<(), SigningError> {
    if !is_signed(dir) {
        return Err(SigningError::NotSigned {
            registry: dir.to_path_buf(),
        });
    }
    let old_targets: Option<Signed<Targets>> = read_json(&dir.join("targets.json"))?;
    let bump = |n: u64| NonZeroU64::new(n + 1).unwrap_or(NonZeroU64::MIN);
    let targets_version = bump(old_targets.as_ref().map_or(0, |t| t.signed.version.get()));
    let snapshot_version = bump(version_of::<tough::schema::Snapshot>(dir, "snapshot.json")?);
    let timestamp_version = bump(version_of::<tough::schema::Timestamp>(
        dir,
        "timestamp.json",
    )?);
    // The changed files, hashed here (a target is its length and sha256).
    let mut updates = Vec::new();
    for rel in changed {
        let path = dir.join(rel);
        let target = match std::fs::read(&path) {
            Ok(bytes) => Some(Target {
                length: bytes.len() as u64,
                hashes: tough::schema::Hashes {
                    sha256: sha2_of(&bytes).into(),
                    _extra: Default::default(),
                },
                custom: Default::default(),
                _extra: Default::default(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(SigningError::Io {
                    action: "read",
                    path,
                    source,
                })
            }
        };
        updates.push((rel.as_str(), target));
    }
    let rt = runtime();
    let err = tuf_err(dir, "metadata");
    // tough writes each role in place (truncate, then write); it writes into a scratch
    // folder, and each role is moved into the registry whole.
    let scratch = tempfile::tempdir().map_err(|source| SigningError::Io {
        action: "create a scratch folder for",
        path: dir.to_path_buf(),
        source,
    })?;
    rt.block_on(async {
        let mut editor = RepositoryEditor::new(dir.join("root.json")).await?;
        if let Some(old) = old_targets {
            for (name, target) in old.signed.targets {
                editor.add_target(name, target)?;
            }
        }
        for (rel, target) in updates {
            let name = tough::TargetName::new(rel)?;
            match target {
                Some(t) => editor.add_target(name, t)?,
                None => editor.remove_target(&name)?,
            };
        }
        editor
            .targets_version(targets_version)?
            .targets_expires(expires_in(expiry.targets))?
            .snapshot_version(snapshot_version)
            .snapshot_expires(expires_in(expiry.snapshot))
            .timestamp_version(timestamp_version)
            .timestamp_expires(expires_in(expiry.timestamp));
        let signed = editor.sign(&Keys::sources(&keys.online)).await?;
        signed.write(scratch.path()).await
    })
    .map_err(err)?;
    publish_roles(scratch.path(), dir)
}

/// The roles a re-signing writes, in the order it writes them: each names the one before
/// it (timestamp → snapshot → targets), so the timestamp, which a client reads first, comes
/// last, once everything it points to is in place.
pub const WRITE_ORDER: [&str; 3] = ["targets.json", "snapshot.json", "timestamp.json"];

/// Moves the roles signed in `scratch` into the registry folder `dir`, each written whole
/// (a temporary file renamed), in [`WRITE_ORDER`]. The files they sign (index files,
/// `search.jsonl`) were written before: a client reading in between sees files newer than
/// the targets, and reads the metadata again before refusing (see
/// [`crate::source::index::SIGNED_RELOADS`]).
fn publish_roles(scratch: &Path, dir: &Path) -> Result<(), SigningError> {
    for rel in WRITE_ORDER {
        let from = scratch.join(rel);
        let bytes = std::fs::read(&from).map_err(|source| SigningError::Io {
            action: "read",
            path: from,
            source,
        })?;
        write_file(&dir.join(rel), &bytes)?;
    }
    Ok(())
}

/// Rotates the root keys of `dir`: a new root (the next version) naming `new`'s keys, signed
/// by `old`'s root key and `new`'s, written as `root.json` and `N.root.json`; then targets,
/// snapshot and timestamp are signed again with `new`'s online key. Clients holding any
/// earlier root walk the chain of `N.root.json` to it.
///
/// # Errors
/// [`SigningError::BadKey`] when either lacks a root key; as [`resign`].
pub fn rotate_root(
    dir: &Path,
    old: &Keys,
    new: &Keys,
    expiry: Expiry,
) -> Result<u64, SigningError> {
    let version = write_next_root(dir, old, new, expiry)?;
    resign(dir, new, &[], expiry)?;
    Ok(version)
}

/// The root rotation of [`rotate_root`] without the re-signing of the other roles: the next
/// root, signed by both root keys, written as `root.json` and `N.root.json`; its version.
fn write_next_root(
    dir: &Path,
    old: &Keys,
    new: &Keys,
    expiry: Expiry,
) -> Result<u64, SigningError> {
    let current: Signed<Root> =
        read_json(&dir.join("root.json"))?.ok_or_else(|| SigningError::NotSigned {
            registry: dir.to_path_buf(),
        })?;
    let version = current.signed.version.get() + 1;
    let root = build_root(new, dir, version, expiry)?;
    let (old_root, new_root) = (
        Keys::sources(old.root_der(dir)?),
        Keys::sources(new.root_der(dir)?),
    );
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let rt = runtime();
    let signed = rt
        .block_on(async {
            let holder = KeyHolder::Root(current.signed.clone());
            let by_old = SignedRole::new(root.clone(), &holder, &old_root, &rng).await?;
            let holder = KeyHolder::Root(root.clone());
            let by_new = SignedRole::new(root.clone(), &holder, &new_root, &rng).await?;
            by_new.add_old_signatures(by_old.signed().signatures.clone())
        })
        .map_err(tuf_err(dir, "new root"))?;
    write_root(dir, &signed)?;
    Ok(version)
}

/// Checks the signed registry folder `dir` as a client pinning its `1.root.json` would (no
/// versions remembered): the metadata verifies and has not expired, every signable file is a
/// target of the same length and sha256, and every target is there. Empty for an unsigned
/// folder.
pub fn verify(dir: &Path) -> Vec<crate::authoring::local_registry::Problem> {
    use crate::authoring::local_registry::Problem;
    if !is_signed(dir) {
        return Vec::new();
    }
    let problem = |file: &str, message: String| Problem {
        file: file.to_string(),
        line: None,
        message,
    };
    let read = |rel: &str| match std::fs::read(dir.join(rel)) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err((e.to_string(), None)),
    };
    let root = crate::source::tuf::TrustedRoot::File(dir.join("1.root.json"));
    let verified =
        match crate::source::tuf::load(&dir.display().to_string(), &root, &read, None, false) {
            Ok(v) => v,
            Err(e) => return vec![problem("timestamp.json", e.to_string())],
        };
    let files = match signable_files(dir) {
        Ok(f) => f,
        Err(e) => return vec![problem("config.json", e.to_string())],
    };
    let mut problems = Vec::new();
    // `files` is sorted (signable_files).
    for rel in verified
        .names()
        .filter(|n| files.binary_search_by(|f| f.as_str().cmp(n)).is_err())
    {
        problems.push(problem(
            rel,
            "is in the signed targets but not in the registry".into(),
        ));
    }
    for rel in &files {
        let bytes = read(rel).ok().flatten();
        if let Err(e) = verified.check(rel, bytes.as_deref()) {
            problems.push(problem(rel, e.to_string()));
        }
    }
    problems
}

/// Signing a registry in an object store: the metadata and the files to hash are read into
/// a scratch folder, signed there as a folder is, and written back with conditional writes
/// (`If-Match` on the ETags read, `If-None-Match: *` for new objects). Another writer's
/// change in between makes the whole round start again from a fresh read, so no target is
/// lost; a client may meet a half-written set for the moment between the writes (the
/// registry does not use consistent snapshots): it reads the metadata again before refusing
/// (see [`crate::source::index::SIGNED_RELOADS`]), and is refused if the set stays broken.
pub mod store {
    use std::path::Path;

    use super::{Expiry, Keys, SigningError};
    use crate::authoring::store_registry;
    use crate::source::store::{ObjectKind, Store, StoreError, WriteMode};

    const ATTEMPTS: u32 = 8;
    const ROLES: [&str; 3] = super::WRITE_ORDER;

    /// Copies object `rel` to `dir/rel`; returns its ETag (`Some(None)`: no ETag), `None`
    /// when there is no such object.
    fn download(store: &Store, rel: &str, dir: &Path) -> anyhow::Result<Option<Option<String>>> {
        let Some((bytes, etag)) = store_registry::read(store, rel)? else {
            return Ok(None);
        };
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        Ok(Some(etag))
    }

    /// Whether the registry in `store` is signed (has `root.json`).
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn is_signed(store: &Store) -> Result<bool, StoreError> {
        Ok(root(store)?.is_some())
    }

    /// The bytes of the root metadata (`root.json`) of the registry in `store`; `None` when
    /// it is not signed.
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn root(store: &Store) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(store_registry::read(store, "root.json")?.map(|(bytes, _)| bytes))
    }

    /// Checks `keys` against `root` (as [`root`] read it) of the signed registry in `store`,
    /// before anything is written (as [`super::check_online_key`]).
    ///
    /// # Errors
    /// [`SigningError::WrongKey`]; [`SigningError::Io`] when `root` is not valid metadata.
    pub fn check_online_key(
        store: &Store,
        root: &[u8],
        keys: &Keys,
        shown: &Path,
    ) -> Result<(), SigningError> {
        let registry = Path::new(store.url());
        let root = serde_json::from_slice(root).map_err(|e| SigningError::Io {
            action: "parse",
            path: registry.join("root.json"),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })?;
        super::root_names_online_key(&root, keys, shown, registry)
    }

    fn put(store: &Store, rel: &str, dir: &Path, mode: &WriteMode) -> anyhow::Result<()> {
        let bytes = std::fs::read(dir.join(rel))?;
        store.put(rel, bytes, mode, ObjectKind::Index { json: true })?;
        Ok(())
    }

    /// Signs the registry in `store` for the first time, listing every signable object.
    ///
    /// # Errors
    /// [`SigningError`]; store errors; a conflict when another writer signed it meanwhile.
    pub fn init(store: &Store, keys: &Keys, expiry: Expiry) -> anyhow::Result<()> {
        let scratch = tempfile::tempdir()?;
        let dir = scratch.path();
        let config = crate::authoring::store_registry::config(store)?;
        // Only the files that are signed (archives, above all, stay where they are).
        for rel in store.list()? {
            if super::is_signable(&rel, &config) {
                download(store, &rel, dir)?;
            }
        }
        let files = super::signable_files(dir)?;
        super::init(dir, keys, &files, expiry)?;
        let version = "1.root.json";
        for rel in [version, "root.json"].into_iter().chain(ROLES) {
            put(store, rel, dir, &WriteMode::Create)?;
        }
        Ok(())
    }

    /// Rotates the root of the signed registry in `store` (see [`super::rotate_root`]): the
    /// next root is signed in a scratch folder, written as a new object `N.root.json` (which
    /// must not exist yet) and over `root.json` (`If-Match` on its ETag, so two rotations
    /// cannot both win), then targets, snapshot and timestamp are signed again with `new`'s
    /// online key as [`resign`] does. Its version.
    ///
    /// # Errors
    /// [`SigningError`] (no root key in either, not signed); a conflict when another writer
    /// rotated meanwhile (nothing of this rotation is then written); store errors.
    pub fn rotate_root(
        store: &Store,
        old: &Keys,
        new: &Keys,
        expiry: Expiry,
    ) -> anyhow::Result<u64> {
        let scratch = tempfile::tempdir()?;
        let dir = scratch.path();
        let Some(etag) = download(store, "root.json", dir)? else {
            return Err(SigningError::NotSigned {
                registry: store.url().into(),
            }
            .into());
        };
        let root_mode = store_registry::write_mode(store, "root.json", Some(etag))?;
        let version = super::write_next_root(dir, old, new, expiry)?;
        put(
            store,
            &format!("{version}.root.json"),
            dir,
            &WriteMode::Create,
        )?;
        put(store, "root.json", dir, &root_mode)?;
        resign(store, new, &[], expiry)?;
        Ok(version)
    }

    /// Signs the registry in `store` again after `changed` were written (see
    /// [`super::resign`]), retrying from a fresh read when another writer won a write.
    ///
    /// # Errors
    /// [`SigningError`]; store errors; a conflict once every attempt lost.
    pub fn resign(
        store: &Store,
        keys: &Keys,
        changed: &[String],
        expiry: Expiry,
    ) -> anyhow::Result<()> {
        for attempt in 1..=ATTEMPTS {
            let scratch = tempfile::tempdir()?;
            let dir = scratch.path();
            if download(store, "root.json", dir)?.is_none() {
                return Err(SigningError::NotSigned {
                    registry: store.url().into(),
                }
                .into());
            }
            let mut etags = Vec::new();
            for rel in ROLES {
                etags.push(download(store, rel, dir)?);
            }
            for rel in changed {
                download(store, rel, dir)?;
            }
            super::resign(dir, keys, changed, expiry)?;
            let mut lost = false;
            for (rel, etag) in ROLES.into_iter().zip(etags) {
                match put(
                    store,
                    rel,
                    dir,
                    &store_registry::write_mode(store, rel, etag)?,
                ) {
                    Ok(()) => {}
                    Err(e) if matches!(e.downcast_ref(), Some(StoreError::Conflict { .. })) => {
                        lost = true;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            if !lost {
                return Ok(());
            }
            if attempt < ATTEMPTS {
                store_registry::backoff(attempt);
            }
        }
        Err(StoreError::Conflict {
            url: store.url().to_string(),
            key: "timestamp.json".into(),
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_names() {
        assert!(is_metadata("root.json"));
        assert!(is_metadata("12.root.json"));
        assert!(is_metadata("timestamp.json"));
        assert!(!is_metadata(".root.json"));
        assert!(!is_metadata("st/oq/stoq-hash"));
        assert!(!is_metadata("config.json"));
    }

    #[test]
    fn a_folder_is_signed_and_resigned_with_versions_going_up() {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, keydir) = (tmp.path().join("reg"), tmp.path().join("keys"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.json"), br#"{"dl":"archives"}"#).unwrap();
        let keys = Keys::load_or_create(&keydir).unwrap();
        init(
            &dir,
            &keys,
            &signable_files(&dir).unwrap(),
            Expiry::default(),
        )
        .unwrap();
        assert!(dir.join("1.root.json").is_file());
        let ts = |d: &Path| version_of::<tough::schema::Timestamp>(d, "timestamp.json").unwrap();
        assert_eq!(ts(&dir), 1);
        std::fs::create_dir_all(dir.join("st/oq")).unwrap();
        std::fs::write(dir.join("st/oq/stoq-hash"), b"{}\n").unwrap();
        resign(&dir, &keys, &["st/oq/stoq-hash".into()], Expiry::default()).unwrap();
        assert_eq!(ts(&dir), 2);
        let targets: Signed<Targets> = read_json(&dir.join("targets.json")).unwrap().unwrap();
        let names: Vec<String> = targets
            .signed
            .targets
            .keys()
            .map(|n| n.raw().to_string())
            .collect();
        assert!(names.contains(&"st/oq/stoq-hash".to_string()), "{names:?}");
        assert!(names.contains(&"config.json".to_string()), "{names:?}");
        // The key files are the owner's only, and none is in the registry.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(keydir.join(ROOT_KEY))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
        assert!(check_keys_outside(&keydir, &dir).is_ok());
        assert!(check_keys_outside(&dir.join("st"), &dir).is_err());
    }
}

#[cfg(test)]
mod verify_tests {
    use crate::authoring::signing::{self, Expiry, Keys};
    use crate::checksum::Sha256;
    use crate::source::tuf::*;
    use std::path::{Path, PathBuf};

    fn signed_folder() -> (tempfile::TempDir, PathBuf, Keys) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("reg");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.json"), br#"{"dl":"archives"}"#).unwrap();
        let keys = Keys::load_or_create(&tmp.path().join("keys")).unwrap();
        signing::init(
            &dir,
            &keys,
            &signing::signable_files(&dir).unwrap(),
            Expiry::default(),
        )
        .unwrap();
        (tmp, dir, keys)
    }

    fn reader(dir: &Path) -> impl Fn(&str) -> Result<Option<Vec<u8>>, Failed> + '_ {
        move |rel: &str| match std::fs::read(dir.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err((e.to_string(), None)),
        }
    }

    #[test]
    fn targets_are_checked_by_length_and_digest() {
        let (_tmp, dir, _) = signed_folder();
        let root = TrustedRoot::File(dir.join("1.root.json"));
        let v = load("reg", &root, &reader(&dir), None, false).unwrap();
        let config = std::fs::read(dir.join("config.json")).unwrap();
        v.check("config.json", Some(&config)).unwrap();
        assert!(matches!(
            v.check("config.json", Some(b"{\"dl\":\"archiveZ\"}")),
            Err(TufError::Rewritten { .. })
        ));
        assert!(matches!(
            v.check("config.json", None),
            Err(TufError::Withheld { .. })
        ));
        assert!(matches!(
            v.check("st/oq/stoq-hash", Some(b"{}")),
            Err(TufError::NotListed { .. })
        ));
        v.check("st/oq/stoq-hash", None).unwrap();
        let digest = TrustedRoot::parse(
            &format!(
                "sha256:{}",
                Sha256::of(&std::fs::read(dir.join("1.root.json")).unwrap()).to_hex()
            ),
            &dir,
        )
        .unwrap();
        load("reg", &digest, &reader(&dir), None, false).unwrap();
        let wrong = TrustedRoot::Digest(Sha256::of(b"another"));
        assert!(matches!(
            load("reg", &wrong, &reader(&dir), None, false),
            Err(TufError::RootDigest { .. })
        ));
    }

    #[test]
    fn a_rotated_root_is_followed_and_rollback_is_refused() {
        let (tmp, dir, keys) = signed_folder();
        let root = TrustedRoot::File(tmp.path().join("pinned.json"));
        std::fs::copy(dir.join("1.root.json"), tmp.path().join("pinned.json")).unwrap();
        let store = tmp.path().join("datastore");
        load("reg", &root, &reader(&dir), Some(&store), false).unwrap();
        let old_ts = std::fs::read(dir.join("timestamp.json")).unwrap();
        let old_snap = std::fs::read(dir.join("snapshot.json")).unwrap();
        let new = Keys::load_or_create(&tmp.path().join("keys2")).unwrap();
        signing::rotate_root(&dir, &keys, &new, Expiry::default()).unwrap();
        load("reg", &root, &reader(&dir), Some(&store), false).unwrap();
        std::fs::write(dir.join("timestamp.json"), old_ts).unwrap();
        std::fs::write(dir.join("snapshot.json"), old_snap).unwrap();
        let e = load("reg", &root, &reader(&dir), Some(&store), false).unwrap_err();
        // Old metadata is signed by the rotated-out online key: untrusted or rollback.
        assert!(
            matches!(e, TufError::Untrusted { .. } | TufError::Rollback { .. }),
            "{e}"
        );
    }
}

//! Verifying a signed registry (The Update Framework, through the `tough` crate) before any
//! of its files is used.
//!
//! A registry whose `[registries.NAME]` table sets `root` ([`TrustedRoot`]: a `root.json`
//! shipped with the project, or its sha256) is verified: its metadata (`N.root.json` from the
//! trusted version on, `timestamp.json`, `snapshot.json`, `targets.json`; see
//! [`crate::authoring::signing`] and docs/formats.md) is read through the same reader as its
//! index files (HTTP with proxies, credentials, caps and the cache; folders; object stores),
//! handed to tough's `RepositoryLoader` through an in-memory `Transport`, and checked as TUF
//! says: signatures by the keys the root names, versions never going back (the last versions
//! seen are kept per registry in the cache, in tough's datastore), expiry. Afterwards every
//! file read from the registry must be a signed target of the same length and sha256
//! ([`Verified::check`]); a file served but not listed, or listed but not served, is refused,
//! once the metadata read again has not resolved it (a publish writes the index file before
//! the metadata: see [`crate::source::index::SIGNED_RELOADS`]). A mirror lacking a listed
//! file is not withholding it: one that is needed is told as missing from the mirror.
//!
//! Under `--offline` the cached metadata is verified as it is (expiry included).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::checksum::Sha256;
use crate::error::Hint;
pub use crate::project::TrustedRoot;

/// The metadata files of a signed registry, at its root.
pub const METADATA: [&str; 4] = [
    "root.json",
    "targets.json",
    "snapshot.json",
    "timestamp.json",
];

/// Whether `rel` (a path from a registry's root, `/`-separated) is TUF metadata:
/// one of [`METADATA`] or a versioned root (`N.root.json`).
pub fn is_metadata(rel: &str) -> bool {
    METADATA.contains(&rel)
        || rel
            .strip_suffix(".root.json")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Why a signed registry was refused: each variant names the attack it stands for.
#[derive(Debug, thiserror::Error)]
pub enum TufError {
    /// The trusted root file could not be read.
    #[error("could not read the trusted root `{}` of registry `{registry}`", path.display())]
    RootFile {
        /// The registry.
        registry: String,
        /// The file `root` names.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The registry's `1.root.json` is not the one whose sha256 is pinned.
    #[error("the `1.root.json` of registry `{registry}` has sha256 {actual}, not the pinned {expected}: its root of trust was replaced")]
    RootDigest {
        /// The registry.
        registry: String,
        /// The pinned digest.
        expected: String,
        /// The served one's.
        actual: String,
    },
    /// The registry serves no signed metadata although a root is pinned.
    #[error("registry `{registry}` has a trusted root but serves no `{file}`: unsigned content from a signed registry")]
    Unsigned {
        /// The registry.
        registry: String,
        /// The metadata file missing.
        file: String,
    },
    /// A file served that the signed targets do not list.
    #[error("`{file}` of registry `{registry}` is not in its signed targets: unsigned content from a signed registry")]
    NotListed {
        /// The registry.
        registry: String,
        /// The file.
        file: String,
    },
    /// A file the signed targets list that the registry does not serve.
    #[error("`{file}` is in the signed targets of registry `{registry}` but the registry does not serve it: content withheld")]
    Withheld {
        /// The registry.
        registry: String,
        /// The file.
        file: String,
    },
    /// A file whose length or sha256 differs from its signed target.
    #[error("`{file}` of registry `{registry}` does not match its signed target ({detail}): its content was rewritten")]
    Rewritten {
        /// The registry.
        registry: String,
        /// The file.
        file: String,
        /// The length or digest that differs.
        detail: String,
    },
    /// Metadata older than metadata already seen.
    #[error("the registry's {role} is older than one already seen (version {served}, after version {seen}) in registry `{registry}`: rollback")]
    Rollback {
        /// The registry.
        registry: String,
        /// The role (`timestamp`, `snapshot`, `root`, a targets role).
        role: String,
        /// The version seen before.
        seen: u64,
        /// The version served now.
        served: u64,
    },
    /// Expired metadata.
    #[error("the {role} metadata of registry `{registry}` has expired: freeze (the registry stopped being updated, or old metadata is being replayed)")]
    Expired {
        /// The registry.
        registry: String,
        /// The role.
        role: String,
    },
    /// Metadata not signed by a threshold of the keys the trusted root names.
    #[error("the {role} metadata of registry `{registry}` is not signed by a key its trusted root lists: untrusted key or forged metadata ({message})")]
    Untrusted {
        /// The registry.
        registry: String,
        /// The role.
        role: String,
        /// tough's account.
        message: String,
    },
    /// Metadata that does not match what the metadata above it signed (hash, length,
    /// version), or that does not parse.
    #[error("the signed metadata of registry `{registry}` is inconsistent: {message}: metadata rewritten")]
    Inconsistent {
        /// The registry.
        registry: String,
        /// tough's account.
        message: String,
    },
    /// The metadata could not be read.
    #[error("could not read the signed metadata of registry `{registry}`: {message}")]
    Unreadable {
        /// The registry.
        registry: String,
        /// What failed, with its causes.
        message: String,
        /// The hint of the read's error.
        hint: Option<String>,
    },
}

impl Hint for TufError {
    fn hint(&self) -> Option<String> {
        let refused = "nothing from the registry was used; ";
        Some(match self {
            Self::RootFile { .. } => "`root` in the registry's table in plugins.toml names the trusted `root.json` (relative to plugins.toml): commit the file the registry's maintainers publish, or give `root = \"sha256:HEX\"`".into(),
            Self::RootDigest { .. } => format!("{refused}check the digest in plugins.toml against the one the registry's maintainers published; if they rotated to a new first root, pin the new one"),
            Self::Unsigned { .. } | Self::NotListed { .. } => format!("{refused}someone between you and the registry may be serving files its maintainers did not sign; if the registry stopped signing on purpose, remove `root` from its table in plugins.toml"),
            Self::Withheld { .. } => format!("{refused}the registry (or a mirror or CDN in front of it) is incomplete or withholding files; try again later, and tell its maintainers"),
            Self::Rewritten { .. } | Self::Inconsistent { .. } => format!("{refused}the registry's files were changed after they were signed (a compromised bucket, CDN or mirror, or a publish that did not re-sign): tell its maintainers"),
            Self::Rollback { .. } => format!("{refused}someone may be serving an old copy of the registry to hide newer versions (fixes); if its maintainers really restored an old copy, they must sign again (`plugin index sign`); `plugin cache clean` forgets the versions seen"),
            Self::Expired { .. } => format!("{refused}its maintainers must refresh the metadata with `plugin index sign DIR --keys KEYDIR` (a CI schedule usually does); until then nothing new is installed from it"),
            Self::Untrusted { .. } => format!("{refused}the metadata was signed by a key the trusted root does not list: a forgery, or keys rotated without a root signed by the old one; check `root` in plugins.toml with the registry's maintainers"),
            Self::Unreadable { hint, .. } => return hint.clone(),
        })
    }
}

/// The verified targets of a signed registry: each file's length and sha256, by its path
/// from the registry's root.
#[derive(Debug, Clone)]
pub struct Verified {
    registry: String,
    targets: HashMap<String, (u64, [u8; 32])>,
    /// The bytes of metadata fetched to verify (the figure of docs/performance.md).
    pub metadata_bytes: u64,
}

impl Verified {
    /// Checks a file read from the registry: `bytes` `None` when it is not served.
    ///
    /// # Errors
    /// [`TufError::NotListed`], [`TufError::Withheld`] or [`TufError::Rewritten`].
    pub fn check(&self, rel: &str, bytes: Option<&[u8]>) -> Result<(), TufError> {
        let listed = self.targets.get(rel);
        match (listed, bytes) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(TufError::NotListed {
                registry: self.registry.clone(),
                file: rel.to_string(),
            }),
            (Some(_), None) => Err(TufError::Withheld {
                registry: self.registry.clone(),
                file: rel.to_string(),
            }),
            (Some((len, sha)), Some(b)) => {
                let detail = if *len != b.len() as u64 {
                    format!("{} bytes, signed as {len}", b.len())
                } else {
                    let got = {
                        use sha2::Digest;
                        sha2::Sha256::digest(b)
                    };
                    if got.as_slice() == sha {
                        return Ok(());
                    }
                    format!(
                        "sha256 {}, signed as {}",
                        hex::encode(got),
                        hex::encode(sha)
                    )
                };
                Err(TufError::Rewritten {
                    registry: self.registry.clone(),
                    file: rel.to_string(),
                    detail,
                })
            }
        }
    }

    /// The paths of the files the signed targets list.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.targets.keys().map(String::as_str)
    }

    /// How many files the signed targets list.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether the signed targets list no file.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// A read that failed: its message (with its causes) and its hint.
pub type Failed = (String, Option<String>);

/// Reads one file of the registry (a path from its root); `Ok(None)` when it is not served.
pub type Read<'a> = dyn Fn(&str) -> Result<Option<Vec<u8>>, Failed> + 'a;

/// An in-memory transport: the metadata read beforehand, by file name.
#[derive(Debug, Clone)]
struct Memory(std::sync::Arc<HashMap<String, Vec<u8>>>);

#[tough::async_trait]
impl tough::Transport for Memory {
    async fn fetch(&self, url: url::Url) -> Result<tough::TransportStream, tough::TransportError> {
        let name = url.path().trim_start_matches('/').to_string();
        match self.0.get(&name) {
            Some(b) => {
                let bytes = tough::Bytes::from(b.clone());
                Ok(Box::pin(futures_util::stream::once(
                    async move { Ok(bytes) },
                )))
            }
            None => Err(tough::TransportError::new(
                tough::TransportErrorKind::FileNotFound,
                url,
            )),
        }
    }
}

/// The version in a root's `signed.version`, if it parses.
fn root_version(bytes: &[u8]) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    v.get("signed")?.get("version")?.as_u64()
}

/// Where tough keeps the versions seen for `registry` (its location as spelled): inside the
/// cache, `index/<16 hex>/tuf`, so that `plugin cache clean` forgets it with the rest.
pub fn datastore_dir(cache_root: &Path, registry: &str) -> PathBuf {
    let id = Sha256::of(format!("tuf+{registry}").as_bytes()).to_hex();
    cache_root.join("index").join(&id[..16]).join("tuf")
}

/// Loads and verifies the metadata of `registry` from the trusted `root`, reading files
/// with `read`; `offline`: a root version after the cached ones is not looked for.
///
/// # Errors
/// [`TufError`] naming the attack the metadata shows.
pub fn load(
    registry: &str,
    root: &TrustedRoot,
    read: &Read<'_>,
    datastore: Option<&Path>,
    offline: bool,
) -> Result<Verified, TufError> {
    let unreadable = |(message, hint): Failed| TufError::Unreadable {
        registry: registry.to_string(),
        message,
        hint,
    };
    let mut fetched = 0u64;
    let trusted = match root {
        TrustedRoot::File(path) => std::fs::read(path).map_err(|source| TufError::RootFile {
            registry: registry.to_string(),
            path: path.clone(),
            source,
        })?,
        TrustedRoot::Digest(expected) => {
            let bytes =
                read("1.root.json")
                    .map_err(unreadable)?
                    .ok_or_else(|| TufError::Unsigned {
                        registry: registry.to_string(),
                        file: "1.root.json".into(),
                    })?;
            fetched += bytes.len() as u64;
            let actual = Sha256::of(&bytes);
            if actual != *expected {
                return Err(TufError::RootDigest {
                    registry: registry.to_string(),
                    expected: expected.to_hex(),
                    actual: actual.to_hex(),
                });
            }
            bytes
        }
    };
    let mut files = HashMap::new();
    // The chain of roots after the trusted one, as far as the registry has them.
    let mut next = root_version(&trusted).unwrap_or(1) + 1;
    for _ in 0..1024 {
        let name = format!("{next}.root.json");
        match read(&name) {
            Ok(Some(b)) => {
                fetched += b.len() as u64;
                files.insert(name, b);
                next += 1;
            }
            Ok(None) => break,
            Err(_) if offline => break,
            Err(e) => return Err(unreadable(e)),
        }
    }
    for name in ["timestamp.json", "snapshot.json", "targets.json"] {
        match read(name).map_err(unreadable)? {
            Some(b) => {
                fetched += b.len() as u64;
                files.insert(name.to_string(), b);
            }
            None if name == "timestamp.json" => {
                return Err(TufError::Unsigned {
                    registry: registry.to_string(),
                    file: name.into(),
                })
            }
            None => {}
        }
    }
    let base = url::Url::parse("https://registry.invalid/").expect("a valid URL");
    let mut loader = tough::RepositoryLoader::new(&trusted, base.clone(), base)
        .transport(Memory(std::sync::Arc::new(files)))
        .expiration_enforcement(tough::ExpirationEnforcement::Safe);
    if let Some(dir) = datastore {
        if std::fs::create_dir_all(dir).is_ok() {
            loader = loader.datastore(dir);
        }
    }
    let repo = runtime()
        .block_on(loader.load())
        .map_err(|e| classify(registry, &e))?;
    let targets = repo
        .all_targets()
        .filter_map(|(name, t)| {
            let sha: [u8; 32] = t.hashes.sha256.as_ref().try_into().ok()?;
            Some((name.raw().to_string(), (t.length, sha)))
        })
        .collect();
    Ok(Verified {
        registry: registry.to_string(),
        targets,
        metadata_bytes: fetched,
    })
}

/// The attack tough's refusal stands for.
fn classify(registry: &str, e: &tough::error::Error) -> TufError {
    use tough::error::Error as E;
    let registry = registry.to_string();
    match e {
        E::ExpiredMetadata { role, .. } => TufError::Expired {
            registry,
            role: role.to_string(),
        },
        E::OlderMetadata {
            role,
            current_version,
            new_version,
            ..
        } => TufError::Rollback {
            registry,
            role: role.to_string(),
            seen: *current_version,
            served: *new_version,
        },
        E::OlderSnapshotInTimestamp {
            snapshot_new,
            snapshot_old,
            ..
        } => TufError::Rollback {
            registry,
            role: "snapshot".into(),
            seen: *snapshot_old,
            served: *snapshot_new,
        },
        E::SnapshotRoleRollback {
            role,
            old_role_version,
            new_role_version,
            ..
        } => TufError::Rollback {
            registry,
            role: role.clone(),
            seen: *old_role_version,
            served: *new_role_version,
        },
        E::VerifyMetadata { role, .. } => TufError::Untrusted {
            registry,
            role: role.to_string(),
            message: crate::error::with_causes(e),
        },
        E::VerifyRoleMetadata { role, .. } => TufError::Untrusted {
            registry,
            role: role.clone(),
            message: crate::error::with_causes(e),
        },
        E::VerifyTrustedMetadata { .. } => TufError::Untrusted {
            registry,
            role: "trusted root".into(),
            message: crate::error::with_causes(e),
        },
        E::Transport { source, .. } if source.kind() == tough::TransportErrorKind::FileNotFound => {
            TufError::Unsigned {
                registry,
                file: source
                    .url()
                    .rsplit('/')
                    .next()
                    .unwrap_or("metadata")
                    .to_string(),
            }
        }
        _ => TufError::Inconsistent {
            registry,
            message: crate::error::with_causes(e),
        },
    }
}

/// The current-thread runtime tough's async API runs on (loading here, signing in
/// [`crate::authoring::signing`]).
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime builds")
}

//! A registry index in cargo's layout
//! (<https://doc.rust-lang.org/cargo/reference/registry-index.html>), read from a folder or
//! over HTTP(S) from any static host.
//!
//! * `config.json` at the root: `{"dl": "…"}`, the download template (see [`IndexConfig`]).
//! * One file per plugin at cargo's prefix path of its canonical name (`st/oq/stoq-hash`),
//!   holding one JSON object per version (see [`IndexLine`]).
//!
//! Over HTTP, only `config.json` and the files of the plugins asked about are fetched (cargo's
//! *sparse* protocol); there is never a whole-index download. Each file is fetched at most once
//! per run, with the retries [`crate::source::http::Http::retrying`] allows and no more: a file that
//! failed is not asked for again in the same run. Cached copies are revalidated as
//! [`crate::source::cache`] describes (RFC 9111).
//!
//! From an object store (`s3://`, see [`crate::source::store`]) the same files are read the
//! same way: only those needed, revalidated with `If-None-Match` on the ETag kept in the cache.
//!
//! Every file is read into memory under a cap ([`MetadataLimits`], `[limits]` in plugins.toml),
//! checked while reading, over HTTP and from a folder alike: a registry that sends an endless
//! or huge file is refused once the cap is reached, with the URL, the limit and its setting.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use semver::Version;
use serde::Deserialize;
use url::Url;

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::manifest::HostRequirement;
use crate::name::PluginName;
use crate::project::limits::MetadataLimits;
use crate::project::RegistryRef;
use crate::redact::Redacted;
use crate::source::cache::{Cache, NotModified, Validators};
use crate::source::credentials::Auth;
use crate::source::http::{show_bytes, Http, HttpError, RequestOptions, Revalidated, SizeCap};
use crate::source::store::{AwsEnv, Got as StoreGot, Store, StoreError};
use crate::source_id::RegistryLocation;

/// The search listing's file name at the registry root.
pub const SEARCH_FILE: &str = "search.jsonl";

/// An index that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// An index file with content of which no line is an index line: an HTML page, an error
    /// text or another file served in its place.
    #[error("`{file}` of registry `{registry}` is not an index file: no line of it is an index line (it starts with `{start}`)")]
    NotAnIndex {
        /// The registry as configured (redacted).
        registry: String,
        /// The file.
        file: String,
        /// Its first characters.
        start: String,
    },
    /// Reading a file of a local index failed.
    #[error("could not read `{}` of registry `{registry}`", path.display())]
    Io {
        /// The registry as configured.
        registry: String,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Reading from an object store failed.
    #[error("could not read `{file}` from registry `{registry}`")]
    Store {
        /// The registry.
        registry: String,
        /// The file asked for.
        file: String,
        /// The store's error (its hint is this error's).
        #[source]
        source: Box<StoreError>,
    },
    /// Fetching over HTTP failed.
    #[error("could not fetch `{file}` from registry `{registry}`")]
    Http {
        /// The registry as configured (redacted).
        registry: String,
        /// The file asked for.
        file: String,
        /// The HTTP error.
        #[source]
        source: HttpError,
    },
    /// A file of a local index is larger than its cap.
    #[error("`{}` of registry `{registry}` is larger than {}, the limit `[limits] {setting}`", path.display(), show_bytes(*limit))]
    TooLarge {
        /// The registry.
        registry: String,
        /// The file.
        path: PathBuf,
        /// The limit, bytes.
        limit: u64,
        /// The key under `[limits]` that sets it.
        setting: &'static str,
    },
    /// A file that could not be fetched when it was first asked for in this run: the same
    /// failure, told again without another request.
    #[error("could not fetch `{file}` from registry `{registry}`: {reason}")]
    FailedBefore {
        /// The registry.
        registry: String,
        /// The file.
        file: String,
        /// The first error, with its causes.
        reason: String,
        /// Its hint.
        hint: Option<String>,
    },
    /// `config.json` is missing or invalid.
    #[error("invalid `config.json` in registry `{registry}`: {message}")]
    Config {
        /// The registry.
        registry: String,
        /// What is wrong.
        message: String,
    },
    /// The plugin has no index file in this registry.
    #[error("plugin `{name}` was not found in registry `{registry}`")]
    NotFound {
        /// The plugin.
        name: String,
        /// The registry.
        registry: String,
        /// The name in the registry's search listing probably meant, if one is close.
        meant: Option<String>,
    },
    /// A registry read from a mirror lacks what was asked for; it is not asked of the
    /// registry itself (an air-gapped machine must not reach for the network).
    #[error("the mirror `{mirror}` of registry `{registry}` has no {what}")]
    NotInMirror {
        /// The mirror's location (a folder or a URL without credentials).
        mirror: String,
        /// A folder's path as given (one `plugin mirror` can refresh); `None` for a URL.
        spelled: Option<String>,
        /// The registry's key.
        registry: String,
        /// What is missing: a plugin, or the archive of a version.
        what: String,
        /// Who set the mirror (`--mirror`, `PLUGIN_MIRROR`, plugins.toml).
        set_by: String,
    },
    /// A registry's mirror is a folder that does not exist.
    #[error("the mirror `{mirror}` of registry `{registry}` is not a folder")]
    NoMirror {
        /// The mirror's path.
        mirror: String,
        /// The path as given.
        spelled: String,
        /// The registry's key.
        registry: String,
        /// Who set the mirror.
        set_by: String,
    },
    /// A signed registry's metadata or files were refused (see [`crate::source::tuf`]).
    #[error(transparent)]
    Signed(Box<crate::source::tuf::TufError>),
    /// The same refusal, told again for a later read in the same run.
    #[error("{reason}")]
    SignedBefore {
        /// The refusal's message, with its causes.
        reason: String,
        /// Its hint.
        hint: Option<String>,
    },
    /// The `dl` template gave something unusable for this plugin.
    #[error("the download location of `{name}` {version} in registry `{registry}` is invalid: {message}")]
    Download {
        /// The plugin.
        name: String,
        /// The version.
        version: Version,
        /// The registry.
        registry: String,
        /// What is wrong.
        message: String,
    },
}

impl Hint for IndexError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::NotAnIndex { .. } => Some(
                "the registry (or a proxy in front of it) served something else in place of the index file: check its URL in plugins.toml, and that the server sends index files as they are".into(),
            ),
            Self::NotFound {
                meant: Some(meant), ..
            } => Some(format!("did you mean `{meant}`?")),
            Self::NotFound { .. } => {
                Some("check the spelling, or name another registry with `--registry`".into())
            }
            Self::NotInMirror { spelled: Some(dir), registry, set_by, .. } => Some(format!(
                "the mirror is older than plugins.lock, or incomplete: run `plugin mirror {dir}` again in the project where registry `{registry}` can be reached, and copy the folder here again (or stop using the mirror: {set_by})"
            )),
            Self::NoMirror { spelled, registry, set_by, .. } => Some(format!(
                "write it with `plugin mirror {spelled}` in the project where registry `{registry}` can be reached, and copy it here (or stop using the mirror: {set_by})"
            )),
            Self::NotInMirror { registry, set_by, .. } => Some(format!(
                "update the mirror from registry `{registry}` (for a folder the mirror serves, `plugin mirror DIR` in a project that reaches the registry writes it), or stop using it ({set_by})"
            )),
            Self::Http { source, .. } => source.hint(),
            Self::Store { source, .. } => source.hint(),
            Self::Signed(e) => e.hint(),
            Self::SignedBefore { hint, .. } => hint.clone(),
            Self::FailedBefore { hint, .. } => hint.clone(),
            Self::TooLarge { setting, .. } => Some(format!(
                "if the registry is genuine, raise `{setting}` under `[limits]` in plugins.toml (bytes; see docs/formats.md)"
            )),
            _ => None,
        }
    }
}

/// The caps of [`MetadataLimits`] as [`SizeCap`]s, naming the `[limits]` key each comes from.
trait MetadataCaps {
    fn index_file(&self) -> SizeCap;
    fn config(&self) -> SizeCap;
    fn other(&self) -> SizeCap;
}

impl MetadataCaps for MetadataLimits {
    fn index_file(&self) -> SizeCap {
        SizeCap {
            limit: self.max_index_file_size,
            setting: MetadataLimits::KEYS[0],
        }
    }

    fn config(&self) -> SizeCap {
        SizeCap {
            limit: self.max_config_size,
            setting: MetadataLimits::KEYS[1],
        }
    }

    fn other(&self) -> SizeCap {
        SizeCap {
            limit: self.max_metadata_size,
            setting: MetadataLimits::KEYS[2],
        }
    }
}

/// `config.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexConfig {
    /// The download template: relative to the index root or absolute, with markers `{name}`,
    /// `{crate}`, `{version}`, `{sha256}`, `{sha256-checksum}`, `{prefix}` and `{lowerprefix}`.
    /// Without any marker, `/{name}/{version}/download` is appended (as cargo does).
    pub dl: String,
    /// Every request needs the registry's token (cargo's `auth-required`).
    #[serde(default, rename = "auth-required")]
    pub auth_required: bool,
}

const DL_MARKERS: [&str; 7] = [
    "{name}",
    "{crate}",
    "{version}",
    "{sha256}",
    "{sha256-checksum}",
    "{prefix}",
    "{lowerprefix}",
];

impl IndexConfig {
    /// Expands the template for one version.
    pub fn expand(&self, name: &PluginName, version: &Version, cksum: &Sha256) -> String {
        let mut dl = self.dl.clone();
        if !DL_MARKERS.iter().any(|m| dl.contains(m)) {
            dl = format!("{}/{{name}}/{{version}}/download", dl.trim_end_matches('/'));
        }
        let hex = cksum.to_hex();
        dl.replace("{name}", name.as_str())
            .replace("{crate}", name.as_str())
            .replace("{version}", &version.to_string())
            .replace("{sha256-checksum}", &hex)
            .replace("{sha256}", &hex)
            .replace("{lowerprefix}", &name.index_prefix())
            .replace("{prefix}", &name_prefix_as_written(name))
    }
}

fn name_prefix_as_written(name: &PluginName) -> String {
    let n = name.as_str();
    match n.len() {
        1 => "1".into(),
        2 => "2".into(),
        3 => format!("3/{}", &n[..1]),
        _ => format!("{}/{}", &n[..2], &n[2..4]),
    }
}

/// One dependency in an index line.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexDep {
    /// The dependency's name.
    pub name: PluginName,
    /// Its version requirement.
    pub req: semver::VersionReq,
    /// The registry it comes from (a key of the project's `[registries]`); default if absent.
    #[serde(default)]
    pub registry: Option<String>,
}

/// One version of a plugin: one JSON line of its index file. Unknown fields are ignored, so
/// a cargo index line parses too.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexLine {
    /// The name as published.
    pub name: PluginName,
    /// The version.
    pub vers: Version,
    /// Its dependencies.
    #[serde(default)]
    pub deps: Vec<IndexDep>,
    /// sha256 of the archive, hex.
    #[serde(deserialize_with = "de_sha")]
    pub cksum: Sha256,
    /// Whether the version is yanked (never picked for a new install).
    #[serde(default)]
    pub yanked: bool,
    /// The host requirement, from the manifest.
    #[serde(default)]
    pub host: Option<HostRequirement>,
    /// `tar.gz` or `zip` (a hint; the archive's bytes decide).
    #[serde(default)]
    pub format: Option<String>,
    /// One sentence from the manifest.
    #[serde(default)]
    pub description: Option<String>,
    /// When it was published (RFC 3339, UTC), as `plugin publish` records it; `None` for
    /// lines written without one, which count as old for `[policy] min-release-age`.
    #[serde(default)]
    pub published: Option<String>,
    /// The SPDX license expression of the manifest, as `plugin publish` records it.
    #[serde(default)]
    pub license: Option<String>,
}

fn de_sha<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Sha256, D::Error> {
    let s = String::deserialize(d)?;
    Sha256::parse(&s).map_err(serde::de::Error::custom)
}

/// Where to download an archive from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// Over HTTP(S).
    Url(Url),
    /// From the local file system.
    File(PathBuf),
    /// An object of an object store.
    Object(ObjectDownload),
}

/// One object of an open store: an archive of a registry kept there.
#[derive(Debug, Clone)]
pub struct ObjectDownload {
    /// The store, open.
    pub store: std::sync::Arc<Store>,
    /// The object's path below the registry's prefix.
    pub key: String,
}

impl PartialEq for ObjectDownload {
    fn eq(&self, other: &Self) -> bool {
        self.store.url() == other.store.url() && self.key == other.key
    }
}

impl Eq for ObjectDownload {}

impl std::fmt::Display for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Url(u) => write!(f, "{}", Redacted::new(u)),
            Self::File(p) => write!(f, "{}", p.display()),
            Self::Object(o) => write!(f, "{}{}", o.store.url(), o.key),
        }
    }
}

/// How a registry is reached: the HTTP clients, the request options (token, CA bundle) and
/// the cache that keeps what was fetched for `--offline` runs.
#[derive(Clone, Default)]
pub struct Access<'h> {
    /// The HTTP clients (needed for HTTP registries).
    pub http: Option<&'h Http>,
    /// The registry's token and CA bundle.
    pub options: RequestOptions,
    /// The cache.
    pub cache: Option<&'h Cache>,
    /// The AWS variables, for registries in an object store.
    pub aws: AwsEnv,
}

impl<'h> Access<'h> {
    /// How to reach `registry`: its credential (see [`crate::source::credentials`]) for its own URL, its
    /// CA bundle, the shared clients and cache; with the warnings the credential lookup gave
    /// (the credentials file is read once).
    pub fn for_registry(
        registry: &RegistryRef,
        http: &'h Http,
        env: &crate::env::Env,
        cache: Option<&'h Cache>,
    ) -> (Self, Vec<String>) {
        let lookup = crate::source::credentials::lookup(registry, env);
        let auth: Option<Auth> = lookup.auth.map(|(a, _)| a);
        let access = Self {
            http: Some(http),
            options: RequestOptions {
                auth,
                ca_file: registry.ca_file.clone(),
                registry: Some(registry.key.clone()),
            },
            cache,
            aws: AwsEnv::from_env(env),
        };
        (access, lookup.warnings)
    }
}

/// A registry index being read, with what was fetched so far.
pub struct RegistryIndex<'h> {
    registry: RegistryRef,
    /// Where the index is read from instead of the registry's own location, if anywhere.
    mirror: Option<crate::project::mirror::Mirror>,
    access: Access<'h>,
    config: RefCell<Option<IndexConfig>>,
    files: RefCell<HashMap<String, Rc<Vec<IndexLine>>>>,
    /// What to keep in the cache once the run succeeds.
    fetched: RefCell<Vec<Persist>>,
    /// Index files that could not be fetched this run, by the path asked for, so that no file
    /// is asked for twice.
    failed: RefCell<HashMap<String, Failure>>,
    /// Lines that did not parse, as warnings.
    warnings: RefCell<Vec<String>>,
    /// The object store, once opened (registries in one only).
    store: std::cell::OnceCell<std::sync::Arc<Store>>,
    /// The verified signed targets, once loaded (registries with a trusted root only); a
    /// refusal is kept as a [`Failure`]: the error itself when met by
    /// [`RegistryIndex::prefetch`], until it is reported, and its message and hint, told again
    /// for every later read.
    tuf: RefCell<Option<Result<Rc<crate::source::tuf::Verified>, Failure>>>,
    /// How many times this run loaded the signed metadata again after a mismatch (at most
    /// [`SIGNED_RELOADS`]).
    reloads: std::cell::Cell<u32>,
}

/// How many times a run loads a signed registry's metadata again, past the cache, when a
/// file does not match it (or the metadata itself is inconsistent) before refusing: a
/// publish writes the index file first and the metadata after, so a reader in between sees
/// a mismatch that the next read of the metadata resolves.
pub const SIGNED_RELOADS: u32 = 2;

/// The wait before the second and later reloads of [`SIGNED_RELOADS`].
pub const SIGNED_RELOAD_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

/// A fetch that failed: the error until it is reported once, and what to tell afterwards.
struct Failure {
    error: Option<IndexError>,
    reason: String,
    hint: Option<String>,
}

impl Failure {
    /// The failure `shown` with its `hint`, told without the error itself (kept only when it
    /// is to be reported later).
    fn new(shown: &dyn std::error::Error, hint: Option<String>) -> Self {
        let reason = crate::error::with_causes(shown);
        Self {
            hint,
            reason,
            error: None,
        }
    }
}

/// What the cache is to learn about one index file once the run succeeds.
struct Persist {
    rel: String,
    /// A new body; `None`: only the policy changed (a 304).
    bytes: Option<Vec<u8>>,
    /// Its policy; `None`: it must not be stored (any copy is forgotten).
    validators: Option<Validators>,
}

/// The index files one registry fetched in a run, for the cache: see
/// [`RegistryIndex::take_cache_writes`].
pub struct IndexCacheWrites<'h> {
    cache: &'h Cache,
    /// The registry's URL, which the cache files are kept under.
    registry: String,
    files: Vec<Persist>,
}

impl IndexCacheWrites<'_> {
    /// Writes the files into the cache with `jobs` threads (each file is its own write). A
    /// write that fails is skipped: the cache is only ever a copy.
    pub fn run(self, jobs: usize) {
        let (cache, registry) = (self.cache, self.registry.as_str());
        crate::jobs::parallel_map(self.files, jobs, |p| match (p.bytes, p.validators) {
            (Some(bytes), v) => cache.store_index_file(registry, &p.rel, &bytes, v.as_ref()),
            (None, Some(v)) => cache.store_index_validators(registry, &p.rel, &v),
            (None, None) => cache.store_index_file(registry, &p.rel, &[], None),
        });
    }
}

/// A file's bytes, and what the cache is to learn about it.
type Got = (Vec<u8>, Option<Persist>);

/// One file of an HTTP registry, fetched through the cache: `Ok(None)` when the server has
/// no such file. Free of the index's cells, so that prefetching can run it in threads.
fn fetch_http(
    http: &Http,
    cache: Option<&Cache>,
    options: &RequestOptions,
    base: &Url,
    rel: &str,
    cap: SizeCap,
) -> Result<Option<Got>, HttpError> {
    let url = base.join(rel).map_err(|e| HttpError::Client {
        message: format!("cannot form the URL of `{rel}`: {e}"),
    })?;
    let registry = base.as_str();
    if http.config().offline {
        if let Some(b) = cache.and_then(|c| c.index_file(registry, rel, cap.limit)) {
            return Ok(Some((b, None)));
        }
    }
    // A cached copy is used, revalidated or replaced as its policy says.
    let cached = cache.and_then(|c| {
        let v = c.index_validators(registry, rel)?;
        Some((c.index_file(registry, rel, cap.limit)?, v))
    });
    let persist = |bytes, validators| Persist {
        rel: rel.to_string(),
        bytes,
        validators,
    };
    let answer = match cached {
        Some((bytes, v)) => match http.revalidate(&url, options, &v, cap) {
            Ok(Revalidated::Fresh) => return Ok(Some((bytes, None))),
            Ok(Revalidated::NotModified(kept)) => {
                let keep = match kept {
                    NotModified::Updated(v) => Some(persist(None, Some(*v))),
                    NotModified::Forget => Some(persist(None, None)),
                    NotModified::Unchanged | NotModified::Contradicted => None,
                };
                return Ok(Some((bytes, keep)));
            }
            Ok(Revalidated::Modified(b, v)) => Ok((b, v.map(|v| *v))),
            Err(e) => Err(e),
        },
        None => http.get_bytes_with_validators(&url, options, cap),
    };
    match answer {
        Ok((b, v)) => {
            let keep = persist(Some(b.clone()), v);
            Ok(Some((b, Some(keep))))
        }
        Err(HttpError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One file of a registry in an object store, read through the cache as [`fetch_http`]
/// does: a cached copy is revalidated with `If-None-Match` on its ETag (kept as the policy of
/// a `no-cache` response, so every run asks), used as it is under `--offline`.
fn fetch_store(
    store: &Store,
    cache: Option<&Cache>,
    offline: bool,
    base: &Url,
    rel: &str,
    cap: SizeCap,
) -> Result<Option<Got>, StoreError> {
    let registry = base.as_str();
    let url = base.join(rel).unwrap_or_else(|_| base.clone());
    if offline {
        if let Some(b) = cache.and_then(|c| c.index_file(registry, rel, cap.limit)) {
            return Ok(Some((b, None)));
        }
        return Err(StoreError::Other {
            url: store.url().to_string(),
            message: format!(
                "`{rel}` is needed but the network is off (`--offline`) and the cache has no copy"
            ),
        });
    }
    let cached = cache.and_then(|c| {
        let v = c.index_validators(registry, rel)?;
        Some((c.index_file(registry, rel, cap.limit)?, v))
    });
    let etag =
        cached
            .as_ref()
            .and_then(|(_, v)| match v.check(&url, std::time::SystemTime::now()) {
                crate::source::cache::Freshness::Stale(h) => h
                    .into_iter()
                    .find(|(n, _)| *n == http::header::IF_NONE_MATCH)
                    .map(|(_, v)| v),
                crate::source::cache::Freshness::Fresh => None,
            });
    match store.get(rel, cap.limit, cap.setting, etag.as_deref())? {
        StoreGot::NotFound => Ok(None),
        StoreGot::NotModified => Ok(cached.map(|(b, _)| (b, None))),
        StoreGot::Body(b, etag) => {
            let mut headers = http::HeaderMap::new();
            headers.insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-cache"),
            );
            if let Some(v) = etag.and_then(|e| http::HeaderValue::from_str(&e).ok()) {
                headers.insert(http::header::ETAG, v);
            }
            let validators = Validators::from_response(
                &url,
                http::StatusCode::OK,
                &headers,
                std::time::SystemTime::now(),
            );
            let keep = Persist {
                rel: rel.to_string(),
                bytes: Some(b.clone()),
                validators,
            };
            Ok(Some((b, Some(keep))))
        }
    }
}

impl<'h> RegistryIndex<'h> {
    /// An index for `registry`; `access.http` is needed for HTTP locations.
    pub fn new(registry: RegistryRef, access: Access<'h>) -> Self {
        Self {
            registry,
            mirror: None,
            access,
            config: RefCell::new(None),
            files: RefCell::new(HashMap::new()),
            fetched: RefCell::new(Vec::new()),
            failed: RefCell::new(HashMap::new()),
            warnings: RefCell::new(Vec::new()),
            store: std::cell::OnceCell::new(),
            tuf: RefCell::new(None),
            reloads: std::cell::Cell::new(0),
        }
    }

    /// The object store this index is read from, opened on first use.
    ///
    /// # Errors
    /// [`StoreError`] when it cannot be opened (no credentials, say); `None`: not a store.
    fn store(&self) -> Option<Result<std::sync::Arc<Store>, StoreError>> {
        let RegistryLocation::Store(location) = self.read_location() else {
            return None;
        };
        if let Some(s) = self.store.get() {
            return Some(Ok(std::sync::Arc::clone(s)));
        }
        let net = self
            .access
            .http
            .map(|h| h.config().clone())
            .unwrap_or_default();
        Some(Store::open(location, &self.access.aws, &net).map(|s| {
            let s = std::sync::Arc::new(s);
            let _ = self.store.set(std::sync::Arc::clone(&s));
            s
        }))
    }

    /// This index read from `mirror` (when `Some`) instead of the registry's own location:
    /// index files, `config.json` and archives come from there, while
    /// [`RegistryIndex::registry`] (and so the source id recorded) stays the registry's.
    /// `access` should then be the mirror's (see [`crate::project::mirror::Mirror::stand_in`]).
    #[must_use]
    pub fn with_mirror(mut self, mirror: Option<crate::project::mirror::Mirror>) -> Self {
        self.mirror = mirror;
        self
    }

    /// The mirror this index is read from, if any.
    pub fn mirror(&self) -> Option<&crate::project::mirror::Mirror> {
        self.mirror.as_ref()
    }

    /// Where requests go: the mirror's location, else the registry's.
    fn read_location(&self) -> &RegistryLocation {
        self.mirror
            .as_ref()
            .map_or(&self.registry.location, |m| &m.location)
    }

    /// [`IndexError::NotInMirror`] for `what` (for example "archive for `x` 1.0.0"), when
    /// this index is read from a mirror: the error to give when the mirror lacks it.
    pub fn not_in_mirror(&self, what: String) -> Option<IndexError> {
        let m = self.mirror.as_ref()?;
        if let RegistryLocation::Local(root) = &m.location {
            if !root.is_dir() {
                return Some(IndexError::NoMirror {
                    mirror: m.location.display(),
                    spelled: m.spelled.clone(),
                    registry: self.registry.key.clone(),
                    set_by: m.set_by.describe(&self.registry.key),
                });
            }
        }
        Some(IndexError::NotInMirror {
            mirror: m.location.display(),
            spelled: matches!(m.location, RegistryLocation::Local(_)).then(|| m.spelled.clone()),
            registry: self.registry.key.clone(),
            what,
            set_by: m.set_by.describe(&self.registry.key),
        })
    }

    /// Keeps the index files fetched this run in the cache, for later `--offline` runs, with
    /// `jobs` threads (each file is its own write). Called once the run has succeeded, so a
    /// refused install leaves nothing behind.
    pub fn persist_to_cache(&self, jobs: usize) {
        if let Some(writes) = self.take_cache_writes() {
            writes.run(jobs);
        }
    }

    /// The index files fetched this run, taken out of the index (whose cells keep it on one
    /// thread) so that another thread can keep them in the cache; `None` when there is no
    /// cache or the registry is a local folder, which is never cached.
    pub fn take_cache_writes(&self) -> Option<IndexCacheWrites<'h>> {
        let base = match self.read_location() {
            RegistryLocation::Http(base) => base,
            RegistryLocation::Store(s) => &s.url,
            RegistryLocation::Local(_) => return None,
        };
        Some(IndexCacheWrites {
            cache: self.access.cache?,
            registry: base.as_str().to_string(),
            files: self.fetched.borrow_mut().drain(..).collect(),
        })
    }

    /// The caps in force.
    fn limits(&self) -> MetadataLimits {
        self.access
            .http
            .map(|h| h.config().metadata_limits)
            .unwrap_or_default()
    }

    /// The lines of index file `rel` of `name`; unparseable lines and lines naming another
    /// plugin are skipped with a warning.
    ///
    /// # Errors
    /// [`IndexError::NotAnIndex`] when the file has content but not one line is even a JSON
    /// object.
    fn parse_lines(
        &self,
        name: &PluginName,
        rel: &str,
        bytes: &[u8],
    ) -> Result<Vec<IndexLine>, IndexError> {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = Vec::new();
        let mut invalid = 0;
        let warned_before = self.warnings.borrow().len();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<IndexLine>(line) {
                Ok(l) if l.name == *name => lines.push(l),
                Ok(l) => self.warnings.borrow_mut().push(format!(
                    "line {} of `{rel}` in registry `{}` names `{}`, not `{name}`: skipped",
                    i + 1,
                    self.label(),
                    l.name
                )),
                Err(e) => {
                    // A JSON object that is no valid index line is an index line gone bad;
                    // anything else (HTML, text) means this is not an index file at all.
                    let object = serde_json::from_str::<serde_json::Value>(line)
                        .is_ok_and(|v| v.is_object());
                    if !object {
                        invalid += 1;
                    }
                    self.warnings.borrow_mut().push(format!(
                        "line {} of `{rel}` in registry `{}` is invalid and was skipped: {e}",
                        i + 1,
                        self.label()
                    ))
                }
            }
        }
        if lines.is_empty()
            && invalid > 0
            && invalid == text.lines().filter(|l| !l.trim().is_empty()).count()
        {
            // Not one index line: this file's warnings say nothing the error does not.
            self.warnings.borrow_mut().truncate(warned_before);
            return Err(IndexError::NotAnIndex {
                registry: self.label(),
                file: rel.to_string(),
                start: text
                    .trim_start()
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .replace(['\n', '\r'], " "),
            });
        }
        Ok(lines)
    }

    /// How this registry is reached (for downloading its archives).
    pub fn access(&self) -> &Access<'h> {
        &self.access
    }

    /// The registry.
    pub fn registry(&self) -> &RegistryRef {
        &self.registry
    }

    /// Warnings gathered so far (unparseable lines), drained.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.borrow_mut())
    }

    fn label(&self) -> String {
        self.read_location().display()
    }

    /// The error for `rel` if it failed earlier in this run: the first time the error itself,
    /// later [`IndexError::FailedBefore`] telling the same.
    fn failed_before(&self, rel: &str) -> Option<IndexError> {
        let mut failed = self.failed.borrow_mut();
        let f = failed.get_mut(rel)?;
        Some(match f.error.take() {
            Some(e) => e,
            None => IndexError::FailedBefore {
                registry: self.label(),
                file: rel.to_string(),
                reason: f.reason.clone(),
                hint: f.hint.clone(),
            },
        })
    }

    /// Reads a file of the index of at most `cap` bytes; `Ok(None)` when it does not exist.
    /// For a signed registry (one with a trusted root), the file must match the verified
    /// targets (see [`crate::source::tuf`]).
    fn read(&self, rel: &str, cap: SizeCap) -> Result<Option<Vec<u8>>, IndexError> {
        let verified = self.verified()?;
        let bytes = self.read_unverified(rel, cap)?;
        let Some(v) = verified else {
            return Ok(bytes);
        };
        // A mirror holds the files of the locked plugins only: a signed target it lacks is
        // not withheld, and one that is needed is told as missing from the mirror.
        if bytes.is_none() && self.mirror.is_some() {
            return Ok(None);
        }
        match v.check(rel, bytes.as_deref()) {
            Ok(()) => Ok(bytes),
            Err(e) => self.read_again(rel, cap, e),
        }
    }

    /// `rel` did not match the signed targets (`first` says how): a publish may be under way
    /// (the index file is written before the metadata that signs it), so the metadata is
    /// loaded again from the registry, past the cache, and `rel` read again, at most
    /// [`SIGNED_RELOADS`] times a run (the second after [`SIGNED_RELOAD_WAIT`]). A file that
    /// still does not match is refused as `first` says.
    fn read_again(
        &self,
        rel: &str,
        cap: SizeCap,
        first: crate::source::tuf::TufError,
    ) -> Result<Option<Vec<u8>>, IndexError> {
        let mut last = first;
        while let Some(v) = self.reload_verified()? {
            let bytes = self.read_from(rel, cap, None)?;
            if bytes.is_none() && self.mirror.is_some() {
                return Ok(None);
            }
            match v.check(rel, bytes.as_deref()) {
                Ok(()) => return Ok(bytes),
                Err(e) => last = e,
            }
        }
        Err(IndexError::Signed(Box::new(last)))
    }

    /// The metadata loaded again, past the cache, while the run's budget of reloads lasts
    /// (never under `--offline`); `Ok(None)` once it is spent.
    ///
    /// # Errors
    /// [`IndexError::Signed`] when the metadata read again is refused.
    fn reload_verified(&self) -> Result<Option<Rc<crate::source::tuf::Verified>>, IndexError> {
        if self.registry.root.is_none() || !self.take_reload() {
            return Ok(None);
        }
        let loaded = self.load_verified(true);
        self.keep_verified(loaded).map(Some)
    }

    /// A TUF metadata file of this signed registry (one of [`crate::source::tuf::METADATA`]
    /// or `N.root.json`) as it is served, not verified (`plugin mirror` copies it and
    /// verifies the copy); `Ok(None)` when it is not served.
    ///
    /// # Errors
    /// [`IndexError`] when it cannot be read, is larger than `[limits] max-metadata-size`,
    /// or `rel` is no metadata file ([`IndexError::Io`], `InvalidInput`).
    pub fn read_metadata(&self, rel: &str) -> Result<Option<Vec<u8>>, IndexError> {
        if !crate::source::tuf::is_metadata(rel) {
            return Err(IndexError::Io {
                registry: self.label(),
                path: PathBuf::from(rel),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a TUF metadata file",
                ),
            });
        }
        self.read_unverified(rel, self.limits().other())
    }

    /// The verified targets of this registry, loaded on first use; `None` when it has no
    /// trusted root.
    ///
    /// # Errors
    /// [`IndexError::Signed`] naming the attack the metadata shows (the first time; after,
    /// [`IndexError::SignedBefore`] telling the same).
    pub fn verified(&self) -> Result<Option<Rc<crate::source::tuf::Verified>>, IndexError> {
        if self.registry.root.is_none() {
            return Ok(None);
        }
        if let Some(done) = self.tuf.borrow_mut().as_mut() {
            return match done {
                Ok(v) => Ok(Some(Rc::clone(v))),
                Err(f) => Err(f.error.take().unwrap_or_else(|| IndexError::SignedBefore {
                    reason: f.reason.clone(),
                    hint: f.hint.clone(),
                })),
            };
        }
        let mut loaded = self.load_verified(false);
        // A set of metadata half written by a publish (targets new, snapshot old) is
        // inconsistent for a moment, and after a root rotation the roles are signed by the
        // new key a moment after the new root is there: read again before it is refused.
        while matches!(
            loaded,
            Err(crate::source::tuf::TufError::Inconsistent { .. }
                | crate::source::tuf::TufError::Untrusted { .. })
        ) && self.take_reload()
        {
            loaded = self.load_verified(true);
        }
        self.keep_verified(loaded).map(Some)
    }

    /// Whether the run's budget allows one more reload of the signed metadata (never under
    /// `--offline`); taking it waits [`SIGNED_RELOAD_WAIT`] unless it is the first.
    fn take_reload(&self) -> bool {
        let done = self.reloads.get();
        if done >= SIGNED_RELOADS || self.offline() {
            return false;
        }
        if done > 0 {
            std::thread::sleep(SIGNED_RELOAD_WAIT);
        }
        self.reloads.set(done + 1);
        true
    }

    /// Whether this run is `--offline`.
    fn offline(&self) -> bool {
        self.access.http.is_some_and(|h| h.config().offline)
    }

    /// Loads and verifies the metadata (see [`crate::source::tuf::load`]); `fresh`: read past
    /// the cache, as after a mismatch.
    fn load_verified(
        &self,
        fresh: bool,
    ) -> Result<crate::source::tuf::Verified, crate::source::tuf::TufError> {
        let root = self.registry.root.as_ref().expect("a signed registry");
        let cap = self.limits().other();
        let cache = if fresh { None } else { self.access.cache };
        let read = |rel: &str| {
            self.read_from(rel, cap, cache)
                .map_err(|e| (Failure::new(&e, e.hint()).reason, e.hint()))
        };
        let datastore = self
            .access
            .cache
            .map(|c| crate::source::tuf::datastore_dir(c.root(), &self.registry.spelled));
        crate::source::tuf::load(
            &self.label(),
            root,
            &read,
            datastore.as_deref(),
            self.offline(),
        )
    }

    /// Keeps the outcome of [`RegistryIndex::load_verified`] for the rest of the run.
    fn keep_verified(
        &self,
        loaded: Result<crate::source::tuf::Verified, crate::source::tuf::TufError>,
    ) -> Result<Rc<crate::source::tuf::Verified>, IndexError> {
        match loaded {
            Ok(v) => {
                let v = Rc::new(v);
                *self.tuf.borrow_mut() = Some(Ok(Rc::clone(&v)));
                Ok(v)
            }
            Err(e) => {
                *self.tuf.borrow_mut() = Some(Err(Failure::new(&e, e.hint())));
                Err(IndexError::Signed(Box::new(e)))
            }
        }
    }

    /// Reads a file as [`RegistryIndex::read`] does, without checking it against signed
    /// metadata (which is read this way).
    fn read_unverified(&self, rel: &str, cap: SizeCap) -> Result<Option<Vec<u8>>, IndexError> {
        self.read_from(rel, cap, self.access.cache)
    }

    /// Reads a file as [`RegistryIndex::read_unverified`] does, through `cache` (`None`: past
    /// the cache, asking the registry itself).
    fn read_from(
        &self,
        rel: &str,
        cap: SizeCap,
        cache: Option<&Cache>,
    ) -> Result<Option<Vec<u8>>, IndexError> {
        if let Some(e) = self.failed_before(rel) {
            return Err(e);
        }
        match self.read_location() {
            RegistryLocation::Local(root) => {
                let path = root.join(rel);
                match crate::fs::read_capped(&path, cap.limit) {
                    Ok(Some(b)) => Ok(Some(b)),
                    Ok(None) => Err(IndexError::TooLarge {
                        registry: self.label(),
                        path,
                        limit: cap.limit,
                        setting: cap.setting,
                    }),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(IndexError::Io {
                        registry: self.label(),
                        path,
                        source,
                    }),
                }
            }
            RegistryLocation::Store(location) => {
                let offline = self.access.http.is_some_and(|h| h.config().offline);
                let got = match self.store() {
                    Some(Ok(store)) => fetch_store(&store, cache, offline, &location.url, rel, cap),
                    Some(Err(e)) => Err(e),
                    None => unreachable!("a store location"),
                };
                self.kept(rel, got, |source| IndexError::Store {
                    registry: self.label(),
                    file: rel.to_string(),
                    source: Box::new(source),
                })
            }
            RegistryLocation::Http(base) => {
                let http = self
                    .access
                    .http
                    .expect("an HTTP registry is given a client");
                let got = fetch_http(http, cache, &self.access.options, base, rel, cap);
                self.kept(rel, got, |source| IndexError::Http {
                    registry: self.label(),
                    file: rel.to_string(),
                    source,
                })
            }
        }
    }

    /// The bytes of `rel` fetched as `got`: what is to be kept in the cache is noted; a
    /// failure is remembered (so that `rel` is not asked for again) and given as `wrap` makes
    /// it an [`IndexError`].
    fn kept<E: std::error::Error + Hint>(
        &self,
        rel: &str,
        got: Result<Option<Got>, E>,
        wrap: impl FnOnce(E) -> IndexError,
    ) -> Result<Option<Vec<u8>>, IndexError> {
        match got {
            Ok(None) => Ok(None),
            Ok(Some((b, persist))) => {
                self.fetched.borrow_mut().extend(persist);
                Ok(Some(b))
            }
            Err(source) => {
                self.failed
                    .borrow_mut()
                    .insert(rel.to_string(), Failure::new(&source, source.hint()));
                Err(wrap(source))
            }
        }
    }

    /// Any file of the index by its path from the root (such as `search.jsonl`), read under
    /// the cap `[limits] max-metadata-size`; `Ok(None)` when there is none.
    ///
    /// # Errors
    /// [`IndexError`] when it cannot be read or is too large.
    pub fn read_file(&self, rel: &str) -> Result<Option<Vec<u8>>, IndexError> {
        self.read(rel, self.limits().other())
    }

    /// The name in the registry's search listing (`search.jsonl`) closest to `name`, when
    /// one is close enough to be what a typo meant; `None` without a listing.
    fn listed_name_like(&self, name: &str) -> Option<String> {
        let bytes = self.read_file(SEARCH_FILE).ok()??;
        let names: Vec<String> = String::from_utf8_lossy(&bytes)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("name")?.as_str().map(str::to_string))
            .collect();
        crate::name::did_you_mean(name, names.iter().map(String::as_str)).map(str::to_string)
    }

    /// Fetches the index files of `names` with up to `jobs` requests at once, so that the
    /// resolver, which asks for plugins one at a time, finds them read. Only plugins certain to
    /// be asked about (the project's own) should be given; errors are left for the resolver to
    /// meet and report (without another request).
    pub fn prefetch(&self, names: &[PluginName], jobs: usize) {
        let RegistryLocation::Http(base) = self.read_location() else {
            return;
        };
        let Some(http) = self.access.http else { return };
        if http.config().offline {
            return;
        }
        // A signed registry's files are checked as they arrive; a refusal is left for the
        // resolver to meet.
        let verified = match self.verified() {
            Ok(v) => v,
            Err(e) => {
                // Kept to be reported by the resolver's first read.
                if let Some(Err(f)) = self.tuf.borrow_mut().as_mut() {
                    f.error = Some(e);
                }
                return;
            }
        };
        let cache = self.access.cache;
        let cap = self.limits().index_file();
        let todo: Vec<(PluginName, String)> = names
            .iter()
            .filter(|n| !self.files.borrow().contains_key(&n.index_path()))
            .flat_map(|n| {
                n.index_paths()
                    .into_iter()
                    .take(1)
                    .filter(|rel| !self.failed.borrow().contains_key(rel))
                    .map(move |rel| (n.clone(), rel))
            })
            .collect();
        let options = &self.access.options;
        let fetched = crate::jobs::parallel_map(todo, jobs, |(name, rel)| {
            match fetch_http(http, cache, options, base, &rel, cap) {
                Ok(Some((bytes, persist))) => Some(Ok((name, rel, bytes, persist))),
                // Not there under this spelling: the resolver tries the other one.
                Ok(None) => None,
                Err(e) => Some(Err((rel, e))),
            }
        });
        for result in fetched.into_iter().flatten() {
            if let (Ok((_, rel, bytes, _)), Some(v)) = (&result, &verified) {
                // A mismatch is left for the resolver's own read, which loads the metadata
                // again before refusing (a publish may be under way).
                if v.check(rel, Some(bytes)).is_err() {
                    continue;
                }
            }
            match result {
                Ok((name, rel, bytes, persist)) => match self.parse_lines(&name, &rel, &bytes) {
                    Ok(lines) => {
                        self.fetched.borrow_mut().extend(persist);
                        self.files
                            .borrow_mut()
                            .insert(name.index_path(), Rc::new(lines));
                    }
                    Err(e) => {
                        let mut f = Failure::new(&e, e.hint());
                        f.error = Some(e);
                        self.failed.borrow_mut().insert(rel, f);
                    }
                },
                Err((rel, e)) => {
                    let mut f = Failure::new(&e, e.hint());
                    f.error = Some(IndexError::Http {
                        registry: self.label(),
                        file: rel.clone(),
                        source: e,
                    });
                    self.failed.borrow_mut().insert(rel, f);
                }
            }
        }
    }

    /// `config.json`, read once, under the cap `[limits] max-config-size`.
    ///
    /// # Errors
    /// [`IndexError`] when it cannot be read or is invalid.
    pub fn config(&self) -> Result<IndexConfig, IndexError> {
        if let Some(c) = self.config.borrow().as_ref() {
            return Ok(c.clone());
        }
        let err = |message: String| IndexError::Config {
            registry: self.label(),
            message,
        };
        let bytes = self
            .read("config.json", self.limits().config())?
            .ok_or_else(|| {
                err("there is no `config.json`: is this the root of a registry index?".into())
            })?;
        let config: IndexConfig = serde_json::from_slice(&bytes).map_err(|e| err(e.to_string()))?;
        if config.auth_required && self.access.options.auth.is_none() {
            if let RegistryLocation::Http(u) = self.read_location() {
                return Err(IndexError::Http {
                    registry: self.label(),
                    file: "config.json".into(),
                    source: HttpError::Unauthorized {
                        url: Redacted::new(u),
                        status: 401,
                        registry: Some(self.registry.key.clone()),
                    },
                });
            }
        }
        *self.config.borrow_mut() = Some(config.clone());
        Ok(config)
    }

    /// Every version of `name` in this registry, oldest first as listed. Lines that do not
    /// parse are skipped with a warning; lines naming another plugin are skipped. The index
    /// file is read under the cap `[limits] max-index-file-size`.
    ///
    /// # Errors
    /// [`IndexError::NotFound`] when the plugin has no index file; other [`IndexError`]s when
    /// it cannot be read.
    pub fn versions(&self, name: &PluginName) -> Result<Rc<Vec<IndexLine>>, IndexError> {
        let key = name.index_path();
        if let Some(lines) = self.files.borrow().get(&key) {
            return Ok(Rc::clone(lines));
        }
        // cargo's file name keeps `_`; `plugin publish` writes the canonical one.
        let cap = self.limits().index_file();
        let mut found = None;
        for rel in name.index_paths() {
            if let Some(bytes) = self.read(&rel, cap)? {
                found = Some((rel, bytes));
                break;
            }
        }
        let (rel, bytes) = found.ok_or_else(|| {
            self.not_in_mirror(format!("plugin `{name}`"))
                .unwrap_or_else(|| IndexError::NotFound {
                    name: name.to_string(),
                    registry: self.label(),
                    meant: self.listed_name_like(name.as_str()),
                })
        })?;
        let lines = Rc::new(self.parse_lines(name, &rel, &bytes)?);
        self.files.borrow_mut().insert(key, Rc::clone(&lines));
        Ok(lines)
    }

    /// The request options for downloading this registry's archives: its token (if any) also
    /// goes to the folder that `config.json`'s `dl` names, when that is on the registry's
    /// origin (see [`Auth::also_below`]).
    ///
    /// # Errors
    /// As [`RegistryIndex::config`].
    pub fn download_options(&self) -> Result<RequestOptions, IndexError> {
        let mut options = self.access.options.clone();
        if let (Some(auth), RegistryLocation::Http(base)) = (&options.auth, self.read_location()) {
            let config = self.config()?;
            // The fixed part of `dl` before its first marker; a `dl` without markers is the
            // folder the archives are in (see `Config::expand`).
            let fixed = match config.dl.find('{') {
                Some(i) => config.dl[..i].to_string(),
                None => format!("{}/", config.dl.trim_end_matches('/')),
            };
            if let Ok(url) = base.join(&fixed) {
                options.auth = Some(auth.also_below(&url));
            }
        }
        Ok(options)
    }

    /// The download location of one version.
    ///
    /// # Errors
    /// [`IndexError`] when `config.json` cannot be read, or the template gives an invalid URL
    /// or a path outside a local index.
    pub fn download(
        &self,
        name: &PluginName,
        version: &Version,
        cksum: &Sha256,
    ) -> Result<Download, IndexError> {
        let config = self.config()?;
        let dl = config.expand(name, version, cksum);
        let err = |message: String| IndexError::Download {
            name: name.to_string(),
            version: version.clone(),
            registry: self.label(),
            message,
        };
        if dl.starts_with("http://") || dl.starts_with("https://") {
            return Url::parse(&dl)
                .map(Download::Url)
                .map_err(|e| err(e.to_string()));
        }
        match self.read_location() {
            RegistryLocation::Http(base) => base
                .join(&dl)
                .map(Download::Url)
                .map_err(|e| err(e.to_string())),
            RegistryLocation::Store(_) => {
                let rel = Path::new(&dl);
                if dl.contains("://")
                    || !rel
                        .components()
                        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
                {
                    return Err(err(format!("`{dl}` is not a path inside the registry")));
                }
                let store = match self.store() {
                    Some(Ok(s)) => s,
                    Some(Err(e)) => {
                        return Err(IndexError::Store {
                            registry: self.label(),
                            file: dl.clone(),
                            source: Box::new(e),
                        })
                    }
                    None => unreachable!("a store location"),
                };
                Ok(Download::Object(ObjectDownload {
                    store,
                    key: crate::fs::to_slash(rel),
                }))
            }
            RegistryLocation::Local(root) => {
                let rel = dl.strip_prefix("file://").map_or(dl.as_str(), |_| "");
                if rel.is_empty() {
                    return Err(err(format!(
                        "`{dl}`: a local registry's `dl` must be relative"
                    )));
                }
                let rel = Path::new(rel);
                if !rel
                    .components()
                    .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
                {
                    return Err(err(format!("`{dl}` leaves the index folder")));
                }
                let path = root.join(rel);
                if !path.exists() {
                    if let Some(e) = self.not_in_mirror(format!("archive for `{name}` {version}")) {
                        return Err(e);
                    }
                }
                Ok(Download::File(path))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> PluginName {
        PluginName::new(s).unwrap()
    }

    #[test]
    fn dl_templates() {
        let v = Version::parse("1.2.3").unwrap();
        let c = Sha256::of(b"x");
        let cfg = |dl: &str| IndexConfig {
            dl: dl.into(),
            auth_required: false,
        };
        assert_eq!(
            cfg("packages").expand(&n("Stoq-Hash"), &v, &c),
            "packages/Stoq-Hash/1.2.3/download"
        );
        assert_eq!(
            cfg("https://dl.example/{lowerprefix}/{crate}-{version}.tar.gz?c={sha256-checksum}")
                .expand(&n("Stoq-Hash"), &v, &c),
            format!(
                "https://dl.example/st/oq/Stoq-Hash-1.2.3.tar.gz?c={}",
                c.to_hex()
            )
        );
        assert_eq!(
            cfg("{prefix}/{name}").expand(&n("Stoq"), &v, &c),
            "St/oq/Stoq"
        );
    }

    #[test]
    fn parses_cargo_and_own_lines() {
        let cargo = r#"{"name":"foo","vers":"0.1.0","deps":[{"name":"rand","req":"^0.6","features":["i128_support"],"optional":false,"default_features":true,"target":null,"kind":"normal"}],"cksum":"d867001db0e2b6e0496f9fac96930e2d42233ecd3ca0413e0753d4c7695d289c","features":{},"yanked":false,"links":null}"#;
        let l: IndexLine = serde_json::from_str(cargo).unwrap();
        assert_eq!(l.deps[0].name.as_str(), "rand");
        let own = r#"{"name":"stoq-hash","vers":"1.0.0","deps":[],"cksum":"d867001db0e2b6e0496f9fac96930e2d42233ecd3ca0413e0753d4c7695d289c","yanked":true,"host":{"name":"stoq","version":">=3, <4"},"format":"tar.gz"}"#;
        let l: IndexLine = serde_json::from_str(own).unwrap();
        assert!(l.yanked && l.host.is_some());
    }

    #[test]
    fn local_dl_cannot_leave_the_index() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), r#"{"dl":"../{name}"}"#).unwrap();
        let reg = RegistryRef {
            key: "default".into(),
            spelled: "x".into(),
            location: RegistryLocation::Local(dir.path().to_path_buf()),
            url_credentials: None,
            ca_file: None,
            root: None,
        };
        let idx = RegistryIndex::new(reg, Access::default());
        let err = idx
            .download(&n("a"), &Version::new(1, 0, 0), &Sha256::of(b""))
            .unwrap_err();
        assert!(err.to_string().contains("leaves the index folder"), "{err}");
    }
}

//! The download cache in the user's cache folder (`PLUGIN_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/plugin`, else `$HOME/.cache/plugin`):
//!
//! ```text
//! CACHEDIR.TAG                   marks the folder as a cache (see below)
//! archives/sha256/ab/abcdef…     package archives, by the sha256 of their bytes
//! store/v1/abcdef…/              those archives unpacked, placed by the link mode (see
//!                                [`crate::install::store`])
//! index/<registry id>/…          index files and config.json of HTTP registries, each with a
//!                                `NAME.meta.json` holding its HTTP cache policy
//! ```
//!
//! Archives are content-addressed and re-verified whenever they are read: a cached file whose
//! bytes no longer hash to its name is deleted and downloaded again. Writes go through a
//! temporary file and a rename, so concurrent runs never see half a file. The cache is what
//! `--offline` installs from.
//!
//! # The tag, and what `clean` and `prune` delete
//!
//! The folder carries a `CACHEDIR.TAG` as the Cache Directory Tagging Specification
//! (<https://bford.info/cachedir/>) describes: its first 43 bytes are the signature line
//! [`CACHEDIR_TAG_SIGNATURE`], so that backup tools skip the folder. It is written whenever the
//! cache writes a file and finds the folder missing, empty, or holding nothing but the cache's
//! own layout (`archives/sha256/XX/<64 hex digits>`, `index/<16 hex digits>/…` and leftover
//! `.tmp-*` files) — the last case tags a cache made before tagging existed. A folder that
//! holds anything else and has no tag is never tagged: it is not the cache's (think of
//! `PLUGIN_CACHE_DIR=$HOME`), and the cache only ever adds its own two subfolders to it.
//!
//! [`Cache::clean`] and [`Cache::prune`] delete only the cache's own entries (`archives/`,
//! `index/`, `.tmp-*` at the top), and only in a folder that is tagged or holds nothing but
//! that layout; a non-empty folder that is neither is refused with [`CacheError::NotACache`],
//! and nothing in it is touched. Anything else found in a tagged folder is left where it is.
//!
//! # Revalidating index files
//!
//! An index file is kept with its HTTP cache policy ([`Validators`], RFC 9111), computed by the
//! maintained `http-cache-semantics` crate from the response, so that `Cache-Control`
//! (`max-age`, `no-cache`, `no-store`, `must-revalidate`, `Expires`, `Age`, ...) is honoured as a
//! private (single-user) cache must: a fresh copy is used without a request, a stale one is
//! revalidated, a `no-store` answer is not kept at all. No heuristic freshness is assumed
//! (RFC 9111 §4.2.2 allows it; a registry that just published must be seen): without an
//! explicit lifetime every run revalidates. Two rules are applied before the crate sees the
//! response, because it does not apply them itself:
//!
//! * a `Last-Modified` that is not at least one second older than the response's `Date` (or
//!   comes without a `Date`) is weak (RFC 9110 §8.8.2.2) and is dropped, never sent back as
//!   `If-Modified-Since`: a server comparing in whole seconds would answer 304 to a request
//!   made in the second of a publish, and the new version would stay unseen;
//! * with an `ETag`, only `If-None-Match` is sent (RFC 9110 §13.1.3: a server must then ignore
//!   `If-Modified-Since` anyway), so a server that checks both never sees a weaker one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use http_cache_semantics::{AfterResponse, BeforeRequest, CacheOptions, CachePolicy};
use tempfile::NamedTempFile;
use url::Url;

use crate::checksum::{HashingReader, Sha256};
use crate::env::{vars, Env};
use crate::error::Hint;

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
    /// Whether [`Cache::prepare`] already ran in this process (the folder then exists and is
    /// tagged, or is a foreign folder left untagged): the check is not repeated per write.
    prepared: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Cache {
    /// The cache named by the environment, if a folder can be named.
    pub fn from_env(env: &Env) -> Option<Self> {
        let root = if let Some(d) = env.get(vars::PLUGIN_CACHE_DIR).filter(|d| !d.is_empty()) {
            PathBuf::from(d)
        } else if let Some(d) = env.get(vars::XDG_CACHE_HOME).filter(|d| !d.is_empty()) {
            Path::new(d).join("plugin")
        } else {
            Path::new(env.get(vars::HOME).filter(|h| !h.is_empty())?)
                .join(".cache")
                .join("plugin")
        };
        Some(Self::at(root))
    }

    /// A cache rooted at `root`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            prepared: Default::default(),
        }
    }

    /// The cache folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the archive with digest `sha` is kept.
    pub fn archive_path(&self, sha: &Sha256) -> PathBuf {
        let hex = sha.to_hex();
        self.root
            .join("archives")
            .join("sha256")
            .join(&hex[..2])
            .join(hex)
    }

    /// A copy of the cached archive with digest `sha` in `staging`, verified while copying
    /// (through [`Cache::read_archive`]: the cached file's time is refreshed, for `prune`);
    /// `None` when it is not cached or its bytes changed (the bad copy is then deleted).
    pub fn archive(&self, sha: &Sha256, staging: &Path) -> Option<NamedTempFile> {
        self.read_archive(sha, |input, _| {
            let tmp = tempfile::Builder::new()
                .prefix("cached-")
                .suffix(".partial")
                .tempfile_in(staging)?;
            let mut writer = io::BufWriter::new(tmp.reopen()?);
            io::copy(input, &mut writer)?;
            writer.into_inner().map_err(|e| e.into_error())?;
            Ok::<_, io::Error>(tmp)
        })?
        .ok()
    }

    /// Gives the cached archive with digest `sha` to `consume`, in place, with its size in
    /// bytes, hashing it as `consume` reads (and reading what `consume` leaves): the one-pass
    /// warm install. Returns what `consume` returned once the bytes are known to hash to `sha`
    /// (the file's time is then refreshed, for `prune`); `None` when it is not cached, cannot
    /// be read, or its bytes changed (the bad copy is then deleted, and what `consume` made
    /// must be thrown away: it is dropped here).
    pub fn read_archive<T>(
        &self,
        sha: &Sha256,
        consume: impl FnOnce(&mut dyn io::Read, u64) -> T,
    ) -> Option<T> {
        let path = self.archive_path(sha);
        let file = fs::File::open(&path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut reader = HashingReader::new(io::BufReader::with_capacity(64 * 1024, file));
        let made = consume(&mut reader, len);
        io::copy(&mut reader, &mut io::sink()).ok()?;
        let (actual, _) = reader.finish();
        if actual != *sha {
            let _ = fs::remove_file(&path);
            return None;
        }
        touch(&path);
        Some(made)
    }

    /// Keeps a copy of the verified archive at `file` under its digest `sha` (best effort:
    /// a cache that cannot be written is not an error): a hard link when `file` is on the
    /// cache's file system (a download made in the store's area), else a copy.
    pub fn store_archive(&self, sha: &Sha256, file: &Path) {
        let dest = self.archive_path(sha);
        if self.prepare().is_err() {
            return;
        }
        // A hard link names the whole, verified file at once, so it needs no temporary
        // name; an existing entry (same digest, so the same bytes) is kept.
        let linked = match fs::hard_link(file, &dest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => dest
                .parent()
                .map_or(Err(e), fs::create_dir_all)
                .and_then(|()| fs::hard_link(file, &dest)),
            other => other,
        };
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                let _ = self.store(&dest, |tmp| {
                    io::copy(&mut fs::File::open(file)?, tmp.as_file_mut()).map(drop)
                });
            }
        }
    }

    /// The store of unpacked archives, `store/v1` (see [`crate::install::store`]).
    pub fn store_dir(&self) -> PathBuf {
        self.root.join("store").join("v1")
    }

    /// Creates the cache folder if needed and tags it (see the module docs), before a write
    /// that does not go through this type (the store's).
    ///
    /// # Errors
    /// The folder cannot be created or read.
    pub fn prepare_for_write(&self) -> io::Result<()> {
        self.prepare()
    }

    fn index_dir(&self, registry: &str) -> PathBuf {
        let id = Sha256::of(registry.as_bytes()).to_hex();
        self.root.join("index").join(&id[..16])
    }

    fn meta_path(&self, registry: &str, rel: &str) -> PathBuf {
        let dest = self.index_dir(registry).join(rel);
        dest.with_file_name(format!(
            "{}.meta.json",
            dest.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ))
    }

    /// The cached copy of index file `rel` (e.g. `config.json`, `st/oq/stoq-hash`) of the
    /// registry at `registry` (its URL), if it is there and at most `max_len` bytes long (a
    /// longer one is ignored, as if it were not cached).
    pub fn index_file(&self, registry: &str, rel: &str, max_len: u64) -> Option<Vec<u8>> {
        crate::fs::read_capped(&self.index_dir(registry).join(rel), max_len)
            .ok()
            .flatten()
    }

    /// Keeps `bytes` as index file `rel` of `registry`, with the cache policy of the response
    /// that brought it (best effort). `None` (the server said `no-store`) keeps nothing and
    /// removes any earlier copy.
    pub fn store_index_file(
        &self,
        registry: &str,
        rel: &str,
        bytes: &[u8],
        validators: Option<&Validators>,
    ) {
        let dest = self.index_dir(registry).join(rel);
        let meta = self.meta_path(registry, rel);
        let Some(validators) = validators else {
            let _ = fs::remove_file(&dest);
            let _ = fs::remove_file(meta);
            return;
        };
        if self.store_bytes(&dest, bytes).is_ok() {
            self.store_index_validators(registry, rel, validators);
        }
    }

    /// Replaces the cache policy kept with index file `rel` of `registry` (after a 304, which
    /// refreshes it without a body).
    pub fn store_index_validators(&self, registry: &str, rel: &str, validators: &Validators) {
        let meta = self.meta_path(registry, rel);
        match serde_json::to_vec(validators) {
            Ok(text) => {
                let _ = self.store_bytes(&meta, &text);
            }
            Err(_) => {
                let _ = fs::remove_file(meta);
            }
        }
    }

    /// The cache policy stored with index file `rel` of `registry`; `None` when there is none
    /// or it is unreadable (as the `{etag, last_modified}` files of earlier versions are): the
    /// file is then fetched again in full.
    pub fn index_validators(&self, registry: &str, rel: &str) -> Option<Validators> {
        let bytes = fs::read(self.meta_path(registry, rel)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Whether the cache folder carries its `CACHEDIR.TAG` (with the signature).
    pub fn is_tagged(&self) -> bool {
        let Ok(file) = fs::File::open(self.root.join(CACHEDIR_TAG)) else {
            return false;
        };
        let mut start = Vec::new();
        let _ = io::Read::read_to_end(
            &mut io::Read::take(file, CACHEDIR_TAG_SIGNATURE.len() as u64),
            &mut start,
        );
        start == CACHEDIR_TAG_SIGNATURE.as_bytes()
    }

    /// Creates the folder if needed and tags it, unless it holds things that are not the
    /// cache's (see the module docs).
    fn prepare(&self) -> io::Result<()> {
        use std::sync::atomic::Ordering;
        if self.prepared.load(Ordering::Relaxed) {
            return Ok(());
        }
        fs::create_dir_all(&self.root)?;
        if self.is_tagged() || !self.holds_only_own_layout()? {
            self.prepared.store(true, Ordering::Relaxed);
            return Ok(());
        }
        let text = format!(
            "{CACHEDIR_TAG_SIGNATURE}\n\
             # This file is a cache directory tag created by `plugin`, which keeps downloaded\n\
             # archives and registry index files here; everything here can be downloaded again.\n\
             # For information about cache directory tags see https://bford.info/cachedir/\n"
        );
        let tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.root)?;
        fs::write(tmp.path(), text)?;
        tmp.persist(self.root.join(CACHEDIR_TAG))
            .map_err(|e| e.error)?;
        self.prepared
            .store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Whether the folder holds nothing but the cache's own layout (or nothing at all).
    fn holds_only_own_layout(&self) -> io::Result<bool> {
        fn names(dir: &Path) -> io::Result<Vec<(String, bool)>> {
            let mut out = Vec::new();
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let is_dir = entry.file_type()?.is_dir();
                out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
            }
            Ok(out)
        }
        let hex = |s: &str, len: usize| {
            s.len() == len
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        let tmp = |name: &str, is_dir: bool| !is_dir && name.starts_with(".tmp-");
        for (name, is_dir) in names(&self.root)? {
            match (name.as_str(), is_dir) {
                (CACHEDIR_TAG, false) => {}
                ("index", true) => {
                    for (id, is_dir) in names(&self.root.join("index"))? {
                        if !(is_dir && hex(&id, 16)) {
                            return Ok(false);
                        }
                    }
                }
                // The store's layout is its own (see `crate::install::store`).
                ("store", true) => {}
                ("archives", true) => {
                    let archives = self.root.join("archives");
                    for (algo, is_dir) in names(&archives)? {
                        if (algo.as_str(), is_dir) != ("sha256", true) {
                            return Ok(false);
                        }
                        let algo_dir = archives.join("sha256");
                        for (two, is_dir) in names(&algo_dir)? {
                            if !(is_dir && hex(&two, 2)) {
                                return Ok(false);
                            }
                            for (file, is_dir) in names(&algo_dir.join(&two))? {
                                let own = !is_dir && hex(&file, 64) && file.starts_with(&two);
                                if !own && !tmp(&file, is_dir) {
                                    return Ok(false);
                                }
                            }
                        }
                    }
                }
                (other, is_dir) if tmp(other, is_dir) => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// Refuses a folder that is neither tagged nor made of the cache's own layout alone.
    fn check_own(&self) -> Result<(), CacheError> {
        let own = self.is_tagged()
            || self
                .holds_only_own_layout()
                .map_err(|source| CacheError::Io {
                    path: self.root.clone(),
                    source,
                })?;
        if own {
            Ok(())
        } else {
            Err(CacheError::NotACache {
                folder: self.root.clone(),
            })
        }
    }

    /// Deletes the cache's own entries (`archives/`, `index/`, leftover `.tmp-*` files), then
    /// the tag and the folder if nothing else is left in it.
    ///
    /// # Errors
    /// [`CacheError::NotACache`] for a non-empty folder that is not a cache (nothing is
    /// deleted); [`CacheError::Io`].
    pub fn clean(&self) -> Result<Cleaned, CacheError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| CacheError::Io { path, source }
        };
        match fs::symlink_metadata(&self.root) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Cleaned::Empty),
            Err(e) => return Err(io_err(&self.root)(e)),
            Ok(m) if !m.is_dir() => {
                return Err(CacheError::NotACache {
                    folder: self.root.clone(),
                })
            }
            Ok(_) => {}
        }
        let entries: Vec<fs::DirEntry> = fs::read_dir(&self.root)
            .and_then(|d| d.collect::<io::Result<_>>())
            .map_err(io_err(&self.root))?;
        if entries.is_empty() {
            return Ok(Cleaned::Empty);
        }
        self.check_own()?;
        // The tag may go below: a later write in this process tags the folder again.
        self.prepared
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let mut others = 0;
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let is_dir = entry.file_type().map_err(io_err(&path))?.is_dir();
            match (name.as_str(), is_dir) {
                ("archives" | "index" | "store", true) => {
                    fs::remove_dir_all(&path).map_err(io_err(&path))?;
                }
                (n, false) if n.starts_with(".tmp-") => {
                    fs::remove_file(&path).map_err(io_err(&path))?;
                }
                (CACHEDIR_TAG, false) => {}
                _ => others += 1,
            }
        }
        if others > 0 {
            return Ok(Cleaned::KeptOthers(others));
        }
        let tag = self.root.join(CACHEDIR_TAG);
        if let Err(e) = fs::remove_file(&tag) {
            if e.kind() != io::ErrorKind::NotFound {
                return Err(io_err(&tag)(e));
            }
        }
        // Another run may be writing into it again: then it stays.
        let _ = fs::remove_dir(&self.root);
        Ok(Cleaned::Removed)
    }

    /// Deletes the cache's files (below `archives/` and `index/`) not used for `max_age`
    /// (archives are touched when read); returns how many files and bytes were freed.
    ///
    /// # Errors
    /// [`CacheError::NotACache`] as for [`Cache::clean`]; [`CacheError::Io`] walking the cache.
    pub fn prune(&self, max_age: std::time::Duration) -> Result<(u64, u64), CacheError> {
        let mut files = 0;
        let mut bytes = 0;
        if !self.root.is_dir() {
            return Ok((0, 0));
        }
        self.check_own()?;
        let now = SystemTime::now();
        for sub in ["archives", "index"] {
            let dir = self.root.join(sub);
            if !dir.is_dir() {
                continue;
            }
            let err = |source| CacheError::Io {
                path: dir.clone(),
                source,
            };
            for rel in crate::fs::list_files(&dir).map_err(err)? {
                let path = dir.join(&rel);
                let meta = fs::metadata(&path).map_err(err)?;
                let used = meta.modified().unwrap_or(now);
                if now.duration_since(used).unwrap_or_default() > max_age {
                    fs::remove_file(&path).map_err(err)?;
                    files += 1;
                    bytes += meta.len();
                }
            }
        }
        let (f, b) = self.prune_store(now, max_age)?;
        Ok((files + f, bytes + b))
    }

    /// Deletes the store's entries (see [`crate::install::store`]) whose `entry.json` was not
    /// used for `max_age`, and what runs killed meanwhile left in its `.tmp` folder.
    fn prune_store(
        &self,
        now: SystemTime,
        max_age: std::time::Duration,
    ) -> Result<(u64, u64), CacheError> {
        let dir = self.store_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok((0, 0));
        };
        let (mut files, mut bytes) = (0, 0);
        let old = |path: &Path| {
            fs::symlink_metadata(path)
                .and_then(|m| m.modified())
                .map(|m| now.duration_since(m).unwrap_or_default() > max_age)
                .unwrap_or(true)
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let targets: Vec<PathBuf> = if name == ".tmp" {
                fs::read_dir(&path)
                    .map(|d| d.flatten().map(|e| e.path()).filter(|p| old(p)).collect())
                    .unwrap_or_default()
            } else if old(&path.join("entry.json")) {
                vec![path]
            } else {
                continue;
            };
            for target in targets {
                let listed = crate::fs::list_files(&target).unwrap_or_default();
                files += listed.len().max(1) as u64;
                bytes += listed
                    .iter()
                    .filter_map(|rel| fs::symlink_metadata(target.join(rel)).ok())
                    .map(|m| m.len())
                    .sum::<u64>();
                fs::remove_dir_all(&target)
                    .or_else(|_| fs::remove_file(&target))
                    .map_err(|source| CacheError::Io {
                        path: target.clone(),
                        source,
                    })?;
            }
        }
        Ok((files, bytes))
    }

    /// Writes `dest` (inside the cache) through a temporary file beside it and a rename,
    /// creating and tagging the cache folder first.
    fn store(
        &self,
        dest: &Path,
        fill: impl FnOnce(&mut tempfile::NamedTempFile) -> io::Result<()>,
    ) -> io::Result<()> {
        self.prepare()?;
        let mut tmp = self.temp_beside(dest)?;
        fill(&mut tmp)?;
        tmp.persist(dest).map_err(|e| e.error)?;
        Ok(())
    }

    /// Keeps `bytes` at `dest`, written through the temporary file's own handle.
    fn store_bytes(&self, dest: &Path, bytes: &[u8]) -> io::Result<()> {
        self.store(dest, |tmp| io::Write::write_all(tmp.as_file_mut(), bytes))
    }

    /// A temporary file in `dest`'s folder, which is made only when it is missing (most
    /// writes go to a folder an earlier write made: one `open` instead of `mkdir`, `stat`
    /// and `open`).
    fn temp_beside(&self, dest: &Path) -> io::Result<tempfile::NamedTempFile> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let make = || tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir);
        match make() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(dir)?;
                make()
            }
            other => other,
        }
    }
}

/// The name of the tag file of the Cache Directory Tagging Specification.
pub const CACHEDIR_TAG: &str = "CACHEDIR.TAG";

/// The line a `CACHEDIR.TAG` must begin with (the specification's exact 43 bytes).
pub const CACHEDIR_TAG_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";

/// What [`Cache::clean`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaned {
    /// There was no cache, or an empty folder (left as it is).
    Empty,
    /// The cache's entries, its tag and its folder were deleted.
    Removed,
    /// The cache's entries were deleted; this many other entries were left in the folder,
    /// with the tag.
    KeptOthers(usize),
}

/// A cache folder that could not be cleaned or pruned.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The folder is not empty, has no `CACHEDIR.TAG` and holds files that are not the cache's.
    #[error("`{}` is not a plugin cache (it has no CACHEDIR.TAG and holds other files): nothing was deleted", folder.display())]
    NotACache {
        /// The folder.
        folder: PathBuf,
    },
    /// Reading or deleting failed.
    #[error("could not clean the cache at `{}`", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

impl Hint for CacheError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::NotACache { .. } => Some(
                "check `PLUGIN_CACHE_DIR`: it must name a folder of the cache's own (or an empty one)"
                    .into(),
            ),
            Self::Io { .. } => None,
        }
    }
}

/// What the cache keeps about an index file to decide, next time, whether it may be used as
/// it is, must be revalidated, or must not be kept (RFC 9111): the `http-cache-semantics`
/// policy of the response, made from a request without credentials and a URL without
/// userinfo or query (nothing secret is written to the cache), and from the response's
/// caching headers only (`Cache-Control`, `Pragma`, `Expires`, `Date`, `Age`, `Vary`, `ETag`,
/// and `Last-Modified` when it is strong and there is no `ETag`; see the module docs). Stored
/// as JSON in `NAME.meta.json` beside the file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    policy: CachePolicy,
}

/// What to do with a cached copy, from [`Validators::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Fresh (within its `max-age` or `Expires`): use it without a request.
    Fresh,
    /// Stale: ask with these conditional headers (`If-None-Match` or `If-Modified-Since`; none
    /// when there is no usable validator, which makes it a plain `GET`).
    Stale(Vec<(http::HeaderName, String)>),
}

/// The response headers a policy is made from.
const KEPT_HEADERS: [&str; 8] = [
    "cache-control",
    "pragma",
    "expires",
    "date",
    "age",
    "vary",
    "etag",
    "last-modified",
];

impl Validators {
    /// The policy for a successful response to `GET url` with `headers`, received at `now`;
    /// `None` when it must not be stored (`no-store`, or a status a cache cannot keep).
    pub fn from_response(
        url: &Url,
        status: http::StatusCode,
        headers: &http::HeaderMap,
        now: SystemTime,
    ) -> Option<Self> {
        let request = request_parts(url)?;
        let mut response = http::Response::new(()).into_parts().0;
        response.status = status;
        response.headers = caching_headers(headers);
        let policy = CachePolicy::new_options(&request, &response, now, options());
        policy.is_storable().then_some(Self { policy })
    }

    /// Whether the copy kept under this policy may be used at `now` for `GET url`.
    pub fn check(&self, url: &Url, now: SystemTime) -> Freshness {
        let Some(request) = request_parts(url) else {
            return Freshness::Stale(Vec::new());
        };
        match self.policy.before_request(&request, now) {
            BeforeRequest::Fresh(_) => Freshness::Fresh,
            BeforeRequest::Stale { request, matches } => {
                let mut conditional = Vec::new();
                if matches {
                    for name in [http::header::IF_NONE_MATCH, http::header::IF_MODIFIED_SINCE] {
                        if let Some(v) = request.headers.get(&name).and_then(|v| v.to_str().ok()) {
                            conditional.push((name, v.to_string()));
                        }
                    }
                }
                Freshness::Stale(conditional)
            }
        }
    }

    /// What the server's 304 Not Modified (with `headers`, at `now`) means for the copy kept
    /// under this policy. RFC 9111 §4.3.4 lets a 304 update the stored headers only when its
    /// validators select the stored response; a 304 without any validator (as Python's
    /// http.server sends: RFC 9110 §15.4.5 does not require `Last-Modified` in it) still says
    /// the copy we asked about is current, so the copy stands under its old policy.
    pub fn after_not_modified(
        &self,
        url: &Url,
        headers: &http::HeaderMap,
        now: SystemTime,
    ) -> NotModified {
        let Some(request) = request_parts(url) else {
            return NotModified::Unchanged;
        };
        if !headers.contains_key(http::header::ETAG)
            && !headers.contains_key(http::header::LAST_MODIFIED)
        {
            return NotModified::Unchanged;
        }
        let mut response = http::Response::new(()).into_parts().0;
        response.status = http::StatusCode::NOT_MODIFIED;
        response.headers = caching_headers(headers);
        match self.policy.after_response(&request, &response, now) {
            AfterResponse::NotModified(_, merged) => {
                match Self::from_response(url, http::StatusCode::OK, &merged.headers, now) {
                    Some(v) => NotModified::Updated(Box::new(v)),
                    None => NotModified::Forget,
                }
            }
            // With `Last-Modified` dropped (weak, or beside an `ETag`), the crate sees no
            // validator on our side: the ETag comparison above is what decides.
            AfterResponse::Modified(..) => NotModified::Contradicted,
        }
    }
}

/// What a 304 answer means for a kept copy, from [`Validators::after_not_modified`].
#[derive(Debug, Clone)]
pub enum NotModified {
    /// The copy stands; keep it under this updated policy.
    Updated(Box<Validators>),
    /// The copy stands; its policy stays as it was.
    Unchanged,
    /// The copy stands for this run, but must no longer be stored (`no-store`).
    Forget,
    /// The answer names another representation than the copy: fetch it again.
    Contradicted,
}

/// The caching options of a private cache that never guesses a lifetime.
fn options() -> CacheOptions {
    CacheOptions {
        shared: false,
        cache_heuristic: 0.0,
        immutable_min_time_to_live: std::time::Duration::ZERO,
        ignore_cargo_cult: false,
    }
}

/// `GET url`, without userinfo, query or fragment, and without headers.
fn request_parts(url: &Url) -> Option<http::request::Parts> {
    let mut bare = url.clone();
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    bare.set_query(None);
    bare.set_fragment(None);
    let uri: http::Uri = bare.as_str().parse().ok()?;
    let mut parts = http::Request::new(()).into_parts().0;
    parts.uri = uri;
    Some(parts)
}

/// The caching headers of `headers`, with a weak `Last-Modified` dropped (RFC 9110 §8.8.2.2:
/// strong only when at least one second older than `Date`), and `Last-Modified` dropped as well
/// when there is an `ETag`.
fn caching_headers(headers: &http::HeaderMap) -> http::HeaderMap {
    let mut kept = http::HeaderMap::new();
    for name in KEPT_HEADERS {
        for v in headers.get_all(name) {
            kept.append(name, v.clone());
        }
    }
    let date = |name: &str| {
        kept.get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v.trim()).ok())
    };
    let strong = match (date("last-modified"), date("date")) {
        (Some(lm), Some(date)) => date
            .duration_since(lm)
            .is_ok_and(|d| d >= std::time::Duration::from_secs(1)),
        _ => false,
    };
    if !strong || kept.contains_key("etag") {
        kept.remove("last-modified");
    }
    kept
}

use crate::fs::touch;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_are_verified_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        let staging = dir.path().join("staging");
        fs::create_dir_all(&staging).unwrap();
        let src = dir.path().join("a.tar.gz");
        fs::write(&src, b"archive bytes").unwrap();
        let sha = Sha256::of(b"archive bytes");
        assert!(cache.archive(&sha, &staging).is_none());
        cache.store_archive(&sha, &src);
        let copy = cache.archive(&sha, &staging).unwrap();
        assert_eq!(fs::read(copy.path()).unwrap(), b"archive bytes");
        // Altered bytes in the cache: not used, and removed.
        fs::write(cache.archive_path(&sha), b"tampered").unwrap();
        assert!(cache.archive(&sha, &staging).is_none());
        assert!(!cache.archive_path(&sha).exists());
    }

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs)
    }

    /// 2026-01-01T00:00:00Z and later seconds, as HTTP dates.
    const T0: u64 = 1_767_225_600;
    fn date(secs: u64) -> String {
        httpdate::fmt_http_date(at(secs))
    }

    #[test]
    fn index_files_by_registry() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("c"));
        let url = Url::parse("https://a.example/st/oq/stoq-hash").unwrap();
        let v = Validators::from_response(
            &url,
            http::StatusCode::OK,
            &headers(&[("etag", "\"abc\""), ("date", &date(T0))]),
            at(T0),
        )
        .unwrap();
        cache.store_index_file("https://a.example/", "st/oq/stoq-hash", b"line\n", Some(&v));
        assert!(cache.is_tagged(), "the first write tags the cache");
        let back = cache
            .index_validators("https://a.example/", "st/oq/stoq-hash")
            .unwrap();
        assert_eq!(
            back.check(&url, at(T0 + 5)),
            Freshness::Stale(vec![(http::header::IF_NONE_MATCH, "\"abc\"".into())])
        );
        let file = |reg: &str, max| cache.index_file(reg, "st/oq/stoq-hash", max);
        assert_eq!(file("https://a.example/", 100).unwrap(), b"line\n");
        assert!(file("https://a.example/", 4).is_none(), "over the cap");
        assert!(file("https://b.example/", 100).is_none());
        // `no-store` keeps nothing and forgets the earlier copy.
        cache.store_index_file("https://a.example/", "st/oq/stoq-hash", b"new\n", None);
        assert!(file("https://a.example/", 100).is_none());
    }

    #[test]
    fn last_modified_is_sent_only_when_strong_and_without_an_etag() {
        let url = Url::parse("https://user:pw@a.example/x?token=t").unwrap();
        let check = |h: &[(&str, &str)]| {
            Validators::from_response(&url, http::StatusCode::OK, &headers(h), at(T0 + 1))
                .unwrap()
                .check(&url, at(T0 + 10))
        };
        // The same second as Date: weak, never sent back.
        assert_eq!(
            check(&[("date", &date(T0)), ("last-modified", &date(T0))]),
            Freshness::Stale(vec![])
        );
        // No Date: it cannot be shown strong.
        assert_eq!(
            check(&[("last-modified", &date(T0))]),
            Freshness::Stale(vec![])
        );
        // A second older: strong.
        assert_eq!(
            check(&[("date", &date(T0 + 1)), ("last-modified", &date(T0))]),
            Freshness::Stale(vec![(http::header::IF_MODIFIED_SINCE, date(T0))])
        );
        // With an ETag, only If-None-Match.
        assert_eq!(
            check(&[
                ("date", &date(T0 + 1)),
                ("last-modified", &date(T0)),
                ("etag", "W/\"e\"")
            ]),
            Freshness::Stale(vec![(http::header::IF_NONE_MATCH, "W/\"e\"".into())])
        );
        let v = Validators::from_response(
            &url,
            http::StatusCode::OK,
            &headers(&[("date", &date(T0)), ("etag", "\"e\"")]),
            at(T0),
        )
        .unwrap();
        let stored = serde_json::to_string(&v).unwrap();
        assert!(
            !stored.contains("pw") && !stored.contains("token"),
            "{stored}"
        );
    }

    #[test]
    fn cache_control_is_honoured() {
        let url = Url::parse("https://a.example/x").unwrap();
        let policy = |h: &[(&str, &str)]| {
            Validators::from_response(&url, http::StatusCode::OK, &headers(h), at(T0))
        };
        let d = date(T0);
        assert!(policy(&[("date", &d), ("cache-control", "no-store")]).is_none());
        let fresh = policy(&[
            ("date", &d),
            ("cache-control", "max-age=60"),
            ("etag", "\"a\""),
        ])
        .unwrap();
        assert_eq!(fresh.check(&url, at(T0 + 30)), Freshness::Fresh);
        assert!(matches!(
            fresh.check(&url, at(T0 + 61)),
            Freshness::Stale(_)
        ));
        let no_cache = policy(&[
            ("date", &d),
            ("cache-control", "no-cache, max-age=600"),
            ("etag", "\"a\""),
        ])
        .unwrap();
        assert!(matches!(no_cache.check(&url, at(T0)), Freshness::Stale(_)));
        // Without a lifetime, no heuristic freshness: a Last-Modified long ago does not make
        // the copy fresh.
        let old = policy(&[("date", &d), ("last-modified", &date(T0 - 86_400 * 365))]).unwrap();
        assert!(matches!(old.check(&url, at(T0)), Freshness::Stale(_)));
        // A 304 refreshes the lifetime it brings.
        let NotModified::Updated(renewed) = fresh.after_not_modified(
            &url,
            &headers(&[
                ("date", &date(T0 + 100)),
                ("cache-control", "max-age=60"),
                ("etag", "\"a\""),
            ]),
            at(T0 + 100),
        ) else {
            panic!("a matching 304 updates the policy")
        };
        assert_eq!(renewed.check(&url, at(T0 + 130)), Freshness::Fresh);
        // A 304 without validators (Python's http.server) keeps the copy as it is; one with
        // another strong ETag contradicts it.
        let no_validators = headers(&[("date", &date(T0 + 200))]);
        assert!(matches!(
            fresh.after_not_modified(&url, &no_validators, at(T0 + 200)),
            NotModified::Unchanged
        ));
        let other = headers(&[("date", &date(T0 + 200)), ("etag", "\"b\"")]);
        assert!(matches!(
            fresh.after_not_modified(&url, &other, at(T0 + 200)),
            NotModified::Contradicted
        ));
    }

    #[test]
    fn prune_deletes_unused_store_entries_and_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        cache.prepare_for_write().unwrap();
        let store = cache.store_dir();
        let old = store.join("a".repeat(64));
        let used = store.join("b".repeat(64));
        for entry in [&old, &used] {
            fs::create_dir_all(entry.join("tree")).unwrap();
            fs::write(entry.join("tree/f.py"), b"x = 1\n").unwrap();
            fs::write(entry.join("entry.json"), b"{}").unwrap();
        }
        fs::create_dir_all(store.join(".tmp/entry-killed")).unwrap();
        let long_ago = SystemTime::now() - std::time::Duration::from_secs(90 * 86_400);
        for path in [old.join("entry.json"), store.join(".tmp/entry-killed")] {
            fs::File::open(&path)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        let (files, bytes) = cache.prune(std::time::Duration::from_secs(86_400)).unwrap();
        assert_eq!(
            (files, bytes),
            (3, 8),
            "entry.json and f.py, and the leftover"
        );
        assert!(!old.exists() && !store.join(".tmp/entry-killed").exists());
        assert!(used.join("tree/f.py").is_file());
        // `clean` removes the store with the rest, read-only files included.
        let mut perms = fs::metadata(used.join("tree/f.py")).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(used.join("tree/f.py"), perms).unwrap();
        assert_eq!(cache.clean().unwrap(), Cleaned::Removed);
        assert!(!dir.path().join("store").exists());
    }

    #[test]
    fn clean_deletes_only_a_caches_own_entries() {
        let dir = tempfile::tempdir().unwrap();
        // A foreign folder: refused, untouched.
        let foreign = dir.path().join("home");
        fs::create_dir_all(foreign.join("index")).unwrap();
        fs::write(foreign.join("notes.txt"), b"mine").unwrap();
        fs::write(foreign.join("index/page.html"), b"mine").unwrap();
        let cache = Cache::at(&foreign);
        assert!(matches!(cache.clean(), Err(CacheError::NotACache { .. })));
        assert!(matches!(
            cache.prune(std::time::Duration::ZERO),
            Err(CacheError::NotACache { .. })
        ));
        // Writing into it adds the cache's folders but no tag.
        let src = dir.path().join("a");
        fs::write(&src, b"a").unwrap();
        cache.store_archive(&Sha256::of(b"a"), &src);
        assert!(!cache.is_tagged());
        assert!(cache.clean().is_err());
        assert_eq!(fs::read(foreign.join("notes.txt")).unwrap(), b"mine");
        assert_eq!(fs::read(foreign.join("index/page.html")).unwrap(), b"mine");

        // An untagged cache of the old layout is recognised, tagged on write, cleaned.
        let old = Cache::at(dir.path().join("old"));
        let sha = Sha256::of(b"a");
        fs::create_dir_all(old.archive_path(&sha).parent().unwrap()).unwrap();
        fs::copy(&src, old.archive_path(&sha)).unwrap();
        assert!(!old.is_tagged());
        old.store_archive(&Sha256::of(b"b"), &src);
        assert!(old.is_tagged());
        assert_eq!(old.clean().unwrap(), Cleaned::Removed);
        assert!(!old.root().exists());

        // A tagged cache with a stranger inside: the stranger stays, with the tag.
        let tagged = Cache::at(dir.path().join("tagged"));
        tagged.store_archive(&sha, &src);
        fs::write(tagged.root().join("keep.txt"), b"k").unwrap();
        assert_eq!(tagged.clean().unwrap(), Cleaned::KeptOthers(1));
        assert!(tagged.root().join("keep.txt").exists() && tagged.is_tagged());
        assert!(!tagged.archive_path(&sha).exists());
        let text = fs::read_to_string(tagged.root().join(CACHEDIR_TAG)).unwrap();
        assert!(text.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
        assert_eq!(
            Cache::at(dir.path().join("none")).clean().unwrap(),
            Cleaned::Empty
        );
    }
}

//! The download cache in the user's cache folder (`PLUGIN_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/plugin`, else `$HOME/.cache/plugin`):
//!
//! ```text
//! archives/sha256/ab/abcdef…     package archives, by the sha256 of their bytes
//! index/<registry id>/…          index files and config.json of HTTP registries
//! ```
//!
//! Archives are content-addressed and re-verified whenever they are read: a cached file whose
//! bytes no longer hash to its name is deleted and downloaded again. Writes go through a
//! temporary file and a rename, so concurrent runs never see half a file. The cache is what
//! `--offline` installs from.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::checksum::{HashingReader, Sha256};
use crate::context::Env;

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The cache named by the environment, if a folder can be named.
    pub fn from_env(env: &Env) -> Option<Self> {
        let root = if let Some(d) = env.get("PLUGIN_CACHE_DIR").filter(|d| !d.is_empty()) {
            PathBuf::from(d)
        } else if let Some(d) = env.get("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
            Path::new(d).join("plugin")
        } else {
            Path::new(env.get("HOME").filter(|h| !h.is_empty())?)
                .join(".cache")
                .join("plugin")
        };
        Some(Self { root })
    }

    /// A cache rooted at `root`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
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
    /// a cache that cannot be written is not an error).
    pub fn store_archive(&self, sha: &Sha256, file: &Path) {
        let dest = self.archive_path(sha);
        if dest.exists() {
            return;
        }
        let _ = store(&dest, |tmp| {
            fs::copy(file, tmp)?;
            Ok(())
        });
    }

    fn index_dir(&self, registry: &str) -> PathBuf {
        let id = Sha256::of(registry.as_bytes()).to_hex();
        self.root.join("index").join(&id[..16])
    }

    /// The cached copy of index file `rel` (e.g. `config.json`, `st/oq/stoq-hash`) of the
    /// registry at `registry` (its URL).
    pub fn index_file(&self, registry: &str, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.index_dir(registry).join(rel)).ok()
    }

    /// Keeps `bytes` as index file `rel` of `registry`, with the validators the server sent
    /// (`ETag`, `Last-Modified`) for revalidating it next time (best effort).
    pub fn store_index_file(
        &self,
        registry: &str,
        rel: &str,
        bytes: &[u8],
        validators: &Validators,
    ) {
        let dest = self.index_dir(registry).join(rel);
        let _ = store(&dest, |tmp| fs::write(tmp, bytes));
        let meta = dest.with_file_name(format!(
            "{}.meta.json",
            dest.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        if validators.is_empty() {
            let _ = fs::remove_file(meta);
        } else if let Ok(text) = serde_json::to_vec(validators) {
            let _ = store(&meta, |tmp| fs::write(tmp, &text));
        }
    }

    /// The validators stored with index file `rel` of `registry`.
    pub fn index_validators(&self, registry: &str, rel: &str) -> Validators {
        let dest = self.index_dir(registry).join(rel);
        let meta = dest.with_file_name(format!(
            "{}.meta.json",
            dest.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        fs::read(meta)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Deletes the whole cache; returns whether there was one.
    ///
    /// # Errors
    /// I/O errors.
    pub fn clean(&self) -> io::Result<bool> {
        match fs::remove_dir_all(&self.root) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes cached files not used for `max_age` (archives are touched when read); returns
    /// how many files and bytes were freed.
    ///
    /// # Errors
    /// I/O errors walking the cache.
    pub fn prune(&self, max_age: std::time::Duration) -> io::Result<(u64, u64)> {
        let mut files = 0;
        let mut bytes = 0;
        if !self.root.exists() {
            return Ok((0, 0));
        }
        let now = std::time::SystemTime::now();
        for rel in crate::fs::list_files(&self.root)? {
            let path = self.root.join(&rel);
            let meta = fs::metadata(&path)?;
            let used = meta.modified().unwrap_or(now);
            if now.duration_since(used).unwrap_or_default() > max_age {
                fs::remove_file(&path)?;
                files += 1;
                bytes += meta.len();
            }
        }
        Ok((files, bytes))
    }
}

/// What a server said about a file, to ask later whether it changed (RFC 9110 §8.8).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to revalidate with.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Writes `dest` through a temporary file beside it and a rename.
fn store(dest: &Path, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    fill(tmp.path())?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

/// Sets the modification time of `path` to now, which `plugin cache prune` reads as its last
/// use (best effort).
fn touch(path: &Path) {
    let _ = fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()));
}

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

    #[test]
    fn index_files_by_registry() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let v = Validators {
            etag: Some("\"abc\"".into()),
            last_modified: None,
        };
        cache.store_index_file("https://a.example/", "st/oq/stoq-hash", b"line\n", &v);
        assert_eq!(
            cache.index_validators("https://a.example/", "st/oq/stoq-hash"),
            v
        );
        assert_eq!(
            cache
                .index_file("https://a.example/", "st/oq/stoq-hash")
                .unwrap(),
            b"line\n"
        );
        assert!(cache
            .index_file("https://b.example/", "st/oq/stoq-hash")
            .is_none());
    }
}

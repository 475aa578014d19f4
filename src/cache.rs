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

use crate::checksum::{HashingWriter, Sha256};
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

    /// A copy of the cached archive with digest `sha` in `staging`, verified while copying;
    /// `None` when it is not cached or its bytes changed (the bad copy is then deleted).
    pub fn archive(&self, sha: &Sha256, staging: &Path) -> Option<NamedTempFile> {
        let path = self.archive_path(sha);
        let mut input = fs::File::open(&path).ok()?;
        let tmp = tempfile::Builder::new()
            .prefix("cached-")
            .suffix(".partial")
            .tempfile_in(staging)
            .ok()?;
        let mut writer = HashingWriter::new(io::BufWriter::new(tmp.reopen().ok()?));
        io::copy(&mut input, &mut writer).ok()?;
        let (inner, actual, _) = writer.finish();
        inner.into_inner().ok()?;
        if actual != *sha {
            let _ = fs::remove_file(&path);
            return None;
        }
        Some(tmp)
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

    /// Keeps `bytes` as index file `rel` of `registry` (best effort).
    pub fn store_index_file(&self, registry: &str, rel: &str, bytes: &[u8]) {
        let dest = self.index_dir(registry).join(rel);
        let _ = store(&dest, |tmp| fs::write(tmp, bytes));
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
        cache.store_index_file("https://a.example/", "st/oq/stoq-hash", b"line\n");
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

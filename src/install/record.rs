//! Install records: `PLUGIN_DIR/.plugin/records/NAME.json`, one per installed plugin, listing
//! every file installed with its sha256 and size. Uninstall removes exactly these files.
//!
//! They are JSON rather than TOML because a no-op `plugin install` reads every one of them:
//! parsing them must cost next to nothing.
//!
//! A record is versioned (`v = 1`) and keeps keys it does not know, so that an older `plugin`
//! rewriting a record from a newer one loses nothing (forward compatible).

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::checksum::{Hasher, Sha256};
use crate::error::Hint;
use crate::install::layout::Layout;
use crate::name::PluginName;

/// The record format version.
pub const RECORD_VERSION: u32 = 1;

/// One installed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the plugin's folder, `/`-separated.
    pub path: String,
    /// The file's sha256, `sha256:HEX`.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What was installed for one plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Format version.
    pub v: u32,
    /// The plugin's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its source, as in plugins.lock (a URL's credentials dropped when read, see
    /// [`crate::source_id::SourceId::parse`]).
    #[serde(deserialize_with = "de_source")]
    pub source: String,
    /// The archive's checksum, `sha256:HEX`, when installed from an archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// The content hash over the files (see [`content_hash`]).
    pub content: String,
    /// Every installed file of the package, sorted by path.
    pub files: Vec<FileEntry>,
    /// Files `plugin` wrote beside the package's (the Python metadata of
    /// [`crate::install::dist_info`]), sorted by path: checked by `plugin verify` and removed with the
    /// plugin like the package's own, but not part of the content hash, which stays that of
    /// the package on every machine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generated: Vec<FileEntry>,
    /// Which rules wrote `generated` ([`crate::install::dist_info::RULES`]); a record without it was
    /// written before `plugin` wrote Python metadata, and the plugin is installed again once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<u32>,
    /// Keys written by a newer `plugin`, kept as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A record without its file list: what planning an install needs, so that a no-op
/// `plugin install` never builds the lists of files (they are skipped while parsing). The
/// fields are [`Record`]'s.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordSummary {
    /// Format version.
    pub v: u32,
    /// The plugin's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its source, as in plugins.lock (a URL's credentials dropped when read, see
    /// [`crate::source_id::SourceId::parse`]).
    #[serde(deserialize_with = "de_source")]
    pub source: String,
    /// The archive's checksum, `sha256:HEX`, when installed from an archive.
    #[serde(default)]
    pub checksum: Option<String>,
    /// The content hash over the files (see [`content_hash`]).
    pub content: String,
    /// See [`Record::metadata`].
    #[serde(default)]
    pub metadata: Option<u32>,
}

impl RecordSummary {
    /// Reads the summary of every record in `layout`, by plugin name. A missing records
    /// folder is empty.
    ///
    /// # Errors
    /// [`RecordError`], as [`Record::load_all`].
    pub fn load_all(layout: &Layout) -> Result<BTreeMap<PluginName, Self>, RecordError> {
        load_dir(layout, |s: &Self| &s.name)
    }
}

/// A record that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// I/O on the records folder.
    #[error("could not access the install record `{}`", path.display())]
    Io {
        /// The record file.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The plugin directory is a file (or another non-folder).
    #[error("the plugin directory `{}` is not a folder", path.display())]
    NotAFolder {
        /// The plugin directory.
        path: std::path::PathBuf,
    },
    /// The record is not valid.
    #[error("invalid install record `{}`: {message}", path.display())]
    Parse {
        /// The record file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Hint for RecordError {
    fn hint(&self) -> Option<String> {
        match self {
            Self::NotAFolder { .. } => Some(
                "name the plugin directory with `--plugin-dir DIR` or `plugin-dir` in plugins.toml, or move the file away".into(),
            ),
            _ => None,
        }
    }
}

impl Record {
    /// Reads every record in `layout`, by plugin name. A missing records folder is empty.
    ///
    /// # Errors
    /// [`RecordError`].
    pub fn load_all(layout: &Layout) -> Result<BTreeMap<PluginName, Record>, RecordError> {
        load_dir(layout, |r: &Self| &r.name)
    }

    /// Reads one record.
    ///
    /// # Errors
    /// [`RecordError`].
    pub fn load(path: &Path) -> Result<Self, RecordError> {
        load_one(path, &mut Vec::new())
    }

    /// The record's JSON text.
    pub fn render(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("records always serialize");
        text.push('\n');
        text
    }

    /// The recorded files' paths.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .chain(&self.generated)
            .map(|f| f.path.as_str())
    }
}

/// A record's `source`, with any user name, password or query an older `plugin` wrote into a
/// URL dropped, so it is never shown or written back.
fn de_source<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text = String::deserialize(d)?;
    Ok(match crate::source_id::SourceId::parse(&text) {
        Some(id) => id.to_string(),
        None => crate::source_id::redact_text(&text),
    })
}

/// Reads the records folder of `layout` as `T`s, keyed by the name `name_of` gives. A
/// missing folder is empty.
fn load_dir<T: DeserializeOwned>(
    layout: &Layout,
    name_of: impl Fn(&T) -> &str,
) -> Result<BTreeMap<PluginName, T>, RecordError> {
    let dir = layout.records();
    let mut out = BTreeMap::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(_) if layout.root().exists() && !layout.root().is_dir() => {
            return Err(RecordError::NotAFolder {
                path: layout.root().to_path_buf(),
            })
        }
        Err(source) => return Err(RecordError::Io { path: dir, source }),
    };
    // One buffer for every record.
    let mut buf = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| RecordError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let record: T = load_one(&path, &mut buf)?;
        let name = PluginName::new(name_of(&record)).map_err(|e| RecordError::Parse {
            path: path.clone(),
            message: e.to_string(),
        })?;
        out.insert(name, record);
    }
    Ok(out)
}

/// Reads the record at `path` as a `T`, using `buf` for its bytes.
fn load_one<T: DeserializeOwned>(path: &Path, buf: &mut Vec<u8>) -> Result<T, RecordError> {
    let io_err = |source| RecordError::Io {
        path: path.to_path_buf(),
        source,
    };
    buf.clear();
    // Through `take`, `read_to_end` does not ask the file's size first (one `stat` less per
    // record); records are small and `buf` is reused.
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, u64::MAX), buf))
        .map_err(io_err)?;
    serde_json::from_slice(buf).map_err(|e| RecordError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The content hash of a set of installed files: sha256 over, for each file sorted by path
/// (byte order), `PATH` `\0` `SHA256HEX` `\n`. It identifies what is installed independently of
/// how it was packed, so a folder source, a mirror or `plugin verify` can check it.
pub fn content_hash(files: &[FileEntry]) -> Sha256 {
    let mut sorted: Vec<&FileEntry> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut h = Hasher::new();
    for f in sorted {
        h.update(f.path.as_bytes());
        h.update(b"\0");
        h.update(
            f.sha256
                .strip_prefix("sha256:")
                .unwrap_or(&f.sha256)
                .as_bytes(),
        );
        h.update(b"\n");
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_ignores_order() {
        let a = FileEntry {
            path: "a".into(),
            sha256: Sha256::of(b"1").prefixed(),
            size: 1,
        };
        let b = FileEntry {
            path: "b/c".into(),
            sha256: Sha256::of(b"2").prefixed(),
            size: 1,
        };
        assert_eq!(content_hash(&[a.clone(), b.clone()]), content_hash(&[b, a]));
    }

    #[test]
    fn unknown_keys_survive_a_rewrite() {
        let text = r#"{"v": 1, "name": "a", "version": "1.0.0", "source": "path+a", "content": "sha256:00", "files": [], "future": "kept"}"#;
        let r: Record = serde_json::from_str(text).unwrap();
        assert!(r.render().contains("\"future\": \"kept\""));
    }
}

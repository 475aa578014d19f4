//! Reading package archives (`.tar.gz` and `.zip`) as if they were hostile (STYLE.md habit 7).
//!
//! Every entry path is checked before use: it must be valid UTF-8, relative, free of `..`,
//! backslashes, drive letters, NUL and control characters, and unique. Only regular files and
//! folders are accepted; symlinks, hard links, devices and fifos are refused (a package is
//! plain files). Sizes are capped while streaming (see [`Limits`]), counting the bytes really
//! produced, not the sizes the headers claim.
//!
//! `plugin.toml` must be at the root of the archive, or inside exactly one top-level folder
//! (release-tarball style), which is then stripped.
//!
//! # History
//! tar symlink and hard-link tricks have written outside the destination in many installers
//! (tar-rs #129 and #238, RUSTSEC-2018-0002, cargo's CVE-2022-36113), hence the refusal of
//! links rather than an attempt to resolve them safely.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use crate::checksum::HashingWriter;
use crate::manifest::{FileFilter, MANIFEST_FILE};
use crate::record::FileEntry;

/// Caps applied while unpacking.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Total bytes of all files unpacked (default 4 GiB).
    pub max_total_size: u64,
    /// Number of entries (default 100,000).
    pub max_entries: u64,
    /// Bytes of `plugin.toml` (default 1 MiB).
    pub max_manifest_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_total_size: 4 << 30,
            max_entries: 100_000,
            max_manifest_size: 1 << 20,
        }
    }
}

/// The archive formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// gzip-compressed tar.
    TarGz,
    /// zip.
    Zip,
}

/// An archive that could not be read or was refused.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// I/O while reading the archive or writing files.
    #[error("could not read archive `{archive}`")]
    Io {
        /// The archive, printable.
        archive: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Neither gzip nor zip.
    #[error("`{archive}` is not a .tar.gz or .zip archive")]
    UnknownFormat {
        /// The archive.
        archive: String,
    },
    /// The zip structure is invalid.
    #[error("invalid zip archive `{archive}`: {message}")]
    Zip {
        /// The archive.
        archive: String,
        /// The zip reader's message.
        message: String,
    },
    /// An entry that is not allowed.
    #[error("refused entry `{entry}` in archive `{archive}`: {reason}")]
    Refused {
        /// The archive.
        archive: String,
        /// The entry's path, escaped for display.
        entry: String,
        /// Why.
        reason: String,
    },
    /// A cap of [`Limits`] was exceeded.
    #[error("archive `{archive}` exceeds the limit on {what} ({limit})")]
    TooLarge {
        /// The archive.
        archive: String,
        /// Which limit.
        what: &'static str,
        /// The limit's value.
        limit: u64,
    },
    /// No `plugin.toml` at the root nor in a single top-level folder.
    #[error(
        "archive `{archive}` has no `plugin.toml` at its root or inside a single top-level folder"
    )]
    NoManifest {
        /// The archive.
        archive: String,
    },
}

/// What the first pass over an archive found.
#[derive(Debug, Clone)]
pub struct ArchiveManifest {
    /// The text of `plugin.toml`.
    pub text: String,
    /// The top-level folder to strip, if the manifest sits inside one.
    pub strip: Option<String>,
}

enum Kind {
    File,
    Dir,
}

/// An archive on disk.
#[derive(Debug, Clone)]
pub struct Archive {
    path: PathBuf,
    format: ArchiveFormat,
    label: String,
    limits: Limits,
}

impl Archive {
    /// Opens the archive at `path`, detecting its format from its first bytes. `label` names
    /// it in messages (for example the plugin and version, or the URL).
    ///
    /// # Errors
    /// [`ArchiveError::Io`] or [`ArchiveError::UnknownFormat`].
    pub fn open(path: &Path, label: &str) -> Result<Self, ArchiveError> {
        let mut magic = [0u8; 4];
        let mut f = File::open(path).map_err(|source| ArchiveError::Io {
            archive: label.to_string(),
            source,
        })?;
        let n = read_up_to(&mut f, &mut magic).map_err(|source| ArchiveError::Io {
            archive: label.to_string(),
            source,
        })?;
        let format = match &magic[..n] {
            [0x1f, 0x8b, ..] => ArchiveFormat::TarGz,
            [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => ArchiveFormat::Zip,
            _ => {
                return Err(ArchiveError::UnknownFormat {
                    archive: label.to_string(),
                })
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            format,
            label: label.to_string(),
            limits: Limits::default(),
        })
    }

    /// The detected format.
    pub fn format(&self) -> ArchiveFormat {
        self.format
    }

    fn io(&self, source: io::Error) -> ArchiveError {
        ArchiveError::Io {
            archive: self.label.clone(),
            source,
        }
    }

    fn refused(&self, entry: &str, reason: impl Into<String>) -> ArchiveError {
        ArchiveError::Refused {
            archive: self.label.clone(),
            entry: entry.to_string(),
            reason: reason.into(),
        }
    }

    /// Calls `visit` for every entry with its checked path and kind and a reader of its bytes.
    fn for_each(
        &self,
        mut visit: impl FnMut(&str, Kind, Option<u32>, &mut dyn Read) -> Result<(), ArchiveError>,
    ) -> Result<(), ArchiveError> {
        let mut seen = HashSet::new();
        let mut count = 0u64;
        let mut check = |raw: &[u8], this: &Self| -> Result<String, ArchiveError> {
            count += 1;
            if count > this.limits.max_entries {
                return Err(ArchiveError::TooLarge {
                    archive: this.label.clone(),
                    what: "number of entries",
                    limit: this.limits.max_entries,
                });
            }
            let path = check_path(raw).map_err(|reason| this.refused(&escape(raw), reason))?;
            if !seen.insert(path.clone()) {
                return Err(this.refused(&path, "the path appears twice in the archive"));
            }
            Ok(path)
        };
        let file = File::open(&self.path).map_err(|e| self.io(e))?;
        match self.format {
            ArchiveFormat::TarGz => {
                let mut ar = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
                for entry in ar.entries().map_err(|e| self.io(e))? {
                    let mut entry = entry.map_err(|e| self.io(e))?;
                    let raw = entry.path_bytes().into_owned();
                    let kind = match entry.header().entry_type() {
                        tar::EntryType::Regular | tar::EntryType::Continuous => Kind::File,
                        tar::EntryType::Directory => Kind::Dir,
                        // Metadata entries the tar crate already applied to the next entry.
                        tar::EntryType::XGlobalHeader => continue,
                        other => {
                            return Err(self.refused(
                                &escape(&raw),
                                format!("{} entries are not allowed: a package holds plain files and folders", tar_kind(other)),
                            ))
                        }
                    };
                    let path = check(&raw, self)?;
                    let mode = entry.header().mode().ok();
                    visit(&path, kind, mode, &mut entry)?;
                }
            }
            ArchiveFormat::Zip => {
                let mut zip =
                    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| ArchiveError::Zip {
                        archive: self.label.clone(),
                        message: e.to_string(),
                    })?;
                for i in 0..zip.len() {
                    let mut entry = zip.by_index(i).map_err(|e| ArchiveError::Zip {
                        archive: self.label.clone(),
                        message: e.to_string(),
                    })?;
                    let raw = entry.name_raw().to_vec();
                    if entry.is_symlink() {
                        return Err(self.refused(
                            &escape(&raw),
                            "symlink entries are not allowed: a package holds plain files and folders",
                        ));
                    }
                    let kind = if entry.is_dir() {
                        Kind::Dir
                    } else if entry.is_file() {
                        Kind::File
                    } else {
                        return Err(self.refused(&escape(&raw), "special entries are not allowed"));
                    };
                    let path = check(&raw, self)?;
                    let mode = entry.unix_mode();
                    visit(&path, kind, mode, &mut entry)?;
                }
            }
        }
        Ok(())
    }

    /// First pass: finds `plugin.toml` and the folder to strip, reading no other file's bytes.
    ///
    /// # Errors
    /// [`ArchiveError`] for unreadable or refused entries, or no manifest.
    pub fn read_manifest(&self) -> Result<ArchiveManifest, ArchiveError> {
        let mut tops: HashSet<String> = HashSet::new();
        let mut root_files = false;
        let mut at_root: Option<String> = None;
        let mut nested: Vec<(String, String)> = Vec::new();
        let limit = self.limits.max_manifest_size;
        self.for_each(|path, kind, _mode, reader| {
            let (top, rest) = match path.split_once('/') {
                Some((t, r)) => (t, Some(r)),
                None => (path, None),
            };
            tops.insert(top.to_string());
            if rest.is_none() && matches!(kind, Kind::File) {
                root_files = true;
            }
            let is_manifest = matches!(kind, Kind::File)
                && (path == MANIFEST_FILE || rest == Some(MANIFEST_FILE));
            if is_manifest {
                let mut text = String::new();
                reader
                    .take(limit + 1)
                    .read_to_string(&mut text)
                    .map_err(|e| {
                        self.refused(path, format!("`plugin.toml` is not UTF-8 text: {e}"))
                    })?;
                if text.len() as u64 > limit {
                    return Err(ArchiveError::TooLarge {
                        archive: self.label.clone(),
                        what: "the size of plugin.toml",
                        limit,
                    });
                }
                if path == MANIFEST_FILE {
                    at_root = Some(text);
                } else {
                    nested.push((top.to_string(), text));
                }
            }
            Ok(())
        })?;
        if let Some(text) = at_root {
            return Ok(ArchiveManifest { text, strip: None });
        }
        if tops.len() == 1 && !root_files {
            if let Some((top, text)) = nested.pop() {
                return Ok(ArchiveManifest {
                    text,
                    strip: Some(top),
                });
            }
        }
        Err(ArchiveError::NoManifest {
            archive: self.label.clone(),
        })
    }

    /// Second pass: writes the files that `filter` selects into `dest` (an empty folder),
    /// stripping `strip`, and returns them with their sha256, sorted by path.
    ///
    /// # Errors
    /// [`ArchiveError`] for unreadable or refused entries and exceeded limits.
    pub fn unpack(
        &self,
        strip: Option<&str>,
        filter: &FileFilter,
        dest: &Path,
    ) -> Result<Vec<FileEntry>, ArchiveError> {
        let mut files = Vec::new();
        let mut total = 0u64;
        let max_total = self.limits.max_total_size;
        self.for_each(|path, kind, mode, reader| {
            let rel = match strip {
                None => path,
                Some(top) => match path.strip_prefix(top) {
                    Some("") => return Ok(()),
                    Some(rest) if rest.starts_with('/') => &rest[1..],
                    _ => {
                        return Err(self.refused(
                            path,
                            format!("the entry is outside the top-level folder `{top}`"),
                        ))
                    }
                },
            };
            if matches!(kind, Kind::Dir) || !filter.selects(rel) {
                return Ok(());
            }
            let target = dest.join(rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| self.io(e))?;
            }
            let out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .map_err(|e| self.io(e))?;
            let remaining = max_total - total;
            let mut writer = HashingWriter::new(io::BufWriter::new(out));
            let copied =
                io::copy(&mut reader.take(remaining + 1), &mut writer).map_err(|e| self.io(e))?;
            if copied > remaining {
                return Err(ArchiveError::TooLarge {
                    archive: self.label.clone(),
                    what: "total unpacked size",
                    limit: max_total,
                });
            }
            total += copied;
            let (inner, sha, size) = writer.finish();
            let file = inner.into_inner().map_err(|e| self.io(e.into_error()))?;
            set_mode(&file, mode).map_err(|e| self.io(e))?;
            files.push(FileEntry {
                path: rel.to_string(),
                sha256: sha.prefixed(),
                size,
            });
            Ok(())
        })?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// Keeps the executable bit, drops setuid/setgid/sticky and owner bits: 0755 or 0644.
#[cfg(unix)]
pub(crate) fn set_mode(file: &File, mode: Option<u32>) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let exec = mode.is_some_and(|m| m & 0o111 != 0);
    file.set_permissions(fs::Permissions::from_mode(if exec { 0o755 } else { 0o644 }))
}

#[cfg(not(unix))]
pub(crate) fn set_mode(_file: &File, _mode: Option<u32>) -> io::Result<()> {
    Ok(())
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn tar_kind(t: tar::EntryType) -> &'static str {
    match t {
        tar::EntryType::Symlink => "symlink",
        tar::EntryType::Link => "hard link",
        tar::EntryType::Char => "character device",
        tar::EntryType::Block => "block device",
        tar::EntryType::Fifo => "fifo",
        _ => "special",
    }
}

/// A printable form of raw entry bytes.
fn escape(raw: &[u8]) -> String {
    raw.escape_ascii().to_string()
}

/// Checks a raw entry path and returns it normalised: components joined by `/`, without `.`,
/// empty components or a trailing `/`.
///
/// # Errors
/// The reason the path is refused.
pub fn check_path(raw: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(raw).map_err(|_| "the path is not valid UTF-8".to_string())?;
    if text.chars().any(char::is_control) {
        return Err("the path holds a NUL or control character".into());
    }
    if text.contains('\\') {
        return Err("the path holds a backslash".into());
    }
    if text.starts_with('/') {
        return Err("the path is absolute".into());
    }
    let bytes = text.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Err("the path starts with a drive letter".into());
    }
    let mut parts = Vec::new();
    for comp in text.split('/') {
        match comp {
            "" | "." => {}
            ".." => return Err("the path holds a `..` component".into()),
            c => parts.push(c),
        }
    }
    if parts.is_empty() {
        return Err("the path is empty".into());
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rules() {
        assert_eq!(check_path(b"a/./b/").unwrap(), "a/b");
        for bad in [
            &b"/etc/passwd"[..],
            b"../x",
            b"a/../../x",
            b"a\\b",
            b"C:/x",
            b"a\0b",
            b"a\nb",
            b"\xff",
            b"./",
        ] {
            assert!(check_path(bad).is_err(), "{}", escape(bad));
        }
    }
}

//! Reading package archives (`.tar.gz` and `.zip`) as if they were hostile.
//!
//! Every entry is checked before anything is written, and everything is written into a staging
//! folder, never into the plugin directory:
//!
//! * its path must be valid UTF-8, relative, free of `..`, backslashes, drive letters, NUL and
//!   control characters, at most [`Limits::max_path_length`] bytes with components of at most
//!   255 bytes;
//! * it must be a regular file or a folder: symlinks, hard links, devices, fifos and other
//!   special entries are refused (a package is plain files);
//! * it must not repeat a path, collide with another path when case is ignored or once both
//!   are in Unicode normalization form C (UAX #15; the two would overwrite each other on macOS,
//!   which stores NFC and NFD spellings as one name, and on Windows), or be a file where
//!   another entry needs a folder;
//! * with a stripped top-level folder, it must lie inside that folder.
//!
//! # Ambiguous zips
//!
//! A zip describes each entry twice, in its local file header before the data and in its
//! record in the central directory at the end, and readers differ in which they trust
//! (streaming readers walk the local headers, seeking ones the central directory). An archive
//! that reads differently in different readers would install something other than what a
//! reviewer or scanner saw, so before any data is read (`Reader::check_zip_layout`) a zip is
//! refused, naming the entry, when:
//!
//! * a name appears twice in the central directory;
//! * a local file header (PKWARE APPNOTE.TXT 4.3.7) disagrees with its central directory
//!   record (4.3.12): name, compression method, flags, time, CRC-32 or sizes, including the
//!   zip64 extended information extra fields (4.5.3); the data descriptor flag (4.3.9) allows
//!   zeros in the local header;
//! * the bytes of two entries (local header through data) overlap, or an entry's data runs
//!   into the central directory: the "overlapping files" zip bomb, one block of data listed as
//!   many files;
//! * a local file header sits between the entries without a central directory record.
//!
//! and while its data is read (`EntryData`) when an entry's data does not inflate to exactly
//! its declared uncompressed size, its deflate stream (RFC 1951) does not end exactly at its
//! declared compressed size, a stored entry's two sizes differ, or the CRC-32 of the data
//! differs from the declared one. Encrypted entries and methods other than stored and
//! deflate are refused. The header comparisons are the `zip` crate's
//! (`ZipArchive::validate_header_consistency`); the rest is checked here, since the crate's
//! reader lets a short file with a matching CRC-32 and bytes after the end of a deflate stream
//! through. The rules follow the APPNOTE and the checks of Go's `archive/zip` (the CRC-32 and
//! the uncompressed size of every file checked against its header as it is read) and of
//! `golang.org/x/mod/zip` (no two paths equal under case-folding, each file's size equal to its
//! declared 64-bit uncompressed size, no symlinks or other irregular files), with Unicode
//! normalization added to case-folding.
//!
//! Sizes are capped while streaming (see [`Limits`]), counting the bytes the decompressor
//! really produces rather than the sizes headers claim, so a gzip or zip bomb is stopped
//! after at most the allowed amount, never written in full. Modes keep only the executable
//! bit (files become 0644 or 0755); owners, setuid, setgid and sticky bits are dropped.
//!
//! `plugin.toml` must be at the root of the archive, or inside exactly one top-level folder
//! (release-tarball style), which is then stripped.
//!
//! # History
//! tar symlink and hard-link tricks have written outside the destination in many installers
//! (tar-rs #129 and #238, RUSTSEC-2018-0002, cargo's CVE-2022-36113), hence the refusal of
//! links rather than an attempt to resolve them safely. Case-folding collisions broke npm and
//! git checkouts on macOS (git's CVE-2021-21300); decompression bombs led to cargo's
//! `max_unpack_size`. Zips whose local headers and central directory disagree have slipped
//! past scanners and signature checks (Android's "Master Key" bug, CVE-2013-4787, was two
//! entries of one name); overlapping entries make the non-recursive zip bombs of David
//! Fifield's "A better zip bomb" (2019).
//!
//! # Files
//!
//! * `mod.rs`: the public types ([`Archive`], [`ArchiveError`], [`ArchiveFormat`],
//!   [`ArchiveManifest`], [`Written`], [`Unpacked`]), the two passes of [`Archive`], the
//!   private `Reader` shared by every way of reading, and where `plugin.toml` lies (`Layout`);
//! * `entry.rs`: the checks of every entry (paths, kinds, repeats, case and NFC collisions),
//!   the metering of decompressed bytes against [`Limits`], and the writing of one file;
//! * `tar.rs`: walking a `.tar.gz`, and [`Archive::unpack_stream`];
//! * `zip.rs`: walking a `.zip`: its layout checks and the checked reading of entry data.

mod entry;
mod tar;
mod zip;

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::install::record::FileEntry;
use crate::manifest::{FileFilter, MANIFEST_FILE};

pub use entry::check_path;
use entry::{Kind, Meter};

/// The longest path component accepted, in bytes (the limit of common file systems).
pub const MAX_COMPONENT_LENGTH: usize = 255;

pub use crate::project::limits::{Limits, RATIO_ALLOWANCE};

/// The size of `plugin.toml` read from an archive, at most (1 MiB).
pub const MAX_MANIFEST_SIZE: u64 = 1 << 20;

/// The archive formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// gzip-compressed tar.
    TarGz,
    /// zip.
    Zip,
}

impl ArchiveFormat {
    /// The format whose magic bytes `start` begins with (gzip: `1f 8b`; zip: `PK\x03\x04`, or
    /// `PK\x05\x06` when empty), if any. Two bytes tell gzip; four are needed for zip.
    pub fn sniff(start: &[u8]) -> Option<Self> {
        match start {
            [0x1f, 0x8b, ..] => Some(Self::TarGz),
            [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Some(Self::Zip),
            _ => None,
        }
    }
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
    #[error("archive `{archive}` exceeds the limit on {what} ({limit}){}", entry.as_ref().map(|e| format!(" at entry `{e}`")).unwrap_or_default())]
    TooLarge {
        /// The archive.
        archive: String,
        /// Which limit.
        what: &'static str,
        /// The limit's value.
        limit: u64,
        /// The entry being read when the limit was reached, if any.
        entry: Option<String>,
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

impl Hint for ArchiveError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::TooLarge { .. } => Some(
                "if the package is genuine, raise the limit under `[limits]` in plugins.toml (see docs/formats.md)"
                    .into(),
            ),
            Self::Refused { .. } => Some(
                "the package is malformed or hostile; nothing was installed. Report it to its author or the registry's keeper"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// What the first pass over an archive found.
#[derive(Debug, Clone)]
pub struct ArchiveManifest {
    /// The text of `plugin.toml`.
    pub text: String,
    /// The top-level folder to strip, if the manifest sits inside one.
    pub strip: Option<String>,
}

/// An archive on disk.
#[derive(Debug, Clone)]
pub struct Archive {
    path: PathBuf,
    format: ArchiveFormat,
    reader: Reader,
    len: u64,
}

impl Archive {
    /// Opens the archive at `path`, detecting its format from its first bytes. `label` names
    /// it in messages (for example the plugin and version, or the URL).
    ///
    /// # Errors
    /// [`ArchiveError::Io`] or [`ArchiveError::UnknownFormat`].
    pub fn open(path: &Path, label: &str) -> Result<Self, ArchiveError> {
        let io_err = |source| ArchiveError::Io {
            archive: label.to_string(),
            source,
        };
        let mut magic = [0u8; 4];
        let mut f = File::open(path).map_err(io_err)?;
        let len = f.metadata().map_err(io_err)?.len();
        let n = read_up_to(&mut f, &mut magic).map_err(io_err)?;
        let format =
            ArchiveFormat::sniff(&magic[..n]).ok_or_else(|| ArchiveError::UnknownFormat {
                archive: label.to_string(),
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            format,
            reader: Reader {
                label: label.to_string(),
                limits: Limits::default(),
            },
            len,
        })
    }

    /// The same archive read under `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.reader.limits = limits;
        self
    }

    /// The detected format.
    pub fn format(&self) -> ArchiveFormat {
        self.format
    }

    /// Calls `visit` for every entry with its checked path and kind and a metered reader of its
    /// bytes. With `read_all`, the data of every zip entry is read to its end and checked
    /// against its headers, whatever `visit` reads of it.
    fn for_each(
        &self,
        read_all: bool,
        visit: impl FnMut(&str, Kind, Option<u32>, &mut dyn Read) -> Result<(), ArchiveError>,
    ) -> Result<(), ArchiveError> {
        let meter = Meter::new(self.reader.limits, self.len);
        let file = File::open(&self.path).map_err(|e| self.reader.io(e))?;
        match self.format {
            ArchiveFormat::TarGz => self.reader.walk_tar_gz(BufReader::new(file), &meter, visit),
            ArchiveFormat::Zip => {
                self.reader
                    .walk_zip(BufReader::new(file), &meter, read_all, visit)
            }
        }
    }

    /// First pass: finds `plugin.toml` and the folder to strip, reading no other file's bytes.
    ///
    /// # Errors
    /// [`ArchiveError`] for unreadable or refused entries, exceeded limits, or no manifest.
    pub fn read_manifest(&self) -> Result<ArchiveManifest, ArchiveError> {
        let mut layout = Layout::default();
        self.for_each(false, |path, kind, _mode, reader| {
            if layout.note(path, kind) {
                let text = self.reader.manifest_text(path, reader)?;
                layout.found(path, text);
            }
            Ok(())
        })?;
        layout.finish(&self.reader)
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
        let mut folders = Folders::default();
        self.for_each(true, |path, kind, mode, reader| {
            let rel = match strip {
                None => path,
                Some(top) => match path.strip_prefix(top) {
                    Some("") => return Ok(()),
                    Some(rest) if rest.starts_with('/') => &rest[1..],
                    _ => {
                        return Err(self.reader.refused(
                            path,
                            format!("the entry is outside the top-level folder `{top}`"),
                        ))
                    }
                },
            };
            if kind == Kind::Dir || !filter.selects(rel) {
                return Ok(());
            }
            let target = folders
                .make_parent(dest, rel)
                .map_err(|e| self.reader.io(e))?;
            let (sha, size) = self.reader.write_file(path, mode, reader, &target)?;
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

/// What reading any archive needs, file or stream: its name for messages and the caps. The
/// entry checks and the writing of files live here, shared by [`Archive`]'s two passes and
/// [`Archive::unpack_stream`]'s one.
#[derive(Debug, Clone)]
struct Reader {
    label: String,
    limits: Limits,
}

/// A file written by [`Archive::unpack_stream`].
#[derive(Debug, Clone)]
pub struct Written {
    /// Its path in the archive (and under the destination), `/`-separated.
    pub path: String,
    /// The sha256 of its bytes.
    pub sha256: Sha256,
    /// Its size in bytes.
    pub size: u64,
}

/// What [`Archive::unpack_stream`] found and wrote.
#[derive(Debug, Clone)]
pub struct Unpacked {
    /// The manifest and the folder to strip, as [`Archive::read_manifest`] finds them.
    pub manifest: ArchiveManifest,
    /// The files written, in archive order.
    pub written: Vec<Written>,
}

/// The folders made so far under one destination, so each is created once.
#[derive(Default)]
struct Folders(HashSet<PathBuf>);

impl Folders {
    /// Creates the folder of `rel` under `dest` if needed, and returns `dest/rel`. `dest`
    /// itself exists: a file at the top needs no call.
    fn make_parent(&mut self, dest: &Path, rel: &str) -> io::Result<PathBuf> {
        let target = dest.join(rel);
        if let Some(parent) = target.parent().filter(|p| *p != dest) {
            if !self.0.contains(parent) {
                fs::create_dir_all(parent)?;
                self.0.insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }
}

/// Where `plugin.toml` is, worked out entry by entry: at the root (which wins), or inside
/// exactly one top-level folder that holds every entry.
#[derive(Default)]
struct Layout {
    tops: HashSet<String>,
    /// The first entry of each top-level name, in archive order.
    first_of_top: Vec<(String, String)>,
    at_root: Option<String>,
    /// The first `TOP/plugin.toml` seen, with its text.
    nested: Option<(String, String)>,
    /// Whether more than one was seen.
    nested_more: bool,
}

impl Layout {
    /// Notes an entry; returns whether it may be the manifest, whose text is then given to
    /// [`Layout::found`].
    fn note(&mut self, path: &str, kind: Kind) -> bool {
        let (top, rest) = match path.split_once('/') {
            Some((t, r)) => (t, Some(r)),
            None => (path, None),
        };
        if self.tops.insert(top.to_string()) {
            self.first_of_top.push((top.to_string(), path.to_string()));
        }
        kind == Kind::File && (path == MANIFEST_FILE || rest == Some(MANIFEST_FILE))
    }

    /// Keeps the text of the manifest candidate at `path`.
    fn found(&mut self, path: &str, text: String) {
        if path == MANIFEST_FILE {
            self.at_root = Some(text);
        } else if self.nested.is_some() {
            self.nested_more = true;
        } else {
            let top = path.split_once('/').map_or(path, |(t, _)| t);
            self.nested = Some((top.to_string(), text));
        }
    }

    fn finish(self, reader: &Reader) -> Result<ArchiveManifest, ArchiveError> {
        if let Some(text) = self.at_root {
            return Ok(ArchiveManifest { text, strip: None });
        }
        match self.nested {
            Some((top, text)) if !self.nested_more => {
                // A release-tarball layout: everything must be inside the one folder.
                if let Some((_, outside)) = self.first_of_top.iter().find(|(t, _)| *t != top) {
                    return Err(reader.refused(
                        outside,
                        format!(
                            "the entry is outside the top-level folder `{top}` that holds plugin.toml; a package in a folder must keep every file in it"
                        ),
                    ));
                }
                Ok(ArchiveManifest {
                    text,
                    strip: Some(top),
                })
            }
            _ => Err(ArchiveError::NoManifest {
                archive: reader.label.clone(),
            }),
        }
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

/// Options that create a new file for writing, with mode 0755 when `exec`, else 0644, as far
/// as the umask lets them (see [`fix_mode`]).
pub(crate) fn create_options(exec: bool) -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if exec { 0o755 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = exec;
    options
}

/// Gives `file`, made by [`create_options`], exactly 0755 or 0644: nothing to do (no system
/// call) when the process's umask clears none of those bits, as the usual 022 and 002 do.
pub(crate) fn fix_mode(file: &File, exec: bool) -> io::Result<()> {
    if umask().is_some_and(|u| u & 0o755 == 0) {
        return Ok(());
    }
    set_mode(file, Some(if exec { 0o755 } else { 0o644 }))
}

/// The process's umask, read once from `/proc/self/status` (Linux 4.7 and later); `None`
/// elsewhere (modes are then always set).
fn umask() -> Option<u32> {
    static UMASK: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
        u32::from_str_radix(line.trim(), 8).ok()
    })
}

/// Reads into `buf` until it is full or `r` ends; returns the bytes read.
pub(crate) fn read_up_to(r: &mut (impl Read + ?Sized), buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

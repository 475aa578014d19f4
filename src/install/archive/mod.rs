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

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use flate2::read::GzDecoder;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::checksum::{HashingWriter, Sha256};
use crate::error::Hint;
use crate::install::record::FileEntry;
use crate::manifest::{FileFilter, MANIFEST_FILE};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
}

/// Counts every decompressed byte of one pass and trips when a cap is passed.
struct Meter {
    produced: Cell<u64>,
    /// The compressed size the ratio is measured against.
    base: Base,
    limits: Limits,
    tripped: Cell<Option<(&'static str, u64)>>,
}

/// What the compression ratio is measured against.
enum Base {
    /// The archive's size, known before reading it.
    Fixed(u64),
    /// The compressed bytes read so far, for a stream of unknown length: stricter, since a
    /// prefix never holds more than the whole.
    Running(Rc<Cell<u64>>),
}

impl Meter {
    fn new(limits: Limits, archive_len: u64) -> Self {
        Self::with_base(limits, Base::Fixed(archive_len))
    }

    fn with_base(limits: Limits, base: Base) -> Self {
        Self {
            produced: Cell::new(0),
            base,
            limits,
            tripped: Cell::new(None),
        }
    }

    fn by_ratio(&self) -> u64 {
        let compressed = match &self.base {
            Base::Fixed(n) => *n,
            Base::Running(n) => n.get(),
        };
        self.limits
            .max_compression_ratio
            .saturating_mul(compressed)
            .max(RATIO_ALLOWANCE)
    }

    fn add(&self, n: usize) -> io::Result<()> {
        let total = self.produced.get() + n as u64;
        self.produced.set(total);
        let trip = if total > self.limits.max_unpacked_size {
            Some(("total unpacked size", self.limits.max_unpacked_size))
        } else if total > self.by_ratio() {
            Some(("compression ratio", self.limits.max_compression_ratio))
        } else {
            None
        };
        match trip {
            Some(t) => {
                self.tripped.set(Some(t));
                Err(io::Error::other("decompression limit reached"))
            }
            None => Ok(()),
        }
    }
}

/// A reader that counts the bytes read through it into a shared cell.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A reader whose output is counted by a [`Meter`].
struct Metered<'m, R> {
    inner: R,
    meter: &'m Meter,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.add(n)?;
        Ok(n)
    }
}

/// The paths claimed so far in one pass.
#[derive(Default)]
struct Namespace {
    /// Folded path ([`fold`]) → (path as written, kind), for entries and the folders they
    /// imply.
    names: HashMap<String, (String, Kind)>,
    /// Entries seen, exactly.
    entries: HashSet<String>,
}

impl Namespace {
    fn claim(&mut self, path: &str, kind: Kind) -> Result<(), String> {
        if !self.entries.insert(path.to_string()) {
            return Err("the path appears twice in the archive".into());
        }
        for (i, _) in path.match_indices('/') {
            let folder = &path[..i];
            match self.names.get(&fold(folder)) {
                Some((_, Kind::File)) => {
                    return Err(format!("the path is inside `{folder}`, which is a file"))
                }
                Some((written, Kind::Dir)) if written != folder => {
                    return Err(collision(
                        &format!("the folder `{folder}`"),
                        folder,
                        written,
                    ))
                }
                Some(_) => {}
                None => {
                    self.names
                        .insert(fold(folder), (folder.to_string(), Kind::Dir));
                }
            }
        }
        match self.names.get(&fold(path)) {
            Some((written, _)) if written != path => Err(collision("the path", path, written)),
            Some((_, existing)) if *existing != kind || kind == Kind::File => {
                Err("the path is both a file and a folder".into())
            }
            Some(_) => Ok(()),
            None => {
                self.names.insert(fold(path), (path.to_string(), kind));
                Ok(())
            }
        }
    }
}

/// The key two paths share when one file system may store them as one file: Unicode
/// normalization form C (macOS stores NFC and NFD spellings as one name) of the lower-cased
/// NFC text (macOS and Windows ignore case).
fn fold(path: &str) -> String {
    let lower = nfc(path).to_lowercase();
    nfc(&lower).into_owned()
}

/// `text` in Unicode normalization form C (UAX #15).
fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Why `what` (the path `path`, or one of its folders) and the earlier `written` cannot both
/// be unpacked.
fn collision(what: &str, path: &str, written: &str) -> String {
    if nfc(path) == nfc(written) {
        format!(
            "{what} (spelled `{}`) equals `{written}` (spelled `{}`) after Unicode normalization (NFC); macOS stores both spellings as one file, so they would overwrite each other",
            spelled(path),
            spelled(written)
        )
    } else if path.to_lowercase() == written.to_lowercase() {
        format!(
            "{what} collides with `{written}` when case is ignored (they would overwrite each other on macOS and Windows)"
        )
    } else {
        format!(
            "{what} (spelled `{}`) collides with `{written}` (spelled `{}`) when case is ignored after Unicode normalization (NFC) (they would overwrite each other on macOS)",
            spelled(path),
            spelled(written)
        )
    }
}

/// `text` with every non-ASCII character written as its code point (`\u{301}`), so that two
/// spellings that look alike can be told apart.
fn spelled(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                c.escape_unicode().to_string()
            }
        })
        .collect()
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

    /// Unpacks the gzip-compressed tar read from `stream` into `dest` (an empty folder) in one
    /// pass, under `limits` and the same entry checks as [`Archive::open`]'s archives, without
    /// seeking and without holding more than one buffer of it in memory. `label` names it in
    /// messages; `compressed_len` is its size in bytes when known (else the compression ratio
    /// is measured against the bytes read so far).
    ///
    /// Every file entry is written at its full archive path, except that once a `plugin.toml`
    /// at the archive root has been read, `filter_of` is given its text and, if it returns a
    /// file filter, later files the filter does not select are skipped. What to strip and
    /// which earlier files to drop is for the caller to finish with the returned
    /// [`Unpacked::manifest`].
    ///
    /// The stream is read up to the end of the tar archive, not necessarily to its last byte.
    ///
    /// # Errors
    /// [`ArchiveError`] for unreadable or refused entries, exceeded limits, or no manifest.
    pub fn unpack_stream(
        stream: impl Read,
        label: &str,
        limits: Limits,
        compressed_len: Option<u64>,
        dest: &Path,
        mut filter_of: impl FnMut(&str) -> Option<FileFilter>,
    ) -> Result<Unpacked, ArchiveError> {
        let this = Reader {
            label: label.to_string(),
            limits,
        };
        let read_so_far = Rc::new(Cell::new(0));
        let meter = Meter::with_base(
            limits,
            match compressed_len {
                Some(n) => Base::Fixed(n),
                None => Base::Running(read_so_far.clone()),
            },
        );
        let stream = Counted {
            inner: stream,
            count: read_so_far,
        };
        let mut layout = Layout::default();
        let mut filter: Option<FileFilter> = None;
        let mut written = Vec::new();
        let mut folders = Folders::default();
        this.walk_tar_gz(stream, &meter, |path, kind, mode, reader| {
            if kind == Kind::Dir {
                layout.note(path, kind);
                return Ok(());
            }
            let (sha256, size) = if layout.note(path, kind) {
                let text = this.manifest_text(path, reader)?;
                let target = folders.make_parent(dest, path).map_err(|e| this.io(e))?;
                let written = this.write_file(path, mode, &mut text.as_bytes(), &target)?;
                if path == MANIFEST_FILE {
                    filter = filter_of(&text);
                }
                layout.found(path, text);
                written
            } else if filter.as_ref().is_some_and(|f| !f.selects(path)) {
                return Ok(());
            } else {
                let target = folders.make_parent(dest, path).map_err(|e| this.io(e))?;
                this.write_file(path, mode, reader, &target)?
            };
            written.push(Written {
                path: path.to_string(),
                sha256,
                size,
            });
            Ok(())
        })?;
        Ok(Unpacked {
            manifest: layout.finish(&this)?,
            written,
        })
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

impl Reader {
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

    /// An I/O error during a pass, or the limit the meter tripped on.
    fn io_or_limit(&self, meter: &Meter, entry: Option<&str>, source: io::Error) -> ArchiveError {
        match meter.tripped.get() {
            Some((what, limit)) => ArchiveError::TooLarge {
                archive: self.label.clone(),
                what,
                limit,
                entry: entry.map(str::to_string),
            },
            None => self.io(source),
        }
    }

    fn check_entry(
        &self,
        raw: &[u8],
        names: &mut Namespace,
        kind: Kind,
    ) -> Result<String, ArchiveError> {
        let path = check_path(raw).map_err(|reason| self.refused(&escape(raw), reason))?;
        if path.len() as u64 > self.limits.max_path_length {
            return Err(self.refused(
                &path,
                format!(
                    "the path is longer than {} bytes (`max-path-length`)",
                    self.limits.max_path_length
                ),
            ));
        }
        if path.split('/').any(|c| c.len() > MAX_COMPONENT_LENGTH) {
            return Err(self.refused(
                &path,
                format!("a path component is longer than {MAX_COMPONENT_LENGTH} bytes"),
            ));
        }
        names
            .claim(&path, kind)
            .map_err(|reason| self.refused(&path, reason))?;
        Ok(path)
    }

    /// Counts one more entry against [`Limits::max_entries`].
    fn count_entry(&self, count: &mut u64, raw: &[u8]) -> Result<(), ArchiveError> {
        *count += 1;
        if *count > self.limits.max_entries {
            return Err(ArchiveError::TooLarge {
                archive: self.label.clone(),
                what: "number of entries",
                limit: self.limits.max_entries,
                entry: Some(escape(raw)),
            });
        }
        Ok(())
    }

    /// [`Archive::for_each`] over the gzip-compressed tar read from `stream`, which is read in
    /// order and never sought.
    fn walk_tar_gz(
        &self,
        stream: impl Read,
        meter: &Meter,
        mut visit: impl FnMut(&str, Kind, Option<u32>, &mut dyn Read) -> Result<(), ArchiveError>,
    ) -> Result<(), ArchiveError> {
        let mut names = Namespace::default();
        let mut count = 0u64;
        let stream = Metered {
            inner: GzDecoder::new(stream),
            meter,
        };
        let mut ar = tar::Archive::new(stream);
        let mut last: Option<String> = None;
        let entries = ar.entries().map_err(|e| self.io_or_limit(meter, None, e))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| self.io_or_limit(meter, last.as_deref(), e))?;
            let raw = entry.path_bytes().into_owned();
            let kind = match entry.header().entry_type() {
                tar::EntryType::Regular | tar::EntryType::Continuous => Kind::File,
                tar::EntryType::Directory => Kind::Dir,
                // Metadata the tar crate applies to the entries that follow.
                tar::EntryType::XGlobalHeader => continue,
                other => {
                    return Err(self.refused(
                        &escape(&raw),
                        format!(
                            "{} entries are not allowed: a package holds plain files and folders",
                            tar_kind(other)
                        ),
                    ))
                }
            };
            self.count_entry(&mut count, &raw)?;
            let path = self.check_entry(&raw, &mut names, kind)?;
            let mode = entry.header().mode().ok();
            visit(&path, kind, mode, &mut entry).map_err(|e| self.entry_error(meter, &path, e))?;
            last = Some(path);
        }
        Ok(())
    }

    /// [`Archive::for_each`] over the zip read from `file`: first [`Self::check_zip_layout`] over
    /// the whole central directory, then every entry's data through [`EntryData`]. With
    /// `read_all`, the data of every entry is read to its end (and so checked against its
    /// declared sizes and CRC-32) even where `visit` stops early or skips it.
    fn walk_zip<R: Read + io::Seek>(
        &self,
        file: R,
        meter: &Meter,
        read_all: bool,
        mut visit: impl FnMut(&str, Kind, Option<u32>, &mut dyn Read) -> Result<(), ArchiveError>,
    ) -> Result<(), ArchiveError> {
        let mut zip = zip::ZipArchive::new(file).map_err(|e| self.zip_err(e))?;
        if zip.has_duplicate_names() {
            return Err(self.duplicate_in_central_directory(zip));
        }
        self.check_zip_layout(&mut zip)?;
        let mut names = Namespace::default();
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(|e| self.zip_err(e))?;
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
            let path = self.check_entry(&raw, &mut names, kind)?;
            let mode = entry.unix_mode();
            let data = EntryData::new(entry).map_err(|reason| self.refused(&path, reason))?;
            let mut metered = Metered { inner: data, meter };
            visit(&path, kind, mode, &mut metered)
                .and_then(|()| {
                    if read_all {
                        io::copy(&mut metered, &mut io::sink()).map_err(|e| self.io(e))?;
                    }
                    Ok(())
                })
                .map_err(|e| self.entry_error(meter, &path, e))?;
        }
        Ok(())
    }

    /// Checks the structure of a zip before any entry's data is read (APPNOTE 4.3.7, 4.3.12,
    /// 4.5.3): the number of entries, every local file header against its central directory
    /// record (name, sizes, CRC-32, method, flags, time, zip64 fields: the `zip` crate's
    /// header consistency check), no two entries' bytes (local header and data) overlapping
    /// nor running into the central directory, and no local file header hidden between
    /// entries that the central directory does not list.
    fn check_zip_layout<R: Read + io::Seek>(
        &self,
        zip: &mut zip::ZipArchive<R>,
    ) -> Result<(), ArchiveError> {
        let mut count = 0u64;
        // (first byte of the local header, end of the data, entry name)
        let mut spans: Vec<(u64, u64, String)> = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let options = zip::read::ZipReadOptions::new().enforce_header_consistency(true);
            let raw = zip
                .by_index_data(i)
                .map_err(|e| self.zip_err(e))?
                .name_raw()
                .to_vec();
            self.count_entry(&mut count, &raw)?;
            let name = escape(&raw);
            let entry = zip
                .by_index_with_options(i, options)
                .map_err(|e| self.zip_entry_err(&name, e))?;
            let start = entry.header_start();
            let data = entry.data_start().unwrap_or(start);
            let end = data.checked_add(entry.compressed_size()).ok_or_else(|| {
                self.refused(&name, "its declared compressed size runs past any file")
            })?;
            spans.push((start, end, name));
        }
        spans.sort_by_key(|s| (s.0, s.1));
        let directory = zip.central_directory_start();
        let mut reach: Option<&(u64, u64, String)> = None;
        for span in &spans {
            if let Some(prev) = reach.filter(|prev| prev.1 > span.0) {
                return Err(self.refused(
                    &span.2,
                    format!(
                        "its bytes (offsets {}..{}) overlap those of the entry `{}` ({}..{}): entries sharing data are an overlapping-file zip bomb, and readers disagree on what they hold",
                        span.0, span.1, prev.2, prev.0, prev.1
                    ),
                ));
            }
            if span.1 > directory {
                return Err(self.refused(
                    &span.2,
                    format!(
                        "its data (offsets {}..{}) runs into the central directory at offset {directory}",
                        span.0, span.1
                    ),
                ));
            }
            if reach.is_none_or(|prev| span.1 > prev.1) {
                reach = Some(span);
            }
        }
        // What is left of the `zip` crate's check: a local header between the entries that
        // the central directory does not list (a streaming reader would install it).
        zip.validate_header_consistency()
            .map_err(|e| self.zip_err(e))
    }

    /// The error for a zip whose central directory lists one name twice (the `zip` crate keeps
    /// one of them): names the entry, found by walking the central directory records.
    fn duplicate_in_central_directory<R: Read + io::Seek>(
        &self,
        zip: zip::ZipArchive<R>,
    ) -> ArchiveError {
        let generic = ArchiveError::Zip {
            archive: self.label.clone(),
            message: "its central directory lists one name twice".into(),
        };
        let kept: HashSet<u64> = (0..zip.len())
            .filter_map(|i| zip.by_index_data(i).ok())
            .map(|e| e.central_header_start())
            .collect();
        let start = zip.central_directory_start();
        let mut file = zip.into_inner();
        let dropped = find_central_record(&mut file, start, self.limits.max_entries, |at| {
            !kept.contains(&at)
        });
        match dropped {
            Ok(Some((_, name))) => self.refused(
                &escape(&name),
                "the name appears twice in the zip's central directory: readers disagree on which of the two entries they install",
            ),
            _ => generic,
        }
    }

    fn zip_err(&self, e: zip::result::ZipError) -> ArchiveError {
        match e {
            zip::result::ZipError::Io(source) => self.io(source),
            other => ArchiveError::Zip {
                archive: self.label.clone(),
                message: other.to_string(),
            },
        }
    }

    /// A `zip` crate error about the entry `name`.
    fn zip_entry_err(&self, name: &str, e: zip::result::ZipError) -> ArchiveError {
        match e {
            zip::result::ZipError::Io(source) => self.io(source),
            zip::result::ZipError::InvalidArchive(message) => self.refused(
                name,
                format!(
                    "its local file header is unreadable or disagrees with its central directory record, so readers disagree on what it holds ({message})"
                ),
            ),
            zip::result::ZipError::UnsupportedArchive(message) => {
                self.refused(name, format!("the entry is not supported: {message}"))
            }
            other => self.refused(name, other.to_string()),
        }
    }

    /// Turns an I/O error raised while visiting `entry` into the limit that caused it, or into
    /// the refusal of an entry whose data disagrees with its headers ([`DataMismatch`]).
    fn entry_error(&self, meter: &Meter, entry: &str, err: ArchiveError) -> ArchiveError {
        match (err, meter.tripped.get()) {
            (ArchiveError::Io { source, .. }, Some(_)) => {
                self.io_or_limit(meter, Some(entry), source)
            }
            (ArchiveError::Io { source, .. }, None) => {
                match source
                    .get_ref()
                    .and_then(|e| e.downcast_ref::<DataMismatch>())
                {
                    Some(DataMismatch(reason)) => self.refused(entry, reason.clone()),
                    None => self.io(source),
                }
            }
            (other, _) => other,
        }
    }

    /// Reads the text of the `plugin.toml` entry at `path`, at most [`MAX_MANIFEST_SIZE`].
    fn manifest_text(&self, path: &str, reader: &mut dyn Read) -> Result<String, ArchiveError> {
        let mut text = String::new();
        reader
            .take(MAX_MANIFEST_SIZE + 1)
            .read_to_string(&mut text)
            .map_err(|e| match e.kind() {
                io::ErrorKind::InvalidData => self.refused(path, "`plugin.toml` is not UTF-8 text"),
                _ => self.io(e),
            })?;
        if text.len() as u64 > MAX_MANIFEST_SIZE {
            return Err(ArchiveError::TooLarge {
                archive: self.label.clone(),
                what: "the size of plugin.toml",
                limit: MAX_MANIFEST_SIZE,
                entry: Some(path.to_string()),
            });
        }
        Ok(text)
    }

    /// Writes the bytes of `reader`, the entry `path`, into a new file at `target` (its folder
    /// must exist) with `mode`'s executable bit, hashing them; at most
    /// [`Limits::max_file_size`] bytes.
    fn write_file(
        &self,
        path: &str,
        mode: Option<u32>,
        reader: &mut dyn Read,
        target: &Path,
    ) -> Result<(Sha256, u64), ArchiveError> {
        let max_file = self.limits.max_file_size;
        let out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
            .map_err(|e| self.io(e))?;
        let mut writer = HashingWriter::new(io::BufWriter::new(out));
        let copied =
            io::copy(&mut reader.take(max_file + 1), &mut writer).map_err(|e| self.io(e))?;
        if copied > max_file {
            return Err(ArchiveError::TooLarge {
                archive: self.label.clone(),
                what: "the size of one file",
                limit: max_file,
                entry: Some(path.to_string()),
            });
        }
        let (inner, sha, size) = writer.finish();
        let file = inner.into_inner().map_err(|e| self.io(e.into_error()))?;
        set_mode(&file, mode).map_err(|e| self.io(e))?;
        Ok((sha, size))
    }
}

/// Why an entry's data disagrees with what its headers declare; carried inside an
/// [`io::Error`] out of [`EntryData`] and turned into [`ArchiveError::Refused`].
#[derive(Debug)]
struct DataMismatch(String);

impl std::fmt::Display for DataMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataMismatch {}

fn mismatch(reason: String) -> io::Error {
    io::Error::other(DataMismatch(reason))
}

/// The decompressed data of one zip entry, read from its raw (still compressed) bytes, exactly
/// the declared compressed size of them: stored or deflated (APPNOTE 4.4.5). Its reads fail
/// with a [`DataMismatch`] as soon as more bytes come out than the declared uncompressed size
/// (from the zip64 extra field when there is one, APPNOTE 4.5.3), and at the end unless exactly
/// that many came out, their CRC-32 is the declared one, and a deflate stream ended exactly at
/// the last compressed byte. (The `zip` crate's own reader lets a short file with a matching
/// CRC-32, and data after the end of the deflate stream, through.)
struct EntryData<R> {
    decoder: Decoder<R>,
    crc: flate2::Crc,
    produced: u64,
    size: u64,
    compressed: u64,
    crc32: u32,
}

enum Decoder<R> {
    Stored(R),
    Deflated(Inflate<R>),
}

impl<'a, R: Read + io::Seek> EntryData<zip::read::ZipFile<'a, R>> {
    /// Reads the entry `raw` (from [`zip::ZipArchive::by_index_raw`]).
    ///
    /// # Errors
    /// Why the entry cannot be read: encrypted, an unsupported method, or a stored entry whose
    /// two sizes differ.
    fn new(raw: zip::read::ZipFile<'a, R>) -> Result<Self, String> {
        if raw.encrypted() {
            return Err("encrypted entries are not supported".into());
        }
        let (size, compressed, crc32) = (raw.size(), raw.compressed_size(), raw.crc32());
        let decoder = match raw.compression() {
            zip::CompressionMethod::Stored if size != compressed => {
                return Err(format!(
                    "it is stored uncompressed, yet its declared compressed size ({compressed} bytes) differs from its declared size ({size} bytes)"
                ))
            }
            zip::CompressionMethod::Stored => Decoder::Stored(raw),
            zip::CompressionMethod::Deflated => Decoder::Deflated(Inflate::new(raw)),
            other => {
                return Err(format!(
                    "its compression method {other} is not supported (only stored and deflate are)"
                ))
            }
        };
        Ok(EntryData {
            decoder,
            crc: flate2::Crc::new(),
            produced: 0,
            size,
            compressed,
            crc32,
        })
    }
}

impl<R: Read> EntryData<R> {
    /// The checks at the end of the data.
    fn finish(&self) -> io::Result<()> {
        if let Decoder::Deflated(inflate) = &self.decoder {
            if !inflate.ended {
                return Err(mismatch(format!(
                    "its deflate stream does not end within its declared compressed size of {} bytes",
                    self.compressed
                )));
            }
            if inflate.z.total_in() != self.compressed {
                return Err(mismatch(format!(
                    "its deflate stream ends after {} of its declared {} compressed bytes",
                    inflate.z.total_in(),
                    self.compressed
                )));
            }
        }
        if self.produced != self.size {
            return Err(mismatch(format!(
                "its data is {} bytes, but its header declares {} bytes",
                self.produced, self.size
            )));
        }
        if self.crc.sum() != self.crc32 {
            return Err(mismatch(format!(
                "its data's CRC-32 is {:08x}, but its header declares {:08x}",
                self.crc.sum(),
                self.crc32
            )));
        }
        Ok(())
    }
}

impl<R: Read> Read for EntryData<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = match &mut self.decoder {
            Decoder::Stored(r) => r.read(buf)?,
            Decoder::Deflated(r) => r.read(buf)?,
        };
        self.produced += n as u64;
        if self.produced > self.size {
            return Err(mismatch(format!(
                "its data is longer than the {} bytes its header declares",
                self.size
            )));
        }
        self.crc.update(&buf[..n]);
        if n == 0 {
            self.finish()?;
        }
        Ok(n)
    }
}

/// Raw deflate (RFC 1951) decompression that knows whether the stream ended: `flate2`'s
/// readers report a truncated stream as a normal end.
struct Inflate<R> {
    input: BufReader<R>,
    z: flate2::Decompress,
    /// Whether the final block was decoded.
    ended: bool,
}

impl<R: Read> Inflate<R> {
    fn new(input: R) -> Self {
        Self {
            input: BufReader::new(input),
            z: flate2::Decompress::new(false),
            ended: false,
        }
    }
}

impl<R: Read> Read for Inflate<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        use io::BufRead;
        if self.ended || out.is_empty() {
            return Ok(0);
        }
        // Every turn consumes input or returns, so the loop ends with the input.
        loop {
            let input = self.input.fill_buf()?;
            let eof = input.is_empty();
            let (in_before, out_before) = (self.z.total_in(), self.z.total_out());
            let flush = if eof {
                flate2::FlushDecompress::Finish
            } else {
                flate2::FlushDecompress::None
            };
            let status = self
                .z
                .decompress(input, out, flush)
                .map_err(|e| mismatch(format!("its deflate data is corrupt ({e})")))?;
            let consumed = usize::try_from(self.z.total_in() - in_before).unwrap_or(usize::MAX);
            let produced = usize::try_from(self.z.total_out() - out_before).unwrap_or(usize::MAX);
            self.input.consume(consumed);
            if status == flate2::Status::StreamEnd {
                self.ended = true;
                return Ok(produced);
            }
            if produced > 0 || eof || consumed == 0 {
                // Nothing more will come when nothing was produced: [`EntryData::finish`]
                // reports the stream as unfinished.
                return Ok(produced);
            }
        }
    }
}

/// The first central directory record from offset `start` of `file` whose offset `pick`
/// selects, as (offset, raw name), looking at the records (APPNOTE 4.3.12: signature
/// `PK\x01\x02`, 46 fixed bytes, then the name, extra field and comment whose lengths sit at
/// bytes 28, 30 and 32) up to the first bytes that are not one and at most `max` + 1 of them.
fn find_central_record(
    file: &mut (impl Read + io::Seek),
    start: u64,
    max: u64,
    pick: impl Fn(u64) -> bool,
) -> io::Result<Option<(u64, Vec<u8>)>> {
    const FIXED: usize = 46;
    let mut at = start;
    file.seek(io::SeekFrom::Start(start))?;
    for _ in 0..=max {
        let mut fixed = [0u8; FIXED];
        if read_up_to(file, &mut fixed)? < FIXED || fixed[..4] != *b"PK\x01\x02" {
            break;
        }
        let len = |i: usize| u16::from_le_bytes([fixed[i], fixed[i + 1]]);
        let (name_len, extra_len, comment_len) = (len(28), len(30), len(32));
        if pick(at) {
            let mut name = vec![0u8; usize::from(name_len)];
            if read_up_to(file, &mut name)? < name.len() {
                break;
            }
            return Ok(Some((at, name)));
        }
        let rest = i64::from(name_len) + i64::from(extra_len) + i64::from(comment_len);
        file.seek(io::SeekFrom::Current(rest))?;
        at += FIXED as u64 + rest as u64;
    }
    Ok(None)
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
    /// Creates the folder of `rel` under `dest` if needed, and returns `dest/rel`.
    fn make_parent(&mut self, dest: &Path, rel: &str) -> io::Result<PathBuf> {
        let target = dest.join(rel);
        if let Some(parent) = target.parent() {
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
    fn namespace_refuses_collisions() {
        let mut ns = Namespace::default();
        ns.claim("pkg/a.py", Kind::File).unwrap();
        ns.claim("pkg", Kind::Dir).unwrap();
        assert!(ns
            .claim("pkg/a.py", Kind::File)
            .unwrap_err()
            .contains("twice"));
        assert!(ns
            .claim("pkg/A.py", Kind::File)
            .unwrap_err()
            .contains("case is ignored"));
        assert!(ns
            .claim("PKG/b.py", Kind::File)
            .unwrap_err()
            .contains("case is ignored"));
        assert!(ns
            .claim("pkg/a.py/x", Kind::File)
            .unwrap_err()
            .contains("which is a file"));
        assert!(ns.claim("pkg", Kind::File).unwrap_err().contains("twice"));
        ns.claim("other", Kind::File).unwrap();
        let mut ns2 = Namespace::default();
        ns2.claim("d/x", Kind::File).unwrap();
        assert!(ns2
            .claim("d", Kind::File)
            .unwrap_err()
            .contains("file and a folder"));
    }

    #[test]
    fn names_equal_after_normalization_collide() {
        let (nfc, nfd) = ("pkg/caf\u{e9}.py", "pkg/cafe\u{301}.py");
        assert_eq!(fold(nfc), fold(nfd));
        assert_eq!(fold("Cafe\u{301}"), fold("caf\u{e9}"));
        assert_ne!(fold("cafe"), fold("caf\u{e9}"));
        let mut ns = Namespace::default();
        ns.claim(nfc, Kind::File).unwrap();
        let err = ns.claim(nfd, Kind::File).unwrap_err();
        assert!(err.contains("Unicode normalization (NFC)"), "{err}");
        assert!(err.contains("cafe\\u{301}"), "{err}");
        let mut ns = Namespace::default();
        ns.claim("Cafe\u{301}/a", Kind::File).unwrap();
        let err = ns.claim("caf\u{e9}/b", Kind::File).unwrap_err();
        assert!(err.contains("the folder `caf\u{e9}`"), "{err}");
        assert!(
            err.contains("case is ignored after Unicode normalization"),
            "{err}"
        );
    }

    /// Raw deflate of `data` in stored blocks, so that any prefix decodes to a prefix of it.
    fn deflate_stored(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::none());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn inflate_tells_a_truncated_stream_from_its_end() {
        let data = b"0123456789".repeat(10);
        let whole = deflate_stored(&data);
        let mut inflate = Inflate::new(&whole[..]);
        let mut out = Vec::new();
        inflate.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert!(inflate.ended);
        assert_eq!(inflate.z.total_in(), whole.len() as u64);

        let cut = &whole[..whole.len() - 20];
        let mut inflate = Inflate::new(cut);
        let mut out = Vec::new();
        inflate.read_to_end(&mut out).unwrap();
        assert!(!out.is_empty() && data.starts_with(&out));
        assert!(!inflate.ended, "a cut stream must not count as ended");

        let mut inflate = Inflate::new(&b"\xff\xff\xff\xff"[..]);
        let err = inflate.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("corrupt"), "{err}");
    }

    #[test]
    fn central_records_stop_at_garbage_and_at_the_bound() {
        let mut record = b"PK\x01\x02".to_vec();
        record.extend([0u8; 42]);
        record[28] = 3; // name length
        record[30] = 2; // extra field length
        record.extend(b"abcXY");
        let mut bytes = b"junk".to_vec();
        for _ in 0..5 {
            bytes.extend(&record);
        }
        bytes.extend(b"PK\x05\x06 not a record");
        let mut file = io::Cursor::new(&bytes);
        let found = find_central_record(&mut file, 4, 100, |at| at == 4 + 2 * 51).unwrap();
        assert_eq!(found, Some((4 + 2 * 51, b"abc".to_vec())));
        let seen = Cell::new(0);
        let pick = |_| {
            seen.set(seen.get() + 1);
            false
        };
        assert_eq!(find_central_record(&mut file, 4, 100, pick).unwrap(), None);
        assert_eq!(seen.get(), 5, "stops at the first bytes that are no record");
        seen.set(0);
        assert_eq!(find_central_record(&mut file, 4, 2, pick).unwrap(), None);
        assert_eq!(seen.get(), 3, "stops after max + 1 records");
        // A record whose name runs past the end is not one.
        let mut cut = record.clone();
        cut[28] = 200;
        let mut cut = io::Cursor::new(&cut);
        assert_eq!(
            find_central_record(&mut cut, 0, 10, |_| true).unwrap(),
            None
        );
        let mut empty = io::Cursor::new(&b""[..]);
        assert_eq!(
            find_central_record(&mut empty, 0, 10, |_| true).unwrap(),
            None
        );
    }

    /// Every truncation and many one-byte changes of a small zip are read without a panic;
    /// most are refused, and the zip itself unpacks.
    #[test]
    fn damaged_zips_are_refused_without_panics() {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        w.start_file("plugin.toml", stored).unwrap();
        w.write_all(b"[plugin]\nname = \"z\"\nversion = \"1.0.0\"\n")
            .unwrap();
        w.start_file("pkg/a.py", deflated).unwrap();
        w.write_all(&b"a = 1\n".repeat(20)).unwrap();
        w.add_directory("pkg/d", stored).unwrap();
        let good = w.finish().unwrap().into_inner();
        let base = tempfile::tempdir().unwrap();
        let input = base.path().join("input.zip");
        let mut variants: Vec<Vec<u8>> = (0..good.len()).map(|n| good[..n].to_vec()).collect();
        for i in 0..good.len() {
            for v in [0xff, good[i] ^ 0x01] {
                let mut bad = good.clone();
                bad[i] = v;
                variants.push(bad);
            }
        }
        let mut refused = 0;
        for bytes in &variants {
            fs::write(&input, bytes).unwrap();
            let dest = tempfile::tempdir_in(base.path()).unwrap();
            let result = Archive::open(&input, "t").and_then(|a| {
                let found = a.read_manifest()?;
                a.unpack(
                    found.strip.as_deref(),
                    &FileFilter::everything(),
                    dest.path(),
                )
            });
            if result.is_err() {
                refused += 1;
            }
        }
        assert!(
            refused > variants.len() / 2,
            "{refused} of {}",
            variants.len()
        );
        fs::write(&input, &good).unwrap();
        let dest = tempfile::tempdir_in(base.path()).unwrap();
        let a = Archive::open(&input, "t").unwrap();
        let files = a
            .unpack(None, &FileFilter::everything(), dest.path())
            .unwrap();
        assert_eq!(files.len(), 2);
    }

    #[test]
    fn meter_trips_on_ratio_and_total() {
        let limits = Limits {
            max_unpacked_size: 10 << 20,
            max_compression_ratio: 10,
            ..Limits::default()
        };
        let m = Meter::new(limits, 1000);
        m.add(RATIO_ALLOWANCE as usize).unwrap();
        assert!(m.add(1).is_err());
        assert_eq!(m.tripped.get().unwrap().0, "compression ratio");
        let m = Meter::new(limits, 10 << 20);
        assert!(m.add((10 << 20) + 1).is_err());
        assert_eq!(m.tripped.get().unwrap().0, "total unpacked size");
    }

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

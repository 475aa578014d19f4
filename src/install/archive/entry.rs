//! The checks every entry of an archive passes, whatever its format: its path
//! ([`check_path`], the length limits), its kind, no repeat and no collision with another
//! path once case is ignored or both are in Unicode normalization form C ([`Namespace`]);
//! the metering of decompressed bytes against [`Limits`] ([`Meter`]); and the errors and
//! writing of files shared by the tar and zip readers (`impl Reader`).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use super::{
    ArchiveError, Limits, Reader, MAX_COMPONENT_LENGTH, MAX_MANIFEST_SIZE, RATIO_ALLOWANCE,
};
use crate::checksum::{HashingWriter, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    File,
    Dir,
}

/// Counts every decompressed byte of one pass and trips when a cap is passed.
pub(super) struct Meter {
    produced: Cell<u64>,
    /// The compressed size the ratio is measured against.
    base: Base,
    limits: Limits,
    tripped: Cell<Option<(&'static str, u64)>>,
}

/// What the compression ratio is measured against.
pub(super) enum Base {
    /// The archive's size, known before reading it.
    Fixed(u64),
    /// The compressed bytes read so far, for a stream of unknown length: stricter, since a
    /// prefix never holds more than the whole.
    Running(Rc<Cell<u64>>),
}

impl Meter {
    pub(super) fn new(limits: Limits, archive_len: u64) -> Self {
        Self::with_base(limits, Base::Fixed(archive_len))
    }

    pub(super) fn with_base(limits: Limits, base: Base) -> Self {
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
pub(super) struct Counted<R> {
    pub(super) inner: R,
    pub(super) count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A reader whose output is counted by a [`Meter`].
pub(super) struct Metered<'m, R> {
    pub(super) inner: R,
    pub(super) meter: &'m Meter,
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
pub(super) struct Namespace {
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

impl Reader {
    pub(super) fn io(&self, source: io::Error) -> ArchiveError {
        ArchiveError::Io {
            archive: self.label.clone(),
            source,
        }
    }

    pub(super) fn refused(&self, entry: &str, reason: impl Into<String>) -> ArchiveError {
        ArchiveError::Refused {
            archive: self.label.clone(),
            entry: entry.to_string(),
            reason: reason.into(),
        }
    }

    /// An I/O error during a pass, or the limit the meter tripped on.
    pub(super) fn io_or_limit(
        &self,
        meter: &Meter,
        entry: Option<&str>,
        source: io::Error,
    ) -> ArchiveError {
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

    pub(super) fn check_entry(
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
    pub(super) fn count_entry(&self, count: &mut u64, raw: &[u8]) -> Result<(), ArchiveError> {
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

    /// Turns an I/O error raised while visiting `entry` into the limit that caused it, or into
    /// the refusal of an entry whose data disagrees with its headers ([`DataMismatch`]).
    pub(super) fn entry_error(
        &self,
        meter: &Meter,
        entry: &str,
        err: ArchiveError,
    ) -> ArchiveError {
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
    pub(super) fn manifest_text(
        &self,
        path: &str,
        reader: &mut dyn Read,
    ) -> Result<String, ArchiveError> {
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
    pub(super) fn write_file(
        &self,
        path: &str,
        mode: Option<u32>,
        reader: &mut dyn Read,
        target: &Path,
    ) -> Result<(Sha256, u64), ArchiveError> {
        let max_file = self.limits.max_file_size;
        let exec = mode.is_some_and(|m| m & 0o111 != 0);
        let out = super::create_options(exec)
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
        super::fix_mode(&file, exec).map_err(|e| self.io(e))?;
        Ok((sha, size))
    }
}

/// Why an entry's data disagrees with what its headers declare; carried inside an
/// [`io::Error`] out of [`EntryData`] and turned into [`ArchiveError::Refused`].
///
/// [`EntryData`]: super::zip::EntryData
#[derive(Debug)]
pub(super) struct DataMismatch(String);

impl std::fmt::Display for DataMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataMismatch {}

pub(super) fn mismatch(reason: String) -> io::Error {
    io::Error::other(DataMismatch(reason))
}

/// A printable form of raw entry bytes.
pub(super) fn escape(raw: &[u8]) -> String {
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

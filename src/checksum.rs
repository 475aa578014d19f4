//! SHA-256 checksums: the `Sha256` digest type, its `sha256:HEX` spelling, and hashing while
//! reading or writing so that no file is read twice.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::Digest;

use crate::error::Hint;

/// A SHA-256 digest (32 bytes), shown as 64 lowercase hex digits.
///
/// ```
/// use plugin::checksum::Sha256;
///
/// let d = Sha256::of(b"abc");
/// assert_eq!(d.prefixed(), format!("sha256:{d}"));
/// assert_eq!(Sha256::parse(&d.prefixed()).unwrap(), d);
/// assert!(Sha256::parse("sha256:1234").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256([u8; 32]);

/// A string that is neither 64 hex digits nor `sha256:` followed by 64 hex digits.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a sha256 checksum: expected 64 hex digits, optionally prefixed by `sha256:`")]
pub struct ParseChecksumError(pub String);

impl Hint for ParseChecksumError {}

impl Sha256 {
    /// Parses `HEX` or `sha256:HEX` (64 hex digits, any case).
    ///
    /// # Errors
    /// [`ParseChecksumError`] for anything else.
    pub fn parse(text: &str) -> Result<Self, ParseChecksumError> {
        let hex_part = text.strip_prefix("sha256:").unwrap_or(text);
        let mut out = [0u8; 32];
        if hex_part.len() != 64 || hex::decode_to_slice(hex_part, &mut out).is_err() {
            return Err(ParseChecksumError(text.to_string()));
        }
        Ok(Self(out))
    }

    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        let mut h = Hasher::new();
        h.update(bytes);
        h.finish()
    }

    /// The digest of the file at `path`, read in a streaming fashion.
    ///
    /// # Errors
    /// Any I/O error from opening or reading the file.
    pub fn of_file(path: &Path) -> io::Result<Self> {
        let mut reader = HashingReader::new(std::fs::File::open(path)?);
        io::copy(&mut reader, &mut io::sink())?;
        Ok(reader.finish().0)
    }

    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// `sha256:` followed by the hex digits, the form used in plugins.lock and records.
    pub fn prefixed(&self) -> String {
        format!("sha256:{}", self.to_hex())
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({})", self.to_hex())
    }
}

/// An incremental SHA-256 hasher.
#[derive(Default)]
pub struct Hasher(sha2::Sha256);

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }
    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    /// The digest of everything fed so far.
    pub fn finish(self) -> Sha256 {
        Sha256(self.0.finalize().into())
    }
}

/// A reader that hashes and counts every byte read through it.
pub struct HashingReader<R> {
    inner: R,
    hasher: Hasher,
    len: u64,
}

impl<R: Read> HashingReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: Hasher::new(),
            len: 0,
        }
    }
    /// The digest and the number of bytes read.
    pub fn finish(self) -> (Sha256, u64) {
        (self.hasher.finish(), self.len)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// A writer that hashes and counts every byte written through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Hasher,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Hasher::new(),
            len: 0,
        }
    }
    /// The inner writer, the digest and the number of bytes written.
    pub fn finish(self) -> (W, Sha256, u64) {
        (self.inner, self.hasher.finish(), self.len)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_and_spellings() {
        let d = Sha256::of(b"abc");
        assert_eq!(
            d.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Sha256::parse(&d.prefixed()).unwrap(), d);
        assert_eq!(Sha256::parse(&d.to_hex().to_uppercase()).unwrap(), d);
        assert!(Sha256::parse("sha256:abc").is_err());
        assert!(Sha256::parse(&"g".repeat(64)).is_err());
    }
}

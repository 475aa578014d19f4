//! Fetching archives into a `.partial` file in the staging area, hashing in the same pass
//! (as rustup does): from the cache when the checksum is known and the archive is
//! there, else from a URL (retried when the body is cut short or its checksum is wrong) or a
//! local file. [`fetch_with`] also hands the bytes, as they arrive, to a consumer (the
//! streaming unpacker of [`crate::install::stage`]), so that download, hash and unpack are one pass;
//! the caller checks the digest (see [`crate::install::verify_archive`]) before it trusts what the consumer
//! made. The caller keeps verified downloads in the cache once they are installed.
//!
//! Each call is independent of the others, so fetches can run in parallel.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use crate::checksum::{HashingWriter, Sha256};
use crate::error::Hint;
use crate::printer::Printer;
use crate::source::cache::Cache;
use crate::source::http::{Http, HttpError, RequestOptions};
use crate::source::index::Download;

/// A fetch that failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Reading the local file or writing the staging file failed.
    #[error("could not fetch `{from}`")]
    Io {
        /// The origin, printable.
        from: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Reading the object from its store failed.
    #[error("could not download `{from}`")]
    Store {
        /// The origin, printable.
        from: String,
        /// The store's error.
        #[source]
        source: crate::source::store::StoreError,
    },
    /// The download failed.
    #[error("could not download `{from}`")]
    Http {
        /// The origin, printable (redacted).
        from: String,
        /// The HTTP error.
        #[source]
        source: HttpError,
    },
}

impl Hint for FetchError {}

/// An archive fetched into the staging area. The file is deleted when this is dropped.
#[derive(Debug)]
pub struct Fetched {
    /// The staged file (`.partial`).
    pub file: NamedTempFile,
    /// sha256 of its bytes.
    pub sha256: Sha256,
    /// Where it came from, printable.
    pub from: String,
}

/// What to fetch and how.
pub struct FetchRequest<'a> {
    /// Where the archive is.
    pub download: &'a Download,
    /// The HTTP clients (needed for URLs).
    pub http: Option<&'a Http>,
    /// The token and CA bundle for the request.
    pub options: &'a RequestOptions,
    /// The checksum the archive must have, when known: enables the cache and retries on a
    /// mismatch.
    pub expected: Option<Sha256>,
    /// The cache to read from.
    pub cache: Option<&'a Cache>,
    /// The plugin, for the progress bar.
    pub label: &'a str,
}

/// Fetches `req.download` into a new `.partial` file in `staging`.
///
/// # Errors
/// [`FetchError`]; the partial file is removed. A checksum that is still wrong after the
/// retries is not an error here: the caller's verification reports it.
pub fn fetch(
    req: &FetchRequest<'_>,
    staging: &Path,
    printer: &Printer,
) -> Result<Fetched, FetchError> {
    fetch_with(req, staging, printer, |_, _| ()).map(|(fetched, ())| fetched)
}

/// [`fetch`], giving the bytes to `consume` as they arrive: it is called once per attempt
/// with a reader of the archive and its size in bytes when known from the file system (never
/// from a server's `Content-Length`), and may stop reading early (the rest is still read,
/// saved and hashed). Returns the fetched file and what the last call of `consume` returned;
/// nothing `consume` made can be trusted before the returned digest is checked.
///
/// # Errors
/// As [`fetch`]; what `consume` returns is not looked at.
pub fn fetch_with<T>(
    req: &FetchRequest<'_>,
    staging: &Path,
    printer: &Printer,
    mut consume: impl FnMut(&mut dyn Read, Option<u64>) -> T,
) -> Result<(Fetched, T), FetchError> {
    let from = req.download.to_string();
    let io_err = |source: io::Error| FetchError::Io {
        from: from.clone(),
        source,
    };
    if let (Some(sha), Some(cache)) = (req.expected, req.cache) {
        if let Some(file) = cache.archive(&sha, staging) {
            printer.verbose(format_args!("using the cached archive of {from}"));
            let f = file.reopen().map_err(io_err)?;
            let len = f.metadata().ok().map(|m| m.len());
            let made = consume(&mut BufReader::new(f), len);
            let fetched = Fetched {
                file,
                sha256: sha,
                from,
            };
            return Ok((fetched, made));
        }
    }
    let file = tempfile::Builder::new()
        .prefix("download-")
        .suffix(".partial")
        .tempfile_in(staging)
        .map_err(io_err)?;
    // Copies one body into `file` under a progress bar of `shown` bytes; the consumer is told
    // `known`, the length when the file system gives it.
    let mut tee = |reader: &mut dyn Read, shown: Option<u64>, known: Option<u64>| {
        let bar = printer.download_bar(req.label, shown);
        let result = tee_hashing(
            reader,
            known,
            &file,
            |n| printer.downloaded(&bar, n),
            &mut consume,
        );
        printer.finish_bar(&bar);
        result
    };
    let (sha256, made) = match req.download {
        Download::File(path) => {
            let f = File::open(path).map_err(io_err)?;
            let len = f.metadata().ok().map(|m| m.len());
            let (sha, _, made) = tee(&mut BufReader::new(f), len, len).map_err(io_err)?;
            (sha, made)
        }
        Download::Object(o) => {
            printer.verbose(format_args!("fetching {from}"));
            let store_err = |source| FetchError::Store {
                from: from.clone(),
                source,
            };
            let (mut reader, size) =
                o.store.reader(&o.key).map_err(store_err)?.ok_or_else(|| {
                    io_err(io::Error::new(
                        io::ErrorKind::NotFound,
                        "the store has no such object",
                    ))
                })?;
            // As over HTTP, the consumer is not told the size the store claims.
            let (sha, got, made) = tee(&mut reader, Some(size), None).map_err(io_err)?;
            if got != size {
                return Err(io_err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("the download ended after {got} of {size} bytes"),
                )));
            }
            (sha, made)
        }
        Download::Url(url) => {
            let http = req.http.expect("URL downloads are given a client");
            let mut attempts_left = http.config().retries;
            printer.verbose(format_args!("fetching {from}"));
            http.retrying(|| {
                // The body is read under the request's bounds (deadline, low-speed limit);
                // a tripped bound comes back as its own error through `body_error`.
                let resp = http.get_once(url, req.options)?;
                let len = resp.content_length();
                let body_err = |source| (http.body_error(url, source), None);
                // The consumer is not told the length the server claims: a limit must not
                // rest on a header (a bomb could claim a huge body to relax the compression
                // ratio); it measures what arrives instead.
                let (sha, size, made) =
                    tee(&mut BufReader::new(resp), len, None).map_err(body_err)?;
                let last = attempts_left == 0;
                attempts_left = attempts_left.saturating_sub(1);
                if len.is_some_and(|n| n != size) {
                    return Err(body_err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "the download ended after {size} of {} bytes",
                            len.unwrap_or(0)
                        ),
                    )));
                }
                if !last && req.expected.is_some_and(|e| e != sha) {
                    printer.verbose(format_args!("{from}: wrong checksum, downloading again"));
                    return Err(body_err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the download does not have the expected checksum",
                    )));
                }
                Ok((sha, made))
            })
            .map_err(|source| FetchError::Http {
                from: from.clone(),
                source,
            })?
        }
    };
    Ok((Fetched { file, sha256, from }, made))
}

/// Copies `reader` (`len` bytes, when known) over the start of `file` (truncating it),
/// hashing on the way and calling `progress` with each chunk's size, while `consume` reads
/// the same bytes; reads whatever `consume` left. Returns the digest, the size and what
/// `consume` returned.
///
/// # Errors
/// The first error reading `reader` or writing `file`, even if `consume` saw it and stopped.
fn tee_hashing<T>(
    reader: &mut dyn Read,
    len: Option<u64>,
    file: &NamedTempFile,
    progress: impl FnMut(u64),
    consume: &mut dyn FnMut(&mut dyn Read, Option<u64>) -> T,
) -> io::Result<(Sha256, u64, T)> {
    let staged = |e: io::Error| staging_error(file.path(), e);
    let mut out = file.reopen().map_err(staged)?;
    out.set_len(0).map_err(staged)?;
    out.rewind().map_err(staged)?;
    let mut tee = Tee {
        inner: reader,
        out: HashingWriter::new(BufWriter::with_capacity(64 * 1024, out)),
        out_path: file.path(),
        progress,
        failed: None,
    };
    let made = consume(&mut tee, len);
    if tee.failed.is_none() {
        // What the consumer did not read (the end of the gzip stream, say) is still part of
        // the archive and of its checksum.
        let _ = io::copy(&mut tee, &mut io::sink());
    }
    if let Some(e) = tee.failed {
        return Err(e);
    }
    let (inner, sha, size) = tee.out.finish();
    // Flushed, not synced: the staged archive is read back by this process or deleted; what
    // lasts (the cache, the plugin directory) is written, and checked, elsewhere.
    inner
        .into_inner()
        .map_err(|e| staging_error(file.path(), e.into_error()))?;
    Ok((sha, size, made))
}

/// An error writing the staged file at `path` (a full disk, say), naming it: the download
/// itself did not fail.
fn staging_error(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("could not write the staged file `{}`: {e}", path.display()),
    )
}

/// A reader that writes every byte it reads from `inner` to `out` (hashing it there) and
/// keeps the first error of either side, which a consumer might otherwise swallow.
struct Tee<'r, W: Write, P> {
    inner: &'r mut dyn Read,
    out: HashingWriter<W>,
    /// Where `out` writes, for its errors.
    out_path: &'r Path,
    progress: P,
    failed: Option<io::Error>,
}

impl<W: Write, P: FnMut(u64)> Read for Tee<'_, W, P> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = &self.failed {
            return Err(io::Error::new(e.kind(), e.to_string()));
        }
        let result = loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let result = result.and_then(|n| {
            self.out
                .write_all(&buf[..n])
                .map_err(|e| staging_error(self.out_path, e))?;
            Ok(n)
        });
        match result {
            Ok(n) => {
                (self.progress)(n as u64);
                Ok(n)
            }
            Err(e) => {
                let copy = io::Error::new(e.kind(), e.to_string());
                self.failed = Some(e);
                Err(copy)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk with no room left.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_names_the_staged_file_not_the_download() {
        let mut body: &[u8] = b"archive bytes";
        let mut tee = Tee {
            inner: &mut body,
            out: HashingWriter::new(Full),
            out_path: Path::new("plugins/.plugin/staging/download-1.partial"),
            progress: |_| {},
            failed: None,
        };
        let mut buf = [0; 8];
        let e = tee.read(&mut buf).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(
            e.to_string(),
            "could not write the staged file `plugins/.plugin/staging/download-1.partial`: No space left on device"
        );
    }
}

//! Fetching archives into a `.partial` file in the staging area, hashing in the same pass
//! (rustup's habit, STYLE.md 6): from the cache when the checksum is known and the archive is
//! there, else from a URL (retried when the body is cut short or its checksum is wrong) or a
//! local file. Nothing is unpacked here; the caller checks the digest first (see
//! [`crate::verify`]). The caller keeps verified downloads in the cache once they are
//! installed.
//!
//! Each call is independent of the others, so fetches can run in parallel.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use crate::cache::Cache;
use crate::checksum::{HashingWriter, Sha256};
use crate::http::{Http, HttpError, Redacted, RequestOptions};
use crate::index::Download;
use crate::printer::Printer;

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
    let from = req.download.to_string();
    if let (Some(sha), Some(cache)) = (req.expected, req.cache) {
        if let Some(file) = cache.archive(&sha, staging) {
            printer.verbose(format_args!("using the cached archive of {from}"));
            return Ok(Fetched {
                file,
                sha256: sha,
                from,
            });
        }
    }
    let io_err = |source: io::Error| FetchError::Io {
        from: from.clone(),
        source,
    };
    let file = tempfile::Builder::new()
        .prefix("download-")
        .suffix(".partial")
        .tempfile_in(staging)
        .map_err(io_err)?;
    let sha256 = match req.download {
        Download::File(path) => {
            let f = File::open(path).map_err(io_err)?;
            let len = f.metadata().ok().map(|m| m.len());
            let bar = printer.download_bar(req.label, len);
            let result = copy_hashing(&mut BufReader::new(f), &file, |n| bar.inc(n));
            printer.finish_bar(&bar);
            result.map_err(io_err)?.0
        }
        Download::Url(url) => {
            let http = req.http.expect("URL downloads are given a client");
            let mut attempts_left = http.config().retries;
            printer.verbose(format_args!("fetching {from}"));
            http.retrying(|| {
                let resp = http.get_once(url, req.options)?;
                let len = resp.content_length();
                let bar = printer.download_bar(req.label, len);
                let body_err = |source| {
                    (
                        HttpError::Body {
                            url: Redacted::new(url),
                            source,
                        },
                        None,
                    )
                };
                let result = copy_hashing(&mut BufReader::new(resp), &file, |n| bar.inc(n));
                printer.finish_bar(&bar);
                let (sha, size) = result.map_err(body_err)?;
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
                Ok(sha)
            })
            .map_err(|source| FetchError::Http {
                from: from.clone(),
                source,
            })?
        }
    };
    Ok(Fetched { file, sha256, from })
}

/// Copies `reader` over the start of `file` (truncating it), hashing on the way, calling
/// `progress` with each chunk's size; returns the digest and the size.
fn copy_hashing(
    reader: &mut impl Read,
    file: &NamedTempFile,
    mut progress: impl FnMut(u64),
) -> io::Result<(Sha256, u64)> {
    let mut out = file.reopen()?;
    out.set_len(0)?;
    out.rewind()?;
    let mut writer = HashingWriter::new(BufWriter::new(out));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        writer.write_all(&buf[..n])?;
        progress(n as u64);
    }
    let (inner, sha, size) = writer.finish();
    // Flushed, not synced: the staged archive is read back by this process and then deleted;
    // what lasts (the cache, the plugin directory) is written, and checked, elsewhere.
    inner.into_inner().map_err(|e| e.into_error())?;
    Ok((sha, size))
}

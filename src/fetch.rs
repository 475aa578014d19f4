//! Fetching archives: from a URL or a local file into a `.partial` file in the staging area,
//! hashing in the same pass (rustup's habit, STYLE.md 6). Nothing is unpacked here; the caller
//! verifies the digest first (see [`crate::verify`]).
//!
//! Each call is independent of the others, so fetches can run in parallel.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use crate::checksum::{HashingWriter, Sha256};
use crate::http::{Http, HttpError};
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
    /// Its size in bytes.
    pub size: u64,
    /// Where it came from, printable.
    pub from: String,
}

/// Copies `download` into a new `.partial` file in `staging`, hashing while writing. `label`
/// names the plugin on the progress bar.
///
/// # Errors
/// [`FetchError`]; the partial file is removed.
pub fn fetch(
    download: &Download,
    http: Option<&Http>,
    staging: &Path,
    printer: &Printer,
    label: &str,
) -> Result<Fetched, FetchError> {
    let from = download.to_string();
    let io_err = |source: io::Error| FetchError::Io {
        from: from.clone(),
        source,
    };
    let file = tempfile::Builder::new()
        .prefix("download-")
        .suffix(".partial")
        .tempfile_in(staging)
        .map_err(io_err)?;
    let (mut reader, len): (Box<dyn Read>, Option<u64>) = match download {
        Download::File(path) => {
            let f = File::open(path).map_err(io_err)?;
            let len = f.metadata().ok().map(|m| m.len());
            (Box::new(BufReader::new(f)), len)
        }
        Download::Url(url) => {
            let http = http.expect("URL downloads are given a client");
            let resp = http.get(url).map_err(|source| FetchError::Http {
                from: from.clone(),
                source,
            })?;
            let len = resp.content_length();
            (Box::new(resp), len)
        }
    };
    printer.verbose(format_args!("fetching {from}"));
    let bar = printer.download_bar(label, len);
    let mut writer = HashingWriter::new(BufWriter::new(file.reopen().map_err(io_err)?));
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => {
                printer.finish_bar(&bar);
                return Err(match download {
                    Download::Url(url) => FetchError::Http {
                        from: from.clone(),
                        source: HttpError::Body {
                            url: crate::http::Redacted::new(url),
                            source,
                        },
                    },
                    Download::File(_) => io_err(source),
                });
            }
        };
        writer.write_all(&buf[..n]).map_err(io_err)?;
        bar.inc(n as u64);
    }
    printer.finish_bar(&bar);
    let (inner, sha256, size) = writer.finish();
    inner
        .into_inner()
        .map_err(|e| io_err(e.into_error()))?
        .sync_all()
        .map_err(io_err)?;
    Ok(Fetched {
        file,
        sha256,
        size,
        from,
    })
}

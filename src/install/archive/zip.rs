//! Reading `.zip` archives: the checks of their layout before any data is read (see the
//! module documentation of `archive` on ambiguous zips), the walk over their entries, and
//! [`EntryData`], which reads one entry's data and checks it against its headers.

use std::collections::HashSet;
use std::io::{self, BufReader, Read};

use super::entry::{escape, mismatch, Kind, Meter, Metered, Namespace};
use super::{read_up_to, ArchiveError, Reader};

impl Reader {
    /// [`Archive::for_each`] over the zip read from `file`: first [`Self::check_zip_layout`] over
    /// the whole central directory, then every entry's data through [`EntryData`]. With
    /// `read_all`, the data of every entry is read to its end (and so checked against its
    /// declared sizes and CRC-32) even where `visit` stops early or skips it.
    ///
    /// [`Archive::for_each`]: super::Archive::for_each
    pub(super) fn walk_zip<R: Read + io::Seek>(
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
}

/// The decompressed data of one zip entry, read from its raw (still compressed) bytes, exactly
/// the declared compressed size of them: stored or deflated (APPNOTE 4.4.5). Its reads fail
/// with a [`DataMismatch`] as soon as more bytes come out than the declared uncompressed size
/// (from the zip64 extra field when there is one, APPNOTE 4.5.3), and at the end unless exactly
/// that many came out, their CRC-32 is the declared one, and a deflate stream ended exactly at
/// the last compressed byte. (The `zip` crate's own reader lets a short file with a matching
/// CRC-32, and data after the end of the deflate stream, through.)
///
/// [`DataMismatch`]: super::entry::DataMismatch
pub(super) struct EntryData<R> {
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::fs;

    use super::*;
    use crate::install::archive::Archive;
    use crate::manifest::FileFilter;

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
}

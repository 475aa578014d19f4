//! Builders of hostile package archives for the hostile-archive suite
//! (`tests/testsuite/hostile_archives.rs`).
//!
//! Every archive starts with a valid `plugin.toml` for its name and version, so that a refusal
//! is about the hostile entry that follows it, never about a missing manifest. Entries the
//! `tar` and `zip` crates can write are written with them; names the `tar` crate refuses to
//! write (absolute paths, `..` components, NUL bytes, non-UTF-8 bytes) are written as raw
//! ustar headers with a correct checksum, and names that cannot live in a ustar name field (a
//! NUL byte, more than 100 bytes) as a raw pax `path` record followed by its ustar header.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Size of a tar block.
const BLOCK: usize = 512;
/// mtime written in the headers.
const MTIME: u64 = 1_700_000_000;

/// The `plugin.toml` of a hostile package.
pub fn manifest(name: &str, version: &str) -> String {
    format!(
        "[plugin]\nname = \"{name}\"\nversion = \"{version}\"\ndescription = \"hostile test package\"\n"
    )
}

/// A `.tar.gz` being written entry by entry.
pub struct EvilTar {
    builder: tar::Builder<GzEncoder<Vec<u8>>>,
}

impl EvilTar {
    /// A tar.gz whose first entry is `plugin.toml` (at the root) for `name` `version`.
    pub fn new(name: &str, version: &str) -> EvilTar {
        EvilTar::empty().file("plugin.toml", manifest(name, version).as_bytes())
    }

    /// A tar.gz whose first entries are the folder `top/` and `top/plugin.toml`.
    pub fn with_top_dir(top: &str, name: &str, version: &str) -> EvilTar {
        EvilTar::empty().dir(top).file(
            format!("{top}/plugin.toml"),
            manifest(name, version).as_bytes(),
        )
    }

    /// No entry at all yet.
    pub fn empty() -> EvilTar {
        EvilTar {
            builder: tar::Builder::new(GzEncoder::new(Vec::new(), Compression::best())),
        }
    }

    fn header(kind: tar::EntryType, mode: u32) -> tar::Header {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_mtime(MTIME);
        header.set_uid(0);
        header.set_gid(0);
        header.set_size(0);
        header
    }

    /// A folder entry (written by the `tar` crate).
    pub fn dir(mut self, path: impl AsRef<Path>) -> EvilTar {
        let mut header = Self::header(tar::EntryType::Directory, 0o755);
        self.builder
            .append_data(&mut header, path, std::io::empty())
            .expect("append folder");
        self
    }

    /// A regular file, mode 0644, owner 0 (written by the `tar` crate).
    pub fn file(self, path: impl AsRef<Path>, data: &[u8]) -> EvilTar {
        self.file_owned(path, data, 0o644, 0)
    }

    /// A regular file with the given mode and owner (uid and gid) (written by the `tar` crate).
    pub fn file_owned(
        mut self,
        path: impl AsRef<Path>,
        data: &[u8],
        mode: u32,
        owner: u64,
    ) -> EvilTar {
        let mut header = Self::header(tar::EntryType::Regular, mode);
        header.set_uid(owner);
        header.set_gid(owner);
        header.set_size(data.len() as u64);
        self.builder
            .append_data(&mut header, path, data)
            .expect("append file");
        self
    }

    /// A regular file of `len` zero bytes, streamed (a bomb compresses to almost nothing).
    pub fn zeros(mut self, path: impl AsRef<Path>, len: u64) -> EvilTar {
        let mut header = Self::header(tar::EntryType::Regular, 0o644);
        header.set_size(len);
        self.builder
            .append_data(&mut header, path, std::io::repeat(0).take(len))
            .expect("append zeros");
        self
    }

    /// A symbolic link (`tar::EntryType::Symlink`) or hard link (`tar::EntryType::Link`)
    /// named `path` pointing at `target` (written by the `tar` crate, which accepts any
    /// target).
    pub fn link(
        mut self,
        kind: tar::EntryType,
        path: impl AsRef<Path>,
        target: impl AsRef<Path>,
    ) -> EvilTar {
        let mut header = Self::header(kind, 0o777);
        self.builder
            .append_link(&mut header, path, target)
            .expect("append link");
        self
    }

    /// A character device, block device or fifo entry (written by the `tar` crate).
    pub fn special(mut self, kind: tar::EntryType, path: impl AsRef<Path>) -> EvilTar {
        let mut header = Self::header(kind, 0o644);
        if kind != tar::EntryType::Fifo {
            // /dev/null (1, 3) and /dev/loop0 (7, 0).
            let (major, minor) = if kind == tar::EntryType::Char {
                (1, 3)
            } else {
                (7, 0)
            };
            header.set_device_major(major).expect("device major");
            header.set_device_minor(minor).expect("device minor");
        }
        self.builder
            .append_data(&mut header, path, std::io::empty())
            .expect("append special entry");
        self
    }

    /// A regular file whose name is exactly the bytes `name`, written as raw header bytes (the
    /// `tar` crate refuses absolute paths, `..` and NUL). Names of at most 100 bytes without
    /// NUL go into the ustar name field; others into a pax `path` record whose ustar header
    /// carries the harmless name `pax-placeholder`.
    pub fn raw_file(mut self, name: &[u8], data: &[u8]) -> EvilTar {
        let out = self.builder.get_mut();
        if name.len() <= 100 && !name.contains(&0) {
            write_raw_entry(
                out,
                &ustar_header(name, b'0', data.len() as u64, 0o644),
                data,
            );
        } else {
            let record = pax_record("path", name);
            write_raw_entry(
                out,
                &ustar_header(b"PaxHeaders/entry", b'x', record.len() as u64, 0o644),
                &record,
            );
            write_raw_entry(
                out,
                &ustar_header(b"pax-placeholder", b'0', data.len() as u64, 0o644),
                data,
            );
        }
        self
    }

    /// The archive's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.builder
            .into_inner()
            .expect("finish tar")
            .finish()
            .expect("finish gzip")
    }
}

/// Writes one header block and its data padded to whole blocks.
fn write_raw_entry(out: &mut impl Write, header: &[u8; BLOCK], data: &[u8]) {
    out.write_all(header).expect("write raw header");
    out.write_all(data).expect("write raw data");
    let pad = (BLOCK - data.len() % BLOCK) % BLOCK;
    out.write_all(&vec![0u8; pad]).expect("write padding");
}

/// Writes `value` as a NUL-terminated octal number filling `field`.
fn octal(field: &mut [u8], value: u64) {
    let digits = format!("{value:0width$o}", width = field.len() - 1);
    assert_eq!(digits.len(), field.len() - 1, "{value} does not fit");
    field[..digits.len()].copy_from_slice(digits.as_bytes());
    field[digits.len()] = 0;
}

/// A POSIX ustar header with `name` copied verbatim into the name field (no validation),
/// owner 0, and a correct checksum.
pub fn ustar_header(name: &[u8], typeflag: u8, size: u64, mode: u32) -> [u8; BLOCK] {
    assert!(name.len() <= 100, "a ustar name field holds 100 bytes");
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name);
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0); // uid
    octal(&mut h[116..124], 0); // gid
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], MTIME);
    h[156] = typeflag;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum is the sum of all bytes with the checksum field read as eight spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// One pax extended header record `LEN KEY=VALUE\n`, where LEN counts the whole record.
pub fn pax_record(key: &str, value: &[u8]) -> Vec<u8> {
    let rest = key.len() + value.len() + 3; // " ", "=", "\n"
    let mut len = rest + 1;
    while len != rest + len.to_string().len() {
        len = rest + len.to_string().len();
    }
    let mut record = format!("{len} {key}=").into_bytes();
    record.extend_from_slice(value);
    record.push(b'\n');
    assert_eq!(record.len(), len);
    record
}

/// A `.zip` being written entry by entry.
pub struct EvilZip {
    writer: zip::ZipWriter<Cursor<Vec<u8>>>,
}

impl EvilZip {
    /// A zip whose first entry is `plugin.toml` for `name` `version`.
    pub fn new(name: &str, version: &str) -> EvilZip {
        EvilZip {
            writer: zip::ZipWriter::new(Cursor::new(Vec::new())),
        }
        .file("plugin.toml", manifest(name, version).as_bytes())
    }

    fn options() -> zip::write::SimpleFileOptions {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
    }

    /// A deflated regular file.
    pub fn file(mut self, path: &str, data: &[u8]) -> EvilZip {
        self.writer
            .start_file(path, Self::options())
            .expect("zip file");
        self.writer.write_all(data).expect("zip write");
        self
    }

    /// A deflated regular file of `len` zero bytes (a zip bomb).
    pub fn zeros(mut self, path: &str, len: u64) -> EvilZip {
        self.writer
            .start_file(path, Self::options())
            .expect("zip file");
        let chunk = vec![0u8; 1 << 20];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len() as u64);
            self.writer
                .write_all(&chunk[..n as usize])
                .expect("zip write");
            left -= n;
        }
        self
    }

    /// A symbolic link entry (unix mode 0o120777) named `path` pointing at `target`.
    pub fn symlink(mut self, path: &str, target: &str) -> EvilZip {
        self.writer
            .add_symlink(path, target, zip::write::SimpleFileOptions::default())
            .expect("zip symlink");
        self
    }

    /// The archive's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.finish().expect("finish zip").into_inner()
    }
}

/// Every entry of a tar.gz as (raw path bytes as the `tar` crate reads them, entry type).
pub fn tar_entries(archive: &[u8]) -> Vec<(Vec<u8>, tar::EntryType)> {
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    ar.entries()
        .expect("entries")
        .map(|e| {
            let e = e.expect("entry");
            (e.path_bytes().into_owned(), e.header().entry_type())
        })
        .collect()
}

#[test]
fn hostile_archive_builders_write_what_they_claim() {
    let tar = EvilTar::new("evil", "1.0.0")
        .raw_file(b"/abs/x", b"a")
        .raw_file(b"pkg/../../x", b"b")
        .raw_file(b"pkg/\xff", b"c")
        .raw_file(b"pkg/a\0b", b"d")
        .link(tar::EntryType::Symlink, "pkg/link", "/etc")
        .special(tar::EntryType::Fifo, "pkg/fifo")
        .file_owned("pkg/run", b"#!/bin/sh\n", 0o6755, 1234)
        .finish();
    let entries = tar_entries(&tar);
    let names: Vec<&[u8]> = entries.iter().map(|(n, _)| n.as_slice()).collect();
    assert_eq!(
        names,
        [
            &b"plugin.toml"[..],
            b"/abs/x",
            b"pkg/../../x",
            b"pkg/\xff",
            b"pkg/a\0b",
            b"pkg/link",
            b"pkg/fifo",
            b"pkg/run",
        ]
    );
    assert_eq!(entries[5].1, tar::EntryType::Symlink);
    assert_eq!(entries[6].1, tar::EntryType::Fifo);

    let zip = EvilZip::new("evil", "1.0.0")
        .symlink("pkg/link", "/etc")
        .finish();
    let mut zip = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    let link = zip.by_index(1).expect("entry 1");
    assert_eq!(link.name().expect("UTF-8 name"), "pkg/link");
    assert!(link.is_symlink());
    assert_eq!(link.unix_mode(), Some(0o120777));
}

/// How a [`RawZip`] entry's data is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipMethod {
    /// Method 0, the bytes as they are.
    Stored,
    /// Method 8, raw deflate.
    Deflated,
}

/// One entry of a [`RawZip`], with the lies its headers may tell.
#[derive(Debug, Clone)]
pub struct RawEntry {
    /// The name in the central directory record.
    pub name: Vec<u8>,
    /// The name in the local file header, when it differs from `name`.
    pub local_name: Option<Vec<u8>>,
    /// The entry's content, before compression.
    pub data: Vec<u8>,
    /// How it is stored.
    pub method: ZipMethod,
    /// A CRC-32 to declare instead of the content's.
    pub crc32: Option<u32>,
    /// An uncompressed size to declare instead of the content's.
    pub size: Option<u64>,
    /// An uncompressed size to declare in the local header only.
    pub local_size: Option<u64>,
    /// Bytes written after the compressed data and counted in the declared compressed size.
    pub trailing: Vec<u8>,
    /// Sizes in zip64 extended information extra fields (APPNOTE 4.5.3), the 32-bit fields of
    /// both headers set to 0xFFFFFFFF.
    pub zip64: bool,
    /// Declares the sizes and CRC-32 of every byte from this entry's data to the end of the
    /// next entry's data, as stored content: the next entry's local header and data are then
    /// also this entry's data (an overlapping-file zip).
    pub covers_next: bool,
    /// Whether the central directory lists the entry: one that is not is seen only by readers
    /// that walk the local headers.
    pub listed: bool,
}

impl RawEntry {
    /// A deflated entry named `name` holding `data`, with true headers.
    pub fn new(name: impl AsRef<[u8]>, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.as_ref().to_vec(),
            local_name: None,
            data: data.to_vec(),
            method: ZipMethod::Deflated,
            crc32: None,
            size: None,
            local_size: None,
            trailing: Vec::new(),
            zip64: false,
            covers_next: false,
            listed: true,
        }
    }
}

/// A `.zip` written byte by byte (APPNOTE 4.3: local file headers and data, then the central
/// directory and its end record), so that headers can disagree with each other and with the
/// data in ways the `zip` crate's writer refuses to produce. Times are 1980-01-01 00:00.
pub struct RawZip {
    entries: Vec<RawEntry>,
}

impl RawZip {
    /// A zip whose first entry is a true `plugin.toml` for `name` `version`.
    pub fn new(name: &str, version: &str) -> RawZip {
        RawZip {
            entries: vec![RawEntry::new(
                "plugin.toml",
                manifest(name, version).as_bytes(),
            )],
        }
    }

    /// A deflated file with true headers.
    pub fn file(self, name: impl AsRef<[u8]>, data: &[u8]) -> RawZip {
        self.entry(RawEntry::new(name, data))
    }

    /// Any entry.
    pub fn entry(mut self, entry: RawEntry) -> RawZip {
        self.entries.push(entry);
        self
    }

    /// The archive's bytes.
    pub fn finish(self) -> Vec<u8> {
        struct Written {
            header: usize,
            data: usize,
            crc32: u32,
            compressed: u64,
            size: u64,
        }
        let mut out = Vec::new();
        let mut written: Vec<Written> = Vec::new();
        for e in &self.entries {
            let stored = match e.method {
                ZipMethod::Stored => e.data.clone(),
                ZipMethod::Deflated => {
                    let mut enc =
                        flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
                    enc.write_all(&e.data).expect("deflate");
                    enc.finish().expect("deflate")
                }
            };
            let w = Written {
                header: out.len(),
                data: 0,
                crc32: e.crc32.unwrap_or_else(|| crc32(&e.data)),
                compressed: (stored.len() + e.trailing.len()) as u64,
                size: e.size.unwrap_or(e.data.len() as u64),
            };
            let name = e.local_name.as_deref().unwrap_or(&e.name);
            let local_size = e.local_size.unwrap_or(w.size);
            out.extend(local_header(e, name, w.crc32, w.compressed, local_size));
            let w = Written {
                data: out.len(),
                ..w
            };
            out.extend(&stored);
            out.extend(&e.trailing);
            written.push(w);
        }
        for i in 0..self.entries.len() {
            if self.entries[i].covers_next {
                let next = &written[i + 1];
                let end = next.data + next.compressed as usize;
                let covered = &out[written[i].data..end];
                let (crc, len) = (crc32(covered), covered.len() as u64);
                let w = &mut written[i];
                (w.crc32, w.compressed, w.size) = (crc, len, len);
                let header = local_header(
                    &self.entries[i],
                    self.entries[i]
                        .local_name
                        .as_deref()
                        .unwrap_or(&self.entries[i].name),
                    crc,
                    len,
                    len,
                );
                out[w.header..w.header + header.len()].copy_from_slice(&header);
            }
        }
        let directory = out.len();
        let mut count = 0u16;
        for (e, w) in self.entries.iter().zip(&written) {
            if !e.listed {
                continue;
            }
            count += 1;
            let (extra, small_c, small_u) = sizes(e.zip64, w.compressed, w.size);
            out.extend(b"PK\x01\x02");
            out.extend(0x0314u16.to_le_bytes()); // made by: unix, 2.0
            out.extend(version_needed(e).to_le_bytes());
            out.extend(flags(&e.name).to_le_bytes());
            out.extend(method(e).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // time
            out.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            out.extend(w.crc32.to_le_bytes());
            out.extend(small_c.to_le_bytes());
            out.extend(small_u.to_le_bytes());
            out.extend((e.name.len() as u16).to_le_bytes());
            out.extend((extra.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // comment
            out.extend(0u16.to_le_bytes()); // disk
            out.extend(0u16.to_le_bytes()); // internal attributes
            out.extend((0o100644u32 << 16).to_le_bytes());
            out.extend((w.header as u32).to_le_bytes());
            out.extend(&e.name);
            out.extend(&extra);
        }
        let size = out.len() - directory;
        out.extend(b"PK\x05\x06");
        out.extend(0u16.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend((size as u32).to_le_bytes());
        out.extend((directory as u32).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }
}

/// The CRC-32 (ISO-HDLC, as zip uses) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

/// Bit 11 (names are UTF-8) for a non-ASCII name.
fn flags(name: &[u8]) -> u16 {
    if name.is_ascii() {
        0
    } else {
        1 << 11
    }
}

fn method(e: &RawEntry) -> u16 {
    match e.method {
        ZipMethod::Stored => 0,
        ZipMethod::Deflated => 8,
    }
}

fn version_needed(e: &RawEntry) -> u16 {
    if e.zip64 {
        45
    } else {
        20
    }
}

/// The zip64 extended information extra field (APPNOTE 4.5.3: uncompressed then compressed
/// size; the local header offset always fits in 32 bits here) and the 32-bit size fields.
fn sizes(zip64: bool, compressed: u64, size: u64) -> (Vec<u8>, u32, u32) {
    if !zip64 {
        return (Vec::new(), compressed as u32, size as u32);
    }
    let mut extra = Vec::new();
    extra.extend(1u16.to_le_bytes());
    extra.extend(16u16.to_le_bytes());
    extra.extend(size.to_le_bytes());
    extra.extend(compressed.to_le_bytes());
    (extra, u32::MAX, u32::MAX)
}

/// A local file header (APPNOTE 4.3.7) for `e` under `name`.
fn local_header(e: &RawEntry, name: &[u8], crc: u32, compressed: u64, size: u64) -> Vec<u8> {
    let (extra, small_c, small_u) = sizes(e.zip64, compressed, size);
    let mut h = Vec::new();
    h.extend(b"PK\x03\x04");
    h.extend(version_needed(e).to_le_bytes());
    h.extend(flags(&e.name).to_le_bytes());
    h.extend(method(e).to_le_bytes());
    h.extend(0u16.to_le_bytes());
    h.extend(0x21u16.to_le_bytes());
    h.extend(crc.to_le_bytes());
    h.extend(small_c.to_le_bytes());
    h.extend(small_u.to_le_bytes());
    h.extend((name.len() as u16).to_le_bytes());
    h.extend((extra.len() as u16).to_le_bytes());
    h.extend(name);
    h.extend(&extra);
    h
}

#[test]
fn raw_zip_with_true_headers_reads_back() {
    let zip = RawZip::new("evil", "1.0.0")
        .file("pkg/a.py", b"a = 1\n")
        .entry(RawEntry {
            method: ZipMethod::Stored,
            zip64: true,
            ..RawEntry::new("pkg/b.py", b"b = 2\n")
        })
        .finish();
    let mut zip = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    zip.validate_header_consistency().expect("consistent");
    for (i, name, want) in [
        (1, "pkg/a.py", &b"a = 1\n"[..]),
        (2, "pkg/b.py", b"b = 2\n"),
    ] {
        let mut f = zip.by_index(i).expect("entry");
        assert_eq!(f.name().expect("name"), name);
        let mut got = Vec::new();
        f.read_to_end(&mut got).expect("read");
        assert_eq!(got, want);
    }
}

//! Reading `.tar.gz` archives: the walk over their entries shared by [`Archive`]'s two
//! passes, and [`Archive::unpack_stream`], which unpacks one from a stream in a single pass.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use flate2::read::GzDecoder;

use super::entry::{escape, Base, Counted, Kind, Meter, Metered, Namespace};
use super::{Archive, ArchiveError, Folders, Layout, Limits, Reader, Unpacked, Written};
use crate::manifest::{FileFilter, MANIFEST_FILE};

impl Archive {
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

impl Reader {
    /// [`Archive::for_each`] over the gzip-compressed tar read from `stream`, which is read in
    /// order and never sought.
    pub(super) fn walk_tar_gz(
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

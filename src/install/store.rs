//! The store: registry archives unpacked once into the cache, and placed from there into the
//! staging area by the link mode ([`LinkMode`]) instead of being decompressed on every install.
//!
//! ```text
//! <cache>/store/v1/<sha256 hex of the archive>/entry.json   written last (see below)
//! <cache>/store/v1/<sha256 hex of the archive>/tree/…       the staged files, read-only
//! <cache>/store/v1/.tmp/                                    entries and downloads being made
//! ```
//!
//! An entry is made the first time a cached archive is installed again (a warm install): a
//! download is unpacked straight into the staging area while it arrives, as without the store,
//! and kept in the cache only once every archive of the install is verified and staged, so a
//! cold install costs nothing more and one refused before that leaves nothing in the cache. It
//! is made by the same streaming unpacker, with the same checks and under the project's
//! `[limits]`, as a plugin staged without the store ([`crate::install::stage`]), into
//! a folder in `.tmp/`; only once the archive's bytes are known to hash to the locked checksum
//! is `entry.json` written (the plugin's manifest text, the limits it was unpacked under, and
//! every file's path, sha256, size, executable bit and modification time) and the folder
//! renamed into place, so a killed run never leaves half an entry under a digest. An entry is
//! used only under limits at least as wide as those it was made under.
//!
//! Before a file is placed, its size and modification time are compared with `entry.json`
//! (from the `fstat` of the opened file, no extra call); under [`LinkMode::Hardlink`], whose
//! placed files share their inode with the store, its bytes are also hashed again (an edit in
//! place in a plugin folder changes the store's copy, and read-only bits do not stop root). A
//! missing or changed file makes the entry damaged: it is deleted and made again from the
//! archive.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tempfile::TempDir;

use crate::checksum::{HashingReader, Sha256};
use crate::install::archive::Limits;
use crate::install::record::FileEntry;
use crate::install::stage::{StageArea, StageError, StagedPlugin};
use crate::manifest::PluginManifest;
use crate::printer::Printer;

pub use crate::project::LinkMode;

/// The version of `entry.json`.
const ENTRY_VERSION: u32 = 1;

/// One file of an entry, as `entry.json` lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoreFile {
    /// Relative to `tree/`, `/`-separated.
    path: String,
    /// `sha256:HEX`.
    sha256: String,
    /// Bytes.
    size: u64,
    /// Whether the packaged file is executable (placed 0755, else 0644).
    exec: bool,
    /// Its modification time in the store, nanoseconds since the Unix epoch.
    mtime: u64,
}

/// `entry.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct EntryFile {
    v: u32,
    /// The archive's digest, `sha256:HEX`.
    archive: String,
    /// The `[limits]` it was unpacked under: `max-unpacked-size`, `max-entries`,
    /// `max-file-size`, `max-path-length`, `max-compression-ratio`.
    limits: [u64; 5],
    /// The text of its `plugin.toml`.
    manifest: String,
    /// Its files, sorted by path.
    files: Vec<StoreFile>,
}

fn limits_array(l: &Limits) -> [u64; 5] {
    [
        l.max_unpacked_size,
        l.max_entries,
        l.max_file_size,
        l.max_path_length,
        l.max_compression_ratio,
    ]
}

/// An entry found intact enough to place from.
#[derive(Debug)]
pub struct Entry {
    digest: Sha256,
    dir: PathBuf,
    file: EntryFile,
    /// Whether its bytes were hashed in this run (made now): no need to hash them again.
    fresh: bool,
}

impl Entry {
    /// Whether it was made in this run.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// The digest of its archive.
    pub fn digest(&self) -> &Sha256 {
        &self.digest
    }
}

/// Why placing from an entry failed.
#[derive(Debug)]
pub enum PlaceError {
    /// A file of the entry is missing or changed: the entry must be made again.
    Damaged(String),
    /// Writing into the staging area failed.
    Stage(StageError),
}

/// The store of one run: where it is, the link mode and the limits of the project.
#[derive(Debug)]
pub struct Store<'a> {
    root: PathBuf,
    mode: LinkMode,
    limits: Limits,
    printer: &'a Printer,
    cache: &'a crate::source::cache::Cache,
    /// Set once a reflink failed (the file systems cannot): the rest of the run copies.
    no_reflink: AtomicBool,
    /// Set once a hard link failed across file systems: the rest of the run copies.
    no_hardlink: AtomicBool,
}

impl<'a> Store<'a> {
    /// The store in `cache`, used with `mode` under `limits`.
    pub fn new(
        cache: &'a crate::source::cache::Cache,
        mode: LinkMode,
        limits: Limits,
        printer: &'a Printer,
    ) -> Self {
        Self {
            root: cache.store_dir(),
            mode,
            limits,
            printer,
            cache,
            no_reflink: AtomicBool::new(false),
            no_hardlink: AtomicBool::new(false),
        }
    }

    /// The link mode.
    pub fn mode(&self) -> LinkMode {
        self.mode
    }

    /// The cache the store is in.
    pub fn cache(&self) -> &'a crate::source::cache::Cache {
        self.cache
    }

    fn entry_dir(&self, sha: &Sha256) -> PathBuf {
        self.root.join(sha.to_hex())
    }

    /// The area entries are unpacked into (`.tmp/`, created): made there, they are renamed
    /// into place by [`Store::commit`].
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn area(&self) -> io::Result<StageArea<'a>> {
        self.cache.prepare_for_write()?;
        let dir = self.root.join(".tmp");
        fs::create_dir_all(&dir)?;
        Ok(StageArea {
            dir,
            limits: self.limits,
            printer: self.printer,
            cache: Some(self.cache),
        })
    }

    /// The entry of the archive with digest `sha`, if there is one made under limits no
    /// wider than this run's, with a readable `entry.json` whose paths are plain relative
    /// paths. Its files are checked as they are placed.
    pub fn lookup(&self, sha: &Sha256) -> Option<Entry> {
        let dir = self.entry_dir(sha);
        let json = dir.join("entry.json");
        let mut file = File::open(&json).ok()?;
        let modified = file.metadata().ok()?.modified().ok();
        // One read, then a parse of the bytes (faster than serde_json's reader).
        let mut text = Vec::new();
        io::Read::read_to_end(&mut file, &mut text).ok()?;
        let entry: EntryFile = match serde_json::from_slice(&text) {
            Ok(e) => e,
            Err(_) => {
                self.discard(sha, "its entry.json is unreadable");
                return None;
            }
        };
        let plain = |p: &str| {
            !p.is_empty()
                && !p.contains('\\')
                && Path::new(p)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
        };
        if entry.v != ENTRY_VERSION
            || entry.archive != sha.prefixed()
            || !entry.files.iter().all(|f| plain(&f.path))
        {
            self.discard(sha, "its entry.json does not describe it");
            return None;
        }
        let wider = limits_array(&self.limits);
        if entry
            .limits
            .iter()
            .zip(wider)
            .any(|(made, now)| *made > now)
        {
            self.printer.debug(format_args!(
                "sha256:{sha}: the store entry was made under wider [limits]: unpacking the archive"
            ));
            return None;
        }
        // Used entries are kept by `cache prune`: the time is refreshed once a day at most.
        if modified.is_some_and(|m| m.elapsed().unwrap_or_default() > Duration::from_secs(86_400)) {
            touch(&json);
        }
        Some(Entry {
            digest: *sha,
            dir,
            file: entry,
            fresh: false,
        })
    }

    /// Deletes the entry of `sha` (damaged: `why`), saying so.
    pub fn discard(&self, sha: &Sha256, why: &str) {
        self.printer.debug(format_args!(
            "sha256:{sha}: the store entry is damaged ({why}): it is made again from the archive"
        ));
        remove_entry(&self.root, &self.entry_dir(sha));
    }

    /// Makes `staged` (unpacked into [`Store::area`] from the archive with digest `sha`, its
    /// bytes checked) the entry of `sha`: read-only files, `entry.json` written last, one
    /// rename. When another run made it first, theirs is used.
    ///
    /// # Errors
    /// I/O errors in the store.
    pub fn commit(&self, sha: &Sha256, staged: StagedPlugin) -> io::Result<Entry> {
        let area = self.root.join(".tmp");
        let new = tempfile::Builder::new()
            .prefix("entry-")
            .tempdir_in(&area)?;
        let tree = new.path().join("tree");
        let staged_dir = staged.dir.keep();
        if let Err(e) = fs::rename(&staged_dir, &tree) {
            let _ = fs::remove_dir_all(&staged_dir);
            return Err(e);
        }
        let manifest = fs::read_to_string(tree.join(crate::manifest::MANIFEST_FILE))?;
        let mut files = Vec::with_capacity(staged.files.len());
        for f in &staged.files {
            let path = tree.join(&f.path);
            let meta = fs::symlink_metadata(&path)?;
            let exec = is_exec(&meta);
            let mut perms = meta.permissions();
            perms.set_readonly(true);
            fs::set_permissions(&path, perms)?;
            files.push(StoreFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                size: f.size,
                exec,
                mtime: mtime_nanos(&meta),
            });
        }
        let file = EntryFile {
            v: ENTRY_VERSION,
            archive: sha.prefixed(),
            limits: limits_array(&self.limits),
            manifest,
            files,
        };
        let text = serde_json::to_vec(&file).map_err(io::Error::other)?;
        fs::write(new.path().join("entry.json"), text)?;
        let dest = self.entry_dir(sha);
        let made = new.keep();
        if fs::rename(&made, &dest).is_err() {
            // Another run made it meanwhile, or a partial one is in the way.
            if let Some(theirs) = self.lookup(sha) {
                remove_entry(&self.root, &made);
                return Ok(theirs);
            }
            remove_entry(&self.root, &dest);
            if let Err(e) = fs::rename(&made, &dest) {
                remove_entry(&self.root, &made);
                return Err(e);
            }
        }
        Ok(Entry {
            digest: *sha,
            dir: dest,
            file,
            fresh: true,
        })
    }

    /// Places the files of `entry` into a new folder of `area` by the link mode: the staged
    /// plugin, and the manifest's warnings.
    ///
    /// # Errors
    /// [`PlaceError::Damaged`] when a file of the entry is missing or changed (the folder made
    /// is removed); [`PlaceError::Stage`] otherwise.
    pub fn place(
        &self,
        entry: Entry,
        area: &StageArea<'_>,
        label: &str,
    ) -> Result<(StagedPlugin, Vec<String>), PlaceError> {
        let origin = format!("archive `{label}`");
        let (manifest, warnings) = PluginManifest::parse(&entry.file.manifest, &origin)
            .map_err(|e| PlaceError::Damaged(format!("its plugin.toml: {e}")))?;
        let dir = crate::install::stage::new_stage_dir(&area.dir, Path::new(label))
            .map_err(PlaceError::Stage)?;
        let tree = entry.dir.join("tree");
        let mut made: HashSet<PathBuf> = HashSet::new();
        let mut files = Vec::with_capacity(entry.file.files.len());
        for f in entry.file.files {
            let to = dir.path().join(&f.path);
            if let Some(parent) = to.parent() {
                if parent != dir.path() && !made.contains(parent) {
                    fs::create_dir_all(parent).map_err(|e| stage_io(label, e))?;
                    made.insert(parent.to_path_buf());
                }
            }
            self.place_file(&tree.join(&f.path), &to, &f, entry.fresh)
                .map_err(|e| match e {
                    Placing::Damaged(why) => PlaceError::Damaged(format!("`{}` {why}", f.path)),
                    Placing::Io(e) => stage_io(label, e),
                })?;
            // The entry is used up: its strings move into the record's list.
            files.push(FileEntry {
                path: f.path,
                sha256: f.sha256,
                size: f.size,
            });
        }
        let staged = StagedPlugin::new(dir, manifest, files);
        Ok((staged, warnings))
    }

    /// Places one file.
    fn place_file(
        &self,
        from: &Path,
        to: &Path,
        f: &StoreFile,
        fresh: bool,
    ) -> Result<(), Placing> {
        let mut src = match open_no_follow(from) {
            Ok(s) => s,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Placing::Damaged("is missing".into()))
            }
            // A symlink (ELOOP under O_NOFOLLOW) is never placed, nor linked.
            Err(e) if e.raw_os_error() == Some(rustix_eloop()) => {
                return Err(Placing::Damaged("is not a plain file".into()))
            }
            Err(e) => return Err(Placing::Io(e)),
        };
        let meta = src.metadata().map_err(Placing::Io)?;
        if !meta.is_file() || meta.len() != f.size || mtime_nanos(&meta) != f.mtime {
            return Err(Placing::Damaged("changed (size or time)".into()));
        }
        if self.mode == LinkMode::Hardlink && !self.no_hardlink.load(Ordering::Relaxed) {
            if !fresh {
                let mut reader = HashingReader::new(&mut src);
                io::copy(&mut reader, &mut io::sink()).map_err(Placing::Io)?;
                let (sha, len) = reader.finish();
                if sha.prefixed() != f.sha256 || len != f.size {
                    return Err(Placing::Damaged("changed (its bytes)".into()));
                }
            }
            match fs::hard_link(from, to) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
                    self.no_hardlink.store(true, Ordering::Relaxed);
                    io::Seek::rewind(&mut src).map_err(Placing::Io)?;
                }
                Err(e) => return Err(Placing::Io(e)),
            }
        }
        let dst = create_file(to, f.exec).map_err(Placing::Io)?;
        if self.mode == LinkMode::Clone && !self.no_reflink.load(Ordering::Relaxed) {
            match reflink_copy::reflink_file(&src, &dst) {
                Ok(()) => return Ok(()),
                Err(_) => self.no_reflink.store(true, Ordering::Relaxed),
            }
        }
        let copied = copy_data(&src, &dst, f.size).map_err(Placing::Io)?;
        if copied != f.size {
            return Err(Placing::Damaged("changed while copied".into()));
        }
        Ok(())
    }
}

/// Copies the `size` bytes of `src` (read from where it is) into `dst`: on Linux by
/// `copy_file_range` alone (the kernel copies, or shares extents where the file system can),
/// without the type and mode checks `io::copy` makes first; elsewhere, or where the call is
/// refused, by `io::copy`. Returns the bytes copied.
fn copy_data(src: &File, dst: &File, size: u64) -> io::Result<u64> {
    #[cfg(target_os = "linux")]
    {
        let mut done = 0u64;
        while done < size {
            let want = usize::try_from(size - done).unwrap_or(usize::MAX);
            match rustix::fs::copy_file_range(src, None, dst, None, want) {
                Ok(0) => break,
                Ok(n) => done += n as u64,
                Err(_) if done == 0 => break,
                Err(e) => return Err(e.into()),
            }
        }
        if done > 0 || size == 0 {
            return Ok(done);
        }
    }
    io::copy(&mut &*src, &mut &*dst)
}

/// Opens `path` for reading without following a symlink at its end (Linux: `O_NOFOLLOW`), so
/// that a store file replaced by a symlink is found, not followed or hard-linked.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

/// The `ELOOP` error number (Linux; elsewhere a value no error has).
fn rustix_eloop() -> i32 {
    #[cfg(target_os = "linux")]
    {
        rustix::io::Errno::LOOP.raw_os_error()
    }
    #[cfg(not(target_os = "linux"))]
    {
        i32::MIN
    }
}

/// Why one file could not be placed.
enum Placing {
    Damaged(String),
    Io(io::Error),
}

fn stage_io(label: &str, source: io::Error) -> PlaceError {
    PlaceError::Stage(StageError::Io {
        from: PathBuf::from(label),
        source,
    })
}

/// Removes the entry folder `dir` of the store at `root`: renamed into `.tmp/` first, so that
/// no half-deleted entry is ever seen under a digest.
fn remove_entry(root: &Path, dir: &Path) {
    let Ok(trash) = tempfile::Builder::new()
        .prefix("trash-")
        .tempdir_in(root.join(".tmp"))
    else {
        let _ = fs::remove_dir_all(dir);
        return;
    };
    let target = trash.path().join("entry");
    if fs::rename(dir, &target).is_err() {
        let _ = fs::remove_dir_all(dir);
    }
    drop::<TempDir>(trash);
}

/// Creates the new file `to`, 0755 when `exec` else 0644 (Unix).
fn create_file(to: &Path, exec: bool) -> io::Result<File> {
    let file = crate::install::archive::create_options(exec).open(to)?;
    crate::install::archive::fix_mode(&file, exec)?;
    Ok(file)
}

#[cfg(unix)]
fn is_exec(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_exec(_meta: &fs::Metadata) -> bool {
    false
}

fn mtime_nanos(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

use crate::fs::touch;

/// Checks the files `paths` of the store entry of the archive with digest `sha` in `cache`
/// (those found modified in a plugin folder: under [`LinkMode::Hardlink`] they share the
/// store's inode) by hashing them; an entry with one changed or missing is deleted, to be
/// made again from the archive by the next install that needs it. Returns whether it was.
pub fn repair_entry(cache: &crate::source::cache::Cache, sha: &Sha256, paths: &[String]) -> bool {
    let root = cache.store_dir();
    let dir = root.join(sha.to_hex());
    let Ok(text) = fs::read(dir.join("entry.json")) else {
        return false;
    };
    let damaged = match serde_json::from_slice::<EntryFile>(&text) {
        Err(_) => true,
        Ok(entry) => entry
            .files
            .iter()
            .filter(|f| paths.contains(&f.path))
            .any(|f| {
                Sha256::of_file(&dir.join("tree").join(&f.path))
                    .map_or(true, |actual| actual.prefixed() != f.sha256)
            }),
    };
    if damaged {
        remove_entry(&root, &dir);
    }
    damaged
}

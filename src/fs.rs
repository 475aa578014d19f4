//! File-system primitives every layer relies on: atomic writes, renames, and the advisory
//! lock on a plugin directory.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed to disk, renamed over `path`, and the folder is flushed. A reader sees the old
/// content or the new, never a partial file. The mode of an existing file is kept; a new file
/// gets the mode `File::create` gives (0666 less the umask).
///
/// Returns `false` without writing when `path` already holds exactly `bytes`.
///
/// # Errors
/// Any I/O error; `path` is then unchanged.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(false);
    }
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = shared_temp_file(&dir, &format!(".{name}."), TEMP_SUFFIX)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(path) {
        fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(true)
}

/// How the temporary file of [`write_atomic`] ends: `.NAME.XXXXXX.plugin-tmp` beside `NAME`.
/// A run killed while writing leaves one behind; [`remove_temp_files`] clears them.
pub const TEMP_SUFFIX: &str = ".plugin-tmp";

/// Removes what killed runs of [`write_atomic`] left in `dir`: files named `.NAME.XXXXXX` +
/// [`TEMP_SUFFIX`]. Nothing else is touched; a missing folder has none. Returns how many
/// were removed. Call only where no other `plugin` process may be writing (under the
/// directory lock).
pub fn remove_temp_files(dir: &Path) -> usize {
    remove_temp_files_named(dir, "")
}

/// Removes what killed runs of [`write_atomic`]`(file, …)` left beside `file` (and nothing
/// left by writes of other files there). Returns how many were removed. Call only where no
/// other `plugin` process may be writing `file`.
pub fn remove_temp_files_of(file: &Path) -> usize {
    match file.file_name() {
        Some(name) => {
            remove_temp_files_named(&parent_dir(file), &format!("{}.", name.to_string_lossy()))
        }
        None => 0,
    }
}

fn remove_temp_files_named(dir: &Path, name_prefix: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ours = name
            .strip_prefix('.')
            .is_some_and(|n| n.starts_with(name_prefix))
            && name.ends_with(TEMP_SUFFIX)
            && e.file_type().is_ok_and(|t| t.is_file());
        if ours && fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A new temporary file in `dir`, named `PREFIX…`, opened as `File::create` would open it
/// (mode 0666 less the umask) rather than 0600 as tempfile's own: for files that are renamed
/// into place and read by other users and servers (plugins.lock, a registry's index files and
/// archives, a packaged archive). Deleted when dropped unless persisted.
///
/// # Errors
/// Any I/O error creating it.
pub fn shared_temp_file_in(dir: &Path, prefix: &str) -> io::Result<tempfile::NamedTempFile> {
    shared_temp_file(dir, prefix, "")
}

/// A new temporary file `PREFIX` + random + `SUFFIX` in `dir`, opened read-write, created
/// exclusively (never an existing file).
pub(crate) fn shared_temp_file(
    dir: &Path,
    prefix: &str,
    suffix: &str,
) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .make_in(dir, |p| {
            fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(p)
        })
}

/// The bytes of the file at `path` if it holds at most `limit` bytes, read through a cap so
/// that a growing or huge file is never read past `limit + 1` bytes; `Ok(None)` when it is
/// longer.
///
/// # Errors
/// Any I/O error opening or reading it.
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Flushes a folder's entries to disk (best effort: not every platform supports it).
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An exclusive advisory lock on a file, held until dropped.
///
/// Used on `PLUGIN_DIR/.plugin/lock` so that two `plugin` processes never modify one plugin
/// directory at the same time.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Takes the lock on `path` (created if missing). When another process holds it,
    /// `on_wait` is called once and the call blocks until the lock is free.
    ///
    /// # Errors
    /// Any I/O error from creating or locking the file.
    pub fn acquire(path: &Path, on_wait: impl FnOnce()) -> io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The locked file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Lists every regular file below `root` as relative paths with `/` separators, sorted.
///
/// # Errors
/// Any I/O error while walking.
pub fn list_files(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(root.join(&rel))? {
            let entry = entry?;
            let child = rel.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(child);
            } else {
                out.push(to_slash(&child));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A relative path with `/` separators, whatever the platform.
pub fn to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Removes the empty folders from `dir` up to, but not including, `stop`.
pub fn remove_empty_parents(mut dir: &Path, stop: &Path) {
    while dir != stop && dir.starts_with(stop) {
        if fs::remove_dir(dir).is_err() {
            break;
        }
        match dir.parent() {
            Some(p) => dir = p,
            None => break,
        }
    }
}

/// Sets the modification time of `path` to now (best effort), as a mark of last use that
/// `plugin cache prune` reads.
pub fn touch(path: &Path) {
    let _ = fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_skips_equal_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        assert!(write_atomic(&p, b"x").unwrap());
        assert!(!write_atomic(&p, b"x").unwrap());
        assert!(write_atomic(&p, b"y").unwrap());
        assert_eq!(fs::read(&p).unwrap(), b"y");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftover_temp_files_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [".env", "notes.plugin-tmp", ".hidden", "plugins.lock"];
        for k in keep {
            fs::write(dir.path().join(k), "x").unwrap();
        }
        // What a kill in the middle of `write_atomic(NAME, …)` leaves.
        let left_by = |name: &str| {
            let (_, path) = shared_temp_file(dir.path(), &format!(".{name}."), TEMP_SUFFIX)
                .unwrap()
                .keep()
                .unwrap();
            path
        };
        let tmp = left_by("plugins.lock");
        let other = left_by("plugins.toml");
        assert_eq!(remove_temp_files_of(&dir.path().join("plugins.lock")), 1);
        assert!(!tmp.exists());
        assert!(other.exists(), "another file's leftover is not touched");
        assert_eq!(remove_temp_files(dir.path()), 1);
        assert!(!other.exists());
        for k in keep {
            assert!(dir.path().join(k).exists(), "{k}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_gives_a_new_file_the_mode_of_file_create() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let created = dir.path().join("created");
        fs::File::create(&created).unwrap();
        let written = dir.path().join("plugins.lock");
        write_atomic(&written, b"x").unwrap();
        assert_eq!(mode(&written), mode(&created));
        // An existing file keeps its mode.
        fs::set_permissions(&written, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&written, b"y").unwrap();
        assert_eq!(mode(&written), 0o600);
    }
}

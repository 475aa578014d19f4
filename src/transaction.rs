//! The commit protocol: how staged plugins replace installed ones so that a failure at any
//! point leaves the plugin directory, plugins.toml and plugins.lock as they were.
//!
//! Order (STYLE.md mistake 14, after cargo's and rustup's transactions):
//!
//! 1. each old plugin folder is renamed into `.plugin/trash/`, and each staged folder is
//!    renamed into place (renames within one file system: atomic);
//! 2. the install records are written;
//! 3. plugins.toml and plugins.lock are written, each atomically;
//! 4. [`Transaction::commit`]: files in old folders that were not installed by `plugin` (a
//!    user's own files) are moved back, and the trash is emptied.
//!
//! Until `commit` runs, dropping the [`Transaction`] undoes every step in reverse.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::fs::{remove_empty_parents, write_atomic};
use crate::layout::Layout;

/// A file kept in place at commit time because `plugin` did not install it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFile {
    /// The plugin folder it is in.
    pub dir: PathBuf,
    /// Its path relative to that folder.
    pub path: String,
}

#[derive(Debug)]
enum Undo {
    /// A folder moved into place that did not exist before: remove it.
    RemoveDir(PathBuf),
    /// A folder moved aside: move it back.
    MoveBack {
        from_trash: PathBuf,
        to: PathBuf,
        recorded: Vec<String>,
    },
    /// A file written or removed: restore its old bytes, or remove it if it was new.
    RestoreFile { path: PathBuf, old: Option<Vec<u8>> },
}

/// A set of changes to a plugin directory and the project files, undone on drop unless
/// committed.
#[derive(Debug)]
pub struct Transaction<'a> {
    layout: &'a Layout,
    undo: Vec<Undo>,
    committed: bool,
}

impl<'a> Transaction<'a> {
    /// Starts a transaction on `layout`, creating `.plugin/trash/` if needed.
    ///
    /// # Errors
    /// I/O errors creating the trash folder.
    pub fn new(layout: &'a Layout) -> io::Result<Self> {
        fs::create_dir_all(layout.trash())?;
        Ok(Self {
            layout,
            undo: Vec::new(),
            committed: false,
        })
    }

    fn trash_slot(&self, dest: &Path) -> io::Result<PathBuf> {
        let stem = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slot = tempfile::Builder::new()
            .prefix(&format!("{stem}-"))
            .tempdir_in(self.layout.trash())?;
        // Only the unique name is wanted: the folder is replaced by the rename.
        let path = slot.keep();
        fs::remove_dir(&path)?;
        Ok(path)
    }

    /// Moves the folder at `dest` (if any) aside, remembering which of its files were
    /// `recorded` as installed, and renames `staged` to `dest`.
    ///
    /// # Errors
    /// I/O errors; what was done so far is undone on drop.
    pub fn replace_dir(
        &mut self,
        staged: &Path,
        dest: &Path,
        recorded: Vec<String>,
    ) -> io::Result<()> {
        if dest.exists() {
            self.remove_dir(dest, recorded)?;
        }
        fs::rename(staged, dest)?;
        self.undo.push(Undo::RemoveDir(dest.to_path_buf()));
        Ok(())
    }

    /// Moves the folder at `dest` aside (it is deleted at commit, except for files not in
    /// `recorded`, which are put back).
    ///
    /// # Errors
    /// I/O errors; what was done so far is undone on drop.
    pub fn remove_dir(&mut self, dest: &Path, recorded: Vec<String>) -> io::Result<()> {
        if !dest.exists() {
            return Ok(());
        }
        let slot = self.trash_slot(dest)?;
        fs::rename(dest, &slot)?;
        self.undo.push(Undo::MoveBack {
            from_trash: slot,
            to: dest.to_path_buf(),
            recorded,
        });
        Ok(())
    }

    /// Writes `bytes` to `path` atomically (nothing when unchanged), remembering the old
    /// content.
    ///
    /// # Errors
    /// I/O errors; what was done so far is undone on drop.
    pub fn write_file(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let old = read_opt(path)?;
        if old.as_deref() == Some(bytes) {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        self.undo.push(Undo::RestoreFile {
            path: path.to_path_buf(),
            old,
        });
        write_atomic(path, bytes)?;
        Ok(())
    }

    /// Removes the file at `path` if it exists, remembering its content.
    ///
    /// # Errors
    /// I/O errors; what was done so far is undone on drop.
    pub fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        let Some(old) = read_opt(path)? else {
            return Ok(());
        };
        self.undo.push(Undo::RestoreFile {
            path: path.to_path_buf(),
            old: Some(old),
        });
        fs::remove_file(path)
    }

    /// Makes the changes final: files in moved-aside folders that were not recorded are moved
    /// back into the plugin's folder (returned, so the caller can say so), and the trash is
    /// emptied. Failures here are reported but cannot undo anything.
    pub fn commit(mut self) -> Vec<KeptFile> {
        self.committed = true;
        let mut kept = Vec::new();
        for step in std::mem::take(&mut self.undo) {
            if let Undo::MoveBack {
                from_trash,
                to,
                recorded,
            } = step
            {
                if let Ok(files) = crate::fs::list_files(&from_trash) {
                    for rel in files.iter().filter(|f| !recorded.contains(f)) {
                        let target = to.join(rel);
                        if target.exists() {
                            continue;
                        }
                        let moved = target
                            .parent()
                            .map_or(Ok(()), fs::create_dir_all)
                            .and_then(|()| fs::rename(from_trash.join(rel), &target));
                        if moved.is_ok() {
                            kept.push(KeptFile {
                                dir: to.clone(),
                                path: rel.clone(),
                            });
                        }
                    }
                }
                let _ = fs::remove_dir_all(&from_trash);
            }
        }
        kept
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        while let Some(step) = self.undo.pop() {
            match step {
                Undo::RemoveDir(dir) => {
                    let _ = fs::remove_dir_all(&dir);
                }
                Undo::MoveBack { from_trash, to, .. } => {
                    let _ = fs::rename(&from_trash, &to);
                }
                Undo::RestoreFile { path, old } => {
                    let _ = match old {
                        Some(bytes) => write_atomic(&path, &bytes).map(|_| ()),
                        None => fs::remove_file(&path),
                    };
                    if let Some(parent) = path.parent() {
                        remove_empty_parents(parent, self.layout.root());
                    }
                }
            }
        }
    }
}

fn read_opt(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_rolls_back_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let layout = Layout::new(tmp.path().join("plugins"));
        let old = layout.root().join("a");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("f"), "old").unwrap();
        let staged = tmp.path().join("staged");
        fs::create_dir_all(&staged).unwrap();
        fs::write(staged.join("f"), "new").unwrap();
        let lock = tmp.path().join("plugins.lock");
        fs::write(&lock, "before").unwrap();
        {
            let mut tx = Transaction::new(&layout).unwrap();
            tx.replace_dir(&staged, &old, vec!["f".into()]).unwrap();
            tx.write_file(&lock, b"after").unwrap();
            tx.write_file(&tmp.path().join("new.toml"), b"x").unwrap();
            assert_eq!(fs::read_to_string(old.join("f")).unwrap(), "new");
        }
        assert_eq!(fs::read_to_string(old.join("f")).unwrap(), "old");
        assert_eq!(fs::read_to_string(&lock).unwrap(), "before");
        assert!(!tmp.path().join("new.toml").exists());
    }

    #[test]
    fn commit_keeps_unrecorded_files() {
        let tmp = tempfile::tempdir().unwrap();
        let layout = Layout::new(tmp.path().join("plugins"));
        let dir = layout.root().join("a");
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("installed.py"), "x").unwrap();
        fs::write(dir.join("sub/mine.txt"), "user").unwrap();
        let mut tx = Transaction::new(&layout).unwrap();
        tx.remove_dir(&dir, vec!["installed.py".into()]).unwrap();
        let kept = tx.commit();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            fs::read_to_string(dir.join("sub/mine.txt")).unwrap(),
            "user"
        );
        assert!(!dir.join("installed.py").exists());
        assert_eq!(fs::read_dir(layout.trash()).unwrap().count(), 0);
    }
}

//! The commit protocol: how staged plugins replace installed ones so that a failure, or a
//! `kill -9`, at any point leaves each plugin wholly at its old version or wholly at its new one,
//! and the next run restores plugins.toml, plugins.lock and the records to agree with it.
//!
//! A [`Change`] is planned in full before anything moves: folders to swap in, folders to
//! remove, files to write or delete. [`Change::commit`] then
//!
//! 1. copies every file it will overwrite or delete into `.plugin/journal/backup/`;
//! 2. writes the plan to `.plugin/journal/ops.toml` (atomically, then flushes the folder):
//!    from here on the change is *in progress*;
//! 3. carries out the operations in order: plugin folders first (each one switched by a
//!    single atomic rename, or by `RENAME_EXCHANGE` on Linux when an old version is there), then
//!    records, then plugins.toml and plugins.lock (each written atomically);
//! 4. deletes `ops.toml`: the *commit point*; then removes the old folders and the backups.
//!
//! If a step fails, the operations done so far are undone at once. If the process dies between
//! 2 and 4, [`recover`] (called by the next run under the directory lock) undoes them from the
//! journal. Each undo step looks at the file system to tell whether its operation happened (a
//! plugin folder is recognised by its inode), so recovery may itself be interrupted and rerun.
//! After the commit point, leftovers in `.plugin/trash/` are deleted by the next run.
//!
//! # History
//! krew moves files and then writes its receipt, and can only warn when the second step fails;
//! cargo's `Transaction` undoes on drop, which a `kill -9` skips. Hence the journal.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fs::{sync_dir, write_atomic};
use crate::layout::Layout;

/// The journal format version.
const JOURNAL_VERSION: u32 = 1;

/// One planned operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Op {
    /// Put the folder `staged` at `dest`; an old folder there goes to `aside`.
    Swap {
        dest: PathBuf,
        staged: PathBuf,
        aside: PathBuf,
        had_old: bool,
        /// `(device, inode)` of `staged`, to recognise it wherever it is.
        staged_id: Option<(u64, u64)>,
    },
    /// Move the folder `dest` to `aside`.
    Remove { dest: PathBuf, aside: PathBuf },
    /// Write `path` (the bytes are kept in memory, not in the journal), or delete it when
    /// `delete`; its old content is in the journal's backup folder under `backup`.
    File {
        path: PathBuf,
        #[serde(default)]
        backup: Option<String>,
        #[serde(default)]
        delete: bool,
    },
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    v: u32,
    #[serde(default)]
    op: Vec<Op>,
}

/// A set of changes to a plugin directory and the project files, carried out all or nothing.
#[derive(Debug, Default)]
pub struct Change {
    ops: Vec<Op>,
    contents: Vec<Option<Vec<u8>>>,
}

impl Change {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts the staged folder at `dest`, replacing what is there.
    pub fn swap_in(&mut self, staged: PathBuf, dest: PathBuf) {
        self.push(
            Op::Swap {
                dest,
                staged,
                aside: PathBuf::new(),
                had_old: false,
                staged_id: None,
            },
            None,
        );
    }

    /// Removes the folder at `dest` (if any).
    pub fn remove_dir(&mut self, dest: PathBuf) {
        self.push(
            Op::Remove {
                dest,
                aside: PathBuf::new(),
            },
            None,
        );
    }

    /// Writes `bytes` to `path` (skipped at commit time when the file already holds them).
    pub fn write_file(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.push(
            Op::File {
                path,
                backup: None,
                delete: false,
            },
            Some(bytes),
        );
    }

    /// Deletes the file at `path` (if any).
    pub fn delete_file(&mut self, path: PathBuf) {
        self.push(
            Op::File {
                path,
                backup: None,
                delete: true,
            },
            None,
        );
    }

    fn push(&mut self, op: Op, content: Option<Vec<u8>>) {
        self.ops.push(op);
        self.contents.push(content);
    }

    /// Carries out the change (see the module docs).
    ///
    /// # Errors
    /// Any I/O error; everything done so far has then been undone.
    pub fn commit(mut self, layout: &Layout) -> io::Result<()> {
        let journal_dir = journal_dir(layout);
        let backups = journal_dir.join("backup");
        // Drop writes that change nothing first: a change with nothing left touches nothing.
        let mut kept = Vec::new();
        for (op, content) in self.ops.drain(..).zip(self.contents.drain(..)) {
            let unchanged = match &op {
                Op::File { path, delete, .. } => {
                    let old = read_opt(path)?;
                    (*delete && old.is_none()) || (!*delete && old == content)
                }
                Op::Remove { dest, .. } => !dest.exists(),
                Op::Swap { .. } => false,
            };
            if !unchanged {
                kept.push((op, content));
            }
        }
        if kept.is_empty() {
            return Ok(());
        }
        if journal_dir.exists() {
            fs::remove_dir_all(&journal_dir)?;
        }
        fs::create_dir_all(&backups)?;
        fs::create_dir_all(layout.trash())?;
        let planned = complete_plan(kept, layout, &backups)?;
        let journal = Journal {
            v: JOURNAL_VERSION,
            op: planned.iter().map(|(op, _)| op.clone()).collect(),
        };
        let text = toml::to_string(&journal).map_err(io::Error::other)?;
        sync_dir(&backups);
        write_atomic(&journal_dir.join(OPS_FILE), text.as_bytes())?;

        for (i, (op, content)) in planned.iter().enumerate() {
            if let Err(e) = apply_op(op, content.as_deref()) {
                for (done, _) in planned[..=i].iter().rev() {
                    let _ = undo_op(done, &backups);
                }
                let _ = fs::remove_dir_all(&journal_dir);
                return Err(e);
            }
        }
        // The commit point.
        fs::remove_file(journal_dir.join(OPS_FILE))?;
        sync_dir(&journal_dir);
        for (op, _) in &planned {
            if let Op::Swap { aside, .. } | Op::Remove { aside, .. } = op {
                let _ = fs::remove_dir_all(aside);
            }
        }
        let _ = fs::remove_dir_all(&journal_dir);
        Ok(())
    }
}

const OPS_FILE: &str = "ops.toml";

type Planned = Vec<(Op, Option<Vec<u8>>)>;

/// Fills in what each operation needs to be undone: where old folders go (`trash/`), whether
/// one is there, the staged folder's identity, and a backup in `backups` of each file to be
/// overwritten or deleted.
fn complete_plan(ops: Planned, layout: &Layout, backups: &Path) -> io::Result<Planned> {
    let mut planned = Vec::new();
    for (mut op, content) in ops {
        match &mut op {
            Op::Swap {
                dest,
                staged,
                aside,
                had_old,
                staged_id,
            } => {
                *had_old = dest.exists();
                *aside = unique_in(&layout.trash(), dest)?;
                *staged_id = identity(staged);
            }
            Op::Remove { dest, aside } => {
                *aside = unique_in(&layout.trash(), dest)?;
            }
            Op::File { path, backup, .. } => {
                if let Some(bytes) = read_opt(path)? {
                    let name = planned.len().to_string();
                    fs::write(backups.join(&name), bytes)?;
                    *backup = Some(name);
                }
            }
        }
        planned.push((op, content));
    }
    Ok(planned)
}

fn journal_dir(layout: &Layout) -> PathBuf {
    layout.state().join("journal")
}

/// Undoes an interrupted change, if the journal records one, and clears leftovers of earlier
/// runs (`.plugin/trash/`, and backups of a committed change). Returns whether a change was
/// rolled back. Call under the directory lock, before reading records.
///
/// # Errors
/// I/O errors, or a journal that cannot be read (the message names it; nothing is touched).
pub fn recover(layout: &Layout) -> io::Result<bool> {
    let journal_dir = journal_dir(layout);
    let ops_path = journal_dir.join(OPS_FILE);
    let mut rolled_back = false;
    if ops_path.exists() {
        let text = fs::read_to_string(&ops_path)?;
        let journal: Journal = toml::from_str(&text).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the journal `{}` is not readable: {e}", ops_path.display()),
            )
        })?;
        if journal.v != JOURNAL_VERSION {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the journal `{}` was written by another version of `plugin`",
                    ops_path.display()
                ),
            ));
        }
        let backups = journal_dir.join("backup");
        for op in journal.op.iter().rev() {
            undo_op(op, &backups)?;
        }
        fs::remove_file(&ops_path)?;
        sync_dir(&journal_dir);
        rolled_back = true;
    }
    if journal_dir.exists() {
        fs::remove_dir_all(&journal_dir)?;
    }
    if let Ok(entries) = fs::read_dir(layout.trash()) {
        for e in entries.flatten() {
            let _ = fs::remove_dir_all(e.path()).or_else(|_| fs::remove_file(e.path()));
        }
    }
    Ok(rolled_back)
}

fn apply_op(op: &Op, content: Option<&[u8]>) -> io::Result<()> {
    match op {
        Op::Swap {
            dest,
            staged,
            aside,
            had_old,
            ..
        } => {
            if *had_old {
                exchange_or_move(staged, dest, aside)
            } else {
                fs::rename(staged, dest)
            }
        }
        Op::Remove { dest, aside } => fs::rename(dest, aside),
        Op::File { path, delete, .. } => {
            if *delete {
                fs::remove_file(path)
            } else {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                write_atomic(path, content.unwrap_or_default()).map(|_| ())
            }
        }
    }
}

/// Puts `staged` at `dest` and the old `dest` at `aside`. On Linux the switch is one atomic
/// exchange, so `dest` is never missing.
fn exchange_or_move(staged: &Path, dest: &Path, aside: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staged, CWD, dest, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the old version.
            return fs::rename(staged, aside);
        }
    }
    fs::rename(dest, aside)?;
    fs::rename(staged, dest)
}

/// Undoes `op` if it happened; does nothing if it did not. Safe to repeat.
fn undo_op(op: &Op, backups: &Path) -> io::Result<()> {
    match op {
        Op::Swap {
            dest,
            staged,
            aside,
            had_old,
            staged_id,
        } => {
            let new_in_place = staged_id.is_some() && identity(dest) == *staged_id;
            if new_in_place {
                fs::remove_dir_all(dest)?;
            }
            if *had_old && !dest.exists() {
                if aside.exists() {
                    fs::rename(aside, dest)?;
                } else if staged.exists() && identity(staged) != *staged_id {
                    // Exchanged but not yet moved aside: the old version sits at `staged`.
                    fs::rename(staged, dest)?;
                }
            }
            Ok(())
        }
        Op::Remove { dest, aside } => {
            if !dest.exists() && aside.exists() {
                fs::rename(aside, dest)?;
            }
            Ok(())
        }
        Op::File { path, backup, .. } => {
            match backup {
                Some(name) => {
                    let old = fs::read(backups.join(name))?;
                    write_atomic(path, &old)?;
                }
                None => match fs::remove_file(path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                },
            }
            Ok(())
        }
    }
}

/// `(device, inode)` of a path, where the platform has them.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A path in `dir` that does not exist yet, named after `like`.
fn unique_in(dir: &Path, like: &Path) -> io::Result<PathBuf> {
    let stem = like
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slot = tempfile::Builder::new()
        .prefix(&format!("{stem}-"))
        .tempdir_in(dir)?;
    // Only the unique name is wanted: the folder itself is replaced by a rename.
    let path = slot.keep();
    fs::remove_dir(&path)?;
    Ok(path)
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

    struct Fixture {
        _tmp: tempfile::TempDir,
        layout: Layout,
        lock: PathBuf,
        old: PathBuf,
    }

    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let layout = Layout::new(tmp.path().join("plugins"));
        fs::create_dir_all(layout.staging()).unwrap();
        let old = layout.root().join("a");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("f"), "old").unwrap();
        let lock = tmp.path().join("plugins.lock");
        fs::write(&lock, "before").unwrap();
        Fixture {
            _tmp: tmp,
            layout,
            lock,
            old,
        }
    }

    fn staged(f: &Fixture, content: &str) -> PathBuf {
        let s = f.layout.staging().join(format!("stage-{content}"));
        fs::create_dir_all(&s).unwrap();
        fs::write(s.join("f"), content).unwrap();
        s
    }

    #[test]
    fn commit_swaps_writes_and_cleans_up() {
        let f = fixture();
        let mut change = Change::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.swap_in(staged(&f, "b"), f.layout.root().join("b"));
        change.write_file(f.lock.clone(), b"after".to_vec());
        change.commit(&f.layout).unwrap();
        assert_eq!(fs::read_to_string(f.old.join("f")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(f.layout.root().join("b/f")).unwrap(),
            "b"
        );
        assert_eq!(fs::read_to_string(&f.lock).unwrap(), "after");
        assert_eq!(fs::read_dir(f.layout.trash()).unwrap().count(), 0);
        assert!(!journal_dir(&f.layout).exists());
    }

    #[test]
    fn a_failing_step_undoes_the_earlier_ones() {
        let f = fixture();
        let mut change = Change::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.write_file(f.lock.clone(), b"after".to_vec());
        // Fails: the staged folder does not exist.
        change.swap_in(
            f.layout.staging().join("missing"),
            f.layout.root().join("c"),
        );
        assert!(change.commit(&f.layout).is_err());
        assert_eq!(fs::read_to_string(f.old.join("f")).unwrap(), "old");
        assert_eq!(fs::read_to_string(&f.lock).unwrap(), "before");
        assert!(!journal_dir(&f.layout).exists());
    }

    /// Simulates a process killed after each possible number of completed steps, and checks
    /// that recovery restores the state from before the change.
    #[test]
    fn recovery_undoes_any_prefix_of_the_steps() {
        for done in 0..=4 {
            let f = fixture();
            let new = staged(&f, "new");
            let fresh = staged(&f, "fresh");
            let gone = f.layout.root().join("gone");
            fs::create_dir_all(&gone).unwrap();
            let mut change = Change::new();
            change.swap_in(new, f.old.clone());
            change.swap_in(fresh, f.layout.root().join("fresh"));
            change.remove_dir(gone.clone());
            change.write_file(f.lock.clone(), b"after".to_vec());
            // Plan and journal as `commit` does, then stop after `done` operations.
            let journal_dir = journal_dir(&f.layout);
            let backups = journal_dir.join("backup");
            fs::create_dir_all(&backups).unwrap();
            fs::create_dir_all(f.layout.trash()).unwrap();
            let ops = complete_plan(
                change.ops.into_iter().zip(change.contents).collect(),
                &f.layout,
                &backups,
            )
            .unwrap();
            let journal = Journal {
                v: JOURNAL_VERSION,
                op: ops.iter().map(|(o, _)| o.clone()).collect(),
            };
            fs::write(
                journal_dir.join(OPS_FILE),
                toml::to_string(&journal).unwrap(),
            )
            .unwrap();
            for (op, content) in ops.iter().take(done) {
                apply_op(op, content.as_deref()).unwrap();
            }
            assert!(recover(&f.layout).unwrap(), "after {done} steps");
            assert_eq!(
                fs::read_to_string(f.old.join("f")).unwrap(),
                "old",
                "{done}"
            );
            assert!(!f.layout.root().join("fresh").exists(), "{done}");
            assert!(gone.exists(), "{done}");
            assert_eq!(fs::read_to_string(&f.lock).unwrap(), "before", "{done}");
            assert!(!journal_dir.exists());
            assert!(
                !recover(&f.layout).unwrap(),
                "a second recovery has nothing to do"
            );
        }
    }
}

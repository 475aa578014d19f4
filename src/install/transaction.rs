//! The commit protocol: how staged plugins replace installed ones so that a failure, or a
//! `kill -9`, at any point leaves each plugin wholly at its old version or wholly at its new one,
//! and the next run restores plugins.toml, plugins.lock and the records to agree with it.
//!
//! A [`Transaction`] is planned in full before anything moves: folders to swap in, folders to
//! remove, files to write or delete. [`Transaction::commit`] then
//!
//! 1. copies every file it will overwrite or delete into `.plugin/journal/backup/`;
//! 2. writes the plan to `.plugin/journal/ops.toml` (atomically, then flushes the folder):
//!    from here on the change is *in progress*. Every path in it is relative: to the plugin
//!    directory, or (`base = "project"`) to the folder of plugins.toml for the project's own
//!    files. A copied or moved project therefore recovers its own files, and never those at
//!    the path it was copied from;
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
//! Recovery trusts no path in the journal: a folder operation must stay inside the plugin
//! directory (plain relative components, no `..`), and a file outside it must be one of the
//! project's own files ([`ProjectFiles`]). A journal that names anything else (one written by
//! an older `plugin` with absolute paths of another place, or edited by hand) is refused with
//! an error that names it, and nothing is touched.
//!
//! # History
//! krew moves files and then writes its receipt, and can only warn when the second step fails;
//! cargo's `Transaction` undoes on drop, which a `kill -9` skips. Hence the journal.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fs::{sync_dir, write_atomic};
use crate::install::layout::Layout;
use crate::project::Project;

/// The journal format version: 2 has relative paths; 1 (absolute paths) is still read when
/// every path it names is inside this plugin directory or one of this project's files.
const JOURNAL_VERSION: u32 = 2;

/// Which folder a journalled file path is relative to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Base {
    /// The plugin directory.
    #[default]
    PluginDir,
    /// The folder of plugins.toml.
    Project,
}

/// The project's own files outside the plugin directory that a change may write, and so the
/// only such files a journal may name.
#[derive(Debug, Clone)]
pub struct ProjectFiles {
    /// The folder of plugins.toml (absolute).
    pub root: PathBuf,
    /// plugins.toml, plugins.lock, the host's config file: absolute paths.
    pub files: Vec<PathBuf>,
}

impl ProjectFiles {
    /// The files of `project` (see [`Project::own_files`]).
    pub fn of(project: &Project) -> Self {
        Self {
            root: project.root().to_path_buf(),
            files: project.own_files(),
        }
    }
}

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
        /// The sha256 of `staged/plugin.toml` (`None`: it has none), to recognise the staged
        /// folder where inodes say nothing: in a copy of the plugin directory.
        #[serde(default)]
        staged_manifest: Option<String>,
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
        /// What `path` is relative to, in the journal (in memory every path is absolute).
        #[serde(default, skip_serializing_if = "is_plugin_dir")]
        base: Base,
    },
}

impl Op {
    /// Replaces each folder path of a `Swap` or `Remove` with `f` of it.
    fn map_folders<E>(&mut self, f: impl Fn(&Path) -> Result<PathBuf, E>) -> Result<(), E> {
        match self {
            Op::Swap {
                dest,
                staged,
                aside,
                ..
            } => {
                *dest = f(dest)?;
                *staged = f(staged)?;
                *aside = f(aside)?;
            }
            Op::Remove { dest, aside } => {
                *dest = f(dest)?;
                *aside = f(aside)?;
            }
            Op::File { .. } => {}
        }
        Ok(())
    }
}

fn is_plugin_dir(base: &Base) -> bool {
    *base == Base::PluginDir
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Journal {
    v: u32,
    /// Where the plugin directory was when the journal was written (for messages only).
    #[serde(default)]
    plugin_dir: Option<PathBuf>,
    /// `(device, inode)` of the plugin directory then: another one means a copy.
    #[serde(default)]
    root_id: Option<(u64, u64)>,
    #[serde(default)]
    op: Vec<Op>,
}

/// A set of changes to a plugin directory and the project files, carried out all or nothing.
#[derive(Debug, Default)]
pub struct Transaction {
    ops: Vec<Op>,
    contents: Vec<Option<Vec<u8>>>,
}

impl Transaction {
    /// An empty transaction.
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
                staged_manifest: None,
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
                base: Base::PluginDir,
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
                base: Base::PluginDir,
            },
            None,
        );
    }

    fn push(&mut self, op: Op, content: Option<Vec<u8>>) {
        self.ops.push(op);
        self.contents.push(content);
    }

    /// Carries out the change (see the module docs). Every folder it moves must be inside the
    /// plugin directory of `layout`, and every file either inside it or one of `project`'s.
    ///
    /// # Errors
    /// Any I/O error; everything done so far has then been undone. A path outside those
    /// allowed is an `InvalidInput` error before anything is done.
    pub fn commit(mut self, layout: &Layout, project: &ProjectFiles) -> io::Result<()> {
        let journal_dir = journal_dir(layout);
        let backups = journal_dir.join("backup");
        // Drop writes that change nothing first: a change with nothing left touches nothing.
        // The old bytes read here are what the backups are made of (each file is read once).
        let mut kept = Vec::new();
        let mut olds = Vec::new();
        for (op, content) in self.ops.drain(..).zip(self.contents.drain(..)) {
            let (unchanged, old) = match &op {
                Op::File { path, delete, .. } => {
                    let old = read_opt(path)?;
                    let same = (*delete && old.is_none()) || (!*delete && old == content);
                    (same, old)
                }
                Op::Remove { dest, .. } => (!dest.exists(), None),
                Op::Swap { .. } => (false, None),
            };
            if !unchanged {
                kept.push((op, content));
                olds.push(old);
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
        let planned = match complete_plan(kept, olds, layout, &backups) {
            Ok(p) => p,
            Err(e) => {
                let _ = fs::remove_dir_all(&journal_dir);
                return Err(e);
            }
        };
        let journal = Journal {
            v: JOURNAL_VERSION,
            plugin_dir: Some(layout.root().to_path_buf()),
            root_id: identity(layout.root()),
            op: planned
                .iter()
                .map(|(op, _)| relative_op(op, layout, project))
                .collect::<io::Result<_>>()?,
        };
        let text = toml::to_string(&journal).map_err(io::Error::other)?;
        sync_dir(&backups);
        write_atomic(&journal_dir.join(OPS_FILE), text.as_bytes())?;

        // The folders of the files written, each made once rather than per file.
        let mut parents = std::collections::BTreeSet::new();
        for (op, _) in &planned {
            if let Op::File {
                path,
                delete: false,
                ..
            } = op
            {
                parents.extend(path.parent());
            }
        }
        for parent in &parents {
            fs::create_dir_all(parent)?;
        }
        for (i, (op, content)) in planned.iter().enumerate() {
            if let Err(e) = apply_op(op, content.as_deref()) {
                for (done, _) in planned[..=i].iter().rev() {
                    let _ = undo_op(done, &backups, true);
                }
                let _ = fs::remove_dir_all(&journal_dir);
                return Err(e);
            }
        }
        // Every new name durable before the commit point: each folder a file was written in
        // and the plugin directory (the folders renamed into it), once each rather than once
        // per file.
        for parent in parents {
            sync_dir(parent);
        }
        sync_dir(layout.root());
        // The commit point.
        fs::remove_file(journal_dir.join(OPS_FILE))?;
        sync_dir(&journal_dir);
        for (op, _) in &planned {
            match op {
                Op::Swap {
                    aside,
                    had_old: true,
                    ..
                }
                | Op::Remove { aside, .. } => {
                    let _ = fs::remove_dir_all(aside);
                }
                _ => {}
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
/// overwritten or deleted (`olds`: each file's bytes before the change, in the order of
/// `ops`).
fn complete_plan(
    ops: Planned,
    olds: Vec<Option<Vec<u8>>>,
    layout: &Layout,
    backups: &Path,
) -> io::Result<Planned> {
    let mut planned = Vec::new();
    for ((mut op, content), old) in ops.into_iter().zip(olds) {
        match &mut op {
            Op::Swap {
                dest,
                staged,
                aside,
                had_old,
                staged_id,
                staged_manifest,
            } => {
                if !staged.is_dir() {
                    return Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("the staged folder `{}` is missing", staged.display()),
                    ));
                }
                *had_old = dest.exists();
                // Without an old folder nothing is moved aside: the name is never used, and
                // no slot is made for it.
                *aside = if *had_old {
                    unique_in(&layout.trash(), dest)?
                } else {
                    layout.trash().join(dest.file_name().unwrap_or_default())
                };
                *staged_id = identity(staged);
                *staged_manifest = manifest_fingerprint(staged);
            }
            Op::Remove { dest, aside } => {
                *aside = unique_in(&layout.trash(), dest)?;
            }
            Op::File { backup, .. } => {
                if let Some(bytes) = old {
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

/// Whether no change of `layout` is half done: the journal holds no plan (a plan there is
/// rolled back by [`recover`] under the directory lock). Any doubt answers `false`.
pub fn nothing_pending(layout: &Layout) -> bool {
    matches!(
        fs::symlink_metadata(journal_dir(layout).join(OPS_FILE)),
        Err(e) if e.kind() == io::ErrorKind::NotFound
    )
}

/// Undoes an interrupted change, if the journal records one, and clears leftovers of earlier
/// runs (`.plugin/trash/`, and backups of a committed change). Returns, when a change was
/// rolled back, where its plugin directory was when it was made (another path than
/// `layout`'s when the project was moved or copied since). Call under the directory lock,
/// before reading records.
///
/// # Errors
/// I/O errors, or a journal that cannot be read or names a path outside the plugin directory
/// and `project`'s files (the message names it; nothing is touched).
pub fn recover(layout: &Layout, project: &ProjectFiles) -> io::Result<Option<PathBuf>> {
    let journal_dir = journal_dir(layout);
    let ops_path = journal_dir.join(OPS_FILE);
    let mut rolled_back = None;
    if ops_path.exists() {
        let text = fs::read_to_string(&ops_path)?;
        let invalid = |what: String| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the journal `{}` {what}", ops_path.display()),
            )
        };
        let journal: Journal =
            toml::from_str(&text).map_err(|e| invalid(format!("is not readable: {e}")))?;
        if journal.v != JOURNAL_VERSION && journal.v != 1 {
            return Err(invalid(
                "was written by another version of `plugin`".to_string(),
            ));
        }
        let ops = journal
            .op
            .iter()
            .map(|op| absolute_op(op, layout, project))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|path| {
                invalid(format!(
                    "names `{}`, which is neither inside the plugin directory `{}` nor a file of \
                     this project{}; nothing was changed. If the project was copied from \
                     another place, check it with `plugin verify` and delete `{}`",
                    path.display(),
                    layout.root().display(),
                    journal
                        .plugin_dir
                        .as_ref()
                        .map(|d| format!(" (it was written for `{}`)", d.display()))
                        .unwrap_or_default(),
                    journal_dir.display()
                ))
            })?;
        let backups = journal_dir.join("backup");
        // Inodes identify folders only where the journal was written (a move within one file
        // system keeps them; a copy does not).
        let same_place = journal.root_id.is_none() || identity(layout.root()) == journal.root_id;
        for op in ops.iter().rev() {
            undo_op(op, &backups, same_place)?;
        }
        fs::remove_file(&ops_path)?;
        sync_dir(&journal_dir);
        rolled_back = Some(
            journal
                .plugin_dir
                .unwrap_or_else(|| layout.root().to_path_buf()),
        );
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

/// `op` as the journal keeps it: every path relative to the plugin directory, or for a file
/// of the project outside it, to the project's folder.
fn relative_op(op: &Op, layout: &Layout, project: &ProjectFiles) -> io::Result<Op> {
    let root = layout.root();
    let inside = |p: &Path| -> io::Result<PathBuf> {
        p.strip_prefix(root).map(Path::to_path_buf).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "`{}` is outside the plugin directory `{}`",
                    p.display(),
                    root.display()
                ),
            )
        })
    };
    let mut op = op.clone();
    op.map_folders(inside)?;
    match &mut op {
        Op::Swap { .. } | Op::Remove { .. } => {}
        Op::File { path, base, .. } => {
            if let Ok(rel) = path.strip_prefix(root) {
                *path = rel.to_path_buf();
            } else if project.files.iter().any(|f| f == path) {
                *path = relative_to(&project.root, path);
                *base = Base::Project;
            } else {
                *path = inside(path)?;
            }
        }
    }
    Ok(op)
}

/// `op` of a journal with every path made absolute and checked: folders and plugin-directory
/// files must stay inside it, project files must be `project`'s own. The path that is not is
/// the error.
fn absolute_op(op: &Op, layout: &Layout, project: &ProjectFiles) -> Result<Op, PathBuf> {
    let root = layout.root();
    let inside = |p: &Path| -> Result<PathBuf, PathBuf> {
        let rel = if p.is_absolute() {
            // Journal version 1 kept absolute paths.
            p.strip_prefix(root).map_err(|_| p.to_path_buf())?
        } else {
            p
        };
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if plain && rel.components().next().is_some() {
            Ok(root.join(rel))
        } else {
            Err(p.to_path_buf())
        }
    };
    let mut op = op.clone();
    op.map_folders(inside)?;
    match &mut op {
        Op::Swap { .. } | Op::Remove { .. } => {}
        Op::File { path, base, .. } => {
            let project_file = match base {
                Base::Project => Some(normalize(&project.root.join(&*path))),
                Base::PluginDir if path.is_absolute() && !path.starts_with(root) => {
                    Some(normalize(path))
                }
                Base::PluginDir => None,
            };
            *path = match project_file {
                Some(p) if project.files.iter().any(|f| normalize(f) == p) => p,
                Some(_) => return Err(path.clone()),
                None => inside(path)?,
            };
            *base = Base::PluginDir;
        }
    }
    Ok(op)
}

/// `path` relative to `base` (both absolute), with `..` where it lies outside.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let base: Vec<Component<'_>> = base.components().collect();
    let path: Vec<Component<'_>> = path.components().collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// `path` with `.` and `..` folded away, without asking the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Carries out `op`; an error names the path it failed on (same kind as the I/O error).
fn apply_op(op: &Op, content: Option<&[u8]>) -> io::Result<()> {
    let at = |what: &str, path: &Path| {
        let what = what.to_string();
        let path = path.to_path_buf();
        move |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("could not {what} `{}`: {e}", path.display()),
            )
        }
    };
    apply_op_bare(op, content).map_err(match op {
        Op::Swap { dest, .. } => at("put the new folder at", dest),
        Op::Remove { dest, .. } => at("move aside", dest),
        Op::File { path, delete, .. } if *delete => at("delete", path),
        Op::File { path, .. } => at("write", path),
    })
}

fn apply_op_bare(op: &Op, content: Option<&[u8]>) -> io::Result<()> {
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
        Op::File {
            path,
            delete,
            backup,
            ..
        } => {
            let bytes = content.unwrap_or_default();
            // Its folder was made before the first step (see `Transaction::commit`).
            match (delete, backup) {
                (true, _) => fs::remove_file(path),
                // Nothing was there when the change was planned, under the directory lock.
                (false, None) => write_new(path, bytes),
                (false, Some(_)) => write_atomic(path, bytes).map(|_| ()),
            }
        }
    }
}

/// Writes `bytes` to `path`, where no file was when the change was planned, as
/// [`write_atomic`] does (a temporary file beside it named as that function names them,
/// synced, renamed) without first reading and `stat`ing the file that is not there. Its
/// folder is synced by [`Transaction::commit`], once for all the files written there.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = crate::fs::shared_temp_file(dir, &format!(".{name}."), crate::fs::TEMP_SUFFIX)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

/// Undoes `op` if it happened; does nothing if it did not. Safe to repeat. `same_place`:
/// the plugin directory is the one the journal was written in, so inodes identify folders;
/// otherwise (a copy) the staged folder is recognised by its manifest's hash. Where old and
/// new manifests are the same bytes (a reinstall of one version) either folder is taken for
/// the other, and both agree with the records of that version.
fn undo_op(op: &Op, backups: &Path, same_place: bool) -> io::Result<()> {
    match op {
        Op::Swap {
            dest,
            staged,
            aside,
            had_old,
            staged_id,
            staged_manifest,
        } => {
            let is_new = |p: &Path| match staged_id.filter(|_| same_place) {
                Some(id) => identity(p) == Some(id),
                None => p.is_dir() && manifest_fingerprint(p) == *staged_manifest,
            };
            if staged.exists() && is_new(staged) {
                // Not carried out.
                return Ok(());
            }
            // The new folder has left `staged`: it is at `dest`, unless already undone.
            if dest.exists() && is_new(dest) {
                fs::remove_dir_all(dest)?;
            }
            if *had_old && !dest.exists() {
                if aside.exists() {
                    fs::rename(aside, dest)?;
                } else if staged.exists() {
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

/// The sha256 (hex) of `dir/plugin.toml`, or `None` when it has none.
fn manifest_fingerprint(dir: &Path) -> Option<String> {
    fs::read(dir.join(crate::manifest::MANIFEST_FILE))
        .ok()
        .map(|b| crate::checksum::Sha256::of(&b).to_string())
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

/// The bytes of `path`, `None` when it does not exist; an error names the path.
fn read_opt(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("could not read `{}`: {e}", path.display()),
        )),
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
        project: ProjectFiles,
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
        let project = ProjectFiles {
            root: tmp.path().to_path_buf(),
            files: vec![lock.clone()],
        };
        Fixture {
            _tmp: tmp,
            layout,
            lock,
            old,
            project,
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
        let mut change = Transaction::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.swap_in(staged(&f, "b"), f.layout.root().join("b"));
        change.write_file(f.lock.clone(), b"after".to_vec());
        change.commit(&f.layout, &f.project).unwrap();
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
        let mut change = Transaction::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.write_file(f.lock.clone(), b"after".to_vec());
        // Fails when carried out: the folder to put it in does not exist.
        let nowhere = f.layout.root().join("no/such/c");
        change.swap_in(staged(&f, "c"), nowhere.clone());
        let err = change.commit(&f.layout, &f.project).unwrap_err();
        assert!(
            err.to_string().contains(&format!(
                "could not put the new folder at `{}`",
                nowhere.display()
            )),
            "the error names the path: {err}"
        );
        assert_eq!(fs::read_to_string(f.old.join("f")).unwrap(), "old");
        assert_eq!(fs::read_to_string(&f.lock).unwrap(), "before");
        assert!(!journal_dir(&f.layout).exists());
    }

    #[test]
    fn a_missing_staged_folder_is_refused_before_anything_moves() {
        let f = fixture();
        let mut change = Transaction::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.swap_in(
            f.layout.staging().join("missing"),
            f.layout.root().join("c"),
        );
        let err = change.commit(&f.layout, &f.project).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(fs::read_to_string(f.old.join("f")).unwrap(), "old");
        assert!(!journal_dir(&f.layout).exists());
    }

    /// Plans and journals `change` as `commit` does, then carries out its first `done`
    /// operations: a process killed at that point.
    fn interrupted(f: &Fixture, change: Transaction, done: usize) {
        let journal_dir = journal_dir(&f.layout);
        let backups = journal_dir.join("backup");
        fs::create_dir_all(&backups).unwrap();
        fs::create_dir_all(f.layout.trash()).unwrap();
        let olds = change
            .ops
            .iter()
            .map(|op| match op {
                Op::File { path, .. } => read_opt(path).unwrap(),
                _ => None,
            })
            .collect();
        let ops = complete_plan(
            change.ops.into_iter().zip(change.contents).collect(),
            olds,
            &f.layout,
            &backups,
        )
        .unwrap();
        let journal = Journal {
            v: JOURNAL_VERSION,
            plugin_dir: Some(f.layout.root().to_path_buf()),
            root_id: identity(f.layout.root()),
            op: ops
                .iter()
                .map(|(o, _)| relative_op(o, &f.layout, &f.project).unwrap())
                .collect(),
        };
        fs::write(
            journal_dir.join(OPS_FILE),
            toml::to_string(&journal).unwrap(),
        )
        .unwrap();
        for (op, content) in ops.iter().take(done) {
            apply_op(op, content.as_deref()).unwrap();
        }
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
            let mut change = Transaction::new();
            change.swap_in(new, f.old.clone());
            change.swap_in(fresh, f.layout.root().join("fresh"));
            change.remove_dir(gone.clone());
            change.write_file(f.lock.clone(), b"after".to_vec());
            interrupted(&f, change, done);
            assert!(
                recover(&f.layout, &f.project).unwrap().is_some(),
                "after {done} steps"
            );
            assert_eq!(
                fs::read_to_string(f.old.join("f")).unwrap(),
                "old",
                "{done}"
            );
            assert!(!f.layout.root().join("fresh").exists(), "{done}");
            assert!(gone.exists(), "{done}");
            assert_eq!(fs::read_to_string(&f.lock).unwrap(), "before", "{done}");
            assert!(!journal_dir(&f.layout).exists());
            assert!(
                recover(&f.layout, &f.project).unwrap().is_none(),
                "a second recovery has nothing to do"
            );
        }
    }

    /// A crashed project copied elsewhere recovers the copy, and the original is not touched.
    #[test]
    fn a_copied_journal_recovers_the_copy_only() {
        let f = fixture();
        let mut change = Transaction::new();
        change.swap_in(staged(&f, "new"), f.old.clone());
        change.write_file(f.lock.clone(), b"after".to_vec());
        interrupted(&f, change, 2);
        let copy = tempfile::tempdir().unwrap();
        copy_tree(f.project.root.as_path(), copy.path());
        let layout = Layout::new(copy.path().join("plugins"));
        let project = ProjectFiles {
            root: copy.path().to_path_buf(),
            files: vec![copy.path().join("plugins.lock")],
        };
        let written_in = recover(&layout, &project).unwrap();
        assert_eq!(written_in.as_deref(), Some(f.layout.root()));
        assert_eq!(
            fs::read_to_string(copy.path().join("plugins.lock")).unwrap(),
            "before"
        );
        assert_eq!(
            fs::read_to_string(layout.root().join("a/f")).unwrap(),
            "old"
        );
        // The original still holds the interrupted change, untouched.
        assert_eq!(fs::read_to_string(&f.lock).unwrap(), "after");
        assert_eq!(fs::read_to_string(f.old.join("f")).unwrap(), "new");
        assert!(journal_dir(&f.layout).join(OPS_FILE).exists());
    }

    /// A journal naming a path outside the plugin directory and the project's files (such as
    /// an absolute path of version 1 written for another place) is refused, touching nothing.
    #[test]
    fn a_journal_naming_foreign_paths_is_refused() {
        let f = fixture();
        let elsewhere = tempfile::tempdir().unwrap();
        let victim = elsewhere.path().join("plugins.lock");
        fs::write(&victim, "theirs").unwrap();
        for (v, path) in [
            (1, victim.display().to_string()),
            (2, "../../elsewhere/plugins.lock".to_string()),
            (2, "../plugins/../../x".to_string()),
        ] {
            fs::create_dir_all(journal_dir(&f.layout)).unwrap();
            let text = format!(
                "v = {v}\n[[op]]\nkind = \"file\"\npath = {path:?}\ndelete = true\nbase = \"project\"\n"
            );
            fs::write(journal_dir(&f.layout).join(OPS_FILE), text).unwrap();
            let err = recover(&f.layout, &f.project).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{path}");
            assert!(err.to_string().contains("nothing was changed"), "{err}");
            assert_eq!(fs::read_to_string(&victim).unwrap(), "theirs");
            assert!(journal_dir(&f.layout).join(OPS_FILE).exists());
        }
        // A folder operation that leaves the plugin directory.
        let text = "v = 2\n[[op]]\nkind = \"remove\"\ndest = \"../outside\"\naside = \".plugin/trash/x\"\n";
        fs::write(journal_dir(&f.layout).join(OPS_FILE), text).unwrap();
        assert!(recover(&f.layout, &f.project).is_err());
    }

    fn copy_tree(from: &Path, to: &Path) {
        for e in fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                fs::create_dir_all(&target).unwrap();
                copy_tree(&e.path(), &target);
            } else {
                fs::copy(e.path(), target).unwrap();
            }
        }
    }
}

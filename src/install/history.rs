//! The history of plugins.lock: before each change of the lockfile, the previous plugins.toml
//! and plugins.lock are kept in `PLUGIN_DIR/.plugin/history/` as `NNNNNN.toml` and
//! `NNNNNN.lock` (the newest [`KEEP`] pairs), so that `plugin rollback` can return to them.
//!
//! The plugins.toml of a kept state must go with its plugins.lock. It is plugins.toml as it is
//! on disk before the change when that still asks for what the old lock locks
//! ([`goes_with`]); when the user's edit is itself the change (a plugin removed by deleting its
//! line), it is the copy in `history/head.toml` that every change writing plugins.toml or
//! plugins.lock leaves, so that `plugin rollback` undoes that removal like any other change.

use std::path::PathBuf;

use crate::install::layout::Layout;
use crate::project::lockfile::Lockfile;
use crate::project::{PluginSpec, Project};

/// How many earlier states are kept.
pub const KEEP: usize = 20;

/// One kept state.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its number; higher is newer.
    pub id: u64,
    /// The plugins.toml of that state.
    pub toml_path: PathBuf,
    /// The plugins.lock of that state.
    pub lock_path: PathBuf,
}

/// Whether `project` asks for what `lock` locks: every plugin of the lock that no other one
/// depends on is listed, and every listed plugin is locked at a version its requirement
/// allows. A plugins.toml that does not is not the one the lock was made from.
pub fn goes_with(project: &Project, lock: &Lockfile) -> bool {
    let Ok(specs) = project.plugin_specs() else {
        return false;
    };
    let needed = lock.plugins.iter().filter(|p| {
        !lock
            .plugins
            .iter()
            .any(|o| o.dependencies.contains(&p.name))
    });
    let listed_locked = specs
        .iter()
        .all(|(name, spec)| match (lock.get(name), spec) {
            (None, _) => false,
            (Some(l), PluginSpec::Registry { req, .. }) => req.matches(&l.version),
            (Some(_), _) => true,
        });
    listed_locked && needed.into_iter().all(|p| specs.contains_key(&p.name))
}

/// The plugins.toml text to keep with the old lock `old_lock` in the next state: plugins.toml
/// as read before this change (`on_disk`, parsed as at `path`) when it [`goes_with`] the old
/// lock, else the copy in [`History::head`], else `on_disk` as it is.
pub fn manifest_for(
    history: &History,
    path: &std::path::Path,
    on_disk: &str,
    old_lock: &Lockfile,
) -> Vec<u8> {
    let fits = Project::parse(path, on_disk).is_ok_and(|p| goes_with(&p, old_lock));
    if fits {
        return on_disk.as_bytes().to_vec();
    }
    std::fs::read(history.head()).unwrap_or_else(|_| on_disk.as_bytes().to_vec())
}

/// The history folder of one plugin directory.
pub struct History {
    dir: PathBuf,
}

impl History {
    /// The history of `layout`.
    pub fn new(layout: &Layout) -> Self {
        Self {
            dir: layout.history(),
        }
    }

    /// Every kept state, oldest first.
    pub fn entries(&self) -> Vec<Entry> {
        let mut ids: Vec<u64> = std::fs::read_dir(&self.dir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        name.strip_suffix(".lock")?.parse().ok()
                    })
                    .collect()
            })
            .unwrap_or_default();
        ids.sort_unstable();
        ids.into_iter().map(|id| self.entry(id)).collect()
    }

    fn entry(&self, id: u64) -> Entry {
        Entry {
            id,
            toml_path: self.dir.join(format!("{id:06}.toml")),
            lock_path: self.dir.join(format!("{id:06}.lock")),
        }
    }

    /// The copy of plugins.toml as of the last change of plugins.toml or plugins.lock:
    /// `history/head.toml`.
    pub fn head(&self) -> PathBuf {
        self.dir.join("head.toml")
    }

    /// The newest kept state.
    pub fn latest(&self) -> Option<Entry> {
        self.entries().pop()
    }

    /// Where the next state goes: `(plugins.toml copy, plugins.lock copy)`.
    ///
    /// # Errors
    /// I/O errors creating the folder.
    pub fn next_paths(&self) -> std::io::Result<(PathBuf, PathBuf)> {
        std::fs::create_dir_all(&self.dir)?;
        let next = self.latest().map_or(1, |e| e.id + 1);
        let e = self.entry(next);
        Ok((e.toml_path, e.lock_path))
    }

    /// Deletes all but the newest [`KEEP`] states.
    pub fn prune(&self) {
        let entries = self.entries();
        let excess = entries.len().saturating_sub(KEEP);
        for e in entries.into_iter().take(excess) {
            let _ = std::fs::remove_file(e.lock_path);
            let _ = std::fs::remove_file(e.toml_path);
        }
    }
}

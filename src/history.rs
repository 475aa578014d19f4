//! The history of plugins.lock: before each change of the lockfile, the previous plugins.toml
//! and plugins.lock are kept in `PLUGIN_DIR/.plugin/history/` as `NNNNNN.toml` and
//! `NNNNNN.lock` (the newest [`KEEP`] pairs), so that `plugin rollback` can return to them.

use std::path::PathBuf;

use crate::layout::Layout;

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

//! The fingerprint of an up-to-date plugin directory, `PLUGIN_DIR/.plugin/fingerprint.json`,
//! so that a no-op `plugin install` costs the same few reads whatever the number of plugins.
//!
//! After every run that leaves the plugin directory matching plugins.lock, the session writes
//! what that state looked like: the sha256 of plugins.toml's and plugins.lock's bytes, the
//! `--python`/`PLUGIN_PYTHON` setting and the `.pth` file written, and the identity and
//! modification time (nanoseconds) of the plugin directory and of the records folder. A later
//! `plugin install` with nothing to add is up to date when all of these are unchanged and no
//! change is half done (the journal is empty): it then reads neither the records nor
//! plugins.lock's entries nor any registry.
//!
//! What it notices, and what it leaves to `plugin verify`: a plugin folder deleted, added,
//! renamed or replaced by hand changes the plugin directory's modification time (and, for a
//! folder, its link count), so the next install takes the full path, which repairs it. An edit
//! inside a plugin folder changes neither; `plugin verify` (the deep check, which hashes every
//! file) finds it, and `plugin install --force` repairs it.
//!
//! Time stamps have a granularity (a clock tick, or a second on some file systems): a change
//! made within the same tick as the last run's own would leave the time stamp as it was (git's
//! "racily clean" problem). So when the fingerprint is taken, the two folders' modification
//! times are first set [`RACY_WINDOW`] into the past: any later change sets them to the present,
//! which differs. A stamp that is not that much older than the fingerprint is never trusted.
//! A missing, unreadable or foreign fingerprint only means the full path. It is written only
//! by a run that changes the plugin directory (a no-op writes nothing at all), so after
//! plugins.toml is edited by hand without any effect on what is installed, no-ops take the
//! full path until the next change. A run that fails
//! leaves the fingerprint as it was: the plugin directory is then as it was too, and a change
//! that a kill cuts short leaves its journal (or new time stamps), either of which the check
//! sees.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::checksum::Sha256;
use crate::install::layout::Layout;

/// Format version of the fingerprint file.
const VERSION: u32 = 1;

/// How far into the past the folders' modification times are set when the fingerprint is
/// taken, and how much older than the fingerprint a time stamp must be to be trusted (2 s
/// covers file systems with one-second time stamps).
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// The largest fingerprint file read (it is a few hundred bytes).
const MAX_SIZE: u64 = 64 << 10;

/// A folder's identity and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct DirStamp {
    dev: u64,
    ino: u64,
    nlink: u64,
    /// Nanoseconds since 1970.
    mtime_ns: u128,
}

impl DirStamp {
    /// The stamp of `dir`; `None` when it cannot be read.
    fn of(dir: &Path) -> Option<Self> {
        let meta = std::fs::metadata(dir).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let (dev, ino, nlink) = identity(&meta);
        Some(Self {
            dev,
            ino,
            nlink,
            mtime_ns,
        })
    }
}

/// A file's device, inode and link count (zeros where the platform has none: the time stamp
/// alone then tells).
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), meta.nlink())
}
#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64, u64) {
    (0, 0, 0)
}

/// What the fingerprint records: see the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Fingerprint {
    v: u32,
    /// plugins.toml's path, absolute.
    manifest_path: PathBuf,
    /// sha256 of plugins.toml's bytes.
    manifest: String,
    /// sha256 of plugins.lock's bytes, `None` when there is none.
    lock: Option<String>,
    /// The plugin directory it describes, absolute.
    plugin_dir_path: PathBuf,
    /// The warnings plugins.toml gives (unknown keys), printed again by a no-op.
    warnings: Vec<String>,
    /// `--python` or `PLUGIN_PYTHON`, as the run had it.
    python: Option<PathBuf>,
    /// The `.pth` file the run keeps in the host's environment, if any.
    pth: Option<PathBuf>,
    plugin_dir: DirStamp,
    records: Option<DirStamp>,
    /// When the fingerprint was taken, nanoseconds since 1970.
    taken_ns: u128,
}

/// What a run is about to rely on: the project's files and settings.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// plugins.toml's path, absolute.
    pub manifest_path: &'a Path,
    /// plugins.toml's bytes as read.
    pub manifest_text: &'a [u8],
    /// `--python` or `PLUGIN_PYTHON`.
    pub python: Option<&'a Path>,
}

fn sha(bytes: &[u8]) -> String {
    Sha256::of(bytes).prefixed()
}

/// plugins.lock beside plugins.toml (as [`crate::project::Project::lock_path`]).
fn lock_path(manifest_path: &Path) -> PathBuf {
    manifest_path.with_file_name(crate::project::LOCK_FILE)
}

/// Sets the modification time of folder `dir` to `time`.
fn set_modified(dir: &Path, time: SystemTime) -> std::io::Result<()> {
    std::fs::File::open(dir)?.set_times(std::fs::FileTimes::new().set_modified(time))
}

/// Records that `layout` now matches the project of `inputs` (plugins.lock read from disk)
/// with `pth` kept in the host's environment. Best effort: a fingerprint that cannot be
/// written only costs the next no-op its full path.
pub fn record(layout: &Layout, inputs: Inputs<'_>, pth: Option<&Path>) {
    let past = SystemTime::now() - RACY_WINDOW;
    if set_modified(layout.root(), past).is_err() {
        return;
    }
    let records = layout.records();
    if records.is_dir() && set_modified(&records, past).is_err() {
        return;
    }
    let Some(plugin_dir) = DirStamp::of(layout.root()) else {
        return;
    };
    let lock = match std::fs::read(lock_path(inputs.manifest_path)) {
        Ok(bytes) => Some(sha(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => return,
    };
    let taken_ns = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let warnings = std::str::from_utf8(inputs.manifest_text)
        .ok()
        .and_then(|text| crate::project::Project::parse(inputs.manifest_path, text).ok())
        .map(|p| p.warnings())
        .unwrap_or_default();
    let fingerprint = Fingerprint {
        v: VERSION,
        manifest_path: inputs.manifest_path.to_path_buf(),
        plugin_dir_path: layout.root().to_path_buf(),
        warnings,
        manifest: sha(inputs.manifest_text),
        lock,
        python: inputs.python.map(Path::to_path_buf),
        pth: pth.map(Path::to_path_buf),
        plugin_dir,
        records: DirStamp::of(&records),
        taken_ns,
    };
    if let Ok(json) = serde_json::to_vec(&fingerprint) {
        let _ = crate::fs::write_atomic(&layout.fingerprint(), &json);
    }
}

/// Whether `layout` still matches the project of `inputs` as the last run left it: the same
/// plugins.toml and plugins.lock bytes and Python setting, the `.pth` file still there, the
/// plugin directory and records folder untouched (by time stamps old enough to trust), and no
/// change half done. Any doubt answers `false`.
pub fn is_current(layout: &Layout, inputs: Inputs<'_>) -> bool {
    check(layout, inputs).is_some()
}

/// As [`is_current`], giving, when current, the warnings plugins.toml gives (each unknown
/// key), which a run prints even when it has nothing else to do.
pub fn check(layout: &Layout, inputs: Inputs<'_>) -> Option<Vec<String>> {
    let bytes = crate::fs::read_capped(&layout.fingerprint(), MAX_SIZE).ok()??;
    let f = serde_json::from_slice::<Fingerprint>(&bytes).ok()?;
    let trusted =
        |stamp: &DirStamp| f.taken_ns.saturating_sub(stamp.mtime_ns) >= RACY_WINDOW.as_nanos();
    let same_dir = |dir: &Path, stamp: &DirStamp| {
        DirStamp::of(dir).is_some_and(|now| now == *stamp) && trusted(stamp)
    };
    let lock = match std::fs::read(lock_path(inputs.manifest_path)) {
        Ok(bytes) => Some(sha(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) => return None,
    };
    let current = f.v == VERSION
        && f.manifest_path == inputs.manifest_path
        && f.plugin_dir_path == layout.root()
        && f.manifest == sha(inputs.manifest_text)
        && f.lock == lock
        && f.python.as_deref() == inputs.python
        && f.pth.as_deref().is_none_or(Path::is_file)
        && same_dir(layout.root(), &f.plugin_dir)
        && match &f.records {
            Some(stamp) => same_dir(&layout.records(), stamp),
            None => !layout.records().exists(),
        }
        && crate::install::transaction::nothing_pending(layout);
    current.then_some(f.warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Layout, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let layout = Layout::new(tmp.path().join("plugins"));
        std::fs::create_dir_all(layout.records()).unwrap();
        std::fs::create_dir_all(layout.root().join("alpha")).unwrap();
        let manifest = tmp.path().join("plugins.toml");
        std::fs::write(&manifest, "[plugins]\nalpha = \"*\"\n").unwrap();
        std::fs::write(tmp.path().join("plugins.lock"), "version = 1\n").unwrap();
        (tmp, layout, manifest)
    }

    #[test]
    fn a_fingerprint_is_current_at_once_and_a_later_change_of_a_folder_is_seen() {
        let (_tmp, layout, manifest) = setup();
        let text = std::fs::read(&manifest).unwrap();
        let inputs = Inputs {
            manifest_path: &manifest,
            manifest_text: &text,
            python: None,
        };
        assert!(!is_current(&layout, inputs), "no fingerprint yet");
        record(&layout, inputs, None);
        assert!(is_current(&layout, inputs));
        // Within the same clock tick as the fingerprint: still a new time stamp.
        std::fs::create_dir(layout.root().join("beta")).unwrap();
        std::fs::remove_dir(layout.root().join("beta")).unwrap();
        assert!(!is_current(&layout, inputs), "a folder added and removed");
        record(&layout, inputs, None);
        assert!(is_current(&layout, inputs));
        std::fs::remove_file(layout.fingerprint()).unwrap();
        assert!(!is_current(&layout, inputs));
    }

    #[test]
    fn a_time_stamp_not_older_than_the_fingerprint_is_not_trusted() {
        let (_tmp, layout, manifest) = setup();
        let text = std::fs::read(&manifest).unwrap();
        let inputs = Inputs {
            manifest_path: &manifest,
            manifest_text: &text,
            python: None,
        };
        record(&layout, inputs, None);
        let path = layout.fingerprint();
        let mut f: Fingerprint = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        f.taken_ns = f.plugin_dir.mtime_ns;
        std::fs::write(&path, serde_json::to_vec(&f).unwrap()).unwrap();
        assert!(!is_current(&layout, inputs));
    }

    #[test]
    fn any_change_of_the_inputs_or_the_folders_is_noticed() {
        let (tmp, layout, manifest) = setup();
        let text = std::fs::read(&manifest).unwrap();
        let inputs = Inputs {
            manifest_path: &manifest,
            manifest_text: &text,
            python: None,
        };
        let fresh = |layout: &Layout| {
            record(layout, inputs, None);
            assert!(is_current(layout, inputs));
        };
        fresh(&layout);
        let other = b"[plugins]\n".to_vec();
        let edited = Inputs {
            manifest_text: &other,
            ..inputs
        };
        assert!(!is_current(&layout, edited), "plugins.toml changed");
        let python = Inputs {
            python: Some(Path::new("/venv")),
            ..inputs
        };
        assert!(!is_current(&layout, python), "another Python environment");
        std::fs::write(tmp.path().join("plugins.lock"), "version = 1\n\n").unwrap();
        assert!(!is_current(&layout, inputs), "plugins.lock changed");
        fresh(&layout);
        std::fs::remove_dir(layout.root().join("alpha")).unwrap();
        assert!(!is_current(&layout, inputs), "a plugin folder removed");
        fresh(&layout);
        std::fs::write(layout.records().join("x.json"), "{}").unwrap();
        assert!(!is_current(&layout, inputs), "a record added");
        fresh(&layout);
        std::fs::create_dir_all(layout.state().join("journal")).unwrap();
        std::fs::write(layout.state().join("journal").join("ops.toml"), "").unwrap();
        assert!(!is_current(&layout, inputs), "a change half done");
    }
}

//! Checking what is installed against what was recorded, for `plugin verify`: every file of
//! every install record is hashed again, and each plugin folder is searched for files nobody
//! installed; plugins.lock and the records must name the same plugins at the same versions,
//! sources, archive checksums and content hashes ([`lock_differences`]).

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use crate::checksum::Sha256;
use crate::install::layout::Layout;
use crate::install::record::{Record, RecordError};
use crate::name::PluginName;
use crate::project::lockfile::{LockedPlugin, Lockfile};

/// What differs for one plugin. Paths are relative to its folder, `/`-separated, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PluginReport {
    /// The plugin's name.
    pub name: String,
    /// The version its record names, if it has one.
    pub version: Option<String>,
    /// The version plugins.lock names, if any.
    pub locked_version: Option<String>,
    /// Recorded files whose bytes changed.
    pub modified: Vec<String>,
    /// Recorded files that are gone.
    pub missing: Vec<String>,
    /// Files in the folder that no record lists.
    pub unexpected: Vec<String>,
    /// Where plugins.lock and the install record disagree at the same version.
    pub lock_differs: Vec<LockDifference>,
}

/// One field on which a plugins.lock entry and the install record of the same plugin disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockDifference {
    /// `source`, `checksum` or `content`.
    pub field: &'static str,
    /// What plugins.lock says (`None`: nothing).
    pub locked: Option<String>,
    /// What the install record says.
    pub recorded: Option<String>,
}

/// Where `locked` and the record of what was installed (its `source`, archive `checksum`
/// and `content` hash, as in [`Record`]) disagree. A checksum is compared only for sources
/// that have an archive, as plugins.lock keeps it only for those.
pub fn lock_differences(
    locked: &LockedPlugin,
    source: &str,
    checksum: Option<&str>,
    content: &str,
) -> Vec<LockDifference> {
    let mut out = Vec::new();
    let mut differ = |field, locked: Option<String>, recorded: Option<&str>| {
        if locked.as_deref() != recorded {
            out.push(LockDifference {
                field,
                locked,
                recorded: recorded.map(str::to_string),
            });
        }
    };
    differ("source", Some(locked.source.to_string()), Some(source));
    if locked.source.has_archive() {
        differ("checksum", locked.checksum.map(|c| c.prefixed()), checksum);
    }
    differ(
        "content",
        locked.content.map(|c| c.prefixed()),
        Some(content),
    );
    out
}

impl PluginReport {
    /// Whether the plugin is exactly as recorded and locked.
    pub fn is_ok(&self) -> bool {
        self.modified.is_empty()
            && self.missing.is_empty()
            && self.unexpected.is_empty()
            && self.version.is_some()
            && self.version == self.locked_version
            && self.lock_differs.is_empty()
    }
}

/// Checks every recorded and every locked plugin of `layout` (sorted by name).
///
/// # Errors
/// [`RecordError`] when a record cannot be read.
pub fn check(layout: &Layout, lock: Option<&Lockfile>) -> Result<Vec<PluginReport>, RecordError> {
    let records = Record::load_all(layout)?;
    let mut names: BTreeSet<PluginName> = records.keys().cloned().collect();
    if let Some(lock) = lock {
        names.extend(lock.plugins.iter().map(|p| p.name.clone()));
    }
    let mut out = Vec::new();
    for name in names {
        let locked = lock.and_then(|l| l.get(&name));
        let mut report = PluginReport {
            name: locked.map_or_else(|| name.to_string(), |l| l.name.to_string()),
            locked_version: locked.map(|l| l.version.to_string()),
            ..PluginReport::default()
        };
        if let Some(record) = records.get(&name) {
            report.name = record.name.clone();
            report.version = Some(record.version.clone());
            let dir = layout.plugin(&PluginName::new(&record.name).unwrap_or(name.clone()));
            check_files(&dir, record, &mut report);
            if let Some(l) = locked.filter(|l| l.version.to_string() == record.version) {
                report.lock_differs = lock_differences(
                    l,
                    &record.source,
                    record.checksum.as_deref(),
                    &record.content,
                );
            }
        }
        out.push(report);
    }
    Ok(out)
}

/// For every plugin of `reports` with modified or missing files, checks those files in the
/// store entry of its archive in `cache` (see [`crate::install::store::repair_entry`]): an
/// edit in place of a hard-linked file changes the store too. Damaged entries are deleted (the
/// next install makes them again from the archive); returns the plugins (`NAME VERSION`)
/// whose entry was.
pub fn repair_store(
    cache: &crate::source::cache::Cache,
    layout: &Layout,
    reports: &[PluginReport],
) -> Vec<String> {
    let mut repaired = Vec::new();
    for r in reports {
        let paths: Vec<String> = r.modified.iter().chain(&r.missing).cloned().collect();
        let Some(version) = r.version.as_deref().filter(|_| !paths.is_empty()) else {
            continue;
        };
        let Ok(name) = PluginName::new(&r.name) else {
            continue;
        };
        let Ok(record) = Record::load(&layout.record(&name)) else {
            continue;
        };
        let Some(sha) = record
            .checksum
            .as_deref()
            .and_then(|c| Sha256::parse(c).ok())
        else {
            continue;
        };
        if crate::install::store::repair_entry(cache, &sha, &paths) {
            repaired.push(format!("{} {version}", r.name));
        }
    }
    repaired
}

fn check_files(dir: &Path, record: &Record, report: &mut PluginReport) {
    for file in record.files.iter().chain(&record.generated) {
        let path = dir.join(&file.path);
        match Sha256::of_file(&path) {
            Ok(actual) if actual.prefixed() == file.sha256 => {}
            Ok(_) => report.modified.push(file.path.clone()),
            Err(_) => report.missing.push(file.path.clone()),
        }
    }
    let recorded: BTreeSet<&str> = record.paths().collect();
    if let Ok(files) = crate::fs::list_files(dir) {
        report.unexpected = files
            .into_iter()
            .filter(|f| {
                !recorded.contains(f.as_str()) && !crate::install::dist_info::is_bytecode_cache(f)
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::install::record::FileEntry;

    #[test]
    fn finds_modified_missing_and_unexpected_files() {
        let tmp = tempfile::tempdir().unwrap();
        let layout = Layout::new(tmp.path());
        let dir = tmp.path().join("p");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("same.py"), "x").unwrap();
        std::fs::write(dir.join("changed.py"), "edited").unwrap();
        std::fs::write(dir.join("sub/extra.txt"), "mine").unwrap();
        let entry = |path: &str, content: &str| FileEntry {
            path: path.into(),
            sha256: Sha256::of(content.as_bytes()).prefixed(),
            size: content.len() as u64,
        };
        let record = Record {
            v: 1,
            name: "p".into(),
            version: "1.0.0".into(),
            source: "path+p".into(),
            checksum: None,
            content: String::new(),
            files: vec![
                entry("same.py", "x"),
                entry("changed.py", "orig"),
                entry("gone.py", "g"),
            ],
            generated: Vec::new(),
            metadata: None,
            other: Default::default(),
        };
        std::fs::create_dir_all(layout.records()).unwrap();
        std::fs::write(
            layout.record(&PluginName::new("p").unwrap()),
            record.render(),
        )
        .unwrap();
        let reports = check(&layout, None).unwrap();
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(r.modified, ["changed.py"]);
        assert_eq!(r.missing, ["gone.py"]);
        assert_eq!(r.unexpected, ["sub/extra.txt"]);
        assert!(!r.is_ok(), "not locked and not intact");
    }
}

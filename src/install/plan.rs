//! The plan: what a resolution means for the plugin directory, compared with the install
//! records. `--dry-run` prints it and stops.

use std::collections::{BTreeMap, BTreeSet};

use semver::Version;

use crate::install::layout::Layout;
use crate::install::record::RecordSummary;
use crate::name::PluginName;
use crate::resolve::{Resolution, Resolved};

/// What happens to one plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Not installed yet.
    Install,
    /// Installed at another version or from another source.
    Replace {
        /// The version installed now.
        from: Version,
    },
    /// Installed at this version, but asked to be reinstalled, missing on disk, or recorded
    /// before `plugin` wrote the files it writes now (Python metadata).
    Reinstall,
    /// Installed and current.
    Keep,
    /// Installed but no longer needed.
    Remove,
}

/// One line of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    /// The plugin.
    pub name: PluginName,
    /// What happens.
    pub action: Action,
    /// The resolved plugin (all actions but `Remove`).
    pub resolved: Option<Resolved>,
    /// The current record, if installed.
    pub record: Option<RecordSummary>,
}

impl Step {
    /// What the step does, in the words of `--json` documents and the summary line:
    /// `install`, `upgrade`, `downgrade`, `replace` (same version, another source or
    /// checksum), `reinstall`, `remove` or `keep`.
    pub fn kind(&self) -> &'static str {
        match (&self.action, &self.resolved) {
            (Action::Install, _) => "install",
            (Action::Replace { from }, Some(r)) if r.version > *from => "upgrade",
            (Action::Replace { from }, Some(r)) if r.version < *from => "downgrade",
            (Action::Replace { .. }, _) => "replace",
            (Action::Reinstall, _) => "reinstall",
            (Action::Remove, _) => "remove",
            (Action::Keep, _) => "keep",
        }
    }

    /// Whether the step needs the plugin's files fetched and staged.
    pub fn needs_files(&self) -> bool {
        matches!(
            self.action,
            Action::Install | Action::Replace { .. } | Action::Reinstall
        )
    }
}

/// The steps, by name.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every plugin resolved or installed, sorted by name.
    pub steps: Vec<Step>,
}

impl Plan {
    /// Compares `resolution` with `records`. Plugins in `reinstall` are reinstalled even when
    /// current; a plugin whose folder is missing is reinstalled too.
    pub fn new(
        resolution: &Resolution,
        records: &BTreeMap<PluginName, RecordSummary>,
        reinstall: &BTreeSet<PluginName>,
        layout: &Layout,
    ) -> Self {
        let mut steps = Vec::new();
        // The plugin directory's folders, listed once (one directory read rather than a
        // `stat` per plugin).
        let folders: BTreeSet<std::ffi::OsString> = std::fs::read_dir(layout.root())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.file_name())
                    .collect()
            })
            .unwrap_or_default();
        for (name, r) in &resolution.plugins {
            let record = records.get(name).cloned();
            let action = match &record {
                None => Action::Install,
                Some(rec) => {
                    let same = rec.version == r.version.to_string()
                        && rec.source == r.source.to_string()
                        && (r.checksum.is_none()
                            || rec.checksum == r.checksum.map(|c| c.prefixed()));
                    if !same {
                        Action::Replace {
                            from: Version::parse(&rec.version).unwrap_or(Version::new(0, 0, 0)),
                        }
                    } else if reinstall.contains(name)
                        || rec.metadata != Some(crate::install::dist_info::RULES)
                        || !layout
                            .plugin(&r.name)
                            .file_name()
                            .is_some_and(|f| folders.contains(f))
                    {
                        Action::Reinstall
                    } else {
                        Action::Keep
                    }
                }
            };
            steps.push(Step {
                name: name.clone(),
                action,
                resolved: Some(r.clone()),
                record,
            });
        }
        for (name, rec) in records {
            if !resolution.plugins.contains_key(name) {
                steps.push(Step {
                    name: name.clone(),
                    action: Action::Remove,
                    resolved: None,
                    record: Some(rec.clone()),
                });
            }
        }
        steps.sort_by(|a, b| a.name.cmp(&b.name));
        Self { steps }
    }

    /// Whether nothing in the plugin directory changes.
    pub fn is_noop(&self) -> bool {
        self.steps.iter().all(|s| s.action == Action::Keep)
    }
}

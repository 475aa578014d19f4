//! `plugin advisory add FILE --index DIR`: filing OSV records into a registry folder, one
//! advisory file per plugin at `advisories/` + its index path (see
//! [`crate::source::advisory`]); and the advisory check of `plugin index verify`.

use std::path::Path;

use serde::Serialize;

use crate::authoring::local_registry::{LocalRegistry, Problem};
use crate::fs::write_atomic;
use crate::name::PluginName;
use crate::source::advisory::{advisory_path, parse_file, AdvisoryError, ADVISORY_DIR};

/// One record filed for one plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filed {
    /// The record's id.
    pub id: String,
    /// The plugin it was filed for.
    pub plugin: String,
    /// The file, relative to the registry root.
    pub file: String,
    /// `added`, or `updated` when a record of that id was there and is replaced.
    pub action: &'static str,
}

/// Validates the OSV record(s) in `file` (one record or an array) and files each into the
/// registry folder `dir` under every plugin its `affected` entries name: a record already
/// there with the same id is replaced, others are kept. Every plugin named must be published
/// in the registry. Nothing is written unless every record is valid.
///
/// # Errors
/// [`AdvisoryError`] for an invalid record or an unknown plugin;
/// [`crate::authoring::local_registry::RegistryError`] when `dir` is not a registry.
pub fn add(dir: &Path, file: &Path, on_wait: impl FnOnce()) -> anyhow::Result<Vec<Filed>> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("could not read `{}`: {e}", file.display()))?;
    let (records, raw) = parse_file(&bytes).map_err(|e| AdvisoryError {
        message: format!("`{}`: {}", file.display(), e.message),
    })?;
    let _registry = LocalRegistry::open(dir, on_wait)?;
    let mut plan: Vec<(PluginName, usize)> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        record.validate(None)?;
        for a in &record.affected {
            let name = PluginName::new(&a.package.name)?;
            if !name.index_paths().iter().any(|p| dir.join(p).is_file()) {
                return Err(AdvisoryError {
                    message: format!(
                        "advisory `{}` names `{name}`, which is not published in `{}`",
                        record.id,
                        dir.display()
                    ),
                }
                .into());
            }
            if !plan.contains(&(name.clone(), i)) {
                plan.push((name, i));
            }
        }
    }
    let mut filed = Vec::new();
    for (name, i) in plan {
        let rel = advisory_path(&name);
        let path = dir.join(&rel);
        let mut existing: Vec<serde_json::Value> = match std::fs::read(&path) {
            Ok(b) => {
                parse_file(&b)
                    .map_err(|e| AdvisoryError {
                        message: format!("`{rel}` in `{}`: {}", dir.display(), e.message),
                    })?
                    .1
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(anyhow::anyhow!("could not read `{}`: {e}", path.display())),
        };
        let id = &records[i].id;
        let action = match existing
            .iter()
            .position(|v| v.get("id").and_then(|x| x.as_str()) == Some(id))
        {
            Some(at) => {
                existing[at] = raw[i].clone();
                "updated"
            }
            None => {
                existing.push(raw[i].clone());
                "added"
            }
        };
        let text = serde_json::to_string_pretty(&existing)? + "\n";
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        write_atomic(&path, text.as_bytes())?;
        filed.push(Filed {
            id: id.clone(),
            plugin: name.to_string(),
            file: rel,
            action,
        });
    }
    Ok(filed)
}

/// The problems of the advisory files of the registry folder `dir`: a file that is not a
/// JSON array of valid OSV records, a record that does not name the plugin whose path the
/// file has, an id twice in one file, or a file for a plugin the registry does not publish.
pub fn verify(dir: &Path) -> Vec<Problem> {
    let root = dir.join(ADVISORY_DIR);
    let Ok(files) = crate::fs::list_files(&root) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for rel in files {
        let file = format!("{ADVISORY_DIR}/{rel}");
        let at = |message: String| Problem {
            file: file.clone(),
            line: None,
            message,
        };
        let base = rel.rsplit('/').next().unwrap_or_default();
        let name = match PluginName::new(base) {
            Ok(n) if advisory_path(&n) == file => n,
            _ => {
                problems.push(at(format!(
                    "is not at the advisory path of a plugin (`{ADVISORY_DIR}/` + its index path)"
                )));
                continue;
            }
        };
        if !name.index_paths().iter().any(|p| dir.join(p).is_file()) {
            problems.push(at(format!("`{name}` is not published in this registry")));
        }
        let records = match std::fs::read(root.join(&rel))
            .map_err(|e| e.to_string())
            .and_then(|b| parse_file(&b).map_err(|e| e.message))
        {
            Ok((records, _)) => records,
            Err(e) => {
                problems.push(at(e));
                continue;
            }
        };
        let mut seen = std::collections::BTreeSet::new();
        for r in &records {
            if let Err(e) = r.validate(Some(&name)) {
                problems.push(at(e.message));
            }
            if !seen.insert(r.id.clone()) {
                problems.push(at(format!("advisory `{}` appears twice", r.id)));
            }
        }
    }
    problems
}

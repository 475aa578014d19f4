//! Security advisories kept in a registry: OSV records (the OSV schema,
//! <https://ossf.github.io/osv-schema/>), one file per plugin at `advisories/` + the plugin's
//! index path (`advisories/st/oq/stoq-hash`), holding a JSON array of records.
//!
//! A record applies to a plugin when one of its `affected[]` entries names it in
//! `package.name` (any `ecosystem` string: the registry already scopes it). The versions it
//! affects are the explicit `versions` list and the `ranges` of type `SEMVER` (or
//! `ECOSYSTEM`, read as semver), evaluated with the OSV algorithm over `introduced`, `fixed`
//! and `last_affected` events; `GIT` ranges are kept but affect nothing here. A record with
//! `withdrawn` set affects nothing. Records whose id starts `MAL-` report malicious packages.
//!
//! The files are read like index files (see [`crate::source::index::RegistryIndex::read_file`]):
//! only the plugins asked about, through the cache, under `[limits] max-metadata-size`.

use std::fmt;

use semver::Version;
use serde::Deserialize;

use crate::name::PluginName;

/// The folder of a registry that holds advisory files.
pub const ADVISORY_DIR: &str = "advisories";

/// The path of the advisory file of `name` from the registry root.
pub fn advisory_path(name: &PluginName) -> String {
    format!("{ADVISORY_DIR}/{}", name.index_path())
}

/// One OSV record, with the fields `plugin` reads; `plugin advisory add` files the record as
/// written, other fields included.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Advisory {
    /// The record's id, such as `PLUG-2026-0001`, `GHSA-…` or `MAL-2026-12`.
    pub id: String,
    /// When it was last changed (RFC 3339), as OSV requires.
    pub modified: String,
    /// When it was withdrawn, if it was: it then affects nothing.
    #[serde(default)]
    pub withdrawn: Option<String>,
    /// Other ids of the same issue.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One line about the issue.
    #[serde(default)]
    pub summary: Option<String>,
    /// The packages and versions affected.
    #[serde(default)]
    pub affected: Vec<Affected>,
}

/// One `affected[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Affected {
    /// The package.
    pub package: Package,
    /// Version ranges.
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Versions listed one by one.
    #[serde(default)]
    pub versions: Vec<String>,
}

/// `affected[].package`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Package {
    /// The ecosystem (any string; `plugin` by convention).
    #[serde(default)]
    pub ecosystem: String,
    /// The plugin's name.
    pub name: String,
}

/// `affected[].ranges[]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The events, in any order.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// One range event: exactly one of its fields is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Event {
    /// The first affected version (`0`: from the first).
    #[serde(default)]
    pub introduced: Option<String>,
    /// The first version no longer affected.
    #[serde(default)]
    pub fixed: Option<String>,
    /// The last affected version.
    #[serde(default)]
    pub last_affected: Option<String>,
    /// A limit (ignored: it only bounds the search in a git history).
    #[serde(default)]
    pub limit: Option<String>,
}

/// A record that is not a valid OSV record for `plugin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AdvisoryError {
    /// What is wrong.
    pub message: String,
}

impl crate::error::Hint for AdvisoryError {
    fn hint(&self) -> Option<String> {
        Some(
            "an advisory is an OSV record (https://ossf.github.io/osv-schema/) with `id`, `modified` and `affected[].package.name`, versions in `versions` or `SEMVER` ranges".into(),
        )
    }
}

fn err(message: impl Into<String>) -> AdvisoryError {
    AdvisoryError {
        message: message.into(),
    }
}

/// A version of an event or list: `0` (as `introduced`) means before every version.
fn parse_event_version(text: &str, id: &str) -> Result<Version, AdvisoryError> {
    if text == "0" {
        return Ok(Version::new(0, 0, 0));
    }
    Version::parse(text).map_err(|e| {
        err(format!(
            "advisory `{id}`: `{text}` is not a semver version: {e}"
        ))
    })
}

impl Advisory {
    /// Whether this is a malicious-package record (OSV's `MAL-` ids).
    pub fn is_malicious(&self) -> bool {
        self.id.starts_with("MAL-")
    }

    /// Whether the record is withdrawn.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// The `affected[]` entries that name `name` (compared as plugin names are).
    fn entries_for<'a>(&'a self, name: &'a PluginName) -> impl Iterator<Item = &'a Affected> {
        self.affected
            .iter()
            .filter(move |a| PluginName::new(&a.package.name).is_ok_and(|n| n == *name))
    }

    /// Whether the record names `name` at all.
    pub fn names(&self, name: &PluginName) -> bool {
        self.entries_for(name).next().is_some()
    }

    /// Whether `version` of `name` is affected (never, once withdrawn).
    pub fn affects(&self, name: &PluginName, version: &Version) -> bool {
        !self.is_withdrawn()
            && self.entries_for(name).any(|a| {
                a.versions
                    .iter()
                    .any(|v| Version::parse(v).is_ok_and(|v| v == *version))
                    || a.ranges.iter().any(|r| r.contains(version))
            })
    }

    /// The affected versions of `name` in words: `>=1.0.0, <1.2.0`, `=1.0.3`, joined by ` | `.
    pub fn affected_text(&self, name: &PluginName) -> String {
        let mut parts = Vec::new();
        for a in self.entries_for(name) {
            for r in &a.ranges {
                parts.extend(r.describe());
            }
            parts.extend(a.versions.iter().map(|v| format!("={v}")));
        }
        if parts.is_empty() {
            "no version".into()
        } else {
            parts.join(" | ")
        }
    }

    /// Checks that this is a record `plugin` can use for the plugin `name`: an id, `modified`
    /// an RFC 3339 time, an `affected` entry naming `name`, every version and event a semver
    /// version, each `SEMVER`/`ECOSYSTEM` range starting with an `introduced` event.
    ///
    /// # Errors
    /// [`AdvisoryError`] naming the first problem.
    pub fn validate(&self, name: Option<&PluginName>) -> Result<(), AdvisoryError> {
        let id = self.id.trim();
        if id.is_empty() {
            return Err(err("an advisory needs an `id`"));
        }
        if id.contains(['/', '\\']) || id.chars().any(char::is_whitespace) {
            return Err(err(format!("advisory id `{id}` has spaces or slashes")));
        }
        humantime::parse_rfc3339_weak(&self.modified).map_err(|e| {
            err(format!(
                "advisory `{id}`: `modified` must be an RFC 3339 time such as 2026-01-31T12:00:00Z: {e}"
            ))
        })?;
        if self.affected.is_empty() {
            return Err(err(format!("advisory `{id}` has no `affected` entry")));
        }
        for a in &self.affected {
            PluginName::new(&a.package.name).map_err(|e| {
                err(format!(
                    "advisory `{id}`: `affected[].package.name` `{}` is not a plugin name: {e}",
                    a.package.name
                ))
            })?;
            if a.versions.is_empty() && a.ranges.is_empty() {
                return Err(err(format!(
                    "advisory `{id}`: the entry of `{}` lists neither `versions` nor `ranges`",
                    a.package.name
                )));
            }
            for v in &a.versions {
                Version::parse(v).map_err(|e| {
                    err(format!(
                        "advisory `{id}`: `{v}` is not a semver version: {e}"
                    ))
                })?;
            }
            for r in &a.ranges {
                if !r.is_semver() {
                    continue;
                }
                if r.events.first().is_none_or(|e| e.introduced.is_none()) {
                    return Err(err(format!(
                        "advisory `{id}`: a `{}` range must start with an `introduced` event",
                        r.kind
                    )));
                }
                for e in &r.events {
                    let set = [&e.introduced, &e.fixed, &e.last_affected, &e.limit]
                        .iter()
                        .filter(|x| x.is_some())
                        .count();
                    if set != 1 {
                        return Err(err(format!(
                            "advisory `{id}`: each range event has exactly one of `introduced`, `fixed`, `last_affected` or `limit`"
                        )));
                    }
                    for v in [&e.introduced, &e.fixed, &e.last_affected]
                        .into_iter()
                        .flatten()
                    {
                        parse_event_version(v, id)?;
                    }
                }
            }
        }
        if let Some(name) = name {
            if !self.names(name) {
                return Err(err(format!(
                    "advisory `{id}` does not name `{name}` in `affected[].package.name`"
                )));
            }
        }
        Ok(())
    }
}

impl Range {
    fn is_semver(&self) -> bool {
        matches!(self.kind.as_str(), "SEMVER" | "ECOSYSTEM")
    }

    /// The events with their versions, sorted by version (`introduced` first on a tie).
    fn sorted(&self) -> Vec<(Version, &Event)> {
        let mut out: Vec<(Version, &Event)> = self
            .events
            .iter()
            .filter_map(|e| {
                let v = e
                    .introduced
                    .as_ref()
                    .or(e.fixed.as_ref())
                    .or(e.last_affected.as_ref())?;
                Some((parse_event_version(v, "").ok()?, e))
            })
            .collect();
        out.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.introduced.is_some().cmp(&a.1.introduced.is_some()))
        });
        out
    }

    /// Whether `version` is in this range (OSV's evaluation: walk the sorted events).
    pub fn contains(&self, version: &Version) -> bool {
        if !self.is_semver() {
            return false;
        }
        let mut affected = false;
        for (v, e) in self.sorted() {
            if e.introduced.is_some() {
                if v <= *version {
                    affected = true;
                }
            } else if e.fixed.is_some() {
                if v <= *version {
                    affected = false;
                }
            } else if e.last_affected.is_some() && v < *version {
                affected = false;
            }
        }
        affected
    }

    /// The intervals of this range in words, such as `>=1.0.0, <1.2.0`.
    fn describe(&self) -> Vec<String> {
        if !self.is_semver() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut open: Option<Version> = None;
        let lower = |v: &Version| {
            if *v == Version::new(0, 0, 0) {
                String::new()
            } else {
                format!(">={v}, ")
            }
        };
        for (v, e) in self.sorted() {
            if e.introduced.is_some() {
                open.get_or_insert(v);
            } else if let Some(start) = open.take() {
                if e.fixed.is_some() {
                    out.push(format!("{}<{v}", lower(&start)));
                } else {
                    out.push(format!("{}<={v}", lower(&start)));
                }
            }
        }
        if let Some(start) = open {
            out.push(if start == Version::new(0, 0, 0) {
                "every version".into()
            } else {
                format!(">={start}")
            });
        }
        out.into_iter()
            .map(|s| s.trim_end_matches(", ").to_string())
            .collect()
    }
}

impl fmt::Display for Advisory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.summary {
            Some(s) => write!(f, "{} ({s})", self.id),
            None => f.write_str(&self.id),
        }
    }
}

/// Parses the bytes of an advisory file: a JSON array of OSV records (a single record object
/// is accepted too).
///
/// # Errors
/// [`AdvisoryError`] when it is not JSON, not records, or a record does not parse.
pub fn parse_file(bytes: &[u8]) -> Result<(Vec<Advisory>, Vec<serde_json::Value>), AdvisoryError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| err(format!("not JSON: {e}")))?;
    let raw = match value {
        serde_json::Value::Array(items) => items,
        obj @ serde_json::Value::Object(_) => vec![obj],
        _ => return Err(err("an advisory file is a JSON array of OSV records")),
    };
    let parsed = raw
        .iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<Advisory>(v.clone())
                .map_err(|e| err(format!("record {} is not an OSV record: {e}", i + 1)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((parsed, raw))
}

/// An advisory file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Reading the file failed.
    #[error(transparent)]
    Index(#[from] crate::source::index::IndexError),
    /// The file holds no valid records.
    #[error(transparent)]
    Invalid(#[from] AdvisoryError),
}

impl crate::error::Hint for ReadError {
    fn hint(&self) -> Option<String> {
        match self {
            Self::Index(e) => e.hint(),
            Self::Invalid(e) => e.hint(),
        }
    }
}

/// The advisories of `name` in the registry `index`, read from its advisory file (none when
/// there is no file); only the records that name `name`.
///
/// # Errors
/// [`ReadError`] when the file cannot be read or is not a file of OSV records.
pub fn read(
    index: &crate::source::index::RegistryIndex<'_>,
    name: &PluginName,
) -> Result<Vec<Advisory>, ReadError> {
    let rel = advisory_path(name);
    let Some(bytes) = index.read_file(&rel)? else {
        return Ok(Vec::new());
    };
    let (records, _) = parse_file(&bytes).map_err(|e| AdvisoryError {
        message: format!(
            "`{rel}` of registry `{}`: {}",
            index.registry().key,
            e.message
        ),
    })?;
    Ok(records.into_iter().filter(|a| a.names(name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> PluginName {
        PluginName::new(s).unwrap()
    }

    fn record(json: serde_json::Value) -> Advisory {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn ranges_versions_and_withdrawn() {
        let a = record(serde_json::json!({
            "id": "PLUG-1", "modified": "2026-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "plugin", "name": "stoq_hash"},
                "ranges": [{"type": "SEMVER", "events": [
                    {"introduced": "0"}, {"fixed": "1.1.0"},
                    {"introduced": "2.0.0"}, {"last_affected": "2.0.3"}]}],
                "versions": ["3.0.0"]}]
        }));
        a.validate(Some(&n("stoq-hash"))).unwrap();
        let v = |s: &str| Version::parse(s).unwrap();
        let hit = |s: &str| a.affects(&n("stoq-hash"), &v(s));
        assert!(hit("1.0.0") && hit("0.1.0") && hit("2.0.0") && hit("2.0.3") && hit("3.0.0"));
        assert!(!hit("1.1.0") && !hit("1.9.0") && !hit("2.0.4") && !hit("3.0.1"));
        assert!(!a.affects(&n("other"), &v("1.0.0")));
        assert_eq!(
            a.affected_text(&n("stoq-hash")),
            "<1.1.0 | >=2.0.0, <=2.0.3 | =3.0.0"
        );
        let mut w = a.clone();
        w.withdrawn = Some("2026-02-01T00:00:00Z".into());
        assert!(!w.affects(&n("stoq-hash"), &v("1.0.0")));
    }

    #[test]
    fn validation_names_the_problem() {
        let bad = record(serde_json::json!({
            "id": "X-1", "modified": "yesterday",
            "affected": [{"package": {"name": "a"}, "versions": ["1.0.0"]}]
        }));
        assert!(bad.validate(None).unwrap_err().message.contains("modified"));
        let bad = record(serde_json::json!({
            "id": "X-1", "modified": "2026-01-01T00:00:00Z",
            "affected": [{"package": {"name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1.0.0"}]}]}]
        }));
        assert!(bad
            .validate(None)
            .unwrap_err()
            .message
            .contains("introduced"));
        let ok = record(serde_json::json!({
            "id": "X-1", "modified": "2026-01-01T00:00:00Z",
            "affected": [{"package": {"name": "a"}, "versions": ["1.0.0"]}]
        }));
        assert!(ok
            .validate(Some(&n("b")))
            .unwrap_err()
            .message
            .contains("does not name"));
        assert!(parse_file(b"{\"id\": 3}").is_err());
    }
}

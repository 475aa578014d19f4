//! Keeping a registry index folder, the kind any static host can serve (S3, nginx, GitHub
//! Pages): `plugin index init`, `plugin publish`, `plugin yank` and `plugin index verify`.
//!
//! Besides cargo's layout (see [`crate::source::index`]), the root holds `search.jsonl`, one JSON line
//! per plugin `{"name", "vers", "description"}` with its newest version that is not yanked,
//! sorted by name, which `plugin search` reads. Changes take the registry's write lock
//! (`.lock` at the root) and write every file atomically.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::fs::{write_atomic, FileLock};
use crate::install::archive::{Archive, ArchiveFormat};
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::source::index::{IndexConfig, IndexLine};

pub use crate::source::index::SEARCH_FILE;
/// The `dl` template of new registries.
pub const DEFAULT_DL: &str = "packages/{name}/{version}/download";

/// A registry folder that could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// Not a registry folder.
    #[error("`{}` is not a registry index: it has no `config.json`", dir.display())]
    NotARegistry {
        /// The folder.
        dir: PathBuf,
    },
    /// The version is there already.
    #[error("`{name}` {version} is already published in `{}`; a published version never changes", dir.display())]
    Exists {
        /// The folder.
        dir: PathBuf,
        /// The plugin.
        name: String,
        /// The version.
        version: String,
    },
    /// The version is not there.
    #[error("`{name}` {version} is not published in `{}`", dir.display())]
    Missing {
        /// The folder.
        dir: PathBuf,
        /// The plugin.
        name: String,
        /// The version.
        version: String,
    },
    /// `dl` does not point inside the folder.
    #[error("the `dl` of `{}` is `{dl}`, which is not a path inside the folder; publish there with the host's own tools", dir.display())]
    RemoteDl {
        /// The folder.
        dir: PathBuf,
        /// The template.
        dl: String,
    },
    /// I/O or a malformed file.
    #[error("could not update `{}`: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Hint for RegistryError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::NotARegistry { dir } => Some(format!(
                "create it with `plugin index init {}`",
                dir.display()
            )),
            Self::Exists { .. } => {
                Some("raise the version in plugin.toml and publish again".into())
            }
            _ => None,
        }
    }
}

fn file_err(path: &Path, e: impl std::fmt::Display) -> RegistryError {
    RegistryError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// One index line as `plugin publish` writes it (field order as in cargo's index).
#[derive(Debug, Clone, Serialize)]
struct LineOut<'a> {
    name: &'a str,
    vers: String,
    deps: Vec<DepOut>,
    cksum: String,
    yanked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<HostOut>,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    /// When it was published: RFC 3339, UTC, whole seconds.
    published: String,
}

#[derive(Debug, Clone, Serialize)]
struct DepOut {
    name: String,
    req: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    registry: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct HostOut {
    name: String,
    version: String,
}

/// One line of `search.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchEntry {
    /// The plugin.
    pub name: String,
    /// Its newest version that is not yanked.
    pub vers: String,
    /// Its description.
    #[serde(default)]
    pub description: String,
}

/// The index line `plugin publish` writes for `manifest`, an archive of `format` with sha256
/// `cksum` (compact JSON, field order as in cargo's index).
///
/// # Errors
/// A serialisation error (none in practice).
pub(crate) fn index_line(
    manifest: &PluginManifest,
    format: ArchiveFormat,
    cksum: &Sha256,
    published: std::time::SystemTime,
) -> Result<String, serde_json::Error> {
    let name = &manifest.plugin.name;
    let version = &manifest.plugin.version;
    let line = LineOut {
        name: name.as_str(),
        vers: version.to_string(),
        deps: manifest
            .dependencies
            .iter()
            .map(|(n, d)| DepOut {
                name: n.to_string(),
                req: d.req().to_string(),
                registry: d.registry().map(str::to_string),
            })
            .collect(),
        cksum: cksum.to_hex(),
        yanked: false,
        host: manifest.plugin.host.as_ref().map(|h| HostOut {
            name: h.name.clone(),
            version: h.version.to_string(),
        }),
        format: match format {
            ArchiveFormat::TarGz => "tar.gz",
            ArchiveFormat::Zip => "zip",
        },
        description: manifest.plugin.description.as_deref(),
        license: manifest.plugin.license.as_deref(),
        published: humantime::format_rfc3339_seconds(published).to_string(),
    };
    serde_json::to_string(&line)
}

/// The archive at `archive`, opened, and its manifest: what `publish` adds to a registry.
///
/// # Errors
/// The archive cannot be read, or its `plugin.toml` is missing or invalid.
pub(crate) fn open_to_publish(archive: &Path) -> anyhow::Result<(Archive, PluginManifest)> {
    let label = archive.display().to_string();
    let opened = Archive::open(archive, &label)?;
    let found = opened.read_manifest()?;
    let (manifest, _) = PluginManifest::parse(&found.text, &format!("archive `{label}`"))?;
    Ok((opened, manifest))
}

/// A registry folder being changed, holding its write lock.
pub struct LocalRegistry {
    dir: PathBuf,
    config: IndexConfig,
    _lock: FileLock,
}

/// Creates a registry folder with `config.json` (`dl` = [`DEFAULT_DL`]) and an empty search
/// listing; returns whether anything was created.
///
/// # Errors
/// I/O errors.
pub fn init(dir: &Path) -> Result<bool, RegistryError> {
    let config = dir.join("config.json");
    if config.exists() {
        return Ok(false);
    }
    std::fs::create_dir_all(dir).map_err(|e| file_err(dir, e))?;
    let text = format!("{}\n", serde_json::json!({ "dl": DEFAULT_DL }));
    write_atomic(&config, text.as_bytes()).map_err(|e| file_err(&config, e))?;
    let search = dir.join(SEARCH_FILE);
    if !search.exists() {
        write_atomic(&search, b"").map_err(|e| file_err(&search, e))?;
    }
    Ok(true)
}

impl LocalRegistry {
    /// Opens the registry folder `dir`, waiting for its write lock (`on_wait` is called once
    /// if another process holds it).
    ///
    /// # Errors
    /// [`RegistryError::NotARegistry`], or a `config.json` that does not parse.
    pub fn open(dir: &Path, on_wait: impl FnOnce()) -> Result<Self, RegistryError> {
        let config_path = dir.join("config.json");
        let text = std::fs::read(&config_path).map_err(|_| RegistryError::NotARegistry {
            dir: dir.to_path_buf(),
        })?;
        let config: IndexConfig =
            serde_json::from_slice(&text).map_err(|e| file_err(&config_path, e))?;
        let lock = FileLock::acquire(&dir.join(".lock"), on_wait)
            .map_err(|e| file_err(&dir.join(".lock"), e))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            config,
            _lock: lock,
        })
    }

    /// Where the archive of `name` `version` goes, inside the folder.
    fn archive_path(
        &self,
        name: &PluginName,
        version: &semver::Version,
        cksum: &Sha256,
    ) -> Result<PathBuf, RegistryError> {
        let dl = self.config.expand(name, version, cksum);
        let rel = Path::new(&dl);
        let inside = !dl.contains("://")
            && rel
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            return Err(RegistryError::RemoteDl {
                dir: self.dir.clone(),
                dl: self.config.dl.clone(),
            });
        }
        Ok(self.dir.join(rel))
    }

    fn read_lines(&self, name: &PluginName) -> Result<Vec<String>, RegistryError> {
        let path = self.dir.join(name.index_path());
        match std::fs::read_to_string(&path) {
            Ok(t) => Ok(t
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(file_err(&path, e)),
        }
    }

    fn write_lines(&self, name: &PluginName, lines: &[String]) -> Result<(), RegistryError> {
        let path = self.dir.join(name.index_path());
        std::fs::create_dir_all(path.parent().expect("a parent"))
            .map_err(|e| file_err(&path, e))?;
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        write_atomic(&path, text.as_bytes()).map_err(|e| file_err(&path, e))?;
        Ok(())
    }

    /// Publishes the archive at `archive` (whose `plugin.toml` gives name and version): copies it
    /// where `dl` says, appends its index line and updates the search listing. Returns the
    /// manifest and the archive's sha256.
    ///
    /// # Errors
    /// [`RegistryError::Exists`] (nothing is changed), archive and manifest errors.
    pub fn publish(&self, archive: &Path) -> anyhow::Result<(PluginManifest, Sha256)> {
        self.publish_at(archive, std::time::SystemTime::now())
    }

    /// As [`LocalRegistry::publish`], recording `published` (whole seconds, UTC) as the
    /// line's `published` time (`SOURCE_DATE_EPOCH` for reproducible registries).
    ///
    /// # Errors
    /// As [`LocalRegistry::publish`].
    pub fn publish_at(
        &self,
        archive: &Path,
        published: std::time::SystemTime,
    ) -> anyhow::Result<(PluginManifest, Sha256)> {
        let (opened, manifest) = open_to_publish(archive)?;
        let name = &manifest.plugin.name;
        let version = &manifest.plugin.version;
        let mut lines = self.read_lines(name)?;
        let exists = lines
            .iter()
            .any(|l| serde_json::from_str::<IndexLine>(l).is_ok_and(|x| x.vers == *version));
        if exists {
            return Err(RegistryError::Exists {
                dir: self.dir.clone(),
                name: name.to_string(),
                version: version.to_string(),
            }
            .into());
        }
        let bytes = std::fs::read(archive)?;
        let cksum = Sha256::of(&bytes);
        let target = self.archive_path(name, version, &cksum)?;
        std::fs::create_dir_all(target.parent().expect("a parent"))?;
        write_atomic(&target, &bytes)?;
        lines.push(index_line(&manifest, opened.format(), &cksum, published)?);
        self.write_lines(name, &lines)?;
        self.update_search(name)?;
        Ok((manifest, cksum))
    }

    /// Sets the `yanked` flag of `name` `version` (and nothing else).
    ///
    /// # Errors
    /// [`RegistryError::Missing`], or a malformed index file.
    pub fn yank(
        &self,
        name: &PluginName,
        version: &semver::Version,
        yanked: bool,
    ) -> Result<bool, RegistryError> {
        let mut lines = self.read_lines(name)?;
        let path = self.dir.join(name.index_path());
        let changed = set_yanked(&mut lines, version, yanked).map_err(|e| file_err(&path, e))?;
        let Some(changed) = changed else {
            return Err(RegistryError::Missing {
                dir: self.dir.clone(),
                name: name.to_string(),
                version: version.to_string(),
            });
        };
        if changed {
            self.write_lines(name, &lines)?;
            self.update_search(name)?;
        }
        Ok(changed)
    }

    /// Rewrites the search listing's line for `name`.
    fn update_search(&self, name: &PluginName) -> Result<(), RegistryError> {
        let path = self.dir.join(SEARCH_FILE);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let text =
            search_with(&current, name, &self.read_lines(name)?).map_err(|e| file_err(&path, e))?;
        write_atomic(&path, text.as_bytes()).map_err(|e| file_err(&path, e))?;
        Ok(())
    }
}

/// Sets the `yanked` flag of `version` in the index `lines`: `Some(changed)`, or `None` when
/// no line has that version.
///
/// # Errors
/// A line that is not JSON.
pub(crate) fn set_yanked(
    lines: &mut [String],
    version: &semver::Version,
    yanked: bool,
) -> Result<Option<bool>, serde_json::Error> {
    let mut changed = None;
    for line in lines {
        let mut v: serde_json::Value = serde_json::from_str(line)?;
        if v["vers"].as_str() == Some(version.to_string().as_str()) {
            changed = Some(v["yanked"].as_bool() != Some(yanked));
            v["yanked"] = serde_json::Value::Bool(yanked);
            *line = rewrite_line(line, &v);
        }
    }
    Ok(changed)
}

/// The search listing `current` with the line of `name` set from its index lines
/// `index_lines` (its newest version not yanked; none when all are yanked).
///
/// # Errors
/// A serialisation error (none in practice).
pub(crate) fn search_with(
    current: &str,
    name: &PluginName,
    index_lines: &[String],
) -> Result<String, serde_json::Error> {
    {
        let mut entries: BTreeMap<String, SearchEntry> = current
            .lines()
            .filter_map(|l| serde_json::from_str::<SearchEntry>(l).ok())
            .map(|e| (e.name.to_ascii_lowercase().replace('_', "-"), e))
            .collect();
        let newest = index_lines
            .iter()
            .filter_map(|l| serde_json::from_str::<IndexLine>(l).ok())
            .filter(|l| !l.yanked)
            .max_by(|a, b| a.vers.cmp(&b.vers));
        match newest {
            Some(l) => {
                entries.insert(
                    name.canonical().to_string(),
                    SearchEntry {
                        name: l.name.to_string(),
                        vers: l.vers.to_string(),
                        description: l.description.unwrap_or_default(),
                    },
                );
            }
            None => {
                entries.remove(name.canonical());
            }
        }
        entries
            .values()
            .map(|e| serde_json::to_string(e).map(|l| l + "\n"))
            .collect()
    }
}

/// Changes only the `yanked` value in the text of `line`, keeping everything else as written
/// (compact JSON, as `publish` writes it); re-serialises `value` if the flag is not found there.
fn rewrite_line(line: &str, value: &serde_json::Value) -> String {
    let yanked = value["yanked"].as_bool().unwrap_or(false);
    let (from, to) = (
        format!("\"yanked\":{}", !yanked),
        format!("\"yanked\":{yanked}"),
    );
    if line.contains(&from) {
        line.replacen(&from, &to, 1)
    } else if line.contains(&to) {
        line.to_string()
    } else {
        value.to_string()
    }
}

/// One problem `plugin index verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, relative to the registry root.
    pub file: String,
    /// The line (1-based), if the problem is on one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Checks every index file of the registry folder `dir`: every line parses, names match the
/// file's path, versions are unique, archives exist where `dl` says, checksums match, and each
/// archive's `plugin.toml` agrees with its line (name, version, dependencies, host). Returns the
/// problems and the number of versions checked.
///
/// # Errors
/// [`RegistryError::NotARegistry`].
pub fn verify(dir: &Path) -> Result<(Vec<Problem>, usize), RegistryError> {
    let config_path = dir.join("config.json");
    let config: IndexConfig =
        serde_json::from_slice(&std::fs::read(&config_path).map_err(|_| {
            RegistryError::NotARegistry {
                dir: dir.to_path_buf(),
            }
        })?)
        .map_err(|e| file_err(&config_path, e))?;
    let mut problems = Vec::new();
    let mut checked = 0;
    let files = crate::fs::list_files(dir).map_err(|e| file_err(dir, e))?;
    for rel in files {
        if !is_index_file(&rel, &config) {
            continue;
        }
        let text = match std::fs::read_to_string(dir.join(&rel)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem {
                    file: rel.clone(),
                    line: None,
                    message: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        checked += check_index_file(&rel, &text, &config, &mut problems, &mut |dl| {
            Some(dir.join(dl))
        });
    }
    Ok((problems, checked))
}

/// The folder (relative to the root, no trailing `/`) that `dl` puts archives in: the fixed
/// part before its first marker; `""` when it starts with one.
pub(crate) fn archive_prefix(config: &IndexConfig) -> String {
    config
        .dl
        .split('{')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// Whether `rel` (a path from the registry root) is an index file: not `config.json`, not
/// the search listing, not hidden, not below the archives' folder.
pub(crate) fn is_index_file(rel: &str, config: &IndexConfig) -> bool {
    let skip_prefix = archive_prefix(config);
    let top = rel.split('/').next().unwrap_or("");
    !(rel == "config.json"
        || rel == SEARCH_FILE
        || crate::source::tuf::is_metadata(rel)
        || top.starts_with('.')
        || top == crate::source::advisory::ADVISORY_DIR
        || (!skip_prefix.is_empty()
            && (rel == skip_prefix || rel.starts_with(&format!("{skip_prefix}/")))))
}

/// Checks the index file `rel` with content `text` (see [`verify`]), adding what is wrong to
/// `problems`; `archive` gives the local path of the archive that `dl` names (`None`, or a
/// path that cannot be read: missing). Returns the number of versions checked.
pub(crate) fn check_index_file(
    rel: &str,
    text: &str,
    config: &IndexConfig,
    problems: &mut Vec<Problem>,
    archive: &mut dyn FnMut(&str) -> Option<PathBuf>,
) -> usize {
    let rel = rel.to_string();
    let mut checked = 0;
    {
        let mut seen = std::collections::BTreeSet::new();
        for (i, raw) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = |message: String| Problem {
                file: rel.clone(),
                line: Some(i + 1),
                message,
            };
            let line: IndexLine = match serde_json::from_str(raw) {
                Ok(l) => l,
                Err(e) => {
                    problems.push(at(format!("not a valid index line: {e}")));
                    continue;
                }
            };
            checked += 1;
            if !line.name.index_paths().contains(&rel) {
                problems.push(at(format!(
                    "names `{}`, whose index file is `{}`",
                    line.name,
                    line.name.index_path()
                )));
            }
            if !seen.insert(line.vers.clone()) {
                problems.push(at(format!("version {} appears twice", line.vers)));
            }
            let dl = config.expand(&line.name, &line.vers, &line.cksum);
            if dl.contains("://") {
                continue;
            }
            let Some(archive) = archive(&dl) else {
                problems.push(at(format!("the archive `{dl}` is missing")));
                continue;
            };
            match Sha256::of_file(&archive) {
                Err(_) => {
                    problems.push(at(format!("the archive `{dl}` is missing")));
                    continue;
                }
                Ok(actual) if actual != line.cksum => {
                    problems.push(at(format!(
                        "the archive `{dl}` has sha256 {actual}, the line says {}",
                        line.cksum
                    )));
                    continue;
                }
                Ok(_) => {}
            }
            match archive_manifest(&archive, &dl) {
                Err(e) => problems.push(at(format!("the archive `{dl}` is invalid: {e:#}"))),
                Ok(m) => problems.extend(disagreements(&m, &line).into_iter().map(&at)),
            }
        }
    }
    checked
}

fn archive_manifest(path: &Path, label: &str) -> anyhow::Result<PluginManifest> {
    let found = Archive::open(path, label)?.read_manifest()?;
    Ok(PluginManifest::parse(&found.text, &format!("archive `{label}`"))?.0)
}

/// Where an archive's manifest and its index line differ.
fn disagreements(m: &PluginManifest, line: &IndexLine) -> Vec<String> {
    let mut out = Vec::new();
    if m.plugin.name.as_str() != line.name.as_str() || m.plugin.version != line.vers {
        out.push(format!(
            "the archive's plugin.toml says `{}` {}, the line `{}` {}",
            m.plugin.name, m.plugin.version, line.name, line.vers
        ));
    }
    let from_manifest: BTreeMap<String, String> = m
        .dependencies
        .iter()
        .map(|(n, d)| (n.canonical().to_string(), d.req().to_string()))
        .collect();
    let from_line: BTreeMap<String, String> = line
        .deps
        .iter()
        .map(|d| (d.name.canonical().to_string(), d.req.to_string()))
        .collect();
    if from_manifest != from_line {
        out.push(format!(
            "dependencies differ: plugin.toml has {from_manifest:?}, the line {from_line:?}"
        ));
    }
    if m.plugin.host != line.host {
        out.push("the host requirement differs between plugin.toml and the line".into());
    }
    out
}

/// Deletes the archives of the registry folder `dir` that no index line names (left by a
/// publish that stopped between writing the archive and its line), holding the write lock;
/// returns their paths relative to `dir`. Nothing is deleted when a line does not parse (it
/// might name one), nor when `dl` starts with a marker (archives cannot be told from index
/// files then).
///
/// # Errors
/// [`RegistryError::NotARegistry`], a line that does not parse, I/O errors.
pub fn gc(dir: &Path, on_wait: impl FnOnce()) -> Result<Vec<String>, RegistryError> {
    let registry = LocalRegistry::open(dir, on_wait)?;
    let prefix = archive_prefix(&registry.config);
    if prefix.is_empty() {
        return Ok(Vec::new());
    }
    let files = crate::fs::list_files(dir).map_err(|e| file_err(dir, e))?;
    let mut named = std::collections::BTreeSet::new();
    for rel in files.iter().filter(|r| is_index_file(r, &registry.config)) {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| file_err(&path, e))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let l: IndexLine = serde_json::from_str(line).map_err(|e| {
                file_err(
                    &path,
                    format!("a line is not a valid index line ({e}): nothing was deleted"),
                )
            })?;
            named.insert(registry.config.expand(&l.name, &l.vers, &l.cksum));
        }
    }
    let orphans: Vec<String> = files
        .into_iter()
        .filter(|r| r.starts_with(&format!("{prefix}/")) && !named.contains(r))
        .collect();
    for rel in &orphans {
        let path = dir.join(rel);
        std::fs::remove_file(&path).map_err(|e| file_err(&path, e))?;
    }
    Ok(orphans)
}

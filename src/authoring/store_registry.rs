//! Keeping a registry in an object store (`s3://BUCKET/PREFIX`, see
//! [`crate::source::store`]): `plugin index init`, `publish`, `yank`, `index verify` and
//! `index gc`, with the layout of a registry folder ([`crate::authoring::local_registry`]).
//!
//! There is no lock: several publishers (CI pipelines) may write at once, and none loses
//! another's version. A publish first uploads the archive create-only (`If-None-Match: *`;
//! its key never gets other bytes: the same bytes again are fine, others are refused), then
//! updates the plugin's index file and `search.jsonl`, each with a conditional write
//! (`If-Match` on the ETag read; create-only for a new file). A write that loses is retried
//! from a fresh read, at most [`ATTEMPTS`] times with a jittered backoff. A publish killed on
//! the way leaves at worst an archive that no index line names (an *orphan*), which
//! `index verify` reports and `index gc` deletes.

use std::path::PathBuf;
use std::time::Duration;

use crate::checksum::Sha256;
use crate::install::archive::ArchiveFormat;
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::source::index::{IndexConfig, IndexLine};
use crate::source::store::{Got, ObjectKind, Store, StoreError, WriteMode};

use super::local_registry::{
    archive_prefix, check_index_file, index_line, is_index_file, search_with, set_yanked, Problem,
    RegistryError, DEFAULT_DL, SEARCH_FILE,
};

/// How many times a conditional write is tried before giving up.
pub const ATTEMPTS: u32 = 16;

/// The largest object read back (index files, config.json, search.jsonl), bytes.
const MAX_READ: u64 = 256 << 20;

fn as_dir(store: &Store) -> PathBuf {
    PathBuf::from(store.url())
}

/// An object's bytes and ETag.
type Object = (Vec<u8>, Option<String>);

/// Object `rel` of `store` (at most [`MAX_READ`] bytes) with its ETag; `None` when there is
/// none.
///
/// # Errors
/// [`StoreError`].
pub(crate) fn read(store: &Store, rel: &str) -> Result<Option<Object>, StoreError> {
    match store.get(rel, MAX_READ, "max-metadata-size", None)? {
        Got::Body(b, etag) => Ok(Some((b, etag))),
        Got::NotFound | Got::NotModified => Ok(None),
    }
}

/// Creates `config.json` (`dl` = [`DEFAULT_DL`]) and an empty `search.jsonl` in `store`,
/// each create-only; returns whether `config.json` was created.
///
/// # Errors
/// [`StoreError`].
pub fn init(store: &Store) -> Result<bool, StoreError> {
    let text = format!("{}\n", serde_json::json!({ "dl": DEFAULT_DL }));
    let created = match store.put(
        "config.json",
        text.into_bytes(),
        &WriteMode::Create,
        ObjectKind::Index { json: true },
    ) {
        Ok(_) => true,
        Err(StoreError::Conflict { .. }) => false,
        Err(e) => return Err(e),
    };
    match store.put(
        SEARCH_FILE,
        Vec::new(),
        &WriteMode::Create,
        ObjectKind::Index { json: false },
    ) {
        Ok(_) | Err(StoreError::Conflict { .. }) => {}
        Err(e) => return Err(e),
    }
    Ok(created)
}

/// `config.json` of the registry in `store`.
///
/// # Errors
/// [`RegistryError::NotARegistry`] without one; store errors.
pub fn config(store: &Store) -> anyhow::Result<IndexConfig> {
    let (bytes, _) = read(store, "config.json")?
        .ok_or_else(|| RegistryError::NotARegistry { dir: as_dir(store) })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        RegistryError::File {
            path: as_dir(store).join("config.json"),
            message: e.to_string(),
        }
        .into()
    })
}

/// Where `dl` puts the archive of `name` `version`: a key below the prefix.
fn archive_key(
    store: &Store,
    config: &IndexConfig,
    name: &PluginName,
    version: &semver::Version,
    cksum: &Sha256,
) -> Result<String, RegistryError> {
    let dl = config.expand(name, version, cksum);
    let inside = !dl.contains("://")
        && std::path::Path::new(&dl)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return Err(RegistryError::RemoteDl {
            dir: as_dir(store),
            dl: config.dl.clone(),
        });
    }
    Ok(dl)
}

/// A pause before attempt `attempt` (1-based) of a write that lost: 20 ms doubling up to
/// about 1 s, with full jitter, so that racing writers spread out.
pub(crate) fn backoff(attempt: u32) {
    let cap = 20u64 << attempt.min(6);
    std::thread::sleep(Duration::from_millis(fastrand::u64(cap / 2..=cap)));
}

/// Reads object `rel` and writes what `change` makes of its lines (empty when there is no
/// object) with a conditional write, retrying from a fresh read when another writer won.
/// `change` returns `None` to write nothing. Returns what the last call of `change` returned.
///
/// # Errors
/// What `change` returns; [`StoreError::Conflict`] once every attempt lost; store errors.
fn update<T>(
    store: &Store,
    rel: &str,
    kind: ObjectKind,
    mut change: impl FnMut(&str) -> anyhow::Result<(Option<String>, T)>,
) -> anyhow::Result<T> {
    for attempt in 1..=ATTEMPTS {
        let current = read(store, rel)?;
        let mode = write_mode(store, rel, current.as_ref().map(|(_, etag)| etag.clone()))?;
        let text = current
            .as_ref()
            .map(|(b, _)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let (new, out) = change(&text)?;
        let Some(new) = new else { return Ok(out) };
        match store.put(rel, new.into_bytes(), &mode, kind) {
            Ok(_) => return Ok(out),
            Err(StoreError::Conflict { .. }) if attempt < ATTEMPTS => backoff(attempt),
            Err(e @ StoreError::Conflict { .. }) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "`{rel}` kept changing under {ATTEMPTS} attempts to write it"
                )))
            }
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("the last attempt returns")
}

/// The conditional write that replaces object `rel` as it was read: create-only when there
/// was none (`None`), `If-Match` on its ETag otherwise.
///
/// # Errors
/// [`StoreError::Other`] for an object read without an ETag (the store cannot take
/// conditional writes).
pub(crate) fn write_mode(
    store: &Store,
    rel: &str,
    etag: Option<Option<String>>,
) -> Result<WriteMode, StoreError> {
    match etag {
        None => Ok(WriteMode::Create),
        Some(Some(e)) => Ok(WriteMode::Update(e)),
        Some(None) => Err(StoreError::Other {
            url: store.url().to_string(),
            message: format!(
                "`{rel}` came without an ETag: the store cannot take conditional writes"
            ),
        }),
    }
}

fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn joined(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Rewrites the search listing's line of `name` from its index file as it is now.
fn update_search(store: &Store, name: &PluginName) -> anyhow::Result<()> {
    update(
        store,
        SEARCH_FILE,
        ObjectKind::Index { json: false },
        |current| {
            // The index file is read again on each attempt: another publisher of the same
            // plugin may have added a newer version since.
            let index = read(store, &name.index_path())?
                .map(|(b, _)| lines_of(&String::from_utf8_lossy(&b)))
                .unwrap_or_default();
            let text = search_with(current, name, &index)?;
            Ok(((text != current).then_some(text), ()))
        },
    )
}

/// Publishes the archive at `archive` into the registry in `store` (see the module's
/// documentation for the order of writes). Returns the manifest and the archive's sha256.
///
/// # Errors
/// [`RegistryError::Exists`] when the version is in the index already or another archive
/// has its key; store, archive and manifest errors.
pub fn publish(
    store: &Store,
    archive: &std::path::Path,
    published: std::time::SystemTime,
) -> anyhow::Result<(PluginManifest, Sha256)> {
    let config = config(store)?;
    let (opened, manifest) = crate::authoring::local_registry::open_to_publish(archive)?;
    let name = &manifest.plugin.name;
    let version = &manifest.plugin.version;
    let exists = || RegistryError::Exists {
        dir: as_dir(store),
        name: name.to_string(),
        version: version.to_string(),
    };
    let has_version = |text: &str| {
        lines_of(text)
            .iter()
            .any(|l| serde_json::from_str::<IndexLine>(l).is_ok_and(|x| x.vers == *version))
    };
    let index_rel = name.index_path();
    if let Some((b, _)) = read(store, &index_rel)? {
        if has_version(&String::from_utf8_lossy(&b)) {
            return Err(exists().into());
        }
    }
    let bytes = std::fs::read(archive)?;
    let cksum = Sha256::of(&bytes);
    let key = archive_key(store, &config, name, version, &cksum)?;
    let zip = opened.format() == ArchiveFormat::Zip;
    match store.put(&key, bytes, &WriteMode::Create, ObjectKind::Archive { zip }) {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            // Written before (a publish that stopped before its index line, or another
            // publisher of the very same archive): the same bytes are fine.
            let same = match store.reader(&key)? {
                Some((mut r, _)) => {
                    let mut hasher = crate::checksum::HashingWriter::new(std::io::sink());
                    std::io::copy(&mut r, &mut hasher)?;
                    hasher.finish().1 == cksum
                }
                None => false,
            };
            if !same {
                return Err(anyhow::Error::new(exists()).context(format!(
                    "`{key}` holds another archive, and an archive's key never gets other bytes"
                )));
            }
        }
        Err(e) => return Err(e.into()),
    }
    let line = index_line(&manifest, opened.format(), &cksum, published)?;
    let mut attempt = 0;
    update(
        store,
        &index_rel,
        ObjectKind::Index { json: false },
        |text| {
            attempt += 1;
            if has_version(text) {
                // After a lost answer (a write that landed, retried by the client and then
                // refused as a conflict), the line found is this very one.
                let ours = lines_of(text).iter().any(|l| {
                    serde_json::from_str::<IndexLine>(l)
                        .is_ok_and(|x| x.vers == *version && x.cksum == cksum)
                });
                if attempt > 1 && ours {
                    return Ok((None, ()));
                }
                return Err(exists().into());
            }
            let mut lines = lines_of(text);
            lines.push(line.clone());
            Ok((Some(joined(&lines)), ()))
        },
    )?;
    update_search(store, name)?;
    Ok((manifest, cksum))
}

/// Sets the `yanked` flag of `name` `version` in the registry in `store`; returns whether it
/// changed.
///
/// # Errors
/// [`RegistryError::Missing`]; store errors.
pub fn yank(
    store: &Store,
    name: &PluginName,
    version: &semver::Version,
    yanked: bool,
) -> anyhow::Result<bool> {
    config(store)?;
    let rel = name.index_path();
    let changed = update(store, &rel, ObjectKind::Index { json: false }, |text| {
        let mut lines = lines_of(text);
        let changed =
            set_yanked(&mut lines, version, yanked)?.ok_or_else(|| RegistryError::Missing {
                dir: as_dir(store),
                name: name.to_string(),
                version: version.to_string(),
            })?;
        Ok((changed.then(|| joined(&lines)), changed))
    })?;
    if changed {
        update_search(store, name)?;
    }
    Ok(changed)
}

/// The archives below the folder `dl` puts them in that no index line names, as keys.
/// None when `dl` starts with a marker: archives then cannot be told from index files.
fn orphans(
    config: &IndexConfig,
    keys: &[String],
    named: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let prefix = archive_prefix(config);
    if prefix.is_empty() {
        return Vec::new();
    }
    keys.iter()
        .filter(|k| k.starts_with(&format!("{prefix}/")) && !named.contains(*k))
        .cloned()
        .collect()
}

/// What [`verify`] found.
#[derive(Debug, Default)]
pub struct Verified {
    /// Problems in index files (each a failure).
    pub problems: Vec<Problem>,
    /// Versions checked.
    pub checked: usize,
    /// Archives no index line names (left by a publish that stopped half-way).
    pub orphans: Vec<String>,
}

/// Checks the registry in `store` as [`crate::authoring::local_registry::verify`] checks a
/// folder (each archive is downloaded to `scratch` and checked), with its advisory files as
/// [`crate::authoring::advisory::verify`] checks a folder's, and lists its orphans.
///
/// # Errors
/// [`RegistryError::NotARegistry`]; store errors.
pub fn verify(store: &Store, scratch: &std::path::Path) -> anyhow::Result<Verified> {
    let config = config(store)?;
    let keys = store.list()?;
    let mut out = Verified::default();
    let mut named = std::collections::BTreeSet::new();
    let mut copy = Vec::new();
    for rel in keys.iter().filter(|k| is_index_file(k, &config)) {
        let Some((bytes, _)) = read(store, rel)? else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut fetch = |dl: &str| -> Option<PathBuf> {
            named.insert(dl.to_string());
            let (mut r, _) = store.reader(dl).ok()??;
            let path = scratch.join(format!("archive-{}", named.len()));
            let mut f = std::fs::File::create(&path).ok()?;
            std::io::copy(&mut r, &mut f).ok()?;
            Some(path)
        };
        out.checked += check_index_file(rel, &text, &config, &mut out.problems, &mut fetch);
        copy.push((rel.clone(), bytes));
    }
    out.orphans = orphans(&config, &keys, &named);
    out.problems.extend(verify_advisories(
        store,
        &keys,
        copy,
        &scratch.join("registry"),
    )?);
    Ok(out)
}

/// The problems of the advisory files below `advisories/` in `store`, as
/// [`crate::authoring::advisory::verify`] finds them in a folder: the advisory files and
/// `index_files` (key and bytes) are written to the scratch folder `dir` in the registry's
/// layout, and that folder is checked.
///
/// # Errors
/// Store errors, and I/O errors of the scratch folder.
fn verify_advisories(
    store: &Store,
    keys: &[String],
    index_files: Vec<(String, Vec<u8>)>,
    dir: &std::path::Path,
) -> anyhow::Result<Vec<Problem>> {
    let prefix = format!("{}/", crate::source::advisory::ADVISORY_DIR);
    let advisories: Vec<&String> = keys.iter().filter(|k| k.starts_with(&prefix)).collect();
    if advisories.is_empty() {
        return Ok(Vec::new());
    }
    let mut problems = Vec::new();
    let safe = |key: &str| {
        key.split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'))
    };
    let write = |key: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        Ok(())
    };
    for (key, bytes) in &index_files {
        if safe(key) {
            write(key, bytes)?;
        }
    }
    for key in advisories {
        if !safe(key) {
            problems.push(Problem {
                file: key.clone(),
                line: None,
                message: format!(
                    "is not at the advisory path of a plugin (`{prefix}` + its index path)"
                ),
            });
            continue;
        }
        if let Some((bytes, _)) = read(store, key)? {
            write(key, &bytes)?;
        }
    }
    problems.extend(crate::authoring::advisory::verify(dir));
    Ok(problems)
}

/// Deletes the orphans of the registry in `store` (see [`verify`]); returns their keys.
/// Run it when no publish is under way: an archive uploaded a moment ago may be one whose
/// index line is about to be written.
///
/// # Errors
/// [`RegistryError::NotARegistry`]; store errors.
pub fn gc(store: &Store) -> anyhow::Result<Vec<String>> {
    let config = config(store)?;
    let keys = store.list()?;
    let mut named = std::collections::BTreeSet::new();
    for rel in keys.iter().filter(|k| is_index_file(k, &config)) {
        let Some((bytes, _)) = read(store, rel)? else {
            continue;
        };
        for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            // An archive is deleted only when every line was read: a line that does not
            // parse might name it.
            let l = serde_json::from_str::<IndexLine>(line).map_err(|e| {
                anyhow::anyhow!("line {} of `{rel}` is not a valid index line ({e}): nothing was deleted; fix it first (`plugin index verify`)", i + 1)
            })?;
            named.insert(config.expand(&l.name, &l.vers, &l.cksum));
        }
    }
    let orphans = orphans(&config, &keys, &named);
    for key in &orphans {
        store.delete(key)?;
    }
    Ok(orphans)
}

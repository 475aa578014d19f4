//! Direct sources: plugins from an archive URL or from a local folder or archive. Their name,
//! version and dependencies are known only from their own manifest, so they are fetched (or
//! read) before resolution and take part in it at that fixed version.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use url::Url;

use crate::checksum::Sha256;
use crate::install::fetch::{FetchRequest, Fetched};
use crate::install::stage::{
    fetch_unpacking, folder_manifest, stage_folder, StageArea, StagedPlugin,
};
use crate::install::verify_archive;
use crate::manifest::PluginManifest;
use crate::resolve::{Dependency, Origin, Pinned, Resolved};
use crate::source::http::{Http, RequestOptions};
use crate::source::index::Download;
use crate::source_id::SourceId;

/// A direct plugin ready to commit: its staged files and where they came from.
#[derive(Debug)]
pub struct Prepared {
    /// What resolution should use.
    pub pinned: Pinned,
    /// The staged files.
    pub staged: StagedPlugin,
    /// The downloaded archive, kept until the install commits.
    pub fetched: Option<Fetched>,
}

/// A direct source that could not be prepared.
pub type DirectError = anyhow::Error;

fn resolved_from(
    manifest: &PluginManifest,
    source: SourceId,
    origin: Origin,
    checksum: Option<Sha256>,
) -> Resolved {
    Resolved {
        name: manifest.plugin.name.clone(),
        version: manifest.plugin.version.clone(),
        source,
        origin,
        checksum,
        dependencies: manifest
            .dependencies
            .iter()
            .map(|(n, d)| Dependency {
                name: n.clone(),
                req: d.req().clone(),
                registry: d.registry().map(str::to_string),
            })
            .collect(),
        host: manifest.plugin.host.clone(),
        yanked: false,
    }
}

/// Downloads the archive at `url`, checks it against `expected` when given, and stages it.
/// A plain `http://` URL off loopback is refused before any request, with or without
/// `expected` (see [`crate::source_id::check_transport`]): nothing authenticates what a
/// plaintext connection delivers, and a checksum taken from that same download would
/// only record what an attacker sent.
///
/// # Errors
/// The plain-http refusal; download, checksum, archive and manifest errors, with context
/// naming the URL (without its credentials).
pub fn prepare_url(
    url: &Url,
    expected: Option<Sha256>,
    http: &Http,
    area: &StageArea<'_>,
) -> anyhow::Result<Prepared> {
    crate::source_id::check_transport(url, false, crate::source_id::Entry::Archive)
        .map_err(|e| crate::error::hinted(e.to_string(), e.hint()))?;
    let download = Download::Url(url.clone());
    let label = download.to_string();
    let unpacking = fetch_unpacking(
        &FetchRequest {
            download: &download,
            http: Some(http),
            options: &RequestOptions::default(),
            expected,
            cache: area.cache,
            label: &label,
        },
        &label,
        area,
    )?;
    let (staged, fetched) = unpacking.stage(None, area)?;
    if let Some(exp) = expected {
        verify_archive::checksum(&staged.manifest.plugin.name, &label, &exp, &fetched.sha256)?;
    }
    let resolved = resolved_from(
        &staged.manifest,
        SourceId::url(url),
        Origin::Url(url.clone()),
        Some(fetched.sha256),
    );
    Ok(Prepared {
        pinned: Pinned { resolved },
        staged,
        fetched: Some(fetched),
    })
}

/// Reads the plugin at `path` (a folder with `plugin.toml`, or an archive) and stages it.
/// `spelled` is the path as plugins.toml writes it.
///
/// # Errors
/// I/O, archive and manifest errors.
pub fn prepare_path(path: &Path, spelled: &str, area: &StageArea<'_>) -> anyhow::Result<Prepared> {
    let (staging, printer) = (area.dir.as_path(), area.printer);
    let source = SourceId::Path(spelled.to_string());
    let origin = Origin::Path(path.to_path_buf());
    if path.is_dir() {
        let (manifest, warnings) = folder_manifest(path)?;
        for w in warnings {
            printer.warn(w);
        }
        let staged = stage_folder(path, manifest, staging)?;
        let resolved = resolved_from(&staged.manifest, source, origin, None);
        return Ok(Prepared {
            pinned: Pinned { resolved },
            staged,
            fetched: None,
        });
    }
    if !path.exists() {
        anyhow::bail!("`{}` does not exist", path.display());
    }
    let download = Download::File(path.to_path_buf());
    let label = path.display().to_string();
    let unpacking = fetch_unpacking(
        &FetchRequest {
            download: &download,
            http: None,
            options: &RequestOptions::default(),
            expected: None,
            cache: None,
            label: &label,
        },
        &label,
        area,
    )?;
    let (staged, fetched) = unpacking.stage(None, area)?;
    let resolved = resolved_from(&staged.manifest, source, origin, Some(fetched.sha256));
    Ok(Prepared {
        pinned: Pinned { resolved },
        staged,
        fetched: Some(fetched),
    })
}

/// The absolute path a `{ path = … }` entry points at.
pub fn absolute(root: &Path, spelled: &str) -> PathBuf {
    root.join(spelled)
}

/// Direct plugins by name, with their staged files where they were prepared.
pub type PreparedSet = BTreeMap<crate::name::PluginName, Prepared>;

//! `plugin mirror DIR`: a registry holding exactly the locked packages, for air-gapped
//! machines (like Terraform's provider mirror or `cargo vendor`).
//!
//! DIR gets `config.json` (`{"dl": "packages/{name}/{version}/download"}`), each locked
//! archive at `packages/NAME/VERSION/download`, and one index file per plugin in cargo's layout
//! whose line is rebuilt from the archive's own `plugin.toml`. Dependencies lose any `registry`
//! key, since everything comes from the mirror. `plugin install --offline --registry DIR` then
//! installs with no network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::json;

use crate::archive::Archive;
use crate::checksum::Sha256;
use crate::fetch::{fetch, FetchRequest};
use crate::http::{Http, RequestOptions};
use crate::index::Download;
use crate::lockfile::LockedPlugin;
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::printer::Printer;
use crate::resolve::Registries;
use crate::source::SourceId;
use crate::verify;

/// The download template of a mirror.
pub const MIRROR_DL: &str = "packages/{name}/{version}/download";

/// What a mirror run did.
#[derive(Debug, Default)]
pub struct Mirrored {
    /// Plugins written into the mirror.
    pub plugins: Vec<(PluginName, semver::Version)>,
    /// Plugins left out (path sources have no archive).
    pub skipped: Vec<(PluginName, String)>,
}

/// Writes the archives of `locked` and their index lines into `dir`.
///
/// # Errors
/// Download, checksum, archive and I/O errors, naming the plugin.
pub fn mirror(
    locked: &[LockedPlugin],
    registries: &Registries<'_>,
    http: &Http,
    cache: Option<&crate::cache::Cache>,
    staging: &Path,
    dir: &Path,
    printer: &Printer,
) -> anyhow::Result<Mirrored> {
    let mut done = Mirrored::default();
    let mut lines: BTreeMap<PluginName, Vec<String>> = BTreeMap::new();
    for p in locked {
        let expected = p.checksum;
        let (download, options) = match &p.source {
            SourceId::Path(path) => {
                done.skipped
                    .push((p.name.clone(), format!("it comes from the folder `{path}`")));
                continue;
            }
            SourceId::Url(u) => (
                Download::Url(u.parse().with_context(|| format!("invalid URL `{u}`"))?),
                RequestOptions::default(),
            ),
            SourceId::Registry(_) => {
                let key = registries.key_for_source(&p.source).with_context(|| {
                    format!(
                        "the registry of `{}` ({}) is not in plugins.toml any more",
                        p.name, p.source
                    )
                })?;
                let index = registries.get(Some(&key))?;
                let cksum = expected
                    .with_context(|| format!("plugins.lock has no checksum for `{}`", p.name))?;
                (
                    index.download(&p.name, &p.version, &cksum)?,
                    index.download_options()?,
                )
            }
        };
        let fetched = fetch(
            &FetchRequest {
                download: &download,
                http: Some(http),
                options: &options,
                expected,
                cache,
                label: p.name.as_str(),
            },
            staging,
            printer,
        )
        .with_context(|| format!("could not fetch `{}` {}", p.name, p.version))?;
        if let Some(e) = expected {
            verify::checksum(&p.name, &fetched.from, &e, &fetched.sha256)?;
        }
        let label = format!("{} {}", p.name, p.version);
        let archive = Archive::open(fetched.file.path(), &label)?;
        let found = archive.read_manifest()?;
        let (manifest, _) = PluginManifest::parse(&found.text, &format!("archive `{label}`"))?;
        verify::manifest_matches(
            &p.name,
            &p.version,
            &manifest.plugin.name,
            &manifest.plugin.version,
        )?;
        let target = dir
            .join("packages")
            .join(p.name.as_str())
            .join(p.version.to_string())
            .join("download");
        std::fs::create_dir_all(target.parent().expect("a parent"))?;
        std::fs::copy(fetched.file.path(), &target)
            .with_context(|| format!("could not write `{}`", target.display()))?;
        lines
            .entry(p.name.clone())
            .or_default()
            .push(index_line(&manifest, &fetched.sha256, archive.format()).to_string());
        printer.status("Mirrored", format_args!("{} v{}", p.name, p.version));
        done.plugins.push((p.name.clone(), p.version.clone()));
    }
    for (name, new_lines) in lines {
        let path: PathBuf = dir.join(name.index_path());
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        // Keep the versions mirrored earlier, replacing the ones mirrored again.
        let mut by_version: BTreeMap<String, String> = BTreeMap::new();
        if let Ok(old) = std::fs::read_to_string(&path) {
            for l in old.lines().filter(|l| !l.trim().is_empty()) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(l) {
                    by_version.insert(
                        v["vers"].as_str().unwrap_or_default().to_string(),
                        l.to_string(),
                    );
                }
            }
        }
        for l in new_lines {
            let v: serde_json::Value = serde_json::from_str(&l).expect("we wrote it");
            by_version.insert(v["vers"].as_str().unwrap_or_default().to_string(), l);
        }
        let text: String = by_version.into_values().map(|l| l + "\n").collect();
        crate::fs::write_atomic(&path, text.as_bytes())?;
    }
    let config = dir.join("config.json");
    if !config.exists() {
        crate::fs::write_atomic(
            &config,
            format!("{}\n", json!({ "dl": MIRROR_DL })).as_bytes(),
        )?;
    }
    Ok(done)
}

fn index_line(
    m: &PluginManifest,
    cksum: &Sha256,
    format: crate::archive::ArchiveFormat,
) -> serde_json::Value {
    let deps: Vec<serde_json::Value> = m
        .dependencies
        .iter()
        .map(|(n, d)| json!({ "name": n.as_str(), "req": d.req().to_string() }))
        .collect();
    let mut line = json!({
        "name": m.plugin.name.as_str(),
        "vers": m.plugin.version.to_string(),
        "deps": deps,
        "cksum": cksum.to_hex(),
        "yanked": false,
        "format": match format {
            crate::archive::ArchiveFormat::TarGz => "tar.gz",
            crate::archive::ArchiveFormat::Zip => "zip",
        },
    });
    if let Some(h) = &m.plugin.host {
        line["host"] = json!({ "name": h.name, "version": h.version.to_string() });
    }
    if let Some(d) = &m.plugin.description {
        line["description"] = json!(d);
    }
    line
}

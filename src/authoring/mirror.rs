//! Mirrors: a registry's packages read from somewhere else, and `plugin mirror DIR`, which
//! writes such a place.
//!
//! # Replacing a registry
//!
//! A [`Mirror`](crate::project::mirror::Mirror) stands in for one registry of `[registries]` (cargo's source replacement,
//! `[source.NAME] replace-with`, <https://doc.rust-lang.org/cargo/reference/source-replacement.html>):
//! index files, `config.json` and archives are read from the mirror, while the registry keeps
//! its identity. The source recorded in plugins.lock and in the install records stays
//! `registry+ORIGINAL`, so a project installs from a mirror under `--locked` and `--frozen`
//! without any change to plugins.toml's requirements or to plugins.lock, and every archive is
//! still checked against the checksum of its lock entry or index line. A mirror is set, first
//! match wins, by
//!
//! 1. `--mirror [NAME=]LOCATION` on the command line (repeatable; relative to the working
//!    directory),
//! 2. `PLUGIN_MIRROR=[NAME=]LOCATION` (one value; relative to the working directory),
//! 3. `mirror = "LOCATION"` in the registry's table in plugins.toml (relative to plugins.toml).
//!
//! Without `NAME=`, the value is for `default`. LOCATION is a folder, a `file://` URL or an
//! HTTP(S) URL, with the same plain-http rule as a registry (see
//! [`crate::source_id::check_transport`]). A token is looked up for the mirror's own URL, never
//! sent there because the replaced registry has one. A package the mirror lacks is an error
//! naming the mirror ([`crate::source::index::IndexError::NotInMirror`]); nothing falls back to the
//! registry itself.
//!
//! # `plugin mirror DIR`
//!
//! A registry holding exactly the locked packages, for air-gapped machines (like `cargo
//! vendor`). DIR gets `config.json` (`{"dl": "packages/{name}/{version}/download"}`), each
//! locked archive at `packages/NAME/VERSION/download`, and one index file per plugin in cargo's
//! layout whose line is rebuilt from the archive's own `plugin.toml` (dependencies keep their
//! `registry` key: the mirror stands in for the registries of plugins.toml, whose names stay).
//! It always reads the registries themselves, never a mirror set for them (as `cargo vendor`
//! ignores source replacement), so that it can refresh the mirror it would otherwise read.
//! [`use_hint`] says what to add to plugins.toml to install from it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::json;

use crate::checksum::Sha256;
use crate::install::archive::Archive;
use crate::install::fetch::{fetch, FetchRequest};
use crate::install::verify_archive;
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::printer::Printer;
use crate::project::lockfile::LockedPlugin;
use crate::resolve::Registries;
use crate::source::http::{Http, RequestOptions};
use crate::source::index::Download;
use crate::source_id::SourceId;

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

/// A signed registry being mirrored: the files copied as they are signed (index files,
/// advisories, `config.json`), by their path from its root.
struct SignedCopy {
    key: String,
    label: String,
    root: crate::source::tuf::TrustedRoot,
    files: BTreeMap<String, Vec<u8>>,
}

/// Where one locked plugin's archive comes from, and where it goes in the mirror.
struct Planned {
    download: Download,
    options: RequestOptions,
    /// The archive's path in the mirror, from its root.
    target: String,
}

/// Writes the archives of `locked` and their index lines into `dir`. A signed registry's
/// index files, advisories, `config.json` and TUF metadata are copied byte for byte, and
/// its archives go where its own `dl` puts them, so that the mirror verifies against the
/// registry's root (see [`write_signed`]).
///
/// # Errors
/// Download, checksum, archive and I/O errors, naming the plugin; a signed registry whose
/// `dl` is not a path inside it, or mirrored together with another registry.
pub fn mirror(
    locked: &[LockedPlugin],
    registries: &Registries<'_>,
    http: &Http,
    cache: Option<&crate::source::cache::Cache>,
    staging: &Path,
    dir: &Path,
    printer: &Printer,
) -> anyhow::Result<Mirrored> {
    let mut done = Mirrored::default();
    let mut lines: BTreeMap<PluginName, Vec<String>> = BTreeMap::new();
    let mut advisories: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut signed: Option<SignedCopy> = None;
    let mut unsigned_keys = std::collections::BTreeSet::new();
    for p in locked {
        let expected = p.checksum;
        let plan = match &p.source {
            SourceId::Path(path) => {
                done.skipped
                    .push((p.name.clone(), format!("it comes from the folder `{path}`")));
                continue;
            }
            SourceId::Url(u) => Planned {
                download: Download::Url(u.parse().with_context(|| format!("invalid URL `{u}`"))?),
                options: RequestOptions::default(),
                target: mirror_path(p),
            },
            SourceId::Registry(_) => plan_registry(
                p,
                registries,
                &mut signed,
                &mut unsigned_keys,
                &mut advisories,
            )?,
        };
        let fetched = fetch(
            &FetchRequest {
                download: &plan.download,
                http: Some(http),
                options: &plan.options,
                expected,
                cache,
                label: p.name.as_str(),
            },
            staging,
            printer,
        )
        .with_context(|| format!("could not fetch `{}` {}", p.name, p.version))?;
        if let Some(e) = expected {
            verify_archive::checksum(&p.name, &fetched.from, &e, &fetched.sha256)?;
        }
        let label = format!("{} {}", p.name, p.version);
        let archive = Archive::open(fetched.file.path(), &label)?;
        let found = archive.read_manifest()?;
        let (manifest, _) = PluginManifest::parse(&found.text, &format!("archive `{label}`"))?;
        verify_archive::manifest_matches(
            &p.name,
            &p.version,
            &manifest.plugin.name,
            &manifest.plugin.version,
        )?;
        let target = dir.join(&plan.target);
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
    if let Some(copy) = signed {
        if let Some(other) = unsigned_keys.iter().find(|k| **k != copy.key) {
            anyhow::bail!(
                "registry `{}` is signed and its mirror must hold its files as they are signed, but plugins.lock also has plugins of registry `{other}`: a mirror of a signed registry holds that registry only",
                copy.key
            );
        }
        let index = registries.get(Some(&copy.key))?;
        return write_signed(index, &copy, dir).map(|()| done);
    }
    write_index_files(dir, lines)?;
    write_advisories(dir, advisories)?;
    let config = dir.join("config.json");
    if !config.exists() {
        crate::fs::write_atomic(
            &config,
            format!("{}\n", json!({ "dl": MIRROR_DL })).as_bytes(),
        )?;
    }
    Ok(done)
}

/// The path of `p`'s archive in a mirror of unsigned registries ([`MIRROR_DL`]).
fn mirror_path(p: &LockedPlugin) -> String {
    format!("packages/{}/{}/download", p.name, p.version)
}

/// Where the archive of `p`, from a registry, comes from and goes; a signed registry's files
/// are gathered into `signed`, the keys of the others into `unsigned`, advisories of unsigned
/// ones into `advisories`.
fn plan_registry(
    p: &LockedPlugin,
    registries: &Registries<'_>,
    signed: &mut Option<SignedCopy>,
    unsigned: &mut std::collections::BTreeSet<String>,
    advisories: &mut BTreeMap<String, Vec<u8>>,
) -> anyhow::Result<Planned> {
    let key = registries.key_for_source(&p.source).with_context(|| {
        format!(
            "the registry of `{}` ({}) is not in plugins.toml any more",
            p.name, p.source
        )
    })?;
    let index = registries.get(Some(&key))?;
    let cksum = p
        .checksum
        .with_context(|| format!("plugins.lock has no checksum for `{}`", p.name))?;
    // The plugin's advisories go with it, so that `plugin audit` and `[policy]` see them on
    // the machine that reads the mirror.
    let advisory = crate::source::advisory::advisory_path(&p.name);
    let Some(root) = index.verified()?.and(index.registry().root.clone()) else {
        if let Some(bytes) = index.read_file(&advisory)? {
            advisories.insert(advisory, bytes);
        }
        unsigned.insert(key);
        return Ok(Planned {
            download: index.download(&p.name, &p.version, &cksum)?,
            options: index.download_options()?,
            target: mirror_path(p),
        });
    };
    if let Some(copy) = signed.as_ref().filter(|c| c.key != key) {
        anyhow::bail!(
            "plugins.lock has plugins of the signed registries `{}` and `{key}`: a mirror of a signed registry holds that registry only",
            copy.key
        );
    }
    let copy = signed.get_or_insert_with(|| SignedCopy {
        key: key.clone(),
        label: index.registry().location.display(),
        root,
        files: BTreeMap::new(),
    });
    for rel in ["config.json".to_string(), advisory]
        .into_iter()
        .chain(p.name.index_paths())
    {
        if let std::collections::btree_map::Entry::Vacant(e) = copy.files.entry(rel) {
            if let Some(bytes) = index.read_file(e.key())? {
                e.insert(bytes);
            }
        }
    }
    let dl = index.config()?.expand(&p.name, &p.version, &cksum);
    let inside = !dl.contains("://")
        && Path::new(&dl).components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    if !inside {
        anyhow::bail!(
            "registry `{key}` is signed and its `config.json` sends downloads to `{dl}`, outside the registry: its mirror keeps `config.json` as signed, so it can hold archives only when `dl` is a path inside the registry"
        );
    }
    Ok(Planned {
        download: index.download(&p.name, &p.version, &cksum)?,
        options: index.download_options()?,
        target: crate::fs::to_slash(Path::new(&dl)),
    })
}

/// Writes the signed files of `copy` and the TUF metadata of `index` (every `N.root.json`,
/// `root.json`, `timestamp.json`, `snapshot.json`, `targets.json`, as served) into `dir`,
/// then verifies the mirror as a client would, from the registry's trusted root: every file
/// copied must be the signed target (a publish in between makes this fail; run it again).
fn write_signed(
    index: &crate::source::index::RegistryIndex<'_>,
    copy: &SignedCopy,
    dir: &Path,
) -> anyhow::Result<()> {
    let write = |rel: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        crate::fs::write_atomic(&path, bytes)
            .with_context(|| format!("could not write `{}`", path.display()))?;
        Ok(())
    };
    for (rel, bytes) in &copy.files {
        write(rel, bytes)?;
    }
    let mut n = 1u64;
    while let Some(bytes) = index.read_metadata(&format!("{n}.root.json"))? {
        write(&format!("{n}.root.json"), &bytes)?;
        n += 1;
    }
    // The roles last, timestamp last of all, as a publisher writes them.
    for rel in [
        "root.json",
        "targets.json",
        "snapshot.json",
        "timestamp.json",
    ] {
        if let Some(bytes) = index.read_metadata(rel)? {
            write(rel, &bytes)?;
        }
    }
    let read = |rel: &str| match std::fs::read(dir.join(rel)) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err((e.to_string(), None)),
    };
    let shown = format!("{} (mirror `{}`)", copy.label, dir.display());
    let verified = crate::source::tuf::load(&shown, &copy.root, &read, None, false)?;
    for (rel, bytes) in &copy.files {
        verified.check(rel, Some(bytes)).with_context(|| {
            format!(
                "the mirror of registry `{}` does not verify: run `plugin mirror` again",
                copy.key
            )
        })?;
    }
    Ok(())
}

/// Writes the index file of each plugin in `lines` into `dir`, keeping the versions mirrored
/// earlier and replacing the ones mirrored again.
fn write_index_files(dir: &Path, lines: BTreeMap<PluginName, Vec<String>>) -> anyhow::Result<()> {
    for (name, new_lines) in lines {
        let path: PathBuf = dir.join(name.index_path());
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
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
    Ok(())
}

/// Writes each advisory file (by its path in a registry) into `dir`.
fn write_advisories(dir: &Path, advisories: BTreeMap<String, Vec<u8>>) -> anyhow::Result<()> {
    for (rel, bytes) in advisories {
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        crate::fs::write_atomic(&path, &bytes)
            .with_context(|| format!("could not write `{}`", path.display()))?;
    }
    Ok(())
}

fn index_line(
    m: &PluginManifest,
    cksum: &Sha256,
    format: crate::install::archive::ArchiveFormat,
) -> serde_json::Value {
    let deps: Vec<serde_json::Value> = m
        .dependencies
        .iter()
        .map(|(n, d)| {
            let mut dep = json!({ "name": n.as_str(), "req": d.req().to_string() });
            if let Some(r) = d.registry() {
                dep["registry"] = json!(r);
            }
            dep
        })
        .collect();
    let mut line = json!({
        "name": m.plugin.name.as_str(),
        "vers": m.plugin.version.to_string(),
        "deps": deps,
        "cksum": cksum.to_hex(),
        "yanked": false,
        "format": match format {
            crate::install::archive::ArchiveFormat::TarGz => "tar.gz",
            crate::install::archive::ArchiveFormat::Zip => "zip",
        },
    });
    if let Some(h) = &m.plugin.host {
        line["host"] = json!({ "name": h.name, "version": h.version.to_string() });
    }
    if let Some(d) = &m.plugin.description {
        line["description"] = json!(d);
    }
    if let Some(l) = &m.plugin.license {
        line["license"] = json!(l);
    }
    line
}

/// What to add to use the mirror at `dir` (as given on the command line, relative to `cwd`)
/// for the registries `keys` of `project`: lines of plugins.toml, then the flag and the
/// variable, for a status message after `plugin mirror DIR`.
pub fn use_hint(
    project: &crate::project::Project,
    cwd: &Path,
    dir: &Path,
    keys: &[String],
) -> String {
    let in_manifest = project.spell_location(&dir.to_string_lossy(), cwd);
    let q = |s: &str| toml_edit::Value::from(s).to_string();
    let mut out = String::from(
        "to install from this mirror with plugins.lock unchanged (`--locked`, `--offline`), put this into plugins.toml:\n",
    );
    for key in keys {
        let Some(entry) = project.manifest().registries.get(key) else {
            continue;
        };
        let options = entry.options();
        out.push_str(&format!(
            "\n  [registries.{key}]\n  index = {}\n",
            q(&options.index)
        ));
        if let Some(ca) = &options.ca_file {
            out.push_str(&format!("  ca-file = {}\n", q(&crate::fs::to_slash(ca))));
        }
        if options.allow_http {
            out.push_str("  allow-http = true\n");
        }
        out.push_str(&format!("  mirror = {}\n", q(&in_manifest)));
    }
    let flags: Vec<String> = keys
        .iter()
        .map(|k| {
            if k == crate::project::DEFAULT_REGISTRY {
                in_manifest.clone()
            } else {
                format!("{k}={in_manifest}")
            }
        })
        .collect();
    let flags_text = flags
        .iter()
        .map(|f| format!("--mirror {f}"))
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "\nin place of the registry's line under `[registries]`. Or leave plugins.toml as it is and run, in its folder, `plugin install --frozen {flags_text}`"
    ));
    if let [only] = flags.as_slice() {
        out.push_str(&format!(
            " (or set `{}={only}`)",
            crate::env::vars::PLUGIN_MIRROR
        ));
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;
    use crate::source_id::RegistryLocation;

    fn project(text: &str) -> Project {
        Project::parse(Path::new("/proj/plugins.toml"), text).expect("valid plugins.toml")
    }

    #[test]
    fn the_hint_prints_a_table_that_parses_with_the_mirror() {
        let p = project("[registries]\ndefault = \"https://r.example/\"\n");
        let hint = use_hint(
            &p,
            Path::new("/proj"),
            Path::new("vendor/plugins"),
            &["default".into()],
        );
        let table: String = hint
            .lines()
            .skip_while(|l| !l.trim().starts_with('['))
            .take_while(|l| !l.trim().is_empty())
            .map(|l| format!("{}\n", l.trim()))
            .collect();
        let p = project(&table);
        assert_eq!(
            p.mirror("default").unwrap().unwrap().location,
            RegistryLocation::Local(PathBuf::from("/proj/vendor/plugins"))
        );
        assert_eq!(p.registry(None).unwrap().spelled, "https://r.example/");
        assert!(
            hint.contains("`plugin install --frozen --mirror vendor/plugins`"),
            "{hint}"
        );
    }
}

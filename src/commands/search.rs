//! `plugin search QUERY` and `plugin info NAME[@VERSION]`: what a registry offers.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde_json::json;

use crate::authoring::local_registry::{SearchEntry, SEARCH_FILE};
use crate::cli::{GlobalArgs, InfoArgs, SearchArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};
use crate::install::fetch::{fetch, FetchRequest};
use crate::manifest::PluginManifest;
use crate::project::{Project, RegistryRef};
use crate::source::index::{Access, RegistryIndex};
use crate::source_id::{Entry, RegistryLocation};

/// The registry named by `--registry` (a key of plugins.toml, a URL or a path), else the
/// project's default. A URL given here passes the one plain-http check
/// ([`crate::source_id::check_transport`]) before any request; a user name and password in it
/// are sent to that registry only and never shown.
fn registry<'c>(
    flag: Option<&str>,
    global: &GlobalArgs,
    ctx: &'c Context,
) -> anyhow::Result<RegistryIndex<'c>> {
    let project = Project::discover(&ctx.cwd, global.manifest_path.as_deref())?;
    let reg = match (flag, &project) {
        (Some(f), Some(p)) if p.manifest().registries.contains_key(f) => p.registry(Some(f))?,
        (Some(f), _) => {
            if let Some(e) = super::unknown_registry_name(f, project.as_ref(), &ctx.cwd) {
                return Err(e);
            }
            let (location, url_credentials) = RegistryLocation::parse_with_credentials(f, &ctx.cwd)
                .map_err(anyhow::Error::msg)?;
            // The same location configured in plugins.toml keeps its options (allow-http,
            // ca-file) and its name for the credential lookup.
            match project.as_ref().and_then(|p| {
                let key = p.registry_key_for(&location)?;
                p.registry(Some(&key)).ok()
            }) {
                Some(configured) if url_credentials.is_none() => configured,
                _ => {
                    location
                        .check_transport(false, Entry::CommandLine)
                        .map_err(|e| hinted(e.to_string(), e.hint()))?;
                    RegistryRef {
                        key: "default".into(),
                        spelled: crate::source_id::spell_without_credentials(f),
                        location,
                        url_credentials,
                        ca_file: None,
                        root: None,
                    }
                }
            }
        }
        (None, Some(p)) => p.registry(None)?,
        (None, None) => {
            return Err(hinted(
                "no registry to ask: there is no plugins.toml here",
                "pass `--registry URL|PATH`",
            ))
        }
    };
    let net = project
        .as_ref()
        .map(|p| p.manifest().net.clone())
        .unwrap_or_default();
    let (access, warnings) =
        Access::for_registry(&reg, ctx.http(&net), &ctx.env, ctx.cache.as_ref());
    for w in warnings {
        ctx.printer.warn(w);
    }
    Ok(RegistryIndex::new(reg, access))
}

pub(crate) fn search(
    args: SearchArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let index = registry(args.registry.as_deref(), global, ctx)?;
    let bytes = index.read_file(SEARCH_FILE)?.ok_or_else(|| {
        hinted(
            format!("registry `{}` has no search listing (`{SEARCH_FILE}`)", index.registry().location.display()),
            "registries kept with `plugin publish` have one; ask its keeper, or use `plugin info NAME`",
        )
    })?;
    let query = args.query.to_lowercase();
    let hits: Vec<SearchEntry> = String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| serde_json::from_str::<SearchEntry>(l).ok())
        .filter(|e| {
            e.name.to_lowercase().contains(&query) || e.description.to_lowercase().contains(&query)
        })
        .collect();
    if ctx.modes.json {
        // The listing's lines say `vers` (cargo's index spelling); documents say `version`.
        let plugins: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| json!({"name": h.name, "version": h.vers, "description": h.description}))
            .collect();
        super::print_document(ctx, "search", true, json!({ "plugins": plugins }))?;
        return Ok(ExitStatus::Success);
    }
    if hits.is_empty() {
        ctx.printer
            .info(format_args!("no plugin matches `{}`", args.query));
    }
    let width = hits
        .iter()
        .map(|h| h.name.len() + h.vers.len() + 1)
        .max()
        .unwrap_or(0);
    for h in hits {
        let head = format!("{} {}", h.name, h.vers);
        ctx.printer
            .data(format_args!("{head:<width$}  {}", h.description))?;
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn info(
    args: InfoArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let (name, wanted) = match args.spec.split_once('@') {
        Some((n, v)) => (
            n,
            Some(semver::Version::parse(v).map_err(|e| UsageError {
                message: format!("`{v}` is not a version: {e}"),
                hint: None,
            })?),
        ),
        None => (args.spec.as_str(), None),
    };
    let name = super::parse_name(name)?;
    let index = registry(args.registry.as_deref(), global, ctx)?;
    let mut lines = (*index.versions(&name)?).clone();
    lines.sort_by(|a, b| a.vers.cmp(&b.vers));
    let line = match &wanted {
        Some(v) => lines.iter().find(|l| l.vers == *v),
        None => lines.iter().rev().find(|l| !l.yanked).or(lines.last()),
    }
    .with_context(|| {
        format!(
            "`{name}` has no version {} in this registry",
            wanted.map(|v| v.to_string()).unwrap_or_default()
        )
    })?
    .clone();
    // Entry points live in the package's own manifest.
    let staging = tempfile::tempdir()?;
    let download = index.download(&line.name, &line.vers, &line.cksum)?;
    let fetched = fetch(
        &FetchRequest {
            download: &download,
            http: index.access().http,
            options: &index.access().options,
            expected: Some(line.cksum),
            cache: ctx.cache.as_ref(),
            label: line.name.as_str(),
        },
        staging.path(),
        &ctx.printer,
    )?;
    crate::install::verify_archive::checksum(
        &line.name,
        &fetched.from,
        &line.cksum,
        &fetched.sha256,
    )?;
    let label = format!("{} {}", line.name, line.vers);
    let found =
        crate::install::archive::Archive::open(fetched.file.path(), &label)?.read_manifest()?;
    let (manifest, _) = PluginManifest::parse(&found.text, &format!("archive `{label}`"))?;
    let entry_points: &BTreeMap<String, BTreeMap<String, String>> = &manifest.entry_points;
    if ctx.modes.json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "info",
            "ok": true,
            "name": line.name.as_str(),
            "plugin_version": line.vers.to_string(),
            "description": line.description,
            "versions": lines.iter().map(|l| json!({"version": l.vers.to_string(), "yanked": l.yanked})).collect::<Vec<_>>(),
            "host": line.host.as_ref().map(|h| json!({"name": h.name, "version": h.version.to_string()})),
            "dependencies": line.deps.iter().map(|d| json!({"name": d.name.as_str(), "req": d.req.to_string()})).collect::<Vec<_>>(),
            "entry_points": entry_points,
            "kind": manifest.plugin.kind,
            "license": manifest.plugin.license,
        }))?;
        return Ok(ExitStatus::Success);
    }
    let p = &ctx.printer;
    p.data(format_args!("{} {}", line.name, line.vers))?;
    if let Some(d) = &line.description {
        p.data(format_args!("description: {d}"))?;
    }
    let versions: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.yanked {
                format!("{} (yanked)", l.vers)
            } else {
                l.vers.to_string()
            }
        })
        .collect();
    p.data(format_args!("versions: {}", versions.join(", ")))?;
    if let Some(h) = &line.host {
        p.data(format_args!("host: {} {}", h.name, h.version))?;
    }
    if line.deps.is_empty() {
        p.data("dependencies: none")?;
    } else {
        let deps: Vec<String> = line
            .deps
            .iter()
            .map(|d| format!("{} {}", d.name, d.req))
            .collect();
        p.data(format_args!("dependencies: {}", deps.join(", ")))?;
    }
    if entry_points.is_empty() {
        p.data("entry points: none")?;
    } else {
        p.data("entry points:")?;
        for (group, points) in entry_points {
            for (n, v) in points {
                p.data(format_args!("  {group}: {n} = {v}"))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

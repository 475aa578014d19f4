//! `plugin why NAME[@VERSION]`: every path from plugins.toml to NAME in plugins.lock, with
//! the requirement on each edge and the versions chosen; with `@VERSION` for a version not
//! chosen, the resolver's own reason for skipping it (requirement, host, yanked, `[policy]`,
//! or the lock).

use std::collections::{BTreeMap, BTreeSet};

use semver::Version;
use serde_json::json;

use crate::cli::{GlobalArgs, WhyArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};
use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::{req_text, PluginSpec, Project};
use crate::resolve::{Registries, ResolveInput, Unlock};

/// One step of a path: the plugin, its locked version and the requirement that led to it.
struct Step {
    name: PluginName,
    version: String,
    req: String,
}

pub(crate) fn run(args: WhyArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let (name, asked) = match args.spec.split_once('@') {
        Some((n, v)) => (
            super::parse_name(n)?,
            Some(Version::parse(v).map_err(|e| UsageError {
                message: format!("`{v}` is not a version: {e}"),
                hint: Some("for example `plugin why stoq-hash@1.2.0`".into()),
            })?),
        ),
        None => (super::parse_name(&args.spec)?, None),
    };
    let project = super::existing_project(global, ctx)?;
    let lock = super::existing_lock(&project)?;
    let Some(locked) = lock.get(&name) else {
        return Err(hinted(
            format!("plugin `{name}` is not in plugins.lock"),
            "`plugin tree` shows every installed plugin",
        ));
    };
    let registries = super::registries(&project, ctx)?;
    let paths = paths_to(&project, &lock, &registries, &name)?;
    let chosen = locked.version.clone();
    let reason = match &asked {
        Some(v) if *v != chosen => Some(why_not(&project, &lock, &registries, &name, v)?),
        _ => None,
    };
    for w in registries.take_warnings() {
        ctx.printer.warn(w);
    }
    registries.persist_to_cache(ctx.jobs());
    if ctx.modes.json {
        let paths: Vec<serde_json::Value> = paths
            .iter()
            .map(|p| {
                json!(p
                    .iter()
                    .map(|s| json!({"name": s.name.as_str(), "version": s.version, "requirement": s.req}))
                    .collect::<Vec<_>>())
            })
            .collect();
        super::print_document(
            ctx,
            "why",
            true,
            json!({
                "name": name.as_str(),
                "chosen": chosen.to_string(),
                "paths": paths,
                "asked": asked.as_ref().map(|v| json!({
                    "version": v.to_string(),
                    "chosen": *v == chosen,
                    "reason": reason,
                })),
            }),
        )?;
        return Ok(ExitStatus::Success);
    }
    match (&asked, &reason) {
        (Some(v), Some(r)) => {
            ctx.printer
                .data(format!("`{name}` {v} is not chosen: {r}"))?;
            ctx.printer
                .data(format!("`{name}` {chosen} is chosen, needed by:"))?;
        }
        _ => ctx
            .printer
            .data(format!("`{name}` {chosen} is chosen, needed by:"))?,
    }
    for p in &paths {
        let mut line = "plugins.toml".to_string();
        for s in p {
            line.push_str(&format!(" -> {} {} ({})", s.name, s.version, s.req));
        }
        ctx.printer.data(format!("  {line}"))?;
    }
    Ok(ExitStatus::Success)
}

/// Every path from plugins.toml to `target` through plugins.lock's edges, each step with the
/// requirement on it: plugins.toml's for the first, the dependent's locked index line's for
/// the others.
fn paths_to(
    project: &Project,
    lock: &Lockfile,
    registries: &Registries<'_>,
    target: &PluginName,
) -> anyhow::Result<Vec<Vec<Step>>> {
    let specs = project.plugin_specs()?;
    // The requirement each locked plugin puts on each dependency.
    let mut edge_req: BTreeMap<(PluginName, PluginName), String> = BTreeMap::new();
    for p in &lock.plugins {
        let Some(key) = registries.key_for_source(&p.source) else {
            continue;
        };
        let lines = registries.get(Some(&key))?.versions(&p.name)?;
        if let Some(line) = lines.iter().find(|l| l.vers == p.version) {
            for d in &line.deps {
                edge_req.insert((p.name.clone(), d.name.clone()), d.req.to_string());
            }
        }
    }
    let version = |n: &PluginName| {
        lock.get(n)
            .map_or_else(String::new, |p| p.version.to_string())
    };
    let mut out = Vec::new();
    // Depth-first from each root, never through a plugin twice on one path.
    fn walk(
        at: &PluginName,
        target: &PluginName,
        lock: &Lockfile,
        seen: &mut BTreeSet<PluginName>,
        path: &mut Vec<PluginName>,
        out: &mut Vec<Vec<PluginName>>,
    ) {
        if !seen.insert(at.clone()) {
            return;
        }
        path.push(at.clone());
        if at == target {
            out.push(path.clone());
        } else if let Some(p) = lock.get(at) {
            for d in &p.dependencies {
                walk(d, target, lock, seen, path, out);
            }
        }
        path.pop();
        seen.remove(at);
    }
    let mut found = Vec::new();
    for root in specs.keys() {
        walk(
            root,
            target,
            lock,
            &mut BTreeSet::new(),
            &mut Vec::new(),
            &mut found,
        );
    }
    for names in found {
        let mut steps = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let req = if i == 0 {
                match &specs[n] {
                    PluginSpec::Registry { req, .. } => format!("plugins.toml: {}", req_text(req)),
                    PluginSpec::Url { .. } => "plugins.toml: url".to_string(),
                    PluginSpec::Path { .. } => "plugins.toml: path".to_string(),
                }
            } else {
                let from = &names[i - 1];
                match edge_req.get(&(from.clone(), n.clone())) {
                    Some(r) => format!("{from} needs {r}"),
                    None => format!("{from} needs it"),
                }
            };
            steps.push(Step {
                name: n.clone(),
                version: version(n),
                req,
            });
        }
        out.push(steps);
    }
    Ok(out)
}

/// Why the resolver does not choose `version` of `name`: it resolves plugins.toml with
/// plugins.lock as `plugin install` would and reads the reason it gave for skipping it.
fn why_not(
    project: &Project,
    lock: &Lockfile,
    registries: &Registries<'_>,
    name: &PluginName,
    version: &Version,
) -> anyhow::Result<String> {
    use crate::resolve::VersionSource as _;
    let key = registries
        .key_for_source(&lock.get(name).expect("checked").source)
        .ok_or_else(|| {
            hinted(
                format!("`{name}` does not come from a registry of plugins.toml"),
                "`plugin why NAME@VERSION` explains versions of registry plugins",
            )
        })?;
    let lines = registries.versions(Some(&key), name)?;
    if !lines.iter().any(|l| l.vers == *version) {
        return Ok(format!("it is not published in registry `{key}`"));
    }
    let resolution = crate::resolve::resolve(&ResolveInput {
        project,
        lock: Some(lock),
        unlock: &Unlock::Nothing,
        pinned: &BTreeMap::new(),
        registries,
        extra_roots: &BTreeMap::new(),
        relax: &BTreeSet::new(),
        precise: &BTreeMap::new(),
        explain: true,
    })?;
    Ok(resolution
        .skipped
        .get(&(name.clone(), version.clone()))
        .cloned()
        .unwrap_or_else(|| match resolution.plugins.get(name) {
            Some(r) if r.version == *version => "it is chosen by a new resolution; plugins.lock is out of date (`plugin install` updates it)".into(),
            Some(r) => format!("{} is chosen", r.version),
            None => "the resolver did not need it".into(),
        }))
}

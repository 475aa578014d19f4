//! Applying a resolution to the plugin directory: the install pipeline after resolution.
//!
//! ```text
//! plan ─▶ fetch (index `dl`, URL, path) ─▶ verify sha256 ─▶ read plugin.toml, check name and
//! version ─▶ unpack the included files into .plugin/staging ─▶ transaction: rename into place,
//! write records, write plugins.toml and plugins.lock ─▶ commit
//! ```
//!
//! Nothing reaches the plugin directory before every plugin of the plan is fetched, verified
//! and staged, and a failure after that is rolled back by [`Transaction`].

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context as _;

use crate::context::Context;
use crate::direct::{self, PreparedSet};
use crate::fetch::{fetch, Fetched};
use crate::index::RegistryIndex;
use crate::layout::Layout;
use crate::lockfile::{LockedPlugin, Lockfile};
use crate::name::PluginName;
use crate::plan::{Action, Plan};
use crate::project::Project;
use crate::record::{Record, RECORD_VERSION};
use crate::resolve::{Origin, Registries, Resolution, Resolved};
use crate::source::SourceId;
use crate::stage::{stage_fetched, StageArea, StagedPlugin};
use crate::transaction::{KeptFile, Transaction};
use crate::verify;

/// What [`apply`] works on.
pub struct Apply<'a, 'h> {
    /// The runtime context.
    pub ctx: &'a Context,
    /// plugins.toml as it should be written.
    pub project: &'a Project,
    /// The plugin directory.
    pub layout: &'a Layout,
    /// The registries, for registry plugins.
    pub registries: &'a Registries<'h>,
    /// The resolution to install.
    pub resolution: &'a Resolution,
    /// What is installed now.
    pub records: &'a BTreeMap<PluginName, Record>,
    /// Direct plugins already fetched and staged during this run.
    pub prepared: PreparedSet,
    /// Plugins to reinstall even if current.
    pub reinstall: &'a BTreeSet<PluginName>,
    /// Print the plan and change nothing.
    pub dry_run: bool,
}

/// What [`apply`] did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan carried out (or shown, for a dry run).
    pub plan: Plan,
    /// User files kept in place in replaced or removed plugin folders.
    pub kept: Vec<KeptFile>,
}

/// Carries out the plan of `req`.
///
/// # Errors
/// Any failure to fetch, verify, stage or commit, with context naming the plugin; the plugin
/// directory, plugins.toml and plugins.lock are then as they were.
pub fn apply(mut req: Apply<'_, '_>) -> anyhow::Result<Outcome> {
    let plan = Plan::new(req.resolution, req.records, req.reinstall, req.layout);
    if req.dry_run {
        print_dry_run(req.ctx, &plan);
        return Ok(Outcome {
            plan,
            kept: Vec::new(),
        });
    }
    let staging = req.layout.staging();
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("could not create `{}`", staging.display()))?;
    let area = StageArea {
        dir: staging,
        limits: req.project.manifest().limits,
        printer: &req.ctx.printer,
    };

    // Fetch, verify and stage everything first.
    let mut staged: BTreeMap<PluginName, (StagedPlugin, Option<Fetched>)> = BTreeMap::new();
    for step in plan.steps.iter().filter(|s| s.needs_files()) {
        let r = step
            .resolved
            .as_ref()
            .expect("steps with files are resolved");
        let (plugin, fetched) = match req.prepared.remove(&step.name) {
            Some(p) => (p.staged, p.fetched),
            None => prepare(&req, r, &area)
                .with_context(|| format!("failed to install `{}` {}", r.name, r.version))?,
        };
        staged.insert(step.name.clone(), (plugin, fetched));
    }

    // Commit.
    let mut tx = Transaction::new(req.layout).context("could not prepare the plugin directory")?;
    let mut locked = Vec::new();
    for step in &plan.steps {
        let recorded: Vec<String> = step
            .record
            .as_ref()
            .map(|r| r.paths().map(str::to_string).collect())
            .unwrap_or_default();
        let old_dir = step
            .record
            .as_ref()
            .and_then(|r| PluginName::new(&r.name).ok())
            .map(|n| req.layout.plugin(&n));
        match (&step.action, &step.resolved) {
            (Action::Remove, _) => {
                if let Some(dir) = &old_dir {
                    tx.remove_dir(dir, recorded)
                        .with_context(|| format!("could not remove `{}`", dir.display()))?;
                }
                tx.remove_file(&req.layout.record(&step.name))
                    .context("could not remove an install record")?;
            }
            (Action::Keep, Some(r)) => {
                let rec = step.record.as_ref().expect("kept plugins have records");
                locked.push(lock_entry(r, rec));
            }
            (_, Some(r)) => {
                let (plugin, fetched) = staged.remove(&step.name).expect("staged above");
                let dest = req.layout.plugin(&r.name);
                if let Some(old) = old_dir.filter(|d| *d != dest) {
                    tx.remove_dir(&old, recorded.clone())
                        .with_context(|| format!("could not remove `{}`", old.display()))?;
                }
                let staged_path = plugin.dir.keep();
                tx.replace_dir(&staged_path, &dest, recorded)
                    .with_context(|| format!("could not move `{}` into place", r.name))?;
                let record = Record {
                    v: RECORD_VERSION,
                    name: r.name.to_string(),
                    version: r.version.to_string(),
                    source: r.source.to_string(),
                    checksum: fetched
                        .as_ref()
                        .map(|f| f.sha256.prefixed())
                        .or_else(|| r.checksum.map(|c| c.prefixed())),
                    content: plugin.content.prefixed(),
                    files: plugin.files,
                    other: BTreeMap::new(),
                };
                tx.write_file(&req.layout.record(&r.name), record.render().as_bytes())
                    .context("could not write an install record")?;
                locked.push(lock_entry(r, &record));
            }
            (_, None) => unreachable!("only removals lack a resolution"),
        }
    }
    if req.project.is_new() || req.project.original() != Some(req.project.render().as_str()) {
        tx.write_file(req.project.path(), req.project.render().as_bytes())
            .with_context(|| format!("could not write `{}`", req.project.path().display()))?;
    }
    let lock = Lockfile::from_plugins(locked);
    tx.write_file(&req.project.lock_path(), lock.render().as_bytes())
        .with_context(|| format!("could not write `{}`", req.project.lock_path().display()))?;
    let kept = tx.commit();
    report(req.ctx, &plan, &kept);
    Ok(Outcome { plan, kept })
}

fn lock_entry(r: &Resolved, rec: &Record) -> LockedPlugin {
    LockedPlugin {
        name: r.name.clone(),
        version: r.version.clone(),
        source: r.source.clone(),
        checksum: rec
            .checksum
            .as_deref()
            .and_then(|c| crate::checksum::Sha256::parse(c).ok())
            .filter(|_| r.source.has_archive()),
        content: crate::checksum::Sha256::parse(&rec.content).ok(),
        dependencies: r.dependencies.iter().map(|d| d.name.clone()).collect(),
    }
}

/// Fetches, verifies and stages one plugin that was not prepared earlier.
fn prepare(
    req: &Apply<'_, '_>,
    r: &Resolved,
    area: &StageArea<'_>,
) -> anyhow::Result<(StagedPlugin, Option<Fetched>)> {
    let printer = &req.ctx.printer;
    match &r.origin {
        Origin::Registry { key } => {
            let index = req.registries.get(Some(key))?;
            stage_from_registry(req.ctx, index, r, area)
        }
        Origin::Url(url) => {
            let http = req.ctx.http.get()?;
            printer.progress_line("Downloading", format_args!("{} v{}", r.name, r.version));
            let p = direct::prepare_url(url, r.checksum, http, area)?;
            check_fixed_version(r, &p.staged)?;
            Ok((p.staged, p.fetched))
        }
        Origin::Path(path) => {
            let spelled = match &r.source {
                SourceId::Path(s) => s.clone(),
                other => other.to_string(),
            };
            let p = direct::prepare_path(path, &spelled, area)?;
            check_fixed_version(r, &p.staged)?;
            Ok((p.staged, p.fetched))
        }
    }
}

fn check_fixed_version(r: &Resolved, staged: &StagedPlugin) -> anyhow::Result<()> {
    let m = &staged.manifest.plugin;
    verify::manifest_matches(&r.name, &r.version, &m.name, &m.version)?;
    Ok(())
}

fn stage_from_registry(
    ctx: &Context,
    index: &RegistryIndex<'_>,
    r: &Resolved,
    area: &StageArea<'_>,
) -> anyhow::Result<(StagedPlugin, Option<Fetched>)> {
    let cksum = r
        .checksum
        .ok_or_else(|| anyhow::anyhow!("no checksum is known for `{}` {}", r.name, r.version))?;
    let download = index.download(&r.name, &r.version, &cksum)?;
    let http = match (&download, index.http()) {
        (crate::index::Download::Url(_), Some(lazy)) => Some(lazy.get()?),
        (crate::index::Download::Url(_), None) => Some(ctx.http.get()?),
        _ => None,
    };
    ctx.printer
        .progress_line("Downloading", format_args!("{} v{}", r.name, r.version));
    let fetched = fetch(&download, http, &area.dir, &ctx.printer, r.name.as_str())?;
    verify::checksum(&r.name, &fetched.from, &cksum, &fetched.sha256)?;
    let label = format!("{} {}", r.name, r.version);
    let staged = stage_fetched(
        fetched.file.path(),
        &label,
        Some((&r.name, &r.version)),
        area,
    )?;
    Ok((staged, Some(fetched)))
}

fn describe_source(r: &Resolved) -> String {
    match &r.source {
        SourceId::Registry(l) => format!("registry `{l}`"),
        SourceId::Url(u) => format!("`{u}`"),
        SourceId::Path(p) => format!("`{p}`"),
    }
}

fn print_dry_run(ctx: &Context, plan: &Plan) {
    let p = &ctx.printer;
    for step in &plan.steps {
        match (&step.action, &step.resolved) {
            (Action::Install, Some(r)) => p.status(
                "Would install",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) => p.status(
                "Would upgrade",
                format_args!("{} {from} -> {}", r.name, r.version),
            ),
            (Action::Reinstall, Some(r)) => {
                p.status("Would reinstall", format_args!("{} v{}", r.name, r.version))
            }
            (Action::Remove, _) => p.status(
                "Would remove",
                format_args!(
                    "{} v{}",
                    step.name,
                    step.record.as_ref().map_or("?", |r| r.version.as_str())
                ),
            ),
            _ => {}
        }
    }
    p.info("dry run: nothing was changed");
}

fn report(ctx: &Context, plan: &Plan, kept: &[KeptFile]) {
    let p = &ctx.printer;
    for step in &plan.steps {
        match (&step.action, &step.resolved) {
            (Action::Install, Some(r)) => p.status(
                "Installed",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) if *from == r.version => p.status(
                "Replaced",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) => {
                let verb = if *from > r.version {
                    "Downgraded"
                } else {
                    "Upgraded"
                };
                p.status(verb, format_args!("{} {from} -> {}", r.name, r.version));
            }
            (Action::Reinstall, Some(r)) => {
                p.status("Reinstalled", format_args!("{} v{}", r.name, r.version))
            }
            (Action::Remove, _) => p.status(
                "Removed",
                format_args!(
                    "{} v{}",
                    step.name,
                    step.record.as_ref().map_or("?", |r| r.version.as_str())
                ),
            ),
            _ => {}
        }
    }
    for k in kept {
        p.warn(format_args!(
            "kept `{}` in `{}`: it was not installed by `plugin`",
            k.path,
            k.dir.display()
        ));
    }
}

//! Applying a resolution to the plugin directory: the install pipeline after resolution.
//!
//! ```text
//! plan ─▶ fetch (index `dl`, URL, path) ─▶ verify sha256 ─▶ read plugin.toml, check name and
//! version ─▶ unpack the included files into .plugin/staging ─▶ transaction: rename into place,
//! write records, write plugins.toml and plugins.lock ─▶ commit
//! ```
//!
//! Nothing reaches the plugin directory before every plugin of the plan is fetched, verified
//! and staged, and a failure after that is rolled back by the [`Transaction`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::checksum::Sha256;
use crate::context::Context;
use crate::install::direct::{self, PreparedSet};
use crate::install::fetch::{FetchRequest, Fetched};
use crate::install::history::History;
use crate::install::host_config::{HostConfig, Removal};
use crate::install::layout::Layout;
use crate::install::plan::{Action, Plan};
use crate::install::record::{Record, RecordSummary, RECORD_VERSION};
use crate::install::stage::{
    fetch_unpacking, stage_fetched, stage_stream, StageArea, StageError, StagedPlugin,
};
use crate::install::transaction::{ProjectFiles, Transaction};
use crate::install::verify_archive;
use crate::jobs::parallel_map;
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::project::lockfile::{LockedPlugin, Lockfile};
use crate::project::Project;
use crate::resolve::{Origin, Registries, Resolution, Resolved};
use crate::source::http::{Http, RequestOptions};
use crate::source::index::Download;
use crate::source_id::SourceId;
use url::Url;

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
    pub records: &'a BTreeMap<PluginName, RecordSummary>,
    /// plugins.lock as it is on disk, when known: a lockfile that would not change is neither
    /// rendered nor written again (what keeps a no-op install cheap).
    pub lock_on_disk: Option<&'a Lockfile>,
    /// Direct plugins already fetched and staged during this run.
    pub prepared: PreparedSet,
    /// Plugins to reinstall even if current.
    pub reinstall: &'a BTreeSet<PluginName>,
    /// Plugins whose folders must end up exactly as packaged: files `plugin` did not install
    /// are removed instead of kept (`install --force`).
    pub exact: &'a BTreeSet<PluginName>,
    /// Keep the previous plugins.toml and plugins.lock in the history when the lock changes.
    pub history: bool,
    /// Further files to write (`Some`) or delete (`None`) in the same transaction.
    pub extra_files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Print the plan and change nothing.
    pub dry_run: bool,
    /// The project's `.pth` file in the host's Python environment, kept listing the folder of
    /// every installed plugin (see [`crate::install::python_env`]).
    pub pth: Option<&'a Path>,
    /// The `.pth` file written by an earlier change, when `[project] python` has changed
    /// since: it is removed.
    pub old_pth: Option<PathBuf>,
}

/// A file kept in a replaced or removed plugin folder because `plugin` did not install it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFile {
    /// The plugin folder it is in.
    pub dir: PathBuf,
    /// Its path relative to that folder.
    pub path: String,
}

/// What [`apply`] did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan carried out (or shown, for a dry run).
    pub plan: Plan,
    /// User files kept in replaced or removed plugin folders.
    pub kept: Vec<KeptFile>,
    /// Files `plugin` did not install that were removed (`install --force`).
    pub dropped: Vec<KeptFile>,
}

/// Carries out the plan of `req`, in uv's shape: `prepare` fetches, verifies and stages
/// every plugin that needs files, `install` builds the [`Transaction`] and commits it, and
/// `report` says what changed. A dry run only shows the plan.
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
            dropped: Vec::new(),
        });
    }
    let prepared = prepare(&mut req, &plan)?;
    let installed = install(&mut req, &plan, prepared)?;
    report(req.ctx, &plan, &installed);
    Ok(Outcome {
        plan,
        kept: installed.kept,
        dropped: installed.dropped,
    })
}

/// The plugins of a plan fetched, verified and staged: nothing has reached the plugin
/// directory yet.
struct Prepared {
    /// The staging area they are in.
    staging: PathBuf,
    /// Each plugin with files, staged, with its download when it was fetched now.
    staged: BTreeMap<PluginName, (StagedPlugin, Option<Fetched>)>,
}

/// The preparer: fetches, verifies and stages everything `plan` installs, in parallel (see
/// [`stage_all`]).
fn prepare(req: &mut Apply<'_, '_>, plan: &Plan) -> anyhow::Result<Prepared> {
    let staging = req.layout.staging();
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("could not create `{}`", staging.display()))?;
    let area = StageArea {
        dir: staging.clone(),
        limits: req.project.manifest().limits.archive,
        printer: &req.ctx.printer,
        cache: req.ctx.cache.as_ref(),
    };
    let staged = stage_all(req, plan, &area)?;
    Ok(Prepared { staging, staged })
}

/// What [`install`] committed, for the report.
struct Installed {
    /// User files kept in replaced or removed plugin folders.
    kept: Vec<KeptFile>,
    /// Files not part of a package that were removed (`install --force`).
    dropped: Vec<KeptFile>,
    /// What happened in the host's config file.
    config_notes: Vec<ConfigNote>,
}

/// The installer: builds the transaction of `plan` from what [`prepare`] staged (plugin
/// folders and records, the host's config file, plugins.toml, plugins.lock and the history,
/// the `.pth` file, the caller's extra files), commits it, then keeps what was installed in
/// the cache.
fn install(req: &mut Apply<'_, '_>, plan: &Plan, prepared: Prepared) -> anyhow::Result<Installed> {
    let mut tx = Transaction::new();
    let plugins = plugin_ops(req, plan, prepared, &mut tx)?;
    let config_notes = host_config_ops(req.project, &plugins, &mut tx)?;
    project_file_ops(req, plugins.locked, &mut tx)?;
    let files = python_path_ops(req, &mut tx)?;
    for (path, bytes) in std::mem::take(&mut req.extra_files) {
        match bytes {
            Some(b) => tx.write_file(path, b),
            None => tx.delete_file(path),
        }
    }
    tx.commit(req.layout, &files)
        .context("could not commit the change to the plugin directory; nothing was changed")?;
    if req.history {
        History::new(req.layout).prune();
    }
    // Only what was installed goes into the cache.
    if let Some(cache) = req.ctx.cache.as_ref() {
        for f in &plugins.verified {
            cache.store_archive(&f.sha256, f.file.path());
        }
    }
    req.registries.persist_to_cache();
    Ok(Installed {
        kept: plugins.kept,
        dropped: plugins.dropped,
        config_notes,
    })
}

/// A plugin's name, kind and `[config]` defaults, for the host's config file.
type Defaults = (PluginName, Option<String>, toml::Table);

/// What the plugin steps of a plan put into the transaction, and what they leave to the
/// later steps.
#[derive(Default)]
struct PluginOps {
    /// Archives downloaded now whose checksum is the locked one: they go into the cache.
    verified: Vec<Fetched>,
    /// The defaults of plugins installed.
    configs_in: Vec<Defaults>,
    /// The defaults of plugins removed.
    configs_out: Vec<Defaults>,
    /// plugins.lock's entries after the change.
    locked: Vec<LockedPlugin>,
    /// User files kept.
    kept: Vec<KeptFile>,
    /// Files removed because the folder must end up exactly as packaged.
    dropped: Vec<KeptFile>,
}

/// The installed folder of a step's plugin, and the user's own files in it.
struct OldFolder {
    /// The folder, if the plugin is installed.
    dir: Option<PathBuf>,
    /// Files in it that `plugin` did not install (read only for folders that change).
    users: Vec<String>,
    /// Whether the folder must end up exactly as packaged (`install --force`).
    exact: bool,
}

/// Adds the folder and record operations of every step of `plan` to `tx`.
fn plugin_ops(
    req: &Apply<'_, '_>,
    plan: &Plan,
    mut prepared: Prepared,
    tx: &mut Transaction,
) -> anyhow::Result<PluginOps> {
    let mut ops = PluginOps::default();
    for step in &plan.steps {
        let dir = step
            .record
            .as_ref()
            .and_then(|r| PluginName::new(&r.name).ok())
            .map(|n| req.layout.plugin(&n));
        // Only folders that change are searched for the user's own files.
        let users = match (&step.action, &step.record, &dir) {
            (Action::Keep, _, _) => Vec::new(),
            // The file list is read only here, for the plugins that change.
            (_, Some(_), Some(dir)) => {
                let rec = Record::load(&req.layout.record(&step.name))?;
                unrecorded(dir, &rec)
                    .with_context(|| format!("could not read `{}`", dir.display()))?
            }
            _ => Vec::new(),
        };
        let old = OldFolder {
            dir,
            users,
            exact: req.exact.contains(&step.name),
        };
        match (&step.action, &step.resolved) {
            (Action::Remove, _) => {
                ops.remove(old, &prepared.staging, tx)?;
                tx.delete_file(req.layout.record(&step.name));
            }
            (Action::Keep, Some(r)) => {
                let rec = step.record.as_ref().expect("kept plugins have records");
                ops.locked
                    .push(lock_entry(r, rec.checksum.as_deref(), &rec.content));
            }
            (_, Some(r)) => {
                let staged = prepared.staged.remove(&step.name).expect("staged above");
                ops.swap_in(req.layout, r, staged, old, tx)?;
            }
            (_, None) => unreachable!("only removals lack a resolution"),
        }
    }
    Ok(ops)
}

impl PluginOps {
    /// Removes the folder `old`, keeping only the user's own files in it (unless `exact`).
    fn remove(
        &mut self,
        old: OldFolder,
        staging: &Path,
        tx: &mut Transaction,
    ) -> anyhow::Result<()> {
        if let Some(m) = old.dir.as_deref().and_then(installed_manifest) {
            self.configs_out
                .push((m.plugin.name.clone(), m.plugin.kind.clone(), m.config));
        }
        let Some(dir) = old.dir else { return Ok(()) };
        if old.users.is_empty() || old.exact {
            tx.remove_dir(dir);
            return Ok(());
        }
        // Only the user's own files stay.
        let only_users = tempfile::Builder::new()
            .prefix("keep-")
            .tempdir_in(staging)
            .context("could not prepare the staging area")?
            .keep();
        self.kept.extend(carry_over(&dir, &only_users, &old.users)?);
        tx.swap_in(only_users, dir);
        Ok(())
    }

    /// Puts the staged folder of `r` in place of `old`, with its metadata and record.
    fn swap_in(
        &mut self,
        layout: &Layout,
        r: &Resolved,
        (plugin, fetched): (StagedPlugin, Option<Fetched>),
        old: OldFolder,
        tx: &mut Transaction,
    ) -> anyhow::Result<()> {
        self.configs_in.push((
            r.name.clone(),
            plugin.manifest.plugin.kind.clone(),
            plugin.manifest.config.clone(),
        ));
        let checksum = fetched
            .as_ref()
            .map(|f| f.sha256.prefixed())
            .or_else(|| r.checksum.map(|c| c.prefixed()));
        if let Some(f) = fetched.filter(|f| Some(f.sha256) == r.checksum) {
            self.verified.push(f);
        }
        let generated = write_dist_info(&plugin, r)
            .with_context(|| format!("failed to install `{}` {}", r.name, r.version))?;
        let dest = layout.plugin(&r.name);
        let staged_path = plugin.dir.keep();
        if let Some(old_dir) = &old.dir {
            if old.exact {
                self.dropped.extend(old.users.iter().map(|p| KeptFile {
                    dir: dest.clone(),
                    path: p.clone(),
                }));
            } else {
                self.kept
                    .extend(carry_over(old_dir, &staged_path, &old.users)?);
            }
            if *old_dir != dest {
                tx.remove_dir(old_dir.clone());
            }
        }
        tx.swap_in(staged_path, dest);
        let record = Record {
            v: RECORD_VERSION,
            name: r.name.to_string(),
            version: r.version.to_string(),
            source: r.source.to_string(),
            checksum,
            content: plugin.content.prefixed(),
            files: plugin.files,
            generated,
            metadata: Some(crate::install::dist_info::RULES),
            other: BTreeMap::new(),
        };
        tx.write_file(layout.record(&r.name), record.render().into_bytes());
        self.locked
            .push(lock_entry(r, record.checksum.as_deref(), &record.content));
        Ok(())
    }
}

/// Adds the plugins' defaults to the host's config file, and removes those of removed
/// plugins that were left as they were; returns what to say about it.
fn host_config_ops(
    project: &Project,
    plugins: &PluginOps,
    tx: &mut Transaction,
) -> anyhow::Result<Vec<ConfigNote>> {
    let mut notes = Vec::new();
    let Some(mut host_config) = HostConfig::open(project)? else {
        return Ok(notes);
    };
    let file = host_config.path().display().to_string();
    for (name, kind, defaults) in &plugins.configs_in {
        if let Some(table) = host_config.add_defaults(name, kind.as_deref(), defaults)? {
            notes.push(ConfigNote::Added(table, file.clone()));
        }
    }
    for (name, kind, defaults) in &plugins.configs_out {
        match host_config.remove_if_default(name, kind.as_deref(), defaults)? {
            Removal::Removed(table) => notes.push(ConfigNote::Removed(table, file.clone())),
            Removal::Left(table) => {
                notes.push(ConfigNote::Left(table, file.clone(), name.to_string()))
            }
            Removal::Absent => {}
        }
    }
    if let Some(text) = host_config.changed_text() {
        tx.write_file(host_config.path().to_path_buf(), text.into_bytes());
    }
    Ok(notes)
}

/// Writes plugins.toml and plugins.lock (`locked`) when they change, keeping the previous
/// state in the history when plugins.lock changes (see [`crate::install::history`]).
fn project_file_ops(
    req: &Apply<'_, '_>,
    locked: Vec<LockedPlugin>,
    tx: &mut Transaction,
) -> anyhow::Result<()> {
    let project_text = req.project.render();
    let project_changes =
        req.project.is_new() || req.project.original() != Some(project_text.as_str());
    let lock = Lockfile::from_plugins(locked);
    let lock_changes = req.lock_on_disk != Some(&lock);
    let history = History::new(req.layout);
    if lock_changes {
        let lock_text = lock.render();
        let lock_path = req.project.lock_path();
        let old_lock = std::fs::read_to_string(&lock_path).ok();
        if req.history && old_lock.as_deref().is_some_and(|old| old != lock_text) {
            let (toml_path, lock_entry_path) = history
                .next_paths()
                .context("could not read the history of plugins.lock")?;
            // The plugins.toml that went with the old lock (see `crate::install::history`).
            let on_disk = match req.project.original() {
                Some(text) => text.to_string(),
                None => std::fs::read_to_string(req.project.path()).unwrap_or_default(),
            };
            let old_toml = match req.lock_on_disk {
                Some(old) => crate::install::history::manifest_for(
                    &history,
                    req.project.path(),
                    &on_disk,
                    old,
                ),
                None => on_disk.into_bytes(),
            };
            tx.write_file(toml_path, old_toml);
            tx.write_file(lock_entry_path, old_lock.unwrap_or_default().into_bytes());
        }
        tx.write_file(lock_path, lock_text.into_bytes());
    }
    if project_changes || lock_changes {
        tx.write_file(history.head(), project_text.clone().into_bytes());
    }
    if project_changes {
        tx.write_file(req.project.path().to_path_buf(), project_text.into_bytes());
    }
    Ok(())
}

/// Keeps the project's `.pth` file listing the folder of every plugin installed, and removes
/// one an earlier `[project] python` left; returns the project's own files the transaction
/// may touch.
fn python_path_ops(req: &mut Apply<'_, '_>, tx: &mut Transaction) -> anyhow::Result<ProjectFiles> {
    let mut files = ProjectFiles::of(req.project);
    if let Some(pth) = req.pth {
        let folders: Vec<PathBuf> = req
            .resolution
            .plugins
            .values()
            .map(|r| req.layout.plugin(&r.name))
            .collect();
        match crate::install::python_env::pth_text(&folders).map_err(anyhow::Error::msg)? {
            Some(text) => tx.write_file(pth.to_path_buf(), text.into_bytes()),
            None => tx.delete_file(pth.to_path_buf()),
        }
        files.files.push(pth.to_path_buf());
        tx.write_file(
            req.layout.python_path_file(),
            format!("{}\n", pth.display()).into_bytes(),
        );
    } else {
        tx.delete_file(req.layout.python_path_file());
    }
    if let Some(old) = req
        .old_pth
        .take()
        .filter(|old| Some(old.as_path()) != req.pth)
    {
        tx.delete_file(old.clone());
        files.files.push(old);
    }
    Ok(files)
}

/// The report: what moved, what happened in the host's config file, and the summary line.
fn report(ctx: &Context, plan: &Plan, installed: &Installed) {
    report_steps(ctx, plan, &installed.kept, &installed.dropped);
    for note in &installed.config_notes {
        match note {
            ConfigNote::Added(table, file) => ctx
                .printer
                .status("Configured", format_args!("{table} in `{file}`")),
            ConfigNote::Removed(table, file) => ctx
                .printer
                .status("Removed", format_args!("{table} from `{file}`")),
            ConfigNote::Left(table, file, name) => ctx.printer.warn(format_args!(
                "left [{table}] in `{file}`: it differs from the defaults of `{name}`"
            )),
        }
    }
    summary(ctx, plan);
}

/// Writes the Python metadata of `plugin` (see [`crate::install::dist_info`]) into its staged folder,
/// if it wants one, and returns the files written.
fn write_dist_info(
    plugin: &StagedPlugin,
    r: &Resolved,
) -> anyhow::Result<Vec<crate::install::record::FileEntry>> {
    use crate::install::dist_info::{self, DirectUrl};
    if !dist_info::wanted(&plugin.manifest) {
        return Ok(Vec::new());
    }
    let file_url = |path: &Path, dir: bool| {
        let url = if dir {
            Url::from_directory_path(path)
        } else {
            Url::from_file_path(path)
        };
        url.map(|u| u.to_string())
            .unwrap_or_else(|()| path.display().to_string())
    };
    let sha256 = r.checksum.map(|c| c.to_string());
    let origin = match (&r.origin, &r.source) {
        (Origin::Registry { .. }, _) => DirectUrl::Registry,
        (Origin::Url(url), _) => DirectUrl::Archive {
            url: crate::source_id::strip_credentials(url).to_string(),
            sha256,
        },
        (Origin::Path(path), _) if path.is_dir() => DirectUrl::Dir {
            url: file_url(path, true),
        },
        (Origin::Path(path), _) => DirectUrl::Archive {
            url: file_url(path, false),
            sha256,
        },
    };
    let (folder, files) = dist_info::render(&plugin.manifest, &origin)?;
    let root = plugin.dir.path();
    if root.join(&folder).exists() {
        anyhow::bail!(
            "the package has its own `{folder}`, which would hide the metadata `plugin` writes; remove it from the package"
        );
    }
    std::fs::create_dir_all(root.join(&folder))
        .with_context(|| format!("could not write `{folder}` in the staging area"))?;
    let mut entries = Vec::new();
    for (name, bytes) in files {
        let rel = format!("{folder}/{name}");
        std::fs::write(root.join(&rel), &bytes)
            .with_context(|| format!("could not write `{rel}` in the staging area"))?;
        entries.push(crate::install::record::FileEntry {
            path: rel,
            sha256: Sha256::of(&bytes).prefixed(),
            size: bytes.len() as u64,
        });
    }
    Ok(entries)
}

/// What happened in the host's config file, to report after the commit.
enum ConfigNote {
    Added(String, String),
    Removed(String, String),
    Left(String, String, String),
}

/// The manifest of the plugin installed in `dir`, if readable.
fn installed_manifest(dir: &Path) -> Option<PluginManifest> {
    let text = std::fs::read_to_string(dir.join(crate::manifest::MANIFEST_FILE)).ok()?;
    PluginManifest::parse(&text, "installed plugin")
        .ok()
        .map(|(m, _)| m)
}

/// The files in the plugin folder `dir` that `record` does not list: the user's own.
fn unrecorded(dir: &Path, record: &Record) -> std::io::Result<Vec<String>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let recorded: BTreeSet<&str> = record.paths().collect();
    Ok(crate::fs::list_files(dir)?
        .into_iter()
        .filter(|f| {
            !recorded.contains(f.as_str()) && !crate::install::dist_info::is_bytecode_cache(f)
        })
        .collect())
}

/// Copies `files` (relative paths) from `from` into `to`, unless `to` already has them.
fn carry_over(from: &Path, to: &Path, files: &[String]) -> anyhow::Result<Vec<KeptFile>> {
    let mut kept = Vec::new();
    for rel in files {
        let target = to.join(rel);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from.join(rel), &target)
            .with_context(|| format!("could not keep `{}`", from.join(rel).display()))?;
        kept.push(KeptFile {
            dir: from.to_path_buf(),
            path: rel.clone(),
        });
    }
    Ok(kept)
}

/// The lock entry of `r`, installed with the record's archive `checksum` and `content` hash
/// (`sha256:HEX`).
fn lock_entry(r: &Resolved, checksum: Option<&str>, content: &str) -> LockedPlugin {
    LockedPlugin {
        name: r.name.clone(),
        version: r.version.clone(),
        source: r.source.clone(),
        checksum: checksum
            .and_then(|c| crate::checksum::Sha256::parse(c).ok())
            .filter(|_| r.source.has_archive()),
        content: crate::checksum::Sha256::parse(content).ok(),
        dependencies: r.dependencies.iter().map(|d| d.name.clone()).collect(),
    }
}

/// A plugin to fetch and stage, holding only what worker threads may share.
enum Job<'a> {
    /// From a registry: from the cache if it holds the archive, else from `download`.
    Registry {
        r: &'a Resolved,
        cksum: Sha256,
        download: Option<Box<(Download, RequestOptions)>>,
        http: Option<&'a Http>,
        /// The error to give instead of a 404 when the download comes from a mirror.
        not_in_mirror: Option<crate::source::index::IndexError>,
    },
    /// From an archive URL.
    Url {
        r: &'a Resolved,
        url: Url,
        http: &'a Http,
    },
    /// From a folder or archive on disk.
    Path {
        r: &'a Resolved,
        path: PathBuf,
        spelled: String,
    },
}

/// What a job gave.
enum JobResult<'a> {
    Done(Box<(StagedPlugin, Option<Fetched>)>),
    /// A registry archive was not in the cache (or its cached copy was damaged): it needs
    /// its download location, which only the main thread can work out.
    NeedsDownload(Box<Job<'a>>),
}

/// Fetches, verifies and stages every plugin of `plan` that needs files: first every job that
/// needs no registry look-up (cached archives, URLs, folders) in parallel, then, after working
/// out the download locations of the rest on this thread, those in parallel. At most
/// `--jobs` threads work at once.
fn stage_all(
    req: &mut Apply<'_, '_>,
    plan: &Plan,
    area: &StageArea<'_>,
) -> anyhow::Result<BTreeMap<PluginName, (StagedPlugin, Option<Fetched>)>> {
    let mut staged = BTreeMap::new();
    let http = req.ctx.http(&req.project.manifest().net);
    let mut jobs = Vec::new();
    for step in plan.steps.iter().filter(|s| s.needs_files()) {
        let r = step
            .resolved
            .as_ref()
            .expect("steps with files are resolved");
        if let Some(p) = req.prepared.remove(&step.name) {
            staged.insert(step.name.clone(), (p.staged, p.fetched));
            continue;
        }
        jobs.push(match &r.origin {
            Origin::Registry { .. } => Job::Registry {
                r,
                cksum: r.checksum.ok_or_else(|| {
                    anyhow::anyhow!("no checksum is known for `{}` {}", r.name, r.version)
                })?,
                download: None,
                http: None,
                not_in_mirror: None,
            },
            Origin::Url(url) => Job::Url {
                r,
                url: url.clone(),
                http,
            },
            Origin::Path(path) => Job::Path {
                r,
                path: path.clone(),
                spelled: match &r.source {
                    SourceId::Path(s) => s.clone(),
                    other => other.to_string(),
                },
            },
        });
    }
    let workers = req.ctx.jobs();
    let mut later = Vec::new();
    let total = area.printer.total_bar(jobs.len());
    let run = |job| {
        let result = run_job(job, area);
        if let Ok((_, JobResult::Done(_))) = &result {
            total.done();
        }
        result
    };
    for result in parallel_map(jobs, workers, run) {
        match result? {
            (name, JobResult::Done(done)) => {
                staged.insert(name, *done);
            }
            (_, JobResult::NeedsDownload(job)) => later.push(*job),
        }
    }
    let mut downloads = Vec::new();
    for job in later {
        let Job::Registry { r, cksum, .. } = job else {
            unreachable!("only registry jobs need a download location")
        };
        let Origin::Registry { key } = &r.origin else {
            unreachable!("a registry job")
        };
        let index = req.registries.get(Some(key))?;
        let download = index
            .download(&r.name, &r.version, &cksum)
            .with_context(|| format!("failed to install `{}` {}", r.name, r.version))?;
        downloads.push(Job::Registry {
            r,
            cksum,
            download: Some(Box::new((download, index.download_options()?))),
            http: index.access().http,
            not_in_mirror: index.not_in_mirror(format!("archive for `{}` {}", r.name, r.version)),
        });
    }
    for result in parallel_map(downloads, workers, run) {
        if let (name, JobResult::Done(done)) = result? {
            staged.insert(name, *done);
        }
    }
    Ok(staged)
}

/// Runs one job; the error names the plugin.
fn run_job<'a>(job: Job<'a>, area: &StageArea<'_>) -> anyhow::Result<(PluginName, JobResult<'a>)> {
    let printer = area.printer;
    match job {
        Job::Registry {
            r,
            cksum,
            download,
            http,
            not_in_mirror,
        } => {
            let context = || format!("failed to install `{}` {}", r.name, r.version);
            let label = format!("{} {}", r.name, r.version);
            let expected = Some((&r.name, &r.version));
            let Some((location, options)) = download.as_deref() else {
                return match stage_cached(area, &cksum, &label, expected) {
                    Some(staged) => Ok((
                        r.name.clone(),
                        JobResult::Done(Box::new((staged.with_context(context)?, None))),
                    )),
                    None => Ok((
                        r.name.clone(),
                        JobResult::NeedsDownload(Box::new(Job::Registry {
                            r,
                            cksum,
                            download,
                            http,
                            not_in_mirror,
                        })),
                    )),
                };
            };
            printer.progress_line("Downloading", format_args!("{} v{}", r.name, r.version));
            let request = FetchRequest {
                download: location,
                http,
                options,
                expected: Some(cksum),
                cache: None,
                label: r.name.as_str(),
            };
            let unpacking = match (fetch_unpacking(&request, &label, area), not_in_mirror) {
                (
                    Err(crate::install::fetch::FetchError::Http {
                        source: crate::source::http::HttpError::NotFound { .. },
                        ..
                    }),
                    Some(missing),
                ) => return Err(anyhow::Error::new(missing).context(context())),
                (result, _) => result.with_context(context)?,
            };
            let f = &unpacking.fetched;
            verify_archive::checksum(&r.name, &f.from, &cksum, &f.sha256).with_context(context)?;
            let (staged, fetched) = unpacking.stage(expected, area).with_context(context)?;
            Ok((
                r.name.clone(),
                JobResult::Done(Box::new((staged, Some(fetched)))),
            ))
        }
        Job::Url { r, url, http } => {
            printer.progress_line("Downloading", format_args!("{} v{}", r.name, r.version));
            let p = direct::prepare_url(&url, r.checksum, http, area)
                .and_then(|p| check_fixed_version(r, &p.staged).map(|()| p))
                .with_context(|| format!("failed to install `{}` {}", r.name, r.version))?;
            Ok((
                r.name.clone(),
                JobResult::Done(Box::new((p.staged, p.fetched))),
            ))
        }
        Job::Path { r, path, spelled } => {
            let p = direct::prepare_path(&path, &spelled, area)
                .and_then(|p| check_fixed_version(r, &p.staged).map(|()| p))
                .with_context(|| format!("failed to install `{}` {}", r.name, r.version))?;
            Ok((
                r.name.clone(),
                JobResult::Done(Box::new((p.staged, p.fetched))),
            ))
        }
    }
}

/// Stages the archive with digest `cksum` from the cache, if it is there intact: a `.tar.gz`
/// is unpacked in place while it is hashed (no copy), a zip from a verified copy in the
/// staging area. `None` when it must be downloaded; its own staging error otherwise.
fn stage_cached(
    area: &StageArea<'_>,
    cksum: &Sha256,
    label: &str,
    expected: Option<(&PluginName, &semver::Version)>,
) -> Option<Result<StagedPlugin, StageError>> {
    let Some(cache) = area.cache else {
        area.printer
            .debug(format_args!("{label}: no download cache, downloading"));
        return None;
    };
    let Some(streamed) = cache.read_archive(cksum, |stream, len| {
        stage_stream(stream, Some(len), label, area)
    }) else {
        area.printer.debug(format_args!(
            "{label}: sha256:{cksum} is not in the cache (or not intact), downloading"
        ));
        return None;
    };
    area.printer
        .debug(format_args!("{label}: from the cache, sha256:{cksum}"));
    match streamed {
        Ok(Some(streamed)) => Some(streamed.finish(expected, area.printer)),
        Ok(None) => {
            let copy = cache.archive(cksum, &area.dir)?;
            Some(stage_fetched(copy.path(), label, expected, area))
        }
        Err(e) => Some(Err(e)),
    }
}

fn check_fixed_version(r: &Resolved, staged: &StagedPlugin) -> anyhow::Result<()> {
    let m = &staged.manifest.plugin;
    verify_archive::manifest_matches(&r.name, &r.version, &m.name, &m.version)?;
    Ok(())
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

/// The lines of what moved, and the user files kept or removed.
fn report_steps(ctx: &Context, plan: &Plan, kept: &[KeptFile], dropped: &[KeptFile]) {
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
    for d in dropped {
        p.status(
            "Removed",
            format_args!(
                "`{}` from `{}`: not part of the package",
                d.path,
                d.dir.display()
            ),
        );
    }
}

/// The last line of a change, as uv's: `Installed 6 plugins, upgraded 1, removed 2 in 1.24s`
/// (only the counts that are not zero; the time since start-up). Nothing when nothing changed:
/// the command says so in its own words.
fn summary(ctx: &Context, plan: &Plan) {
    let count = |kind: &str| plan.steps.iter().filter(|s| s.kind() == kind).count();
    let parts: Vec<(&str, usize)> = [
        ("installed", "install"),
        ("upgraded", "upgrade"),
        ("downgraded", "downgrade"),
        ("replaced", "replace"),
        ("reinstalled", "reinstall"),
        ("removed", "remove"),
    ]
    .into_iter()
    .map(|(verb, kind)| (verb, count(kind)))
    .filter(|(_, n)| *n > 0)
    .collect();
    let Some(((verb, n), rest)) = parts.split_first() else {
        return;
    };
    let mut line = format!(
        "{}{} {n} plugin{}",
        verb[..1].to_ascii_uppercase(),
        &verb[1..],
        if *n == 1 { "" } else { "s" }
    );
    for (verb, n) in rest {
        line.push_str(&format!(", {verb} {n}"));
    }
    let took = crate::printer::human_duration(ctx.printer.elapsed());
    ctx.printer.info(format_args!("{line} in {took}"));
}

//! A modifying run on one project: the steps `install`, `upgrade` and `uninstall` share.
//!
//! [`Session::open`] takes the plugin directory's lock, clears leftovers in the staging area,
//! and reads plugins.lock and the install records; the command edits plugins.toml in memory
//! ([`Session::project_mut`]); [`Session::resolve`] picks versions (from the lockfile alone
//! when it already satisfies plugins.toml, so a no-op run reads three files and exits);
//! [`Session::apply`] installs the result. If the run fails after creating the plugin
//! directory, the directory is removed again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::Context as _;

use crate::context::Context;
use crate::fs::FileLock;
use crate::install::apply::{apply, Apply, Outcome};
use crate::install::direct::{self, PreparedSet};
use crate::install::layout::Layout;
use crate::install::record::RecordSummary;
use crate::install::stage::StageArea;
use crate::install::transaction::ProjectFiles;
use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::{PluginSpec, Project};
use crate::resolve::{self, Origin, Pinned, Registries, Resolution, ResolveInput, Unlock};
use crate::source_id::SourceId;

/// An open modifying run.
pub struct Session<'c> {
    ctx: &'c Context,
    project: Project,
    layout: Layout,
    lock: Option<Lockfile>,
    /// Whether `lock` is what plugins.lock holds on disk (not replaced by `plugin rollback`).
    lock_is_on_disk: bool,
    records: BTreeMap<PluginName, RecordSummary>,
    prepared: PreparedSet,
    registries: Option<Registries<'c>>,
    created_dir: bool,
    done: bool,
    /// Whether plugins.toml, as read at open, is missing, empty or lists no plugins.
    lists_none_on_disk: bool,
    /// The project's `.pth` file in the host's Python environment, if it has one.
    pth: Option<PathBuf>,
    /// The `.pth` file an earlier change wrote, as recorded in the plugin directory after
    /// recovery.
    old_pth: Option<PathBuf>,
    _dir_lock: FileLock,
}

/// What to resolve.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// Which locked versions may move.
    pub unlock: Unlock,
    /// Registry plugins named without a requirement and not in plugins.toml yet, with the
    /// registry key to use.
    pub extra_roots: BTreeMap<PluginName, Option<String>>,
    /// Direct plugins to fetch or read again even when locked.
    pub refresh: BTreeSet<PluginName>,
    /// Plugins whose plugins.toml requirement is set aside (`upgrade --breaking`).
    pub relax: BTreeSet<PluginName>,
    /// Plugins pinned to an exact version (`upgrade NAME@VERSION`).
    pub precise: BTreeMap<PluginName, semver::Version>,
    /// Install exactly what plugins.lock says, or fail (`plugin rollback`).
    pub require_lock: bool,
    /// The command removes every plugin on purpose (`plugin uninstall --all`). Without it (or
    /// `require_lock`), a plugins.toml that lists no plugin while plugins.lock locks some is
    /// an error rather than an order to remove them all.
    pub remove_all: bool,
}

/// How to install a resolution.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Plugins to reinstall even if current.
    pub reinstall: BTreeSet<PluginName>,
    /// Plugins whose folders must end up exactly as packaged (`install --force`).
    pub exact: BTreeSet<PluginName>,
    /// Keep the previous state in the history when plugins.lock changes.
    pub history: bool,
    /// Further files to write (`Some`) or delete (`None`) in the same transaction.
    pub extra_files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Show the plan and change nothing.
    pub dry_run: bool,
}

impl ApplyOptions {
    /// The usual options: history kept, nothing forced.
    pub fn new(dry_run: bool) -> Self {
        Self {
            reinstall: BTreeSet::new(),
            exact: BTreeSet::new(),
            history: true,
            extra_files: Vec::new(),
            dry_run,
        }
    }
}

impl Default for ResolveOptions {
    fn default() -> Self {
        Self {
            unlock: Unlock::Nothing,
            extra_roots: BTreeMap::new(),
            refresh: BTreeSet::new(),
            relax: BTreeSet::new(),
            precise: BTreeMap::new(),
            require_lock: false,
            remove_all: false,
        }
    }
}

/// The `.pth` file of `project` in the host's Python environment: `--python` or
/// `PLUGIN_PYTHON`, else `[project] python` (see [`crate::install::python_env`]).
///
/// # Errors
/// The environment is set but missing or unusable.
pub fn python_pth(ctx: &Context, project: &Project) -> anyhow::Result<Option<PathBuf>> {
    let (path, from) = match (&ctx.python, &project.manifest().project.python) {
        (Some(p), _) => (p.clone(), "`--python` or `PLUGIN_PYTHON`".to_string()),
        (None, Some(p)) => (
            project.root().join(p),
            format!("`[project] python` in `{}`", project.path().display()),
        ),
        (None, None) => return Ok(None),
    };
    let env = crate::install::python_env::PythonEnv::locate(&path, &from)
        .map_err(|e| crate::error::hinted(e.to_string(), e.hint()))?;
    Ok(Some(env.pth_file(project.path())))
}

/// Creates the plugin directory's state folder (and the plugin directory).
fn create_state_dir(layout: &Layout) -> anyhow::Result<()> {
    std::fs::create_dir_all(layout.state()).with_context(|| {
        let state = layout.state();
        match std::fs::symlink_metadata(&state) {
            Ok(m) if !m.is_dir() => format!(
                "`{}` is a file, where `plugin` keeps its state: move it away",
                state.display()
            ),
            _ => format!(
                "could not create the plugin directory `{}`",
                state.display()
            ),
        }
    })
}

/// Takes the plugin directory's lock, saying so while it waits.
fn lock_dir(ctx: &Context, layout: &Layout) -> anyhow::Result<FileLock> {
    let lock_path = layout.lock_file();
    let printer = ctx.printer.clone();
    FileLock::acquire(&lock_path, || {
        printer.status(
            "Blocking",
            format_args!("waiting for the lock on `{}`", layout.root().display()),
        );
    })
    .with_context(|| format!("could not lock `{}`", lock_path.display()))
}

/// Undoes an interrupted change of the plugin directory (see [`crate::install::transaction::recover`]),
/// saying so.
fn recover(ctx: &Context, layout: &Layout, files: &ProjectFiles) -> anyhow::Result<()> {
    let recovered = crate::install::transaction::recover(layout, files).with_context(|| {
        format!(
            "could not recover `{}` from an interrupted change",
            layout.root().display()
        )
    })?;
    if let Some(written_in) = recovered {
        let moved = if written_in == layout.root() {
            String::new()
        } else {
            format!(" (it was made in `{}`)", written_in.display())
        };
        ctx.printer.status(
            "Recovered",
            format_args!(
                "`{}`: an interrupted change was rolled back{moved}",
                layout.root().display()
            ),
        );
    }
    Ok(())
}

/// `project` as plugins.toml is now: recovery, or another process while this one waited for
/// the lock, may have changed it. It is parsed again if its text changed, and is new again if
/// it is gone; the flag says whether it was read again.
fn reread(project: Project) -> anyhow::Result<(Project, bool)> {
    Ok(match std::fs::read_to_string(project.path()) {
        Ok(text) if project.original() == Some(text.as_str()) => (project, false),
        Ok(text) => (Project::parse(project.path(), &text)?, true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && project.is_new() => (project, false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (Project::new_at(project.path()), true)
        }
        Err(_) => (Project::load(project.path())?, true),
    })
}

/// Removes the leftovers of an interrupted run: staged files, and the temporary files of
/// atomic writes that a kill left behind.
fn remove_leftovers(layout: &Layout, files: &ProjectFiles) {
    if let Ok(entries) = std::fs::read_dir(layout.staging()) {
        for e in entries.flatten() {
            let _ = std::fs::remove_dir_all(e.path()).or_else(|_| std::fs::remove_file(e.path()));
        }
    }
    for file in &files.files {
        crate::fs::remove_temp_files_of(file);
    }
    for dir in [layout.records(), layout.history(), layout.state()] {
        crate::fs::remove_temp_files(&dir);
    }
}

impl<'c> Session<'c> {
    /// Opens a run on `project`, with `plugin_dir` overriding the project's plugin directory.
    ///
    /// # Errors
    /// I/O errors on the plugin directory, and invalid lockfiles or records.
    pub fn open(
        ctx: &'c Context,
        project: Project,
        plugin_dir: Option<PathBuf>,
    ) -> anyhow::Result<Self> {
        let dir = match plugin_dir {
            Some(d) => ctx.cwd.join(d),
            None => project.plugin_dir(),
        };
        let layout = Layout::new(dir);
        // A broken Python environment is an error before anything changes.
        let mut files = ProjectFiles::of(&project);
        let pth = python_pth(ctx, &project)?;
        // The `.pth` an interrupted change may have removed: the record as it is now (the one
        // the change wrote, or the one before it); read again after recovery for the run.
        let recorded =
            crate::install::python_env::recorded_pth(&layout.python_path_file(), project.path());
        files.files.extend(pth.iter().chain(&recorded).cloned());
        let created_dir = !layout.root().exists();
        create_state_dir(&layout)?;
        let dir_lock = lock_dir(ctx, &layout)?;
        // An interrupted change is undone before anything else is read.
        recover(ctx, &layout, &files)?;
        let (project, reread) = reread(project)?;
        // The environment is located again only when plugins.toml is another one now.
        let pth = match reread {
            true => python_pth(ctx, &project)?,
            false => pth,
        };
        for w in project.take_warnings() {
            ctx.printer.warn(w);
        }
        remove_leftovers(&layout, &files);
        let mut session = Self {
            ctx,
            lock: None,
            lock_is_on_disk: true,
            records: BTreeMap::new(),
            prepared: PreparedSet::new(),
            registries: None,
            created_dir,
            done: false,
            lists_none_on_disk: false,
            pth,
            old_pth: None,
            _dir_lock: dir_lock,
            layout,
            project,
        };
        session.lock = Lockfile::load(&session.project.lock_path())?;
        session.lists_none_on_disk = session.project.lists_no_plugins();
        session.old_pth = crate::install::python_env::recorded_pth(
            &session.layout.python_path_file(),
            session.project.path(),
        );
        session.records = RecordSummary::load_all(&session.layout)?;
        std::fs::create_dir_all(session.layout.staging())
            .context("could not create the staging area")?;
        Ok(session)
    }

    /// The project as it will be written.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project, to edit before resolving.
    pub fn project_mut(&mut self) -> &mut Project {
        &mut self.project
    }

    /// The plugin directory's layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The lockfile read at open.
    pub fn lock(&self) -> Option<&Lockfile> {
        self.lock.as_ref()
    }

    /// The HTTP clients, under the project's `[net]` settings.
    pub fn http(&self) -> &'c crate::source::http::Http {
        self.ctx.http(&self.project.manifest().net)
    }

    /// The staging area of this run, under the project's `[limits]`.
    pub fn stage_area(&self) -> StageArea<'c> {
        StageArea {
            dir: self.layout.staging(),
            limits: self.project.manifest().limits.archive,
            printer: &self.ctx.printer,
            cache: self.ctx.cache.as_ref(),
        }
    }

    /// Under `--locked`: fails, spelling out the difference, when plugins.toml would be
    /// rewritten or plugins.lock would not record exactly `resolution`.
    fn check_locked(&self, resolution: &Resolution) -> anyhow::Result<()> {
        let mut lines = Vec::new();
        let locked: BTreeMap<&PluginName, &crate::project::lockfile::LockedPlugin> = self
            .lock
            .iter()
            .flat_map(|l| l.plugins.iter().map(|p| (&p.name, p)))
            .collect();
        for (name, r) in &resolution.plugins {
            match locked.get(name) {
                None => lines.push(format!("+ {} {} ({})", r.name, r.version, r.source)),
                Some(l) if l.version != r.version => {
                    lines.push(format!("~ {} {} -> {}", r.name, l.version, r.version))
                }
                Some(l) if l.source != r.source => lines.push(format!(
                    "~ {} {}: {} -> {}",
                    r.name, r.version, l.source, r.source
                )),
                Some(_) => {}
            }
        }
        for (name, l) in &locked {
            if !resolution.plugins.contains_key(*name) {
                lines.push(format!("- {} {}", l.name, l.version));
            }
        }
        let manifest_changes = self.project.is_new()
            || self.project.original() != Some(self.project.render().as_str());
        if lines.is_empty() && !manifest_changes {
            return Ok(());
        }
        let flag = if self.ctx.modes.frozen {
            "--frozen"
        } else {
            "--locked"
        };
        let mut message = format!("`{flag}` was given, but ");
        if !lines.is_empty() {
            message.push_str(&format!(
                "`{}` would change:\n  {}",
                self.project.lock_path().display(),
                lines.join("\n  ")
            ));
        } else {
            message.push_str(&format!("`{}` would change", self.project.path().display()));
        }
        Err(crate::error::hinted(
            message,
            format!("run the command without `{flag}` and commit plugins.toml and plugins.lock, or restore them"),
        ))
    }

    /// Fails when plugins.toml on disk lists no plugin while plugins.lock locks some: an
    /// emptied, lost or mistyped plugins.toml is not an order to remove everything.
    fn check_lists_plugins(&self) -> anyhow::Result<()> {
        let Some(lock) = self.lock.as_ref().filter(|l| !l.plugins.is_empty()) else {
            return Ok(());
        };
        if !self.lists_none_on_disk {
            return Ok(());
        }
        let names: Vec<String> = lock
            .plugins
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect();
        let what = if self.project.is_new() {
            format!("there is no `{}`", self.project.path().display())
        } else {
            format!(
                "`{}` lists no plugins (is its `[plugins]` table missing?)",
                self.project.path().display()
            )
        };
        Err(crate::error::hinted(
            format!(
                "{what}, but `{}` locks {} plugin{}: {}; nothing was changed",
                self.project.lock_path().display(),
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
            "restore the plugins of plugins.toml (from version control, or `plugin rollback` after a change), or run `plugin uninstall --all` to remove every plugin",
        ))
    }

    /// Fails when plugins.lock and an install record disagree (source, checksum or content)
    /// for a plugin that would be kept as it is: the run would otherwise rewrite the lock from
    /// the record, silently. `install --force NAME` (a reinstall) reconciles them.
    fn check_lock_matches_records(
        &self,
        resolution: &Resolution,
        reinstall: &BTreeSet<PluginName>,
    ) -> anyhow::Result<()> {
        let Some(lock) = &self.lock else {
            return Ok(());
        };
        let mut lines = Vec::new();
        let mut names = Vec::new();
        for (name, r) in &resolution.plugins {
            let (Some(rec), Some(l)) = (self.records.get(name), lock.get(name)) else {
                continue;
            };
            let version = r.version.to_string();
            if reinstall.contains(name) || rec.version != version || l.version != r.version {
                continue;
            }
            let diffs = crate::install::verify_installed::lock_differences(
                l,
                &rec.source,
                rec.checksum.as_deref(),
                &rec.content,
            );
            for d in &diffs {
                lines.push(format!(
                    "{} {}: {} is {} in plugins.lock, {} in its install record",
                    r.name,
                    r.version,
                    d.field,
                    d.locked.as_deref().unwrap_or("missing"),
                    d.recorded.as_deref().unwrap_or("missing"),
                ));
            }
            if !diffs.is_empty() {
                names.push(r.name.to_string());
            }
        }
        if lines.is_empty() {
            return Ok(());
        }
        Err(crate::error::hinted(
            format!(
                "`{}` does not match what is installed; nothing was changed:\n  {}",
                self.project.lock_path().display(),
                lines.join("\n  ")
            ),
            format!(
                "if plugins.lock was edited on purpose, `plugin install --force {}` reinstalls from it; otherwise restore it (`plugin verify` lists every difference)",
                names.join(" ")
            ),
        ))
    }

    /// Replaces the project and the lockfile this run works from (`plugin rollback`).
    pub fn replace(&mut self, project: Project, lock: Option<Lockfile>) {
        self.project = project;
        self.lock = lock;
        self.lock_is_on_disk = false;
    }

    /// Keeps a direct plugin prepared by the command (from a SPEC).
    pub fn add_prepared(&mut self, prepared: direct::Prepared) {
        self.prepared
            .insert(prepared.pinned.resolved.name.clone(), prepared);
    }

    fn pinned(
        &mut self,
        refresh: &BTreeSet<PluginName>,
    ) -> anyhow::Result<BTreeMap<PluginName, Pinned>> {
        let mut out = BTreeMap::new();
        for (name, spec) in self.project.plugin_specs()? {
            if let Some(p) = self.prepared.get(&name) {
                out.insert(name, p.pinned.clone());
                continue;
            }
            let (source, origin) = match &spec {
                PluginSpec::Registry { .. } => continue,
                PluginSpec::Url { url, .. } => (SourceId::url(url), Origin::Url(url.clone())),
                PluginSpec::Path { path } => (
                    SourceId::Path(path.clone()),
                    Origin::Path(direct::absolute(self.project.root(), path)),
                ),
            };
            let locked = self
                .lock
                .as_ref()
                .and_then(|l| l.get(&name))
                .filter(|l| l.source == source && !refresh.contains(&name));
            let expected = match &spec {
                PluginSpec::Url { sha256, .. } => *sha256,
                _ => None,
            };
            if let Some(l) = locked.filter(|l| expected.is_none() || expected == l.checksum) {
                out.insert(
                    name,
                    Pinned {
                        resolved: resolve::Resolved::from_locked(l, origin),
                    },
                );
                continue;
            }
            let area = self.stage_area();
            let prepared = match (&spec, &origin) {
                (PluginSpec::Url { url, sha256 }, _) => {
                    direct::prepare_url(url, *sha256, self.http(), &area)
                }
                (PluginSpec::Path { path }, Origin::Path(abs)) => {
                    direct::prepare_path(abs, path, &area)
                }
                _ => unreachable!("registry specs are skipped above"),
            }
            .with_context(|| format!("failed to read plugin `{name}` listed in plugins.toml"))?;
            out.insert(name.clone(), prepared.pinned.clone());
            self.prepared.insert(name, prepared);
        }
        Ok(out)
    }

    /// Resolves the project as edited.
    ///
    /// # Errors
    /// Resolution and source errors.
    pub fn resolve(&mut self, opts: &ResolveOptions) -> anyhow::Result<Resolution> {
        if !(opts.require_lock || opts.remove_all) {
            self.check_lists_plugins()?;
        }
        let pinned = self.pinned(&opts.refresh)?;
        let registries = Registries::new(
            &self.project,
            self.http(),
            &self.ctx.env,
            self.ctx.cache.as_ref(),
        )?;
        let shortcut = matches!(opts.unlock, Unlock::Nothing) && opts.extra_roots.is_empty();
        let from_lock = self.lock.as_ref().filter(|_| shortcut).and_then(|lock| {
            resolve::from_lock(&self.project, lock, &pinned, |s| {
                registries.key_for_source(s)
            })
        });
        let printer = &self.ctx.printer;
        match (&from_lock, &self.lock) {
            (Some(_), _) => printer.debug("plugins.lock satisfies plugins.toml: the locked versions are kept, no index file is read"),
            (None, None) => printer.debug("no plugins.lock: resolving plugins.toml anew"),
            (None, Some(_)) if !shortcut => printer.debug(
                "an upgrade or a new plugin was asked for: resolving, locked versions kept where they may",
            ),
            (None, Some(_)) => printer.debug(
                "plugins.lock does not satisfy plugins.toml: resolving, locked versions kept where they fit",
            ),
        }
        if let (Some(locked), Some(policy)) = (&from_lock, &self.project.manifest().policy) {
            // The locked versions are kept without resolving: `[policy]` is checked on them
            // here (advisories, licenses, registries), except offline.
            if self.http().config().offline {
                printer.warn(
                    "`[policy]` is not checked against plugins.lock offline; run `plugin audit` where the registries are reachable",
                );
            } else {
                let refusals = resolve::policy::check_locked(policy, locked, &registries)?;
                if !refusals.is_empty() {
                    return Err(resolve::policy::refused(refusals).into());
                }
            }
        }
        let resolution = self.resolve_with(opts, from_lock, &pinned, &registries);
        // Warnings about the index (skipped lines) matter most when resolution fails.
        for w in registries.take_warnings() {
            self.ctx.printer.warn(w);
        }
        let resolution = resolution?;
        for d in &resolution.decisions {
            self.ctx.printer.debug(d);
        }
        self.registries = Some(registries);
        Ok(resolution)
    }

    fn resolve_with(
        &self,
        opts: &ResolveOptions,
        from_lock: Option<Resolution>,
        pinned: &BTreeMap<PluginName, Pinned>,
        registries: &Registries<'_>,
    ) -> anyhow::Result<Resolution> {
        if from_lock.is_none() {
            // The resolver asks for the project's own plugins first, one at a time: fetch their
            // index files together.
            let mut by_registry: BTreeMap<Option<String>, Vec<PluginName>> = BTreeMap::new();
            for (name, spec) in self.project.plugin_specs()? {
                if let PluginSpec::Registry { registry, .. } = spec {
                    by_registry.entry(registry).or_default().push(name);
                }
            }
            for (name, registry) in &opts.extra_roots {
                by_registry
                    .entry(registry.clone())
                    .or_default()
                    .push(name.clone());
            }
            for (key, names) in by_registry {
                if let Ok(index) = registries.get(key.as_deref()) {
                    index.prefetch(&names, self.ctx.jobs().max(4));
                }
            }
        }
        Ok(match from_lock {
            Some(r) => r,
            None if opts.require_lock => {
                return Err(crate::error::hinted(
                    "the plugins.lock to install does not match its plugins.toml",
                    "edit plugins.toml or run `plugin install` to resolve it anew",
                ))
            }
            None => resolve::resolve(&ResolveInput {
                project: &self.project,
                lock: self.lock.as_ref(),
                unlock: &opts.unlock,
                pinned,
                registries,
                extra_roots: &opts.extra_roots,
                relax: &opts.relax,
                precise: &opts.precise,
                explain: self.ctx.printer.verbosity() >= crate::printer::Verbosity::Debug,
            })?,
        })
    }

    /// Installs `resolution`, writing plugins.toml and plugins.lock.
    ///
    /// # Errors
    /// As [`apply`]; everything is then as it was.
    pub fn apply(mut self, resolution: &Resolution, opts: ApplyOptions) -> anyhow::Result<Outcome> {
        if self.ctx.modes.locked {
            self.check_locked(resolution)?;
        }
        if self.lock_is_on_disk {
            self.check_lock_matches_records(resolution, &opts.reinstall)?;
        }
        let registries = match self.registries.take() {
            Some(r) => r,
            None => Registries::new(
                &self.project,
                self.http(),
                &self.ctx.env,
                self.ctx.cache.as_ref(),
            )?,
        };
        let prepared = std::mem::take(&mut self.prepared);
        let outcome = apply(Apply {
            ctx: self.ctx,
            project: &self.project,
            layout: &self.layout,
            registries: &registries,
            resolution,
            records: &self.records,
            lock_on_disk: self.lock.as_ref().filter(|_| self.lock_is_on_disk),
            prepared,
            reinstall: &opts.reinstall,
            exact: &opts.exact,
            history: opts.history,
            extra_files: opts.extra_files,
            pth: self.pth.as_deref(),
            old_pth: self.old_pth.take(),
            dry_run: opts.dry_run,
        })?;
        self.done = !opts.dry_run;
        if self.done && !outcome.plan.is_noop() {
            self.record_fingerprint();
        }
        Ok(outcome)
    }

    /// Records that the plugin directory now matches plugins.lock (see
    /// [`crate::install::fingerprint`]) after a run that changed it; nothing when plugins.toml
    /// is gone. A no-op writes nothing, not even this.
    fn record_fingerprint(&self) {
        use crate::install::fingerprint;
        let Ok(text) = std::fs::read(self.project.path()) else {
            return;
        };
        let inputs = fingerprint::Inputs {
            manifest_path: self.project.path(),
            manifest_text: &text,
            python: self.ctx.python.as_deref(),
        };
        fingerprint::record(&self.layout, inputs, self.pth.as_deref());
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        // A failed or dry first run leaves no plugin directory behind.
        if self.created_dir && !self.done {
            let only_state = std::fs::read_dir(self.layout.root())
                .map(|entries| {
                    entries
                        .flatten()
                        .all(|e| e.file_name() == crate::install::layout::STATE_DIR)
                })
                .unwrap_or(false);
            if only_state {
                let _ = std::fs::remove_dir_all(self.layout.root());
            }
        }
    }
}

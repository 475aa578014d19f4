//! The installer: builds the [`Transaction`] of a plan from what the preparer staged (plugin
//! folders and records, `.dist-info` folders, the host's config file, plugins.toml,
//! plugins.lock and the history, the `.pth` file) and commits it, keeping the archives
//! installed in the cache meanwhile (see [`crate::install::apply`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::checksum::Sha256;
use crate::install::fetch::Fetched;
use crate::install::history::History;
use crate::install::host_config::{HostConfig, Removal};
use crate::install::layout::Layout;
use crate::install::plan::{Action, Plan};
use crate::install::prepare::{Apply, Prepared};
use crate::install::record::{Record, RECORD_VERSION};
use crate::install::stage::StagedPlugin;
use crate::install::transaction::{ProjectFiles, Transaction};
use crate::manifest::PluginManifest;
use crate::name::PluginName;
use crate::project::lockfile::{LockedPlugin, Lockfile};
use crate::project::Project;
use crate::resolve::{Origin, Resolved};
use url::Url;

/// A file kept in a replaced or removed plugin folder because `plugin` did not install it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFile {
    /// The plugin folder it is in.
    pub dir: PathBuf,
    /// Its path relative to that folder.
    pub path: String,
}

/// What [`install`] committed, for the report.
pub(super) struct Installed {
    /// User files kept in replaced or removed plugin folders.
    pub(super) kept: Vec<KeptFile>,
    /// Files not part of a package that were removed (`install --force`).
    pub(super) dropped: Vec<KeptFile>,
    /// What happened in the host's config file.
    pub(super) config_notes: Vec<ConfigNote>,
}

/// The installer: builds the transaction of `plan` from what
/// [`prepare`](crate::install::prepare::prepare) staged (plugin folders and records, the
/// host's config file, plugins.toml, plugins.lock and the history, the `.pth` file, the
/// caller's extra files) and commits it, keeping what it installs in the cache meanwhile.
pub(super) fn install(
    req: &mut Apply<'_, '_>,
    plan: &Plan,
    prepared: Prepared,
) -> anyhow::Result<Installed> {
    let (verified, staged) = take_downloads(plan, prepared);
    // The cache is filled while the transaction is built and committed, by one thread on the
    // core that work leaves idle: every archive has been verified and staged, and what goes in
    // (those archives, the index files read) is checked again whenever it is read, so an
    // install that fails from here on leaves nothing wrong in it.
    let cache = req.ctx.cache.as_ref();
    let index_files = req.registries.take_cache_writes();
    let committed = std::thread::scope(|s| {
        s.spawn(move || {
            if let Some(cache) = cache {
                for f in &verified {
                    cache.store_archive(&f.sha256, f.file.path());
                }
            }
            // The staged archives are deleted here too, off the committing thread.
            drop(verified);
            for writes in index_files {
                writes.run(1);
            }
        });
        build_and_commit(req, plan, staged)
    });
    let installed = committed?;
    if req.history {
        History::new(req.layout).prune();
    }
    Ok(installed)
}

/// What was staged, each plugin with the digest of its download (for its record) instead of
/// the download itself.
struct Staged {
    /// The staging area.
    staging: PathBuf,
    plugins: BTreeMap<PluginName, (StagedPlugin, Option<Sha256>)>,
}

/// Takes the downloads out of `prepared`: the archives whose checksum is the one resolved
/// (they go into the cache), and what was staged.
fn take_downloads(plan: &Plan, prepared: Prepared) -> (Vec<Fetched>, Staged) {
    let resolved: BTreeMap<&PluginName, Option<Sha256>> = plan
        .steps
        .iter()
        .filter_map(|s| Some((&s.name, s.resolved.as_ref()?.checksum)))
        .collect();
    let mut verified = Vec::new();
    let mut plugins = BTreeMap::new();
    for (name, (plugin, fetched)) in prepared.staged {
        let digest = fetched.as_ref().map(|f| f.sha256);
        if let Some(f) = fetched.filter(|f| resolved.get(&name) == Some(&Some(f.sha256))) {
            verified.push(f);
        }
        plugins.insert(name, (plugin, digest));
    }
    let staging = prepared.staging;
    (verified, Staged { staging, plugins })
}

/// Builds the transaction of `plan` from what was `staged` and commits it.
fn build_and_commit(
    req: &mut Apply<'_, '_>,
    plan: &Plan,
    staged: Staged,
) -> anyhow::Result<Installed> {
    let mut tx = Transaction::new();
    let plugins = plugin_ops(req, plan, staged, &mut tx)?;
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
    mut staged: Staged,
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
                ops.remove(old, &staged.staging, tx)?;
                tx.delete_file(req.layout.record(&step.name));
            }
            (Action::Keep, Some(r)) => {
                let rec = step.record.as_ref().expect("kept plugins have records");
                ops.locked
                    .push(lock_entry(r, rec.checksum.as_deref(), &rec.content));
            }
            (_, Some(r)) => {
                let plugin = staged.plugins.remove(&step.name).expect("staged above");
                ops.swap_in(req.layout, r, plugin, old, tx)?;
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
        (plugin, download): (StagedPlugin, Option<Sha256>),
        old: OldFolder,
        tx: &mut Transaction,
    ) -> anyhow::Result<()> {
        self.configs_in.push((
            r.name.clone(),
            plugin.manifest.plugin.kind.clone(),
            plugin.manifest.config.clone(),
        ));
        // The digest of what was downloaded now, else the one resolved.
        let checksum = download.or(r.checksum).map(|c| c.prefixed());
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
pub(super) enum ConfigNote {
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

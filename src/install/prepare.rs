//! The preparer: fetches, verifies and stages every plugin a plan installs, in parallel,
//! before anything reaches the plugin directory (see [`crate::install::apply`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::checksum::Sha256;
use crate::context::Context;
use crate::install::direct::{self, PreparedSet};
use crate::install::fetch::{FetchRequest, Fetched};
use crate::install::layout::Layout;
use crate::install::plan::Plan;
use crate::install::record::RecordSummary;
use crate::install::stage::{
    check_expected, fetch_unpacking, stage_fetched, stage_stream, StageArea, StageError,
    StagedPlugin,
};
use crate::install::store::{Entry, LinkMode, PlaceError, Store};
use crate::install::verify_archive;
use crate::jobs::parallel_map;
use crate::name::PluginName;
use crate::project::lockfile::Lockfile;
use crate::project::Project;
use crate::resolve::{Origin, Registries, Resolution, Resolved};
use crate::source::http::{Http, RequestOptions};
use crate::source::index::Download;
use crate::source_id::SourceId;
use url::Url;

/// What [`apply`](crate::install::apply::apply) works on.
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

/// The plugins of a plan fetched, verified and staged: nothing has reached the plugin
/// directory yet.
pub(super) struct Prepared {
    /// The staging area they are in.
    pub(super) staging: PathBuf,
    /// Each plugin with files, staged, with its download when it was fetched now.
    pub(super) staged: BTreeMap<PluginName, (StagedPlugin, Option<Fetched>)>,
}

/// The preparer: fetches, verifies and stages everything `plan` installs, in parallel (see
/// [`stage_all`]).
pub(super) fn prepare(req: &mut Apply<'_, '_>, plan: &Plan) -> anyhow::Result<Prepared> {
    let staging = req.layout.staging();
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("could not create `{}`", staging.display()))?;
    let area = StageArea {
        dir: staging.clone(),
        limits: req.project.manifest().limits.archive,
        printer: &req.ctx.printer,
        cache: req.ctx.cache.as_ref(),
    };
    let mode = LinkMode::choose(
        req.ctx.env.link_mode(),
        req.project.manifest().project.link_mode,
    )?;
    let store = req
        .ctx
        .cache
        .as_ref()
        .map(|cache| Store::new(cache, mode, area.limits, area.printer));
    let staged = stage_all(req, plan, &area, store.as_ref())?;
    check_licenses(req, &staged)?;
    Ok(Prepared { staging, staged })
}

/// `[policy] licenses` checked against the `license` of each staged plugin's manifest (the
/// resolver checked the index lines that carry one; this covers those that do not).
///
/// # Errors
/// [`crate::resolve::ResolveError::Refused`] naming every plugin refused.
fn check_licenses(
    req: &Apply<'_, '_>,
    staged: &BTreeMap<PluginName, (StagedPlugin, Option<Fetched>)>,
) -> anyhow::Result<()> {
    let Some(policy) = req.project.manifest().policy.as_ref() else {
        return Ok(());
    };
    let refusals: Vec<_> = staged
        .values()
        .filter_map(|(s, _)| {
            let m = &s.manifest.plugin;
            crate::resolve::policy::check_manifest_license(
                policy,
                &m.name,
                &m.version,
                m.license.as_deref(),
            )
        })
        .collect();
    if refusals.is_empty() {
        return Ok(());
    }
    Err(crate::resolve::policy::refused(refusals).into())
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
    store: Option<&Store<'_>>,
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
        let result = run_job(job, area, store);
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
fn run_job<'a>(
    job: Job<'a>,
    area: &StageArea<'_>,
    store: Option<&Store<'_>>,
) -> anyhow::Result<(PluginName, JobResult<'a>)> {
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
                return match stage_cached(area, store, &cksum, &label, expected) {
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
    store: Option<&Store<'_>>,
    cksum: &Sha256,
    label: &str,
    expected: Option<(&PluginName, &semver::Version)>,
) -> Option<Result<StagedPlugin, StageError>> {
    if let Some(store) = store {
        match from_store(store, area, cksum, label, expected) {
            Ok(FromStore::Staged(staged)) => return Some(Ok(*staged)),
            Ok(FromStore::NotCached) => {
                area.printer.debug(format_args!(
                    "{label}: sha256:{cksum} is not in the cache, downloading"
                ));
                return None;
            }
            Ok(FromStore::Unusable) => {}
            Err(e) => return Some(Err(e)),
        }
    }
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

/// What [`from_store`] gave.
enum FromStore {
    /// Staged from the store.
    Staged(Box<StagedPlugin>),
    /// Neither a store entry nor the archive is in the cache: download it.
    NotCached,
    /// The store could not be used (an entry damaged again, a store that cannot be written):
    /// stage from the cached archive without it.
    Unusable,
}

/// Stages the archive with digest `cksum` from its store entry, made first from the cached
/// archive when there is none (or it is damaged).
fn from_store(
    store: &Store<'_>,
    area: &StageArea<'_>,
    cksum: &Sha256,
    label: &str,
    expected: Option<(&PluginName, &semver::Version)>,
) -> Result<FromStore, StageError> {
    if let Some(entry) = store.lookup(cksum) {
        area.printer.debug(format_args!(
            "{label}: from the cache, sha256:{cksum} (its store entry, by {})",
            store.mode().as_str()
        ));
        if let Some(staged) = place(store, entry, area, label, expected)? {
            return Ok(FromStore::Staged(Box::new(staged)));
        }
    }
    let cache = store.cache();
    // The store's area is made only once the archive is open: nothing is made in the cache
    // for an archive it does not hold.
    let Some(opened) = cache.read_archive(cksum, |stream, len| {
        let store_area = store.area()?;
        Ok::<_, io::Error>((
            stage_stream(stream, Some(len), label, &store_area),
            store_area,
        ))
    }) else {
        // Not cached, or its bytes changed (the bad copy is gone): download it.
        return Ok(FromStore::NotCached);
    };
    let Ok((streamed, store_area)) = opened else {
        return Ok(FromStore::Unusable);
    };
    let built = match streamed? {
        Some(streamed) => streamed.finish(None, area.printer)?,
        None => match cache.archive(cksum, &store_area.dir) {
            Some(copy) => stage_fetched(copy.path(), label, None, &store_area)?,
            None => return Ok(FromStore::Unusable),
        },
    };
    area.printer.debug(format_args!(
        "{label}: from the cache, sha256:{cksum} (unpacked into its store, placed by {})",
        store.mode().as_str()
    ));
    match store.commit(cksum, built) {
        Ok(entry) => Ok(match place(store, entry, area, label, expected)? {
            Some(staged) => FromStore::Staged(Box::new(staged)),
            None => FromStore::Unusable,
        }),
        Err(e) => {
            area.printer.debug(format_args!(
                "{label}: the store entry could not be kept ({e})"
            ));
            Ok(FromStore::Unusable)
        }
    }
}

/// Places the files of `entry` into a new folder of `area` by the store's link mode, and
/// checks that its manifest names `expected`; the manifest's warnings are printed for an entry
/// made before this run (those of one made now were printed when it was unpacked). `Ok(None)`
/// when the entry turned out damaged: it is deleted.
fn place(
    store: &Store<'_>,
    entry: Entry,
    area: &StageArea<'_>,
    label: &str,
    expected: Option<(&PluginName, &semver::Version)>,
) -> Result<Option<StagedPlugin>, StageError> {
    let (fresh, digest) = (entry.is_fresh(), *entry.digest());
    match store.place(entry, area, label) {
        Ok((staged, warnings)) => {
            if !fresh {
                for w in warnings {
                    area.printer.warn(w);
                }
            }
            check_expected(&staged.manifest, expected)?;
            Ok(Some(staged))
        }
        Err(PlaceError::Damaged(why)) => {
            store.discard(&digest, &why);
            Ok(None)
        }
        Err(PlaceError::Stage(e)) => Err(e),
    }
}

fn check_fixed_version(r: &Resolved, staged: &StagedPlugin) -> anyhow::Result<()> {
    let m = &staged.manifest.plugin;
    verify_archive::manifest_matches(&r.name, &r.version, &m.name, &m.version)?;
    Ok(())
}

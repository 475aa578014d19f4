//! `plugin publish [ARCHIVE|DIR] --index DIR`, `plugin yank NAME@VERSION --index DIR [--undo]`
//! and `plugin index init|verify|gc DIR`: keeping a registry kept as a folder, or in an object
//! store (`s3://BUCKET/PREFIX`, see [`crate::authoring::store_registry`]).

use std::path::Path;

use crate::authoring::local_registry::{init, verify, LocalRegistry};
use crate::authoring::store_registry;
use crate::source::store::{AwsEnv, Store};

/// The object store `arg` names (`s3://…`), opened; `None` for a folder.
fn store_of(arg: &Path, ctx: &Context) -> anyhow::Result<Option<Store>> {
    let Some(text) = arg
        .to_str()
        .filter(|t| t.starts_with("s3://") || t.starts_with("az://"))
    else {
        return Ok(None);
    };
    let location =
        crate::source_id::RegistryLocation::parse(text, &ctx.cwd).map_err(anyhow::Error::msg)?;
    let crate::source_id::RegistryLocation::Store(location) = location else {
        unreachable!("an s3:// or az:// location")
    };
    // No plugins.toml here: the `PLUGIN_NET_*` variables over the defaults.
    let net = ctx.net_config(&Default::default());
    Ok(Some(Store::open(
        &location,
        &AwsEnv::from_env(&ctx.env),
        &net,
    )?))
}
use crate::cli::{GlobalArgs, IndexArgs, IndexCommand, PublishArgs, YankArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};

fn open(dir: &Path, ctx: &Context) -> anyhow::Result<LocalRegistry> {
    let printer = ctx.printer.clone();
    Ok(LocalRegistry::open(dir, || {
        printer.status(
            "Blocking",
            format_args!("waiting for the lock on `{}`", dir.display()),
        )
    })?)
}

pub(crate) fn publish(
    args: PublishArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store_of(&args.index, ctx)?;
    let index = match &store {
        Some(s) => s.url().into(),
        None => ctx.cwd.join(&args.index),
    };
    let source = ctx
        .cwd
        .join(args.source.as_deref().unwrap_or(Path::new(".")));
    let registry = match &store {
        Some(_) => None,
        None => Some(open(&index, ctx)?),
    };
    let scratch = tempfile::tempdir()?;
    let archive = if source.is_dir() {
        let opts = super::package::options(args.format, args.top_folder, ctx);
        let (built, warnings) = crate::authoring::package::build(&source, scratch.path(), &opts)?;
        for w in warnings {
            ctx.printer.warn(w);
        }
        built.path
    } else {
        source
    };
    // `SOURCE_DATE_EPOCH`, when set, is the `published` time too (reproducible registries).
    let published = ctx
        .env
        .source_date_epoch()
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        });
    let (manifest, cksum) = match (&registry, &store) {
        (Some(r), _) => r.publish_at(&archive, published)?,
        (None, Some(s)) => store_registry::publish(s, &archive, published)?,
        (None, None) => unreachable!("a folder or a store"),
    };
    ctx.printer.status(
        "Published",
        format_args!(
            "{} v{} to `{}` (sha256:{cksum})",
            manifest.plugin.name,
            manifest.plugin.version,
            index.display()
        ),
    );
    super::print_document(
        ctx,
        "publish",
        true,
        serde_json::json!({
            "name": manifest.plugin.name.as_str(),
            "plugin_version": manifest.plugin.version.to_string(),
            "index": index.display().to_string(),
            "sha256": cksum.to_hex(),
        }),
    )?;
    Ok(ExitStatus::Success)
}

pub(crate) fn yank(
    args: YankArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let (name, version) = args.spec.split_once('@').ok_or_else(|| UsageError {
        message: format!("`{}` is not NAME@VERSION", args.spec),
        hint: Some("for example `plugin yank stoq-hash@1.2.0 --index registry-index`".into()),
    })?;
    let name = super::parse_name(name)?;
    let version = semver::Version::parse(version).map_err(|e| UsageError {
        message: format!("`{version}` is not a version: {e}"),
        hint: None,
    })?;
    let store = store_of(&args.index, ctx)?;
    let (index, changed) = match &store {
        Some(s) => (
            s.url().into(),
            store_registry::yank(s, &name, &version, !args.undo)?,
        ),
        None => {
            let index = ctx.cwd.join(&args.index);
            let registry = open(&index, ctx)?;
            let changed = registry.yank(&name, &version, !args.undo)?;
            (index, changed)
        }
    };
    let what = if args.undo { "Unyanked" } else { "Yanked" };
    if changed {
        ctx.printer.status(
            what,
            format_args!("{name} v{version} in `{}`", index.display()),
        );
    } else {
        ctx.printer.info(format_args!(
            "{name} {version} was already {}",
            if args.undo { "not yanked" } else { "yanked" }
        ));
    }
    super::print_document(
        ctx,
        "yank",
        true,
        serde_json::json!({
            "name": name.as_str(),
            "plugin_version": version.to_string(),
            "index": index.display().to_string(),
            "yanked": !args.undo,
            "changed": changed,
        }),
    )?;
    Ok(ExitStatus::Success)
}

pub(crate) fn index(
    args: IndexArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    match args.command {
        IndexCommand::Init { dir } => {
            let (dir, created) = match store_of(&dir, ctx)? {
                Some(s) => (s.url().into(), store_registry::init(&s)?),
                None => {
                    let dir = ctx.cwd.join(dir);
                    let created = init(&dir)?;
                    (dir, created)
                }
            };
            if created {
                ctx.printer.status(
                    "Created",
                    format_args!("registry index `{}`", dir.display()),
                );
            } else {
                ctx.printer.info(format_args!(
                    "`{}` is a registry index already",
                    dir.display()
                ));
            }
            super::print_document(
                ctx,
                "index init",
                true,
                serde_json::json!({"dir": dir.display().to_string(), "created": created}),
            )?;
            Ok(ExitStatus::Success)
        }
        IndexCommand::Gc { dir } => gc(&dir, ctx),
        IndexCommand::Verify { dir } => {
            let (dir, problems, checked, orphans) = match store_of(&dir, ctx)? {
                Some(s) => {
                    let scratch = tempfile::tempdir()?;
                    let v = store_registry::verify(&s, scratch.path())?;
                    (s.url().into(), v.problems, v.checked, Some(v.orphans))
                }
                None => {
                    let dir = ctx.cwd.join(dir);
                    let (mut problems, checked) = verify(&dir)?;
                    problems.extend(crate::authoring::advisory::verify(&dir));
                    (dir, problems, checked, None)
                }
            };
            let mut doc = serde_json::json!({"dir": dir.display().to_string(), "checked": checked, "problems": problems});
            if let Some(o) = &orphans {
                doc["orphans"] = serde_json::json!(o);
            }
            super::print_document(ctx, "index verify", problems.is_empty(), doc)?;
            if !ctx.modes.json {
                for p in &problems {
                    let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                    ctx.printer
                        .data(format_args!("{}{at}: {}", p.file, p.message))?;
                }
            }
            for o in orphans.iter().flatten() {
                ctx.printer.warn(format!(
                    "`{o}` is an orphan: no index line names it (a publish stopped half-way); `plugin index gc {}` deletes it",
                    dir.display()
                ));
            }
            if problems.is_empty() {
                ctx.printer.status(
                    "Verified",
                    format_args!(
                        "`{}`: {checked} version{}, no problems",
                        dir.display(),
                        if checked == 1 { "" } else { "s" }
                    ),
                );
                return Ok(ExitStatus::Success);
            }
            let problem = hinted(
                format!(
                    "`{}` has {} problem{}",
                    dir.display(),
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ),
                if ctx.modes.json {
                    "fix the files the document's `problems` name; a published version's archive must never change"
                } else {
                    "fix the files named above; a published version's archive must never change"
                },
            );
            if ctx.modes.json {
                // The document above is the one on stdout; the message goes to stderr only.
                return Ok(crate::render::report(&ctx.printer, &problem));
            }
            Err(problem)
        }
    }
}

/// `plugin index gc DIR|S3URL`: deletes the registry's orphans.
fn gc(dir: &Path, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let (shown, removed) = match store_of(dir, ctx)? {
        Some(store) => (store.url().to_string(), store_registry::gc(&store)?),
        None => {
            let dir = ctx.cwd.join(dir);
            let removed = crate::authoring::local_registry::gc(&dir, || {
                ctx.printer.status(
                    "Blocking",
                    format_args!("waiting for the lock on `{}`", dir.display()),
                )
            })?;
            (format!("{}/", dir.display()), removed)
        }
    };
    for key in &removed {
        ctx.printer.status("Removed", format_args!("{shown}{key}"));
    }
    if removed.is_empty() {
        ctx.printer.info(format_args!("`{shown}` has no orphans"));
    }
    super::print_document(
        ctx,
        "index gc",
        true,
        serde_json::json!({"dir": shown, "removed": removed}),
    )?;
    Ok(ExitStatus::Success)
}

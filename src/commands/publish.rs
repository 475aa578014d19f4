//! `plugin publish [ARCHIVE|DIR] --index DIR`, `plugin yank NAME@VERSION --index DIR [--undo]`
//! and `plugin index init|verify DIR`: keeping a registry kept as a folder.

use std::path::Path;

use crate::authoring::local_registry::{init, verify, LocalRegistry};
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
    let index = ctx.cwd.join(&args.index);
    let source = ctx
        .cwd
        .join(args.source.as_deref().unwrap_or(Path::new(".")));
    let registry = open(&index, ctx)?;
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
        .get(crate::env::vars::SOURCE_DATE_EPOCH)
        .and_then(|v| v.trim().parse().ok())
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        });
    let (manifest, cksum) = registry.publish_at(&archive, published)?;
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
    let index = ctx.cwd.join(&args.index);
    let registry = open(&index, ctx)?;
    let changed = registry.yank(&name, &version, !args.undo)?;
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
            let dir = ctx.cwd.join(dir);
            let created = init(&dir)?;
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
        IndexCommand::Verify { dir } => {
            let dir = ctx.cwd.join(dir);
            let (problems, checked) = verify(&dir)?;
            super::print_document(
                ctx,
                "index verify",
                problems.is_empty(),
                serde_json::json!({"dir": dir.display().to_string(), "checked": checked, "problems": problems}),
            )?;
            if !ctx.modes.json {
                for p in &problems {
                    let at = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                    ctx.printer
                        .data(format_args!("{}{at}: {}", p.file, p.message))?;
                }
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

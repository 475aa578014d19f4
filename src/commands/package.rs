//! `plugin package [DIR]`: validates a plugin source folder and writes its reproducible archive.

use crate::authoring::package::{build, inspect, Options};
use crate::cli::{GlobalArgs, PackageArgs};
use crate::context::Context;
use crate::error::ExitStatus;

/// The build options of `args`, with `SOURCE_DATE_EPOCH` for the entries' time.
pub(crate) fn options(
    format: crate::cli::ArchiveFormatArg,
    top_folder: bool,
    ctx: &Context,
) -> Options {
    Options {
        format: match format {
            crate::cli::ArchiveFormatArg::TarGz => crate::authoring::package::Format::TarGz,
            crate::cli::ArchiveFormatArg::Zip => crate::authoring::package::Format::Zip,
        },
        top_folder,
        mtime: ctx
            .env
            .get(crate::env::vars::SOURCE_DATE_EPOCH)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0),
    }
}

pub(crate) fn run(
    args: PackageArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let dir = ctx
        .cwd
        .join(args.dir.as_deref().unwrap_or(std::path::Path::new(".")));
    if args.list {
        let (manifest, files, warnings) = inspect(&dir)?;
        for w in warnings {
            ctx.printer.warn(w);
        }
        if ctx.modes.json {
            super::print_document(
                ctx,
                "package",
                true,
                serde_json::json!({
                    "list": true,
                    "name": manifest.plugin.name.as_str(),
                    "plugin_version": manifest.plugin.version.to_string(),
                    "path": null,
                    "sha256": null,
                    "files": files,
                }),
            )?;
            return Ok(ExitStatus::Success);
        }
        for f in files {
            ctx.printer.data(f)?;
        }
        return Ok(ExitStatus::Success);
    }
    let out = ctx
        .cwd
        .join(args.out.as_deref().unwrap_or(std::path::Path::new(".")));
    let (built, warnings) = build(&dir, &out, &options(args.format, args.top_folder, ctx))?;
    for w in warnings {
        ctx.printer.warn(w);
    }
    ctx.printer.status(
        "Packaged",
        format_args!(
            "{} v{} ({} files) into `{}`",
            built.manifest.plugin.name,
            built.manifest.plugin.version,
            built.files.len(),
            built.path.display()
        ),
    );
    if ctx.modes.json {
        super::print_document(
            ctx,
            "package",
            true,
            serde_json::json!({
                "list": false,
                "name": built.manifest.plugin.name.as_str(),
                "plugin_version": built.manifest.plugin.version.to_string(),
                "path": built.path.display().to_string(),
                "sha256": built.sha256.to_hex(),
                "files": built.files,
            }),
        )?;
    } else {
        ctx.printer.data(format_args!("sha256:{}", built.sha256))?;
    }
    Ok(ExitStatus::Success)
}

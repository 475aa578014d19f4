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
        mtime: ctx.env.source_date_epoch().unwrap_or(0),
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
            super::print_document(ctx, "package", true, document(&manifest, None, &files))?;
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
        let archive = Some((built.path.as_path(), &built.sha256));
        let doc = document(&built.manifest, archive, &built.files);
        super::print_document(ctx, "package", true, doc)?;
    } else {
        ctx.printer.data(format_args!("sha256:{}", built.sha256))?;
    }
    Ok(ExitStatus::Success)
}

/// The `--json` document of `plugin package` (docs/json.md): the plugin, its files and, when
/// one was written (not under `--list`), the archive's path and sha256.
fn document(
    manifest: &crate::manifest::PluginManifest,
    archive: Option<(&std::path::Path, &crate::checksum::Sha256)>,
    files: &[String],
) -> serde_json::Value {
    serde_json::json!({
        "list": archive.is_none(),
        "name": manifest.plugin.name.as_str(),
        "plugin_version": manifest.plugin.version.to_string(),
        "path": archive.map(|(path, _)| path.display().to_string()),
        "sha256": archive.map(|(_, sha)| sha.to_hex()),
        "files": files,
    })
}

//! `plugin install [SPEC]...`: adds plugins to plugins.toml and installs what it lists
//! (see [`crate::ops::install`]).

use crate::cli::{GlobalArgs, InstallArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::ops::{self, InstallOptions};

pub(crate) fn run(
    args: InstallArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let opts = InstallOptions {
        manifest_path: global.manifest_path.clone(),
        plugin_dir: args.plugin_dir,
        specs: args.specs,
        sha256: args.sha256,
        registry: args.registry,
        force: args.force,
        dry_run: args.dry_run,
    };
    if ops::up_to_date(ctx, &opts)? {
        ctx.printer.info("all plugins are installed and up to date");
        return Ok(ExitStatus::Success);
    }
    let out = ops::install(ctx, &opts)?;
    if !opts.dry_run {
        for note in &out.rewritten {
            ctx.printer.status("Requirement", note);
        }
    }
    super::report_change(ctx, "install", &out.change, &out.written, opts.dry_run)?;
    if out.up_to_date() && !opts.dry_run {
        ctx.printer.info("all plugins are installed and up to date");
    }
    if let Some(path) = out.created.as_ref().filter(|_| !opts.dry_run) {
        ctx.printer
            .status("Created", format_args!("`{}`", path.display()));
    }
    Ok(ExitStatus::Success)
}

//! `plugin uninstall NAME... | --all`: removes plugins and the dependencies nothing needs any
//! more (see [`crate::ops::uninstall`]).

use crate::cli::{GlobalArgs, UninstallArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::install::session::Session;
use crate::ops::{self, UninstallOptions};

pub(crate) fn run(
    args: UninstallArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let opts = UninstallOptions {
        names: args
            .names
            .iter()
            .map(|n| ops::parse_name(n))
            .collect::<anyhow::Result<_>>()?,
        all: args.all,
        dry_run: args.dry_run,
    };
    let project = super::existing_project(global, ctx)?;
    let session = Session::open(ctx, project, args.plugin_dir)?;
    let out = ops::uninstall(session, &opts)?;
    super::print_change_json(ctx, "uninstall", &out.change, opts.dry_run, &out.lock_path)?;
    for kept in &out.kept {
        ctx.printer.info(format_args!(
            "`{}` {} stays installed: {} depends on it",
            kept.name,
            kept.version,
            kept.needed_by.join(", ")
        ));
    }
    Ok(ExitStatus::Success)
}

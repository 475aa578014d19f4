//! `plugin rollback`: returns the plugin directory, plugins.toml and plugins.lock to the state
//! before the last change of plugins.lock, as one transaction (see [`crate::ops::rollback`]).

use crate::cli::{GlobalArgs, RollbackArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::install::session::Session;
use crate::ops::{self, RollbackOptions};

pub(crate) fn run(
    args: RollbackArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let opts = RollbackOptions {
        dry_run: args.dry_run,
    };
    let project = super::existing_project(global, ctx)?;
    let session = Session::open(ctx, project, args.plugin_dir)?;
    let out = ops::rollback(session, &opts)?;
    super::print_change_json(ctx, "rollback", &out.change, opts.dry_run, &out.lock_path)?;
    if !opts.dry_run {
        let moved = out.moved();
        ctx.printer.status(
            "Rolled back",
            format_args!(
                "plugins.toml and plugins.lock to the state before the last change ({moved} plugin{} changed)",
                if moved == 1 { "" } else { "s" }
            ),
        );
    }
    Ok(ExitStatus::Success)
}

//! `plugin upgrade NAME[@VERSION]... | --all [--breaking]`: moves plugins to the newest
//! versions plugins.toml allows (or, with `--breaking`, the newest at all; see
//! [`crate::ops::upgrade`]).

use crate::cli::{GlobalArgs, UpgradeArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::install::session::Session;
use crate::ops::{self, UpgradeOptions};

pub(crate) fn run(
    args: UpgradeArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let opts = UpgradeOptions::new(&args.names, args.all, args.breaking, args.dry_run)?;
    let project = super::existing_project(global, ctx)?;
    let session = Session::open(ctx, project, args.plugin_dir)?;
    let out = ops::upgrade(session, &opts)?;
    super::report_change(ctx, "upgrade", &out.change, &out.written, opts.dry_run)?;
    let verb = if opts.dry_run {
        "Would update"
    } else {
        "Updated"
    };
    for line in &out.rewritten {
        ctx.printer
            .status(verb, format_args!("plugins.toml: {line}"));
    }
    for (name, version) in &out.up_to_date {
        ctx.printer
            .info(format_args!("{name} {version} is up to date"));
    }
    Ok(ExitStatus::Success)
}

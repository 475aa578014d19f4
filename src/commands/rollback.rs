//! `plugin rollback`: returns the plugin directory, plugins.toml and plugins.lock to the state
//! before the last change of plugins.lock, as one transaction.

use anyhow::Context as _;

use crate::cli::{GlobalArgs, RollbackArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::history::History;
use crate::lockfile::Lockfile;
use crate::sync::{ApplyOptions, ResolveOptions, Session};

pub(crate) fn run(
    args: RollbackArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let mut session = Session::open(ctx, project, args.plugin_dir.clone())?;
    let history = History::new(session.layout());
    let Some(entry) = history.latest() else {
        return Err(hinted(
            "there is no earlier state to roll back to",
            "each change of plugins.lock keeps the previous state; none has been made here yet",
        ));
    };
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).with_context(|| format!("could not read `{}`", p.display()))
    };
    let toml_text = read(&entry.toml_path)?;
    let lock = Lockfile::parse(&read(&entry.lock_path)?, &entry.lock_path)?;
    let earlier = session.project().with_text(&toml_text)?;
    session.replace(earlier, Some(lock));
    let resolution = session
        .resolve(&ResolveOptions {
            require_lock: true,
            ..ResolveOptions::default()
        })
        .context("failed to roll back")?;
    let mut opts = ApplyOptions::new(args.dry_run);
    opts.history = false;
    opts.extra_files = vec![(entry.toml_path, None), (entry.lock_path, None)];
    let lock_path = session.project().lock_path();
    let outcome = session.apply(&resolution, opts)?;
    super::print_change_json(ctx, "rollback", &outcome, args.dry_run, &lock_path)?;
    if !args.dry_run {
        let moved = outcome
            .plan
            .steps
            .iter()
            .filter(|s| s.action != crate::plan::Action::Keep)
            .count();
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

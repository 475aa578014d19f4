//! `plugin rollback`: returns the plugin directory, plugins.toml and plugins.lock to the state
//! before the last change of plugins.lock, as one transaction.

use anyhow::Context as _;

use crate::cli::{GlobalArgs, RollbackArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::install::history::History;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::project::lockfile::Lockfile;

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
    if let Some(missing) = lock_not_restored(&resolution, session.lock()) {
        return Err(hinted(
            format!(
                "cannot roll back to the state kept in `{}`: its plugins.toml does not ask for {missing}, which its plugins.lock locks; nothing was changed and the state stays in the history",
                entry.lock_path.display()
            ),
            "install the plugins of that plugins.lock by hand (`plugin install NAME@=VERSION`), or edit plugins.toml",
        ));
    }
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
            .filter(|s| s.action != crate::install::plan::Action::Keep)
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

/// The plugins `lock` locks that `resolution` would not install as locked, as a list for a
/// message; `None` when it restores the lock exactly.
fn lock_not_restored(
    resolution: &crate::resolve::Resolution,
    lock: Option<&Lockfile>,
) -> Option<String> {
    let missing: Vec<String> = lock
        .map(|l| l.plugins.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|p| {
            !resolution
                .plugins
                .get(&p.name)
                .is_some_and(|r| r.version == p.version && r.source == p.source)
        })
        .map(|p| format!("`{}` {}", p.name, p.version))
        .collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

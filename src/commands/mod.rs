//! One file per subcommand; each turns its clap arguments into library calls.

mod advisory;
mod audit;
mod cache;
mod hosts;
mod init;
mod install;
mod list;
mod login;
mod mirror;
mod new;
mod outdated;
mod package;
mod publish;
mod rollback;
mod search;
mod tree;
mod uninstall;
mod upgrade;
mod verify;
mod why;

mod entry;
pub use entry::main;

use crate::cli::{Command, GlobalArgs};
use crate::context::Context;
use crate::error::{ExitStatus, HintedError};
use crate::project::Project;

/// Runs `command`.
///
/// # Errors
/// Whatever the command reports; rendered by [`crate::render::report`].
pub fn run(command: Command, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Init(args) => init::run(args, global, ctx),
        Command::Install(args) => install::run(args, global, ctx),
        Command::Upgrade(args) => upgrade::run(args, global, ctx),
        Command::Uninstall(args) => uninstall::run(args, global, ctx),
        Command::List(args) => list::run(args, global, ctx),
        Command::Tree(args) => tree::run(args, global, ctx),
        Command::Verify(args) => verify::run(args, global, ctx),
        Command::Rollback(args) => rollback::run(args, global, ctx),
        Command::Login(args) => login::login(args, global, ctx),
        Command::Logout(args) => login::logout(args, global, ctx),
        Command::Mirror(args) => mirror::run(args, global, ctx),
        Command::New(args) => new::run(args, global, ctx),
        Command::Package(args) => package::run(args, global, ctx),
        Command::Publish(args) => publish::publish(args, global, ctx),
        Command::Yank(args) => publish::yank(args, global, ctx),
        Command::Index(args) => publish::index(args, global, ctx),
        Command::Search(args) => search::search(args, global, ctx),
        Command::Info(args) => search::info(args, global, ctx),
        Command::EntryPoints(args) => hosts::entry_points(args, global, ctx),
        Command::Run(args) => hosts::run(args, global, ctx),
        Command::Env(args) => hosts::env(args, global, ctx),
        Command::Requirements(args) => hosts::requirements(args, global, ctx),
        Command::Outdated(args) => outdated::run(args, global, ctx),
        Command::Completions(args) => hosts::completions(args, global, ctx),
        Command::Cache(args) => cache::run(args, global, ctx),
        Command::Audit(args) => audit::run(args, global, ctx),
        Command::Why(args) => why::run(args, global, ctx),
        Command::Advisory(args) => advisory::run(args, global, ctx),
    }
}

/// The name of `command` in its JSON documents (docs/json.md): the command as typed, with
/// the subcommand of `cache` and `index` (`cache dir`, `index verify`).
pub fn json_name(command: &Command) -> &'static str {
    use crate::cli::{AdvisoryCommand, CacheCommand, IndexCommand};
    match command {
        Command::Cache(a) => match a.command {
            CacheCommand::Dir => "cache dir",
            CacheCommand::Clean => "cache clean",
            CacheCommand::Prune { .. } => "cache prune",
        },
        Command::Index(a) => match a.command {
            IndexCommand::Init { .. } => "index init",
            IndexCommand::Sign { .. } => "index sign",
            IndexCommand::Verify { .. } => "index verify",
            IndexCommand::Gc { .. } => "index gc",
        },
        Command::Advisory(a) => match a.command {
            AdvisoryCommand::Add { .. } => "advisory add",
        },
        other => other.name(),
    }
}

/// Under `--json`, prints the document of `command`: `version`, `command` and `ok`, then the
/// fields of `fields` (a JSON object). Does nothing without `--json`.
///
/// # Errors
/// Writing stdout (a closed pipe is not an error).
fn print_document(
    ctx: &Context,
    command: &str,
    ok: bool,
    fields: serde_json::Value,
) -> anyhow::Result<()> {
    if !ctx.modes.json {
        return Ok(());
    }
    let mut doc = serde_json::json!({"version": 1, "command": command, "ok": ok});
    if let (Some(doc), serde_json::Value::Object(fields)) = (doc.as_object_mut(), fields) {
        doc.extend(fields);
    }
    ctx.printer.data(doc)?;
    Ok(())
}

/// The project, if there is one, its warnings (unknown keys) printed.
fn discover_project(global: &GlobalArgs, ctx: &Context) -> anyhow::Result<Option<Project>> {
    let project = Project::discover(&ctx.cwd, global.manifest_path.as_deref())?;
    for w in project.iter().flat_map(Project::take_warnings) {
        ctx.printer.warn(w);
    }
    Ok(project)
}

/// The project, which must exist for this command.
fn existing_project(global: &GlobalArgs, ctx: &Context) -> anyhow::Result<Project> {
    discover_project(global, ctx)?.ok_or_else(|| {
        HintedError {
            message: format!(
                "no `plugins.toml` in `{}` or any folder above it",
                ctx.cwd.display()
            ),
            hint: "run `plugin install NAME` or `plugin init` to create one, or pass `--manifest-path`"
                .into(),
        }
        .into()
    })
}

/// Under `--json`: prints the document of a command that changed (or, dry, would change)
/// the plugin directory: what moved, and plugins.lock afterwards (see docs/json.md).
fn print_change_json(
    ctx: &Context,
    command: &str,
    outcome: &crate::install::apply::Outcome,
    dry_run: bool,
    lock_path: &std::path::Path,
) -> anyhow::Result<()> {
    use crate::install::plan::Action;
    if !ctx.modes.json {
        return Ok(());
    }
    let changes: Vec<serde_json::Value> = outcome
        .plan
        .steps
        .iter()
        .filter(|s| s.action != Action::Keep)
        .map(|s| {
            let to = s.resolved.as_ref();
            let action = s.kind();
            let from = match &s.action {
                Action::Install => None,
                Action::Replace { from } => Some(from.to_string()),
                _ => s.record.as_ref().map(|r| r.version.clone()),
            };
            serde_json::json!({
                "name": to.map_or_else(|| s.name.to_string(), |r| r.name.to_string()),
                "action": action,
                "from": from,
                "to": to.map(|r| r.version.to_string()),
                "source": to.map(|r| r.source.to_string()).or_else(|| s.record.as_ref().map(|r| r.source.clone())),
            })
        })
        .collect();
    let lock = crate::project::lockfile::Lockfile::load(lock_path)?.unwrap_or_default();
    let plugins: Vec<serde_json::Value> = lock
        .plugins
        .iter()
        .map(|p| {
            serde_json::json!({
                "name": p.name.as_str(),
                "version": p.version.to_string(),
                "source": p.source.to_string(),
                "checksum": p.checksum.map(|c| c.prefixed()),
            })
        })
        .collect();
    ctx.printer.data(serde_json::json!({
        "version": 1,
        "command": command,
        "ok": true,
        "dry_run": dry_run,
        "changes": changes,
        "plugins": plugins,
    }))?;
    Ok(())
}

/// The registries of `project`, opened for reading in `ctx`.
fn registries<'c>(
    project: &Project,
    ctx: &'c Context,
) -> anyhow::Result<crate::resolve::Registries<'c>> {
    Ok(crate::resolve::Registries::new(
        project,
        ctx.http(&project.manifest().net),
        &ctx.env,
        ctx.cache.as_ref(),
    )?)
}

/// After an install or upgrade: its `--json` document, then the project's
/// `requirements-command`.
fn report_change(
    ctx: &Context,
    command: &str,
    outcome: &crate::install::apply::Outcome,
    written: &crate::ops::Written,
    dry_run: bool,
) -> anyhow::Result<()> {
    print_change_json(ctx, command, outcome, dry_run, &written.lock_path)?;
    run_requirements_command(ctx, &written.project, &written.plugin_dir, outcome, dry_run);
    Ok(())
}

/// Runs the project's `requirements-command` with the installed plugins' Python
/// requirements, after an install or upgrade that changed something. Its output goes to
/// stderr (stdout is for plugin's data only) and is discarded with `-q`. Every failure,
/// including one to read the plugins or write the requirements file, is a warning: the
/// plugins stay installed, and the command's result (such as its `--json` document) stands.
fn run_requirements_command(
    ctx: &Context,
    project: &Project,
    plugin_dir: &std::path::Path,
    outcome: &crate::install::apply::Outcome,
    dry_run: bool,
) {
    use crate::host::python_requirements::{ChildOutput, CommandOutcome};
    let Some(command) = &project.manifest().project.requirements_command else {
        return;
    };
    if dry_run || outcome.plan.is_noop() || command.is_empty() {
        return;
    }
    let shown = command.join(" ");
    let dir = match crate::host::PluginDir::open(plugin_dir) {
        Ok(d) => d,
        Err(e) => {
            ctx.printer.warn(format_args!(
                "requirements command `{shown}` was not run: {e}; the plugins stay installed"
            ));
            return;
        }
    };
    let reqs = crate::host::python_requirements::python(&dir);
    if reqs.is_empty() {
        return;
    }
    let text = crate::host::python_requirements::pip_text(&reqs);
    let announce = |args: &[String]| ctx.printer.status("Running", args.join(" "));
    let output = if ctx.printer.verbosity() == crate::printer::Verbosity::Quiet {
        ChildOutput::Discard
    } else {
        ChildOutput::Stderr
    };
    match crate::host::python_requirements::run_command(command, &text, project.root(), output, announce) {
        Ok(CommandOutcome::Succeeded) => {}
        Ok(CommandOutcome::Failed(code)) => ctx.printer.warn(format_args!(
            "requirements command `{shown}` failed (exit status {}); the plugins stay installed",
            code.map_or_else(|| "killed by a signal".to_string(), |c| c.to_string())
        )),
        Ok(CommandOutcome::NotStarted(e)) => ctx.printer.warn(format_args!(
            "requirements command `{shown}` could not be started: {e}; the plugins stay installed"
        )),
        Err(e) => ctx.printer.warn(format_args!(
            "requirements command `{shown}` was not run: could not write its requirements file: {e}; the plugins stay installed"
        )),
    }
}

/// The project's lockfile, which must exist for this command.
fn existing_lock(project: &Project) -> anyhow::Result<crate::project::lockfile::Lockfile> {
    crate::project::lockfile::Lockfile::load(&project.lock_path())?.ok_or_else(|| {
        HintedError {
            message: format!("there is no `{}`", project.lock_path().display()),
            hint: "run `plugin install` first to resolve and install the plugins of plugins.toml"
                .into(),
        }
        .into()
    })
}

// Shared with the operations they belong to.
use crate::ops::{parse_name, unknown_registry_name};

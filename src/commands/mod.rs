//! One file per subcommand; each turns its clap arguments into library calls.

mod init;
mod install;
mod list;
mod rollback;
mod tree;
mod uninstall;
mod upgrade;
mod verify;

use anyhow::Context as _;

use crate::cli::{Command, GlobalArgs};
use crate::context::Context;
use crate::error::{ExitStatus, HintedError};
use crate::name::PluginName;
use crate::project::Project;

/// Runs `command`.
///
/// # Errors
/// Whatever the command reports; rendered by [`crate::error::report`].
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
    }
}

/// The project, which must exist for this command.
fn existing_project(global: &GlobalArgs, ctx: &Context) -> anyhow::Result<Project> {
    Project::discover(&ctx.cwd, global.manifest_path.as_deref())?.ok_or_else(|| {
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

/// Parses a plugin name given on the command line.
fn parse_name(text: &str) -> anyhow::Result<PluginName> {
    PluginName::new(text).with_context(|| format!("`{text}` is not a plugin name"))
}

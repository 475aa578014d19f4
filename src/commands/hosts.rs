//! `plugin entry-points`, `plugin requirements` and `plugin completions`: what hosts and shells
//! need from an installation.

use clap::CommandFactory;
use serde_json::json;

use crate::cli::{
    Cli, CompletionsArgs, EntryPointsArgs, GlobalArgs, RequirementsArgs, RequirementsFormat,
};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::host::PluginDir;
use crate::project::{Project, DEFAULT_PLUGIN_DIR};

/// The plugin directory: `--plugin-dir`, else the project's, else `./plugins`.
fn plugin_dir(
    flag: Option<&std::path::Path>,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<PluginDir> {
    let dir = match flag {
        Some(d) => ctx.cwd.join(d),
        None => match Project::discover(&ctx.cwd, global.manifest_path.as_deref())? {
            Some(p) => p.plugin_dir(),
            None => ctx.cwd.join(DEFAULT_PLUGIN_DIR),
        },
    };
    Ok(PluginDir::open(&dir)?)
}

pub(crate) fn entry_points(
    args: EntryPointsArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let dir = plugin_dir(args.plugin_dir.as_deref(), global, ctx)?;
    let eps = dir.entry_points(args.group.as_deref());
    if ctx.modes.json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "entry-points",
            "ok": true,
            "entry_points": eps,
        }))?;
        return Ok(ExitStatus::Success);
    }
    for ep in &eps {
        ctx.printer.data(format_args!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            ep.group,
            ep.name,
            ep.value,
            ep.plugin,
            ep.version,
            ep.folder.display()
        ))?;
    }
    if eps.is_empty() {
        ctx.printer.info(match &args.group {
            Some(g) => format!("no installed plugin has entry points in group `{g}`"),
            None => "no installed plugin has entry points".to_string(),
        });
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn requirements(
    args: RequirementsArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let dir = plugin_dir(args.plugin_dir.as_deref(), global, ctx)?;
    let reqs = crate::requirements::python(&dir);
    let json = ctx.modes.json || matches!(args.format, RequirementsFormat::Json);
    if json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "requirements",
            "ok": true,
            "requirements": reqs.iter().map(|(r, by)| json!({"requirement": r, "plugins": by})).collect::<Vec<_>>(),
        }))?;
    } else {
        for line in crate::requirements::pip_text(&reqs).lines() {
            ctx.printer.data(line)?;
        }
    }
    Ok(ExitStatus::Success)
}

pub(crate) fn completions(
    args: CompletionsArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "plugin", &mut out);
    ctx.printer.data(String::from_utf8_lossy(&out).trim_end())?;
    Ok(ExitStatus::Success)
}

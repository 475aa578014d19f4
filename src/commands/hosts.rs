//! `plugin entry-points`, `plugin run`, `plugin env`, `plugin requirements` and
//! `plugin completions`: what hosts and shells need from an installation.

use clap::CommandFactory;
use serde_json::json;

use crate::cli::{
    Cli, CompletionsArgs, EntryPointsArgs, EnvArgs, EnvShell, GlobalArgs, RequirementsArgs,
    RequirementsFormat, RunArgs,
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
    let reqs = crate::host::python_requirements::python(&dir);
    let json = ctx.modes.json || matches!(args.format, RequirementsFormat::Json);
    if json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "requirements",
            "ok": true,
            "requirements": reqs.iter().map(|(r, by)| json!({"requirement": r, "plugins": by})).collect::<Vec<_>>(),
        }))?;
    } else {
        for line in crate::host::python_requirements::pip_text(&reqs).lines() {
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
    let script = String::from_utf8_lossy(&out);
    if ctx.modes.json {
        super::print_document(
            ctx,
            "completions",
            true,
            json!({ "shell": args.shell.to_string(), "script": script }),
        )?;
    } else {
        ctx.printer.data(script.trim_end())?;
    }
    Ok(ExitStatus::Success)
}

/// `PYTHONPATH` led by the folders of the installed plugins of `dir`, then what the
/// environment had.
fn python_path(dir: &PluginDir, ctx: &Context) -> anyhow::Result<std::ffi::OsString> {
    let folders: Vec<std::path::PathBuf> = dir
        .plugins()
        .iter()
        .map(|p| p.folder().to_path_buf())
        .collect();
    crate::install::python_env::python_path(&folders, ctx.env.get_os(crate::env::vars::PYTHONPATH))
        .map_err(anyhow::Error::msg)
}

pub(crate) fn run(args: RunArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if ctx.modes.json {
        // The command's own output is passed through: there is no document to print.
        return Err(crate::error::UsageError {
            message: "`plugin run` has no JSON output: it passes on the command's own output"
                .into(),
            hint: Some(
                "drop `--json`; `plugin env --json` gives the environment `plugin run` sets".into(),
            ),
        }
        .into());
    }
    let dir = plugin_dir(args.plugin_dir.as_deref(), global, ctx)?;
    let path = python_path(&dir, ctx)?;
    let (program, rest) = args.command.split_first().expect("clap requires a command");
    let mut command = std::process::Command::new(program);
    command.args(rest).env(crate::env::vars::PYTHONPATH, path);
    let shown = program.to_string_lossy().into_owned();
    #[cfg(unix)]
    {
        // The command takes this process's place: it gets every signal sent to it, and its
        // exit status is the status of `plugin run`.
        use std::os::unix::process::CommandExt as _;
        let e = command.exec();
        Err(crate::error::hinted(
            format!("could not run `{shown}`: {e}"),
            "check that the command exists and is on PATH",
        ))
    }
    #[cfg(not(unix))]
    {
        let status = command.status().map_err(|e| {
            crate::error::hinted(
                format!("could not run `{shown}`: {e}"),
                "check that the command exists and is on PATH",
            )
        })?;
        Ok(match status.code() {
            Some(0) => ExitStatus::Success,
            _ => ExitStatus::Failure,
        })
    }
}

pub(crate) fn env(args: EnvArgs, global: &GlobalArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let dir = plugin_dir(args.plugin_dir.as_deref(), global, ctx)?;
    let path = python_path(&dir, ctx)?;
    let value = path.to_string_lossy().into_owned();
    if ctx.modes.json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "env",
            "ok": true,
            "env": {"PYTHONPATH": value},
            "plugin_dirs": dir.plugins().iter().map(|p| p.folder().display().to_string()).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitStatus::Success);
    }
    let quoted = |s: &str, quote: &str| s.replace('\'', quote);
    let line = match args.shell {
        EnvShell::Sh => format!("export PYTHONPATH='{}'", quoted(&value, "'\\''")),
        EnvShell::Fish => format!(
            "set -gx PYTHONPATH '{}'",
            value.replace('\\', "\\\\").replace('\'', "\\'")
        ),
        EnvShell::Powershell => format!("$env:PYTHONPATH = '{}'", quoted(&value, "''")),
    };
    ctx.printer.data(line)?;
    Ok(ExitStatus::Success)
}

//! `plugin uninstall NAME... | --all`: removes plugins and the dependencies nothing needs any
//! more.

use crate::cli::{GlobalArgs, UninstallArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::install::session::{ApplyOptions, ResolveOptions, Session};

pub(crate) fn run(
    args: UninstallArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let names = args
        .names
        .iter()
        .map(|n| super::parse_name(n))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let project = super::existing_project(global, ctx)?;
    let mut session = Session::open(ctx, project, args.plugin_dir.clone())?;
    if args.all {
        let listed: Vec<_> = session.project().plugin_specs()?.into_keys().collect();
        for name in &listed {
            session.project_mut().remove_plugin(name);
        }
    }
    for name in &names {
        if session.project_mut().remove_plugin(name) {
            continue;
        }
        let needed_by: Vec<String> = session
            .lock()
            .map(|l| {
                l.plugins
                    .iter()
                    .filter(|p| p.dependencies.contains(name))
                    .map(|p| format!("`{}`", p.name))
                    .collect()
            })
            .unwrap_or_default();
        let listed: Vec<String> = session
            .project()
            .manifest()
            .plugins
            .keys()
            .map(|k| k.to_string())
            .collect();
        let hint = match super::did_you_mean(name.as_str(), listed.iter().map(String::as_str)) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => "`plugin list` shows what is installed".to_string(),
        };
        return Err(if needed_by.is_empty() {
            hinted(
                format!(
                    "plugin `{name}` is not listed in `{}`",
                    session.project().path().display()
                ),
                hint,
            )
        } else {
            hinted(
                format!(
                    "plugin `{name}` is not listed in plugins.toml: it is installed as a dependency of {}",
                    needed_by.join(", ")
                ),
                "uninstall the plugins that need it; it is removed with the last of them",
            )
        });
    }
    let resolution = session.resolve(&ResolveOptions {
        remove_all: args.all,
        ..ResolveOptions::default()
    })?;
    let lock_path = session.project().lock_path();
    let outcome = session.apply(&resolution, ApplyOptions::new(args.dry_run))?;
    super::print_change_json(ctx, "uninstall", &outcome, args.dry_run, &lock_path)?;
    for name in &names {
        let Some(kept) = resolution.plugins.get(name) else {
            continue;
        };
        let needed_by: Vec<String> = resolution
            .plugins
            .values()
            .filter(|r| r.dependencies.iter().any(|d| d.name == *name))
            .map(|r| format!("`{}`", r.name))
            .collect();
        ctx.printer.info(format_args!(
            "`{}` {} stays installed: {} depends on it",
            kept.name,
            kept.version,
            needed_by.join(", ")
        ));
    }
    Ok(ExitStatus::Success)
}

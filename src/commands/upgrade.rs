//! `plugin upgrade NAME... | --all`: moves plugins to the newest versions plugins.toml allows.

use std::collections::BTreeSet;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, UpgradeArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};
use crate::name::PluginName;
use crate::resolve::Unlock;
use crate::sync::{ResolveOptions, Session};

pub(crate) fn run(
    args: UpgradeArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    if args.names.is_empty() && !args.all {
        return Err(UsageError {
            message: "name the plugins to upgrade, or pass `--all`".into(),
            hint: Some("`plugin upgrade stoq-hash` or `plugin upgrade --all`".into()),
        }
        .into());
    }
    let names: BTreeSet<PluginName> = args
        .names
        .iter()
        .map(|n| super::parse_name(n))
        .collect::<anyhow::Result<_>>()?;
    let project = super::existing_project(global, ctx)?;
    let session = Session::open(ctx, project, args.plugin_dir.clone())?;
    let mut session = session;
    for n in &names {
        let listed = session.project().manifest().plugins.contains_key(n);
        let locked = session.lock().is_some_and(|l| l.get(n).is_some());
        if !listed && !locked {
            return Err(hinted(
                format!("plugin `{n}` is not installed in this project"),
                format!("install it with `plugin install {n}`"),
            ));
        }
    }
    let before: std::collections::BTreeMap<PluginName, semver::Version> = session
        .lock()
        .map(|l| {
            l.plugins
                .iter()
                .map(|p| (p.name.clone(), p.version.clone()))
                .collect()
        })
        .unwrap_or_default();
    let opts = ResolveOptions {
        unlock: if args.all {
            Unlock::All
        } else {
            Unlock::Names(names.clone())
        },
        ..ResolveOptions::default()
    };
    let resolution = session.resolve(&opts).with_context(|| {
        if args.all {
            "failed to upgrade the plugins".to_string()
        } else {
            format!("failed to upgrade `{}`", args.names.join("`, `"))
        }
    })?;
    session.apply(&resolution, &BTreeSet::new(), args.dry_run)?;
    let asked: Vec<PluginName> = if args.all {
        resolution.plugins.keys().cloned().collect()
    } else {
        names.into_iter().collect()
    };
    for n in asked {
        if let (Some(old), Some(new)) = (before.get(&n), resolution.plugins.get(&n)) {
            if *old == new.version {
                ctx.printer
                    .info(format_args!("{} {} is up to date", new.name, new.version));
            }
        }
    }
    Ok(ExitStatus::Success)
}

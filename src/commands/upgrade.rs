//! `plugin upgrade NAME[@VERSION]... | --all [--breaking]`: moves plugins to the newest
//! versions plugins.toml allows (or, with `--breaking`, the newest at all).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context as _;
use semver::{Version, VersionReq};

use crate::cli::{GlobalArgs, UpgradeArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus, UsageError};
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::name::PluginName;
use crate::project::PluginSpec;
use crate::resolve::Unlock;

fn parse_target(text: &str) -> anyhow::Result<(PluginName, Option<Version>)> {
    let (name, version) = match text.split_once('@') {
        Some((n, v)) => {
            let v = Version::parse(v.trim_start_matches('=')).map_err(|e| UsageError {
                message: format!("`{v}` in `{text}` is not a version: {e}"),
                hint: Some("write NAME@VERSION with a full version, e.g. `stoq-hash@1.0.0`".into()),
            })?;
            (n, Some(v))
        }
        None => (text, None),
    };
    Ok((super::parse_name(name)?, version))
}

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
    let targets: Vec<(PluginName, Option<Version>)> = args
        .names
        .iter()
        .map(|n| parse_target(n))
        .collect::<anyhow::Result<_>>()?;
    let project = super::existing_project(global, ctx)?;
    let mut session = Session::open(ctx, project, args.plugin_dir.clone())?;
    let specs = session.project().plugin_specs()?;
    let mut precise = BTreeMap::new();
    for (n, version) in &targets {
        let locked = session.lock().is_some_and(|l| l.get(n).is_some());
        let spec = specs.get(n);
        if spec.is_none() && !locked {
            let known: Vec<String> = specs
                .keys()
                .map(|k| k.to_string())
                .chain(
                    session
                        .lock()
                        .into_iter()
                        .flat_map(|l| l.plugins.iter().map(|p| p.name.to_string())),
                )
                .collect();
            let hint = match super::did_you_mean(n.as_str(), known.iter().map(String::as_str)) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => format!("install it with `plugin install {n}`"),
            };
            return Err(hinted(
                format!("plugin `{n}` is not installed in this project"),
                hint,
            ));
        }
        if let Some(v) = version {
            if let Some(PluginSpec::Registry { req, .. }) = spec {
                if !args.breaking && !req.matches(v) {
                    return Err(hinted(
                        format!("`{n}` {v} does not match the requirement `{req}` in plugins.toml"),
                        format!(
                            "use `plugin upgrade --breaking {n}@{v}` to rewrite the requirement"
                        ),
                    ));
                }
            }
            precise.insert(n.clone(), v.clone());
        }
    }
    let names: BTreeSet<PluginName> = targets.iter().map(|(n, _)| n.clone()).collect();
    // `--breaking` sets aside the requirements of the registry plugins it names.
    let relax: BTreeSet<PluginName> = if args.breaking {
        specs
            .iter()
            .filter(|(n, s)| {
                matches!(s, PluginSpec::Registry { .. }) && (args.all || names.contains(*n))
            })
            .map(|(n, _)| n.clone())
            .collect()
    } else {
        BTreeSet::new()
    };
    let before: BTreeMap<PluginName, Version> = session
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
        relax: relax.clone(),
        precise,
        ..ResolveOptions::default()
    };
    let resolution = session.resolve(&opts).with_context(|| {
        if args.all {
            "failed to upgrade the plugins".to_string()
        } else {
            format!("failed to upgrade `{}`", args.names.join("`, `"))
        }
    })?;
    // Rewrite the requirements the new versions fall outside of, as `cargo add` would.
    let mut rewritten = Vec::new();
    for name in &relax {
        let (Some(PluginSpec::Registry { req, .. }), Some(r)) =
            (specs.get(name), resolution.plugins.get(name))
        else {
            continue;
        };
        if !req.matches(&r.version) {
            let new_req = VersionReq::parse(&format!("^{}", r.version))
                .expect("a version makes a caret requirement");
            session.project_mut().set_requirement(name, &new_req);
            rewritten.push(format!(
                "{} = \"{}\" (was \"{}\")",
                r.name,
                crate::project::req_text(&new_req),
                crate::project::req_text(req)
            ));
        }
    }
    let lock_path = session.project().lock_path();
    let project_after = session.project().clone();
    let plugin_dir = session.layout().root().to_path_buf();
    let outcome = session.apply(&resolution, ApplyOptions::new(args.dry_run))?;
    super::print_change_json(ctx, "upgrade", &outcome, args.dry_run, &lock_path)?;
    super::run_requirements_command(ctx, &project_after, &plugin_dir, &outcome, args.dry_run);
    for line in rewritten {
        let verb = if args.dry_run {
            "Would update"
        } else {
            "Updated"
        };
        ctx.printer
            .status(verb, format_args!("plugins.toml: {line}"));
    }
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

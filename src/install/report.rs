//! The report of a change: what moved, the user files kept or removed, what happened in the
//! host's config file and the summary line; and the plan of a dry run.

use crate::context::Context;
use crate::install::installer::{ConfigNote, Installed, KeptFile};
use crate::install::plan::{Action, Plan};
use crate::resolve::Resolved;
use crate::source_id::SourceId;

/// The report: what moved, what happened in the host's config file, and the summary line.
pub(super) fn report(ctx: &Context, plan: &Plan, installed: &Installed) {
    report_steps(ctx, plan, &installed.kept, &installed.dropped);
    for note in &installed.config_notes {
        match note {
            ConfigNote::Added(table, file) => ctx
                .printer
                .status("Configured", format_args!("{table} in `{file}`")),
            ConfigNote::Removed(table, file) => ctx
                .printer
                .status("Removed", format_args!("{table} from `{file}`")),
            ConfigNote::Left(table, file, name) => ctx.printer.warn(format_args!(
                "left [{table}] in `{file}`: it differs from the defaults of `{name}`"
            )),
        }
    }
    summary(ctx, plan);
}

fn describe_source(r: &Resolved) -> String {
    match &r.source {
        SourceId::Registry(l) => format!("registry `{l}`"),
        SourceId::Url(u) => format!("`{u}`"),
        SourceId::Path(p) => format!("`{p}`"),
    }
}

pub(super) fn print_dry_run(ctx: &Context, plan: &Plan) {
    let p = &ctx.printer;
    for step in &plan.steps {
        match (&step.action, &step.resolved) {
            (Action::Install, Some(r)) => p.status(
                "Would install",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) => p.status(
                "Would upgrade",
                format_args!("{} {from} -> {}", r.name, r.version),
            ),
            (Action::Reinstall, Some(r)) => {
                p.status("Would reinstall", format_args!("{} v{}", r.name, r.version))
            }
            (Action::Remove, _) => p.status(
                "Would remove",
                format_args!(
                    "{} v{}",
                    step.name,
                    step.record.as_ref().map_or("?", |r| r.version.as_str())
                ),
            ),
            _ => {}
        }
    }
    p.info("dry run: nothing was changed");
}

/// The lines of what moved, and the user files kept or removed.
fn report_steps(ctx: &Context, plan: &Plan, kept: &[KeptFile], dropped: &[KeptFile]) {
    let p = &ctx.printer;
    for step in &plan.steps {
        match (&step.action, &step.resolved) {
            (Action::Install, Some(r)) => p.status(
                "Installed",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) if *from == r.version => p.status(
                "Replaced",
                format_args!("{} v{} ({})", r.name, r.version, describe_source(r)),
            ),
            (Action::Replace { from }, Some(r)) => {
                let verb = if *from > r.version {
                    "Downgraded"
                } else {
                    "Upgraded"
                };
                p.status(verb, format_args!("{} {from} -> {}", r.name, r.version));
            }
            (Action::Reinstall, Some(r)) => {
                p.status("Reinstalled", format_args!("{} v{}", r.name, r.version))
            }
            (Action::Remove, _) => p.status(
                "Removed",
                format_args!(
                    "{} v{}",
                    step.name,
                    step.record.as_ref().map_or("?", |r| r.version.as_str())
                ),
            ),
            _ => {}
        }
    }
    for k in kept {
        p.warn(format_args!(
            "kept `{}` in `{}`: it was not installed by `plugin`",
            k.path,
            k.dir.display()
        ));
    }
    for d in dropped {
        p.status(
            "Removed",
            format_args!(
                "`{}` from `{}`: not part of the package",
                d.path,
                d.dir.display()
            ),
        );
    }
}

/// The last line of a change, as uv's: `Installed 6 plugins, upgraded 1, removed 2 in 1.24s`
/// (only the counts that are not zero; the time since start-up). Nothing when nothing changed:
/// the command says so in its own words.
fn summary(ctx: &Context, plan: &Plan) {
    let count = |kind: &str| plan.steps.iter().filter(|s| s.kind() == kind).count();
    let parts: Vec<(&str, usize)> = [
        ("installed", "install"),
        ("upgraded", "upgrade"),
        ("downgraded", "downgrade"),
        ("replaced", "replace"),
        ("reinstalled", "reinstall"),
        ("removed", "remove"),
    ]
    .into_iter()
    .map(|(verb, kind)| (verb, count(kind)))
    .filter(|(_, n)| *n > 0)
    .collect();
    let Some(((verb, n), rest)) = parts.split_first() else {
        return;
    };
    let mut line = format!(
        "{}{} {n} plugin{}",
        verb[..1].to_ascii_uppercase(),
        &verb[1..],
        if *n == 1 { "" } else { "s" }
    );
    for (verb, n) in rest {
        line.push_str(&format!(", {verb} {n}"));
    }
    let took = crate::printer::human_duration(ctx.printer.elapsed());
    ctx.printer.info(format_args!("{line} in {took}"));
}

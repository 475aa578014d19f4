//! `plugin audit [--ignore ID]... [--ignore-until-fixed ID]...`: the locked plugins checked
//! against their registries' advisories; exit 1 while any hit remains.

use crate::cli::{AuditArgs, GlobalArgs};
use crate::context::Context;
use crate::error::ExitStatus;

pub(crate) fn run(
    args: AuditArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let lock = super::existing_lock(&project)?;
    let registries = super::registries(&project, ctx)?;
    let report = crate::ops::audit(
        &project,
        &lock,
        &registries,
        &args.ignore,
        &args.ignore_until_fixed,
    );
    for w in registries.take_warnings() {
        ctx.printer.warn(w);
    }
    let report = report?;
    registries.persist_to_cache(ctx.jobs());
    for e in &report.expired {
        ctx.printer.warn(e);
    }
    let remaining = report.remaining().count();
    if ctx.modes.json {
        super::print_document(
            ctx,
            "audit",
            remaining == 0,
            serde_json::json!({
                "checked": report.checked,
                "advisories": report.hits,
                "remaining": remaining,
            }),
        )?;
    } else {
        for h in &report.hits {
            let title = h.summary.as_deref().unwrap_or("(no summary)");
            let ignored = h
                .ignored
                .as_ref()
                .map(|i| format!(" [ignored: {i}]"))
                .unwrap_or_default();
            ctx.printer.data(format!(
                "{} {} {}: {title}{ignored}",
                h.id, h.plugin, h.version
            ))?;
            ctx.printer.data(format!("  affected: {}", h.affected))?;
            let fix = match (&h.fixed, &h.fixed_outside_requirements) {
                (Some(v), _) => format!("upgrade to {v} (`plugin upgrade {}`)", h.plugin),
                (None, Some(v)) => format!(
                    "{v} is fixed but outside the requirements (`plugin upgrade --breaking {}`)",
                    h.plugin
                ),
                (None, None) => "no fixed version is published".to_string(),
            };
            ctx.printer.data(format!("  fix: {fix}"))?;
        }
    }
    let ignored = report.hits.len() - remaining;
    let summary = format!(
        "{remaining} {} in {} locked {}{}",
        if remaining == 1 {
            "advisory"
        } else {
            "advisories"
        },
        report.checked,
        if report.checked == 1 {
            "plugin"
        } else {
            "plugins"
        },
        if ignored > 0 {
            format!(" ({ignored} ignored)")
        } else {
            String::new()
        }
    );
    if remaining == 0 {
        ctx.printer.status("Audited", summary);
    } else {
        ctx.printer.error(format_args!("{summary}"));
    }
    Ok(if remaining == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

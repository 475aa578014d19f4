//! `plugin verify [--json]`: re-hashes installed files against the install records and
//! compares the records with plugins.lock. Exit 1 when anything differs. Reads only, except
//! that a store entry in the cache found changed with a plugin folder is removed.

use serde_json::json;

use crate::cli::{GlobalArgs, VerifyArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::install::layout::Layout;
use crate::install::verify_installed::check;
use crate::project::lockfile::Lockfile;

pub(crate) fn run(
    args: VerifyArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let dir = match &args.plugin_dir {
        Some(d) => ctx.cwd.join(d),
        None => project.plugin_dir(),
    };
    let lock = Lockfile::load(&project.lock_path())?;
    let layout = Layout::new(&dir);
    let reports = check(&layout, lock.as_ref())?;
    if let Some(cache) = &ctx.cache {
        for label in crate::install::verify_installed::repair_store(cache, &layout, &reports) {
            ctx.printer.warn(format_args!(
                "{label}: its files in the store of the cache were changed too (a hard-linked file edited in place): the store entry was removed, `plugin install --force` makes it again from the archive"
            ));
        }
    }
    let bad: Vec<&str> = reports
        .iter()
        .filter(|r| !r.is_ok())
        .map(|r| r.name.as_str())
        .collect();
    if ctx.modes.json {
        super::print_document(
            ctx,
            "verify",
            bad.is_empty(),
            json!({
                "plugins": reports.iter().map(|r| {
                    let mut v = serde_json::to_value(r).expect("reports serialize");
                    v["ok"] = json!(r.is_ok());
                    v
                }).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        for r in &reports {
            let label = format!(
                "{} {}",
                r.name,
                r.version
                    .as_deref()
                    .or(r.locked_version.as_deref())
                    .unwrap_or("?")
            );
            if r.is_ok() {
                ctx.printer.data(format_args!("{label}: ok"))?;
                continue;
            }
            match (&r.version, &r.locked_version) {
                (None, _) => ctx
                    .printer
                    .data(format_args!("{label}: in plugins.lock but not installed"))?,
                (Some(_), None) => ctx
                    .printer
                    .data(format_args!("{label}: installed but not in plugins.lock"))?,
                (Some(v), Some(l)) if v != l => ctx
                    .printer
                    .data(format_args!("{label}: plugins.lock says {l}"))?,
                _ => {}
            }
            for d in &r.lock_differs {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "nothing".into());
                ctx.printer.data(format_args!(
                    "{label}: plugins.lock has {} {}, the install record {}",
                    d.field,
                    show(&d.locked),
                    show(&d.recorded)
                ))?;
            }
            for (what, paths) in [
                ("modified", &r.modified),
                ("missing", &r.missing),
                ("unexpected", &r.unexpected),
            ] {
                for p in paths {
                    ctx.printer.data(format_args!("{label}: {what} {p}"))?;
                }
            }
        }
    }
    if bad.is_empty() {
        return Ok(ExitStatus::Success);
    }
    ctx.printer.error(format_args!(
        "{} plugin{} differ{} from {} record: `{}`",
        bad.len(),
        if bad.len() == 1 { "" } else { "s" },
        if bad.len() == 1 { "s" } else { "" },
        if bad.len() == 1 { "its" } else { "their" },
        bad.join("`, `")
    ));
    ctx.printer.hint(format_args!(
        "`plugin install --force {}` reinstalls from the locked source",
        bad.join(" ")
    ));
    Ok(ExitStatus::Failure)
}

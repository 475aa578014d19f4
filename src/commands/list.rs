//! `plugin list`: installed plugins, one line each on stdout: `NAME VERSION SOURCE`.
//! Reads the install records only; takes no lock.

use crate::cli::{GlobalArgs, ListArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::install::layout::Layout;
use crate::install::record::Record;
use crate::project::DEFAULT_PLUGIN_DIR;

pub(crate) fn run(
    args: ListArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let dir = match args.plugin_dir {
        Some(d) => ctx.cwd.join(d),
        None => match super::discover_project(global, ctx)? {
            Some(p) => p.plugin_dir(),
            None => ctx.cwd.join(DEFAULT_PLUGIN_DIR),
        },
    };
    let records = Record::load_all(&Layout::new(&dir))?;
    if ctx.modes.json {
        ctx.printer.data(serde_json::json!({
            "version": 1,
            "command": "list",
            "ok": true,
            "plugins": records.values().map(|r| serde_json::json!({
                "name": r.name,
                "version": r.version,
                "source": r.source,
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitStatus::Success);
    }
    if records.is_empty() {
        ctx.printer
            .info(format_args!("no plugins installed in `{}`", dir.display()));
    }
    for r in records.values() {
        ctx.printer
            .data(format_args!("{} {} {}", r.name, r.version, r.source))?;
    }
    Ok(ExitStatus::Success)
}

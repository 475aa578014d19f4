//! `plugin advisory add FILE --index DIR`: filing OSV records into a registry folder.

use crate::cli::{AdvisoryArgs, AdvisoryCommand, GlobalArgs};
use crate::context::Context;
use crate::error::ExitStatus;

pub(crate) fn run(
    args: AdvisoryArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    match args.command {
        AdvisoryCommand::Add { file, index } => {
            let (file, index) = (ctx.cwd.join(file), ctx.cwd.join(index));
            let printer = ctx.printer.clone();
            let shown = index.display().to_string();
            let filed = crate::authoring::advisory::add(&index, &file, || {
                printer.status(
                    "Blocking",
                    format_args!("waiting for the lock on `{shown}`"),
                )
            })?;
            for f in &filed {
                ctx.printer.status(
                    if f.action == "added" {
                        "Added"
                    } else {
                        "Updated"
                    },
                    format_args!("advisory {} for `{}` in `{}`", f.id, f.plugin, f.file),
                );
            }
            super::print_document(
                ctx,
                "advisory add",
                true,
                serde_json::json!({"index": index.display().to_string(), "filed": filed}),
            )?;
            Ok(ExitStatus::Success)
        }
    }
}

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
        AdvisoryCommand::Add { file, index, keys } => {
            let (file, index) = (ctx.cwd.join(file), ctx.cwd.join(index));
            let keys = super::publish::keys_for(&index, keys.as_deref(), ctx)?;
            let printer = ctx.printer.clone();
            let shown = index.display().to_string();
            let filed = crate::authoring::advisory::add(&index, &file, || {
                printer.status(
                    "Blocking",
                    format_args!("waiting for the lock on `{shown}`"),
                )
            })?;
            if keys.is_some() {
                let _lock = super::publish::open(&index, ctx)?;
                let changed: Vec<String> = filed.iter().map(|f| f.file.clone()).collect();
                super::publish::resign(&index, keys.as_ref(), &changed, ctx)?;
            }
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

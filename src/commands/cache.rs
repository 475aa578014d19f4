//! `plugin cache dir|clean|prune`: the download cache.

use serde_json::json;

use crate::cli::{CacheArgs, CacheCommand, GlobalArgs};
use crate::context::Context;
use crate::error::Hint;
use crate::error::{hinted, ExitStatus};
use crate::source::cache::{CacheError, Cleaned};

pub(crate) fn run(
    args: CacheArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let cache = ctx.cache.as_ref().ok_or_else(|| {
        hinted(
            "no cache folder can be named",
            "set `PLUGIN_CACHE_DIR`, `XDG_CACHE_HOME` or `HOME`",
        )
    })?;
    let dir = cache.root().display().to_string();
    match args.command {
        CacheCommand::Dir => {
            if ctx.modes.json {
                super::print_document(ctx, "cache dir", true, json!({ "dir": dir }))?;
            } else {
                ctx.printer.data(&dir)?;
            }
        }
        CacheCommand::Clean => {
            let cleaned = cache.clean().map_err(cache_error)?;
            let (removed, kept) = match cleaned {
                Cleaned::Removed => {
                    ctx.printer
                        .status("Removed", format_args!("the cache `{dir}`"));
                    ("all", 0)
                }
                Cleaned::KeptOthers(n) => {
                    ctx.printer.status(
                        "Removed",
                        format_args!(
                            "the cache's files from `{dir}` ({n} other entr{} left in place)",
                            if n == 1 { "y" } else { "ies" }
                        ),
                    );
                    ("cache-files", n)
                }
                Cleaned::Empty => {
                    ctx.printer.info(format_args!("the cache `{dir}` is empty"));
                    ("nothing", 0)
                }
            };
            super::print_document(
                ctx,
                "cache clean",
                true,
                json!({ "dir": dir, "removed": removed, "kept_entries": kept }),
            )?;
        }
        CacheCommand::Prune { days } => {
            let (files, bytes) = cache
                .prune(std::time::Duration::from_secs(days * 24 * 3600))
                .map_err(cache_error)?;
            ctx.printer.status(
                "Pruned",
                format_args!(
                    "{files} file{} ({bytes} bytes) unused for {days} day{} from `{dir}`",
                    if files == 1 { "" } else { "s" },
                    if days == 1 { "" } else { "s" },
                ),
            );
            super::print_document(
                ctx,
                "cache prune",
                true,
                json!({ "dir": dir, "days": days, "files": files, "bytes": bytes }),
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The error with its hint, for the renderer.
fn cache_error(e: CacheError) -> anyhow::Error {
    match e.hint() {
        Some(hint) => hinted(e.to_string(), hint),
        None => anyhow::Error::new(e),
    }
}

//! `plugin cache dir|clean|prune`: the download cache.

use crate::cache::{CacheError, Cleaned};
use crate::cli::{CacheArgs, CacheCommand, GlobalArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};

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
    match args.command {
        CacheCommand::Dir => ctx.printer.data(cache.root().display())?,
        CacheCommand::Clean => match cache.clean().map_err(cache_error)? {
            Cleaned::Removed => ctx.printer.status(
                "Removed",
                format_args!("the cache `{}`", cache.root().display()),
            ),
            Cleaned::KeptOthers(n) => ctx.printer.status(
                "Removed",
                format_args!(
                    "the cache's files from `{}` ({n} other entr{} left in place)",
                    cache.root().display(),
                    if n == 1 { "y" } else { "ies" }
                ),
            ),
            Cleaned::Empty => ctx.printer.info(format_args!(
                "the cache `{}` is empty",
                cache.root().display()
            )),
        },
        CacheCommand::Prune { days } => {
            let (files, bytes) = cache
                .prune(std::time::Duration::from_secs(days * 24 * 3600))
                .map_err(cache_error)?;
            ctx.printer.status(
                "Pruned",
                format_args!(
                    "{files} file{} ({bytes} bytes) unused for {days} days from `{}`",
                    if files == 1 { "" } else { "s" },
                    cache.root().display()
                ),
            );
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

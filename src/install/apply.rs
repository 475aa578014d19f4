//! Applying a resolution to the plugin directory: the install pipeline after resolution.
//!
//! ```text
//! plan ─▶ fetch (index `dl`, URL, path) ─▶ verify sha256 ─▶ read plugin.toml, check name and
//! version ─▶ unpack the included files into .plugin/staging ─▶ transaction: rename into place,
//! write records, write plugins.toml and plugins.lock ─▶ commit
//! ```
//!
//! Nothing reaches the plugin directory before every plugin of the plan is fetched, verified
//! and staged, and a failure after that is rolled back by the
//! [`Transaction`](crate::install::transaction::Transaction).
//!
//! The stages are in their own modules, in uv's shape: [`prepare`](crate::install::prepare)
//! (fetch, verify, stage), [`installer`](crate::install::installer) (build the transaction,
//! commit, keep the archives in the cache) and [`report`](crate::install::report).

use crate::install::installer::install;
pub use crate::install::installer::KeptFile;
use crate::install::plan::Plan;
use crate::install::prepare::prepare;
pub use crate::install::prepare::Apply;
use crate::install::report::{print_dry_run, report};

/// What [`apply`] did.
#[derive(Debug)]
pub struct Outcome {
    /// The plan carried out (or shown, for a dry run).
    pub plan: Plan,
    /// User files kept in replaced or removed plugin folders.
    pub kept: Vec<KeptFile>,
    /// Files `plugin` did not install that were removed (`install --force`).
    pub dropped: Vec<KeptFile>,
}

/// Carries out the plan of `req`, in uv's shape: `prepare` fetches, verifies and stages
/// every plugin that needs files, `install` builds the
/// [`Transaction`](crate::install::transaction::Transaction) and commits it, and
/// `report` says what changed. A dry run only shows the plan.
///
/// # Errors
/// Any failure to fetch, verify, stage or commit, with context naming the plugin; the plugin
/// directory, plugins.toml and plugins.lock are then as they were.
pub fn apply(mut req: Apply<'_, '_>) -> anyhow::Result<Outcome> {
    let plan = Plan::new(req.resolution, req.records, req.reinstall, req.layout);
    if req.dry_run {
        print_dry_run(req.ctx, &plan);
        return Ok(Outcome {
            plan,
            kept: Vec::new(),
            dropped: Vec::new(),
        });
    }
    let prepared = prepare(&mut req, &plan)?;
    let installed = install(&mut req, &plan, prepared)?;
    report(req.ctx, &plan, &installed);
    Ok(Outcome {
        plan,
        kept: installed.kept,
        dropped: installed.dropped,
    })
}

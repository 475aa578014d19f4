//! `rollback`: returns the plugin directory, plugins.toml and plugins.lock to the state
//! before the last change of plugins.lock, as one transaction.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::error::hinted;
use crate::install::apply::Outcome;
use crate::install::history::History;
use crate::install::plan::Action;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::project::lockfile::Lockfile;
use crate::resolve::Resolution;

/// What [`rollback`] does (`plugin rollback`).
#[derive(Debug, Clone, Default)]
pub struct RollbackOptions {
    /// Show what would change, and change nothing.
    pub dry_run: bool,
}

/// What [`rollback`] did.
#[derive(Debug)]
pub struct RollbackOutcome {
    /// What moved in the plugin directory (or, dry, would move).
    pub change: Outcome,
    /// plugins.lock of the project.
    pub lock_path: PathBuf,
}

impl RollbackOutcome {
    /// How many plugins were installed, replaced or removed.
    pub fn moved(&self) -> usize {
        self.change
            .plan
            .steps
            .iter()
            .filter(|s| s.action != Action::Keep)
            .count()
    }
}

/// The plugins `lock` locks that `resolution` would not install as locked, as a list for a
/// message; `None` when it restores the lock exactly.
fn lock_not_restored(resolution: &Resolution, lock: Option<&Lockfile>) -> Option<String> {
    let missing: Vec<String> = lock
        .map(|l| l.plugins.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|p| {
            !resolution
                .plugins
                .get(&p.name)
                .is_some_and(|r| r.version == p.version && r.source == p.source)
        })
        .map(|p| format!("`{}` {}", p.name, p.version))
        .collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// Installs the latest state of the history of `session`'s plugin directory, writing its
/// plugins.toml and plugins.lock back, and drops it from the history.
///
/// # Errors
/// No earlier state, a state that cannot be read or that its own plugins.lock does not
/// satisfy, then install failures; nothing is then changed.
pub fn rollback(
    mut session: Session<'_>,
    opts: &RollbackOptions,
) -> anyhow::Result<RollbackOutcome> {
    let history = History::new(session.layout());
    let Some(entry) = history.latest() else {
        return Err(hinted(
            "there is no earlier state to roll back to",
            "each change of plugins.lock keeps the previous state; none has been made here yet",
        ));
    };
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).with_context(|| format!("could not read `{}`", p.display()))
    };
    let toml_text = read(&entry.toml_path)?;
    let lock = Lockfile::parse(&read(&entry.lock_path)?, &entry.lock_path)?;
    let earlier = session.project().with_text(&toml_text)?;
    session.replace(earlier, Some(lock));
    let resolution = session
        .resolve(&ResolveOptions {
            require_lock: true,
            ..ResolveOptions::default()
        })
        .context("failed to roll back")?;
    if let Some(missing) = lock_not_restored(&resolution, session.lock()) {
        return Err(hinted(
            format!(
                "cannot roll back to the state kept in `{}`: its plugins.toml does not ask for {missing}, which its plugins.lock locks; nothing was changed and the state stays in the history",
                entry.lock_path.display()
            ),
            "install the plugins of that plugins.lock by hand (`plugin install NAME@=VERSION`), or edit plugins.toml",
        ));
    }
    let mut apply_opts = ApplyOptions::new(opts.dry_run);
    apply_opts.history = false;
    apply_opts.extra_files = vec![(entry.toml_path, None), (entry.lock_path, None)];
    let lock_path = session.project().lock_path();
    let change = session.apply(&resolution, apply_opts)?;
    Ok(RollbackOutcome { change, lock_path })
}

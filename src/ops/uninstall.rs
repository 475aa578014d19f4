//! `uninstall`: removes plugins from plugins.toml, and with them the dependencies nothing
//! needs any more.

use std::path::PathBuf;

use semver::Version;

use crate::error::hinted;
use crate::install::apply::Outcome;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::name::{did_you_mean, PluginName};
use crate::project::lockfile::Lockfile;
use crate::project::Project;
use crate::resolve::Resolution;

/// What [`uninstall`] does (`plugin uninstall`).
#[derive(Debug, Clone, Default)]
pub struct UninstallOptions {
    /// The plugins to remove from plugins.toml; each must be listed there.
    pub names: Vec<PluginName>,
    /// `--all`: remove every plugin plugins.toml lists.
    pub all: bool,
    /// Show what would change, and change nothing.
    pub dry_run: bool,
}

/// A plugin named for removal that stays installed because others depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDependency {
    /// The plugin, as its manifest spells it.
    pub name: PluginName,
    /// Its version.
    pub version: Version,
    /// The plugins that depend on it, each as `` `NAME` ``.
    pub needed_by: Vec<String>,
}

/// What [`uninstall`] did.
#[derive(Debug)]
pub struct UninstallOutcome {
    /// What moved in the plugin directory (or, dry, would move).
    pub change: Outcome,
    /// The plugins named that stay installed as dependencies of others.
    pub kept: Vec<KeptDependency>,
    /// plugins.lock of the project.
    pub lock_path: PathBuf,
}

/// The error for `name`, which plugins.toml does not list: installed as a dependency of
/// other plugins (by plugins.lock), or not at all.
fn not_listed(name: &PluginName, project: &Project, lock: Option<&Lockfile>) -> anyhow::Error {
    let needed_by: Vec<String> = lock
        .map(|l| {
            l.plugins
                .iter()
                .filter(|p| p.dependencies.contains(name))
                .map(|p| format!("`{}`", p.name))
                .collect()
        })
        .unwrap_or_default();
    if !needed_by.is_empty() {
        return hinted(
            format!(
                "plugin `{name}` is not listed in plugins.toml: it is installed as a dependency of {}",
                needed_by.join(", ")
            ),
            "uninstall the plugins that need it; it is removed with the last of them",
        );
    }
    let listed: Vec<String> = project
        .manifest()
        .plugins
        .keys()
        .map(|k| k.to_string())
        .collect();
    let hint = match did_you_mean(name.as_str(), listed.iter().map(String::as_str)) {
        Some(meant) => format!("did you mean `{meant}`?"),
        None => "`plugin list` shows what is installed".to_string(),
    };
    hinted(
        format!(
            "plugin `{name}` is not listed in `{}`",
            project.path().display()
        ),
        hint,
    )
}

/// Removes `names` (every plugin, with `all`) from `project`; returns the first name it
/// does not list, if any.
///
/// # Errors
/// plugins.toml has an invalid plugin entry.
fn remove_from(
    project: &mut Project,
    names: &[PluginName],
    all: bool,
) -> anyhow::Result<Option<PluginName>> {
    if all {
        let listed: Vec<_> = project.plugin_specs()?.into_keys().collect();
        for name in &listed {
            project.remove_plugin(name);
        }
    }
    Ok(names.iter().find(|n| !project.remove_plugin(n)).cloned())
}

/// The plugins of `names` that `resolution` still installs, with those that need them.
fn kept_as_dependencies(names: &[PluginName], resolution: &Resolution) -> Vec<KeptDependency> {
    names
        .iter()
        .filter_map(|name| {
            let kept = resolution.plugins.get(name)?;
            let needed_by = resolution
                .plugins
                .values()
                .filter(|r| r.dependencies.iter().any(|d| d.name == *name))
                .map(|r| format!("`{}`", r.name))
                .collect();
            Some(KeptDependency {
                name: kept.name.clone(),
                version: kept.version.clone(),
                needed_by,
            })
        })
        .collect()
}

/// Removes the plugins of `opts` from the project of `session`, and what only they needed.
///
/// # Errors
/// A name plugins.toml does not list, then resolution and install failures; nothing is then
/// changed.
pub fn uninstall(
    mut session: Session<'_>,
    opts: &UninstallOptions,
) -> anyhow::Result<UninstallOutcome> {
    if let Some(name) = remove_from(session.project_mut(), &opts.names, opts.all)? {
        return Err(not_listed(&name, session.project(), session.lock()));
    }
    let resolution = session.resolve(&ResolveOptions {
        remove_all: opts.all,
        ..ResolveOptions::default()
    })?;
    let lock_path = session.project().lock_path();
    let change = session.apply(&resolution, ApplyOptions::new(opts.dry_run))?;
    Ok(UninstallOutcome {
        change,
        kept: kept_as_dependencies(&opts.names, &resolution),
        lock_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::lockfile::LockedPlugin;
    use crate::source_id::SourceId;

    fn name(text: &str) -> PluginName {
        PluginName::new(text).unwrap()
    }

    fn project(text: &str) -> Project {
        Project::parse(std::path::Path::new("plugins.toml"), text).unwrap()
    }

    #[test]
    fn names_are_removed_until_one_is_not_listed() {
        let mut p = project("[plugins]\na = \"1\"\nb = \"1\"\nc = \"1\"\n");
        let missing = remove_from(&mut p, &[name("a"), name("x"), name("b")], false).unwrap();
        assert_eq!(missing, Some(name("x")));
        assert_eq!(p.render(), "[plugins]\nb = \"1\"\nc = \"1\"\n");
        let mut all = project("[plugins]\na = \"1\"\nb = \"1\"\n");
        assert_eq!(remove_from(&mut all, &[], true).unwrap(), None);
        assert!(all.lists_no_plugins());
        // With `--all`, a name is looked up after every plugin is removed: it is reported.
        let mut both = project("[plugins]\na = \"1\"\n");
        assert_eq!(
            remove_from(&mut both, &[name("a")], true).unwrap(),
            Some(name("a"))
        );
    }

    #[test]
    fn a_name_not_listed_is_explained_by_the_lock() {
        let p = project("[plugins]\nstoq-hash = \"1\"\n");
        let lock = Lockfile::from_plugins(vec![LockedPlugin {
            name: name("stoq-hash"),
            version: semver::Version::new(1, 0, 0),
            source: SourceId::Registry("registry+https://r.example/index/".into()),
            checksum: None,
            content: None,
            dependencies: vec![name("dep")],
        }]);
        let err = not_listed(&name("dep"), &p, Some(&lock)).to_string();
        assert_eq!(err, "plugin `dep` is not listed in plugins.toml: it is installed as a dependency of `stoq-hash`");
        let err = not_listed(&name("stoq-hsah"), &p, Some(&lock));
        let h = err.downcast_ref::<crate::error::HintedError>().unwrap();
        assert_eq!(
            h.message,
            "plugin `stoq-hsah` is not listed in `plugins.toml`"
        );
        assert_eq!(h.hint, "did you mean `stoq-hash`?");
    }
}

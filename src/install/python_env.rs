//! The host's Python environment: where its `site-packages` is, and the project's one `.pth`
//! file there, which puts every installed plugin's folder on the host's import path with no
//! change to the host.
//!
//! The environment is `[project] python = "PATH"` in plugins.toml (relative to it), or
//! `--python PATH` / `PLUGIN_PYTHON` (relative to the working directory), which win. PATH is a
//! virtual environment's folder or a Python interpreter. `site-packages` is found without
//! importing anything from the environment: from the layout a `pyvenv.cfg` marks
//! (`lib/pythonX.Y/site-packages`, or `Lib/site-packages` on Windows); only for an interpreter
//! outside a virtual environment is the interpreter asked, isolated and without the `site`
//! module (`python -I -S`), so no `.pth` file of the environment runs:
//! `sysconfig.get_paths()["purelib"]`.
//!
//! The `.pth` file (see the `site` module's documentation) is
//! `plugin-FOLDER-HASH.pth`, FOLDER being the name of the folder of plugins.toml and HASH the
//! first 8 hex digits of the sha256 of plugins.toml's absolute path, so two projects sharing
//! one environment never touch each other's file. It lists the absolute path of every
//! installed plugin's folder, one per line, sorted by plugin name; it is written and removed in
//! the same transaction as the plugin directory. `plugin` writes nothing else into the
//! environment.

use std::path::{Path, PathBuf};

use crate::checksum::Sha256;
use crate::error::Hint;

/// A Python environment that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PythonEnvError {
    /// The path does not exist.
    #[error("the Python environment `{}` ({from}) does not exist", path.display())]
    Missing {
        /// The path.
        path: PathBuf,
        /// Where it was set.
        from: String,
    },
    /// A folder that is not a virtual environment, or one whose layout is not understood.
    #[error("`{}` ({from}) is not a usable Python environment: {why}", path.display())]
    Unusable {
        /// The path.
        path: PathBuf,
        /// Where it was set.
        from: String,
        /// What is wrong.
        why: String,
    },
}

impl PythonEnvError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        "give the folder of a virtual environment (`python3 -m venv DIR` creates one) or the path of a Python interpreter, in `[project] python`, `--python` or `PLUGIN_PYTHON`".to_string()
    }
}

impl Hint for PythonEnvError {
    fn hint(&self) -> Option<String> {
        Some(PythonEnvError::hint(self))
    }
}

/// A located Python environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonEnv {
    /// Its `site-packages` (purelib) folder.
    pub site_packages: PathBuf,
}

impl PythonEnv {
    /// Locates the environment at `path` (absolute), set in `from` (for messages, e.g.
    /// "`[project] python` in plugins.toml").
    ///
    /// # Errors
    /// [`PythonEnvError`] when it is missing or its `site-packages` cannot be found.
    pub fn locate(path: &Path, from: &str) -> Result<Self, PythonEnvError> {
        let unusable = |why: String| PythonEnvError::Unusable {
            path: path.to_path_buf(),
            from: from.to_string(),
            why,
        };
        if !path.exists() {
            return Err(PythonEnvError::Missing {
                path: path.to_path_buf(),
                from: from.to_string(),
            });
        }
        let venv_root = if path.is_dir() {
            if !path.join("pyvenv.cfg").is_file() {
                return Err(unusable(
                    "the folder has no `pyvenv.cfg`, so it is not a virtual environment".into(),
                ));
            }
            Some(path.to_path_buf())
        } else {
            // An interpreter: `ROOT/bin/python` (or `ROOT/Scripts/python.exe`) of a venv?
            path.parent()
                .and_then(Path::parent)
                .filter(|root| root.join("pyvenv.cfg").is_file())
                .map(Path::to_path_buf)
        };
        let site_packages = match venv_root {
            Some(root) => venv_site_packages(&root).map_err(unusable)?,
            None => ask_interpreter(path).map_err(unusable)?,
        };
        Ok(Self { site_packages })
    }

    /// The `.pth` file of the project whose plugins.toml is `manifest` (absolute).
    pub fn pth_file(&self, manifest: &Path) -> PathBuf {
        self.site_packages.join(pth_name(manifest))
    }
}

/// The name of the `.pth` file of the project whose plugins.toml is `manifest` (absolute):
/// `plugin-FOLDER-HASH.pth`.
pub fn pth_name(manifest: &Path) -> String {
    let folder: String = manifest
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let hash = Sha256::of(manifest.to_string_lossy().as_bytes()).to_hex();
    format!("plugin-{folder}-{}.pth", &hash[..8])
}

/// The `.pth` file recorded in `record` (a file holding its absolute path), if there is one
/// and it is the one this project (plugins.toml at `manifest`) writes: an absolute path named
/// [`pth_name`]. Anything else is ignored, so that neither an edited record nor one copied
/// with the project from another place can make `plugin` remove another file.
pub fn recorded_pth(record: &Path, manifest: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(record).ok()?;
    let path = PathBuf::from(text.trim_end_matches('\n'));
    let ours = path.file_name()?.to_str()? == pth_name(manifest);
    (path.is_absolute() && ours).then_some(path)
}

/// The text of the `.pth` file listing `folders` (absolute, in order), or `None` when there
/// are none (the file is then removed).
///
/// # Errors
/// A folder whose path has a line break, or that the `site` module would run as code (a
/// line starting with `import`), cannot be listed.
pub fn pth_text(folders: &[PathBuf]) -> Result<Option<String>, String> {
    if folders.is_empty() {
        return Ok(None);
    }
    let mut text = String::from("# Written by `plugin`: the folders of this project's plugins.\n");
    for f in folders {
        let line = f.to_string_lossy();
        if line.contains(['\n', '\r']) || line.starts_with("import") || !f.is_absolute() {
            return Err(format!(
                "the plugin folder `{}` cannot be listed in a .pth file",
                line.escape_debug()
            ));
        }
        text.push_str(&line);
        text.push('\n');
    }
    Ok(Some(text))
}

/// `PYTHONPATH` for `plugin run` and `plugin env`: `folders` first, then the entries of
/// `existing` (the environment's own `PYTHONPATH`), joined with the platform's separator.
///
/// # Errors
/// A folder whose path holds the separator cannot be listed.
pub fn python_path(
    folders: &[PathBuf],
    existing: Option<&std::ffi::OsStr>,
) -> Result<std::ffi::OsString, String> {
    let mut all: Vec<PathBuf> = folders.to_vec();
    if let Some(e) = existing.filter(|e| !e.is_empty()) {
        all.extend(std::env::split_paths(e));
    }
    std::env::join_paths(&all).map_err(|e| format!("cannot build PYTHONPATH: {e}"))
}

/// `site-packages` of the virtual environment at `root`, from its layout.
fn venv_site_packages(root: &Path) -> Result<PathBuf, String> {
    let windows = root.join("Lib").join("site-packages");
    if windows.is_dir() {
        return Ok(windows);
    }
    let mut found = Vec::new();
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(root.join(lib)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let site = e.path().join("site-packages");
            if name.to_string_lossy().starts_with("python") && site.is_dir() {
                found.push(site);
            }
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.canonicalize().ok() == b.canonicalize().ok());
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err("it has no `lib/pythonX.Y/site-packages`".into()),
        _ => Err(format!(
            "it has more than one site-packages folder: {}",
            found
                .iter()
                .map(|f| format!("`{}`", f.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `sysconfig.get_paths()["purelib"]` of the interpreter `python`, run isolated (`-I`) and
/// without the `site` module (`-S`), so no `.pth` file and no user code runs.
fn ask_interpreter(python: &Path) -> Result<PathBuf, String> {
    let out = std::process::Command::new(python)
        .args([
            "-I",
            "-S",
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("it could not be run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "it failed to name its site-packages ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let site = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if !site.is_dir() {
        return Err(format!(
            "its site-packages `{}` does not exist",
            site.display()
        ));
    }
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_venv(root: &Path) -> PathBuf {
        std::fs::write(root.join("pyvenv.cfg"), "home = /usr/bin\n").unwrap();
        let site = root.join("lib/python3.11/site-packages");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(root.join("bin")).unwrap();
        std::fs::write(root.join("bin/python"), "").unwrap();
        site
    }

    #[test]
    fn finds_site_packages_of_a_venv_from_its_folder_or_interpreter() {
        let tmp = tempfile::tempdir().unwrap();
        let site = fake_venv(tmp.path());
        for path in [tmp.path().to_path_buf(), tmp.path().join("bin/python")] {
            assert_eq!(
                PythonEnv::locate(&path, "test").unwrap().site_packages,
                site
            );
        }
    }

    #[test]
    fn a_missing_or_broken_environment_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let e = PythonEnv::locate(&tmp.path().join("nope"), "`--python`").unwrap_err();
        assert!(matches!(e, PythonEnvError::Missing { .. }), "{e}");
        let e = PythonEnv::locate(tmp.path(), "`--python`").unwrap_err();
        assert!(e.to_string().contains("pyvenv.cfg"), "{e}");
        std::fs::write(tmp.path().join("pyvenv.cfg"), "").unwrap();
        let e = PythonEnv::locate(tmp.path(), "`--python`").unwrap_err();
        assert!(e.to_string().contains("site-packages"), "{e}");
    }

    #[test]
    fn pth_files_are_named_after_the_project_and_list_absolute_folders() {
        let env = PythonEnv {
            site_packages: PathBuf::from("/venv/lib/python3.11/site-packages"),
        };
        let a = env.pth_file(Path::new("/srv/threat bus/plugins.toml"));
        let b = env.pth_file(Path::new("/srv/other/threat bus/plugins.toml"));
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("plugin-threat_bus-") && name.ends_with(".pth"),
            "{name}"
        );
        let text = pth_text(&[PathBuf::from("/p/plugins/a"), PathBuf::from("/p/plugins/b")])
            .unwrap()
            .unwrap();
        assert!(text.ends_with("/p/plugins/a\n/p/plugins/b\n"), "{text}");
        assert_eq!(pth_text(&[]).unwrap(), None);
        assert!(pth_text(&[PathBuf::from("relative")]).is_err());
    }
}

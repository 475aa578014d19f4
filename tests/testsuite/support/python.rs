//! Real Python environments for the host tests: one base environment with the discovery
//! libraries from PyPI (`scripts/python-test-env.sh`, pinned by hash in
//! `tests/python/requirements.txt`), and per test a fresh virtual environment that sees them,
//! as a host's own environment would.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::manifest_dir;

/// The base environment, made once per test run when it is missing or stale (`.ci/run` makes
/// it before the tests).
pub fn base_env() -> &'static Path {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-test-env");
        let out = Command::new("bash")
            .arg(manifest_dir().join("scripts/python-test-env.sh"))
            .arg(&dir)
            .output()
            .expect("run scripts/python-test-env.sh");
        assert!(
            out.status.success(),
            "scripts/python-test-env.sh failed (it needs python3 with venv and PyPI):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// The `site-packages` folder of the virtual environment `venv`.
pub fn site_packages(venv: &Path) -> PathBuf {
    let lib = venv.join("lib");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("{}: {e}", lib.display()))
        .flatten()
        .map(|e| e.path().join("site-packages"))
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(found.len(), 1, "one site-packages in {}", venv.display());
    found.remove(0)
}

/// A new virtual environment at `dir`, standing for a host's: its interpreter sees the
/// discovery libraries of [`base_env`] and the stand-in `stoq` package of `tests/python`
/// (through a `.pth` file of the test's own), and nothing else.
pub fn host_venv(dir: &Path) -> PathBuf {
    let base = base_env();
    let out = Command::new(base.join("bin/python"))
        .args(["-m", "venv", "--without-pip"])
        .arg(dir)
        .output()
        .expect("python -m venv");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        site_packages(dir).join("_test_libraries.pth"),
        format!(
            "{}\n{}\n",
            site_packages(base).display(),
            manifest_dir().join("tests/python").display()
        ),
    )
    .expect("write the test's .pth");
    dir.join("bin/python")
}

/// Runs `tests/python/hosts.py` with `python`, `PLUGIN_DIR` and `extra` arguments, with the
/// environment cleared but for PATH and HOME (no `PYTHONPATH`), and returns its document.
pub fn hosts_json(
    python: impl AsRef<std::ffi::OsStr>,
    plugin_dir: &Path,
    extra: &[&str],
    home: &Path,
) -> serde_json::Value {
    let mut cmd = Command::new(python);
    cmd.arg("-B")
        .arg(manifest_dir().join("tests/python/hosts.py"))
        .arg(plugin_dir)
        .args(extra);
    run_json(cmd, home)
}

/// Runs `cmd` with a clean environment (PATH and HOME only) and parses its stdout as JSON.
pub fn run_json(mut cmd: Command, home: &Path) -> serde_json::Value {
    cmd.env_clear().env("HOME", home);
    #[allow(clippy::disallowed_methods)]
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    let out = cmd.output().expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{cmd:?} failed\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

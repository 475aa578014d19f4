//! Crash safety, concurrency, rollback and verification (issue #4).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::registry::{Package, TestRegistry};
use crate::support::TestProject;

pub(crate) const PLUGINS: usize = 6;
pub(crate) const FILES: usize = 40;

pub(crate) fn plugin_name(i: usize) -> String {
    format!("crash-{i}")
}

/// A package whose every file names its version, so that a folder mixing two versions shows.
pub(crate) fn versioned(i: usize, version: &str) -> Package {
    let mut p = Package::new(&plugin_name(i), version);
    for f in 0..FILES {
        p = p.file(
            &format!("crash_{i}/m{f:02}.py"),
            format!("VERSION = {version:?}\n{}", "#\n".repeat(200 + f)),
        );
    }
    // A file only one version has, so that leftovers of the other show too.
    p.file(
        &format!("crash_{i}/only_{}.py", version.replace('.', "_")),
        "x = 1\n",
    )
}

/// A folder registry with every plugin at 1.0.0 and 2.0.0, and a project using it.
fn crash_setup() -> (tempfile::TempDir, TestProject) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    for i in 0..PLUGINS {
        reg.publish(versioned(i, "1.0.0"));
        reg.publish(versioned(i, "2.0.0"));
    }
    let p = TestProject::new();
    pin_all(&p, &reg.root().display().to_string(), "1.0.0");
    p.run(["install"]).success();
    (tmp, p)
}

fn pin_all(p: &TestProject, registry: &str, version: &str) {
    let mut text = format!("[registries]\ndefault = {registry:?}\n\n[plugins]\n");
    for i in 0..PLUGINS {
        text.push_str(&format!("{} = \"={version}\"\n", plugin_name(i)));
    }
    p.write("plugins.toml", text);
}

fn registry_of(p: &TestProject) -> String {
    let m = p.manifest();
    m["registries"]["default"]
        .as_str()
        .expect("default registry")
        .to_string()
}

/// The version a plugin folder wholly holds, or a description of what is wrong with it.
pub(crate) fn whole_version(dir: &Path, i: usize) -> Result<String, String> {
    let files = crate::support::file_set(dir);
    let version = std::fs::read_to_string(dir.join(format!("crash_{i}/m00.py")))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let version = version
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("VERSION = "))
        .map(|v| v.trim_matches('"').to_string())
        .ok_or_else(|| format!("{}: no version line", dir.display()))?;
    let mut expected: Vec<String> = (0..FILES)
        .map(|f| format!("crash_{i}/m{f:02}.py"))
        .collect();
    expected.push(format!("crash_{i}/only_{}.py", version.replace('.', "_")));
    expected.push("plugin.toml".into());
    expected.sort();
    let actual: Vec<String> = files.into_iter().collect();
    if actual != expected {
        return Err(format!(
            "{}: files are not exactly those of {version}: {actual:?}",
            dir.display()
        ));
    }
    for f in 0..FILES {
        let text = std::fs::read_to_string(dir.join(format!("crash_{i}/m{f:02}.py")))
            .map_err(|e| e.to_string())?;
        if !text.starts_with(&format!("VERSION = {version:?}")) {
            return Err(format!(
                "{}: m{f:02}.py is not from {version}",
                dir.display()
            ));
        }
    }
    Ok(version)
}

/// Every plugin wholly at one version; returns the versions.
fn assert_whole(p: &TestProject, when: &str) -> BTreeMap<String, String> {
    (0..PLUGINS)
        .map(|i| {
            let v = whole_version(&p.plugin_dir(&plugin_name(i)), i)
                .unwrap_or_else(|e| panic!("{when}: {e}"));
            (plugin_name(i), v)
        })
        .collect()
}

/// plugins.lock names exactly the versions on disk, and `plugin verify` agrees.
fn assert_lock_matches(p: &TestProject, on_disk: &BTreeMap<String, String>, when: &str) {
    for (name, version) in on_disk {
        assert_eq!(
            p.locked(name).version(),
            version,
            "{when}: plugins.lock disagrees with the disk for `{name}`"
        );
    }
    p.run(["verify"]).success();
}

#[test]
fn sigkill_at_any_point_leaves_each_plugin_whole_and_the_next_run_consistent() {
    let (_tmp, p) = crash_setup();
    let registry = registry_of(&p);
    // How long an uninterrupted change takes, to spread the kills over it.
    pin_all(&p, &registry, "2.0.0");
    let started = Instant::now();
    p.run(["install"]).success();
    let full = started.elapsed();
    assert_eq!(assert_whole(&p, "after the timing run")["crash-0"], "2.0.0");

    const RUNS: u32 = 60;
    let mut interrupted = 0;
    let mut recovered = 0;
    for run in 0..RUNS {
        let current = assert_whole(&p, "before a run")["crash-0"].clone();
        let target = if current == "1.0.0" { "2.0.0" } else { "1.0.0" };
        pin_all(&p, &registry, target);
        let delay = full.mul_f64(1.2 * f64::from(run) / f64::from(RUNS));
        let mut child = p
            .plugin(["install"])
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn plugin");
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if !status.success() {
            interrupted += 1;
        }
        let when = format!("run {run}, killed after {delay:?}");
        // Right after the kill: every plugin wholly old or wholly new.
        let on_disk = assert_whole(&p, &when);
        let journal = p.dir().join("plugins/.plugin/journal/ops.toml");
        if journal.exists() {
            recovered += 1;
        } else {
            // No change in progress: the lockfile already agrees with the disk.
            for (name, version) in &on_disk {
                if let Some(l) = p.lock_plugin(name) {
                    assert_eq!(
                        l.get("version").and_then(|v| v.as_str()),
                        Some(version.as_str()),
                        "{when}: plugins.lock disagrees for `{name}` with no change in progress"
                    );
                }
            }
        }
        // The next run recovers if needed and completes the change.
        p.run(["install"]).success();
        let after = assert_whole(&p, &format!("{when}, then a full run"));
        assert!(after.values().all(|v| v == target), "{when}: {after:?}");
        assert_lock_matches(&p, &after, &when);
        let leftovers = ["staging", "trash", "journal"]
            .iter()
            .map(|d| p.dir().join("plugins/.plugin").join(d))
            .filter(|d| d.exists() && std::fs::read_dir(d).map(|r| r.count()).unwrap_or(0) > 0)
            .count();
        assert_eq!(leftovers, 0, "{when}: leftovers in .plugin");
    }
    assert!(
        interrupted >= 10,
        "the kills must really interrupt runs ({interrupted} of {RUNS})"
    );
    eprintln!("{interrupted} of {RUNS} runs interrupted, {recovered} rolled back from the journal");
}

#[test]
fn concurrent_installs_into_one_directory_all_land() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    for i in 0..PLUGINS {
        reg.publish(versioned(i, "1.0.0"));
    }
    let p = TestProject::new();
    let registry = reg.root().display().to_string();
    let children: Vec<_> = (0..PLUGINS)
        .map(|i| {
            p.plugin(["install", &plugin_name(i), "--registry", &registry])
                .command()
                .spawn()
                .expect("spawn plugin")
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut blocked = 0;
    for child in children {
        assert!(
            Instant::now() < deadline,
            "the installs did not finish in time"
        );
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "an install failed:\n{stderr}");
        blocked += stderr.matches("Blocking").count();
    }
    let on_disk: BTreeMap<String, String> = (0..PLUGINS)
        .map(|i| {
            let v = whole_version(&p.plugin_dir(&plugin_name(i)), i).expect("whole");
            (plugin_name(i), v)
        })
        .collect();
    assert_eq!(on_disk.len(), PLUGINS);
    for i in 0..PLUGINS {
        assert!(
            p.manifest_plugin(&plugin_name(i)).is_some(),
            "plugins.toml lost `{}`:\n{}",
            plugin_name(i),
            p.read("plugins.toml")
        );
    }
    assert_eq!(
        p.lock_plugins().len(),
        PLUGINS,
        "{}",
        p.read("plugins.lock")
    );
    assert_lock_matches(&p, &on_disk, "after concurrent installs");
    eprintln!("{blocked} of {PLUGINS} processes waited for the lock");
}

#[test]
fn rollback_restores_files_manifest_and_lock_of_before_an_upgrade() {
    let (_tmp, p) = crash_setup();
    // Two plugins may move to 2.0.0, the others stay.
    let mut text = p.read("plugins.toml");
    text = text.replace("crash-0 = \"=1.0.0\"", "crash-0 = \">=1\"");
    text = text.replace("crash-1 = \"=1.0.0\"", "crash-1 = \">=1\"  # may move");
    p.write("plugins.toml", &text);
    p.run(["install"]).success();
    let plugin_files = |p: &TestProject| {
        let mut all = crate::support::snapshot_tree(&p.dir().join("plugins"));
        all.retain(|k, _| !k.starts_with(".plugin"));
        all
    };
    let before_files = plugin_files(&p);
    let before_toml = p.read("plugins.toml");
    let before_lock = p.read("plugins.lock");

    p.run(["upgrade", "crash-0", "crash-1"])
        .success()
        .stderr_has("crash-0 1.0.0 -> 2.0.0")
        .stderr_has("crash-1 1.0.0 -> 2.0.0");
    assert_ne!(plugin_files(&p), before_files);

    p.run(["rollback"]).success().stderr_has("Rolled back");
    assert_eq!(p.read("plugins.toml"), before_toml);
    assert_eq!(p.read("plugins.lock"), before_lock);
    assert!(
        plugin_files(&p) == before_files,
        "plugin files differ after rollback"
    );
    p.run(["verify"]).success();
}

#[test]
fn verify_finds_damage_and_install_force_repairs_it() {
    let (_tmp, p) = crash_setup();
    let dir = p.plugin_dir("crash-2");
    std::fs::write(dir.join("crash_2/m03.py"), "tampered = True\n").expect("modify");
    std::fs::remove_file(dir.join("crash_2/m04.py")).expect("remove");
    std::fs::write(dir.join("crash_2/dropped_in.py"), "import os\n").expect("add");

    let out = p.run(["verify"]);
    out.failure()
        .stdout_has("crash-2 1.0.0: modified crash_2/m03.py")
        .stdout_has("crash-2 1.0.0: missing crash_2/m04.py")
        .stdout_has("crash-2 1.0.0: unexpected crash_2/dropped_in.py")
        .stdout_has("crash-1 1.0.0: ok")
        .stderr_has("plugin install --force crash-2");
    let out = p.run(["verify", "--json"]);
    assert_eq!(out.code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    let bad: Vec<&serde_json::Value> = v["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .filter(|p| p["ok"] == false)
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["name"], "crash-2");
    assert_eq!(bad[0]["modified"][0], "crash_2/m03.py");
    assert_eq!(bad[0]["missing"][0], "crash_2/m04.py");
    assert_eq!(bad[0]["unexpected"][0], "crash_2/dropped_in.py");

    p.run(["install", "--force", "crash-2"])
        .success()
        .stderr_has("Reinstalled crash-2 v1.0.0");
    p.run(["verify"]).success();
    assert!(!dir.join("crash_2/dropped_in.py").exists());
    assert_eq!(whole_version(&dir, 2).expect("whole"), "1.0.0");
}

//! Projects of many plugins of many files for the crash, rollback and verify tests: registries,
//! pinned installs, and checks that each plugin folder holds one whole version.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::registry::{Package, TestRegistry};
use crate::support::TestProject;

/// A folder registry with every `crash-N` plugin at 1.0.0 (see [`publish_2`]).
pub fn registry(tmp: &Path) -> TestRegistry {
    let mut reg = TestRegistry::new(tmp.join("reg"));
    for i in 0..PLUGINS {
        reg.publish(versioned(i, "1.0.0"));
    }
    reg
}

/// Publishes 2.0.0 of every plugin.
pub fn publish_2(reg: &mut TestRegistry) {
    for i in 0..PLUGINS {
        reg.publish(versioned(i, "2.0.0"));
    }
}

/// A project with every plugin installed at 1.0.0, under a requirement that allows 2.0.0.
pub fn installed_at_1(reg: &TestRegistry) -> TestProject {
    let p = TestProject::new();
    let mut text = format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.root());
    for i in 0..PLUGINS {
        text.push_str(&format!("{} = \">=1.0.0\"\n", plugin_name(i)));
    }
    p.write("plugins.toml", text);
    p.run(["install"]).success();
    assert_eq!(p.locked(&plugin_name(0)).version(), "1.0.0");
    p
}

/// What a project holds, read from its files: plugin name -> version, from plugins.toml's
/// `[plugins]` (requirement text), plugins.lock, the install records and the folders.
#[derive(Debug, Default, PartialEq)]
pub struct State {
    pub listed: Vec<String>,
    pub locked: BTreeMap<String, String>,
    pub recorded: BTreeMap<String, String>,
    pub folders: BTreeMap<String, String>,
}

/// The [`State`] of `p` now; `when` names the moment in panic messages.
pub fn state(p: &TestProject, when: &str) -> State {
    let mut s = State::default();
    if p.exists("plugins.toml") {
        if let Some(t) = p.manifest().get("plugins").and_then(|t| t.as_table()) {
            s.listed = t.keys().cloned().collect();
        }
    }
    if p.exists("plugins.lock") {
        for t in p.lock_plugins() {
            let field = |k: &str| t[k].as_str().expect("string").to_string();
            s.locked.insert(field("name"), field("version"));
        }
    }
    if let Ok(entries) = std::fs::read_dir(p.path("plugins/.plugin/records")) {
        for e in entries.flatten() {
            let text = std::fs::read_to_string(e.path()).expect("record");
            let v: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{when}: unreadable record: {e}"));
            s.recorded.insert(
                v["name"].as_str().expect("name").to_string(),
                v["version"].as_str().expect("version").to_string(),
            );
        }
    }
    for i in 0..PLUGINS {
        let dir = p.plugin_dir(&plugin_name(i));
        if dir.exists() {
            let v = whole_version(&dir, i).unwrap_or_else(|e| panic!("{when}: {e}"));
            s.folders.insert(plugin_name(i), v);
        }
    }
    s
}

pub const PLUGINS: usize = 6;

pub const FILES: usize = 40;

pub fn plugin_name(i: usize) -> String {
    format!("crash-{i}")
}

/// A package whose every file names its version, so that a folder mixing two versions shows.
pub fn versioned(i: usize, version: &str) -> Package {
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
pub fn crash_setup() -> (tempfile::TempDir, TestProject) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = registry(tmp.path());
    publish_2(&mut reg);
    let p = TestProject::new();
    pin_all(&p, &reg.root().display().to_string(), "1.0.0");
    p.run(["install"]).success();
    (tmp, p)
}

/// Writes a plugins.toml that pins every plugin of the registry at `registry` to `=version`.
pub fn pin_all(p: &TestProject, registry: &str, version: &str) {
    let mut text = format!("[registries]\ndefault = {registry:?}\n\n[plugins]\n");
    for i in 0..PLUGINS {
        text.push_str(&format!("{} = \"={version}\"\n", plugin_name(i)));
    }
    p.write("plugins.toml", text);
}

/// The version a plugin folder wholly holds, or a description of what is wrong with it.
pub fn whole_version(dir: &Path, i: usize) -> Result<String, String> {
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

//! Helpers for the host tests on the committed sample registry: projects, entry-point listings,
//! `python3`.

use std::path::Path;
use std::process::Command;

use crate::support::{toml_str, ServedRegistry, TestProject};

/// A project whose plugins.toml has `project_lines` in `[project]` and the served sample
/// registry as its default registry.
pub fn project_with(reg: &ServedRegistry, project_lines: &str) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[project]\n{project_lines}\n\n[registries]\ndefault = {}\n\n[plugins]\n",
            toml_str(&reg.url())
        ),
    );
    p
}

/// Parses a `--json` document from stdout and checks the envelope of the contract.
#[track_caller]
pub fn json_doc(out: &crate::support::RunOutput, command: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(out.stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not one JSON document: {e}\n{out}"));
    assert_eq!(doc["version"], 1, "{out}");
    assert_eq!(doc["command"], command, "{out}");
    assert_eq!(doc["ok"], true, "{out}");
    doc
}

/// `plugin entry-points [GROUP] --json`, its `entry_points` array.
#[track_caller]
pub fn entry_points_json(p: &TestProject, group: Option<&str>) -> Vec<serde_json::Value> {
    let mut args = vec!["entry-points"];
    args.extend(group);
    args.push("--json");
    let out = p.run(args);
    out.success();
    let doc = json_doc(&out, "entry-points");
    doc["entry_points"]
        .as_array()
        .unwrap_or_else(|| panic!("`entry_points` is not an array\n{out}"))
        .clone()
}

/// `plugin entry-points [GROUP]` (text), as lines split at tabs.
#[track_caller]
pub fn entry_points_text(p: &TestProject, group: Option<&str>) -> Vec<Vec<String>> {
    let mut args = vec!["entry-points"];
    args.extend(group);
    let out = p.run(args);
    out.success();
    out.stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The JSON object the contract gives for one entry point installed in `p`.
pub fn expected_entry_point(
    p: &TestProject,
    group: &str,
    name: &str,
    value: &str,
    plugin: &str,
    version: &str,
) -> serde_json::Value {
    let (module, attr) = match value.split_once(':') {
        Some((m, a)) => (m, serde_json::Value::from(a)),
        None => (value, serde_json::Value::Null),
    };
    serde_json::json!({
        "group": group,
        "name": name,
        "value": value,
        "module": module,
        "attr": attr,
        "plugin": plugin,
        "version": version,
        "folder": path_str(&p.plugin_dir(plugin)),
    })
}

/// The text line the contract gives for one entry point: GROUP NAME VALUE PLUGIN VERSION FOLDER.
pub fn expected_entry_line(
    p: &TestProject,
    group: &str,
    name: &str,
    value: &str,
    plugin: &str,
    version: &str,
) -> Vec<String> {
    vec![
        group.to_string(),
        name.to_string(),
        value.to_string(),
        plugin.to_string(),
        version.to_string(),
        path_str(&p.plugin_dir(plugin)),
    ]
}

/// Only the fields the contract names (an implementation may add fields later).
pub fn contract_fields(ep: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for key in [
        "group", "name", "value", "module", "attr", "plugin", "version", "folder",
    ] {
        out.insert(key.to_string(), ep.get(key).cloned().unwrap_or_default());
    }
    serde_json::Value::Object(out)
}

/// A path as UTF-8 text (temp paths are).
pub fn path_str(path: &Path) -> String {
    path.to_str().expect("temp paths are UTF-8").to_string()
}

/// Fails with a clear message when `python3` cannot be run: these tests run a real Python.
#[track_caller]
pub fn require_python3() {
    match Command::new("python3").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`python3 --version` failed ({}): this test needs a working python3 on PATH\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "this test runs a real `python3`, which could not be started ({e}); \
             install Python 3 and put `python3` on PATH (the CI machine has it)"
        ),
    }
}

//! Host integration (issue #7): one end-to-end test per host of the sample registry (stoQ,
//! Threat Bus, Diffy, kitovu, SteppingStones), each driving the real binary against a copy of
//! `registry-index/` served over HTTP; `plugin requirements` and `requirements-command`,
//! `plugin entry-points`, the host's config file, `plugin outdated`, and a real `python3`
//! loading every entry point that `plugin entry-points --json` lists.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{
    assert_files, copy_dir, file_set, fixtures_dir, stoq_hash_expected_files, ServedRegistry,
    TestProject,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A TOML basic string holding `s`, escaped.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML array of strings.
fn toml_str_array(items: &[&str]) -> String {
    let inner: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// A project whose plugins.toml has `project_lines` in `[project]` and the served sample
/// registry as its default registry.
fn project_with(reg: &ServedRegistry, project_lines: &str) -> TestProject {
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
fn json_doc(out: &crate::support::RunOutput, command: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(out.stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not one JSON document: {e}\n{out}"));
    assert_eq!(doc["version"], 1, "{out}");
    assert_eq!(doc["command"], command, "{out}");
    assert_eq!(doc["ok"], true, "{out}");
    doc
}

/// `plugin entry-points [GROUP] --json`, its `entry_points` array.
#[track_caller]
fn entry_points_json(p: &TestProject, group: Option<&str>) -> Vec<serde_json::Value> {
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
fn entry_points_text(p: &TestProject, group: Option<&str>) -> Vec<Vec<String>> {
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
fn expected_entry_point(
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
fn expected_entry_line(
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
fn contract_fields(ep: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for key in [
        "group", "name", "value", "module", "attr", "plugin", "version", "folder",
    ] {
        out.insert(key.to_string(), ep.get(key).cloned().unwrap_or_default());
    }
    serde_json::Value::Object(out)
}

fn path_str(path: &Path) -> String {
    path.to_str().expect("temp paths are UTF-8").to_string()
}

/// Fails with a clear message when `python3` cannot be run: these tests run a real Python.
#[track_caller]
fn require_python3() {
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

/// `plugin requirements --format pip` stdout lines.
#[track_caller]
fn requirements_pip(p: &TestProject) -> Vec<String> {
    let out = p.run(["requirements", "--format", "pip"]);
    out.success();
    out.stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The `[a][b][c]` table of a parsed TOML document, if present.
fn table_at<'a>(doc: &'a toml::Table, path: &[&str]) -> Option<&'a toml::Table> {
    let mut table = doc;
    for key in path {
        table = table.get(*key)?.as_table()?;
    }
    Some(table)
}

/// Parses a TOML file of the project.
#[track_caller]
fn read_toml(p: &TestProject, rel: &str) -> toml::Table {
    let text = p.read(rel);
    text.parse()
        .unwrap_or_else(|e| panic!("{rel} is not TOML: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// stoQ
// ---------------------------------------------------------------------------------------------

/// stoQ workers: the `.stoq` file and the module land, excluded files do not; stoQ's own
/// discovery (walk the plugin folder for `*.stoq`, load `[Core] Module` beside it) finds both;
/// `plugin requirements` lists their Python needs in pip and JSON form.
#[test]
fn stoq_workers_install_with_their_stoq_files_and_list_python_requirements() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "stoq-hash", "stoq-yara"]).success();
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0", "1.2.0 is yanked");
    assert_eq!(p.locked("stoq-yara").version(), "3.0.0");

    // What lands, and what does not.
    let hash = p.plugin_dir("stoq-hash");
    assert_files(&hash, &stoq_hash_expected_files("1.1.0"));
    assert!(hash.join("stoq_hash/hash.stoq").is_file());
    assert!(hash.join("stoq_hash/hash.py").is_file());
    let yara = p.plugin_dir("stoq-yara");
    let yara_files = file_set(&yara);
    let want: BTreeSet<String> = [
        "plugin.toml",
        "README.md",
        "rules/sample.yar",
        "stoq_yara/__init__.py",
        "stoq_yara/yara.py",
        "stoq_yara/yara.stoq",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(yara_files, want, "installed files of stoq-yara");
    for dir in [&hash, &yara] {
        for f in file_set(dir) {
            assert!(!f.ends_with(".pyc"), "{f} must not be installed");
            assert!(!f.ends_with("dev_notes.txt"), "{f} must not be installed");
            assert!(!f.starts_with("tests/"), "{f} must not be installed");
            assert!(
                !f.starts_with("rules/experimental"),
                "{f} must not be installed"
            );
        }
    }

    // stoQ v3's discovery over the plugin directory: every `*.stoq`, then `[Core] Module` + .py
    // in the same folder.
    let mut found = Vec::new();
    for f in file_set(&p.path("plugins")) {
        if f.starts_with(".plugin/") || !f.ends_with(".stoq") {
            continue;
        }
        let stoq_file = p.path("plugins").join(&f);
        let text = std::fs::read_to_string(&stoq_file).expect("read .stoq");
        let core_value = |key: &str| -> String {
            text.lines()
                .skip_while(|l| l.trim() != "[Core]")
                .skip(1)
                .take_while(|l| !l.trim_start().starts_with('['))
                .find_map(|l| {
                    let (k, v) = l.split_once('=')?;
                    (k.trim() == key).then(|| v.trim().to_string())
                })
                .unwrap_or_else(|| panic!("{f} has no [Core] {key}:\n{text}"))
        };
        let module = core_value("Module");
        let module_file = stoq_file
            .parent()
            .expect("parent")
            .join(format!("{module}.py"));
        assert!(
            module_file.is_file(),
            "{f}: module {} is missing",
            module_file.display()
        );
        found.push((core_value("Name"), f));
    }
    found.sort();
    assert_eq!(
        found,
        [
            (
                "hash".to_string(),
                "stoq-hash/stoq_hash/hash.stoq".to_string()
            ),
            (
                "yara".to_string(),
                "stoq-yara/stoq_yara/yara.stoq".to_string()
            ),
        ]
    );

    // Their entry points, too.
    let eps: Vec<_> = entry_points_json(&p, Some("stoq.workers"))
        .iter()
        .map(contract_fields)
        .collect();
    assert_eq!(
        eps,
        [
            expected_entry_point(
                &p,
                "stoq.workers",
                "hash",
                "stoq_hash.hash:HashPlugin",
                "stoq-hash",
                "1.1.0"
            ),
            expected_entry_point(
                &p,
                "stoq.workers",
                "yara",
                "stoq_yara.yara:YaraPlugin",
                "stoq-yara",
                "3.0.0"
            ),
        ]
    );

    // Python requirements: pip format, sorted, with the plugins wanting each.
    assert_eq!(
        requirements_pip(&p),
        ["xxhash>=3  # stoq-hash", "yara-python>=4  # stoq-yara"]
    );
    // The default format is pip.
    let out = p.run(["requirements"]);
    out.success();
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>(),
        ["xxhash>=3  # stoq-hash", "yara-python>=4  # stoq-yara"],
        "{out}"
    );
    // JSON.
    let out = p.run(["requirements", "--format", "json"]);
    out.success();
    let doc = json_doc(&out, "requirements");
    assert_eq!(
        doc["requirements"],
        serde_json::json!([
            {"requirement": "xxhash>=3", "plugins": ["stoq-hash"]},
            {"requirement": "yara-python>=4", "plugins": ["stoq-yara"]},
        ]),
        "{out}"
    );
}

/// Two plugins wanting the same requirement string give one line naming both.
#[test]
fn requirements_are_deduplicated_and_attributed_to_every_plugin() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "stoq-hash"]).success();
    // A local plugin that also wants xxhash>=3 (and Django>=4.2, like stepping-notes).
    p.write(
        "local/stoq-extra/plugin.toml",
        "[plugin]\nname = \"stoq-extra\"\nversion = \"0.1.0\"\n\n\
         [requirements]\npython = [\"xxhash>=3\", \"Django>=4.2\"]\n",
    );
    p.write("local/stoq-extra/stoq_extra/__init__.py", "");
    p.run(["install", "./local/stoq-extra"]).success();
    p.run(["install", "stepping-notes"]).success();

    assert_eq!(
        requirements_pip(&p),
        [
            "Django>=4.2  # stepping-notes, stoq-extra",
            "xxhash>=3  # stoq-extra, stoq-hash",
        ]
    );
    let out = p.run(["requirements", "--format", "json"]);
    out.success();
    assert_eq!(
        json_doc(&out, "requirements")["requirements"],
        serde_json::json!([
            {"requirement": "Django>=4.2", "plugins": ["stepping-notes", "stoq-extra"]},
            {"requirement": "xxhash>=3", "plugins": ["stoq-extra", "stoq-hash"]},
        ]),
        "{out}"
    );
}

/// `requirements-command` is run by the binary after an install that changed something, with
/// the pip-format requirements in `{file}`, in the folder of plugins.toml.
#[test]
fn stoq_install_runs_the_requirements_command_with_the_requirements_file() {
    require_python3();
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let received = p.scratch("received").join("requirements.txt");
    let cwd_file = p.scratch("received").join("cwd.txt");
    // Copies the file it is given, and records its working directory.
    let script = "import os, shutil, sys\n\
                  shutil.copyfile(sys.argv[1], sys.argv[2])\n\
                  open(sys.argv[3], 'w').write(os.getcwd())\n";
    let command = toml_str_array(&[
        "python3",
        "-c",
        script,
        "{file}",
        &path_str(&received),
        &path_str(&cwd_file),
    ]);
    p.write(
        "plugins.toml",
        format!(
            "[project]\nrequirements-command = {command}\n\n[registries]\ndefault = {}\n\n[plugins]\n",
            toml_str(&reg.url())
        ),
    );

    let out = p.run(["install", "stoq-hash", "stoq-yara"]);
    // The line names the file given, not the `{file}` placeholder.
    out.success()
        .stderr_has("Running python3 -c")
        .stderr_has("plugin-requirements-")
        .stderr_lacks("{file}");
    assert!(
        received.is_file(),
        "the requirements command did not write {}\n{out}",
        received.display()
    );
    let text = std::fs::read_to_string(&received).expect("read received file");
    assert_eq!(
        text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        ["xxhash>=3  # stoq-hash", "yara-python>=4  # stoq-yara"],
        "the file handed to the command:\n{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&cwd_file).expect("read cwd file"),
        path_str(p.dir()),
        "the command runs in the folder of plugins.toml"
    );
    assert!(p.exists("plugins/stoq-hash/stoq_hash/hash.stoq"));

    // An install that changes nothing does not run it.
    std::fs::remove_file(&received).expect("rm");
    let out = p.run(["install"]);
    out.success().stderr_lacks("Running python3");
    assert!(
        !received.exists(),
        "a no-op install must not run the requirements command\n{out}"
    );

    // Nor does --dry-run.
    let out = p.run(["install", "diffy-formats", "--dry-run"]);
    out.success().stderr_lacks("Running python3");
    assert!(
        !received.exists(),
        "--dry-run must not run the requirements command\n{out}"
    );
}

/// A failing `requirements-command` is a warning naming the command and its exit status; the
/// install itself succeeded and stays.
#[test]
fn stoq_failing_requirements_command_warns_and_keeps_the_plugins() {
    require_python3();
    let reg = ServedRegistry::copy_of_sample();
    let command = toml_str_array(&["python3", "-c", "import sys; sys.exit(3)"]);
    let p = project_with(&reg, &format!("requirements-command = {command}"));

    let out = p.run(["install", "stoq-hash", "stoq-yara"]);
    out.success()
        .no_panic()
        .stderr_has("Running python3 -c")
        .stderr_has("warning: requirements command `");
    let warning = out
        .stderr
        .lines()
        .find(|l| l.contains("warning: requirements command"))
        .expect("a warning line");
    assert!(
        warning.contains("python3") && warning.contains("sys.exit(3)"),
        "the warning names the command: {warning}\n{out}"
    );
    assert!(
        warning.contains("failed (exit status 3)"),
        "the warning gives the exit status: {warning}\n{out}"
    );

    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");
    assert_eq!(p.locked("stoq-yara").version(), "3.0.0");
    assert!(p.exists("plugins/stoq-hash/stoq_hash/hash.stoq"));
    assert!(p.exists("plugins/stoq-yara/stoq_yara/yara.stoq"));
    assert!(p.manifest_plugin("stoq-hash").is_some());
    assert!(p.manifest_plugin("stoq-yara").is_some());
    p.run(["verify"]).success();
}

/// A requirements command that cannot be started is a warning too.
#[test]
fn requirements_command_that_cannot_start_warns_and_keeps_the_plugins() {
    let reg = ServedRegistry::copy_of_sample();
    let command = toml_str_array(&["plugin-test-no-such-program-7f3a", "{file}"]);
    let p = project_with(&reg, &format!("requirements-command = {command}"));

    let out = p.run(["install", "stoq-hash"]);
    out.success()
        .no_panic()
        .stderr_has("warning: requirements command `")
        .stderr_has("plugin-test-no-such-program-7f3a")
        .stderr_has("could not be started");
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");
    assert!(p.exists("plugins/stoq-hash/stoq_hash/hash.stoq"));
}

// ---------------------------------------------------------------------------------------------
// Threat Bus
// ---------------------------------------------------------------------------------------------

const THREATBUS_CONFIG: &str = "\
# Threat Bus configuration, kept by us.
[logging]
console = true

[plugins.apps.threatbus-zeek]
port = 9999  # ours
";

/// Threat Bus: the app brings its backbone; both get their `[config]` defaults in the host's
/// config file under `plugins.{kind}s.{name}`, keeping the user's key and comments; uninstall
/// removes the backbone's table (unchanged) and leaves the app's (changed), saying so.
#[test]
fn threatbus_app_and_backbone_config_tables_and_entry_points() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(
        &reg,
        "config-file = \"threatbus.toml\"\nconfig-table = \"plugins.{kind}s.{name}\"",
    );
    p.write("threatbus.toml", THREATBUS_CONFIG);

    let out = p.run(["install", "threatbus-zeek"]);
    out.success();
    assert_eq!(p.locked("threatbus-zeek").version(), "1.1.0");
    assert_eq!(
        p.locked("threatbus-inmem").version(),
        "1.1.0",
        "the dependency comes along"
    );
    let added = out
        .stderr
        .lines()
        .find(|l| l.contains("Configured plugins.backbones.threatbus-inmem in"))
        .unwrap_or_else(|| panic!("no `Configured` status line for the new table\n{out}"));
    assert!(added.contains("threatbus.toml"), "{added}\n{out}");

    let text = p.read("threatbus.toml");
    let doc = read_toml(&p, "threatbus.toml");
    let app = table_at(&doc, &["plugins", "apps", "threatbus-zeek"])
        .unwrap_or_else(|| panic!("no [plugins.apps.threatbus-zeek]:\n{text}"));
    let want_app: toml::Table =
        "host = \"127.0.0.1\"\nport = 9999\nmodule_namespace = \"Tenzir\"\n"
            .parse()
            .expect("toml");
    assert_eq!(
        app, &want_app,
        "the user's port stays, defaults fill in:\n{text}"
    );
    let backbone = table_at(&doc, &["plugins", "backbones", "threatbus-inmem"])
        .unwrap_or_else(|| panic!("no [plugins.backbones.threatbus-inmem]:\n{text}"));
    let want_backbone: toml::Table = "queue_size = 1000\ndrop_when_full = true\n"
        .parse()
        .expect("toml");
    assert_eq!(backbone, &want_backbone, "{text}");
    assert_eq!(
        table_at(&doc, &["logging"]).and_then(|t| t.get("console")),
        Some(&toml::Value::Boolean(true)),
        "other tables are kept:\n{text}"
    );
    assert!(
        text.contains("# Threat Bus configuration, kept by us."),
        "comments are kept:\n{text}"
    );
    assert!(
        text.contains("port = 9999  # ours"),
        "the user's line is kept as written:\n{text}"
    );

    // The app, and only the app, in its group.
    assert_eq!(
        entry_points_text(&p, Some("threatbus.app")),
        [expected_entry_line(
            &p,
            "threatbus.app",
            "zeek",
            "threatbus_zeek.plugin:ZeekApp",
            "threatbus-zeek",
            "1.1.0"
        )]
    );
    let eps: Vec<_> = entry_points_json(&p, Some("threatbus.app"))
        .iter()
        .map(contract_fields)
        .collect();
    assert_eq!(
        eps,
        [expected_entry_point(
            &p,
            "threatbus.app",
            "zeek",
            "threatbus_zeek.plugin:ZeekApp",
            "threatbus-zeek",
            "1.1.0"
        )]
    );
    // Both groups, sorted by group, without a filter.
    let all = entry_points_text(&p, None);
    assert_eq!(
        all,
        [
            expected_entry_line(
                &p,
                "threatbus.app",
                "zeek",
                "threatbus_zeek.plugin:ZeekApp",
                "threatbus-zeek",
                "1.1.0"
            ),
            expected_entry_line(
                &p,
                "threatbus.backbone",
                "inmem",
                "threatbus_inmem.plugin:InMemoryBackbone",
                "threatbus-inmem",
                "1.1.0"
            ),
        ]
    );

    // Uninstall the app: the orphaned backbone goes too.
    let out = p.run(["uninstall", "threatbus-zeek"]);
    out.success()
        .stderr_has("left [plugins.apps.threatbus-zeek] in ");
    // `left [TABLE] in CONFIG-FILE: it differs from the defaults of NAME` (the file and the
    // name may be quoted).
    let left = out
        .stderr
        .lines()
        .find(|l| l.contains("left [plugins.apps.threatbus-zeek] in "))
        .expect("checked above");
    assert!(left.contains("threatbus.toml"), "{left}\n{out}");
    assert!(
        left.contains(": it differs from the defaults of threatbus-zeek")
            || left.contains(": it differs from the defaults of `threatbus-zeek`"),
        "{left}\n{out}"
    );
    assert!(
        !out.stderr
            .contains("left [plugins.backbones.threatbus-inmem]"),
        "the backbone's table equals its defaults and is removed\n{out}"
    );
    assert!(p.lock_plugin("threatbus-zeek").is_none());
    assert!(
        p.lock_plugin("threatbus-inmem").is_none(),
        "the orphaned backbone is removed:\n{}",
        p.read("plugins.lock")
    );

    let text = p.read("threatbus.toml");
    let doc = read_toml(&p, "threatbus.toml");
    assert!(
        table_at(&doc, &["plugins", "backbones", "threatbus-inmem"]).is_none(),
        "the backbone's table still equals its defaults and must be removed:\n{text}"
    );
    let app = table_at(&doc, &["plugins", "apps", "threatbus-zeek"])
        .unwrap_or_else(|| panic!("the app's table (user changed port) must be left:\n{text}"));
    assert_eq!(app, &want_app, "{text}");
    assert!(text.contains("port = 9999  # ours"), "{text}");
    assert!(
        text.contains("# Threat Bus configuration, kept by us."),
        "{text}"
    );
    assert!(
        entry_points_text(&p, None).is_empty(),
        "no plugin, no entry point"
    );
}

/// An upgrade adds the keys new in the new version, and leaves existing keys alone; a config
/// file that does not exist is created.
#[test]
fn threatbus_upgrade_adds_new_config_keys_only() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(
        &reg,
        "config-file = \"conf/threatbus.toml\"\nconfig-table = \"plugins.{kind}s.{name}\"",
    );
    std::fs::create_dir_all(p.path("conf")).expect("mkdir conf");
    p.run(["install", "threatbus-inmem@=1.0.0"]).success();
    assert!(
        p.exists("conf/threatbus.toml"),
        "a missing config file is created"
    );
    let doc = read_toml(&p, "conf/threatbus.toml");
    let want: toml::Table = "queue_size = 1000\n".parse().expect("toml");
    assert_eq!(
        table_at(&doc, &["plugins", "backbones", "threatbus-inmem"]),
        Some(&want),
        "{}",
        p.read("conf/threatbus.toml")
    );

    // The user tunes the queue, then the backbone is upgraded to 1.1.0 (adds drop_when_full).
    let text = p
        .read("conf/threatbus.toml")
        .replace("queue_size = 1000", "queue_size = 5");
    assert!(text.contains("queue_size = 5"), "{text}");
    p.write("conf/threatbus.toml", text);
    let manifest = p.read("plugins.toml").replace("\"=1.0.0\"", "\"1\"");
    assert!(manifest.contains("threatbus-inmem = \"1\""), "{manifest}");
    p.write("plugins.toml", manifest);
    p.run(["upgrade", "threatbus-inmem"])
        .success()
        .stderr_has("threatbus-inmem 1.0.0 -> 1.1.0");

    let doc = read_toml(&p, "conf/threatbus.toml");
    let want: toml::Table = "queue_size = 5\ndrop_when_full = true\n"
        .parse()
        .expect("toml");
    assert_eq!(
        table_at(&doc, &["plugins", "backbones", "threatbus-inmem"]),
        Some(&want),
        "{}",
        p.read("conf/threatbus.toml")
    );
}

// ---------------------------------------------------------------------------------------------
// Diffy, kitovu, SteppingStones
// ---------------------------------------------------------------------------------------------

/// Diffy: one package, two entry points in `diffy.plugins`, with every JSON field.
#[test]
fn diffy_two_entry_points_from_one_package() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "diffy-formats", "kitovu-moodle"])
        .success();
    assert_eq!(p.locked("diffy-formats").version(), "0.4.0");
    assert!(
        !p.exists("plugins/diffy-formats/tests"),
        "exclude = [\"tests\"]"
    );
    assert!(p.exists("plugins/diffy-formats/diffy_formats/json.py"));

    let eps = entry_points_json(&p, Some("diffy.plugins"));
    assert_eq!(eps.len(), 2, "{eps:#?}");
    let folder = path_str(&p.plugin_dir("diffy-formats"));
    for ep in &eps {
        for key in [
            "group", "name", "value", "module", "attr", "plugin", "version", "folder",
        ] {
            assert!(ep.get(key).is_some(), "field `{key}` missing in {ep}");
        }
    }
    assert_eq!(
        contract_fields(&eps[0]),
        serde_json::json!({
            "group": "diffy.plugins",
            "name": "json",
            "value": "diffy_formats.json:JsonDiff",
            "module": "diffy_formats.json",
            "attr": "JsonDiff",
            "plugin": "diffy-formats",
            "version": "0.4.0",
            "folder": folder,
        })
    );
    assert_eq!(
        contract_fields(&eps[1]),
        expected_entry_point(
            &p,
            "diffy.plugins",
            "yaml",
            "diffy_formats.yaml:YamlDiff",
            "diffy-formats",
            "0.4.0"
        )
    );
    // The folder is absolute and holds the module.
    assert!(Path::new(&folder).is_absolute());
    assert!(Path::new(&folder).join("diffy_formats/yaml.py").is_file());

    assert_eq!(
        entry_points_text(&p, Some("diffy.plugins")),
        [
            expected_entry_line(
                &p,
                "diffy.plugins",
                "json",
                "diffy_formats.json:JsonDiff",
                "diffy-formats",
                "0.4.0"
            ),
            expected_entry_line(
                &p,
                "diffy.plugins",
                "yaml",
                "diffy_formats.yaml:YamlDiff",
                "diffy-formats",
                "0.4.0"
            ),
        ]
    );
}

/// kitovu: the sync plugin in `kitovu.sync.plugin` (from a zip archive), and the group filter
/// leaves out other hosts' entry points.
#[test]
fn kitovu_sync_plugin_is_listed_in_its_group() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "kitovu-moodle", "stoq-hash"]).success();
    assert_eq!(p.locked("kitovu-moodle").version(), "0.2.0");
    assert!(p.exists("plugins/kitovu-moodle/kitovu_moodle/sync.py"));

    assert_eq!(
        entry_points_text(&p, Some("kitovu.sync.plugin")),
        [expected_entry_line(
            &p,
            "kitovu.sync.plugin",
            "moodle",
            "kitovu_moodle.sync:MoodlePlugin",
            "kitovu-moodle",
            "0.2.0"
        )]
    );
    let eps: Vec<_> = entry_points_json(&p, Some("kitovu.sync.plugin"))
        .iter()
        .map(contract_fields)
        .collect();
    assert_eq!(
        eps,
        [expected_entry_point(
            &p,
            "kitovu.sync.plugin",
            "moodle",
            "kitovu_moodle.sync:MoodlePlugin",
            "kitovu-moodle",
            "0.2.0"
        )]
    );
    // A group nothing provides: no lines, still success.
    assert!(entry_points_text(&p, Some("kitovu.no.such.group")).is_empty());
    assert!(entry_points_json(&p, Some("kitovu.no.such.group")).is_empty());
}

/// SteppingStones: the Django app is found through `steppingstones.plugins`; its folder holds
/// the app package, so `folder` on sys.path plus `module.attr` in INSTALLED_APPS loads it.
#[test]
fn steppingstones_django_app_is_found_through_its_group() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "stepping-notes"]).success();

    let eps = entry_points_json(&p, Some("steppingstones.plugins"));
    assert_eq!(eps.len(), 1, "{eps:#?}");
    let ep = &eps[0];
    assert_eq!(
        contract_fields(ep),
        expected_entry_point(
            &p,
            "steppingstones.plugins",
            "stepping_notes",
            "stepping_notes.apps:SteppingNotesConfig",
            "stepping-notes",
            "1.0.0"
        )
    );
    let folder = Path::new(ep["folder"].as_str().expect("folder"));
    let module = ep["module"].as_str().expect("module");
    let attr = ep["attr"].as_str().expect("attr");
    // What a SteppingStones settings.py does with it.
    let installed_app = format!("{module}.{attr}");
    assert_eq!(installed_app, "stepping_notes.apps.SteppingNotesConfig");
    let package = module.split('.').next().expect("top package");
    assert_eq!(package, "stepping_notes");
    for f in [
        "__init__.py",
        "apps.py",
        "models.py",
        "urls.py",
        "views.py",
        "templates/stepping_notes/index.html",
    ] {
        assert!(
            folder.join(package).join(f).is_file(),
            "{}/{package}/{f} missing: {:?}",
            folder.display(),
            file_set(folder)
        );
    }
    assert!(folder
        .join(format!("{}.py", module.replace('.', "/")))
        .is_file());
}

/// An object reference without `:` has `attr` null.
#[test]
fn entry_point_without_attr_has_null_attr() {
    let p = TestProject::new();
    p.write(
        "local/bare/plugin.toml",
        "[plugin]\nname = \"bare\"\nversion = \"1.0.0\"\n\n\
         [entry-points.\"demo.modules\"]\nwhole = \"bare_mod.sub\"\nobj = \"bare_mod.sub:Outer.Inner\"\n",
    );
    p.write("local/bare/bare_mod/__init__.py", "");
    p.write(
        "local/bare/bare_mod/sub.py",
        "class Outer:\n    class Inner:\n        pass\n",
    );
    p.run(["install", "./local/bare"]).success();
    let eps: Vec<_> = entry_points_json(&p, Some("demo.modules"))
        .iter()
        .map(contract_fields)
        .collect();
    assert_eq!(
        eps,
        [
            expected_entry_point(
                &p,
                "demo.modules",
                "obj",
                "bare_mod.sub:Outer.Inner",
                "bare",
                "1.0.0"
            ),
            expected_entry_point(&p, "demo.modules", "whole", "bare_mod.sub", "bare", "1.0.0"),
        ]
    );
    assert_eq!(eps[1]["attr"], serde_json::Value::Null);
}

// ---------------------------------------------------------------------------------------------
// plugin outdated
// ---------------------------------------------------------------------------------------------

/// Locked, compatible (newest the requirement allows, not yanked) and latest (newest not
/// yanked), in text and JSON; null for a folder source.
#[test]
fn outdated_shows_locked_compatible_and_latest() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "stoq-hash@=1.0.0", "diffy-formats@=0.3.0"])
        .success();
    // A plugin from a folder: no registry to compare with.
    copy_dir(
        &fixtures_dir().join("kitovu-moodle/0.1.0"),
        &p.path("local/kitovu-moodle"),
    );
    p.run(["install", "./local/kitovu-moodle"]).success();
    let manifest = p.read("plugins.toml");
    let relaxed = manifest
        .replace("stoq-hash = \"=1.0.0\"", "stoq-hash = \"1\"")
        .replace("diffy-formats = \"=0.3.0\"", "diffy-formats = \"0.3\"");
    assert!(
        relaxed.contains("stoq-hash = \"1\"") && relaxed.contains("diffy-formats = \"0.3\""),
        "plugins.toml did not record the pins as expected:\n{manifest}"
    );
    p.write("plugins.toml", relaxed);

    // Text: a header, then NAME LOCKED COMPATIBLE LATEST per plugin.
    let out = p.run(["outdated"]);
    out.success();
    let lines: Vec<Vec<&str>> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        lines.first().map(|h| h.get(..4))
            == Some(Some(&["NAME", "LOCKED", "COMPATIBLE", "LATEST"][..])),
        "header line first\n{out}"
    );
    let row = |name: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.first() == Some(&name))
            .unwrap_or_else(|| panic!("no line for {name}\n{out}"))
            .clone()
    };
    assert_eq!(row("stoq-hash")[1..4], ["1.0.0", "1.1.0", "1.1.0"], "{out}");
    assert_eq!(
        row("diffy-formats")[1..4],
        ["0.3.0", "0.3.0", "0.4.0"],
        "{out}"
    );
    assert_eq!(row("kitovu-moodle")[1], "0.1.0", "{out}");
    assert_eq!(
        lines.len(),
        4,
        "a header and one line per locked plugin\n{out}"
    );

    // JSON.
    let out = p.run(["outdated", "--json"]);
    out.success();
    let doc = json_doc(&out, "outdated");
    let plugins = doc["plugins"].as_array().expect("plugins array");
    let find = |name: &str| -> &serde_json::Value {
        plugins
            .iter()
            .find(|v| v["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in\n{out}"))
    };
    let stoq = find("stoq-hash");
    assert_eq!(stoq["locked"], "1.0.0", "{out}");
    assert_eq!(stoq["compatible"], "1.1.0", "1.2.0 is yanked\n{out}");
    assert_eq!(stoq["latest"], "1.1.0", "1.2.0 is yanked\n{out}");
    assert!(
        stoq["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("registry+")),
        "{out}"
    );
    assert_eq!(
        stoq["source"].as_str(),
        Some(p.locked("stoq-hash").source()),
        "source as in plugins.lock\n{out}"
    );
    let diffy = find("diffy-formats");
    assert_eq!(diffy["locked"], "0.3.0", "{out}");
    assert_eq!(
        diffy["compatible"], "0.3.0",
        "\"0.3\" allows only 0.3.x\n{out}"
    );
    assert_eq!(diffy["latest"], "0.4.0", "{out}");
    let local = find("kitovu-moodle");
    assert_eq!(local["locked"], "0.1.0", "{out}");
    assert_eq!(local["compatible"], serde_json::Value::Null, "{out}");
    assert_eq!(local["latest"], serde_json::Value::Null, "{out}");
    assert!(
        local["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("path+")),
        "{out}"
    );
    assert_eq!(plugins.len(), 3, "{out}");
}

// ---------------------------------------------------------------------------------------------
// A real Python host
// ---------------------------------------------------------------------------------------------

/// What stoQ v3's plugin manager does with a plugin directory: walk it for `*.stoq` files,
/// import `[Core] Module` + `.py` from beside each by its file path (outside any package),
/// take the one `WorkerPlugin` subclass it defines and build it with the `.stoq` config and
/// the options. Then it scans a payload with `hash` and reports where `yara` finds its rules.
const STOQ_V3_HOST: &str = r#"
import asyncio, configparser, importlib.util, inspect, json, os, sys

from stoq.plugins import BasePlugin, WorkerPlugin


def collect(plugin_dir):
    found = {}
    for root, _, files in os.walk(plugin_dir):
        for name in files:
            if name.endswith(".stoq"):
                config = configparser.ConfigParser()
                config.read(os.path.join(root, name))
                module = config.get("Core", "Module")
                found[config.get("Core", "Name")] = (os.path.join(root, module + ".py"), config)
    return found


def load(path, config):
    spec = importlib.util.spec_from_file_location(config.get("Core", "Module"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [
        c for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, BasePlugin) and c not in (BasePlugin, WorkerPlugin)
    ]
    if len(classes) != 1:
        raise SystemExit(f"{path}: {len(classes)} plugin classes")
    return classes[0](config, None)


plugin_dir = sys.argv[1]
plugins = collect(plugin_dir)
worker = load(*plugins["hash"])
response = asyncio.run(worker.scan(b"abc"))
yara = load(*plugins["yara"])
print(json.dumps({
    "workers": sorted(plugins),
    "hash": response.results,
    "errors": response.errors,
    "yara_rules": os.path.relpath(yara.rules_path, plugin_dir),
    "yara_rules_found": os.path.isfile(yara.rules_path),
}, sort_keys=True))
"#;

/// stoQ v3 loads the installed workers by their file paths, as it does, and they work: the
/// hash worker (whose module imports a sibling module) digests a payload, and the yara worker
/// finds its rules in its own folder.
#[test]
fn stoq_v3_loads_the_installed_workers_by_path() {
    require_python3();
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run(["install", "stoq-hash", "stoq-yara"]).success();
    // The parts of stoQ v3's API the fixtures import, as a stand-in package (the stoQ
    // framework is not on PyPI under its name).
    let lib = crate::support::manifest_dir().join("tests/python");
    let script = p.scratch("host").join("stoq_v3.py");
    std::fs::write(&script, STOQ_V3_HOST).expect("write script");
    let out = Command::new("python3")
        .arg("-B") // no __pycache__ in the plugin folders
        .arg(&script)
        .arg(p.path("plugins"))
        .env("PYTHONPATH", &lib)
        .current_dir(p.scratch("host"))
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
    assert_eq!(doc["workers"], serde_json::json!(["hash", "yara"]));
    assert_eq!(
        doc["hash"]["sha256"],
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(doc["hash"]["md5"], "900150983cd24fb0d6963f7d28e17f72");
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_eq!(doc["yara_rules"], "stoq-yara/rules/sample.yar");
    assert_eq!(doc["yara_rules_found"], true);
}

/// What a Python host does with `plugin entry-points --json` (standard library only). Reads the
/// document from the file named by argv[1], or from stdin; prints one tab-separated line per
/// entry point: `loaded GROUP NAME PLUGIN MODULE:QUALNAME HOW`.
const PYTHON_HOST: &str = r#"
import importlib
import json
import sys


def load(ep):
    """Import the entry point's module from its plugin folder and resolve its attribute."""
    if ep["folder"] not in sys.path:
        sys.path.insert(0, ep["folder"])
    obj = importlib.import_module(ep["module"])
    for part in (ep["attr"] or "").split("."):
        if part:
            obj = getattr(obj, part)
    return obj


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    else:
        doc = json.load(sys.stdin)
    for ep in doc["entry_points"]:
        obj = load(ep)
        if isinstance(obj, type):
            try:
                obj()  # the fixtures' classes take no required arguments
                how = "instantiated"
            except TypeError:
                how = "class"
        elif callable(obj):
            how = "callable"
        else:
            how = "module"
        ref = getattr(obj, "__module__", None) or obj.__name__
        if ep["attr"]:
            ref = ref + ":" + obj.__qualname__
        print("\t".join(["loaded", ep["group"], ep["name"], ep["plugin"], ref, how]))


main()
"#;

/// Installs plugins of every host, lists their entry points as JSON, and has a real python3
/// import and instantiate each of them.
#[test]
fn real_python_host_loads_every_entry_point() {
    require_python3();
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with(&reg, "");
    p.run([
        "install",
        "stoq-hash",
        "stoq-yara",
        "threatbus-zeek",
        "diffy-formats",
        "kitovu-moodle",
        "stepping-notes",
    ])
    .success();

    let out = p.run(["entry-points", "--json"]);
    out.success();
    let doc = json_doc(&out, "entry-points");
    let eps = doc["entry_points"].as_array().expect("entry_points");
    let listed: Vec<(String, String)> = eps
        .iter()
        .map(|ep| {
            (
                ep["group"].as_str().expect("group").to_string(),
                ep["name"].as_str().expect("name").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("diffy.plugins", "json"),
        ("diffy.plugins", "yaml"),
        ("kitovu.sync.plugin", "moodle"),
        ("steppingstones.plugins", "stepping_notes"),
        ("stoq.workers", "hash"),
        ("stoq.workers", "yara"),
        ("threatbus.app", "zeek"),
        ("threatbus.backbone", "inmem"),
    ]
    .iter()
    .map(|(g, n)| (g.to_string(), n.to_string()))
    .collect();
    assert_eq!(listed, expected, "sorted by group, plugin, name\n{out}");

    // The script, written to a temp file; the JSON piped to its stdin.
    let script = p.scratch("host").join("load_entry_points.py");
    std::fs::write(&script, PYTHON_HOST).expect("write script");
    let mut child = Command::new("python3")
        .arg("-B") // no __pycache__ in the plugin folders
        .arg(&script)
        .current_dir(p.scratch("host"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("could not start python3 ({e}); this test needs python3 on PATH")
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(out.stdout.as_bytes())
        .expect("write JSON to python3");
    let py = child.wait_with_output().expect("wait for python3");
    let py_stdout = String::from_utf8_lossy(&py.stdout);
    let py_stderr = String::from_utf8_lossy(&py.stderr);
    let report = format!(
        "python3 exit: {}\n--- stdout ---\n{py_stdout}\n--- stderr ---\n{py_stderr}\n--- entry points ---\n{}",
        py.status, out.stdout
    );
    assert!(py.status.success(), "the Python host failed\n{report}");

    let loaded: Vec<Vec<&str>> = py_stdout
        .lines()
        .filter(|l| l.starts_with("loaded\t"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(
        loaded.len(),
        eps.len(),
        "one loaded line per entry point\n{report}"
    );
    let loaded_names: Vec<(String, String)> = loaded
        .iter()
        .map(|l| (l[1].to_string(), l[2].to_string()))
        .collect();
    assert_eq!(loaded_names, expected, "{report}");
    for (line, ep) in loaded.iter().zip(eps) {
        assert_eq!(line.len(), 6, "{line:?}\n{report}");
        assert_eq!(line[3], ep["plugin"].as_str().expect("plugin"), "{report}");
        assert_eq!(
            line[4],
            ep["value"].as_str().expect("value"),
            "the object Python resolved is the one the entry point names\n{report}"
        );
        assert!(
            line[5] == "instantiated" || line[5] == "class",
            "{line:?}\n{report}"
        );
    }

    // Loading left the plugin folders as installed.
    p.run(["verify"]).success();
}

//! `plugin requirements` and a host's `requirements-command`: the Python requirements of installed
//! plugins, deduplicated and attributed, and what happens when the command fails or cannot start.

use std::collections::BTreeSet;

use crate::support::hosts::{
    contract_fields, entry_points_json, expected_entry_point, json_doc, path_str, project_with,
    require_python3,
};
use crate::support::{
    assert_files, file_set, stoq_hash_expected_files, toml_str, ServedRegistry, TestProject,
};

/// A TOML array of strings.
fn toml_str_array(items: &[&str]) -> String {
    let inner: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", inner.join(", "))
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

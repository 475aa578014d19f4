//! Unmodified Python hosts find and load installed plugins (issue #13): the real discovery
//! libraries (importlib.metadata, pkg_resources, pluggy, stevedore, from PyPI at pinned
//! versions) run each seed host's own loading code against a project, through
//! `[project] python` and through `plugin run`, with no `PYTHONPATH` set by the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::support::hosts::{project_with, require_python3};
use crate::support::python::{host_venv, hosts_json, run_json, site_packages};
use crate::support::registry::{Package, TestRegistry};
use crate::support::{registry_index_dir, snapshot_tree, ServedRegistry, TestProject};

/// A project on the sample registry whose plugins.toml has `extra` in `[project]`.
fn project(extra: &str) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[project]\n{extra}\n[registries]\ndefault = {:?}\n\n[plugins]\n",
            registry_index_dir()
        ),
    );
    p
}

/// Installs `plugins` and runs `host`'s own discovery (tests/python/hosts.py) twice, with no
/// `PYTHONPATH` set by the test: through `[project] python` (the `.pth` file `plugin` keeps),
/// and in another project without it, through `plugin run`. Both must find exactly
/// `distributions` and give the same `found`, which is returned.
fn discovered(host: &str, plugins: &[&str], distributions: Value) -> Value {
    let hosts = crate::support::manifest_dir().join("tests/python/hosts.py");
    let mut install = vec!["install"];
    install.extend(plugins);

    let with_env = project("python = \"host-env\"");
    let python = host_venv(&with_env.path("host-env"));
    with_env.run(&install).success();
    let through_env = hosts_json(&python, &with_env.path("plugins"), &[host], with_env.home());

    let bare = project("");
    let python = host_venv(&bare.path("host-env"));
    bare.run(&install).success();
    let alone = hosts_json(
        &python,
        &bare.path("plugins"),
        &["--group", "x"],
        bare.home(),
    );
    assert_eq!(
        alone["distributions"],
        json!([]),
        "nothing is visible without plugin run"
    );
    let out = bare
        .plugin(["run", "--"])
        .arg(&python)
        .arg("-B")
        .arg(&hosts)
        .arg(bare.path("plugins"))
        .arg(host)
        .run();
    out.success();
    let through_run: Value = serde_json::from_str(out.stdout.trim()).expect("JSON");

    for (how, doc) in [
        ("[project] python", &through_env),
        ("plugin run", &through_run),
    ] {
        assert_eq!(
            doc["distributions"], distributions,
            "{host} through {how}: {doc}"
        );
    }
    assert_eq!(
        through_env[host], through_run[host],
        "{host}: both ways find the same"
    );
    through_env[host].clone()
}

/// Threat Bus: pluggy's `load_setuptools_entrypoints`, an app and the backbone it needs.
#[test]
fn threat_bus_finds_its_app_and_backbone_with_pluggy() {
    let found = discovered(
        "threatbus",
        &["threatbus-zeek"],
        json!(["threatbus-inmem 1.1.0", "threatbus-zeek 1.1.0"]),
    );
    assert_eq!(
        found,
        json!({
            "threatbus.app": {"zeek": "threatbus_zeek.plugin:ZeekApp"},
            "threatbus.app distributions": ["threatbus-zeek 1.1.0"],
            "threatbus.backbone": {"inmem": "threatbus_inmem.plugin:InMemoryBackbone"},
            "threatbus.backbone distributions": ["threatbus-inmem 1.1.0"],
        })
    );
}

/// kitovu: stevedore's `ExtensionManager` and `DriverManager` by name.
#[test]
fn kitovu_finds_its_sync_plugin_with_stevedore() {
    let found = discovered("kitovu", &["kitovu-moodle"], json!(["kitovu-moodle 0.2.0"]));
    assert_eq!(found, json!({"moodle": "kitovu_moodle.sync:MoodlePlugin"}));
}

/// Diffy: pkg_resources, both plugins of one package, and the version through
/// `get_distribution` (0.3.0: 0.4.0 requires PyYAML, which pkg_resources then insists on, see
/// [`pkg_resources_insists_on_the_requirements_the_metadata_names`]).
#[test]
fn diffy_finds_both_plugins_of_one_package_with_pkg_resources() {
    let found = discovered(
        "diffy",
        &["diffy-formats@=0.3.0"],
        json!(["diffy-formats 0.3.0"]),
    );
    assert_eq!(
        found,
        json!({
            "plugins": {
                "json": "diffy_formats.json:JsonDiff",
                "yaml": "diffy_formats.yaml:YamlDiff"
            },
            "versions": {"diffy_formats": "0.3.0"}
        })
    );
}

/// SteppingStones: `INSTALLED_APPS` built from `importlib.metadata.entry_points(group=...)`.
#[test]
fn steppingstones_builds_installed_apps_from_importlib_metadata() {
    let found = discovered(
        "steppingstones",
        &["stepping-notes"],
        json!(["stepping-notes 1.0.0"]),
    );
    assert_eq!(
        found["INSTALLED_APPS"],
        json!([
            "django.contrib.admin",
            "django.contrib.auth",
            "stepping_notes.apps.SteppingNotesConfig"
        ])
    );
    assert_eq!(
        found["configs"]["stepping_notes.apps.SteppingNotesConfig"],
        "SteppingNotesConfig"
    );
}

/// stoQ: its directory scan for `*.stoq`; the hash worker works.
#[test]
fn stoq_finds_its_workers_by_scanning_the_plugin_directory() {
    let found = discovered(
        "stoq",
        &["stoq-hash", "stoq-yara"],
        json!(["stoq-hash 1.1.0", "stoq-yara 3.0.0"]),
    );
    assert_eq!(found["workers"], json!(["hash", "yara"]));
    assert_eq!(
        found["hash"]["sha256"],
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

/// The metadata is real: Diffy 0.4.0 says it requires PyYAML, and pkg_resources, as Diffy uses
/// it, refuses to load the plugin without it.
#[test]
fn pkg_resources_insists_on_the_requirements_the_metadata_names() {
    let p = project("python = \"host-env\"");
    let python = host_venv(&p.path("host-env"));
    p.run(["install", "diffy-formats@=0.4.0"]).success();
    let mut cmd = std::process::Command::new(&python);
    cmd.args([
        "-c",
        "import json, warnings; warnings.simplefilter('ignore'); import pkg_resources as pr\n\
         d = pr.get_distribution('diffy-formats')\n\
         try:\n    [ep.load() for ep in pr.iter_entry_points('diffy.plugins')]; err = None\n\
         except pr.DistributionNotFound as e:\n    err = str(e.req)\n\
         print(json.dumps({'version': d.version, 'requires': [str(r) for r in d.requires()], 'missing': err}))",
    ]);
    assert_eq!(
        run_json(cmd, p.home()),
        json!({"version": "0.4.0", "requires": ["PyYAML>=6"], "missing": "PyYAML>=6"})
    );
}

/// A registry with `ep-demo` 1.0.0 (entry point `one`) and 2.0.0 (`two` instead), `other`
/// 1.0.0, and `broken` 1.0.0 whose archive does not match its checksum, in group
/// `demo.plugins`.
fn demo_registry(root: &Path) -> TestRegistry {
    let mut reg = TestRegistry::new(root);
    reg.publish(
        Package::new("broken", "1.0.0")
            .file("broken_plugin/__init__.py", "")
            .manifest_override(
                "[plugin]\nname = \"broken\"\nversion = \"1.0.0\"\n\n\
                 [entry-points.\"demo.plugins\"]\nbroken = \"broken_plugin:X\"\n",
            ),
    );
    crate::support::corrupt_file(&reg.archive_path("broken", "1.0.0"));
    for (version, point) in [("1.0.0", "one"), ("2.0.0", "two")] {
        reg.publish(
            Package::new("ep-demo", version)
                .file(
                    &format!("ep_demo/{point}.py"),
                    format!("class {}:\n    pass\n", point.to_uppercase()),
                )
                .file("ep_demo/__init__.py", "")
                .manifest_override(&format!(
                    "[plugin]\nname = \"ep-demo\"\nversion = \"{version}\"\n\n\
                     [entry-points.\"demo.plugins\"]\n{point} = \"ep_demo.{point}:{}\"\n",
                    point.to_uppercase()
                )),
        );
    }
    reg.publish(
        Package::new("other", "1.0.0")
            .file("other_plugin/__init__.py", "class Other:\n    pass\n")
            .manifest_override(
                "[plugin]\nname = \"other\"\nversion = \"1.0.0\"\n\n\
                 [entry-points.\"demo.plugins\"]\nother = \"other_plugin:Other\"\n",
            ),
    );
    reg
}

/// `demo.plugins` as importlib.metadata, pkg_resources, pluggy and stevedore each see it.
fn views(python: &Path, p: &TestProject) -> Value {
    hosts_json(
        python,
        &p.path("plugins"),
        &["--group", "demo.plugins"],
        p.home(),
    )
}

/// Asserts every library sees exactly `points` (name -> module:attr) and `dists`.
#[track_caller]
fn assert_sees(doc: &Value, points: Value, dists: Value, when: &str) {
    for lib in ["importlib.metadata", "pkg_resources", "pluggy", "stevedore"] {
        assert_eq!(doc["group"][lib], points, "{when}: {lib}");
    }
    assert_eq!(doc["distributions"], dists, "{when}");
}

/// The files of site-packages other than the test's own `.pth`.
fn env_files(python: &Path) -> Vec<String> {
    let venv = python.parent().and_then(Path::parent).expect("venv");
    snapshot_tree(&site_packages(venv))
        .into_keys()
        .filter(|k| k != "_test_libraries.pth")
        .collect()
}

#[test]
fn every_library_sees_exactly_what_plugins_lock_says_after_each_change() {
    let p = TestProject::new();
    let reg = demo_registry(&p.scratch("reg"));
    let python = host_venv(&p.scratch("env"));
    p.write(
        "plugins.toml",
        format!(
            "[project]\npython = {:?}\n\n[registries]\ndefault = {:?}\n\n[plugins]\n",
            p.scratch("env"),
            reg.root()
        ),
    );
    assert!(env_files(&python).is_empty());

    p.run(["install", "ep-demo@1", "other"]).success();
    let one = json!({"one": "ep_demo.one:ONE", "other": "other_plugin:Other"});
    let both = json!(["ep-demo 1.0.0", "other 1.0.0"]);
    assert_sees(
        &views(&python, &p),
        one.clone(),
        both.clone(),
        "after install",
    );
    // `plugin` wrote one file into the environment: the project's .pth.
    let pth = env_files(&python);
    assert_eq!(pth.len(), 1, "{pth:?}");
    assert!(
        pth[0].starts_with("plugin-") && pth[0].ends_with(".pth"),
        "{pth:?}"
    );

    // An upgrade to a version with other entry points.
    p.run(["upgrade", "--breaking", "ep-demo"]).success();
    assert_sees(
        &views(&python, &p),
        json!({"two": "ep_demo.two:TWO", "other": "other_plugin:Other"}),
        json!(["ep-demo 2.0.0", "other 1.0.0"]),
        "after the upgrade",
    );

    // Rollback.
    p.run(["rollback"]).success();
    assert_sees(
        &views(&python, &p),
        one.clone(),
        both.clone(),
        "after rollback",
    );

    // A failed install (an archive that does not match its checksum) changes nothing the
    // hosts see.
    let out = p.run(["install", "broken"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("broken");
    assert_sees(
        &views(&python, &p),
        one.clone(),
        both,
        "after a failed install",
    );

    // `pip uninstall` leaves a distribution `plugin` owns alone.
    let before = snapshot_tree(&p.path("plugins"));
    let pip_in_host = std::process::Command::new(&python)
        .args(["-m", "pip", "uninstall", "-y", "ep-demo"])
        .output()
        .expect("pip");
    let said_in_host = format!(
        "{}{}",
        String::from_utf8_lossy(&pip_in_host.stdout),
        String::from_utf8_lossy(&pip_in_host.stderr)
    );
    assert!(
        said_in_host.contains("Not uninstalling ep-demo")
            || said_in_host.contains("no RECORD file"),
        "{said_in_host}"
    );
    assert_eq!(
        snapshot_tree(&p.path("plugins")),
        before,
        "pip said: {said_in_host}"
    );

    // Uninstall: the last plugin takes the .pth with it.
    p.run(["uninstall", "other"]).success();
    assert_sees(
        &views(&python, &p),
        json!({"one": "ep_demo.one:ONE"}),
        json!(["ep-demo 1.0.0"]),
        "after uninstall",
    );
    p.run(["uninstall", "ep-demo"]).success();
    assert_sees(
        &views(&python, &p),
        json!({}),
        json!([]),
        "after the last uninstall",
    );
    assert!(env_files(&python).is_empty(), "{:?}", env_files(&python));
}

#[test]
fn the_metadata_is_recorded_verified_and_never_taken_for_user_files() {
    let p = project("");
    p.run(["install", "threatbus-zeek"]).success();
    let dist = p
        .plugin_dir("threatbus-zeek")
        .join("threatbus_zeek-1.1.0.dist-info");
    let mut files: Vec<String> = std::fs::read_dir(&dist)
        .expect("dist-info")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["INSTALLER", "METADATA", "entry_points.txt"]);
    let metadata = std::fs::read_to_string(dist.join("METADATA")).expect("METADATA");
    assert!(metadata.starts_with("Metadata-Version: 2.1\nName: threatbus-zeek\nVersion: 1.1.0\n"));
    assert!(
        metadata.contains("Requires-Dist: broker>=2\n"),
        "{metadata}"
    );
    p.run(["verify"]).success();

    // Edited metadata is found by verify and repaired by install --force.
    std::fs::write(dist.join("entry_points.txt"), "[threatbus.app]\n").expect("edit");
    let out = p.run(["verify"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stdout_has("modified threatbus_zeek-1.1.0.dist-info/entry_points.txt");
    p.run(["install", "--force", "threatbus-zeek"]).success();
    p.run(["verify"]).success();

    // An upgrade swaps the metadata with the plugin: no user files are "kept".
    p.run(["install", "threatbus-zeek@=1.0.0"])
        .success()
        .stderr_lacks("kept");
    assert!(!dist.exists());
    assert!(p
        .plugin_dir("threatbus-zeek")
        .join("threatbus_zeek-1.0.0.dist-info/METADATA")
        .is_file());

    // A path source records where it came from (PEP 610).
    let fixture = crate::support::fixtures_dir().join("kitovu-moodle/0.2.0");
    p.run(["install", &fixture.display().to_string()]).success();
    let direct: Value = serde_json::from_str(
        &std::fs::read_to_string(
            p.plugin_dir("kitovu-moodle")
                .join("kitovu_moodle-0.2.0.dist-info/direct_url.json"),
        )
        .expect("direct_url.json"),
    )
    .expect("JSON");
    assert_eq!(direct["dir_info"], json!({}));
    assert!(direct["url"].as_str().expect("url").starts_with("file:///"));
}

#[test]
fn a_missing_python_environment_is_an_error_before_anything_changes() {
    let p = project("python = \"no-such-env\"");
    let before = snapshot_tree(p.dir());
    let out = p.run(["install", "threatbus-zeek"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("no-such-env")
        .stderr_has("does not exist")
        .stderr_has("python3 -m venv");
    assert_eq!(snapshot_tree(p.dir()), before);
    // A folder that is not a virtual environment.
    std::fs::create_dir_all(p.path("no-such-env")).expect("mkdir");
    let out = p.run(["install", "threatbus-zeek"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("pyvenv.cfg");
    assert!(!p.exists("plugins.lock"));
}

#[test]
fn plugin_run_and_env_lead_pythonpath_with_the_plugin_folders() {
    let p = project("");
    p.run(["install", "kitovu-moodle", "diffy-formats@=0.3.0"])
        .success();
    let folders: Vec<PathBuf> = ["diffy-formats", "kitovu-moodle"]
        .iter()
        .map(|n| p.plugin_dir(n))
        .collect();
    let joined = std::env::join_paths(&folders).expect("join");
    let joined = joined.to_string_lossy();

    // The existing PYTHONPATH is kept after the plugin folders; the exit status is the
    // command's; no shell is involved (the `;` reaches the command as it is).
    let out = p
        .plugin([
            "run",
            "--",
            "sh",
            "-c",
            "printf '%s' \"$PYTHONPATH\"; exit 7",
            ";",
        ])
        .env("PYTHONPATH", "/existing")
        .run();
    assert_eq!(out.code, Some(7), "{out}");
    assert_eq!(out.stdout, format!("{joined}:/existing"));

    let out = p.run(["env"]);
    out.success();
    assert_eq!(out.stdout.trim(), format!("export PYTHONPATH='{joined}'"));
    let out = p.run(["env", "--shell", "fish"]);
    assert_eq!(out.stdout.trim(), format!("set -gx PYTHONPATH '{joined}'"));
    let out = p.run(["env", "--shell", "powershell"]);
    assert_eq!(out.stdout.trim(), format!("$env:PYTHONPATH = '{joined}'"));
    let out = p.run(["--json", "env"]);
    let doc: Value = serde_json::from_str(out.stdout.trim()).expect("JSON");
    assert_eq!(doc["env"]["PYTHONPATH"], joined.as_ref());
    assert_eq!(doc["ok"], true);

    let out = p.run(["run", "--", "no-such-command-here"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("could not run `no-such-command-here`");
}

#[test]
fn bytecode_a_host_writes_is_neither_damage_nor_a_user_file() {
    let p = project("python = \"host-env\"");
    let python = host_venv(&p.path("host-env"));
    p.run(["install", "threatbus-zeek"]).success();
    // The host imports the plugin without -B: Python writes __pycache__ into its folder.
    let out = std::process::Command::new(&python)
        .args(["-c", "import threatbus_zeek.plugin"])
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(p
        .plugin_dir("threatbus-zeek")
        .join("threatbus_zeek/__pycache__")
        .is_dir());
    p.run(["verify"]).success();
    p.run(["uninstall", "threatbus-zeek"])
        .success()
        .stderr_lacks("kept");
    assert!(!p.plugin_dir("threatbus-zeek").exists());
}

#[test]
fn the_pth_file_follows_project_python_and_a_copy_leaves_the_original_alone() {
    let p = project("python = \"env-a\"");
    let a = host_venv(&p.path("env-a"));
    let b = host_venv(&p.path("env-b"));
    p.run(["install", "kitovu-moodle"]).success();
    assert_eq!(env_files(&a).len(), 1, "{:?}", env_files(&a));

    // Another environment: the .pth moves with it.
    let text = p.read("plugins.toml").replace("env-a", "env-b");
    p.write("plugins.toml", &text);
    p.run(["install"]).success();
    assert!(env_files(&a).is_empty(), "{:?}", env_files(&a));
    assert_eq!(env_files(&b).len(), 1, "{:?}", env_files(&b));

    // A copy of the project, using the same environment, gets a .pth of its own and never
    // removes the original's.
    let copy = TestProject::new();
    crate::support::copy_dir(p.dir(), copy.dir());
    let copied = copy
        .read("plugins.toml")
        .replace("\"env-b\"", &format!("{:?}", p.path("env-b")));
    copy.write("plugins.toml", copied.replace("python", "# python"));
    copy.run(["install"]).success();
    assert_eq!(
        env_files(&b).len(),
        1,
        "the original's .pth stays: {:?}",
        env_files(&b)
    );
    copy.write("plugins.toml", &copied);
    copy.run(["install"]).success();
    assert_eq!(env_files(&b).len(), 2, "{:?}", env_files(&b));

    // No environment any more: the .pth goes.
    p.write("plugins.toml", text.replace("python = \"env-b\"", ""));
    p.run(["install"]).success();
    assert_eq!(
        env_files(&b).len(),
        1,
        "only the copy's is left: {:?}",
        env_files(&b)
    );
}

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

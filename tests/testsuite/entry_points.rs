//! `plugin entry-points`: the entry points of installed plugins, by group, in text and JSON, loaded
//! by a real `python3`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::hosts::{
    contract_fields, entry_points_json, entry_points_text, expected_entry_line,
    expected_entry_point, json_doc, path_str, project_with, require_python3,
};
use crate::support::{file_set, ServedRegistry, TestProject};

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

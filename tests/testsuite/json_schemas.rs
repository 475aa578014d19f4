//! `--json` everywhere (issue #14): every command, run by the real binary against folder
//! registries and loopback servers, prints exactly one JSON document on stdout, on success and
//! on failure (usage errors included), and each document validates against its JSON Schema in
//! `docs/schemas/` (draft 2020-12, checked with the `jsonschema` crate). Child processes
//! (`requirements-command`) write to stderr, never stdout, and are silenced by `-q`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use clap::CommandFactory;
use serde_json::Value;

use crate::support::registry::{Package, TestRegistry};
use crate::support::{manifest_dir, RunOutput, ServedRegistry, TestProject};

/// `docs/schemas/` of the repository.
fn schema_dir() -> PathBuf {
    manifest_dir().join("docs").join("schemas")
}

/// The file name of the schema for `command`'s success document (`cache dir` ->
/// `cache-dir.schema.json`); `error` for the shared error document.
fn schema_file(command: &str) -> String {
    format!("{}.schema.json", command.replace(' ', "-"))
}

/// Every schema of `docs/schemas/`, compiled once, by file name.
fn validators() -> &'static std::collections::BTreeMap<String, jsonschema::Validator> {
    static CELL: OnceLock<std::collections::BTreeMap<String, jsonschema::Validator>> =
        OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(schema_dir()).expect("read docs/schemas") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("read schema");
            let schema: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|e| panic!("{name} is not a valid schema: {e}"));
            out.insert(name, validator);
        }
        out
    })
}

/// Asserts `doc` validates against `docs/schemas/FILE`, listing every violation.
#[track_caller]
pub(crate) fn assert_valid(doc: &Value, file: &str, out: &RunOutput) {
    let validator = validators()
        .get(file)
        .unwrap_or_else(|| panic!("there is no docs/schemas/{file}"));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} (at `{}`)", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the document does not match {file}:\n  {}\n{out}",
        errors.join("\n  ")
    );
}

/// The one JSON document on stdout: exactly one non-empty line, and nothing else.
#[track_caller]
pub(crate) fn one_document(out: &RunOutput) -> Value {
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout must hold exactly one JSON document\n{out}"
    );
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{out}"))
}

/// Asserts a success (exit 0) whose document is `command`'s, valid against its schema.
#[track_caller]
fn ok_doc(out: &RunOutput, command: &str) -> Value {
    out.success();
    let doc = one_document(out);
    assert_valid(&doc, &schema_file(command), out);
    assert_eq!(doc["command"], command, "{out}");
    assert_eq!(doc["ok"], true, "{out}");
    doc
}

/// Asserts a failure with exit `code` whose document is the error document naming
/// `command` (null: none), with an `error:` line on stderr as well.
#[track_caller]
fn err_doc(out: &RunOutput, command: Option<&str>, code: i32) -> Value {
    out.code(code).no_panic().stderr_has("error:");
    let doc = one_document(out);
    assert_valid(&doc, &schema_file("error"), out);
    assert_eq!(doc["command"], serde_json::json!(command), "{out}");
    assert_eq!(doc["error"]["exit_code"], code, "{out}");
    doc
}

/// The names of the commands' JSON documents, from the CLI itself: every leaf command
/// (`cache dir`, `index verify`, ...), except `help` and `run` (which passes on the output of
/// the command it runs, and under `--json` only fails).
fn json_commands() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut BTreeSet<String>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let name = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                walk(sub, &format!("{name} "), out);
            } else if name != "run" {
                out.insert(name);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&plugin::cli::Cli::command(), "", &mut out);
    out
}

#[test]
fn every_command_has_a_schema_and_docs_json_md_names_each() {
    let mut expected: BTreeSet<String> = json_commands().iter().map(|c| schema_file(c)).collect();
    expected.insert(schema_file("error"));
    let found: BTreeSet<String> = validators().keys().cloned().collect();
    assert_eq!(
        found, expected,
        "docs/schemas/ against the commands of the CLI"
    );
    let json_md =
        std::fs::read_to_string(manifest_dir().join("docs/json.md")).expect("read docs/json.md");
    for file in &found {
        assert!(
            json_md.contains(&format!("schemas/{file}")),
            "docs/json.md does not point at schemas/{file}"
        );
        let text = std::fs::read_to_string(schema_dir().join(file)).expect("read schema");
        let schema: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        jsonschema::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("{file} breaks the 2020-12 meta-schema: {e}"));
    }
}

/// The schemas reject what they must: a `vers` in a search document, a missing `command`.
#[test]
fn the_schemas_refuse_old_and_incomplete_documents() {
    let search = validators()
        .get("search.schema.json")
        .expect("search schema");
    let good = serde_json::json!({"version": 1, "command": "search", "ok": true,
        "plugins": [{"name": "a", "version": "1.0.0", "description": ""}]});
    assert!(search.is_valid(&good));
    let old = serde_json::json!({"version": 1, "command": "search", "ok": true,
        "plugins": [{"name": "a", "vers": "1.0.0", "description": ""}]});
    assert!(!search.is_valid(&old), "`vers` must not validate");
    let list = validators().get("list.schema.json").expect("list schema");
    // `ok` missing, a plugin's `version` a number, its `source` missing, `version` 2.
    let bad = serde_json::json!({"version": 2, "command": "list", "plugins": [
        {"name": "a", "version": 1}]});
    assert_eq!(list.iter_errors(&bad).count(), 4, "{bad}");
    let error = validators().get("error.schema.json").expect("error schema");
    let failed = serde_json::json!({"version": 1, "command": "install", "ok": false,
        "error": {"message": "m", "causes": ["c"], "hint": null, "exit_code": 1}});
    assert!(error.is_valid(&failed));
    let install = validators()
        .get("install.schema.json")
        .expect("install schema");
    assert!(
        !install.is_valid(&failed),
        "an error is not an install document"
    );
    let tree = validators().get("tree.schema.json").expect("tree schema");
    let old_tree = serde_json::json!({"version": 1, "inverted": false, "roots": []});
    assert!(
        !tree.is_valid(&old_tree),
        "a tree document needs `command` and `ok`"
    );
}

/// install, upgrade, uninstall, rollback, list, tree, verify, outdated and mirror against the
/// sample registry served on loopback.
#[test]
fn project_commands_print_one_valid_document_on_success_and_failure() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();

    // Without plugins.toml or plugins.lock, each fails with the error document.
    for args in [
        &["tree"][..],
        &["verify"],
        &["outdated"],
        &["mirror", "vendor"],
        &["rollback"],
        &["upgrade", "--all"],
        &["uninstall", "stoq-hash"],
    ] {
        let out = p
            .plugin(std::iter::once("--json").chain(args.iter().copied()))
            .run();
        err_doc(&out, Some(args[0]), 1);
    }

    let doc = ok_doc(
        &p.run([
            "--json",
            "install",
            "stoq-hash",
            "threatbus-zeek",
            "--registry",
            &reg.url(),
        ]),
        "install",
    );
    let changed: BTreeSet<&str> = doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        changed,
        BTreeSet::from(["stoq-hash", "threatbus-inmem", "threatbus-zeek"])
    );
    let out = p.run(["install", "no-such-plugin", "--json"]);
    err_doc(&out, Some("install"), 1);

    let doc = ok_doc(&p.run(["list", "--json"]), "list");
    assert_eq!(doc["plugins"].as_array().map(Vec::len), Some(3));
    err_doc(
        &p.run(["list", "--json", "--manifest-path", "missing.toml"]),
        Some("list"),
        1,
    );

    let doc = ok_doc(&p.run(["tree", "--json"]), "tree");
    assert_eq!(doc["inverted"], false);
    let doc = ok_doc(
        &p.run(["tree", "--json", "--invert", "threatbus-inmem"]),
        "tree",
    );
    assert_eq!(doc["plugin"]["dependents"][0]["name"], "threatbus-zeek");

    let doc = ok_doc(&p.run(["--json", "outdated"]), "outdated");
    assert_eq!(doc["plugins"].as_array().map(Vec::len), Some(3));

    let doc = ok_doc(&p.run(["--json", "mirror", "../vendor"]), "mirror");
    assert_eq!(doc["plugins"].as_array().map(Vec::len), Some(3));

    ok_doc(&p.run(["--json", "upgrade", "--all"]), "upgrade");
    err_doc(
        &p.run(["--json", "upgrade", "diffy-formats"]),
        Some("upgrade"),
        1,
    );

    let doc = ok_doc(&p.run(["--json", "uninstall", "stoq-hash"]), "uninstall");
    assert_eq!(doc["changes"][0]["action"], "remove");
    err_doc(
        &p.run(["--json", "uninstall", "stoq-hash"]),
        Some("uninstall"),
        1,
    );
    let doc = ok_doc(&p.run(["--json", "rollback"]), "rollback");
    assert_eq!(doc["changes"][0]["action"], "install");

    let doc = ok_doc(&p.run(["--json", "verify"]), "verify");
    assert_eq!(doc["plugins"].as_array().map(Vec::len), Some(3));
    // A modified file: the verify document says `ok: false`, exit 1, and no error document.
    let file = p.plugin_dir("stoq-hash").join("stoq_hash/hash.stoq");
    std::fs::write(&file, "changed\n").expect("modify an installed file");
    let out = p.run(["verify", "--json"]);
    out.failure();
    let doc = one_document(&out);
    assert_valid(&doc, "verify.schema.json", &out);
    assert_eq!(doc["ok"], false, "{out}");
    assert_eq!(doc["command"], "verify", "{out}");
}

/// entry-points, env and requirements read the plugin directory; `run` has no document and
/// refuses `--json` with a usage error document.
#[test]
fn host_commands_print_one_valid_document_on_success_and_failure() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run([
        "install",
        "threatbus-zeek",
        "stoq-yara",
        "--registry",
        &reg.url(),
    ])
    .success();
    p.write("not-a-folder", "x");

    let doc = ok_doc(&p.run(["--json", "entry-points"]), "entry-points");
    assert!(!doc["entry_points"].as_array().expect("array").is_empty());
    let doc = ok_doc(&p.run(["--json", "env"]), "env");
    assert!(doc["env"]["PYTHONPATH"].as_str().is_some());
    let doc = ok_doc(&p.run(["--json", "requirements"]), "requirements");
    assert!(!doc["requirements"].as_array().expect("array").is_empty());
    for command in ["entry-points", "env", "requirements"] {
        err_doc(
            &p.run(["--json", command, "--plugin-dir", "not-a-folder"]),
            Some(command),
            1,
        );
    }
    let doc = err_doc(&p.run(["--json", "run", "--", "true"]), Some("run"), 2);
    assert!(doc["error"]["hint"]
        .as_str()
        .is_some_and(|h| h.contains("plugin env --json")));
}

/// search and info ask a registry; search documents say `version`, never `vers`.
#[test]
fn registry_queries_print_one_valid_document_on_success_and_failure() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let url = reg.url();

    let out = p.run(["--json", "search", "stoq", "--registry", &url]);
    let doc = ok_doc(&out, "search");
    assert!(!out.stdout.contains("\"vers\""), "{out}");
    let hash = doc["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .find(|h| h["name"] == "stoq-hash")
        .cloned()
        .unwrap_or_else(|| panic!("stoq-hash is not found\n{out}"));
    assert_eq!(hash["version"], "1.1.0");
    // No plugins.toml and no --registry: nothing to ask.
    err_doc(&p.run(["--json", "search", "stoq"]), Some("search"), 1);

    let doc = ok_doc(
        &p.run(["--json", "info", "stoq-hash", "--registry", &url]),
        "info",
    );
    assert_eq!(doc["plugin_version"], "1.1.0");
    err_doc(
        &p.run(["--json", "info", "no-such-plugin", "--registry", &url]),
        Some("info"),
        1,
    );
}

/// init, new, package (and `--list`), publish, yank and index init/verify on folders.
#[test]
fn authoring_commands_print_one_valid_document_on_success_and_failure() {
    let p = TestProject::new();

    let doc = ok_doc(&p.run(["--json", "init", "--registry", "reg"]), "init");
    assert_eq!(doc["path"], p.path("plugins.toml").display().to_string());
    assert_eq!(doc["registry"], "reg");
    err_doc(&p.run(["--json", "init"]), Some("init"), 1);

    let doc = ok_doc(&p.run(["--json", "index", "init", "reg"]), "index init");
    assert_eq!(doc["created"], true);
    p.write("a-file", "x");
    err_doc(
        &p.run(["--json", "index", "init", "a-file"]),
        Some("index init"),
        1,
    );

    let doc = ok_doc(&p.run(["--json", "new", "my-plug"]), "new");
    assert!(doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .any(|f| f == "plugin.toml"));
    err_doc(&p.run(["--json", "new", "my-plug"]), Some("new"), 1);

    let listed = ok_doc(
        &p.run(["--json", "package", "my-plug", "--list"]),
        "package",
    );
    assert_eq!(listed["list"], true);
    assert_eq!(listed["path"], Value::Null);
    let built = ok_doc(
        &p.run(["--json", "package", "my-plug", "--out", "../dist"]),
        "package",
    );
    assert_eq!(built["files"], listed["files"]);
    assert!(Path::new(built["path"].as_str().expect("path")).is_file());
    err_doc(&p.run(["--json", "package", "."]), Some("package"), 1);

    let doc = ok_doc(
        &p.run(["--json", "publish", "my-plug", "--index", "reg"]),
        "publish",
    );
    assert_eq!(
        doc["sha256"], built["sha256"],
        "the same reproducible archive"
    );
    err_doc(
        &p.run(["--json", "publish", "my-plug", "--index", "reg"]),
        Some("publish"),
        1,
    );

    let doc = ok_doc(
        &p.run(["--json", "yank", "my-plug@0.1.0", "--index", "reg"]),
        "yank",
    );
    assert_eq!(
        (&doc["yanked"], &doc["changed"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    err_doc(
        &p.run(["--json", "yank", "my-plug@9.9.9", "--index", "reg"]),
        Some("yank"),
        1,
    );

    let doc = ok_doc(&p.run(["--json", "index", "verify", "reg"]), "index verify");
    assert_eq!(doc["checked"], 1);
    // A tampered archive: the document says `ok: false` and lists it, exit 1, one document.
    let mut tampered = TestRegistry::new(p.scratch("tampered"));
    tampered.publish(Package::new("stoq-hash", "1.0.0"));
    std::fs::write(
        tampered.archive_path("stoq-hash", "1.0.0"),
        "not the archive",
    )
    .expect("tamper");
    let out = p
        .plugin(["--json", "index", "verify"])
        .arg(tampered.root())
        .run();
    out.failure().stderr_has("error:");
    let doc = one_document(&out);
    assert_valid(&doc, "index-verify.schema.json", &out);
    assert_eq!(doc["ok"], false, "{out}");
    assert!(
        doc["problems"].as_array().is_some_and(|a| !a.is_empty()),
        "{out}"
    );
    err_doc(
        &p.run(["--json", "index", "verify", "nowhere"]),
        Some("index verify"),
        1,
    );
}

/// login and logout (the token never in the document), the cache commands and completions.
#[test]
fn user_commands_print_one_valid_document_on_success_and_failure() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ninternal = {}\n\n[plugins]\n",
            toml::Value::String(reg.url())
        ),
    );
    let token = "json-schema-test-token-5b1d";
    let (out, _) = p.plugin(["--json", "login", "internal"]).run_limited(
        Some(format!("{token}\n").as_bytes()),
        Duration::from_secs(60),
    );
    let doc = ok_doc(&out, "login");
    assert_eq!(doc["registry"], "internal");
    assert!(
        !out.stdout.contains(token) && !out.stderr.contains(token),
        "{out}"
    );
    let (out, _) = p.plugin(["--json", "login", "elsewhere"]).run_limited(
        Some(format!("{token}\n").as_bytes()),
        Duration::from_secs(60),
    );
    err_doc(&out, Some("login"), 1);
    let doc = ok_doc(&p.run(["--json", "logout", "internal"]), "logout");
    assert_eq!(doc["removed"], true);
    let doc = ok_doc(&p.run(["--json", "logout", "internal"]), "logout");
    assert_eq!(doc["removed"], false);
    err_doc(&p.run(["--json", "logout", "elsewhere"]), Some("logout"), 1);

    let cache = p.scratch("cache");
    let cached = |args: &[&str]| {
        p.plugin(args.iter().copied())
            .env("PLUGIN_CACHE_DIR", &cache)
            .run()
    };
    let doc = ok_doc(&cached(&["--json", "cache", "dir"]), "cache dir");
    assert_eq!(doc["dir"], cache.display().to_string());
    ok_doc(
        &cached(&["--json", "cache", "prune", "--days", "1"]),
        "cache prune",
    );
    let doc = ok_doc(&cached(&["--json", "cache", "clean"]), "cache clean");
    assert_eq!(doc["removed"], "nothing");
    // Nothing to name a cache folder with.
    for (args, command) in [
        (&["--json", "cache", "dir"][..], "cache dir"),
        (&["--json", "cache", "prune"], "cache prune"),
        (&["--json", "cache", "clean"], "cache clean"),
    ] {
        let out = p.plugin(args.iter().copied()).env("HOME", "").run();
        err_doc(&out, Some(command), 1);
    }

    let doc = ok_doc(&p.run(["--json", "completions", "bash"]), "completions");
    assert!(doc["script"]
        .as_str()
        .is_some_and(|s| s.contains("_plugin")));
    err_doc(
        &p.run(["--json", "completions", "no-such-shell"]),
        Some("completions"),
        2,
    );
}

/// A command line clap refuses still prints the error document under `--json`, exit 2.
#[test]
fn usage_errors_print_the_error_document_under_json() {
    let p = TestProject::new();
    let doc = err_doc(
        &p.run(["--json", "install", "--no-such-flag"]),
        Some("install"),
        2,
    );
    assert!(doc["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("--no-such-flag")));
    err_doc(&p.run(["tree", "--bogus", "--json"]), Some("tree"), 2);
    err_doc(
        &p.run([
            "--color", "never", "cache", "prune", "--days", "x", "--json",
        ]),
        Some("cache prune"),
        2,
    );
    err_doc(&p.run(["--json", "no-such-command"]), None, 2);
    let doc = err_doc(&p.run(["--json"]), None, 2);
    assert!(doc["error"]["hint"].as_str().is_some(), "{doc}");
    // Without `--json`, a usage error prints nothing on stdout.
    let out = p.run(["install", "--no-such-flag"]);
    out.code(2);
    assert_eq!(out.stdout, "", "{out}");
}

/// A `requirements-command` writes to stderr, so `install --json > file` is one valid
/// document; `-q` silences it and it still runs.
#[cfg(unix)]
#[test]
fn requirements_command_output_goes_to_stderr_and_q_silences_it() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let ran = p.scratch("marks");
    let script = format!(
        "echo child-stdout-line; echo child-stderr-line >&2; echo ran >> '{}/ran'",
        ran.display()
    );
    let command = toml::Value::Array(
        ["sh", "-c", script.as_str()]
            .iter()
            .map(|s| toml::Value::String((*s).to_string()))
            .collect(),
    );
    p.write(
        "plugins.toml",
        format!(
            "[project]\nrequirements-command = {command}\n\n[registries]\ndefault = {}\n\n[plugins]\n",
            toml::Value::String(reg.url())
        ),
    );

    let out = p.run(["install", "--json", "stoq-yara"]);
    ok_doc(&out, "install");
    out.stderr_has("child-stdout-line")
        .stderr_has("child-stderr-line");

    let out = p.run(["install", "-q", "--json", "stoq-hash"]);
    ok_doc(&out, "install");
    out.stderr_lacks("child-stdout-line")
        .stderr_lacks("child-stderr-line");
    let marks = std::fs::read_to_string(ran.join("ran")).expect("the command ran");
    assert_eq!(
        marks.lines().count(),
        2,
        "it ran after both installs\n{out}"
    );

    // Without --json, stdout stays empty: the child's output is not data.
    let out = p.run(["uninstall", "stoq-hash"]);
    out.success();
    let out = p.run(["install", "stoq-hash"]);
    out.success().stderr_has("child-stdout-line");
    assert_eq!(out.stdout, "", "{out}");
}

//! `--json` everywhere (issue #14): every command, run by the real binary against folder
//! registries and loopback servers, prints exactly one JSON document on stdout, on success and
//! on failure (usage errors included), and each document validates against its JSON Schema in
//! `docs/schemas/` (draft 2020-12, checked with the `jsonschema` crate). Child processes
//! (`requirements-command`) write to stderr, never stdout, and are silenced by `-q`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use clap::CommandFactory;
use serde_json::{json, Value};

use crate::support::json::{assert_valid, one_document, schema_dir, validators};
use crate::support::private::{http_project, json_document, project_with_stoq};
use crate::support::registry::{Package, TestRegistry};
use crate::support::{
    assert_same_tree, install_pinned_then_relax, manifest_dir, unreachable_url, RunOutput,
    ServedRegistry, TestProject, TestServer,
};

/// The file name of the schema for `command`'s success document (`cache dir` ->
/// `cache-dir.schema.json`); `error` for the shared error document.
fn schema_file(command: &str) -> String {
    format!("{}.schema.json", command.replace(' ', "-"))
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
    // `index gc` deletes an archive no line names, and nothing else.
    p.write(
        "reg/packages/ghost/1.0.0/download",
        "left by a killed publish",
    );
    let doc = ok_doc(&p.run(["--json", "index", "gc", "reg"]), "index gc");
    assert_eq!(doc["removed"], json!(["packages/ghost/1.0.0/download"]));
    assert!(!p.exists("reg/packages/ghost/1.0.0/download"));
    ok_doc(&p.run(["--json", "index", "verify", "reg"]), "index verify");
    err_doc(
        &p.run(["--json", "index", "gc", "nowhere"]),
        Some("index gc"),
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

/// The error document of a failed `command`, validated against its schema.
#[track_caller]
fn error_document(out: &RunOutput, command: &str) -> Value {
    let doc = json_document(out, "error.schema.json");
    assert_eq!(doc["command"], command, "{out}");
    doc
}

/// Parses and checks the document of a successful install/upgrade/uninstall/rollback: the
/// schema, `changes` sorted by name, `from` null exactly for `install` and `to` null exactly
/// for `remove`, and `checksum` null only for folder sources.
#[track_caller]
fn change_document(out: &RunOutput, command: &'static str) -> Value {
    let doc = json_document(out, &format!("{command}.schema.json"));
    assert_eq!(doc["command"], command, "{out}");
    let changes = doc["changes"].as_array().expect("changes");
    let names: Vec<&str> = changes
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "changes are sorted by name\n{out}");
    for change in changes {
        let action = change["action"].as_str().expect("action");
        assert_eq!(
            change["from"].is_null(),
            action == "install",
            "`from` is null exactly for an install: {change}\n{out}"
        );
        assert_eq!(
            change["to"].is_null(),
            action == "remove",
            "`to` is null exactly for a removal: {change}\n{out}"
        );
    }
    for plugin in doc["plugins"].as_array().expect("plugins") {
        let folder = plugin["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("path+"));
        assert_eq!(
            plugin["checksum"].is_null(),
            folder,
            "checksum is null exactly for folder sources: {plugin}\n{out}"
        );
    }
    doc
}

/// `changes` of a document as `name -> (action, from, to)`.
fn changes_of(doc: &Value) -> BTreeMap<String, (String, Value, Value)> {
    doc["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                (
                    c["action"].as_str().expect("action").to_string(),
                    c["from"].clone(),
                    c["to"].clone(),
                ),
            )
        })
        .collect()
}

/// `plugins` of a document as `name -> version`.
fn plugins_of(doc: &Value) -> BTreeMap<String, String> {
    doc["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name").to_string(),
                p["version"].as_str().expect("version").to_string(),
            )
        })
        .collect()
}

#[test]
fn install_json_prints_the_changes_and_the_lock() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");

    let out = p.run(["install", "--json", "stoq-hash", "threatbus-zeek"]);
    out.success();
    let doc = change_document(&out, "install");
    assert_eq!(doc["dry_run"], false);
    let changes = changes_of(&doc);
    assert_eq!(
        changes.keys().collect::<Vec<_>>(),
        ["stoq-hash", "threatbus-inmem", "threatbus-zeek"]
    );
    assert_eq!(
        changes["stoq-hash"],
        ("install".to_string(), Value::Null, json!("1.1.0"))
    );
    for change in doc["changes"].as_array().expect("changes") {
        assert!(
            change["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("registry+")),
            "{change}"
        );
    }
    assert_eq!(
        plugins_of(&doc),
        BTreeMap::from([
            ("stoq-hash".to_string(), "1.1.0".to_string()),
            ("threatbus-inmem".to_string(), "1.1.0".to_string()),
            ("threatbus-zeek".to_string(), "1.1.0".to_string()),
        ])
    );
    for plugin in doc["plugins"].as_array().expect("plugins") {
        let name = plugin["name"].as_str().expect("name");
        let locked = p.locked(name);
        assert_eq!(plugin["source"].as_str(), Some(locked.source()));
        assert_eq!(plugin["checksum"].as_str(), Some(locked.str("checksum")));
    }
}

#[test]
fn install_dry_run_json_says_so_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    let before = p.snapshot();

    let out = p.run(["--json", "install", "--dry-run", "diffy-formats"]);
    out.success();
    let doc = change_document(&out, "install");
    assert_eq!(doc["dry_run"], true);
    assert_eq!(
        changes_of(&doc)["diffy-formats"],
        ("install".to_string(), Value::Null, json!("0.4.0"))
    );
    assert_same_tree(&before, &p.snapshot(), "install --dry-run --json");
}

#[test]
fn upgrade_and_rollback_json_print_their_changes() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");

    let out = p.run(["upgrade", "stoq-hash", "--json"]);
    out.success();
    let doc = change_document(&out, "upgrade");
    assert_eq!(doc["dry_run"], false);
    assert_eq!(
        changes_of(&doc)["stoq-hash"],
        ("upgrade".to_string(), json!("1.0.0"), json!("1.1.0"))
    );
    assert_eq!(plugins_of(&doc)["stoq-hash"], "1.1.0");
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");

    let out = p.run(["rollback", "--json"]);
    out.success();
    let doc = change_document(&out, "rollback");
    let changes = changes_of(&doc);
    let (_, from, to) = &changes["stoq-hash"];
    assert_eq!((from, to), (&json!("1.1.0"), &json!("1.0.0")), "{doc}");
    assert_eq!(plugins_of(&doc)["stoq-hash"], "1.0.0");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
}

#[test]
fn uninstall_json_prints_the_removal() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    p.run(["install", "diffy-formats"]).success();

    let out = p.run(["uninstall", "--json", "stoq-hash"]);
    out.success();
    let doc = change_document(&out, "uninstall");
    assert_eq!(
        changes_of(&doc),
        BTreeMap::from([(
            "stoq-hash".to_string(),
            ("remove".to_string(), json!("1.1.0"), Value::Null)
        )])
    );
    assert_eq!(
        plugins_of(&doc),
        BTreeMap::from([("diffy-formats".to_string(), "0.4.0".to_string())])
    );
    assert!(!p.exists("plugins/stoq-hash"));
}

#[test]
fn list_json_prints_the_installed_plugins() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");
    p.run(["install", "stoq-hash", "threatbus-zeek"]).success();

    let out = p.run(["--json", "list"]);
    out.success();
    let doc = json_document(&out, "list.schema.json");
    assert_eq!(
        plugins_of(&doc),
        BTreeMap::from([
            ("stoq-hash".to_string(), "1.1.0".to_string()),
            ("threatbus-inmem".to_string(), "1.1.0".to_string()),
            ("threatbus-zeek".to_string(), "1.1.0".to_string()),
        ])
    );
    for plugin in doc["plugins"].as_array().expect("plugins") {
        let name = plugin["name"].as_str().expect("name");
        assert_eq!(plugin["source"].as_str(), Some(p.locked(name).source()));
    }
}

#[test]
fn failing_install_json_prints_the_error_and_keeps_the_exit_code() {
    // Exit code 1: the registry is unreachable.
    let p = http_project(&unreachable_url(), "");
    let before = p.snapshot();
    let out = p.run(["install", "--json", "stoq-hash"]);
    out.code(1).no_panic();
    let doc = error_document(&out, "install");
    assert_eq!(doc["error"]["exit_code"], 1);
    assert!(
        !doc["error"]["message"]
            .as_str()
            .expect("message")
            .is_empty(),
        "{doc}"
    );
    assert_same_tree(&before, &p.snapshot(), "failing install --json");

    // Exit code 3: no combination of versions.
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    for pkg in [
        Package::new("a", "1.0.0").dep("shared", "^1"),
        Package::new("b", "1.0.0").dep("shared", "^2"),
        Package::new("shared", "1.3.0"),
        Package::new("shared", "2.1.0"),
    ] {
        reg.publish(pkg);
    }
    let server = TestServer::serve(reg.root());
    let p = http_project(&server.url(), "");
    let out = p.run(["--json", "install", "a", "b"]);
    out.code(3).no_panic();
    let doc = error_document(&out, "install");
    assert_eq!(doc["error"]["exit_code"], 3);

    // An upgrade that fails names its command.
    let out = p.run(["upgrade", "--json", "nothing-installed"]);
    assert_ne!(out.code, Some(0), "{out}");
    out.no_panic();
    let doc = error_document(&out, "upgrade");
    assert_eq!(
        doc["error"]["exit_code"],
        json!(out.code.expect("exit code"))
    );
}

//! Host configuration files: the TOML tables and YAML sections a host's config gains on install,
//! keeps when edited, and loses on uninstall only if untouched.
//!
//! A host whose configuration is YAML (issue #13, item 3): Threat Bus's `config.yaml` gains a
//! section per plugin on install, keeps every comment and every other byte, and loses a
//! section on uninstall only if it is untouched. Driven through the real binary against a copy
//! of `registry-index/` served over HTTP.

use std::process::Command;

use crate::support::hosts::{
    contract_fields, entry_points_json, entry_points_text, expected_entry_line,
    expected_entry_point, project_with,
};
use crate::support::{ServedRegistry, TestProject};

/// Threat Bus's layout (`plugins: backbones: / apps:`), with the user's comments and sections.
const CONFIG: &str = "\
# Threat Bus configuration, kept by us.
# All values are ours.

logging:
  console: true
  console_verbosity: INFO        # One of \"DEBUG\", \"INFO\", \"WARNING\".
  file: false

plugins:
  backbones:
    # Our RabbitMQ, for the other site.
    rabbitmq:
      host: localhost            # Required.
      port: 5672

  apps:
    # Our MISP.
    misp:
      api:
        host: https://localhost
        ssl: false
      filter:
        - orgs:
            - \"1\"
            - \"25\"
    # More apps go here.
";

/// What `threatbus-zeek` 1.1.0 brings (its `[config]`), as the section of entry point `zeek`.
const ZEEK_SECTION: &str = "    zeek:
      host: \"127.0.0.1\"
      module_namespace: Tenzir
      port: 47761
";

/// What `threatbus-inmem` 1.1.0 brings, as the section of entry point `inmem`.
const INMEM_SECTION: &str = "    inmem:
      drop_when_full: true
      queue_size: 1000
";

fn threatbus_project(reg: &ServedRegistry) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[project]\nconfig-file = \"config.yaml\"\n\
             config-table = \"plugins.{{kind}}s.{{name#threatbus-}}\"\n\n\
             [registries]\ndefault = {}\n\n[plugins]\n",
            toml::Value::String(reg.url())
        ),
    );
    p
}

/// `CONFIG` with `section` added at the end of the mapping that starts at line `parent`
/// (before the comment lines and blank lines that end it).
fn with_section(config: &str, parent: &str, section: &str) -> String {
    let start = config.find(parent).expect("parent in config") + parent.len();
    let rest = &config[start..];
    // The mapping ends at the first line indented no deeper than its key, or at a comment
    // or blank line before that.
    let indent = parent.len() - parent.trim_start().len() - 1;
    let mut end = start;
    let mut offset = start;
    for line in rest.split_inclusive('\n') {
        let depth = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            if depth <= indent {
                break;
            }
            end = offset + line.len();
        }
        offset += line.len();
    }
    format!("{}{section}{}", &config[..end], &config[end..])
}

/// When python3 has PyYAML (Threat Bus's own YAML loader), what it reads at `plugins` in
/// `text`, as JSON; `None` without it (the byte-level checks stand on their own).
fn pyyaml_plugins(p: &TestProject, text: &str) -> Option<serde_json::Value> {
    let script =
        "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())['plugins']))\n";
    let path = p.scratch("pyyaml").join("config.yaml");
    std::fs::write(&path, text).expect("write copy");
    let out = Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sys; sys.stdin = open({:?}); exec({script:?})",
            path.display().to_string()
        ))
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("No module named 'yaml'"),
            "PyYAML could not read the file:\n{err}\n{text}"
        );
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("json from python"))
}

/// Install adds both sections where Threat Bus looks (`plugins.apps.zeek`,
/// `plugins.backbones.inmem`) and changes no other byte; uninstall of untouched sections gives
/// back the user's file exactly.
#[test]
fn threatbus_yaml_gains_sections_and_loses_them_when_untouched() {
    let reg = ServedRegistry::copy_of_sample();
    let p = threatbus_project(&reg);
    p.write("config.yaml", CONFIG);

    let out = p.run(["install", "threatbus-zeek"]);
    out.success()
        .stderr_has("Configured plugins.apps.zeek in")
        .stderr_has("Configured plugins.backbones.inmem in");
    assert_eq!(p.locked("threatbus-inmem").version(), "1.1.0");

    let text = p.read("config.yaml");
    let want = with_section(
        &with_section(CONFIG, "\n  apps:\n", ZEEK_SECTION),
        "\n  backbones:\n",
        INMEM_SECTION,
    );
    assert_eq!(
        text, want,
        "the two sections, at the end of their mappings, and no other change"
    );
    if let Some(plugins) = pyyaml_plugins(&p, &text) {
        assert_eq!(
            plugins["apps"]["zeek"],
            serde_json::json!({"host": "127.0.0.1", "port": 47761, "module_namespace": "Tenzir"})
        );
        assert_eq!(
            plugins["backbones"]["inmem"],
            serde_json::json!({"queue_size": 1000, "drop_when_full": true})
        );
        assert_eq!(plugins["apps"]["misp"]["filter"][0]["orgs"][0], "1");
    }

    // Installing again changes nothing.
    p.run(["install", "threatbus-zeek"])
        .success()
        .stderr_lacks("Configured");
    assert_eq!(p.read("config.yaml"), want);

    let out = p.run(["uninstall", "threatbus-zeek"]);
    out.success()
        .stderr_has("Removed plugins.apps.zeek from")
        .stderr_has("Removed plugins.backbones.inmem from")
        .stderr_lacks("left [");
    assert!(p.lock_plugin("threatbus-inmem").is_none());
    assert_eq!(
        p.read("config.yaml"),
        CONFIG,
        "untouched sections go, and the file is the user's again, byte for byte"
    );
}

/// A section the user changed stays on uninstall, saying so; the untouched one goes. A file
/// that does not exist yet is created, and an upgrade adds only the keys new in the new version.
#[test]
fn threatbus_yaml_keeps_a_changed_section_and_upgrades_add_new_keys_only() {
    let reg = ServedRegistry::copy_of_sample();
    let p = threatbus_project(&reg);

    p.run(["install", "threatbus-inmem@=1.0.0"]).success();
    assert_eq!(
        p.read("config.yaml"),
        "plugins:\n  backbones:\n    inmem:\n      queue_size: 1000\n",
        "a missing config file is created"
    );

    // The user tunes the queue, with a comment; then the backbone is upgraded (1.1.0 adds
    // drop_when_full).
    let tuned = "plugins:\n  backbones:\n    inmem:\n      queue_size: 5   # small host\n";
    p.write("config.yaml", tuned);
    let manifest = p.read("plugins.toml").replace("\"=1.0.0\"", "\"1\"");
    assert!(manifest.contains("threatbus-inmem = \"1\""), "{manifest}");
    p.write("plugins.toml", manifest);
    p.run(["upgrade", "threatbus-inmem"])
        .success()
        .stderr_has("threatbus-inmem 1.0.0 -> 1.1.0");
    let upgraded = format!("{tuned}      drop_when_full: true\n");
    assert_eq!(p.read("config.yaml"), upgraded);

    // The app comes in beside it, then both go: the app's untouched section goes, the
    // backbone's changed one stays.
    p.run(["install", "threatbus-zeek"]).success();
    let out = p.run(["uninstall", "threatbus-zeek", "threatbus-inmem"]);
    out.success()
        .stderr_has("Removed plugins.apps.zeek from")
        .stderr_has("left [plugins.backbones.inmem] in ");
    let left = out
        .stderr
        .lines()
        .find(|l| l.contains("left [plugins.backbones.inmem] in "))
        .expect("checked above");
    assert!(left.contains("config.yaml"), "{left}");
    assert!(
        left.contains("it differs from the defaults of `threatbus-inmem`")
            || left.contains("it differs from the defaults of threatbus-inmem"),
        "{left}"
    );
    assert!(p.lock_plugin("threatbus-inmem").is_none());
    assert_eq!(
        p.read("config.yaml"),
        upgraded,
        "the user's section stays as it was, and `apps` (only the app's) is gone"
    );
}

/// A YAML file that cannot be edited without touching more than the section is refused with
/// the file's name and what to do, before anything is installed; so is invalid YAML.
#[test]
fn threatbus_yaml_that_cannot_be_edited_losslessly_is_refused() {
    let reg = ServedRegistry::copy_of_sample();
    for (config, says) in [
        (
            "shared: &apps\n  misp: {}\nplugins:\n  apps: *apps\n",
            "is an alias",
        ),
        (
            "plugins:\n  apps:\n    zeek:\n      <<: {port: 1}\n",
            "merge key",
        ),
        ("plugins:\n  apps: [zeek]\n", "is not a table"),
        ("plugins:\n  apps: {\n", "not valid YAML"),
        ("plugins: {}\n---\nplugins: {}\n", "several YAML documents"),
    ] {
        let p = threatbus_project(&reg);
        p.write("config.yaml", config);
        let out = p.run(["install", "threatbus-zeek"]);
        out.failure()
            .no_panic()
            .stderr_has("config.yaml")
            .stderr_has(says);
        if says != "is not a table" {
            out.stderr_has("by hand");
        }
        assert_eq!(p.read("config.yaml"), config, "left as it was");
        assert!(
            p.lock_plugin("threatbus-zeek").is_none(),
            "nothing installed for {config:?}"
        );
        assert!(!p.exists("plugins/threatbus-zeek"), "{config:?}");
    }
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

//! `plugin upgrade NAME... | --all`, `--dry-run`, a failed upgrade that keeps the old version, and
//! `plugin outdated`.

use crate::support::hosts::{json_doc, project_with};
use crate::support::{
    assert_content_matches, assert_files, assert_same_tree, copy_dir, fixtures_dir,
    install_pinned_then_relax, install_pinned_then_require, stoq_hash_expected_files,
    ServedRegistry, TestProject,
};

#[test]
fn upgrade_name_moves_to_the_newest_compatible_version() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");
    assert!(
        p.exists("plugins/stoq-hash/stoq_hash/legacy.py"),
        "1.0.0 ships legacy.py"
    );
    assert!(!p.exists("plugins/stoq-hash/stoq_hash/multihash.py"));

    p.run(["upgrade", "stoq-hash"])
        .success()
        .stderr_has("stoq-hash 1.0.0 -> 1.1.0");

    assert!(
        !p.exists("plugins/stoq-hash/stoq_hash/legacy.py"),
        "legacy.py only exists in 1.0.0"
    );
    assert!(
        p.exists("plugins/stoq-hash/stoq_hash/multihash.py"),
        "multihash.py is new in 1.1.0"
    );
    assert_files(
        &p.plugin_dir("stoq-hash"),
        &stoq_hash_expected_files("1.1.0"),
    );
    let locked = p.locked("stoq-hash");
    assert_eq!(locked.version(), "1.1.0");
    assert_eq!(
        locked.str("checksum"),
        format!("sha256:{}", reg.archive_sha256("stoq-hash", "1.1.0"))
    );
    assert_content_matches(&p, "stoq-hash");
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.2.0/download"),
        0,
        "1.2.0 is yanked"
    );

    // Once more: nothing to do, nothing downloaded, nothing changed.
    let downloads = reg.server.download_count();
    let before = p.snapshot();
    p.run(["upgrade", "stoq-hash"])
        .success()
        .stderr_has("up to date")
        .stderr_lacks("->");
    assert_eq!(reg.server.download_count(), downloads);
    crate::support::assert_same_tree(&before, &p.snapshot(), "upgrade of a current plugin");
}

#[test]
fn upgrade_all_moves_every_outdated_plugin() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");
    // A caret requirement on 0.3.0 would stop below 0.4.0; allow any 0.x at or above 0.3.0.
    install_pinned_then_require(&p, None, "diffy-formats", "0.3.0", ">=0.3.0, <1");
    assert!(!p.exists("plugins/diffy-formats/diffy_formats/common.py"));

    p.run(["upgrade", "--all"])
        .success()
        .stderr_has("stoq-hash 1.0.0 -> 1.1.0")
        .stderr_has("diffy-formats 0.3.0 -> 0.4.0");

    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");
    assert_eq!(p.locked("diffy-formats").version(), "0.4.0");
    assert!(
        p.exists("plugins/diffy-formats/diffy_formats/common.py"),
        "common.py is new in 0.4.0"
    );
    assert!(!p.exists("plugins/stoq-hash/stoq_hash/legacy.py"));
    assert_content_matches(&p, "stoq-hash");
    assert_content_matches(&p, "diffy-formats");

    p.run(["upgrade", "--all"])
        .success()
        .stderr_has("up to date")
        .stderr_lacks("->");
}

#[test]
fn upgrade_stays_within_the_requirement_of_plugins_toml() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash@~1.0", "--registry", &reg.url()])
        .success();
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    // `0.3.0` is `^0.3.0`, which stops below 0.4.0.
    install_pinned_then_relax(&p, None, "diffy-formats", "0.3.0");
    let before = p.snapshot();
    let downloads = reg.server.download_count();

    p.run(["upgrade", "stoq-hash"])
        .success()
        .stderr_has("up to date")
        .stderr_lacks("->");
    p.run(["upgrade", "--all"])
        .success()
        .stderr_has("stoq-hash 1.0.0 is up to date")
        .stderr_has("diffy-formats 0.3.0 is up to date")
        .stderr_lacks("->");

    assert_eq!(
        p.locked("stoq-hash").version(),
        "1.0.0",
        "~1.0 does not allow 1.1.0"
    );
    assert_eq!(
        p.locked("diffy-formats").version(),
        "0.3.0",
        "^0.3.0 does not allow 0.4.0"
    );
    assert_eq!(reg.server.download_count(), downloads);
    crate::support::assert_same_tree(&before, &p.snapshot(), "upgrade within the requirements");
}

#[test]
fn upgrade_without_name_or_all_is_a_usage_error() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success();
    let before = p.snapshot();
    let requests = reg.server.request_count();

    let out = p.run(["upgrade"]);
    out.code(2).no_panic().stderr_has("--all");

    assert_eq!(reg.server.request_count(), requests);
    crate::support::assert_same_tree(&before, &p.snapshot(), "upgrade without arguments");
}

#[test]
fn upgrade_of_a_plugin_that_is_not_installed_fails() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success();
    let before = p.snapshot();

    let out = p.run(["upgrade", "diffy-formats"]);
    assert!(matches!(out.code, Some(1 | 2)), "expected a failure\n{out}");
    out.no_panic()
        .stderr_has("error:")
        .stderr_has("diffy-formats");

    crate::support::assert_same_tree(&before, &p.snapshot(), "upgrade of an unknown plugin");
}

#[test]
fn dry_run_upgrade_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");
    let before = p.snapshot();

    p.run(["upgrade", "stoq-hash", "--dry-run"])
        .success()
        .stderr_has("stoq-hash")
        .stderr_has("1.1.0");

    assert_same_tree(&before, &p.snapshot(), "upgrade --dry-run");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
}

#[test]
fn failed_upgrade_keeps_the_old_version() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");
    reg.corrupt_archive("stoq-hash", "1.1.0");
    let before = p.snapshot();

    p.plugin(["upgrade", "stoq-hash"])
        .env("PLUGIN_NET_RETRIES", "0")
        .run()
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_ci("checksum");

    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        1
    );
    assert_same_tree(&before, &p.snapshot(), "failed upgrade");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    assert!(p.exists("plugins/stoq-hash/stoq_hash/legacy.py"));
}

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

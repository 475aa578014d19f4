//! `plugin uninstall NAME...`: folders, manifest and lock entries and records removed, user files
//! kept.

use crate::support::{snapshot_tree, ServedRegistry, TestProject};

#[test]
fn uninstall_removes_folder_manifest_entry_lock_entry_and_record() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run([
        "install",
        "stoq-hash",
        "diffy-formats",
        "--registry",
        &reg.url(),
    ])
    .success();
    assert!(p.exists("plugins/stoq-hash/plugin.toml"));
    assert!(
        p.exists("plugins/.plugin/records/stoq-hash.json"),
        "install record missing"
    );
    let other_files = snapshot_tree(&p.plugin_dir("diffy-formats"));
    let other_lock = p.locked("diffy-formats");
    let other_record = p.read("plugins/.plugin/records/diffy-formats.json");
    let requests = reg.server.request_count();

    p.run(["uninstall", "stoq-hash"])
        .success()
        .stderr_has("stoq-hash");

    assert!(!p.exists("plugins/stoq-hash"), "plugin folder must be gone");
    assert!(
        p.manifest_plugin("stoq-hash").is_none(),
        "plugins.toml:\n{}",
        p.read("plugins.toml")
    );
    assert!(
        p.lock_plugin("stoq-hash").is_none(),
        "plugins.lock:\n{}",
        p.read("plugins.lock")
    );
    assert!(
        !p.exists("plugins/.plugin/records/stoq-hash.json"),
        "record must be gone"
    );

    // The other plugin is untouched.
    assert_eq!(snapshot_tree(&p.plugin_dir("diffy-formats")), other_files);
    assert_eq!(p.locked("diffy-formats").0, other_lock.0);
    assert!(p.manifest_plugin("diffy-formats").is_some());
    assert_eq!(
        p.read("plugins/.plugin/records/diffy-formats.json"),
        other_record
    );
    assert_eq!(
        reg.server.request_count(),
        requests,
        "uninstall needs no network"
    );
}

#[test]
fn uninstall_keeps_files_the_user_added() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success();
    let installed = crate::support::file_set(&p.plugin_dir("stoq-hash"));
    assert!(installed.contains("stoq_hash/hash.py"));
    p.write("plugins/stoq-hash/my-notes.txt", "mine\n");
    p.write(
        "plugins/stoq-hash/stoq_hash/local_settings.py",
        "DEBUG = True\n",
    );

    p.run(["uninstall", "stoq-hash"]).success();

    assert_eq!(
        p.read("plugins/stoq-hash/my-notes.txt"),
        "mine\n",
        "a user file was deleted"
    );
    assert_eq!(
        p.read("plugins/stoq-hash/stoq_hash/local_settings.py"),
        "DEBUG = True\n",
        "a user file was deleted"
    );
    for rel in &installed {
        assert!(
            !p.plugin_dir("stoq-hash").join(rel).exists(),
            "recorded file {rel} must be removed"
        );
    }
    assert!(p.manifest_plugin("stoq-hash").is_none());
    assert!(p.lock_plugin("stoq-hash").is_none());
    assert!(!p.exists("plugins/.plugin/records/stoq-hash.json"));
}

#[test]
fn uninstall_removes_dependencies_nothing_needs_any_more() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run([
        "install",
        "threatbus-zeek",
        "stoq-hash",
        "--registry",
        &reg.url(),
    ])
    .success();
    assert!(p.exists("plugins/threatbus-inmem/plugin.toml"));

    p.run(["uninstall", "threatbus-zeek"])
        .success()
        .stderr_has("threatbus-zeek")
        .stderr_has("threatbus-inmem");

    assert!(!p.exists("plugins/threatbus-zeek"));
    assert!(
        !p.exists("plugins/threatbus-inmem"),
        "the orphaned dependency must be removed"
    );
    assert!(p.lock_plugin("threatbus-inmem").is_none());
    assert!(!p.exists("plugins/.plugin/records/threatbus-inmem.json"));
    assert!(
        p.exists("plugins/stoq-hash/plugin.toml"),
        "unrelated plugin kept"
    );
    assert!(p.lock_plugin("stoq-hash").is_some());
}

#[test]
fn uninstall_of_a_plugin_another_needs_keeps_it_as_a_dependency() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run([
        "install",
        "threatbus-inmem",
        "threatbus-zeek",
        "--registry",
        &reg.url(),
    ])
    .success();
    assert!(p.manifest_plugin("threatbus-inmem").is_some());

    p.run(["uninstall", "threatbus-inmem"])
        .success()
        .stderr_has("stays installed")
        .stderr_has("`threatbus-zeek` depends on it");

    assert!(
        p.manifest_plugin("threatbus-inmem").is_none(),
        "plugins.toml:\n{}",
        p.read("plugins.toml")
    );
    assert!(p.exists("plugins/threatbus-inmem/plugin.toml"));
    assert!(p.lock_plugin("threatbus-inmem").is_some());

    // Asking again names the plugin that needs it and changes nothing.
    let before = p.snapshot();
    p.run(["uninstall", "threatbus-inmem"])
        .failure()
        .stderr_has("dependency of `threatbus-zeek`");
    assert_eq!(before, p.snapshot());
}

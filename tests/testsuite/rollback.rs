//! `plugin rollback`: the files, plugins.toml and plugins.lock of before an upgrade or a removal
//! come back.

use crate::support::crash::{crash_setup, installed_at_1, plugin_name, publish_2, registry, state};
use crate::support::{snapshot_tree, TestProject};

#[test]
fn rollback_restores_a_removal_made_by_editing_plugins_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reg = registry(tmp.path());
    let p = installed_at_1(&reg);
    let before = state(&p, "before");
    let toml_before = p.read("plugins.toml");
    let gone = plugin_name(0);
    p.write(
        "plugins.toml",
        toml_before.replace(&format!("{gone} = \">=1.0.0\"\n"), ""),
    );
    p.run(["install"]).success().stderr_has("Removed");
    assert!(!p.plugin_dir(&gone).exists());

    p.run(["rollback"])
        .success()
        .stderr_has("(1 plugin changed)");
    assert_eq!(state(&p, "after rollback"), before);
    assert_eq!(p.read("plugins.toml"), toml_before);
    p.run(["verify"]).success();
}

#[test]
fn a_rollback_that_cannot_restore_its_lock_says_so_and_keeps_the_state() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = registry(tmp.path());
    let p = installed_at_1(&reg);
    publish_2(&mut reg);
    p.run(["upgrade", "--all"]).success();
    // A history entry whose plugins.toml no longer asks for what its lock locks (as an older
    // `plugin` kept after a removal by editing).
    let history = p.path("plugins/.plugin/history");
    let entry = std::fs::read_dir(&history)
        .expect("history")
        .flatten()
        .map(|e| e.path())
        .find(|e| e.extension().is_some_and(|x| x == "toml") && !e.ends_with("head.toml"))
        .expect("a kept plugins.toml");
    std::fs::write(
        &entry,
        format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.root()),
    )
    .expect("write");
    let before = snapshot_tree(p.dir());
    let out = p.run(["rollback"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("cannot roll back")
        .stderr_has("stays in the history");
    assert_eq!(snapshot_tree(p.dir()), before);
}

#[test]
fn rollback_restores_files_manifest_and_lock_of_before_an_upgrade() {
    let (_tmp, p) = crash_setup();
    // Two plugins may move to 2.0.0, the others stay.
    let mut text = p.read("plugins.toml");
    text = text.replace("crash-0 = \"=1.0.0\"", "crash-0 = \">=1\"");
    text = text.replace("crash-1 = \"=1.0.0\"", "crash-1 = \">=1\"  # may move");
    p.write("plugins.toml", &text);
    p.run(["install"]).success();
    let plugin_files = |p: &TestProject| {
        let mut all = crate::support::snapshot_tree(&p.dir().join("plugins"));
        all.retain(|k, _| !k.starts_with(".plugin"));
        all
    };
    let before_files = plugin_files(&p);
    let before_toml = p.read("plugins.toml");
    let before_lock = p.read("plugins.lock");

    p.run(["upgrade", "crash-0", "crash-1"])
        .success()
        .stderr_has("crash-0 1.0.0 -> 2.0.0")
        .stderr_has("crash-1 1.0.0 -> 2.0.0");
    assert_ne!(plugin_files(&p), before_files);

    p.run(["rollback"]).success().stderr_has("Rolled back");
    assert_eq!(p.read("plugins.toml"), before_toml);
    assert_eq!(p.read("plugins.lock"), before_lock);
    assert!(
        plugin_files(&p) == before_files,
        "plugin files differ after rollback"
    );
    p.run(["verify"]).success();
}

//! plugins.lock: `--locked`, `PLUGIN_LOCKED` and `--frozen` refuse a manifest that disagrees with
//! the lock and write nothing.

use crate::support::private::{copy_of_project, installed_with_cache, project_with_stoq};
use crate::support::{assert_same_tree, project, ServedRegistry, TestProject};

/// Adds `name = "req"` to `[plugins]` of the project's plugins.toml, keeping the rest.
fn add_to_manifest(p: &TestProject, name: &str, req: &str) {
    let mut doc: toml_edit::DocumentMut = p.read("plugins.toml").parse().expect("plugins.toml");
    doc["plugins"][name] = toml_edit::value(req);
    p.write("plugins.toml", doc.to_string());
}

/// Removes `name` from `[plugins]` of the project's plugins.toml.
fn remove_from_manifest(p: &TestProject, name: &str) {
    let mut doc: toml_edit::DocumentMut = p.read("plugins.toml").parse().expect("plugins.toml");
    doc["plugins"]
        .as_table_like_mut()
        .expect("[plugins] is a table")
        .remove(name)
        .expect("the plugin is in plugins.toml");
    p.write("plugins.toml", doc.to_string());
}

#[test]
fn locked_succeeds_when_nothing_changes() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    let before = p.snapshot();
    p.run(["install", "--locked"]).success();
    p.plugin(["install"])
        .env("PLUGIN_LOCKED", "1")
        .run()
        .success();
    assert_same_tree(
        &before,
        &p.snapshot(),
        "install --locked of an up-to-date project",
    );
}

#[test]
fn locked_refuses_a_plugin_added_by_hand_and_writes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    add_to_manifest(&p, "diffy-formats", "0.4");
    let before = p.snapshot();

    p.run(["install", "--locked"])
        .failure()
        .stderr_has("+ diffy-formats");
    assert_same_tree(&before, &p.snapshot(), "install --locked");

    // Global flag, any position.
    p.run(["--locked", "install"])
        .failure()
        .stderr_has("+ diffy-formats");
    assert_same_tree(&before, &p.snapshot(), "--locked install");
}

#[test]
fn plugin_locked_env_refuses_like_locked() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    add_to_manifest(&p, "diffy-formats", "0.4");
    let before = p.snapshot();

    p.plugin(["install"])
        .env("PLUGIN_LOCKED", "1")
        .run()
        .failure()
        .stderr_has("+ diffy-formats");
    assert_same_tree(&before, &p.snapshot(), "PLUGIN_LOCKED=1 install");
}

#[test]
fn locked_lists_removed_and_changed_plugins() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_stoq(&reg.url());
    p.run(["install", "diffy-formats"]).success();

    // Removed by hand.
    let original = p.read("plugins.toml");
    remove_from_manifest(&p, "diffy-formats");
    let before = p.snapshot();
    p.run(["install", "--locked"])
        .failure()
        .stderr_has("- diffy-formats 0.4.0");
    assert_same_tree(&before, &p.snapshot(), "install --locked after a removal");

    // A requirement the locked version no longer meets.
    p.write("plugins.toml", &original);
    add_to_manifest(&p, "stoq-hash", "=1.0.0");
    let before = p.snapshot();
    p.run(["install", "--locked"])
        .failure()
        .stderr_has("~ stoq-hash 1.1.0 -> 1.0.0");
    assert_same_tree(&before, &p.snapshot(), "install --locked after a change");
}

#[test]
fn frozen_refuses_a_manifest_that_disagrees_with_the_lock() {
    let cache_tmp = tempfile::tempdir().expect("tempdir");
    let cache = cache_tmp.path().join("cache");
    let reg = ServedRegistry::copy_of_sample();
    let first = installed_with_cache(&reg, &cache);
    let p = copy_of_project(&first);
    add_to_manifest(&p, "diffy-formats", "0.4");
    let before = p.snapshot();
    let requests = reg.server.request_count();

    p.plugin(["install", "--frozen"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .failure()
        .stderr_has("diffy-formats");
    assert_same_tree(&before, &p.snapshot(), "install --frozen");
    assert_eq!(
        reg.server.request_count(),
        requests,
        "--frozen made a network request"
    );
}

#[test]
fn frozen_says_frozen_was_given() {
    let p = project("");
    p.run(["install", "stoq-hash@=1.0.0"]).success();
    let text = p.read("plugins.toml").replace("\"=1.0.0\"", "\"=1.1.0\"");
    p.write("plugins.toml", text);
    for (flag, other) in [("--frozen", "--locked"), ("--locked", "--frozen")] {
        let out = p.run([flag, "install"]);
        assert_eq!(out.code, Some(1), "{out}");
        out.stderr_has(&format!("`{flag}` was given, but "))
            .stderr_has(&format!("hint: run the command without `{flag}`"))
            .stderr_lacks(&format!("`{other}` was given"));
    }
}

//! `--offline`: installs come from the cache with the server gone, and a plugin never downloaded
//! fails.

use crate::support::private::{assert_stoq_installed, copy_of_project, installed_with_cache};
use crate::support::{assert_same_tree, ServedRegistry};

#[test]
fn offline_install_comes_from_the_cache_with_the_server_gone() {
    let cache_tmp = tempfile::tempdir().expect("tempdir");
    let cache = cache_tmp.path().join("cache");
    let reg = ServedRegistry::copy_of_sample();
    let first = installed_with_cache(&reg, &cache);
    drop(reg);

    let p = copy_of_project(&first);
    let lock = p.read("plugins.lock");
    p.plugin(["install", "--offline"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    assert_stoq_installed(&p);
    assert!(p.exists("plugins/threatbus-zeek/plugin.toml"));
    assert!(p.exists("plugins/threatbus-inmem/plugin.toml"));
    assert_eq!(p.read("plugins.lock"), lock, "plugins.lock changed");
    p.run(["verify"]).success();

    // PLUGIN_OFFLINE=1 does the same.
    let q2 = copy_of_project(&first);
    q2.plugin(["install"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .env("PLUGIN_OFFLINE", "1")
        .run()
        .success();
    assert_stoq_installed(&q2);

    // --frozen: offline and locked at once.
    let q3 = copy_of_project(&first);
    q3.plugin(["install", "--frozen"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    assert_stoq_installed(&q3);

    // PLUGIN_FROZEN=1 does the same.
    let q4 = copy_of_project(&first);
    q4.plugin(["install"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .env("PLUGIN_FROZEN", "1")
        .run()
        .success();
    assert_stoq_installed(&q4);
}

#[test]
fn offline_fails_for_a_plugin_never_downloaded() {
    let cache_tmp = tempfile::tempdir().expect("tempdir");
    let cache = cache_tmp.path().join("cache");
    let reg = ServedRegistry::copy_of_sample();
    let first = installed_with_cache(&reg, &cache);
    drop(reg);

    let p = copy_of_project(&first);
    p.plugin(["install", "--offline"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    let before = p.snapshot();
    p.plugin(["install", "--offline", "diffy-formats"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .failure()
        .stderr_has("diffy-formats")
        .stderr_has("--offline");
    assert_same_tree(
        &before,
        &p.snapshot(),
        "install --offline of an uncached plugin",
    );
}

//! `plugin upgrade NAME... | --all`.

use crate::support::{
    assert_content_matches, assert_files, stoq_hash_expected_files, ServedRegistry, TestProject,
};

/// Installs `NAME@=VERSION`, then relaxes plugins.toml's requirement to the caret `VERSION`, so
/// that a newer compatible version is available to `upgrade`.
pub(crate) fn install_pinned_then_relax(
    p: &TestProject,
    registry: Option<&str>,
    name: &str,
    version: &str,
) {
    install_pinned_then_require(p, registry, name, version, version);
}

/// Installs `NAME@=VERSION`, then rewrites plugins.toml's requirement to `req`.
pub(crate) fn install_pinned_then_require(
    p: &TestProject,
    registry: Option<&str>,
    name: &str,
    version: &str,
    req: &str,
) {
    let spec = format!("{name}@={version}");
    let mut args = vec!["install", spec.as_str()];
    if let Some(url) = registry {
        args.extend(["--registry", url]);
    }
    p.run(args).success();
    assert_eq!(p.locked(name).version(), version);
    let text = p.read("plugins.toml");
    let pinned = format!("{name} = \"={version}\"");
    assert!(
        text.contains(&pinned),
        "expected `{pinned}` in plugins.toml:\n{text}"
    );
    p.write(
        "plugins.toml",
        text.replace(&pinned, &format!("{name} = \"{req}\"")),
    );
}

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

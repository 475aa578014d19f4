//! Failing commands: non-zero exit, an error naming the plugin and the cause, and the project
//! folder (plugin dir, plugins.toml, plugins.lock, `.plugin/`) byte-for-byte unchanged.

use crate::support::registry::{Package, TestRegistry};
use crate::support::{assert_same_tree, unreachable_url, ServedRegistry, TestProject, TestServer};
use crate::upgrade::install_pinned_then_relax;

/// A project in which diffy-formats is installed from `registry_url`, so that plugins.toml,
/// plugins.lock and the plugin folder exist before the failing command.
fn project_with_another_plugin(registry_url: &str) -> TestProject {
    let p = TestProject::new();
    p.run(["install", "diffy-formats", "--registry", registry_url])
        .success();
    assert!(p.exists("plugins.toml") && p.exists("plugins.lock"));
    assert!(p.exists("plugins/diffy-formats/plugin.toml"));
    p
}

#[test]
fn checksum_mismatch_fails_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    reg.corrupt_archive("stoq-hash", "1.1.0");
    let before = p.snapshot();

    p.plugin(["install", "stoq-hash"])
        .env("PLUGIN_NET_RETRIES", "1")
        .run()
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_ci("checksum");

    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        2,
        "the archive was fetched, then once more after the wrong checksum"
    );
    assert_same_tree(&before, &p.snapshot(), "install with a checksum mismatch");
}

/// A registry with a good plugin (`good`) plus the given broken one, served over HTTP.
fn built_registry(broken: Package) -> (tempfile::TempDir, TestServer) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    reg.publish(Package::new("good", "1.0.0").file("good/__init__.py", "ok = True\n"));
    reg.publish(broken);
    let server = TestServer::serve(reg.root());
    (tmp, server)
}

fn install_good(url: &str) -> TestProject {
    let p = TestProject::new();
    p.run(["install", "good", "--registry", url]).success();
    assert!(p.exists("plugins/good/plugin.toml"));
    p
}

/// Publishes `broken` beside a good plugin, installs the good one, then checks that installing
/// `broken` downloads its archive once, fails naming it and one of `causes`, and changes nothing.
fn assert_broken_archive_refused(broken: Package, causes: &[&str]) {
    let name = broken.name().to_string();
    let version = broken.version().to_string();
    let (_tmp, server) = built_registry(broken);
    let p = install_good(&server.url());
    let before = p.snapshot();

    p.run(["install", &name])
        .failure()
        .stderr_has(&name)
        .stderr_has_any_ci(causes);

    assert_eq!(
        server.count_path(&format!("packages/{name}/{version}/download")),
        1
    );
    assert_same_tree(&before, &p.snapshot(), &format!("install of `{name}`"));
}

#[test]
fn archive_whose_manifest_names_another_plugin_is_refused() {
    assert_broken_archive_refused(
        Package::new("wrongname", "1.0.0")
            .manifest_override("[plugin]\nname = \"someone-else\"\nversion = \"1.0.0\"\n")
            .file("someone_else/__init__.py", "x = 1\n"),
        &["manifest"],
    );
}

#[test]
fn archive_whose_manifest_names_another_version_is_refused() {
    assert_broken_archive_refused(
        Package::new("wrongver", "1.0.0")
            .manifest_override("[plugin]\nname = \"wrongver\"\nversion = \"2.0.0\"\n")
            .file("wrongver/__init__.py", "x = 1\n"),
        &["manifest"],
    );
}

#[test]
fn archive_without_a_manifest_is_refused() {
    // Only `nomanifest/__init__.py`: a single top-level folder without a plugin.toml.
    assert_broken_archive_refused(
        Package::new("nomanifest", "1.0.0")
            .no_manifest()
            .file("nomanifest/__init__.py", "x = 1\n"),
        &["manifest", "plugin.toml"],
    );
}

/// The project's default registry stops answering (its port now has no listener).
#[test]
fn unreachable_default_registry_fails_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    drop(reg);
    let before = p.snapshot();

    p.run(["install", "stoq-hash"])
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["connect", "unreachable"]);

    assert_same_tree(
        &before,
        &p.snapshot(),
        "install from an unreachable default registry",
    );
}

/// `--registry DEAD-URL` in a project that has no default registry yet (its only plugin was
/// installed from a local folder).
#[test]
fn unreachable_registry_given_on_the_command_line_fails_and_changes_nothing() {
    let p = TestProject::new();
    let local = crate::support::fixtures_dir()
        .join("diffy-formats")
        .join("0.4.0");
    p.run(["install", local.to_str().expect("utf-8 path")])
        .success();
    assert!(p.exists("plugins/diffy-formats/plugin.toml"));
    let dead = unreachable_url();
    let before = p.snapshot();

    p.run(["install", "stoq-hash", "--registry", &dead])
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["connect", "unreachable"]);

    assert_same_tree(
        &before,
        &p.snapshot(),
        "install from an unreachable registry",
    );
}

#[test]
fn failed_first_install_creates_no_project() {
    let dead = unreachable_url();
    let p = TestProject::new();

    p.run(["install", "stoq-hash", "--registry", &dead])
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["connect", "unreachable"]);

    let left: Vec<String> = p.snapshot().into_keys().collect();
    assert!(
        left.is_empty(),
        "a failed install left files behind: {left:?}"
    );
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

#[test]
fn missing_archive_fails_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    std::fs::remove_file(reg.archive_path("stoq-hash", "1.1.0")).expect("remove archive");
    let before = p.snapshot();

    p.run(["install", "stoq-hash"])
        .failure()
        .stderr_has("stoq-hash");

    assert_same_tree(&before, &p.snapshot(), "install with a missing archive");
}

#[test]
fn unknown_plugin_fails_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    let before = p.snapshot();

    p.run(["install", "no-such-plugin"])
        .failure()
        .stderr_has("no-such-plugin");

    assert_same_tree(&before, &p.snapshot(), "install of an unknown plugin");
}

/// Names that could become paths are refused wherever they come from (issue #4).
#[test]
fn names_with_path_separators_are_refused_everywhere() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    let before = p.snapshot();

    // plugins.toml
    let good_toml = p.read("plugins.toml");
    p.write(
        "plugins.toml",
        good_toml.replace("[plugins]\n", "[plugins]\n\"../escape\" = \"1\"\n"),
    );
    p.run(["install"])
        .failure()
        .stderr_has("plugins.toml")
        .stderr_has("invalid character `.` in plugin name `../escape`");
    p.write("plugins.toml", &good_toml);

    // plugins.lock
    let good_lock = p.read("plugins.lock");
    p.write(
        "plugins.lock",
        good_lock.replace("name = \"diffy-formats\"", "name = \"../diffy-formats\""),
    );
    p.run(["install"])
        .failure()
        .stderr_has("plugins.lock")
        .stderr_has("`../diffy-formats`");
    p.write("plugins.lock", &good_lock);
    assert_eq!(before, p.snapshot());

    // An index line naming a path is skipped with a warning, never installed.
    let index = reg.root().join("st/oq/stoq-hash");
    let text = std::fs::read_to_string(&index).expect("index");
    std::fs::write(
        &index,
        text.replace("\"name\":\"stoq-hash\"", "\"name\":\"../stoq-hash\""),
    )
    .expect("tamper");
    p.run(["install", "stoq-hash"])
        .no_solution()
        .stderr_has("is invalid and was skipped");
    assert_eq!(before, p.snapshot());
}

/// A package whose own plugin.toml names a path is refused.
#[test]
fn package_manifest_naming_a_path_is_refused() {
    let p = TestProject::new();
    p.write(
        "src/plugin.toml",
        "[plugin]\nname = \"a/../../b\"\nversion = \"1.0.0\"\n",
    );
    p.run(["install", "./src"])
        .failure()
        .stderr_has("plugin.toml")
        .stderr_has("invalid character `/` in plugin name `a/../../b`");
    assert!(!p.exists("plugins"));
    assert!(!p.exists("b"));
}

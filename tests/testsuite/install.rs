//! `plugin install`: from a folder registry, over HTTP, `NAME@REQ`, archive URLs, local folders,
//! dependencies, and installs driven by plugins.lock.

use crate::support::registry::{Package, TestRegistry};
use crate::support::{
    assert_content_matches, assert_files, copy_dir, file_set, registry_index_dir, sha256_file,
    snapshot_tree, stoq_hash_expected_files, stoq_hash_fixture, ServedRegistry, TestProject,
    TestServer,
};

/// The README's first command, against a local copy of the sample registry.
#[test]
fn readme_first_command_installs_from_a_folder_registry() {
    let p = TestProject::new();
    let registry = p.scratch("registry").join("registry-index");
    copy_dir(&registry_index_dir(), &registry);
    assert!(registry.is_absolute());

    let registry_arg = registry.to_str().expect("utf-8 temp path");
    p.run(["install", "stoq-hash", "--registry", registry_arg])
        .success()
        .stderr_has("stoq-hash");

    assert!(p.exists("plugins/stoq-hash/plugin.toml"));
    assert!(p.exists("plugins.toml"));
    assert!(p.exists("plugins.lock"));
    assert_files(
        &p.plugin_dir("stoq-hash"),
        &stoq_hash_expected_files("1.1.0"),
    );

    let lock = p.lock();
    assert_eq!(
        lock.get("version").and_then(|v| v.as_integer()),
        Some(1),
        "lock version: {lock:?}"
    );
    let locked = p.locked("stoq-hash");
    assert_eq!(
        locked.version(),
        "1.1.0",
        "1.2.0 is yanked, 1.1.0 is the newest"
    );
    assert!(locked.source().starts_with("registry+"), "{locked:?}");
    let archive = crate::support::archive_path_in(&registry, "stoq-hash", "1.1.0");
    assert_eq!(
        locked.str("checksum"),
        format!("sha256:{}", sha256_file(&archive))
    );
    assert!(locked.str("content").starts_with("sha256:"), "{locked:?}");
    assert_content_matches(&p, "stoq-hash");
    assert!(
        p.exists("plugins/.plugin/records/stoq-hash.json"),
        "install record missing"
    );

    assert_eq!(
        p.manifest_plugin("stoq-hash")
            .and_then(|v| v.as_str().map(str::to_string)),
        Some("1.1.0".to_string()),
        "plugins.toml:\n{}",
        p.read("plugins.toml")
    );
}

#[test]
fn install_by_name_over_http() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success()
        .stderr_has("stoq-hash")
        .stderr_has("1.1.0");

    assert_files(
        &p.plugin_dir("stoq-hash"),
        &stoq_hash_expected_files("1.1.0"),
    );
    let locked = p.locked("stoq-hash");
    assert_eq!(locked.version(), "1.1.0");
    assert!(locked.source().starts_with("registry+"), "{locked:?}");
    assert_eq!(
        locked.str("checksum"),
        format!("sha256:{}", reg.archive_sha256("stoq-hash", "1.1.0"))
    );
    assert_content_matches(&p, "stoq-hash");

    let manifest = p.manifest();
    assert_eq!(
        manifest["plugins"]["stoq-hash"].as_str(),
        Some("1.1.0"),
        "{manifest:?}"
    );
    assert_eq!(
        manifest
            .get("registries")
            .and_then(|r| r.get("default"))
            .and_then(|d| d.as_str()),
        Some(reg.url().as_str()),
        "--registry becomes the default registry of a new project: {manifest:?}"
    );
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        1
    );
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.2.0/download"),
        0
    );
    assert_eq!(
        reg.server.download_count(),
        1,
        "{:?}",
        reg.server.requests()
    );
}

#[test]
fn install_name_at_requirement_records_it_verbatim() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash@~1.0", "--registry", &reg.url()])
        .success();

    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    assert_eq!(p.manifest()["plugins"]["stoq-hash"].as_str(), Some("~1.0"));
    assert!(
        p.exists("plugins/stoq-hash/stoq_hash/legacy.py"),
        "1.0.0 has legacy.py"
    );
    assert!(
        !p.exists("plugins/stoq-hash/stoq_hash/multihash.py"),
        "multihash.py is new in 1.1.0"
    );
    assert_content_matches(&p, "stoq-hash");
}

#[test]
fn install_from_archive_url_with_sha256() {
    let reg = ServedRegistry::copy_of_sample();
    let archive = reg.archive_path("kitovu-moodle", "0.2.0");
    let bytes = std::fs::read(&archive).expect("read kitovu-moodle archive");
    assert_eq!(
        &bytes[..4],
        b"PK\x03\x04",
        "kitovu-moodle 0.2.0 is expected to be a zip"
    );
    let sha = sha256_file(&archive);
    let url = reg.server.url_of("packages/kitovu-moodle/0.2.0/download");

    let p = TestProject::new();
    p.run(["install", &url, "--sha256", &sha])
        .success()
        .stderr_has("kitovu-moodle");

    assert!(p.exists("plugins/kitovu-moodle/plugin.toml"));
    assert!(p.exists("plugins/kitovu-moodle/kitovu_moodle/sync.py"));
    let entry = p
        .manifest_plugin("kitovu-moodle")
        .expect("kitovu-moodle in plugins.toml");
    assert_eq!(
        entry.get("url").and_then(|v| v.as_str()),
        Some(url.as_str()),
        "{entry:?}"
    );
    assert_eq!(
        entry.get("sha256").and_then(|v| v.as_str()),
        Some(sha.as_str()),
        "{entry:?}"
    );
    let locked = p.locked("kitovu-moodle");
    assert_eq!(locked.version(), "0.2.0");
    assert!(locked.source().starts_with("url+"), "{locked:?}");
    assert!(locked.source().contains(&url), "{locked:?}");
    assert_eq!(locked.str("checksum"), format!("sha256:{sha}"));
    assert_content_matches(&p, "kitovu-moodle");
    assert_eq!(
        reg.server
            .count_path("packages/kitovu-moodle/0.2.0/download"),
        1
    );
}

#[test]
fn install_from_archive_url_with_wrong_sha256_fails() {
    let reg = ServedRegistry::copy_of_sample();
    let url = reg.server.url_of("packages/kitovu-moodle/0.2.0/download");
    let p = TestProject::new();
    let before = p.snapshot();
    p.run(["install", &url, "--sha256", &"0".repeat(64)])
        .failure()
        .stderr_has_ci("checksum");
    crate::support::assert_same_tree(&before, &p.snapshot(), "failed url install");
}

#[test]
fn install_from_local_folder_applies_include_and_exclude() {
    let fixture = stoq_hash_fixture("1.1.0");
    let expected = stoq_hash_expected_files("1.1.0");
    let fixture_before = snapshot_tree(&fixture);

    let p = TestProject::new();
    p.run(["install", fixture.to_str().expect("utf-8 path")])
        .success()
        .stderr_has("stoq-hash");

    let dir = p.plugin_dir("stoq-hash");
    assert_files(&dir, &expected);
    for present in [
        "plugin.toml",
        "README.md",
        "stoq_hash/hash.stoq",
        "stoq_hash/hash.py",
        "stoq_hash/__init__.py",
    ] {
        assert!(dir.join(present).is_file(), "{present} must be installed");
    }
    assert!(
        !dir.join("stoq_hash/dev_notes.txt").exists(),
        "dev_notes.txt is excluded"
    );
    assert!(!dir.join("tests").exists(), "tests/ is not included");
    assert!(
        !file_set(&dir).iter().any(|f| f.ends_with(".pyc")),
        "*.pyc is excluded: {:?}",
        file_set(&dir)
    );
    for (rel, bytes) in snapshot_tree(&dir) {
        if !rel.ends_with('/') && !crate::support::is_dist_info(&rel) {
            assert_eq!(
                std::fs::read(fixture.join(&rel)).expect("fixture file"),
                bytes,
                "{rel} differs"
            );
        }
    }

    let entry = p
        .manifest_plugin("stoq-hash")
        .expect("stoq-hash in plugins.toml");
    assert!(
        entry.get("path").and_then(|v| v.as_str()).is_some(),
        "{entry:?}"
    );
    let locked = p.locked("stoq-hash");
    assert_eq!(locked.version(), "1.1.0");
    assert!(locked.source().starts_with("path+"), "{locked:?}");
    assert_content_matches(&p, "stoq-hash");
    assert_eq!(
        snapshot_tree(&fixture),
        fixture_before,
        "the source folder must not change"
    );
}

/// threatbus-zeek depends on threatbus-inmem (^1.1); threatbus-inmem's archives hold a single
/// top-level folder that is stripped.
#[test]
fn install_pulls_in_dependencies_and_strips_a_single_top_level_folder() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "threatbus-zeek", "--registry", &reg.url()])
        .success()
        .stderr_has("threatbus-zeek")
        .stderr_has("threatbus-inmem");

    assert!(p.exists("plugins/threatbus-zeek/plugin.toml"));
    assert!(p.exists("plugins/threatbus-zeek/threatbus_zeek/plugin.py"));
    assert!(
        p.exists("plugins/threatbus-inmem/plugin.toml"),
        "top-level folder not stripped?"
    );
    assert!(p.exists("plugins/threatbus-inmem/threatbus_inmem/plugin.py"));
    let inmem_files = file_set(&p.plugin_dir("threatbus-inmem"));
    assert!(
        inmem_files.iter().all(|f| !f.contains("threatbus-inmem-")),
        "the release folder must be stripped: {inmem_files:?}"
    );
    // The installed plugin.toml is the one of version 1.1.0.
    let manifest: toml::Table =
        std::fs::read_to_string(p.path("plugins/threatbus-inmem/plugin.toml"))
            .expect("read")
            .parse()
            .expect("toml");
    assert_eq!(manifest["plugin"]["version"].as_str(), Some("1.1.0"));

    let zeek = p.locked("threatbus-zeek");
    let inmem = p.locked("threatbus-inmem");
    assert_eq!(zeek.version(), "1.1.0");
    assert_eq!(inmem.version(), "1.1.0");
    assert_eq!(zeek.dependencies(), ["threatbus-inmem"]);
    assert!(inmem.dependencies().is_empty());
    assert_content_matches(&p, "threatbus-zeek");
    assert_content_matches(&p, "threatbus-inmem");
    let names: Vec<String> = p
        .lock_plugins()
        .iter()
        .map(|t| t["name"].as_str().expect("name").to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "plugins.lock is sorted by name");
}

/// A second `install` with an up-to-date lock does not touch the network.
#[test]
fn second_install_with_a_current_lock_makes_no_request() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success();
    let requests = reg.server.request_count();
    assert!(requests >= 2, "the first install must have used the server");
    let before = p.snapshot();

    p.run(["install"]).success();

    assert_eq!(
        reg.server.request_count(),
        requests,
        "no request expected, got {:?}",
        &reg.server.requests()[requests..]
    );
    crate::support::assert_same_tree(&before, &p.snapshot(), "install with a current lock");
}

/// plugins.toml + plugins.lock alone are enough to recreate the same installation.
#[test]
fn install_from_lock_in_a_fresh_directory_recreates_the_files() {
    let reg = ServedRegistry::copy_of_sample();
    let first = TestProject::new();
    first
        .run([
            "install",
            "stoq-hash",
            "threatbus-zeek",
            "--registry",
            &reg.url(),
        ])
        .success();

    let second = TestProject::new();
    second.write("plugins.toml", first.read("plugins.toml"));
    second.write("plugins.lock", first.read("plugins.lock"));
    let downloads = reg.server.download_count();

    second.run(["install"]).success();

    assert_eq!(
        reg.server.download_count(),
        downloads + 3,
        "{:?}",
        reg.server.requests()
    );
    for name in ["stoq-hash", "threatbus-zeek", "threatbus-inmem"] {
        assert_eq!(
            snapshot_tree(&second.plugin_dir(name)),
            snapshot_tree(&first.plugin_dir(name)),
            "files of {name}"
        );
        assert_eq!(
            second.locked(name).str("content"),
            first.locked(name).str("content"),
            "content of {name}"
        );
        assert_eq!(second.locked(name).version(), first.locked(name).version());
    }
    assert_eq!(second.read("plugins.lock"), first.read("plugins.lock"));
    assert_eq!(second.read("plugins.toml"), first.read("plugins.toml"));
}

/// A registry built by the tests: zip archives, a top-level folder, include/exclude, a
/// dependency chain, and a yanked newest version.
#[test]
fn install_from_a_built_registry_with_zip_archives_and_dependencies() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    reg.publish(Package::new("base", "1.0.0").file("base/__init__.py", "v = 1\n"));
    reg.publish(
        Package::new("base", "1.4.2")
            .zip()
            .top_level_dir("base-1.4.2")
            .file("base/__init__.py", "v = 142\n"),
    );
    reg.publish(Package::new("base", "2.0.0").file("base/__init__.py", "v = 2\n"));
    reg.publish(
        Package::new("base", "1.5.0")
            .yanked(true)
            .file("base/__init__.py", "v = 15\n"),
    );
    reg.publish(
        Package::new("hash", "1.2.3")
            .dep("base", "^1")
            .include("hash/**")
            .exclude("hash/secret.txt")
            .file("hash/__init__.py", "from base import v\n")
            .file("hash/secret.txt", "do not install\n")
            .file("other/ignored.py", "not included\n"),
    );
    let server = TestServer::serve(reg.root());

    let p = TestProject::new();
    p.run(["install", "hash", "--registry", &server.url()])
        .success();

    assert_eq!(p.locked("hash").version(), "1.2.3");
    assert_eq!(p.locked("base").version(), "1.4.2");
    assert_eq!(p.locked("hash").dependencies(), ["base"]);
    assert_eq!(
        std::fs::read_to_string(p.path("plugins/base/base/__init__.py")).expect("base installed"),
        "v = 142\n"
    );
    assert_files(
        &p.plugin_dir("hash"),
        &["plugin.toml", "hash/__init__.py"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    assert_files(
        &p.plugin_dir("base"),
        &["plugin.toml", "base/__init__.py"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    assert_eq!(server.count_path("packages/base/1.5.0/download"), 0);
    assert_eq!(server.count_path("packages/base/2.0.0/download"), 0);
}

#[test]
fn install_keeps_comments_and_layout_of_plugins_toml() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let original = format!(
        "# Plugins for our stoQ deployment.\n\n[registries]\ndefault = \"{}\"  # the team registry\n\n[plugins]\n# Hashing, pinned to the 1.0 line.\nstoq-hash = \"~1.0\"   # see ticket 42\n",
        reg.url()
    );
    p.write("plugins.toml", &original);

    p.run(["install", "diffy-formats"]).success();

    let text = p.read("plugins.toml");
    assert!(
        text.starts_with(&original),
        "the user's text must be kept as it was:\n{text}"
    );
    assert!(text.ends_with("diffy-formats = \"0.4.0\"\n"), "{text}");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
}

/// A no-op install writes nothing, not even an identical plugins.lock; a plugin folder deleted
/// by hand is noticed and installed again.
#[test]
fn no_op_install_writes_nothing_and_a_deleted_folder_is_reinstalled() {
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
    // An old time on plugins.lock shows whether it is written again.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .append(true)
        .open(p.path("plugins.lock"))
        .and_then(|f| f.set_modified(old))
        .expect("set the time of plugins.lock");
    let downloads = reg.server.download_count();
    let before = p.snapshot();

    p.run(["install"]).success().stderr_has("up to date");
    assert_eq!(p.snapshot(), before, "a no-op install changed the project");
    let mtime = std::fs::metadata(p.path("plugins.lock"))
        .and_then(|m| m.modified())
        .expect("time of plugins.lock");
    assert_eq!(mtime, old, "a no-op install wrote plugins.lock again");

    std::fs::remove_dir_all(p.plugin_dir("stoq-hash")).expect("delete the plugin folder");
    p.run(["install"]).success().stderr_has("stoq-hash");
    assert_files(
        &p.plugin_dir("stoq-hash"),
        &stoq_hash_expected_files("1.1.0"),
    );
    assert_content_matches(&p, "stoq-hash");
    assert_eq!(
        reg.server.download_count(),
        downloads,
        "reinstalled from the cache"
    );
    p.run(["verify"]).success();
}

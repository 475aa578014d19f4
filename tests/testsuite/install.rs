//! `plugin install`: from a folder registry, over HTTP, `NAME@REQ`, archive URLs, local folders,
//! dependencies, `--dry-run`, and failing installs (bad checksum, wrong or missing manifest,
//! unknown plugin) that change nothing.

use crate::support::registry::{Package, TestRegistry};
use crate::support::{
    assert_content_matches, assert_files, assert_same_tree, copy_dir, file_set, project,
    project_with_another_plugin, registry_index_dir, sha256_file, snapshot_tree,
    stoq_hash_expected_files, stoq_hash_fixture, unreachable_url, ServedRegistry, TestProject,
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

#[test]
fn dry_run_install_in_an_empty_folder_writes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let home_before = crate::support::snapshot_tree(p.home());

    p.run([
        "install",
        "stoq-hash",
        "--registry",
        &reg.url(),
        "--dry-run",
    ])
    .success()
    .stderr_has("stoq-hash")
    .stderr_has("1.1.0");

    let left: Vec<String> = p.snapshot().into_keys().collect();
    assert!(left.is_empty(), "--dry-run wrote files: {left:?}");
    assert_same_tree(
        &home_before,
        &crate::support::snapshot_tree(p.home()),
        "HOME after --dry-run",
    );
}

#[test]
fn dry_run_install_in_a_project_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "diffy-formats", "--registry", &reg.url()])
        .success();
    let before = p.snapshot();

    p.run(["install", "stoq-hash", "threatbus-zeek", "--dry-run"])
        .success()
        .stderr_has("stoq-hash")
        .stderr_has("threatbus-zeek")
        .stderr_has("threatbus-inmem");

    assert_same_tree(&before, &p.snapshot(), "install --dry-run");
}

#[test]
fn a_new_requirement_for_an_installed_plugin_is_announced() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    p.run(["install", "stoq-hash@~1.1"])
        .success()
        .stderr_has("Requirement of `stoq-hash` in plugins.toml: `1.1.0` -> `~1.1`");
}

/// A no-op install reads the fingerprint, no record, and asks no registry; a plugin folder
/// removed by hand, even at once, is noticed and installed again; an edit inside a plugin
/// folder is left to `plugin verify`, and `install --force` repairs it.
#[test]
fn a_no_op_install_trusts_the_fingerprint_and_notices_folders_changed_by_hand() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.url()),
    );
    let cache = p.scratch("cache");
    let install = |args: &[&str]| {
        p.plugin(args.to_vec())
            .env("PLUGIN_CACHE_DIR", &cache)
            .run()
    };
    install(&["install", "stoq-hash", "threatbus-zeek"]).success();
    assert!(p.exists("plugins/.plugin/fingerprint.json"));
    let requests = reg.server.request_count();
    install(&["-vv", "install"])
        .success()
        .stderr_has("debug: the plugin directory matches plugins.lock (`")
        .stderr_has("all plugins are installed and up to date")
        .stderr_lacks("verbose: GET");
    assert_eq!(reg.server.request_count(), requests, "a registry was asked");

    // A plugin folder removed by hand changes the plugin directory: it is installed again.
    std::fs::remove_dir_all(p.path("plugins/stoq-hash")).expect("remove plugin");
    install(&["-vv", "install"])
        .success()
        .stderr_lacks("nothing to read");
    assert!(p.exists("plugins/stoq-hash/plugin.toml"));

    // An edit inside a plugin folder is `plugin verify`'s to find; --force repairs it.
    let edited = p.path("plugins/stoq-hash/plugin.toml");
    let original = std::fs::read(&edited).expect("read");
    std::fs::write(&edited, b"edited\n").expect("edit");
    install(&["-vv", "install"])
        .success()
        .stderr_has("nothing to read");
    let out = install(&["verify"]);
    assert_ne!(out.code, Some(0), "{out}");
    install(&["install", "--force"]).success();
    assert_eq!(std::fs::read(&edited).expect("read"), original);
    install(&["verify"]).success();
}

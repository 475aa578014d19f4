//! Authoring and registry tools (issue #6): new, package, publish, yank, index init and
//! verify, search and info, and the sample registry rebuilt byte for byte.

use std::path::{Path, PathBuf};

use crate::support::{fixtures_dir, manifest_dir, snapshot_tree, TestProject};

fn sha256_line(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("sha256:"))
        .unwrap_or_else(|| panic!("no sha256 line in {stdout:?}"))
        .to_string()
}

/// A copy of a fixture folder, with fresh modification times.
fn copy_fixture(p: &TestProject, name: &str, version: &str, to: &str) -> PathBuf {
    let dest = p.scratch(to);
    crate::support::copy_dir(&fixtures_dir().join(name).join(version), &dest);
    dest
}

#[test]
fn packaging_the_same_folder_twice_anywhere_gives_the_same_sha256() {
    let p = TestProject::new();
    let a = copy_fixture(&p, "stoq-hash", "1.1.0", "a");
    // Different modification times: the second copy is made a second later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = copy_fixture(&p, "stoq-hash", "1.1.0", "b");
    let out_a = p.run(["package", a.to_str().expect("utf-8"), "--out", "out-a"]);
    out_a.success().stderr_has("Packaged stoq-hash v1.1.0");
    let out_b = p.run(["package", b.to_str().expect("utf-8"), "--out", "out-b"]);
    out_b.success();
    assert_eq!(sha256_line(&out_a.stdout), sha256_line(&out_b.stdout));
    let archive = p.path("out-a/stoq-hash-1.1.0.tar.gz");
    assert_eq!(
        crate::support::sha256_file(&archive),
        sha256_line(&out_a.stdout)
    );
    // --list prints exactly the included files and writes nothing.
    let listed = p.run(["package", a.to_str().expect("utf-8"), "--list"]);
    listed.success();
    let files: Vec<&str> = listed.stdout.lines().collect();
    assert!(files.contains(&"plugin.toml") && files.contains(&"stoq_hash/hash.stoq"));
    assert!(!files
        .iter()
        .any(|f| f.ends_with(".pyc") || f.starts_with("tests/") || f.ends_with("dev_notes.txt")));
    assert!(!p.exists("stoq-hash-1.1.0.tar.gz"));
}

#[test]
fn package_refuses_an_invalid_manifest() {
    let p = TestProject::new();
    p.write(
        "bad/plugin.toml",
        "[plugin]\nname = \"bad\"\nversion = \"1.0.0\"\ninclude = [\"nothing/**\"]\n\n[entry-points.\"g\"]\nx = \"not a module path\"\n",
    );
    p.run(["package", "bad"])
        .failure()
        .stderr_has("`include` pattern `nothing/**` matches no file")
        .stderr_has("entry point `x`");
    assert!(!p.exists("bad-1.0.0.tar.gz"));
}

#[test]
fn new_scaffolds_a_plugin_that_packages_and_installs() {
    let p = TestProject::new();
    p.run(["new", "stoq-sniff", "--kind", "worker", "--host", "stoq"])
        .success();
    let manifest = p.read("stoq-sniff/plugin.toml");
    assert!(manifest.contains("name = \"stoq-sniff\""));
    assert!(manifest.contains("kind = \"worker\""));
    assert!(manifest.contains("[entry-points.\"stoq.plugins\"]"));
    assert!(
        manifest.contains("# Other plugins this one needs"),
        "commented manifest"
    );
    assert!(p.exists("stoq-sniff/stoq_sniff/plugin.py"));
    p.run(["package", "stoq-sniff"]).success();
    p.run(["new", "stoq-sniff"])
        .failure()
        .stderr_has("already exists");
    p.run(["new", "assets", "--template", "generic"]).success();
    p.run(["package", "assets", "--list"])
        .success()
        .stdout_has("files/example.conf");
    // The scaffold installs as it is.
    p.run(["install", "./stoq-sniff"]).success();
    assert!(p.exists("plugins/stoq-sniff/stoq_sniff/plugin.py"));
}

/// A registry folder with stoq-hash 1.0.0 and 1.1.0 published, and the project that made it.
fn published() -> (TestProject, PathBuf) {
    let p = TestProject::new();
    let index = p.path("reg");
    p.run(["index", "init", "reg"]).success();
    for v in ["1.0.0", "1.1.0"] {
        let src = fixtures_dir().join("stoq-hash").join(v);
        p.run(["publish", src.to_str().expect("utf-8"), "--index", "reg"])
            .success()
            .stderr_has(&format!("Published stoq-hash v{v}"));
    }
    (p, index)
}

/// The files of a published registry and of an installed project are readable as any file
/// the user creates is (0666 less the umask), so a web server or another user can read them.
#[cfg(unix)]
#[test]
fn published_and_installed_files_have_the_mode_of_files_the_user_creates() {
    use std::os::unix::fs::PermissionsExt;
    let (p, index) = published();
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let reference = p.scratch("created").join("file");
    std::fs::File::create(&reference).expect("create a file");
    let expected = mode(&reference);
    let user = TestProject::new();
    user.run([
        "install",
        "stoq-hash",
        "--registry",
        index.to_str().expect("utf-8"),
    ])
    .success();
    let out = p.scratch("out");
    let src = fixtures_dir().join("stoq-hash").join("1.1.0");
    p.run([
        "package",
        src.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ])
    .success();
    assert!(!crate::support::find_files(&out).is_empty());
    let mut checked = 0;
    for file in crate::support::find_files(&index)
        .into_iter()
        .chain(crate::support::find_files(&out))
        .chain([
            user.path("plugins.toml"),
            user.path("plugins.lock"),
            user.path("plugins/.plugin/records/stoq-hash.json"),
        ])
    {
        assert_eq!(mode(&file), expected, "{}", file.display());
        checked += 1;
    }
    assert!(checked > 5, "only {checked} files checked");
}

#[test]
fn publishing_a_duplicate_version_is_refused_and_changes_nothing() {
    let (p, index) = published();
    let before = snapshot_tree(&index);
    let src = fixtures_dir().join("stoq-hash").join("1.1.0");
    p.run(["publish", src.to_str().expect("utf-8"), "--index", "reg"])
        .failure()
        .stderr_has("`stoq-hash` 1.1.0 is already published");
    assert_eq!(before, snapshot_tree(&index), "the index must not change");
    p.run(["index", "verify", "reg"]).success();
    // A folder that is not a registry is named, with what to do.
    p.run([
        "publish",
        src.to_str().expect("utf-8"),
        "--index",
        "nowhere",
    ])
    .failure()
    .stderr_has("plugin index init");
}

#[test]
fn a_yanked_version_is_skipped_by_a_new_install_but_installs_from_a_lock() {
    let (p, _) = published();
    let user = TestProject::new();
    let registry = p.path("reg").display().to_string();
    user.run(["install", "stoq-hash", "--registry", &registry])
        .success();
    assert_eq!(user.locked("stoq-hash").version(), "1.1.0");

    p.run(["yank", "stoq-hash@1.1.0", "--index", "reg"])
        .success()
        .stderr_has("Yanked stoq-hash v1.1.0");
    // The search listing now offers the newest version that is not yanked.
    assert!(p.read("reg/search.jsonl").contains("\"vers\":\"1.0.0\""));

    // An existing lock still installs the yanked version.
    let fresh = TestProject::new();
    fresh.write("plugins.toml", user.read("plugins.toml"));
    fresh.write("plugins.lock", user.read("plugins.lock"));
    fresh.run(["install"]).success();
    assert_eq!(fresh.locked("stoq-hash").version(), "1.1.0");

    // A new install skips it.
    let newcomer = TestProject::new();
    newcomer
        .run(["install", "stoq-hash", "--registry", &registry])
        .success();
    assert_eq!(newcomer.locked("stoq-hash").version(), "1.0.0");

    // --undo flips it back, and only the flag changes.
    let before = p.read("reg/st/oq/stoq-hash");
    p.run(["yank", "stoq-hash@1.1.0", "--index", "reg", "--undo"])
        .success();
    p.run(["yank", "stoq-hash@1.1.0", "--index", "reg"])
        .success();
    assert_eq!(p.read("reg/st/oq/stoq-hash"), before);
    p.run(["yank", "stoq-hash@9.9.9", "--index", "reg"])
        .failure()
        .stderr_has("is not published");
}

#[test]
fn index_verify_reports_a_tampered_archive_and_a_malformed_line() {
    let (p, index) = published();
    p.run(["index", "verify", "reg"])
        .success()
        .stderr_has("2 versions, no problems");
    // Tamper with one archive and add a malformed line.
    let archive = index.join("packages/stoq-hash/1.0.0/download");
    let mut bytes = std::fs::read(&archive).expect("archive");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&archive, bytes).expect("tamper");
    let file = index.join("st/oq/stoq-hash");
    let mut text = std::fs::read_to_string(&file).expect("index file");
    text.push_str("{\"name\": \"stoq-hash\", \"vers\": \n");
    std::fs::write(&file, text).expect("malformed line");

    let out = p.run(["index", "verify", "reg"]);
    out.failure()
        .stdout_has("st/oq/stoq-hash:1: the archive `packages/stoq-hash/1.0.0/download` has sha256")
        .stdout_has("st/oq/stoq-hash:3: not a valid index line");
    assert!(
        !out.stdout.contains(":2:"),
        "the good line is fine:\n{}",
        out.stdout
    );
}

#[test]
fn search_and_info_work_over_http() {
    let registry = crate::support::ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let url = registry.url();
    let out = p.run(["search", "threat", "--registry", &url]);
    out.success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(lines[0].starts_with("threatbus-inmem 1.1.0"));
    assert!(lines[1].starts_with("threatbus-zeek 1.1.0"));
    p.run(["search", "yara", "--registry", &url])
        .success()
        .stdout_has("stoq-yara 3.0.0")
        .stdout_has("Scan payloads with YARA rules");

    let out = p.run(["info", "stoq-hash", "--registry", &url]);
    out.success()
        .stdout_has("stoq-hash 1.1.0")
        .stdout_has("versions: 1.0.0, 1.1.0, 1.2.0 (yanked)")
        .stdout_has("host: stoq >=3, <4")
        .stdout_has("stoq.workers: hash = stoq_hash.hash:HashPlugin");
    let out = p.run(["info", "threatbus-zeek@1.0.0", "--registry", &url, "--json"]);
    out.success();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["plugin_version"], "1.0.0");
    assert_eq!(v["dependencies"][0]["name"], "threatbus-inmem");
    assert_eq!(
        v["entry_points"]["threatbus.app"]["zeek"],
        "threatbus_zeek.plugin:ZeekApp"
    );
    assert!(registry.server.count_path("search.jsonl") >= 2);
}

/// Every file below `dir` except the registry's lock file.
fn registry_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut all = snapshot_tree(dir);
    all.retain(|k, _| k != ".lock" && k != ".gitattributes" && !k.ends_with('/'));
    all
}

#[test]
fn the_committed_registry_index_is_a_fresh_rebuild_and_verifies() {
    let p = TestProject::new();
    let out = p.path("rebuilt");
    let script = manifest_dir().join("scripts/build-registry-index.sh");
    let status = std::process::Command::new("bash")
        .arg(&script)
        .arg(&out)
        .env("PLUGIN", env!("CARGO_BIN_EXE_plugin"))
        .status()
        .expect("run the rebuild script");
    assert!(status.success(), "the rebuild script failed");
    let committed = registry_files(&manifest_dir().join("registry-index"));
    let rebuilt = registry_files(&out);
    let differ: std::collections::BTreeSet<&String> = committed
        .keys()
        .chain(rebuilt.keys())
        .filter(|k| committed.get(*k) != rebuilt.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "registry-index/ differs from a fresh rebuild in {differ:?}; run scripts/build-registry-index.sh"
    );
    p.run([
        "index",
        "verify",
        manifest_dir()
            .join("registry-index")
            .to_str()
            .expect("utf-8"),
    ])
    .success();
}

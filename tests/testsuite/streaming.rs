//! One-pass installs (issue #8): a `.tar.gz` is unpacked into the staging area while it
//! downloads and while it is hashed, and committed into the plugin directory only once its
//! sha256 matches. The server holds half of a body back to catch the install mid-download.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::registry::{Package, TestRegistry};
use crate::support::{assert_same_tree, noise, sha256_hex, TestProject, TestServer};

/// How long a test waits for the binary to reach a state before it fails.
const WAIT: Duration = Duration::from_secs(30);

/// The 1 MiB file of `big`.
fn blob() -> Vec<u8> {
    noise(1 << 20, 0x9e37_79b9_7f4a_7c15)
}

/// A registry, served over HTTP, with `big` 1.0.0: a small first file, then 1 MiB of noise.
/// Also returns the path the server answers the archive on.
fn big_registry(tmp: &Path) -> (TestRegistry, TestServer, String) {
    let mut reg = TestRegistry::new(tmp.join("registry"));
    reg.publish(
        Package::new("big", "1.0.0")
            .file("big/__init__.py", "first = True\n")
            .file("big/blob.bin", blob()),
    );
    let server = TestServer::serve(reg.root());
    let served = reg.archive_rel("big", "1.0.0");
    (reg, server, served)
}

/// The sha256 of `big`'s archive, in hex.
fn big_sha256(reg: &TestRegistry) -> String {
    sha256_hex(&std::fs::read(reg.archive_path("big", "1.0.0")).expect("archive"))
}

/// `big` is installed whole, and locked with its archive's checksum.
#[track_caller]
fn assert_big_installed(p: &TestProject, reg: &TestRegistry) {
    assert_eq!(
        std::fs::read(p.path("plugins/big/big/blob.bin")).expect("installed blob"),
        blob()
    );
    assert_eq!(
        p.locked("big").str("checksum"),
        format!("sha256:{}", big_sha256(reg))
    );
}

/// A running `plugin` process, killed if the test ends before it does.
struct Running(Option<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The files below `dir`, recursively (empty when it does not exist).
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn a_download_is_unpacked_while_it_arrives_and_committed_only_when_whole() {
    let p = TestProject::new();
    let (reg, server, served) = big_registry(&p.scratch("reg"));
    let archive_len = std::fs::metadata(reg.archive_path("big", "1.0.0"))
        .expect("archive")
        .len() as usize;
    assert!(archive_len > 1 << 20, "{archive_len} bytes");
    // The first file and half of the noise arrive; the rest waits for `release`.
    server.pause_after(&served, archive_len / 2);

    let mut cmd = p
        .plugin(["install", "big", "--registry", &server.url()])
        .command();
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let mut running = Running(Some(cmd.spawn().expect("spawn plugin")));

    // Bounded wait for the first file to be unpacked into the staging area, whole (it may be
    // seen while its bytes are still being written).
    let staging = p.path("plugins/.plugin/staging");
    let deadline = Instant::now() + WAIT;
    loop {
        let whole = files_below(&staging)
            .into_iter()
            .filter(|f| f.ends_with("big/__init__.py"))
            .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t == "first = True\n"));
        if whole {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "nothing was unpacked into {} while half of the archive had arrived",
            staging.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Nothing is committed before the whole archive is there and its checksum checked.
    assert!(
        !p.exists("plugins/big"),
        "committed before the download ended"
    );
    assert!(
        !p.exists("plugins.lock"),
        "locked before the download ended"
    );

    server.release();
    let child = running.0.take().expect("running");
    let status = wait_bounded(child);
    assert!(status.success(), "plugin install big: {status}");
    assert_big_installed(&p, &reg);
    assert!(
        files_below(&staging).is_empty(),
        "staging area left: {:?}",
        files_below(&staging)
    );
    p.run(["verify"]).success();
}

/// Waits for `child` at most [`WAIT`], killing it after that.
fn wait_bounded(mut child: Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("plugin did not finish within {WAIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_archive_unpacked_whole_but_with_another_checksum_is_not_installed() {
    let p = TestProject::new();
    let (reg, server, _) = big_registry(&p.scratch("reg"));
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = \"{}\"\n\n[plugins]\n",
            server.url()
        ),
    );
    // The archive is intact and unpacks cleanly; only the checksum the index promises differs.
    let index = reg.index_path("big");
    let line = std::fs::read_to_string(&index).expect("index file");
    let real = big_sha256(&reg);
    let other = sha256_hex(b"another archive");
    std::fs::write(&index, line.replace(&real, &other)).expect("rewrite index");
    let before = p.snapshot();

    p.plugin(["install", "big"])
        .env("PLUGIN_NET_RETRIES", "0")
        .run()
        .failure()
        .stderr_has("big")
        .stderr_has_ci("checksum mismatch")
        .stderr_has(&other);
    assert!(!p.exists("plugins/big"));
    assert!(files_below(&p.path("plugins/.plugin/staging")).is_empty());
    assert_same_tree(
        &before,
        &p.snapshot(),
        "install of an archive with another checksum",
    );
}

#[test]
fn a_download_without_a_length_is_unpacked_on_the_way() {
    let p = TestProject::new();
    let (reg, server, served) = big_registry(&p.scratch("reg"));
    server.chunked(&served);

    p.run(["install", "big", "--registry", &server.url()])
        .success();
    let answered = server.requests_for(&served);
    assert!(!answered.is_empty() && answered.iter().all(|r| r.fault.is_some()));
    assert_big_installed(&p, &reg);
    p.run(["verify"]).success();
}

#[test]
fn a_cached_zip_installs_offline_from_a_verified_copy() {
    let p = TestProject::new();
    let cache = p.scratch("cache");
    let mut reg = TestRegistry::new(p.scratch("reg").join("registry"));
    reg.publish(
        Package::new("zipped", "1.0.0")
            .zip()
            .top_level_dir("zipped-1.0.0")
            .exclude("tests/**")
            .file("zipped/__init__.py", "zipped = True\n")
            .file("tests/test_zipped.py", "assert True\n"),
    );
    let server = TestServer::serve(reg.root());
    p.plugin(["install", "zipped", "--registry", &server.url()])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    let lock = p.read("plugins.lock");
    drop(server);

    // Another project with the same lock and cache, the registry gone: the zip comes from
    // the cache (read twice from a verified copy, as a zip cannot be unpacked as it streams).
    let q = TestProject::new();
    q.write("plugins.toml", p.read("plugins.toml"));
    q.write("plugins.lock", &lock);
    q.plugin(["install", "--offline"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    assert_eq!(
        std::fs::read_to_string(q.path("plugins/zipped/zipped/__init__.py")).expect("installed"),
        "zipped = True\n"
    );
    assert!(
        !q.exists("plugins/zipped/tests"),
        "excluded files installed"
    );
    assert!(
        !q.exists("plugins/zipped/zipped-1.0.0"),
        "top-level folder not stripped"
    );
    assert_eq!(q.read("plugins.lock"), lock);
    assert!(files_below(&q.path("plugins/.plugin/staging")).is_empty());
    q.run(["verify"]).success();
}

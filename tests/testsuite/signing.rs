//! Signed registries (issue #17): a registry folder signed with TUF (`plugin index init
//! --signed`, `publish --keys`, `index sign`), served over loopback HTTP to a project that
//! pins its root. Each attack the issue names is refused with the plugin directory,
//! plugins.toml and plugins.lock unchanged, and a message naming the attack; key rotation
//! and an expiry refresh are accepted.

use std::path::{Path, PathBuf};

use crate::support::server::{Fault, TestServer};
use crate::support::{fixtures_dir, sha256_file, TestProject};

/// A signed registry served over HTTP with stoq-hash 1.0.0, and a project pinning its root
/// in which stoq-hash 1.0.0 is installed.
struct Signed {
    p: TestProject,
    reg: PathBuf,
    keys: PathBuf,
    _server: TestServer,
}

impl Signed {
    fn new() -> Signed {
        let p = TestProject::new();
        let (reg, keys) = (p.scratch("reg"), p.scratch("keys").join("k"));
        p.run(["index", "init", s(&reg), "--signed", "--keys", s(&keys)])
            .success()
            .stderr_has("Signed");
        let signed = Signed {
            _server: TestServer::serve(&reg),
            p,
            reg,
            keys,
        };
        signed.publish("1.0.0", None);
        std::fs::copy(signed.reg.join("1.root.json"), signed.p.path("root.json"))
            .expect("copy the root");
        signed.p.write(
            "plugins.toml",
            format!(
                "[registries.default]\nindex = {:?}\nroot = \"root.json\"\n\n[plugins]\n",
                signed._server.url()
            ),
        );
        signed.p.run(["install", "stoq-hash"]).success();
        assert_eq!(signed.p.locked("stoq-hash").version(), "1.0.0");
        signed
    }

    fn publish(&self, version: &str, keys: Option<&Path>) {
        let src = fixtures_dir().join("stoq-hash").join(version);
        self.p
            .run([
                "publish",
                s(&src),
                "--index",
                s(&self.reg),
                "--keys",
                s(keys.unwrap_or(&self.keys)),
            ])
            .success()
            .stderr_has("Signed");
    }

    /// Runs `plugin index sign REG --keys KEYS` with `extra` arguments.
    fn sign(&self, extra: &[&str]) -> crate::support::RunOutput {
        let mut args = vec!["index", "sign", s(&self.reg), "--keys", s(&self.keys)];
        args.extend_from_slice(extra);
        self.p.run(args)
    }

    /// Runs `plugin upgrade stoq-hash`, expects it refused with `needle` in its message,
    /// and checks that the project did not change.
    fn refused(&self, needle: &str) {
        let before = self.p.snapshot();
        self.p
            .run(["upgrade", "stoq-hash"])
            .failure()
            .stderr_has(needle);
        assert!(
            before == self.p.snapshot(),
            "the project changed although the upgrade was refused"
        );
        assert_eq!(self.p.locked("stoq-hash").version(), "1.0.0");
    }

    fn upgraded(&self) {
        self.p.run(["upgrade", "stoq-hash"]).success();
        assert_eq!(self.p.locked("stoq-hash").version(), "1.1.0");
        assert!(self
            .p
            .read("plugins/stoq-hash/plugin.toml")
            .contains("1.1.0"));
    }

    fn index_file(&self) -> PathBuf {
        self.reg.join("st/oq/stoq-hash")
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The attacker rewrites an index line and its archive together (the sha256 in the line is
/// the new archive's): the index file no longer matches its signed target.
#[test]
fn an_index_line_and_its_archive_rewritten_together_are_refused() {
    let t = Signed::new();
    t.publish("1.1.0", None);
    let line = std::fs::read_to_string(t.index_file()).expect("index file");
    let archive = crate::support::archive_path_in(&t.reg, "stoq-hash", "1.1.0");
    let old = sha256_file(&archive);
    crate::support::corrupt_file(&archive);
    let new = sha256_file(&archive);
    std::fs::write(t.index_file(), line.replace(&old, &new)).expect("rewrite the index");
    t.refused("its content was rewritten");
    // The line agrees with its archive, so only the signatures tell: `index verify` says so.
    t.p.run(["index", "verify", s(&t.reg)])
        .failure()
        .stdout_has("st/oq/stoq-hash: `st/oq/stoq-hash` of registry");
}

/// The registry is put back to an older state (hiding a newer version) after the client saw
/// the newer one: rollback.
#[test]
fn an_older_timestamp_and_snapshot_are_refused_as_rollback() {
    let t = Signed::new();
    let names = [
        "timestamp.json",
        "snapshot.json",
        "targets.json",
        "st/oq/stoq-hash",
    ];
    let saved: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(t.reg.join(n)).expect("metadata"))
        .collect();
    t.publish("1.1.0", None);
    // The client sees the newer metadata once.
    t.p.run(["outdated"]).stdout_has("1.1.0");
    for (n, b) in names.iter().zip(&saved) {
        std::fs::write(t.reg.join(n), b).expect("restore old metadata");
    }
    t.refused("older than one already seen");
    t.p.run(["upgrade", "stoq-hash"]).stderr_has("rollback");
}

/// A timestamp that has expired: freeze; refreshing it with `plugin index sign` is accepted.
#[test]
fn an_expired_timestamp_is_refused_as_freeze_and_a_refresh_is_accepted() {
    let t = Signed::new();
    t.publish("1.1.0", None);
    t.sign(&["--timestamp-expires", "1s"]).success();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    t.refused("has expired: freeze");
    // The refresh a CI schedule runs, here through PLUGIN_SIGNING_KEYS.
    t.p.plugin(["index", "sign", s(&t.reg)])
        .env("PLUGIN_SIGNING_KEYS", s(&t.keys))
        .run()
        .success()
        .stderr_has("Signed");
    t.upgraded();
}

/// Metadata signed by a key the trusted root does not list.
#[test]
fn metadata_signed_by_a_key_the_root_does_not_list_is_refused() {
    let t = Signed::new();
    t.publish("1.1.0", None);
    // An attacker's own signed registry, whose online key signs the metadata served.
    let other = t.p.scratch("other");
    let other_keys = t.p.scratch("other-keys").join("k");
    t.p.run([
        "index",
        "init",
        s(&other),
        "--signed",
        "--keys",
        s(&other_keys),
    ])
    .success();
    std::fs::copy(other.join("timestamp.json"), t.reg.join("timestamp.json")).expect("copy");
    t.refused("not signed by a key its trusted root lists");
    // Publishing with keys the root does not name is refused by the publisher too.
    let src = fixtures_dir().join("stoq-hash").join("1.1.0");
    t.p.run([
        "publish",
        s(&src),
        "--index",
        s(&other),
        "--keys",
        s(&t.keys),
    ])
    .failure()
    .stderr_has("is not the one the root");
}

/// Files the signed targets do not list, and a signed registry that stops serving metadata.
#[test]
fn unsigned_content_from_a_signed_registry_is_refused() {
    let t = Signed::new();
    // An index file added without signing (a hand edit, or an attacker with the bucket).
    let line = std::fs::read_to_string(t.index_file()).expect("index file");
    std::fs::write(
        t.reg.join("st/oq/stoq-extra"),
        line.replace("\"stoq-hash\"", "\"stoq-extra\""),
    )
    .expect("write an unsigned index file");
    let before = t.p.snapshot();
    t.p.run(["install", "stoq-extra"])
        .failure()
        .stderr_has("is not in its signed targets: unsigned content");
    assert!(before == t.p.snapshot(), "the project changed");
    // All the metadata gone: the registry now serves unsigned content.
    for entry in std::fs::read_dir(&t.reg).expect("read reg") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with("root.json")
            || ["timestamp.json", "snapshot.json", "targets.json"].contains(&name)
        {
            std::fs::remove_file(&path).expect("remove metadata");
        }
    }
    t.publish_unsigned_over("1.1.0");
    t.refused("unsigned content from a signed registry");
}

impl Signed {
    /// Publishes `version` into the registry after its metadata was removed (the registry
    /// is then an ordinary unsigned one).
    fn publish_unsigned_over(&self, version: &str) {
        let src = fixtures_dir().join("stoq-hash").join(version);
        self.p
            .run(["publish", s(&src), "--index", s(&self.reg)])
            .success();
    }
}

/// Root key rotation: a new root signed by the old root key and the new one; a client that
/// pins the first root walks to it, and metadata signed with the new online key is accepted.
/// Offline and `--locked` runs then work from the verified cached metadata.
#[test]
fn a_rotated_root_is_accepted_and_offline_runs_use_cached_metadata() {
    let t = Signed::new();
    let new_keys = t.p.scratch("new-keys").join("k");
    t.sign(&["--rotate-root", s(&new_keys)])
        .success()
        .stderr_has("Rotated the root");
    assert!(t.reg.join("2.root.json").is_file());
    // The old online key no longer signs for the registry.
    let src = fixtures_dir().join("stoq-hash").join("1.1.0");
    t.p.run([
        "publish",
        s(&src),
        "--index",
        s(&t.reg),
        "--keys",
        s(&t.keys),
    ])
    .failure()
    .stderr_has("is not the one the root");
    t.publish("1.1.0", Some(&new_keys));
    t.upgraded();
    // The root pinned by its sha256 instead of a file: the same chain is walked.
    let pinned = t.p.read("plugins.toml");
    let digest = sha256_file(&t.reg.join("1.root.json"));
    t.p.write(
        "plugins.toml",
        pinned.replace(
            "root = \"root.json\"",
            &format!("root = \"sha256:{digest}\""),
        ),
    );
    t.p.run(["outdated"]).success();
    let wrong = sha256_file(&t.reg.join("2.root.json"));
    t.p.write(
        "plugins.toml",
        pinned.replace(
            "root = \"root.json\"",
            &format!("root = \"sha256:{wrong}\""),
        ),
    );
    t.p.run(["outdated"])
        .failure()
        .stderr_has("its root of trust was replaced");
    t.p.write("plugins.toml", pinned);
    // Offline, from the cache: the plugin folder is reinstalled from plugins.lock.
    std::fs::remove_dir_all(t.p.path("plugins")).expect("remove plugins");
    t.p.run(["install", "--offline", "--locked"]).success();
    assert!(t.p.read("plugins/stoq-hash/plugin.toml").contains("1.1.0"));
}

/// Keys are refused inside the registry, and a signed registry refuses a publish without
/// keys, before anything is written.
#[test]
fn keys_stay_outside_the_registry_and_a_signed_registry_needs_them() {
    let p = TestProject::new();
    let reg = p.scratch("reg");
    p.run([
        "index",
        "init",
        s(&reg),
        "--signed",
        "--keys",
        s(&reg.join("keys")),
    ])
    .failure()
    .stderr_has("inside the registry");
    assert!(!reg.join("keys").exists());
    let keys = p.scratch("keys").join("k");
    p.run(["index", "init", s(&reg), "--signed", "--keys", s(&keys)])
        .success();
    let before = crate::support::snapshot_tree(&reg);
    let src = fixtures_dir().join("stoq-hash").join("1.0.0");
    p.run(["publish", s(&src), "--index", s(&reg)])
        .failure()
        .stderr_has("is signed, and changing it needs its online key");
    assert!(
        before == crate::support::snapshot_tree(&reg),
        "the registry changed"
    );
}

/// An advisory filed with the online key (`PLUGIN_SIGNING_KEYS`) is signed, so that `plugin audit` of a project pinning the
/// root reads it; `index verify` of a signed registry passes (the metadata is no index file).
#[test]
fn an_advisory_filed_with_keys_is_read_by_audit() {
    let t = Signed::new();
    let record = serde_json::json!({
        "id": "PLUG-2026-0042",
        "modified": "2026-01-01T00:00:00Z",
        "summary": "PLUG-2026-0042 in stoq-hash",
        "affected": [{"package": {"ecosystem": "plugin", "name": "stoq-hash"},
                      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}],
    });
    t.p.write("rec.json", record.to_string());
    // The online key's PEM text itself, as a CI secret holds it.
    let pem = std::fs::read_to_string(t.keys.join("online.pem")).expect("online key");
    t.p.plugin(["advisory", "add", "rec.json", "--index", s(&t.reg)])
        .env("PLUGIN_SIGNING_KEYS", pem)
        .run()
        .success()
        .stderr_has("Signed");
    t.p.run(["audit"]).stdout_has("PLUG-2026-0042");
    t.p.run(["index", "verify", s(&t.reg)]).success();
}

/// The bytes of object `key` in `bucket` of the S3 server, read with boto3 (signed: objects
/// are private) as the registry's maintainers would to publish the root.
fn s3_get(s3: &crate::support::s3::S3Server, bucket: &str, key: &str) -> Vec<u8> {
    let python = crate::support::python::base_env().join("s3-server/bin/python");
    let script = "import boto3, sys\n\
         c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='k', aws_secret_access_key='s')\n\
         sys.stdout.buffer.write(c.get_object(Bucket=sys.argv[2], Key=sys.argv[3])['Body'].read())";
    let out = std::process::Command::new(python)
        .args(["-B", "-c", script, &s3.endpoint(), bucket, key])
        .output()
        .expect("run boto3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes `bytes` as object `key` in `bucket`, with boto3: an attacker holding the bucket's
/// credentials (but not the signing keys).
fn s3_put(s3: &crate::support::s3::S3Server, bucket: &str, key: &str, bytes: &[u8]) {
    use std::io::Write;
    let python = crate::support::python::base_env().join("s3-server/bin/python");
    let script = "import boto3, sys\n\
         c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='k', aws_secret_access_key='s')\n\
         c.put_object(Bucket=sys.argv[2], Key=sys.argv[3], Body=sys.stdin.buffer.read())";
    let mut child = std::process::Command::new(python)
        .args(["-B", "-c", script, &s3.endpoint(), bucket, key])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("run boto3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write the body");
    assert!(child.wait().expect("wait for boto3").success(), "put {key}");
}

/// A registry in an object store signed the same way: `index init --signed`, `publish` and
/// `yank --keys` re-sign with conditional writes; a client pinning its root installs from
/// it and refuses an index file rewritten in the bucket, leaving the project unchanged.
#[test]
fn a_registry_in_an_object_store_is_signed_and_verified() {
    let s3 = crate::support::s3::S3Server::start("plugins");
    let url = "s3://plugins/signed";
    let p = TestProject::new();
    let keys = p.scratch("keys").join("k");
    let run = |args: &[&str]| {
        let mut cmd = p.plugin(args.iter().copied());
        for (k, v) in s3.env() {
            cmd = cmd.env(k, v);
        }
        cmd.run()
    };
    run(&["index", "init", url, "--signed", "--keys", s(&keys)])
        .success()
        .stderr_has("Signed");
    let archive = |v: &str| {
        crate::support::registry_index_dir().join(format!("packages/stoq-hash/{v}/download"))
    };
    for v in ["1.0.0", "1.1.0"] {
        run(&[
            "publish",
            s(&archive(v)),
            "--index",
            url,
            "--keys",
            s(&keys),
        ])
        .success()
        .stderr_has("Signed the metadata");
    }
    // Without the keys, a signed store refuses the publish before writing.
    let src = fixtures_dir().join("stoq-hash").join("1.0.0");
    run(&["publish", s(&src), "--index", url])
        .failure()
        .stderr_has("is signed, and changing it needs its online key");
    run(&[
        "yank",
        "stoq-hash@1.1.0",
        "--index",
        url,
        "--keys",
        s(&keys),
    ])
    .success()
    .stderr_has("Signed the metadata");
    p.write("root.json", s3_get(&s3, "plugins", "signed/1.root.json"));
    p.write(
        "plugins.toml",
        format!("[registries.default]\nindex = \"{url}\"\nroot = \"root.json\"\n\n[plugins]\n"),
    );
    run(&["install", "stoq-hash"]).success();
    // The yank was signed: 1.0.0, not the yanked 1.1.0.
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    // The root rotated in the store: the client walks to `2.root.json`, the old online key
    // signs no more.
    let new_keys = p.scratch("new-keys").join("k");
    run(&[
        "index",
        "sign",
        url,
        "--keys",
        s(&keys),
        "--rotate-root",
        s(&new_keys),
    ])
    .success()
    .stderr_has("Rotated the root of `s3://plugins/signed/` to version 2");
    assert!(
        s3_get(&s3, "plugins", "signed/root.json") == s3_get(&s3, "plugins", "signed/2.root.json")
    );
    let undo = |k: &Path| {
        run(&[
            "yank",
            "stoq-hash@1.1.0",
            "--undo",
            "--index",
            url,
            "--keys",
            s(k),
        ])
    };
    undo(&keys).failure().stderr_has("is not the one the root");
    undo(&new_keys).success();
    run(&["outdated"]).success().stdout_has("1.1.0");
    // The index line of 1.1.0 marked yanked again, in the bucket only: not signed.
    let index = s3_get(&s3, "plugins", "signed/st/oq/stoq-hash");
    let text = String::from_utf8(index).expect("utf-8");
    assert!(text.contains("\"yanked\":false"), "{text}");
    s3_put(
        &s3,
        "plugins",
        "signed/st/oq/stoq-hash",
        text.replace("\"yanked\":false", "\"yanked\":true")
            .as_bytes(),
    );
    let before = p.snapshot();
    run(&["upgrade", "stoq-hash"])
        .failure()
        .stderr_has("its content was rewritten");
    assert!(before == p.snapshot(), "the project changed");
}

/// The files a mirror of a signed registry must hold as the registry signs them.
const SIGNED_IN_MIRROR: [&str; 7] = [
    "1.root.json",
    "root.json",
    "timestamp.json",
    "snapshot.json",
    "targets.json",
    "config.json",
    "st/oq/stoq-hash",
];

/// A project on a machine without the registry: `origin`'s plugins.toml (with `mirror =
/// "vendor"` added to the registry's table), plugins.lock, root.json and `vendor/`.
fn offline_copy(origin: &TestProject) -> TestProject {
    let q = TestProject::new();
    let manifest = origin.read("plugins.toml").replace(
        "root = \"root.json\"\n",
        "root = \"root.json\"\nmirror = \"vendor\"\n",
    );
    assert!(manifest.contains("mirror = \"vendor\""), "{manifest}");
    q.write("plugins.toml", manifest);
    for f in ["plugins.lock", "root.json"] {
        q.write(f, std::fs::read(origin.path(f)).expect("copy"));
    }
    crate::support::copy_dir(&origin.path("vendor"), &q.path("vendor"));
    q
}

/// `plugin mirror` of a signed registry copies its metadata and signed files byte for byte;
/// a project pinning the root installs from the mirror alone (the registry is gone), with
/// every file verified; a mirror whose index line and archive were rewritten together is
/// refused as the registry would be, with nothing changed.
#[test]
fn a_mirror_of_a_signed_registry_verifies_and_a_tampered_one_is_refused() {
    let Signed {
        p, reg, _server, ..
    } = Signed::new();
    p.run(["mirror", "vendor"]).success().stderr_has("Mirrored");
    for f in SIGNED_IN_MIRROR {
        assert!(
            std::fs::read(reg.join(f)).ok() == std::fs::read(p.path("vendor").join(f)).ok(),
            "`{f}` of the mirror is not the registry's"
        );
    }
    drop(_server);
    let q = offline_copy(&p);
    q.run(["install", "--locked"]).success();
    assert!(q.read("plugins/stoq-hash/plugin.toml").contains("1.0.0"));
    assert!(q.read("plugins.lock") == p.read("plugins.lock"));

    let tampered = offline_copy(&p);
    let vendor = tampered.path("vendor");
    let archive = crate::support::archive_path_in(&vendor, "stoq-hash", "1.0.0");
    let old = sha256_file(&archive);
    crate::support::corrupt_file(&archive);
    let line = std::fs::read_to_string(vendor.join("st/oq/stoq-hash")).expect("index file");
    std::fs::write(
        vendor.join("st/oq/stoq-hash"),
        line.replace(&old, &sha256_file(&archive)),
    )
    .expect("rewrite the index");
    // Locked, the archive fails its lock checksum; resolved afresh, the index file fails
    // its signed target, in the registry's words.
    let before = tampered.snapshot();
    tampered
        .run(["install", "--locked"])
        .failure()
        .stderr_has("checksum mismatch");
    std::fs::remove_file(tampered.path("plugins.lock")).expect("drop the lock");
    let unlocked = tampered.snapshot();
    tampered
        .run(["install"])
        .failure()
        .stderr_has("`st/oq/stoq-hash` of registry")
        .stderr_has("its content was rewritten");
    assert!(
        unlocked == tampered.snapshot(),
        "the refused install changed the project"
    );
    assert!(before.keys().all(|k| k != "plugins/stoq-hash/plugin.toml"));

    // A signed file the mirror lacks is fine until it is needed; then it is missing from
    // the mirror, not withheld.
    let partial = offline_copy(&p);
    std::fs::remove_file(partial.path("vendor/st/oq/stoq-hash")).expect("drop the index file");
    std::fs::remove_file(partial.path("plugins.lock")).expect("drop the lock");
    partial
        .run(["install"])
        .failure()
        .stderr_has("of registry `default` has no plugin `stoq-hash`");
}

/// The roles a publish writes after the index file.
const ROLES: [&str; 3] = ["targets.json", "snapshot.json", "timestamp.json"];

/// A registry caught between a publish's writes: its index file is the new one while its
/// metadata, as first read, is still the old (served by `old`, which each role's first
/// `times` requests are redirected to).
fn mid_publish(t: &Signed, times: Option<usize>) -> TestServer {
    let old = t.p.scratch("old");
    for n in ROLES {
        std::fs::copy(t.reg.join(n), old.join(n)).expect("keep the old role");
    }
    t.publish("1.1.0", None);
    let old = TestServer::serve(&old);
    for n in ROLES {
        t._server.inject(n, Fault::Redirect(old.url_of(n)), times);
    }
    old
}

/// A client that reads the new index file with the old metadata (a publish under way)
/// loads the metadata again, past the cache, and finds the file signed: no attack reported.
#[test]
fn a_file_newer_than_the_metadata_read_is_read_again_during_a_publish() {
    let t = Signed::new();
    let old = mid_publish(&t, Some(1));
    t.upgraded();
    assert_eq!(
        old.count_path("timestamp.json"),
        1,
        "the old timestamp was read"
    );
    assert_eq!(
        t._server.count_path("timestamp.json"),
        3,
        "once at install, once redirected, once reloaded"
    );
}

/// Metadata that stays older than the file is refused as a rewrite once the run's reloads
/// are spent, and each reload reads the metadata once.
#[test]
fn a_file_that_stays_unsigned_is_refused_after_the_reloads() {
    let t = Signed::new();
    let old = mid_publish(&t, None);
    t.refused("its content was rewritten");
    assert_eq!(
        old.count_path("timestamp.json"),
        3,
        "first read and two reloads"
    );
}

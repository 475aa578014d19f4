//! Registries in an object store (issue #16), against a real S3-compatible server on loopback
//! (moto, see `support::s3`): `index init`, `publish`, `install`, `upgrade --all`, `yank`,
//! `--locked` and `--offline` from the cache, credentials errors, concurrent publishers that
//! lose no version, and publishes killed half-way that leave at worst orphans.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::support::json::{assert_valid, one_document};
use crate::support::s3::{S3Server, SECRET_KEY};
use crate::support::{registry_index_dir, PluginCommand, TestProject};

/// `plugin ARGS` with the server's AWS variables.
fn run(p: &TestProject, s3: &S3Server, args: &[&str]) -> PluginCommand {
    let mut cmd = p.plugin(args.iter().copied());
    for (k, v) in s3.env() {
        cmd = cmd.env(k, v);
    }
    cmd
}

/// The committed archive of `name` `version` in registry-index/.
fn archive(name: &str, version: &str) -> PathBuf {
    registry_index_dir().join(format!("packages/{name}/{version}/download"))
}

fn publish(p: &TestProject, s3: &S3Server, url: &str, name: &str, version: &str) {
    let a = archive(name, version);
    run(
        p,
        s3,
        &["publish", a.to_str().expect("utf-8"), "--index", url],
    )
    .run()
    .success()
    .stderr_has(&format!("Published {name} v{version}"));
}

/// `plugin index verify URL --json`: its document, valid against its schema.
fn verify_json(p: &TestProject, s3: &S3Server, url: &str) -> serde_json::Value {
    let out = run(p, s3, &["index", "verify", url, "--json"]).run();
    let doc = one_document(&out);
    assert_valid(&doc, "index-verify.schema.json", &out);
    doc
}

#[test]
fn publish_install_upgrade_yank_locked_and_offline_through_s3() {
    let s3 = S3Server::start("plugins");
    let url = "s3://plugins/team/index";
    let p = TestProject::new();
    run(&p, &s3, &["index", "init", url])
        .run()
        .success()
        .stderr_has("Created registry index `s3://plugins/team/index/`");
    run(&p, &s3, &["index", "init", url])
        .run()
        .success()
        .stderr_has("is a registry index already");
    for (name, version) in [
        ("stoq-hash", "1.0.0"),
        ("diffy-formats", "0.3.0"),
        ("kitovu-moodle", "0.1.0"),
    ] {
        publish(&p, &s3, url, name, version);
    }
    // Headers for a CDN in front of the bucket: archives immutable, index files revalidated.
    assert_eq!(
        s3.object_headers("plugins", "team/index/packages/stoq-hash/1.0.0/download"),
        (
            "application/gzip".to_string(),
            "public, max-age=31536000, immutable".to_string()
        )
    );
    for (key, kind) in [
        ("st/oq/stoq-hash", "application/x-ndjson"),
        ("search.jsonl", "application/x-ndjson"),
        ("config.json", "application/json"),
    ] {
        let got = s3.object_headers("plugins", &format!("team/index/{key}"));
        assert_eq!(got, (kind.to_string(), "no-cache".to_string()), "{key}");
    }
    // The same version again is refused; nothing changes.
    let again = archive("stoq-hash", "1.0.0");
    run(
        &p,
        &s3,
        &["publish", again.to_str().unwrap(), "--index", url],
    )
    .run()
    .failure()
    .stderr_has("already published");

    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = \"{url}\"\n\n[plugins]\n"),
    );
    let published = s3.requests().len();
    run(&p, &s3, &["install", "stoq-hash@=1.0.0", "diffy-formats"])
        .run()
        .success();
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    assert_eq!(p.locked("stoq-hash").source(), format!("registry+{url}"));
    assert!(p.exists("plugins/stoq-hash/plugin.toml"));
    // Sparse: the index files of the two plugins asked for, not the third's.
    let requests = s3.requests().split_off(published);
    assert!(
        requests.iter().any(|r| r.contains("st/oq/stoq-hash"))
            && !requests.iter().any(|r| r.contains("ki/to/kitovu-moodle")),
        "{requests:#?}"
    );
    // Cached index files are revalidated with their ETag: unchanged, the store answers 304.
    let before = s3.requests().len();
    run(&p, &s3, &["outdated"]).run().success();
    let again: Vec<String> = s3.requests().split_off(before);
    assert!(
        again.iter().any(
            |r| r.starts_with("GET /plugins/team/index/st/oq/stoq-hash ") && r.ends_with("\" 304")
        ),
        "{again:#?}"
    );
    let text = p.read("plugins.toml");
    p.write(
        "plugins.toml",
        text.replace("stoq-hash = \"=1.0.0\"", "stoq-hash = \"1\""),
    );

    // A new version, published from elsewhere, is what `upgrade --all` picks.
    publish(&p, &s3, url, "stoq-hash", "1.1.0");
    run(&p, &s3, &["search", "stoq"])
        .run()
        .success()
        .stdout_has("stoq-hash");
    run(&p, &s3, &["upgrade", "--all"]).run().success();
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");

    // Yanked: a fresh resolution no longer picks it; the lockfile's pin still installs.
    run(&p, &s3, &["yank", "stoq-hash@1.1.0", "--index", url])
        .run()
        .success()
        .stderr_has("Yanked stoq-hash v1.1.0");
    let fresh = TestProject::new();
    fresh.write("plugins.toml", p.read("plugins.toml"));
    run(&fresh, &s3, &["install"]).run().success();
    assert_eq!(fresh.locked("stoq-hash").version(), "1.0.0");
    run(&p, &s3, &["install", "--locked"]).run().success();
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");

    // A mirror for air-gapped machines, written from the store.
    run(&p, &s3, &["mirror", "vendor"]).run().success();
    assert!(p.exists("vendor/config.json") && p.exists("vendor/st/oq/stoq-hash"));
    // --offline: everything from the cache, the server gone.
    std::fs::remove_dir_all(p.path("plugins")).unwrap();
    let verified = verify_json(&p, &s3, url);
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(verified["checked"], 4, "{verified}");
    assert_eq!(verified["orphans"], serde_json::json!([]), "{verified}");
    drop(s3);
    let gone = S3Server::start_authenticating();
    run(&p, &gone, &["install", "--offline", "--locked"])
        .run()
        .success();
    assert!(p.exists("plugins/stoq-hash/plugin.toml"));
}

#[test]
fn credentials_errors_name_the_variables_and_never_the_secret() {
    let s3 = S3Server::start_authenticating();
    let p = TestProject::new();
    // A key the store does not know: refused by the server.
    let out = run(&p, &s3, &["index", "verify", "s3://plugins/x"]).run();
    out.failure()
        .stderr_has("refused access")
        .stderr_has("AWS_ACCESS_KEY_ID")
        .stderr_lacks(SECRET_KEY);
    // No secret at all: nothing is sent, and the variable to set is named.
    let out = p
        .plugin(["index", "init", "s3://plugins/x"])
        .env("AWS_ACCESS_KEY_ID", "AKIAONLYTHEID")
        .env("AWS_ENDPOINT_URL", s3.endpoint())
        .run();
    out.failure()
        .stderr_has("`AWS_SECRET_ACCESS_KEY` is not set");
    p.write(
        "plugins.toml",
        "[registries]\ndefault = \"s3://plugins/x\"\n\n[plugins]\nstoq-hash = \"1\"\n",
    );
    p.plugin(["install"])
        .env("AWS_ENDPOINT_URL", s3.endpoint())
        .run()
        .failure()
        .stderr_has("AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY");
}

/// A plugin folder `name` `version` with one file, to publish.
fn plugin_source(p: &TestProject, name: &str, version: &str) -> PathBuf {
    let dir = p.scratch(&format!("src/{name}-{version}"));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("plugin.toml"),
        format!("[plugin]\nname = \"{name}\"\nversion = \"{version}\"\ndescription = \"Test plugin\"\ninclude = [\"pkg/**\"]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("pkg/data.txt"), format!("{name} {version}\n")).unwrap();
    dir
}

/// Packages `sources` into archives (once; publishing an archive is what is raced).
fn archives(p: &TestProject, sources: &[(String, String)]) -> Vec<PathBuf> {
    sources
        .iter()
        .map(|(n, v)| {
            let dir = plugin_source(p, n, v);
            let out = p.scratch(&format!("out/{n}-{v}"));
            p.run([
                "package",
                dir.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .success();
            out.join(format!("{n}-{v}.tar.gz"))
        })
        .collect()
}

fn index_versions(p: &TestProject, s3: &S3Server, url: &str, name: &str) -> Vec<String> {
    let out = run(p, s3, &["info", name, "--registry", url, "--json"]).run();
    out.success();
    let doc: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let mut v: Vec<String> = doc["versions"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"))
        .iter()
        .map(|x| x["version"].as_str().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn eight_concurrent_publishers_lose_no_version() {
    let s3 = S3Server::start("race");
    let p = TestProject::new();
    // Four plugins, and four versions of a fifth.
    let mut sources: Vec<(String, String)> = (1..=4)
        .map(|i| (format!("racer-{i}"), "1.0.0".to_string()))
        .collect();
    sources.extend((0..4).map(|i| ("racer-many".to_string(), format!("1.{i}.0"))));
    let archives = archives(&p, &sources);
    for round in 0..20 {
        let url = format!("s3://race/round-{round}");
        run(&p, &s3, &["index", "init", &url]).run().success();
        let children: Vec<_> = archives
            .iter()
            .map(|a| {
                run(&p, &s3, &["publish", a.to_str().unwrap(), "--index", &url])
                    .command()
                    .spawn()
                    .expect("spawn plugin publish")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            index_versions(&p, &s3, &url, "racer-many"),
            ["1.0.0", "1.1.0", "1.2.0", "1.3.0"],
            "round {round}"
        );
        let verified = verify_json(&p, &s3, &url);
        assert_eq!(verified["ok"], true, "round {round}: {verified}");
        assert_eq!(verified["checked"], 8, "round {round}: {verified}");
        // Every plugin is in the search listing, with its newest version.
        let listed = run(&p, &s3, &["search", "racer", "--registry", &url]).run();
        listed.success();
        for i in 1..=4 {
            assert!(listed.stdout.contains(&format!("racer-{i}")), "{listed}");
        }
        assert!(listed.stdout.contains("1.3.0"), "round {round}: {listed}");
    }
}

#[test]
fn publishes_killed_half_way_leave_only_orphans_that_gc_removes() {
    let s3 = S3Server::start("crash");
    let p = TestProject::new();
    let sources: Vec<(String, String)> = (0..=12)
        .map(|i| ("crashy".to_string(), format!("1.{i}.0")))
        .collect();
    let mut archives = archives(&p, &sources);
    let url = "s3://crash/index";
    run(&p, &s3, &["index", "init", url]).run().success();
    // How long a whole publish takes here: the kills fall anywhere within it.
    let warm_up = archives.pop().unwrap();
    let started = std::time::Instant::now();
    run(
        &p,
        &s3,
        &["publish", warm_up.to_str().unwrap(), "--index", url],
    )
    .run()
    .success();
    let full = started.elapsed();
    let full_ms = u64::try_from(full.as_millis()).unwrap_or(u64::MAX).max(2);
    let mut published = Vec::new();
    for (i, a) in archives.iter().enumerate() {
        let mut child = run(&p, &s3, &["publish", a.to_str().unwrap(), "--index", url])
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn plugin publish");
        // Somewhere between start-up and the last write.
        std::thread::sleep(Duration::from_millis(fastrand::u64(1..full_ms)));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if status.success() {
            published.push(sources[i].1.clone());
        }
        let verified = verify_json(&p, &s3, url);
        assert_eq!(verified["ok"], true, "kill {i}: {verified}");
        assert_eq!(verified["problems"], serde_json::json!([]), "kill {i}");
    }
    // An archive no line names, as a publish killed between its two writes leaves.
    s3.put_empty("/crash/index/packages/crashy/9.9.9/download");
    let verified = verify_json(&p, &s3, url);
    assert_eq!(verified["ok"], true, "{verified}");
    let orphans = verified["orphans"].as_array().unwrap().len();
    assert!(
        verified["orphans"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("packages/crashy/9.9.9/download")),
        "{verified}"
    );
    let out = run(&p, &s3, &["index", "gc", url, "--json"]).run();
    out.success();
    let doc = one_document(&out);
    assert_valid(&doc, "index-gc.schema.json", &out);
    assert_eq!(doc["removed"].as_array().unwrap().len(), orphans, "{doc}");
    let after = verify_json(&p, &s3, url);
    assert_eq!(after["ok"], true, "{after}");
    assert_eq!(after["orphans"], serde_json::json!([]), "{after}");
    // A version killed before its index line can be published again afterwards; one that
    // got its line (whether or not the process lived to say so) is refused as published.
    for (i, a) in archives.iter().enumerate() {
        let out = run(&p, &s3, &["publish", a.to_str().unwrap(), "--index", url]).run();
        if published.contains(&sources[i].1) || out.code != Some(0) {
            out.failure().stderr_has("already published");
        }
    }
    assert_eq!(verify_json(&p, &s3, url)["checked"], 13);
}

#[test]
fn credentials_and_endpoint_from_the_profile_that_aws_profile_selects() {
    let s3 = S3Server::start("profiles");
    let p = TestProject::new();
    let aws = p.home().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    // The default profile has no usable credentials: only `ci` works.
    std::fs::write(
        aws.join("credentials"),
        format!(
            "[default]\naws_access_key_id = AKIADEFAULTONLY\n\n[ci]\naws_access_key_id = {}\naws_secret_access_key = {SECRET_KEY}\n",
            crate::support::s3::ACCESS_KEY
        ),
    )
    .unwrap();
    std::fs::write(
        aws.join("config"),
        format!(
            "[profile ci]\nregion = us-east-1\nendpoint_url = {}\n",
            s3.endpoint()
        ),
    )
    .unwrap();
    let url = "s3://profiles/team";
    let plugin = |args: &[&str], profile: Option<&str>| {
        let mut cmd = p.plugin(args.iter().copied());
        if let Some(profile) = profile {
            cmd = cmd.env("AWS_PROFILE", profile);
        }
        cmd.run()
    };
    plugin(&["index", "init", url], None)
        .failure()
        .stderr_has("the profile `default` in `")
        .stderr_has("has no `aws_secret_access_key`")
        .stderr_lacks(SECRET_KEY);
    plugin(&["index", "init", url], Some("ci")).success();
    let a = archive("stoq-hash", "1.0.0");
    plugin(
        &["publish", a.to_str().unwrap(), "--index", url],
        Some("ci"),
    )
    .success();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = \"{url}\"\n\n[plugins]\nstoq-hash = \"1\"\n"),
    );
    plugin(&["install"], Some("ci")).success();
    assert!(p.exists("plugins/stoq-hash/plugin.toml"));
    // A profile neither file has: named, with the variable and the files, and no secret.
    let out = plugin(&["index", "verify", url], Some("nope"));
    out.failure()
        .stderr_has("the profile `nope` that `AWS_PROFILE` names")
        .stderr_has(".aws/credentials")
        .stderr_lacks(SECRET_KEY);
    // The variables win over the files: a wrong endpoint in the environment is what is used.
    plugin(&["index", "verify", url], Some("ci")).success();
    p.plugin(["index", "verify", url])
        .env("AWS_PROFILE", "ci")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("PLUGIN_NET_RETRIES", "0")
        .run()
        .failure()
        .stderr_has("127.0.0.1:9");
}

#[test]
fn a_web_identity_token_is_exchanged_at_sts_for_temporary_credentials() {
    let s3 = S3Server::start("oidc");
    let p = TestProject::new();
    let tls = p.scratch("tls");
    let certs = crate::support::tls::TestCerts::generate();
    let ca = certs.write_ca_pem(&tls);
    let (cert, key) = certs.write_leaf_pem(&tls);
    let sts = S3Server::start_sts(&cert, &key);
    let token = tls.join("oidc-token");
    let token_text = "eyJ0ZXN0LW9pZGMtdG9rZW4ifQ.not-a-real-jwt";
    std::fs::write(&token, token_text).unwrap();
    let oidc = |args: &[&str], trust: bool| {
        let mut cmd = p
            .plugin(args.iter().copied())
            .env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
            .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/publisher")
            .env("AWS_ROLE_SESSION_NAME", "ci-job-42")
            .env("AWS_ENDPOINT_URL", s3.endpoint())
            .env("AWS_ENDPOINT_URL_STS", sts.endpoint())
            .env("PLUGIN_NET_RETRIES", "0");
        if trust {
            cmd = cmd.env("SSL_CERT_FILE", &ca);
        }
        cmd.run()
    };
    let url = "s3://oidc/ci";
    // Without the CA that signed STS's certificate, the exchange fails and nothing is
    // written.
    let out = oidc(&["index", "init", url], false);
    out.failure()
        .stderr_has("invalid peer certificate")
        .stderr_has("SSL_CERT_FILE")
        .stderr_lacks(token_text);
    assert!(!s3.requests().iter().any(|r| r.starts_with("PUT /oidc/ci/")));
    oidc(&["index", "init", url], true).success();
    let a = archive("stoq-hash", "1.0.0");
    oidc(&["publish", a.to_str().unwrap(), "--index", url], true)
        .success()
        .stderr_lacks(token_text);
    let exchanges: Vec<String> = sts
        .requests()
        .into_iter()
        .filter(|r| {
            r.starts_with("POST /?Action=AssumeRoleWithWebIdentity")
                && r.contains("RoleSessionName=ci-job-42")
                && r.ends_with("\" 200")
        })
        .collect();
    assert!(exchanges.len() >= 2, "{:#?}", sts.requests());
    assert!(s3
        .requests()
        .iter()
        .any(|r| r.starts_with("PUT /oidc/ci/st/oq/stoq-hash")));
}

/// A loopback port that accepts connections and never answers; the connections it took.
fn silent_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let taken = std::sync::Arc::new(AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&taken);
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (endpoint, taken)
}

#[test]
fn net_timeouts_and_retries_apply_to_stores() {
    use std::sync::atomic::Ordering;
    let p = TestProject::new();
    let (endpoint, taken) = silent_server();
    let verify = |vars: &[(&str, &str)]| {
        let mut cmd = p
            .plugin(["index", "verify", "s3://silent/index"])
            .env("AWS_ACCESS_KEY_ID", crate::support::s3::ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_ENDPOINT_URL", &endpoint);
        for (k, v) in vars {
            cmd = cmd.env(k, v);
        }
        let started = std::time::Instant::now();
        let out = cmd.run();
        (out, started.elapsed())
    };
    // One second without an answer ends an attempt; two retries: three connections, and far
    // less than the default 30 s.
    let (out, took) = verify(&[("PLUGIN_NET_TIMEOUT", "1"), ("PLUGIN_NET_RETRIES", "2")]);
    out.failure()
        .stderr_has("`s3://silent/index/`")
        .stderr_has("PLUGIN_NET_TIMEOUT")
        .stderr_lacks(SECRET_KEY);
    assert_eq!(taken.load(Ordering::SeqCst), 3, "{out}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    // The deadline bounds a whole attempt, whatever the timeout; no retry.
    let (out, took) = verify(&[
        ("PLUGIN_NET_TIMEOUT", "120"),
        ("PLUGIN_NET_DEADLINE", "1"),
        ("PLUGIN_NET_RETRIES", "0"),
    ]);
    out.failure().stderr_has("`s3://silent/index/`");
    assert_eq!(taken.load(Ordering::SeqCst), 4, "{out}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn index_verify_checks_the_advisory_files_in_a_store() {
    let s3 = S3Server::start("advised");
    let p = TestProject::new();
    let url = "s3://advised/reg";
    run(&p, &s3, &["index", "init", url]).run().success();
    publish(&p, &s3, url, "stoq-hash", "1.0.0");
    publish(&p, &s3, url, "diffy-formats", "0.3.0");
    let record = |id: &str, name: &str| {
        serde_json::json!([{
            "id": id,
            "modified": "2026-01-01T00:00:00Z",
            "summary": format!("{id} in {name}"),
            "affected": [{"package": {"ecosystem": "plugin", "name": name},
                          "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}],
        }])
        .to_string()
    };
    s3.put(
        "/advised/reg/advisories/st/oq/stoq-hash",
        record("PLUG-2026-0001", "stoq-hash").as_bytes(),
    );
    let ok = verify_json(&p, &s3, url);
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["problems"], serde_json::json!([]), "{ok}");
    assert_eq!(ok["orphans"], serde_json::json!([]), "{ok}");
    // A file for a plugin the registry does not publish, and one that is not OSV records.
    s3.put(
        "/advised/reg/advisories/ki/to/kitovu-moodle",
        record("PLUG-2026-0002", "kitovu-moodle").as_bytes(),
    );
    // (moto refuses an unsigned write over an existing object: a new one.)
    s3.put(
        "/advised/reg/advisories/di/ff/diffy-formats",
        b"[{\"id\": 1}]",
    );
    let bad = verify_json(&p, &s3, url);
    assert_eq!(bad["ok"], false, "{bad}");
    let problems = bad["problems"].as_array().unwrap();
    let about = |file: &str| {
        problems
            .iter()
            .filter(|p| p["file"] == file)
            .map(|p| p["message"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        about("advisories/ki/to/kitovu-moodle")
            .iter()
            .any(|m| m.contains("`kitovu-moodle` is not published in this registry")),
        "{bad}"
    );
    let unreadable = about("advisories/di/ff/diffy-formats");
    assert_eq!(unreadable.len(), 1, "{bad}");
    assert!(!unreadable[0].contains("advisory path"), "{bad}");
    assert_eq!(problems.len(), 2, "{bad}");
    let out = run(&p, &s3, &["index", "verify", url]).run();
    out.code(1);
    out.stdout_has("advisories/di/ff/diffy-formats");
}

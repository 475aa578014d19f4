//! `[policy]`, advisories and `plugin audit`, `plugin why` and `plugin advisory add`, over
//! registries built with `TestRegistry` and served on loopback.

use std::time::Duration;

use serde_json::json;

use crate::support::registry::{Package, TestRegistry};
use crate::support::{TestProject, TestServer};

const DAY: Duration = Duration::from_secs(86_400);

/// A registry folder in `p`'s scratch space.
fn registry(p: &TestProject) -> TestRegistry {
    TestRegistry::new(p.scratch("registry"))
}

/// plugins.toml with the served registry as default, `plugins` in `[plugins]` and `policy`
/// (when given) as the body of `[policy]`.
fn write_manifest(p: &TestProject, server: &TestServer, plugins: &str, policy: Option<&str>) {
    let policy = policy.map_or_else(String::new, |b| format!("\n[policy]\n{b}\n"));
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = \"{}\"\n\n[plugins]\n{plugins}\n{policy}",
            server.url()
        ),
    );
}

/// An OSV record `id` on `name` with SEMVER events `events`.
fn osv(id: &str, name: &str, events: serde_json::Value) -> serde_json::Value {
    json!({
        "id": id,
        "modified": "2026-01-01T00:00:00Z",
        "summary": format!("{id} in {name}"),
        "affected": [{"package": {"ecosystem": "plugin", "name": name},
                      "ranges": [{"type": "SEMVER", "events": events}]}],
    })
}

fn stdout_json(out: &crate::support::RunOutput) -> serde_json::Value {
    serde_json::from_str(out.stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}

#[test]
fn audit_reports_a_locked_hit_with_the_fix_in_text_and_json() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    for v in ["1.0.0", "1.1.0", "2.0.0"] {
        reg.publish(Package::new("hash", v));
    }
    reg.publish(Package::new("base", "1.0.0"));
    reg.advisory(
        "hash",
        osv(
            "PLUG-2026-0001",
            "hash",
            json!([{"introduced": "0"}, {"fixed": "1.1.0"}]),
        ),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "hash = \"=1.0.0\"\nbase = \"1\"", None);
    p.run(["install"]).success();
    // The requirement now allows the fix.
    write_manifest(&p, &server, "hash = \"1.0.0\"\nbase = \"1\"", None);

    let out = p.run(["audit"]);
    out.code(1);
    out.stdout_has("PLUG-2026-0001 hash 1.0.0: PLUG-2026-0001 in hash");
    out.stdout_has("affected: <1.1.0");
    out.stdout_has("fix: upgrade to 1.1.0 (`plugin upgrade hash`)");
    out.stderr_has("1 advisory in 2 locked plugins");

    let out = p.run(["audit", "--json"]);
    out.code(1);
    let doc = stdout_json(&out);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["checked"], 2);
    assert_eq!(doc["remaining"], 1);
    let hit = &doc["advisories"][0];
    assert_eq!(hit["id"], "PLUG-2026-0001");
    assert_eq!(hit["plugin"], "hash");
    assert_eq!(hit["version"], "1.0.0");
    assert_eq!(hit["fixed"], "1.1.0");
    assert_eq!(hit["malicious"], false);

    // A requirement that excludes every fix says so.
    write_manifest(&p, &server, "hash = \"~1.0.0\"\nbase = \"1\"", None);
    let out = p.run(["audit"]);
    out.code(1);
    out.stdout_has("1.1.0 is fixed but outside the requirements");

    p.run(["audit", "--ignore", "PLUG-2026-0001"]).success();
}

#[test]
fn ignore_until_fixed_expires_when_the_fix_is_published() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    reg.advisory(
        "hash",
        osv(
            "PLUG-2026-0002",
            "hash",
            json!([{"introduced": "1.0.0"}, {"fixed": "1.0.1"}]),
        ),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "hash = \"1\"", None);
    p.run(["install"]).success();

    p.run(["audit"]).code(1);
    let out = p.run(["audit", "--ignore-until-fixed", "PLUG-2026-0002"]);
    out.success();
    out.stdout_has("[ignored: --ignore-until-fixed: no fixed version is published yet]");

    reg.publish(Package::new("hash", "1.0.1"));
    let out = p.run(["audit", "--ignore-until-fixed", "PLUG-2026-0002"]);
    out.code(1);
    out.stderr_has("`--ignore-until-fixed PLUG-2026-0002` no longer applies");
    out.stdout_has("fix: upgrade to 1.0.1");
}

#[test]
fn a_malicious_version_is_never_installed_and_the_resolver_picks_another() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    reg.publish(Package::new("hash", "1.1.0"));
    reg.advisory(
        "hash",
        json!({"id": "MAL-2026-7", "modified": "2026-01-01T00:00:00Z",
               "summary": "credential stealer",
               "affected": [{"package": {"ecosystem": "plugin", "name": "hash"}, "versions": ["1.1.0"]}]}),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "", Some(""));

    p.run(["install", "hash"]).success();
    assert_eq!(p.locked("hash").version(), "1.0.0");
    assert_eq!(server.count_path("packages/hash/1.1.0/download"), 0);

    let before = p.snapshot();
    let out = p.run(["install", "hash@=1.1.0"]);
    out.code(4);
    out.stderr_has("`[policy]` in plugins.toml refuses the versions needed");
    out.stderr_has("`hash` 1.1.0 is refused by `[policy]` (malicious advisories): advisory MAL-2026-7 (credential stealer) reports it as malicious");
    out.stderr_has("hint: `hash` 1.1.0: no setting lifts this");
    crate::support::assert_same_tree(&before, &p.snapshot(), "a refused install");

    let out = p.run(["install", "hash@=1.1.0", "--json"]);
    out.code(4);
    let doc = stdout_json(&out);
    assert_eq!(doc["error"]["exit_code"], 4);
    assert_eq!(doc["error"]["refusals"][0]["rule"], "malicious");
    assert_eq!(doc["error"]["refusals"][0]["plugin"], "hash");
    assert_eq!(doc["error"]["refusals"][0]["version"], "1.1.0");

    // Locked before the advisory was known: refused too, with or without `--locked`.
    let locked = TestProject::new();
    write_manifest(&locked, &server, "hash = \"=1.1.0\"", None);
    locked.run(["install"]).success();
    write_manifest(&locked, &server, "hash = \"=1.1.0\"", Some(""));
    std::fs::remove_dir_all(locked.path("plugins/hash")).expect("rm plugin");
    for args in [&["install"][..], &["install", "--locked"][..]] {
        locked
            .run(args.iter().copied())
            .code(4)
            .stderr_has("`hash` 1.1.0 is refused by `[policy]` (malicious advisories)");
    }
    assert!(!locked.exists("plugins/hash"));
}

#[test]
fn deny_all_advisories_picks_an_unaffected_version() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    reg.publish(Package::new("hash", "1.1.0"));
    reg.advisory(
        "hash",
        osv("PLUG-2026-0003", "hash", json!([{"introduced": "1.1.0"}])),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(
        &p,
        &server,
        "hash = \"1\"",
        Some("deny-advisories = \"all\""),
    );
    p.run(["install"]).success();
    assert_eq!(p.locked("hash").version(), "1.0.0");
}

#[test]
fn min_release_age_picks_older_versions_except_exempt_and_locked_ones() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0").published_ago(DAY * 30));
    reg.publish(Package::new("hash", "1.1.0").published_ago(DAY / 24));
    reg.publish(Package::new("base", "1.0.0"));
    let server = TestServer::serve(reg.root());

    write_manifest(
        &p,
        &server,
        "hash = \"1\"",
        Some("min-release-age = \"7d\""),
    );
    p.run(["install"]).success();
    assert_eq!(p.locked("hash").version(), "1.0.0");
    let out = p.run(["why", "hash@1.1.0"]);
    out.success();
    out.stdout_has("`hash` 1.1.0 is not chosen: `[policy]` refuses it (min-release-age)");
    out.stdout_has("add \"hash\" to `[policy] exempt`");

    let exempt = TestProject::new();
    write_manifest(
        &exempt,
        &server,
        "hash = \"1\"",
        Some("min-release-age = \"7d\"\nexempt = [\"hash\"]"),
    );
    exempt.run(["install"]).success();
    assert_eq!(exempt.locked("hash").version(), "1.1.0");

    // Locked before the policy: still installs, with `--locked` and when resolving anew.
    let locked = TestProject::new();
    write_manifest(&locked, &server, "hash = \"1\"", None);
    locked.run(["install"]).success();
    assert_eq!(locked.locked("hash").version(), "1.1.0");
    write_manifest(
        &locked,
        &server,
        "hash = \"1\"",
        Some("min-release-age = \"7d\""),
    );
    std::fs::remove_dir_all(locked.path("plugins/hash")).expect("rm plugin");
    locked.run(["install", "--locked"]).success();
    assert!(locked.exists("plugins/hash/plugin.toml"));
    locked.run(["install", "base"]).success();
    assert_eq!(locked.locked("hash").version(), "1.1.0");
}

#[test]
fn the_license_rule_refuses_and_explains() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("gpl", "1.0.0").license("GPL-3.0-only", true));
    reg.publish(Package::new("quiet", "1.0.0").license("GPL-2.0-only", false));
    reg.publish(Package::new("mit", "1.0.0").license("MIT OR Apache-2.0", true));
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "", Some("licenses = [\"MIT\"]"));

    p.run(["install", "mit"]).success();
    let out = p.run(["install", "gpl"]);
    out.code(4);
    out.stderr_has("`gpl` 1.0.0 is refused by `[policy]` (licenses): its license `GPL-3.0-only` is not satisfied by `licenses` (`MIT`)");
    out.stderr_has("add one of its licenses to `[policy] licenses`");
    // A license only in plugin.toml is checked once the archive is staged.
    let out = p.run(["install", "quiet", "--json"]);
    out.code(4);
    let doc = stdout_json(&out);
    assert_eq!(doc["error"]["refusals"][0]["rule"], "licenses");
    assert_eq!(doc["error"]["refusals"][0]["plugin"], "quiet");
    assert!(!p.exists("plugins/quiet"));
}

#[test]
fn the_registry_rule_refuses_and_explains() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    let server = TestServer::serve(reg.root());
    write_manifest(
        &p,
        &server,
        "hash = \"1\"",
        Some("registries = [\"internal\"]"),
    );
    let out = p.run(["install"]);
    out.code(4);
    out.stderr_has("it comes from registry `default`, and `registries` allows only `internal`");
    out.stderr_has("add \"default\" to `[policy] registries` in plugins.toml");
    write_manifest(
        &p,
        &server,
        "hash = \"1\"",
        Some("registries = [\"default\"]"),
    );
    p.run(["install"]).success();
}

#[test]
fn why_explains_a_chosen_and_a_rejected_version() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("base", "1.0.0"));
    reg.publish(Package::new("base", "1.2.0"));
    reg.publish(Package::new("base", "2.0.0"));
    reg.publish(Package::new("base", "1.3.0").yanked(true));
    reg.publish(Package::new("app", "1.0.0").dep("base", "^1.0"));
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "app = \"1\"\nbase = \"1.0\"", None);
    p.run(["install"]).success();
    assert_eq!(p.locked("base").version(), "1.2.0");

    let out = p.run(["why", "base"]);
    out.success();
    out.stdout_has("`base` 1.2.0 is chosen, needed by:");
    out.stdout_has("plugins.toml -> app 1.0.0 (plugins.toml: 1) -> base 1.2.0 (app needs ^1.0)");
    out.stdout_has("plugins.toml -> base 1.2.0 (plugins.toml: 1.0)");

    p.run(["why", "base@2.0.0"])
        .success()
        .stdout_has("`base` 2.0.0 is not chosen: the requirements on it allow only");
    p.run(["why", "base@1.3.0"])
        .success()
        .stdout_has("`base` 1.3.0 is not chosen: it is yanked");
    p.run(["why", "base@9.9.9"])
        .success()
        .stdout_has("`base` 9.9.9 is not chosen: it is not published in registry `default`");

    let out = p.run(["why", "base@1.0.0", "--json"]);
    out.success();
    let doc = stdout_json(&out);
    assert_eq!(doc["chosen"], "1.2.0");
    assert_eq!(doc["paths"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["asked"]["chosen"], false);
    assert_eq!(
        doc["asked"]["reason"],
        "plugins.lock keeps 1.2.0 (`plugin upgrade base` moves it)"
    );
}

#[test]
fn advisory_add_files_valid_records_and_index_verify_checks_them() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    let root = reg.root().to_str().expect("utf-8").to_string();
    p.write(
        "rec.json",
        osv("PLUG-2026-0009", "hash", json!([{"introduced": "0"}])).to_string(),
    );
    let out = p.run(["advisory", "add", "rec.json", "--index", &root]);
    out.success();
    out.stderr_has("Added advisory PLUG-2026-0009 for `hash` in `advisories/ha/sh/hash`");
    let filed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(reg.root().join("advisories/ha/sh/hash")).expect("filed"),
    )
    .expect("JSON");
    assert_eq!(filed[0]["id"], "PLUG-2026-0009");
    // Again: replaced, not doubled.
    p.run(["advisory", "add", "rec.json", "--index", &root])
        .success()
        .stderr_has("Updated advisory PLUG-2026-0009");
    p.run(["index", "verify", &root]).success();

    p.write(
        "bad.json",
        osv("PLUG-2026-0010", "nothere", json!([{"introduced": "0"}])).to_string(),
    );
    p.run(["advisory", "add", "bad.json", "--index", &root])
        .failure()
        .stderr_has("names `nothere`, which is not published");
    p.write("bad.json", json!({"id": "X", "affected": []}).to_string());
    p.run(["advisory", "add", "bad.json", "--index", &root])
        .failure()
        .stderr_has("is not an OSV record");

    std::fs::write(reg.root().join("advisories/ha/sh/hash"), "[{\"id\": 1}]").expect("tamper");
    let out = p.run(["index", "verify", &root]);
    out.code(1);
    out.stdout_has("advisories/ha/sh/hash");
}

/// `audit`, `why` and `advisory add` print one document valid against their schemas, on
/// success and on failure; a refusal's error document lists the refusals.
#[test]
fn policy_commands_print_one_valid_document() {
    use crate::support::json::{assert_valid, one_document};
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    reg.publish(Package::new("hash", "1.1.0").published_ago(DAY / 24));
    let root = reg.root().to_str().expect("utf-8").to_string();
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "hash = \"=1.0.0\"", None);
    p.run(["install"]).success();

    let out = p.run(["--json", "audit"]);
    out.success();
    assert_valid(&one_document(&out), "audit.schema.json", &out);

    p.write(
        "rec.json",
        osv(
            "PLUG-2026-0011",
            "hash",
            json!([{"introduced": "0"}, {"fixed": "1.1.0"}]),
        )
        .to_string(),
    );
    let out = p.run(["--json", "advisory", "add", "rec.json", "--index", &root]);
    out.success();
    let doc = one_document(&out);
    assert_valid(&doc, "advisory-add.schema.json", &out);
    assert_eq!(doc["filed"][0]["action"], "added");
    let out = p.run([
        "--json",
        "advisory",
        "add",
        "missing.json",
        "--index",
        &root,
    ]);
    out.failure();
    assert_valid(&one_document(&out), "error.schema.json", &out);

    let out = p.run(["--json", "audit"]);
    out.failure();
    let doc = one_document(&out);
    assert_valid(&doc, "audit.schema.json", &out);
    assert_eq!(doc["ok"], false);

    let out = p.run(["--json", "why", "hash@1.1.0"]);
    out.success();
    let doc = one_document(&out);
    assert_valid(&doc, "why.schema.json", &out);
    assert_eq!(doc["asked"]["chosen"], false);
    let out = p.run(["--json", "why", "nothere"]);
    out.failure();
    assert_valid(&one_document(&out), "error.schema.json", &out);

    write_manifest(
        &p,
        &server,
        "hash = \"=1.1.0\"",
        Some("min-release-age = \"7d\""),
    );
    let out = p.run(["--json", "install"]);
    out.code(4);
    let doc = one_document(&out);
    assert_valid(&doc, "error.schema.json", &out);
    assert_eq!(doc["error"]["refusals"][0]["rule"], "min-release-age");
}

/// `plugin publish` records `license` and a `published` time (RFC 3339, UTC) in the line;
/// `SOURCE_DATE_EPOCH` sets the time, for reproducible registries.
#[test]
fn publish_records_the_license_and_the_published_time() {
    let p = TestProject::new();
    p.run(["index", "init", "reg"]).success();
    for (version, epoch) in [("1.0.0", None), ("1.1.0", Some("86400"))] {
        p.write(
            &format!("src-{version}/plugin.toml"),
            format!("[plugin]\nname = \"hash\"\nversion = \"{version}\"\nlicense = \"MIT\"\n"),
        );
        let dir = format!("src-{version}");
        let mut cmd = p.plugin(["publish", dir.as_str(), "--index", "reg"]);
        if let Some(e) = epoch {
            cmd = cmd.env("SOURCE_DATE_EPOCH", e);
        }
        cmd.run().success();
    }
    let lines: Vec<serde_json::Value> = p
        .read("reg/ha/sh/hash")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines[0]["license"], "MIT");
    let published = lines[0]["published"].as_str().expect("published");
    let re_ok =
        published.len() == 20 && published.ends_with('Z') && published.as_bytes()[10] == b'T';
    assert!(re_ok, "{published}");
    assert!(published > "2025-01-01", "{published}");
    assert_eq!(lines[1]["published"], "1970-01-02T00:00:00Z");
}

/// Advisory files are read like index files: only for the plugins asked about, once per run,
/// and kept in the cache for `--offline` runs.
#[test]
fn advisory_files_are_fetched_sparsely_and_cached() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    reg.publish(Package::new("hash", "1.0.0"));
    reg.publish(Package::new("other", "1.0.0"));
    reg.advisory(
        "hash",
        osv("PLUG-2026-0020", "hash", json!([{"introduced": "0"}])),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "hash = \"1\"", Some(""));
    let cache = p.scratch("cache");
    let run = |args: &[&str]| {
        p.plugin(args.iter().copied())
            .env("PLUGIN_CACHE_DIR", &cache)
            .run()
    };
    run(&["install"]).success();
    assert_eq!(server.count_path("advisories/ha/sh/hash"), 1);
    assert_eq!(server.count_path("advisories/ot/he/other"), 0);
    run(&["audit"]).code(1);
    let asked = server.count_path("advisories/ha/sh/hash");
    run(&["--offline", "audit"])
        .code(1)
        .stdout_has("PLUG-2026-0020 hash 1.0.0");
    assert_eq!(
        server.count_path("advisories/ha/sh/hash"),
        asked,
        "offline asks nothing"
    );
}

/// `plugin mirror` copies each locked plugin's advisory file, so `plugin audit` on the machine
/// that reads the mirror, with the registry gone, sees the same advisories.
#[test]
fn a_mirror_carries_the_advisories_of_the_locked_plugins() {
    let p = TestProject::new();
    let mut reg = registry(&p);
    for v in ["1.0.0", "1.1.0"] {
        reg.publish(Package::new("hash", v));
    }
    reg.publish(Package::new("base", "1.0.0"));
    reg.advisory(
        "hash",
        osv(
            "PLUG-2026-0009",
            "hash",
            json!([{"introduced": "0"}, {"fixed": "1.1.0"}]),
        ),
    );
    let server = TestServer::serve(reg.root());
    write_manifest(&p, &server, "hash = \"=1.0.0\"\nbase = \"1\"", None);
    p.run(["install"]).success();
    p.run(["mirror", "vendor/plugins"]).success();
    assert!(p.exists("vendor/plugins/advisories/ha/sh/hash"));
    assert!(!p.exists("vendor/plugins/advisories/ba/se/base"));
    drop(server);
    let out = p.run(["audit", "--offline", "--mirror", "vendor/plugins"]);
    out.code(1);
    out.stdout_has("PLUG-2026-0009 hash 1.0.0");
}

//! Issue #12, "Secrets": credentials are bound to the registry URL they were issued for, never
//! to a project-local name; CI variables and plugins.toml cannot redirect a secret to another
//! host; a password in a URL appears in no output and no file; and every way a location
//! enters passes the one plain-http check.
//!
//! The registries are the sample registry served on 127.0.0.1; a second server on another
//! port is another origin. Every server logs the headers it received.

use std::path::Path;
use std::time::Duration;

use crate::support::server::TestServer;
use crate::support::{snapshot_tree, PluginCommand, RunOutput, ServedRegistry, TestProject};

/// How long one run of the binary may take.
const RUN_LIMIT: Duration = Duration::from_secs(120);
/// A host that is not loopback and never resolves (RFC 6761), so nothing leaves the machine.
const REMOTE: &str = "http://example.invalid/";

/// A fresh random secret of 32 letters and digits.
fn new_secret() -> String {
    let mut rng = fastrand::Rng::new();
    (0..32).map(|_| rng.alphanumeric()).collect()
}

/// `s` as a TOML basic string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A project whose plugins.toml names `url` as its `default` registry.
fn project_at(url: &str) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = {}\n\n[plugins]\n", q(url)),
    );
    p
}

/// Runs `cmd` with `stdin`, bounded by `RUN_LIMIT`.
fn run_with_stdin(cmd: PluginCommand, stdin: &[u8]) -> RunOutput {
    let (out, elapsed) = cmd.run_limited(Some(stdin), RUN_LIMIT);
    assert!(out.code.is_some(), "killed after {elapsed:?}\n{out}");
    out
}

/// Panics when stdout or stderr of `out` holds `secret`.
#[track_caller]
fn assert_output_lacks(out: &RunOutput, secret: &str) {
    assert!(
        !out.stdout.contains(secret) && !out.stderr.contains(secret),
        "`{}` printed the secret\n{out}",
        out.command
    );
}

/// The requests `server` saw that carried an `Authorization` header, as `METHOD PATH`.
fn authorized(server: &TestServer) -> Vec<String> {
    server
        .requests_with_authorization()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Asserts `server` saw requests and every one of them carried exactly `header`.
#[track_caller]
fn assert_all_carry(server: &TestServer, header: &str) {
    let requests = server.requests();
    assert!(!requests.is_empty(), "the registry saw no request");
    for r in &requests {
        assert_eq!(
            r.header("authorization"),
            Some(header),
            "{} {} did not carry the credential",
            r.method,
            r.path
        );
    }
}

/// Every file below `dir` whose bytes contain `secret`, as paths relative to `dir`.
fn files_holding(dir: &Path, secret: &str) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
        .map(|(rel, _)| rel)
        .collect()
}

/// `printf TOKEN | plugin login ARG` in `p` with the credentials in `config`.
fn login(p: &TestProject, config: &Path, arg: &str, token: &str) -> RunOutput {
    run_with_stdin(
        p.plugin(["login", arg]).env("PLUGIN_CONFIG_DIR", config),
        token.as_bytes(),
    )
}

#[test]
fn a_stored_token_never_reaches_the_registry_of_another_project() {
    let a = ServedRegistry::copy_of_sample();
    let b = ServedRegistry::copy_of_sample();
    let token = new_secret();
    let config = tempfile::tempdir().expect("tempdir");

    // Project A logs in to its `default`.
    let pa = project_at(&a.url());
    let out = login(&pa, config.path(), "default", &token);
    out.success();
    assert_output_lacks(&out, &token);
    let stored: toml::Table = std::fs::read_to_string(config.path().join("credentials.toml"))
        .expect("credentials.toml")
        .parse()
        .expect("credentials.toml is TOML");
    let registries = stored["registries"].as_table().expect("[registries]");
    assert_eq!(
        registries.keys().collect::<Vec<_>>(),
        [&a.url()],
        "the token is stored under A's URL, not under the name `default`: {stored}"
    );

    // Project B also calls its registry `default`, on another origin: no token goes there.
    let pb = project_at(&b.url());
    let out = pb
        .plugin(["-vv", "install", "stoq-hash"])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run();
    out.success();
    assert_output_lacks(&out, &token);
    assert!(b.server.request_count() > 0, "B's registry was used");
    assert_eq!(authorized(&b.server), Vec::<String>::new());

    // Project A's registry gets it with every request: config.json, index, archive.
    pa.plugin(["install", "stoq-hash"])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run()
        .success();
    assert_all_carry(&a.server, &format!("Bearer {token}"));
    assert_eq!(a.server.download_count(), 1);
    assert_eq!(a.server.count_path("config.json"), 1);
}

#[test]
fn a_ci_token_variable_is_sent_only_with_the_url_it_names() {
    let real = ServedRegistry::copy_of_sample();
    let other = ServedRegistry::copy_of_sample();
    let token = new_secret();
    let var = "PLUGIN_REGISTRIES_DEFAULT_TOKEN";
    let index = "PLUGIN_REGISTRIES_DEFAULT_INDEX";

    // An untrusted plugins.toml points `default` at another server.
    let p = project_at(&other.url());
    let out = p.plugin(["install", "stoq-hash"]).env(var, &token).run();
    out.success().stderr_has(index);
    assert_output_lacks(&out, &token);

    // The CI says which URL the token is for: still withheld from the other server.
    let p = project_at(&other.url());
    let out = p
        .plugin(["install", "stoq-hash"])
        .env(var, &token)
        .env(index, real.url())
        .run();
    out.success().stderr_has("withheld");
    assert_output_lacks(&out, &token);
    assert!(other.server.request_count() > 0);
    assert_eq!(authorized(&other.server), Vec::<String>::new());
    assert_eq!(real.server.request_count(), 0);

    // Where plugins.toml agrees with the CI, the token goes with every request.
    let p = project_at(&real.url());
    let out = p
        .plugin(["install", "stoq-hash"])
        .env(var, &token)
        .env(index, real.url())
        .run();
    out.success().stderr_lacks("withheld");
    assert_all_carry(&real.server, &format!("Bearer {token}"));
}

#[test]
fn token_env_cannot_send_another_variable_to_its_own_host() {
    let attacker = ServedRegistry::copy_of_sample();
    let secret = new_secret();
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries.default]\nindex = {}\ntoken-env = \"CLOUD_SECRET\"\n\n[plugins]\n",
            q(&attacker.url())
        ),
    );
    let before = p.snapshot();
    let out = p
        .plugin(["install", "stoq-hash"])
        .env("CLOUD_SECRET", &secret)
        .run();
    out.failure()
        .stderr_has("token-env")
        .stderr_has("PLUGIN_REGISTRIES_DEFAULT_INDEX");
    assert_output_lacks(&out, &secret);
    crate::support::assert_same_tree(&before, &p.snapshot(), "install with token-env");
    assert_eq!(
        attacker.server.request_count(),
        0,
        "{:?}",
        attacker.server.requests()
    );
}

#[test]
fn a_password_in_a_registry_url_appears_in_no_output_and_no_file() {
    let reg = ServedRegistry::copy_of_sample();
    let password = new_secret();
    let port = reg.server.port();
    let with_password = format!("http://user:{password}@127.0.0.1:{port}/");
    let clean = format!("http://127.0.0.1:{port}/");
    // The user wrote the password into their own plugins.toml.
    let p = project_at(&with_password);

    let out = p.run(["-vv", "install", "stoq-hash", "threatbus-zeek"]);
    out.success();
    assert_output_lacks(&out, &password);
    // The password is used, as Basic credentials, for this registry.
    let basic = reg
        .server
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_string))
        .collect::<Vec<_>>();
    assert!(
        !basic.is_empty() && basic.iter().all(|h| h.starts_with("Basic ")),
        "{basic:?}"
    );
    assert_eq!(
        p.locked("stoq-hash").source(),
        format!("registry+{clean}"),
        "{}",
        p.read("plugins.lock")
    );

    let commands: Vec<Vec<String>> = [
        vec!["install"],
        vec!["install", "--json"],
        vec!["install", "diffy-formats", "--json"],
        vec!["list"],
        vec!["--json", "list"],
        vec!["tree"],
        vec!["verify"],
        vec!["--json", "verify"],
        vec!["outdated"],
        vec!["upgrade", "--all"],
        vec!["uninstall", "diffy-formats"],
        vec!["info", "stoq-hash"],
        vec!["search", "hash"],
        vec!["install", "no-such-plugin"],
        vec!["--json", "install", "no-such-plugin"],
    ]
    .iter()
    .map(|a| a.iter().map(|s| s.to_string()).collect())
    .collect();
    for args in &commands {
        let out = p.plugin(args.clone()).run();
        out.no_panic();
        assert_output_lacks(&out, &password);
    }
    // Given on the command line of search and info, where nothing is written: used, not shown.
    for args in [
        vec!["search", "hash", "--registry", with_password.as_str()],
        vec!["info", "stoq-hash", "--registry", with_password.as_str()],
    ] {
        let out = TestProject::new().run(args);
        out.success();
        assert_output_lacks(&out, &password);
    }

    // Only the user's own plugins.toml holds the password, and the copies of it that
    // `plugin rollback` keeps: not plugins.lock, not the records.
    let holding: Vec<String> = files_holding(p.dir(), &password)
        .into_iter()
        .filter(|f| {
            !(f == "plugins.toml"
                || (f.starts_with("plugins/.plugin/history/") && f.ends_with(".toml")))
        })
        .collect();
    assert_eq!(holding, Vec::<String>::new());
    assert!(p.exists("plugins/.plugin/records"));

    // plugin itself never writes a password into plugins.toml: `install --registry` and an
    // archive URL with one are refused, before anything is written.
    for args in [
        vec!["install", "stoq-hash", "--registry", with_password.as_str()],
        vec!["init", "--registry", with_password.as_str()],
    ] {
        let fresh = TestProject::new();
        let out = fresh.run(args);
        out.failure().stderr_has("plugin login");
        assert_output_lacks(&out, &password);
        assert_eq!(files_holding(fresh.dir(), &password), Vec::<String>::new());
        assert!(!fresh.exists("plugins.toml"));
    }
    // A URL that does not parse is echoed without its password.
    let broken = format!("http://user:{password}@127.0.0.1:99999/");
    for args in [
        vec!["install".to_string(), format!("{broken}x.zip")],
        vec![
            "search".into(),
            "hash".into(),
            "--registry".into(),
            broken.clone(),
        ],
        vec!["init".into(), "--registry".into(), broken.clone()],
    ] {
        let out = TestProject::new().run(args);
        out.failure();
        assert_output_lacks(&out, &password);
    }
    let archive =
        format!("http://user:{password}@127.0.0.1:{port}/packages/kitovu-moodle/0.2.0/download");
    let fresh = TestProject::new();
    let out = fresh.run(["install", archive.as_str()]);
    out.failure().stderr_has("user name or password");
    assert_output_lacks(&out, &password);
    assert!(!fresh.exists("plugins.toml"));
}

#[test]
fn plain_http_is_refused_off_loopback_at_every_entry() {
    let sha = "0".repeat(64);
    let archive = format!("{REMOTE}x.zip");
    let entries: Vec<Vec<&str>> = vec![
        vec!["init", "--registry", REMOTE],
        vec!["search", "hash", "--registry", REMOTE],
        vec!["info", "stoq-hash", "--registry", REMOTE],
        vec!["install", "stoq-hash", "--registry", REMOTE],
        vec!["install", archive.as_str()],
        vec!["install", archive.as_str(), "--sha256", sha.as_str()],
    ];
    for args in entries {
        let p = TestProject::new();
        let before = p.snapshot();
        let out = p.run(args.clone());
        out.failure()
            .stderr_has("plain http")
            .stderr_lacks("could not connect");
        crate::support::assert_same_tree(&before, &p.snapshot(), &args.join(" "));
    }

    // plugins.toml: a registry without `allow-http`, and an archive URL.
    for manifest in [
        format!(
            "[registries]\ndefault = {}\n\n[plugins]\nstoq-hash = \"*\"\n",
            q(REMOTE)
        ),
        format!(
            "[plugins]\nx = {{ url = {}, sha256 = {} }}\n",
            q(&archive),
            q(&sha)
        ),
    ] {
        let p = TestProject::new();
        p.write("plugins.toml", &manifest);
        let before = p.snapshot();
        let out = p.run(["install"]);
        out.failure()
            .stderr_has("plain http")
            .stderr_lacks("could not connect");
        crate::support::assert_same_tree(&before, &p.snapshot(), &manifest);
    }
}

#[test]
fn plain_http_on_loopback_stays_allowed() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["init", "--registry", &reg.url()]).success();
    p.run(["install", "stoq-hash"]).success();
    p.run(["search", "hash", "--registry", &reg.url()])
        .success()
        .stdout_has("stoq-hash");
    let archive = reg.archive_path("kitovu-moodle", "0.2.0");
    let url = reg.server.url_of("packages/kitovu-moodle/0.2.0/download");
    p.run(["install", &url]).success();
    p.run([
        "install",
        &url,
        "--sha256",
        &crate::support::sha256_file(&archive),
    ])
    .success();
    p.run(["verify"]).success();
}

#[test]
fn a_name_keyed_credentials_file_is_not_used_and_says_how_to_migrate() {
    let reg = ServedRegistry::copy_of_sample();
    let token = new_secret();
    let config = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        config.path().join("credentials.toml"),
        format!("[registries.default]\ntoken = {}\n", q(&token)),
    )
    .expect("write credentials.toml");
    let p = project_at(&reg.url());

    let out = p
        .plugin(["install", "stoq-hash"])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run();
    out.success()
        .stderr_has("registry name `default`")
        .stderr_has("plugin login default");
    assert_output_lacks(&out, &token);
    assert_eq!(authorized(&reg.server), Vec::<String>::new());

    // Logging in again stores it under the URL and drops the old entry.
    let seen = reg.server.request_count();
    login(&p, config.path(), "default", &token).success();
    let text = std::fs::read_to_string(config.path().join("credentials.toml")).expect("read");
    let stored: toml::Table = text.parse().expect("TOML");
    let keys: Vec<&String> = stored["registries"]
        .as_table()
        .expect("[registries]")
        .keys()
        .collect();
    assert_eq!(keys, [&reg.url()], "{text}");
    let out = p
        .plugin(["install", "diffy-formats"])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run();
    out.success().stderr_lacks("registry name");
    let later: Vec<_> = reg.server.requests().into_iter().skip(seen).collect();
    assert!(!later.is_empty());
    assert!(
        later
            .iter()
            .all(|r| r.header("authorization") == Some(format!("Bearer {token}").as_str())),
        "{later:?}"
    );
}

#[test]
fn login_refuses_a_registry_the_project_does_not_configure() {
    let reg = ServedRegistry::copy_of_sample();
    let token = new_secret();
    let config = tempfile::tempdir().expect("tempdir");
    let p = project_at(&reg.url());

    let out = login(&p, config.path(), "other", &token);
    out.failure()
        .stderr_has("no registry named `other`")
        .stderr_has("[registries]");
    let out = login(
        &p,
        config.path(),
        "https://elsewhere.example/index/",
        &token,
    );
    out.failure()
        .stderr_has("not configured")
        .stderr_has("[registries]");
    let out = login(&TestProject::new(), config.path(), "default", &token);
    out.failure().stderr_has("plugins.toml");
    assert!(
        !config.path().join("credentials.toml").exists(),
        "nothing was stored"
    );

    // The URL of a configured registry is fine, and logout by URL removes it.
    login(&p, config.path(), &reg.url(), &token).success();
    let text = std::fs::read_to_string(config.path().join("credentials.toml")).expect("read");
    assert!(text.contains(&reg.url()), "{text}");
    p.plugin(["logout", &reg.url()])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run()
        .success()
        .stderr_has("removed");
    let text = std::fs::read_to_string(config.path().join("credentials.toml")).expect("read");
    assert!(!text.contains(&token), "{text}");
}

#[test]
fn a_token_goes_to_its_index_path_and_the_archive_folder_its_config_names() {
    // One server: the index under /index/, the archives under /files/ (as `dl` says), and
    // a document elsewhere on the same origin that the index does not name.
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    crate::support::copy_dir(&crate::support::registry_index_dir(), &root.join("index"));
    crate::support::copy_dir(
        &crate::support::registry_index_dir().join("packages"),
        &root.join("files"),
    );
    let server = TestServer::serve(&root);
    std::fs::write(
        root.join("index/config.json"),
        format!(
            "{{\"dl\": \"{}files/{{name}}/{{version}}/download\"}}\n",
            server.url()
        ),
    )
    .expect("write config.json");
    let index = format!("{}index/", server.url());
    let token = new_secret();
    let config = tempfile::tempdir().expect("tempdir");
    let p = project_at(&index);
    login(&p, config.path(), "default", &token).success();

    p.plugin(["install", "stoq-hash"])
        .env("PLUGIN_CONFIG_DIR", config.path())
        .run()
        .success();
    let requests = server.requests();
    let want = format!("Bearer {token}");
    assert!(!requests.is_empty());
    assert!(
        requests.iter().all(
            |r| (r.path.starts_with("/index/") || r.path.starts_with("/files/"))
                && r.header("authorization") == Some(&want)
        ),
        "{requests:?}"
    );
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.path.starts_with("/files/"))
            .count(),
        1,
        "{requests:?}"
    );
}

//! TLS and plain HTTP: HTTPS registries with their own CA (`ca-file`, `SSL_CERT_FILE`), and the one
//! plain-http check (allowed on loopback, refused elsewhere unless allowed).

use crate::support::private::{
    assert_output_lacks_token, assert_stoq_installed, install_stoq, private_registry, INDEX_VAR,
    TIMEOUT_RUN_LIMIT, TOKEN_VAR,
};
use crate::support::{assert_same_tree, toml_str as q, ServedRegistry, TestProject};

#[test]
fn https_registry_with_an_unknown_ca_fails_with_a_certificate_error() {
    let reg = private_registry();
    let p = TestProject::new();
    p.write("plugins.toml", reg.manifest(None, ""));
    let before = p.snapshot();

    let out = install_stoq(&p)
        .env(TOKEN_VAR, &reg.token)
        .env(INDEX_VAR, reg.server.url())
        .run();
    out.failure().stderr_has_any_ci(&["certificate", "tls"]);
    assert_output_lacks_token(&out, &reg.token);
    assert_same_tree(&before, &p.snapshot(), "install from an untrusted server");
    assert_eq!(
        reg.server.request_count(),
        0,
        "no request (and no token) may reach a server that is not trusted"
    );
}

#[test]
fn ssl_cert_file_trusts_the_registry_ca_without_ca_file() {
    let reg = private_registry();
    let p = TestProject::new();
    p.write("plugins.toml", reg.manifest(None, ""));

    install_stoq(&p)
        .env(TOKEN_VAR, &reg.token)
        .env(INDEX_VAR, reg.server.url())
        .env("SSL_CERT_FILE", &reg.ca_pem)
        .run()
        .success();
    assert_stoq_installed(&p);
}

#[test]
fn plain_http_to_a_remote_host_needs_allow_http() {
    let p = TestProject::new();
    // 192.0.2.1 (TEST-NET-1) is not loopback; nothing should ever connect to it.
    p.write(
        "plugins.toml",
        "[registries.internal]\nindex = \"http://192.0.2.1/index/\"\n\n[plugins]\n",
    );
    let before = p.snapshot();
    let cmd = install_stoq(&p)
        .env("PLUGIN_NET_CONNECT_TIMEOUT", "2")
        .env("PLUGIN_NET_TIMEOUT", "2")
        .env("PLUGIN_NET_RETRIES", "0");
    let (out, elapsed) = cmd.run_limited(None, TIMEOUT_RUN_LIMIT);
    assert!(
        out.code.is_some(),
        "killed after {elapsed:?}: it tried to connect?\n{out}"
    );
    out.failure()
        .stderr_has("internal")
        .stderr_has("allow-http");
    assert_same_tree(&before, &p.snapshot(), "install over plain remote http");
}

/// A host that is not loopback and never resolves (RFC 6761), so nothing leaves the machine.
const REMOTE: &str = "http://example.invalid/";

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

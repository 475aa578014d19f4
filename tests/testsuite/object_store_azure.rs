//! Registries in Azure Blob storage (`az://CONTAINER/PREFIX`, issue #16), against Azurite on
//! loopback (see `support::azurite`): `index init`, `publish`, `install`, `index verify`,
//! concurrent publishers that lose no version, and the conditional writes they rely on.

use std::path::PathBuf;

use crate::support::azurite::{Azurite, ACCOUNT, ACCOUNT_KEY};
use crate::support::{registry_index_dir, PluginCommand, TestProject};

/// `plugin ARGS` with the emulator's Azure variables.
fn run(p: &TestProject, az: &Azurite, args: &[&str]) -> PluginCommand {
    let mut cmd = p.plugin(args.iter().copied());
    for (k, v) in az.env() {
        cmd = cmd.env(k, v);
    }
    cmd
}

/// The committed archive of `name` `version` in registry-index/.
fn archive(name: &str, version: &str) -> PathBuf {
    registry_index_dir().join(format!("packages/{name}/{version}/download"))
}

fn publish(
    p: &TestProject,
    az: &Azurite,
    url: &str,
    a: &std::path::Path,
) -> crate::support::RunOutput {
    run(
        p,
        az,
        &["publish", a.to_str().expect("utf-8"), "--index", url],
    )
    .run()
}

#[test]
fn publish_install_and_verify_through_azure_blob() {
    let az = Azurite::start("plugins");
    let url = "az://plugins/team";
    let p = TestProject::new();
    run(&p, &az, &["index", "init", url])
        .run()
        .success()
        .stderr_has("Created registry index `az://plugins/team/`");
    run(&p, &az, &["index", "init", url])
        .run()
        .success()
        .stderr_has("is a registry index already");
    for (name, version) in [
        ("stoq-hash", "1.0.0"),
        ("stoq-hash", "1.1.0"),
        ("diffy-formats", "0.3.0"),
    ] {
        publish(&p, &az, url, &archive(name, version))
            .success()
            .stderr_has(&format!("Published {name} v{version}"))
            .stderr_lacks(ACCOUNT_KEY);
    }
    publish(&p, &az, url, &archive("stoq-hash", "1.0.0"))
        .failure()
        .stderr_has("already published");
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = \"{url}\"\n\n[plugins]\nstoq-hash = \"1\"\ndiffy-formats = \"*\"\n"),
    );
    run(&p, &az, &["install"]).run().success();
    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");
    assert_eq!(p.locked("stoq-hash").source(), format!("registry+{url}"));
    assert!(p.exists("plugins/diffy-formats/plugin.toml"));
    run(&p, &az, &["search", "stoq"])
        .run()
        .success()
        .stdout_has("stoq-hash");
    run(&p, &az, &["index", "verify", url])
        .run()
        .success()
        .stderr_has("3 versions, no problems");
    // A wrong key: refused by the emulator, the secret not shown.
    let wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
    run(&p, &az, &["index", "verify", url])
        .env("AZURE_STORAGE_ACCOUNT_KEY", wrong)
        .run()
        .failure()
        .stderr_has("refused access")
        .stderr_has("AZURE_STORAGE_ACCOUNT_KEY")
        .stderr_lacks(wrong);
    // No key at all: nothing is sent, the variables are named.
    p.plugin(["index", "verify", url])
        .env("AZURE_STORAGE_ACCOUNT_NAME", ACCOUNT)
        .env("AZURE_STORAGE_ENDPOINT", az.endpoint())
        .run()
        .failure()
        .stderr_has("AZURE_STORAGE_ACCOUNT_KEY");
}

#[test]
fn concurrent_publishers_lose_no_version_in_azure_blob() {
    let az = Azurite::start("race");
    let p = TestProject::new();
    let url = "az://race/index";
    run(&p, &az, &["index", "init", url]).run().success();
    // Six versions of one plugin at once: every publish rewrites the same index file.
    let versions = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0"];
    let archives: Vec<PathBuf> = versions
        .iter()
        .map(|v| {
            let dir = p.scratch(&format!("src/racer-{v}"));
            std::fs::create_dir_all(dir.join("pkg")).unwrap();
            std::fs::write(
                dir.join("plugin.toml"),
                format!("[plugin]\nname = \"racer\"\nversion = \"{v}\"\ndescription = \"Test plugin\"\ninclude = [\"pkg/**\"]\n"),
            )
            .unwrap();
            std::fs::write(dir.join("pkg/data.txt"), format!("racer {v}\n")).unwrap();
            let out = p.scratch(&format!("out/racer-{v}"));
            p.run(["package", dir.to_str().unwrap(), "--out", out.to_str().unwrap()])
                .success();
            out.join(format!("racer-{v}.tar.gz"))
        })
        .collect();
    let children: Vec<_> = archives
        .iter()
        .map(|a| {
            run(&p, &az, &["publish", a.to_str().unwrap(), "--index", url])
                .command()
                .spawn()
                .expect("spawn plugin publish")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(&p, &az, &["info", "racer", "--registry", url, "--json"]).run();
    out.success();
    let doc: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let mut got: Vec<String> = doc["versions"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"))
        .iter()
        .map(|x| x["version"].as_str().unwrap_or_default().to_string())
        .collect();
    got.sort();
    assert_eq!(got, versions);
    run(&p, &az, &["index", "verify", url]).run().success();
}

/// What `publish` relies on, checked on the emulator itself: a create-only write over an
/// existing blob and an `If-Match` write with a stale ETag are both refused.
#[test]
fn azurite_refuses_writes_whose_precondition_fails() {
    use object_store::{ObjectStore, PutMode, PutOptions, UpdateVersion};
    let az = Azurite::start("cond");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let store = object_store::azure::MicrosoftAzureBuilder::new()
        .with_account(ACCOUNT)
        .with_access_key(ACCOUNT_KEY)
        .with_container_name("cond")
        .with_endpoint(az.endpoint())
        .with_allow_http(true)
        .build()
        .expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let path = object_store::path::Path::from("f");
    let put = |mode: PutMode, body: &'static str| {
        rt.block_on(store.put_opts(
            &path,
            body.into(),
            PutOptions {
                mode,
                ..PutOptions::default()
            },
        ))
    };
    let first = put(PutMode::Create, "one").expect("create");
    assert!(matches!(
        put(PutMode::Create, "two"),
        Err(object_store::Error::AlreadyExists { .. })
    ));
    let second = put(
        PutMode::Update(UpdateVersion {
            e_tag: first.e_tag.clone(),
            version: None,
        }),
        "two",
    )
    .expect("update with the current ETag");
    assert_ne!(first.e_tag, second.e_tag);
    assert!(matches!(
        put(
            PutMode::Update(UpdateVersion {
                e_tag: first.e_tag,
                version: None,
            }),
            "three",
        ),
        Err(object_store::Error::Precondition { .. })
    ));
}

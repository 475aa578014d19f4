//! `plugin list`: one line per installed plugin on stdout, `NAME VERSION SOURCE`.

use crate::support::{stoq_hash_fixture, ServedRegistry, TestProject};

#[test]
fn list_prints_installed_plugins_with_version_and_source() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run([
        "install",
        "stoq-hash@~1.0",
        "threatbus-zeek",
        "--registry",
        &reg.url(),
    ])
    .success();
    let local = crate::support::fixtures_dir()
        .join("diffy-formats")
        .join("0.4.0");
    p.run(["install", local.to_str().expect("utf-8 path")])
        .success();
    assert!(stoq_hash_fixture("1.0.0").is_dir());
    let requests = reg.server.request_count();

    let out = p.run(["list"]);
    out.success();

    let expected = [
        ("stoq-hash", "1.0.0", "registry"),
        ("threatbus-zeek", "1.1.0", "registry"),
        ("threatbus-inmem", "1.1.0", "registry"),
        ("diffy-formats", "0.4.0", "path"),
    ];
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per plugin expected\n{out}"
    );
    for (name, version, kind) in expected {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no line for {name}\n{out}"));
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert!(
            fields.len() >= 3,
            "`NAME VERSION SOURCE` expected: {line:?}"
        );
        assert_eq!(fields[1].trim_start_matches('v'), version, "{line:?}");
        let source = fields[2..].join(" ");
        assert!(
            source.contains(kind),
            "source of {name} should be a {kind} source: {line:?}"
        );
        let locked = p.locked(name);
        assert!(
            source.contains(locked.source()) || locked.source().contains(&source),
            "listed source {source:?} vs lock source {:?}",
            locked.source()
        );
    }
    assert_eq!(
        reg.server.request_count(),
        requests,
        "list needs no network"
    );
}

#[test]
fn list_of_an_empty_project_prints_no_plugin() {
    let p = TestProject::new();
    p.write("plugins.toml", "[plugins]\n");
    let out = p.run(["list"]);
    out.success();
    assert!(
        out.stdout.trim().is_empty(),
        "no plugin is installed\n{out}"
    );
}

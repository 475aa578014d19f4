//! Yanked versions: never picked by a new install, and asking for one exactly fails.

use crate::support::{assert_same_tree, index_rel_path, ServedRegistry, TestProject};

/// The sample index must really list 1.2.0 as yanked, or these tests prove nothing.
fn assert_sample_has_yanked_1_2_0(reg: &ServedRegistry) {
    let index = std::fs::read_to_string(reg.root().join(index_rel_path("stoq-hash")))
        .expect("stoq-hash index");
    let yanked: Vec<String> = index
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("index line is JSON"))
        .filter(|v| v["yanked"] == true)
        .map(|v| v["vers"].as_str().expect("vers").to_string())
        .collect();
    assert_eq!(yanked, ["1.2.0"], "sample index of stoq-hash:\n{index}");
}

#[test]
fn install_never_picks_a_yanked_version() {
    let reg = ServedRegistry::copy_of_sample();
    assert_sample_has_yanked_1_2_0(&reg);
    let p = TestProject::new();

    p.run(["install", "stoq-hash", "--registry", &reg.url()])
        .success();

    assert_eq!(p.locked("stoq-hash").version(), "1.1.0");
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.2.0/download"),
        0
    );
    let manifest: toml::Table = p
        .read("plugins/stoq-hash/plugin.toml")
        .parse()
        .expect("toml");
    assert_eq!(manifest["plugin"]["version"].as_str(), Some("1.1.0"));
}

#[test]
fn install_of_an_exact_yanked_version_fails() {
    let reg = ServedRegistry::copy_of_sample();
    assert_sample_has_yanked_1_2_0(&reg);
    let p = TestProject::new();
    p.run(["install", "diffy-formats", "--registry", &reg.url()])
        .success();
    let before = p.snapshot();

    let out = p.run(["install", "stoq-hash@=1.2.0"]);
    assert_eq!(out.code, Some(1), "no matching version is exit 1: {out}");
    out.stderr_has(
        "no version of `stoq-hash` matches `=1.2.0` but yanked ones (1.2.0) (the newest is 1.1.0)",
    );

    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.2.0/download"),
        0
    );
    assert_same_tree(&before, &p.snapshot(), "install of a yanked version");
}

//! `--dry-run` reports what would happen and changes nothing on disk.

use crate::support::{assert_same_tree, ServedRegistry, TestProject};
use crate::upgrade::install_pinned_then_relax;

#[test]
fn dry_run_install_in_an_empty_folder_writes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let home_before = crate::support::snapshot_tree(p.home());

    p.run([
        "install",
        "stoq-hash",
        "--registry",
        &reg.url(),
        "--dry-run",
    ])
    .success()
    .stderr_has("stoq-hash")
    .stderr_has("1.1.0");

    let left: Vec<String> = p.snapshot().into_keys().collect();
    assert!(left.is_empty(), "--dry-run wrote files: {left:?}");
    assert_same_tree(
        &home_before,
        &crate::support::snapshot_tree(p.home()),
        "HOME after --dry-run",
    );
}

#[test]
fn dry_run_install_in_a_project_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.run(["install", "diffy-formats", "--registry", &reg.url()])
        .success();
    let before = p.snapshot();

    p.run(["install", "stoq-hash", "threatbus-zeek", "--dry-run"])
        .success()
        .stderr_has("stoq-hash")
        .stderr_has("threatbus-zeek")
        .stderr_has("threatbus-inmem");

    assert_same_tree(&before, &p.snapshot(), "install --dry-run");
}

#[test]
fn dry_run_upgrade_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    install_pinned_then_relax(&p, Some(&reg.url()), "stoq-hash", "1.0.0");
    let before = p.snapshot();

    p.run(["upgrade", "stoq-hash", "--dry-run"])
        .success()
        .stderr_has("stoq-hash")
        .stderr_has("1.1.0");

    assert_same_tree(&before, &p.snapshot(), "upgrade --dry-run");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
}

//! `plugin verify`: damage to installed files and an edited lock are found, and `install --force`
//! repairs them.

use crate::support::crash::{crash_setup, installed_at_1, plugin_name, registry, whole_version};

#[test]
fn verify_reports_an_edited_lock_and_only_install_force_rewrites_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reg = registry(tmp.path());
    let p = installed_at_1(&reg);
    let name = plugin_name(1);
    let lock = p.read("plugins.lock");
    let locked = p.locked(&name);
    let content = locked.str("content").to_string();
    let forged = format!("sha256:{}", "0".repeat(64));
    p.write("plugins.lock", lock.replace(&content, &forged));

    let out = p.run(["verify"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stdout_has(&format!("{name} 1.0.0: plugins.lock has content {forged}"));
    let json = p.run(["verify", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let entry = doc["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .find(|e| e["name"] == name.as_str())
        .expect("entry")
        .clone();
    assert_eq!(entry["ok"], false);
    assert_eq!(entry["lock_differs"][0]["field"], "content");
    assert_eq!(entry["lock_differs"][0]["recorded"], content.as_str());

    // Another install does not silently rewrite the lock.
    let edited = p.read("plugins.lock");
    let out = p.run(["install", &plugin_name(2)]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("does not match what is installed")
        .stderr_has(&format!("plugin install --force {name}"));
    assert_eq!(p.read("plugins.lock"), edited);

    p.run(["install", "--force", &name]).success();
    assert_eq!(p.locked(&name).str("content"), content);
    p.run(["verify"]).success();
}

#[test]
fn verify_finds_damage_and_install_force_repairs_it() {
    let (_tmp, p) = crash_setup();
    let dir = p.plugin_dir("crash-2");
    std::fs::write(dir.join("crash_2/m03.py"), "tampered = True\n").expect("modify");
    std::fs::remove_file(dir.join("crash_2/m04.py")).expect("remove");
    std::fs::write(dir.join("crash_2/dropped_in.py"), "import os\n").expect("add");

    let out = p.run(["verify"]);
    out.failure()
        .stdout_has("crash-2 1.0.0: modified crash_2/m03.py")
        .stdout_has("crash-2 1.0.0: missing crash_2/m04.py")
        .stdout_has("crash-2 1.0.0: unexpected crash_2/dropped_in.py")
        .stdout_has("crash-1 1.0.0: ok")
        .stderr_has("plugin install --force crash-2");
    let out = p.run(["verify", "--json"]);
    assert_eq!(out.code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    let bad: Vec<&serde_json::Value> = v["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .filter(|p| p["ok"] == false)
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["name"], "crash-2");
    assert_eq!(bad[0]["modified"][0], "crash_2/m03.py");
    assert_eq!(bad[0]["missing"][0], "crash_2/m04.py");
    assert_eq!(bad[0]["unexpected"][0], "crash_2/dropped_in.py");

    p.run(["install", "--force", "crash-2"])
        .success()
        .stderr_has("Reinstalled crash-2 v1.0.0");
    p.run(["verify"]).success();
    assert!(!dir.join("crash_2/dropped_in.py").exists());
    assert_eq!(whole_version(&dir, 2).expect("whole"), "1.0.0");
}

//! Crash safety and consistency: SIGKILL at any point, kills aimed at the commit window, concurrent
//! runs, journals of crashed and copied projects, leftover temporary files: nothing is lost or
//! half-written.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::crash::{
    crash_setup, installed_at_1, pin_all, plugin_name, publish_2, registry, state, versioned,
    whole_version, PLUGINS,
};
use crate::support::registry::TestRegistry;
use crate::support::{copy_dir, snapshot_tree, TestProject};

const JOURNAL: &str = "plugins/.plugin/journal/ops.toml";

/// plugins.toml, plugins.lock, the records and the folders agree on every plugin, and the
/// state is wholly `old` or wholly `new` (plugin -> version).
fn assert_consistent(
    p: &TestProject,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    when: &str,
) -> bool {
    let s = state(p, when);
    assert_eq!(s.locked, s.recorded, "{when}: plugins.lock vs records");
    assert_eq!(s.locked, s.folders, "{when}: plugins.lock vs folders");
    let listed: Vec<&String> = s.locked.keys().collect();
    assert_eq!(
        s.listed.iter().collect::<Vec<_>>(),
        listed,
        "{when}: plugins.toml vs plugins.lock"
    );
    assert!(
        s.locked == *old || s.locked == *new,
        "{when}: neither the old nor the new state: {:?}",
        s.locked
    );
    if p.exists("plugins.toml") {
        p.run(["verify"]).success();
    }
    assert!(!p.exists(JOURNAL), "{when}: a journal is left");
    let leftovers: Vec<String> = std::fs::read_dir(p.dir())
        .expect("project dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".plugin-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{when}: leftovers {leftovers:?}");
    s.locked == *new
}

/// Starts `args` in `p` with its output discarded; returns it and when it must have ended.
fn start(p: &TestProject, args: &[String]) -> (std::process::Child, Instant) {
    let child = p
        .plugin(args)
        .command()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn plugin");
    (child, Instant::now() + Duration::from_secs(60))
}

/// Starts `args` in `p`, waits until its change is in progress (the journal exists), waits
/// `delay` more and kills it. Returns whether the kill came while the change was in
/// progress (the journal is still there). Bounded: 60 s at most.
fn kill_in_commit(p: &TestProject, args: &[String], delay: Duration) -> bool {
    let journal = p.path(JOURNAL);
    let (mut child, deadline) = start(p, args);
    loop {
        if journal.exists() {
            let until = Instant::now() + delay;
            while Instant::now() < until {
                std::hint::spin_loop();
            }
            let _ = child.kill();
            break;
        }
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "plugin {args:?} did not finish");
    }
    child.wait().expect("wait");
    journal.exists()
}

/// How long the commit window of `args` lasts in an uninterrupted run of it on `p`.
fn commit_window(p: &TestProject, args: &[String]) -> Duration {
    let journal = p.path(JOURNAL);
    let (mut child, deadline) = start(p, args);
    let mut opened = None;
    let mut closed = None;
    while child.try_wait().expect("try_wait").is_none() {
        assert!(Instant::now() < deadline, "plugin {args:?} did not finish");
        match (opened, journal.exists()) {
            (None, true) => opened = Some(Instant::now()),
            (Some(_), false) if closed.is_none() => closed = Some(Instant::now()),
            _ => {}
        }
    }
    assert!(child.wait().expect("wait").success(), "{args:?} failed");
    match (opened, closed) {
        (Some(a), Some(b)) => b - a,
        // Too short to see from here: aim at its start.
        _ => Duration::from_millis(1),
    }
}

/// One kind of change, killed `TRIALS` times at spread moments of its commit window.
fn kill_loop(
    name: &str,
    before: impl Fn() -> TestProject,
    args: &[String],
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> (u32, u32) {
    const TRIALS: u32 = 40;
    let window = commit_window(&before(), args);
    let (mut in_window, mut landed_new) = (0, 0);
    for trial in 0..TRIALS {
        let p = before();
        let delay = window.mul_f64(f64::from(trial) / f64::from(TRIALS));
        let when = format!("{name}, trial {trial}, killed {delay:?} into the commit");
        if kill_in_commit(&p, args, delay) {
            in_window += 1;
        }
        // The next run recovers (or finds the change committed) and ends consistent.
        let next = p.run(["install"]);
        assert_eq!(next.code, Some(0), "{when}: the next run failed\n{next}");
        if assert_consistent(&p, old, new, &when) {
            landed_new += 1;
        }
    }
    eprintln!(
        "{name}: commit window {window:?}; {in_window} of {TRIALS} kills inside it, \
         {landed_new} ended in the new state"
    );
    (in_window, TRIALS)
}

#[test]
fn kills_aimed_at_the_commit_window_never_leave_the_project_inconsistent() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = registry(tmp.path());
    let template = installed_at_1(&reg);
    publish_2(&mut reg);
    let all = |v: &str| -> BTreeMap<String, String> {
        (0..PLUGINS)
            .map(|i| (plugin_name(i), v.to_string()))
            .collect()
    };
    let names: Vec<String> = (0..PLUGINS).map(plugin_name).collect();

    // A first install: plugins.toml, plugins.lock and the plugin directory all new.
    let mut first: Vec<String> = vec!["install".into()];
    first.extend(names.iter().cloned());
    first.extend(["--registry".into(), reg.root().display().to_string()]);
    let first_install = kill_loop(
        "first install",
        TestProject::new,
        &first,
        &BTreeMap::new(),
        &all("2.0.0"),
    );

    // An upgrade of every plugin, from a copy of one installed project.
    let copy = || {
        let p = TestProject::new();
        copy_dir(template.dir(), p.dir());
        p
    };
    let upgrade = kill_loop(
        "upgrade",
        copy,
        &["upgrade".into(), "--all".into()],
        &all("1.0.0"),
        &all("2.0.0"),
    );

    // An uninstall of half the plugins.
    let mut gone: Vec<String> = vec!["uninstall".into()];
    gone.extend(names.iter().take(PLUGINS / 2).cloned());
    let mut rest = all("1.0.0");
    for n in names.iter().take(PLUGINS / 2) {
        rest.remove(n);
    }
    let uninstall = kill_loop("uninstall", copy, &gone, &all("1.0.0"), &rest);

    let kills = first_install.1 + upgrade.1 + uninstall.1;
    let inside = first_install.0 + upgrade.0 + uninstall.0;
    assert!(kills >= 100, "{kills} kills");
    assert!(
        inside * 2 >= kills,
        "most kills must land inside the commit window ({inside} of {kills})"
    );
}

/// Kills `args` in the middle of its commit until a run is caught there (bounded).
fn crash_in_commit(p: &TestProject, args: &[String]) {
    for attempt in 0..50 {
        let delay = Duration::from_micros(200 * (attempt % 10));
        if kill_in_commit(p, args, delay) {
            return;
        }
        // It finished: put the old state back and try again.
        p.run(["rollback"]).success();
    }
    panic!("no kill landed inside the commit of {args:?} in 50 attempts");
}

#[test]
fn a_copied_crashed_project_recovers_itself_and_leaves_the_original_untouched() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = registry(tmp.path());
    let original = installed_at_1(&reg);
    publish_2(&mut reg);
    crash_in_commit(&original, &["upgrade".into(), "--all".into()]);
    let crashed = snapshot_tree(original.dir());

    let copy = TestProject::new();
    copy_dir(original.dir(), copy.dir());
    let out = copy.run(["install"]);
    assert_eq!(out.code, Some(0), "{out}");
    out.stderr_has("an interrupted change was rolled back")
        .stderr_has(&format!("it was made in `{}", original.dir().display()));
    let old: BTreeMap<String, String> = (0..PLUGINS)
        .map(|i| (plugin_name(i), "1.0.0".to_string()))
        .collect();
    assert_consistent(&copy, &old, &old, "the copy after recovery");
    assert_eq!(
        snapshot_tree(original.dir()),
        crashed,
        "the original must not be touched by a run in its copy"
    );

    // The original then recovers on its own.
    original.run(["install"]).success();
    assert_consistent(&original, &old, &old, "the original after recovery");
}

#[test]
fn a_journal_naming_files_of_another_project_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reg = registry(tmp.path());
    let victim = installed_at_1(&reg);
    let p = installed_at_1(&reg);
    let before = snapshot_tree(victim.dir());
    // A journal as an older `plugin` wrote it: absolute paths, here of another project.
    p.write(
        JOURNAL,
        format!(
            "v = 1\n[[op]]\nkind = \"file\"\npath = {:?}\ndelete = true\n",
            victim.path("plugins.lock")
        ),
    );
    let out = p.run(["install"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("nothing was changed")
        .stderr_has(&victim.path("plugins.lock").display().to_string());
    assert_eq!(snapshot_tree(victim.dir()), before);
    assert!(
        p.exists(JOURNAL),
        "the refused journal is kept for the user"
    );
}

#[test]
fn an_emptied_or_missing_plugins_toml_removes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reg = registry(tmp.path());
    let p = installed_at_1(&reg);
    let good = p.read("plugins.toml");
    let headerless = good.replace("[plugins]\n", "");
    for (what, text) in [
        ("empty", Some(String::new())),
        ("only [project]", Some("[project]\n".to_string())),
        ("without its [plugins] header", Some(headerless)),
        ("missing", None),
    ] {
        match &text {
            Some(t) => p.write("plugins.toml", t),
            None => std::fs::remove_file(p.path("plugins.toml")).expect("rm"),
        }
        let before = snapshot_tree(p.dir());
        for args in [vec!["install"], vec!["upgrade", "--all"]] {
            let out = p.run(&args);
            assert_eq!(out.code, Some(1), "plugins.toml {what}, {args:?}: {out}");
            if args == ["install"] || text.is_some() {
                out.stderr_has("plugins.lock")
                    .stderr_has("plugin uninstall --all");
            }
            assert_eq!(snapshot_tree(p.dir()), before, "plugins.toml {what}");
        }
    }
    // Removing everything is an explicit command.
    p.write("plugins.toml", &good);
    p.run(["uninstall", "--all"]).success();
    let s = state(&p, "after uninstall --all");
    assert!(
        s.listed.is_empty() && s.locked.is_empty() && s.folders.is_empty(),
        "{s:?}"
    );
    p.run(["verify"]).success();
}

#[test]
fn leftover_temporary_files_of_a_killed_write_are_removed_by_the_next_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reg = registry(tmp.path());
    let p = installed_at_1(&reg);
    // What a kill in the middle of writing plugins.toml and plugins.lock leaves.
    for leftover in [
        ".plugins.lock.a1B2c3.plugin-tmp",
        ".plugins.toml.Zz9y8X.plugin-tmp",
        "plugins/.plugin/records/.crash-0.json.q1w2e3.plugin-tmp",
    ] {
        p.write(leftover, "partial");
    }
    // The user's own files that merely look alike stay.
    p.write(".plugins.lock.notes", "mine");
    p.write("notes.plugin-tmp", "mine");
    p.run(["install"]).success();
    assert!(!p.exists(".plugins.lock.a1B2c3.plugin-tmp"));
    assert!(!p.exists(".plugins.toml.Zz9y8X.plugin-tmp"));
    assert!(!p.exists("plugins/.plugin/records/.crash-0.json.q1w2e3.plugin-tmp"));
    assert_eq!(p.read(".plugins.lock.notes"), "mine");
    assert_eq!(p.read("notes.plugin-tmp"), "mine");
}

fn registry_of(p: &TestProject) -> String {
    let m = p.manifest();
    m["registries"]["default"]
        .as_str()
        .expect("default registry")
        .to_string()
}

/// Every plugin wholly at one version; returns the versions.
fn assert_whole(p: &TestProject, when: &str) -> BTreeMap<String, String> {
    (0..PLUGINS)
        .map(|i| {
            let v = whole_version(&p.plugin_dir(&plugin_name(i)), i)
                .unwrap_or_else(|e| panic!("{when}: {e}"));
            (plugin_name(i), v)
        })
        .collect()
}

/// plugins.lock names exactly the versions on disk, and `plugin verify` agrees.
fn assert_lock_matches(p: &TestProject, on_disk: &BTreeMap<String, String>, when: &str) {
    for (name, version) in on_disk {
        assert_eq!(
            p.locked(name).version(),
            version,
            "{when}: plugins.lock disagrees with the disk for `{name}`"
        );
    }
    p.run(["verify"]).success();
}

#[test]
fn sigkill_at_any_point_leaves_each_plugin_whole_and_the_next_run_consistent() {
    let (_tmp, p) = crash_setup();
    let registry = registry_of(&p);
    // How long an uninterrupted change takes, to spread the kills over it.
    pin_all(&p, &registry, "2.0.0");
    let started = Instant::now();
    p.run(["install"]).success();
    let full = started.elapsed();
    assert_eq!(assert_whole(&p, "after the timing run")["crash-0"], "2.0.0");

    const RUNS: u32 = 60;
    let mut interrupted = 0;
    let mut recovered = 0;
    for run in 0..RUNS {
        let current = assert_whole(&p, "before a run")["crash-0"].clone();
        let target = if current == "1.0.0" { "2.0.0" } else { "1.0.0" };
        pin_all(&p, &registry, target);
        let delay = full.mul_f64(1.2 * f64::from(run) / f64::from(RUNS));
        let mut child = p
            .plugin(["install"])
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn plugin");
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if !status.success() {
            interrupted += 1;
        }
        let when = format!("run {run}, killed after {delay:?}");
        // Right after the kill: every plugin wholly old or wholly new.
        let on_disk = assert_whole(&p, &when);
        let journal = p.dir().join("plugins/.plugin/journal/ops.toml");
        if journal.exists() {
            recovered += 1;
        } else {
            // No change in progress: the lockfile already agrees with the disk.
            for (name, version) in &on_disk {
                if let Some(l) = p.lock_plugin(name) {
                    assert_eq!(
                        l.get("version").and_then(|v| v.as_str()),
                        Some(version.as_str()),
                        "{when}: plugins.lock disagrees for `{name}` with no change in progress"
                    );
                }
            }
        }
        // The next run recovers if needed and completes the change.
        p.run(["install"]).success();
        let after = assert_whole(&p, &format!("{when}, then a full run"));
        assert!(after.values().all(|v| v == target), "{when}: {after:?}");
        assert_lock_matches(&p, &after, &when);
        let leftovers = ["staging", "trash", "journal"]
            .iter()
            .map(|d| p.dir().join("plugins/.plugin").join(d))
            .filter(|d| d.exists() && std::fs::read_dir(d).map(|r| r.count()).unwrap_or(0) > 0)
            .count();
        assert_eq!(leftovers, 0, "{when}: leftovers in .plugin");
    }
    assert!(
        interrupted >= 10,
        "the kills must really interrupt runs ({interrupted} of {RUNS})"
    );
    eprintln!("{interrupted} of {RUNS} runs interrupted, {recovered} rolled back from the journal");
}

#[test]
fn concurrent_installs_into_one_directory_all_land() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    for i in 0..PLUGINS {
        reg.publish(versioned(i, "1.0.0"));
    }
    let p = TestProject::new();
    let registry = reg.root().display().to_string();
    let children: Vec<_> = (0..PLUGINS)
        .map(|i| {
            p.plugin(["install", &plugin_name(i), "--registry", &registry])
                .command()
                .spawn()
                .expect("spawn plugin")
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut blocked = 0;
    for child in children {
        assert!(
            Instant::now() < deadline,
            "the installs did not finish in time"
        );
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "an install failed:\n{stderr}");
        blocked += stderr.matches("Blocking").count();
    }
    let on_disk: BTreeMap<String, String> = (0..PLUGINS)
        .map(|i| {
            let v = whole_version(&p.plugin_dir(&plugin_name(i)), i).expect("whole");
            (plugin_name(i), v)
        })
        .collect();
    assert_eq!(on_disk.len(), PLUGINS);
    for i in 0..PLUGINS {
        assert!(
            p.manifest_plugin(&plugin_name(i)).is_some(),
            "plugins.toml lost `{}`:\n{}",
            plugin_name(i),
            p.read("plugins.toml")
        );
    }
    assert_eq!(
        p.lock_plugins().len(),
        PLUGINS,
        "{}",
        p.read("plugins.lock")
    );
    assert_lock_matches(&p, &on_disk, "after concurrent installs");
    eprintln!("{blocked} of {PLUGINS} processes waited for the lock");
}

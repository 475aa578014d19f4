//! The command line itself: usage errors, cargo's command names, did-you-mean hints, `-v`/`-vv`,
//! and the committed shell completions and man pages.
//!
//! The man pages (`man/`) are generated from the clap definitions with clap_mangen, one page per
//! command. To regenerate them after a change to `src/cli.rs`:
//! `PLUGIN_REGENERATE_MAN=1 cargo test --test testsuite man_pages`.

use clap::CommandFactory;

use crate::support::{manifest_dir, project, TestProject};

#[test]
fn jobs_zero_is_a_usage_error_not_silently_one() {
    let p = project("");
    let out = p.run(["-j", "0", "install"]);
    assert_eq!(out.code, Some(2), "{out}");
    out.stderr_has(
        "error: invalid value '0' for '--jobs <N>': give at least 1 (`-j 1` does one plugin at a time)",
    );
}

#[test]
fn cargo_names_add_remove_and_update_work() {
    let p = project("");
    p.run(["add", "stoq-hash@=1.0.0"]).success();
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
    let text = p.read("plugins.toml").replace("\"=1.0.0\"", "\"1\"");
    p.write("plugins.toml", text);
    p.run(["update", "stoq-hash"])
        .success()
        .stderr_has("stoq-hash 1.0.0 -> 1.1.0");
    p.run(["remove", "stoq-hash"]).success();
    assert!(!p.plugin_dir("stoq-hash").exists());
}

#[test]
fn a_mistyped_plugin_name_gets_did_you_mean() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    let out = p.run(["upgrade", "stoq-hsah"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("error: plugin `stoq-hsah` is not installed in this project")
        .stderr_has("hint: did you mean `stoq-hash`?")
        .stderr_lacks("plugin install stoq-hsah");
    let out = p.run(["uninstall", "stoq-hsah"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("hint: did you mean `stoq-hash`?");
    // Nothing close: the old hint.
    let out = p.run(["upgrade", "kitovu-moodle"]);
    out.stderr_has("hint: install it with `plugin install kitovu-moodle`");
}

#[test]
fn verbose_logs_each_request_and_very_verbose_the_decisions() {
    let reg = crate::support::ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.url()),
    );
    let cache = p.scratch("cache");
    let out = p
        .plugin(["-v", "install", "stoq-hash"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run();
    out.success()
        .stderr_has(&format!("verbose: GET {}config.json -> 200, ", reg.url()))
        .stderr_has(&format!(
            "verbose: GET {}packages/stoq-hash/1.1.0/download -> 200, ",
            reg.url()
        ))
        .stderr_lacks("debug:");
    std::fs::remove_dir_all(p.path("plugins")).expect("rm plugins");
    let out = p
        .plugin(["-vv", "install"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run();
    out.success()
        .stderr_has("debug: plugins.lock satisfies plugins.toml: the locked versions are kept")
        .stderr_has("debug: stoq-hash 1.1.0: from the cache, sha256:");
}

#[test]
fn a_mistyped_name_to_install_gets_the_registry_name_meant() {
    let p = project("");
    let out = p.run(["install", "stoq-hsah"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("plugin `stoq-hsah` was not found in registry")
        .stderr_has("hint: did you mean `stoq-hash`?");
    let out = p.run(["install", "nothing-like-it"]);
    out.stderr_has("hint: check the spelling, or name another registry with `--registry`");
}

#[test]
fn committed_completions_match_the_cli() {
    let p = TestProject::new();
    for (shell, file) in [
        ("bash", "plugin.bash"),
        ("zsh", "_plugin"),
        ("fish", "plugin.fish"),
        ("powershell", "_plugin.ps1"),
        ("elvish", "plugin.elv"),
    ] {
        let out = p.run(["completions", shell]);
        out.success();
        let committed = std::fs::read_to_string(manifest_dir().join("completions").join(file))
            .unwrap_or_else(|e| panic!("completions/{file}: {e}"));
        assert!(
            committed == out.stdout,
            "completions/{file} is out of date: run `plugin completions {shell} > completions/{file}`"
        );
        assert!(
            out.stdout.contains("entry-points"),
            "{shell} knows the subcommands"
        );
    }
}

/// Every page: `plugin.1`, `plugin-install.1`, `plugin-cache-dir.1`, …, with its roff text.
fn pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: clap::Command, name: String, out: &mut Vec<(String, Vec<u8>)>) {
        // clap keeps command names as `&'static str`; a test run leaks these few.
        let cmd = cmd.name(&*Box::leak(name.clone().into_boxed_str()));
        let mut roff = Vec::new();
        clap_mangen::Man::new(cmd.clone())
            .render(&mut roff)
            .expect("render man page");
        out.push((format!("{name}.1"), roff));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub.clone(), format!("{name}-{}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    let mut cmd = plugin::cli::Cli::command();
    cmd.build();
    walk(cmd, "plugin".into(), &mut out);
    out
}

#[test]
fn committed_man_pages_match_the_cli() {
    let dir = manifest_dir().join("man");
    #[allow(clippy::disallowed_methods)]
    let regenerate = std::env::var_os("PLUGIN_REGENERATE_MAN").is_some();
    let pages = pages();
    if regenerate {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir man");
        for (name, roff) in &pages {
            std::fs::write(dir.join(name), roff).expect("write man page");
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .expect("man/ is committed")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let mut expected: Vec<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(
        committed, expected,
        "man/ is out of date: run `PLUGIN_REGENERATE_MAN=1 cargo test --test testsuite man_pages`"
    );
    for (name, roff) in &pages {
        let on_disk = std::fs::read(dir.join(name)).expect("read man page");
        assert!(
            on_disk == *roff,
            "man/{name} is out of date: run `PLUGIN_REGENERATE_MAN=1 cargo test --test testsuite man_pages`"
        );
    }
    assert!(pages.iter().any(|(n, _)| n == "plugin-install.1"));
}

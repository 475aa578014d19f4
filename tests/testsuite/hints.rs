//! What a user sees when they slip (issue #14): the exact messages of the hints that were
//! wrong, typos in plugins.toml, cargo's command names, and plugins.toml's own layout kept.

use crate::support::{registry_index_dir, TestProject};

fn project(plugins: &str) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = {:?}\n\n[plugins]\n{plugins}",
            registry_index_dir()
        ),
    );
    p
}

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
fn typos_in_plugins_toml_are_warnings_that_say_what_was_meant() {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[project]\nplugin_dir = \"vendor\"\n\n[registries]\ndefault = {:?}\n\n[plugin]\nstoq-hash = \"1\"\n",
            registry_index_dir()
        ),
    );
    let out = p.run(["install"]);
    out.success()
        .stderr_has(&format!(
            "warning: unknown key `project.plugin_dir` in `{}` line 2 is ignored: did you mean `project.plugin-dir`?",
            p.path("plugins.toml").display()
        ))
        .stderr_has(&format!(
            "warning: unknown key `[plugin]` in `{}` line 7 is ignored: did you mean `plugins`?",
            p.path("plugins.toml").display()
        ));
    // A bad entry says what is expected.
    let p = project("stoq-hash = { vesion = \"1\" }\n");
    let out = p.run(["install"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(
        "unknown field `vesion`, expected one of `version`, `registry`, `url`, `sha256`, `path`",
    )
    .stderr_lacks("untagged");
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
fn plugins_toml_keeps_its_line_endings_and_byte_order_mark() {
    let p = TestProject::new();
    let text = format!(
        "\u{feff}# ours\r\n[registries]\r\ndefault = {:?}\r\n\r\n[plugins]\r\n",
        registry_index_dir()
    );
    p.write("plugins.toml", &text);
    p.run(["install", "stoq-hash"]).success();
    let after = p.read("plugins.toml");
    assert_eq!(
        after,
        format!("{text}stoq-hash = \"1.1.0\"\r\n"),
        "only the new line is added, in the file's own style"
    );
}

#[test]
fn frozen_says_frozen_was_given() {
    let p = project("");
    p.run(["install", "stoq-hash@=1.0.0"]).success();
    let text = p.read("plugins.toml").replace("\"=1.0.0\"", "\"=1.1.0\"");
    p.write("plugins.toml", text);
    for (flag, other) in [("--frozen", "--locked"), ("--locked", "--frozen")] {
        let out = p.run([flag, "install"]);
        assert_eq!(out.code, Some(1), "{out}");
        out.stderr_has(&format!("`{flag}` was given, but "))
            .stderr_has(&format!("hint: run the command without `{flag}`"))
            .stderr_lacks(&format!("`{other}` was given"));
    }
}

#[test]
fn an_unconfigured_registry_folder_points_to_mirror() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    let vendor = p.scratch("vendor");
    let out = p.run([
        "install",
        "diffy-formats",
        "--registry",
        &vendor.display().to_string(),
    ]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(&format!(
        "hint: to read the default registry's packages from there (a mirror or a copy: plugins.lock keeps its sources), pass `--mirror {}`",
        vendor.display()
    ));
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
fn a_new_requirement_for_an_installed_plugin_is_announced() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    p.run(["install", "stoq-hash@~1.1"])
        .success()
        .stderr_has("Requirement of `stoq-hash` in plugins.toml: `1.1.0` -> `~1.1`");
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
fn a_version_that_does_not_exist_is_named_and_exits_1() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    let before = crate::support::snapshot_tree(p.dir());
    let out = p.run(["install", "stoq-hash@9"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("no version of `stoq-hash` matches `9` (the newest is 1.1.0)")
        .stderr_has("hint: ask for a version that exists, for example `plugin install stoq-hash@1.1.0` (nothing was changed)")
        .stderr_lacks("Requirement of");
    assert_eq!(crate::support::snapshot_tree(p.dir()), before);
}

#[test]
fn an_undefined_registry_name_is_named_not_the_plugin() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    let out = p.run(["install", "diffy-formats", "--registry", "internal"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(&format!(
        "error: registry `internal` is not configured: it is not in `[registries]` of `{}`, and there is no folder `internal`",
        p.path("plugins.toml").display()
    ))
    .stderr_has("hint: the registries are `default`; add `internal = \"https://…/index/\"` under `[registries]`, or pass its URL or folder")
    .stderr_lacks("not found");
    let out = p.run(["search", "hash", "--registry", "defualt"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("hint: did you mean `--registry default`?");
}

#[test]
fn an_html_page_in_place_of_an_index_file_is_named_as_such() {
    let reg = crate::support::ServedRegistry::copy_of_sample();
    std::fs::write(
        reg.root().join("st/oq/stoq-hash"),
        "<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>\n",
    )
    .expect("write");
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.url()),
    );
    let out = p.run(["install", "stoq-hash"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(
        "`st/oq/stoq-hash` of registry",
    )
    .stderr_has("is not an index file: no line of it is an index line (it starts with `<!DOCTYPE html> <html><body>Sign in to c`)")
    .stderr_lacks("no version of")
    .stderr_lacks("warning:");
}

#[test]
fn usage_errors_follow_color_too() {
    let p = TestProject::new();
    let out = p
        .plugin(["--color", "never", "instal"])
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        !out.stderr.contains('\u{1b}'),
        "no colour: {:?}",
        out.stderr
    );
    out.stderr_has("unrecognized subcommand 'instal'");
    let out = p.run(["--color=always", "instal"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("\u{1b}["), "colour: {:?}", out.stderr);
}

#[test]
fn every_command_warns_once_about_a_typo_in_plugins_toml() {
    let p = project("");
    p.run(["install", "stoq-hash"]).success();
    let text = p
        .read("plugins.toml")
        .replace("[registries]", "[regsitries.x]\n\n[registries]");
    p.write("plugins.toml", text);
    for args in [
        vec!["list"],
        vec!["verify"],
        vec!["upgrade", "--all"],
        vec!["install"],
    ] {
        let out = p.run(&args);
        out.success();
        assert_eq!(
            out.stderr.matches("unknown key `[regsitries]`").count(),
            1,
            "{args:?}: {out}"
        );
        out.stderr_has("did you mean `registries`?");
    }
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

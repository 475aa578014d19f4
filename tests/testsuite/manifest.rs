//! plugins.toml: typos warned about with what was meant, and its comments, layout, line endings and
//! byte order mark kept when a command edits it.

use crate::support::{project, registry_index_dir, ServedRegistry, TestProject};

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
fn install_keeps_comments_and_layout_of_plugins_toml() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    let original = format!(
        "# Plugins for our stoQ deployment.\n\n[registries]\ndefault = \"{}\"  # the team registry\n\n[plugins]\n# Hashing, pinned to the 1.0 line.\nstoq-hash = \"~1.0\"   # see ticket 42\n",
        reg.url()
    );
    p.write("plugins.toml", &original);

    p.run(["install", "diffy-formats"]).success();

    let text = p.read("plugins.toml");
    assert!(
        text.starts_with(&original),
        "the user's text must be kept as it was:\n{text}"
    );
    assert!(text.ends_with("diffy-formats = \"0.4.0\"\n"), "{text}");
    assert_eq!(p.locked("stoq-hash").version(), "1.0.0");
}

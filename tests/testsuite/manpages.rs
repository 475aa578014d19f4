//! The committed man pages (`man/`) match the current command line (issue #14), as the
//! completions do: one page per command, generated from the clap definitions with
//! clap_mangen. To regenerate them after a change to `src/cli.rs`:
//! `PLUGIN_REGENERATE_MAN=1 cargo test --test testsuite man_pages`.

use clap::CommandFactory;

use crate::support::manifest_dir;

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

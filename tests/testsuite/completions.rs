//! The committed shell completions match the current command line (issue #7).

use crate::support::{manifest_dir, TestProject};

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

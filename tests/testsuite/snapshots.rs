//! What the user sees, pinned whole (issue #14): insta snapshots of the full stdout, stderr and
//! exit code of one success and one failure of every command, and of each corrected message of
//! the mistakes users made. The snapshots live in `snapshots/` beside this file; `cargo test`
//! fails when an output changes (review with `cargo insta review`, or rerun with
//! `INSTA_UPDATE=always` and read the diff).
//!
//! Every run has a fixed environment (the one [`TestProject`] sets: no terminal, no colour, a
//! fake HOME, plus a cache folder of its own), and what differs between machines or runs is
//! replaced: the temp folders by `[ROOT]`, `[REGISTRY]` and `[TMP]`, this crate's folder by
//! `[CRATE]`, loopback ports by `[PORT]`, durations by `[TIME]` and dates by `[DATE]`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{
    manifest_dir, registry_index_dir, stoq_hash_fixture, RunOutput, ServedRegistry, TestProject,
};

/// How long a run fed on standard input may take.
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// `s` as a TOML basic string.
fn q(s: impl AsRef<str>) -> String {
    toml::Value::String(s.as_ref().to_string()).to_string()
}

/// A project in a temp folder, the folder replacements of its snapshots, and its own cache.
struct Snap {
    project: TestProject,
    /// Literal replacements (`from`, `to`), applied longest first.
    paths: Vec<(String, String)>,
}

impl Snap {
    /// An empty project (no plugins.toml).
    fn empty() -> Snap {
        let project = TestProject::new();
        let root = project
            .dir()
            .parent()
            .expect("the project's parent")
            .to_path_buf();
        let mut paths = Vec::new();
        add_path(&mut paths, &root, "[ROOT]");
        add_path(&mut paths, project.tempdir(), "[ROOT]");
        add_path(&mut paths, &manifest_dir(), "[CRATE]");
        Snap { project, paths }
    }

    /// A project whose `default` registry is the repository's sample registry folder.
    fn with_sample() -> Snap {
        Self::with_registry(&registry_index_dir().display().to_string())
    }

    /// A project whose `default` registry is `location`.
    fn with_registry(location: &str) -> Snap {
        let s = Self::empty();
        s.project.write(
            "plugins.toml",
            format!("[registries]\ndefault = {}\n\n[plugins]\n", q(location)),
        );
        s
    }

    /// Shows `path` as `to` in the snapshots of this project.
    fn replace(&mut self, path: &Path, to: &str) {
        add_path(&mut self.paths, path, to);
    }

    /// The project's cache folder (`<root>/cache`).
    fn cache(&self) -> PathBuf {
        self.project.scratch("cache")
    }

    /// Runs the binary with `args` in the project, with the project's cache folder.
    fn run(&self, args: &[&str]) -> RunOutput {
        self.project
            .plugin(args.iter().copied())
            .env("PLUGIN_CACHE_DIR", self.cache())
            .run()
    }

    /// As [`Snap::run`], asserting success (for the steps that set a case up).
    #[track_caller]
    fn ok(&self, args: &[&str]) {
        self.run(args).success();
    }

    /// Asserts that `out` matches the snapshot `name`, once normalised.
    #[track_caller]
    fn check(&self, name: &str, out: &RunOutput) {
        assert!(
            !out.stderr.contains("panicked at"),
            "the binary panicked\n{out}"
        );
        let text = format!(
            "command: {}\nexit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            out.command,
            out.code.map_or("killed".to_string(), |c| c.to_string()),
            ended(&out.stdout),
            ended(&out.stderr),
        );
        let text = sort_parallel_lines(&self.normalise(&text));
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        for (regex, to) in FILTERS {
            settings.add_filter(regex, *to);
        }
        settings.bind(|| insta::assert_snapshot!(name, text));
    }

    /// `text` with every known folder replaced by its placeholder.
    fn normalise(&self, text: &str) -> String {
        let mut paths = self.paths.clone();
        paths.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        let mut text = text.to_string();
        for (from, to) in &paths {
            text = text.replace(from.as_str(), to);
        }
        text
    }
}

/// `text` with each run of consecutive `Downloading` lines sorted: the jobs that print them run
/// in parallel, so their order differs between runs (every other line is in a fixed order).
fn sort_parallel_lines(text: &str) -> String {
    let parallel = |line: &str| line.trim_start().starts_with("Downloading ");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let mut end = i;
        while end < lines.len() && parallel(lines[end]) {
            end += 1;
        }
        if end == i {
            out.push_str(lines[i]);
            i += 1;
        } else {
            let mut run = lines[i..end].to_vec();
            run.sort_unstable();
            out.extend(run);
            i = end;
        }
    }
    out
}

/// `text`, with a line break at its end when it is not empty.
fn ended(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n[no line break at the end]\n")
    }
}

/// Adds `path` (and its canonical form, and its `file://` URL) to the replacements.
fn add_path(paths: &mut Vec<(String, String)>, path: &Path, to: &str) {
    let mut forms = vec![path.to_path_buf()];
    if let Ok(canonical) = path.canonicalize() {
        forms.push(canonical);
    }
    for form in forms {
        let shown = form.display().to_string();
        let shown = shown.trim_end_matches('/').to_string();
        if shown.is_empty() {
            continue;
        }
        if let Ok(url) = url::Url::from_file_path(&form) {
            let url = url.to_string();
            paths.push((
                url.trim_end_matches('/').to_string(),
                format!("file://{to}"),
            ));
        }
        paths.push((shown, to.to_string()));
    }
}

/// The regex filters applied after the folders: other temp folders, ports, durations, dates.
const FILTERS: &[(&str, &str)] = &[
    // Any other temp folder (`tempfile` names them `.tmp` and six letters or digits).
    (r#"(/[^\s`'"/]+)*/\.tmp[A-Za-z0-9]{6}"#, "[TMP]"),
    (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
    (
        r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
        "[DATE]",
    ),
    (r"\b\d{4}-\d{2}-\d{2}\b", "[DATE]"),
    (r"\b\d+(\.\d+)? ?(ns|µs|us|ms|s)\b", "[TIME]"),
];

// ---------------------------------------------------------------------------------------------
// One success and one failure of every command.
// ---------------------------------------------------------------------------------------------

#[test]
fn init() {
    let s = Snap::empty();
    s.check("init_ok", &s.run(&["init"]));
    s.check("init_fail", &s.run(&["init"]));
}

#[test]
fn install() {
    let s = Snap::with_sample();
    s.check("install_ok", &s.run(&["install", "stoq-hash"]));
    s.check("install_fail", &s.run(&["install", "./no-such-folder"]));
    s.check("install_alias_add_ok", &s.run(&["add", "threatbus-zeek"]));
}

#[test]
fn upgrade() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash@=1.0.0"]);
    let text = s
        .project
        .read("plugins.toml")
        .replace("\"=1.0.0\"", "\"1\"");
    s.project.write("plugins.toml", text);
    s.check("upgrade_ok", &s.run(&["upgrade", "stoq-hash"]));
    s.check("upgrade_fail", &s.run(&["upgrade", "stoq-hash@7.0.0"]));
}

#[test]
fn uninstall() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash"]);
    s.check("uninstall_ok", &s.run(&["uninstall", "stoq-hash"]));
    s.check("uninstall_fail", &s.run(&["uninstall", "stoq-hash"]));
}

#[test]
fn verify() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash"]);
    s.check("verify_ok", &s.run(&["verify"]));
    std::fs::write(
        s.project
            .plugin_dir("stoq-hash")
            .join("stoq_hash/hash.stoq"),
        "changed\n",
    )
    .expect("modify an installed file");
    s.check("verify_fail", &s.run(&["verify"]));
}

#[test]
fn rollback() {
    let s = Snap::with_sample();
    s.check("rollback_fail", &s.run(&["rollback"]));
    s.ok(&["install", "stoq-hash@=1.0.0"]);
    s.ok(&["install", "stoq-hash@=1.1.0"]);
    s.check("rollback_ok", &s.run(&["rollback"]));
}

#[test]
fn login_and_logout() {
    let reg = ServedRegistry::copy_of_sample();
    let mut s = Snap::with_registry(&reg.url());
    let config = s.project.scratch("config");
    s.replace(reg.root(), "[REGISTRY]");
    let login = |token: &[u8]| {
        let (out, _) = s
            .project
            .plugin(["login", "default"])
            .env("PLUGIN_CONFIG_DIR", &config)
            .run_limited(Some(token), RUN_LIMIT);
        out
    };
    let logout = |name: &str| {
        s.project
            .plugin(["logout", name])
            .env("PLUGIN_CONFIG_DIR", &config)
            .run()
    };
    s.check("login_ok", &login(b"token-of-the-snapshot-tests\n"));
    s.check("login_fail", &login(b"\n"));
    s.check("logout_ok", &logout("default"));
    s.check("logout_fail", &logout("elsewhere"));
}

#[test]
fn mirror() {
    let s = Snap::with_sample();
    s.check("mirror_fail", &s.run(&["mirror", "vendor"]));
    s.ok(&["install", "threatbus-zeek"]);
    s.check("mirror_ok", &s.run(&["mirror", "vendor"]));
}

#[test]
fn new() {
    let s = Snap::empty();
    s.check(
        "new_ok",
        &s.run(&["new", "stoq-sniff", "--kind", "worker", "--host", "stoq"]),
    );
    s.check("new_fail", &s.run(&["new", "stoq-sniff"]));
}

#[test]
fn package() {
    let mut s = Snap::empty();
    let src = stoq_hash_fixture("1.1.0");
    s.replace(&src, "[FIXTURE]");
    let src = src.display().to_string();
    s.check("package_ok", &s.run(&["package", &src, "--out", "dist"]));
    s.check("package_fail", &s.run(&["package", "no-such-folder"]));
}

#[test]
fn publish_yank_and_index() {
    let s = Snap::empty();
    let src = stoq_hash_fixture("1.1.0").display().to_string();
    s.check("index_init_ok", &s.run(&["index", "init", "reg"]));
    s.check("index_init_again_ok", &s.run(&["index", "init", "reg"]));
    s.project.write("not-a-folder", "x");
    s.check(
        "index_init_fail",
        &s.run(&["index", "init", "not-a-folder"]),
    );
    s.ok(&["package", &src, "--out", "dist"]);
    let archive = "dist/stoq-hash-1.1.0.tar.gz";
    assert!(s.project.exists(archive), "{archive}");
    s.check(
        "publish_ok",
        &s.run(&["publish", archive, "--index", "reg"]),
    );
    s.check(
        "publish_fail",
        &s.run(&["publish", archive, "--index", "reg"]),
    );
    s.check(
        "yank_ok",
        &s.run(&["yank", "stoq-hash@1.1.0", "--index", "reg"]),
    );
    s.check(
        "yank_fail",
        &s.run(&["yank", "stoq-hash@9.9.9", "--index", "reg"]),
    );
    s.check("index_verify_ok", &s.run(&["index", "verify", "reg"]));
    crate::support::corrupt_file(&crate::support::archive_path_in(
        &s.project.path("reg"),
        "stoq-hash",
        "1.1.0",
    ));
    s.check("index_verify_fail", &s.run(&["index", "verify", "reg"]));
}

#[test]
fn search_and_info() {
    let s = Snap::with_sample();
    s.check("search_ok", &s.run(&["search", "hash"]));
    s.check(
        "search_fail",
        &s.run(&["search", "hash", "--registry", "defualt"]),
    );
    s.check("info_ok", &s.run(&["info", "threatbus-zeek"]));
    s.check("info_fail", &s.run(&["info", "no-such-plugin"]));
}

#[test]
fn host_commands() {
    let s = Snap::with_sample();
    s.ok(&["install", "threatbus-zeek", "stoq-yara"]);
    s.project.write("not-a-folder", "x");
    s.check("entry_points_ok", &s.run(&["entry-points"]));
    s.check(
        "entry_points_fail",
        &s.run(&["entry-points", "--plugin-dir", "not-a-folder"]),
    );
    s.check("env_ok", &s.run(&["env"]));
    s.check("env_fail", &s.run(&["env", "--plugin-dir", "not-a-folder"]));
    s.check("requirements_ok", &s.run(&["requirements"]));
    s.check(
        "requirements_fail",
        &s.run(&["requirements", "--plugin-dir", "not-a-folder"]),
    );
    s.check("run_ok", &s.run(&["run", "--", "printenv", "PYTHONPATH"]));
    s.check(
        "run_fail",
        &s.run(&["run", "--", "no-such-command-of-the-snapshots"]),
    );
    s.check("tree_ok", &s.run(&["tree"]));
    s.check("tree_fail", &s.run(&["tree", "-i", "no-such-plugin"]));
    s.check("list_ok", &s.run(&["list"]));
    s.check(
        "list_fail",
        &s.run(&["list", "--plugin-dir", "not-a-folder"]),
    );
}

#[test]
fn outdated() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash@=1.0.0", "threatbus-zeek"]);
    s.check("outdated_ok", &s.run(&["outdated"]));
    let empty = Snap::empty();
    empty.check("outdated_fail", &empty.run(&["outdated"]));
}

#[test]
fn cache() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash"]);
    s.check("cache_dir_ok", &s.run(&["cache", "dir"]));
    s.check("cache_prune_ok", &s.run(&["cache", "prune", "--days", "1"]));
    s.check("cache_clean_ok", &s.run(&["cache", "clean"]));
    // Nothing to name a cache folder with: no PLUGIN_CACHE_DIR, no HOME.
    let homeless = |args: &[&str]| s.project.plugin(args.iter().copied()).env("HOME", "").run();
    s.check("cache_dir_fail", &homeless(&["cache", "dir"]));
    s.check("cache_prune_fail", &homeless(&["cache", "prune"]));
    s.check("cache_clean_fail", &homeless(&["cache", "clean"]));
}

#[test]
fn completions_and_help() {
    let s = Snap::empty();
    s.check("completions_ok", &s.run(&["completions", "fish"]));
    s.check(
        "completions_fail",
        &s.run(&["completions", "no-such-shell"]),
    );
    s.check("help_ok", &s.run(&["help"]));
    s.check("help_fail", &s.run(&["help", "no-such-command"]));
}

// ---------------------------------------------------------------------------------------------
// The corrected messages of the mistakes of issue #14.
// ---------------------------------------------------------------------------------------------

#[test]
fn mistakes_with_installed_plugins() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash"]);
    s.check("mistake_upgrade_typo", &s.run(&["upgrade", "stoq-hsah"]));
    s.check(
        "mistake_registry_not_configured",
        &s.run(&["install", "diffy-formats", "--registry", "internal"]),
    );
    s.check(
        "mistake_no_version_matches",
        &s.run(&["install", "stoq-hash@9"]),
    );
    s.check("mistake_jobs_zero", &s.run(&["-j", "0", "install"]));
    s.ok(&["install", "threatbus-zeek@=1.0.0"]);
    s.check(
        "mistake_requirement_changed",
        &s.run(&["install", "threatbus-zeek@^1.1"]),
    );
    s.check("mistake_remove_alias", &s.run(&["remove", "stoq-hash"]));
}

#[test]
fn mistake_install_typo() {
    let s = Snap::with_sample();
    s.check("mistake_install_typo", &s.run(&["install", "stoq-hsah"]));
}

#[test]
fn mistake_frozen() {
    let s = Snap::with_sample();
    s.ok(&["install", "stoq-hash@=1.0.0"]);
    let text = s
        .project
        .read("plugins.toml")
        .replace("\"=1.0.0\"", "\"=1.1.0\"");
    s.project.write("plugins.toml", text);
    s.check("mistake_frozen", &s.run(&["--frozen", "install"]));
}

#[test]
fn mistake_login_unconfigured() {
    let reg = ServedRegistry::copy_of_sample();
    let s = Snap::with_registry(&reg.url());
    let (out, _) = s
        .project
        .plugin(["login", "other"])
        .env("PLUGIN_CONFIG_DIR", s.project.scratch("config"))
        .run_limited(Some(b"token-of-the-snapshot-tests\n"), RUN_LIMIT);
    s.check("mistake_login_unconfigured", &out);
}

#[test]
fn mistake_plugins_toml_typos() {
    let s = Snap::empty();
    s.project.write(
        "plugins.toml",
        format!(
            "[project]\nplugin_dir = \"vendor\"\n\n[registries]\ndefault = {}\n\n[plugin]\nstoq-hash = \"1\"\n",
            q(registry_index_dir().display().to_string())
        ),
    );
    s.check("mistake_plugins_toml_typos", &s.run(&["install"]));
}

#[test]
fn mistake_bad_inline_table() {
    let s = Snap::with_sample();
    let text = s.project.read("plugins.toml") + "stoq-hash = { vesion = \"1\" }\n";
    s.project.write("plugins.toml", text);
    s.check("mistake_bad_inline_table", &s.run(&["install"]));
}

#[test]
fn mistake_html_index_file() {
    let reg = ServedRegistry::copy_of_sample();
    std::fs::write(
        reg.root().join("st/oq/stoq-hash"),
        "<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>\n",
    )
    .expect("write");
    let mut s = Snap::with_registry(&reg.url());
    s.replace(reg.root(), "[REGISTRY]");
    s.check("mistake_html_index_file", &s.run(&["install", "stoq-hash"]));
}

#[test]
fn mistake_dot_plugin_is_a_file() {
    let s = Snap::with_sample();
    s.project.write("plugins/.plugin", "not a folder\n");
    s.check(
        "mistake_dot_plugin_is_a_file",
        &s.run(&["install", "stoq-hash"]),
    );
}

#[test]
fn mistake_usage_error_under_json() {
    let s = Snap::empty();
    s.check(
        "mistake_usage_error_under_json",
        &s.run(&["--json", "install", "--no-such-flag"]),
    );
}

#[test]
fn policy_commands() {
    use crate::support::registry::{Package, TestRegistry};
    let s = Snap::empty();
    let mut reg = TestRegistry::new(s.project.scratch("registry"));
    reg.publish(Package::new("base", "1.0.0"));
    reg.publish(Package::new("base", "2.0.0"));
    reg.publish(Package::new("app", "1.0.0").dep("base", "^1"));
    reg.publish(Package::new("app", "1.1.0").dep("base", "^1"));
    let root = reg.root().display().to_string();
    s.project.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = {}\n\n[plugins]\napp = \"=1.0.0\"\n",
            q(&root)
        ),
    );
    s.ok(&["install"]);
    s.project.write(
        "advisory.json",
        serde_json::json!({
            "id": "PLUG-2026-0001", "modified": "2026-01-01T00:00:00Z",
            "summary": "app 1.0.0 runs any command",
            "affected": [{"package": {"ecosystem": "plugin", "name": "app"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.1.0"}]}]}],
        })
        .to_string(),
    );
    s.check(
        "advisory_add_ok",
        &s.run(&["advisory", "add", "advisory.json", "--index", &root]),
    );
    s.check(
        "advisory_add_fail",
        &s.run(&["advisory", "add", "missing.json", "--index", &root]),
    );
    s.check("audit_fail", &s.run(&["audit"]));
    s.check("audit_ok", &s.run(&["audit", "--ignore", "PLUG-2026-0001"]));
    s.check("why_ok", &s.run(&["why", "base"]));
    s.check("why_rejected_ok", &s.run(&["why", "base@2.0.0"]));
    s.check("why_fail", &s.run(&["why", "nothere"]));
    let text = s.project.read("plugins.toml") + "\n[policy]\ndeny-advisories = \"all\"\n";
    s.project.write("plugins.toml", text);
    s.check("policy_refusal_fail", &s.run(&["install"]));
}

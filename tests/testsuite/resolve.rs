//! Resolution over the whole graph: diamonds, shared dependencies, backtracking, conflicts
//! explained in words, host versions, lock-aware upgrades, `--breaking`, `NAME@VERSION`, `plugin
//! tree`, lazy index fetches, and which registry a plugin is looked up in.

use crate::support::registry::{Package, TestRegistry};
use crate::support::{project, TestProject, TestServer};

/// A registry served over HTTP, built from `packages`, with a project whose plugins.toml
/// names it as the default registry (plus `extra` TOML appended, e.g. a `[project]` table).
struct Setup {
    _tmp: tempfile::TempDir,
    server: TestServer,
    reg: TestRegistry,
    p: TestProject,
}

fn setup(packages: Vec<Package>, extra: &str) -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(tmp.path().join("reg"));
    for pkg in packages {
        reg.publish(pkg);
    }
    let server = TestServer::serve(reg.root());
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "{extra}\n[registries]\ndefault = \"{}\"\n\n[plugins]\n",
            server.url()
        ),
    );
    Setup {
        _tmp: tmp,
        server,
        reg,
        p,
    }
}

fn pkg(name: &str, version: &str) -> Package {
    Package::new(name, version).file(
        &format!("{}/__init__.py", name.replace('-', "_")),
        "x = 1\n",
    )
}

#[test]
fn diamond_dependency_resolves_to_one_shared_version() {
    // app → left, right; left → base ^1.0; right → base >=1.1, <1.2.
    let s = setup(
        vec![
            pkg("app", "1.0.0").dep("left", "^1").dep("right", "^1"),
            pkg("left", "1.0.0").dep("base", "^1.0"),
            pkg("right", "1.0.0").dep("base", ">=1.1, <1.2"),
            pkg("base", "1.0.0"),
            pkg("base", "1.1.0"),
            pkg("base", "1.1.7"),
            pkg("base", "1.2.0"),
            pkg("base", "2.0.0"),
        ],
        "",
    );
    s.p.run(["install", "app"]).success();
    assert_eq!(s.p.locked("base").version(), "1.1.7");
    assert_eq!(s.p.locked("app").dependencies(), ["left", "right"]);
    assert_eq!(s.p.locked("left").dependencies(), ["base"]);
    assert_eq!(s.p.locked("right").dependencies(), ["base"]);
    assert!(s.p.exists("plugins/base/plugin.toml"));
    assert_eq!(s.p.lock_plugins().len(), 4, "{}", s.p.read("plugins.lock"));
}

#[test]
fn shared_dependency_with_two_compatible_requirements() {
    let s = setup(
        vec![
            pkg("a", "1.0.0").dep("shared", "^1.1"),
            pkg("b", "1.0.0").dep("shared", "~1.1.2"),
            pkg("shared", "1.0.0"),
            pkg("shared", "1.1.0"),
            pkg("shared", "1.1.5"),
            pkg("shared", "1.2.0"),
        ],
        "",
    );
    s.p.run(["install", "a", "b"]).success();
    assert_eq!(s.p.locked("shared").version(), "1.1.5");
}

#[test]
fn resolver_backtracks_to_an_older_version_that_fits() {
    // The newest `app` needs lib ^2, but `other` needs lib ^1: app 1.0.0 is the answer.
    let s = setup(
        vec![
            pkg("app", "1.0.0").dep("lib", "^1"),
            pkg("app", "2.0.0").dep("lib", "^2"),
            pkg("other", "1.0.0").dep("lib", "^1"),
            pkg("lib", "1.4.0"),
            pkg("lib", "2.0.0"),
        ],
        "",
    );
    s.p.run(["install", "other", "app"]).success();
    assert_eq!(s.p.locked("app").version(), "1.0.0");
    assert_eq!(s.p.locked("lib").version(), "1.4.0");
}

#[test]
fn unsatisfiable_graph_is_explained_and_changes_nothing() {
    let s = setup(
        vec![
            pkg("keep", "1.0.0"),
            pkg("a", "1.0.0").dep("shared", "^1"),
            pkg("b", "1.0.0").dep("shared", "^2"),
            pkg("shared", "1.3.0"),
            pkg("shared", "2.1.0"),
        ],
        "",
    );
    s.p.run(["install", "keep"]).success();
    let before = s.p.snapshot();

    let out = s.p.run(["install", "a", "b"]);
    out.no_solution()
        .stderr_has("depends on `shared` >=1.0.0, <2.0.0")
        .stderr_has("depends on `shared` >=2.0.0, <3.0.0")
        .stderr_has("plugins.toml requires `a`")
        .stderr_has("plugins.toml requires `b`")
        .stderr_has("hint: change the requirement on");
    assert_eq!(
        before,
        s.p.snapshot(),
        "a failed resolution must change nothing"
    );
    assert_eq!(
        s.server.count_path("packages/shared/1.3.0/download")
            + s.server.count_path("packages/shared/2.1.0/download"),
        0,
        "nothing is downloaded before resolution succeeds"
    );
}

#[test]
fn host_version_excludes_plugin_versions_and_is_named_in_the_conflict() {
    let s = setup(
        vec![
            pkg("worker", "1.0.0").host("stoq", ">=3, <4"),
            pkg("worker", "2.0.0").host("stoq", ">=4"),
            pkg("other-host", "1.0.0").host("threatbus", ">=99"),
        ],
        "[project]\nhost = { name = \"stoq\", version = \"3.0.2\" }\n",
    );
    // The newest version needs stoQ 4: the one for stoQ 3 is installed.
    s.p.run(["install", "worker"]).success();
    assert_eq!(s.p.locked("worker").version(), "1.0.0");
    // A plugin for another host is not filtered by our host.
    s.p.run(["install", "other-host"]).success();

    let before = s.p.snapshot();
    s.p.run(["upgrade", "--breaking", "worker"])
        .success()
        .stderr_has("up to date");
    assert_eq!(before, s.p.snapshot());

    s.p.run(["install", "worker@^2"])
        .no_solution()
        .stderr_has("`worker` 2.0.0 requires host `stoq` >=4.0.0")
        .stderr_has("host is `stoq` 3.0.2")
        .stderr_has("[project] host");
    assert_eq!(before, s.p.snapshot());
}

#[test]
fn yanked_versions_are_skipped_but_a_locked_one_still_installs() {
    let s = setup(vec![pkg("y", "1.0.0"), pkg("y", "1.1.0")], "");
    s.p.run(["install", "y"]).success();
    assert_eq!(s.p.locked("y").version(), "1.1.0");

    // The registry yanks 1.1.0 after it was locked.
    let index = s.reg.index_path("y");
    let text = std::fs::read_to_string(&index).expect("index");
    let yanked: String = text
        .lines()
        .map(|l| {
            if l.contains("\"1.1.0\"") {
                l.replace("\"yanked\":false", "\"yanked\":true")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_ne!(text, yanked, "the test must really yank 1.1.0");
    std::fs::write(&index, yanked).expect("yank");

    // A fresh checkout of plugins.toml + plugins.lock installs the locked, yanked version.
    let fresh = TestProject::new();
    fresh.write("plugins.toml", s.p.read("plugins.toml"));
    fresh.write("plugins.lock", s.p.read("plugins.lock"));
    fresh.run(["install"]).success();
    assert_eq!(fresh.locked("y").version(), "1.1.0");
    // Upgrading keeps it (it is locked); a new project never picks it.
    s.p.run(["upgrade", "y"]).success().stderr_has("up to date");
    let newcomer = setup(vec![], "");
    newcomer.p.write(
        "plugins.toml",
        format!("[registries]\ndefault = \"{}\"\n", s.server.url()),
    );
    newcomer.p.run(["install", "y"]).success();
    assert_eq!(newcomer.p.locked("y").version(), "1.0.0");
}

/// A project with `a` and `b` installed at 1.0.0 (both have 1.1.0), `a` depending on
/// `shared` ^1 locked at 1.0.0 (1.1.0 exists), then plugins.toml relaxed to allow 1.x.
fn two_outdated() -> Setup {
    let s = setup(
        vec![
            pkg("a", "1.0.0").dep("shared", "^1"),
            pkg("b", "1.0.0"),
            pkg("shared", "1.0.0"),
        ],
        "",
    );
    s.p.run(["install", "a@=1.0.0", "b@=1.0.0"]).success();
    let mut reg = TestRegistry::new(s.reg.root().to_path_buf());
    reg.publish(pkg("a", "1.1.0").dep("shared", "^1"));
    reg.publish(pkg("b", "1.1.0"));
    reg.publish(pkg("shared", "1.1.0"));
    let text = s.p.read("plugins.toml").replace("\"=1.0.0\"", "\"1.0\"");
    s.p.write("plugins.toml", text);
    s
}

#[test]
fn upgrade_name_leaves_unrelated_plugins_and_unneeded_dependency_moves_alone() {
    let s = two_outdated();
    s.p.run(["upgrade", "a"])
        .success()
        .stderr_has("a 1.0.0 -> 1.1.0");
    assert_eq!(s.p.locked("a").version(), "1.1.0");
    assert_eq!(s.p.locked("b").version(), "1.0.0", "b was not asked for");
    assert_eq!(
        s.p.locked("shared").version(),
        "1.0.0",
        "a dependency moves only when it must"
    );
    // --all moves everything, dependencies included, each printed.
    s.p.run(["upgrade", "--all"])
        .success()
        .stderr_has("b 1.0.0 -> 1.1.0")
        .stderr_has("shared 1.0.0 -> 1.1.0");
    assert_eq!(s.p.locked("shared").version(), "1.1.0");
}

#[test]
fn upgrade_name_at_version_pins_exactly_that_version() {
    let s = two_outdated();
    s.p.run(["upgrade", "--all"]).success();
    assert_eq!(s.p.locked("a").version(), "1.1.0");
    s.p.run(["upgrade", "a@1.0.0"])
        .success()
        .stderr_has("a 1.1.0 -> 1.0.0");
    assert_eq!(s.p.locked("a").version(), "1.0.0");
    assert!(
        !s.p.read("plugins.toml").contains("=1.0.0"),
        "plugins.toml is not rewritten"
    );
    // A version outside the requirement needs --breaking.
    let before = s.p.snapshot();
    s.p.run(["upgrade", "a@2.0.0"])
        .failure()
        .stderr_has("does not match the requirement")
        .stderr_has("--breaking");
    assert_eq!(before, s.p.snapshot());
}

#[test]
fn upgrade_breaking_rewrites_the_requirement_and_keeps_comments() {
    let s = setup(
        vec![
            pkg("a", "1.0.0"),
            pkg("a", "2.1.0"),
            pkg("b", "1.0.0"),
            pkg("b", "1.2.0"),
        ],
        "",
    );
    s.p.run(["install", "a@1.0", "b@=1.0.0"]).success();
    assert_eq!(s.p.locked("b").version(), "1.0.0");
    let text = s.p.read("plugins.toml");
    let commented = text
        .replace("b = \"=1.0.0\"", "b = \"1.0\"")
        .replace(
            "[plugins]\n",
            "[plugins]\n# Our hashing plugin; see ticket 42.\n",
        )
        .replace("a = \"1.0\"", "a = \"1.0\"  # reviewed");
    s.p.write("plugins.toml", &commented);

    s.p.run(["upgrade", "--breaking", "--all"])
        .success()
        .stderr_has("a 1.0.0 -> 2.1.0")
        .stderr_has("b 1.0.0 -> 1.2.0")
        .stderr_has("plugins.toml: a = \"2.1.0\" (was \"1.0\")");

    let after = s.p.read("plugins.toml");
    assert_eq!(
        after,
        commented.replace("a = \"1.0\"  # reviewed", "a = \"2.1.0\"  # reviewed"),
        "only a's requirement changes: b's \"1.0\" still admits 1.2.0"
    );
    assert_eq!(s.p.locked("a").version(), "2.1.0");
}

/// app → left, right → base.
fn diamond() -> Vec<Package> {
    vec![
        pkg("app", "1.0.0").dep("left", "^1").dep("right", "^1"),
        pkg("left", "1.0.0").dep("base", "^1"),
        pkg("right", "1.0.0").dep("base", "^1"),
        pkg("base", "1.0.0"),
    ]
}

#[test]
fn tree_shows_dependencies_and_who_needs_a_plugin() {
    let s = setup(diamond(), "");
    s.p.run(["install", "app"]).success();
    let requests = s.server.request_count();

    let out = s.p.run(["tree"]);
    out.success();
    assert_eq!(
        out.stdout,
        "app v1.0.0\n├── left v1.0.0\n│   └── base v1.0.0\n└── right v1.0.0\n    └── base v1.0.0\n"
    );
    let out = s.p.run(["tree", "--invert", "base"]);
    out.success();
    assert!(
        out.stdout.starts_with(
            "base v1.0.0\n├── left v1.0.0\n│   └── app v1.0.0\n│       └── plugins.toml\n"
        ),
        "{}",
        out.stdout
    );
    let out = s.p.run(["tree", "--json"]);
    out.success();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["roots"][0]["name"], "app");
    assert_eq!(
        v["roots"][0]["dependencies"][0]["dependencies"][0]["name"],
        "base"
    );
    assert_eq!(
        s.server.request_count(),
        requests,
        "tree reads only local files"
    );
}

#[test]
fn index_files_are_fetched_lazily_and_once() {
    let mut packages = diamond();
    packages.push(pkg("unrelated", "1.0.0"));
    let s = setup(packages, "");
    s.p.run(["install", "app"]).success();
    for name in ["app", "left", "right", "base"] {
        let path = crate::support::index_rel_path(name);
        assert_eq!(s.server.count_path(&path), 1, "index file of `{name}`");
    }
    assert_eq!(
        s.server
            .count_path(&crate::support::index_rel_path("unrelated")),
        0,
        "sparse: an unrelated plugin's index file is never fetched"
    );
}

#[test]
fn install_of_a_new_plugin_keeps_every_locked_version() {
    let s = two_outdated();
    let mut reg = TestRegistry::new(s.reg.root().to_path_buf());
    reg.publish(pkg("c", "1.0.0").dep("shared", "^1"));
    s.p.run(["install", "c"]).success();
    assert_eq!(s.p.locked("c").version(), "1.0.0");
    for (name, version) in [("a", "1.0.0"), ("b", "1.0.0"), ("shared", "1.0.0")] {
        assert_eq!(
            s.p.locked(name).version(),
            version,
            "`{name}` must stay locked"
        );
    }
}

#[test]
fn a_plugin_is_looked_up_only_in_the_registry_its_requirement_names() {
    // The default registry offers `dep` 9.0.0; the internal one has the real `dep` 1.0.0.
    // `tool` (internal) depends on `dep` from the internal registry.
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut public = TestRegistry::new(tmp.path().join("public"));
    public.publish(pkg("dep", "9.0.0"));
    let mut internal = TestRegistry::new(tmp.path().join("internal"));
    internal.publish(pkg("dep", "1.0.0"));
    internal.publish(pkg("tool", "1.0.0"));
    let public_server = TestServer::serve(public.root());
    let internal_server = TestServer::serve(internal.root());
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = \"{}\"\ninternal = \"{}\"\n\n[plugins]\ndep = {{ version = \"*\", registry = \"internal\" }}\n",
            public_server.url(),
            internal_server.url()
        ),
    );
    p.run(["install"]).success();
    assert_eq!(p.locked("dep").version(), "1.0.0");
    assert!(p
        .locked("dep")
        .str("source")
        .contains(&internal_server.url()));
    assert_eq!(
        public_server.count_path(&crate::support::index_rel_path("dep")),
        0,
        "the default registry is never asked about `dep`"
    );

    // `tool` comes from the registry named on the command line, and plugins.toml says so.
    p.run(["install", "tool", "--registry", "internal"])
        .success();
    assert_eq!(p.locked("tool").version(), "1.0.0");
    assert_eq!(
        p.manifest_plugin("tool")
            .and_then(|v| v.get("registry").cloned()),
        Some(toml::Value::String("internal".into())),
        "{}",
        p.read("plugins.toml")
    );

    // `clash`, from the default registry, depends on `dep` from its own registry while
    // plugins.toml takes `dep` from the internal one: refused, not merged, nothing changes.
    public.publish(pkg("clash", "1.0.0").dep("dep", "*"));
    let before = p.snapshot();
    p.run(["install", "clash"]).failure().stderr_has(
        "plugin `dep` is asked for from registry `internal` and from registry `default`",
    );
    assert_eq!(before, p.snapshot());
}

#[test]
fn very_verbose_says_why_each_newer_version_was_skipped() {
    let s = setup(
        vec![
            pkg("worker", "1.0.0"),
            pkg("worker", "1.1.0"),
            pkg("worker", "1.2.0").yanked(true),
            pkg("worker", "1.3.0").host("stoq", ">=4"),
            pkg("worker", "2.0.0"),
            pkg("helper", "1.0.0"),
        ],
        "[project]\nhost = { name = \"stoq\", version = \"3.0.2\" }\n",
    );
    let out = s.p.run(["-vv", "install", "worker@^1"]);
    out.success()
        .stderr_has("debug: `worker` 1.1.0: the newest version allowed (")
        .stderr_has("debug: `worker` 2.0.0 skipped: the requirements on it allow only ")
        .stderr_has(
            "debug: `worker` 1.3.0 skipped: it needs host `stoq` >=4, the project's host is 3.0.2",
        )
        .stderr_has("debug: `worker` 1.2.0 skipped: it is yanked");
    // Without -vv none of this is shown.
    let out = s.p.run(["-v", "upgrade", "worker"]);
    out.success().stderr_lacks("skipped:");
    // A locked version is kept, and the newer one it holds back is named.
    s.p.run(["install", "worker@=1.0.0"]).success();
    s.p.write(
        "plugins.toml",
        s.p.read("plugins.toml").replace("\"=1.0.0\"", "\"^1\""),
    );
    let out = s.p.run(["-vv", "install", "helper"]);
    out.success()
        .stderr_has("debug: `worker` 1.0.0: locked in plugins.lock, kept")
        .stderr_has(
            "debug: `worker` 1.1.0 skipped: plugins.lock keeps 1.0.0 (`plugin upgrade worker` moves it)",
        );
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

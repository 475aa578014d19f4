//! `plugin mirror` and the air-gap recipe: a vendored registry that installs offline, with the lock
//! unchanged.
//!
//! The README's air-gap recipe ("Air-gapped runners"), run as written: a project installs from
//! a registry on a loopback HTTP server, `plugin mirror vendor/plugins` writes the mirror, the
//! project (plugins.toml, plugins.lock, vendor/) is copied to a second folder, the server is
//! stopped, and `plugin install --locked --offline` (or `--frozen`) there, with an empty cache
//! and the mirror set in plugins.toml, by `--mirror` or by `PLUGIN_MIRROR`, installs exactly
//! what plugins.lock records and leaves it byte for byte as it was. A mirror that lacks a
//! locked package fails, naming the mirror and the package, and asks nothing of the network.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::support::private::{assert_stoq_installed, installed_with_cache, json_document, utf8};
use crate::support::{
    copy_dir, index_rel_path, project, sha256_file, RunOutput, ServedRegistry, TestProject,
};

/// The mirror's folder, relative to the project, as the README writes it.
const MIRROR: &str = "vendor/plugins";

/// The plugins the project installs (threatbus-zeek brings threatbus-inmem).
const PLUGINS: [&str; 2] = ["stoq-hash", "threatbus-zeek"];

/// The README's text of the recipe, from its heading to the next heading of its level.
fn readme_recipe() -> String {
    let readme = std::fs::read_to_string(crate::support::manifest_dir().join("README.md"))
        .expect("read README.md");
    let start = readme
        .find("### Air-gapped runners")
        .expect("README.md has the section `### Air-gapped runners`");
    let rest = &readme[start..];
    let end = rest[4..].find("\n## ").map_or(rest.len(), |i| i + 4);
    rest[..end].to_string()
}

/// Asserts that the README's recipe shows `command` (in a shell block or inline).
#[track_caller]
fn assert_in_recipe(command: &str) {
    let recipe = readme_recipe();
    assert!(
        recipe.contains(command),
        "the README's air-gap recipe does not show `{command}`:\n{recipe}"
    );
}

/// The machine with network: a project installed from a served copy of the sample registry,
/// mirrored into `vendor/plugins`, with the server stopped afterwards.
struct Mirrored {
    origin: TestProject,
    /// What `plugin mirror` printed on stderr.
    mirror_stderr: String,
}

fn mirrored() -> Mirrored {
    let reg = ServedRegistry::copy_of_sample();
    let origin = TestProject::new();
    origin.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = {}\n\n[plugins]\n",
            toml::Value::String(reg.url())
        ),
    );
    let cache = origin.scratch("origin-cache");
    let mut install = vec!["install"];
    install.extend(PLUGINS);
    origin
        .plugin(install)
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    assert_in_recipe("plugin mirror vendor/plugins");
    let out = origin
        .plugin(["mirror", MIRROR])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run();
    out.success();
    // The server is gone: its port is closed, so any request would fail.
    drop(reg);
    Mirrored {
        mirror_stderr: out.stderr.clone(),
        origin,
    }
}

/// A second folder holding a copy of plugins.toml, plugins.lock and vendor/ (no plugin
/// directory, no cache).
fn runner(from: &TestProject) -> TestProject {
    let r = TestProject::new();
    r.write("plugins.toml", from.read("plugins.toml"));
    r.write("plugins.lock", from.read("plugins.lock"));
    copy_dir(&from.path("vendor"), &r.path("vendor"));
    r
}

/// Runs `args` in `r` with a new, empty cache and no network (the registry's server is stopped;
/// the proxies point at a closed port too).
fn offline_run(r: &TestProject, args: &[&str], extra_env: &[(&str, &str)]) -> RunOutput {
    let cache = r.scratch("empty-cache");
    assert!(
        std::fs::read_dir(&cache)
            .expect("cache dir")
            .next()
            .is_none(),
        "the cache is empty"
    );
    let closed = crate::support::unreachable_url();
    let mut cmd = r
        .plugin(args.iter().copied())
        .env("PLUGIN_CACHE_DIR", &cache)
        .env("HTTP_PROXY", &closed)
        .env("HTTPS_PROXY", &closed);
    for (k, v) in extra_env {
        cmd = cmd.env(k, v);
    }
    cmd.run()
}

/// Asserts that `r` has what the origin installed, with plugins.lock byte-identical, and that
/// `plugin verify` agrees.
#[track_caller]
fn assert_installed_as_locked(r: &TestProject, origin: &TestProject) {
    assert_eq!(
        r.read("plugins.lock"),
        origin.read("plugins.lock"),
        "plugins.lock changed"
    );
    for name in ["stoq-hash", "threatbus-zeek", "threatbus-inmem"] {
        assert_eq!(
            crate::support::file_set(&r.plugin_dir(name)),
            crate::support::file_set(&origin.plugin_dir(name)),
            "files of {name}"
        );
        assert!(
            r.locked(name)
                .source()
                .starts_with("registry+http://127.0.0.1:"),
            "{name} keeps the registry's source: {}",
            r.locked(name).source()
        );
    }
    r.run(["verify"]).success();
}

/// The lines of TOML that `plugin mirror` printed to add to plugins.toml: from the first
/// `[registries.` line to the first blank line after it, indentation removed.
fn printed_table(stderr: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in stderr.lines() {
        let t = line.trim();
        if t.starts_with("[registries.") {
            inside = true;
        } else if inside && t.is_empty() {
            break;
        }
        if inside {
            out.push_str(t);
            out.push('\n');
        }
    }
    assert!(
        !out.is_empty(),
        "`plugin mirror` printed no table:\n{stderr}"
    );
    out
}

/// plugins.toml `text` with its `default = …` line under `[registries]` replaced by `table`,
/// as the hint of `plugin mirror` says.
fn with_table(text: &str, table: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("default ="))
        .collect();
    format!("{}\n\n{table}", kept.join("\n"))
}

#[test]
fn recipe_with_the_mirror_in_plugins_toml_installs_locked_offline_with_the_lock_unchanged() {
    let m = mirrored();
    let table = printed_table(&m.mirror_stderr);
    assert!(
        table.contains(&format!("mirror = \"{MIRROR}\"")),
        "the printed table sets the mirror: {table}"
    );
    assert_in_recipe("[registries.default]");
    assert_in_recipe(&format!("mirror = \"{MIRROR}\""));
    assert_in_recipe("plugin install --frozen");
    assert_in_recipe("plugin verify");
    for args in [
        &["install", "--locked", "--offline"][..],
        &["install", "--frozen"],
    ] {
        let r = runner(&m.origin);
        r.write("plugins.toml", with_table(&r.read("plugins.toml"), &table));
        offline_run(&r, args, &[]).success();
        assert_installed_as_locked(&r, &m.origin);
    }
}

#[test]
fn recipe_with_the_mirror_flag_or_variable_installs_frozen() {
    let m = mirrored();
    assert_in_recipe("plugin install --frozen --mirror vendor/plugins");
    assert_in_recipe("PLUGIN_MIRROR=vendor/plugins");
    // The hint names both forms.
    assert!(
        m.mirror_stderr.contains("--mirror vendor/plugins")
            && m.mirror_stderr.contains("PLUGIN_MIRROR=vendor/plugins"),
        "{}",
        m.mirror_stderr
    );

    let r = runner(&m.origin);
    offline_run(
        &r,
        &["install", "--locked", "--offline", "--mirror", MIRROR],
        &[],
    )
    .success();
    assert_installed_as_locked(&r, &m.origin);

    let r = runner(&m.origin);
    offline_run(&r, &["install", "--frozen"], &[("PLUGIN_MIRROR", MIRROR)]).success();
    assert_installed_as_locked(&r, &m.origin);

    // `NAME=` names the registry; a name plugins.toml lacks is refused before anything else.
    let r = runner(&m.origin);
    offline_run(
        &r,
        &[
            "install",
            "--frozen",
            "--mirror",
            &format!("default={MIRROR}"),
        ],
        &[],
    )
    .success();
    assert_installed_as_locked(&r, &m.origin);
    let r = runner(&m.origin);
    offline_run(
        &r,
        &[
            "install",
            "--frozen",
            "--mirror",
            &format!("internal={MIRROR}"),
        ],
        &[],
    )
    .failure()
    .stderr_has("`--mirror` sets a mirror for registry `internal`, which")
    .stderr_has("hint: write `NAME=LOCATION` with NAME one of `default`");
    assert!(!r.exists("plugins"), "nothing was installed");
}

#[test]
fn without_the_mirror_the_copied_project_cannot_install() {
    // The control: the same runner with no mirror fails (the registry is gone), so the tests
    // above really install from the mirror.
    let m = mirrored();
    let r = runner(&m.origin);
    offline_run(&r, &["install", "--frozen"], &[]).failure();
    assert!(!r.exists("plugins/stoq-hash"));
}

#[test]
fn a_mirror_that_lacks_a_locked_package_fails_naming_the_mirror_and_the_package() {
    let m = mirrored();
    let r = runner(&m.origin);
    let archive = r.path("vendor/plugins/packages/threatbus-inmem/1.1.0/download");
    assert!(archive.is_file(), "{}", archive.display());
    std::fs::remove_file(&archive).expect("remove archive");
    let before = r.snapshot();
    let out = offline_run(&r, &["install", "--frozen", "--mirror", MIRROR], &[]);
    let mirror = r.path(MIRROR);
    out.failure()
        .stderr_has(&format!(
            "the mirror `{}` of registry `default` has no archive for `threatbus-inmem` 1.1.0",
            mirror.display()
        ))
        .stderr_has(&format!("run `plugin mirror {MIRROR}` again"));
    crate::support::assert_same_tree(&before, &r.snapshot(), "a failed install");

    // An index file missing too, and no plugins.lock: the resolver asks the mirror, never
    // the registry.
    let index = r.path("vendor/plugins/st/oq/stoq-hash");
    std::fs::remove_file(&index).expect("remove index file");
    std::fs::remove_file(r.path("plugins.lock")).expect("remove plugins.lock");
    let out = offline_run(&r, &["install", "--offline", "--mirror", MIRROR], &[]);
    out.failure()
        .stderr_has(&format!(
            "the mirror `{}` of registry `default` has no plugin `stoq-hash`",
            mirror.display()
        ))
        .stderr_has("`--mirror`");
}

#[test]
fn a_second_registry_over_http_replaces_the_registry_and_archives_are_still_checked() {
    // The origin's registry is gone; a copy of it is served elsewhere (a company mirror).
    let m = mirrored();
    let copy = ServedRegistry::copy_of_sample();
    let r = runner(&m.origin);
    std::fs::remove_dir_all(r.path("vendor")).expect("remove vendor");
    let cache = r.scratch("http-mirror-cache");
    let url = copy.url();
    // The registry's token, bound to the registry's URL, is not sent to the mirror.
    let registry_url = r.locked("stoq-hash").source()["registry+".len()..].to_string();
    r.plugin(["install", "--locked", "--mirror", &url])
        .env("PLUGIN_CACHE_DIR", &cache)
        .env(
            "PLUGIN_REGISTRIES_DEFAULT_TOKEN",
            "registry-token-not-for-the-mirror",
        )
        .env("PLUGIN_REGISTRIES_DEFAULT_INDEX", &registry_url)
        .run()
        .success();
    assert_installed_as_locked(&r, &m.origin);
    assert!(
        copy.server.download_count() >= 3,
        "the archives came from the mirror"
    );
    assert!(
        copy.server.requests_with_authorization().is_empty(),
        "the registry's token went to the mirror"
    );

    // An archive the mirror changed fails its plugins.lock checksum; nothing is installed.
    copy.corrupt_archive("threatbus-inmem", "1.1.0");
    let r = runner(&m.origin);
    let out = r
        .plugin(["install", "--frozen", "--mirror", &url])
        .env("PLUGIN_CACHE_DIR", r.scratch("empty-cache"))
        .run();
    // Under --frozen nothing may be fetched: the HTTP mirror's files are not in this cache.
    out.failure().stderr_has("--offline");
    let out = r
        .plugin(["install", "--locked", "--mirror", &url])
        .env("PLUGIN_CACHE_DIR", r.scratch("empty-cache-2"))
        .run();
    out.failure()
        .stderr_has("threatbus-inmem")
        .stderr_has_ci("checksum");
    assert_eq!(r.read("plugins.lock"), m.origin.read("plugins.lock"));
    assert!(!r.exists("plugins/threatbus-inmem"));
}

#[test]
fn plugin_mirror_refreshes_the_mirror_it_would_read_from_the_registry_itself() {
    let reg = ServedRegistry::copy_of_sample();
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries.default]\nindex = {}\nmirror = \"{MIRROR}\"\n\n[plugins]\n",
            toml::Value::String(reg.url())
        ),
    );
    let cache = p.scratch("cache");
    // No mirror yet: installing through it fails, naming it; nothing falls back to the
    // registry.
    p.plugin(["install", "stoq-hash"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .failure()
        .stderr_has(&format!(
            "the mirror `{}` of registry `default` is not a folder",
            p.path(MIRROR).display()
        ))
        .stderr_has(&format!("hint: write it with `plugin mirror {MIRROR}`"));
    assert_eq!(reg.server.request_count(), 0, "the registry was asked");
    // `plugin mirror` needs a lock: resolve once without the mirror.
    p.plugin([
        "install",
        "stoq-hash",
        "--mirror",
        &format!("default={}", reg.url()),
    ])
    .env("PLUGIN_CACHE_DIR", &cache)
    .run()
    .success();
    let lock = p.read("plugins.lock");
    p.plugin(["mirror", MIRROR])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    assert!(p.path("vendor/plugins/st/oq/stoq-hash").is_file());
    // Now the project installs through its mirror, the lock as it was.
    std::fs::remove_dir_all(p.path("plugins")).expect("remove plugins");
    let fresh = p.scratch("fresh-cache");
    p.plugin(["install", "--frozen"])
        .env("PLUGIN_CACHE_DIR", &fresh)
        .run()
        .success();
    assert_eq!(p.read("plugins.lock"), lock);
    p.run(["verify"]).success();
}

#[test]
fn an_http_mirror_that_lacks_an_archive_names_the_mirror_not_a_bare_404() {
    let m = mirrored();
    let copy = ServedRegistry::copy_of_sample();
    std::fs::remove_file(copy.archive_path("threatbus-inmem", "1.1.0")).expect("remove archive");
    let r = runner(&m.origin);
    let before = r.snapshot();
    let url = copy.url();
    let out = r
        .plugin(["install", "--locked", "--mirror", &url])
        .env("PLUGIN_CACHE_DIR", r.scratch("empty-cache"))
        .run();
    out.failure()
        .stderr_has("error: failed to install `threatbus-inmem` 1.1.0")
        .stderr_has(&format!(
            "the mirror `{url}` of registry `default` has no archive for `threatbus-inmem` 1.1.0"
        ))
        .stderr_has("hint: update the mirror from registry `default` (for a folder the mirror serves, `plugin mirror DIR` in a project that reaches the registry writes it), or stop using it (`--mirror`)")
        .stderr_lacks("HTTP 404");
    crate::support::assert_same_tree(&before, &r.snapshot(), "a failed install");
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
fn mirror_writes_a_registry_that_installs_offline_without_the_server() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cache = tmp.path().join("cache");
    let mirror = tmp.path().join("mirror");
    let reg = ServedRegistry::copy_of_sample();
    let first = installed_with_cache(&reg, &cache);
    // A folder plugin is not mirrored; the document says it was skipped.
    let local = crate::support::fixtures_dir().join("diffy-formats/0.4.0");
    first.run(["install", utf8(&local)]).success();

    let out = first
        .plugin(["mirror", utf8(&mirror), "--json"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run();
    out.success();
    drop(reg);
    let doc = json_document(&out, "mirror.schema.json");
    assert_eq!(
        Path::new(doc["dir"].as_str().expect("dir"))
            .canonicalize()
            .expect("dir exists"),
        mirror.canonicalize().expect("mirror exists"),
        "{doc}"
    );
    let mirrored: BTreeMap<String, String> = doc["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name").to_string(),
                p["version"].as_str().expect("version").to_string(),
            )
        })
        .collect();
    assert_eq!(
        mirrored,
        BTreeMap::from([
            ("stoq-hash".to_string(), "1.1.0".to_string()),
            ("threatbus-inmem".to_string(), "1.1.0".to_string()),
            ("threatbus-zeek".to_string(), "1.1.0".to_string()),
        ])
    );
    let skipped: Vec<&str> = doc["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(skipped, ["diffy-formats"], "{doc}");

    // The mirror is a registry: config.json, archives, one index line per mirrored version.
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(mirror.join("config.json")).expect("mirror/config.json"),
    )
    .expect("config.json is JSON");
    assert_eq!(config["dl"], "packages/{name}/{version}/download");
    let locked: Vec<(String, String, String)> = first
        .lock_plugins()
        .iter()
        .filter(|t| {
            t["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("registry+"))
        })
        .map(|t| {
            let s = |k: &str| t[k].as_str().expect("string").to_string();
            (s("name"), s("version"), s("checksum"))
        })
        .collect();
    assert_eq!(locked.len(), 3, "{}", first.read("plugins.lock"));
    for (name, version, checksum) in &locked {
        let archive = mirror.join(format!("packages/{name}/{version}/download"));
        assert!(archive.is_file(), "no archive {}", archive.display());
        assert_eq!(&format!("sha256:{}", sha256_file(&archive)), checksum);
        let index = std::fs::read_to_string(mirror.join(index_rel_path(name)))
            .unwrap_or_else(|e| panic!("index file of {name}: {e}"));
        let versions: BTreeSet<String> = index
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("index line is JSON");
                v["vers"].as_str().expect("vers").to_string()
            })
            .collect();
        assert_eq!(
            versions,
            BTreeSet::from([version.clone()]),
            "index of {name}"
        );
    }

    // A fresh project, a fresh cache, no server.
    let p = TestProject::new();
    let fresh_cache = tmp.path().join("fresh-cache");
    p.plugin([
        "install",
        "--offline",
        "--registry",
        utf8(&mirror),
        "stoq-hash",
        "threatbus-zeek",
    ])
    .env("PLUGIN_CACHE_DIR", &fresh_cache)
    .run()
    .success();
    assert_stoq_installed(&p);
    for (name, version, checksum) in &locked {
        let entry = p.locked(name);
        assert_eq!(entry.version(), version);
        assert_eq!(entry.str("checksum"), checksum);
    }
    p.run(["verify"]).success();
}

//! The HTTP cache: revalidation of index files, `Cache-Control`, altered cached archives, `plugin
//! cache clean`.

use std::path::{Path, PathBuf};

use crate::support::{
    assert_files, index_rel_path, stoq_hash_expected_files, ServedRegistry, TestProject,
};

/// The cached copies of index file `rel` below the cache folder `cache`.
fn cached_copies(cache: &Path, rel: &str) -> Vec<PathBuf> {
    crate::support::find_files(cache)
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with(rel))
        .collect()
}

#[test]
fn cache_control_max_age_and_no_store_are_honoured() {
    let index = index_rel_path("stoq-hash");
    let install = |url: &str, cache: &Path, offline: bool| {
        let p = TestProject::new();
        let mut cmd = p
            .plugin(["install", "stoq-hash", "--registry", url])
            .env("PLUGIN_CACHE_DIR", cache);
        if offline {
            cmd = cmd.arg("--offline");
        }
        cmd.run()
    };

    // max-age: within it, the cached copy is used without a request.
    let reg = ServedRegistry::copy_of_sample();
    reg.server
        .add_header(&index, "Cache-Control", "max-age=600");
    let cache = tempfile::tempdir().expect("tempdir");
    install(&reg.url(), cache.path(), false).success();
    assert_eq!(reg.server.count_path(&index), 1);
    assert_eq!(cached_copies(cache.path(), &index).len(), 1, "kept");
    install(&reg.url(), cache.path(), false).success();
    assert_eq!(
        reg.server.count_path(&index),
        1,
        "a fresh copy costs no request"
    );

    // no-cache: always revalidated (a 304 with the ETag).
    let reg = ServedRegistry::copy_of_sample();
    reg.server
        .add_header(&index, "Cache-Control", "no-cache, max-age=600");
    let cache = tempfile::tempdir().expect("tempdir");
    install(&reg.url(), cache.path(), false).success();
    install(&reg.url(), cache.path(), false).success();
    let asked = reg.server.requests_for(&index);
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert_eq!(asked[1].status, 304);
    assert!(asked[1].header("if-none-match").is_some());

    // no-store: nothing kept, so the next run asks without a validator, and --offline has
    // no copy to use.
    let reg = ServedRegistry::copy_of_sample();
    reg.server.add_header(&index, "Cache-Control", "no-store");
    let cache = tempfile::tempdir().expect("tempdir");
    install(&reg.url(), cache.path(), false).success();
    assert!(cached_copies(cache.path(), &index).is_empty());
    install(&reg.url(), cache.path(), false).success();
    let asked = reg.server.requests_for(&index);
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[1].header("if-none-match").is_none(), "{asked:?}");
    install(&reg.url(), cache.path(), true).failure();
}

#[test]
fn cache_clean_refuses_a_foreign_folder_and_cleans_a_real_cache() {
    let p = TestProject::new();
    let foreign = p.scratch("documents");
    std::fs::create_dir_all(foreign.join("index")).expect("mkdir");
    std::fs::write(foreign.join("thesis.txt"), b"years of work").expect("write");
    std::fs::write(foreign.join("index/chapter1.txt"), b"more").expect("write");
    let before = crate::support::snapshot_tree(&foreign);
    for sub in ["clean", "prune"] {
        p.plugin(["cache", sub])
            .env("PLUGIN_CACHE_DIR", &foreign)
            .run()
            .failure()
            .stderr_has("is not a plugin cache")
            .stderr_has(foreign.to_str().expect("utf-8"))
            .stderr_has("PLUGIN_CACHE_DIR");
        assert_eq!(crate::support::snapshot_tree(&foreign), before, "{sub}");
    }

    // A real cache: tagged when first written, cleaned entirely.
    let reg = ServedRegistry::copy_of_sample();
    let cache = p.scratch("cache");
    p.plugin(["install", "stoq-hash", "--registry", &reg.url()])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success();
    let tag = std::fs::read_to_string(cache.join("CACHEDIR.TAG")).expect("CACHEDIR.TAG");
    assert!(
        tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"),
        "{tag}"
    );
    assert!(cache.join("archives").is_dir() && cache.join("index").is_dir());
    p.plugin(["cache", "clean"])
        .env("PLUGIN_CACHE_DIR", &cache)
        .run()
        .success()
        .stderr_has("Removed");
    assert!(!cache.exists(), "the cache folder is gone");
}

/// Issue #8: an unchanged index file is revalidated with If-None-Match and answered 304, with
/// no body; a cached archive whose bytes were altered is downloaded again, not installed; a warm
/// install makes no request at all.
#[test]
fn cache_revalidates_index_files_and_never_installs_an_altered_archive() {
    let reg = crate::support::ServedRegistry::copy_of_sample();
    let cache = tempfile::tempdir().expect("tempdir");
    let project = || {
        let p = TestProject::new();
        p.write(
            "plugins.toml",
            format!("[registries]\ndefault = \"{}\"\n\n[plugins]\n", reg.url()),
        );
        p
    };
    let install = |p: &TestProject, args: &[&str]| {
        p.plugin(args.to_vec())
            .env("PLUGIN_CACHE_DIR", cache.path())
            .run()
    };
    let index_file = "/st/oq/stoq-hash";
    let first = project();
    install(&first, &["install", "stoq-hash"]).success();
    let seen = reg.server.requests().len();

    // Another project, same cache: the index file is revalidated (304, no body), and the
    // archive comes from the cache.
    let second = project();
    install(&second, &["install", "stoq-hash"]).success();
    let new: Vec<_> = reg.server.requests().into_iter().skip(seen).collect();
    let index_requests: Vec<_> = new.iter().filter(|r| r.path == index_file).collect();
    assert_eq!(index_requests.len(), 1, "{new:?}");
    assert_eq!(index_requests[0].status, 304, "{new:?}");
    assert!(
        index_requests[0].header("if-none-match").is_some(),
        "the request was conditional"
    );
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        1,
        "{new:?}"
    );

    // A warm install from plugins.toml + plugins.lock into an empty plugin directory makes no
    // request at all.
    let third = project();
    third.write("plugins.toml", second.read("plugins.toml"));
    third.write("plugins.lock", second.read("plugins.lock"));
    let seen = reg.server.requests().len();
    install(&third, &["install"]).success();
    assert_eq!(
        reg.server.requests().len(),
        seen,
        "a warm install needs no network"
    );
    third.run(["verify"]).success();
    assert!(third.plugin_dir("stoq-hash").join("plugin.toml").exists());

    // Altered bytes in the cache: downloaded again, never installed. (The store of unpacked
    // archives would spare the archive from being read at all: it goes first.)
    std::fs::remove_dir_all(cache.path().join("store")).expect("remove the store");
    let archive = crate::support::find_files(cache.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("archives/sha256"))
        .expect("a cached archive");
    std::fs::write(&archive, b"not the archive").expect("tamper with the cache");
    let fourth = project();
    fourth.write("plugins.toml", second.read("plugins.toml"));
    fourth.write("plugins.lock", second.read("plugins.lock"));
    install(&fourth, &["install"]).success();
    assert!(fourth.exists("plugins/stoq-hash/plugin.toml"));
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        2
    );
    fourth.run(["verify"]).success();

    // A cached file replaced by another valid archive unpacks cleanly while it is hashed; the
    // digest still decides: downloaded again, and the other archive's files never installed.
    let other = std::fs::read(reg.archive_path("diffy-formats", "0.4.0")).expect("other archive");
    std::fs::write(&archive, other).expect("tamper with the cache");
    std::fs::remove_dir_all(cache.path().join("store")).expect("remove the store");
    let fifth = project();
    fifth.write("plugins.toml", second.read("plugins.toml"));
    fifth.write("plugins.lock", second.read("plugins.lock"));
    install(&fifth, &["install"]).success();
    assert_eq!(
        reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        3
    );
    assert_files(
        &fifth.plugin_dir("stoq-hash"),
        &stoq_hash_expected_files("1.1.0"),
    );
    assert!(!fifth.exists("plugins/stoq-hash/diffy_formats"));
    fifth.run(["verify"]).success();
}

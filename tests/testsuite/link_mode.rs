//! The store of unpacked archives in the cache and the link modes that place files from it
//! (`clone`, `hardlink`, `copy`): an edit in a plugin folder is found by `plugin verify` and
//! repaired by `install --force`, and never reaches what the next project installs.

use std::path::{Path, PathBuf};

use crate::support::{RunOutput, ServedRegistry, TestProject};

const FILE: &str = "stoq_hash/hash.py";

struct Setup {
    reg: ServedRegistry,
    cache: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        Self {
            reg: ServedRegistry::copy_of_sample(),
            cache: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A project on the sample registry, with `[project] link-mode` when given.
    fn project(&self, link_mode: Option<&str>) -> TestProject {
        let p = TestProject::new();
        let project = link_mode.map_or(String::new(), |m| {
            format!("[project]\nlink-mode = \"{m}\"\n\n")
        });
        p.write(
            "plugins.toml",
            format!(
                "{project}[registries]\ndefault = \"{}\"\n\n[plugins]\n",
                self.reg.url()
            ),
        );
        p
    }

    fn run(&self, p: &TestProject, args: &[&str], env: Option<(&str, &str)>) -> RunOutput {
        let mut cmd = p
            .plugin(args.to_vec())
            .env("PLUGIN_CACHE_DIR", self.cache.path());
        if let Some((k, v)) = env {
            cmd = cmd.env(k, v);
        }
        cmd.run()
    }

    /// Another project with the plugins.toml and plugins.lock of `from`.
    fn warm_project(&self, from: &TestProject, link_mode: Option<&str>) -> TestProject {
        let p = self.project(link_mode);
        p.write("plugins.toml", from.read("plugins.toml"));
        p.write("plugins.lock", from.read("plugins.lock"));
        p
    }

    /// The store entry of stoq-hash 1.1.0.
    fn entry(&self) -> PathBuf {
        let hex = self.reg.archive_sha256("stoq-hash", "1.1.0");
        self.cache.path().join("store/v1").join(hex)
    }

    /// The packaged bytes of `FILE`, as the store entry made from the archive holds them.
    fn original(&self) -> Vec<u8> {
        let bytes = std::fs::read(self.entry().join("tree").join(FILE)).expect("store file");
        assert!(!bytes.is_empty());
        bytes
    }
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("stat").ino()
}

/// Overwrites the first bytes of `path` in place with others, keeping its size and its
/// modification time (made writable first: store files are read-only, which does not stop
/// root anyway), so that only a hash can tell.
fn edit_in_place(path: &Path) {
    let meta = std::fs::metadata(path).expect("stat");
    let mtime = meta.modified().expect("mtime");
    let mut perms = meta.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).expect("chmod");
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open in place");
    std::io::Write::write_all(&mut &f, b"#EDITED#").expect("write");
    f.set_modified(mtime).expect("keep the time");
    drop(f);
    assert_eq!(std::fs::metadata(path).expect("stat").len(), meta.len());
}

/// For each mode, set in plugins.toml, by `--link-mode` or by `PLUGIN_LINK_MODE`: install,
/// edit a file in place in the plugin folder, a second project on the same cache still gets
/// the packaged bytes, `plugin verify` reports the edit, `install --force` repairs it.
#[test]
fn each_link_mode_keeps_edits_out_of_the_store_and_install_force_repairs_them() {
    for mode in ["clone", "hardlink", "copy"] {
        let s = Setup::new();
        let (in_toml, flag, env) = match mode {
            "clone" => (Some(mode), None, None),
            "hardlink" => (None, Some(mode), None),
            _ => (None, None, Some(("PLUGIN_LINK_MODE", mode))),
        };
        let install = |p: &TestProject, arg: Option<&str>| {
            let mut args = vec!["install"];
            args.extend(arg);
            if let Some(m) = flag {
                args.extend(["--link-mode", m]);
            }
            s.run(p, &args, env)
        };
        // A cold install fills the cache; the store entry is made by the first warm one.
        let seed = s.project(in_toml);
        install(&seed, Some("stoq-hash@1.1.0")).success();
        let first = s.warm_project(&seed, in_toml);
        install(&first, None).success();
        let original = s.original();
        let installed = first.plugin_dir("stoq-hash").join(FILE);
        assert_eq!(std::fs::read(&installed).expect("installed"), original);
        #[cfg(unix)]
        {
            let shared = inode(&installed) == inode(&s.entry().join("tree").join(FILE));
            assert_eq!(
                shared,
                mode == "hardlink",
                "{mode}: shares the store's inode"
            );
        }

        edit_in_place(&installed);
        let store_file = s.entry().join("tree").join(FILE);
        if mode != "hardlink" {
            assert_eq!(
                std::fs::read(&store_file).expect("store"),
                original,
                "{mode}"
            );
        }

        // Another project on the same cache installs the packaged bytes.
        let second = s.warm_project(&first, in_toml);
        install(&second, None).success();
        let got = std::fs::read(second.plugin_dir("stoq-hash").join(FILE)).expect("second");
        assert_eq!(got, original, "{mode}: the second project got the edit");
        assert_eq!(
            std::fs::read(&store_file).expect("store"),
            original,
            "{mode}"
        );
        s.run(&second, &["verify"], env).success();

        let out = s.run(&first, &["verify"], env);
        assert_eq!(out.code, Some(1), "{mode}: {out}");
        out.stdout_has(&format!("stoq-hash 1.1.0: modified {FILE}"));

        install(&first, Some("--force")).success();
        assert_eq!(
            std::fs::read(&installed).expect("repaired"),
            original,
            "{mode}"
        );
        s.run(&first, &["verify"], env).success();
        // One download in all: every later install came from the cache.
        assert_eq!(
            s.reg.server.count_path("packages/stoq-hash/1.1.0/download"),
            1,
            "{mode}"
        );
    }
}

/// Under `hardlink`, an edit in place reaches the store's copy: `plugin verify` finds it
/// there too and removes the entry, and `install --force` makes it again from the archive.
#[test]
fn verify_removes_a_store_entry_changed_through_a_hard_link() {
    let s = Setup::new();
    let seed = s.project(Some("hardlink"));
    s.run(&seed, &["install", "stoq-hash@1.1.0"], None)
        .success();
    let p = s.warm_project(&seed, None);
    s.run(&p, &["install"], None).success();
    let original = s.original();
    let installed = p.plugin_dir("stoq-hash").join(FILE);
    edit_in_place(&installed);
    #[cfg(unix)]
    assert_ne!(
        std::fs::read(s.entry().join("tree").join(FILE)).expect("store"),
        original,
        "the store file shares the edited inode"
    );

    let out = s.run(&p, &["verify"], None);
    assert_eq!(out.code, Some(1), "{out}");
    out.stdout_has(&format!("stoq-hash 1.1.0: modified {FILE}"))
        .stderr_has("the store entry was removed");
    assert!(!s.entry().exists(), "the damaged entry is gone");

    s.run(&p, &["install", "--force"], None).success();
    assert_eq!(std::fs::read(&installed).expect("repaired"), original);
    assert_eq!(s.original(), original, "the entry was made again");
    s.run(&p, &["verify"], None).success();

    // A store file replaced by a symlink to the same bytes with the same time is never
    // linked into a plugin folder: the entry is made again.
    #[cfg(unix)]
    {
        let store_file = s.entry().join("tree").join(FILE);
        let meta = std::fs::metadata(&store_file).expect("stat");
        let elsewhere = p.scratch("outside").join("hash.py");
        std::fs::write(&elsewhere, &original).expect("copy");
        std::fs::File::open(&elsewhere)
            .expect("open")
            .set_modified(meta.modified().expect("mtime"))
            .expect("time");
        std::fs::remove_file(&store_file).expect("remove");
        std::os::unix::fs::symlink(&elsewhere, &store_file).expect("symlink");
        let next = s.warm_project(&p, None);
        s.run(&next, &["install"], None).success();
        let placed = next.plugin_dir("stoq-hash").join(FILE);
        let kind = std::fs::symlink_metadata(&placed).expect("placed");
        assert!(kind.is_file(), "a plain file, not a symlink");
        assert!(
            !std::fs::symlink_metadata(s.entry().join("tree").join(FILE))
                .expect("remade")
                .is_symlink()
        );
    }
}

/// A store entry missing its entry.json (as a run killed before its rename would leave it,
/// were it not made elsewhere) or a file is made again from the cached archive; a killed
/// run's leftovers in the store's `.tmp` are ignored. The default mode places copies.
#[test]
fn a_partial_or_damaged_store_entry_is_made_again() {
    let s = Setup::new();
    let seed = s.project(None);
    s.run(&seed, &["install", "stoq-hash@1.1.0"], None)
        .success();
    assert!(!s.entry().exists(), "a cold install makes no store entry");
    let first = s.warm_project(&seed, None);
    s.run(&first, &["install"], None).success();
    let original = s.original();
    #[cfg(unix)]
    assert_ne!(
        inode(&first.plugin_dir("stoq-hash").join(FILE)),
        inode(&s.entry().join("tree").join(FILE)),
        "the default mode (clone, a copy where reflinks are not possible) shares no inode"
    );
    std::fs::create_dir_all(s.cache.path().join("store/v1/.tmp/entry-killed/tree"))
        .expect("leftover");

    for damage in ["entry.json", "tree/stoq_hash/hash.py", "tree/README.md"] {
        let path = s.entry().join(damage);
        std::fs::remove_file(&path).expect("remove");
        if damage == "tree/README.md" {
            // Replaced by other bytes: another size and time.
            std::fs::write(&path, b"short").expect("replace");
        }
        let next = s.warm_project(&first, None);
        s.run(&next, &["install"], None).success();
        s.run(&next, &["verify"], None).success();
        assert_eq!(
            std::fs::read(next.plugin_dir("stoq-hash").join(FILE)).expect("installed"),
            original,
            "{damage}"
        );
        assert!(
            s.entry().join("entry.json").is_file(),
            "{damage}: made again"
        );
        assert_eq!(s.original(), original, "{damage}");
    }
    assert_eq!(
        s.reg.server.count_path("packages/stoq-hash/1.1.0/download"),
        1,
        "made again from the cached archive"
    );
}

#[test]
fn an_unknown_link_mode_is_refused() {
    let s = Setup::new();
    let p = s.project(None);
    let out = s.run(
        &p,
        &["install", "stoq-hash@1.1.0"],
        Some(("PLUGIN_LINK_MODE", "symlink")),
    );
    out.failure()
        .stderr_has("`symlink` given by `PLUGIN_LINK_MODE` is not a link mode")
        .stderr_has("`clone`, `hardlink`, `copy`");
    assert!(!p.plugin_dir("stoq-hash").exists());
}

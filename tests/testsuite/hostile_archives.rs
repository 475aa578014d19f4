//! Hostile archives (issue #4): one case per class of hostile entry, each archive generated
//! here (tests/testsuite/support/evil.rs) and served from an HTTP registry. Every refused case checks
//! exit code 1, an error naming the entry, and that the whole temporary tree of the test
//! (project, plugin folder, plugins.toml, plugins.lock, fake HOME, TMPDIR, the registry
//! itself) is byte-for-byte what it was before the install. Two positive cases check modes
//! and owners.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::support::evil::{crc32, EvilTar, EvilZip, RawEntry, RawZip, ZipMethod};
use crate::support::registry::{Package, TestRegistry};
use crate::support::{assert_same_tree, snapshot_tree, RunOutput, TestProject, TestServer};

/// The version every hostile package is published under.
const VERSION: &str = "1.0.0";

/// A project whose plugins.toml has the given `[limits]` lines and names an HTTP registry
/// (kept inside the test's temporary tree) as default, with the plugin `good` installed.
struct Hostile {
    p: TestProject,
    reg: TestRegistry,
    server: TestServer,
    /// The temporary folder holding everything the test made.
    base: PathBuf,
    /// TMPDIR of the binary, inside `base`.
    tmpdir: PathBuf,
}

impl Hostile {
    fn new(limits: &str) -> Hostile {
        let p = TestProject::new();
        let base = p.dir().parent().expect("project parent").to_path_buf();
        let tmpdir = p.scratch("tmp");
        let mut reg = TestRegistry::new(p.scratch("registry"));
        reg.publish(Package::new("good", VERSION).file("good/__init__.py", "ok = True\n"));
        let server = TestServer::serve(reg.root());
        p.write(
            "plugins.toml",
            format!(
                "[limits]\n{limits}\n\n[registries]\ndefault = \"{}\"\n\n[plugins]\n",
                server.url()
            ),
        );
        p.plugin(["install", "good"])
            .env("TMPDIR", &tmpdir)
            .run()
            .success();
        assert!(p.exists("plugins/good/plugin.toml"));
        assert!(p.exists("plugins.lock"));
        Hostile {
            p,
            reg,
            server,
            base,
            tmpdir,
        }
    }

    /// The temporary folder holding the project, HOME, TMPDIR and the registry.
    fn base(&self) -> &Path {
        &self.base
    }

    /// Publishes `archive` as `name` 1.0.0, installs it, and checks the install fails (exit
    /// code 1) with an error naming `entry` (escaped as the error prints raw names) and one of
    /// `reasons`, leaving the whole temporary tree unchanged.
    #[track_caller]
    fn refuse(&mut self, name: &str, archive: &[u8], entry: &[u8], reasons: &[&str]) -> RunOutput {
        let shown = format!("`{}`", entry.escape_ascii());
        self.refuse_shown(name, archive, &shown, reasons)
    }

    /// [`Hostile::refuse`] for an entry whose name the error prints as `shown` (UTF-8 names
    /// are printed as they are).
    #[track_caller]
    fn refuse_shown(
        &mut self,
        name: &str,
        archive: &[u8],
        shown: &str,
        reasons: &[&str],
    ) -> RunOutput {
        self.reg.publish_raw(name, VERSION, archive);
        let before = snapshot_tree(&self.base);
        let out = self
            .p
            .plugin(["install", name])
            .env("TMPDIR", &self.tmpdir)
            .run();
        out.failure()
            .stderr_has(&format!("archive `{name} {VERSION}`"))
            .stderr_has(shown)
            .stderr_has_any_ci(reasons);
        assert_same_tree(
            &before,
            &snapshot_tree(&self.base),
            &format!("refused install of {name}"),
        );
        out
    }
}

#[test]
fn absolute_path_is_refused() {
    let mut h = Hostile::new("");
    // An absolute path into the test's own tree, so that the snapshot would see the file.
    let target = h.base().join("escaped-absolute");
    let target = target
        .to_str()
        .expect("UTF-8 temp path")
        .as_bytes()
        .to_vec();
    let archive = EvilTar::new("evil", VERSION)
        .raw_file(&target, b"pwned\n")
        .finish();
    h.refuse("evil", &archive, &target, &["absolute"]);
}

#[test]
fn parent_dir_components_are_refused() {
    let mut h = Hostile::new("");
    for (name, path) in [
        ("evil-parent", &b"../x"[..]),
        ("evil-nested-parent", b"pkg/../../x"),
        ("evil-deep-parent", b"../../../../../escaped-parent"),
    ] {
        let archive = EvilTar::new(name, VERSION)
            .dir("pkg")
            .raw_file(path, b"pwned\n")
            .finish();
        h.refuse(name, &archive, path, &["`..`"]);
    }
}

#[test]
fn backslash_paths_are_refused() {
    let mut h = Hostile::new("");
    for (name, path) in [
        ("evil-backslash-parent", r"..\x"),
        ("evil-backslash", r"a\b"),
    ] {
        let archive = EvilTar::new(name, VERSION).file(path, b"pwned\n").finish();
        h.refuse(name, &archive, path.as_bytes(), &["backslash"]);
    }
}

#[test]
fn drive_letter_path_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("C:/x", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"C:/x", &["drive letter"]);
}

#[test]
fn nul_in_a_name_is_refused() {
    // A ustar name field ends at its first NUL, so a NUL can only reach a reader through a
    // pax `path` record: written here as raw bytes (the tar crate refuses NUL).
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .raw_file(b"pkg/a\0b", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/a\0b", &["NUL"]);
}

#[test]
fn control_character_in_a_name_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("pkg/a\nb", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/a\nb", &["control character"]);
}

#[test]
fn invalid_utf8_name_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .raw_file(b"pkg/\xff\xfe.py", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/\xff\xfe.py", &["UTF-8"]);
}

#[test]
fn tar_symlink_is_refused() {
    let mut h = Hostile::new("");
    // The classic escape: a link to a folder outside, then a file written through it.
    let outside = h.base().to_path_buf();
    let archive = EvilTar::new("evil", VERSION)
        .link(tar::EntryType::Symlink, "pkg/link", &outside)
        .file("pkg/link/escaped-symlink", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/link", &["symlink"]);
}

#[test]
fn zip_symlink_is_refused() {
    let mut h = Hostile::new("");
    let outside = h.base().to_str().expect("UTF-8 temp path").to_string();
    let archive = EvilZip::new("evil", VERSION)
        .symlink("pkg/link", &outside)
        .file("pkg/link/escaped-symlink", b"pwned\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/link", &["symlink"]);
}

#[test]
fn hard_link_is_refused() {
    let mut h = Hostile::new("");
    // A hard link to the project's plugins.toml, then content written to the link.
    let victim = h.p.path("plugins.toml");
    let archive = EvilTar::new("evil", VERSION)
        .link(tar::EntryType::Link, "pkg/hard", &victim)
        .finish();
    h.refuse("evil", &archive, b"pkg/hard", &["hard link"]);
}

#[test]
fn character_device_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .special(tar::EntryType::Char, "pkg/null")
        .finish();
    h.refuse("evil", &archive, b"pkg/null", &["character device"]);
}

#[test]
fn block_device_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .special(tar::EntryType::Block, "pkg/disk")
        .finish();
    h.refuse("evil", &archive, b"pkg/disk", &["block device"]);
}

#[test]
fn fifo_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .special(tar::EntryType::Fifo, "pkg/pipe")
        .finish();
    h.refuse("evil", &archive, b"pkg/pipe", &["fifo"]);
}

#[test]
fn duplicate_path_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("pkg/a.py", b"first = 1\n")
        .file("pkg/a.py", b"second = 2\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/a.py", &["twice"]);
}

#[test]
fn case_folding_collision_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("pkg/Readme.md", b"one\n")
        .file("pkg/README.md", b"two\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/README.md", &["case"])
        .stderr_has("pkg/Readme.md");
}

#[test]
fn file_where_a_folder_is_needed_is_refused() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("a", b"a file\n")
        .file("a/b", b"below the file\n")
        .finish();
    h.refuse(
        "evil",
        &archive,
        b"a/b",
        &["is a file", "file and a folder"],
    );
}

#[test]
fn entry_outside_the_top_level_folder_is_refused() {
    // `top/plugin.toml` makes `top/` the package folder; `other/` beside it is refused, named.
    let mut h = Hostile::new("");
    let archive = EvilTar::with_top_dir("top", "evil", VERSION)
        .dir("other")
        .file("other/x", b"outside\n")
        .finish();
    h.refuse(
        "evil",
        &archive,
        b"other",
        &["outside the top-level folder `top`"],
    );
}

#[test]
fn total_unpacked_size_limit() {
    let mut h = Hostile::new("max-unpacked-size = 65536");
    let archive = EvilTar::new("evil", VERSION)
        .zeros("pkg/big.bin", 200 * 1024)
        .finish();
    h.refuse("evil", &archive, b"pkg/big.bin", &["total unpacked size"]);
}

#[test]
fn number_of_entries_limit() {
    let mut h = Hostile::new("max-entries = 5");
    let mut tar = EvilTar::new("evil", VERSION);
    for i in 1..=9 {
        tar = tar.file(format!("e{i}"), b"x\n");
    }
    // plugin.toml, e1, e2, e3 and e4 fit; e5 is the sixth entry.
    h.refuse("evil", &tar.finish(), b"e5", &["number of entries"]);
}

#[test]
fn single_file_size_limit() {
    let mut h = Hostile::new("max-file-size = 16384");
    let archive = EvilTar::new("evil", VERSION)
        .zeros("pkg/big.bin", 20 * 1024)
        .finish();
    h.refuse("evil", &archive, b"pkg/big.bin", &["size of one file"]);
}

#[test]
fn path_length_limit() {
    let mut h = Hostile::new("max-path-length = 40");
    let path = format!("pkg/{}", "a".repeat(50));
    let archive = EvilTar::new("evil", VERSION)
        .file(&path, b"long\n")
        .finish();
    h.refuse("evil", &archive, path.as_bytes(), &["max-path-length"]);
}

#[test]
fn path_component_over_255_bytes_is_refused() {
    let mut h = Hostile::new("");
    let path = format!("pkg/{}", "a".repeat(256));
    let archive = EvilTar::new("evil", VERSION)
        .file(&path, b"long\n")
        .finish();
    h.refuse("evil", &archive, path.as_bytes(), &["255"]);
}

/// 64 MiB of zeros: deflate squeezes it about a thousandfold.
const BOMB: u64 = 64 << 20;

/// A `.tar.gz` of [`BOMB`] zeros, under 1 MiB.
fn gzip_bomb() -> Vec<u8> {
    let archive = EvilTar::new("evil", VERSION)
        .zeros("pkg/bomb.bin", BOMB)
        .finish();
    assert!(archive.len() < 1 << 20, "{} bytes", archive.len());
    archive
}

#[test]
fn gzip_bomb_trips_the_compression_ratio() {
    let mut h = Hostile::new("max-compression-ratio = 10");
    h.refuse(
        "evil",
        &gzip_bomb(),
        b"pkg/bomb.bin",
        &["compression ratio"],
    );
}

#[test]
fn gzip_bomb_without_a_length_trips_the_ratio_of_the_bytes_so_far() {
    let mut h = Hostile::new("max-compression-ratio = 10");
    // Served chunked: the ratio is measured against the compressed bytes read so far.
    let served = h.reg.archive_rel("evil", VERSION);
    h.server.chunked(&served);
    h.refuse(
        "evil",
        &gzip_bomb(),
        b"pkg/bomb.bin",
        &["compression ratio"],
    );
    let answered = h.server.requests_for(&served);
    assert!(!answered.is_empty() && answered.iter().all(|r| r.fault.is_some()));
}

#[test]
fn zip_bomb_trips_the_compression_ratio() {
    let mut h = Hostile::new("max-compression-ratio = 10");
    let archive = EvilZip::new("evil", VERSION)
        .zeros("pkg/bomb.bin", BOMB)
        .finish();
    assert!(archive.len() < 1 << 20, "{} bytes", archive.len());
    h.refuse("evil", &archive, b"pkg/bomb.bin", &["compression ratio"]);
}

/// The permission bits of an installed file.
fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn modes_keep_only_the_executable_bit() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("modes", VERSION)
        .file_owned("bin/run", b"#!/bin/sh\n", 0o755, 0)
        .file_owned("bin/plain.txt", b"text\n", 0o644, 0)
        .file_owned("bin/setuid-setgid", b"#!/bin/sh\n", 0o6755, 0)
        .file_owned("bin/all-special", b"#!/bin/sh\n", 0o7777, 0)
        .file_owned("bin/sticky.txt", b"text\n", 0o1644, 0)
        .finish();
    h.reg.publish_raw("modes", VERSION, &archive);
    h.p.run(["install", "modes"]).success();
    let dir = h.p.plugin_dir("modes");
    for (file, want) in [
        ("bin/run", 0o755),
        ("bin/plain.txt", 0o644),
        ("bin/setuid-setgid", 0o755),
        ("bin/all-special", 0o755),
        ("bin/sticky.txt", 0o644),
    ] {
        assert_eq!(
            mode_of(&dir.join(file)),
            want,
            "mode of {file}: got {:o}, want {want:o}",
            mode_of(&dir.join(file))
        );
    }
}

#[test]
fn owners_in_the_archive_are_ignored() {
    let mut h = Hostile::new("");
    let archive = EvilTar::new("owned", VERSION)
        .file_owned("owned/__init__.py", b"x = 1\n", 0o644, 1234)
        .finish();
    h.reg.publish_raw("owned", VERSION, &archive);
    h.p.run(["install", "owned"]).success();
    // Whoever runs the test (root included) owns what it installs, not uid/gid 1234.
    let mine = std::fs::metadata(h.p.path("plugins.toml")).expect("stat plugins.toml");
    let installed = std::fs::metadata(h.p.plugin_dir("owned").join("owned/__init__.py"))
        .expect("stat installed file");
    assert_eq!((installed.uid(), installed.gid()), (mine.uid(), mine.gid()));
    assert_eq!(installed.permissions().mode() & 0o7777, 0o644);
}

// Ambiguous archives (issue #12): archives that different readers read differently, so that
// what a reviewer or scanner saw is not what gets installed. Each is refused naming the entry.

/// `pkg/café.py` spelled with the precomposed `é` (U+00E9, NFC) and with `e` and a combining
/// acute accent (U+0301, NFD): one name once normalized, two byte strings.
const CAFE_NFC: &str = "pkg/caf\u{e9}.py";

const CAFE_NFD: &str = "pkg/cafe\u{301}.py";

#[test]
fn zip_with_one_name_twice_is_refused() {
    // The `zip` crate keeps one of the two records; other readers keep the other.
    let mut h = Hostile::new("");
    let archive = RawZip::new("evil", VERSION)
        .file("pkg/a.py", b"reviewed = True\n")
        .file("pkg/a.py", b"installed = True\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/a.py", &["appears twice"]);
}

#[test]
fn zip_local_header_naming_another_file_is_refused() {
    // Streaming readers go by the local header (`pkg/b.py`), seeking ones by the central
    // directory (`pkg/a.py`).
    let mut h = Hostile::new("");
    let archive = RawZip::new("evil", VERSION)
        .entry(RawEntry {
            local_name: Some(b"pkg/b.py".to_vec()),
            ..RawEntry::new("pkg/a.py", b"x = 1\n")
        })
        .finish();
    h.refuse(
        "evil",
        &archive,
        b"pkg/a.py",
        &["local file header is unreadable or disagrees with its central directory record"],
    )
    .stderr_has_ci("filename mismatch");
}

#[test]
fn zip_declared_sizes_that_disagree_with_the_data_are_refused() {
    let mut h = Hostile::new("");
    // A zip64 entry whose extra fields declare 100 bytes more than its data inflates to; the
    // CRC-32 is that of the data, so only the size tells.
    let data = b"print('short')\n";
    let archive = RawZip::new("evil-zip64", VERSION)
        .entry(RawEntry {
            zip64: true,
            size: Some(data.len() as u64 + 100),
            ..RawEntry::new("pkg/a.py", data)
        })
        .finish();
    h.refuse(
        "evil-zip64",
        &archive,
        b"pkg/a.py",
        &[&format!(
            "its data is {} bytes, but its header declares {} bytes",
            data.len(),
            data.len() + 100
        )],
    );
    // A zip64 entry whose local header's extra field declares another size than its central
    // directory record's (a streaming reader believes the local one).
    let archive = RawZip::new("evil-zip64-local", VERSION)
        .entry(RawEntry {
            zip64: true,
            local_size: Some(data.len() as u64 + 100),
            ..RawEntry::new("pkg/a.py", data)
        })
        .finish();
    h.refuse(
        "evil-zip64-local",
        &archive,
        b"pkg/a.py",
        &["uncompressed size mismatch"],
    );
    // A deflated entry whose declared compressed size counts bytes after the end of its
    // deflate stream (where a second local header could hide from seeking readers).
    let archive = RawZip::new("evil-compressed", VERSION)
        .entry(RawEntry {
            trailing: b"hidden bytes after the stream".to_vec(),
            ..RawEntry::new("pkg/a.py", data)
        })
        .finish();
    h.refuse(
        "evil-compressed",
        &archive,
        b"pkg/a.py",
        &["deflate stream ends after"],
    );
}

#[test]
fn zip_crc32_that_disagrees_with_the_data_is_refused() {
    let mut h = Hostile::new("");
    let data = b"x = 1\n";
    let archive = RawZip::new("evil", VERSION)
        .entry(RawEntry {
            crc32: Some(crc32(data) ^ 1),
            ..RawEntry::new("pkg/a.py", data)
        })
        .finish();
    h.refuse(
        "evil",
        &archive,
        b"pkg/a.py",
        &[&format!(
            "CRC-32 is {:08x}, but its header declares {:08x}",
            crc32(data),
            crc32(data) ^ 1
        )],
    );
}

#[test]
fn zip_entries_sharing_bytes_are_refused() {
    // `pkg/outer.bin` is stored and its declared sizes (and CRC-32) cover the local header and
    // data of `pkg/inner.py` that follows: a reader that goes by the central directory unpacks
    // the inner bytes twice (the overlapping-file zip bomb, here of two entries).
    let mut h = Hostile::new("");
    let archive = RawZip::new("evil", VERSION)
        .entry(RawEntry {
            method: ZipMethod::Stored,
            covers_next: true,
            ..RawEntry::new("pkg/outer.bin", b"outer")
        })
        .file("pkg/inner.py", b"inner = True\n")
        .finish();
    h.refuse("evil", &archive, b"pkg/inner.py", &["overlap"])
        .stderr_has("`pkg/outer.bin`");
}

#[test]
fn zip_local_header_missing_from_the_central_directory_is_refused() {
    // `pkg/hidden.py` has a local header and data between two listed entries but no central
    // directory record: a streaming reader installs it, a seeking one never sees it.
    let mut h = Hostile::new("");
    let archive = RawZip::new("evil", VERSION)
        .entry(RawEntry {
            listed: false,
            ..RawEntry::new("pkg/hidden.py", b"hidden = True\n")
        })
        .file("pkg/a.py", b"x = 1\n")
        .finish();
    h.refuse_shown(
        "evil",
        &archive,
        "local file header missing from central directory",
        &["invalid zip archive"],
    );
}

#[test]
fn zip_names_equal_after_unicode_normalization_are_refused() {
    let mut h = Hostile::new("");
    let archive = EvilZip::new("evil", VERSION)
        .file(CAFE_NFC, b"one = 1\n")
        .file(CAFE_NFD, b"two = 2\n")
        .finish();
    h.refuse_shown(
        "evil",
        &archive,
        &format!("`{CAFE_NFD}`"),
        &["Unicode normalization (NFC)"],
    )
    .stderr_has(r"caf\u{e9}.py")
    .stderr_has(r"cafe\u{301}.py");
}

#[test]
fn tar_names_equal_after_unicode_normalization_are_refused_while_streaming() {
    // An install unpacks a .tar.gz while it downloads (`stage::stage_stream`).
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file(CAFE_NFD, b"one = 1\n")
        .file(CAFE_NFC, b"two = 2\n")
        .finish();
    h.refuse_shown(
        "evil",
        &archive,
        &format!("`{CAFE_NFC}`"),
        &["Unicode normalization (NFC)"],
    );
}

#[test]
fn tar_folders_equal_after_unicode_normalization_and_case_are_refused() {
    // The folder `Café` (NFD) and the folder `café` (NFC) of a later file: one folder on
    // macOS, where both case and normalization are ignored.
    let mut h = Hostile::new("");
    let archive = EvilTar::new("evil", VERSION)
        .file("Cafe\u{301}/a.py", b"one = 1\n")
        .file("caf\u{e9}/b.py", b"two = 2\n")
        .finish();
    h.refuse_shown(
        "evil",
        &archive,
        "`caf\u{e9}/b.py`",
        &["collides with `Cafe\u{301}` (spelled `Cafe\\u{301}`) when case is ignored after Unicode normalization"],
    );
}

#[test]
fn tar_names_equal_after_unicode_normalization_are_refused_by_publish() {
    // `plugin publish` reads an archive file with the two-pass reader (`Archive::read_manifest`).
    let h = Hostile::new("");
    let index = h.p.scratch("index");
    h.p.run(["index", "init", index.to_str().expect("UTF-8 temp path")])
        .success();
    let file = h.p.scratch("archives").join("evil.tar.gz");
    std::fs::write(
        &file,
        EvilTar::new("evil", VERSION)
            .file(CAFE_NFC, b"one = 1\n")
            .file(CAFE_NFD, b"two = 2\n")
            .finish(),
    )
    .expect("write archive");
    let before = snapshot_tree(h.base());
    h.p.run([
        "publish",
        file.to_str().expect("UTF-8 temp path"),
        "--index",
        index.to_str().expect("UTF-8 temp path"),
    ])
    .failure()
    .stderr_has(&format!("`{CAFE_NFD}`"))
    .stderr_has("Unicode normalization (NFC)");
    let mut after = snapshot_tree(h.base());
    // The registry's lock file, made by any publish before the archive is read.
    after.remove("index/.lock");
    assert_same_tree(&before, &after, "refused publish");
}

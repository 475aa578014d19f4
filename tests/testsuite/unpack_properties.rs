//! Property tests of the unpackers: the two-pass `Archive::unpack` and the streaming
//! `stage_stream`.
//!
//! Properties: whatever name an archive entry carries, unpacking writes nothing outside the
//! destination folder (issue #4; real tar.gz streams whose header names are written as raw
//! bytes, past the tar crate's own checks). Random valid packages built with
//! `support::registry::Package` stream through `stage_stream` byte for byte, and a truncated
//! or bit-flipped copy never leaves anything outside staging and is refused, by the unpacker
//! or by the checksum.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use plugin::checksum::Sha256;
use plugin::install::archive::{Archive, Limits};
use plugin::install::stage::{stage_stream, StageArea};
use plugin::manifest::FileFilter;
use plugin::name::PluginName;
use plugin::printer::{ColorChoice, Printer, Verbosity};
use proptest::prelude::*;
use proptest::test_runner::{FailurePersistence, FileFailurePersistence};
use semver::Version;

use crate::support::registry::{Package, TestRegistry};
use crate::support::{assert_same_tree, noise, snapshot_tree, TestProject, TestServer};

/// Where failing seeds are kept: beside this file (proptest's default, for a test target
/// rooted at tests/testsuite/main.rs, would be tests/proptest-regressions/).
fn regressions() -> Option<Box<dyn FailurePersistence>> {
    Some(Box::new(FileFailurePersistence::Direct(
        "tests/testsuite/unpack_properties.proptest-regressions",
    )))
}

/// Pieces that path tricks are made of, plus arbitrary short strings.
fn component() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just(String::new()),
        Just("C:".to_string()),
        Just("..\\..".to_string()),
        Just("\\".to_string()),
        Just("\u{0}".to_string()),
        Just("%2e%2e".to_string()),
        Just("plugin.toml".to_string()),
        "[a-zA-Z0-9._:\\\\-]{1,8}",
        "\\PC{1,4}",
    ]
}

fn entry_name() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::bool::ANY,
        prop::collection::vec(component(), 1..6),
        prop::sample::select(vec!["/", "\\", "//"]),
    )
        .prop_map(|(absolute, parts, sep)| {
            let mut name = parts.join(sep);
            if absolute {
                name.insert(0, '/');
            }
            let mut bytes = name.into_bytes();
            bytes.truncate(99);
            bytes
        })
}

/// A tar.gz with a valid plugin.toml and one file named by `raw`.
fn archive_with(raw: &[u8], dir_entry: bool) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let manifest = b"[plugin]\nname = \"prop\"\nversion = \"1.0.0\"\n";
    let mut h = tar::Header::new_gnu();
    h.set_path("plugin.toml").expect("plain name");
    h.set_size(manifest.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    builder.append(&h, &manifest[..]).expect("append");

    let data = b"escaped\n";
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(if dir_entry {
        tar::EntryType::Directory
    } else {
        tar::EntryType::Regular
    });
    h.set_size(if dir_entry { 0 } else { data.len() as u64 });
    h.set_mode(0o644);
    let name = &mut h.as_old_mut().name;
    name.fill(0);
    name[..raw.len()].copy_from_slice(raw);
    h.set_cksum();
    let body: &[u8] = if dir_entry { &[] } else { &data[..] };
    builder.append(&h, body).expect("append");
    let tar = builder.into_inner().expect("tar");
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&tar).expect("gzip");
    gz.finish().expect("gzip")
}

/// Every path below `root`, relative, without following links.
fn everything_below(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read_dir") {
            let e = e.expect("entry");
            let kind = e.file_type().expect("file type");
            assert!(
                !kind.is_symlink(),
                "a symlink was created: {}",
                e.path().display()
            );
            out.push(
                e.path()
                    .strip_prefix(root)
                    .expect("below root")
                    .display()
                    .to_string(),
            );
            if kind.is_dir() {
                stack.push(e.path());
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: regressions(), ..ProptestConfig::default() })]

    #[test]
    fn no_entry_name_writes_outside_the_destination(raw in entry_name(), dir_entry in prop::bool::ANY) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let archive_path = tmp.path().join("a.tar.gz");
        std::fs::write(&archive_path, archive_with(&raw, dir_entry)).expect("write");
        // The destination sits two levels down so that `..` and absolute names have somewhere
        // to land if they escaped.
        let root = tmp.path().join("root");
        let dest = root.join("stage").join("dest");
        std::fs::create_dir_all(&dest).expect("mkdir");

        let archive = Archive::open(&archive_path, "prop").expect("a gzip archive");
        if let Ok(found) = archive.read_manifest() {
            let _ = archive.unpack(found.strip.as_deref(), &FileFilter::everything(), &dest);
        }
        let outside: Vec<String> = everything_below(&root)
            .into_iter()
            .filter(|p| p != "stage" && p != "stage/dest" && !p.starts_with("stage/dest/"))
            .collect();
        prop_assert!(outside.is_empty(), "entry {:?} created {:?}", String::from_utf8_lossy(&raw), outside);
        let beside: Vec<String> = everything_below(tmp.path())
            .into_iter()
            .filter(|p| p != "a.tar.gz" && p != "root" && !p.starts_with("root/"))
            .collect();
        prop_assert!(beside.is_empty(), "entry {:?} created {:?}", String::from_utf8_lossy(&raw), beside);
    }
}

/// One component of a folder name within the rules: lowercase ASCII letters, digits, `_`, `-`.
fn folder_name() -> impl Strategy<Value = String> {
    "[a-z0-9_][a-z0-9_-]{0,7}"
}

/// A file name within the rules, with an optional extension (never `plugin.toml`).
fn file_name() -> impl Strategy<Value = String> {
    "[a-z0-9_][a-z0-9_-]{0,11}(\\.(py|txt|bin))?"
}

/// A file size: often tiny (empty included), sometimes up to 64 KiB.
fn file_size() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..64, 0usize..(64 << 10)]
}

/// A random file tree: relative path -> bytes (incompressible noise, so that no valid tree
/// trips the compression-ratio cap). Paths that would clash with each other (the same path
/// twice, or a file where another path needs a folder) are dropped.
fn file_tree() -> impl Strategy<Value = BTreeMap<String, Vec<u8>>> {
    prop::collection::vec(
        (
            prop::collection::vec(folder_name(), 0..3),
            file_name(),
            file_size(),
            any::<u64>(),
        ),
        0..8,
    )
    .prop_map(|files| {
        let mut tree: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (folders, name, size, seed) in files {
            let mut parts = folders;
            parts.push(name);
            let path = parts.join("/");
            let clashes = tree.contains_key(&path)
                || tree.keys().any(|p| p.starts_with(&format!("{path}/")))
                || (1..parts.len()).any(|i| tree.contains_key(&parts[..i].join("/")));
            if !clashes {
                tree.insert(path, noise(size, seed));
            }
        }
        tree
    })
}

/// A damage done to an archive's bytes.
#[derive(Debug, Clone)]
enum Corruption {
    /// Keep only the first bytes (strictly fewer than all).
    Truncate(prop::sample::Index),
    /// Flip one bit of one byte.
    FlipBit(prop::sample::Index, u8),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Corruption::Truncate),
        (any::<prop::sample::Index>(), 0u8..8).prop_map(|(at, bit)| Corruption::FlipBit(at, bit)),
    ]
}

impl Corruption {
    /// `bytes` damaged: always different from `bytes` (which is never empty).
    fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Corruption::Truncate(at) => bytes[..at.index(bytes.len())].to_vec(),
            Corruption::FlipBit(at, bit) => {
                let mut out = bytes.to_vec();
                out[at.index(bytes.len())] ^= 1 << bit;
                out
            }
        }
    }
}

/// The files and folders an install of `files` (paths relative to the plugin root, plus its
/// `plugin.toml` with `manifest`) holds, keyed as [`snapshot_tree`] keys them.
fn expected_tree(manifest: &str, files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    out.insert("plugin.toml".to_string(), manifest.as_bytes().to_vec());
    for (path, bytes) in files {
        let parts: Vec<&str> = path.split('/').collect();
        for i in 1..parts.len() {
            out.insert(format!("{}/", parts[..i].join("/")), Vec::new());
        }
        out.insert(path.clone(), bytes.clone());
    }
    out
}

/// Everything below `dir` other than the staging folder itself.
fn outside_staging(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_keys()
        .filter(|p| p != ".plugin/" && p != ".plugin/staging/")
        .collect()
}

/// Publishes `pkg` on a registry served over HTTP, with `bad` in place of its archive but the
/// sha256 of the intact one in the index, and checks that `plugin install` fails and leaves
/// the whole temporary tree (project, HOME, TMPDIR, registry) unchanged; when `unpacked` (the
/// unpacker took `bad`), that the error is the checksum's.
fn install_fails_and_changes_nothing(
    pkg: Package,
    bad: &[u8],
    unpacked: bool,
    damage: &Corruption,
) {
    let name = pkg.name().to_string();
    let p = TestProject::new();
    let base = p.dir().parent().expect("project parent").to_path_buf();
    let tmpdir = p.scratch("tmp");
    let mut reg = TestRegistry::new(p.scratch("registry"));
    reg.publish(pkg);
    std::fs::write(reg.archive_path(&name, "1.0.0"), bad).expect("write damaged archive");
    let server = TestServer::serve(reg.root());
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = \"{}\"\n\n[plugins]\n",
            server.url()
        ),
    );
    let before = snapshot_tree(&base);
    let out = p
        .plugin(["install", &name])
        .env("TMPDIR", &tmpdir)
        .env("PLUGIN_NET_RETRIES", "0")
        .run();
    let out = out.failure();
    if unpacked {
        out.stderr_has_ci("checksum");
    }
    assert_same_tree(
        &before,
        &snapshot_tree(&base),
        &format!("install of a copy with {damage:?}"),
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: regressions(), ..ProptestConfig::default() })]

    /// Random valid packages go through the real one-pass unpacker (`stage_stream`, as an
    /// install over HTTP uses it) and come out byte for byte; a truncated or bit-flipped copy
    /// leaves nothing behind, either refused by the unpacker or, when it still unpacks, refused
    /// by the binary's checksum check against the registry's sha256 of the intact archive.
    #[test]
    fn the_streaming_unpacker_stages_exactly_the_archive_and_corruption_is_caught(
        name in "prop-[a-z]{1,8}",
        top in prop::option::of("[a-z]{1,6}-1\\.0\\.0"),
        files in file_tree(),
        length_known in prop::bool::ANY,
        damage in corruption(),
        through_binary in prop::bool::weighted(0.2),
    ) {
        let mut pkg = Package::new(&name, "1.0.0");
        for (path, bytes) in &files {
            pkg = pkg.file(path, bytes);
        }
        if let Some(top) = &top {
            pkg = pkg.top_level_dir(top);
        }
        let archive = pkg.archive_bytes();
        let manifest = pkg.manifest_text();

        let tmp = tempfile::tempdir().expect("tempdir");
        let plugins = tmp.path().join("plugins");
        let staging = plugins.join(".plugin").join("staging");
        std::fs::create_dir_all(&staging).expect("mkdir staging");
        let printer = Printer::new(Verbosity::Quiet, ColorChoice::Never, true, true);
        let area = StageArea { dir: staging.clone(), limits: Limits::default(), printer: &printer, cache: None };
        let len_of = |bytes: &[u8]| length_known.then_some(bytes.len() as u64);

        // The intact archive: exactly its files, each recorded with its size and sha256.
        let streamed = stage_stream(&mut archive.as_slice(), len_of(&archive), "prop.tar.gz", &area)
            .expect("a valid archive stages")
            .expect("a .tar.gz is streamed");
        let plugin_name = PluginName::new(&name).expect("a valid name");
        let staged = streamed
            .finish(Some((&plugin_name, &Version::new(1, 0, 0))), &printer)
            .expect("the manifest names the package");
        let want = expected_tree(&manifest, &files);
        prop_assert_eq!(&snapshot_tree(staged.dir.path()), &want);
        let recorded: BTreeMap<String, (String, u64)> = staged
            .files
            .iter()
            .map(|f| (f.path.clone(), (f.sha256.clone(), f.size)))
            .collect();
        let want_recorded: BTreeMap<String, (String, u64)> = want
            .iter()
            .filter(|(p, _)| !p.ends_with('/'))
            .map(|(p, b)| (p.clone(), (Sha256::of(b).prefixed(), b.len() as u64)))
            .collect();
        prop_assert_eq!(recorded, want_recorded);
        drop(staged);
        prop_assert!(snapshot_tree(&staging).is_empty(), "a dropped stage left files behind");

        // A damaged copy: refused, or unpacked into staging only and deleted with the
        // unchecked result. Nothing is ever written beside the staging folder.
        let bad = damage.apply(&archive);
        let unpacked = match stage_stream(&mut bad.as_slice(), len_of(&bad), "prop.tar.gz", &area) {
            Ok(Some(streamed)) => {
                drop(streamed);
                true
            }
            Ok(None) | Err(_) => false,
        };
        prop_assert!(snapshot_tree(&staging).is_empty(), "{:?} left files in staging", damage);
        prop_assert_eq!(outside_staging(&plugins), Vec::<String>::new());
        let beside: Vec<String> = snapshot_tree(tmp.path())
            .into_keys()
            .filter(|p| p != "plugins/" && !p.starts_with("plugins/"))
            .collect();
        prop_assert_eq!(beside, Vec::<String>::new());

        // The damaged copy through the binary too, for a share of the cases (each run of the
        // binary costs a few tenths of a second): refused, by the checksum when the unpacker
        // took it.
        if through_binary {
            install_fails_and_changes_nothing(pkg, &bad, unpacked, &damage);
        }
    }
}

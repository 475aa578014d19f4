//! Property tests of the unpackers: the two-pass `Archive::unpack` and the streaming
//! `stage_stream`.
//!
//! Property: whatever name an archive entry carries, unpacking writes nothing outside the
//! destination folder (issue #4). Archives are real tar.gz streams whose header names are
//! written as raw bytes, past the tar crate's own checks.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use plugin::archive::Archive;
use plugin::manifest::FileFilter;
use proptest::prelude::*;

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
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

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

//! The unpacking checks shared by `unpack_targz`, `unpack_zip` (two passes over a file,
//! [`check`]) and `unpack_stream` (one pass over a stream, [`check_stream`]).
//!
//! Layout of one run, in a fresh temporary folder `BASE` (in `/dev/shm` when it exists):
//!
//! ```text
//! BASE/input        the archive bytes
//! BASE/root/dest/   the (empty) destination given to `Archive::unpack`
//! ```
//!
//! Asserted after `read_manifest` and `unpack`, whether they succeeded or not:
//! * `BASE` holds only `input` and `root`, and `root` holds only `dest`: nothing was created
//!   outside the destination;
//! * nothing under `dest` is a symlink or anything else than a regular file or a folder;
//! * when `unpack` succeeded, the regular files under `dest` are exactly the files it
//!   returned, with the sizes it returned, and none is larger than `max_file_size`.

// Each target uses one of the two checks.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use plugin::install::archive::{Archive, Limits};
use plugin::manifest::FileFilter;
use plugin::printer::{ColorChoice, Printer, Verbosity};
use plugin::install::stage::{stage_stream, StageArea};

/// The caps of every run: small enough that a bomb is stopped quickly.
fn limits() -> Limits {
    Limits {
        max_unpacked_size: 16 << 20,
        max_file_size: 8 << 20,
        max_entries: 10_000,
        ..Default::default()
    }
}

fn temp_base() -> tempfile::TempDir {
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix("plugin-fuzz-");
        b
    };
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        builder.tempdir_in(shm)
    } else {
        builder.tempdir()
    }
    .expect("create a temporary folder")
}

fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .expect("list a folder")
        .map(|e| {
            e.expect("list a folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

/// Every regular file under `dir` by `/`-separated relative path, with its size; panics on
/// anything that is neither a regular file nor a folder.
fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, u64>) {
    for entry in fs::read_dir(dir).expect("list a folder") {
        let entry = entry.expect("list a folder");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        // symlink_metadata: never follow a link.
        let meta = fs::symlink_metadata(entry.path()).expect("stat an unpacked path");
        let ft = meta.file_type();
        if ft.is_dir() {
            walk(&entry.path(), &rel, files);
        } else if ft.is_file() {
            files.insert(rel, meta.len());
        } else {
            panic!("`{rel}` under the destination is neither a file nor a folder: {ft:?}");
        }
    }
}

/// Unpacks `bytes` as an archive and checks the result (see the module documentation).
pub fn check(bytes: &[u8]) {
    let base = temp_base();
    let input = base.path().join("input");
    fs::write(&input, bytes).expect("write the input");
    let root = base.path().join("root");
    let dest = root.join("dest");
    fs::create_dir_all(&dest).expect("create the destination");

    let limits = limits();
    let result = match Archive::open(&input, "fuzz") {
        Ok(archive) => {
            let archive = archive.with_limits(limits);
            let strip = archive.read_manifest().ok().and_then(|m| m.strip);
            Some(archive.unpack(strip.as_deref(), &FileFilter::everything(), &dest))
        }
        Err(_) => None,
    };

    assert_eq!(
        names(base.path()),
        ["input", "root"],
        "something was created beside the destination's parent"
    );
    assert_eq!(
        names(&root),
        ["dest"],
        "something was created outside the destination"
    );
    let mut on_disk = BTreeMap::new();
    walk(&dest, "", &mut on_disk);

    if let Some(Ok(files)) = result {
        let returned: BTreeMap<String, u64> =
            files.iter().map(|f| (f.path.clone(), f.size)).collect();
        assert_eq!(returned.len(), files.len(), "a path was returned twice");
        assert_eq!(
            on_disk, returned,
            "the files on disk differ from the files unpack returned"
        );
        for (path, size) in &returned {
            assert!(
                *size <= limits.max_file_size,
                "`{path}` is larger than max_file_size"
            );
        }
    } else if result.is_none() {
        assert!(
            on_disk.is_empty(),
            "files were written for an unreadable archive"
        );
    }
}

/// Stages `bytes` as a stream with `stage_stream` (with and without a known length) into an
/// empty staging folder `BASE/staging`, and checks:
/// * `BASE` holds only `staging`: nothing was created outside the staging folder;
/// * on `Ok(Some(_))`, `staging` holds one stage folder whose regular files are exactly the
///   staged files, with their sizes, none larger than `max_file_size`, and nothing else than
///   files and folders; on `Ok(None)` or an error, `staging` is empty: nothing made is left.
pub fn check_stream(bytes: &[u8]) {
    for len in [Some(bytes.len() as u64), None] {
        let base = temp_base();
        let staging = base.path().join("staging");
        fs::create_dir_all(&staging).expect("create the staging folder");
        let printer = Printer::new(Verbosity::Quiet, ColorChoice::Never, true, true);
        let area = StageArea {
            dir: staging.clone(),
            limits: limits(),
            printer: &printer,
            cache: None,
        };
        let result = stage_stream(&mut &bytes[..], len, "fuzz", &area);
        assert_eq!(
            names(base.path()),
            ["staging"],
            "something was created outside staging"
        );
        match result {
            Ok(Some(streamed)) => {
                let staged = streamed
                    .finish(None, &printer)
                    .expect("no expectation to fail");
                assert_eq!(names(&staging).len(), 1, "more than one stage folder");
                let mut on_disk = BTreeMap::new();
                walk(staged.dir.path(), "", &mut on_disk);
                let returned: BTreeMap<String, u64> = staged
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.size))
                    .collect();
                assert_eq!(
                    returned.len(),
                    staged.files.len(),
                    "a path was returned twice"
                );
                assert_eq!(
                    on_disk, returned,
                    "the files on disk differ from the staged files"
                );
                assert!(
                    returned.contains_key("plugin.toml"),
                    "no plugin.toml staged"
                );
                for (path, size) in &returned {
                    assert!(
                        *size <= limits().max_file_size,
                        "`{path}` is larger than max_file_size"
                    );
                }
            }
            Ok(None) | Err(_) => {
                assert!(
                    names(&staging).is_empty(),
                    "a failed stream left {:?}",
                    names(&staging)
                );
            }
        }
    }
}

/// Runs `check` on `data`, and, when `data` does not start with the gzip magic, also on `data`
/// gzip-compressed in memory: so that the fuzzer can mutate raw tar headers directly.
pub fn with_gzip_wrapped(data: &[u8], check: fn(&[u8])) {
    check(data);
    if !data.starts_with(&[0x1f, 0x8b]) {
        let mut gz = GzEncoder::new(Vec::with_capacity(data.len() / 2 + 64), Compression::fast());
        gz.write_all(data).expect("gzip into memory");
        let wrapped = gz.finish().expect("gzip into memory");
        check(&wrapped);
    }
}

//! Signed-registry metadata benchmark (issue #17), run on demand:
//! `cargo bench --bench tuf_metadata` (options after `--`).
//!
//! Writes a registry folder of N plugins (default 10,000) in a temporary folder, one index
//! file each with one line (generated directly: no archive is built or published), signs it
//! once as `plugin index init --signed` does ([`plugin::authoring::signing`]), then verifies
//! it as a client pinning its first root does ([`plugin::source::tuf::load`]), counting the
//! bytes of every metadata file read. Prints those bytes per file, the time to sign, the time
//! to verify, and the bytes of the index files one install of one plugin reads besides.
//! Options: `--plugins N` (default 10000).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use plugin::authoring::signing::{self, Expiry, Keys};
use plugin::source::tuf::{self, TrustedRoot};

fn plugins() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--plugins")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// cargo's prefix path of `name` (all names here are longer than 3 characters).
fn index_rel(name: &str) -> String {
    format!("{}/{}/{name}", &name[..2], &name[2..4])
}

fn write_registry(dir: &Path, n: usize) {
    std::fs::write(dir.join("config.json"), br#"{"dl":"archives"}"#).expect("config.json");
    for i in 0..n {
        let name = format!("plugin-{i:05}");
        let rel = index_rel(&name);
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        let cksum = format!("{:064x}", i as u128 * 0x9e37_79b9_7f4a_7c15);
        let line = format!(
            "{{\"name\":\"{name}\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"{cksum}\",\"yanked\":false,\"format\":\"tar.gz\",\"description\":\"Plugin number {i}.\",\"published\":\"2026-12-01T00:00:00Z\",\"license\":\"MIT\"}}\n"
        );
        std::fs::write(path, line).expect("index file");
    }
}

fn main() {
    let n = plugins();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("registry");
    std::fs::create_dir_all(&dir).expect("mkdir");
    write_registry(&dir, n);
    let keys = Keys::load_or_create(&tmp.path().join("keys")).expect("keys");
    let started = Instant::now();
    let files = signing::signable_files(&dir).expect("list");
    signing::init(&dir, &keys, &files, Expiry::default()).expect("sign");
    let signed_in = started.elapsed();

    let read: RefCell<BTreeMap<String, u64>> = RefCell::new(BTreeMap::new());
    let reader = |rel: &str| match std::fs::read(dir.join(rel)) {
        Ok(b) => {
            read.borrow_mut().insert(rel.to_string(), b.len() as u64);
            Ok(Some(b))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            read.borrow_mut().insert(format!("{rel} (not found)"), 0);
            Ok(None)
        }
        Err(e) => Err((e.to_string(), None)),
    };
    let root = TrustedRoot::File(dir.join("1.root.json"));
    let started = Instant::now();
    let verified = tuf::load("bench", &root, &reader, None, false).expect("verify");
    let verified_in = started.elapsed();
    let name = format!("plugin-{:05}", n / 2);
    let index_bytes: u64 = ["config.json".to_string(), index_rel(&name)]
        .iter()
        .map(|rel| std::fs::metadata(dir.join(rel)).map_or(0, |m| m.len()))
        .sum();

    println!(
        "signed registry of {n} plugins ({} targets)",
        verified.len()
    );
    println!(
        "signed in {:.2} s; verified in {:.2} s",
        signed_in.as_secs_f64(),
        verified_in.as_secs_f64()
    );
    println!("metadata read by one install (trusted root pinned from a file):");
    for (file, bytes) in read.borrow().iter() {
        println!("  {file:<28} {bytes:>10} bytes");
    }
    println!("  {:<28} {:>10} bytes", "total", verified.metadata_bytes);
    println!("index files of the install (config.json + 1 index file): {index_bytes} bytes");
    println!(
        "metadata per plugin listed: {:.1} bytes",
        verified.metadata_bytes as f64 / n as f64
    );
}

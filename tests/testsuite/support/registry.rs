//! A cargo-style builder for test registries:
//!
//! ```ignore
//! let mut reg = TestRegistry::new(dir);
//! reg.publish(Package::new("hash", "1.2.3").dep("base", "^1").file("hash/__init__.py", "..."));
//! ```
//!
//! `publish` writes the archive at `packages/{name}/{version}/download` (the contract's `dl`),
//! with a generated `plugin.toml`, and appends the index line at cargo's prefix path.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use super::{index_rel_path, sha256_hex, toml_str};

/// The `dl` template written to `config.json`.
pub const DL: &str = "packages/{name}/{version}/download";

/// A registry folder being built.
pub struct TestRegistry {
    root: PathBuf,
}

impl TestRegistry {
    /// Creates `root` (if needed) and writes its `config.json`.
    pub fn new(root: impl Into<PathBuf>) -> TestRegistry {
        let root = root.into();
        std::fs::create_dir_all(&root).expect("mkdir registry");
        let config = serde_json::json!({ "dl": DL });
        std::fs::write(root.join("config.json"), format!("{config}\n")).expect("write config.json");
        TestRegistry { root }
    }

    /// The registry folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the archive of `name` `version` lives.
    pub fn archive_path(&self, name: &str, version: &str) -> PathBuf {
        self.root.join(self.archive_rel(name, version))
    }

    /// The archive's path relative to the registry folder: the path a server of the folder
    /// answers it on.
    pub fn archive_rel(&self, name: &str, version: &str) -> String {
        DL.replace("{name}", name).replace("{version}", version)
    }

    /// Where the index file of `name` lives.
    pub fn index_path(&self, name: &str) -> PathBuf {
        self.root.join(index_rel_path(name))
    }

    /// Writes the package's archive and appends its index line; returns the archive's sha256.
    pub fn publish(&mut self, pkg: Package) -> String {
        let archive = pkg.archive_bytes();
        let cksum = sha256_hex(&archive);
        let path = self.archive_path(&pkg.name, &pkg.version);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir package");
        std::fs::write(&path, &archive).expect("write archive");

        let deps: Vec<serde_json::Value> = pkg
            .deps
            .iter()
            .map(|(name, req)| serde_json::json!({ "name": name, "req": req }))
            .collect();
        let mut line = serde_json::json!({
            "name": pkg.name,
            "vers": pkg.version,
            "deps": deps,
            "cksum": cksum,
            "yanked": pkg.yanked,
            "format": if pkg.zip { "zip" } else { "tar.gz" },
            "description": format!("test package {}", pkg.name),
        });
        if let Some((host, req)) = &pkg.host {
            line["host"] = serde_json::json!({ "name": host, "version": req });
        }
        if let Some(at) = &pkg.published {
            line["published"] = serde_json::json!(at);
        }
        if let Some(license) = &pkg.license {
            line["license"] = serde_json::json!(license);
        }
        self.append_line(&pkg.name, &line);
        cksum
    }

    /// Appends OSV `record` to the advisory file of `name` (`advisories/` + its index path),
    /// as a registry keeps it: a JSON array of records.
    pub fn advisory(&self, name: &str, record: serde_json::Value) {
        let path = self.root.join("advisories").join(index_rel_path(name));
        let mut records: Vec<serde_json::Value> = std::fs::read(&path)
            .map(|b| serde_json::from_slice(&b).expect("advisory file is JSON"))
            .unwrap_or_default();
        records.push(record);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir advisories");
        std::fs::write(&path, serde_json::to_vec_pretty(&records).expect("json"))
            .expect("write advisory file");
    }

    /// Writes `archive` verbatim as the archive of `name` `version` (e.g. a hand-made or
    /// hostile one) and appends an index line with its sha256, no dependencies and the
    /// `format` hint its first bytes suggest; returns the sha256.
    pub fn publish_raw(&mut self, name: &str, version: &str, archive: &[u8]) -> String {
        let cksum = sha256_hex(archive);
        let path = self.archive_path(name, version);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir package");
        std::fs::write(&path, archive).expect("write archive");
        let line = serde_json::json!({
            "name": name,
            "vers": version,
            "deps": [],
            "cksum": cksum,
            "yanked": false,
            "format": if archive.starts_with(b"PK") { "zip" } else { "tar.gz" },
            "description": format!("test package {name}"),
        });
        self.append_line(name, &line);
        cksum
    }

    /// Appends `line` to the index file of `name`, creating it.
    fn append_line(&self, name: &str, line: &serde_json::Value) {
        let index = self.index_path(name);
        std::fs::create_dir_all(index.parent().expect("parent")).expect("mkdir index");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&index)
            .expect("open index file");
        writeln!(file, "{line}").expect("append index line");
    }
}

/// A package to publish.
#[derive(Debug, Clone)]
pub struct Package {
    name: String,
    version: String,
    deps: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
    yanked: bool,
    zip: bool,
    manifest: Option<String>,
    no_manifest: bool,
    top_dir: Option<String>,
    include: Vec<String>,
    exclude: Vec<String>,
    host: Option<(String, String)>,
    published: Option<String>,
    license: Option<String>,
    license_manifest: Option<String>,
}

impl Package {
    /// A package with a generated `plugin.toml` and no other file yet.
    pub fn new(name: &str, version: &str) -> Package {
        Package {
            name: name.to_string(),
            version: version.to_string(),
            deps: Vec::new(),
            files: Vec::new(),
            yanked: false,
            zip: false,
            manifest: None,
            no_manifest: false,
            top_dir: None,
            include: Vec::new(),
            exclude: Vec::new(),
            host: None,
            published: None,
            license: None,
            license_manifest: None,
        }
    }

    /// The index line's `published` time (RFC 3339).
    pub fn published(mut self, at: &str) -> Self {
        self.published = Some(at.to_string());
        self
    }

    /// The published this long ago, as RFC 3339 UTC.
    pub fn published_ago(self, ago: std::time::Duration) -> Self {
        let at = std::time::SystemTime::now() - ago;
        let secs = at
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs();
        self.published(&rfc3339(secs))
    }

    /// A `license` in plugin.toml; `in_line` also puts it in the index line (as `plugin
    /// publish` does), else only the manifest has it.
    pub fn license(mut self, expr: &str, in_line: bool) -> Self {
        self.license_manifest = Some(expr.to_string());
        if in_line {
            self.license = Some(expr.to_string());
        }
        self
    }

    /// The name it is published under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version it is published under.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// A host requirement (`host = { name, version }`), in the manifest and the index line.
    pub fn host(mut self, name: &str, req: &str) -> Self {
        self.host = Some((name.to_string(), req.to_string()));
        self
    }

    /// A dependency, in the manifest and in the index line.
    pub fn dep(mut self, name: &str, req: &str) -> Self {
        self.deps.push((name.to_string(), req.to_string()));
        self
    }

    /// A file of the package (path relative to the package root, `/` separators).
    pub fn file(mut self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        self.files
            .push((path.to_string(), contents.as_ref().to_vec()));
        self
    }

    /// Marks the version yanked in the index.
    pub fn yanked(mut self, yanked: bool) -> Self {
        self.yanked = yanked;
        self
    }

    /// Writes a zip archive instead of a tar.gz.
    pub fn zip(mut self) -> Self {
        self.zip = true;
        self
    }

    /// Puts everything inside one top-level folder (release-tarball style).
    pub fn top_level_dir(mut self, dir: &str) -> Self {
        self.top_dir = Some(dir.to_string());
        self
    }

    /// An `include` glob of the generated manifest.
    pub fn include(mut self, glob: &str) -> Self {
        self.include.push(glob.to_string());
        self
    }

    /// An `exclude` glob of the generated manifest.
    pub fn exclude(mut self, glob: &str) -> Self {
        self.exclude.push(glob.to_string());
        self
    }

    /// Uses this text as `plugin.toml` instead of the generated one (e.g. naming another
    /// plugin or version than the index line).
    pub fn manifest_override(mut self, text: &str) -> Self {
        self.manifest = Some(text.to_string());
        self
    }

    /// Leaves `plugin.toml` out of the archive.
    pub fn no_manifest(mut self) -> Self {
        self.no_manifest = true;
        self
    }

    /// The generated (or overridden) `plugin.toml`.
    pub fn manifest_text(&self) -> String {
        if let Some(text) = &self.manifest {
            return text.clone();
        }
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut text = format!(
            "[plugin]\nname = {}\nversion = {}\ndescription = {}\n",
            toml_str(&self.name),
            toml_str(&self.version),
            toml_str(&format!("test package {}", self.name)),
        );
        if let Some(license) = &self.license_manifest {
            text.push_str(&format!("license = {}\n", toml_str(license)));
        }
        if let Some((host, req)) = &self.host {
            text.push_str(&format!(
                "host = {{ name = {}, version = {} }}\n",
                toml_str(host),
                toml_str(req)
            ));
        }
        if !self.include.is_empty() {
            text.push_str(&format!("include = {}\n", list(&self.include)));
        }
        if !self.exclude.is_empty() {
            text.push_str(&format!("exclude = {}\n", list(&self.exclude)));
        }
        if !self.deps.is_empty() {
            text.push_str("\n[dependencies]\n");
            for (name, req) in &self.deps {
                text.push_str(&format!("{} = {}\n", toml_str(name), toml_str(req)));
            }
        }
        text
    }

    /// Every entry of the archive: (path inside the archive, Some(bytes) for files,
    /// None for directories), directories first-seen before their files.
    fn entries(&self) -> Vec<(String, Option<Vec<u8>>)> {
        let prefix = self
            .top_dir
            .as_ref()
            .map(|d| format!("{}/", d.trim_end_matches('/')));
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        if !self.no_manifest {
            files.push(("plugin.toml".to_string(), self.manifest_text().into_bytes()));
        }
        files.extend(self.files.iter().cloned());
        let mut out: Vec<(String, Option<Vec<u8>>)> = Vec::new();
        let mut dirs_seen = std::collections::BTreeSet::new();
        if let Some(p) = &prefix {
            dirs_seen.insert(p.clone());
            out.push((p.clone(), None));
        }
        for (path, bytes) in files {
            let full = format!("{}{path}", prefix.as_deref().unwrap_or(""));
            let parts: Vec<&str> = full.split('/').collect();
            for i in 1..parts.len() {
                let dir = format!("{}/", parts[..i].join("/"));
                if dirs_seen.insert(dir.clone()) {
                    out.push((dir, None));
                }
            }
            out.push((full, Some(bytes)));
        }
        out
    }

    /// The archive bytes (tar.gz or zip).
    pub fn archive_bytes(&self) -> Vec<u8> {
        if self.zip {
            self.zip_bytes()
        } else {
            self.tar_gz_bytes()
        }
    }

    fn tar_gz_bytes(&self) -> Vec<u8> {
        let encoder = GzEncoder::new(Vec::new(), Compression::default());
        let mut builder = tar::Builder::new(encoder);
        for (path, bytes) in self.entries() {
            let mut header = tar::Header::new_gnu();
            header.set_mtime(1_700_000_000);
            header.set_uid(0);
            header.set_gid(0);
            match bytes {
                None => {
                    header.set_entry_type(tar::EntryType::Directory);
                    header.set_mode(0o755);
                    header.set_size(0);
                    builder
                        .append_data(&mut header, &path, std::io::empty())
                        .expect("append dir");
                }
                Some(bytes) => {
                    header.set_entry_type(tar::EntryType::Regular);
                    header.set_mode(0o644);
                    header.set_size(bytes.len() as u64);
                    builder
                        .append_data(&mut header, &path, bytes.as_slice())
                        .expect("append file");
                }
            }
        }
        let encoder = builder.into_inner().expect("finish tar");
        encoder.finish().expect("finish gzip")
    }

    fn zip_bytes(&self) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (path, bytes) in self.entries() {
            match bytes {
                None => writer
                    .add_directory(path.as_str(), options)
                    .expect("zip dir"),
                Some(bytes) => {
                    writer.start_file(path.as_str(), options).expect("zip file");
                    writer.write_all(&bytes).expect("zip write");
                }
            }
        }
        writer.finish().expect("finish zip").into_inner()
    }
}

/// `secs` since 1970 as RFC 3339 UTC (`2026-01-31T12:00:00Z`), by the civil-from-days
/// algorithm (Howard Hinnant's).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[test]
fn rfc3339_of_known_times() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
}

#[test]
fn builder_writes_archives_index_lines_and_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reg = TestRegistry::new(dir.path().join("reg"));
    let c1 = reg.publish(
        Package::new("hash", "1.2.3")
            .dep("base", "^1")
            .file("hash/__init__.py", "x = 1\n"),
    );
    let c2 = reg.publish(
        Package::new("hash", "1.3.0")
            .zip()
            .yanked(true)
            .top_level_dir("hash-1.3.0")
            .file("a.txt", "a"),
    );
    assert_eq!(
        sha256_hex(&std::fs::read(reg.archive_path("hash", "1.2.3")).expect("read")),
        c1
    );
    let index = std::fs::read_to_string(reg.root().join("ha/sh/hash")).expect("index");
    let lines: Vec<serde_json::Value> = index
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["vers"], "1.2.3");
    assert_eq!(lines[0]["cksum"], c1.as_str());
    assert_eq!(lines[0]["deps"][0]["name"], "base");
    assert_eq!(lines[1]["yanked"], true);
    assert_eq!(lines[1]["cksum"], c2.as_str());
    assert_eq!(lines[1]["format"], "zip");

    // The tar.gz holds plugin.toml at its root.
    let file = std::fs::File::open(reg.archive_path("hash", "1.2.3")).expect("open");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let names: Vec<String> = archive
        .entries()
        .expect("entries")
        .map(|e| {
            e.expect("entry")
                .path()
                .expect("path")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(names.contains(&"plugin.toml".to_string()), "{names:?}");
    assert!(names.contains(&"hash/__init__.py".to_string()), "{names:?}");

    // The zip is a zip with everything under the top-level folder.
    let bytes = std::fs::read(reg.archive_path("hash", "1.3.0")).expect("read");
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("zip entry name").into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n == "hash-1.3.0/plugin.toml"),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with("hash-1.3.0/")),
        "{names:?}"
    );

    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(reg.root().join("config.json")).expect("config"),
    )
    .expect("json");
    assert_eq!(config["dl"], DL);
    assert_eq!(index_rel_path("Stoq_Hash"), "st/oq/stoq-hash");
    assert_eq!(index_rel_path("a"), "1/a");
    assert_eq!(index_rel_path("ab"), "2/ab");
    assert_eq!(index_rel_path("abc"), "3/a/abc");
}

//! Shared helpers of the integration tests: a project in a temp dir that runs the real `plugin`
//! binary, tree snapshots, hashing, and served copies of the sample registry.

#![allow(dead_code)]

pub mod azurite;
pub mod crash;
pub mod evil;
pub mod hosts;
pub mod json;
pub mod private;
pub mod python;
pub mod registry;
pub mod s3;
pub mod server;
pub mod tls;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tempfile::TempDir;

pub use server::{unreachable_url, TestServer};

/// How long one run of the binary may take before the test fails.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);
/// Poll interval while waiting for the child process to exit (only used for the timeout).
const POLL: Duration = Duration::from_millis(5);

/// Root of this crate's sources.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `<crate>/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    manifest_dir().join("fixtures")
}

/// `<crate>/registry-index`.
pub fn registry_index_dir() -> PathBuf {
    manifest_dir().join("registry-index")
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Lowercase hex sha256 of a file's bytes.
pub fn sha256_file(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    sha256_hex(&bytes)
}

/// Incompressible bytes (xorshift), so that an archive is as long as its contents.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Relative paths (with `/`) of every regular file below the plugin folder `dir` that came
/// from its package, sorted: all but the Python metadata `plugin` writes beside them (a
/// top-level `NAME-VERSION.dist-info/`, checked on its own by the tests of hosts).
pub fn file_set(dir: &Path) -> BTreeSet<String> {
    snapshot_tree(dir)
        .into_keys()
        .filter(|k| !k.ends_with('/') && !is_dist_info(k))
        .collect()
}

/// Whether `rel` is inside the top-level `*.dist-info/` folder of a plugin folder.
pub fn is_dist_info(rel: &str) -> bool {
    rel.split_once('/')
        .is_some_and(|(top, _)| top.ends_with(".dist-info"))
}

/// The contract's `content` digest of a plugin folder's package files (without `sha256:`):
/// sha256 over `PATH \0 SHA256HEX \n` for every file sorted by relative path (bytes order),
/// the Python metadata `plugin` writes left out (see [`file_set`]).
pub fn content_digest(dir: &Path) -> String {
    let mut hasher = Sha256::new();
    for (path, bytes) in snapshot_tree(dir) {
        if path.ends_with('/') || is_dist_info(&path) {
            continue;
        }
        hasher.update(path.as_bytes());
        hasher.update(b"\0");
        hasher.update(sha256_hex(&bytes).as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// Every entry below `dir` keyed by its relative path with `/` separators: files map to their
/// bytes, directories get a trailing `/` and no bytes, symlinks map to `-> TARGET`.
/// Symlinks are not followed, so the walk terminates.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display()));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display()));
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .expect("below base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let kind = entry.file_type().expect("file_type");
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).expect("read_link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(base, &path, out);
            } else {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                out.insert(rel, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Panics with a readable list of differences when two snapshots differ.
pub fn assert_same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    context: &str,
) {
    if before == after {
        return;
    }
    let mut diff = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => diff.push(format!("  removed: {k}")),
            Some(w) if w != v => diff.push(format!("  changed: {k}")),
            Some(_) => {}
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) {
            diff.push(format!("  added:   {k}"));
        }
    }
    panic!("{context}: the tree changed:\n{}", diff.join("\n"));
}

/// Copies a directory tree (files and directories).
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("mkdir {}: {e}", dst.display()));
    for (rel, bytes) in snapshot_tree(src) {
        let target = dst.join(&rel);
        if let Some(dir) = rel.strip_suffix('/') {
            std::fs::create_dir_all(dst.join(dir)).expect("mkdir");
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&target, bytes)
                .unwrap_or_else(|e| panic!("write {}: {e}", target.display()));
        }
    }
}

/// A copy of the repository's `registry-index/` in a temp dir, served over HTTP.
/// Tests may tamper with their copy.
pub struct ServedRegistry {
    _tmp: TempDir,
    root: PathBuf,
    pub server: TestServer,
}

impl ServedRegistry {
    /// Copies `<crate>/registry-index` and serves the copy.
    pub fn copy_of_sample() -> ServedRegistry {
        let src = registry_index_dir();
        assert!(
            src.join("config.json").is_file(),
            "the sample registry {} has no config.json",
            src.display()
        );
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("registry-index");
        copy_dir(&src, &root);
        let server = TestServer::serve(&root);
        ServedRegistry {
            _tmp: tmp,
            root,
            server,
        }
    }

    /// Serves a registry directory built elsewhere (e.g. with `TestRegistry`).
    pub fn serve_dir(root: &Path) -> TestServer {
        TestServer::serve(root)
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The local copy's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Path of a package archive in the copy, following `config.json`'s `dl`.
    pub fn archive_path(&self, name: &str, version: &str) -> PathBuf {
        archive_path_in(&self.root, name, version)
    }

    /// sha256 hex of a package archive in the copy.
    pub fn archive_sha256(&self, name: &str, version: &str) -> String {
        sha256_file(&self.archive_path(name, version))
    }

    /// Flips bytes in the middle of an archive of the copy; the index line is kept.
    pub fn corrupt_archive(&self, name: &str, version: &str) {
        corrupt_file(&self.archive_path(name, version));
    }
}

/// Flips a few bytes in the middle of a file (so its sha256 changes).
pub fn corrupt_file(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(!bytes.is_empty(), "{} is empty", path.display());
    let mid = bytes.len() / 2;
    let end = (mid + 8).min(bytes.len());
    for b in &mut bytes[mid..end] {
        *b ^= 0xff;
    }
    std::fs::write(path, bytes).expect("write corrupted archive");
}

/// Path of a package archive in a registry folder, following `config.json`'s relative `dl`.
pub fn archive_path_in(registry_root: &Path, name: &str, version: &str) -> PathBuf {
    let config =
        std::fs::read_to_string(registry_root.join("config.json")).expect("read config.json");
    let config: serde_json::Value = serde_json::from_str(&config).expect("config.json is JSON");
    let dl = config["dl"].as_str().expect("config.json has a dl string");
    assert!(
        !dl.contains("://"),
        "tests expect a relative dl in {}, found {dl}",
        registry_root.display()
    );
    let rel = if dl.contains('{') {
        dl.replace("{name}", name)
            .replace("{crate}", name)
            .replace("{version}", version)
    } else {
        format!("{}/{name}/{version}/download", dl.trim_end_matches('/'))
    };
    assert!(!rel.contains('{'), "unsupported marker in dl {dl}");
    registry_root.join(rel.trim_start_matches('/'))
}

/// Cargo's index prefix path of a plugin name (`st/oq/stoq-hash`).
pub fn index_rel_path(name: &str) -> String {
    let n = name.to_lowercase().replace('_', "-");
    match n.len() {
        0 => panic!("empty name"),
        1 => format!("1/{n}"),
        2 => format!("2/{n}"),
        3 => format!("3/{}/{n}", &n[..1]),
        _ => format!("{}/{}/{n}", &n[..2], &n[2..4]),
    }
}

/// A temp dir with a project folder and a fresh fake HOME, in which the binary is run.
pub struct TestProject {
    tmp: TempDir,
    dir: PathBuf,
    home: PathBuf,
}

impl Default for TestProject {
    fn default() -> Self {
        Self::new()
    }
}

impl TestProject {
    /// An empty project folder (no plugins.toml) and an empty HOME.
    pub fn new() -> TestProject {
        let tmp = tempfile::tempdir().expect("tempdir");
        let base = tmp.path().canonicalize().expect("canonicalize tempdir");
        let dir = base.join("project");
        let home = base.join("home");
        std::fs::create_dir_all(&dir).expect("mkdir project");
        std::fs::create_dir_all(&home).expect("mkdir home");
        TestProject { tmp, dir, home }
    }

    /// The project folder (the binary's working directory).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The fake HOME.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// A scratch folder beside the project (created on demand).
    pub fn scratch(&self, name: &str) -> PathBuf {
        let p = self.dir.parent().expect("parent").join(name);
        std::fs::create_dir_all(&p).expect("mkdir scratch");
        p
    }

    /// `<project>/<rel>`
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// `<project>/plugins/<name>`
    pub fn plugin_dir(&self, name: &str) -> PathBuf {
        self.dir.join("plugins").join(name)
    }

    /// Whether `<project>/<rel>` exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Reads `<project>/<rel>` as text.
    pub fn read(&self, rel: &str) -> String {
        let p = self.path(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
    }

    /// Writes `<project>/<rel>`, creating parents.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }

    /// Snapshot of the whole project folder.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot_tree(&self.dir)
    }

    /// `plugins.toml` parsed.
    pub fn manifest(&self) -> toml::Table {
        let text = self.read("plugins.toml");
        text.parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("plugins.toml is not TOML: {e}\n{text}"))
    }

    /// `[plugins].NAME` of plugins.toml, if any (plugins.toml must exist).
    pub fn manifest_plugin(&self, name: &str) -> Option<toml::Value> {
        self.manifest()
            .get("plugins")
            .and_then(|p| p.get(name))
            .cloned()
    }

    /// `plugins.lock` parsed.
    pub fn lock(&self) -> toml::Table {
        let text = self.read("plugins.lock");
        text.parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("plugins.lock is not TOML: {e}\n{text}"))
    }

    /// Every `[[plugin]]` of plugins.lock.
    /// A missing plugins.lock counts as empty.
    pub fn lock_plugins(&self) -> Vec<toml::Table> {
        if !self.exists("plugins.lock") {
            return Vec::new();
        }
        match self.lock().get("plugin") {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_table().expect("[[plugin]] is a table").clone())
                .collect(),
            Some(other) => panic!("plugins.lock: `plugin` is not an array of tables: {other}"),
        }
    }

    /// The `[[plugin]]` entry called `name`, if any.
    pub fn lock_plugin(&self, name: &str) -> Option<toml::Table> {
        self.lock_plugins()
            .into_iter()
            .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name))
    }

    /// The `[[plugin]]` entry called `name`, panicking with the lock text if absent.
    pub fn locked(&self, name: &str) -> LockedPlugin {
        let table = self.lock_plugin(name).unwrap_or_else(|| {
            panic!(
                "no [[plugin]] {name} in plugins.lock:\n{}",
                self.read("plugins.lock")
            )
        });
        LockedPlugin(table)
    }

    /// A builder that runs the binary with `args` in the project folder.
    pub fn plugin<I, S>(&self, args: I) -> PluginCommand
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        PluginCommand {
            args: args.into_iter().map(Into::into).collect(),
            envs: Vec::new(),
            cwd: self.dir.clone(),
            home: self.home.clone(),
        }
    }

    /// Runs the binary with `args` in the project folder.
    pub fn run<I, S>(&self, args: I) -> RunOutput
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.plugin(args).run()
    }

    /// Keeps the temp dir alive (for borrowing in helpers).
    pub fn tempdir(&self) -> &Path {
        self.tmp.path()
    }
}

/// One `[[plugin]]` entry of plugins.lock.
#[derive(Debug, Clone)]
pub struct LockedPlugin(pub toml::Table);

impl LockedPlugin {
    /// A string field; panics when missing.
    pub fn str(&self, key: &str) -> &str {
        self.0
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("lock entry has no string `{key}`: {:?}", self.0))
    }

    /// `version`
    pub fn version(&self) -> &str {
        self.str("version")
    }

    /// `source`
    pub fn source(&self) -> &str {
        self.str("source")
    }

    /// `dependencies` (empty when omitted).
    pub fn dependencies(&self) -> Vec<String> {
        match self.0.get("dependencies") {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .expect("dependencies is an array")
                .iter()
                .map(|d| {
                    d.as_str()
                        .expect("dependency names are strings")
                        .to_string()
                })
                .collect(),
        }
    }
}

/// A run of the binary being prepared.
pub struct PluginCommand {
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    cwd: PathBuf,
    home: PathBuf,
}

impl PluginCommand {
    /// Appends an argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Sets an environment variable for this run.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Runs in another working directory.
    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = dir.into();
        self
    }

    /// The command, not started: the binary with its arguments, working directory, a clean
    /// environment (PATH, HOME, NO_COLOR and what [`PluginCommand::env`] set) and no stdin;
    /// stdout and stderr piped. For tests that manage the process themselves.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plugin"));
        cmd.args(&self.args)
            .current_dir(&self.cwd)
            .env_clear()
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // The test harness's PATH is passed on; the rest of the environment is cleared.
        #[allow(clippy::disallowed_methods)]
        let path = std::env::var_os("PATH");
        if let Some(path) = path {
            cmd.env("PATH", path);
        }
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs the binary with a clean environment and no stdin; waits at most `COMMAND_TIMEOUT`.
    pub fn run(self) -> RunOutput {
        let (output, _) = self.run_limited(None, COMMAND_TIMEOUT);
        assert!(
            output.code.is_some(),
            "timed out after {COMMAND_TIMEOUT:?}\n{output}"
        );
        output
    }

    /// Runs the binary with `stdin` (if any) written to its standard input and then closed;
    /// kills it after `limit`. Returns the output (`code: None` when killed) and how long it ran.
    pub fn run_limited(self, stdin: Option<&[u8]>, limit: Duration) -> (RunOutput, Duration) {
        let exe = env!("CARGO_BIN_EXE_plugin");
        let mut cmd = self.command();
        let shown = std::iter::once("plugin".to_string())
            .chain(self.args.iter().map(|a| a.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        if stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let started = Instant::now();
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {exe}: {e}"));
        let writer = stdin.map(|bytes| {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            let bytes = bytes.to_vec();
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
                // Dropping the pipe closes the child's stdin.
            })
        });
        let mut out_pipe = child.stdout.take().expect("stdout pipe");
        let mut err_pipe = child.stderr.take().expect("stderr pipe");
        let out_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out_pipe.read_to_end(&mut buf);
            buf
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err_pipe.read_to_end(&mut buf);
            buf
        });
        let deadline = started + limit;
        let status = loop {
            match child.try_wait().expect("try_wait") {
                Some(status) => break Some(status),
                None if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                None => std::thread::sleep(POLL),
            }
        };
        let elapsed = started.elapsed();
        if let Some(writer) = writer {
            let _ = writer.join();
        }
        let stdout =
            String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
        let stderr =
            String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
        let output = RunOutput {
            command: shown,
            cwd: self.cwd,
            code: status.and_then(|s| s.code()),
            stdout,
            stderr,
        };
        (output, elapsed)
    }
}

/// What a run of the binary produced.
pub struct RunOutput {
    /// The command line, for messages.
    pub command: String,
    /// Its working directory.
    pub cwd: PathBuf,
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Captured stdout.
    pub stdout: String,
    /// Captured stderr.
    pub stderr: String,
}

impl fmt::Display for RunOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}  (in {})", self.command, self.cwd.display())?;
        writeln!(f, "exit code: {:?}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

impl RunOutput {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, Some(0), "expected success\n{self}");
        self
    }

    /// Asserts exit code 3 (no combination of versions satisfies the requirements), an
    /// `error:` line and an explanation.
    #[track_caller]
    pub fn no_solution(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(3),
            "expected no solution (exit code 3)\n{self}"
        );
        self.no_panic();
        assert!(
            self.stderr.contains("error:"),
            "expected an `error:` line\n{self}"
        );
        assert!(
            self.stderr.contains("Because"),
            "expected an explanation\n{self}"
        );
        self
    }

    /// Asserts exit code 1 (a failure, not a usage error nor a crash) and an `error:` line.
    #[track_caller]
    pub fn failure(&self) -> &Self {
        assert_eq!(self.code, Some(1), "expected failure (exit code 1)\n{self}");
        self.no_panic();
        assert!(
            self.stderr.contains("error:"),
            "expected an `error:` line\n{self}"
        );
        self
    }

    /// Asserts a given exit code.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "expected exit code {code}\n{self}");
        self
    }

    /// Asserts the binary did not panic.
    #[track_caller]
    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked at"),
            "the binary panicked\n{self}"
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "expected stderr to contain {needle:?}\n{self}"
        );
        self
    }

    /// Asserts stderr contains `needle`, ignoring ASCII case.
    #[track_caller]
    pub fn stderr_has_ci(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.to_lowercase().contains(&needle.to_lowercase()),
            "expected stderr to contain {needle:?} (any case)\n{self}"
        );
        self
    }

    /// Asserts stderr contains at least one of `needles`, ignoring ASCII case.
    #[track_caller]
    pub fn stderr_has_any_ci(&self, needles: &[&str]) -> &Self {
        let lower = self.stderr.to_lowercase();
        assert!(
            needles.iter().any(|n| lower.contains(&n.to_lowercase())),
            "expected stderr to contain one of {needles:?} (any case)\n{self}"
        );
        self
    }

    /// Asserts stderr does not contain `needle`.
    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "expected stderr NOT to contain {needle:?}\n{self}"
        );
        self
    }

    /// Asserts stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "expected stdout to contain {needle:?}\n{self}"
        );
        self
    }
}

/// `<crate>/fixtures/stoq-hash/<version>`.
pub fn stoq_hash_fixture(version: &str) -> PathBuf {
    fixtures_dir().join("stoq-hash").join(version)
}

/// The files a stoq-hash fixture folder should install, computed from the folder itself.
///
/// stoq-hash's manifests say `include = ["stoq_hash/**", "README.md"]` and
/// `exclude = ["**/*.pyc", "stoq_hash/dev_notes.txt"]` (checked here, so that the rule applied
/// below is the manifest's): `plugin.toml` always, else files below `stoq_hash/` or `README.md`,
/// minus `*.pyc` anywhere and `stoq_hash/dev_notes.txt`.
pub fn stoq_hash_expected_files(version: &str) -> BTreeSet<String> {
    let dir = stoq_hash_fixture(version);
    let manifest: toml::Table = std::fs::read_to_string(dir.join("plugin.toml"))
        .expect("read fixture plugin.toml")
        .parse()
        .expect("fixture plugin.toml is TOML");
    let strings = |key: &str| -> Vec<String> {
        manifest["plugin"]
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|s| s.as_str().expect("glob").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        strings("include"),
        ["stoq_hash/**", "README.md"],
        "fixture include changed"
    );
    assert_eq!(
        strings("exclude"),
        ["**/*.pyc", "stoq_hash/dev_notes.txt"],
        "fixture exclude changed"
    );

    let all = file_set(&dir);
    // The fixture must hold files of every excluded kind, or the check proves nothing.
    assert!(
        all.contains("stoq_hash/dev_notes.txt"),
        "fixture lacks dev_notes.txt: {all:?}"
    );
    assert!(
        all.iter().any(|f| f.ends_with(".pyc")),
        "fixture lacks a .pyc: {all:?}"
    );
    assert!(
        all.iter().any(|f| f.starts_with("tests/")),
        "fixture lacks tests/: {all:?}"
    );

    let expected: BTreeSet<String> = all
        .into_iter()
        .filter(|f| {
            f == "plugin.toml"
                || ((f.starts_with("stoq_hash/") || f == "README.md")
                    && !f.ends_with(".pyc")
                    && f != "stoq_hash/dev_notes.txt")
        })
        .collect();
    assert!(expected.contains("stoq_hash/hash.stoq"), "{expected:?}");
    assert!(expected.contains("README.md"), "{expected:?}");
    expected
}

/// Asserts that a plugin folder holds exactly `expected` (relative file paths).
#[track_caller]
pub fn assert_files(dir: &Path, expected: &BTreeSet<String>) {
    let actual = file_set(dir);
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "installed files of {} differ\n  missing: {missing:?}\n  unexpected: {extra:?}",
        dir.display()
    );
}

/// Asserts the lock entry's `content` is the digest of the installed folder.
#[track_caller]
pub fn assert_content_matches(project: &TestProject, name: &str) {
    let locked = project.locked(name);
    let expected = format!("sha256:{}", content_digest(&project.plugin_dir(name)));
    assert_eq!(
        locked.str("content"),
        expected,
        "content of {name} in plugins.lock"
    );
}

/// Every regular file below `dir` (absolute paths), sorted.
pub fn find_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = snapshot_tree(dir)
        .into_keys()
        .filter(|k| !k.ends_with('/'))
        .map(|k| dir.join(k))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// A project in which diffy-formats is installed from `registry_url`, so that plugins.toml,
/// plugins.lock and the plugin folder exist before the failing command.
pub fn project_with_another_plugin(registry_url: &str) -> TestProject {
    let p = TestProject::new();
    p.run(["install", "diffy-formats", "--registry", registry_url])
        .success();
    assert!(p.exists("plugins.toml") && p.exists("plugins.lock"));
    assert!(p.exists("plugins/diffy-formats/plugin.toml"));
    p
}

/// A project whose `default` registry is the committed registry-index/ folder, with `plugins`
/// as the body of its `[plugins]` table.
pub fn project(plugins: &str) -> TestProject {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = {:?}\n\n[plugins]\n{plugins}",
            registry_index_dir()
        ),
    );
    p
}

/// A TOML basic string holding `s`, escaped.
pub fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Installs `NAME@=VERSION`, then relaxes plugins.toml's requirement to the caret `VERSION`, so
/// that a newer compatible version is available to `upgrade`.
pub fn install_pinned_then_relax(
    p: &TestProject,
    registry: Option<&str>,
    name: &str,
    version: &str,
) {
    install_pinned_then_require(p, registry, name, version, version);
}

/// Installs `NAME@=VERSION`, then rewrites plugins.toml's requirement to `req`.
pub fn install_pinned_then_require(
    p: &TestProject,
    registry: Option<&str>,
    name: &str,
    version: &str,
    req: &str,
) {
    let spec = format!("{name}@={version}");
    let mut args = vec!["install", spec.as_str()];
    if let Some(url) = registry {
        args.extend(["--registry", url]);
    }
    p.run(args).success();
    assert_eq!(p.locked(name).version(), version);
    let text = p.read("plugins.toml");
    let pinned = format!("{name} = \"={version}\"");
    assert!(
        text.contains(&pinned),
        "expected `{pinned}` in plugins.toml:\n{text}"
    );
    p.write(
        "plugins.toml",
        text.replace(&pinned, &format!("{name} = \"{req}\"")),
    );
}

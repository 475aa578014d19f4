//! A real Azure Blob emulator on 127.0.0.1 for the `az://` object-store tests: Azurite from
//! npm (pinned by integrity hash in `tests/node/package-lock.json`, installed by
//! `scripts/node-test-env.sh`), its blob service only, with its data in a temporary folder.
//! Tests that need it fail, not skip, when it cannot start.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine;
use sha2::{Digest, Sha256};

use super::manifest_dir;

/// Azurite's well-known development account.
pub const ACCOUNT: &str = "devstoreaccount1";
/// Its well-known key (public: Azurite's documentation prints it); tests check it never
/// shows in output.
pub const ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// The Node.js tools, installed once per test run when missing or stale.
fn node_env() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-test-env");
        let out = Command::new("bash")
            .arg(manifest_dir().join("scripts/node-test-env.sh"))
            .arg(&dir)
            .output()
            .expect("run scripts/node-test-env.sh");
        assert!(
            out.status.success(),
            "scripts/node-test-env.sh failed (it needs node, npm and the npm registry):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// A running Azurite blob service; killed on drop.
pub struct Azurite {
    child: Child,
    port: u16,
    _data: tempfile::TempDir,
}

impl Azurite {
    /// Starts Azurite with one container `container`, waiting until it answers.
    pub fn start(container: &str) -> Azurite {
        let data = tempfile::tempdir().expect("a data folder");
        let bin = node_env().join("node_modules/.bin/azurite-blob");
        let mut child = Command::new(&bin)
            .args(["--blobHost", "127.0.0.1", "--blobPort", "0", "--silent"])
            .arg("--skipApiVersionCheck")
            .arg("--location")
            .arg(data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listens on http://127.0.0.1:").nth(1) {
                    let _ = tx.send(rest.trim().parse::<u16>().ok());
                    return;
                }
            }
            let _ = tx.send(None);
        });
        let port = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(port)) => port,
            other => {
                let _ = child.kill();
                panic!("Azurite did not start within 60 s: {other:?}")
            }
        };
        let server = Azurite {
            child,
            port,
            _data: data,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Azurite does not answer on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let status = server.create_container(container);
        assert!(
            status.contains(" 201 "),
            "creating container {container}: {status}"
        );
        server
    }

    /// `PUT /ACCOUNT/CONTAINER?restype=container`, signed with the account's shared key
    /// (`object_store` has no call for it); the status line of the answer.
    fn create_container(&self, container: &str) -> String {
        let date = httpdate::fmt_http_date(std::time::SystemTime::now());
        let version = "2021-08-06";
        let to_sign = format!(
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{version}\n/{ACCOUNT}/{ACCOUNT}/{container}\nrestype:container"
        );
        let key = base64::engine::general_purpose::STANDARD
            .decode(ACCOUNT_KEY)
            .expect("base64 key");
        let signature =
            base64::engine::general_purpose::STANDARD.encode(hmac_sha256(&key, to_sign.as_bytes()));
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to Azurite");
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        write!(
            s,
            "PUT /{ACCOUNT}/{container}?restype=container HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nx-ms-date: {date}\r\nx-ms-version: {version}\r\nAuthorization: SharedKey {ACCOUNT}:{signature}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("write request");
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.lines().next().unwrap_or_default().to_string()
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1`: the blob endpoint, the account in its path.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/{ACCOUNT}", self.port)
    }

    /// The variables a `plugin` run needs to reach this emulator.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AZURE_STORAGE_ACCOUNT_NAME", ACCOUNT.into()),
            ("AZURE_STORAGE_ACCOUNT_KEY", ACCOUNT_KEY.into()),
            ("AZURE_STORAGE_ENDPOINT", self.endpoint()),
        ]
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let mut inner = Sha256::new();
    inner.update(pad(0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

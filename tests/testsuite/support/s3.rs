//! A real S3-compatible server on 127.0.0.1 for the object-store tests: moto's S3 backend
//! (pinned by hash in `tests/python/requirements-s3.txt`, installed by
//! `scripts/python-test-env.sh` into a virtual environment of its own), started through `tests/python/s3_server.py`, which serves one
//! request at a time so that moto's conditional writes are atomic. Tests that need it fail,
//! not skip, when it cannot start.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{manifest_dir, python};

/// The access key every test sends (moto accepts any unless authentication is on).
pub const ACCESS_KEY: &str = "AKIATESTPLUGIN000001";
/// The secret key every test sends; tests check it never shows in output.
pub const SECRET_KEY: &str = "s3cr3t-Test-Value-9f8e7d6c5b4a";

/// A running moto server; killed on drop.
pub struct S3Server {
    child: Child,
    port: u16,
    /// `http`, or `https` for the STS server.
    scheme: &'static str,
    /// The server's request log (werkzeug's, one line per request with its status).
    log: tempfile::NamedTempFile,
}

impl S3Server {
    /// Starts a server with one bucket `bucket`, waiting until it answers.
    pub fn start(bucket: &str) -> S3Server {
        let server = Self::spawn("s3_server.py", &["0"], &[]);
        let status = server.raw("PUT", &format!("/{bucket}"));
        assert!(
            status.starts_with("HTTP/1.0 200") || status.starts_with("HTTP/1.1 200"),
            "creating bucket {bucket}: {status}"
        );
        server
    }

    /// Starts a server that checks every request's credentials (moto's IAM emulation, which
    /// knows no access key): each request is refused as a wrong key.
    pub fn start_authenticating() -> S3Server {
        Self::spawn(
            "s3_server.py",
            &["0"],
            &[("INITIAL_NO_AUTH_ACTION_COUNT", "0")],
        )
    }

    /// Starts moto's STS alone over HTTPS with the certificate `cert` and its key `key`
    /// (PEM files), through `tests/python/sts_server.py`: it answers
    /// AssumeRoleWithWebIdentity with temporary credentials.
    pub fn start_sts(cert: &std::path::Path, key: &std::path::Path) -> S3Server {
        let mut server = Self::spawn(
            "sts_server.py",
            &[cert.to_str().expect("utf-8"), key.to_str().expect("utf-8")],
            &[],
        );
        server.scheme = "https";
        server
    }

    fn spawn(script: &str, args: &[&str], envs: &[(&str, &str)]) -> S3Server {
        let python = python::base_env().join("s3-server/bin/python");
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let mut cmd = Command::new(&python);
        cmd.arg("-B")
            .arg(manifest_dir().join("tests/python").join(script))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log.reopen().expect("reopen the log"));
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("start {} s3_server.py: {e}", python.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("moto ({script}) did not start within 60 s")
            });
        let port: u16 = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("moto ({script}) did not start: {line:?}")
            });
        let server = S3Server {
            child,
            port,
            scheme: "http",
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto does not answer on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// The `Content-Type` and `Cache-Control` of object `key` in `bucket`, read with boto3
    /// (signed: objects are private) from the server's own environment.
    pub fn object_headers(&self, bucket: &str, key: &str) -> (String, String) {
        let python = python::base_env().join("s3-server/bin/python");
        let script = "import boto3, sys\n\
             c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='k', aws_secret_access_key='s')\n\
             h = c.head_object(Bucket=sys.argv[2], Key=sys.argv[3])\n\
             print(h.get('ContentType', '')); print(h.get('CacheControl', ''))";
        let out = Command::new(python)
            .args(["-B", "-c", script, &self.endpoint(), bucket, key])
            .output()
            .expect("run boto3");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines = text.lines().map(str::to_string);
        (
            lines.next().unwrap_or_default(),
            lines.next().unwrap_or_default(),
        )
    }

    /// An unsigned request `METHOD PATH` with an empty body; the status line of the answer.
    fn raw(&self, method: &str, path: &str) -> String {
        self.exchange(method, path)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// An unsigned request `METHOD PATH` with an empty body; the whole answer.
    fn exchange(&self, method: &str, path: &str) -> String {
        self.exchange_with(method, path, b"")
    }

    /// Writes object `key` (a path with the bucket) holding `body`, unsigned, as
    /// [`S3Server::put_empty`]. For objects no `plugin` command writes to a store.
    pub fn put(&self, key: &str, body: &[u8]) {
        let answer = self.exchange_with("PUT", key, body);
        let status = answer.lines().next().unwrap_or_default();
        assert!(status.contains(" 200"), "PUT {key}: {answer}");
    }

    /// An unsigned request `METHOD PATH` with `body`; the whole answer.
    fn exchange_with(&self, method: &str, path: &str, body: &[u8]) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        )
        .expect("write request");
        s.write_all(body).expect("write body");
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.replace("\r\n", "\n")
    }

    /// The request lines answered so far, with their status: `GET /bucket/key HTTP/1.1" 304`.
    pub fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.log.path())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let start = l.find('"')? + 1;
                let end = l.rfind(' ')?;
                Some(strip_ansi(l.get(start..end)?))
            })
            .collect()
    }

    /// Writes object `key` (a path with the bucket) with no body and no signature: moto takes
    /// it while it checks no credentials. For objects no `plugin` would write.
    pub fn put_empty(&self, key: &str) {
        let status = self.raw("PUT", key);
        assert!(status.contains(" 200"), "PUT {key}: {status}");
    }

    /// `http://127.0.0.1:PORT` (`https://` for the STS server).
    pub fn endpoint(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme, self.port)
    }

    /// The variables a `plugin` run needs to reach this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL", self.endpoint()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `text` without ANSI colour sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

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
}

impl S3Server {
    /// Starts a server with one bucket `bucket`, waiting until it answers.
    pub fn start(bucket: &str) -> S3Server {
        let server = Self::spawn(&[]);
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
        Self::spawn(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")])
    }

    fn spawn(envs: &[(&str, &str)]) -> S3Server {
        let python = python::base_env().join("s3-server/bin/python");
        let mut cmd = Command::new(&python);
        cmd.arg("-B")
            .arg(manifest_dir().join("tests/python/s3_server.py"))
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
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
                panic!("moto's S3 server did not start within 60 s")
            });
        let port: u16 = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("moto's S3 server did not start: {line:?}")
            });
        let server = S3Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto does not answer on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// An unsigned request `METHOD PATH` with an empty body; the status line of the answer.
    fn raw(&self, method: &str, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("write request");
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.lines().next().unwrap_or_default().to_string()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
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

//! A small threaded HTTP/1.1 static file server for the integration tests.
//!
//! It binds to `127.0.0.1:0`, serves the files of one directory (`GET` and `HEAD`, `404` for
//! anything else), answers with `Connection: close` and a `Content-Length`, and records every
//! request so that a test can count requests and downloads. It stops when dropped.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Largest request head the server reads before giving up on a connection.
const MAX_HEAD: usize = 64 * 1024;
/// Socket timeout so that a silent client cannot keep a worker thread forever.
const IO_TIMEOUT: Duration = Duration::from_secs(20);
/// Accept errors in a row after which the accept loop gives up.
const MAX_ACCEPT_ERRORS: usize = 1000;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// Decoded path, without the query string, e.g. `/st/oq/stoq-hash`.
    pub path: String,
    /// Status code the server answered with.
    pub status: u16,
}

/// A running static file server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    root: PathBuf,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Serves the files below `root` on a fresh loopback port.
    pub fn serve(root: &Path) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let root = root.to_path_buf();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept_thread = {
            let root = root.clone();
            let log = Arc::clone(&log);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name(format!("test-http-{}", addr.port()))
                .spawn(move || accept_loop(&listener, &root, &log, &stop))
                .expect("spawn server thread")
        };
        TestServer {
            addr,
            root,
            log,
            stop,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.addr.port())
    }

    /// The URL of a file below the served directory, `rel` without a leading `/`.
    pub fn url_of(&self, rel: &str) -> String {
        format!("{}{}", self.url(), rel.trim_start_matches('/'))
    }

    /// The served directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every request seen so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("request log").clone()
    }

    /// Number of requests seen so far.
    pub fn request_count(&self) -> usize {
        self.log.lock().expect("request log").len()
    }

    /// Number of requests (any method) for exactly `path` (leading `/` optional).
    pub fn count_path(&self, path: &str) -> usize {
        let want = format!("/{}", path.trim_start_matches('/'));
        self.log
            .lock()
            .expect("request log")
            .iter()
            .filter(|r| r.path == want)
            .count()
    }

    /// Number of successful `GET`s whose path ends with `/download`.
    pub fn download_count(&self) -> usize {
        self.log
            .lock()
            .expect("request log")
            .iter()
            .filter(|r| r.method == "GET" && r.status == 200 && r.path.ends_with("/download"))
            .count()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Unblock `accept`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5));
        if let Some(handle) = self.accept_thread.take() {
            let _ = handle.join();
        }
    }
}

/// A URL on which nothing listens (a port that was free a moment ago).
pub fn unreachable_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local_addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/")
}

fn accept_loop(
    listener: &TcpListener,
    root: &Path,
    log: &Arc<Mutex<Vec<Request>>>,
    stop: &AtomicBool,
) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut errors = 0usize;
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match stream {
            Ok(stream) => {
                errors = 0;
                stream
            }
            Err(_) => {
                errors += 1;
                if errors >= MAX_ACCEPT_ERRORS {
                    break;
                }
                continue;
            }
        };
        // Reap finished workers so the list stays short.
        let (done, running): (Vec<_>, Vec<_>) = workers.into_iter().partition(|h| h.is_finished());
        for handle in done {
            let _ = handle.join();
        }
        workers = running;
        let root = root.to_path_buf();
        let log = Arc::clone(log);
        if let Ok(handle) = std::thread::Builder::new()
            .name("test-http-conn".into())
            .spawn(move || handle_connection(stream, &root, &log))
        {
            workers.push(handle);
        }
    }
    for handle in workers {
        let _ = handle.join();
    }
}

fn handle_connection(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<Request>>) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let head = String::from_utf8_lossy(&head);
    let request_line = head.lines().next().unwrap_or("");
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();

    let raw_path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(raw_path);
    let file = decoded.as_deref().and_then(|p| resolve(root, p));

    let (status, body) = match (method.as_str(), &file) {
        ("GET" | "HEAD", Some(path)) => match std::fs::read(path) {
            Ok(bytes) => (200, bytes),
            Err(_) => (404, b"not found\n".to_vec()),
        },
        ("GET" | "HEAD", None) => (404, b"not found\n".to_vec()),
        _ => (405, b"method not allowed\n".to_vec()),
    };
    log.lock().expect("request log").push(Request {
        method: method.clone(),
        path: decoded.unwrap_or_else(|| raw_path.to_string()),
        status,
    });

    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n",
        body.len()
    );
    if status == 405 {
        response.push_str("Allow: GET, HEAD\r\n");
    }
    response.push_str("\r\n");
    let mut out = response.into_bytes();
    if method != "HEAD" {
        out.extend_from_slice(&body);
    }
    let _ = stream.write_all(&out);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    // Drain what the client may still send (bounded by size and the read timeout) so that
    // closing the socket does not reset the connection before the client read the response.
    let mut sink = [0u8; 1024];
    for _ in 0..64 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Reads up to the end of the request head (`\r\n\r\n`); `None` on EOF, error or oversize.
fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while head.len() < MAX_HEAD {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
        if head.windows(4).any(|w| w == b"\r\n\r\n") {
            return Some(head);
        }
    }
    None
}

/// Decodes `%XX` escapes; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a decoded request path to a regular file below `root`, refusing traversal.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.strip_prefix('/')?;
    if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let mut full = root.to_path_buf();
    for segment in rel.split('/') {
        if segment.is_empty() {
            continue;
        }
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(part)), None) => full.push(part),
            _ => return None,
        }
    }
    // Refuse symlinks that lead out of the served directory.
    let canonical_root = root.canonicalize().ok()?;
    let canonical = full.canonicalize().ok()?;
    if !canonical.starts_with(&canonical_root) || !canonical.is_file() {
        return None;
    }
    Some(canonical)
}

#[test]
fn server_serves_files_counts_requests_and_refuses_traversal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let served = dir.path().join("served");
    std::fs::create_dir_all(served.join("a")).expect("mkdir");
    std::fs::write(served.join("a/b.txt"), b"hello").expect("write");
    std::fs::write(dir.path().join("secret.txt"), b"secret").expect("write");
    let server = TestServer::serve(&served);

    let get = |method: &str, path: &str| -> String {
        let mut s = TcpStream::connect(server.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(s, "{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    };
    let ok = get("GET", "/a/b.txt");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("Content-Length: 5\r\n"), "{ok}");
    assert!(ok.ends_with("\r\n\r\nhello"), "{ok}");
    let head = get("HEAD", "/a/%62.txt");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "{head}");
    for bad in [
        "/../secret.txt",
        "/a/../../secret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "/missing",
        "/a",
    ] {
        let resp = get("GET", bad);
        assert!(resp.starts_with("HTTP/1.1 404"), "{bad}: {resp}");
        assert!(!resp.contains("secret"), "{bad}: {resp}");
    }
    assert_eq!(server.count_path("a/b.txt"), 2);
    assert_eq!(server.request_count(), 7);
    drop(server);

    let dead = unreachable_url();
    let port: u16 = dead
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .expect("port");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

//! A small threaded HTTP/1.1 static file server for the integration tests.
//!
//! It binds to `127.0.0.1:0`, serves the files of one directory (`GET` and `HEAD`, `404` for
//! anything else), answers with `Connection: close` and a `Content-Length`, and records every
//! request (with its headers) so that a test can count requests and downloads and see which
//! requests carried `Authorization`. It stops when dropped.
//!
//! A test can inject behaviour per request path (see [`Fault`]): answer a status a number of
//! times (optionally with `Retry-After`) and then serve normally, accept and never answer, cut
//! a body short, pause a body until released, send it chunked, redirect, drip a body one byte
//! per second, stream an endless body; and it can require `Authorization: Bearer TOKEN` on every
//! request ([`TestServer::require_bearer`]). The same handler is served over TLS by
//! [`super::tls::serve_tls`].

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Largest request head the server reads before giving up on a connection.
const MAX_HEAD: usize = 64 * 1024;
/// Socket timeout so that a silent client cannot keep a worker thread forever.
const IO_TIMEOUT: Duration = Duration::from_secs(20);
/// Accept errors in a row after which the accept loop gives up.
const MAX_ACCEPT_ERRORS: usize = 1000;
/// Longest time a connection is held open without an answer ([`Fault::Hang`]); the server's
/// drop ends it sooner.
const MAX_HANG: Duration = Duration::from_secs(300);
/// Poll interval of a held connection while it waits for the server to stop.
const HANG_POLL: Duration = Duration::from_millis(10);

/// Behaviour injected for the requests of one path, instead of serving the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status with a short body (and `Retry-After: N` when given).
    Status {
        /// The status code, e.g. 503.
        status: u16,
        /// Seconds for a `Retry-After` header, if any.
        retry_after: Option<u32>,
    },
    /// Read the request, then never write anything; the connection stays open until the
    /// server is dropped (at most [`MAX_HANG`]).
    Hang,
    /// Answer 200 with the file's full `Content-Length`, send only the first half of the body,
    /// then close the connection. (A missing file is answered 404 as usual.)
    Cut,
    /// Answer `302 Found` with `Location: URL`.
    Redirect(String),
    /// Answer 200 with the file's full `Content-Length`, send the first N bytes of the body,
    /// then hold the rest until [`TestServer::release`] (or the server stops, at most
    /// [`MAX_HANG`]).
    Pause(usize),
    /// Answer 200 with `Transfer-Encoding: chunked` and no `Content-Length`, in chunks of
    /// [`CHUNK`] bytes.
    Chunked,
    /// Answer 200 with the file's full `Content-Length`, then send its body one byte per
    /// [`DRIP_INTERVAL`] (until the server stops, at most [`MAX_HANG`]).
    Drip,
    /// Answer 200 chunked and send this text over and over, without end (until the client
    /// goes away, the server stops, [`MAX_ENDLESS`] bytes or [`MAX_HANG`]).
    Endless(String),
}

/// The pace of [`Fault::Drip`].
const DRIP_INTERVAL: Duration = Duration::from_secs(1);
/// The most bytes one [`Fault::Endless`] answer sends.
const MAX_ENDLESS: u64 = 8 << 30;

/// The chunk size of [`Fault::Chunked`] answers.
const CHUNK: usize = 16 * 1024;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// Decoded path, without the query string, e.g. `/st/oq/stoq-hash`.
    pub path: String,
    /// Status code the server answered with (`0` for a connection held without an answer).
    pub status: u16,
    /// Every header of the request in order, names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The injected fault that answered the request, if any.
    pub fault: Option<Fault>,
}

impl Request {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the request carried an `Authorization` header.
    pub fn has_authorization(&self) -> bool {
        self.header("authorization").is_some()
    }
}

/// A fault for the requests of one path (or of every path with `*`).
struct Rule {
    path: String,
    fault: Fault,
    /// How many more requests it applies to; `None`: all of them.
    remaining: Option<usize>,
}

/// State shared by the server handle, the accept loop and the connection threads.
pub(crate) struct Shared {
    root: PathBuf,
    log: Mutex<Vec<Request>>,
    stop: AtomicBool,
    rules: Mutex<VecDeque<Rule>>,
    bearer: Mutex<Option<String>>,
    /// Set by [`TestServer::release`]: paused bodies go on.
    released: AtomicBool,
    /// Extra response headers for the normal answers (200 and 304) of a path.
    headers: Mutex<Vec<(String, String, String)>>,
}

/// One accepted connection, plain or TLS.
pub(crate) trait Conn: Read + Write + Send {
    /// The underlying socket.
    fn tcp(&self) -> &TcpStream;
    /// Ends a complete response: TLS `close_notify` if any, then half-closes the socket.
    fn finish(&mut self);
}

impl Conn for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }

    fn finish(&mut self) {
        let _ = self.flush();
        let _ = self.shutdown(Shutdown::Write);
    }
}

/// Turns an accepted socket into a connection (e.g. wraps it in TLS); `None` drops it.
pub(crate) type Wrap = Arc<dyn Fn(TcpStream) -> Option<Box<dyn Conn>> + Send + Sync>;

/// A running static file server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Serves the files below `root` on a fresh loopback port over plain HTTP.
    pub fn serve(root: &Path) -> TestServer {
        let wrap: Wrap = Arc::new(|stream: TcpStream| Some(Box::new(stream) as Box<dyn Conn>));
        TestServer::start(root, "http", wrap)
    }

    /// Serves the files below `root` on a fresh loopback port; `wrap` turns each accepted
    /// socket into a connection, `scheme` is what [`TestServer::url`] says.
    pub(crate) fn start(root: &Path, scheme: &'static str, wrap: Wrap) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local_addr");
        let shared = Arc::new(Shared {
            root: root.to_path_buf(),
            log: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            rules: Mutex::new(VecDeque::new()),
            bearer: Mutex::new(None),
            released: AtomicBool::new(false),
            headers: Mutex::new(Vec::new()),
        });
        let accept_thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name(format!("test-{scheme}-{}", addr.port()))
                .spawn(move || accept_loop(&listener, &shared, &wrap))
                .expect("spawn server thread")
        };
        TestServer {
            addr,
            scheme,
            shared,
            accept_thread: Some(accept_thread),
        }
    }

    /// `http://127.0.0.1:PORT/` (`https://` for a TLS server).
    pub fn url(&self) -> String {
        format!("{}://127.0.0.1:{}/", self.scheme, self.addr.port())
    }

    /// The URL of a file below the served directory, `rel` without a leading `/`.
    pub fn url_of(&self, rel: &str) -> String {
        format!("{}{}", self.url(), rel.trim_start_matches('/'))
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The served directory.
    pub fn root(&self) -> &Path {
        &self.shared.root
    }

    /// Every request seen so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.log.lock().expect("request log").clone()
    }

    /// Number of requests seen so far.
    pub fn request_count(&self) -> usize {
        self.shared.log.lock().expect("request log").len()
    }

    /// Every request for exactly `path` (leading `/` optional).
    pub fn requests_for(&self, path: &str) -> Vec<Request> {
        let want = normalize(path);
        self.shared
            .log
            .lock()
            .expect("request log")
            .iter()
            .filter(|r| r.path == want)
            .cloned()
            .collect()
    }

    /// Number of requests (any method) for exactly `path` (leading `/` optional).
    pub fn count_path(&self, path: &str) -> usize {
        self.requests_for(path).len()
    }

    /// Every request that carried an `Authorization` header.
    pub fn requests_with_authorization(&self) -> Vec<Request> {
        self.shared
            .log
            .lock()
            .expect("request log")
            .iter()
            .filter(|r| r.has_authorization())
            .cloned()
            .collect()
    }

    /// Number of successful, complete `GET`s whose path ends with `/download`.
    pub fn download_count(&self) -> usize {
        self.shared
            .log
            .lock()
            .expect("request log")
            .iter()
            .filter(|r| {
                r.method == "GET"
                    && r.status == 200
                    && r.fault.is_none()
                    && r.path.ends_with("/download")
            })
            .count()
    }

    /// Applies `fault` to the next `times` requests for `path` (`None`: to all of them).
    /// `path` is a served path (leading `/` optional), or `*` for every path. Faults are
    /// consulted in the order they were added; the first that applies answers the request.
    pub fn inject(&self, path: &str, fault: Fault, times: Option<usize>) {
        let path = if path == "*" {
            "*".to_string()
        } else {
            normalize(path)
        };
        self.shared.rules.lock().expect("rules").push_back(Rule {
            path,
            fault,
            remaining: times,
        });
    }

    /// Answers the next `times` requests for `path` with `status`, then serves normally.
    pub fn fail_next(&self, path: &str, times: usize, status: u16) {
        self.inject(
            path,
            Fault::Status {
                status,
                retry_after: None,
            },
            Some(times),
        );
    }

    /// Like [`TestServer::fail_next`], with a `Retry-After: SECS` header.
    pub fn fail_next_with_retry_after(&self, path: &str, times: usize, status: u16, secs: u32) {
        self.inject(
            path,
            Fault::Status {
                status,
                retry_after: Some(secs),
            },
            Some(times),
        );
    }

    /// Accepts the requests for `path` (`*`: every path) and never answers them.
    pub fn hang(&self, path: &str) {
        self.inject(path, Fault::Hang, None);
    }

    /// Cuts the body of the next `times` answers for `path` in half, then serves normally.
    pub fn cut_next(&self, path: &str, times: usize) {
        self.inject(path, Fault::Cut, Some(times));
    }

    /// Cuts the body of every answer for `path` in half.
    pub fn cut_always(&self, path: &str) {
        self.inject(path, Fault::Cut, None);
    }

    /// Sends only the first `bytes` bytes of the body of every answer for `path`, holding the
    /// rest until [`TestServer::release`].
    pub fn pause_after(&self, path: &str, bytes: usize) {
        self.inject(path, Fault::Pause(bytes), None);
    }

    /// Lets every paused body (see [`TestServer::pause_after`]) go on, now and from now on.
    pub fn release(&self) {
        self.shared.released.store(true, Ordering::SeqCst);
    }

    /// Serves every answer for `path` with chunked transfer encoding: no length is known in
    /// advance.
    pub fn chunked(&self, path: &str) {
        self.inject(path, Fault::Chunked, None);
    }

    /// Sends every answer for `path` one byte per second.
    pub fn drip(&self, path: &str) {
        self.inject(path, Fault::Drip, None);
    }

    /// Answers every request for `path` with `text` repeated without end (chunked).
    pub fn endless(&self, path: &str, text: &str) {
        self.inject(path, Fault::Endless(text.to_string()), None);
    }

    /// Adds the header `name: value` to the normal answers (200 and 304) for `path`, such as
    /// `Cache-Control: max-age=600`.
    pub fn add_header(&self, path: &str, name: &str, value: &str) {
        self.shared.headers.lock().expect("headers").push((
            normalize(path),
            name.to_string(),
            value.to_string(),
        ));
    }

    /// Redirects every request for `path` to `location` (302).
    pub fn redirect(&self, path: &str, location: &str) {
        self.inject(path, Fault::Redirect(location.to_string()), None);
    }

    /// Requires `Authorization: Bearer TOKEN` on every request from now on: 401 without an
    /// `Authorization` header, 403 with another value. Checked before any fault.
    pub fn require_bearer(&self, token: &str) {
        *self.shared.bearer.lock().expect("bearer") = Some(token.to_string());
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
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

/// `/` + `path` without leading slashes.
fn normalize(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, wrap: &Wrap) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut errors = 0usize;
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
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
        let shared = Arc::clone(shared);
        let wrap = Arc::clone(wrap);
        if let Ok(handle) = std::thread::Builder::new()
            .name("test-http-conn".into())
            .spawn(move || {
                let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
                let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
                if let Some(conn) = wrap(stream) {
                    handle_connection(conn, &shared);
                }
            })
        {
            workers.push(handle);
        }
    }
    for handle in workers {
        let _ = handle.join();
    }
}

/// What the server does with one request.
enum Answer {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Head with the full Content-Length, then half of `body`, then close.
    Cut { body: Vec<u8> },
    /// Nothing at all, until the server stops.
    Hang,
    /// Head with the full Content-Length, the first `at` bytes of `body`, then the rest once
    /// released.
    Pause { body: Vec<u8>, at: usize },
    /// `body` in chunks, without a Content-Length.
    Chunked { body: Vec<u8> },
    /// Head with the full Content-Length, then `body` one byte per [`DRIP_INTERVAL`].
    Drip { body: Vec<u8> },
    /// Chunked `text`, repeated.
    Endless { text: Vec<u8> },
}

fn handle_connection(mut conn: Box<dyn Conn>, shared: &Shared) {
    let Some(head) = read_head(&mut *conn) else {
        return;
    };
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect();

    let raw_path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(raw_path);
    let logged_path = decoded.clone().unwrap_or_else(|| raw_path.to_string());
    let file = decoded.as_deref().and_then(|p| resolve(&shared.root, p));

    let auth = headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.clone());
    let bearer = shared.bearer.lock().expect("bearer").clone();
    let denied = match (&bearer, &auth) {
        (None, _) => None,
        (Some(_), None) => Some(401),
        (Some(token), Some(got)) if *got == format!("Bearer {token}") => None,
        (Some(_), Some(_)) => Some(403),
    };
    let fault = if denied.is_none() {
        take_fault(shared, &logged_path)
    } else {
        None
    };

    let serve_file = || match (method.as_str(), &file) {
        ("GET" | "HEAD", Some(path)) => match std::fs::read(path) {
            Ok(bytes) => (200, bytes),
            Err(_) => (404, b"not found\n".to_vec()),
        },
        ("GET" | "HEAD", None) => (404, b"not found\n".to_vec()),
        _ => (405, b"method not allowed\n".to_vec()),
    };

    let answer = match (denied, &fault) {
        (Some(401), _) => Answer::Full {
            status: 401,
            headers: vec![("WWW-Authenticate".into(), "Bearer".into())],
            body: b"unauthorized\n".to_vec(),
        },
        (Some(status), _) => Answer::Full {
            status,
            headers: Vec::new(),
            body: b"forbidden\n".to_vec(),
        },
        (
            None,
            Some(Fault::Status {
                status,
                retry_after,
            }),
        ) => Answer::Full {
            status: *status,
            headers: retry_after
                .map(|s| vec![("Retry-After".to_string(), s.to_string())])
                .unwrap_or_default(),
            body: format!("injected {status}\n").into_bytes(),
        },
        (None, Some(Fault::Hang)) => Answer::Hang,
        (None, Some(Fault::Redirect(location))) => Answer::Full {
            status: 302,
            headers: vec![("Location".into(), location.clone())],
            body: b"redirect\n".to_vec(),
        },
        (None, Some(Fault::Endless(text))) => Answer::Endless {
            text: text.clone().into_bytes(),
        },
        (None, Some(fault @ (Fault::Cut | Fault::Pause(_) | Fault::Chunked | Fault::Drip))) => {
            match serve_file() {
                (200, body) if method == "GET" => match fault {
                    Fault::Pause(at) => Answer::Pause { body, at: *at },
                    Fault::Chunked => Answer::Chunked { body },
                    Fault::Drip => Answer::Drip { body },
                    _ => Answer::Cut { body },
                },
                (status, body) => Answer::Full {
                    status,
                    headers: Vec::new(),
                    body,
                },
            }
        }
        (None, None) => {
            let (status, body) = serve_file();
            let extra = |mut headers: Vec<(String, String)>| {
                for (path, name, value) in shared.headers.lock().expect("headers").iter() {
                    if *path == logged_path {
                        headers.push((name.clone(), value.clone()));
                    }
                }
                headers
            };
            // Files carry an ETag (their sha256); a matching If-None-Match gets 304 and no body.
            let etag = format!("\"{}\"", crate::support::sha256_hex(&body));
            let if_none_match = headers
                .iter()
                .find(|(k, _)| k == "if-none-match")
                .map(|(_, v)| v.as_str());
            match status {
                405 => Answer::Full {
                    status,
                    headers: vec![("Allow".to_string(), "GET, HEAD".to_string())],
                    body,
                },
                200 if if_none_match == Some(etag.as_str()) => Answer::Full {
                    status: 304,
                    headers: extra(vec![("ETag".to_string(), etag)]),
                    body: Vec::new(),
                },
                200 => Answer::Full {
                    status,
                    headers: extra(vec![("ETag".to_string(), etag)]),
                    body,
                },
                _ => Answer::Full {
                    status,
                    headers: Vec::new(),
                    body,
                },
            }
        }
    };

    let status = match &answer {
        Answer::Full { status, .. } => *status,
        Answer::Cut { .. }
        | Answer::Pause { .. }
        | Answer::Chunked { .. }
        | Answer::Drip { .. }
        | Answer::Endless { .. } => 200,
        Answer::Hang => 0,
    };
    // Only a fault that changed the answer is recorded (a Cut of a missing file is a 404).
    let applied = match (&answer, fault) {
        (
            Answer::Full { .. },
            Some(Fault::Cut | Fault::Pause(_) | Fault::Chunked | Fault::Drip),
        ) => None,
        (_, fault) => fault,
    };
    shared.log.lock().expect("request log").push(Request {
        method: method.clone(),
        path: logged_path,
        status,
        headers,
        fault: applied,
    });

    match answer {
        Answer::Hang => {
            let start = Instant::now();
            while !shared.stop.load(Ordering::SeqCst) && start.elapsed() < MAX_HANG {
                std::thread::sleep(HANG_POLL);
            }
            let _ = conn.tcp().shutdown(Shutdown::Both);
        }
        Answer::Cut { body } => {
            let head = response_head(200, &[], body.len());
            let half = body.len() / 2;
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&body[..half]);
            let _ = conn.flush();
            // Close without a TLS close_notify: the body simply stops.
            let _ = conn.tcp().shutdown(Shutdown::Both);
        }
        Answer::Pause { body, at } => {
            let at = at.min(body.len());
            let head = response_head(200, &[], body.len());
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&body[..at]);
            let _ = conn.flush();
            let start = Instant::now();
            while !shared.released.load(Ordering::SeqCst)
                && !shared.stop.load(Ordering::SeqCst)
                && start.elapsed() < MAX_HANG
            {
                std::thread::sleep(HANG_POLL);
            }
            let _ = conn.write_all(&body[at..]);
            conn.finish();
        }
        Answer::Chunked { body } => {
            let mut out = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n".to_vec();
            for chunk in body.chunks(CHUNK) {
                out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                out.extend_from_slice(chunk);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
            let _ = conn.write_all(&out);
            conn.finish();
        }
        Answer::Drip { body } => {
            let head = response_head(200, &[], body.len());
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.flush();
            let start = Instant::now();
            for byte in &body {
                if conn.write_all(std::slice::from_ref(byte)).is_err() || conn.flush().is_err() {
                    break;
                }
                // Sleep in short steps so that the server's drop ends the answer soon.
                let next = Instant::now() + DRIP_INTERVAL;
                while Instant::now() < next
                    && !shared.stop.load(Ordering::SeqCst)
                    && start.elapsed() < MAX_HANG
                {
                    std::thread::sleep(HANG_POLL);
                }
                if shared.stop.load(Ordering::SeqCst) || start.elapsed() >= MAX_HANG {
                    break;
                }
            }
            let _ = conn.tcp().shutdown(Shutdown::Both);
        }
        Answer::Endless { text } => {
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
            let mut chunk = Vec::with_capacity(CHUNK + text.len());
            while chunk.len() < CHUNK {
                chunk.extend_from_slice(&text);
            }
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            let start = Instant::now();
            let mut sent = 0u64;
            while sent < MAX_ENDLESS
                && !shared.stop.load(Ordering::SeqCst)
                && start.elapsed() < MAX_HANG
            {
                if conn.write_all(&framed).is_err() {
                    break;
                }
                sent += chunk.len() as u64;
            }
            let _ = conn.tcp().shutdown(Shutdown::Both);
        }
        Answer::Full {
            status,
            headers,
            body,
        } => {
            let mut out = response_head(status, &headers, body.len()).into_bytes();
            if method != "HEAD" {
                out.extend_from_slice(&body);
            }
            let _ = conn.write_all(&out);
            let _ = conn.flush();
            conn.finish();
            // Drain what the client may still send (bounded by size and the read timeout) so
            // that closing the socket does not reset the connection before the client read the
            // response.
            let mut sink = [0u8; 1024];
            for _ in 0..64 {
                match conn.read(&mut sink) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
    }
}

/// The first rule that applies to `path`, consuming one of its uses.
fn take_fault(shared: &Shared, path: &str) -> Option<Fault> {
    let mut rules = shared.rules.lock().expect("rules");
    let rule = rules
        .iter_mut()
        .find(|r| (r.path == "*" || r.path == path) && r.remaining != Some(0))?;
    if let Some(n) = rule.remaining.as_mut() {
        *n -= 1;
    }
    Some(rule.fault.clone())
}

fn response_head(status: u16, headers: &[(String, String)], len: usize) -> String {
    let reason = match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {len}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n"
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// Reads up to the end of the request head (`\r\n\r\n`); `None` on EOF, error or oversize.
fn read_head(stream: &mut dyn Conn) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while head.len() < MAX_HEAD {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end + 4);
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

/// Sends `GET path` (with `extra` header lines) to `addr` over plain HTTP and returns the raw
/// response, read until EOF or `timeout`.
#[cfg(test)]
fn raw_get(addr: SocketAddr, path: &str, extra: &str, timeout: Duration) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(timeout)).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n").expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
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
    assert_eq!(
        server.requests()[0].header("HOST"),
        Some("x"),
        "headers are recorded"
    );
    drop(server);

    let dead = unreachable_url();
    let port: u16 = dead
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .expect("port");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn server_faults_statuses_cuts_redirects_hangs_and_bearer_tokens() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("f"), b"0123456789").expect("write");
    std::fs::write(dir.path().join("g"), b"abcdef").expect("write");
    let server = TestServer::serve(dir.path());
    let short = Duration::from_secs(10);
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();

    // Twice 503 (with Retry-After), then the file.
    server.fail_next_with_retry_after("f", 2, 503, 0);
    for _ in 0..2 {
        let r = text(raw_get(server.addr, "/f", "", short));
        assert!(r.starts_with("HTTP/1.1 503"), "{r}");
        assert!(r.contains("Retry-After: 0\r\n"), "{r}");
    }
    let r = text(raw_get(server.addr, "/f", "", short));
    assert!(
        r.starts_with("HTTP/1.1 200") && r.ends_with("0123456789"),
        "{r}"
    );
    assert_eq!(server.count_path("/f"), 3);

    // A cut body: full Content-Length, half the bytes.
    server.cut_next("g", 1);
    let r = text(raw_get(server.addr, "/g", "", short));
    assert!(r.contains("Content-Length: 6\r\n"), "{r}");
    assert!(r.ends_with("\r\n\r\nabc"), "{r}");
    assert_eq!(server.download_count(), 0);
    let r = text(raw_get(server.addr, "/g", "", short));
    assert!(r.ends_with("\r\n\r\nabcdef"), "{r}");

    // A redirect.
    server.redirect("/moved", "http://127.0.0.1:1/elsewhere");
    let r = text(raw_get(server.addr, "/moved", "", short));
    assert!(r.starts_with("HTTP/1.1 302"), "{r}");
    assert!(
        r.contains("Location: http://127.0.0.1:1/elsewhere\r\n"),
        "{r}"
    );

    // A held connection: nothing arrives before the client's read timeout.
    server.hang("/slow");
    let started = Instant::now();
    let r = raw_get(server.addr, "/slow", "", Duration::from_millis(300));
    assert!(r.is_empty(), "{}", text(r));
    assert!(started.elapsed() >= Duration::from_millis(250));

    // Bearer tokens: 401 without, 403 with a wrong one, the file with the right one.
    server.require_bearer("s3cret");
    let r = text(raw_get(server.addr, "/g", "", short));
    assert!(r.starts_with("HTTP/1.1 401"), "{r}");
    let r = text(raw_get(
        server.addr,
        "/g",
        "Authorization: Bearer nope\r\n",
        short,
    ));
    assert!(r.starts_with("HTTP/1.1 403"), "{r}");
    let r = text(raw_get(
        server.addr,
        "/g",
        "Authorization: Bearer s3cret\r\n",
        short,
    ));
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let with_auth = server.requests_with_authorization();
    assert_eq!(with_auth.len(), 2);
    assert_eq!(with_auth[1].header("authorization"), Some("Bearer s3cret"));
    // Dropping the server ends the held connection.
    drop(server);
}

#[test]
fn server_drips_and_streams_without_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("d"), b"0123456789").expect("write");
    let server = TestServer::serve(dir.path());
    server.drip("d");
    server.endless("e", "line\n");
    server.add_header("d", "X-Never", "sent on a fault");

    // A drip: the full Content-Length, then a byte a second.
    let r = raw_get(server.addr, "/d", "", Duration::from_millis(500));
    let text = String::from_utf8_lossy(&r).into_owned();
    assert!(text.contains("Content-Length: 10\r\n"), "{text}");
    assert!(!text.contains("X-Never"), "{text}");
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(!body.is_empty() && body.len() < 10, "{body:?}");

    // Endless: more than a MiB of lines, and still going.
    let mut s = TcpStream::connect(server.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(s, "GET /e HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
    let mut got = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    while got <= 1 << 20 {
        let n = s.read(&mut buf).expect("read");
        assert!(n > 0, "the endless body ended after {got} bytes");
        got += n;
    }
    drop(s);
}

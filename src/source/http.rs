//! HTTP: one set of clients (reqwest, blocking, TLS through rustls with the platform's
//! certificate verifier plus optional CA bundles; no OpenSSL), retries with backoff, tokens sent
//! only where they belong, and [`Redacted`] URLs for everything that is printed.
//!
//! Settings come from `[net]` in plugins.toml and `PLUGIN_NET_*` variables (see
//! [`NetConfig`]); proxies from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`.
//!
//! Every request is bounded: time without progress, a low-speed limit (as cargo's
//! `http.low-speed-limit`) and a deadline, enforced by [`Body`] while the body is read; bodies
//! read into memory are capped ([`SizeCap`]) as they arrive. [`Http::retrying`] is the one retry
//! loop: a request is sent at most `1 + retries` times. Cached index files are revalidated by
//! [`Http::revalidate`] under the RFC 9111 policy kept with them (see [`crate::source::cache`], which
//! uses the `http-cache-semantics` crate and adds the RFC 9110 §8.8.2.2 rule on weak
//! `Last-Modified` dates that the crate lacks).

use std::collections::HashMap;

use crate::redact::Redacted;
use crate::source::credentials::Auth;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderValue, AUTHORIZATION, RETRY_AFTER};
use reqwest::StatusCode;
use url::Url;

use crate::error::Hint;
/// How one request is made: the token that may go with it, the extra CA bundle to trust, and
/// the registry it is for (in messages).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// The registry's token, sent only to its origin.
    pub auth: Option<Auth>,
    /// A PEM bundle to trust in addition to the platform's roots.
    pub ca_file: Option<PathBuf>,
    /// The registry's key in plugins.toml, if the request is for one.
    pub registry: Option<String>,
}

/// Network settings: `[net]` in plugins.toml, overridden by `PLUGIN_NET_*` variables.
///
/// # Bounds on one request
/// Each attempt is bounded three ways: `timeout` without any byte arriving (connecting is
/// bounded by `connect_timeout`), fewer than `low_speed_limit` bytes per second over a window of
/// `timeout` seconds (as cargo's `http.low-speed-limit` over `http.timeout`), and `deadline` in
/// all, from connecting to the last byte. The deadline is checked whenever bytes arrive, so an
/// attempt ends at most `timeout` seconds after it (when nothing arrives at all, `timeout`
/// ends it first); with a deadline shorter than `timeout`, the deadline also bounds connecting
/// and waiting for the headers. An attempt that timed out or was too slow is retried
/// (`retries`); one that ran out its deadline is not. So a registry that accepts connections
/// and never answers costs `(1 + retries) × timeout` plus the backoff (at most 0.15 s, 0.3 s,
/// 0.6 s, ... between attempts): about 121 s with the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetConfig {
    /// Extra attempts after the first for 429, 5xx, connection errors, timeouts, too slow and
    /// cut transfers (default 3): a request is sent at most `1 + retries` times.
    pub retries: u32,
    /// Seconds to wait for a connection (default 10).
    pub connect_timeout: Duration,
    /// Seconds a request may go without progress, and the window of the low-speed limit
    /// (default 30).
    pub timeout: Duration,
    /// Bytes per second below which a transfer is given up, averaged over `timeout` (default
    /// 10, as cargo's; 0 turns the check off).
    pub low_speed_limit: u64,
    /// The longest one attempt may take in all (default 900 s); `None`: no deadline.
    pub deadline: Option<Duration>,
    /// Caps on the metadata files read into memory (`[limits]`, see
    /// [`crate::project::limits::MetadataLimits`]); carried here because every registry reader is given
    /// the clients.
    pub metadata_limits: crate::project::limits::MetadataLimits,
    /// No network at all (`--offline`).
    pub offline: bool,
    /// A PEM bundle trusted for every registry (`SSL_CERT_FILE`).
    pub extra_ca: Option<PathBuf>,
    /// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`.
    pub proxies: Proxies,
}

/// The default of [`NetConfig::deadline`], in seconds.
pub const DEFAULT_DEADLINE_SECS: u64 = 900;

/// The default of [`NetConfig::low_speed_limit`], in bytes per second.
pub const DEFAULT_LOW_SPEED_LIMIT: u64 = 10;

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            retries: 3,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            low_speed_limit: DEFAULT_LOW_SPEED_LIMIT,
            deadline: Some(Duration::from_secs(DEFAULT_DEADLINE_SECS)),
            metadata_limits: crate::project::limits::MetadataLimits::default(),
            offline: false,
            extra_ca: None,
            proxies: Proxies::default(),
        }
    }
}

/// Proxy settings read from the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    /// For `https://` URLs.
    pub https: Option<String>,
    /// For `http://` URLs.
    pub http: Option<String>,
    /// Hosts reached directly, comma-separated.
    pub no_proxy: Option<String>,
}

/// The most bytes of a body read into memory, and the setting that raises it (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeCap {
    /// Bytes.
    pub limit: u64,
    /// The key under `[limits]` in plugins.toml, e.g. `max-index-file-size`.
    pub setting: &'static str,
}

/// `n` bytes for messages: `64 MiB` when a whole number of MiB or KiB, else `N bytes`.
pub fn show_bytes(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// A failed HTTP exchange.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The client could not be built (TLS set-up, an unreadable CA bundle, a bad proxy).
    #[error("could not set up the HTTP client: {message}")]
    Client {
        /// What went wrong.
        message: String,
    },
    /// `--offline`: no request is made.
    #[error("`{url}` is needed but the network is off (`--offline`)")]
    Offline {
        /// The URL that would have been requested.
        url: Redacted,
    },
    /// No answer in time.
    #[error("timed out after {seconds} s waiting for `{url}`")]
    Timeout {
        /// The URL requested.
        url: Redacted,
        /// The timeout in force.
        seconds: u64,
    },
    /// Fewer bytes than the low-speed limit arrived over its window.
    #[error(
        "`{url}` sent less than {limit} bytes per second over {window} s (the low-speed limit)"
    )]
    TooSlow {
        /// The URL requested.
        url: Redacted,
        /// The limit, bytes per second.
        limit: u64,
        /// The window, seconds.
        window: u64,
    },
    /// The request took longer than its deadline.
    #[error("`{url}` did not finish within the deadline of {seconds} s")]
    Deadline {
        /// The URL requested.
        url: Redacted,
        /// The deadline, seconds.
        seconds: u64,
    },
    /// The body is longer than may be read into memory.
    #[error("`{url}` is larger than {}, the limit `[limits] {setting}`", show_bytes(*limit))]
    TooLarge {
        /// The URL requested.
        url: Redacted,
        /// The limit, bytes.
        limit: u64,
        /// The key under `[limits]` that sets it.
        setting: &'static str,
    },
    /// No response: refused connection, DNS failure, reset, TLS failure.
    #[error("could not connect to `{url}`")]
    Connect {
        /// The URL requested.
        url: Redacted,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered 401 or 403.
    #[error("`{url}` refused the request (HTTP {status}){}", registry.as_ref().map(|r| format!(": registry `{r}` needs a valid token")).unwrap_or_default())]
    Unauthorized {
        /// The URL requested.
        url: Redacted,
        /// 401 or 403.
        status: u16,
        /// The registry's key, if the request was for one.
        registry: Option<String>,
    },
    /// The server answered 404 or 410.
    #[error("`{url}` was not found (HTTP {status})")]
    NotFound {
        /// The URL requested.
        url: Redacted,
        /// The status received.
        status: u16,
    },
    /// Any other non-success status, after the retries.
    #[error("`{url}` answered HTTP {status}")]
    Status {
        /// The URL requested.
        url: Redacted,
        /// The status received.
        status: u16,
    },
    /// The body could not be read to the end.
    #[error("reading the response from `{url}` failed")]
    Body {
        /// The URL requested.
        url: Redacted,
        /// The transport error.
        #[source]
        source: std::io::Error,
    },
}

impl Hint for HttpError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Unauthorized {
                registry: Some(r), ..
            } => Some(crate::source::credentials::missing_token_hint(r)),
            Self::Offline { .. } => Some(
                "run once without `--offline` to fill the cache, or use `plugin mirror` for air-gapped machines"
                    .into(),
            ),
            Self::Timeout { .. } => Some(
                "raise `[net] timeout` in plugins.toml or `PLUGIN_NET_TIMEOUT` if the registry is slow"
                    .into(),
            ),
            Self::TooSlow { .. } => Some(
                "lower `[net] low-speed-limit` in plugins.toml or `PLUGIN_NET_LOW_SPEED_LIMIT` (0 turns the check off) if the connection is this slow"
                    .into(),
            ),
            Self::Deadline { .. } => Some(
                "raise `[net] deadline` in plugins.toml or `PLUGIN_NET_DEADLINE` (0: no deadline) if the transfer is this big or slow"
                    .into(),
            ),
            Self::TooLarge { setting, .. } => Some(format!(
                "if the registry is genuine, raise `{setting}` under `[limits]` in plugins.toml (bytes; see docs/formats.md)"
            )),
            Self::Connect { .. } => Some("check the URL and your network connection".into()),
            _ => None,
        }
    }
}

impl HttpError {
    /// Whether another attempt may succeed.
    fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. } | Self::TooSlow { .. } | Self::Connect { .. } | Self::Body { .. }
        ) || matches!(self, Self::Status { status, .. } if *status == 429 || *status >= 500)
    }
}

/// Why a [`Body`] stopped reading: carried inside the `io::Error` it returns, so that
/// [`Http::body_error`] can tell it from a transport error.
#[derive(Debug, thiserror::Error)]
enum Bound {
    #[error("the body is larger than {} (`[limits] {}`)", show_bytes(.0.limit), .0.setting)]
    TooLarge(SizeCap),
    #[error("less than {limit} bytes per second over {window} s")]
    TooSlow { limit: u64, window: u64 },
    #[error("the deadline of {0} s has passed")]
    Deadline(u64),
}

/// A response whose body is read under the bounds of its request (see [`NetConfig`]): the
/// deadline, the low-speed limit, and the [`SizeCap`] when one is set. A bound that trips
/// makes `read` fail; [`Http::body_error`] turns that into the matching [`HttpError`].
pub struct Body {
    resp: Response,
    started: Instant,
    deadline: Option<Duration>,
    /// Bytes per second, and the window.
    low_speed: Option<(u64, Duration)>,
    window_start: Instant,
    window_bytes: u64,
    cap: Option<SizeCap>,
    read: u64,
}

impl Body {
    /// The `Content-Length` the server claims, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.resp.content_length()
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.resp.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.resp.headers()
    }

    /// Refuses to read more than `cap.limit` bytes (at once when `Content-Length` says more).
    ///
    /// # Errors
    /// The `io::Error` that [`Http::body_error`] reports as [`HttpError::TooLarge`].
    pub fn capped(mut self, cap: SizeCap) -> std::io::Result<Self> {
        if self.content_length().is_some_and(|n| n > cap.limit) {
            return Err(bound(Bound::TooLarge(cap)));
        }
        self.cap = Some(cap);
        Ok(self)
    }

    fn past_deadline(&self) -> Option<std::io::Error> {
        let d = self.deadline?;
        (self.started.elapsed() >= d).then(|| bound(Bound::Deadline(d.as_secs())))
    }
}

fn bound(b: Bound) -> std::io::Error {
    std::io::Error::other(b)
}

impl std::io::Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(e) = self.past_deadline() {
            return Err(e);
        }
        let n = match self.resp.read(buf) {
            Ok(n) => n,
            Err(e) => return Err(self.past_deadline().unwrap_or(e)),
        };
        if n == 0 {
            return Ok(0);
        }
        self.read += n as u64;
        if let Some(cap) = self.cap.filter(|c| self.read > c.limit) {
            return Err(bound(Bound::TooLarge(cap)));
        }
        if let Some(e) = self.past_deadline() {
            return Err(e);
        }
        if let Some((limit, window)) = self.low_speed {
            self.window_bytes += n as u64;
            let elapsed = self.window_start.elapsed();
            if elapsed >= window {
                if (self.window_bytes as f64) < limit as f64 * elapsed.as_secs_f64() {
                    return Err(bound(Bound::TooSlow {
                        limit,
                        window: window.as_secs(),
                    }));
                }
                self.window_start = Instant::now();
                self.window_bytes = 0;
            }
        }
        Ok(n)
    }
}

/// What [`Http::revalidate`] found out about a cached file.
#[derive(Debug)]
pub enum Revalidated {
    /// The cached copy is fresh: no request was made.
    Fresh,
    /// The server answered 304: the cached copy stands; what becomes of its policy (never
    /// [`crate::source::cache::NotModified::Contradicted`], which is fetched again).
    NotModified(crate::source::cache::NotModified),
    /// A new body, with its policy (`None`: `no-store`).
    Modified(Vec<u8>, Option<Box<crate::source::cache::Validators>>),
}

/// The shared HTTP clients: one per extra CA bundle, each built on first use, so that runs
/// that need no network (a no-op install) never pay for TLS set-up.
#[derive(Debug)]
pub struct Http {
    config: NetConfig,
    clients: Mutex<HashMap<Option<PathBuf>, Client>>,
    log: Option<crate::printer::Printer>,
}

impl Http {
    /// HTTP with `config`; nothing is built yet.
    pub fn new(config: NetConfig) -> Self {
        Self {
            config,
            clients: Mutex::new(HashMap::new()),
            log: None,
        }
    }

    /// The same, logging each request with `-v` on `printer`: method, URL (redacted), status,
    /// length and time to the response (`GET URL -> 200, 1.2 KiB, 12 ms`).
    pub fn with_log(mut self, printer: crate::printer::Printer) -> Self {
        self.log = Some(printer);
        self
    }

    /// The settings in force.
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    fn client(&self, ca_file: Option<&Path>) -> Result<Client, HttpError> {
        let key = ca_file.map(Path::to_path_buf);
        let mut clients = self
            .clients
            .lock()
            .expect("the client map is never poisoned");
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let err = |message: String| HttpError::Client { message };
        // reqwest is built without a default crypto provider; ring is ours.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = Client::builder()
            .user_agent(concat!("plugin/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.config.connect_timeout)
            // In reqwest's blocking client this bounds sending up to the headers and each
            // read of the body: time without progress.
            .timeout(self.config.timeout)
            .no_proxy();
        for bundle in ca_file.into_iter().chain(self.config.extra_ca.as_deref()) {
            let pem = std::fs::read(bundle).map_err(|e| {
                err(format!(
                    "cannot read the CA bundle `{}`: {e}",
                    bundle.display()
                ))
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                err(format!(
                    "`{}` is not a PEM certificate bundle: {e}",
                    bundle.display()
                ))
            })?;
            for c in certs {
                builder = builder.add_root_certificate(c);
            }
        }
        let p = &self.config.proxies;
        let no_proxy = p
            .no_proxy
            .as_deref()
            .and_then(reqwest::NoProxy::from_string);
        if let Some(https) = &p.https {
            let proxy = reqwest::Proxy::https(https)
                .map_err(|e| err(format!("invalid HTTPS_PROXY: {e}")))?
                .no_proxy(no_proxy.clone());
            builder = builder.proxy(proxy);
        }
        if let Some(http) = &p.http {
            let proxy = reqwest::Proxy::http(http)
                .map_err(|e| err(format!("invalid HTTP_PROXY: {e}")))?
                .no_proxy(no_proxy);
            builder = builder.proxy(proxy);
        }
        let client = builder.build().map_err(|e| err(e.to_string()))?;
        clients.insert(key, client.clone());
        Ok(client)
    }

    /// `GET url`, retried on transient failures, returning the response once its status is a
    /// success.
    ///
    /// # Errors
    /// [`HttpError`]: `Offline` without a request under `--offline`, `Unauthorized`,
    /// `NotFound` and other statuses, `Timeout`, `Deadline` and `Connect` after the retries.
    pub fn get(&self, url: &Url, opts: &RequestOptions) -> Result<Body, HttpError> {
        self.retrying(|| self.get_once(url, opts))
    }

    /// Runs `attempt` up to `1 + retries` times while it fails transiently, sleeping with
    /// exponential backoff and jitter (or as long as a `Retry-After` asked, at most 30 s).
    /// This is the only retry loop: callers must not wrap it in another.
    pub fn retrying<T>(
        &self,
        mut attempt: impl FnMut() -> Result<T, (HttpError, Option<Duration>)>,
    ) -> Result<T, HttpError> {
        let mut tries = 0;
        loop {
            match attempt() {
                Ok(v) => return Ok(v),
                Err((e, retry_after)) => {
                    if !e.is_transient() || tries >= self.config.retries {
                        return Err(e);
                    }
                    let backoff =
                        Duration::from_millis(100u64 << tries.min(6)).min(Duration::from_secs(5));
                    let jitter = backoff.mul_f64(fastrand::f64() * 0.5);
                    let wait = retry_after
                        .map(|r| r.min(Duration::from_secs(30)))
                        .unwrap_or(backoff + jitter);
                    std::thread::sleep(wait);
                    tries += 1;
                }
            }
        }
    }

    /// One `GET url` without retries; the error comes with the `Retry-After` the server asked
    /// for, if any. Use with [`Http::retrying`] to stream a body and retry when it is cut;
    /// turn errors reading the [`Body`] into [`HttpError`]s with [`Http::body_error`].
    ///
    /// # Errors
    /// As [`Http::get`].
    pub fn get_once(
        &self,
        url: &Url,
        opts: &RequestOptions,
    ) -> Result<Body, (HttpError, Option<Duration>)> {
        self.get_once_with(url, opts, &[])
    }

    /// The [`HttpError`] for an error reading a [`Body`] of `url`: `TooLarge`, `TooSlow`,
    /// `Deadline` or `Timeout` when a bound tripped, else `Body`.
    pub fn body_error(&self, url: &Url, source: std::io::Error) -> HttpError {
        let shown = Redacted::new(url);
        let inner = source.get_ref();
        if let Some(b) = inner.and_then(|i| i.downcast_ref::<Bound>()) {
            return match b {
                Bound::TooLarge(cap) => HttpError::TooLarge {
                    url: shown,
                    limit: cap.limit,
                    setting: cap.setting,
                },
                Bound::TooSlow { limit, window } => HttpError::TooSlow {
                    url: shown,
                    limit: *limit,
                    window: *window,
                },
                Bound::Deadline(seconds) => HttpError::Deadline {
                    url: shown,
                    seconds: *seconds,
                },
            };
        }
        let timed_out = source.kind() == std::io::ErrorKind::TimedOut
            || inner
                .and_then(|i| i.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_timeout);
        if timed_out {
            return HttpError::Timeout {
                url: shown,
                seconds: self.config.timeout.as_secs(),
            };
        }
        HttpError::Body { url: shown, source }
    }

    /// One `GET url` with `extra` headers; a 304 counts as a success when `extra` holds a
    /// conditional header.
    fn get_once_with(
        &self,
        url: &Url,
        opts: &RequestOptions,
        extra: &[(reqwest::header::HeaderName, String)],
    ) -> Result<Body, (HttpError, Option<Duration>)> {
        let shown = || Redacted::new(url);
        if self.config.offline {
            return Err((HttpError::Offline { url: shown() }, None));
        }
        let client = self
            .client(opts.ca_file.as_deref())
            .map_err(|e| (e, None))?;
        let started = Instant::now();
        let mut request = client.get(url.clone());
        let deadline = self.config.deadline;
        if let Some(d) = deadline.filter(|d| *d < self.config.timeout) {
            // Shorter than the time without progress: reqwest then bounds the whole exchange.
            request = request.timeout(d);
        }
        for (name, value) in extra {
            request = request.header(name, value);
        }
        if let Some(auth) = opts.auth.as_ref().filter(|a| a.applies_to(url)) {
            let mut value = HeaderValue::from_str(auth.header().expose()).map_err(|_| {
                (
                    HttpError::Client {
                        message:
                            "the registry token holds characters that cannot go in an HTTP header"
                                .into(),
                    },
                    None,
                )
            })?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let resp = request.send().map_err(|source| {
            let e = if deadline.is_some_and(|d| started.elapsed() >= d) {
                HttpError::Deadline {
                    url: shown(),
                    seconds: deadline.unwrap_or_default().as_secs(),
                }
            } else if source.is_timeout() {
                HttpError::Timeout {
                    url: shown(),
                    seconds: self.config.timeout.as_secs(),
                }
            } else {
                HttpError::Connect {
                    url: shown(),
                    source,
                }
            };
            (e, None)
        })?;
        let status = resp.status();
        if let Some(log) = &self.log {
            let len = resp
                .content_length()
                .map_or_else(|| "length unknown".to_string(), |n| format!("{n} bytes"));
            log.verbose(format_args!(
                "GET {} -> {}, {len}, {} ms",
                shown(),
                status.as_u16(),
                started.elapsed().as_millis()
            ));
        }
        if status.is_success() || (status == StatusCode::NOT_MODIFIED && !extra.is_empty()) {
            let low_speed = (self.config.low_speed_limit > 0 && !self.config.timeout.is_zero())
                .then_some((self.config.low_speed_limit, self.config.timeout));
            return Ok(Body {
                resp,
                started,
                deadline,
                low_speed,
                window_start: Instant::now(),
                window_bytes: 0,
                cap: None,
                read: 0,
            });
        }
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let code = status.as_u16();
        let e = match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => HttpError::Unauthorized {
                url: shown(),
                status: code,
                registry: opts.registry.clone(),
            },
            StatusCode::NOT_FOUND | StatusCode::GONE => HttpError::NotFound {
                url: shown(),
                status: code,
            },
            _ => HttpError::Status {
                url: shown(),
                status: code,
            },
        };
        Err((e, retry_after))
    }

    /// `GET url` for a file the cache holds under the policy `cached` (RFC 9111; see
    /// [`crate::source::cache`]): no request at all while the copy is fresh; else one conditional
    /// request (with `If-None-Match` or a strong `If-Modified-Since`, when there is one),
    /// retried as [`Http::retrying`] says, whose 304 keeps the copy and whose 200 brings a
    /// new body of at most `cap` bytes. A 304 whose validators contradict the copy is
    /// followed, in the same attempt, by an unconditional request.
    ///
    /// # Errors
    /// As [`Http::get_bytes`].
    pub fn revalidate(
        &self,
        url: &Url,
        opts: &RequestOptions,
        cached: &crate::source::cache::Validators,
        cap: SizeCap,
    ) -> Result<Revalidated, HttpError> {
        use crate::source::cache::Freshness;
        let conditional = match cached.check(url, SystemTime::now()) {
            Freshness::Fresh => return Ok(Revalidated::Fresh),
            Freshness::Stale(c) => c,
        };
        self.retrying(|| {
            let body = self.get_once_with(url, opts, &conditional)?;
            if body.status() == StatusCode::NOT_MODIFIED {
                use crate::source::cache::NotModified;
                match cached.after_not_modified(url, body.headers(), SystemTime::now()) {
                    NotModified::Contradicted => {}
                    kept => return Ok(Revalidated::NotModified(kept)),
                }
                let body = self.get_once(url, opts)?;
                let (bytes, v) = self.read_body(url, body, cap)?;
                return Ok(Revalidated::Modified(bytes, v.map(Box::new)));
            }
            let (bytes, v) = self.read_body(url, body, cap)?;
            Ok(Revalidated::Modified(bytes, v.map(Box::new)))
        })
    }

    /// `GET url` and read the whole body, at most `cap` bytes (for small files: index files,
    /// config.json), retrying when the body is cut short.
    ///
    /// # Errors
    /// As [`Http::get`], plus [`HttpError::Body`], and [`HttpError::TooLarge`] (not retried)
    /// for a body longer than `cap`: reading stops there, nothing more is kept in memory.
    pub fn get_bytes(
        &self,
        url: &Url,
        opts: &RequestOptions,
        cap: SizeCap,
    ) -> Result<Vec<u8>, HttpError> {
        self.get_bytes_with_validators(url, opts, cap)
            .map(|(b, _)| b)
    }

    /// As [`Http::get_bytes`], with the cache policy of the response (`None`: it must not be
    /// stored).
    ///
    /// # Errors
    /// As [`Http::get_bytes`].
    pub fn get_bytes_with_validators(
        &self,
        url: &Url,
        opts: &RequestOptions,
        cap: SizeCap,
    ) -> Result<(Vec<u8>, Option<crate::source::cache::Validators>), HttpError> {
        self.retrying(|| self.read_body(url, self.get_once(url, opts)?, cap))
    }

    /// Reads a whole response of at most `cap` bytes, checking its length, with its cache
    /// policy.
    #[allow(clippy::type_complexity)]
    fn read_body(
        &self,
        url: &Url,
        body: Body,
        cap: SizeCap,
    ) -> Result<(Vec<u8>, Option<crate::source::cache::Validators>), (HttpError, Option<Duration>)>
    {
        let body_err = |source| (self.body_error(url, source), None);
        let validators = crate::source::cache::Validators::from_response(
            url,
            body.status(),
            body.headers(),
            SystemTime::now(),
        );
        let expected = body.content_length();
        let mut body = body.capped(cap).map_err(body_err)?;
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut body, &mut buf).map_err(body_err)?;
        if expected.is_some_and(|n| n != buf.len() as u64) {
            return Err(body_err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!(
                    "the body ended after {} of {} bytes",
                    buf.len(),
                    expected.unwrap_or_default()
                ),
            )));
        }
        Ok((buf, validators))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Secret;
    use crate::source_id::is_loopback;

    #[test]
    fn redacts_credentials() {
        let u = Url::parse("https://user:secret@example.com/index/?token=abc").unwrap();
        let shown = Redacted::new(&u).to_string();
        assert!(!shown.contains("secret") && !shown.contains("abc") && !shown.contains("user"));
        assert_eq!(shown, "https://****:****@example.com/index/?****");
    }

    #[test]
    fn tokens_stay_below_their_index_path() {
        let reg = Url::parse("https://plugins.example.com/org/index").unwrap();
        let auth = Auth::new(&reg, &Secret::new("t"));
        for (u, ok) in [
            ("https://plugins.example.com/org/index/", true),
            (
                "https://plugins.example.com/org/index/st/oq/stoq-hash",
                true,
            ),
            ("https://plugins.example.com/org/indexes/x", false),
            ("https://plugins.example.com/org/other/x", false),
            ("https://plugins.example.com/org/index/../other/x", false),
            ("https://plugins.example.com/", false),
        ] {
            assert_eq!(auth.applies_to(&Url::parse(u).unwrap()), ok, "{u}");
        }
        // The archives folder `config.json`'s `dl` names on the same origin is added; one on
        // another origin adds nothing.
        let dl = Url::parse("https://plugins.example.com/org/files/{name}").unwrap();
        let with_dl = auth.also_below(&dl);
        let url = |u: &str| Url::parse(u).unwrap();
        assert!(with_dl.applies_to(&url("https://plugins.example.com/org/files/a/1.0.0")));
        assert!(with_dl.applies_to(&url("https://plugins.example.com/org/index/x")));
        assert!(!with_dl.applies_to(&url("https://plugins.example.com/org/other/x")));
        let elsewhere = auth.also_below(&url("https://cdn.example.net/files/x"));
        assert!(!elsewhere.applies_to(&url("https://cdn.example.net/files/x")));
    }

    #[test]
    fn tokens_go_to_their_origin_only() {
        let reg = Url::parse("https://plugins.example.com:8443/index/").unwrap();
        let auth = Auth::new(&reg, &Secret::new("s3cr3t"));
        assert!(auth.applies_to(&Url::parse("https://plugins.example.com:8443/index/x").unwrap()));
        for other in [
            "https://plugins.example.com/index/x",
            "http://plugins.example.com:8443/index/x",
            "https://cdn.example.com:8443/index/x",
        ] {
            assert!(!auth.applies_to(&Url::parse(other).unwrap()), "{other}");
        }
        assert_eq!(auth.header().expose(), "Bearer s3cr3t");
        let shown = format!("{auth:?} {}", auth.header());
        assert!(
            !shown.contains("s3cr3t") && shown.contains("****"),
            "{shown}"
        );
        let basic = Auth::new(&reg, &Secret::new("Basic dXNlcjpwdw=="));
        assert_eq!(basic.header().expose(), "Basic dXNlcjpwdw==");
    }

    #[test]
    fn loopback_hosts() {
        for (u, ok) in [
            ("http://127.0.0.1:8000/", true),
            ("http://127.3.4.5/", true),
            ("http://[::1]:80/", true),
            ("http://localhost/", true),
            ("http://10.0.0.1/", false),
            ("http://example.com/", false),
        ] {
            assert_eq!(is_loopback(&Url::parse(u).unwrap()), ok, "{u}");
        }
    }
}

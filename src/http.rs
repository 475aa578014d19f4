//! HTTP: one set of clients (reqwest, blocking, TLS through rustls with the platform's
//! certificate verifier plus optional CA bundles; no OpenSSL), retries with backoff, tokens sent
//! only where they belong, and [`Redacted`] URLs for everything that is printed.
//!
//! Settings come from `[net]` in plugins.toml and `PLUGIN_NET_*` variables (see
//! [`NetConfig`]); proxies from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderValue, AUTHORIZATION, RETRY_AFTER};
use reqwest::StatusCode;
use url::Url;

/// A URL fit for output: any user name, password or query string is replaced by `****`, so a
/// credential embedded in a URL never reaches a terminal, a log or a file.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted(Box<Url>);

impl Redacted {
    /// Wraps `url`.
    pub fn new(url: &Url) -> Self {
        Self(Box::new(url.clone()))
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut url = (*self.0).clone();
        if !url.username().is_empty() {
            let _ = url.set_username("****");
        }
        if url.password().is_some() {
            let _ = url.set_password(Some("****"));
        }
        if url.query().is_some() {
            url.set_query(Some("****"));
        }
        f.write_str(url.as_str())
    }
}
impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A secret, such as a registry token: its `Debug` and `Display` print `****`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}
impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

/// A credential and the only URLs it may be sent to: those of its registry's origin (scheme,
/// host and port) whose path starts with the registry's index path (as uv scopes credentials
/// by realm and path prefix). A `dl` or a redirect to another origin, or to another path of
/// the same host, gets no `Authorization` header.
#[derive(Debug, Clone)]
pub struct Auth {
    origin: url::Origin,
    prefix: String,
    header: Secret,
}

impl Auth {
    /// A token for the registry at `registry_url`. A token that already starts with a scheme
    /// (`Basic …`, `Bearer …`) is sent as it is; otherwise as `Bearer TOKEN`.
    pub fn new(registry_url: &Url, token: &Secret) -> Self {
        let t = token.expose().trim();
        let has_scheme = t.split_once(' ').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphabetic())
        });
        let header = if has_scheme {
            t.to_string()
        } else {
            format!("Bearer {t}")
        };
        Self {
            origin: registry_url.origin(),
            prefix: crate::source::index_key(registry_url).path().to_string(),
            header: Secret(header),
        }
    }

    /// Whether this credential may be sent to `url`: same origin, and a path at or below the
    /// registry's index path (`/index/` covers `/index/st/oq/stoq-hash`, not `/indexes/`).
    pub fn applies_to(&self, url: &Url) -> bool {
        url.origin() == self.origin && url.path().starts_with(&self.prefix)
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetConfig {
    /// Extra attempts after the first for 429, 5xx, connection errors, timeouts and cut
    /// downloads (default 3).
    pub retries: u32,
    /// Seconds to wait for a connection (default 10).
    pub connect_timeout: Duration,
    /// Seconds a request may go without progress (default 30).
    pub timeout: Duration,
    /// No network at all (`--offline`).
    pub offline: bool,
    /// A PEM bundle trusted for every registry (`SSL_CERT_FILE`).
    pub extra_ca: Option<PathBuf>,
    /// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`.
    pub proxies: Proxies,
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            retries: 3,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
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

impl HttpError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::Unauthorized {
                registry: Some(r), ..
            } => Some(crate::credentials::missing_token_hint(r)),
            Self::Offline { .. } => Some(
                "run once without `--offline` to fill the cache, or use `plugin mirror` for air-gapped machines"
                    .into(),
            ),
            Self::Timeout { .. } => Some(
                "raise `[net] timeout` in plugins.toml or `PLUGIN_NET_TIMEOUT` if the registry is slow"
                    .into(),
            ),
            Self::Connect { .. } => Some("check the URL and your network connection".into()),
            _ => None,
        }
    }

    /// Whether another attempt may succeed.
    fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. } | Self::Connect { .. } | Self::Body { .. }
        ) || matches!(self, Self::Status { status, .. } if *status == 429 || *status >= 500)
    }
}

/// The shared HTTP clients: one per extra CA bundle, each built on first use, so that runs
/// that need no network (a no-op install) never pay for TLS set-up.
#[derive(Debug)]
pub struct Http {
    config: NetConfig,
    clients: Mutex<HashMap<Option<PathBuf>, Client>>,
}

impl Http {
    /// HTTP with `config`; nothing is built yet.
    pub fn new(config: NetConfig) -> Self {
        Self {
            config,
            clients: Mutex::new(HashMap::new()),
        }
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
    /// `NotFound` and other statuses, `Timeout` and `Connect` after the retries.
    pub fn get(&self, url: &Url, opts: &RequestOptions) -> Result<Response, HttpError> {
        self.retrying(|| self.get_once(url, opts))
    }

    /// Runs `attempt` up to `1 + retries` times while it fails transiently, sleeping with
    /// exponential backoff and jitter (or as long as a `Retry-After` asked).
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
    /// for, if any. Use with [`Http::retrying`] to stream a body and retry when it is cut.
    ///
    /// # Errors
    /// As [`Http::get`].
    pub fn get_once(
        &self,
        url: &Url,
        opts: &RequestOptions,
    ) -> Result<Response, (HttpError, Option<Duration>)> {
        self.get_once_with(url, opts, &[])
    }

    fn get_once_with(
        &self,
        url: &Url,
        opts: &RequestOptions,
        extra: &[(reqwest::header::HeaderName, String)],
    ) -> Result<Response, (HttpError, Option<Duration>)> {
        let shown = || Redacted::new(url);
        if self.config.offline {
            return Err((HttpError::Offline { url: shown() }, None));
        }
        let client = self
            .client(opts.ca_file.as_deref())
            .map_err(|e| (e, None))?;
        let mut request = client.get(url.clone());
        for (name, value) in extra {
            request = request.header(name, value);
        }
        if let Some(auth) = opts.auth.as_ref().filter(|a| a.applies_to(url)) {
            let mut value = HeaderValue::from_str(auth.header.expose()).map_err(|_| {
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
            let e = if source.is_timeout() {
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
        if status.is_success() {
            return Ok(resp);
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

    /// `GET url` for a file the cache holds with `validators`: `Ok(None)` when the server
    /// answers 304 Not Modified (no body is sent), else the new body and its validators.
    ///
    /// # Errors
    /// As [`Http::get_bytes`].
    pub fn revalidate(
        &self,
        url: &Url,
        opts: &RequestOptions,
        validators: &crate::cache::Validators,
    ) -> Result<Option<(Vec<u8>, crate::cache::Validators)>, HttpError> {
        self.retrying(|| {
            let mut conditional = vec![];
            if let Some(e) = &validators.etag {
                conditional.push((reqwest::header::IF_NONE_MATCH, e.clone()));
            }
            if let Some(lm) = &validators.last_modified {
                conditional.push((reqwest::header::IF_MODIFIED_SINCE, lm.clone()));
            }
            match self.get_once_with(url, opts, &conditional) {
                Err((HttpError::Status { status: 304, .. }, _)) => Ok(None),
                Err(e) => Err(e),
                Ok(resp) => read_body(url, resp).map(Some),
            }
        })
    }

    /// `GET url` and read the whole body (for small files: index files, config.json), retrying
    /// when the body is cut short.
    ///
    /// # Errors
    /// As [`Http::get`], plus [`HttpError::Body`].
    pub fn get_bytes(&self, url: &Url, opts: &RequestOptions) -> Result<Vec<u8>, HttpError> {
        self.get_bytes_with_validators(url, opts).map(|(b, _)| b)
    }

    /// As [`Http::get_bytes`], with the validators the server sent for the body.
    ///
    /// # Errors
    /// As [`Http::get_bytes`].
    pub fn get_bytes_with_validators(
        &self,
        url: &Url,
        opts: &RequestOptions,
    ) -> Result<(Vec<u8>, crate::cache::Validators), HttpError> {
        self.retrying(|| read_body(url, self.get_once(url, opts)?))
    }
}

/// Reads a whole response, checking its length, with its `ETag` and `Last-Modified`.
fn read_body(
    url: &Url,
    mut resp: Response,
) -> Result<(Vec<u8>, crate::cache::Validators), (HttpError, Option<Duration>)> {
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let validators = crate::cache::Validators {
        etag: header(reqwest::header::ETAG),
        last_modified: header(reqwest::header::LAST_MODIFIED),
    };
    let expected = resp.content_length();
    let mut buf = Vec::new();
    let body_err = |source| {
        (
            HttpError::Body {
                url: Redacted::new(url),
                source,
            },
            None,
        )
    };
    std::io::copy(&mut resp, &mut buf).map_err(body_err)?;
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

/// Whether `url` may be fetched over plain HTTP without `allow-http`: only loopback hosts.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(auth.header.expose(), "Bearer s3cr3t");
        let shown = format!("{auth:?} {}", auth.header);
        assert!(
            !shown.contains("s3cr3t") && shown.contains("****"),
            "{shown}"
        );
        let basic = Auth::new(&reg, &Secret::new("Basic dXNlcjpwdw=="));
        assert_eq!(basic.header.expose(), "Basic dXNlcjpwdw==");
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

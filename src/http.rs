//! The one HTTP client (reqwest, blocking, TLS through rustls with the platform's
//! certificate verifier; no OpenSSL), and [`Redacted`] URLs for everything that is printed.

use std::fmt;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
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

/// A failed HTTP exchange.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The client could not be built (TLS set-up).
    #[error("could not set up the HTTP client")]
    Client(#[source] reqwest::Error),
    /// No response: refused connection, DNS failure, timeout, reset.
    #[error("could not connect to `{url}`")]
    Connect {
        /// The URL requested.
        url: Redacted,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered 404 or 410.
    #[error("`{url}` was not found (HTTP {status})")]
    NotFound {
        /// The URL requested.
        url: Redacted,
        /// The status received.
        status: u16,
    },
    /// Any other non-success status.
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

/// An [`Http`] client built on first use, so that runs that need no network (a no-op
/// install) never pay for TLS set-up.
#[derive(Debug)]
pub struct LazyHttp {
    timeout: Duration,
    cell: std::sync::OnceLock<Http>,
}

impl LazyHttp {
    /// A lazy client with `timeout` as connect and read timeout.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            cell: std::sync::OnceLock::new(),
        }
    }

    /// The client, built on the first call.
    ///
    /// # Errors
    /// [`HttpError::Client`] when the TLS stack cannot be set up.
    pub fn get(&self) -> Result<&Http, HttpError> {
        if let Some(h) = self.cell.get() {
            return Ok(h);
        }
        let client = Http::new(self.timeout)?;
        Ok(self.cell.get_or_init(|| client))
    }
}

/// The shared blocking HTTP client.
#[derive(Debug)]
pub struct Http {
    client: Client,
}

impl Http {
    /// A client with `timeout` as the connect timeout and the limit on each exchange.
    ///
    /// # Errors
    /// [`HttpError::Client`] when the TLS stack cannot be set up.
    pub fn new(timeout: Duration) -> Result<Self, HttpError> {
        // reqwest is built without a default crypto provider; ring is ours.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .user_agent(concat!("plugin/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .map_err(HttpError::Client)?;
        Ok(Self { client })
    }

    /// `GET url`, returning the response once its status is a success.
    ///
    /// # Errors
    /// [`HttpError::Connect`], [`HttpError::NotFound`] or [`HttpError::Status`].
    pub fn get(&self, url: &Url) -> Result<Response, HttpError> {
        let resp = self
            .client
            .get(url.clone())
            .send()
            .map_err(|source| HttpError::Connect {
                url: Redacted::new(url),
                source,
            })?;
        let status = resp.status();
        if status.is_success() {
            Ok(resp)
        } else if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            Err(HttpError::NotFound {
                url: Redacted::new(url),
                status: status.as_u16(),
            })
        } else {
            Err(HttpError::Status {
                url: Redacted::new(url),
                status: status.as_u16(),
            })
        }
    }

    /// `GET url` and read the whole body as bytes (for small files: index files, config.json).
    ///
    /// # Errors
    /// As [`Http::get`], plus [`HttpError::Body`].
    pub fn get_bytes(&self, url: &Url) -> Result<Vec<u8>, HttpError> {
        let mut resp = self.get(url)?;
        let mut buf = Vec::new();
        std::io::copy(&mut resp, &mut buf).map_err(|source| HttpError::Body {
            url: Redacted::new(url),
            source,
        })?;
        Ok(buf)
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
}

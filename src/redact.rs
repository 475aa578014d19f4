//! Keeping secrets out of output: [`Redacted`] prints a URL without its credentials and query,
//! [`Secret`] prints `****`. Every URL or token that can reach a terminal, a log, a JSON
//! document or a file goes through one of them.

use std::fmt;

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

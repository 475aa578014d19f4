//! Where a plugin comes from: [`SourceId`] (the `source` field of plugins.lock and records)
//! and [`RegistryLocation`] (a registry index on disk or over HTTP).

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

use crate::http::Redacted;

/// The origin of an installed plugin, written as `registry+LOCATION`, `url+URL` or
/// `path+PATH` in plugins.lock and records.
///
/// A registry's LOCATION is spelt as in plugins.toml (a URL, or a path relative to the
/// project), so the lockfile stays valid on other machines. Credentials never appear: a URL's
/// user name, password and query are dropped when a `SourceId` is made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    /// A registry index.
    Registry(String),
    /// An archive downloaded from a URL.
    Url(String),
    /// A folder or archive on the local file system, relative to the project if it is inside.
    Path(String),
}

impl SourceId {
    /// A `url+` source for `url`, stripped of credentials.
    pub fn url(url: &Url) -> Self {
        Self::Url(strip_credentials(url).to_string())
    }

    /// Parses `registry+…`, `url+…` or `path+…`.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once('+')?;
        match kind {
            "registry" => Some(Self::Registry(rest.to_string())),
            "url" => Some(Self::Url(rest.to_string())),
            "path" => Some(Self::Path(rest.to_string())),
            _ => None,
        }
    }

    /// Whether plugins from this source carry an archive checksum.
    pub fn has_archive(&self) -> bool {
        !matches!(self, Self::Path(_))
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Registry(l) => write!(f, "registry+{l}"),
            Self::Url(u) => write!(f, "url+{u}"),
            Self::Path(p) => write!(f, "path+{p}"),
        }
    }
}

/// `url` without user name, password or query.
pub fn strip_credentials(url: &Url) -> Url {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_query(None);
    u
}

/// Where a registry index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryLocation {
    /// Served over HTTP(S); the URL ends with `/`.
    Http(Url),
    /// A folder on disk (absolute).
    Local(PathBuf),
}

impl RegistryLocation {
    /// Whether requests to this registry cross the network without TLS: a plain `http://` URL
    /// whose host is not loopback (see [`crate::http::is_loopback`]). Such a registry needs
    /// `allow-http = true`.
    pub fn is_plain_http_off_loopback(&self) -> bool {
        matches!(self, Self::Http(url) if url.scheme() == "http" && !crate::http::is_loopback(url))
    }

    /// Interprets `spec` (an `http(s)://` URL, a `file://` URL or a path) with relative paths
    /// taken from `base`.
    ///
    /// # Errors
    /// A message when `spec` looks like a URL but does not parse, or uses another scheme.
    pub fn parse(spec: &str, base: &Path) -> Result<Self, String> {
        if let Some((scheme, _)) = spec.split_once("://") {
            let mut url =
                Url::parse(spec).map_err(|e| format!("`{spec}` is not a valid URL: {e}"))?;
            return match scheme {
                "http" | "https" => {
                    if !url.path().ends_with('/') {
                        let p = format!("{}/", url.path());
                        url.set_path(&p);
                    }
                    Ok(Self::Http(url))
                }
                "file" => url
                    .to_file_path()
                    .map(Self::Local)
                    .map_err(|()| format!("`{spec}` is not a valid file URL")),
                other => Err(format!(
                    "registry `{spec}` uses the unsupported scheme `{other}`: use https://, http:// or a path"
                )),
            };
        }
        Ok(Self::Local(base.join(spec)))
    }

    /// A printable form: the redacted URL or the path.
    pub fn display(&self) -> String {
        match self {
            Self::Http(u) => Redacted::new(u).to_string(),
            Self::Local(p) => p.display().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_ids_round_trip() {
        for s in [
            "registry+registry-index",
            "registry+https://example.com/index/",
            "url+https://example.com/a.tar.gz",
            "path+../a",
        ] {
            assert_eq!(SourceId::parse(s).unwrap().to_string(), s);
        }
        assert!(SourceId::parse("git+x").is_none());
    }

    #[test]
    fn url_sources_drop_credentials() {
        let u = Url::parse("https://me:pw@example.com/a.zip?token=x").unwrap();
        assert_eq!(
            SourceId::url(&u).to_string(),
            "url+https://example.com/a.zip"
        );
    }

    #[test]
    fn registry_locations() {
        let base = Path::new("/proj");
        assert_eq!(
            RegistryLocation::parse("registry-index", base).unwrap(),
            RegistryLocation::Local(PathBuf::from("/proj/registry-index"))
        );
        match RegistryLocation::parse("http://127.0.0.1:8080/idx", base).unwrap() {
            RegistryLocation::Http(u) => assert_eq!(u.as_str(), "http://127.0.0.1:8080/idx/"),
            other => panic!("{other:?}"),
        }
        assert!(RegistryLocation::parse("ftp://x/", base).is_err());
    }
}

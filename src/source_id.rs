//! Where a plugin comes from: [`SourceId`] (the `source` field of plugins.lock and records)
//! and [`RegistryLocation`] (a registry index on disk or over HTTP).

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

use crate::error::Hint;
use crate::redact::{Redacted, Secret};

/// The origin of an installed plugin, written as `registry+LOCATION`, `url+URL` or
/// `path+PATH` in plugins.lock and records.
///
/// A registry's LOCATION is spelt as in plugins.toml (a URL, or a path relative to the
/// project), so the lockfile stays valid on other machines. Credentials never appear: a URL's
/// user name, password and query (and a registry URL's fragment) are dropped when a `SourceId`
/// is made or parsed (see [`spell_without_credentials`]).
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

    /// Parses `registry+…`, `url+…` or `path+…`. A user name, password or query in the URL of
    /// an older lockfile or record is dropped, so it is never written back.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once('+')?;
        match kind {
            "registry" => Some(Self::Registry(spell_without_credentials(rest))),
            "url" => Some(Self::Url(match Url::parse(rest) {
                Ok(u) if rest.contains("://") => strip_credentials(&u).to_string(),
                _ => redact_text(rest),
            })),
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

/// The key a registry's credentials are stored and looked up under: its index URL normalized
/// as npm and uv key theirs, `scheme://host[:port]/path/` (the `url` crate lower-cases the
/// host and drops a default port), with no user name, password, query or fragment, and the
/// path ending in `/`. `https://Me:pw@Plugins.Example.com:443/index?x=1` and
/// `https://plugins.example.com/index/` have the same key.
pub fn index_key(url: &Url) -> Url {
    let mut u = strip_credentials(url);
    u.set_fragment(None);
    if !u.path().ends_with('/') {
        let p = format!("{}/", u.path());
        u.set_path(&p);
    }
    u
}

/// A user name and password taken out of a URL (its userinfo, RFC 3986 §3.2.1), held so that
/// they can be sent as HTTP Basic credentials (RFC 7617) to that URL's registry only and never
/// printed or written anywhere.
#[derive(Clone, PartialEq, Eq)]
pub struct UrlCredentials {
    user: Secret,
    password: Option<Secret>,
}

impl fmt::Debug for UrlCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UrlCredentials(****)")
    }
}

impl UrlCredentials {
    /// The percent-decoded user name and password of `url`, if it has any.
    pub fn of(url: &Url) -> Option<Self> {
        if url.username().is_empty() && url.password().is_none() {
            return None;
        }
        let decode =
            |s: &str| Secret::new(percent_encoding::percent_decode_str(s).decode_utf8_lossy());
        Some(Self {
            user: decode(url.username()),
            password: url.password().map(decode),
        })
    }

    /// The value of an `Authorization` header: `Basic base64(user ":" password)` (RFC 7617
    /// §2; an absent password is empty).
    pub fn basic_header(&self) -> Secret {
        use base64::Engine as _;
        let pair = format!(
            "{}:{}",
            self.user.expose(),
            self.password.as_ref().map_or("", Secret::expose)
        );
        Secret::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    }
}

/// `text` (a location as written: a URL, or a path) with any user name, password, query or
/// fragment of a URL removed, for plugins.lock, records and messages. A path, or a URL that
/// carries none of these, is returned exactly as written, so lockfiles keep their spelling.
pub fn spell_without_credentials(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    match Url::parse(text) {
        Ok(u)
            if !u.username().is_empty()
                || u.password().is_some()
                || u.query().is_some()
                || u.fragment().is_some() =>
        {
            let mut u = strip_credentials(&u);
            u.set_fragment(None);
            u.to_string()
        }
        Ok(_) => text.to_string(),
        Err(_) => redact_text(text),
    }
}

/// `text` with whatever looks like the userinfo, query or fragment of a URL replaced by
/// `****`, for echoing text that may not parse as a URL (in error messages).
pub fn redact_text(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((_, host)) => format!("****@{host}"),
        None => authority.to_string(),
    };
    let tail = match tail.find(['?', '#']) {
        Some(i) => format!("{}?****", &tail[..i]),
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Where a location given to plugin comes from, for the message of [`PlainHttpError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// `[registries]` in plugins.toml (where `allow-http = true` is possible).
    Manifest,
    /// A registry given on the command line (`--registry URL`).
    CommandLine,
    /// An archive URL (`plugin install http://…`, `url = "…"` in plugins.toml).
    Archive,
}

/// A plain `http://` location off loopback that is not allowed (see [`check_transport`]).
#[derive(Debug, thiserror::Error)]
#[error("`{url}` is plain http to a host that is not loopback: packages{} would cross the network unprotected, and anyone on the way could change them", if *.entry == Entry::Archive { "" } else { " and tokens" })]
pub struct PlainHttpError {
    /// The URL, redacted.
    pub url: Redacted,
    /// How it was given.
    pub entry: Entry,
}

impl PlainHttpError {
    /// What to do instead.
    pub fn hint(&self) -> String {
        match self.entry {
            Entry::Manifest => "use https://, or set `allow-http = true` in the registry's table in plugins.toml (`[registries.NAME]` with `index = \"…\"`)".into(),
            Entry::CommandLine => "use https://; a registry that must be reached over plain http goes into plugins.toml as `[registries.NAME]` with `index = \"…\"` and `allow-http = true`, then `--registry NAME`".into(),
            Entry::Archive => "use https://, or publish the archive to a registry (plain http only on loopback)".into(),
        }
    }
}

impl Hint for PlainHttpError {
    fn hint(&self) -> Option<String> {
        Some(PlainHttpError::hint(self))
    }
}

/// The one check for plain http, applied to every way a location enters (plugins.toml
/// `[registries]`, `init --registry`, `--registry URL` of install, search and info, archive
/// URLs): `https://` always passes; `http://` passes on loopback (see
/// [`is_loopback`]), elsewhere only when `allowed` (a registry table's
/// `allow-http = true`). Archive URLs are never allowed off loopback, checksum or not. Other
/// schemes pass (they are refused where they are parsed).
///
/// # Errors
/// [`PlainHttpError`] naming the redacted URL.
pub fn check_transport(url: &Url, allowed: bool, entry: Entry) -> Result<(), PlainHttpError> {
    if url.scheme() == "http" && !is_loopback(url) && !allowed {
        return Err(PlainHttpError {
            url: Redacted::new(url),
            entry,
        });
    }
    Ok(())
}

/// A registry location that plugin was asked to write into plugins.toml and will not.
#[derive(Debug, thiserror::Error)]
pub enum NewLocationError {
    /// It does not parse, or uses another scheme.
    #[error("{0}")]
    Invalid(String),
    /// Plain http off loopback.
    #[error(transparent)]
    PlainHttp(#[from] PlainHttpError),
    /// It carries a user name or password, which plugin would have to write into plugins.toml.
    #[error("the registry URL `{url}` was given with a user name or password, which plugin does not write into plugins.toml")]
    Credentials {
        /// The URL without them.
        url: String,
    },
}

impl Hint for NewLocationError {
    /// What to do instead.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Invalid(_) => None,
            Self::PlainHttp(e) => Some(e.hint()),
            Self::Credentials { url } => Some(format!(
                "give `{url}` instead (without user name and password), then store its token with `printf '%s' \"$TOKEN\" | plugin login NAME`, NAME being its name under `[registries]`"
            )),
        }
    }
}

/// Checks a registry location given on the command line that plugin is about to write into
/// plugins.toml (`init --registry`, `install --registry` of a new location): it must parse,
/// pass [`check_transport`] (no `allow-http` from the command line) and carry no credentials.
///
/// # Errors
/// [`NewLocationError`]; its message never shows a password.
pub fn check_new_location(spec: &str, base: &Path) -> Result<RegistryLocation, NewLocationError> {
    let (location, credentials) =
        RegistryLocation::parse_with_credentials(spec, base).map_err(NewLocationError::Invalid)?;
    location.check_transport(false, Entry::CommandLine)?;
    if credentials.is_some() {
        return Err(NewLocationError::Credentials {
            url: spell_without_credentials(spec),
        });
    }
    Ok(location)
}

/// Where a registry index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryLocation {
    /// Served over HTTP(S); the URL ends with `/` and carries no user name, password, query
    /// or fragment (see [`RegistryLocation::parse_with_credentials`]).
    Http(Url),
    /// A folder on disk (absolute).
    Local(PathBuf),
    /// A prefix in an object store (`s3://bucket/prefix/`, `az://container/prefix/`; see
    /// [`crate::source::store`]).
    Store(StoreLocation),
}

/// A registry in an object store: `s3://BUCKET/PREFIX/`, with the endpoint and region a
/// registry's table in plugins.toml may set (credentials come from the environment only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreLocation {
    /// `s3://bucket/prefix/`: the path ends with `/`, no user name, password, query or
    /// fragment.
    pub url: Url,
    /// `endpoint` in plugins.toml (an S3-compatible server), winning over `AWS_ENDPOINT_URL`.
    pub endpoint: Option<Url>,
    /// `region` in plugins.toml, winning over `AWS_REGION`.
    pub region: Option<String>,
    /// `allow-http = true`: a plain-http endpoint off loopback is allowed.
    pub allow_http: bool,
}

impl RegistryLocation {
    /// Whether requests to this registry cross the network without TLS: a plain `http://` URL
    /// whose host is not loopback (see [`is_loopback`]). Such a registry needs
    /// `allow-http = true`.
    pub fn is_plain_http_off_loopback(&self) -> bool {
        matches!(self, Self::Http(url) if check_transport(url, false, Entry::Manifest).is_err())
    }

    /// [`check_transport`] for this location (a folder always passes).
    ///
    /// # Errors
    /// [`PlainHttpError`].
    pub fn check_transport(&self, allowed: bool, entry: Entry) -> Result<(), PlainHttpError> {
        match self {
            Self::Http(url) => check_transport(url, allowed, entry),
            Self::Store(StoreLocation {
                endpoint: Some(url),
                ..
            }) => check_transport(url, allowed, entry),
            Self::Local(_) | Self::Store(_) => Ok(()),
        }
    }

    /// Interprets `spec` (an `http(s)://` URL, an `s3://` URL, a `file://` URL or a path) with relative paths
    /// taken from `base`; a URL's user name and password are dropped (see
    /// [`RegistryLocation::parse_with_credentials`] to keep them).
    ///
    /// # Errors
    /// A message when `spec` looks like a URL but does not parse, or uses another scheme.
    pub fn parse(spec: &str, base: &Path) -> Result<Self, String> {
        Self::parse_with_credentials(spec, base).map(|(l, _)| l)
    }

    /// As [`RegistryLocation::parse`], and the user name and password the URL carried. The
    /// location keeps none of them, nor a query or fragment: it is what is printed, cached
    /// and compared.
    ///
    /// # Errors
    /// As [`RegistryLocation::parse`]; the message never shows a password.
    pub fn parse_with_credentials(
        spec: &str,
        base: &Path,
    ) -> Result<(Self, Option<UrlCredentials>), String> {
        if let Some((scheme, _)) = spec.split_once("://") {
            let shown = redact_text(spec);
            let url = Url::parse(spec).map_err(|e| format!("`{shown}` is not a valid URL: {e}"))?;
            return match scheme {
                "http" | "https" => {
                    let credentials = UrlCredentials::of(&url);
                    Ok((Self::Http(index_key(&url)), credentials))
                }
                "s3" | "az" => {
                    let Some(bucket) = url.host_str().filter(|b| !b.is_empty()) else {
                        let what = if scheme == "az" { "container" } else { "bucket" };
                        return Err(format!("`{shown}` names no {what}: write `{scheme}://{}/PREFIX`", what.to_uppercase()));
                    };
                    let mut u = index_key(&url);
                    let _ = u.set_port(None);
                    let path = u.path().trim_start_matches('/').to_string();
                    let normalized = format!("{scheme}://{bucket}/{path}");
                    let u = Url::parse(&normalized).map_err(|e| format!("`{shown}` is not a valid URL: {e}"))?;
                    Ok((
                        Self::Store(StoreLocation {
                            url: u,
                            endpoint: None,
                            region: None,
                            allow_http: false,
                        }),
                        None,
                    ))
                }
                "file" => url
                    .to_file_path()
                    .map(|p| (Self::Local(p), None))
                    .map_err(|()| format!("`{shown}` is not a valid file URL")),
                other => Err(format!(
                    "registry `{shown}` uses the unsupported scheme `{other}`: use https://, http://, s3://, az:// or a path"
                )),
            };
        }
        Ok((Self::Local(base.join(spec)), None))
    }

    /// A printable form: the URL (which holds no credentials) or the path.
    pub fn display(&self) -> String {
        match self {
            Self::Http(u) => Redacted::new(u).to_string(),
            Self::Store(s) => s.url.to_string(),
            Self::Local(p) => p.display().to_string(),
        }
    }
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
        match RegistryLocation::parse("s3://my-bucket/team/plugins", base).unwrap() {
            RegistryLocation::Store(s) => {
                assert_eq!(s.url.as_str(), "s3://my-bucket/team/plugins/");
                assert_eq!(s.url.host_str(), Some("my-bucket"));
            }
            other => panic!("{other:?}"),
        }
        match RegistryLocation::parse("s3://b", base).unwrap() {
            RegistryLocation::Store(s) => assert_eq!(s.url.path(), "/"),
            other => panic!("{other:?}"),
        }
        assert!(RegistryLocation::parse("s3:///x", base).is_err());
        match RegistryLocation::parse("az://box/team", base).unwrap() {
            RegistryLocation::Store(s) => assert_eq!(s.url.as_str(), "az://box/team/"),
            other => panic!("{other:?}"),
        }
        let e = RegistryLocation::parse("az:///x", base).unwrap_err();
        assert!(
            e.contains("names no container: write `az://CONTAINER/PREFIX`"),
            "{e}"
        );
    }

    #[test]
    fn index_keys_are_normalized() {
        for (given, key) in [
            (
                "https://Me:pw@Plugins.Example.com:443/index?x=1#f",
                "https://plugins.example.com/index/",
            ),
            (
                "https://plugins.example.com/index/",
                "https://plugins.example.com/index/",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
        ] {
            assert_eq!(
                index_key(&Url::parse(given).unwrap()).as_str(),
                key,
                "{given}"
            );
        }
    }

    #[test]
    fn credentials_leave_locations_and_sources() {
        let base = Path::new("/proj");
        let (loc, creds) =
            RegistryLocation::parse_with_credentials("http://us%40er:p%3Aw@127.0.0.1:1/i", base)
                .unwrap();
        assert_eq!(
            loc,
            RegistryLocation::Http(Url::parse("http://127.0.0.1:1/i/").unwrap())
        );
        // RFC 7617 §2: base64 of `user-id ":" password`, percent-decoded first.
        assert_eq!(
            creds.unwrap().basic_header().expose(),
            format!("Basic {}", "dXNAZXI6cDp3")
        );
        assert_eq!(
            spell_without_credentials("https://u:pw@h.example/idx?t=1"),
            "https://h.example/idx"
        );
        assert_eq!(
            spell_without_credentials("http://h.example/idx"),
            "http://h.example/idx"
        );
        assert_eq!(spell_without_credentials("../registry"), "../registry");
        assert_eq!(
            SourceId::parse("registry+http://u:pw@127.0.0.1:1/")
                .unwrap()
                .to_string(),
            "registry+http://127.0.0.1:1/"
        );
        assert_eq!(
            SourceId::parse("url+https://u:pw@h.example/a.zip?sig=1")
                .unwrap()
                .to_string(),
            "url+https://h.example/a.zip"
        );
        let err = RegistryLocation::parse("http://u:pw@h.example:99999/", base).unwrap_err();
        assert!(!err.contains("pw"), "{err}");
        assert_eq!(redact_text("https://u:pw@h/p?q#f"), "https://****@h/p?****");
    }

    #[test]
    fn one_plain_http_check() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(check_transport(&u("https://example.com/"), false, Entry::CommandLine).is_ok());
        assert!(check_transport(&u("http://127.0.0.1:9/"), false, Entry::Archive).is_ok());
        assert!(check_transport(&u("http://localhost/"), false, Entry::CommandLine).is_ok());
        let e = check_transport(&u("http://u:pw@example.com/"), false, Entry::Archive).unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
        assert!(check_transport(&u("http://example.com/"), true, Entry::Manifest).is_ok());
        assert!(check_new_location("http://example.com/", Path::new("/")).is_err());
        assert!(matches!(
            check_new_location("https://u:pw@example.com/", Path::new("/")),
            Err(NewLocationError::Credentials { url }) if url == "https://example.com/"
        ));
    }
}

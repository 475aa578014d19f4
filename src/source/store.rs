//! Registries kept in an object store: an S3 bucket, or an S3-compatible server (MinIO, Ceph,
//! on-premises appliances), named `s3://BUCKET/PREFIX` (see [`StoreLocation`]).
//!
//! The maintained `object_store` crate (Apache Arrow project) signs and sends the requests; it
//! is asynchronous, so each [`Store`] owns a small current-thread tokio runtime and blocks on
//! it. The layout inside `PREFIX/` is the folder layout of
//! [`crate::authoring::local_registry`]; docs/formats.md describes it, with the headers every
//! object gets ([`ObjectKind`]).
//!
//! Credentials, region and endpoint come from the standard AWS variables, read only from the
//! environment snapshot ([`AwsEnv::from_env`]): `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN` for temporary keys), or
//! `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` (CI OIDC); `AWS_REGION` or
//! `AWS_DEFAULT_REGION`; `AWS_ENDPOINT_URL`. Where they are unset, the profile `AWS_PROFILE`
//! selects in the AWS shared files fills them in ([`crate::source::aws_profile`]). A registry's table in plugins.toml may set
//! `endpoint` and `region` (never secrets). Without credentials nothing is sent: the error
//! names the variables to set (the crate would otherwise ask the instance-metadata service).

use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;

use futures_util::StreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, Attributes, GetOptions, ObjectStore, ObjectStoreExt, PutMode, PutOptions,
    PutPayload, UpdateVersion,
};
use url::Url;

use crate::env::{vars, Env};
use crate::error::Hint;
use crate::redact::Secret;
use crate::source::aws_profile::{ProfileFiles, ProfileProblem};
use crate::source::http::NetConfig;
use crate::source_id::{check_transport, Entry, PlainHttpError, StoreLocation};

/// The variables that hold static credentials, named in errors.
const KEY_VARS: &str = "`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN` for temporary credentials), or `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` in CI, or `AWS_PROFILE` and a profile in `~/.aws/credentials`";

/// The Azure variables of the environment snapshot, for `az://` registries; secrets are held
/// as [`Secret`]s and never printed.
#[derive(Clone, Default)]
pub struct AzureEnv {
    account_name: Option<String>,
    account_key: Option<Secret>,
    sas_token: Option<Secret>,
    endpoint: Option<String>,
}

impl AzureEnv {
    /// The Azure variables of `env` (empty values count as unset).
    pub fn from_env(env: &Env) -> Self {
        let get = |name: &str| env.first(&[name]);
        Self {
            account_name: get(vars::AZURE_STORAGE_ACCOUNT_NAME),
            account_key: get(vars::AZURE_STORAGE_ACCOUNT_KEY).map(Secret::new),
            sas_token: get(vars::AZURE_STORAGE_SAS_TOKEN).map(Secret::new),
            endpoint: get(vars::AZURE_STORAGE_ENDPOINT),
        }
    }
}

/// The AWS variables of the environment snapshot, taken once, and where the shared files
/// are (read only when a store is opened); secrets are held as [`Secret`]s and never printed.
#[derive(Clone, Default)]
pub struct AwsEnv {
    access_key_id: Option<Secret>,
    secret_access_key: Option<Secret>,
    session_token: Option<Secret>,
    region: Option<String>,
    endpoint: Option<String>,
    sts_endpoint: Option<String>,
    web_identity_token_file: Option<String>,
    role_arn: Option<String>,
    role_session_name: Option<String>,
    files: ProfileFiles,
    /// The Azure variables, for `az://` registries.
    pub azure: AzureEnv,
}

impl std::fmt::Debug for AwsEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsEnv")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("files", &self.files)
            .field("azure_account", &self.azure.account_name)
            .field("azure_endpoint", &self.azure.endpoint)
            .finish_non_exhaustive()
    }
}

impl AwsEnv {
    /// The AWS variables of `env` (empty values count as unset); reads no file.
    pub fn from_env(env: &Env) -> Self {
        let get = |name: &str| env.first(&[name]);
        Self {
            access_key_id: get(vars::AWS_ACCESS_KEY_ID).map(Secret::new),
            secret_access_key: get(vars::AWS_SECRET_ACCESS_KEY).map(Secret::new),
            session_token: get(vars::AWS_SESSION_TOKEN).map(Secret::new),
            region: env.first(&[vars::AWS_REGION, vars::AWS_DEFAULT_REGION]),
            endpoint: get(vars::AWS_ENDPOINT_URL),
            sts_endpoint: get(vars::AWS_ENDPOINT_URL_STS),
            web_identity_token_file: get(vars::AWS_WEB_IDENTITY_TOKEN_FILE),
            role_arn: get(vars::AWS_ROLE_ARN),
            role_session_name: get(vars::AWS_ROLE_SESSION_NAME),
            files: ProfileFiles::from_env(env),
            azure: AzureEnv::from_env(env),
        }
    }

    /// These variables, with what the selected profile of the shared files adds where a
    /// variable is unset: the variables win, as with the AWS CLI. Credentials are taken as a
    /// whole from one place: the profile's keys are used only when no credential variable
    /// is set.
    fn with_profile(&self, url: &str) -> Result<(Self, Option<PathBuf>), StoreError> {
        let profile = self.files.read().map_err(|problem| StoreError::Profile {
            url: url.to_string(),
            problem,
        })?;
        let Some(profile) = profile else {
            return Ok((self.clone(), None));
        };
        let get = |key: &str| profile.get(key).map(str::to_string);
        let mut merged = self.clone();
        merged.region = merged.region.or_else(|| get("region"));
        merged.endpoint = merged.endpoint.or_else(|| get("endpoint_url"));
        let env_has_credentials = self.access_key_id.is_some()
            || self.secret_access_key.is_some()
            || (self.web_identity_token_file.is_some() && self.role_arn.is_some());
        if env_has_credentials {
            return Ok((merged, None));
        }
        merged.access_key_id = get("aws_access_key_id").map(Secret::new);
        merged.secret_access_key = get("aws_secret_access_key").map(Secret::new);
        merged.session_token = get("aws_session_token").map(Secret::new);
        merged.web_identity_token_file = get("web_identity_token_file");
        merged.role_arn = get("role_arn");
        merged.role_session_name = self
            .role_session_name
            .clone()
            .or_else(|| get("role_session_name"));
        Ok((merged, Some(profile.source.clone())))
    }
}

/// The retries of `net` as the crate's.
fn retry_config(net: &NetConfig) -> object_store::RetryConfig {
    object_store::RetryConfig {
        max_retries: usize::try_from(net.retries).unwrap_or(usize::MAX),
        retry_timeout: RETRY_TIMEOUT,
        ..object_store::RetryConfig::default()
    }
}

/// `endpoint` in the registry's table, else the variable `var`'s value `from_env`.
fn endpoint_of(
    location: &StoreLocation,
    from_env: Option<&str>,
    var: &str,
    url: &str,
) -> Result<Option<Url>, StoreError> {
    match (&location.endpoint, from_env) {
        (Some(e), _) => Ok(Some(e.clone())),
        (None, Some(e)) => Url::parse(e).map(Some).map_err(|e| StoreError::Other {
            url: url.to_string(),
            message: format!("`{var}` is not a URL: {e}"),
        }),
        (None, None) => Ok(None),
    }
}

/// How a store client reaches its service, the same for every kind of store.
struct Transport {
    /// Timeouts, proxies and TLS from `[net]`.
    options: object_store::ClientOptions,
    retry: object_store::RetryConfig,
    /// The endpoint (without a trailing `/`) and whether it is plain http; `None`: the
    /// service's own.
    endpoint: Option<(String, bool)>,
}

impl Transport {
    /// The transport of `location`: its `endpoint` (else `from_env`, the variable `var`),
    /// checked against the plain-http rule, with `net`'s settings.
    fn of(
        location: &StoreLocation,
        from_env: Option<&str>,
        var: &str,
        net: &NetConfig,
        url: &str,
    ) -> Result<Self, StoreError> {
        let endpoint = endpoint_of(location, from_env, var, url)?;
        let https = endpoint.as_ref().is_none_or(|e| e.scheme() == "https");
        let options = client_options(net, https, url)?;
        if let Some(e) = &endpoint {
            check_transport(e, location.allow_http, Entry::Manifest)?;
        }
        Ok(Self {
            options,
            retry: retry_config(net),
            endpoint: endpoint.map(|e| {
                let http = e.scheme() == "http";
                (e.as_str().trim_end_matches('/').to_string(), http)
            }),
        })
    }
}

/// The client of an `s3://` location.
fn open_s3(
    location: &StoreLocation,
    aws: &AwsEnv,
    net: &NetConfig,
    url: &str,
) -> Result<object_store::aws::AmazonS3, StoreError> {
    let bucket = location.url.host_str().unwrap_or_default().to_string();
    let (aws, from) = aws.with_profile(url)?;
    let b = AmazonS3Builder::new().with_bucket_name(&bucket);
    let mut b = with_credentials(b, &aws, from.as_deref(), url)?;
    let region = location.region.clone().or_else(|| aws.region.clone());
    b = b.with_region(region.as_deref().unwrap_or("us-east-1"));
    let t = Transport::of(
        location,
        aws.endpoint.as_deref(),
        "AWS_ENDPOINT_URL",
        net,
        url,
    )?;
    // The options before `with_allow_http`, which is one of them.
    b = b.with_client_options(t.options).with_retry(t.retry);
    if let Some((endpoint, http)) = t.endpoint {
        b = b.with_endpoint(endpoint).with_allow_http(http);
    }
    b.build().map_err(|e| not_built(url, e))
}

/// The client of an `az://CONTAINER/PREFIX` location: the account `AZURE_STORAGE_ACCOUNT_NAME`
/// at `https://ACCOUNT.blob.core.windows.net`, or at the registry's `endpoint` (else
/// `AZURE_STORAGE_ENDPOINT`), whose path then holds the account as Azurite's does
/// (`http://127.0.0.1:10000/devstoreaccount1`); signed with `AZURE_STORAGE_ACCOUNT_KEY`, or
/// authorized by the SAS token `AZURE_STORAGE_SAS_TOKEN`. Nothing else is tried (no managed
/// identity): without them the error names the variables.
fn open_azure(
    location: &StoreLocation,
    azure: &AzureEnv,
    net: &NetConfig,
    url: &str,
) -> Result<object_store::azure::MicrosoftAzure, StoreError> {
    let container = location.url.host_str().unwrap_or_default().to_string();
    let no_credentials = |missing: &str| StoreError::NoCredentials {
        url: url.to_string(),
        missing: missing.to_string(),
    };
    let Some(account) = &azure.account_name else {
        return Err(no_credentials("`AZURE_STORAGE_ACCOUNT_NAME` is not set"));
    };
    let mut b = MicrosoftAzureBuilder::new()
        .with_container_name(&container)
        .with_account(account);
    b = match (&azure.account_key, &azure.sas_token) {
        (Some(key), _) => b.with_access_key(key.expose()),
        (None, Some(sas)) => b.with_config(AzureConfigKey::SasKey, sas.expose()),
        (None, None) => {
            return Err(no_credentials(
                "neither `AZURE_STORAGE_ACCOUNT_KEY` nor `AZURE_STORAGE_SAS_TOKEN` is set",
            ))
        }
    };
    let t = Transport::of(
        location,
        azure.endpoint.as_deref(),
        "AZURE_STORAGE_ENDPOINT",
        net,
        url,
    )?;
    b = b.with_client_options(t.options).with_retry(t.retry);
    if let Some((endpoint, http)) = t.endpoint {
        b = b.with_endpoint(endpoint).with_allow_http(http);
    }
    b.build().map_err(|e| not_built(url, e))
}

/// A client of the store at `url` that could not be built.
fn not_built(url: &str, e: object_store::Error) -> StoreError {
    StoreError::Other {
        url: url.to_string(),
        message: e.to_string(),
    }
}

/// How long after a request's first attempt no retry is started any more (the crate's
/// credentials and payloads are not renewed between attempts, so it stays under 5 minutes).
const RETRY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The client settings of `net` as the crate's: `connect_timeout` to connect, `timeout` as
/// the longest wait for the next bytes of an answer, `deadline` for a whole attempt (none:
/// unbounded), the proxy of the endpoint's scheme with `NO_PROXY`, and the certificates of
/// `SSL_CERT_FILE` trusted besides the platform's roots. `low_speed_limit` has no
/// counterpart in the crate and does not apply to stores.
///
/// # Errors
/// [`StoreError::Other`] when `SSL_CERT_FILE` cannot be read or holds no certificate.
fn client_options(
    net: &NetConfig,
    https: bool,
    url: &str,
) -> Result<object_store::ClientOptions, StoreError> {
    let mut options = object_store::ClientOptions::new()
        .with_connect_timeout(net.connect_timeout)
        .with_read_timeout(net.timeout);
    options = match net.deadline {
        Some(d) => options.with_timeout(d),
        None => options.with_timeout_disabled(),
    };
    let proxy = if https {
        &net.proxies.https
    } else {
        &net.proxies.http
    };
    if let Some(proxy) = proxy {
        options = options.with_proxy_url(proxy);
        if let Some(excludes) = &net.proxies.no_proxy {
            options = options.with_proxy_excludes(excludes);
        }
    }
    if let Some(path) = &net.extra_ca {
        let bad = |message: String| StoreError::Other {
            url: url.to_string(),
            message: format!("`SSL_CERT_FILE` (`{}`): {message}", path.display()),
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let certificates =
            object_store::Certificate::from_pem_bundle(&pem).map_err(|e| bad(e.to_string()))?;
        if certificates.is_empty() {
            return Err(bad("no PEM certificate in it".into()));
        }
        for c in certificates {
            options = options.with_root_certificate(c);
        }
    }
    Ok(options)
}

/// Sets the credentials of `aws` on `b`: static keys, or the web identity pair; `from` is the
/// file they came from, if not the environment.
fn with_credentials(
    mut b: AmazonS3Builder,
    aws: &AwsEnv,
    from: Option<&std::path::Path>,
    url: &str,
) -> Result<AmazonS3Builder, StoreError> {
    let no_credentials = |missing: String| StoreError::NoCredentials {
        url: url.to_string(),
        missing,
    };
    match (&aws.access_key_id, &aws.secret_access_key) {
        (Some(id), Some(secret)) => {
            b = b
                .with_access_key_id(id.expose())
                .with_secret_access_key(secret.expose());
            if let Some(t) = &aws.session_token {
                b = b.with_token(t.expose());
            }
        }
        (Some(_), None) | (None, Some(_)) => {
            let (var, key) = if aws.access_key_id.is_some() {
                ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key")
            } else {
                ("AWS_ACCESS_KEY_ID", "aws_access_key_id")
            };
            return Err(no_credentials(match from {
                Some(file) => format!(
                    "the profile `{}` in `{}` has no `{key}`",
                    aws.files.name,
                    file.display()
                ),
                None => format!("`{var}` is not set"),
            }));
        }
        (None, None) => match (&aws.web_identity_token_file, &aws.role_arn) {
            (Some(file), Some(role)) => {
                b = b
                    .with_config(AmazonS3ConfigKey::WebIdentityTokenFile, file)
                    .with_config(AmazonS3ConfigKey::RoleArn, role);
                if let Some(n) = &aws.role_session_name {
                    b = b.with_config(AmazonS3ConfigKey::RoleSessionName, n);
                }
                // As the AWS SDKs: `AWS_ENDPOINT_URL` is every service's endpoint, STS's too.
                if let Some(sts) = aws.sts_endpoint.as_ref().or(aws.endpoint.as_ref()) {
                    b = b.with_config(AmazonS3ConfigKey::StsEndpoint, sts.trim_end_matches('/'));
                }
            }
            _ => {
                let profile = match from {
                    Some(file) => format!(
                        " (the profile `{}` in `{}` has no `aws_access_key_id`)",
                        aws.files.name,
                        file.display()
                    ),
                    None => String::new(),
                };
                return Err(no_credentials(format!(
                    "none of {KEY_VARS} is set{profile}"
                )));
            }
        },
    }
    Ok(b)
}

/// What went wrong talking to an object store. Messages name the object, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No credentials in the environment.
    #[error("no credentials for `{url}`: {missing}")]
    NoCredentials {
        /// The store location.
        url: String,
        /// What is missing.
        missing: String,
    },
    /// The endpoint is plain http off loopback without `allow-http`.
    #[error(transparent)]
    PlainHttp(#[from] PlainHttpError),
    /// The store refused the credentials or the access (HTTP 401/403).
    #[error("`{url}` refused access to `{key}`: {message}")]
    Denied {
        /// The store location.
        url: String,
        /// The object.
        key: String,
        /// The store's answer.
        message: String,
    },
    /// A conditional write lost: the object changed (or appeared) since it was read.
    #[error("`{key}` in `{url}` changed while it was being written")]
    Conflict {
        /// The store location.
        url: String,
        /// The object.
        key: String,
    },
    /// An object is larger than its cap.
    #[error("`{key}` in `{url}` is larger than {limit} bytes, the limit `[limits] {setting}`")]
    TooLarge {
        /// The store location.
        url: String,
        /// The object.
        key: String,
        /// The cap, bytes.
        limit: u64,
        /// Its `[limits]` key.
        setting: &'static str,
    },
    /// The AWS profile could not be read.
    #[error("`{url}`: {problem}")]
    Profile {
        /// The store location.
        url: String,
        /// What is wrong with the profile.
        problem: ProfileProblem,
    },
    /// The store could not be set up, or a request failed otherwise.
    #[error("`{url}`: {message}")]
    Other {
        /// The store location.
        url: String,
        /// What went wrong (the crate's message, with any credential redacted).
        message: String,
    },
}

impl Hint for StoreError {
    fn hint(&self) -> Option<String> {
        match self {
            Self::NoCredentials { url, .. } if url.starts_with("az://") => Some("set `AZURE_STORAGE_ACCOUNT_NAME` and `AZURE_STORAGE_ACCOUNT_KEY` (or `AZURE_STORAGE_SAS_TOKEN`), and for an emulator `AZURE_STORAGE_ENDPOINT` (or `endpoint` in the registry's table in plugins.toml)".into()),
            Self::NoCredentials { .. } => Some(format!("set {KEY_VARS}; set `AWS_REGION` and, for an S3-compatible server, `AWS_ENDPOINT_URL` (or `region` and `endpoint` in the registry's table in plugins.toml)")),
            Self::Denied { url, .. } if url.starts_with("az://") => Some("check `AZURE_STORAGE_ACCOUNT_NAME` and `AZURE_STORAGE_ACCOUNT_KEY` (or `AZURE_STORAGE_SAS_TOKEN`), and that they may read (and, to publish, write) the container".into()),
            Self::Denied { .. } => Some(format!("check the credentials in {KEY_VARS}, and that they may read (and, to publish, write) the bucket")),
            Self::PlainHttp(e) => Some(e.hint()),
            Self::Profile { problem: ProfileProblem::Missing { name, .. }, .. } => Some(format!("set `AWS_PROFILE` to a profile of those files, or add a `[{name}]` section to the credentials file (`[profile {name}]` in the config file); `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` name other files")),
            Self::Profile { .. } => Some("make the file readable, or point `AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE` elsewhere".into()),
            Self::Conflict { .. } => Some("another process changed it at the same time: run the command again".into()),
            Self::TooLarge { setting, .. } => Some(format!("if the registry is genuine, raise `{setting}` under `[limits]` in plugins.toml (bytes; see docs/formats.md)")),
            Self::Other { message, .. } if message.contains("timed out") => Some("raise `[net] timeout` (`PLUGIN_NET_TIMEOUT`), `connect-timeout` (`PLUGIN_NET_CONNECT_TIMEOUT`) or `deadline` (`PLUGIN_NET_DEADLINE`) in plugins.toml if the store is slow, and check `AWS_ENDPOINT_URL`".into()),
            Self::Other { url, .. } if url.starts_with("az://") => Some("check the container name, `AZURE_STORAGE_ACCOUNT_NAME` and `AZURE_STORAGE_ENDPOINT` (or `endpoint` in the registry's table in plugins.toml); for a server whose certificate a private CA signed, set `SSL_CERT_FILE`".into()),
            Self::Other { .. } => Some("check the bucket name, `AWS_REGION` and `AWS_ENDPOINT_URL` (or `region` and `endpoint` in the registry's table in plugins.toml); for a server whose certificate a private CA signed, set `SSL_CERT_FILE`; with a web identity, check `AWS_ENDPOINT_URL_STS`".into()),
        }
    }
}

/// The answer to a read of one object.
#[derive(Debug)]
pub enum Got {
    /// There is no such object.
    NotFound,
    /// The object still has the ETag asked about.
    NotModified,
    /// Its bytes and ETag.
    Body(Vec<u8>, Option<String>),
}

/// How a write may replace what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteMode {
    /// Only when there is no object yet (`If-None-Match: *`).
    Create,
    /// Only when the object still has this ETag (`If-Match`).
    Update(String),
}

/// What an object is, which sets its `Content-Type` and `Cache-Control` (for a CDN in front
/// of the bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// A package archive: immutable (its key never gets other bytes).
    Archive {
        /// `application/zip` rather than `application/gzip`.
        zip: bool,
    },
    /// `config.json`, an index file or `search.jsonl`: revalidated on every use.
    Index {
        /// `application/json` (config.json) rather than JSON lines.
        json: bool,
    },
}

impl ObjectKind {
    /// The `Content-Type` and `Cache-Control` values.
    pub fn headers(self) -> (&'static str, &'static str) {
        match self {
            Self::Archive { zip } => (
                if zip {
                    "application/zip"
                } else {
                    "application/gzip"
                },
                "public, max-age=31536000, immutable",
            ),
            Self::Index { json: true } => ("application/json", "no-cache"),
            Self::Index { json: false } => ("application/x-ndjson", "no-cache"),
        }
    }
}

/// An open object store below a prefix, with the runtime its requests run on.
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// The prefix inside the bucket, `""` or ending with `/`.
    prefix: String,
    /// The location, for messages.
    url: String,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.url)
    }
}

impl Store {
    /// Opens `location` with the credentials, region and endpoint of `aws` (the registry's own
    /// `endpoint` and `region` win) and the timeouts, retries, proxy and extra CA bundle of
    /// `net` (see [`client_options`]). Sends no request.
    ///
    /// # Errors
    /// [`StoreError::NoCredentials`] when the environment has none,
    /// [`StoreError::PlainHttp`] for an endpoint that is plain http off loopback without
    /// `allow-http`, [`StoreError::Other`] when the client cannot be built.
    pub fn open(
        location: &StoreLocation,
        aws: &AwsEnv,
        net: &NetConfig,
    ) -> Result<Self, StoreError> {
        let url = location.url.to_string();
        let prefix = location.url.path().trim_start_matches('/').to_string();
        // The TLS stack is the project's: rustls with ring (see `crate::source::http`).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let inner: Arc<dyn ObjectStore> = if location.url.scheme() == "az" {
            Arc::new(open_azure(location, &aws.azure, net, &url)?)
        } else {
            Arc::new(open_s3(location, aws, net, &url)?)
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Other {
                url: url.clone(),
                message: format!("cannot start the I/O runtime: {e}"),
            })?;
        Ok(Self {
            inner,
            prefix,
            url,
            runtime,
        })
    }

    /// The location, for messages (`s3://bucket/prefix/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    fn path(&self, rel: &str) -> ObjectPath {
        ObjectPath::from(format!("{}{rel}", self.prefix))
    }

    /// The error for `e`, met on object `rel`.
    fn error(&self, rel: &str, e: object_store::Error) -> StoreError {
        match e {
            object_store::Error::Precondition { .. }
            | object_store::Error::AlreadyExists { .. } => StoreError::Conflict {
                url: self.url.clone(),
                key: rel.to_string(),
            },
            other => {
                // The crate's messages hold the request URL and the store's answer, never a
                // credential (requests are signed in headers, which are not shown; the STS
                // exchange's URL, which holds the web identity token, shows as `REDACTED`).
                // Its causes say what failed below HTTP (a refused connection, an untrusted
                // certificate, a timeout).
                let message = with_causes(&other);
                let denied = [
                    "403",
                    "401",
                    "Forbidden",
                    "AccessDenied",
                    "InvalidAccessKeyId",
                    "SignatureDoesNotMatch",
                    "Unauthenticated",
                    "Unauthorized",
                    "PermissionDenied",
                ]
                .iter()
                .any(|m| message.contains(m));
                if denied {
                    StoreError::Denied {
                        url: self.url.clone(),
                        key: rel.to_string(),
                        message,
                    }
                } else {
                    StoreError::Other {
                        url: self.url.clone(),
                        message: format!("`{rel}`: {message}"),
                    }
                }
            }
        }
    }

    /// Reads object `rel` (a path below the prefix) of at most `limit` bytes (`setting` names
    /// the cap), asking only for a change when `if_none_match` is an ETag.
    ///
    /// # Errors
    /// [`StoreError`]; [`StoreError::TooLarge`] past the cap.
    pub fn get(
        &self,
        rel: &str,
        limit: u64,
        setting: &'static str,
        if_none_match: Option<&str>,
    ) -> Result<Got, StoreError> {
        let path = self.path(rel);
        let options = GetOptions::new().with_if_none_match(if_none_match.map(str::to_string));
        self.runtime.block_on(async {
            let result = match self.inner.get_opts(&path, options).await {
                Ok(r) => r,
                Err(object_store::Error::NotFound { .. }) => return Ok(Got::NotFound),
                Err(object_store::Error::NotModified { .. }) => return Ok(Got::NotModified),
                Err(e) => return Err(self.error(rel, e)),
            };
            let etag = result.meta.e_tag.clone();
            let too_large = || StoreError::TooLarge {
                url: self.url.clone(),
                key: rel.to_string(),
                limit,
                setting,
            };
            if result.meta.size > limit {
                return Err(too_large());
            }
            let mut body = Vec::new();
            let mut stream = result.into_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| self.error(rel, e))?;
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Got::Body(body, etag))
        })
    }

    /// A reader of object `rel`'s bytes as they arrive, and its size; `None` when there is
    /// no such object.
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn reader(&self, rel: &str) -> Result<Option<(ObjectReader<'_>, u64)>, StoreError> {
        let path = self.path(rel);
        let result = match self.runtime.block_on(self.inner.get(&path)) {
            Ok(r) => r,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.error(rel, e)),
        };
        let size = result.meta.size;
        Ok(Some((
            ObjectReader {
                store: self,
                stream: result.into_stream(),
                chunk: bytes::Bytes::new(),
            },
            size,
        )))
    }

    /// Writes `bytes` to object `rel` as `mode` allows, with the headers of `kind`; returns
    /// the new ETag.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the condition failed; other [`StoreError`]s.
    pub fn put(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        mode: &WriteMode,
        kind: ObjectKind,
    ) -> Result<Option<String>, StoreError> {
        let (content_type, cache_control) = kind.headers();
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.into());
        attributes.insert(Attribute::CacheControl, cache_control.into());
        let options = PutOptions {
            mode: match mode {
                WriteMode::Create => PutMode::Create,
                WriteMode::Update(etag) => PutMode::Update(UpdateVersion {
                    e_tag: Some(etag.clone()),
                    version: None,
                }),
            },
            attributes,
            ..PutOptions::default()
        };
        let path = self.path(rel);
        self.runtime
            .block_on(self.inner.put_opts(&path, PutPayload::from(bytes), options))
            .map(|r| r.e_tag)
            .map_err(|e| self.error(rel, e))
    }

    /// Every object below the prefix, as paths relative to it, sorted.
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn list(&self) -> Result<Vec<String>, StoreError> {
        let prefix = ObjectPath::from(self.prefix.trim_end_matches('/'));
        let prefix = (!self.prefix.is_empty()).then_some(prefix);
        let mut out: Vec<String> = self.runtime.block_on(async {
            let mut stream = self.inner.list(prefix.as_ref());
            let mut out = Vec::new();
            while let Some(meta) = stream.next().await {
                let meta = meta.map_err(|e| self.error("", e))?;
                let key = meta.location.to_string();
                if let Some(rel) = key.strip_prefix(&self.prefix) {
                    out.push(rel.to_string());
                }
            }
            Ok::<_, StoreError>(out)
        })?;
        out.sort();
        Ok(out)
    }

    /// Deletes object `rel` (no error when it is gone already).
    ///
    /// # Errors
    /// [`StoreError`].
    pub fn delete(&self, rel: &str) -> Result<(), StoreError> {
        match self.runtime.block_on(self.inner.delete(&self.path(rel))) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.error(rel, e)),
        }
    }
}

/// `e`'s message followed by those of its causes that it does not already hold, each after
/// `: `. Causes that name a URL are skipped: a request URL can hold the web identity token.
fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !text.is_empty() && !message.contains(&text) && !text.contains("://") {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    message
}

/// The bytes of one object as they arrive (see [`Store::reader`]).
pub struct ObjectReader<'s> {
    store: &'s Store,
    stream: futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
    chunk: bytes::Bytes,
}

impl Read for ObjectReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            match self.store.runtime.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(c)) => self.chunk = c,
                Some(Err(e)) => {
                    return Err(io::Error::other(e.to_string()));
                }
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk = self.chunk.slice(n..);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(endpoint: Option<&str>, allow_http: bool) -> StoreLocation {
        StoreLocation {
            url: Url::parse("s3://bucket/team/").unwrap(),
            endpoint: endpoint.map(|e| Url::parse(e).unwrap()),
            region: None,
            allow_http,
        }
    }

    fn open(location: &StoreLocation, aws: &AwsEnv) -> Result<Store, StoreError> {
        Store::open(location, aws, &NetConfig::default())
    }

    fn env(pairs: &[(&str, &str)]) -> AwsEnv {
        AwsEnv::from_env(&Env::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn without_credentials_nothing_is_sent_and_the_variables_are_named() {
        let e = open(&location(None, false), &env(&[])).unwrap_err();
        assert!(matches!(e, StoreError::NoCredentials { .. }), "{e}");
        assert!(e.to_string().contains("AWS_ACCESS_KEY_ID"), "{e}");
        let e = open(
            &location(None, false),
            &env(&[("AWS_SECRET_ACCESS_KEY", "hush-hush")]),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("`AWS_ACCESS_KEY_ID` is not set"),
            "{e}"
        );
        assert!(!format!("{e:?}{e}").contains("hush-hush"));
        assert!(!format!("{:?}", env(&[("AWS_SECRET_ACCESS_KEY", "hush-hush")])).contains("hush"));
    }

    #[test]
    fn plain_http_endpoints_only_on_loopback_or_when_allowed() {
        let keys = env(&[("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b")]);
        let far = Some("http://minio.example:9000");
        assert!(matches!(
            open(&location(far, false), &keys),
            Err(StoreError::PlainHttp(_))
        ));
        assert!(open(&location(far, true), &keys).is_ok());
        assert!(open(&location(Some("http://127.0.0.1:9000"), false), &keys).is_ok());
        let from_env = env(&[
            ("AWS_ACCESS_KEY_ID", "a"),
            ("AWS_SECRET_ACCESS_KEY", "b"),
            ("AWS_ENDPOINT_URL", "http://minio.example:9000"),
        ]);
        assert!(matches!(
            open(&location(None, false), &from_env),
            Err(StoreError::PlainHttp(_))
        ));
    }

    #[test]
    fn archives_are_immutable_and_index_files_revalidated() {
        assert_eq!(
            ObjectKind::Archive { zip: false }.headers(),
            ("application/gzip", "public, max-age=31536000, immutable")
        );
        assert_eq!(
            ObjectKind::Archive { zip: true }.headers().0,
            "application/zip"
        );
        assert_eq!(ObjectKind::Index { json: true }.headers().1, "no-cache");
        assert_eq!(ObjectKind::Index { json: false }.headers().1, "no-cache");
    }
}

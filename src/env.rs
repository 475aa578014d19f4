//! The process environment: the names of the variables `plugin` reads ([`vars`], each
//! documented in docs/environment.md) and [`Env`], the snapshot taken once at start-up, the
//! only place `std::env` is read, so that every layer sees the same values and tests can
//! pass their own.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::printer::TermEnv;

/// The environment variables `plugin` reads, each documented in docs/environment.md.
pub mod vars {
    /// Disables colour when set to a non-empty value (<https://no-color.org>).
    pub const NO_COLOR: &str = "NO_COLOR";
    /// Forces colour under `--color auto` when set, not empty and not `0`, even when stderr is
    /// not a terminal (<https://bixense.com/clicolors/>); `NO_COLOR` wins over it.
    pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";
    /// As `CLICOLOR_FORCE` (<https://force-color.org>).
    pub const FORCE_COLOR: &str = "FORCE_COLOR";
    /// `0` turns colour off under `--color auto`, unless forced.
    pub const CLICOLOR: &str = "CLICOLOR";
    /// `dumb` turns off progress bars, and colour unless forced.
    pub const TERM: &str = "TERM";
    /// Extra attempts after the first for failed requests.
    pub const PLUGIN_NET_RETRIES: &str = "PLUGIN_NET_RETRIES";
    /// Seconds to wait for a connection.
    pub const PLUGIN_NET_CONNECT_TIMEOUT: &str = "PLUGIN_NET_CONNECT_TIMEOUT";
    /// Seconds a request may go without progress.
    pub const PLUGIN_NET_TIMEOUT: &str = "PLUGIN_NET_TIMEOUT";
    /// Bytes per second below which a transfer is given up, over `timeout` seconds (0: off).
    pub const PLUGIN_NET_LOW_SPEED_LIMIT: &str = "PLUGIN_NET_LOW_SPEED_LIMIT";
    /// Seconds one request may take in all (0: no deadline).
    pub const PLUGIN_NET_DEADLINE: &str = "PLUGIN_NET_DEADLINE";
    /// The host's Python environment, as `--python`.
    pub const PLUGIN_PYTHON: &str = "PLUGIN_PYTHON";
    /// How installs place files from the store: `clone`, `hardlink` or `copy`, as
    /// `--link-mode` (which wins) and over `[project] link-mode`.
    pub const PLUGIN_LINK_MODE: &str = "PLUGIN_LINK_MODE";
    /// `1`/`true`: as `--locked`.
    pub const PLUGIN_LOCKED: &str = "PLUGIN_LOCKED";
    /// `1`/`true`: as `--offline`.
    pub const PLUGIN_OFFLINE: &str = "PLUGIN_OFFLINE";
    /// `1`/`true`: as `--frozen`.
    pub const PLUGIN_FROZEN: &str = "PLUGIN_FROZEN";
    /// `[NAME=]LOCATION`: a mirror read instead of registry NAME (`default` without `NAME=`),
    /// as `--mirror`; see [`crate::authoring::mirror`].
    pub const PLUGIN_MIRROR: &str = "PLUGIN_MIRROR";
    /// The signing keys of a signed registry, as `--keys` (which wins) of `publish`, `yank`
    /// and `index sign`: a KEYDIR, or the PEM text of the online key.
    pub const PLUGIN_SIGNING_KEYS: &str = "PLUGIN_SIGNING_KEYS";
    /// A PEM bundle trusted in addition to the platform's roots, for every registry.
    pub const SSL_CERT_FILE: &str = "SSL_CERT_FILE";
    /// How many plugins are fetched and unpacked at once, as `--jobs`.
    pub const PLUGIN_JOBS: &str = "PLUGIN_JOBS";
    /// The download cache's folder.
    pub const PLUGIN_CACHE_DIR: &str = "PLUGIN_CACHE_DIR";
    /// The folder of `credentials.toml`.
    pub const PLUGIN_CONFIG_DIR: &str = "PLUGIN_CONFIG_DIR";
    /// The base of the cache folder when `PLUGIN_CACHE_DIR` is not set (XDG Base Directory).
    pub const XDG_CACHE_HOME: &str = "XDG_CACHE_HOME";
    /// The base of the config folder when `PLUGIN_CONFIG_DIR` is not set (XDG Base Directory).
    pub const XDG_CONFIG_HOME: &str = "XDG_CONFIG_HOME";
    /// The user's home folder, the last fallback for the cache and config folders.
    pub const HOME: &str = "HOME";
    /// The proxy for https:// URLs (the lower-case spelling is read too).
    pub const HTTPS_PROXY: &str = "HTTPS_PROXY";
    /// The proxy for http:// URLs (the lower-case spelling is read too).
    pub const HTTP_PROXY: &str = "HTTP_PROXY";
    /// Hosts reached without a proxy (the lower-case spelling is read too).
    pub const NO_PROXY: &str = "NO_PROXY";
    /// `https_proxy`, as `HTTPS_PROXY`.
    pub const HTTPS_PROXY_LOWER: &str = "https_proxy";
    /// `http_proxy`, as `HTTP_PROXY`.
    pub const HTTP_PROXY_LOWER: &str = "http_proxy";
    /// `no_proxy`, as `NO_PROXY`.
    pub const NO_PROXY_LOWER: &str = "no_proxy";
    /// Seconds since 1970 written as every entry's time by `plugin package` (default 0), as
    /// <https://reproducible-builds.org/specs/source-date-epoch/>.
    pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";
    /// Kept, after the plugin folders, by `plugin run` and `plugin env`.
    pub const PYTHONPATH: &str = "PYTHONPATH";
    /// The access key of `s3://` registries (with `AWS_SECRET_ACCESS_KEY`).
    pub const AWS_ACCESS_KEY_ID: &str = "AWS_ACCESS_KEY_ID";
    /// The secret key of `s3://` registries; never printed.
    pub const AWS_SECRET_ACCESS_KEY: &str = "AWS_SECRET_ACCESS_KEY";
    /// The session token of temporary credentials; never printed.
    pub const AWS_SESSION_TOKEN: &str = "AWS_SESSION_TOKEN";
    /// The region of `s3://` registries (a registry's `region` wins).
    pub const AWS_REGION: &str = "AWS_REGION";
    /// As `AWS_REGION`, when that is not set.
    pub const AWS_DEFAULT_REGION: &str = "AWS_DEFAULT_REGION";
    /// The endpoint of an S3-compatible server (a registry's `endpoint` wins).
    pub const AWS_ENDPOINT_URL: &str = "AWS_ENDPOINT_URL";
    /// A web identity token file (CI OIDC), with `AWS_ROLE_ARN`.
    pub const AWS_WEB_IDENTITY_TOKEN_FILE: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
    /// The role assumed with the web identity token.
    pub const AWS_ROLE_ARN: &str = "AWS_ROLE_ARN";
    /// The session name of that role (default `WebIdentitySession`).
    pub const AWS_ROLE_SESSION_NAME: &str = "AWS_ROLE_SESSION_NAME";
    /// The STS endpoint the web identity token is exchanged at (default `AWS_ENDPOINT_URL`,
    /// else AWS's regional one); https only.
    pub const AWS_ENDPOINT_URL_STS: &str = "AWS_ENDPOINT_URL_STS";
    /// The profile of the AWS shared files to read (default `default`).
    pub const AWS_PROFILE: &str = "AWS_PROFILE";
    /// The AWS credentials file (default `~/.aws/credentials`).
    pub const AWS_SHARED_CREDENTIALS_FILE: &str = "AWS_SHARED_CREDENTIALS_FILE";
    /// The AWS config file (default `~/.aws/config`).
    pub const AWS_CONFIG_FILE: &str = "AWS_CONFIG_FILE";
    /// The storage account of `az://` registries.
    pub const AZURE_STORAGE_ACCOUNT_NAME: &str = "AZURE_STORAGE_ACCOUNT_NAME";
    /// The shared key of that account; never printed.
    pub const AZURE_STORAGE_ACCOUNT_KEY: &str = "AZURE_STORAGE_ACCOUNT_KEY";
    /// A SAS token for that account, instead of the key; never printed.
    pub const AZURE_STORAGE_SAS_TOKEN: &str = "AZURE_STORAGE_SAS_TOKEN";
    /// The blob endpoint of `az://` registries (an emulator; a registry's `endpoint` wins).
    pub const AZURE_STORAGE_ENDPOINT: &str = "AZURE_STORAGE_ENDPOINT";
}

fn var_stem(name: &str) -> String {
    format!(
        "PLUGIN_REGISTRIES_{}",
        name.to_ascii_uppercase().replace('-', "_")
    )
}

/// The environment variable that holds the token of registry `name` in CI (used only
/// together with [`index_var_name`]).
pub fn env_var_name(name: &str) -> String {
    format!("{}_TOKEN", var_stem(name))
}

/// The environment variable that names the URL the token of registry `name` is for.
pub fn index_var_name(name: &str) -> String {
    format!("{}_INDEX", var_stem(name))
}

/// A snapshot of the process environment, taken once at start-up.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<OsString, OsString>,
    /// The `--mirror` values, which go with `PLUGIN_MIRROR` (see [`crate::project::mirror::overrides`]),
    /// and the folder both are relative to.
    mirrors: (Vec<String>, PathBuf),
    /// The `--link-mode` value, which wins over `PLUGIN_LINK_MODE`.
    link_mode: Option<String>,
}

impl Env {
    /// Snapshots the current process environment.
    #[allow(clippy::disallowed_methods)]
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars_os().collect(),
            mirrors: Default::default(),
            link_mode: None,
        }
    }

    /// An environment holding exactly `vars` (for tests).
    pub fn from_pairs<'a>(vars: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            vars: vars
                .into_iter()
                .map(|(k, v)| (OsString::from(k), OsString::from(v)))
                .collect(),
            mirrors: Default::default(),
            link_mode: None,
        }
    }

    /// This environment with the command line's `--mirror [NAME=]LOCATION` values, which win
    /// over `PLUGIN_MIRROR`; they and the variable's value are relative to `cwd`.
    pub fn with_command_line_mirrors(mut self, mirrors: Vec<String>, cwd: PathBuf) -> Self {
        self.mirrors = (mirrors, cwd);
        self
    }

    /// This environment with the command line's `--link-mode` value, if given.
    pub fn with_command_line_link_mode(mut self, mode: Option<String>) -> Self {
        self.link_mode = mode;
        self
    }

    /// The link mode asked for, with where: `--link-mode`, else a non-empty
    /// `PLUGIN_LINK_MODE` (see [`crate::install::store::LinkMode::choose`]).
    pub fn link_mode(&self) -> Option<(&str, &'static str)> {
        match &self.link_mode {
            Some(m) => Some((m.as_str(), "`--link-mode`")),
            None => self
                .get(vars::PLUGIN_LINK_MODE)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (v, "`PLUGIN_LINK_MODE`")),
        }
    }

    /// The `--mirror` values and the folder they (and `PLUGIN_MIRROR`) are relative to.
    pub fn command_line_mirrors(&self) -> (&[String], &std::path::Path) {
        (&self.mirrors.0, &self.mirrors.1)
    }

    /// The value of `name` if set and valid UTF-8.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(&OsString::from(name))?.to_str()
    }

    /// The value of `name` if set, whatever its encoding.
    pub fn get_os(&self, name: &str) -> Option<&std::ffi::OsStr> {
        self.vars
            .get(&OsString::from(name))
            .map(OsString::as_os_str)
    }

    /// Whether `name` is set to a non-empty value.
    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.is_empty())
    }

    /// Whether `name` is set to a true value (`1`, `true`, `yes`, any case).
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
    }

    /// What the colour and terminal variables say (`NO_COLOR`, `CLICOLOR_FORCE`,
    /// `FORCE_COLOR`, `CLICOLOR`, `TERM`), for [`crate::printer::ColorChoice::resolve`].
    pub fn term(&self) -> TermEnv {
        let forcing = |name: &str| self.get(name).is_some_and(|v| !v.is_empty() && v != "0");
        TermEnv {
            no_color: self.is_set(vars::NO_COLOR),
            clicolor_force: forcing(vars::CLICOLOR_FORCE),
            force_color: forcing(vars::FORCE_COLOR),
            clicolor_off: self.get(vars::CLICOLOR) == Some("0"),
            dumb_term: self.get(vars::TERM) == Some("dumb"),
        }
    }

    /// `SOURCE_DATE_EPOCH`: seconds since 1970, when set to a number (the time `plugin
    /// package` writes into entries and `plugin publish` records as `published`).
    pub fn source_date_epoch(&self) -> Option<u64> {
        self.get(vars::SOURCE_DATE_EPOCH)
            .and_then(|v| v.trim().parse().ok())
    }

    /// The first of `names` that is set and not empty.
    pub(crate) fn first(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find_map(|n| self.get(n).filter(|v| !v.is_empty()))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The `vars` constants: (name, value), read from this file's own source.
    fn declared() -> Vec<(String, String)> {
        let src = include_str!("env.rs");
        let start = src.find("pub mod vars {").expect("the vars module");
        let end = start + src[start..].find("\n}\n").expect("its end");
        src[start..end]
            .lines()
            .filter_map(|l| {
                let rest = l.trim().strip_prefix("pub const ")?;
                let (name, value) = rest.split_once(": &str = \"")?;
                Some((name.to_string(), value.trim_end_matches("\";").to_string()))
            })
            .collect()
    }

    /// Every variable the code reads is a `vars` constant, and docs/environment.md documents
    /// each of them (and names no variable the code does not read).
    #[test]
    fn every_variable_read_is_declared_and_documented() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let doc = std::fs::read_to_string(root.join("docs/environment.md")).expect("read doc");
        let vars = declared();
        assert!(vars.len() > 20, "{vars:?}");
        for (name, value) in &vars {
            assert_eq!(name.to_ascii_uppercase(), name.as_str());
            assert!(
                doc.contains(&format!("`{value}`")),
                "docs/environment.md does not document `{value}` (env::vars::{name})"
            );
        }
        // No read names a variable by a literal: each goes through `vars`, so the list above
        // is every variable read (the registry token pair is built by `env_var_name`).
        let literal = literal_reads(root);
        assert!(
            literal.is_empty(),
            "read by a literal, not a `vars` constant: {literal:?}"
        );
        for pattern in [
            "PLUGIN_REGISTRIES_<NAME>_TOKEN",
            "PLUGIN_REGISTRIES_<NAME>_INDEX",
        ] {
            assert!(doc.contains(pattern), "{pattern}");
        }
        assert_eq!(
            super::env_var_name("my-reg"),
            "PLUGIN_REGISTRIES_MY_REG_TOKEN"
        );
        assert_eq!(
            super::index_var_name("my-reg"),
            "PLUGIN_REGISTRIES_MY_REG_INDEX"
        );
        // The other way: each variable in the table's first column is read.
        for line in doc.lines().filter(|l| l.starts_with("| `")) {
            let first = line.split(" | ").next().unwrap_or_default();
            for name in first.split('`').skip(1).step_by(2) {
                if name.contains("<NAME>") {
                    continue;
                }
                assert!(
                    vars.iter().any(|(_, v)| v == name),
                    "docs/environment.md names `{name}`, which the code does not read"
                );
            }
        }
    }

    /// `env.get("NAME")`, `.get_os("NAME")`, `.is_set("NAME")`, `.is_true("NAME")` or
    /// `first(&["NAME", ...])` with an upper- or lower-case variable name written in place,
    /// outside test code: `file:line` of each.
    fn literal_reads(root: &Path) -> Vec<String> {
        let src = root.join("src");
        let files = crate::fs::list_files(&src).expect("list src");
        let mut found = Vec::new();
        for file in files
            .iter()
            .filter(|f| f.ends_with(".rs"))
            .map(|f| src.join(f))
        {
            let text = std::fs::read_to_string(&file).expect("read source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                for call in [
                    ".get(\"",
                    ".get_os(\"",
                    ".is_set(\"",
                    ".is_true(\"",
                    "first(&[\"",
                ] {
                    let Some(i) = line.find(call) else { continue };
                    let rest = &line[i + call.len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let env_like = name.len() > 2
                        && rest[name.len()..].starts_with('"')
                        && (name
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
                            || name.ends_with("_proxy"));
                    if env_like {
                        found.push(format!("{}:{}: {name}", file.display(), n + 1));
                    }
                }
            }
        }
        found
    }
}

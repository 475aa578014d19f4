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
    /// `1`/`true`: as `--locked`.
    pub const PLUGIN_LOCKED: &str = "PLUGIN_LOCKED";
    /// `1`/`true`: as `--offline`.
    pub const PLUGIN_OFFLINE: &str = "PLUGIN_OFFLINE";
    /// `1`/`true`: as `--frozen`.
    pub const PLUGIN_FROZEN: &str = "PLUGIN_FROZEN";
    /// `[NAME=]LOCATION`: a mirror read instead of registry NAME (`default` without `NAME=`),
    /// as `--mirror`; see [`crate::authoring::mirror`].
    pub const PLUGIN_MIRROR: &str = "PLUGIN_MIRROR";
    /// A PEM bundle trusted in addition to the platform's roots, for every registry.
    pub const SSL_CERT_FILE: &str = "SSL_CERT_FILE";
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
}

impl Env {
    /// Snapshots the current process environment.
    #[allow(clippy::disallowed_methods)]
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars_os().collect(),
            mirrors: Default::default(),
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
        }
    }

    /// This environment with the command line's `--mirror [NAME=]LOCATION` values, which win
    /// over `PLUGIN_MIRROR`; they and the variable's value are relative to `cwd`.
    pub fn with_command_line_mirrors(mut self, mirrors: Vec<String>, cwd: PathBuf) -> Self {
        self.mirrors = (mirrors, cwd);
        self
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

    /// The first of `names` that is set and not empty.
    pub(crate) fn first(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .find_map(|n| self.get(n).filter(|v| !v.is_empty()))
            .map(str::to_string)
    }
}

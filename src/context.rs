//! The [`Context`] every command runs in: the working directory, a snapshot of the
//! environment (the only place `std::env` is read, STYLE.md habit 13), the [`Printer`], and the
//! HTTP client, built on first use so that commands that need no network never pay for it.

use crate::http::LazyHttp;
use crate::printer::Printer;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variables `plugin` reads, each documented in docs/environment.md.
pub mod vars {
    /// Disables colour when set to a non-empty value (<https://no-color.org>).
    pub const NO_COLOR: &str = "NO_COLOR";
    /// `dumb` turns off progress bars and colour.
    pub const TERM: &str = "TERM";
    /// Overrides the HTTP connect and read timeout, in seconds (default 30).
    pub const PLUGIN_NET_TIMEOUT: &str = "PLUGIN_NET_TIMEOUT";
}

/// A snapshot of the process environment, taken once at start-up.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<OsString, OsString>,
}

impl Env {
    /// Snapshots the current process environment.
    #[allow(clippy::disallowed_methods)]
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars_os().collect(),
        }
    }

    /// The value of `name` if set and valid UTF-8.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(&OsString::from(name))?.to_str()
    }

    /// Whether `name` is set to a non-empty value.
    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.is_empty())
    }
}

/// What every command gets: where it runs, what it may read, and how it prints.
pub struct Context {
    /// The working directory.
    pub cwd: PathBuf,
    /// The environment snapshot.
    pub env: Env,
    /// The output channel.
    pub printer: Printer,
    /// The HTTP client, built on first use.
    pub http: LazyHttp,
}

impl Context {
    /// A context for `cwd` with the given environment and printer.
    pub fn new(cwd: PathBuf, env: Env, printer: Printer) -> Self {
        let timeout = env
            .get(vars::PLUGIN_NET_TIMEOUT)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(30);
        Self {
            cwd,
            env,
            printer,
            http: LazyHttp::new(std::time::Duration::from_secs(timeout)),
        }
    }
}

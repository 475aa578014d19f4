//! The [`Context`] every command runs in: the working directory, a snapshot of the
//! environment (see [`crate::env`]), the [`Printer`], the
//! run's modes, the download cache, and the HTTP clients, built on first use so that commands
//! that need no network never pay for them.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use crate::env::{vars, Env};
use crate::printer::Printer;
use crate::project::NetTable;
use crate::source::cache::Cache;
use crate::source::http::{Http, NetConfig, Proxies};

/// How this run may touch the world.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modes {
    /// `--locked`: plugins.toml and plugins.lock must not change.
    pub locked: bool,
    /// `--offline`: no network; the cache only.
    pub offline: bool,
    /// `--json`: one JSON document on stdout.
    pub json: bool,
    /// `--jobs N`: plugins fetched and unpacked at once.
    pub jobs: Option<usize>,
    /// `--frozen` (or `PLUGIN_FROZEN`): `locked` and `offline` both, named so in messages.
    pub frozen: bool,
}

/// What every command gets: where it runs, what it may read, and how it prints.
pub struct Context {
    /// The working directory.
    pub cwd: PathBuf,
    /// The environment snapshot.
    pub env: Env,
    /// The output channel.
    pub printer: Printer,
    /// The run's modes.
    pub modes: Modes,
    /// The download cache, if a folder for it can be named.
    pub cache: Option<Cache>,
    /// `--python PATH`, else `PLUGIN_PYTHON`: the host's Python environment, absolute (it wins
    /// over `[project] python`).
    pub python: Option<PathBuf>,
    http: OnceLock<Http>,
}

impl Context {
    /// A context for `cwd` with the given environment, printer and modes.
    pub fn new(cwd: PathBuf, env: Env, printer: Printer, modes: Modes) -> Self {
        let cache = Cache::from_env(&env);
        Self {
            cwd,
            env,
            printer,
            modes,
            cache,
            python: None,
            http: OnceLock::new(),
        }
    }

    /// How many plugins are fetched and unpacked at once: `--jobs`, else `PLUGIN_JOBS`, else
    /// four times the number of CPUs (downloads mostly wait), between 1 and 32.
    pub fn jobs(&self) -> usize {
        let from_env = self
            .env
            .get(vars::PLUGIN_JOBS)
            .and_then(|v| v.trim().parse::<usize>().ok());
        self.modes
            .jobs
            .or(from_env)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(4, |n| n.get() * 4))
            .clamp(1, 32)
    }

    /// The HTTP clients, set up on first use from `net` (plugins.toml's `[net]`), overridden by
    /// the `PLUGIN_NET_*` variables.
    pub fn http(&self, net: &NetTable) -> &Http {
        self.http
            .get_or_init(|| Http::new(self.net_config(net)).with_log(self.printer.clone()))
    }

    /// The network settings for `net`, with the environment's overrides.
    pub fn net_config(&self, net: &NetTable) -> NetConfig {
        let defaults = NetConfig::default();
        let num = |var: &str| self.env.get(var).and_then(|v| v.trim().parse::<u64>().ok());
        let secs = |var: &str, table: Option<u64>, default: Duration| {
            num(var)
                .or(table)
                .map(Duration::from_secs)
                .unwrap_or(default)
        };
        NetConfig {
            retries: num(vars::PLUGIN_NET_RETRIES)
                .and_then(|n| u32::try_from(n).ok())
                .or(net.retries)
                .unwrap_or(defaults.retries),
            connect_timeout: secs(
                vars::PLUGIN_NET_CONNECT_TIMEOUT,
                net.connect_timeout,
                defaults.connect_timeout,
            ),
            timeout: secs(vars::PLUGIN_NET_TIMEOUT, net.timeout, defaults.timeout),
            low_speed_limit: num(vars::PLUGIN_NET_LOW_SPEED_LIMIT)
                .or(net.low_speed_limit)
                .unwrap_or(defaults.low_speed_limit),
            deadline: match num(vars::PLUGIN_NET_DEADLINE).or(net.deadline) {
                Some(0) => None,
                Some(s) => Some(Duration::from_secs(s)),
                None => defaults.deadline,
            },
            metadata_limits: net.metadata_limits,
            offline: self.modes.offline,
            extra_ca: self.env.first(&[vars::SSL_CERT_FILE]).map(PathBuf::from),
            proxies: Proxies {
                https: self
                    .env
                    .first(&[vars::HTTPS_PROXY, vars::HTTPS_PROXY_LOWER]),
                http: self.env.first(&[vars::HTTP_PROXY, vars::HTTP_PROXY_LOWER]),
                no_proxy: self.env.first(&[vars::NO_PROXY, vars::NO_PROXY_LOWER]),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::TermEnv;
    use crate::printer::{ColorChoice, Verbosity};

    #[test]
    fn colour_variables() {
        let term =
            |pairs: &[(&'static str, &'static str)]| Env::from_pairs(pairs.iter().copied()).term();
        assert_eq!(term(&[]), TermEnv::default());
        assert!(term(&[("NO_COLOR", "1")]).no_color);
        assert!(!term(&[("NO_COLOR", "")]).no_color, "empty is unset");
        assert!(term(&[("CLICOLOR_FORCE", "1")]).clicolor_force);
        assert!(!term(&[("CLICOLOR_FORCE", "0")]).clicolor_force);
        assert!(term(&[("FORCE_COLOR", "3")]).force_color);
        assert!(!term(&[("FORCE_COLOR", "")]).force_color);
        assert!(term(&[("CLICOLOR", "0")]).clicolor_off);
        assert!(!term(&[("CLICOLOR", "1")]).clicolor_off);
        assert!(term(&[("TERM", "dumb")]).dumb_term);
    }

    #[test]
    fn environment_overrides_net_table() {
        let env = Env::from_pairs([
            ("PLUGIN_NET_TIMEOUT", "2"),
            ("https_proxy", "http://proxy.local:3128"),
        ]);
        let ctx = Context::new(
            PathBuf::from("."),
            env,
            Printer::new(Verbosity::Quiet, ColorChoice::Never, true, true),
            Modes::default(),
        );
        let net = NetTable {
            retries: Some(5),
            connect_timeout: None,
            timeout: Some(60),
            low_speed_limit: Some(100),
            deadline: Some(0),
            ..NetTable::default()
        };
        let c = ctx.net_config(&net);
        assert_eq!(c.retries, 5);
        assert_eq!(c.timeout, Duration::from_secs(2));
        assert_eq!(c.connect_timeout, Duration::from_secs(10));
        assert_eq!(c.low_speed_limit, 100);
        assert_eq!(c.deadline, None, "0 turns the deadline off");
        let defaults = ctx.net_config(&NetTable::default());
        assert_eq!(defaults.low_speed_limit, 10);
        assert_eq!(defaults.deadline, Some(Duration::from_secs(900)));
        assert_eq!(c.proxies.https.as_deref(), Some("http://proxy.local:3128"));
    }
}

//! `plugin`: a package manager and installer for the plugins of host applications.
//!
//! # Overview
//!
//! The folders follow the data flow of an install; dependencies point one way, from the
//! shared leaves up to the command line (`scripts/check-module-cycles.py` checks it in CI):
//!
//! ```text
//! leaves ─▶ project ─▶ source ─▶ resolve ─▶ install ─▶ ops ─▶ authoring, host ─▶ cli, commands
//! ```
//!
//! * Shared leaves: [`fs`] (atomic writes, locks), [`checksum`] (sha256), [`name`] (plugin
//!   names), [`manifest`] (`plugin.toml`, the package manifest), [`source_id`] (where a
//!   plugin comes from, as plugins.lock records it; registry locations), [`env`](mod@env) (the
//!   environment snapshot and the variables read), [`redact`] (secrets kept out of output),
//!   [`jobs`] (the thread pool), [`printer`] (all output), [`error`] (hints).
//! * [`project`]: plugins.toml (schema, editing, `[limits]`, mirror settings), plugins.lock
//!   and the dependency tree `plugin tree` shows.
//! * [`source`]: the HTTP clients, credentials, the cache, and the registry index.
//! * [`context`]: what a command runs in (working directory, environment, printer, modes, the
//!   cache and the HTTP clients built on first use).
//! * [`resolve`]: picking versions with PubGrub over the project's registries, under the
//!   project's `[policy]` ([`resolve::policy`]).
//! * [`install`]: plan, fetch, unpack and stage, verify, commit by transaction, record,
//!   history, and what Python hosts need; [`ops`]: the operations commands call.
//! * [`authoring`]: packaging, keeping a registry folder, writing a mirror.
//! * [`host`]: the API for Rust hosts and the plugins' Python requirements.
//! * [`cli`]: the clap definitions and `main`; `commands`: one thin file per subcommand;
//!   [`render`]: errors rendered once, with their hint and exit code.
//!
//! # File overview
//!
//! | file | owner |
//! |---|---|
//! | `plugins.toml` | [`project`] (read with serde, edited with toml_edit) |
//! | `plugins.lock` | [`project::lockfile`] |
//! | `PLUGIN_DIR/NAME/` | [`install::transaction`] moves staged folders here |
//! | `PLUGIN_DIR/.plugin/records/NAME.json` | [`install::record`] |
//! | `PLUGIN_DIR/.plugin/staging/` | [`install::fetch`] and [`install::stage`] |
//! | `PLUGIN_DIR/.plugin/trash/`, `PLUGIN_DIR/.plugin/journal/` | [`install::transaction`] |
//! | `PLUGIN_DIR/.plugin/history/` (and `history/head.toml`) | [`install::history`] |
//! | `PLUGIN_DIR/NAME/NAME-VERSION.dist-info/` | [`install::dist_info`], written by [`install::apply`] |
//! | the `.pth` file in the host's site-packages, `PLUGIN_DIR/.plugin/python-path-file` | [`install::python_env`], written by [`install::apply`] |
//! | `PLUGIN_DIR/.plugin/lock` | [`install::session`] through [`fs::FileLock`] |
//! | the host's config file (`[project] config-file`) | [`install::host_config`] |
//! | the download cache (`PLUGIN_CACHE_DIR`, `~/.cache/plugin`) | [`source::cache`] |
//! | the credentials file (`~/.config/plugin/credentials.toml`) | [`source::credentials`] |
//! | a registry folder (`config.json`, `search.jsonl`, index files, archives) | [`authoring::local_registry`] |
//! | a registry's advisory files (`advisories/` + index path, OSV records) | [`source::advisory`] (read), [`authoring::advisory`] (filed) |
//!
//! The formats are documented in `docs/formats.md`.

// Shared leaves.
pub mod checksum;
pub mod env;
pub mod error;
pub mod fs;
pub mod jobs;
pub mod manifest;
pub mod name;
pub mod printer;
pub mod redact;
pub mod source_id;

// The install's data flow, in order: plugins.toml and plugins.lock,
pub mod project;
// what registries serve,
pub mod source;
// what a command runs in,
pub mod context;
// the versions picked,
pub mod resolve;
// and the plugin directory changed.
pub mod install;

// The operations the commands call.
pub mod ops;

// The registry side and the hosts' side.
pub mod authoring;
pub mod host;

// The edge.
pub mod cli;
mod commands;
pub mod render;

pub use commands::main;

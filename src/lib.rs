//! `plugin`: a package manager and installer for the plugins of host applications.
//!
//! # Overview
//!
//! The modules follow the data flow of an install:
//!
//! ```text
//! cli ─▶ commands ─▶ project (plugins.toml) + lockfile (plugins.lock)
//!     ─▶ direct (URL and path plugins) + index (registry index) ─▶ resolve
//!     ─▶ plan ─▶ fetch + archive + stage (one pass, hashed) ─▶ verify ─▶ transaction ─▶ record
//! ```
//!
//! * [`cli`]: the clap definitions and `main`; `commands`: one file per subcommand.
//! * [`context`]: the working directory, the environment snapshot, the printer, the HTTP client.
//! * [`project`]: plugins.toml; [`lockfile`]: plugins.lock.
//! * [`name`], [`manifest`]: plugin names and the package manifest `plugin.toml`.
//! * [`source`]: source ids and registry locations; [`index`]: the registry index;
//!   [`direct`]: archive URLs and local folders; [`http`]: the HTTP client.
//! * [`resolve`]: picking versions; [`plan`]: what changes on disk; [`sync`]: the steps every
//!   modifying command shares; [`apply`]: the install pipeline after resolution.
//! * [`fetch`]: downloads into staging; [`cache`]: archives by sha256 and index files;
//!   [`credentials`]: registry tokens, bound to index URLs; [`checksum`], [`verify`]: sha256 checks;
//!   [`archive`]: safe reading of `.tar.gz` and `.zip`; [`stage`]: unpacking into staging.
//!   For a `.tar.gz`, fetch, hash and unpack are one pass ([`stage::fetch_unpacking`]); the
//!   checksum is verified before anything unpacked is used.
//! * [`transaction`]: committing by rename with rollback; [`record`]: per-plugin install
//!   records; [`layout`]: paths in the plugin directory; [`fs`]: atomic writes and locks.
//! * [`integrity`]: checking installed files against records (`plugin verify`); [`history`]:
//!   earlier states for `plugin rollback`.
//! * [`requirement`]: requirements as version sets for the resolver; [`tree`]: the
//!   dependency graph `plugin tree` shows.
//! * [`mirror`]: a registry of the locked packages (`plugin mirror`); [`package`]: building
//!   reproducible archives; [`registry`]: keeping a registry folder (publish, yank, verify).
//! * [`host`]: the API for Rust hosts (plugins, entry points); [`host_config`]: plugins'
//!   defaults in the host's config file (TOML or YAML); [`requirements`]: plugins' Python
//!   needs; [`dist_info`]: the PyPA metadata that lets Python hosts' own discovery find the
//!   plugins; [`python_env`]: the host's Python environment and the project's `.pth` file.
//! * [`printer`]: all output; [`error`]: rendering errors and exit codes.
//!
//! # File overview
//!
//! | file | owner |
//! |---|---|
//! | `plugins.toml` | [`project`] (read with serde, edited with toml_edit) |
//! | `plugins.lock` | [`lockfile`] |
//! | `PLUGIN_DIR/NAME/` | [`transaction`] moves staged folders here |
//! | `PLUGIN_DIR/.plugin/records/NAME.json` | [`record`] |
//! | `PLUGIN_DIR/.plugin/staging/` | [`fetch`] and [`stage`] |
//! | `PLUGIN_DIR/.plugin/trash/`, `PLUGIN_DIR/.plugin/journal/` | [`transaction`] |
//! | `PLUGIN_DIR/.plugin/history/` (and `history/head.toml`) | [`history`] |
//! | `PLUGIN_DIR/NAME/NAME-VERSION.dist-info/` | [`dist_info`], written by [`apply`] |
//! | the `.pth` file in the host's site-packages, `PLUGIN_DIR/.plugin/python-path-file` | [`python_env`], written by [`apply`] |
//! | `PLUGIN_DIR/.plugin/lock` | [`sync`] through [`fs::FileLock`] |
//! | the host's config file (`[project] config-file`) | [`host_config`] |
//! | the download cache (`PLUGIN_CACHE_DIR`, `~/.cache/plugin`) | [`cache`] |
//! | the credentials file (`~/.config/plugin/credentials.toml`) | [`credentials`] |
//! | a registry folder (`config.json`, `search.jsonl`, index files, archives) | [`registry`] |
//!
//! The formats are documented in `docs/formats.md`.

pub mod apply;
pub mod archive;
pub mod cache;
pub mod checksum;
pub mod cli;
mod commands;
pub mod context;
pub mod credentials;
pub mod direct;
pub mod dist_info;
pub mod error;
pub mod fetch;
pub mod fs;
pub mod history;
pub mod host;
pub mod host_config;
pub mod http;
pub mod index;
pub mod integrity;
pub mod layout;
pub mod lockfile;
pub mod manifest;
pub mod mirror;
pub mod name;
pub mod ops;
pub mod package;
pub mod plan;
pub mod printer;
pub mod project;
pub mod python_env;
pub mod record;
pub mod registry;
pub mod requirement;
pub mod requirements;
pub mod resolve;
pub mod source;
pub mod stage;
pub mod sync;
pub mod transaction;
pub mod tree;
pub mod verify;

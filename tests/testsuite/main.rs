//! Integration tests of the `plugin` binary: real HTTP server on loopback, real archives.

#![allow(clippy::print_stderr)]

mod support;

// One test target (cargo builds each tests/*.rs as its own binary): a module per feature,
// all sharing `support` (the test registry builder, servers, projects).

mod airgap;
mod authoring;
mod completions;
mod consistency;
mod dry_run;
mod failures;
mod hardening;
mod hints;
mod host_yaml;
mod hostile;
mod hosts;
mod install;
mod json_schemas;
mod list;
mod manpages;
mod net;
mod private;
mod props;
mod python_hosts;
mod resolve;
mod secrets;
mod snapshots;
mod streaming;
mod terminal;
mod uninstall;
mod upgrade;
mod yanked;

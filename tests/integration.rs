//! Integration tests of the `plugin` binary: real HTTP server on loopback, real archives.

#![allow(clippy::print_stderr)]

#[path = "support/mod.rs"]
mod support;

// Topic modules live in tests/integration/ so that cargo does not build each of them as a
// test target of its own (it auto-discovers tests/*.rs).

#[path = "integration/airgap.rs"]
mod airgap;
#[path = "integration/authoring.rs"]
mod authoring;
#[path = "integration/completions.rs"]
mod completions;
#[path = "integration/consistency.rs"]
mod consistency;
#[path = "integration/dry_run.rs"]
mod dry_run;
#[path = "integration/failures.rs"]
mod failures;
#[path = "integration/hardening.rs"]
mod hardening;
#[path = "integration/hints.rs"]
mod hints;
#[path = "integration/host_yaml.rs"]
mod host_yaml;
#[path = "integration/hostile.rs"]
mod hostile;
#[path = "integration/hosts.rs"]
mod hosts;
#[path = "integration/install.rs"]
mod install;
#[path = "integration/json_schemas.rs"]
mod json_schemas;
#[path = "integration/list.rs"]
mod list;
#[path = "integration/manpages.rs"]
mod manpages;
#[path = "integration/net.rs"]
mod net;
#[path = "integration/private.rs"]
mod private;
#[path = "integration/props.rs"]
mod props;
#[path = "integration/python_hosts.rs"]
mod python_hosts;
#[path = "integration/resolve.rs"]
mod resolve;
#[path = "integration/secrets.rs"]
mod secrets;
#[path = "integration/streaming.rs"]
mod streaming;
#[path = "integration/terminal.rs"]
mod terminal;
#[path = "integration/uninstall.rs"]
mod uninstall;
#[path = "integration/upgrade.rs"]
mod upgrade;
#[path = "integration/yanked.rs"]
mod yanked;

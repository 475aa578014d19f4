//! Integration tests of the `plugin` binary: real HTTP server on loopback, real archives.

#![allow(clippy::print_stderr)]

mod authoring;
mod cache;
mod cli;
mod crash_safety;
mod entry_points;
mod host_config;
mod host_requirements;
mod hostile_archives;
mod install;
mod json;
mod link_mode;
mod list;
mod lockfile;
mod manifest;
mod mirror;
mod network;
mod object_store;
mod object_store_azure;
mod offline;
mod policy;
mod python_hosts;
mod registry_auth;
mod resolve;
mod rollback;
mod signing;
mod snapshots;
mod streaming;
mod support;
mod terminal;
mod tls;
mod uninstall;
mod unpack_properties;
mod upgrade;
mod verify;
mod yanked;

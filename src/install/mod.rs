//! Installing: everything after resolution that touches the plugin directory, in the order an
//! install runs.
//!
//! * [`session`]: a modifying run on one project (the lock on the plugin directory, recovery,
//!   plugins.toml and plugins.lock read once), shared by install, upgrade and uninstall.
//! * [`plan`]: what a resolution changes, compared with the install records.
//! * [`direct`]: URL and path plugins, fetched and staged before resolution.
//! * [`fetch`]: downloads into staging, hashed in the same pass; [`archive`]: reading
//!   `.tar.gz` and `.zip` as hostile; [`stage`]: unpacking the selected files into staging;
//!   [`verify_archive`]: the checksum and manifest checks before anything staged is used.
//! * [`apply`]: the pipeline that prepares, commits and reports:
//!   * [`prepare`]: fetching, verifying and staging every plugin of a plan, in parallel;
//!   * [`installer`]: building the transaction of a plan (folders, records, `.dist-info`,
//!     the host's config file, plugins.toml, plugins.lock, history), committing it and
//!     keeping the archives installed in the cache;
//!   * [`report`]: what changed, and the plan of a dry run.
//! * [`transaction`]: the commit by rename with its journal; [`record`]: the per-plugin
//!   install records; [`layout`]: the paths inside the plugin directory; [`history`]: earlier
//!   states for `plugin rollback`.
//! * [`dist_info`] and [`python_env`]: what Python hosts' own discovery needs (the
//!   `.dist-info` folders and the project's `.pth` file); [`host_config`]: plugins' defaults
//!   in the host's config file.
//! * [`store`]: archives unpacked once into the cache, and placed from there by the link
//!   mode (clone, hard link or copy).
//! * [`verify_installed`]: checking installed files against their records (`plugin verify`);
//!   [`fingerprint`]: what lets a no-op install stop after a few reads.

pub mod apply;
pub mod archive;
pub mod direct;
pub mod dist_info;
pub mod fetch;
pub mod fingerprint;
pub mod history;
pub mod host_config;
pub mod installer;
pub mod layout;
pub mod plan;
pub mod prepare;
pub mod python_env;
pub mod record;
pub mod report;
pub mod session;
pub mod stage;
pub mod store;
pub mod transaction;
pub mod verify_archive;
pub mod verify_installed;

//! The registry side: building reproducible package archives from a plugin source folder
//! ([`package`]), keeping a registry as a folder any static host can serve (publish, yank,
//! `index init`/`check`: [`local_registry`]), and writing a mirror of the locked packages for
//! machines without network ([`mirror`]).

pub mod advisory;
pub mod local_registry;
pub mod mirror;
pub mod package;
pub mod signing;
pub mod store_registry;

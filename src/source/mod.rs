//! Sources: reading what registries publish. The HTTP clients ([`http`]), the tokens bound to
//! index URLs ([`credentials`]), the download and index cache ([`cache`]), and the registry
//! index in cargo's layout ([`index`]), read from a folder, over HTTP, from an object store
//! ([`store`]) or from a mirror.
//! Source ids and registry locations themselves are in [`crate::source_id`].

pub mod advisory;
pub mod aws_profile;
pub mod cache;
pub mod credentials;
pub mod http;
pub mod index;
pub mod store;
pub mod tuf;

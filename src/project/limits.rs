//! `[limits]` of plugins.toml: the caps on archives unpacked ([`Limits`], applied by the
//! installer's archive reader) and on registry metadata read into memory ([`MetadataLimits`],
//! applied by the index reader). Both are plain settings here, so that reading plugins.toml
//! needs neither of their users.

use serde::Deserialize;

/// Decompressed bytes that are never held to [`Limits::max_compression_ratio`]: small files of
/// repeated bytes compress extremely well without being bombs.
pub const RATIO_ALLOWANCE: u64 = 1 << 20;

/// Caps applied while unpacking. Set in plugins.toml under `[limits]` (kebab-case keys); each
/// key is optional and defaults as documented here and in `docs/formats.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes of all the data an archive decompresses to (default 4 GiB).
    pub max_unpacked_size: u64,
    /// Number of entries, files and folders (default 100,000).
    pub max_entries: u64,
    /// Bytes of one file (default 2 GiB).
    pub max_file_size: u64,
    /// Bytes of one entry's path (default 1024).
    pub max_path_length: u64,
    /// Decompressed bytes per archive byte, beyond the first [`RATIO_ALLOWANCE`] (default
    /// 100).
    pub max_compression_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_unpacked_size: 4 << 30,
            max_entries: 100_000,
            max_file_size: 2 << 30,
            max_path_length: 1024,
            max_compression_ratio: 100,
        }
    }
}

/// Caps on the registry files read into memory, in bytes: the keys `max-index-file-size`,
/// `max-config-size` and `max-metadata-size` of `[limits]` in plugins.toml (beside the archive
/// caps of [`Limits`]). The defaults are far above what real registries serve
/// (crates.io's largest index file is a few MiB). Each is checked while reading, never after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct MetadataLimits {
    /// One plugin's index file (default 64 MiB).
    pub max_index_file_size: u64,
    /// `config.json` (default 1 MiB).
    pub max_config_size: u64,
    /// Any other file of an index read whole, such as `search.jsonl` (default 256 MiB).
    pub max_metadata_size: u64,
}

impl Default for MetadataLimits {
    fn default() -> Self {
        Self {
            max_index_file_size: 64 << 20,
            max_config_size: 1 << 20,
            max_metadata_size: 256 << 20,
        }
    }
}

impl MetadataLimits {
    /// The keys under `[limits]`, as written in plugins.toml.
    pub const KEYS: [&'static str; 3] = [
        "max-index-file-size",
        "max-config-size",
        "max-metadata-size",
    ];
}

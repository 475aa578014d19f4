//! Verification before anything unpacked is used: the archive's sha256 against the one the
//! index, the lockfile or `--sha256` promised, and the archive's own `plugin.toml` against the
//! name and version the index listed it under. A `.tar.gz` may already be unpacked into the
//! staging area by then (in the pass that hashed it, see [`crate::install::stage`]); a failed check
//! deletes it, and nothing reaches the plugin directory.

use semver::Version;

use crate::checksum::Sha256;
use crate::error::Hint;
use crate::name::PluginName;

/// A verification that failed; nothing has been installed, and whatever was unpacked into the
/// staging area is deleted.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The archive's bytes are not the ones promised.
    #[error("checksum mismatch for `{name}` downloaded from `{from}`\n  expected: sha256:{expected}\n    actual: sha256:{actual}")]
    Checksum {
        /// The plugin.
        name: String,
        /// Where the archive came from (redacted).
        from: String,
        /// The promised digest.
        expected: Sha256,
        /// The digest of what arrived.
        actual: Sha256,
    },
    /// The archive's manifest names another plugin or version.
    #[error(
        "the manifest in the archive of `{name}` {version} names `{found_name}` {found_version}"
    )]
    ManifestMismatch {
        /// The plugin as listed.
        name: String,
        /// The version as listed.
        version: String,
        /// The name the manifest gives.
        found_name: String,
        /// The version the manifest gives.
        found_version: String,
    },
}

impl Hint for VerifyError {
    /// What the user can do about it.
    fn hint(&self) -> Option<String> {
        match self {
            Self::Checksum { .. } => Some(
                "the archive changed since it was published or locked, or was damaged in transit; nothing was installed. Report it to the registry's keeper; do not bypass the check"
                    .into(),
            ),
            Self::ManifestMismatch { .. } => Some(
                "the registry lists this archive under the wrong name or version; report it to the registry's keeper"
                    .into(),
            ),
        }
    }
}

/// Checks that `actual` is `expected`.
///
/// # Errors
/// [`VerifyError::Checksum`].
pub fn checksum(
    name: &PluginName,
    from: &str,
    expected: &Sha256,
    actual: &Sha256,
) -> Result<(), VerifyError> {
    if expected == actual {
        Ok(())
    } else {
        Err(VerifyError::Checksum {
            name: name.to_string(),
            from: from.to_string(),
            expected: *expected,
            actual: *actual,
        })
    }
}

/// Checks that a manifest's name and version are the listed ones.
///
/// # Errors
/// [`VerifyError::ManifestMismatch`].
pub fn manifest_matches(
    listed_name: &PluginName,
    listed_version: &Version,
    found_name: &PluginName,
    found_version: &Version,
) -> Result<(), VerifyError> {
    if listed_name == found_name && listed_version == found_version {
        Ok(())
    } else {
        Err(VerifyError::ManifestMismatch {
            name: listed_name.to_string(),
            version: listed_version.to_string(),
            found_name: found_name.to_string(),
            found_version: found_version.to_string(),
        })
    }
}

//! Plugin names: the naming rule, case and `-`/`_` folding, and the index prefix path.
//!
//! A name is 1 to 64 characters of `[A-Za-z0-9_-]` and starts with a letter or digit. Two names
//! are the same plugin when they are equal after lower-casing and mapping `_` to `-` (the
//! *canonical* form), so `Stoq_Hash` and `stoq-hash` name one plugin. The canonical form is also
//! the name of the plugin's file in a registry index, placed at cargo's prefix path
//! (<https://doc.rust-lang.org/cargo/reference/registry-index.html#index-files>).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Hint;

/// The longest name accepted, in characters.
pub const MAX_NAME_LEN: usize = 64;

/// A name that broke the naming rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The name was empty.
    #[error("a plugin name cannot be empty")]
    Empty,
    /// The name was longer than [`MAX_NAME_LEN`].
    #[error("plugin name `{name}` is longer than {MAX_NAME_LEN} characters")]
    TooLong {
        /// The offending name.
        name: String,
    },
    /// The name held a character outside `[A-Za-z0-9_-]` or did not start alphanumeric.
    #[error("invalid character `{ch}` in plugin name `{name}`: use letters, digits, `-` and `_`, starting with a letter or digit")]
    InvalidChar {
        /// The offending name.
        name: String,
        /// The first character that broke the rule.
        ch: char,
    },
}

impl Hint for NameError {}

/// A validated plugin name that keeps the spelling it was written with.
///
/// Equality, ordering and hashing use the canonical form (see the module docs).
///
/// ```
/// use plugin::name::PluginName;
///
/// let written = PluginName::new("Stoq_Hash").unwrap();
/// assert_eq!(written, PluginName::new("stoq-hash").unwrap());
/// assert_eq!(written.as_str(), "Stoq_Hash");
/// assert_eq!(written.index_path(), "st/oq/stoq-hash");
/// assert!(PluginName::new("../etc").is_err());
/// ```
#[derive(Clone)]
pub struct PluginName {
    raw: String,
    canonical: String,
}

impl PluginName {
    /// Validates `name` against the naming rule.
    ///
    /// # Errors
    /// [`NameError`] when the name is empty, too long or holds a forbidden character.
    pub fn new(name: &str) -> Result<Self, NameError> {
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > MAX_NAME_LEN {
            return Err(NameError::TooLong {
                name: name.to_string(),
            });
        }
        for (i, ch) in name.chars().enumerate() {
            let ok = ch.is_ascii_alphanumeric() || (i > 0 && (ch == '-' || ch == '_'));
            if !ok {
                return Err(NameError::InvalidChar {
                    name: name.to_string(),
                    ch,
                });
            }
        }
        Ok(Self {
            raw: name.to_string(),
            canonical: name.to_ascii_lowercase().replace('_', "-"),
        })
    }

    /// The name as written, e.g. `Stoq_Hash`.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The canonical form: lowercase with `_` mapped to `-`, e.g. `stoq-hash`.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The folder of this plugin's index file, in cargo's layout: `1`, `2`, `3/s` or `st/oq`.
    pub fn index_prefix(&self) -> String {
        prefix_of(&self.canonical)
    }

    /// The index file path relative to the index root, e.g. `st/oq/stoq-hash`: where
    /// `plugin publish` writes.
    pub fn index_path(&self) -> String {
        format!("{}/{}", self.index_prefix(), self.canonical)
    }

    /// The paths a plugin's index file may have, in the order to try: the name lower-cased as
    /// written (cargo's rule, which keeps `_`), then the canonical form if it differs.
    pub fn index_paths(&self) -> Vec<String> {
        let lower = self.raw.to_ascii_lowercase();
        let written = format!("{}/{lower}", prefix_of(&lower));
        let canonical = self.index_path();
        if written == canonical {
            vec![canonical]
        } else {
            vec![written, canonical]
        }
    }
}

/// cargo's prefix folder of an index file name (ASCII, as names are).
fn prefix_of(n: &str) -> String {
    match n.len() {
        1 => "1".to_string(),
        2 => "2".to_string(),
        3 => format!("3/{}", &n[..1]),
        _ => format!("{}/{}", &n[..2], &n[2..4]),
    }
}

impl PartialEq for PluginName {
    fn eq(&self, other: &Self) -> bool {
        self.canonical == other.canonical
    }
}
impl Eq for PluginName {}
impl Hash for PluginName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.canonical.hash(state);
    }
}
impl PartialOrd for PluginName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for PluginName {
    fn cmp(&self, other: &Self) -> Ordering {
        self.canonical.cmp(&other.canonical)
    }
}
impl fmt::Display for PluginName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}
impl fmt::Debug for PluginName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.raw)
    }
}
impl std::str::FromStr for PluginName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}
impl Serialize for PluginName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}
impl<'de> Deserialize<'de> for PluginName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PluginName::new(&s).map_err(serde::de::Error::custom)
    }
}

/// The candidate closest to `name` when one is close enough to be a typo of it (Jaro-Winkler
/// similarity above 0.8, as clap suggests subcommands), for "did you mean".
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_folds() {
        let a = PluginName::new("Stoq_Hash").unwrap();
        let b = PluginName::new("stoq-hash").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "Stoq_Hash");
        assert_eq!(a.canonical(), "stoq-hash");
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(PluginName::new(""), Err(NameError::Empty));
        assert!(matches!(
            PluginName::new("-x"),
            Err(NameError::InvalidChar { ch: '-', .. })
        ));
        assert!(matches!(
            PluginName::new("a/b"),
            Err(NameError::InvalidChar { ch: '/', .. })
        ));
        assert!(matches!(
            PluginName::new("../x"),
            Err(NameError::InvalidChar { .. })
        ));
        assert!(PluginName::new(&"a".repeat(64)).is_ok());
        assert!(matches!(
            PluginName::new(&"a".repeat(65)),
            Err(NameError::TooLong { .. })
        ));
    }

    #[test]
    fn cargo_prefixes() {
        let p = |n: &str| PluginName::new(n).unwrap().index_path();
        assert_eq!(p("a"), "1/a");
        assert_eq!(p("ab"), "2/ab");
        assert_eq!(p("abc"), "3/a/abc");
        assert_eq!(p("Stoq_Hash"), "st/oq/stoq-hash");
        assert_eq!(
            PluginName::new("Plug_0001").unwrap().index_paths(),
            ["pl/ug/plug_0001", "pl/ug/plug-0001"]
        );
        assert_eq!(PluginName::new("a-b").unwrap().index_paths(), ["3/a/a-b"]);
    }
}

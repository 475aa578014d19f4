//! The TOML side of [`super::HostConfig`]: edits with `toml_edit`, which keeps comments and
//! layout (TOML 1.0, <https://toml.io/en/v1.0.0>).
//!
//! A section is a table at a dotted path. Tables created to hold it are implicit (no header
//! of their own) and go again when removing the section leaves them empty.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use super::{map_of, Addition, HostConfigError, Map};

/// A TOML host config file being edited.
#[derive(Debug)]
pub struct TomlDoc {
    path: PathBuf,
    doc: DocumentMut,
}

impl TomlDoc {
    /// `text`, the content of `path` (empty for a file not created yet).
    ///
    /// # Errors
    /// [`HostConfigError::File`] when it is not TOML.
    pub fn parse(path: &Path, text: &str) -> Result<Self, HostConfigError> {
        let doc = text
            .parse()
            .map_err(|e: toml_edit::TomlError| HostConfigError::File {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            doc,
        })
    }

    fn table_mut(
        &mut self,
        keys: &[&str],
        create: bool,
    ) -> Result<Option<&mut Table>, HostConfigError> {
        let mut table = self.doc.as_table_mut();
        for (i, key) in keys.iter().enumerate() {
            if !table.contains_key(key) {
                if !create {
                    return Ok(None);
                }
                let mut t = Table::new();
                t.set_implicit(i + 1 < keys.len());
                table.insert(key, Item::Table(t));
            }
            table = match table.get_mut(key).and_then(Item::as_table_mut) {
                Some(t) => t,
                None => {
                    return Err(HostConfigError::NotATable {
                        path: self.path.clone(),
                        key: keys[..=i].join("."),
                    })
                }
            };
        }
        Ok(Some(table))
    }

    /// The table at `keys`, if there.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`] when a key on the way holds something else.
    pub fn section(&self, keys: &[&str]) -> Result<Option<Map>, HostConfigError> {
        let mut table = self.doc.as_table();
        for (i, key) in keys.iter().enumerate() {
            let Some(item) = table.get(key) else {
                return Ok(None);
            };
            table = item.as_table().ok_or_else(|| HostConfigError::NotATable {
                path: self.path.clone(),
                key: keys[..=i].join("."),
            })?;
        }
        let mut copy = DocumentMut::new();
        for (k, v) in table.iter() {
            copy.insert(k, v.clone());
        }
        let current: toml::Table = toml::from_str(&copy.to_string()).unwrap_or_default();
        Ok(Some(map_of(&current)))
    }

    /// Adds `additions` below the table at `keys`, creating it if missing.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`].
    pub fn add(
        &mut self,
        keys: &[&str],
        additions: &[Addition<'_>],
    ) -> Result<(), HostConfigError> {
        let section = self.table_mut(keys, true)?.expect("created when missing");
        for addition in additions {
            let (last, parents) = addition.keys.split_last().expect("at least one key");
            let mut table = &mut *section;
            for key in parents {
                // `missing` only descends through tables that are there.
                table = table
                    .get_mut(key)
                    .and_then(Item::as_table_mut)
                    .expect("a table of the section");
            }
            table.insert(last, item_of(last, addition.value));
        }
        Ok(())
    }

    /// Removes the table at `keys`, and the implicit tables its removal leaves empty.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`].
    pub fn remove(&mut self, keys: &[&str]) -> Result<(), HostConfigError> {
        let mut n = keys.len();
        loop {
            let (last, parents) = keys[..n].split_last().expect("n > 0");
            if let Some(t) = self.table_mut(parents, false)? {
                t.remove(last);
            }
            n -= 1;
            if n == 0 {
                break;
            }
            let empty = self
                .table_mut(&keys[..n], false)?
                .is_some_and(|t| t.is_empty() && t.is_implicit());
            if !empty {
                break;
            }
        }
        Ok(())
    }

    /// The document's text.
    pub fn text(&self) -> String {
        self.doc.to_string()
    }
}

/// `value` as the item of `key`, laid out as `toml` writes it (a table gets a header).
fn item_of(key: &str, value: &toml::Value) -> Item {
    let mut one = toml::Table::new();
    one.insert(key.to_string(), value.clone());
    let text = toml::to_string(&one).unwrap_or_default();
    let doc: DocumentMut = text.parse().unwrap_or_default();
    let mut item = doc.as_table().get(key).cloned().unwrap_or(Item::None);
    if let Item::Table(t) = &mut item {
        t.set_implicit(false);
    }
    item
}

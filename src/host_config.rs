//! Plugins' `[config]` defaults in the host's own TOML configuration file.
//!
//! plugins.toml names the file and the table of each plugin:
//!
//! ```toml
//! [project]
//! config-file = "threatbus.toml"
//! config-table = "plugins.{kind}s.{name}"   # default "plugins.{name}"
//! ```
//!
//! On install and upgrade, every default key the table lacks is added (nested tables merged
//! key by key); keys the user set are never changed, and comments and layout are kept
//! (`toml_edit`). On uninstall the table is removed only if it still equals the plugin's
//! defaults; otherwise it is left, and the caller says so.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use crate::name::PluginName;
use crate::project::Project;

/// The table template used when `config-table` is not set.
pub const DEFAULT_TABLE: &str = "plugins.{name}";

/// A host config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HostConfigError {
    /// Unreadable or not TOML.
    #[error("cannot use the host config file `{}`: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A key on the table's path is not a table.
    #[error("`{key}` in `{}` is not a table, so plugin settings cannot go under it", path.display())]
    NotATable {
        /// The file.
        path: PathBuf,
        /// The dotted key.
        key: String,
    },
}

/// What happened to a plugin's table on uninstall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// It equalled the defaults and was removed.
    Removed(String),
    /// The user changed it: it was left.
    Left(String),
    /// There was none.
    Absent,
}

/// The host's config file, being edited.
#[derive(Debug)]
pub struct HostConfig {
    path: PathBuf,
    template: String,
    doc: DocumentMut,
    original: Option<String>,
}

impl HostConfig {
    /// The config file `project` names, if any (created empty in memory when missing).
    ///
    /// # Errors
    /// [`HostConfigError::File`] when it cannot be read or is not TOML.
    pub fn open(project: &Project) -> Result<Option<Self>, HostConfigError> {
        let table = &project.manifest().project;
        let Some(file) = &table.config_file else {
            return Ok(None);
        };
        let path = project.root().join(file);
        let err = |message: String| HostConfigError::File {
            path: path.clone(),
            message,
        };
        let original = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(err(e.to_string())),
        };
        let doc: DocumentMut = original
            .as_deref()
            .unwrap_or("")
            .parse()
            .map_err(|e: toml_edit::TomlError| err(e.to_string()))?;
        Ok(Some(Self {
            path,
            template: table
                .config_table
                .clone()
                .unwrap_or_else(|| DEFAULT_TABLE.to_string()),
            doc,
            original,
        }))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The dotted table of plugin `name` of category `kind` (`plugin` when unset).
    pub fn table_of(&self, name: &PluginName, kind: Option<&str>) -> String {
        self.template
            .replace("{name}", name.as_str())
            .replace("{kind}", kind.unwrap_or("plugin"))
    }

    fn table_mut(
        &mut self,
        dotted: &str,
        create: bool,
    ) -> Result<Option<&mut Table>, HostConfigError> {
        let mut table = self.doc.as_table_mut();
        let segments: Vec<&str> = dotted.split('.').collect();
        for (i, seg) in segments.iter().enumerate() {
            if !table.contains_key(seg) {
                if !create {
                    return Ok(None);
                }
                let mut t = Table::new();
                t.set_implicit(i + 1 < segments.len());
                table.insert(seg, Item::Table(t));
            }
            table = match table.get_mut(seg).and_then(Item::as_table_mut) {
                Some(t) => t,
                None => {
                    return Err(HostConfigError::NotATable {
                        path: self.path.clone(),
                        key: segments[..=i].join("."),
                    })
                }
            };
        }
        Ok(Some(table))
    }

    /// Adds the `defaults` keys that the plugin's table lacks; returns the table's name when
    /// anything was added. A plugin without defaults gets no table.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`].
    pub fn add_defaults(
        &mut self,
        name: &PluginName,
        kind: Option<&str>,
        defaults: &toml::Table,
    ) -> Result<Option<String>, HostConfigError> {
        if defaults.is_empty() {
            return Ok(None);
        }
        let dotted = self.table_of(name, kind);
        let table = self
            .table_mut(&dotted, true)?
            .expect("created when missing");
        let added = merge(table, &to_edit_table(defaults));
        Ok(added.then_some(dotted))
    }

    /// Removes the plugin's table if it still equals `defaults`.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`].
    pub fn remove_if_default(
        &mut self,
        name: &PluginName,
        kind: Option<&str>,
        defaults: &toml::Table,
    ) -> Result<Removal, HostConfigError> {
        let dotted = self.table_of(name, kind);
        let Some(table) = self.table_mut(&dotted, false)? else {
            return Ok(Removal::Absent);
        };
        let mut copy = DocumentMut::new();
        for (k, v) in table.iter() {
            copy.insert(k, v.clone());
        }
        let current: toml::Table = toml::from_str(&copy.to_string()).unwrap_or_default();
        if current != *defaults {
            return Ok(Removal::Left(dotted));
        }
        let mut up = self.remove_key(&dotted)?;
        // Folders of tables left empty by the removal go too, if they were only implied.
        while let Some(p) = up {
            let empty = self
                .table_mut(&p, false)?
                .is_some_and(|t| t.is_empty() && t.is_implicit());
            if !empty {
                break;
            }
            up = self.remove_key(&p)?;
        }
        Ok(Removal::Removed(dotted))
    }

    /// Removes the item at the dotted key `dotted` (if there) and returns its parent's dotted
    /// key, `None` at the top level.
    fn remove_key(&mut self, dotted: &str) -> Result<Option<String>, HostConfigError> {
        let (parent, last) = match dotted.rsplit_once('.') {
            Some((p, l)) => (Some(p.to_string()), l),
            None => (None, dotted),
        };
        match &parent {
            Some(p) => {
                if let Some(t) = self.table_mut(p, false)? {
                    t.remove(last);
                }
            }
            None => {
                self.doc.as_table_mut().remove(last);
            }
        }
        Ok(parent)
    }

    /// The new text of the file, if it changed.
    pub fn changed_text(&self) -> Option<String> {
        let text = self.doc.to_string();
        (self.original.as_deref() != Some(text.as_str())).then_some(text)
    }
}

fn to_edit_table(defaults: &toml::Table) -> Table {
    let text = toml::to_string(defaults).unwrap_or_default();
    let doc: DocumentMut = text.parse().unwrap_or_default();
    doc.as_table().clone()
}

/// Adds to `into` what `from` has and it lacks, recursing into tables; returns whether
/// anything was added.
fn merge(into: &mut Table, from: &Table) -> bool {
    let mut added = false;
    for (key, item) in from.iter() {
        match (into.get_mut(key), item) {
            (None, _) => {
                let mut item = item.clone();
                if let Item::Table(t) = &mut item {
                    t.set_implicit(false);
                }
                into.insert(key, item);
                added = true;
            }
            (Some(Item::Table(existing)), Item::Table(t)) => {
                added |= merge(existing, t);
            }
            _ => {}
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str, template: &str) -> HostConfig {
        HostConfig {
            path: PathBuf::from("host.toml"),
            template: template.into(),
            doc: text.parse().unwrap(),
            original: Some(text.into()),
        }
    }

    fn defaults(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn merges_missing_keys_and_keeps_the_users() {
        let mut c = config(
            "# host settings\n[plugins.apps.zeek]\nport = 9999  # ours\n",
            "plugins.{kind}s.{name}",
        );
        let zeek = PluginName::new("zeek").unwrap();
        let d = defaults("host = \"127.0.0.1\"\nport = 47761\n");
        assert_eq!(
            c.add_defaults(&zeek, Some("app"), &d).unwrap().as_deref(),
            Some("plugins.apps.zeek")
        );
        let text = c.changed_text().unwrap();
        assert!(text.starts_with("# host settings\n"), "{text}");
        assert!(text.contains("port = 9999  # ours"), "{text}");
        assert!(text.contains("host = \"127.0.0.1\""), "{text}");
        // Nothing left to add.
        assert_eq!(c.add_defaults(&zeek, Some("app"), &d).unwrap(), None);
        // The user changed it: it stays.
        assert_eq!(
            c.remove_if_default(&zeek, Some("app"), &d).unwrap(),
            Removal::Left("plugins.apps.zeek".into())
        );
    }

    #[test]
    fn removes_an_untouched_table_and_its_empty_parents() {
        let mut c = config("[server]\nname = \"x\"\n", DEFAULT_TABLE);
        let p = PluginName::new("inmem").unwrap();
        let d = defaults("queue_size = 1000\n[limits]\nmax = 5\n");
        c.add_defaults(&p, None, &d).unwrap();
        assert!(c.changed_text().unwrap().contains("[plugins.inmem.limits]"));
        assert_eq!(
            c.remove_if_default(&p, None, &d).unwrap(),
            Removal::Removed("plugins.inmem".into())
        );
        assert_eq!(c.changed_text(), None, "back to the original text");
        assert_eq!(c.remove_if_default(&p, None, &d).unwrap(), Removal::Absent);
    }
}

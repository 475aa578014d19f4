//! Plugins' `[config]` defaults in the host's own configuration file, TOML or YAML.
//!
//! plugins.toml names the file and the table of each plugin:
//!
//! ```toml
//! [project]
//! config-file = "config.yaml"                       # or a .toml file
//! config-table = "plugins.{kind}s.{name#threatbus-}" # default "plugins.{name}"
//! ```
//!
//! `config-table` is a dotted path. `{name}` is the plugin's name, `{kind}` its `[plugin] kind`
//! (`plugin` when unset), and `{name#PREFIX}` the name without `PREFIX` when it starts with it
//! (as in a POSIX shell's `${name#PREFIX}`): Threat Bus wants the section of `threatbus-zeek`
//! at `plugins.apps.zeek`, named after its entry point.
//!
//! The file's extension picks the format: `.yaml` and `.yml` are YAML ([`yaml_file`]), anything
//! else TOML ([`toml_file`]). The rules are the same for both, and decided here, once, over a
//! small format-neutral [`Value`] model of what the file holds:
//!
//! - On install and upgrade, every default key the section lacks is added (nested tables or
//!   mappings merged key by key); keys the user set are never changed, and comments and layout
//!   are kept. A plugin without defaults gets no section. A missing file is created.
//! - On uninstall the section is removed only if it still equals the plugin's defaults
//!   ([`Removal::Removed`]), with the parents that held nothing else; otherwise it is left
//!   ([`Removal::Left`]), and the caller says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Hint;
use crate::name::PluginName;
use crate::project::Project;

pub mod toml_file;
pub mod yaml_file;

/// The table template used when `config-table` is not set.
pub const DEFAULT_TABLE: &str = "plugins.{name}";

/// A host config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HostConfigError {
    /// Unreadable, or not valid TOML or YAML.
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
    /// The edit cannot be made without changing more of the file than the plugin's section
    /// (YAML anchors, aliases, tags, duplicate keys, several documents, ...).
    #[error("cannot edit `{}` without rewriting more than `{key}`: {reason}; {hint}", path.display())]
    NotLossless {
        /// The file.
        path: PathBuf,
        /// The dotted key of the section being edited.
        key: String,
        /// What stands in the way.
        reason: String,
        /// What the user can do.
        hint: String,
    },
}

impl Hint for HostConfigError {}

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

/// A value as the host's file holds it, whatever its format.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// A TOML date and/or time, in its RFC 3339 text.
    Datetime(String),
    /// A sequence.
    Array(Vec<Value>),
    /// A table or mapping, by key.
    Table(Map),
    /// What a plugin's defaults cannot hold (a YAML null, alias, a scalar YAML 1.1 and 1.2
    /// read differently, ...), as written: never equal to a default (only to the same
    /// `Other`).
    Other(String),
}

/// A table's keys and values.
pub type Map = BTreeMap<String, Value>;

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            // A datetime is written as its RFC 3339 text where the format has none (YAML).
            (Value::String(a) | Value::Datetime(a), Value::String(b) | Value::Datetime(b)) => {
                a == b
            }
            (Value::Integer(a), Value::Integer(b)) => a == b,
            // NaN equals NaN here: a default of `nan` left as it was is untouched.
            (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::Boolean(a), Value::Boolean(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            // Defaults never hold one: this only tells an edit's result from what was meant.
            (Value::Other(a), Value::Other(b)) => a == b,
            _ => false,
        }
    }
}

impl From<&toml::Value> for Value {
    fn from(v: &toml::Value) -> Self {
        match v {
            toml::Value::String(s) => Value::String(s.clone()),
            toml::Value::Integer(i) => Value::Integer(*i),
            toml::Value::Float(f) => Value::Float(*f),
            toml::Value::Boolean(b) => Value::Boolean(*b),
            toml::Value::Datetime(d) => Value::Datetime(d.to_string()),
            toml::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            toml::Value::Table(t) => Value::Table(map_of(t)),
        }
    }
}

/// `table` in the [`Value`] model.
pub fn map_of(table: &toml::Table) -> Map {
    table
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v)))
        .collect()
}

/// A default the section lacks: its key path below the section, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Addition<'d> {
    /// Keys from the section down to the new key (at least one).
    pub keys: Vec<&'d str>,
    /// The default.
    pub value: &'d toml::Value,
}

/// What of `defaults` `current` lacks: every key it does not have, recursing where both hold
/// a table. A key the user set, to anything, is never replaced.
pub fn missing<'d>(current: &Map, defaults: &'d toml::Table) -> Vec<Addition<'d>> {
    let mut out = Vec::new();
    collect_missing(current, defaults, &mut Vec::new(), &mut out);
    out
}

fn collect_missing<'d>(
    current: &Map,
    defaults: &'d toml::Table,
    at: &mut Vec<&'d str>,
    out: &mut Vec<Addition<'d>>,
) {
    for (key, value) in defaults {
        at.push(key);
        match (current.get(key), value) {
            (None, _) => out.push(Addition {
                keys: at.clone(),
                value,
            }),
            (Some(Value::Table(existing)), toml::Value::Table(t)) => {
                collect_missing(existing, t, at, out);
            }
            _ => {}
        }
        at.pop();
    }
}

/// Whether `current` still equals `defaults`, so that removing it loses nothing of the user's.
pub fn equals_defaults(current: &Map, defaults: &toml::Table) -> bool {
    *current == map_of(defaults)
}

/// The document being edited, in its format.
#[derive(Debug)]
enum Doc {
    Toml(toml_file::TomlDoc),
    Yaml(yaml_file::YamlDoc),
}

/// The host's config file, being edited.
#[derive(Debug)]
pub struct HostConfig {
    path: PathBuf,
    template: String,
    doc: Doc,
    original: Option<String>,
}

/// Whether `path` names a YAML file (`.yaml` or `.yml`, any case).
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

impl HostConfig {
    /// The config file `project` names, if any (created empty in memory when missing).
    ///
    /// # Errors
    /// [`HostConfigError::File`] when it cannot be read or is not valid TOML or YAML;
    /// [`HostConfigError::NotLossless`] for a YAML file that cannot be edited in place.
    pub fn open(project: &Project) -> Result<Option<Self>, HostConfigError> {
        let table = &project.manifest().project;
        let Some(file) = &table.config_file else {
            return Ok(None);
        };
        let path = project.root().join(file);
        let original = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(HostConfigError::File {
                    path,
                    message: e.to_string(),
                })
            }
        };
        let template = table
            .config_table
            .clone()
            .unwrap_or_else(|| DEFAULT_TABLE.to_string());
        Self::from_text(path, template, original).map(Some)
    }

    /// The file at `path` with text `original` (`None`: it does not exist yet), its sections
    /// named by `template`.
    ///
    /// # Errors
    /// As [`HostConfig::open`].
    pub fn from_text(
        path: PathBuf,
        template: String,
        original: Option<String>,
    ) -> Result<Self, HostConfigError> {
        let text = original.as_deref().unwrap_or("");
        let doc = if is_yaml(&path) {
            Doc::Yaml(yaml_file::YamlDoc::parse(&path, text)?)
        } else {
            Doc::Toml(toml_file::TomlDoc::parse(&path, text)?)
        };
        Ok(Self {
            path,
            template,
            doc,
            original,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The dotted table of plugin `name` of category `kind` (`plugin` when unset), from the
    /// template: `{name}`, `{kind}` and `{name#PREFIX}` (the name without a leading `PREFIX`).
    pub fn table_of(&self, name: &PluginName, kind: Option<&str>) -> String {
        let name = name.as_str();
        let mut out = String::new();
        let mut rest = self.template.as_str();
        while let Some(open) = rest.find("{name#") {
            out.push_str(&rest[..open]);
            let after = &rest[open + "{name#".len()..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let prefix = &after[..close];
            out.push_str(name.strip_prefix(prefix).unwrap_or(name));
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out.replace("{name}", name)
            .replace("{kind}", kind.unwrap_or("plugin"))
    }

    /// Adds the `defaults` keys that the plugin's table lacks; returns the table's name when
    /// anything was added. A plugin without defaults gets no table.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`]; [`HostConfigError::NotLossless`] for a YAML edit that
    /// would change more than the section.
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
        let keys: Vec<&str> = dotted.split('.').collect();
        let current = match &self.doc {
            Doc::Toml(d) => d.section(&keys)?,
            Doc::Yaml(d) => d.section(&keys)?,
        };
        let exists = current.is_some();
        let additions = missing(&current.unwrap_or_default(), defaults);
        if exists && additions.is_empty() {
            return Ok(None);
        }
        match &mut self.doc {
            Doc::Toml(d) => d.add(&keys, &additions)?,
            Doc::Yaml(d) => d.add(&keys, &additions)?,
        }
        Ok(Some(dotted))
    }

    /// Removes the plugin's table if it still equals `defaults`.
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`]; [`HostConfigError::NotLossless`] as for
    /// [`HostConfig::add_defaults`].
    pub fn remove_if_default(
        &mut self,
        name: &PluginName,
        kind: Option<&str>,
        defaults: &toml::Table,
    ) -> Result<Removal, HostConfigError> {
        let dotted = self.table_of(name, kind);
        let keys: Vec<&str> = dotted.split('.').collect();
        let current = match &self.doc {
            Doc::Toml(d) => d.section(&keys)?,
            Doc::Yaml(d) => d.section(&keys)?,
        };
        let Some(current) = current else {
            return Ok(Removal::Absent);
        };
        if !equals_defaults(&current, defaults) {
            return Ok(Removal::Left(dotted));
        }
        match &mut self.doc {
            Doc::Toml(d) => d.remove(&keys)?,
            Doc::Yaml(d) => d.remove(&keys)?,
        }
        Ok(Removal::Removed(dotted))
    }

    /// The new text of the file, if it changed.
    pub fn changed_text(&self) -> Option<String> {
        let text = match &self.doc {
            Doc::Toml(d) => d.text(),
            Doc::Yaml(d) => d.text(),
        };
        (self.original.as_deref() != Some(text.as_str())).then_some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(path: &str, text: &str, template: &str) -> HostConfig {
        HostConfig::from_text(path.into(), template.into(), Some(text.into())).unwrap()
    }

    fn defaults(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn merges_missing_keys_and_keeps_the_users() {
        let mut c = config(
            "host.toml",
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
        let mut c = config("host.toml", "[server]\nname = \"x\"\n", DEFAULT_TABLE);
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

    #[test]
    fn nested_defaults_fill_in_below_a_users_table() {
        let d = defaults("a = 1\n[limits]\nmax = 5\nmin = 1\n[extra]\nx = true\n");
        let mut current = Map::new();
        current.insert("a".into(), Value::String("mine".into()));
        current.insert(
            "limits".into(),
            Value::Table([("max".to_string(), Value::Integer(9))].into()),
        );
        let got: Vec<Vec<&str>> = missing(&current, &d).into_iter().map(|a| a.keys).collect();
        assert_eq!(got, [vec!["extra"], vec!["limits", "min"]]);
        // A key the user set to something else than a table is theirs: nothing goes below it.
        current.insert("extra".into(), Value::Integer(0));
        let got: Vec<Vec<&str>> = missing(&current, &d).into_iter().map(|a| a.keys).collect();
        assert_eq!(got, [vec!["limits", "min"]]);
        assert!(!equals_defaults(&current, &d));
        assert!(equals_defaults(&map_of(&d), &d));
    }

    #[test]
    fn the_template_can_drop_a_prefix_of_the_name() {
        let c = config("config.yaml", "", "plugins.{kind}s.{name#threatbus-}");
        let zeek = PluginName::new("threatbus-zeek").unwrap();
        assert_eq!(c.table_of(&zeek, Some("app")), "plugins.apps.zeek");
        let other = PluginName::new("zeek-extra").unwrap();
        assert_eq!(c.table_of(&other, None), "plugins.plugins.zeek-extra");
        let c = config("host.toml", "", "{name}.{name#x}");
        assert_eq!(c.table_of(&other, None), "zeek-extra.zeek-extra");
    }

    #[test]
    fn the_extension_picks_the_format() {
        assert!(is_yaml(Path::new("conf/config.yaml")));
        assert!(is_yaml(Path::new("config.YML")));
        assert!(!is_yaml(Path::new("threatbus.toml")));
        assert!(!is_yaml(Path::new("yaml")));
    }
}

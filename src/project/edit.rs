//! Editing plugins.toml in place with `toml_edit`, so that the user's comments and layout
//! survive every change, and rendering it back with its own line endings and byte-order mark.

use semver::VersionReq;
use toml_edit::{InlineTable, Item, Table, Value};

use super::{PluginSpec, Project};
use crate::name::PluginName;

/// How the file's text is laid out beyond what toml_edit keeps: kept when it is rewritten.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TextStyle {
    /// It starts with a byte-order mark.
    pub(super) bom: bool,
    /// Its lines end with CR LF.
    pub(super) crlf: bool,
}

impl Project {
    fn table_mut(&mut self, key: &str) -> &mut Table {
        if !self.doc.contains_table(key) {
            let mut t = Table::new();
            t.set_implicit(false);
            self.doc.insert(key, Item::Table(t));
        }
        self.doc[key].as_table_mut().expect("checked to be a table")
    }

    fn reparse(&mut self) {
        let text = self.doc.to_string();
        self.manifest = toml::from_str(&text).expect("edits keep plugins.toml valid");
        self.manifest.net.metadata_limits = self.manifest.limits.metadata;
    }

    /// The key under which `[plugins]` lists `name` (spelt as the user wrote it).
    fn plugin_key(&self, name: &PluginName) -> Option<String> {
        self.doc
            .get("plugins")
            .and_then(Item::as_table_like)?
            .iter()
            .map(|(k, _)| k.to_string())
            .find(|k| PluginName::new(k).is_ok_and(|n| n == *name))
    }

    /// Sets `[project] plugin-dir`.
    pub fn set_plugin_dir(&mut self, dir: &str) {
        self.table_mut("project")["plugin-dir"] = toml_edit::value(dir);
        self.reparse();
    }

    /// Sets `[registries] key = location`.
    pub fn set_registry(&mut self, key: &str, location: &str) {
        self.table_mut("registries")[key] = toml_edit::value(location);
        self.reparse();
    }

    /// Sets plugin `name`'s entry to `spec`, replacing an entry under an equivalent spelling
    /// (its key is kept) and keeping everything else in the file as it was.
    pub fn set_plugin(&mut self, name: &PluginName, spec: &PluginSpec) {
        let value: Value = match spec {
            PluginSpec::Registry {
                req,
                registry: None,
            } => Value::from(req_text(req)),
            PluginSpec::Registry {
                req,
                registry: Some(r),
            } => {
                let mut t = InlineTable::new();
                t.insert("version", Value::from(req_text(req)));
                t.insert("registry", Value::from(r.as_str()));
                Value::InlineTable(t)
            }
            PluginSpec::Url { url, sha256 } => {
                let mut t = InlineTable::new();
                t.insert("url", Value::from(url.as_str()));
                if let Some(s) = sha256 {
                    t.insert("sha256", Value::from(s.to_hex()));
                }
                Value::InlineTable(t)
            }
            PluginSpec::Path { path } => {
                let mut t = InlineTable::new();
                t.insert("path", Value::from(path.as_str()));
                Value::InlineTable(t)
            }
        };
        let key = self.plugin_key(name).unwrap_or_else(|| name.to_string());
        let plugins = self.table_mut("plugins");
        match plugins.get_mut(&key) {
            Some(item) if item.is_value() => {
                let decor = item.as_value().map(|v| v.decor().clone());
                let mut value = value;
                if let Some(d) = decor {
                    *value.decor_mut() = d;
                }
                *item = Item::Value(value);
            }
            _ => {
                plugins[&key] = Item::Value(value);
            }
        }
        self.reparse();
    }

    /// Rewrites only the version requirement of registry plugin `name`, in place: the string
    /// of `name = "REQ"` or the `version` of `name = { version = "REQ", … }`, keeping every
    /// comment, key order and spacing around it. Returns whether the entry was found.
    pub fn set_requirement(&mut self, name: &PluginName, req: &VersionReq) -> bool {
        let Some(key) = self.plugin_key(name) else {
            return false;
        };
        let Some(item) = self
            .doc
            .get_mut("plugins")
            .and_then(Item::as_table_like_mut)
            .and_then(|t| t.get_mut(&key))
        else {
            return false;
        };
        let text = req_text(req);
        let target = match item {
            Item::Value(Value::InlineTable(t)) => t.get_mut("version"),
            Item::Table(t) => t.get_mut("version").and_then(Item::as_value_mut),
            Item::Value(v) => Some(v),
            _ => None,
        };
        let Some(value) = target else { return false };
        let decor = value.decor().clone();
        *value = Value::from(text);
        *value.decor_mut() = decor;
        self.reparse();
        true
    }

    /// Removes plugin `name`'s entry; returns whether it was listed.
    pub fn remove_plugin(&mut self, name: &PluginName) -> bool {
        let Some(key) = self.plugin_key(name) else {
            return false;
        };
        let removed = self
            .doc
            .get_mut("plugins")
            .and_then(Item::as_table_like_mut)
            .is_some_and(|t| t.remove(&key).is_some());
        self.reparse();
        removed
    }

    /// The file's text as it would be written now.
    pub fn render(&self) -> String {
        let text = self.doc.to_string();
        // The file's own line endings and byte-order mark are kept (toml_edit keeps neither).
        let text = match self.style.crlf {
            true => text.replace("\r\n", "\n").replace('\n', "\r\n"),
            false => text,
        };
        match self.style.bom {
            true => format!("\u{feff}{text}"),
            false => text,
        }
    }
}

/// A requirement as `cargo add` spells it: `^1.2.3` becomes `1.2.3`.
///
/// ```
/// use plugin::project::req_text;
/// use semver::VersionReq;
///
/// assert_eq!(req_text(&VersionReq::parse("^1.2.3").unwrap()), "1.2.3");
/// assert_eq!(req_text(&VersionReq::parse("~1.0").unwrap()), "~1.0");
/// ```
pub fn req_text(req: &VersionReq) -> String {
    let s = req.to_string();
    match s.strip_prefix('^') {
        Some(rest) if !rest.contains(',') => rest.to_string(),
        _ => s,
    }
}

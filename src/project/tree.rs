//! The resolved dependency graph, as `plugin tree` shows it: read from plugins.toml (the
//! roots) and plugins.lock (versions, sources and dependency edges), with no network access.
//!
//! Text output follows `cargo tree`: one plugin per line with `├──`/`└──` guides, and a plugin
//! already shown earlier is marked `(*)` instead of being expanded again. `--invert NAME`
//! shows who needs NAME, up to plugins.toml. The JSON form is documented in `docs/json.md`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::name::PluginName;
use crate::project::lockfile::Lockfile;

/// One installed plugin with its edges.
#[derive(Debug, Clone)]
struct Node {
    name: PluginName,
    version: String,
    source: String,
    dependencies: Vec<PluginName>,
    dependents: Vec<PluginName>,
    root: bool,
}

/// The graph of locked plugins.
#[derive(Debug, Clone)]
pub struct Graph {
    roots: Vec<PluginName>,
    nodes: BTreeMap<PluginName, Node>,
}

/// The name that `plugin tree --invert` gives a plugin's dependence on the project.
const PROJECT: &str = "plugins.toml";

impl Graph {
    /// The graph of `lock`, rooted at `roots` (the plugins listed in plugins.toml).
    pub fn new(lock: &Lockfile, roots: &BTreeSet<PluginName>) -> Self {
        let mut nodes: BTreeMap<PluginName, Node> = lock
            .plugins
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    Node {
                        name: p.name.clone(),
                        version: p.version.to_string(),
                        source: p.source.to_string(),
                        dependencies: p.dependencies.clone(),
                        dependents: Vec::new(),
                        root: roots.contains(&p.name),
                    },
                )
            })
            .collect();
        let edges: Vec<(PluginName, PluginName)> = nodes
            .values()
            .flat_map(|n| n.dependencies.iter().map(|d| (d.clone(), n.name.clone())))
            .collect();
        for (dep, dependent) in edges {
            if let Some(n) = nodes.get_mut(&dep) {
                n.dependents.push(dependent);
            }
        }
        let roots = nodes
            .values()
            .filter(|n| n.root)
            .map(|n| n.name.clone())
            .collect();
        Self { roots, nodes }
    }

    /// Whether `name` is in the graph.
    pub fn contains(&self, name: &PluginName) -> bool {
        self.nodes.contains_key(name)
    }

    fn label(&self, name: &PluginName) -> String {
        match self.nodes.get(name) {
            Some(n) => format!("{} v{}", n.name, n.version),
            None => format!("{name} (not in plugins.lock)"),
        }
    }

    fn edges(&self, name: &PluginName, inverted: bool) -> Vec<PluginName> {
        self.nodes
            .get(name)
            .map(|n| {
                if inverted {
                    n.dependents.clone()
                } else {
                    n.dependencies.clone()
                }
            })
            .unwrap_or_default()
    }

    /// The tree as text lines, from every root (or, `inverted`, from `start` up to its
    /// dependents).
    pub fn render(&self, start: Option<&PluginName>) -> Vec<String> {
        let mut lines = Vec::new();
        let mut seen = BTreeSet::new();
        match start {
            Some(name) => {
                lines.push(self.label(name));
                self.render_children(name, true, "", &mut seen, &mut lines);
            }
            None => {
                for root in &self.roots {
                    lines.push(self.label(root));
                    self.render_children(root, false, "", &mut seen, &mut lines);
                }
            }
        }
        lines
    }

    fn render_children(
        &self,
        name: &PluginName,
        inverted: bool,
        prefix: &str,
        seen: &mut BTreeSet<PluginName>,
        lines: &mut Vec<String>,
    ) {
        if !seen.insert(name.clone()) {
            return;
        }
        let mut children: Vec<Option<PluginName>> =
            self.edges(name, inverted).into_iter().map(Some).collect();
        if inverted && self.nodes.get(name).is_some_and(|n| n.root) {
            children.push(None);
        }
        let count = children.len();
        for (i, child) in children.into_iter().enumerate() {
            let last = i + 1 == count;
            let (branch, indent) = if last {
                ("└── ", "    ")
            } else {
                ("├── ", "│   ")
            };
            match child {
                None => lines.push(format!("{prefix}{branch}{PROJECT}")),
                Some(child) => {
                    let has_children = !self.edges(&child, inverted).is_empty()
                        || (inverted && self.nodes.get(&child).is_some_and(|n| n.root));
                    let repeated = seen.contains(&child) && has_children;
                    let mark = if repeated { " (*)" } else { "" };
                    lines.push(format!("{prefix}{branch}{}{mark}", self.label(&child)));
                    let deeper = format!("{prefix}{indent}");
                    self.render_children(&child, inverted, &deeper, seen, lines);
                }
            }
        }
    }

    /// The tree as JSON (see `docs/json.md`): every root with its `dependencies` nested, or,
    /// `inverted`, `start` with its `dependents` nested.
    pub fn to_json(&self, start: Option<&PluginName>) -> Value {
        let mut path = Vec::new();
        match start {
            Some(name) => json!({
                "version": 1,
                "inverted": true,
                "plugin": self.json_node(name, true, &mut path),
            }),
            None => json!({
                "version": 1,
                "inverted": false,
                "roots": self
                    .roots
                    .iter()
                    .map(|r| self.json_node(r, false, &mut path))
                    .collect::<Vec<_>>(),
            }),
        }
    }

    fn json_node(&self, name: &PluginName, inverted: bool, path: &mut Vec<PluginName>) -> Value {
        let key = if inverted {
            "dependents"
        } else {
            "dependencies"
        };
        let Some(node) = self.nodes.get(name) else {
            return json!({ "name": name.as_str(), "missing": true });
        };
        let cycle = path.contains(name);
        path.push(name.clone());
        let children: Vec<Value> = if cycle {
            Vec::new()
        } else {
            self.edges(name, inverted)
                .iter()
                .map(|c| self.json_node(c, inverted, path))
                .collect()
        };
        path.pop();
        let mut v = json!({
            "name": node.name.as_str(),
            "version": node.version,
            "source": node.source,
            key: children,
        });
        if inverted {
            v["required_by_project"] = json!(node.root);
        }
        if cycle {
            v["cycle"] = json!(true);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::lockfile::LockedPlugin;
    use crate::source_id::SourceId;

    fn n(s: &str) -> PluginName {
        PluginName::new(s).unwrap()
    }

    fn locked(name: &str, deps: &[&str]) -> LockedPlugin {
        LockedPlugin {
            name: n(name),
            version: semver::Version::new(1, 0, 0),
            source: SourceId::Registry("r".into()),
            checksum: None,
            content: None,
            dependencies: deps.iter().map(|d| n(d)).collect(),
        }
    }

    /// app → {left, right} → base: a diamond.
    fn diamond() -> Graph {
        let lock = Lockfile::from_plugins(vec![
            locked("app", &["left", "right"]),
            locked("left", &["base"]),
            locked("right", &["base"]),
            locked("base", &[]),
            locked("solo", &[]),
        ]);
        Graph::new(&lock, &[n("app"), n("solo")].into_iter().collect())
    }

    #[test]
    fn renders_like_cargo_tree() {
        assert_eq!(
            diamond().render(None),
            [
                "app v1.0.0",
                "├── left v1.0.0",
                "│   └── base v1.0.0",
                "└── right v1.0.0",
                "    └── base v1.0.0",
                "solo v1.0.0",
            ]
        );
    }

    #[test]
    fn inverted_shows_who_needs_it() {
        assert_eq!(
            diamond().render(Some(&n("base"))),
            [
                "base v1.0.0",
                "├── left v1.0.0",
                "│   └── app v1.0.0",
                "│       └── plugins.toml",
                "└── right v1.0.0",
                "    └── app v1.0.0 (*)",
            ]
        );
    }

    #[test]
    fn json_nests_dependencies() {
        let v = diamond().to_json(None);
        assert_eq!(v["roots"][0]["name"], "app");
        assert_eq!(
            v["roots"][0]["dependencies"][1]["dependencies"][0]["name"],
            "base"
        );
        let inv = diamond().to_json(Some(&n("base")));
        assert_eq!(
            inv["plugin"]["dependents"][0]["dependents"][0]["required_by_project"],
            true
        );
    }
}

//! `plugin.toml`, the package manifest at the root of every plugin package: its schema,
//! validation, and the `include`/`exclude` file selection.
//!
//! The full format, with every field, is in `docs/formats.md`. Versions follow Semantic
//! Versioning 2.0.0 (<https://semver.org>); requirements follow cargo's rules
//! (<https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html>); entry points
//! follow the PyPA entry-points specification
//! (<https://packaging.python.org/en/latest/specifications/entry-points/>): groups of
//! `NAME = "module.path:Object"`.
//!
//! Unknown keys are reported as warnings, never as errors, so that a manifest written for a
//! newer `plugin` still installs.

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use semver::{Version, VersionReq};
use serde::Deserialize;

use crate::error::Hint;
use crate::name::PluginName;

/// The file name of the package manifest.
pub const MANIFEST_FILE: &str = "plugin.toml";

/// A manifest that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Not valid TOML, or a field of the wrong type or value.
    #[error("invalid `plugin.toml` in {origin}: {message}")]
    Parse {
        /// Where the manifest came from (a path or `ARCHIVE!plugin.toml`).
        origin: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// An `include` or `exclude` pattern is not a valid glob or leaves the package root.
    #[error("invalid pattern `{pattern}` in `{field}` of the manifest in {origin}: {reason}")]
    Glob {
        /// Where the manifest came from.
        origin: String,
        /// `include` or `exclude`.
        field: &'static str,
        /// The pattern.
        pattern: String,
        /// Why it was refused.
        reason: String,
    },
}

impl Hint for ManifestError {}

/// The parsed `plugin.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct PluginManifest {
    /// The `[plugin]` table.
    pub plugin: PackageMeta,
    /// `[dependencies]`: other plugins this one needs.
    #[serde(default)]
    pub dependencies: BTreeMap<PluginName, DependencySpec>,
    /// `[entry-points.GROUP]`: `NAME = "module.path:Object"`, by group then name.
    #[serde(default, rename = "entry-points")]
    pub entry_points: BTreeMap<String, BTreeMap<String, String>>,
    /// `[config]`: default settings for the host, free-form.
    #[serde(default)]
    pub config: toml::Table,
    /// `[requirements]`: external needs by ecosystem, e.g. `python = ["yara-python>=4"]`.
    #[serde(default)]
    pub requirements: BTreeMap<String, Vec<String>>,
}

/// The `[plugin]` table.
#[derive(Debug, Clone, Deserialize)]
pub struct PackageMeta {
    /// The plugin's name (see [`crate::name`]).
    pub name: PluginName,
    /// Its version, semver 2.0.
    pub version: Version,
    /// One sentence saying what it does.
    #[serde(default)]
    pub description: Option<String>,
    /// Authors, e.g. `["Jane Doe <jane@example.com>"]`.
    #[serde(default)]
    pub authors: Vec<String>,
    /// An SPDX license expression.
    #[serde(default)]
    pub license: Option<String>,
    /// The project's home page URL.
    #[serde(default)]
    pub homepage: Option<String>,
    /// The source repository URL.
    #[serde(default)]
    pub repository: Option<String>,
    /// Search keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A free category such as `worker`, `app` or `backbone`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Whether to write Python distribution metadata (a `.dist-info` folder) even without
    /// entry points or Python requirements (see [`crate::install::dist_info`]).
    #[serde(default, rename = "python-metadata")]
    pub python_metadata: Option<bool>,
    /// The host application and the versions of it this plugin works with.
    #[serde(default)]
    pub host: Option<HostRequirement>,
    /// Glob patterns of the files to install; none means every file.
    #[serde(default)]
    pub include: Vec<String>,
    /// Glob patterns of files never to install.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// `host = { name = "stoq", version = ">=3, <4" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct HostRequirement {
    /// The host application's name.
    pub name: String,
    /// The host versions supported, a cargo-style requirement.
    pub version: VersionReq,
}

/// One `[dependencies]` entry: `"^1.2"` or `{ version = "1", registry = "internal" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DependencySpec {
    /// A bare requirement.
    Req(VersionReq),
    /// The table form.
    Detailed {
        /// The version requirement.
        version: VersionReq,
        /// The name of a registry in the project's `[registries]`; default if absent.
        #[serde(default)]
        registry: Option<String>,
    },
}

impl DependencySpec {
    /// The version requirement.
    pub fn req(&self) -> &VersionReq {
        match self {
            Self::Req(r) | Self::Detailed { version: r, .. } => r,
        }
    }
    /// The registry named, if any.
    pub fn registry(&self) -> Option<&str> {
        match self {
            Self::Req(_) => None,
            Self::Detailed { registry, .. } => registry.as_deref(),
        }
    }
}

impl PluginManifest {
    /// Parses manifest `text` read from `origin` (used in messages). Unknown keys are
    /// returned as warnings, e.g. `unknown key `plugin.colour``.
    ///
    /// # Errors
    /// [`ManifestError::Parse`] for invalid TOML, a missing or ill-typed field, a bad name,
    /// version or requirement; [`ManifestError::Glob`] for a bad pattern.
    pub fn parse(text: &str, origin: &str) -> Result<(Self, Vec<String>), ManifestError> {
        let parse_err = |e: toml::de::Error| ManifestError::Parse {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        };
        let mut warnings = Vec::new();
        let de = toml::Deserializer::parse(text).map_err(parse_err)?;
        let manifest: PluginManifest = serde_ignored::deserialize(de, |path| {
            warnings.push(format!("unknown key `{path}` in the manifest of {origin}"));
        })
        .map_err(parse_err)?;
        // Each pattern is checked; the matcher itself is built when it is asked for.
        manifest.compile_filter(origin, false)?;
        Ok((manifest, warnings))
    }

    /// The include/exclude selection of this manifest.
    ///
    /// # Errors
    /// [`ManifestError::Glob`] for a pattern that is not a valid glob or that could select a
    /// path outside the package root (absolute, or holding `..`).
    pub fn file_filter(&self, origin: &str) -> Result<FileFilter, ManifestError> {
        self.compile_filter(origin, true)
    }

    /// [`PluginManifest::file_filter`]; without `set`, the glob set of the patterns that need
    /// one is not built (each pattern is still checked): the filter then matches only the
    /// plain patterns, for a caller that only wants the checks.
    fn compile_filter(&self, origin: &str, set: bool) -> Result<FileFilter, ManifestError> {
        let build = |field: &'static str, pats: &[String]| -> Result<Patterns, ManifestError> {
            let mut patterns = Patterns::default();
            let (mut globs, mut any_glob) = (GlobSetBuilder::new(), false);
            for p in pats {
                let err = |reason: String| ManifestError::Glob {
                    origin: origin.to_string(),
                    field,
                    pattern: p.clone(),
                    reason,
                };
                if p.starts_with('/') || p.contains('\\') || p.split('/').any(|c| c == "..") {
                    return Err(err(
                        "patterns are relative to the package root and may not leave it".into(),
                    ));
                }
                let p = p.trim_end_matches('/');
                // The usual shapes, `folder` and `folder/**`, are compared as strings: building
                // a glob set costs tens of microseconds, paid once per plugin installed.
                match plain_pattern(p) {
                    Some(Plain::Exact(path)) => patterns.exact.push(path.to_string()),
                    Some(Plain::Below(folder)) => patterns.below.push(format!("{folder}/")),
                    None => {
                        let glob = GlobBuilder::new(p)
                            .literal_separator(true)
                            .build()
                            .map_err(|e| err(e.kind().to_string()))?;
                        globs.add(glob);
                        any_glob = true;
                    }
                }
            }
            if any_glob && set {
                patterns.globs = globs.build().map_err(|e| ManifestError::Glob {
                    origin: origin.to_string(),
                    field,
                    pattern: pats.join(", "),
                    reason: e.to_string(),
                })?;
            }
            Ok(patterns)
        };
        Ok(FileFilter {
            include: if self.plugin.include.is_empty() {
                None
            } else {
                Some(build("include", &self.plugin.include)?)
            },
            exclude: build("exclude", &self.plugin.exclude)?,
        })
    }
}

/// A pattern with no glob syntax in the places that matter, see [`plain_pattern`].
enum Plain<'a> {
    /// No glob syntax at all: the path (file or folder) itself.
    Exact(&'a str),
    /// `FOLDER/**` with a plain, non-empty FOLDER: every path below FOLDER.
    Below(&'a str),
}

/// The plain shape of `pattern` (already trimmed of trailing `/`), if it has one. Glob syntax
/// is that of `globset`: `*`, `?`, `[...]`, `{...}` (a `\` never reaches here).
fn plain_pattern(pattern: &str) -> Option<Plain<'_>> {
    let plain = |s: &str| !s.is_empty() && !s.contains(['*', '?', '[', ']', '{', '}']);
    if plain(pattern) {
        return Some(Plain::Exact(pattern));
    }
    match pattern.strip_suffix("/**") {
        Some(folder) if plain(folder) => Some(Plain::Below(folder)),
        _ => None,
    }
}

/// The compiled patterns of one of `include` or `exclude`.
#[derive(Debug, Clone, Default)]
struct Patterns {
    /// Plain paths, matched by equality.
    exact: Vec<String>,
    /// Plain folders with their trailing `/`: a path longer than one, starting with it, matches.
    below: Vec<String>,
    /// The other patterns (empty when there are none).
    globs: GlobSet,
}

impl Patterns {
    fn is_match(&self, path: &str) -> bool {
        self.exact.iter().any(|e| e == path)
            || self
                .below
                .iter()
                .any(|b| path.len() > b.len() && path.starts_with(b.as_str()))
            || (!self.globs.is_empty() && self.globs.is_match(path))
    }

    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.below.is_empty() && self.globs.is_empty()
    }
}

/// Which files of a package are installed (MANIFEST.in-like).
///
/// Paths are relative to the package root with `/` separators. `*` and `?` do not cross
/// `/`; `**` does. A pattern that matches a folder selects everything below it. A file is
/// selected when it is `plugin.toml`, or when (there is no `include`, or the file or one of
/// its folders matches an `include` pattern) and neither the file nor one of its folders
/// matches an `exclude` pattern.
///
/// ```
/// use plugin::manifest::PluginManifest;
///
/// let text = r#"
/// [plugin]
/// name = "stoq-hash"
/// version = "1.1.0"
/// include = ["stoq_hash", "README.md"]
/// exclude = ["**/*.pyc"]
/// "#;
/// let (manifest, warnings) = PluginManifest::parse(text, "example").unwrap();
/// assert!(warnings.is_empty());
/// let filter = manifest.file_filter("example").unwrap();
/// assert!(filter.selects("stoq_hash/hash.py"));
/// assert!(!filter.selects("stoq_hash/hash.cpython-311.pyc"));
/// assert!(!filter.selects("tests/test_hash.py"));
/// assert!(filter.selects("plugin.toml"));
/// ```
#[derive(Debug, Clone)]
pub struct FileFilter {
    include: Option<Patterns>,
    exclude: Patterns,
}

impl FileFilter {
    /// A filter that selects every file.
    pub fn everything() -> Self {
        Self {
            include: None,
            exclude: Patterns::default(),
        }
    }

    /// Whether the file at relative path `path` is installed.
    pub fn selects(&self, path: &str) -> bool {
        if path == MANIFEST_FILE {
            return true;
        }
        let prefixes = || {
            path.match_indices('/')
                .map(|(i, _)| &path[..i])
                .chain(std::iter::once(path))
        };
        let included = match &self.include {
            None => true,
            Some(set) => prefixes().any(|p| set.is_match(p)),
        };
        included && (self.exclude.is_empty() || !prefixes().any(|p| self.exclude.is_match(p)))
    }
}

/// Checks that an entry-point value has the `module.path:Object` or `module.path` form of
/// the PyPA specification.
pub fn is_valid_entry_point(value: &str) -> bool {
    let (module, object) = match value.split_once(':') {
        Some((m, o)) => (m.trim(), Some(o.trim())),
        None => (value.trim(), None),
    };
    let dotted = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|part| {
                let mut chars = part.chars();
                chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                    && chars.all(|c| c.is_alphanumeric() || c == '_')
            })
    };
    dotted(module) && object.is_none_or(dotted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain shapes compared as strings match exactly what a glob set of the same
    /// pattern (as built for any other pattern) matches.
    #[test]
    fn plain_patterns_match_as_their_globs_do() {
        let paths = [
            "a",
            "a/b",
            "a/b/c",
            "ab",
            "ab/c",
            "b/a",
            "a.b",
            "a.b/c",
            "axb/c",
            "README.md",
            "docs/README.md",
            "README.mdx",
            "x y",
            "x y/z",
            "a/**",
            "a/b/**",
        ];
        for pattern in [
            "a",
            "a/",
            "a/b",
            "a/**",
            "a/b/**",
            "a.b/**",
            "README.md",
            "x y/**",
        ] {
            let trimmed = pattern.trim_end_matches('/');
            assert!(plain_pattern(trimmed).is_some(), "{pattern}");
            let m = PluginManifest::parse(
                &format!(
                    "[plugin]\nname = \"p\"\nversion = \"1.0.0\"\ninclude = [\"{pattern}\"]\n"
                ),
                "t",
            )
            .unwrap()
            .0;
            let fast = &m.file_filter("t").unwrap().include.unwrap();
            let glob = GlobBuilder::new(trimmed)
                .literal_separator(true)
                .build()
                .unwrap()
                .compile_matcher();
            for path in paths {
                assert_eq!(
                    fast.is_match(path),
                    glob.is_match(path),
                    "`{pattern}` on `{path}`"
                );
            }
        }
        for pattern in [
            "*.py", "a/*", "**", "a/**/b", "a?", "[ab]", "{a,b}/**", "**/x/**",
        ] {
            assert!(plain_pattern(pattern).is_none(), "{pattern}");
        }
    }

    const STOQ: &str = r#"
[plugin]
name = "stoq-hash"
version = "1.1.0"
include = ["stoq_hash", "README.md"]
exclude = ["**/*.pyc", "stoq_hash/dev_notes.txt"]
colour = "blue"

[dependencies]
base = "^1.2"
other = { version = "1", registry = "internal" }

[entry-points."stoq.workers"]
hash = "stoq_hash.hash:HashPlugin"

[requirements]
python = ["xxhash>=3"]
"#;

    #[test]
    fn parses_and_warns_on_unknown_keys() {
        let (m, warnings) = PluginManifest::parse(STOQ, "test").unwrap();
        assert_eq!(m.plugin.name.as_str(), "stoq-hash");
        assert_eq!(m.dependencies.len(), 2);
        assert_eq!(
            m.dependencies[&PluginName::new("other").unwrap()].registry(),
            Some("internal")
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("plugin.colour"));
    }

    #[test]
    fn filter_follows_include_and_exclude() {
        let (m, _) = PluginManifest::parse(STOQ, "test").unwrap();
        let f = m.file_filter("test").unwrap();
        assert!(f.selects("plugin.toml"));
        assert!(f.selects("README.md"));
        assert!(f.selects("stoq_hash/hash.py"));
        assert!(f.selects("stoq_hash/sub/deep.stoq"));
        assert!(!f.selects("stoq_hash/hash.cpython-311.pyc"));
        assert!(!f.selects("stoq_hash/dev_notes.txt"));
        assert!(!f.selects("tests/test_hash.py"));
        assert!(!f.selects("docs/README.md"));
    }

    #[test]
    fn star_does_not_cross_folders() {
        let text = "[plugin]\nname = \"a\"\nversion = \"1.0.0\"\ninclude = [\"*.py\"]\n";
        let (m, _) = PluginManifest::parse(text, "t").unwrap();
        let f = m.file_filter("t").unwrap();
        assert!(f.selects("a.py"));
        assert!(!f.selects("sub/a.py"));
    }

    #[test]
    fn refuses_patterns_leaving_the_root() {
        for pat in ["../secret", "/etc/passwd", "a/../../b"] {
            let text =
                format!("[plugin]\nname = \"a\"\nversion = \"1.0.0\"\ninclude = [\"{pat}\"]\n");
            assert!(matches!(
                PluginManifest::parse(&text, "t"),
                Err(ManifestError::Glob { .. })
            ));
        }
    }

    #[test]
    fn bad_name_or_version_is_an_error() {
        let bad = "[plugin]\nname = \"a/b\"\nversion = \"1.0.0\"\n";
        assert!(PluginManifest::parse(bad, "t").is_err());
        let bad = "[plugin]\nname = \"a\"\nversion = \"1.0\"\n";
        assert!(PluginManifest::parse(bad, "t").is_err());
    }

    #[test]
    fn entry_point_values() {
        assert!(is_valid_entry_point("stoq_hash.hash:HashPlugin"));
        assert!(is_valid_entry_point("pkg.mod"));
        assert!(is_valid_entry_point("pkg.mod:Outer.inner"));
        assert!(!is_valid_entry_point("pkg mod:X"));
        assert!(!is_valid_entry_point(":X"));
    }
}

//! Installed-distribution metadata for Python hosts: the `NAME-VERSION.dist-info` folder
//! written into a plugin's folder, so that a host's own discovery (`importlib.metadata`,
//! `pkg_resources`, pluggy's `load_setuptools_entrypoints`, stevedore) finds the plugin once
//! the folder is on its import path.
//!
//! It follows the PyPA specifications:
//!
//! * "Recording installed projects": the folder `{name}-{version}.dist-info`, with the name
//!   normalized as the binary distribution format escapes it (runs of `-`, `_`, `.` become one
//!   `_`, lower case) and the version in PEP 440 normal form. It holds `METADATA`,
//!   `entry_points.txt` and `INSTALLER` (`plugin`), and `direct_url.json` for URL and path
//!   sources. There is deliberately **no `RECORD`**: the specification makes it optional so
//!   that a tool can mark a distribution it owns, and pip and uv then refuse to uninstall or
//!   overwrite it (pip: "Cannot uninstall NAME VERSION … no RECORD file was found", with a
//!   hint naming the `INSTALLER`).
//! * "Core metadata specifications", version 2.1: `Metadata-Version`, `Name`, `Version`,
//!   `Summary`, `Author-email`, `License`, `Home-page`, `Project-URL`, `Keywords`, and one
//!   `Requires-Dist` per `[requirements] python` entry.
//! * "Entry points specification": `entry_points.txt`, one `[GROUP]` section per
//!   `[entry-points."GROUP"]` table of plugin.toml.
//! * PEP 610, "Recording the Direct URL Origin of installed distributions": `direct_url.json`.
//!
//! # Versions: semver to PEP 440
//!
//! Plugin versions are semver 2.0 (semver.org); Python wants PEP 440. [`pep440`] maps one way,
//! keeping the order of versions it maps:
//!
//! | semver | PEP 440 |
//! |---|---|
//! | `1.2.0` | `1.2.0` |
//! | `1.2.0-alpha`, `1.2.0-alpha.3`, `1.2.0-a.3` | `1.2.0a0`, `1.2.0a3`, `1.2.0a3` |
//! | `1.2.0-beta.2`, `1.2.0-b.2` | `1.2.0b2` |
//! | `1.2.0-rc.1`, `1.2.0-rc` | `1.2.0rc1`, `1.2.0rc0` |
//! | `1.2.0+build.5`, `1.2.0-rc.1+exp.sha-5114f85` | `1.2.0+build.5`, `1.2.0rc1+exp.sha.5114f85` (build metadata becomes the local version: `-` as `.`, runs of separators as one, lower case) |
//!
//! Any other pre-release (`1.0.0-dev.1`, `1.0.0-alpha.beta`, `1.0.0-0.3.7`, `1.0.0-x.7.z.92`)
//! has no PEP 440 form of the same order, and [`pep440`] refuses it: installing such a version
//! of a plugin that needs Python metadata is an error naming the plugin and the version,
//! before anything changes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use semver::Version;

use crate::error::Hint;
use crate::manifest::PluginManifest;

/// How a metadata folder's name ends: `NAME-VERSION.dist-info`.
pub const SUFFIX: &str = ".dist-info";

/// The version of the rules that decide which files `plugin` writes beside a package's own,
/// kept in each install record: a plugin recorded under other rules is installed again.
pub const RULES: u32 = 1;

/// Where a plugin was installed from, for `direct_url.json` (PEP 610).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectUrl {
    /// From a registry index: no `direct_url.json`, as for an install from an index.
    Registry,
    /// From an archive at `url` with this sha256 (hex).
    Archive {
        /// The archive's URL (`https://…` or `file://…`).
        url: String,
        /// Its sha256, 64 hex digits.
        sha256: Option<String>,
    },
    /// From a local folder (`file://…`).
    Dir {
        /// The folder's URL.
        url: String,
    },
}

/// A version that has no PEP 440 form of the same order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "version {version} has no PEP 440 form: Python hosts order `{pre}` differently; use a pre-release of the form `alpha.N`, `beta.N` or `rc.N`"
)]
pub struct NoPep440 {
    /// The version.
    pub version: Version,
    /// Its pre-release part.
    pub pre: String,
}

impl Hint for NoPep440 {}

/// Metadata that cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistInfoError {
    /// The version has no PEP 440 form.
    #[error(transparent)]
    Version(#[from] NoPep440),
    /// A value would break the line-based formats (a line break in it).
    #[error("the {field} `{value}` has a line break, which Python metadata cannot hold")]
    LineBreak {
        /// Which field.
        field: String,
        /// The value (shown with its escapes).
        value: String,
    },
}

impl Hint for DistInfoError {}

/// The PEP 440 normal form of `version` (see the module docs for the table).
///
/// # Errors
/// [`NoPep440`] for a pre-release other than `alpha`/`a`, `beta`/`b` or `rc`, optionally
/// followed by one number.
pub fn pep440(version: &Version) -> Result<String, NoPep440> {
    let mut out = format!("{}.{}.{}", version.major, version.minor, version.patch);
    if !version.pre.is_empty() {
        let pre = version.pre.as_str();
        let refuse = || NoPep440 {
            version: version.clone(),
            pre: pre.to_string(),
        };
        let mut parts = pre.split('.');
        let label = match parts.next() {
            Some("alpha" | "a") => "a",
            Some("beta" | "b") => "b",
            Some("rc") => "rc",
            _ => return Err(refuse()),
        };
        let number: u64 = match parts.next() {
            None => 0,
            Some(n) => n.parse().map_err(|_| refuse())?,
        };
        if parts.next().is_some() {
            return Err(refuse());
        }
        let _ = write!(out, "{label}{number}");
    }
    if !version.build.is_empty() {
        // A local version label is alphanumerics separated by single dots.
        let local: Vec<String> = version
            .build
            .as_str()
            .split(['.', '-'])
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let _ = write!(out, "+{}", local.join("."));
    }
    Ok(out)
}

/// A project name as distribution file names escape it: runs of `-`, `_` and `.` become one
/// `_`, lower case (`threatbus-zeek` → `threatbus_zeek`).
pub fn escaped_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// Whether `rel` (a `/`-separated path inside a plugin folder) is in a `__pycache__` folder:
/// bytecode Python writes when a host imports the plugin from its folder. It is neither the
/// user's file nor damage: `plugin verify` does not report it, and it goes with the plugin's
/// folder when that is replaced or removed.
pub fn is_bytecode_cache(rel: &str) -> bool {
    rel.split('/').any(|c| c == "__pycache__")
}

/// Whether a plugin needs the metadata: it has entry points or Python requirements, or its
/// plugin.toml asks (`[plugin] python-metadata = true`).
pub fn wanted(manifest: &PluginManifest) -> bool {
    manifest.plugin.python_metadata.unwrap_or(false)
        || !manifest.entry_points.is_empty()
        || manifest
            .requirements
            .get("python")
            .is_some_and(|r| !r.is_empty())
}

/// `value` if it holds no line break (the metadata formats are line-based).
fn one_line<'v>(field: &str, value: &'v str) -> Result<&'v str, DistInfoError> {
    if value.contains(['\n', '\r']) {
        return Err(DistInfoError::LineBreak {
            field: field.to_string(),
            value: value.escape_debug().to_string(),
        });
    }
    Ok(value)
}

/// The metadata folder's name and files (name relative to it → bytes), for `manifest`
/// installed from `origin`.
///
/// # Errors
/// [`DistInfoError`] when the version has no PEP 440 form or a value has a line break.
pub fn render(
    manifest: &PluginManifest,
    origin: &DirectUrl,
) -> Result<(String, BTreeMap<&'static str, Vec<u8>>), DistInfoError> {
    let meta = &manifest.plugin;
    let version = pep440(&meta.version)?;
    let folder = format!("{}-{version}{SUFFIX}", escaped_name(meta.name.as_str()));
    let line = |field: &str, value: &str| -> Result<String, DistInfoError> {
        Ok(format!("{field}: {}\n", one_line(field, value)?))
    };
    let mut m = String::from("Metadata-Version: 2.1\n");
    m += &line("Name", meta.name.as_str())?;
    m += &line("Version", &version)?;
    if let Some(d) = &meta.description {
        m += &line("Summary", d)?;
    }
    if !meta.authors.is_empty() {
        m += &line("Author-email", &meta.authors.join(", "))?;
    }
    if let Some(l) = &meta.license {
        m += &line("License", l)?;
    }
    if let Some(h) = &meta.homepage {
        m += &line("Home-page", h)?;
    }
    if let Some(r) = &meta.repository {
        m += &line("Project-URL", &format!("Repository, {r}"))?;
    }
    if !meta.keywords.is_empty() {
        m += &line("Keywords", &meta.keywords.join(","))?;
    }
    for req in manifest.requirements.get("python").into_iter().flatten() {
        m += &line("Requires-Dist", req)?;
    }
    let mut files = BTreeMap::new();
    files.insert("METADATA", m.into_bytes());
    files.insert("INSTALLER", b"plugin\n".to_vec());
    if !manifest.entry_points.is_empty() {
        let mut e = String::new();
        for (group, points) in &manifest.entry_points {
            e += &format!("[{group}]\n");
            for (name, value) in points {
                let field = format!("entry point `{name}`");
                let _ = writeln!(
                    e,
                    "{} = {}",
                    one_line(&field, name)?,
                    one_line(&field, value)?
                );
            }
            e.push('\n');
        }
        files.insert("entry_points.txt", e.into_bytes());
    }
    let direct = match origin {
        DirectUrl::Registry => None,
        DirectUrl::Archive { url, sha256 } => {
            let mut info = serde_json::json!({});
            if let Some(h) = sha256 {
                info = serde_json::json!({
                    "hash": format!("sha256={h}"),
                    "hashes": {"sha256": h},
                });
            }
            Some(serde_json::json!({"url": url, "archive_info": info}))
        }
        DirectUrl::Dir { url } => Some(serde_json::json!({"url": url, "dir_info": {}})),
    };
    if let Some(d) = direct {
        files.insert("direct_url.json", format!("{d}\n").into_bytes());
    }
    Ok((folder, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    /// The examples of semver.org and PEP 440 that have a form in both.
    #[test]
    fn maps_semver_to_pep440() {
        for (semver, pep) in [
            ("1.0.0", "1.0.0"),
            ("1.0.0-alpha", "1.0.0a0"),
            ("1.0.0-alpha.1", "1.0.0a1"),
            ("1.0.0-a.1", "1.0.0a1"),
            ("1.0.0-beta", "1.0.0b0"),
            ("1.0.0-beta.2", "1.0.0b2"),
            ("1.0.0-beta.11", "1.0.0b11"),
            ("1.0.0-b.2", "1.0.0b2"),
            ("1.0.0-rc.1", "1.0.0rc1"),
            ("1.2.0-rc.1", "1.2.0rc1"),
            ("1.0.0-alpha+001", "1.0.0a0+001"),
            ("1.0.0+20130313144700", "1.0.0+20130313144700"),
            ("1.0.0-beta+exp.sha.5114f85", "1.0.0b0+exp.sha.5114f85"),
            (
                "1.0.0+21AF26D3----117B344092BD",
                "1.0.0+21af26d3.117b344092bd",
            ),
            ("2.10.3+ubuntu-1", "2.10.3+ubuntu.1"),
        ] {
            assert_eq!(pep440(&v(semver)).unwrap(), pep, "{semver}");
        }
    }

    #[test]
    fn refuses_pre_releases_without_a_pep440_form() {
        for semver in [
            "1.0.0-alpha.beta",
            "1.0.0-0.3.7",
            "1.0.0-x.7.z.92",
            "1.0.0-x-y-z.--",
            "1.0.0-dev.1",
            "1.0.0-post.1",
            "1.0.0-rc.1.dev.2",
        ] {
            let e = pep440(&v(semver)).unwrap_err();
            assert!(e.to_string().contains("no PEP 440 form"), "{semver}: {e}");
        }
    }

    /// semver.org's precedence example, as far as it maps, keeps its order in PEP 440 (whose
    /// order for these forms is: a < b < rc < release; numbers compared as numbers).
    #[test]
    fn the_mapping_keeps_the_order() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ];
        let key = |p: &str| -> (u8, u64) {
            let rest = p.strip_prefix("1.0.0").unwrap();
            for (i, label) in ["a", "b", "rc"].iter().enumerate() {
                if let Some(n) = rest.strip_prefix(label) {
                    return (i as u8, n.parse().unwrap());
                }
            }
            (3, 0)
        };
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]));
            let (a, b) = (pep440(&v(pair[0])).unwrap(), pep440(&v(pair[1])).unwrap());
            assert!(key(&a) < key(&b), "{a} < {b}");
        }
    }

    #[test]
    fn escapes_names_as_distribution_files_do() {
        assert_eq!(escaped_name("threatbus-zeek"), "threatbus_zeek");
        assert_eq!(escaped_name("Diffy.-_Formats"), "diffy_formats");
    }

    fn manifest(extra: &str) -> PluginManifest {
        let text = format!(
            "[plugin]\nname = \"threatbus-zeek\"\nversion = \"1.1.0-rc.2\"\ndescription = \"Zeek app\"\n\
             license = \"BSD-3-Clause\"\nauthors = [\"A <a@example.org>\"]\n\
             repository = \"https://example.org/tz\"\n{extra}"
        );
        PluginManifest::parse(&text, "test").unwrap().0
    }

    #[test]
    fn renders_metadata_entry_points_and_direct_url() {
        let m = manifest(
            "[entry-points.\"threatbus.app\"]\nzeek = \"threatbus_zeek.plugin:ZeekApp\"\n\
             [requirements]\npython = [\"broker>=2\", \"pyyaml\"]\n",
        );
        assert!(wanted(&m));
        let origin = DirectUrl::Archive {
            url: "https://example.org/tz-1.1.0.tar.gz".into(),
            sha256: Some("ab".repeat(32)),
        };
        let (folder, files) = render(&m, &origin).unwrap();
        assert_eq!(folder, "threatbus_zeek-1.1.0rc2.dist-info");
        let text = |f: &str| String::from_utf8(files[f].clone()).unwrap();
        assert_eq!(
            text("METADATA"),
            "Metadata-Version: 2.1\nName: threatbus-zeek\nVersion: 1.1.0rc2\nSummary: Zeek app\n\
             Author-email: A <a@example.org>\nLicense: BSD-3-Clause\n\
             Project-URL: Repository, https://example.org/tz\n\
             Requires-Dist: broker>=2\nRequires-Dist: pyyaml\n"
        );
        assert_eq!(
            text("entry_points.txt"),
            "[threatbus.app]\nzeek = threatbus_zeek.plugin:ZeekApp\n\n"
        );
        assert_eq!(text("INSTALLER"), "plugin\n");
        assert!(!files.contains_key("RECORD"));
        let direct: serde_json::Value = serde_json::from_slice(&files["direct_url.json"]).unwrap();
        assert_eq!(direct["archive_info"]["hashes"]["sha256"], "ab".repeat(32));
        let (_, from_index) = render(&m, &DirectUrl::Registry).unwrap();
        assert!(!from_index.contains_key("direct_url.json"));
    }

    #[test]
    fn plugins_without_python_needs_get_no_metadata_unless_they_ask() {
        assert!(!wanted(&manifest("")));
        // `manifest` appends to the `[plugin]` table.
        assert!(wanted(&manifest("python-metadata = true\n")));
        let bad = manifest("[requirements]\npython = [\"a\\nb\"]\n");
        assert!(matches!(
            render(&bad, &DirectUrl::Registry),
            Err(DistInfoError::LineBreak { .. })
        ));
    }
}

//! The AWS shared files, as the AWS CLI reads them: the credentials file
//! (`~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`) with one `[NAME]` section per
//! profile, and the config file (`~/.aws/config`, or `AWS_CONFIG_FILE`) with `[default]` and
//! `[profile NAME]` sections. The profile is `AWS_PROFILE`, else `default`.
//!
//! The keys read are `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`,
//! `region`, `endpoint_url`, and for CI OIDC `web_identity_token_file`, `role_arn`,
//! `role_session_name`; a key in the credentials file wins over the same key in the config
//! file. Other keys and sections (`sso-session`, `services`, indented sub-settings) are
//! ignored. The environment variables win over both files; that is decided by the caller,
//! [`crate::source::store`]. Values are never printed.
//!
//! The format is INI as botocore parses it: `key = value` lines under `[section]` headers,
//! whole-line comments starting with `#` or `;`, no inline comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::env::{vars, Env};

/// Where the shared files are and which profile to read, from the environment snapshot.
#[derive(Debug, Clone, Default)]
pub struct ProfileFiles {
    /// The profile's name (`AWS_PROFILE`, else `default`).
    pub name: String,
    /// Whether `AWS_PROFILE` named it (then it must exist).
    pub explicit: bool,
    /// The credentials file, if one can be named (no `HOME` and no override: none).
    pub credentials: Option<PathBuf>,
    /// The config file, likewise.
    pub config: Option<PathBuf>,
}

/// One profile's keys, merged from both files. Its `Debug` shows the key names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    values: BTreeMap<String, String>,
    /// The file the credentials came from (or the config file), for messages.
    pub source: PathBuf,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("keys", &self.values.keys().collect::<Vec<_>>())
            .field("source", &self.source)
            .finish()
    }
}

impl Profile {
    /// The value of `key`, if set and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Why the profile could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileProblem {
    /// `AWS_PROFILE` names a profile that neither file has.
    Missing {
        /// The profile.
        name: String,
        /// Where it was looked for: `in neither `A` nor `B``, `not in `A`` or why no file.
        files: String,
    },
    /// A file exists but cannot be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        message: String,
    },
}

impl std::fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { name, files } => write!(
                f,
                "the profile `{name}` that `AWS_PROFILE` names is {files}"
            ),
            Self::Unreadable { path, message } => {
                write!(f, "cannot read `{}`: {message}", path.display())
            }
        }
    }
}

/// `value` with a leading `~/` replaced by `home`.
fn expand(value: &str, home: Option<&str>) -> PathBuf {
    match (value.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => Path::new(home).join(rest),
        _ => PathBuf::from(value),
    }
}

impl ProfileFiles {
    /// The files and profile `env` names (`HOME`, `AWS_PROFILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    /// `AWS_CONFIG_FILE`); reads no file.
    pub fn from_env(env: &Env) -> Self {
        let home = env.first(&[vars::HOME]);
        let file = |var: &str, default: &str| match env.first(&[var]) {
            Some(v) => Some(expand(&v, home.as_deref())),
            None => home
                .as_deref()
                .map(|h| Path::new(h).join(".aws").join(default)),
        };
        let explicit = env.first(&[vars::AWS_PROFILE]);
        Self {
            name: explicit.clone().unwrap_or_else(|| "default".into()),
            explicit: explicit.is_some(),
            credentials: file(vars::AWS_SHARED_CREDENTIALS_FILE, "credentials"),
            config: file(vars::AWS_CONFIG_FILE, "config"),
        }
    }

    /// The profile, merged from both files; `None` when neither has it and `AWS_PROFILE` did
    /// not ask for it. A missing file counts as empty.
    ///
    /// # Errors
    /// [`ProfileProblem::Missing`] when `AWS_PROFILE` names a profile neither file has,
    /// [`ProfileProblem::Unreadable`] when a file exists but cannot be read.
    pub fn read(&self) -> Result<Option<Profile>, ProfileProblem> {
        let from_config = self.section(self.config.as_deref(), config_profile)?;
        let from_credentials = self.section(self.credentials.as_deref(), |h| Some(h))?;
        let source = match (&from_credentials, &self.credentials, &self.config) {
            (Some(_), Some(path), _) | (None, _, Some(path)) => path.clone(),
            _ => PathBuf::new(),
        };
        if from_config.is_none() && from_credentials.is_none() {
            if !self.explicit {
                return Ok(None);
            }
            let files: Vec<String> = [&self.credentials, &self.config]
                .into_iter()
                .flatten()
                .map(|p| format!("`{}`", p.display()))
                .collect();
            let files = match files.as_slice() {
                [] => "no AWS file: `HOME`, `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` are not set".to_string(),
                [one] => format!("not in {one}"),
                more => format!("in neither {}", more.join(" nor ")),
            };
            return Err(ProfileProblem::Missing {
                name: self.name.clone(),
                files,
            });
        }
        let mut values = from_config.unwrap_or_default();
        values.extend(from_credentials.unwrap_or_default());
        Ok(Some(Profile { values, source }))
    }

    /// The keys of this profile's section in `path`, whose headers `name_of` maps to profile
    /// names (`None`: not a profile section); `None` when the file or the section is absent.
    fn section(
        &self,
        path: Option<&Path>,
        name_of: fn(&str) -> Option<&str>,
    ) -> Result<Option<BTreeMap<String, String>>, ProfileProblem> {
        let Some(path) = path else { return Ok(None) };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(ProfileProblem::Unreadable {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })
            }
        };
        let mut found: Option<BTreeMap<String, String>> = None;
        for (header, keys) in parse(&text) {
            if name_of(header) == Some(self.name.as_str()) {
                found.get_or_insert_with(BTreeMap::new).extend(keys);
            }
        }
        Ok(found)
    }
}

/// The profile a config-file header is for: `[profile NAME]`, and `[default]`.
fn config_profile(header: &str) -> Option<&str> {
    match header.strip_prefix("profile ") {
        Some(name) => Some(name.trim()),
        None => (header == "default").then_some("default"),
    }
}

/// The sections of an INI text in order, each with its top-level `key = value` pairs (keys
/// and values trimmed; indented lines under a key with an empty value are its sub-settings
/// and skipped; lines before the first header and lines without `=` are ignored).
fn parse(text: &str) -> Vec<(&str, Vec<(String, String)>)> {
    let mut out: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    let mut nested = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            out.push((header.trim(), Vec::new()));
            nested = false;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented && nested {
            continue;
        }
        let (Some((_, keys)), Some((key, value))) = (out.last_mut(), trimmed.split_once('='))
        else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        nested = value.is_empty();
        keys.push((key.to_string(), value.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path, pairs: &[(&str, &str)]) -> ProfileFiles {
        let home = dir.to_str().unwrap();
        let mut all = vec![("HOME", home)];
        all.extend_from_slice(pairs);
        ProfileFiles::from_env(&Env::from_pairs(all))
    }

    #[test]
    fn sections_keys_comments_and_sub_settings() {
        let text = "top = ignored\n# comment\n[default]\nregion = eu-west-1\n; more\n\
                    s3 =\n  max_concurrent_requests = 4\n  region = nested\n\
                    [profile ci]\naws_access_key_id=AKIA\n  \n";
        let sections = parse(text);
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].0, "default");
        assert_eq!(
            sections[0].1,
            [
                ("region".to_string(), "eu-west-1".to_string()),
                ("s3".to_string(), String::new())
            ]
        );
        assert_eq!(sections[1].0, "profile ci");
        assert_eq!(sections[1].1[0].1, "AKIA");
    }

    #[test]
    fn credentials_win_over_config_and_profiles_are_selected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(
            dir.path().join(".aws/config"),
            "[default]\nregion = eu-west-1\n[profile ci]\nregion = eu-north-1\nendpoint_url = http://127.0.0.1:9\naws_access_key_id = FROMCONFIG\n[ci]\nregion = not-a-profile-section\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".aws/credentials"),
            "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = hush\n",
        )
        .unwrap();
        let ci = files(dir.path(), &[("AWS_PROFILE", "ci")])
            .read()
            .unwrap()
            .unwrap();
        assert_eq!(ci.get("aws_access_key_id"), Some("AKIACI"));
        assert_eq!(ci.get("region"), Some("eu-north-1"));
        assert_eq!(ci.get("endpoint_url"), Some("http://127.0.0.1:9"));
        assert_eq!(ci.source, dir.path().join(".aws/credentials"));
        assert!(!format!("{ci:?}").contains("hush"));
        let default = files(dir.path(), &[]).read().unwrap().unwrap();
        assert_eq!(default.get("region"), Some("eu-west-1"));
        assert_eq!(default.get("aws_access_key_id"), None);
    }

    #[test]
    fn a_missing_profile_is_an_error_only_when_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(files(dir.path(), &[]).read(), Ok(None));
        let e = files(dir.path(), &[("AWS_PROFILE", "nope")])
            .read()
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("`nope`") && text.contains("AWS_PROFILE"),
            "{text}"
        );
        assert!(text.contains(".aws/credentials"), "{text}");
        let nowhere = ProfileFiles::from_env(&Env::from_pairs([("AWS_PROFILE", "ci")]));
        let text = nowhere.read().unwrap_err().to_string();
        assert!(text.contains("is no AWS file: `HOME`"), "{text}");
        // Overrides, with `~/` taken from HOME.
        std::fs::write(dir.path().join("creds"), "[nope]\naws_access_key_id = A\n").unwrap();
        let found = files(
            dir.path(),
            &[
                ("AWS_PROFILE", "nope"),
                ("AWS_SHARED_CREDENTIALS_FILE", "~/creds"),
            ],
        )
        .read()
        .unwrap()
        .unwrap();
        assert_eq!(found.get("aws_access_key_id"), Some("A"));
    }
}

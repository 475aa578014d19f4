//! The edge where errors become output: the chain is printed once as `error:` and
//! `Caused by:` lines, the hint of the outermost typed error that has one follows as a `hint:`
//! line, and the failure maps to an exit code (documented in docs/exit-codes.md). The same
//! parts make the JSON error document of `--json` (docs/json.md).
//!
//! Hints and exit statuses come from the [`Hint`] trait, which every error type of the crate
//! implements; the renderer reaches it through one list of downcasts, `HINTED`. A unit test
//! reads the crate's sources and fails, naming the type, when a type deriving
//! `thiserror::Error` is missing from that list or has no `impl Hint for` it.

use std::error::Error as StdError;

use crate::error::{ExitStatus, Hint};
use crate::printer::Printer;

/// A view of an error as its [`Hint`], when it is of one given type.
type Downcast = for<'a> fn(&'a (dyn StdError + 'static)) -> Option<&'a dyn Hint>;

fn downcast<'a, T: Hint + StdError + 'static>(
    e: &'a (dyn StdError + 'static),
) -> Option<&'a dyn Hint> {
    e.downcast_ref::<T>().map(|t| t as &dyn Hint)
}

/// Builds [`HINTED`] from the paths of error types.
macro_rules! hinted_types {
    ($($path:path),* $(,)?) => {
        &[$((stringify!($path), downcast::<$path> as Downcast)),*]
    };
}

/// Every error type of the crate, by path, with the downcast to its [`Hint`]: the one place
/// the renderer learns about error types. A type missing here has its hint and exit status
/// ignored; the unit test `every_error_type_is_listed_and_hinted` keeps it complete.
const HINTED: &[(&str, Downcast)] = hinted_types![
    crate::error::HintedError,
    crate::error::UsageError,
    crate::install::archive::ArchiveError,
    crate::source::cache::CacheError,
    crate::checksum::ParseChecksumError,
    crate::source::credentials::CredentialError,
    crate::install::dist_info::DistInfoError,
    crate::install::dist_info::NoPep440,
    crate::install::fetch::FetchError,
    crate::host::HostError,
    crate::install::host_config::HostConfigError,
    crate::source::http::HttpError,
    crate::source::index::IndexError,
    crate::source::tuf::TufError,
    crate::source::advisory::AdvisoryError,
    crate::source::advisory::ReadError,
    crate::project::lockfile::LockError,
    crate::manifest::ManifestError,
    crate::project::mirror::MirrorError,
    crate::name::NameError,
    crate::authoring::package::PackageError,
    crate::project::ProjectError,
    crate::install::python_env::PythonEnvError,
    crate::install::record::RecordError,
    crate::authoring::local_registry::RegistryError,
    crate::authoring::signing::SigningError,
    crate::resolve::ResolveError,
    crate::source_id::NewLocationError,
    crate::source_id::PlainHttpError,
    crate::install::stage::StageError,
    crate::source::store::StoreError,
    crate::install::verify_archive::VerifyError,
];

/// `e` as its [`Hint`], if its type is on [`HINTED`].
fn as_hint<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a dyn Hint> {
    HINTED.iter().find_map(|(_, view)| view(e))
}

/// The hint of `e` itself (not of its causes), if it has one.
fn hint_of(e: &(dyn StdError + 'static)) -> Option<String> {
    as_hint(e)?.hint()
}

/// Prints `err` with its causes and hints, and returns the exit status for it.
pub fn report(printer: &Printer, err: &anyhow::Error) -> ExitStatus {
    printer.error(err);
    let causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
    if !causes.is_empty() {
        printer.raw_err("");
        printer.raw_err("Caused by:");
        for c in &causes {
            for line in c.lines() {
                printer.raw_err(format_args!("  {line}"));
            }
        }
    }
    // The outermost error that has a hint knows the most about the situation.
    if let Some(h) = err.chain().find_map(hint_of) {
        printer.raw_err("");
        for line in h.lines() {
            printer.hint(line);
        }
    }
    status_of(err)
}

/// The exit status of `err`: [`ExitStatus::Usage`] if any error of the chain names it, else
/// the status the outermost error names (see [`Hint::exit_status`]), else
/// [`ExitStatus::Failure`].
fn status_of(err: &anyhow::Error) -> ExitStatus {
    let named: Vec<ExitStatus> = err
        .chain()
        .filter_map(|e| as_hint(e)?.exit_status())
        .collect();
    if named.contains(&ExitStatus::Usage) {
        ExitStatus::Usage
    } else {
        named.first().copied().unwrap_or(ExitStatus::Failure)
    }
}

/// The JSON form of a failed command (see docs/json.md): the message, its causes, the hint
/// and the exit code.
pub fn to_json(command: &str, err: &anyhow::Error, status: ExitStatus) -> serde_json::Value {
    let refusals = err.chain().find_map(|e| match e.downcast_ref() {
        Some(crate::resolve::ResolveError::Refused { refusals, .. }) => Some(refusals),
        _ => None,
    });
    let mut doc = serde_json::json!({
        "version": 1,
        "command": command,
        "ok": false,
        "error": {
            "message": err.to_string(),
            "causes": err.chain().skip(1).map(|c| c.to_string()).collect::<Vec<_>>(),
            "hint": err.chain().find_map(hint_of),
            "exit_code": status.code(),
        },
    });
    // A `[policy]` refusal carries each refused version, by rule (docs/json.md).
    if let Some(r) = refusals {
        doc["error"]["refusals"] = serde_json::json!(r);
    }
    doc
}

/// The JSON error document (see docs/json.md) of a command line clap refused: `command` is
/// the command it names (`None`: none recognised), the message is clap's first line without
/// `error: `, the hint clap's `tip:` lines, and the exit code 2.
pub fn usage_json(command: Option<&str>, err: &clap::Error) -> serde_json::Value {
    use clap::error::ErrorKind;
    let text = err.render().to_string();
    let (message, hint) = if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let help = match command {
            Some(c) => format!("`plugin {c} --help` lists its commands"),
            None => "`plugin --help` lists the commands".to_string(),
        };
        ("no command was given".to_string(), Some(help))
    } else {
        let message = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        let message = message
            .strip_prefix("error: ")
            .unwrap_or(message)
            .to_string();
        let tips: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("tip: "))
            .collect();
        let hint = if !tips.is_empty() {
            Some(tips.join("\n"))
        } else if err.kind() == ErrorKind::MissingSubcommand {
            Some(match command {
                Some(c) => format!("`plugin {c} --help` lists its commands"),
                None => "`plugin --help` lists the commands".to_string(),
            })
        } else {
            None
        };
        (message, hint)
    };
    serde_json::json!({
        "version": 1,
        "command": command,
        "ok": false,
        "error": {
            "message": message,
            "causes": [],
            "hint": hint,
            "exit_code": ExitStatus::Usage.code(),
        },
    })
}

/// Writes one JSON document as a line on stdout, for the few places that have no
/// [`Printer`] (a refused command line). A closed pipe is ignored: there is no one to tell.
pub fn print_document(doc: &serde_json::Value) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{doc}");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    /// Error types that cannot be on [`HINTED`], with the reason: private types the renderer
    /// cannot name.
    const UNLISTED: &[(&str, &str)] = &[(
        "Bound",
        "private to src/http.rs: it rides inside an io::Error that HttpError replaces",
    )];

    /// The code of `text` before its test module, without line comments.
    fn code(text: &str) -> Vec<&str> {
        let mut lines = Vec::new();
        let mut it = text.lines().peekable();
        while let Some(line) = it.next() {
            let next = it.peek().map_or("", |l| l.trim_start());
            if line.trim() == "#[cfg(test)]" && (next.starts_with("mod ") || next.contains(" mod "))
            {
                break;
            }
            if !line.trim_start().starts_with("//") {
                lines.push(line);
            }
        }
        lines
    }

    /// Whether a `#[derive(...)]` list names thiserror's `Error`.
    fn derives_error(list: &str) -> bool {
        list.split(',')
            .map(str::trim)
            .any(|d| d == "Error" || d == "thiserror::Error" || d == "::thiserror::Error")
    }

    /// The name of the type a `struct` or `enum` line declares.
    fn declared(line: &str) -> Option<&str> {
        let mut words = line.split_whitespace().skip_while(|w| w.starts_with("pub"));
        match words.next() {
            Some("struct" | "enum") => words.next().map(|w| {
                w.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(w)
            }),
            _ => None,
        }
    }

    /// Every type deriving thiserror's `Error` in the sources, with its file, and every
    /// type named by an `impl Hint for` (or `impl crate::error::Hint for`).
    fn scan(files: &[(String, String)]) -> (Vec<(String, String)>, Vec<String>) {
        let (mut derived, mut hinted) = (Vec::new(), Vec::new());
        for (file, text) in files {
            let lines = code(text);
            let mut i = 0;
            while i < lines.len() {
                let line = lines[i].trim();
                if let Some(rest) = line.strip_prefix("#[derive(") {
                    let mut list = rest.to_string();
                    while !list.contains(")]") && i + 1 < lines.len() {
                        i += 1;
                        list.push_str(lines[i].trim());
                    }
                    let list = list.split(")]").next().unwrap_or_default();
                    if derives_error(list) {
                        let name = lines[i + 1..]
                            .iter()
                            .find_map(|l| declared(l))
                            .unwrap_or_else(|| panic!("{file}: no type after `#[derive({list})]`"));
                        derived.push((name.to_string(), file.clone()));
                    }
                }
                for prefix in ["impl Hint for ", "impl crate::error::Hint for "] {
                    if let Some(rest) = line.strip_prefix(prefix) {
                        let name = rest.split([' ', '{', '<']).next().unwrap_or_default();
                        hinted.push(name.to_string());
                    }
                }
                i += 1;
            }
        }
        (derived, hinted)
    }

    /// What is wrong between the error types `derived` in the sources, the types with an
    /// `impl Hint`, and the `listed` names: one line per problem.
    fn problems(derived: &[(String, String)], hinted: &[String], listed: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut count: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
        for (name, file) in derived {
            let entry = count.entry(name).or_default();
            entry.0 += 1;
            entry.1.push(file);
        }
        for (name, (n, files)) in &count {
            if UNLISTED.iter().any(|(u, _)| u == name) {
                continue;
            }
            let on_list = listed.iter().filter(|l| *l == name).count();
            if on_list < *n {
                out.push(format!(
                    "error type `{name}` ({}) is missing from HINTED in src/render.rs",
                    files.join(", ")
                ));
            }
            if !hinted.iter().any(|h| h == name) {
                out.push(format!(
                    "error type `{name}` ({}) has no `impl Hint for {name}`",
                    files.join(", ")
                ));
            }
        }
        for name in listed {
            if !count.contains_key(name) {
                out.push(format!(
                    "HINTED names `{name}`, which no file derives thiserror::Error for"
                ));
            }
        }
        out
    }

    #[test]
    fn every_error_type_is_listed_and_hinted() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files: Vec<(String, String)> = crate::fs::list_files(&src)
            .unwrap()
            .into_iter()
            .filter(|rel| rel.ends_with(".rs"))
            .map(|rel| {
                let text = std::fs::read_to_string(src.join(&rel)).unwrap();
                (format!("src/{rel}"), text)
            })
            .collect();
        let (derived, hinted) = scan(&files);
        // The scan itself works: it finds types of several shapes and files.
        for name in [
            "IndexError",
            "UsageError",
            "ParseChecksumError",
            "HostConfigError",
        ] {
            assert!(derived.iter().any(|(d, _)| d == name), "{name} not found");
        }
        // The type's name: the last segment of its path on the list.
        let listed: Vec<&str> = HINTED
            .iter()
            .map(|(path, _)| path.rsplit("::").next().unwrap_or(path).trim())
            .collect();
        let problems = problems(&derived, &hinted, &listed);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_check_names_a_forgotten_type() {
        let files = vec![(
            "src/new.rs".to_string(),
            "/// A new error.\n#[derive(\n    Debug,\n    thiserror::Error,\n)]\n#[error(\"no\")]\npub struct FreshError;\n\n#[derive(Debug, Error)]\npub(crate) enum Other { #[error(\"x\")] X }\nimpl Hint for Other {}\n\n#[cfg(test)]\nmod tests {\n    #[derive(Debug, thiserror::Error)]\n    #[error(\"t\")]\n    struct OnlyInTests;\n}\n"
                .to_string(),
        )];
        let (derived, hinted) = scan(&files);
        assert_eq!(
            derived,
            [
                ("FreshError".to_string(), "src/new.rs".to_string()),
                ("Other".to_string(), "src/new.rs".to_string())
            ]
        );
        assert_eq!(
            problems(&derived, &hinted, &["Other"]),
            [
                "error type `FreshError` (src/new.rs) is missing from HINTED in src/render.rs",
                "error type `FreshError` (src/new.rs) has no `impl Hint for FreshError`",
            ]
        );
        assert_eq!(
            problems(&derived, &hinted, &["Other", "FreshError", "Gone"]),
            [
                "error type `FreshError` (src/new.rs) has no `impl Hint for FreshError`",
                "HINTED names `Gone`, which no file derives thiserror::Error for",
            ]
        );
    }

    #[test]
    fn hints_and_statuses_come_from_the_chain() {
        let usage = anyhow::Error::new(crate::error::UsageError {
            message: "bad".into(),
            hint: None,
        })
        .context("outer");
        assert_eq!(status_of(&usage), ExitStatus::Usage);
        let no_solution = anyhow::Error::new(crate::resolve::ResolveError::NoSolution {
            explanation: "because".into(),
            hint: "change it".into(),
        })
        .context("failed to install `a`");
        assert_eq!(status_of(&no_solution), ExitStatus::NoSolution);
        assert_eq!(
            no_solution.chain().find_map(hint_of).as_deref(),
            Some("change it")
        );
        let plain = crate::error::hinted("gone", "look elsewhere").context("failed");
        assert_eq!(status_of(&plain), ExitStatus::Failure);
        assert_eq!(
            plain.chain().find_map(hint_of).as_deref(),
            Some("look elsewhere")
        );
        assert_eq!(status_of(&anyhow::anyhow!("untyped")), ExitStatus::Failure);
    }
}

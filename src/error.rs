//! The edge where errors become output: the chain is printed once as `error:` and
//! `Caused by:` lines, the hint of the outermost typed error that has one follows as a `hint:` line, and the
//! failure maps to an exit code (documented in docs/exit-codes.md).

use crate::printer::Printer;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked.
    Success,
    /// 1: the command failed (bad input, network, checksum, conflict…).
    Failure,
    /// 2: the command line itself was wrong.
    Usage,
    /// 3: no combination of plugin versions satisfies the requirements.
    NoSolution,
}

impl ExitStatus {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::Usage => 2,
            Self::NoSolution => 3,
        }
    }
}

/// A command-line mistake found after parsing (exit code 2), with a hint.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
    /// What to type instead.
    pub hint: Option<String>,
}

/// An error with a hint attached, for failures found in the commands themselves.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct HintedError {
    /// What is wrong.
    pub message: String,
    /// What to do next.
    pub hint: String,
}

/// Returns a [`HintedError`] as an `anyhow::Error`.
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    HintedError {
        message: message.into(),
        hint: hint.into(),
    }
    .into()
}

fn hint_of(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = e.downcast_ref::<HintedError>() {
        return Some(e.hint.clone());
    }
    if let Some(e) = e.downcast_ref::<UsageError>() {
        return e.hint.clone();
    }
    if let Some(e) = e.downcast_ref::<crate::project::ProjectError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::project::lockfile::LockError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::source::index::IndexError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::resolve::ResolveError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::install::stage::StageError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::install::verify_archive::VerifyError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::source::http::HttpError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::source::credentials::CredentialError>() {
        if matches!(e, crate::source::credentials::CredentialError::NoConfigDir) {
            return Some(
                "set `PLUGIN_CONFIG_DIR` to the folder that should hold credentials.toml".into(),
            );
        }
    }
    if let Some(e) = e.downcast_ref::<crate::authoring::local_registry::RegistryError>() {
        return e.hint();
    }
    if let Some(e) = e.downcast_ref::<crate::install::archive::ArchiveError>() {
        return e.hint();
    }
    None
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
    if err.chain().any(|e| e.is::<UsageError>()) {
        ExitStatus::Usage
    } else if err.chain().any(|e| {
        matches!(
            e.downcast_ref::<crate::resolve::ResolveError>(),
            Some(crate::resolve::ResolveError::NoSolution { .. })
        )
    }) {
        ExitStatus::NoSolution
    } else {
        ExitStatus::Failure
    }
}

/// The JSON form of a failed command (see docs/json.md): the message, its causes, the hint
/// and the exit code.
pub fn to_json(command: &str, err: &anyhow::Error, status: ExitStatus) -> serde_json::Value {
    serde_json::json!({
        "version": 1,
        "command": command,
        "ok": false,
        "error": {
            "message": err.to_string(),
            "causes": err.chain().skip(1).map(|c| c.to_string()).collect::<Vec<_>>(),
            "hint": err.chain().find_map(hint_of),
            "exit_code": status.code(),
        },
    })
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

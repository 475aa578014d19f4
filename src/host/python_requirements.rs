//! The external requirements of installed plugins (`[requirements]` in plugin.toml), for
//! `plugin requirements` and the project's `requirements-command`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::host::PluginDir;

/// Python requirements (PEP 508 strings) with the plugins that want each, sorted and
/// deduplicated.
pub fn python(dir: &PluginDir) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in dir.plugins() {
        for req in p
            .manifest()
            .requirements
            .get("python")
            .into_iter()
            .flatten()
        {
            let wanted_by = out.entry(req.trim().to_string()).or_default();
            if !wanted_by.contains(&p.name().to_string()) {
                wanted_by.push(p.name().to_string());
            }
        }
    }
    out
}

/// The pip requirements-file form: one requirement a line, with `# PLUGIN, …` after it.
pub fn pip_text(reqs: &BTreeMap<String, Vec<String>>) -> String {
    reqs.iter()
        .map(|(r, by)| format!("{r}  # {}\n", by.join(", ")))
        .collect()
}

/// How a requirements command ended.
#[derive(Debug)]
pub enum CommandOutcome {
    /// Exit status 0.
    Succeeded,
    /// Another exit status (`None`: killed by a signal).
    Failed(Option<i32>),
    /// It could not be started.
    NotStarted(std::io::Error),
}

/// Where a requirements command's output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildOutput {
    /// Both its stdout and its stderr go to this process's stderr: stdout carries only
    /// plugin's own data (such as the `--json` document).
    Stderr,
    /// Both are discarded (`-q`); the exit status is still checked.
    Discard,
}

/// Runs `command` (its first word the program) with `{file}` replaced by a file holding
/// `requirements` in pip form, in `cwd`, its output going where `output` says (never to this
/// process's stdout); its stdin is this process's. `announce` is given the command line as it
/// is run, just before.
///
/// # Errors
/// I/O errors writing the temporary file.
pub fn run_command(
    command: &[String],
    requirements: &str,
    cwd: &Path,
    output: ChildOutput,
    announce: impl FnOnce(&[String]),
) -> std::io::Result<CommandOutcome> {
    let mut file = tempfile::Builder::new()
        .prefix("plugin-requirements-")
        .suffix(".txt")
        .tempfile()?;
    std::io::Write::write_all(&mut file, requirements.as_bytes())?;
    let path = file.path().display().to_string();
    let args: Vec<String> = command.iter().map(|a| a.replace("{file}", &path)).collect();
    let Some((program, rest)) = args.split_first() else {
        return Ok(CommandOutcome::Succeeded);
    };
    announce(&args);
    let mut child = Command::new(program);
    child.args(rest).current_dir(cwd);
    match output {
        ChildOutput::Stderr => {
            child
                .stdout(Stdio::from(std::io::stderr()))
                .stderr(Stdio::inherit());
        }
        ChildOutput::Discard => {
            child.stdout(Stdio::null()).stderr(Stdio::null());
        }
    }
    Ok(match child.status() {
        Ok(s) if s.success() => CommandOutcome::Succeeded,
        Ok(s) => CommandOutcome::Failed(s.code()),
        Err(e) => CommandOutcome::NotStarted(e),
    })
}

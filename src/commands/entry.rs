//! The binary's entry point: parse the command line with clap (a usage error still gets its
//! JSON document under `--json`), snapshot the environment, build the [`Context`], run the
//! command, and render any error once.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Color};
use crate::context::{Context, Modes};
use crate::env::{vars, Env};
use crate::printer::{ColorChoice, Printer, Verbosity};
use crate::render::report;

/// Runs the command line `args` (the program name first) and returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // clap prints its own usage errors and help: with the colour the line asks for.
    let clap_color = match color_requested(&args) {
        Some("never") => clap::ColorChoice::Never,
        Some("always") => clap::ColorChoice::Always,
        _ => clap::ColorChoice::Auto,
    };
    let parsed = {
        use clap::{CommandFactory, FromArgMatches};
        Cli::command()
            .color(clap_color)
            .try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if !e.use_stderr() {
                // `--help` and `--version`: text asked for, not a failure.
                return ExitCode::from(0);
            }
            if json_requested(&args) {
                let doc = crate::render::usage_json(usage_command(&args).as_deref(), &e);
                crate::render::print_document(&doc);
            }
            return ExitCode::from(crate::error::ExitStatus::Usage.code());
        }
    };
    let env = Env::from_process();
    let verbosity = if cli.global.quiet {
        Verbosity::Quiet
    } else if cli.global.verbose > 1 {
        Verbosity::Debug
    } else if cli.global.verbose > 0 {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let color = match cli.global.color {
        Color::Auto => ColorChoice::Auto,
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
    };
    // No bars under `--json`: its users are scripts, and stderr may still be a terminal.
    let printer = Printer::for_terminal(verbosity, color, &env.term(), !cli.global.json);
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            printer.error(format_args!("cannot read the current directory: {e}"));
            return ExitCode::from(1);
        }
    };
    let g = &cli.global;
    let frozen = g.frozen || env.is_true(vars::PLUGIN_FROZEN);
    let modes = Modes {
        locked: frozen || g.locked || env.is_true(vars::PLUGIN_LOCKED),
        offline: frozen || g.offline || env.is_true(vars::PLUGIN_OFFLINE),
        json: g.json,
        jobs: g.jobs,
        frozen,
    };
    let python = g
        .python
        .clone()
        .or_else(|| {
            env.get(vars::PLUGIN_PYTHON)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        })
        .map(|p| cwd.join(p));
    let env = env
        .with_command_line_mirrors(g.mirror.clone(), cwd.clone())
        .with_command_line_link_mode(g.link_mode.clone());
    let mut ctx = Context::new(cwd, env, printer, modes);
    ctx.python = python;
    let command = crate::commands::json_name(&cli.command);
    let status = match crate::commands::run(cli.command, &cli.global, &ctx) {
        Ok(s) => s,
        Err(e) => {
            let status = report(&ctx.printer, &e);
            if ctx.modes.json {
                let _ = ctx
                    .printer
                    .data(crate::render::to_json(command, &e, status));
            }
            status
        }
    };
    ExitCode::from(status.code())
}

/// Whether the raw command line asks for `--json`: the flag before any `--` (after it, the
/// words belong to the command `plugin run` starts). Used when clap refuses the command line,
/// so that even a usage error prints its JSON document.
/// The value of `--color WHEN` (or `--color=WHEN`) in a command line, before any `--`.
fn color_requested(args: &[OsString]) -> Option<&str> {
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .map_while(|a| a.to_str())
        .take_while(|a| *a != "--")
        .collect();
    words
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, w)| match w.strip_prefix("--color") {
            Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
            Some("") => words.get(i + 1).copied(),
            _ => None,
        })
}

fn json_requested(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// The command a refused command line names, as its JSON documents name it (`install`,
/// `cache dir`, ...), found the way clap would: the first word that is not an option or the
/// value of a global option is the command (its aliases included), and for `cache` and `index`
/// the next such word is the subcommand. `None` when no command is recognised.
fn usage_command(args: &[OsString]) -> Option<String> {
    use clap::CommandFactory;
    let root = Cli::command();
    // Options of the top level (the global ones) that take a value in the next word.
    let with_value: Vec<String> = root
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .flat_map(|a| {
            let long = a.get_long().map(|l| format!("--{l}"));
            let short = a.get_short().map(|s| format!("-{s}"));
            long.into_iter().chain(short)
        })
        .collect();
    let mut found: Option<&clap::Command> = None;
    let mut name: Vec<String> = Vec::new();
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if with_value.iter().any(|w| *w == word) {
            words.next();
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        let parent = found.unwrap_or(&root);
        match parent.find_subcommand(&*word) {
            Some(sub) => {
                name.push(sub.get_name().to_string());
                found = Some(sub);
                if !sub.has_subcommands() {
                    break;
                }
            }
            None => break,
        }
    }
    (!name.is_empty()).then(|| name.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        std::iter::once("plugin")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn usage_errors_know_their_command() {
        assert_eq!(
            usage_command(&words("--json install --bogus")).as_deref(),
            Some("install")
        );
        assert_eq!(
            usage_command(&words("--color never -j 2 cache prune --days x")).as_deref(),
            Some("cache prune")
        );
        assert_eq!(
            usage_command(&words("--json index")).as_deref(),
            Some("index")
        );
        assert_eq!(usage_command(&words("--json frobnicate")), None);
        assert_eq!(usage_command(&words("--manifest-path install")), None);
        assert!(json_requested(&words("tree --bogus --json")));
        assert!(!json_requested(&words("run -- tool --json")));
    }
}

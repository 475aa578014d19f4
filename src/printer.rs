//! All terminal output goes through [`Printer`] (STYLE.md habit 12).
//!
//! stdout carries data only (`plugin list` lines); stderr carries status lines, warnings,
//! errors and progress bars. Status lines use cargo's verbs right-aligned to 12 columns.
//! Progress bars are shown only when stderr is a terminal, `TERM` is not `dumb` and the
//! verbosity is normal; otherwise one plain line per plugin is printed.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// The default: status lines and warnings.
    Normal,
    /// `-v`: also details such as URLs fetched.
    Verbose,
}

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The one writer of user-visible output.
#[derive(Debug, Clone)]
pub struct Printer {
    verbosity: Verbosity,
    color: bool,
    /// Whether progress bars are shown.
    progress: bool,
    /// The bar on screen, if any (one at a time): lines printed meanwhile suspend it so that
    /// they do not tear it.
    live: Arc<Mutex<Option<ProgressBar>>>,
}

const GREEN: &str = "\x1b[1;32m";
const YELLOW: &str = "\x1b[1;33m";
const RED: &str = "\x1b[1;31m";
const CYAN: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

impl Printer {
    /// A printer for the given settings; `no_color` is whether `NO_COLOR` is set (non-empty),
    /// `dumb_term` whether `TERM=dumb`.
    pub fn new(verbosity: Verbosity, color: ColorChoice, no_color: bool, dumb_term: bool) -> Self {
        let tty = io::stderr().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color && !dumb_term,
        };
        let progress = tty && !dumb_term && verbosity == Verbosity::Normal;
        Self {
            verbosity,
            color,
            progress,
            live: Arc::default(),
        }
    }

    /// The verbosity in force.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Writes one line to stderr, suspending the live progress bar meanwhile.
    fn line(&self, text: std::fmt::Arguments<'_>) {
        let live = self.live.lock().ok().and_then(|l| l.clone());
        match live {
            Some(bar) => bar.suspend(|| {
                let _ = writeln!(io::stderr(), "{text}");
            }),
            None => {
                let _ = writeln!(io::stderr(), "{text}");
            }
        }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// A status line such as `  Installing stoq-hash v1.1.0`, on stderr, unless quiet.
    pub fn status(&self, verb: &str, message: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Normal {
            let verb = self.paint(GREEN, &format!("{verb:>12}"));
            self.line(format_args!("{verb} {message}"));
        }
    }

    /// A per-plugin progress line (`Downloading stoq-hash v1.1.0`): printed when no progress
    /// bar shows the same thing, hidden with `-q`.
    pub fn progress_line(&self, verb: &str, message: impl std::fmt::Display) {
        if !self.progress {
            self.status(verb, message);
        }
    }

    /// A plain line on stderr, unless quiet.
    pub fn info(&self, message: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Normal {
            self.line(format_args!("{message}"));
        }
    }

    /// A detail shown with `-v` only.
    pub fn verbose(&self, message: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Verbose {
            let _ = writeln!(
                io::stderr(),
                "{} {message}",
                self.paint(CYAN, "     verbose:")
            );
        }
    }

    /// `warning: ...` on stderr, unless quiet.
    pub fn warn(&self, message: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Normal {
            self.line(format_args!("{}: {message}", self.paint(YELLOW, "warning")));
        }
    }

    /// `error: ...` on stderr, always.
    pub fn error(&self, message: impl std::fmt::Display) {
        let _ = writeln!(io::stderr(), "{}: {message}", self.paint(RED, "error"));
    }

    /// `hint: ...` on stderr, always (it belongs to an error).
    pub fn hint(&self, message: impl std::fmt::Display) {
        let _ = writeln!(io::stderr(), "{}: {message}", self.paint(CYAN, "hint"));
    }

    /// A raw line on stderr, always (error chains).
    pub fn raw_err(&self, message: impl std::fmt::Display) {
        let _ = writeln!(io::stderr(), "{message}");
    }

    /// A line of data on stdout. A closed pipe (`plugin list | head`) is not an error.
    ///
    /// # Errors
    /// I/O errors other than a broken pipe.
    pub fn data(&self, line: impl std::fmt::Display) -> io::Result<()> {
        match writeln!(io::stdout().lock(), "{line}") {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// A byte-counting progress bar for a download of `len` bytes (if known); hidden when
    /// progress bars are off.
    pub fn download_bar(&self, label: &str, len: Option<u64>) -> ProgressBar {
        let bar = match len {
            Some(n) => ProgressBar::new(n),
            None => ProgressBar::new_spinner(),
        };
        self.add_bar(
            bar,
            "{prefix:>12.cyan.bold} {msg} [{bar:30}] {bytes}/{total_bytes}",
            "Downloading",
            label,
        )
    }

    /// A spinner for one step of one plugin, such as `Unpacking stoq-hash`; hidden when
    /// progress bars are off.
    pub fn spinner(&self, verb: &str, label: &str) -> ProgressBar {
        self.add_bar(
            ProgressBar::new_spinner(),
            "{prefix:>12.cyan.bold} {spinner} {msg}",
            verb,
            label,
        )
    }

    /// Clears a bar made by this printer.
    pub fn finish_bar(&self, bar: &ProgressBar) {
        bar.finish_and_clear();
        if let Ok(mut live) = self.live.lock() {
            *live = None;
        }
    }

    fn add_bar(&self, bar: ProgressBar, template: &str, prefix: &str, msg: &str) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(prefix.to_string());
        bar.set_message(msg.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        if let Ok(mut live) = self.live.lock() {
            *live = Some(bar.clone());
        }
        bar
    }
}

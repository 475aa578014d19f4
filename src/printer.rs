//! All terminal output goes through [`Printer`].
//!
//! stdout carries data only (`plugin list` lines); stderr carries status lines, warnings,
//! errors and progress bars. Status lines use cargo's verbs right-aligned to 12 columns.
//!
//! Progress bars are shown only when stderr is a terminal, `TERM` is not `dumb`, the
//! verbosity is normal and `--json` is not given; otherwise one plain line per plugin is
//! printed. Every bar belongs to one [`MultiProgress`]: a bar is cleared when its step ends, a
//! total line at the bottom counts the plugins done and the bytes downloaded, and every line
//! printed while bars are on screen goes through [`MultiProgress::suspend`], so nothing tears
//! them.
//!
//! Colour is decided once, by [`ColorChoice::resolve`], and applies to every line and bar:
//! the styles come from `anstyle` (as clap's), the bars' from `console`'s switch that
//! `indicatif` honours, and the bar templates carry no colour when it is off.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};
use indicatif::{
    HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle,
};

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// The default: status lines and warnings.
    Normal,
    /// `-v`: also each request (method, URL, status, bytes, time).
    Verbose,
    /// `-vv`: also the decisions: lock kept or resolved anew, cache hit or miss.
    Debug,
}

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal, unless the environment says otherwise (see
    /// [`ColorChoice::resolve`]).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// What the environment says about colour and the terminal, read from the
/// [`crate::env::Env`] snapshot by [`crate::env::Env::term`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermEnv {
    /// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set, not empty and not `0` (<https://bixense.com/clicolors/>).
    pub clicolor_force: bool,
    /// `FORCE_COLOR` is set, not empty and not `0` (<https://force-color.org>).
    pub force_color: bool,
    /// `CLICOLOR=0`: no colour unless forced (<https://bixense.com/clicolors/>).
    pub clicolor_off: bool,
    /// `TERM=dumb`: no progress bars, and no colour unless forced.
    pub dumb_term: bool,
}

impl ColorChoice {
    /// Whether to colour stderr, given the environment and whether stderr is a terminal.
    ///
    /// Precedence, first match wins:
    /// 1. `--color never` / `--color always` (a flag wins over the environment);
    /// 2. `NO_COLOR` (non-empty): no colour — it wins over the variables that force colour,
    ///    as no-color.org asks;
    /// 3. `CLICOLOR_FORCE` or `FORCE_COLOR` (non-empty, not `0`): colour, even when stderr is
    ///    not a terminal or `TERM=dumb`;
    /// 4. `CLICOLOR=0` or `TERM=dumb`: no colour;
    /// 5. colour when stderr is a terminal.
    pub fn resolve(self, env: &TermEnv, tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env.no_color => false,
            ColorChoice::Auto if env.clicolor_force || env.force_color => true,
            ColorChoice::Auto if env.clicolor_off || env.dumb_term => false,
            ColorChoice::Auto => tty,
        }
    }
}

/// The one writer of user-visible output.
#[derive(Debug, Clone)]
pub struct Printer {
    verbosity: Verbosity,
    color: bool,
    /// The owner of every bar; `None` when progress bars are off.
    multi: Option<MultiProgress>,
    /// The total line of the plugins being fetched, if any, with the bytes downloaded.
    total: Arc<Mutex<Option<ProgressBar>>>,
    /// Bytes downloaded so far in this run, for the total line.
    bytes: Arc<AtomicU64>,
    /// When the printer was made (at start-up): the summary says how long the run took.
    started: Instant,
}

const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const CYAN: Style = AnsiColor::Cyan.on_default().bold();

/// How often bars are redrawn while nothing arrives (spinners).
const TICK: Duration = Duration::from_millis(100);

impl Printer {
    /// A printer for the given settings; `no_color` is whether `NO_COLOR` is set (non-empty),
    /// `dumb_term` whether `TERM=dumb`. See [`Printer::for_terminal`] for the whole
    /// environment.
    pub fn new(verbosity: Verbosity, color: ColorChoice, no_color: bool, dumb_term: bool) -> Self {
        let env = TermEnv {
            no_color,
            dumb_term,
            ..TermEnv::default()
        };
        Self::for_terminal(verbosity, color, &env, true)
    }

    /// A printer for `verbosity`, colouring as [`ColorChoice::resolve`] decides for `env` and
    /// stderr; progress bars are drawn when `bars` (false under `--json`), stderr is a
    /// terminal, `TERM` is not `dumb` and the verbosity is normal.
    pub fn for_terminal(
        verbosity: Verbosity,
        color: ColorChoice,
        env: &TermEnv,
        bars: bool,
    ) -> Self {
        let tty = io::stderr().is_terminal();
        let color = color.resolve(env, tty);
        let progress = bars && tty && !env.dumb_term && verbosity == Verbosity::Normal;
        // The bars' styles are `console`'s, which indicatif applies only when this switch is
        // on (it would otherwise read the environment itself).
        console::set_colors_enabled_stderr(color);
        let multi = progress.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self {
            verbosity,
            color,
            multi,
            total: Arc::default(),
            bytes: Arc::default(),
            started: Instant::now(),
        }
    }

    /// The verbosity in force.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether lines and bars are coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// How long ago the printer was made (at start-up).
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Writes one line to stderr; while bars are on screen they are hidden meanwhile and
    /// drawn again below it.
    fn line(&self, text: std::fmt::Arguments<'_>) {
        let write = || {
            let _ = writeln!(io::stderr().lock(), "{text}");
        };
        match &self.multi {
            Some(multi) => multi.suspend(write),
            None => write(),
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
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
        if self.multi.is_none() {
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
            self.line(format_args!(
                "{} {message}",
                self.paint(CYAN, "     verbose:")
            ));
        }
    }

    /// `   debug: ...` on stderr with `-vv`: why `plugin` did what it did.
    pub fn debug(&self, message: impl std::fmt::Display) {
        if self.verbosity >= Verbosity::Debug {
            self.line(format_args!(
                "{} {message}",
                self.paint(CYAN, "       debug:")
            ));
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
        self.line(format_args!("{}: {message}", self.paint(RED, "error")));
    }

    /// `hint: ...` on stderr, always (it belongs to an error).
    pub fn hint(&self, message: impl std::fmt::Display) {
        self.line(format_args!("{}: {message}", self.paint(CYAN, "hint")));
    }

    /// A raw line on stderr, always (error chains).
    pub fn raw_err(&self, message: impl std::fmt::Display) {
        self.line(format_args!("{message}"));
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

    /// A byte-counting progress bar for a download of `len` bytes (if known), for the plugin
    /// `label`; hidden when progress bars are off. Count bytes with [`Printer::downloaded`],
    /// end it with [`Printer::finish_bar`].
    pub fn download_bar(&self, label: &str, len: Option<u64>) -> ProgressBar {
        let (bar, template) = match len {
            Some(n) => (
                unattached(Some(n)),
                "{prefix:>12.cyan.bold} {msg} [{bar:30}] {bytes}/{total_bytes}",
            ),
            None => (
                unattached(None),
                "{prefix:>12.cyan.bold} {spinner} {msg} {bytes}",
            ),
        };
        self.add_bar(bar, template, "Downloading", label)
    }

    /// Counts `n` more bytes downloaded under `bar`, and in the total line.
    pub fn downloaded(&self, bar: &ProgressBar, n: u64) {
        bar.inc(n);
        if self.multi.is_none() {
            // No bars are drawn: nothing to count for (this runs for every chunk read).
            return;
        }
        let bytes = self.bytes.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(total) = self.total.lock().ok().and_then(|t| t.clone()) {
            total.set_message(HumanBytes(bytes).to_string());
        }
    }

    /// A spinner for one step of one plugin, such as `Unpacking stoq-hash`; hidden when
    /// progress bars are off.
    pub fn spinner(&self, verb: &str, label: &str) -> ProgressBar {
        self.add_bar(
            unattached(None),
            "{prefix:>12.cyan.bold} {spinner} {msg}",
            verb,
            label,
        )
    }

    /// Clears a bar made by this printer and takes it off the screen.
    pub fn finish_bar(&self, bar: &ProgressBar) {
        bar.finish_and_clear();
        if let Some(multi) = &self.multi {
            multi.remove(bar);
        }
    }

    /// The total line of `count` plugins being fetched and unpacked (`Fetching [==>   ] 2/6
    /// plugins, 1.20 MiB`: plugins ready, and bytes downloaded), below their own bars; call [`TotalBar::done`] as each plugin is
    /// ready. It is cleared when dropped. Hidden when progress bars are off or `count` is 0.
    pub fn total_bar(&self, count: usize) -> TotalBar {
        let bar = match &self.multi {
            Some(multi) if count > 0 => {
                let bar = unattached(Some(count as u64));
                bar.set_prefix("Fetching");
                bar.set_message(HumanBytes(self.bytes.load(Ordering::Relaxed)).to_string());
                let bar = multi.add(bar);
                // Styled once it draws to stderr: indicatif then takes the colour switch of
                // stderr, not of stdout.
                bar.set_style(
                    self.style("{prefix:>12.green.bold} [{bar:30}] {pos}/{len} plugins, {msg}"),
                );
                bar.enable_steady_tick(TICK);
                if let Ok(mut total) = self.total.lock() {
                    *total = Some(bar.clone());
                }
                bar
            }
            _ => ProgressBar::hidden(),
        };
        TotalBar {
            bar,
            printer: self.clone(),
        }
    }

    /// The style of `template`, without its colours when colour is off.
    fn style(&self, template: &str) -> ProgressStyle {
        let template = if self.color {
            template.to_string()
        } else {
            uncolored(template)
        };
        ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ")
    }

    fn add_bar(&self, bar: ProgressBar, template: &str, prefix: &str, msg: &str) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        bar.set_prefix(prefix.to_string());
        bar.set_message(msg.to_string());
        // Each plugin's bar goes above the total line, which stays at the bottom.
        let total = self.total.lock().ok().and_then(|t| t.clone());
        let bar = match total {
            Some(total) => multi.insert_before(&total, bar),
            None => multi.add(bar),
        };
        // Styled once it draws to stderr (see `total_bar`).
        bar.set_style(self.style(template));
        bar.enable_steady_tick(TICK);
        bar
    }
}

/// A bar that draws nowhere until a [`MultiProgress`] takes it (`ProgressBar::new` would
/// draw to stderr on its own, beside the others, while it is being set up), cleared when it
/// is dropped unfinished.
fn unattached(len: Option<u64>) -> ProgressBar {
    ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden())
        .with_finish(ProgressFinish::AndClear)
}

/// The total line made by [`Printer::total_bar`]; cleared when dropped.
#[derive(Debug)]
pub struct TotalBar {
    bar: ProgressBar,
    printer: Printer,
}

impl TotalBar {
    /// One more plugin is ready.
    pub fn done(&self) {
        self.bar.inc(1);
    }
}

impl Drop for TotalBar {
    fn drop(&mut self) {
        if let Ok(mut total) = self.printer.total.lock() {
            *total = None;
        }
        self.printer.finish_bar(&self.bar);
    }
}

/// `template` without the colour and emphasis of its `{key:...}` fields
/// (`{prefix:>12.cyan.bold}` becomes `{prefix:>12}`), in indicatif's template syntax.
fn uncolored(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let field = &rest[open..open + close];
        // `{key:align width.style.style}`: the styles follow the first `.` after the `:`.
        match field
            .find(':')
            .and_then(|c| field[c..].find('.').map(|d| c + d))
        {
            Some(dot) => out.push_str(&field[..dot]),
            None => out.push_str(field),
        }
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `elapsed` as the summary line shows it: `850ms`, `1.24s`, `2m 05s`.
pub fn human_duration(elapsed: Duration) -> String {
    let ms = elapsed.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.2}s", elapsed.as_secs_f64())
    } else {
        let s = elapsed.as_secs();
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_lose_their_colours() {
        assert_eq!(
            uncolored("{prefix:>12.cyan.bold} {spinner} {msg} [{bar:30}] {bytes}/{total_bytes}"),
            "{prefix:>12} {spinner} {msg} [{bar:30}] {bytes}/{total_bytes}"
        );
        assert_eq!(uncolored("{bar:30.green/blue} x"), "{bar:30} x");
    }

    #[test]
    fn colour_precedence() {
        let env = |f: fn(&mut TermEnv)| {
            let mut e = TermEnv::default();
            f(&mut e);
            e
        };
        let forced = env(|e| e.clicolor_force = true);
        let both = env(|e| {
            e.clicolor_force = true;
            e.no_color = true;
        });
        assert!(!ColorChoice::Never.resolve(&forced, true));
        assert!(ColorChoice::Always.resolve(&env(|e| e.no_color = true), false));
        assert!(!ColorChoice::Auto.resolve(&both, true), "NO_COLOR wins");
        assert!(ColorChoice::Auto.resolve(&forced, false));
        assert!(ColorChoice::Auto.resolve(&env(|e| e.force_color = true), false));
        assert!(!ColorChoice::Auto.resolve(&TermEnv::default(), false));
        assert!(ColorChoice::Auto.resolve(&TermEnv::default(), true));
        assert!(!ColorChoice::Auto.resolve(&env(|e| e.dumb_term = true), true));
        assert!(!ColorChoice::Auto.resolve(&env(|e| e.clicolor_off = true), true));
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(Duration::from_millis(850)), "850ms");
        assert_eq!(human_duration(Duration::from_millis(1240)), "1.24s");
        assert_eq!(human_duration(Duration::from_secs(125)), "2m 05s");
    }
}

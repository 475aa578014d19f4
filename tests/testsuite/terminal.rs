//! What a user sees in a real terminal (issue #14): the binary runs inside a tmux server of
//! the test's own (private socket, fixed window size), installs six plugins in parallel from a
//! loopback server that holds half of every archive back until the bars are on screen, and the
//! final screen is read with `capture-pane`: no bar is left behind, the summary line appears
//! once, every plugin has its line. tmux comes from the distribution (`.ci/run` installs it).
//!
//! Also, outside a terminal: whether stderr carries colour under `--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE` and `FORCE_COLOR`, as `ColorChoice::resolve` documents.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::registry::{Package, TestRegistry};
use crate::support::{noise, TestProject, TestServer};

/// How long the test waits for the screen or the binary to reach a state.
const WAIT: Duration = Duration::from_secs(60);

/// Poll interval of the waits.
const POLL: Duration = Duration::from_millis(50);

/// The plugins installed.
const NAMES: [&str; 6] = [
    "alpha-one",
    "beta-two",
    "gamma-three",
    "delta-four",
    "epsilon-five",
    "zeta-six",
];

/// `s` quoted for a POSIX shell.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A tmux server of the test's own, on a socket in a temp folder; killed when dropped (also
/// when the test panics): through its socket, else by its process id.
struct Tmux {
    socket: PathBuf,
    /// The server's process id, once it runs.
    pid: Option<u32>,
}

impl Tmux {
    /// A `tmux` command on this server, with no configuration file and a clean environment.
    fn cmd(&self, home: &Path) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .env_clear()
            .env("HOME", home)
            .stdin(Stdio::null());
        #[allow(clippy::disallowed_methods)]
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd
    }

    /// Runs `tmux ARGS`, panicking when it fails.
    fn run(&self, home: &Path, args: &[&str]) -> Output {
        let out =
            self.cmd(home).args(args).output().unwrap_or_else(|e| {
                panic!("cannot run tmux (install it: apt-get install tmux): {e}")
            });
        assert!(
            out.status.success(),
            "tmux {args:?}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The visible screen of the window, as text; with `escapes`, with its colours and
    /// attributes as escape sequences.
    fn screen(&self, home: &Path, escapes: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-t", "t"];
        if escapes {
            args.push("-e");
        }
        let out = self.run(home, &args);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Tmux {
    /// Starts a tmux server of its own on a socket in `scratch`, with one `rows`-line window
    /// that runs `command` (shell words, quoted) in `p`'s folder with `p`'s HOME, the pane's
    /// TERM, `env` (`NAME=VALUE ` words) and nothing else of the test's environment. The pane
    /// stays open after the command ends, so that its last screen can be read; the command's
    /// exit status is written to the returned file when it ends.
    fn start(
        p: &TestProject,
        scratch: &Path,
        env: &str,
        command: &str,
        rows: u16,
    ) -> (Tmux, PathBuf) {
        let status_file = scratch.join("status");
        let script = scratch.join("run.sh");
        std::fs::write(
            &script,
            format!(
                "cd {dir}\nenv -i HOME={home} PATH=\"$PATH\" TERM=\"$TERM\" {env}{command}\necho $? > {status}.tmp\nmv {status}.tmp {status}\nexec sleep 300\n",
                dir = sh_quote(&p.dir().display().to_string()),
                home = sh_quote(&p.home().display().to_string()),
                status = sh_quote(&status_file.display().to_string()),
            ),
        )
        .expect("write script");
        let mut tmux = Tmux {
            socket: scratch.join("socket"),
            pid: None,
        };
        let script_arg = format!("sh {}", sh_quote(&script.display().to_string()));
        let rows = rows.to_string();
        tmux.run(
            p.home(),
            &[
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                &rows,
                &script_arg,
            ],
        );
        let pid = tmux
            .run(p.home(), &["display-message", "-p", "#{pid}"])
            .stdout;
        tmux.pid = String::from_utf8_lossy(&pid).trim().parse().ok();
        assert!(tmux.pid.is_some(), "no pid from tmux: {pid:?}");
        (tmux, status_file)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let killed = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if let (false, Some(pid)) = (killed, self.pid) {
            let _ = Command::new("kill")
                .arg(pid.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Waits (at most [`WAIT`]) until `done` holds, panicking with `what` and `last()` after that.
fn wait_for(what: &str, mut done: impl FnMut() -> bool, last: impl Fn() -> String) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(
            Instant::now() < deadline,
            "gave up waiting for {what}; the screen:\n{}",
            last()
        );
        std::thread::sleep(POLL);
    }
}

/// An install of [`NAMES`] running in a tmux window, from a server that holds half of every
/// archive back until [`Session::release`].
struct Session {
    // Declared first, so dropped first: the tmux server is killed while its socket, in
    // `p`'s folder, is still there.
    tmux: Tmux,
    p: TestProject,
    server: TestServer,
    status_file: PathBuf,
}

impl Session {
    /// Starts `plugin install NAMES... ARGS` in a new 100x40 tmux window.
    fn start(args: &[&str]) -> Session {
        let p = TestProject::new();
        let mut reg = TestRegistry::new(p.scratch("registry"));
        for (i, name) in NAMES.iter().enumerate() {
            reg.publish(
                Package::new(name, "1.0.0")
                    .file(
                        &format!("{}/__init__.py", name.replace('-', "_")),
                        "x = 1\n",
                    )
                    .file("blob.bin", noise(256 << 10, 0x9e37_79b9 + i as u64)),
            );
        }
        let server = TestServer::serve(reg.root());
        for name in NAMES {
            let len = std::fs::metadata(reg.archive_path(name, "1.0.0"))
                .expect("archive")
                .len() as usize;
            server.pause_after(&reg.archive_rel(name, "1.0.0"), len / 2);
        }

        let scratch = p.scratch("tmux");
        std::fs::create_dir_all(&scratch).expect("mkdir");
        let mut command = vec![
            env!("CARGO_BIN_EXE_plugin").to_string(),
            "install".to_string(),
        ];
        command.extend(NAMES.iter().map(|n| n.to_string()));
        command.extend(["--registry".to_string(), server.url()]);
        command.extend(args.iter().map(|a| a.to_string()));
        let command = command
            .iter()
            .map(|a| sh_quote(a))
            .collect::<Vec<_>>()
            .join(" ");
        let (tmux, status_file) = Tmux::start(&p, &scratch, "", &command, 40);
        Session {
            tmux,
            p,
            server,
            status_file,
        }
    }

    /// The screen as text; with `escapes`, with its colours and attributes as escape sequences
    /// (`capture-pane -e`).
    fn screen(&self, escapes: bool) -> String {
        self.tmux.screen(self.p.home(), escapes)
    }

    /// Waits while the archives are held back until the bars are drawn (one per download
    /// and the total line), and returns that screen with its escape sequences.
    fn bars(&self) -> String {
        wait_for(
            "the download bars and the total line",
            || {
                let s = self.screen(false);
                s.contains("Downloading") && s.contains("/6 plugins")
            },
            || self.screen(false),
        );
        self.screen(true)
    }

    /// Lets the downloads end, waits for the binary to exit successfully and returns the
    /// final screen.
    fn finish(&self) -> String {
        self.server.release();
        wait_for(
            "the install to end",
            || self.status_file.exists(),
            || self.screen(false),
        );
        let screen = self.screen(false);
        let code = std::fs::read_to_string(&self.status_file).expect("status");
        assert_eq!(
            code.trim(),
            "0",
            "plugin install failed; the screen:\n{screen}"
        );
        for name in NAMES {
            assert!(
                self.p.exists(&format!("plugins/{name}/blob.bin")),
                "{name} installed"
            );
        }
        screen
    }
}

#[test]
fn parallel_installs_in_a_terminal_leave_no_bar_and_one_summary() {
    let s = Session::start(&[]);
    s.bars();
    let screen = s.finish();
    let stale: Vec<&str> = screen
        .lines()
        .filter(|l| {
            ["Downloading", "Unpacking", "Fetching", "/6 plugins", "[="]
                .iter()
                .any(|bar| l.contains(bar))
        })
        .collect();
    assert!(stale.is_empty(), "bars left on screen: {stale:?}\n{screen}");
    let summaries = screen
        .lines()
        .filter(|l| l.starts_with("Installed 6 plugins in "))
        .count();
    assert_eq!(summaries, 1, "one summary line:\n{screen}");
    for name in NAMES {
        let line = format!("Installed {name} v1.0.0");
        assert_eq!(
            screen.lines().filter(|l| l.contains(&line)).count(),
            1,
            "one `{line}`:\n{screen}"
        );
    }
}

/// The lines of `screen` that show a bar (`Downloading NAME [==> ] 1 KiB/2 KiB` or the total
/// line), not the plain `Downloading NAME v1.0.0` lines printed when there are no bars.
fn bar_lines(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|l| l.contains("/6 plugins") || (l.contains("Downloading") && l.contains('[')))
        .collect()
}

#[test]
fn bars_are_coloured_in_a_terminal_unless_color_never() {
    let coloured = Session::start(&[]);
    let bars = coloured.bars();
    assert!(
        bar_lines(&bars).iter().all(|l| l.contains("\x1b[")),
        "bars without colour under --color auto in a terminal:\n{bars}"
    );
    coloured.finish();

    let plain = Session::start(&["--color", "never"]);
    let bars = plain.bars();
    let lines = bar_lines(&bars);
    assert!(!lines.is_empty(), "{bars}");
    assert!(
        lines.iter().all(|l| !l.contains("\x1b[")),
        "colour under --color never:\n{bars}"
    );
    let screen = plain.finish();
    assert!(screen.contains("Installed 6 plugins in "), "{screen}");
}

/// The `.partial` downloads in the staging area of `p` that hold bytes already.
fn partial_downloads(p: &TestProject) -> usize {
    std::fs::read_dir(p.path("plugins/.plugin/staging"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                .filter(|e| e.metadata().is_ok_and(|m| m.len() > 0))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn no_bars_in_a_terminal_with_quiet_or_json() {
    for args in [&["--quiet"][..], &["--json"][..]] {
        let s = Session::start(args);
        // Every download has begun (its bar, if any, was made before its first byte was
        // written); the screen stays free of bars for a while after that.
        wait_for(
            "six downloads to begin",
            || partial_downloads(&s.p) == NAMES.len(),
            || s.screen(false),
        );
        let watch = Instant::now() + Duration::from_secs(1);
        while Instant::now() < watch {
            let screen = s.screen(false);
            assert!(
                bar_lines(&screen).is_empty(),
                "bars under {args:?}:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
        let screen = s.finish();
        assert!(
            bar_lines(&screen).is_empty(),
            "bars under {args:?}:\n{screen}"
        );
        if args == ["--quiet"] {
            assert!(!screen.contains("Installed"), "quiet:\n{screen}");
        }
    }
}

#[test]
fn outside_a_terminal_each_download_has_one_plain_line_and_the_summary_is_last() {
    let p = TestProject::new();
    let mut reg = TestRegistry::new(p.scratch("registry"));
    for name in NAMES {
        reg.publish(Package::new(name, "1.0.0").file("blob.bin", noise(64 << 10, 7)));
    }
    let server = TestServer::serve(reg.root());
    let mut cmd = p.plugin(["install", "--registry", &server.url()]);
    for name in NAMES {
        cmd = cmd.arg(name);
    }
    let out = cmd.run();
    out.success();
    assert!(!out.stderr.contains('\r'), "a bar was drawn:\n{out}");
    for name in NAMES {
        let line = format!("Downloading {name} v1.0.0\n");
        assert_eq!(out.stderr.matches(&line).count(), 1, "{line}{out}");
    }
    let summaries: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("Installed "))
        .collect();
    assert_eq!(summaries.len(), 1, "{out}");
    assert!(summaries[0].starts_with("Installed 6 plugins in "), "{out}");

    // An upgrade that pulls in a new dependency counts both, the rest not at all.
    reg.publish(Package::new("omega", "1.0.0").file("o.txt", "o"));
    reg.publish(
        Package::new("alpha-one", "1.1.0")
            .dep("omega", "^1")
            .file("blob.bin", "new"),
    );
    let out = p.run(["upgrade", "alpha-one"]);
    out.success();
    assert_eq!(
        out.stderr
            .lines()
            .filter(|l| l.starts_with("Installed 1 plugin, upgraded 1 in "))
            .count(),
        1,
        "{out}"
    );
    let out = p.run(["uninstall", "beta-two", "gamma-three"]);
    out.success();
    assert!(
        out.stderr
            .lines()
            .any(|l| l.starts_with("Removed 2 plugins in ")),
        "{out}"
    );
    let out = p.run(["install"]);
    out.success().stderr_has("up to date");
    assert!(
        !out.stderr.contains(" plugins in ") && !out.stderr.contains(" plugin in "),
        "{out}"
    );
}

/// A project with `stoq-hash` to install from the sample registry on disk (no network).
fn color_project() -> (TestProject, String) {
    let p = TestProject::new();
    let registry = crate::support::registry_index_dir().display().to_string();
    (p, registry)
}

/// Whether stderr of `plugin install stoq-hash` (not a terminal) carries an escape sequence,
/// with `args` added and `env` set (`NO_COLOR` is unset unless `env` sets it).
fn colored(args: &[&str], env: &[(&str, &str)]) -> bool {
    let (p, registry) = color_project();
    let mut cmd = p
        .plugin(["install", "stoq-hash", "--registry", &registry])
        .env("NO_COLOR", "");
    for a in args {
        cmd = cmd.arg(*a);
    }
    for (k, v) in env {
        cmd = cmd.env(*k, *v);
    }
    let out = cmd.run();
    out.success();
    assert!(out.stderr.contains("Installed"), "{out}");
    out.stderr.contains("\x1b[")
}

#[test]
fn no_colour_outside_a_terminal_by_default() {
    assert!(!colored(&[], &[]));
}

#[test]
fn color_always_colours_outside_a_terminal() {
    assert!(colored(&["--color", "always"], &[]));
    assert!(
        colored(&["--color", "always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
}

#[test]
fn clicolor_force_and_force_color_colour_outside_a_terminal() {
    assert!(colored(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(colored(&[], &[("FORCE_COLOR", "1")]));
    assert!(
        !colored(&[], &[("CLICOLOR_FORCE", "0")]),
        "0 does not force"
    );
    assert!(
        !colored(&[], &[("FORCE_COLOR", "")]),
        "empty does not force"
    );
}

#[test]
fn no_color_and_color_never_win_over_forcing_variables() {
    for forcing in ["CLICOLOR_FORCE", "FORCE_COLOR"] {
        assert!(
            !colored(&[], &[(forcing, "1"), ("NO_COLOR", "1")]),
            "{forcing} with NO_COLOR"
        );
        assert!(
            !colored(&["--color", "never"], &[(forcing, "1")]),
            "{forcing} with --color never"
        );
    }
}

/// `plugin login` on a terminal reads the token with echo off: it never shows on the screen.
#[test]
fn login_on_a_terminal_does_not_echo_the_token() {
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        "[registries]\ndefault = \"http://127.0.0.1:9/index/\"\n\n[plugins]\n",
    );
    let scratch = p.scratch("tmux");
    let config = p.scratch("config");
    let (tmux, status_file) = Tmux::start(
        &p,
        &scratch,
        &format!(
            "PLUGIN_CONFIG_DIR={} ",
            sh_quote(&config.display().to_string())
        ),
        &format!("{} login default", sh_quote(env!("CARGO_BIN_EXE_plugin"))),
        20,
    );
    let screen = || tmux.screen(p.home(), false);
    wait_for(
        "the token prompt",
        || screen().contains("paste the token"),
        screen,
    );
    let token = "tok-8f2c91d0a7b34e65";
    tmux.run(p.home(), &["send-keys", "-t", "t", "-l", token]);
    tmux.run(p.home(), &["send-keys", "-t", "t", "Enter"]);
    wait_for("login to end", || status_file.exists(), screen);
    let shown = screen();
    assert_eq!(
        std::fs::read_to_string(&status_file)
            .expect("status")
            .trim(),
        "0",
        "{shown}"
    );
    assert!(!shown.contains(token), "the token was echoed:\n{shown}");
    let stored = std::fs::read_to_string(config.join("credentials.toml")).expect("stored");
    assert!(stored.contains(token), "the token was stored");
}

#[test]
fn usage_errors_follow_color_too() {
    let p = TestProject::new();
    let out = p
        .plugin(["--color", "never", "instal"])
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        !out.stderr.contains('\u{1b}'),
        "no colour: {:?}",
        out.stderr
    );
    out.stderr_has("unrecognized subcommand 'instal'");
    let out = p.run(["--color=always", "instal"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("\u{1b}["), "colour: {:?}", out.stderr);
}

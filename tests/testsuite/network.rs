//! The network layer: retries, timeouts, cut downloads, hung, dripping and endless servers,
//! unreachable registries, and revalidation behind static servers (python's http.server, nginx)
//! without an `ETag`.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::support::private::{
    assert_stoq_installed, http_project, STOQ_ARCHIVE, TIMEOUT_RUN_LIMIT,
};
use crate::support::{
    assert_same_tree, index_rel_path, project_with_another_plugin, unreachable_url, ServedRegistry,
    TestProject, TestServer,
};

/// The plugin the revalidation tests publish, version after version.
const NAME: &str = "fresh-plug";

/// Slack over a configured bound for process start-up, backoff and a slow, shared machine.
const SLACK: Duration = Duration::from_secs(8);

/// A server process started by a test; killed (and reaped) when dropped.
struct Proc {
    child: Child,
    what: &'static str,
    log: Option<PathBuf>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    /// Waits until `port` accepts connections (at most 20 s), or panics with the server's log.
    fn wait_listening(mut self, port: u16) -> Self {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return self;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                let log = self
                    .log
                    .as_ref()
                    .and_then(|l| std::fs::read_to_string(l).ok())
                    .unwrap_or_default();
                panic!(
                    "{} exited with {status} before listening:\n{err}\n{log}",
                    self.what
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{} did not listen on port {port} within 20 s", self.what);
    }
}

/// A loopback port that was free a moment ago.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local_addr").port()
}

/// Python's http.server serving `dir` (no `ETag`; `Last-Modified` in whole seconds, and 304
/// for an `If-Modified-Since` of the same second).
fn python_server(dir: &Path) -> (Proc, u16) {
    let port = free_port();
    let child = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1"])
        .arg(port.to_string())
        .arg("--directory")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 is needed for this test (it is on every CI machine)");
    let proc = Proc {
        child,
        what: "python3 -m http.server",
        log: None,
    };
    (proc.wait_listening(port), port)
}

/// The nginx binary: on PATH, or where Debian puts it.
fn nginx_binary() -> PathBuf {
    #[allow(clippy::disallowed_methods)]
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "nginx is needed for this test: `apt-get install nginx-light` (.ci/run installs it)"
            )
        })
}

/// nginx serving `dir` with `etag off`, in the foreground, one process, every file it writes
/// in `work`; with `tls` (certificate and key files), over TLS with HTTP/2 offered by ALPN.
/// Its access log, `work/access.log`, has a line per request: protocol, connection number, URI.
fn nginx_server(dir: &Path, work: &Path, tls: Option<(&Path, &Path)>) -> (Proc, u16) {
    let port = free_port();
    std::fs::create_dir_all(work.join("tmp")).expect("mkdir nginx work");
    let w = work.display();
    let (listen, certs) = match tls {
        None => (String::new(), String::new()),
        Some((cert, key)) => (
            " ssl http2".to_string(),
            format!(
                "    ssl_certificate {};\n    ssl_certificate_key {};\n",
                cert.display(),
                key.display()
            ),
        ),
    };
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {w}/nginx.pid;\nerror_log {w}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  log_format requests '$server_protocol $connection $request_uri';\n  access_log {w}/access.log requests;\n  client_body_temp_path {w}/tmp/body;\n  proxy_temp_path {w}/tmp/proxy;\n  fastcgi_temp_path {w}/tmp/fastcgi;\n  uwsgi_temp_path {w}/tmp/uwsgi;\n  scgi_temp_path {w}/tmp/scgi;\n  default_type application/octet-stream;\n\
         \x20 server {{\n    listen 127.0.0.1:{port}{listen};\n{certs}    root {};\n    etag off;\n  }}\n}}\n",
        dir.display()
    );
    let conf_path = work.join("nginx.conf");
    std::fs::write(&conf_path, conf).expect("write nginx.conf");
    let child = Command::new(nginx_binary())
        .arg("-p")
        .arg(work)
        .arg("-e")
        .arg(work.join("error.log"))
        .arg("-c")
        .arg(&conf_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nginx");
    let proc = Proc {
        child,
        what: "nginx",
        log: Some(work.join("error.log")),
    };
    (proc.wait_listening(port), port)
}

/// A plugin folder of `name` at `version` (its module named after it), ready to publish.
fn package_folder(p: &TestProject, name: &str, version: &str) -> PathBuf {
    let dir = p.scratch(&format!("src-{name}-{version}"));
    let module = name.replace('-', "_");
    std::fs::create_dir_all(dir.join(&module)).expect("mkdir package");
    std::fs::write(
        dir.join("plugin.toml"),
        format!("[plugin]\nname = \"{name}\"\nversion = \"{version}\"\n"),
    )
    .expect("write plugin.toml");
    std::fs::write(
        dir.join(module).join("__init__.py"),
        format!("VERSION = \"{version}\"\n"),
    )
    .expect("write module");
    dir
}

/// Publishes `name` at `version` into the registry folder `served`.
fn publish_named(p: &TestProject, served: &Path, name: &str, version: &str) {
    let src = package_folder(p, name, version);
    p.run([
        "publish",
        src.to_str().expect("utf-8"),
        "--index",
        served.to_str().expect("utf-8"),
    ])
    .success();
}

fn publish(p: &TestProject, served: &Path, version: &str) {
    publish_named(p, served, NAME, version);
}

/// Publishes 1.0.0 into `served` (behind the server at `url`), installs it, then 20 times
/// publishes the next version and upgrades at once: every upgrade must see the version just
/// published, although the index file changed within the second of the previous fetch.
fn every_version_just_published_is_seen(p: &TestProject, served: &Path, url: &str, server: &str) {
    publish(p, served, "1.0.0");
    p.run(["install", NAME, "--registry", url]).success();
    assert_eq!(p.locked(NAME).version(), "1.0.0");
    let index_file = served.join(index_rel_path(NAME));
    let mut same_second = 0;
    for i in 1..=20 {
        let version = format!("1.0.{i}");
        publish(p, served, &version);
        let published = std::fs::metadata(&index_file)
            .and_then(|m| m.modified())
            .expect("index file mtime");
        let out = p.run(["upgrade", NAME]);
        out.success();
        let secs = |t: SystemTime| {
            t.duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs()
        };
        if secs(published) == secs(SystemTime::now()) {
            same_second += 1;
        }
        assert_eq!(
            p.locked(NAME).version(),
            version,
            "{server}, upgrade {i} of 20 did not see {version}, published just before\n{out}"
        );
        assert!(
            p.read(&format!("plugins/{NAME}/fresh_plug/__init__.py"))
                .contains(&version),
            "{server}, upgrade {i}: the installed files are not {version}'s"
        );
    }
    eprintln!("{server}: {same_second} of 20 upgrades ran in the second of their publish");
}

#[test]
fn publish_then_upgrade_sees_the_new_version_behind_python_http_server() {
    let p = TestProject::new();
    let served = p.scratch("served");
    p.run(["index", "init", served.to_str().expect("utf-8")])
        .success();
    let (_server, port) = python_server(&served);
    let url = format!("http://127.0.0.1:{port}/");
    every_version_just_published_is_seen(&p, &served, &url, "python3 -m http.server");
}

#[test]
fn publish_then_upgrade_sees_the_new_version_behind_nginx_without_etags() {
    let p = TestProject::new();
    let served = p.scratch("served");
    p.run(["index", "init", served.to_str().expect("utf-8")])
        .success();
    let (_server, port) = nginx_server(&served, &p.scratch("nginx"), None);
    let url = format!("http://127.0.0.1:{port}/");
    // nginx with `etag off` sends Last-Modified only, and answers 304 to an exact match.
    let head = raw_head(port, "/config.json");
    assert!(
        head.contains("Last-Modified:") && !head.to_ascii_lowercase().contains("etag:"),
        "{head}"
    );
    every_version_just_published_is_seen(&p, &served, &url, "nginx (etag off)");
}

/// The response head of `GET path` on loopback `port`.
fn raw_head(port: u16, path: &str) -> String {
    use std::io::Write;
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    text.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_index_file_is_requested_exactly_one_plus_retries_times() {
    let index = index_rel_path("stoq-hash");
    for retries in [0u32, 3] {
        let reg = ServedRegistry::copy_of_sample();
        reg.server.fail_next(&index, 100, 503);
        let p = TestProject::new();
        p.plugin(["install", "stoq-hash", "--registry", &reg.url()])
            .env("PLUGIN_NET_RETRIES", retries.to_string())
            .run()
            .failure()
            .stderr_has("HTTP 503");
        assert_eq!(
            reg.server.count_path(&index),
            1 + retries as usize,
            "retries = {retries}: {:?}",
            reg.server
                .requests()
                .iter()
                .map(|r| format!("{} {}", r.path, r.status))
                .collect::<Vec<_>>()
        );
        // The same holds when the retried failure is a timeout.
        let hung = ServedRegistry::copy_of_sample();
        hung.server.hang(&index);
        p.plugin(["install", "stoq-hash", "--registry", &hung.url()])
            .env("PLUGIN_NET_RETRIES", retries.to_string())
            .env("PLUGIN_NET_TIMEOUT", "1")
            .run()
            .failure()
            .stderr_has("timed out");
        assert_eq!(
            hung.server.count_path(&index),
            1 + retries as usize,
            "retries = {retries}, hung"
        );
    }
}

/// Runs `plugin install stoq-hash` against `url` with `env`, expecting a failure that
/// mentions `message` within `bound` + [`SLACK`].
fn fails_within(url: &str, env: &[(&str, &str)], bound: Duration, message: &str) {
    let p = TestProject::new();
    let mut cmd = p.plugin(["install", "stoq-hash", "--registry", url]);
    for (k, v) in env {
        cmd = cmd.env(*k, *v);
    }
    let (out, took) = cmd.run_limited(None, bound + SLACK + Duration::from_secs(30));
    assert!(out.code.is_some(), "still running after {took:?}\n{out}");
    out.failure().stderr_has(message);
    assert!(
        took <= bound + SLACK,
        "took {took:?}, more than the bound {bound:?} + {SLACK:?}\n{out}"
    );
    assert!(!p.exists("plugins.lock"), "nothing is installed\n{out}");
}

#[test]
fn a_hung_registry_ends_within_retries_times_timeout() {
    let reg = ServedRegistry::copy_of_sample();
    reg.server.hang("*");
    // (1 + 2 retries) × 2 s, plus the backoff.
    fails_within(
        &reg.url(),
        &[("PLUGIN_NET_TIMEOUT", "2"), ("PLUGIN_NET_RETRIES", "2")],
        Duration::from_secs(6),
        "timed out after 2 s",
    );
}

#[test]
fn a_dripping_index_file_is_given_up_at_the_low_speed_limit() {
    let reg = ServedRegistry::copy_of_sample();
    reg.server.drip(&index_rel_path("stoq-hash"));
    // One byte a second is under 100 bytes a second over the 2 s window; no deadline.
    fails_within(
        &reg.url(),
        &[
            ("PLUGIN_NET_TIMEOUT", "2"),
            ("PLUGIN_NET_LOW_SPEED_LIMIT", "100"),
            ("PLUGIN_NET_DEADLINE", "0"),
            ("PLUGIN_NET_RETRIES", "1"),
        ],
        Duration::from_secs(2 * 3),
        "less than 100 bytes per second over 2 s",
    );
}

#[test]
fn a_dripping_download_is_given_up_at_the_deadline() {
    let reg = ServedRegistry::copy_of_sample();
    reg.server.drip("packages/stoq-hash/1.1.0/download");
    // The low-speed limit is off: only the deadline ends it (the dripping server never lets
    // a read wait longer than the 10 s timeout), and a deadline is not retried.
    fails_within(
        &reg.url(),
        &[
            ("PLUGIN_NET_TIMEOUT", "10"),
            ("PLUGIN_NET_LOW_SPEED_LIMIT", "0"),
            ("PLUGIN_NET_DEADLINE", "3"),
            ("PLUGIN_NET_RETRIES", "2"),
        ],
        Duration::from_secs(3 + 1),
        "did not finish within the deadline of 3 s",
    );
}

/// Peak resident memory of a child, in KiB, and its output: under GNU time (`time -v`) when
/// it is installed, else by reading `VmHWM` of `/proc/PID/status` until it exits.
fn run_measuring_peak_rss(mut cmd: Command, limit: Duration) -> (u64, i32, String) {
    #[allow(clippy::disallowed_methods)]
    let path = std::env::var_os("PATH").unwrap_or_default();
    let gnu_time = std::env::split_paths(&path)
        .map(|d| d.join("time"))
        .find(|p| p.is_file());
    if let Some(time) = &gnu_time {
        let mut timed = Command::new(time);
        timed
            .arg("-v")
            .arg(cmd.get_program())
            .args(cmd.get_args())
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(dir) = cmd.get_current_dir() {
            timed.current_dir(dir);
        }
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                timed.env(k, v);
            }
        }
        cmd = timed;
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("spawn");
    let pid = child.id();
    let mut err_pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let mut polled_kib = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(started.elapsed() < limit, "still running after {limit:?}");
        if gnu_time.is_none() {
            let hwm = std::fs::read_to_string(format!("/proc/{pid}/status"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("VmHWM:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                });
            polled_kib = polled_kib.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().expect("stderr reader");
    let kib = if gnu_time.is_some() {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak RSS in the output of time -v:\n{stderr}"))
    } else {
        polled_kib
    };
    (kib, status.code().unwrap_or(-1), stderr)
}

#[test]
fn an_endless_index_file_is_refused_at_its_cap_with_little_memory() {
    let reg = ServedRegistry::copy_of_sample();
    let index = index_rel_path("stoq-hash");
    let line = std::fs::read_to_string(reg.root().join(&index))
        .expect("read index")
        .lines()
        .next()
        .expect("a line")
        .to_string()
        + "\n";
    reg.server.endless(&index, &line);
    let p = TestProject::new();
    let cmd = p
        .plugin(["install", "stoq-hash", "--registry", &reg.url()])
        .env("PLUGIN_NET_RETRIES", "0")
        .command();
    let (peak_kib, code, stderr) = run_measuring_peak_rss(cmd, Duration::from_secs(120));
    assert_ne!(code, 0, "{stderr}");
    let url = reg.server.url_of(&index);
    assert!(
        stderr.contains(&url)
            && stderr.contains("larger than 64 MiB")
            && stderr.contains("max-index-file-size"),
        "the error names the URL, the limit and the setting:\n{stderr}"
    );
    eprintln!("peak RSS of the refused install: {peak_kib} KiB");
    assert!(
        peak_kib < 256 * 1024,
        "peak RSS {peak_kib} KiB is not under 256 MiB\n{stderr}"
    );
    assert!(!p.exists("plugins.lock"));

    // A lower cap in plugins.toml is honoured the same way.
    p.write(
        "plugins.toml",
        format!(
            "[registries]\ndefault = \"{}\"\n\n[plugins]\nstoq-hash = \"1\"\n\n[limits]\nmax-index-file-size = 65536\n",
            reg.url()
        ),
    );
    p.plugin(["install"])
        .env("PLUGIN_NET_RETRIES", "0")
        .run()
        .failure()
        .stderr_has("larger than 64 KiB, the limit `[limits] max-index-file-size`");
}

#[test]
fn index_file_answering_503_twice_is_retried() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");
    let index = index_rel_path("stoq-hash");
    reg.server.fail_next(&index, 2, 503);

    p.run(["install", "stoq-hash"]).success();
    assert_stoq_installed(&p);
    let statuses: Vec<u16> = reg
        .server
        .requests_for(&index)
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [503, 503, 200], "requests for the index file");
}

#[test]
fn archive_answering_503_twice_with_retry_after_is_retried() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");
    reg.server
        .fail_next_with_retry_after(STOQ_ARCHIVE, 2, 503, 0);

    p.run(["install", "stoq-hash"]).success();
    assert_stoq_installed(&p);
    let statuses: Vec<u16> = reg
        .server
        .requests_for(STOQ_ARCHIVE)
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [503, 503, 200], "requests for the archive");
    assert_eq!(reg.server.download_count(), 1);
    p.run(["verify"]).success();
}

/// Installs from a server that accepts and never answers; asserts a `timed out` failure
/// well within `TIMEOUT_RUN_LIMIT`.
fn assert_silent_server_times_out(extra_toml: &str, envs: &[(&str, &str)]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::serve(dir.path());
    server.hang("*");
    let p = http_project(&server.url(), extra_toml);
    let before = p.snapshot();
    let mut cmd = p.plugin(["install", "stoq-hash"]);
    for (k, v) in envs {
        cmd = cmd.env(k, v);
    }

    let (out, elapsed) = cmd.run_limited(None, TIMEOUT_RUN_LIMIT);
    assert!(
        out.code.is_some(),
        "still running after {elapsed:?} with a 2 s timeout and no retry\n{out}"
    );
    out.failure()
        .stderr_has("timed out")
        .stderr_has(&format!("127.0.0.1:{}", server.port()));
    assert!(
        server.request_count() >= 1,
        "the server was reached: {:?}",
        server.requests()
    );
    assert!(
        server.request_count() <= 2,
        "retries = 0: {:?}",
        server.requests()
    );
    assert_same_tree(&before, &p.snapshot(), "install from a silent server");
}

#[test]
fn silent_server_times_out_with_the_net_table() {
    assert_silent_server_times_out("\n[net]\ntimeout = 2\nretries = 0\n", &[]);
}

#[test]
fn silent_server_times_out_with_the_env_overrides() {
    assert_silent_server_times_out(
        "",
        &[("PLUGIN_NET_TIMEOUT", "2"), ("PLUGIN_NET_RETRIES", "0")],
    );
}

#[test]
fn download_cut_once_is_retried_and_installed_whole() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");
    reg.server.cut_next(STOQ_ARCHIVE, 1);

    p.run(["install", "stoq-hash"]).success();
    assert_stoq_installed(&p);
    crate::support::assert_content_matches(&p, "stoq-hash");
    assert_eq!(
        p.locked("stoq-hash").str("checksum"),
        format!("sha256:{}", reg.archive_sha256("stoq-hash", "1.1.0"))
    );
    assert_eq!(reg.server.count_path(STOQ_ARCHIVE), 2);
    p.run(["verify"]).success();
}

#[test]
fn download_cut_every_time_fails_and_installs_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = http_project(&reg.url(), "");
    p.run(["install", "diffy-formats"]).success();
    reg.server.cut_always(STOQ_ARCHIVE);
    let before = p.snapshot();

    p.plugin(["install", "stoq-hash"])
        .env("PLUGIN_NET_RETRIES", "2")
        .run()
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["length", "checksum"]);
    assert_eq!(
        reg.server.count_path(STOQ_ARCHIVE),
        3,
        "one attempt and 2 retries"
    );
    assert_same_tree(&before, &p.snapshot(), "install of a download always cut");
    assert!(!p.exists("plugins/stoq-hash"));
}

/// The project's default registry stops answering (its port now has no listener).
#[test]
fn unreachable_default_registry_fails_and_changes_nothing() {
    let reg = ServedRegistry::copy_of_sample();
    let p = project_with_another_plugin(&reg.url());
    drop(reg);
    let before = p.snapshot();

    p.run(["install", "stoq-hash"])
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["connect", "unreachable"]);

    assert_same_tree(
        &before,
        &p.snapshot(),
        "install from an unreachable default registry",
    );
}

/// `--registry DEAD-URL` in a project that has no default registry yet (its only plugin was
/// installed from a local folder).
#[test]
fn unreachable_registry_given_on_the_command_line_fails_and_changes_nothing() {
    let p = TestProject::new();
    let local = crate::support::fixtures_dir()
        .join("diffy-formats")
        .join("0.4.0");
    p.run(["install", local.to_str().expect("utf-8 path")])
        .success();
    assert!(p.exists("plugins/diffy-formats/plugin.toml"));
    let dead = unreachable_url();
    let before = p.snapshot();

    p.run(["install", "stoq-hash", "--registry", &dead])
        .failure()
        .stderr_has("stoq-hash")
        .stderr_has_any_ci(&["connect", "unreachable"]);

    assert_same_tree(
        &before,
        &p.snapshot(),
        "install from an unreachable registry",
    );
}

#[test]
fn an_html_page_in_place_of_an_index_file_is_named_as_such() {
    let reg = crate::support::ServedRegistry::copy_of_sample();
    std::fs::write(
        reg.root().join("st/oq/stoq-hash"),
        "<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>\n",
    )
    .expect("write");
    let p = TestProject::new();
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = {:?}\n\n[plugins]\n", reg.url()),
    );
    let out = p.run(["install", "stoq-hash"]);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(
        "`st/oq/stoq-hash` of registry",
    )
    .stderr_has("is not an index file: no line of it is an index line (it starts with `<!DOCTYPE html> <html><body>Sign in to c`)")
    .stderr_lacks("no version of")
    .stderr_lacks("warning:");
}

/// From an HTTPS registry whose server offers HTTP/2 (nginx, by ALPN), the index files and
/// the archives all come over HTTP/2, the requests of the parallel fetches sharing its
/// connections (streams multiplexed) instead of one connection each.
#[test]
fn an_https_registry_offering_http2_is_read_over_it_multiplexed() {
    const PLUGINS: usize = 24;
    let p = TestProject::new();
    let served = p.scratch("served");
    p.run(["index", "init", served.to_str().expect("utf-8")])
        .success();
    let mut plugins = String::from("[plugins]\n");
    for i in 0..PLUGINS {
        let name = format!("multi-{i}");
        publish_named(&p, &served, &name, "1.0.0");
        plugins.push_str(&format!("{name} = \"1\"\n"));
    }
    let tls = p.scratch("tls");
    let certs = crate::support::tls::TestCerts::generate();
    let ca = certs.write_ca_pem(&tls);
    let (cert, key) = certs.write_leaf_pem(&tls);
    let work = p.scratch("nginx");
    let (_server, port) = nginx_server(&served, &work, Some((&cert, &key)));
    p.write(
        "plugins.toml",
        format!("[registries]\ndefault = \"https://127.0.0.1:{port}/\"\n\n{plugins}"),
    );
    p.plugin(["install"])
        .env("SSL_CERT_FILE", &ca)
        .run()
        .success();
    assert_eq!(p.lock_plugins().len(), PLUGINS);

    let log = std::fs::read_to_string(work.join("access.log")).expect("nginx access log");
    let requests: Vec<(&str, &str, &str)> = log
        .lines()
        .filter_map(|l| {
            let mut f = l.split(' ');
            Some((f.next()?, f.next()?, f.next()?))
        })
        .collect();
    let archives = requests
        .iter()
        .filter(|(_, _, uri)| uri.starts_with("/packages/"))
        .count();
    assert_eq!(archives, PLUGINS, "one download per plugin:\n{log}");
    assert!(
        requests.iter().all(|(proto, _, _)| *proto == "HTTP/2.0"),
        "every request over HTTP/2:\n{log}"
    );
    let connections: std::collections::BTreeSet<&str> =
        requests.iter().map(|(_, c, _)| *c).collect();
    eprintln!(
        "HTTP/2: {} requests over {} connections",
        requests.len(),
        connections.len()
    );
    assert!(
        requests.len() >= 4 * connections.len(),
        "{} requests over {} connections: HTTP/2 streams should share them\n{log}",
        requests.len(),
        connections.len()
    );
}

//! Resolver benchmark (issue #3), run on demand: `cargo bench --bench resolve`.
//!
//! Generates a registry index of 10,000 plugins × 20 versions in a temporary folder, with
//! dependencies drawn from a seeded random generator (the same registry on every run), and
//! times `plugin::resolve::resolve` on:
//!
//! * a project of 200 plugins, which resolves (every requirement admits 1.8.0 or 1.9.0, but
//!   `*` and `>=1.2` first try 2.x, so the solver must backtrack);
//! * the same project plus two plugins that need incompatible majors of a shared plugin through
//!   chains of intermediate plugins, which fails with a conflict report.
//!
//! Each run builds fresh registry handles, so index files are read and parsed every time (from
//! the page cache). Prints the median, minimum and maximum of `RUNS` runs.
//! Options: `--plugins N` (default 10000), `--versions V` (default 20, even), `--roots R`
//! (default 200), `--seed S` (default 1), `--runs K` (default 15).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use plugin::env::Env;
use plugin::project::Project;
use plugin::resolve::{resolve, Registries, ResolveError, ResolveInput, Unlock};
use plugin::source::http::{Http, NetConfig};

struct Options {
    plugins: usize,
    versions: usize,
    roots: usize,
    seed: u64,
    runs: usize,
}

fn options() -> Options {
    let mut o = Options {
        plugins: 10_000,
        versions: 20,
        roots: 200,
        seed: 1,
        runs: 15,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = || args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match args[i].as_str() {
            "--plugins" => o.plugins = value().expect("--plugins N") as usize,
            "--versions" => o.versions = value().expect("--versions V") as usize,
            "--roots" => o.roots = value().expect("--roots R") as usize,
            "--seed" => o.seed = value().expect("--seed S"),
            "--runs" => o.runs = value().expect("--runs K") as usize,
            // `cargo bench` passes `--bench`; anything else unknown is ignored too.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn name(i: usize) -> String {
    format!("plug-{i:05}")
}

/// `cargo`'s prefix path of a canonical name of four or more characters.
fn index_path(name: &str) -> String {
    format!("{}/{}/{name}", &name[..2], &name[2..4])
}

/// Requirements a dependency may carry; together they always admit 1.8.0 and 1.9.0.
const REQS: [&str; 6] = ["^1", ">=1.2", "*", "^1.4", ">=1.0, <3", "~1"];

fn write_line(
    out: &mut String,
    name: &str,
    version: &str,
    deps: &[(String, String)],
    yanked: bool,
) {
    let deps: Vec<String> = deps
        .iter()
        .map(|(n, r)| format!("{{\"name\":\"{n}\",\"req\":\"{r}\"}}"))
        .collect();
    let _ = writeln!(
        out,
        "{{\"name\":\"{name}\",\"vers\":\"{version}\",\"deps\":[{}],\"cksum\":\"{}\",\"yanked\":{yanked}}}",
        deps.join(","),
        "0".repeat(64)
    );
}

fn write_index(root: &Path, name: &str, text: &str) {
    let path = root.join(index_path(name));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write index file");
}

/// Writes the registry; returns the names of the conflict plugins.
fn generate(root: &Path, o: &Options) -> (String, String) {
    let mut rng = fastrand::Rng::with_seed(o.seed);
    std::fs::create_dir_all(root).expect("mkdir registry");
    std::fs::write(root.join("config.json"), "{\"dl\": \"packages\"}\n").expect("config");
    let half = o.versions / 2;
    for i in 0..o.plugins {
        let n = name(i);
        let mut text = String::new();
        for major in 1..=2 {
            for minor in 0..half {
                let version = format!("{major}.{minor}.0");
                let mut deps = Vec::new();
                if i + 1 < o.plugins {
                    for _ in 0..rng.usize(0..=3) {
                        let target = rng.usize(i + 1..o.plugins);
                        let req = REQS[rng.usize(0..REQS.len())];
                        if !deps
                            .iter()
                            .any(|(d, _): &(String, String)| *d == name(target))
                        {
                            deps.push((name(target), req.to_string()));
                        }
                    }
                }
                // Yank a few versions that no requirement depends on.
                let yanked = (major == 2 || minor < 3) && rng.u8(0..50) == 0;
                write_line(&mut text, &n, &version, &deps, yanked);
            }
        }
        write_index(root, &n, &text);
    }
    // The conflict: `conflict-a` → `bridge-a` → `shared-z` ^1, `conflict-b` → `bridge-b` →
    // `shared-z` ^2, every version of each.
    let chain = |root: &Path, top: &str, bridge: &str, major: u32| {
        let mut top_text = String::new();
        let mut bridge_text = String::new();
        for minor in 0..half {
            let v = format!("1.{minor}.0");
            write_line(
                &mut top_text,
                top,
                &v,
                &[(bridge.into(), "^1".into())],
                false,
            );
            write_line(
                &mut bridge_text,
                bridge,
                &v,
                &[("shared-z".into(), format!("^{major}"))],
                false,
            );
        }
        write_index(root, top, &top_text);
        write_index(root, bridge, &bridge_text);
    };
    chain(root, "conflict-a", "bridge-a", 1);
    chain(root, "conflict-b", "bridge-b", 2);
    let mut z = String::new();
    for major in 1..=2 {
        for minor in 0..half {
            write_line(
                &mut z,
                "shared-z",
                &format!("{major}.{minor}.0"),
                &[],
                false,
            );
        }
    }
    write_index(root, "shared-z", &z);
    ("conflict-a".into(), "conflict-b".into())
}

fn project(dir: &Path, registry: &Path, roots: &[String], reqs: &[&str]) -> Project {
    let mut text = format!(
        "[registries]\ndefault = \"{}\"\n\n[plugins]\n",
        registry.display()
    );
    for (n, r) in roots.iter().zip(reqs.iter().cycle()) {
        let _ = writeln!(text, "{n} = \"{r}\"");
    }
    std::fs::create_dir_all(dir).expect("mkdir project");
    let path = dir.join("plugins.toml");
    std::fs::write(&path, text).expect("write plugins.toml");
    Project::load(&path).expect("valid plugins.toml")
}

fn run_once(project: &Project, http: &Http) -> (Duration, Result<usize, ResolveError>) {
    let registries = Registries::new(project, http, &Env::default(), None).expect("registries");
    let none = BTreeMap::new();
    let start = Instant::now();
    let result = resolve(&ResolveInput {
        project,
        lock: None,
        unlock: &Unlock::Nothing,
        pinned: &none,
        registries: &registries,
        extra_roots: &BTreeMap::new(),
        relax: &BTreeSet::new(),
        precise: &BTreeMap::new(),
        explain: false,
    });
    (start.elapsed(), result.map(|r| r.plugins.len()))
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    let o = options();
    let tmp = tempfile::tempdir().expect("tempdir");
    let registry = tmp.path().join("registry");
    let started = Instant::now();
    let (conflict_a, conflict_b) = generate(&registry, &o);
    println!(
        "generated {} plugins x {} versions (seed {}) in {:.1} s",
        o.plugins,
        o.versions,
        o.seed,
        started.elapsed().as_secs_f64()
    );
    let mut rng = fastrand::Rng::with_seed(o.seed ^ 0x5eed);
    let mut picked = BTreeSet::new();
    while picked.len() < o.roots.min(o.plugins) {
        picked.insert(rng.usize(0..o.plugins));
    }
    let roots: Vec<String> = picked.into_iter().map(name).collect();
    let http = Http::new(NetConfig::default());

    let ok_project = project(
        &tmp.path().join("ok"),
        &registry,
        &roots,
        &["^1", "*", ">=1.2"],
    );
    let mut times = Vec::new();
    let mut solved = 0;
    for _ in 0..o.runs {
        let (t, result) = run_once(&ok_project, &http);
        solved = result.expect("the generated project resolves");
        times.push(t);
    }
    println!("resolved {} roots to {solved} plugins", roots.len());
    report("resolve (200 roots)", times);

    let mut conflict_roots = roots.clone();
    conflict_roots.push(conflict_a);
    conflict_roots.push(conflict_b);
    let bad_project = project(&tmp.path().join("bad"), &registry, &conflict_roots, &["^1"]);
    let mut times = Vec::new();
    let mut explanation = String::new();
    for _ in 0..o.runs {
        let (t, result) = run_once(&bad_project, &http);
        match result {
            Err(e @ ResolveError::NoSolution { .. }) => explanation = e.to_string(),
            other => panic!("the conflict project must fail to resolve: {other:?}"),
        }
        times.push(t);
    }
    report("conflict report", times);
    println!("the report:\n{explanation}");
}

//! Unit tests of the resolver over an in-memory index (no server, no binary).

use super::*;
use crate::project::lockfile::LockedPlugin;
use crate::source::index::IndexDep;
use std::path::Path;

fn name(n: &str) -> PluginName {
    PluginName::new(n).unwrap()
}

fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

fn req(s: &str) -> VersionReq {
    VersionReq::parse(s).unwrap()
}

/// The source id the in-memory registry `key` has.
fn source(key: &str) -> SourceId {
    SourceId::Registry(format!("memory:{key}"))
}

/// One index line of `n` at `vers`, with a checksum of its own and nothing else.
fn line(n: &str, vers: &str) -> IndexLine {
    IndexLine {
        name: name(n),
        vers: v(vers),
        deps: Vec::new(),
        cksum: Sha256::of(format!("{n}@{vers}").as_bytes()),
        yanked: false,
        host: None,
        format: None,
        description: None,
        published: None,
        license: None,
    }
}

trait LineExt {
    fn dep(self, n: &str, r: &str) -> Self;
    fn dep_in(self, n: &str, r: &str, registry: &str) -> Self;
    fn yanked(self) -> Self;
    fn host(self, h: &str, r: &str) -> Self;
}

impl LineExt for IndexLine {
    fn dep(mut self, n: &str, r: &str) -> Self {
        self.deps.push(IndexDep {
            name: name(n),
            req: req(r),
            registry: None,
        });
        self
    }

    fn dep_in(mut self, n: &str, r: &str, registry: &str) -> Self {
        self.deps.push(IndexDep {
            name: name(n),
            req: req(r),
            registry: Some(registry.to_string()),
        });
        self
    }

    fn yanked(mut self) -> Self {
        self.yanked = true;
        self
    }

    fn host(mut self, h: &str, r: &str) -> Self {
        self.host = Some(HostRequirement {
            name: h.to_string(),
            version: req(r),
        });
        self
    }
}

/// Registries in memory: index lines by registry key and plugin name.
#[derive(Default)]
struct Memory {
    registries: BTreeMap<String, BTreeMap<PluginName, Rc<Vec<IndexLine>>>>,
    advisories: BTreeMap<PluginName, Rc<Vec<crate::source::advisory::Advisory>>>,
}

impl Memory {
    /// A default registry holding `lines`.
    fn with(lines: Vec<IndexLine>) -> Self {
        let mut m = Self::default();
        m.add("default", lines);
        m
    }

    /// Adds `lines` to registry `key` (created if new).
    fn add(&mut self, key: &str, lines: Vec<IndexLine>) {
        let reg = self.registries.entry(key.to_string()).or_default();
        for l in lines {
            let file = reg.entry(l.name.clone()).or_default();
            Rc::get_mut(file).expect("not shared yet").push(l);
        }
    }

    fn registry(
        &self,
        key: Option<&str>,
    ) -> Result<&BTreeMap<PluginName, Rc<Vec<IndexLine>>>, ProjectError> {
        let k = key.unwrap_or(DEFAULT_REGISTRY);
        self.registries.get(k).ok_or_else(|| match key {
            None => ProjectError::NoDefaultRegistry {
                path: "plugins.toml".into(),
            },
            Some(k) => ProjectError::UnknownRegistry {
                path: "plugins.toml".into(),
                name: k.to_string(),
            },
        })
    }
}

impl VersionSource for Memory {
    fn source_id(&self, registry: Option<&str>) -> Result<SourceId, ProjectError> {
        self.registry(registry)?;
        Ok(source(registry.unwrap_or(DEFAULT_REGISTRY)))
    }

    fn versions(
        &self,
        registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<IndexLine>>, ResolveError> {
        self.registry(registry)?
            .get(name)
            .cloned()
            .ok_or_else(|| ResolveError::Index {
                name: name.to_string(),
                source: Box::new(IndexError::NotFound {
                    name: name.to_string(),
                    registry: registry.unwrap_or(DEFAULT_REGISTRY).to_string(),
                    meant: None,
                }),
            })
    }

    fn advisories(
        &self,
        _registry: Option<&str>,
        name: &PluginName,
    ) -> Result<Rc<Vec<crate::source::advisory::Advisory>>, ResolveError> {
        Ok(self.advisories.get(name).cloned().unwrap_or_default())
    }
}

/// One resolution to run: plugins.toml's text, the registries and the other inputs.
struct Case {
    toml: String,
    index: Memory,
    lock: Option<Lockfile>,
    unlock: Unlock,
    pinned: BTreeMap<PluginName, Pinned>,
    extra_roots: BTreeMap<PluginName, Option<String>>,
    relax: BTreeSet<PluginName>,
    precise: BTreeMap<PluginName, Version>,
}

impl Case {
    /// plugins.toml with `[plugins]` holding `plugins` (TOML lines), over `index`.
    fn new(plugins: &str, index: Memory) -> Self {
        Self {
            toml: format!("[plugins]\n{plugins}\n"),
            index,
            lock: None,
            unlock: Unlock::Nothing,
            pinned: BTreeMap::new(),
            extra_roots: BTreeMap::new(),
            relax: BTreeSet::new(),
            precise: BTreeMap::new(),
        }
    }

    /// The project's host is `host` at `version`.
    fn host(mut self, host: &str, version: &str) -> Self {
        self.toml = format!(
            "[project]\nhost = {{ name = \"{host}\", version = \"{version}\" }}\n{}",
            self.toml
        );
        self
    }

    /// plugins.lock pins each `(name, version)` from the default registry.
    fn locked(mut self, pins: &[(&str, &str)]) -> Self {
        self.lock = Some(lock_of(pins, &source("default")));
        self
    }

    fn run(&self) -> Result<Resolution, ResolveError> {
        let project = Project::parse(Path::new("plugins.toml"), &self.toml).unwrap();
        resolve(&ResolveInput {
            project: &project,
            lock: self.lock.as_ref(),
            unlock: &self.unlock,
            pinned: &self.pinned,
            registries: &self.index,
            extra_roots: &self.extra_roots,
            relax: &self.relax,
            precise: &self.precise,
            explain: true,
        })
    }

    /// The versions picked, by name, as `name@version` strings.
    fn picks(&self) -> Vec<String> {
        match self.run() {
            Ok(r) => picks(&r),
            Err(e) => panic!("resolution failed: {e}\n{}", e.hint().unwrap_or_default()),
        }
    }

    /// The error of a resolution that must fail.
    fn error(&self) -> ResolveError {
        match self.run() {
            Ok(r) => panic!("resolution succeeded: {:?}", picks(&r)),
            Err(e) => e,
        }
    }
}

fn lock_of(pins: &[(&str, &str)], source: &SourceId) -> Lockfile {
    Lockfile::from_plugins(
        pins.iter()
            .map(|(n, vers)| LockedPlugin {
                name: name(n),
                version: v(vers),
                source: source.clone(),
                checksum: None,
                content: None,
                dependencies: Vec::new(),
            })
            .collect(),
    )
}

fn picks(r: &Resolution) -> Vec<String> {
    r.plugins
        .values()
        .map(|p| format!("{}@{}", p.name, p.version))
        .collect()
}

/// The explanation of a [`ResolveError::NoSolution`], and its hint.
fn no_solution(e: ResolveError) -> (String, String) {
    match e {
        ResolveError::NoSolution { explanation, hint } => (explanation, hint),
        other => panic!("expected NoSolution, got {other:?}"),
    }
}

fn worker_versions() -> Vec<IndexLine> {
    vec![
        line("worker", "1.0.0"),
        line("worker", "1.2.0"),
        line("worker", "1.1.0"),
        line("worker", "2.0.0"),
    ]
}

#[test]
fn newest_matching_version_is_picked_with_its_index_data() {
    let c = Case::new(
        "worker = \"^1\"",
        Memory::with(vec![
            line("worker", "1.0.0"),
            line("worker", "1.2.0").dep("helper", "^0.3"),
            line("worker", "1.1.0"),
            line("worker", "2.0.0"),
            line("helper", "0.3.1"),
            line("helper", "0.4.0"),
        ]),
    );
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["helper@0.3.1", "worker@1.2.0"]);
    let w = &r.plugins[&name("worker")];
    assert_eq!(w.source, source("default"));
    assert_eq!(
        w.origin,
        Origin::Registry {
            key: "default".into()
        }
    );
    assert_eq!(w.checksum, Some(Sha256::of(b"worker@1.2.0")));
    assert_eq!(
        w.dependencies,
        [Dependency {
            name: name("helper"),
            req: req("^0.3"),
            registry: None
        }]
    );
    assert!(!w.yanked);
}

#[test]
fn locked_version_is_kept_while_it_matches() {
    let c = Case::new("worker = \"^1\"", Memory::with(worker_versions()))
        .locked(&[("worker", "1.0.0")]);
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.0.0"]);
    assert_eq!(
        r.decisions[..3],
        [
            "`worker` 1.0.0: locked in plugins.lock, kept",
            "`worker` 2.0.0 skipped: the requirements on it allow only >=1.0.0, <2.0.0",
            "`worker` 1.2.0 skipped: plugins.lock keeps 1.0.0 (`plugin upgrade worker` moves it)",
        ]
    );
}

#[test]
fn locked_version_moves_when_unlocked_by_name_or_all() {
    let mut c = Case::new(
        "worker = \"^1\"\nhelper = \"*\"",
        Memory::with(
            [
                worker_versions(),
                vec![line("helper", "1.0.0"), line("helper", "1.5.0")],
            ]
            .concat(),
        ),
    )
    .locked(&[("worker", "1.0.0"), ("helper", "1.0.0")]);
    c.unlock = Unlock::Names([name("worker")].into());
    assert_eq!(c.picks(), ["helper@1.0.0", "worker@1.2.0"]);
    c.unlock = Unlock::All;
    assert_eq!(c.picks(), ["helper@1.5.0", "worker@1.2.0"]);
}

#[test]
fn lock_outside_requirement_or_from_another_registry_is_not_preferred() {
    let mut c = Case::new("worker = \"^1\"", Memory::with(worker_versions()))
        .locked(&[("worker", "2.0.0")]);
    assert_eq!(c.picks(), ["worker@1.2.0"]);
    c.lock = Some(lock_of(&[("worker", "1.0.0")], &source("elsewhere")));
    assert_eq!(c.picks(), ["worker@1.2.0"]);
}

#[test]
fn yanked_version_is_kept_only_when_locked() {
    let index = || {
        Memory::with(vec![
            line("worker", "1.0.0"),
            line("worker", "1.1.0").yanked(),
            line("worker", "1.2.0").yanked(),
        ])
    };
    let c = Case::new("worker = \"^1\"", index());
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.0.0"]);
    assert!(r
        .decisions
        .contains(&"`worker` 1.2.0 skipped: it is yanked".to_string()));
    let c = Case::new("worker = \"^1\"", index()).locked(&[("worker", "1.1.0")]);
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.1.0"]);
    assert!(r.plugins[&name("worker")].yanked);
    // Unlocked, it is no longer preferred but still usable (it is the locked version), and
    // it is the newest usable one.
    let mut c = Case::new("worker = \"^1\"", index()).locked(&[("worker", "1.1.0")]);
    c.unlock = Unlock::All;
    assert_eq!(c.picks(), ["worker@1.1.0"]);
}

#[test]
fn exact_requirement_on_a_yanked_version_names_it() {
    let c = Case::new(
        "worker = \"=1.2.0\"",
        Memory::with(vec![
            line("worker", "1.0.0"),
            line("worker", "1.1.0"),
            line("worker", "1.2.0").yanked(),
            line("worker", "1.3.0").yanked(),
        ]),
    );
    let e = c.error();
    assert_eq!(
        e.to_string(),
        "no version of `worker` matches `=1.2.0` but yanked ones (1.2.0) (the newest is 1.1.0)"
    );
    match e {
        ResolveError::NoMatchingVersion {
            name,
            newest,
            yanked,
            ..
        } => {
            assert_eq!(name, "worker");
            assert_eq!(newest, Some(v("1.1.0")));
            assert_eq!(yanked, [v("1.2.0")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_matching_version_gives_the_newest_unyanked_one() {
    let e = Case::new("worker = \"^3\"", Memory::with(worker_versions())).error();
    match &e {
        ResolveError::NoMatchingVersion { newest, yanked, .. } => {
            assert_eq!(*newest, Some(v("2.0.0")));
            assert!(yanked.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(e.hint().unwrap().contains("plugin install worker@2.0.0"));
    // Every version yanked: no newest, and the hint says so.
    let all_yanked = Memory::with(vec![
        line("worker", "1.0.0").yanked(),
        line("worker", "1.1.0").yanked(),
    ]);
    let e = Case::new("worker = \"^1\"", all_yanked).error();
    match &e {
        ResolveError::NoMatchingVersion { newest, yanked, .. } => {
            assert_eq!(*newest, None);
            assert_eq!(*yanked, [v("1.0.0"), v("1.1.0")]);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.hint().unwrap().contains("no version that is not yanked"));
}

#[test]
fn one_plugin_name_comes_from_one_registry() {
    let mut index = Memory::with(vec![line("worker", "1.0.0").dep("helper", "^1")]);
    index.add("internal", vec![line("helper", "1.0.0")]);
    index.add("default", vec![line("helper", "1.0.0")]);
    // plugins.toml asks for `helper` from `internal`; `worker` (default) wants the default's.
    let c = Case::new(
        "worker = \"^1\"\nhelper = { version = \"^1\", registry = \"internal\" }",
        index,
    );
    match c.error() {
        ResolveError::RegistryConflict {
            name,
            first,
            second,
        } => {
            assert_eq!(name, "helper");
            let mut both = [first, second];
            both.sort();
            assert_eq!(both, ["default", "internal"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dependency_comes_from_its_dependents_registry_unless_it_names_one() {
    let mut index = Memory::with(vec![line("common", "1.0.0")]);
    index.add(
        "internal",
        vec![line("worker", "1.0.0")
            .dep("helper", "^1")
            .dep_in("common", "^1", "default")],
    );
    index.add("internal", vec![line("helper", "1.1.0")]);
    let c = Case::new(
        "worker = { version = \"^1\", registry = \"internal\" }",
        index,
    );
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["common@1.0.0", "helper@1.1.0", "worker@1.0.0"]);
    let key = |n: &str| r.plugins[&name(n)].origin.clone();
    let internal = Origin::Registry {
        key: "internal".into(),
    };
    assert_eq!(key("helper"), internal);
    assert_eq!(r.plugins[&name("helper")].source, source("internal"));
    assert_eq!(
        key("common"),
        Origin::Registry {
            key: "default".into()
        }
    );
}

#[test]
fn versions_whose_host_requirement_excludes_the_project_host_are_skipped() {
    let c = Case::new(
        "worker = \"^1\"",
        Memory::with(vec![
            line("worker", "1.0.0").host("stoq", ">=3"),
            line("worker", "1.1.0").host("stoq", ">=3, <4"),
            line("worker", "1.2.0").host("stoq", ">=4"),
            // A requirement on another host does not apply to this project.
            line("worker", "1.3.0").host("other", ">=99"),
            line("worker", "1.4.0").host("Stoq", ">=4"),
        ]),
    )
    .host("stoq", "3.0.2");
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.3.0"]);
    let c = Case::new(
        "worker = \"<1.3\"",
        Memory::with(vec![
            line("worker", "1.1.0").host("stoq", ">=3, <4"),
            line("worker", "1.2.0").host("stoq", ">=4"),
        ]),
    )
    .host("stoq", "3.0.2");
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.1.0"]);
    assert!(r.decisions.contains(
        &"`worker` 1.2.0 skipped: it needs host `stoq` >=4, the project's host is 3.0.2"
            .to_string()
    ));
}

#[test]
fn host_conflict_names_the_host() {
    let c = Case::new(
        "worker = \"^1\"",
        Memory::with(vec![
            line("worker", "1.0.0").host("stoq", ">=4"),
            line("worker", "1.1.0").host("stoq", ">=5"),
        ]),
    )
    .host("stoq", "3.0.2");
    let (explanation, hint) = no_solution(c.error());
    assert!(
        explanation.contains("the project's host is `stoq` 3.0.2"),
        "{explanation}"
    );
    assert!(explanation.contains("`worker`"), "{explanation}");
    assert!(hint.contains("update `[project] host`"), "{hint}");
}

#[test]
fn prereleases_are_not_picked_unless_the_requirement_names_one() {
    let index = || {
        Memory::with(vec![
            line("worker", "1.0.0"),
            line("worker", "2.0.0-rc.1"),
            line("worker", "2.0.0-rc.2"),
            line("worker", "2.1.0-alpha.1"),
        ])
    };
    assert_eq!(
        Case::new("worker = \"*\"", index()).picks(),
        ["worker@1.0.0"]
    );
    assert_eq!(
        Case::new("worker = \">=1\"", index()).picks(),
        ["worker@1.0.0"]
    );
    // Names a pre-release of 2.0.0: 2.0.0's pre-releases match, 2.1.0's do not.
    assert_eq!(
        Case::new("worker = \">=2.0.0-rc.1\"", index()).picks(),
        ["worker@2.0.0-rc.2"]
    );
    assert_eq!(
        Case::new("worker = \"=2.0.0-rc.1\"", index()).picks(),
        ["worker@2.0.0-rc.1"]
    );
    // A dependency follows the same rule.
    let mut deps = index();
    deps.add("default", vec![line("app", "1.0.0").dep("worker", ">=1")]);
    assert_eq!(
        Case::new("app = \"*\"", deps).picks(),
        ["app@1.0.0", "worker@1.0.0"]
    );
}

#[test]
fn diamond_dependencies_share_one_version() {
    let c = Case::new(
        "left = \"*\"\nright = \"*\"",
        Memory::with(vec![
            line("left", "1.0.0").dep("base", ">=1.1, <1.4"),
            line("right", "1.0.0").dep("base", "^1.2"),
            line("base", "1.0.0"),
            line("base", "1.1.0"),
            line("base", "1.2.0"),
            line("base", "1.3.0"),
            line("base", "1.4.0"),
        ]),
    );
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["base@1.3.0", "left@1.0.0", "right@1.0.0"]);
}

#[test]
fn backtracks_to_an_older_version_when_the_newest_conflicts() {
    // `app` 2.x needs `base` 2, which `lib` forbids; `app` 1.5 fits.
    let c = Case::new(
        "app = \"*\"\nlib = \"*\"",
        Memory::with(vec![
            line("app", "1.0.0").dep("base", "^1"),
            line("app", "1.5.0").dep("base", "^1"),
            line("app", "2.0.0").dep("base", "^2"),
            line("app", "2.1.0").dep("base", "^2").dep("extra", "*"),
            line("lib", "1.0.0").dep("base", "<2"),
            line("base", "1.0.0"),
            line("base", "2.0.0"),
            line("extra", "1.0.0"),
        ]),
    );
    assert_eq!(c.picks(), ["app@1.5.0", "base@1.0.0", "lib@1.0.0"]);
}

#[test]
fn conflict_explanation_names_both_requirers() {
    let c = Case::new(
        "left = \"^1\"\nright = \"^1\"",
        Memory::with(vec![
            line("left", "1.0.0").dep("base", "^1"),
            line("right", "1.0.0").dep("base", "^2"),
            line("base", "1.0.0"),
            line("base", "2.0.0"),
        ]),
    );
    let (explanation, hint) = no_solution(c.error());
    for who in ["`left`", "`right`", "`base`"] {
        assert!(explanation.contains(who), "{who} in {explanation}");
    }
    assert!(
        explanation.contains("depends on `base` >=1.0.0, <2.0.0")
            || explanation.contains("depends on `base` 1.0.0"),
        "{explanation}"
    );
    assert_eq!(
        hint,
        "change the requirement on `left`, `right` in plugins.toml"
    );
}

#[test]
fn dependency_on_yanked_versions_only_explains_yanking() {
    let c = Case::new(
        "app = \"*\"",
        Memory::with(vec![
            line("app", "1.0.0").dep("base", "^1"),
            line("base", "1.0.0").yanked(),
        ]),
    );
    let (explanation, hint) = no_solution(c.error());
    assert!(explanation.contains("`base`"), "{explanation}");
    assert!(
        hint.contains("yanked versions are installed only when"),
        "{hint}"
    );
}

#[test]
fn precise_pins_one_version_over_lock_and_newest() {
    let mut c = Case::new("worker = \"^1\"", Memory::with(worker_versions()))
        .locked(&[("worker", "1.0.0")]);
    c.precise.insert(name("worker"), v("1.1.0"));
    c.unlock = Unlock::Names([name("worker")].into());
    assert_eq!(c.picks(), ["worker@1.1.0"]);
    // Outside the requirement it cannot be satisfied, and is not reported as a missing
    // version of the plugins.toml requirement.
    c.precise.insert(name("worker"), v("2.0.0"));
    let (explanation, _) = no_solution(c.error());
    assert!(explanation.contains("`worker`"), "{explanation}");
}

#[test]
fn relax_sets_the_requirement_aside_for_any_release() {
    let mut index = Memory::with(worker_versions());
    index.add("default", vec![line("worker", "3.0.0-beta.1")]);
    let mut c = Case::new("worker = \"^1\"", index);
    assert_eq!(c.picks(), ["worker@1.2.0"]);
    c.relax.insert(name("worker"));
    assert_eq!(c.picks(), ["worker@2.0.0"]);
    // With relax and precise together, precise wins.
    c.precise.insert(name("worker"), v("1.0.0"));
    assert_eq!(c.picks(), ["worker@1.0.0"]);
}

#[test]
fn extra_roots_resolve_at_any_release_from_their_registry() {
    let mut index = Memory::with(worker_versions());
    index.add(
        "internal",
        vec![
            line("helper", "0.1.0"),
            line("helper", "0.2.0"),
            line("helper", "1.0.0-rc.1"),
        ],
    );
    let mut c = Case::new("worker = \"^1\"", index);
    c.extra_roots
        .insert(name("helper"), Some("internal".to_string()));
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["helper@0.2.0", "worker@1.2.0"]);
    assert_eq!(
        r.plugins[&name("helper")].origin,
        Origin::Registry {
            key: "internal".into()
        }
    );
    // The default registry does not list it.
    c.extra_roots.insert(name("helper"), None);
    assert!(matches!(c.error(), ResolveError::Index { name, .. } if name == "helper"));
}

#[test]
fn pinned_plugin_takes_part_at_its_version_with_its_dependencies() {
    let url = Url::parse("https://example.com/local-1.4.0.tar.gz").unwrap();
    let mut c = Case::new(
        &format!("local = {{ url = \"{url}\" }}\nworker = \"*\""),
        Memory::with(
            [
                worker_versions(),
                vec![line("helper", "1.0.0"), line("helper", "2.0.0")],
            ]
            .concat(),
        ),
    );
    let pinned = Resolved {
        name: name("local"),
        version: v("1.4.0"),
        source: SourceId::url(&url),
        origin: Origin::Url(url.clone()),
        checksum: None,
        dependencies: vec![
            Dependency {
                name: name("worker"),
                req: req("<1.2"),
                registry: None,
            },
            Dependency {
                name: name("helper"),
                req: req("^1"),
                registry: None,
            },
        ],
        host: None,
        yanked: false,
    };
    c.pinned.insert(
        name("local"),
        Pinned {
            resolved: pinned.clone(),
        },
    );
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["helper@1.0.0", "local@1.4.0", "worker@1.1.0"]);
    assert_eq!(r.plugins[&name("local")], pinned);
}

#[test]
fn unknown_registry_and_unlisted_plugin_are_reported_as_such() {
    let c = Case::new(
        "worker = { version = \"^1\", registry = \"nowhere\" }",
        Memory::with(worker_versions()),
    );
    assert!(matches!(
        c.error(),
        ResolveError::Project(ProjectError::UnknownRegistry { name, .. }) if name == "nowhere"
    ));
    let c = Case::new(
        "app = \"*\"",
        Memory::with(vec![line("app", "1.0.0").dep("missing", "^1")]),
    );
    assert!(matches!(c.error(), ResolveError::Index { name, .. } if name == "missing"));
}

#[test]
fn decisions_name_at_most_five_skipped_versions() {
    let lines = (0..8)
        .map(|i| line("worker", &format!("1.{i}.0")))
        .collect();
    let c = Case::new("worker = \"<1.1\"", Memory::with(lines));
    let r = c.run().unwrap();
    assert_eq!(picks(&r), ["worker@1.0.0"]);
    let skipped = r
        .decisions
        .iter()
        .filter(|d| d.contains(" skipped: "))
        .count();
    assert_eq!(skipped, 5);
    assert_eq!(
        r.decisions.first().unwrap(),
        "`worker` 1.0.0: the newest version allowed (<1.1.0)"
    );
    assert_eq!(
        r.decisions.last().unwrap(),
        "`worker`: 2 older skipped versions not listed"
    );
}

mod property {
    //! The resolver against a brute-force search over every assignment of versions.

    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 6] = ["p0", "p1", "p2", "p3", "p4", "p5"];
    const VERSIONS: [&str; 6] = ["0.1.0", "0.2.0", "1.0.0", "1.1.0", "1.2.0", "2.0.0"];
    const REQS: [&str; 10] = [
        "*", "*", ">=0.2", "<2", "^0.1", "^1", ">=1.1", "<1.1", "=1.2.0", "^2",
    ];

    /// The project's host, and the host requirements versions may have: of this host (met,
    /// not met) and of another host (ignored).
    const HOST: (&str, &str) = ("stoq", "3.0.2");
    const HOSTS: [(&str, &str); 4] = [
        ("stoq", ">=3"),
        ("stoq", "<3"),
        ("stoq", "^3.1"),
        ("other", ">=9"),
    ];

    #[derive(Debug, Clone)]
    struct Ver {
        version: &'static str,
        yanked: bool,
        /// (plugin index, requirement index).
        deps: Vec<(usize, usize)>,
        /// Its host requirement, an index into [`HOSTS`].
        host: Option<usize>,
    }

    #[derive(Debug, Clone)]
    struct World {
        plugins: Vec<Vec<Ver>>,
        /// (plugin index, requirement index) in plugins.toml.
        roots: Vec<(usize, usize)>,
        /// A locked version index per plugin.
        locked: Vec<Option<usize>>,
    }

    fn world() -> impl Strategy<Value = World> {
        (3usize..=6)
            .prop_flat_map(|n| {
                let plugin = proptest::sample::subsequence(VERSIONS.to_vec(), 1..=4).prop_flat_map(
                    move |vs| {
                        let len = vs.len();
                        (
                            Just(vs),
                            proptest::collection::vec(proptest::bool::weighted(0.2), len),
                            proptest::collection::vec(
                                proptest::collection::vec((0..n, 0..REQS.len()), 0..=2),
                                len,
                            ),
                            proptest::collection::vec(
                                proptest::option::weighted(0.2, 0..HOSTS.len()),
                                len,
                            ),
                        )
                    },
                );
                (
                    proptest::collection::vec(plugin, n),
                    proptest::collection::vec((0..n, 0..REQS.len()), 1..=3),
                    proptest::collection::vec(proptest::option::of(0usize..4), n),
                )
            })
            .prop_map(|(plugins, roots, locked)| {
                let plugins: Vec<Vec<Ver>> = plugins
                    .into_iter()
                    .enumerate()
                    .map(|(me, (vs, yanked, deps, hosts))| {
                        vs.into_iter()
                            .zip(yanked)
                            .zip(deps)
                            .zip(hosts)
                            .map(|(((version, yanked), deps), host)| Ver {
                                version,
                                yanked,
                                // No plugin depends on itself.
                                deps: deps.into_iter().filter(|(d, _)| *d != me).collect(),
                                host,
                            })
                            .collect()
                    })
                    .collect();
                let locked = locked
                    .into_iter()
                    .zip(&plugins)
                    .map(|(l, vs)| l.filter(|i| *i < vs.len()))
                    .collect();
                // One requirement per root plugin, as plugins.toml holds.
                let mut seen = BTreeSet::new();
                let roots = roots.into_iter().filter(|(p, _)| seen.insert(*p)).collect();
                World {
                    plugins,
                    roots,
                    locked,
                }
            })
    }

    fn matches(r: usize, version: &str) -> bool {
        req(REQS[r]).matches(&v(version))
    }

    /// Whether a version with host requirement `host` runs on the project's host.
    fn runs_on_host(host: Option<usize>) -> bool {
        host.is_none_or(|h| {
            let (name, r) = HOSTS[h];
            name != HOST.0 || req(r).matches(&v(HOST.1))
        })
    }

    /// Whether `pick` (a version index per plugin, `None` for not installed) satisfies
    /// plugins.toml, every dependency and host requirement of every installed plugin, and
    /// picks yanked versions only where they are locked.
    fn satisfies(w: &World, pick: &[Option<usize>]) -> bool {
        let ok = |p: usize, r: usize| pick[p].is_some_and(|i| matches(r, w.plugins[p][i].version));
        w.roots.iter().all(|&(p, r)| ok(p, r))
            && pick.iter().enumerate().all(|(p, i)| {
                i.is_none_or(|i| {
                    let ver = &w.plugins[p][i];
                    (!ver.yanked || w.locked[p] == Some(i))
                        && runs_on_host(ver.host)
                        && ver.deps.iter().all(|&(d, r)| ok(d, r))
                })
            })
    }

    /// Every assignment of one version or none to each plugin, in turn.
    fn brute_force(w: &World) -> bool {
        let mut pick: Vec<Option<usize>> = vec![None; w.plugins.len()];
        loop {
            if satisfies(w, &pick) {
                return true;
            }
            // The next assignment, as an odometer over None, 0, 1, ...
            let mut p = 0;
            loop {
                if p == pick.len() {
                    return false;
                }
                pick[p] = match pick[p] {
                    None => Some(0),
                    Some(i) if i + 1 < w.plugins[p].len() => Some(i + 1),
                    Some(_) => None,
                };
                if pick[p].is_some() {
                    break;
                }
                p += 1;
            }
        }
    }

    fn case(w: &World) -> Case {
        let mut lines = Vec::new();
        for (p, vs) in w.plugins.iter().enumerate() {
            for ver in vs {
                let mut l = line(NAMES[p], ver.version);
                l.yanked = ver.yanked;
                if let Some(h) = ver.host {
                    l = l.host(HOSTS[h].0, HOSTS[h].1);
                }
                for &(d, r) in &ver.deps {
                    l = l.dep(NAMES[d], REQS[r]);
                }
                lines.push(l);
            }
        }
        let roots: Vec<String> = w
            .roots
            .iter()
            .map(|&(p, r)| format!("{} = \"{}\"", NAMES[p], REQS[r]))
            .collect();
        let pins: Vec<(&str, &str)> = w
            .locked
            .iter()
            .enumerate()
            .filter_map(|(p, l)| l.map(|i| (NAMES[p], w.plugins[p][i].version)))
            .collect();
        Case::new(&roots.join("\n"), Memory::with(lines))
            .host(HOST.0, HOST.1)
            .locked(&pins)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn resolver_agrees_with_brute_force(w in world()) {
            let c = case(&w);
            let solvable = brute_force(&w);
            match c.run() {
                Ok(r) => {
                    prop_assert!(solvable, "resolved {:?} but brute force found nothing", picks(&r));
                    let pick: Vec<Option<usize>> = (0..w.plugins.len())
                        .map(|p| {
                            r.plugins.get(&name(NAMES[p])).map(|got| {
                                w.plugins[p]
                                    .iter()
                                    .position(|ver| v(ver.version) == got.version)
                                    .expect("a listed version")
                            })
                        })
                        .collect();
                    prop_assert!(satisfies(&w, &pick), "{:?} breaks a requirement", picks(&r));
                    prop_assert_eq!(r.plugins.len(), pick.iter().flatten().count());
                }
                Err(e) => prop_assert!(!solvable, "brute force found a solution, resolver: {}", e),
            }
        }
    }
}

/// An advisory `id` on `n` at exactly `versions`.
fn advisory(id: &str, n: &str, versions: &[&str]) -> crate::source::advisory::Advisory {
    serde_json::from_value(serde_json::json!({
        "id": id, "modified": "2026-01-01T00:00:00Z", "summary": "bad",
        "affected": [{"package": {"ecosystem": "plugin", "name": n}, "versions": versions}],
    }))
    .unwrap()
}

fn with_policy(c: Case, policy: &str) -> Case {
    Case {
        toml: format!("{}\n[policy]\n{policy}\n", c.toml),
        ..c
    }
}

fn published(mut l: IndexLine, ago: std::time::Duration) -> IndexLine {
    let at = std::time::SystemTime::now() - ago;
    l.published = Some(humantime::format_rfc3339_seconds(at).to_string());
    l
}

const DAY: std::time::Duration = std::time::Duration::from_secs(86_400);

#[test]
fn malicious_versions_are_skipped_and_named_when_nothing_else_fits() {
    let mut m = Memory::with(worker_versions());
    m.advisories.insert(
        name("worker"),
        Rc::new(vec![advisory("MAL-2026-1", "worker", &["1.2.0"])]),
    );
    let c = with_policy(Case::new("worker = \"^1\"", m), "");
    assert_eq!(c.picks(), ["worker@1.1.0"]);
    let r = c.run().unwrap();
    let why = &r.skipped[&(name("worker"), v("1.2.0"))];
    assert!(
        why.contains("malicious") && why.contains("MAL-2026-1"),
        "{why}"
    );
    // Without `[policy]` the advisory is not read.
    let mut m = Memory::with(worker_versions());
    m.advisories.insert(
        name("worker"),
        Rc::new(vec![advisory("MAL-2026-1", "worker", &["1.2.0"])]),
    );
    assert_eq!(Case::new("worker = \"^1\"", m).picks(), ["worker@1.2.0"]);

    let mut m = Memory::with(worker_versions());
    m.advisories.insert(
        name("worker"),
        Rc::new(vec![advisory("MAL-2026-1", "worker", &["1.2.0"])]),
    );
    let e = with_policy(Case::new("worker = \"=1.2.0\"", m), "").error();
    assert_eq!(e.exit_status(), Some(ExitStatus::Policy));
    let ResolveError::Refused {
        explanation,
        refusals,
        hint,
    } = e
    else {
        panic!("expected Refused, got {e:?}")
    };
    assert!(
        explanation.contains("`worker` 1.2.0 is refused by `[policy]` (malicious advisories)"),
        "{explanation}"
    );
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].rule, policy::Rule::Malicious);
    assert!(
        hint.contains("`worker` 1.2.0: no setting lifts this"),
        "{hint}"
    );
}

#[test]
fn deny_all_advisories_skips_every_affected_version() {
    let mut m = Memory::with(worker_versions());
    m.advisories.insert(
        name("worker"),
        Rc::new(vec![advisory("PLUG-1", "worker", &["1.2.0", "1.1.0"])]),
    );
    let c = with_policy(Case::new("worker = \"^1\"", m), "deny-advisories = \"all\"");
    assert_eq!(c.picks(), ["worker@1.0.0"]);
    let mut m = Memory::with(worker_versions());
    m.advisories.insert(
        name("worker"),
        Rc::new(vec![advisory("PLUG-1", "worker", &["1.2.0", "1.1.0"])]),
    );
    // The default refuses only malicious records.
    assert_eq!(
        with_policy(Case::new("worker = \"^1\"", m), "").picks(),
        ["worker@1.2.0"]
    );
}

#[test]
fn min_release_age_skips_young_versions_unless_exempt_or_locked() {
    let lines = || {
        vec![
            published(line("worker", "1.0.0"), DAY * 30),
            line("worker", "1.1.0"),
            published(line("worker", "1.2.0"), DAY / 24),
        ]
    };
    let c = with_policy(
        Case::new("worker = \"^1\"", Memory::with(lines())),
        "min-release-age = \"7d\"",
    );
    // 1.1.0 has no `published`: it counts as old.
    assert_eq!(c.picks(), ["worker@1.1.0"]);
    let why = &c.run().unwrap().skipped[&(name("worker"), v("1.2.0"))];
    assert!(
        why.contains("min-release-age") && why.contains("exempt"),
        "{why}"
    );
    let c = with_policy(
        Case::new("worker = \"^1\"", Memory::with(lines())),
        "min-release-age = \"7d\"\nexempt = [\"worker\"]",
    );
    assert_eq!(c.picks(), ["worker@1.2.0"]);
    let c = with_policy(
        Case::new("worker = \"^1\"", Memory::with(lines())),
        "min-release-age = \"7d\"",
    )
    .locked(&[("worker", "1.2.0")]);
    assert_eq!(c.picks(), ["worker@1.2.0"]);
    let e = with_policy(
        Case::new("worker = \"=1.2.0\"", Memory::with(lines())),
        "min-release-age = \"7d\"",
    )
    .error();
    assert!(matches!(e, ResolveError::Refused { .. }), "{e:?}");
}

#[test]
fn licenses_and_registries_refuse() {
    let mut gpl = line("worker", "1.2.0");
    gpl.license = Some("GPL-3.0-only".into());
    let mut mit = line("worker", "1.1.0");
    mit.license = Some("MIT OR Apache-2.0".into());
    let c = with_policy(
        Case::new(
            "worker = \"^1\"",
            Memory::with(vec![mit.clone(), gpl.clone()]),
        ),
        "licenses = [\"MIT\"]",
    );
    assert_eq!(c.picks(), ["worker@1.1.0"]);
    let e = with_policy(
        Case::new("worker = \"=1.2.0\"", Memory::with(vec![mit, gpl])),
        "licenses = [\"MIT\"]",
    )
    .error();
    let ResolveError::Refused { refusals, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(refusals[0].rule, policy::Rule::Licenses);
    assert!(refusals[0].reason.contains("GPL-3.0-only"), "{refusals:?}");

    let e = with_policy(
        Case::new("worker = \"^1\"", Memory::with(worker_versions())),
        "registries = [\"internal\"]",
    )
    .error();
    let ResolveError::Refused { refusals, hint, .. } = e else {
        panic!("{e:?}")
    };
    assert!(
        refusals.iter().all(|r| r.rule == policy::Rule::Registries),
        "{refusals:?}"
    );
    assert!(
        hint.contains("add \"default\" to `[policy] registries`"),
        "{hint}"
    );
}

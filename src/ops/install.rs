//! `install`: adds the plugins of SPECs to plugins.toml and installs what it lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use semver::VersionReq;
use url::Url;

use crate::checksum::Sha256;
use crate::context::Context;
use crate::error::Hint;
use crate::error::{hinted, UsageError};
use crate::install::apply::Outcome;
use crate::install::direct;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::name::PluginName;
use crate::project::{PluginSpec, Project, ProjectError, DEFAULT_REGISTRY, PROJECT_FILE};
use crate::resolve::Unlock;
use crate::source_id::RegistryLocation;

/// What [`install`] does (`plugin install`).
#[derive(Debug, Clone, Default)]
pub struct InstallOptions {
    /// `--manifest-path`: the plugins.toml to use; one that does not exist yet is where the
    /// new project goes. `None`: discovered from the working directory (created there when
    /// there is none).
    pub manifest_path: Option<PathBuf>,
    /// `--plugin-dir`: overrides the project's plugin directory; for a project this run
    /// creates, it is written into plugins.toml instead.
    pub plugin_dir: Option<PathBuf>,
    /// The SPECs as given: NAME, NAME@REQ, an http(s):// archive URL, or a path containing
    /// `/` (or `\`, starting with `.`, or ending in `.tar.gz`, `.tgz`, `.zip`).
    pub specs: Vec<String>,
    /// `--sha256`: the expected sha256 (64 hex digits) of the one URL SPEC.
    pub sha256: Option<String>,
    /// `--registry`: where new registry plugins come from (a key of `[registries]`, a URL or
    /// a folder).
    pub registry: Option<String>,
    /// `--force`: reinstall the named plugins already in plugins.toml (every plugin, with no
    /// SPEC) exactly as packaged.
    pub force: bool,
    /// Show what would change, and change nothing.
    pub dry_run: bool,
}

/// What [`install`] did.
#[derive(Debug)]
pub struct InstallOutcome {
    /// What moved in the plugin directory (or, dry, would move).
    pub change: Outcome,
    /// Requirements of plugins already in plugins.toml that this run rewrote (`NAME@REQ`),
    /// each as "of `NAME` in plugins.toml: `OLD` -> `NEW`".
    pub rewritten: Vec<String>,
    /// plugins.toml, when this run created it.
    pub created: Option<PathBuf>,
    /// plugins.lock, the project and the plugin directory.
    pub written: super::Written,
}

impl InstallOutcome {
    /// Whether nothing needed to change: every plugin was installed and up to date.
    pub fn up_to_date(&self) -> bool {
        self.change.plan.is_noop()
    }
}

/// A SPEC from the command line.
#[derive(Debug, PartialEq, Eq)]
enum Spec {
    Name(PluginName, Option<VersionReq>),
    Url(Url),
    Path(String),
}

fn parse_spec(text: &str) -> anyhow::Result<Spec> {
    if text.starts_with("http://") || text.starts_with("https://") {
        return Url::parse(text).map(Spec::Url).with_context(|| {
            format!(
                "`{}` is not a valid URL",
                crate::source_id::redact_text(text)
            )
        });
    }
    let looks_like_path = text.contains('/')
        || text.contains('\\')
        || text.starts_with('.')
        || [".tar.gz", ".tgz", ".zip"]
            .iter()
            .any(|e| text.ends_with(e));
    if looks_like_path {
        return Ok(Spec::Path(text.to_string()));
    }
    let (name, req) = match text.split_once('@') {
        Some((n, r)) => {
            let req = VersionReq::parse(r).map_err(|e| UsageError {
                message: format!("`{r}` in `{text}` is not a version requirement: {e}"),
                hint: Some(
                    "write NAME@REQ, for example `stoq-hash@^1.1` or `stoq-hash@=1.0.0`".into(),
                ),
            })?;
            (n, Some(req))
        }
        None => (text, None),
    };
    let name = PluginName::new(name).map_err(|e| UsageError {
        message: e.to_string(),
        hint: Some("a SPEC is NAME, NAME@REQ, an http(s):// URL, or a path containing `/`".into()),
    })?;
    Ok(Spec::Name(name, req))
}

/// The checksum of `--sha256`, which needs exactly one URL among `specs`.
fn expected_sha256(flag: Option<&str>, specs: &[Spec]) -> anyhow::Result<Option<Sha256>> {
    let expected = flag
        .map(Sha256::parse)
        .transpose()
        .map_err(|e| UsageError {
            message: e.to_string(),
            hint: None,
        })?;
    let urls = specs.iter().filter(|s| matches!(s, Spec::Url(_))).count();
    if expected.is_some() && urls != 1 {
        return Err(UsageError {
            message: "`--sha256` needs exactly one URL SPEC".into(),
            hint: Some("install one URL at a time when giving its checksum".into()),
        }
        .into());
    }
    Ok(expected)
}

/// Whether `plugin install` with `opts` has nothing to do, told by the plugin directory's
/// fingerprint ([`crate::install::fingerprint`]) without parsing plugins.toml or reading
/// records, plugins.lock's entries or any registry: only for a plain install (no SPEC,
/// `--force`, `--dry-run` or `--json`, whose document lists the locked plugins), and not
/// under a `[policy]`, whose advisories are checked on every install. The warnings about
/// plugins.toml are printed as a full run prints them. `false` whenever in doubt: [`install`]
/// then decides.
///
/// # Errors
/// plugins.toml cannot be read (as [`install`] would report).
pub fn up_to_date(ctx: &Context, opts: &InstallOptions) -> anyhow::Result<bool> {
    let plain = opts.specs.is_empty()
        && !opts.force
        && !opts.dry_run
        && opts.sha256.is_none()
        && !ctx.modes.json;
    let Some(path) = plain.then(|| find_manifest(ctx, opts)).flatten() else {
        return Ok(false);
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Read {
        path: path.clone(),
        source,
    })?;
    let root = path.parent().unwrap_or(Path::new("."));
    let dir = match &opts.plugin_dir {
        Some(d) => ctx.cwd.join(d),
        None => match plain_plugin_dir(&text) {
            Some(rel) => root.join(rel),
            None => return Ok(false),
        },
    };
    let layout = crate::install::layout::Layout::new(dir);
    let inputs = crate::install::fingerprint::Inputs {
        manifest_path: &path,
        manifest_text: text.as_bytes(),
        python: ctx.python.as_deref(),
    };
    let Some(warnings) = crate::install::fingerprint::check(&layout, inputs) else {
        return Ok(false);
    };
    for w in warnings {
        ctx.printer.warn(w);
    }
    ctx.printer.debug(format_args!(
        "the plugin directory matches plugins.lock (`{}`): nothing to read",
        layout.fingerprint().display()
    ));
    Ok(true)
}

/// The plugins.toml a plain install would read: `--manifest-path`, else the first
/// plugins.toml in the working directory or above; `None` when there is none.
fn find_manifest(ctx: &Context, opts: &InstallOptions) -> Option<PathBuf> {
    match &opts.manifest_path {
        Some(p) => Some(ctx.cwd.join(p)).filter(|p| p.is_file()),
        None => Project::find(&ctx.cwd),
    }
}

/// The plugin directory plugins.toml `text` names, read without parsing the file: the
/// `plugin-dir = "…"` line of `[project]` (a basic string without escapes), else the default.
/// `None` when the text could say otherwise in a way this does not read (another spelling of
/// the key, or a `[policy]`, whose checks a fingerprint cannot answer); the fingerprint then
/// is not consulted. A wrong answer is harmless: the fingerprint names the plugins.toml bytes
/// and the plugin directory it describes.
fn plain_plugin_dir(text: &str) -> Option<String> {
    if text.contains("policy") {
        return None;
    }
    let mut table = "";
    let mut found = None;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            table = &line[..line.find(']')? + 1];
            continue;
        }
        let Some(rest) = line.strip_prefix("plugin-dir") else {
            continue;
        };
        let value = rest
            .trim_start()
            .strip_prefix('=')?
            .trim_start()
            .strip_prefix('"')?;
        let end = value.find('"')?;
        let after = value[end + 1..].trim_start();
        if table != "[project]"
            || found.is_some()
            || value[..end].contains('\\')
            || !(after.is_empty() || after.starts_with('#'))
        {
            return None;
        }
        found = Some(value[..end].to_string());
    }
    if found.is_none() && text.contains("plugin-dir") {
        return None;
    }
    Some(found.unwrap_or_else(|| crate::project::DEFAULT_PLUGIN_DIR.to_string()))
}

/// Opens the run on the project of `opts`, creating it in memory when there is none; the
/// flag says whether plugins.toml is new.
fn open<'c>(ctx: &'c Context, opts: &InstallOptions) -> anyhow::Result<(Session<'c>, bool)> {
    // A --manifest-path that does not exist yet is where the new project goes.
    let discovered = match &opts.manifest_path {
        Some(p) if !ctx.cwd.join(p).exists() => None,
        _ => Project::discover(&ctx.cwd, opts.manifest_path.as_deref())?,
    };
    let (mut project, created) = match discovered {
        Some(p) => (p, false),
        None => {
            let path = match &opts.manifest_path {
                Some(p) => ctx.cwd.join(p),
                None => ctx.cwd.join(PROJECT_FILE),
            };
            (Project::new_at(&path), true)
        }
    };
    if created {
        if let Some(d) = &opts.plugin_dir {
            project.set_plugin_dir(&project.spell_location(&d.to_string_lossy(), &ctx.cwd));
        }
    }
    let plugin_dir = if created {
        None
    } else {
        opts.plugin_dir.clone()
    };
    // plugins.toml is read again under the directory lock, so edits come after.
    let session = Session::open(ctx, project, plugin_dir)?;
    let created = created && session.project().is_new();
    Ok((session, created))
}

/// Works out which registry new plugins come from: `None` is the default.
fn registry_for_new(
    project: &mut Project,
    flag: Option<&str>,
    cwd: &Path,
) -> anyhow::Result<Option<String>> {
    let Some(flag) = flag else { return Ok(None) };
    if project.manifest().registries.contains_key(flag) {
        return Ok((flag != DEFAULT_REGISTRY).then(|| flag.to_string()));
    }
    if let Some(e) = super::unknown_registry_name(flag, Some(project), cwd) {
        return Err(e);
    }
    let spelled = project.spell_location(flag, cwd);
    let location = RegistryLocation::parse(&spelled, project.root()).map_err(anyhow::Error::msg)?;
    let has_credentials = crate::source_id::spell_without_credentials(&spelled) != spelled;
    if let Some(key) = project
        .registry_key_for(&location)
        .filter(|_| !has_credentials)
    {
        return Ok((key != DEFAULT_REGISTRY).then_some(key));
    }
    // A location plugin would write into plugins.toml: the one plain-http check, and no
    // user name or password, before any request.
    crate::source_id::check_new_location(&spelled, project.root()).map_err(|e| match e.hint() {
        Some(h) => hinted(e.to_string(), h),
        None => e.into(),
    })?;
    if !project.manifest().registries.contains_key(DEFAULT_REGISTRY) {
        project.set_registry(DEFAULT_REGISTRY, &spelled);
        return Ok(None);
    }
    Err(hinted(
        format!(
            "registry `{flag}` is not configured in `{}`, which already has a default registry",
            project.path().display()
        ),
        format!("to read the default registry's packages from there (a mirror or a copy: plugins.lock keeps its sources), pass `--mirror {flag}`; for another registry, give it a name under `[registries]` (for example `other = \"{spelled}\"`) and pass `--registry other`"),
    ))
}

/// What the SPECs of a run ask of the resolver and the installer, besides the edits of
/// plugins.toml made on the way.
#[derive(Debug, Default)]
struct Edits {
    /// Plugins whose locked versions may move.
    unlock: BTreeSet<PluginName>,
    /// Direct plugins read again.
    refresh: BTreeSet<PluginName>,
    /// Registry plugins new to plugins.toml, named without a requirement, with their registry
    /// key: they get `^VERSION` of the version picked.
    extra_roots: BTreeMap<PluginName, Option<String>>,
    /// Plugins reinstalled even if current.
    reinstall: BTreeSet<PluginName>,
    /// Plugins whose folders end up exactly as packaged (`--force`).
    exact: BTreeSet<PluginName>,
    /// Requirements rewritten, as [`InstallOutcome::rewritten`].
    rewritten: Vec<String>,
}

impl Edits {
    /// A NAME or NAME@REQ SPEC: a requirement is written into plugins.toml (said when it
    /// replaces another); a bare name new to plugins.toml is resolved as a new root; a bare
    /// name already there is left alone, or, with `--force`, reinstalled exactly.
    fn add_name(
        &mut self,
        project: &mut Project,
        name: PluginName,
        req: Option<VersionReq>,
        registry: &Option<String>,
        force: bool,
    ) {
        let Some(req) = req else {
            if !project.manifest().plugins.contains_key(&name) {
                self.extra_roots.insert(name.clone(), registry.clone());
                self.unlock.insert(name);
            } else if force {
                self.reinstall.insert(name.clone());
                self.exact.insert(name);
            }
            return;
        };
        if let Ok(PluginSpec::Registry { req: old, .. }) = project.plugin_spec(&name) {
            if old != req {
                self.rewritten.push(format!(
                    "of `{name}` in plugins.toml: `{}` -> `{}`",
                    crate::project::req_text(&old),
                    crate::project::req_text(&req)
                ));
            }
        }
        project.set_plugin(
            &name,
            &PluginSpec::Registry {
                req,
                registry: registry.clone(),
            },
        );
        self.unlock.insert(name);
    }

    /// A direct plugin read from a SPEC and written into plugins.toml as `spec`.
    fn add_direct(&mut self, project: &mut Project, name: PluginName, spec: &PluginSpec) {
        project.set_plugin(&name, spec);
        if matches!(spec, PluginSpec::Path { .. }) {
            // A folder may have changed without a new version: it is installed again.
            self.reinstall.insert(name.clone());
        }
        self.unlock.insert(name.clone());
        self.refresh.insert(name);
    }

    /// `install --force` with no SPEC repairs every plugin of the resolution.
    fn repair_all<'a>(&mut self, names: impl IntoIterator<Item = &'a PluginName>) {
        for name in names {
            self.reinstall.insert(name.clone());
            self.exact.insert(name.clone());
        }
    }

    fn resolve_options(&self) -> ResolveOptions {
        let mut opts = ResolveOptions {
            extra_roots: self.extra_roots.clone(),
            refresh: self.refresh.clone(),
            ..ResolveOptions::default()
        };
        if !self.unlock.is_empty() {
            opts.unlock = Unlock::Names(self.unlock.clone());
        }
        opts
    }
}

/// Refuses a URL that carries credentials: plugins.toml would have to keep them.
fn check_url_credentials(url: &Url) -> anyhow::Result<()> {
    if crate::source_id::UrlCredentials::of(url).is_none() {
        return Ok(());
    }
    Err(hinted(
        format!(
            "`{}` carries a user name or password, which plugin would have to write into plugins.toml",
            crate::redact::Redacted::new(url)
        ),
        "serve the archive where no credentials are needed, or publish it to a registry and store its token with `plugin login`",
    ))
}

/// A URL SPEC: fetched and hashed now, written into plugins.toml with its sha256.
fn add_url(
    ctx: &Context,
    session: &mut Session<'_>,
    edits: &mut Edits,
    url: Url,
    expected: Option<Sha256>,
) -> anyhow::Result<()> {
    check_url_credentials(&url)?;
    let prepared = direct::prepare_url(&url, expected, session.http(), &session.stage_area())
        .with_context(|| {
            format!(
                "failed to install from `{}`",
                crate::redact::Redacted::new(&url)
            )
        })?;
    let r = &prepared.pinned.resolved;
    let sha = r.checksum.expect("URL archives are hashed");
    if expected.is_none() {
        ctx.printer.info(format_args!(
            "sha256 of `{}`: {sha}",
            crate::redact::Redacted::new(&url)
        ));
    }
    let name = r.name.clone();
    let spec = PluginSpec::Url {
        url,
        sha256: Some(sha),
    };
    edits.add_direct(session.project_mut(), name, &spec);
    session.add_prepared(prepared);
    Ok(())
}

/// A path SPEC: read now, written into plugins.toml relative to it.
fn add_path(
    ctx: &Context,
    session: &mut Session<'_>,
    edits: &mut Edits,
    text: &str,
) -> anyhow::Result<()> {
    let abs: PathBuf = ctx
        .cwd
        .join(text)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    let spelled = session.project().spell_location(text, &ctx.cwd);
    let prepared = direct::prepare_path(&abs, &spelled, &session.stage_area())
        .with_context(|| format!("failed to install from `{text}`"))?;
    let name = prepared.pinned.resolved.name.clone();
    edits.add_direct(
        session.project_mut(),
        name,
        &PluginSpec::Path { path: spelled },
    );
    session.add_prepared(prepared);
    Ok(())
}

/// Installs the plugins of `opts.specs` (with none, those plugins.toml lists), writing
/// plugins.toml and plugins.lock.
///
/// # Errors
/// Usage errors in SPECs or flags (before anything is read), the project's and the
/// registries' errors, and resolution and install failures; nothing is then changed.
///
/// A run with nothing to add should ask [`up_to_date`] first.
pub fn install(ctx: &Context, opts: &InstallOptions) -> anyhow::Result<InstallOutcome> {
    let specs: Vec<Spec> = opts
        .specs
        .iter()
        .map(|s| parse_spec(s))
        .collect::<anyhow::Result<_>>()?;
    let expected = expected_sha256(opts.sha256.as_deref(), &specs)?;
    let (mut session, created) = open(ctx, opts)?;
    let registry_key = registry_for_new(session.project_mut(), opts.registry.as_deref(), &ctx.cwd)?;
    let mut edits = Edits::default();
    for spec in specs {
        match spec {
            Spec::Url(url) => add_url(ctx, &mut session, &mut edits, url, expected)?,
            Spec::Path(text) => add_path(ctx, &mut session, &mut edits, &text)?,
            Spec::Name(name, req) => {
                edits.add_name(session.project_mut(), name, req, &registry_key, opts.force)
            }
        }
    }
    let resolution =
        session
            .resolve(&edits.resolve_options())
            .with_context(|| match opts.specs.len() {
                0 => "failed to resolve the plugins of plugins.toml".to_string(),
                _ => format!("failed to install `{}`", opts.specs.join("`, `")),
            })?;
    for (name, key) in &edits.extra_roots {
        let r = &resolution.plugins[name];
        let spec = PluginSpec::Registry {
            req: super::caret(&r.version),
            registry: key.clone(),
        };
        session.project_mut().set_plugin(&r.name, &spec);
    }
    if opts.force && opts.specs.is_empty() {
        edits.repair_all(resolution.plugins.keys());
    }
    let mut apply_opts = ApplyOptions::new(opts.dry_run);
    apply_opts.reinstall = edits.reinstall;
    apply_opts.exact = edits.exact;
    let created = created.then(|| session.project().path().to_path_buf());
    let written = super::Written::of(&session);
    let change = session.apply(&resolution, apply_opts)?;
    Ok(InstallOutcome {
        change,
        rewritten: edits.rewritten,
        created,
        written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plugin_directory_is_read_from_plain_lines_only() {
        let dir = |t: &str| plain_plugin_dir(t);
        assert_eq!(dir("[plugins]\na = \"*\"\n").as_deref(), Some("plugins"));
        assert_eq!(
            dir("[project] # the host's\nplugin-dir = \"../host/plugins\" # here\n").as_deref(),
            Some("../host/plugins")
        );
        // Anything else that could name it, or a policy, means the full path.
        for text in [
            "[project]\nplugin-dir = 'lit'\n",
            "[project]\nplugin-dir = \"a\\\\b\"\n",
            "project.plugin-dir = \"x\"\n",
            "project = { plugin-dir = \"x\" }\n",
            "[other]\nplugin-dir = \"x\"\n",
            "[project]\nplugin-dir = \"a\"\nplugin-dir = \"b\"\n",
            "[policy]\nlicenses = [\"MIT\"]\n",
            "policy = { licenses = [\"MIT\"] }\n",
        ] {
            assert_eq!(dir(text), None, "{text}");
        }
    }

    fn project(text: &str) -> Project {
        Project::parse(Path::new("plugins.toml"), text).unwrap()
    }

    fn name(text: &str) -> PluginName {
        PluginName::new(text).unwrap()
    }

    fn req(text: &str) -> Option<VersionReq> {
        Some(VersionReq::parse(text).unwrap())
    }

    #[test]
    fn spec_kinds() {
        assert!(matches!(
            parse_spec("stoq-hash").unwrap(),
            Spec::Name(_, None)
        ));
        assert!(matches!(
            parse_spec("stoq-hash@~1.0").unwrap(),
            Spec::Name(_, Some(_))
        ));
        assert!(matches!(
            parse_spec("https://x.example/a.zip").unwrap(),
            Spec::Url(_)
        ));
        for p in ["./a", "../a", "a/b", "x.tar.gz", "x.zip", "C:\\x"] {
            assert!(matches!(parse_spec(p).unwrap(), Spec::Path(_)), "{p}");
        }
        let err = parse_spec("stoq-hash@not-a-req").unwrap_err().to_string();
        assert!(
            err.starts_with("`not-a-req` in `stoq-hash@not-a-req` is not a version requirement"),
            "{err}"
        );
        assert!(parse_spec("bad name").is_err());
    }

    #[test]
    fn sha256_needs_exactly_one_url() {
        let hex = "a".repeat(64);
        let url = || parse_spec("https://x.example/a.zip").unwrap();
        let one = expected_sha256(Some(&hex), &[url(), parse_spec("stoq-hash").unwrap()]);
        assert_eq!(one.unwrap().map(|s| s.to_hex()), Some(hex.clone()));
        for specs in [vec![], vec![url(), url()]] {
            let err = expected_sha256(Some(&hex), &specs).unwrap_err();
            assert_eq!(err.to_string(), "`--sha256` needs exactly one URL SPEC");
        }
        assert!(expected_sha256(Some("not-hex"), &[url()]).is_err());
        assert_eq!(expected_sha256(None, &[url(), url()]).unwrap(), None);
    }

    #[test]
    fn a_requirement_is_written_and_a_changed_one_is_said() {
        let mut p = project("[plugins]\nstoq-hash = \"1.0\" # pinned\n");
        let mut edits = Edits::default();
        edits.add_name(&mut p, name("stoq-hash"), req("~2.1"), &None, false);
        edits.add_name(
            &mut p,
            name("stoq-sum"),
            req("^0.3"),
            &Some("other".into()),
            false,
        );
        assert_eq!(
            p.render(),
            "[plugins]\nstoq-hash = \"~2.1\" # pinned\nstoq-sum = { version = \"0.3\", registry = \"other\" }\n"
        );
        assert_eq!(
            edits.rewritten,
            ["of `stoq-hash` in plugins.toml: `1.0` -> `~2.1`"]
        );
        assert_eq!(
            edits.unlock,
            BTreeSet::from([name("stoq-hash"), name("stoq-sum")])
        );
        assert!(edits.extra_roots.is_empty() && edits.reinstall.is_empty());
        // The same requirement again is no rewrite.
        let mut again = Edits::default();
        again.add_name(&mut p, name("stoq-hash"), req("~2.1"), &None, false);
        assert!(again.rewritten.is_empty());
    }

    #[test]
    fn a_new_bare_name_is_a_root_written_after_resolution() {
        let text = "[plugins]\nstoq-hash = \"1\"\n";
        let mut p = project(text);
        let mut edits = Edits::default();
        edits.add_name(&mut p, name("stoq-sum"), None, &Some("mirror".into()), true);
        assert_eq!(p.render(), text, "nothing is written before resolution");
        assert_eq!(
            edits.extra_roots,
            BTreeMap::from([(name("stoq-sum"), Some("mirror".to_string()))])
        );
        assert!(edits.unlock.contains(&name("stoq-sum")));
        // `--force` does not apply to a plugin plugins.toml does not list yet.
        assert!(edits.reinstall.is_empty() && edits.exact.is_empty());
        let opts = edits.resolve_options();
        assert!(matches!(&opts.unlock, Unlock::Names(n) if n.len() == 1));
        assert_eq!(opts.extra_roots, edits.extra_roots);
    }

    #[test]
    fn force_reinstalls_listed_names_exactly_and_only_with_the_flag() {
        let mut p = project("[plugins]\nstoq-hash = \"1\"\n");
        let mut plain = Edits::default();
        plain.add_name(&mut p, name("stoq-hash"), None, &None, false);
        assert!(plain.reinstall.is_empty() && plain.exact.is_empty() && plain.unlock.is_empty());
        assert!(matches!(plain.resolve_options().unlock, Unlock::Nothing));
        let mut forced = Edits::default();
        forced.add_name(&mut p, name("stoq-hash"), None, &None, true);
        assert_eq!(forced.reinstall, BTreeSet::from([name("stoq-hash")]));
        assert_eq!(forced.exact, forced.reinstall);
        // Nothing moves: the locked version is reinstalled.
        assert!(forced.unlock.is_empty() && forced.extra_roots.is_empty());
    }

    #[test]
    fn force_alone_repairs_every_plugin() {
        let mut edits = Edits::default();
        let all = [name("a"), name("b")];
        edits.repair_all(&all);
        assert_eq!(edits.reinstall, BTreeSet::from(all.clone()));
        assert_eq!(edits.exact, BTreeSet::from(all));
    }

    #[test]
    fn direct_specs_are_written_and_read_again_a_folder_reinstalled() {
        let mut p = project("[plugins]\n");
        let mut edits = Edits::default();
        let path = PluginSpec::Path {
            path: "../local".into(),
        };
        edits.add_direct(&mut p, name("local"), &path);
        let url = PluginSpec::Url {
            url: Url::parse("https://x.example/a.zip").unwrap(),
            sha256: None,
        };
        edits.add_direct(&mut p, name("remote"), &url);
        assert_eq!(
            p.render(),
            "[plugins]\nlocal = { path = \"../local\" }\nremote = { url = \"https://x.example/a.zip\" }\n"
        );
        assert_eq!(edits.reinstall, BTreeSet::from([name("local")]));
        assert_eq!(
            edits.refresh,
            BTreeSet::from([name("local"), name("remote")])
        );
        assert_eq!(edits.unlock, edits.refresh);
    }

    #[test]
    fn a_url_with_credentials_is_refused_without_showing_them() {
        let url = Url::parse("https://me:hunter2@x.example/a.zip").unwrap();
        let err = check_url_credentials(&url).unwrap_err().to_string();
        assert!(err.contains("carries a user name or password"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let plain = Url::parse("https://x.example/a.zip").unwrap();
        assert!(check_url_credentials(&plain).is_ok());
    }
}

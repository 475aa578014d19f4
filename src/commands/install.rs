//! `plugin install [SPEC]...`: adds plugins to plugins.toml and installs what it lists.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context as _;
use semver::VersionReq;
use url::Url;

use crate::checksum::Sha256;
use crate::cli::{GlobalArgs, InstallArgs};
use crate::context::Context;
use crate::error::Hint;
use crate::error::{hinted, ExitStatus, UsageError};
use crate::install::direct;
use crate::install::session::{ApplyOptions, ResolveOptions, Session};
use crate::name::PluginName;
use crate::project::{PluginSpec, Project, DEFAULT_REGISTRY, PROJECT_FILE};
use crate::resolve::Unlock;
use crate::source_id::RegistryLocation;

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

pub(crate) fn run(
    args: InstallArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let specs: Vec<Spec> = args
        .specs
        .iter()
        .map(|s| parse_spec(s))
        .collect::<anyhow::Result<_>>()?;
    let expected = args
        .sha256
        .as_deref()
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

    // A --manifest-path that does not exist yet is where the new project goes.
    let discovered = match &global.manifest_path {
        Some(p) if !ctx.cwd.join(p).exists() => None,
        _ => crate::project::Project::discover(&ctx.cwd, global.manifest_path.as_deref())?,
    };
    let (mut project, created) = match discovered {
        Some(p) => (p, false),
        None => {
            let path = match &global.manifest_path {
                Some(p) => ctx.cwd.join(p),
                None => ctx.cwd.join(PROJECT_FILE),
            };
            (Project::new_at(&path), true)
        }
    };
    if created {
        if let Some(d) = &args.plugin_dir {
            project.set_plugin_dir(&project.spell_location(&d.to_string_lossy(), &ctx.cwd));
        }
    }
    let plugin_dir = if created {
        None
    } else {
        args.plugin_dir.clone()
    };

    // plugins.toml is read again under the directory lock, so edits come after.
    let mut session = Session::open(ctx, project, plugin_dir)?;
    let created = created && session.project().is_new();
    let registry_key = registry_for_new(session.project_mut(), args.registry.as_deref(), &ctx.cwd)?;
    let mut apply_opts = ApplyOptions::new(args.dry_run);
    let mut opts = ResolveOptions::default();
    let mut unlock = BTreeSet::new();
    // Requirements of plugins already in plugins.toml that this run rewrites, said after it.
    let mut rewritten: Vec<String> = Vec::new();
    let mut reinstall = BTreeSet::new();
    for spec in specs {
        match spec {
            Spec::Url(url) => {
                if crate::source_id::UrlCredentials::of(&url).is_some() {
                    return Err(hinted(
                        format!(
                            "`{}` carries a user name or password, which plugin would have to write into plugins.toml",
                            crate::redact::Redacted::new(&url)
                        ),
                        "serve the archive where no credentials are needed, or publish it to a registry and store its token with `plugin login`",
                    ));
                }
                let prepared =
                    direct::prepare_url(&url, expected, session.http(), &session.stage_area())
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
                session.project_mut().set_plugin(
                    &name,
                    &PluginSpec::Url {
                        url,
                        sha256: Some(sha),
                    },
                );
                unlock.insert(name.clone());
                opts.refresh.insert(name);
                session.add_prepared(prepared);
            }
            Spec::Path(text) => {
                let abs: std::path::PathBuf = ctx
                    .cwd
                    .join(&text)
                    .components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir))
                    .collect();
                let spelled = session.project().spell_location(&text, &ctx.cwd);
                let prepared = direct::prepare_path(&abs, &spelled, &session.stage_area())
                    .with_context(|| format!("failed to install from `{text}`"))?;
                let name = prepared.pinned.resolved.name.clone();
                session
                    .project_mut()
                    .set_plugin(&name, &PluginSpec::Path { path: spelled });
                unlock.insert(name.clone());
                reinstall.insert(name.clone());
                opts.refresh.insert(name);
                session.add_prepared(prepared);
            }
            Spec::Name(name, Some(req)) => {
                if let Ok(PluginSpec::Registry { req: old, .. }) =
                    session.project().plugin_spec(&name)
                {
                    if old != req {
                        rewritten.push(format!(
                            "of `{name}` in plugins.toml: `{}` -> `{}`",
                            crate::project::req_text(&old),
                            crate::project::req_text(&req)
                        ));
                    }
                }
                session.project_mut().set_plugin(
                    &name,
                    &PluginSpec::Registry {
                        req,
                        registry: registry_key.clone(),
                    },
                );
                unlock.insert(name);
            }
            Spec::Name(name, None) => {
                if !session.project().manifest().plugins.contains_key(&name) {
                    opts.extra_roots.insert(name.clone(), registry_key.clone());
                    unlock.insert(name);
                } else if args.force {
                    reinstall.insert(name.clone());
                    apply_opts.exact.insert(name);
                }
            }
        }
    }
    if !unlock.is_empty() {
        opts.unlock = Unlock::Names(unlock);
    }
    let resolution = session
        .resolve(&opts)
        .with_context(|| match args.specs.len() {
            0 => "failed to resolve the plugins of plugins.toml".to_string(),
            _ => format!("failed to install `{}`", args.specs.join("`, `")),
        })?;
    for (name, key) in &opts.extra_roots {
        let r = &resolution.plugins[name];
        let req =
            VersionReq::parse(&format!("^{}", r.version)).expect("a version is a requirement");
        session.project_mut().set_plugin(
            &r.name,
            &PluginSpec::Registry {
                req,
                registry: key.clone(),
            },
        );
    }
    let path = session.project().path().to_path_buf();
    if args.force && args.specs.is_empty() {
        // `install --force` alone repairs every plugin.
        for name in resolution.plugins.keys() {
            reinstall.insert(name.clone());
            apply_opts.exact.insert(name.clone());
        }
    }
    apply_opts.reinstall = reinstall;
    let lock_path = session.project().lock_path();
    let project_after = session.project().clone();
    let plugin_dir = session.layout().root().to_path_buf();
    let outcome = session.apply(&resolution, apply_opts)?;
    if !args.dry_run {
        for note in &rewritten {
            ctx.printer.status("Requirement", note);
        }
    }
    super::print_change_json(ctx, "install", &outcome, args.dry_run, &lock_path)?;
    super::run_requirements_command(ctx, &project_after, &plugin_dir, &outcome, args.dry_run);
    if outcome.plan.is_noop() && !args.dry_run {
        ctx.printer.info("all plugins are installed and up to date");
    }
    if created && !args.dry_run {
        ctx.printer
            .status("Created", format_args!("`{}`", path.display()));
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(parse_spec("stoq-hash@not-a-req").is_err());
        assert!(parse_spec("bad name").is_err());
    }
}

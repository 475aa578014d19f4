//! `plugin login NAME|URL` and `plugin logout NAME|URL`: the user's stored registry tokens.
//!
//! A token is stored under the registry's index URL (see [`crate::source::credentials`]), which
//! `login` takes from the project's `[registries]`: NAME is looked up there, and a URL must be
//! the location of one of its registries. A registry the project does not configure is
//! refused, so a token is only ever stored for a URL the user's own project names.

use std::io::{BufRead, IsTerminal};

use url::Url;

use crate::cli::{GlobalArgs, LoginArgs, LogoutArgs};
use crate::context::Context;
use crate::env::{env_var_name, index_var_name};
use crate::error::{hinted, ExitStatus};
use crate::project::{Project, PROJECT_FILE};
use crate::redact::{Redacted, Secret};
use crate::source::credentials::{CredentialError, CredentialStore};
use crate::source_id::{index_key, RegistryLocation};

fn store(ctx: &Context) -> anyhow::Result<CredentialStore> {
    CredentialStore::new(&ctx.env).ok_or_else(|| CredentialError::NoConfigDir.into())
}

/// A registry of the project, resolved from NAME or URL: its key and its index URL.
struct Target {
    key: String,
    url: Url,
}

/// Resolves `arg` through the project's `[registries]`.
fn resolve(arg: &str, project: Option<&Project>) -> anyhow::Result<Target> {
    let Some(project) = project else {
        return Err(hinted(
            format!("cannot log in to `{}`: there is no `{PROJECT_FILE}` here to say which registry that is", crate::source_id::redact_text(arg)),
            "run `plugin login NAME` in the project whose `[registries]` names the registry",
        ));
    };
    let key = if arg.contains("://") {
        let (location, _) = RegistryLocation::parse_with_credentials(arg, project.root())
            .map_err(anyhow::Error::msg)?;
        project.registry_key_for(&location).ok_or_else(|| {
            hinted(
                format!(
                    "registry `{}` is not configured in `{}`",
                    location.display(),
                    project.path().display()
                ),
                format!(
                    "add it under `[registries]` (for example `internal = \"{}\"`), then run `plugin login internal`",
                    location.display()
                ),
            )
        })?
    } else {
        arg.to_string()
    };
    let registry = project.registry(Some(&key))?;
    match registry.location {
        RegistryLocation::Http(url) => Ok(Target { key, url }),
        RegistryLocation::Store(s) => Err(hinted(
            format!(
                "registry `{key}` is the object store `{}`, which takes no token",
                s.url
            ),
            "an s3:// registry reads its credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (docs/environment.md)",
        )),
        RegistryLocation::Local(p) => Err(hinted(
            format!(
                "registry `{key}` is the folder `{}`, which needs no token",
                p.display()
            ),
            "tokens are for registries served over https://",
        )),
    }
}

pub(crate) fn login(
    args: LoginArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store(ctx)?;
    let project = Project::discover(&ctx.cwd, global.manifest_path.as_deref())?;
    let target = resolve(&args.name, project.as_ref())?;
    let shown = Redacted::new(&index_key(&target.url));
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        ctx.printer.info(format_args!(
            "paste the token for registry `{}` (`{shown}`) and press Enter:",
            target.key
        ));
    }
    // On a terminal the token is read with echo off, so it never shows on the screen.
    let line = if stdin.is_terminal() {
        rpassword::read_password()?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line
    };
    let token = line.trim();
    if token.is_empty() {
        return Err(hinted(
            "no token was given on standard input",
            format!(
                "pipe it in: `printf '%s' \"$TOKEN\" | plugin login {}`",
                target.key
            ),
        ));
    }
    let had_legacy = store.set(&target.url, &Secret::new(token), Some(&target.key))?;
    ctx.printer.status(
        "Login",
        format_args!(
            "token for `{shown}` (registry `{}`) stored in `{}`; it is sent to that URL only",
            target.key,
            store.path().display(),
        ),
    );
    if had_legacy {
        ctx.printer.info(format_args!(
            "the old entry stored under the name `{}` was removed",
            target.key
        ));
    }
    ctx.printer.info(format_args!(
        "in CI, `{}` with `{}={shown}` takes precedence",
        env_var_name(&target.key),
        index_var_name(&target.key)
    ));
    // Never the token: the registry, the URL it is sent to and where it is kept.
    super::print_document(
        ctx,
        "login",
        true,
        serde_json::json!({
            "registry": target.key,
            "url": shown.to_string(),
            "credentials_file": store.path().display().to_string(),
            "removed_old_entry": had_legacy,
        }),
    )?;
    Ok(ExitStatus::Success)
}

pub(crate) fn logout(
    args: LogoutArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store(ctx)?;
    // A URL needs no project; a NAME is resolved through it, and also names an old entry.
    let (url, legacy, label, registry) = if args.name.contains("://") {
        let (location, _) = RegistryLocation::parse_with_credentials(&args.name, &ctx.cwd)
            .map_err(anyhow::Error::msg)?;
        let RegistryLocation::Http(url) = location else {
            return Err(hinted(
                format!(
                    "`{}` is not an http(s) URL",
                    crate::source_id::redact_text(&args.name)
                ),
                "give the registry's URL or its name in `[registries]`",
            ));
        };
        let label = format!("`{}`", Redacted::new(&url));
        (Some(url), None, label, None)
    } else {
        let project = Project::discover(&ctx.cwd, global.manifest_path.as_deref())?;
        match resolve(&args.name, project.as_ref()) {
            Ok(t) => {
                let label = format!("`{}` (registry `{}`)", Redacted::new(&t.url), t.key);
                (Some(t.url), Some(args.name.clone()), label, Some(t.key))
            }
            // Not configured here: only an old name-keyed entry can be meant.
            Err(_) if store.has_legacy(&args.name).unwrap_or(false) => (
                None,
                Some(args.name.clone()),
                format!("registry `{}`", args.name),
                Some(args.name.clone()),
            ),
            Err(e) => return Err(e),
        }
    };
    let removed = store.remove(url.as_ref(), legacy.as_deref())?;
    if removed > 0 {
        ctx.printer.status(
            "Logout",
            format_args!(
                "token for {label} removed from `{}`",
                store.path().display()
            ),
        );
    } else {
        ctx.printer.info(format_args!(
            "no token for {label} is stored in `{}`",
            store.path().display()
        ));
    }
    super::print_document(
        ctx,
        "logout",
        true,
        serde_json::json!({
            "registry": registry,
            "url": url.as_ref().map(|u| Redacted::new(u).to_string()),
            "credentials_file": store.path().display().to_string(),
            "removed": removed > 0,
        }),
    )?;
    Ok(ExitStatus::Success)
}

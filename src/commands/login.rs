//! `plugin login NAME` and `plugin logout NAME`: the user's stored registry tokens.

use std::io::{BufRead, IsTerminal};

use crate::cli::{GlobalArgs, LoginArgs, LogoutArgs};
use crate::context::Context;
use crate::credentials::{env_var_name, CredentialError, CredentialStore};
use crate::error::{hinted, ExitStatus};
use crate::http::Secret;

fn store(ctx: &Context) -> anyhow::Result<CredentialStore> {
    CredentialStore::new(&ctx.env).ok_or_else(|| CredentialError::NoConfigDir.into())
}

pub(crate) fn login(
    args: LoginArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store(ctx)?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        ctx.printer.info(format_args!(
            "paste the token for registry `{}` and press Enter:",
            args.name
        ));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let token = line.trim();
    if token.is_empty() {
        return Err(hinted(
            "no token was given on standard input",
            format!(
                "pipe it in: `printf '%s' \"$TOKEN\" | plugin login {}`",
                args.name
            ),
        ));
    }
    store.set(&args.name, &Secret::new(token))?;
    ctx.printer.status(
        "Login",
        format_args!(
            "token for registry `{}` stored in `{}` (`{}` takes precedence when set)",
            args.name,
            store.path().display(),
            env_var_name(&args.name)
        ),
    );
    Ok(ExitStatus::Success)
}

pub(crate) fn logout(
    args: LogoutArgs,
    _global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let store = store(ctx)?;
    if store.remove(&args.name)? {
        ctx.printer.status(
            "Logout",
            format_args!(
                "token for registry `{}` removed from `{}`",
                args.name,
                store.path().display()
            ),
        );
    } else {
        ctx.printer.info(format_args!(
            "no token for registry `{}` is stored in `{}`",
            args.name,
            store.path().display()
        ));
    }
    Ok(ExitStatus::Success)
}

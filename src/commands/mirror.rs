//! `plugin mirror DIR`: writes every locked package into DIR as a registry.

use crate::cli::{GlobalArgs, MirrorArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::resolve::Registries;

pub(crate) fn run(
    args: MirrorArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let lock = super::existing_lock(&project)?;
    let http = ctx.http(&project.manifest().net);
    // The registries themselves, never a mirror set for them: this may refresh that mirror.
    let registries = Registries::without_mirrors(&project, http, &ctx.env, ctx.cache.as_ref())?;
    // Credential warnings (an ignored token variable, an old name-keyed entry).
    for w in registries.take_warnings() {
        ctx.printer.warn(w);
    }
    let dir = ctx.cwd.join(&args.dir);
    std::fs::create_dir_all(&dir)?;
    let staging = tempfile::tempdir_in(&dir)?;
    let done = crate::authoring::mirror::mirror(
        &lock.plugins,
        &registries,
        http,
        ctx.cache.as_ref(),
        staging.path(),
        &dir,
        &ctx.printer,
    )?;
    for (name, why) in &done.skipped {
        ctx.printer
            .warn(format_args!("`{name}` was left out of the mirror: {why}"));
    }
    if ctx.modes.json {
        ctx.printer.data(serde_json::json!({
            "version": 1,
            "command": "mirror",
            "ok": true,
            "dir": dir.display().to_string(),
            "plugins": done.plugins.iter().map(|(n, v)| serde_json::json!({"name": n.as_str(), "version": v.to_string()})).collect::<Vec<_>>(),
            "skipped": done.skipped.iter().map(|(n, why)| serde_json::json!({"name": n.as_str(), "reason": why})).collect::<Vec<_>>(),
        }))?;
    }
    ctx.printer.info(format_args!(
        "mirrored {} plugin{} into `{}`",
        done.plugins.len(),
        if done.plugins.len() == 1 { "" } else { "s" },
        dir.display(),
    ));
    // Which registries the mirror can stand in for: those of the locked registry plugins.
    let keys: Vec<String> = lock
        .plugins
        .iter()
        .filter_map(|p| registries.key_for_source(&p.source))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !keys.is_empty() {
        ctx.printer.info(crate::authoring::mirror::use_hint(
            &project, &ctx.cwd, &args.dir, &keys,
        ));
    }
    Ok(ExitStatus::Success)
}

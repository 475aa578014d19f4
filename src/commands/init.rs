//! `plugin init`: writes a new plugins.toml.

use crate::cli::{GlobalArgs, InitArgs};
use crate::context::Context;
use crate::error::Hint;
use crate::error::{hinted, ExitStatus};
use crate::project::{Project, PROJECT_FILE};

pub(crate) fn run(
    args: InitArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let path = match &global.manifest_path {
        Some(p) => ctx.cwd.join(p),
        None => ctx.cwd.join(PROJECT_FILE),
    };
    if path.exists() {
        return Err(hinted(
            format!("`{}` already exists", path.display()),
            "edit it, or add plugins with `plugin install NAME`",
        ));
    }
    let mut project = Project::new_at(&path);
    let mut registry = None;
    if let Some(r) = &args.registry {
        let spelled = project.spell_location(r, &ctx.cwd);
        crate::source_id::check_new_location(&spelled, project.root()).map_err(|e| {
            match e.hint() {
                Some(h) => hinted(e.to_string(), h),
                None => e.into(),
            }
        })?;
        project.set_registry(crate::project::DEFAULT_REGISTRY, &spelled);
        registry = Some(crate::source_id::spell_without_credentials(&spelled));
    }
    if let Some(d) = &args.plugin_dir {
        project.set_plugin_dir(d);
    }
    crate::fs::write_atomic(&path, project.render().as_bytes())?;
    ctx.printer
        .status("Created", format_args!("`{}`", path.display()));
    super::print_document(
        ctx,
        "init",
        true,
        serde_json::json!({
            "path": path.display().to_string(),
            "registry": registry,
            "plugin_dir": args.plugin_dir,
        }),
    )?;
    Ok(ExitStatus::Success)
}

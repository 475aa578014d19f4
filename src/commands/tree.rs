//! `plugin tree [--invert NAME] [--json]`: the resolved dependency tree, from plugins.toml
//! and plugins.lock. Reads only; takes no lock and makes no request.

use crate::cli::{GlobalArgs, TreeArgs};
use crate::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::project::tree::Graph;

pub(crate) fn run(
    args: TreeArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let lock = super::existing_lock(&project)?;
    let roots = project.manifest().plugins.keys().cloned().collect();
    let graph = Graph::new(&lock, &roots);
    let start = args.invert.as_deref().map(super::parse_name).transpose()?;
    if let Some(name) = &start {
        if !graph.contains(name) {
            return Err(hinted(
                format!("plugin `{name}` is not in plugins.lock"),
                "`plugin tree` shows every installed plugin",
            ));
        }
    }
    if ctx.modes.json {
        super::print_document(ctx, "tree", true, graph.to_json(start.as_ref()))?;
    } else {
        for line in graph.render(start.as_ref()) {
            ctx.printer.data(line)?;
        }
    }
    Ok(ExitStatus::Success)
}

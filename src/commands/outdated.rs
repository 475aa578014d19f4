//! `plugin outdated`: each locked plugin with the newest version its requirements allow and
//! the newest version at all.

use semver::Version;
use serde_json::json;

use crate::cli::{GlobalArgs, OutdatedArgs};
use crate::context::Context;
use crate::error::ExitStatus;
use crate::source_id::SourceId;

pub(crate) fn run(
    _args: OutdatedArgs,
    global: &GlobalArgs,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let project = super::existing_project(global, ctx)?;
    let lock = super::existing_lock(&project)?;
    let registries = super::registries(&project, ctx)?;
    // Credential warnings (an ignored token variable, an old name-keyed entry).
    for w in registries.take_warnings() {
        ctx.printer.warn(w);
    }
    let index_of = |source: &SourceId| {
        registries
            .key_for_source(source)
            .and_then(|k| registries.get(Some(&k)).ok())
    };
    // What requires each plugin: plugins.toml, and the locked versions of its dependents.
    let reqs = crate::ops::requirements_on(&project, &lock, &registries)?;
    let mut rows = Vec::new();
    for p in &lock.plugins {
        let (compatible, latest) = match index_of(&p.source) {
            Some(index) => {
                let lines = index.versions(&p.name)?;
                let usable = || lines.iter().filter(|l| !l.yanked);
                let wanted = reqs.get(&p.name).cloned().unwrap_or_default();
                let compatible: Option<Version> = usable()
                    .filter(|l| wanted.iter().all(|r| r.matches(&l.vers)))
                    .map(|l| l.vers.clone())
                    .max();
                let latest: Option<Version> = usable().map(|l| l.vers.clone()).max();
                (compatible, latest)
            }
            None => (None, None),
        };
        rows.push((p, compatible, latest));
    }
    if ctx.modes.json {
        ctx.printer.data(json!({
            "version": 1,
            "command": "outdated",
            "ok": true,
            "plugins": rows.iter().map(|(p, c, l)| json!({
                "name": p.name.as_str(),
                "locked": p.version.to_string(),
                "compatible": c.as_ref().map(Version::to_string),
                "latest": l.as_ref().map(Version::to_string),
                "source": p.source.to_string(),
            })).collect::<Vec<_>>(),
        }))?;
        return Ok(ExitStatus::Success);
    }
    let show = |v: &Option<Version>| {
        v.as_ref()
            .map_or_else(|| "-".to_string(), Version::to_string)
    };
    let table: Vec<[String; 4]> = rows
        .iter()
        .map(|(p, c, l)| [p.name.to_string(), p.version.to_string(), show(c), show(l)])
        .collect();
    let header = ["NAME", "LOCKED", "COMPATIBLE", "LATEST"].map(String::from);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            std::iter::once(&header)
                .chain(table.iter())
                .map(|r| r[i].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(table.iter()) {
        let line = format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        ctx.printer.data(line.trim_end())?;
    }
    Ok(ExitStatus::Success)
}

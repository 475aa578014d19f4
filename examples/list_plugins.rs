//! A host written in Rust listing what `plugin` installed, and the entry points of a group.
//!
//! ```text
//! cargo run --example list_plugins -- PLUGIN_DIR [GROUP]
//! ```
//!
//! With no PLUGIN_DIR it reads the sample plugins installed by the README's first command
//! (`./plugins`). A real host would load each entry point's `module` from its `folder`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use plugin::host::PluginDir;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| "plugins".to_string());
    let group = args.next();
    let dir = match PluginDir::open(&root) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} plugin(s) in {}",
        dir.plugins().len(),
        dir.root().display()
    );
    for p in dir.plugins() {
        let kind = p.manifest().plugin.kind.as_deref().unwrap_or("plugin");
        println!(
            "  {} {} ({kind}) in {}",
            p.name(),
            p.version(),
            p.folder().display()
        );
    }
    for ep in dir.entry_points(group.as_deref()) {
        println!(
            "  entry point [{}] {} = {} (plugin {})",
            ep.group, ep.name, ep.value, ep.plugin
        );
    }
    ExitCode::SUCCESS
}

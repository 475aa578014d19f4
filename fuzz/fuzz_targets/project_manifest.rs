//! `plugins.toml`: `Project::parse` on arbitrary UTF-8; for a project that parses, the
//! plugin entries, the plugin directory, every registry (the default one included) and the
//! rendered text. Must not panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plugin::project::Project;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(project) = Project::parse(Path::new("/fuzz/plugins.toml"), text) else {
        return;
    };
    let _ = project.plugin_specs();
    let _ = project.plugin_dir();
    let _ = project.lock_path();
    let _ = project.registry(None);
    for key in project.manifest().registries.keys() {
        let _ = project.registry(Some(key));
    }
    let _ = project.render();
});

//! `plugin.toml`: `PluginManifest::parse` on arbitrary UTF-8, then the include/exclude filter of
//! every manifest that parses, applied to a few fixed paths and to the patterns themselves.
//! Must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plugin::manifest::PluginManifest;

const PATHS: &[&str] = &[
    "plugin.toml",
    "README.md",
    "pkg/__init__.py",
    "pkg/sub/mod.cpython-311.pyc",
    "rules/experimental/wip.yar",
    "a/b/c/d/e/f",
    ".hidden/x",
    "",
    "/",
    "ü/ß.txt",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((manifest, _warnings)) = PluginManifest::parse(text, "fuzz") else {
        return;
    };
    // `parse` already built the filter once; building it again must succeed the same way.
    let filter = manifest
        .file_filter("fuzz")
        .expect("a manifest that parsed has a valid file filter");
    for path in PATHS {
        let _ = filter.selects(path);
    }
    for pattern in manifest
        .plugin
        .include
        .iter()
        .chain(&manifest.plugin.exclude)
    {
        let _ = filter.selects(pattern);
    }
    assert!(
        filter.selects("plugin.toml"),
        "plugin.toml is always selected"
    );
});

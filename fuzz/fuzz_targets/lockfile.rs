//! `plugins.lock`: `Lockfile::parse` on arbitrary UTF-8; a lockfile that parses must render to
//! text that parses back to an equal lockfile.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plugin::project::lockfile::Lockfile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("plugins.lock");
    let Ok(lock) = Lockfile::parse(text, path) else {
        return;
    };
    let rendered = lock.render();
    let again = match Lockfile::parse(&rendered, path) {
        Ok(l) => l,
        Err(e) => panic!("the rendered lockfile does not parse: {e}\n--- rendered ---\n{rendered}"),
    };
    assert_eq!(
        lock, again,
        "render/parse round trip changed the lockfile\n--- rendered ---\n{rendered}"
    );
});

//! Registry index lines: `serde_json::from_slice::<IndexLine>` on arbitrary bytes. Must not
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plugin::source::index::IndexLine;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = serde_json::from_slice::<IndexLine>(data) {
        // Touch what the resolver reads from a line.
        let _ = line.name.as_str();
        let _ = line.vers.to_string();
        let _ = line.cksum.prefixed();
        for dep in &line.deps {
            let _ = dep.req.matches(&line.vers);
        }
    }
});

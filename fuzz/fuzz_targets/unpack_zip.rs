//! `.zip` archives: the input bytes as an archive file, then `read_manifest` and `unpack`. See
//! `common/unpack.rs` for what is asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/unpack.rs"]
mod unpack;

fuzz_target!(|data: &[u8]| {
    unpack::check(data);
});

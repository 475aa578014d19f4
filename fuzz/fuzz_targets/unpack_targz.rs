//! `.tar.gz` archives: the input bytes as an archive file (`Archive::open` detects the format
//! from the first bytes), then `read_manifest` and `unpack`. Inputs that do not start with the
//! gzip magic are also gzip-compressed in memory and unpacked again, so that the fuzzer can
//! mutate raw tar headers directly. See `common/unpack.rs` for what is asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/unpack.rs"]
mod unpack;

fuzz_target!(|data: &[u8]| unpack::with_gzip_wrapped(data, unpack::check));

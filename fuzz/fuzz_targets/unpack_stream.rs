//! `.tar.gz` archives unpacked in one pass from a stream, as a download is
//! (`stage::stage_stream`). Inputs that do not start with the gzip magic are also
//! gzip-compressed in memory and staged again, so that the fuzzer can mutate raw tar headers
//! directly. See `common/unpack.rs` (`check_stream`) for what is asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/unpack.rs"]
mod unpack;

fuzz_target!(|data: &[u8]| unpack::with_gzip_wrapped(data, unpack::check_stream));

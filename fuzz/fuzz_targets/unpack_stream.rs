//! `.tar.gz` archives unpacked in one pass from a stream, as a download is
//! (`stage::stage_stream`). Inputs that do not start with the gzip magic are also
//! gzip-compressed in memory and staged again, so that the fuzzer can mutate raw tar headers
//! directly. See `common/unpack.rs` (`check_stream`) for what is asserted.
#![no_main]

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use libfuzzer_sys::fuzz_target;

#[path = "common/unpack.rs"]
mod unpack;

fuzz_target!(|data: &[u8]| {
    unpack::check_stream(data);
    if !data.starts_with(&[0x1f, 0x8b]) {
        let mut gz = GzEncoder::new(Vec::with_capacity(data.len() / 2 + 64), Compression::fast());
        gz.write_all(data).expect("gzip into memory");
        let wrapped = gz.finish().expect("gzip into memory");
        unpack::check_stream(&wrapped);
    }
});

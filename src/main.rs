//! The `plugin` binary: everything lives in the library; see `plugin::main`.

/// mimalloc instead of the system allocator: an install hands buffers between threads (the
/// HTTP client's, the unpacking workers') and makes many small allocations per file, where
/// glibc's allocator took 8% of a cold install's CPU time (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    plugin::main(std::env::args_os())
}

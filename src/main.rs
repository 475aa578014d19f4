//! The `plugin` binary: everything lives in the library; see `plugin::main`.

/// mimalloc instead of the system allocator: an install hands buffers between threads (the
/// HTTP client's, the unpacking workers') and makes many small allocations per file, where
/// glibc's allocator took 8% of a cold install's CPU time (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // No transparent huge pages: mimalloc asks for them on its arenas, and the kernel then
    // zeroes 2 MiB for each first touch, far more than a run uses (~75 ms of CPU time in a
    // cold install of 1000 plugins, docs/performance.md).
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    plugin::main(std::env::args_os())
}

//! The `plugin` binary: everything lives in the library; see `plugin::cli::main`.

fn main() -> std::process::ExitCode {
    plugin::cli::main(std::env::args_os())
}
